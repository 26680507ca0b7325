"""Which texts the live index holds, and which text — or which other government's office — a question names.

A question that names a code, act, policy… is matched against the titles, aliases and acronyms of
the documents of the live version. A text the index does not hold, or an office of a government or
body whose texts it does not hold (« député à l'Assemblée nationale », "MLA in Alberta"), means any
quote would come from another text: the engine says so instead. Generic mentions — « la loi », "the
Act", "my department's code of conduct" — name nothing and are left to the search.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from knowledge.passages import doc_key
from knowledge.text import STOPWORDS, fold, normalise

# The noun that makes a phrase the name of a text, and its class: a "code" is not an "act".
_HEADS = {
    "act": "law",
    "acts": "law",
    "law": "law",
    "statute": "law",
    "loi": "law",
    "code": "code",
    "codes": "code",
    "regulation": "reg",
    "regulations": "reg",
    "reglement": "reg",
    "reglements": "reg",
    "decret": "reg",
    "directive": "directive",
    "directives": "directive",
    "policy": "policy",
    "policies": "policy",
    "politique": "policy",
    "guide": "guide",
    "guidelines": "guide",
    "guideline": "guide",
    "handbook": "guide",
    "manual": "guide",
    "manuel": "guide",
    "lignes": "guide",  # « lignes directrices »
    "charter": "charter",
    "charte": "charter",
    "standards": "standard",
    "normes": "standard",
    "framework": "framework",
    "by-law": "bylaw",
    "bylaw": "bylaw",
    "by-laws": "bylaw",
    "bylaws": "bylaw",
    "rules": "rules",
    "direction": "directive",
    "regles": "rules",
}
RULES = "rules"  # "rules" names a text only with an owner: « les règles de l'Assemblée nationale »
# Acts and regulations are told apart; the rest are administrative instruments, which people call one
# another's names (« la politique sur les cadeaux » for a directive, "the Policy" for a guideline).
_FAMILY = {"law": "law", "reg": "reg"}
_KIND_CLASS = {
    "law": "law",
    "regulation": "reg",
    "directive": "directive",
    "guideline": "guide",
    "code": "code",
}

# Words that link the parts of a title (kept inside a mention, never distinctive on their own).
_LINKS = frozenset(
    """of on for respecting governing regarding concerning relating to the and & in under de d du des sur
    concernant relatif relative relatifs relatives regissant visant en matiere a au aux la le les l et
    dans applicable applicables""".split()
)
# Where a mention stops: pronouns, auxiliaries and the verbs a question puts after a title.
_STOP = frozenset(
    """i me my we us our you your he she it they them his her its their this that these those what which who
    whom whose how when where why if whether than then so but or nor not no yes can could may might must
    should would will shall do does did done is are was were be been being have has had having say says said
    apply applies applied cover covers covered require requires required allow allows allowed permit permits
    let lets mean means state states provide provides prohibit prohibits forbid forbids need needs still also
    really actually just only even about as at by from with into per according whats
    je j tu il elle on nous vous ils elles me m te t se s lui leur y ne n pas plus moins si que qu qui quoi
    quand comment combien pourquoi ou est sont ont etait sera peut peux peuvent doit dois doivent faut
    dit disent prevoit prevoient permet permettent interdit interdisent oblige obligent exige exigent
    applique appliquent vise visent couvre couvrent autorise stipule precise c ca cela ceci selon apres
    avec chez entre par mais donc car ni puis-je dois-je est-ce faut-il peut-on
    sujet propos egard hier aujourd demain yesterday today tomorrow now maintenant lundi mardi mercredi jeudi vendredi samedi
    dimanche monday tuesday wednesday thursday friday saturday sunday""".split()
)
_DETERMINERS = frozenset(
    """the a an this that my our your their his her its la le les l un une ce cet cette ces mon ma mes ton
    ta tes son sa ses notre nos votre vos leur leurs""".split()
)
_POSSESSIVE = frozenset("my our your mon ma mes notre nos votre vos".split())
# Words that describe any code or that every text of the corpus shares: they name no text by themselves.
_DESCRIPTIVE = frozenset(
    """conduct conduite ethics ethique ethical deontologie professional professionnel professionnelle
    internal interne general generale new nouveau nouvelle current actuel actuelle official officiel
    officielle federal federale federaux canada canadian canadien canadienne government gouvernement
    gouvernemental gouvernementale directrices""".split()
)
# Organisations anyone may call "ours": without a capital or a name, « du ministère » names no one.
_GENERIC_OWNERS = frozenset(
    """department ministere organisme organization organisation agence agency board conseil tribunal
    commission employer employeur office bureau team equipe unit unite division section secretariat
    societe corporation company entreprise work travail workplace""".split()
)
# Governments, legislatures and bodies other than the federal government (folded; phrases joined by "_").
_PLACES = """ontario quebec alberta manitoba saskatchewan yukon nunavut nouveau-brunswick new_brunswick
    nouvelle-ecosse nova_scotia colombie-britannique british_columbia ile-du-prince-edouard prince_edward_island
    terre-neuve newfoundland labrador territoires_du_nord-ouest northwest_territories ontarien ontarienne
    quebecois quebecoise albertain albertaine manitobain manitobaine b.c pei nwt assemblee_nationale
    assemblee_legislative legislative_assembly legislature provincial provinciale provinciaux municipal
    municipale municipaux municipalite ville_de city_of town_of toronto montreal vancouver calgary edmonton
    winnipeg halifax laval gatineau longueuil sherbrooke saguenay levis trois-rivieres u.s united_states american americain
    americaine uk u.k united_kingdom british britannique england scotland scottish wales welsh ireland irish
    australia australian australie australien australienne new_zealand nouvelle-zelande france francaise
    european europeen europeenne union_europeenne world_bank banque_mondiale united_nations nations_unies
    onu oecd ocde nato otan"""
_PLACE_ALT = "(?:" + "|".join(re.escape(p).replace("_", r"\s+") for p in _PLACES.split()) + ")"
_PLACE_RE = re.compile(r"(?<![\w-])" + _PLACE_ALT + r"(?![\w-])")
_PLACE_WORDS = frozenset(p for p in _PLACES.split() if "_" not in p)


# A question set in another jurisdiction: it opens with the place (« Au Nouveau-Brunswick, … », "In
# Ontario, …"), or the place qualifies the rules, registry or service asked about ("Toronto lobbyist
# registry", « la fonction publique française »).
_GOVERNANCE = (
    r"(?:lobby\w*|registr\w*|codes?|rules?|regles?|laws?|lois?|acts?|public service|civil service|fonction publique|"
    r"public servants?|civil servants?|fonctionnaires?|parliament|parlement|legislature|"
    r"ethics|ethique|deontologie|commissioner|commissaire)"
)
_ELSEWHERE = re.compile(
    r"(?:^|[.;:!?]\s*)(?:in|under|au|aux|en|dans|selon)\s+(?:the\s+|la\s+|le\s+|l\s+|les\s+)?(?P<a>"
    + _PLACE_ALT
    + r")(?![\w-])|(?<![\w-])(?P<b>"
    + _PLACE_ALT
    + r")(?:\s+s)?\s+(?:[a-z-]+\s+)?"
    + _GOVERNANCE
    + r"\b|\b"
    + _GOVERNANCE
    + r"\s+(?P<c>"
    + _PLACE_ALT
    + r")(?![\w-])"
)


def _places(text: str) -> list[str]:
    """The other governments and bodies a folded text names (« assemblee nationale », "alberta")."""
    return [" ".join(m.group().split()) for m in _PLACE_RE.finditer(text)]


# Offices that exist only in a province or a municipality.
_LOCAL_OFFICE = re.compile(
    r"\b(?:mla|mpp|mna|mha|deputee? provinciale?|deputee? a l assemblee nationale|conseill(?:er|ere) municipale?|"
    r"(?:city|town|municipal) councill?or|councill?or|mayor|mairesse|maire|echevin|alderman)\b"
)
# The asker's own office, at the start of a clause: « Je suis députée à… », "As a Toronto city councillor".
_OFFICE = re.compile(
    r"(?:(?:^|[.,;:!?(]\s*)(?:comme|en tant que|a titre de|as an?|as the|as)|\b(?:je suis|j suis|chuis|i m|i am|im))\s+"
    r"(?:un |une |le |la |l |an? |the )?"
    r"(?P<office>(?:[a-z.-]+ ){0,3}?(?:deputee?|conseill(?:er|ere)|maire|mairesse|fonctionnaire|employee?|"
    r"sous-ministre|ministre|membre|commissaire|dirigeante?|administrat(?:eur|rice)|mla|mpp|mna|mha|"
    r"councill?or|mayor|civil servant|public servant|servant|employee|official|deputy minister|minister|"
    r"member|commissioner|director|officer|manager)s?)\b(?P<rest>(?:[^,;:?!.]|\.(?=\w)){0,60})"
)
_CANDIDACY = re.compile(r"candida|running|\brun\b|elect|\belue?s?\b|campagne|campaign|presenter|nomination")
_WORKS_FOR = re.compile(
    r"\b(?:je travaille|j travaille|i work|je bosse|j oeuvre)\s+(?:pour|a|au|aux|dans|chez|for|at|in|with)\s+"
    r"(?P<rest>(?:[^,;:?!.]|\.(?=\w)){0,60})"
)
_FEDERAL = re.compile(r"\b(?:federale?s?|federaux|federal|du canada|of canada|canada s)\b")
# « art. 12 de la LEDP », "PSOA s. 72": an acronym cited with a section is the name of a text.
_CITED_ACRONYM = re.compile(
    r"\b(?:art(?:icle)?s?\.?|s\.|ss\.|sections?)\s*\d+(?:\.\d+)?(?:\s*\([\w.]+\))*\s+(?:de la |du |de l'|of the |of )?"
    r"(?P<a>[A-Z][A-Z-]{2,9})\b|(?:^|[.;:!?]\s*)(?P<b>[A-Z][A-Z-]{2,9}),?\s+(?:art(?:icle)?\.?|s\.|section)\s*\d"
)
# After "act" the verb: "act on", "act under", "act quickly" (the noun: "the whistleblower act protects…").
_VERB_FOLLOWERS = frozenset(
    """on under in for as to upon against within without alone quickly fast now independently accordingly
    together like at with through by from only immediately promptly fairly impartially""".split()
)
_REFERENCE_WORDS = frozenset("article articles art section sections s ss paragraph paragraphe alinea".split())
_TITLE_LINKS = frozenset("on respecting concerning governing regarding".split())
_FRENCH_HEADS = frozenset(
    "loi reglement reglements decret politique lignes charte normes manuel regles".split()
)
_FRENCH_LINKS = frozenset(
    "de d du des sur concernant relatif relative relatifs relatives regissant visant dans".split()
)
_TOKEN = re.compile(
    r"(?:qu|jusqu|lorsqu|puisqu|[ldjmnstc])'(?=\w)|'s\b|\w+(?:[-.]\w+)*|[^\w\s]", re.IGNORECASE
)
_MAX_SPAN = 14


class Document(Protocol):
    """What the catalogue reads of a manifest entry (`knowledge.store.DocumentInfo`)."""

    @property
    def doc(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def acronyms(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class HeldText:
    doc: str  # language-neutral document key
    names: tuple[str, ...]  # titles in each language and aliases
    acronyms: tuple[str, ...]
    classes: frozenset[str]  # families: "law", "reg" or "instrument" (codes, directives, policies, guides…)


@dataclass(frozen=True)
class Named:
    """A text, or an office of another government, that a question names; `docs` are the held ones."""

    text: str  # as the user wrote it
    docs: tuple[str, ...] = ()
    office: bool = False  # an office of a government or body (the asker's own), not a text


@dataclass(frozen=True)
class Resolution:
    held: tuple[str, ...] = ()  # documents of the index the question names: search them first
    unknown: Named | None = None  # what the question names that the index does not hold


@dataclass(frozen=True)
class _Token:
    text: str  # as written
    key: str  # folded, lower case
    start: int
    end: int
    initial: bool = False  # first word of a sentence: its capital says nothing

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper() and not self.initial

    @property
    def acronym(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper() and self.text.isalpha()


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        initial = not out or out[-1].text in (".", "?", "!", ":", ";", "—", "-", "(", "«", '"')
        if word == "'" and out and out[-1].key.endswith("s") and m.end() < len(text) and text[m.end()] == " ":
            word = "'s"  # "Lobbyists' Code": a plural's possessive
        out.append(_Token(word, fold(word).replace("'", ""), m.start(), m.end(), initial))
    return out


def keys(text: str) -> list[str]:
    """Folded content words of a name or mention: link words and stopwords of both languages dropped."""
    out = []
    for token in _tokens(normalise(text)):
        key = token.key
        if not key or not key[0].isalnum() or key in _LINKS or len(key) < 2:
            continue
        if key in STOPWORDS["fr"] or key in STOPWORDS["en"] or key in _HEADS:
            continue
        out.append(key)
    return out


def _same(a: str, b: str) -> bool:
    """One word in two spellings or languages: lobbyist/lobbying, conflit/conflict, publique/public."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(4, min(len(a), len(b)) - 3)


