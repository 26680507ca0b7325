"""What a question asks for, beyond its subject: a deadline, an amount, a list, a definition, an
exception, a penalty, a procedure — read from French and English cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text import fold, normalise

_CUES: dict[str, str] = {
    "deadline": r"\b(delais?|combien de temps|dans quels? delais?|quand|date limite|jours?|mois|semaines?|"
    r"how long|how soon|how many days|when|deadline|within|time limit|days?|months?|weeks?|"
    r"periode|period|duree|ans apres|years? after|cooling)\b",
    "amount": r"(\$|\b(montant|combien|valeur|seuil|plafond|how much|amount|value|worth|threshold|limit|"
    r"dollars?|plus de \d|over \d|more than \d)\b)",
    # French « quels / quelles » + a noun is plural: it asks for several things; English names the kind
    "list": r"\b(quel(le)?s \w+|lesquel(le)?s|liste|enumer|(which|what) (\w+ )?(activities|types|kinds|steps|"
    r"persons|people|conditions|information|criteria|factors|requirements|obligations|duties|grounds|"
    r"circumstances|cases|things|items|documents|details|rules|exceptions)|what (are|must .* include)|list)\b",
    "definition": r"\b(qu.est.ce qu|que (signifie|veut dire|designe|vise)|definition|defini|au sens|"
    r"what (is|does .* mean|counts as)|meaning|means|defined|compte comme|(qui est )?considere\w* comme|"
    r"counts? as|qui est (un|une)|who is (a|an|considered( as)?))\b",
    "exception": r"\b(exceptions?|exempt\w*|sauf|derogation|dispense|except\w*|waive\w*|permis|permitted|allowed|"
    r"autorise)\b",
    "penalty": r"\b(amendes?|sanctions?|penal\w*|peines?|infractions?|risque\w*|emprisonnement|punis\w*|"
    r"fines?|offen[cs]es?|risks?|imprisonment|consequences?|liable|poursuites?|contravien\w*|contraven\w*)\b",
    "cited": r"\b(article|art|section|s)\.?\s*\d",
    "procedure": r"\b(comment|procedure|demarches?|a qui|aupres de qui|qui dois|how (do|can|to)|whom|"
    r"who (do|should)|notify|aviser|informer|declarer|disclose|report)\b",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _CUES.items()}


@dataclass(frozen=True)
class Cues:
    deadline: bool = False
    amount: bool = False
    list: bool = False
    definition: bool = False
    exception: bool = False
    penalty: bool = False
    procedure: bool = False
    cited: bool = False  # the question names a section number: the section as a whole is asked for
    frame: str = ""  # the words that ask (« au sens de », "what counts as"), not what is asked about


def read_cues(question: str) -> Cues:
    """The cues of `question` in either language (accents folded, so « délai » and "delai" agree)."""
    text = fold(normalise(question))
    found = {name: bool(pattern.search(text)) for name, pattern in _COMPILED.items()}
    frame = " ".join(m.group(0) for m in _COMPILED["definition"].finditer(text))
    return Cues(**found, frame=frame)
