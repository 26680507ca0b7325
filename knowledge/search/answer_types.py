"""What kind of fact a question asks for, and which sections state a fact of that kind.

« Combien de temps l'agent d'éthique a-t-il pour répondre ? » asks for a time: of the sections of the
text it is about, the one that says « dans les 10 jours ouvrables » answers it, not the one that only
names the ethics officer. Three kinds are read, in French and English: a time (a delay, a period, a date),
an amount (dollars) and a sanction. A section states a time when its text holds a number of days, weeks,
months, years or hours, or a date; an amount when it holds a sum in dollars; a sanction when it names one.

The question's patterns are narrower than `knowledge.cues` (which chooses the sentence to quote, once the
section is found): a bare « jours » or "when" in a situation told in passing asks for nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from knowledge.text import fold, normalise

_NUMBER = (
    r"\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|trente|soixante|"
    r"one|two|three|four|five|seven|eight|nine|ten|twelve|fifteen|thirty|sixty"
)
_MONTHS = (
    r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december"
)

# « combien de temps », « combien d'heures »: a time, not an amount
_SPAN = r"d(?:e |.)(?:temps|jours|mois|semaines|annees|ans|heures)"

_STATED = {
    "time": re.compile(
        rf"\b(?:{_NUMBER})\s+(?:(?:working|business|calendar|clear|full)\s+)?"
        r"(?:jours?|mois|ans|annees|semaines|heures|days?|months?|years?|weeks?|hours?)\b"
        rf"|\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b"
    ),
    "amount": re.compile(r"\d[\d  ,.]*\s?\$|\$\s?\d"),
    "sanction": re.compile(
        r"\b(?:sanctions?|amendes?|penalites?|mesures? disciplinaires?|congediement|revocation|reprimande|"
        r"infractions?|penalt(?:y|ies)|fines?|dismissal|disciplinary|offen[cs]es?|liable)\b"
    ),
}

_ASKED = {
    "time": re.compile(
        rf"\b(?:combien {_SPAN}|delais?|date limite|jusqu.a quand|"
        r"a quelle date|how long|how many (?:days|months|years|weeks|hours)|deadline|by (?:what|which) date|"
        r"how soon|time limit)\b"
    ),
    "amount": re.compile(
        rf"\b(?:combien(?! {_SPAN})|montant|valeur maximale|how much|amount|limit|worth|maximum|plafond)\b|\$"
    ),
    "sanction": re.compile(
        r"\b(?:sanctions?|risque\w*|qu.est.ce qui (?:m.)?arrive|consequences?|penalt(?:y|ies)|punis\w*|"
        r"punish\w*|what happens|worst|fined|a fine)\b"
    ),
}


def asked(question: str) -> frozenset[str]:
    """The kinds of fact `question` asks for (accents and case folded)."""
    text = fold(normalise(question))
    return frozenset(kind for kind, pattern in _ASKED.items() if pattern.search(text))


def stated(texts: Iterable[str]) -> frozenset[str]:
    """The kinds of fact a section's texts (its passages, in any language) state. Read once per section
    when an index opens: accents are dropped by the codec rather than letter by letter."""
    text = unicodedata.normalize("NFKD", " ".join(texts).lower()).encode("ascii", "ignore").decode()
    return frozenset(kind for kind, pattern in _STATED.items() if pattern.search(text))