def acronyms_of(name: str) -> set[str]:
    """« Loi sur les conflits d'intérêts » → LCI; "Conflict of Interest Act" → COIA and CIA (three letters or more)."""
    words = [t.key for t in _tokens(normalise(name)) if t.key[:1].isalpha() and t.key not in {"l", "d", "s"}]
    content = [w for w in words if w not in STOPWORDS["fr"] and w not in STOPWORDS["en"] and w not in _LINKS]
    every = [w for w in words if w in ("of", "to") or (w not in _LINKS and w not in STOPWORDS["fr"])]
    elided = [
        t.key
        for t in _tokens(normalise(name))
        if t.key[:1].isalpha() and (t.key in ("d",) or t.key in content)
    ]
    found = {"".join(w[0] for w in ws).upper() for ws in (content, every, elided)}
    return {a for a in found if 3 <= len(a) <= 8}


# A body's name starts with what it is: « Société québécoise des eaux régionales », "Fonds régional
# d'investissement du Nord", « Tribunal des recours en aménagement… »; it ends at punctuation.
_BODY = re.compile(
    r"\b(?:Soci[ée]t[ée]|Tribunal|Fonds|Fund|Commission|Office|R[ée]gie|Conseil|Council|Agence|Agency|Board|"
    r"Corporation|Authority|Autorit[ée]|Institut|Institute|Centre|Center|Bureau|Minist[èe]re|Department|"
    r"Secr[ée]tariat|Secretariat|Caisse|Administration)(?:\s+[\w’'-]+){1,12}"
)


# In a title or issuer line, the body owns the text: it opens the line or follows « du », "of the"…
# ("Designated Public Office Holder Regulations" names no office).
_OWNER = re.compile(
    r"(?:^|\b(?:du|des|de la|de l['’]|sur la|sur le|of the|of|for the|on the)\s*)$", re.IGNORECASE
)
_SHORT_NAME = re.compile(r"\s*\(\s*(?:(?:la|le|les|l|the)\s*['’]?\s*)?(?:[«\"“]|[A-Z]{2,8}\s*\))")


def issuer_acronyms(names: Iterable[str], body: Iterable[str] = ()) -> set[str]:
    """Acronyms of the bodies a document is issued by or for (SQER, FRIN, TRAE): questions name the body
    by its acronym in either language, which the title's own words may not give. Bodies are read from
    the title and the issuer line (`names`), and from the opening provisions (`body`) where a body's name
    is followed by the short name it is given: « … (la « Société ») », "… (the "Fund")", "(SQER)"."""
    found: set[str] = set()
    for line in map(normalise, names):
        for match in _BODY.finditer(line):
            if _OWNER.search(line[: match.start()]):
                found |= acronyms_of(match.group())
    for text in map(normalise, body):
        for match in _BODY.finditer(text):
            if _SHORT_NAME.match(text, match.end()):
                found |= acronyms_of(match.group())
    # an acronym that is also a word (TROP, "trop") would name the document in every question using it
    return {a for a in found if a.lower() not in STOPWORDS["fr"] | STOPWORDS["en"]}


def _family(cls: str) -> str:
    return _FAMILY.get(cls, "instrument")


def _name_class(name: str) -> str | None:
    """The class of a name's own noun: the first word of « Politique sur… », "Policy on…", else the last
    one ("… of the Conflict of Interest Act Regulations" is a regulation)."""
    heads = [_HEADS[t.key] for t in _tokens(normalise(name)) if _HEADS.get(t.key, RULES) != RULES]
    first = _tokens(normalise(name))[:1]
    if first and _HEADS.get(first[0].key, RULES) != RULES:
        return _HEADS[first[0].key]
    return heads[-1] if heads else None


def held_text(doc: str, names: Sequence[str], kind: str, acronyms: Sequence[str] = ()) -> HeldText:
    """A document's names, acronyms and families (from its kind and its names' own nouns)."""
    classes = {c for c in map(_name_class, names) if c} | (
        {_KIND_CLASS[kind]} if kind in _KIND_CLASS else set()
    )
    found = set(acronyms) or document_acronyms(names)
    return HeldText(doc, tuple(dict.fromkeys(names)), tuple(sorted(found)), frozenset(map(_family, classes)))


def _all_acronyms(held: HeldText) -> set[str]:
    return set(held.acronyms) | {a for n in held.names for a in acronyms_of(n)}


def document_acronyms(names: Sequence[str]) -> set[str]:
    """What the indexer records in the manifest: acronyms of the title and aliases, and aliases that are acronyms."""
    return {a for n in names for a in acronyms_of(n)} | _given_acronyms(names)


def _given_acronyms(names: Sequence[str]) -> set[str]:
    """Aliases written as acronyms ("FAA"): they win over an acronym derived from another document's title."""
    return {n for n in names if re.fullmatch(r"[A-Z][A-Za-z-]{1,9}", n) and sum(c.isupper() for c in n) >= 2}


class Catalogue:
    """`vocabulary`: the folded words of the index's passages. A loose, lower-case mention whose words the
    texts themselves use (« la loi sur les cadeaux ») is taken as a way of speaking of them, not as an
    unknown title; titled mentions (capitals, acronyms) and mentions of other governments are held to
    the names. `referenced`: names of other texts the held ones mention ("Canada Evidence Act",
    "Lobbyists' Code of Conduct"): a question may ask how they bear on the held texts, which those
    answer; only when it asks for their own rules (« Selon le… », "What does … say") is the text missing."""

    def __init__(
        self, texts: Iterable[HeldText], vocabulary: Iterable[str] = (), referenced: Iterable[str] = ()
    ) -> None:
        self.texts = tuple(texts)
        self.vocabulary = frozenset(vocabulary)
        others = [
            HeldText("", (name,), (), frozenset({_family(c) for c in [_name_class(name)] if c}))
            for name in referenced
        ]
        self._referenced = [(t, set(keys(t.names[0]))) for t in others if t.classes]
        self._names = [(t, set(keys(n))) for t in self.texts for n in t.names]
        given: dict[str, set[str]] = {}
        derived: dict[str, set[str]] = {}
        for text in self.texts:
            for acronym in _given_acronyms(text.names):
                given.setdefault(acronym.upper(), set()).add(text.doc)
            for acronym in text.acronyms:
                derived.setdefault(acronym.upper(), set()).add(text.doc)
        # an acronym two titles happen to share names neither; one staff gave names what they gave it to
        self._acronyms = {**{a: d for a, d in derived.items() if len(d) == 1}, **given}
        self._all_acronyms = set(derived) | set(given)
        self._place_held = {p for t in self.texts for n in t.names for p in _places(fold(n))}

    @classmethod
    def from_documents(
        cls, documents: Iterable[Document], vocabulary: Iterable[str] = (), referenced: Iterable[str] = ()
    ) -> Catalogue:
        """One held text per document key; the French and English versions' names are pooled."""
        grouped: dict[str, tuple[list[str], str, list[str]]] = {}
        for d in documents:
            names, _, acronyms = grouped.setdefault(doc_key(d.doc), ([], d.kind, []))
            names += [d.title, *d.aliases]
            acronyms += list(d.acronyms)
        texts = [held_text(doc, names, kind, acronyms) for doc, (names, kind, acronyms) in grouped.items()]
        return cls(texts, vocabulary, referenced)

    def resolve(self, question: str) -> Resolution:
        text = normalise(question)
        held: list[str] = []
        unknown: list[Named] = []
        for found in self._acronym_mentions(text) + self._mentions(text):
            if found.docs:
                held += [d for d in found.docs if d not in held]
            else:
                unknown.append(found)
        if held:
            return Resolution(tuple(held))
        elsewhere = unknown[0] if unknown else self._office(text) or self._elsewhere(text)
        return Resolution((), elsewhere)

    # --- acronyms ----------------------------------------------------------------------------------

    def _acronym_mentions(self, text: str) -> list[Named]:
        out = []
        for token in _tokens(text):
            word = token.text
            upper = word.upper()
            if upper in self._acronyms and (word.isupper() or len(word) >= 4):
                out.append(Named(word, tuple(sorted(self._acronyms[upper]))))
        for match in _CITED_ACRONYM.finditer(text):
            acronym = match.group("a") or match.group("b")
            if acronym not in self._all_acronyms:
                out.append(Named(acronym))
        return out

    # --- titles ------------------------------------------------------------------------------------

    def _mentions(self, text: str) -> list[Named]:
        tokens = _tokens(text)
        out = []
        for i in range(len(tokens)):
            cls = _head_class(tokens, i)
            if cls is None:
                continue
            first, last = _extend_left(tokens, i), _extend_right(tokens, i)
            span = tokens[first : last + 1]
            if not _specific(span, tokens[first - 1] if first else None, cls):
                continue
            if (
                not any(t.text[0].isupper() or t.acronym for t in span)
                and first
                and tokens[first - 1].key not in _DETERMINERS
            ):
                continue  # a lower-case name comes after an article: "the whistleblower act", not "share unreleased policy"
            parts = (
                [span]
                if _places(" ".join(t.key for t in span))
                else _shorter(span, i - first, _untitled(span))
            )
            docs = next(filter(None, (self._match(part, cls, self._names) for part in parts)), ())
            former = first > 0 and tokens[first - 1].key in _FORMER or span[0].key in _FORMER
            heading = first == 0 and tokens[i].text[0].isupper() and _framed_as_source(tokens, first, last)
            loose = not heading and self._loose(
                span
            )  # « Directive sur les voyages : … » heads the question: a title
            if not docs and (loose or self._owner_only(span, i - first) or former):
                continue
            referenced = any(self._match(part, cls, self._referenced, exact=True) for part in parts)
            if not docs and referenced and not _framed_as_source(tokens, first, last):
                continue
            out.append(Named(text[span[0].start : span[-1].end], docs))
        return out

    def _match(
        self,
        span: Sequence[_Token],
        cls: str,
        names: Sequence[tuple[HeldText, set[str]]],
        exact: bool = False,
    ) -> tuple[str, ...]:
        """The held texts one of whose names holds every distinctive word of the mention (one may be
        missing from a long one); of several, those whose name the mention covers best ("Conflict of
        Interest Act" is the Act of that title, not the one whose long title speaks of conflict of interest)."""
        wanted = _distinctive(span)
        if not wanted:
            return ()
        initials = [t.text.upper() for t in span if t.acronym]
        if len(initials) == 1 and len(wanted) == 1:
            head = next((t.key[0].upper() for t in span if t.key in _HEADS), "")
            spelled = {initials[0], initials[0] + head, head + initials[0]}
            found = [held.doc for held, _ in names if spelled & _all_acronyms(held)]
            if found:
                return tuple(dict.fromkeys(found))
        best: dict[str, float] = {}
        for held, name_keys in names:
            if cls != RULES and _family(cls) not in held.classes:
                continue
            missing = [w for w in wanted if not any(_same(w, k) for k in name_keys)]
            allowed = 1 if len(wanted) >= 4 and not any(w in _PLACE_WORDS for w in missing) else 0
            if exact:
                allowed = 0
                if not all(any(_same(w, k) for w in wanted) for k in name_keys - _DESCRIPTIVE):
                    continue
            if len(missing) <= allowed:
                covered = sum(any(_same(w, k) for w in wanted) for k in name_keys) / max(len(name_keys), 1)
                best[held.doc] = max(best.get(held.doc, 0.0), covered)
        top = max(best.values(), default=0.0)
        return tuple(doc for doc, score in best.items() if score == top)

    def _owner_only(self, span: Sequence[_Token], head: int) -> bool:
        """ "Treasury Board policy", « la politique du Conseil du Trésor »: an institution the texts speak
        of and a kind of text, but no title — which of its texts is not said."""
        if _places(" ".join(t.key for t in span)):
            return False
        before, after = _distinctive(span[:head]), _distinctive(span[head + 1 :])
        # « la politique du Conseil du Trésor »: the first word after « du » names the institution
        rest = [t for t in span[head + 1 :] if t.key not in _LINKS]
        french_owner = (
            bool(span[head + 1 :])
            and span[head + 1].key in ("de", "d", "du", "des")
            and bool(rest)
            and rest[0].capital
        )
        owner = after if french_owner and not before else before
        if span[head + 1 :] and not french_owner:
            return False  # "Lobbyists' Code of Conduct": a title follows the noun
        return bool(owner) and all(w in self.vocabulary for w in owner)

    def _loose(self, span: Sequence[_Token]) -> bool:
        """A lower-case way of speaking of what the texts cover: « la loi sur les cadeaux »."""
        if not _untitled(span):
            return False
        words = _distinctive(span)
        return bool(words) and all(w in self.vocabulary or w.rstrip("sx") in self.vocabulary for w in words)

    # --- offices of other governments --------------------------------------------------------------

    def _elsewhere(self, text: str) -> Named | None:
        """The question is set in another government or body whose texts none of the held ones name."""
        folded = _fold_keep(text)
        if _FEDERAL.search(folded):
            return None
        for match in _ELSEWHERE.finditer(folded):
            place = " ".join((match.group("a") or match.group("b") or match.group("c")).split())
            if place not in self._place_held:
                return Named(text[match.start() : match.end()].strip(" ,.;:!?"), office=True)
        return None

    def _office(self, text: str) -> Named | None:
        """The asker holds an office of a province, a municipality, another country or body."""
        folded = _fold_keep(text)
        for pattern in (_OFFICE, _WORKS_FOR):
            for match in pattern.finditer(folded):
                start = match.start("office") if "office" in pattern.groupindex else match.start("rest")
                phrase = folded[start : match.end("rest")]
                phrase = re.split(
                    r"\b(?:et|and|mais|but|qui|who|que|that|depuis|since|pour|to|puis)\b", phrase
                )[0]
                office = match.groupdict().get("office") or ""
                if _FEDERAL.search(phrase) or _CANDIDACY.search(match.group()):
                    continue  # a federal office; or running in another government's election (ours to answer)
                local = _LOCAL_OFFICE.search(office) or _LOCAL_OFFICE.search(phrase)
                places = _places(phrase)
                if places and all(p in self._place_held for p in places):
                    continue
                if local or places:
                    end = start + len(phrase.rstrip())
                    return Named(text[start:end].strip(" ,"), office=True)  # "MLA in Alberta", not "I'm an …"
        return None


def _fold_keep(text: str) -> str:
    """Lower case without accents, one character per character: positions stay those of `text`."""
    out = []
    for c in text:
        f = "".join(x for x in unicodedata.normalize("NFKD", c.lower()) if not unicodedata.combining(x))
        out.append(f if len(f) == 1 else c.lower()[:1] or c)
    return "".join(out).replace("'", " ")


def _head_class(tokens: Sequence[_Token], i: int) -> str | None:
    key = tokens[i].key
    cls = _HEADS.get(key)
    if cls is None:
        return None
    before = tokens[i - 1].key if i else ""
    after = tokens[i + 1].key if i + 1 < len(tokens) else ""
    if key == "politique" and not (
        before in _DETERMINERS or tokens[i].text[0].isupper() or tokens[i].initial
    ):
        return None  # « activités politiques », « parti politique »: the adjective
    if key == "lignes" and after != "directrices":
        return None
    settling = ("differend", "differends", "litige", "litiges", "grief", "griefs", "plainte")
    if key in ("reglement", "reglements") and i + 2 < len(tokens) and tokens[i + 2].key in settling:
        return None  # « le règlement du litige »: settling a dispute
    if key == "act" and not tokens[i].text[0].isupper() and after in _VERB_FOLLOWERS:
        return None  # "directors act under delegated authority", "to act on behalf"
    if key == "code" and after.isdigit():
        return None
    if key == "direction" and not (tokens[i].text[0].isupper() and after == "on"):
        return None  # "Direction on Prescribed Presence", not "under my direction"
    return cls


def _extend_left(tokens: Sequence[_Token], i: int) -> int:
    """English names come before their noun: "the UK Civil Service Code", "Canada Post's Code of Conduct";
    before a capitalised noun only capitalised words belong to the name, before a lower-case one
    ("the whistleblower act") a few lower-case words."""
    if tokens[i].key in _FRENCH_HEADS:
        return i
    titled = tokens[i].text[0].isupper()
    first = i
    j = i - 1
    while j >= 0 and i - j <= 8:
        t = tokens[j]
        if t.key == "s" and t.text.startswith("'"):  # possessive: the owner comes before it
            j -= 1
            continue
        if t.acronym and t.key not in _REFERENCE_WORDS:
            first = j  # "US", "UK", "NJC", "CRA"
            j -= 1
            continue
        if not t.key[:1].isalpha() or t.key in _STOP or t.key in _DETERMINERS or t.key in _REFERENCE_WORDS:
            break
        if "-" in t.key and re.search(r"-(?:t-)?(?:je|il|elle|on|nous|vous|ils|elles|tu)$", t.key):
            break
        if t.key in _LINKS:
            if j > 0 and (
                tokens[j - 1].text[0].isupper()
                if titled
                else tokens[j - 1].key not in _STOP | _DETERMINERS | _LINKS
            ):
                j -= 1
                continue
            break
        if (titled and not t.text[0].isupper()) or (not titled and i - j > 4):
            break
        first = j
        j -= 1
    return first


def _extend_right(tokens: Sequence[_Token], i: int) -> int:
    """French titles run in sentence case (« Loi sur les conflits d'intérêts des députés du Manitoba »);
    English ones in title case, so a lower-case word that is not a link ends them."""
    if tokens[i].key == "lignes":
        i += 1  # « lignes directrices »
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    french = tokens[i].key in _FRENCH_HEADS | {"directrices"} or (
        after is not None and after.key in _FRENCH_LINKS
    )
    if after is not None and not (
        after.key in _LINKS or after.key in _DESCRIPTIVE or after.capital or after.acronym
    ):
        return (
            i  # « par décret remonte… », "the whistleblowing act protects…": a title goes on with a link word
        )
    stop = _STOP if french else (_STOP - {"on"}) | {"a"}
    capital_title = tokens[i].text[0].isupper() and not french
    lower_title = False  # after "Directive on", "Policy respecting": the rest may be in lower case
    last = i
    j = i + 1
    while j < len(tokens) and j - i <= _MAX_SPAN:
        t = tokens[j]
        key = t.key
        if (
            not key[:1].isalnum()
            or key in stop
            or re.search(r"-(?:t-)?(?:je|il|elle|on|nous|vous|ils|elles|tu)$", key)
        ):
            break
        if key in _LINKS or key in ("'s",):
            lower_title = lower_title or (capital_title and j == i + 1 and key in _TITLE_LINKS)
            j += 1
            continue
        if capital_title and not lower_title and not t.text[0].isupper() and not t.text.isdigit():
            break  # "Directive on Executive Compensation say …", "the Act to ministers": the title ended
        if not french and not lower_title and key.endswith(("ed", "ing")) and not t.text[0].isupper():
            break  # "the public sector code of conduct tabled in…", "a statute for breaching…"
        last = j
        j += 1
    return last


def _untitled(span: Sequence[_Token]) -> bool:
    """Written in lower case, with no acronym and no other government: where such a mention ends, and
    whether it is a title at all, is not written."""
    return not any(t.capital or t.acronym for t in span) and not _places(" ".join(t.key for t in span))


def _shorter(span: Sequence[_Token], head: int, untitled: bool) -> list[Sequence[_Token]]:
    """The span, then shorter spans around its noun — cut before a later link word, or without leading
    words: where a lower-case title starts and ends is not written (« le code des administrateurs des
    ponts sur les cadeaux », "the five-year review whistleblower act")."""
    ends = [len(span)] + [j for j in range(len(span) - 1, head, -1) if span[j - 1].key not in _LINKS]
    starts = range(head + 1) if untitled else [0]
    parts = [span[start:end] for end in ends for start in starts if span[start].key not in _LINKS]
    return sorted(parts, key=len, reverse=True)


def _distinctive(span: Sequence[_Token]) -> list[str]:
    words = keys(" ".join(t.text for t in span))
    owned = any(t.key in _POSSESSIVE for t in span)
    return [
        w
        for w in words
        if w not in _DESCRIPTIVE and not (w in _GENERIC_OWNERS and (owned or not _capital_in(span, w)))
    ]


def _capital_in(span: Sequence[_Token], key: str) -> bool:
    return any(t.key == key and t.capital for t in span)


def _specific(span: Sequence[_Token], before: _Token | None, cls: str) -> bool:
    """Does the phrase name one text? "the Act", « la loi », "my department's code of conduct" do not."""
    words = _distinctive(span)
    if not words:
        return False
    titled = any((t.capital and t.key not in _DETERMINERS) or t.acronym for t in span)
    place = bool(_places(" ".join(t.key for t in span)))
    owned = (before is not None and before.key in _POSSESSIVE) or any(t.key in _POSSESSIVE for t in span)
    if owned or cls == RULES:
        return titled or place
    return True


# « l'ancien code », "the former Post-Employment Code": the user knows the text is gone; the texts that
# replaced it answer.
_FORMER = frozenset("old former previous ancien ancienne precedent precedente".split())
_SOURCE_BEFORE = frozenset(
    "under per according selon vertu apres conformement aux termes dans following".split()
)
_SOURCE_AFTER = frozenset(
    "say says said provide provides require requires dit prevoit prevoient exige stipule".split()
)


def _framed_as_source(tokens: Sequence[_Token], first: int, last: int) -> bool:
    """Does the question ask for the named text's own rules? « Selon le Code… », "Under the Code…",
    "What does the Code say…", « Que prévoit le Code… », or the name heading the question (« Code de … : »)."""
    before = {t.key for t in tokens[max(0, first - 3) : first]}
    after = {t.key.split("-")[0] for t in tokens[last + 1 : last + 4]}
    heading = first <= 1 and last + 1 < len(tokens) and tokens[last + 1].text in (":", "—", "-", ",")
    return bool(before & _SOURCE_BEFORE or after & set(_SOURCE_AFTER)) or heading


_NAMED_IN_TEXT = re.compile(
    r"\b(?:Act|Code|Loi|Règlement|Regulations|Policy|Directive|Guidelines|Charter|Charte|Politique|Rules|Règles)\b"
)


def referenced_names(texts: Iterable[str]) -> set[str]:
    """The names of texts the given passages mention ("Canada Evidence Act", « Code criminel »)."""
    names: set[str] = set()
    for text in dict.fromkeys(normalise(t) for t in texts):
        for match in _NAMED_IN_TEXT.finditer(text):
            offset = max(0, match.start() - 100)
            window = text[offset : match.end() + 100]
            tokens = _tokens(window)
            for i, token in enumerate(tokens):
                if token.start == match.start() - offset and _head_class(tokens, i):
                    first, last = _extend_left(tokens, i), _extend_right(tokens, i)
                    names.add(window[tokens[first].start : tokens[last].end])
    return names


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The folded words (three letters or more) of the index's passages, for `Catalogue`."""
    found: set[str] = set()
    for text in texts:
        found.update(w for w in re.findall(r"\w{3,}", fold(text)))
    return found


__all__ = [
    "Catalogue",
    "HeldText",
    "Named",
    "Resolution",
    "acronyms_of",
    "document_acronyms",
    "held_text",
    "keys",
    "vocabulary",
]
