"""Which units of a provision answer: the rule (the duty before its exceptions, the deadline when asked
for one, the definition entry that is asked about), then what the same provision attaches to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.crossrefs import is_subject_to, local_refs
from knowledge.cues import Cues
from knowledge.passages import Unit
from knowledge.provisions import Provision
from knowledge.text import fold, tokens

_DUTY = re.compile(
    r"\b(il est interdit|interdit|il incombe|est tenue?s?|sont tenus|doit|doivent|ne peut|ne peuvent|"
    r"shall|must|is required|are required|may not|is prohibited|prohibits?)\b"
)
_EXCEPTION_START = re.compile(r"^(malgre|despite|notwithstanding|toutefois|however|the prohibition)\b")
_EXCEPTION_ANY = re.compile(
    r"\b(peut toutefois|peuvent toutefois|ne s.applique pas|does not apply|do not apply|n.est pas tenue?|"
    r"is not required|not prohibited|n.a pas pour effet d.interdire|nothing in this)\b"
)
_EXCEPTION_NOTE = re.compile(r"\b(exceptions?|exemptions?|reserve|precision)\b")
_TIME = re.compile(
    r"\b(\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|trente|soixante|"
    r"quatre-vingt-dix|cent vingt|cent|one|two|three|four|five|seven|eight|nine|ten|twelve|fifteen|thirty|"
    r"sixty|ninety|one hundred and twenty)\s+(jours?|mois|ans?|annees?|semaines?|days?|months?|years?|weeks?)\b"
)
_AMOUNT = re.compile(r"(\d\s?\$|\$\s?\d|\bdollars?\b|\d\s?%)")
_PENALTY = re.compile(
    r"\b(amendes?|emprisonnement|infraction|coupable|fines?|imprisonment|offence|guilty|penalt\w*|"
    r"sanctions?|violation)\b"
)
_NOTIFY = re.compile(
    r"\b(commissaire|commissioner|informe|aviser?|avise|notif\w*|declar\w*|disclos\w*|report\w*|"
    r"demande|request|approbation|approval|consent\w*)\b"
)


LIST_ASKED = 3.0  # a question asking "which ones" is answered by the unit that lists them


@lru_cache(maxsize=50_000)
def terms_of(text: str, lang: str) -> frozenset[str]:
    return frozenset(tokens(text, lang))


@dataclass(frozen=True)
class Features:
    duty: bool
    exception: bool
    time: bool
    amount: bool
    penalty: bool
    notify: bool


def features(unit: Unit, body: str) -> Features:
    """What a unit (its own words, and `body`: the words of everything nested in it) does."""
    own, text, note = fold(unit.text), fold(body), fold(unit.note)
    return Features(
        duty=bool(_DUTY.search(own)),
        exception=bool(
            _EXCEPTION_START.match(own) or _EXCEPTION_ANY.search(own) or _EXCEPTION_NOTE.search(note)
        ),
        time=bool(_TIME.search(text)),
        amount=bool(_AMOUNT.search(text)),
        penalty=bool(_PENALTY.search(text)),
        notify=bool(_NOTIFY.search(text)),
    )


def part_kind(feats: Features, rule_feats: Features, named_exception: bool = False) -> str:
    """What a unit attached to a rule is to it: an exception, the deadline the rule lacks, or a condition."""
    if feats.exception or named_exception:
        return "exception"
    if feats.time and not rule_feats.time:
        return "deadline"
    return "condition"


@dataclass(frozen=True)
class Pick:
    """A unit chosen for the answer and the part it plays (rule, condition, exception, deadline, list)."""

    kind: str
    provision: Provision
    unit: Unit


class Reader:
    """Scores the units of provisions against one question."""

    def __init__(
        self,
        terms: set[str],
        cues: Cues,
        lang: str,
        related: frozenset[str] = frozenset(),
        asked: frozenset[str] | None = None,
    ) -> None:
        self.terms = frozenset(terms)
        self.asked = (
            self.terms if asked is None else asked
        )  # all the question's words, to match a defined term
        self.related = related - self.terms  # the lexicon's expansions of the question: half a word each
        self.cues = cues
        self.lang = lang

    def without(self, words: frozenset[str]) -> Reader:
        """The same reader, blind to `words` (the text's title: its words are in every provision)."""
        return Reader(set(self.terms - words), self.cues, self.lang, self.related - words, self.asked)

    def overlap(self, text: str) -> float:
        found = terms_of(text, self.lang)
        return len(self.terms & found) + 0.5 * len(self.related & found)

    def body(self, provision: Provision, unit: Unit) -> str:
        return " ".join(u.text for u in provision.subtree(unit))

    def relevance(self, provision: Provision, unit: Unit) -> float:
        """Shared words with the whole unit, its own words and marginal note counting half again."""
        return self.overlap(f"{self.body(provision, unit)} {unit.note}") + 0.5 * self.overlap(
            f"{unit.text} {unit.note}"
        )

    def rule_score(self, provision: Provision, unit: Unit, first: bool) -> float:
        cues, body = self.cues, self.body(provision, unit)
        feats = features(unit, body)
        score = self.relevance(provision, unit)
        score += 1.0 if feats.duty and not cues.exception else 0.0
        score -= 1.5 if feats.exception and not cues.exception else 0.0
        score += 2.0 * sum(
            (cues.deadline and feats.time, cues.amount and feats.amount, cues.penalty and feats.penalty)
        )
        score += LIST_ASKED if cues.list and len(provision.children(unit)) >= 2 else 0.0
        if unit.kind == "definition":
            defined = terms_of(unit.label, self.lang)
            asked = bool(defined) and defined <= self.asked
            score += (3.0 if cues.definition else 1.5) if asked else -1.0
        return score + ((4.0 if cues.cited else 0.3) if first else 0.0)

    def defined(self, provision: Provision) -> Unit | None:
        """The definition entry of the term the question asks about (the longest such term), if any."""
        entries = [
            (len(words), n, unit)
            for n, unit in enumerate(provision.tops)
            if unit.kind == "definition"
            and (words := terms_of(unit.label, self.lang)) <= self.asked
            and words
        ]
        return max(entries, key=lambda entry: entry[:2])[2] if entries else None

    def rule(self, provision: Provision) -> Unit:
        """The unit that answers: the entry defining the term asked about; else the best scored; the lead
        unit when no unit shares a word."""
        tops = provision.tops
        if self.cues.definition and (entry := self.defined(provision)) is not None:
            return entry
        if not any(self.overlap(self.body(provision, u)) for u in tops):
            return tops[0]
        return max(tops, key=lambda u: self.rule_score(provision, u, u is tops[0]))

    def attached(self, provision: Provision, rule: Unit, budget: int) -> list[Pick]:
        """Exceptions, deadlines and conditions the provision attaches to `rule`, most needed first."""
        rule_body = self.body(provision, rule)
        rule_feats = features(rule, rule_body)
        named = set(local_refs(rule.text))
        subject = is_subject_to(rule.text)
        scored: list[tuple[float, Pick]] = []
        if rule.kind == "definition" and self.cues.definition:
            return []
        inside = provision.subtree(rule)
        for unit in provision.tops:
            if any(unit is u for u in inside) or unit.kind == "definition" and rule.kind == "definition":
                continue
            feats = features(unit, self.body(provision, unit))
            refs = local_refs(unit.text)
            points_to_rule = any(ref[: len(rule.path)] == rule.path for ref in refs) or (
                feats.exception and not refs
            )
            named_here = any(unit.path == ref[: len(unit.path)] for ref in named)
            rel = self.relevance(provision, unit)
            kind = part_kind(feats, rule_feats, subject and named_here)
            priority = rel
            if kind == "exception" and (points_to_rule or named_here):
                priority += 3.0 + (2.0 if self.cues.exception else 0.0)
            elif kind == "deadline" and (self.cues.deadline or rule_feats.duty):
                priority += 2.5 if self.cues.deadline else 1.0
            elif named_here or points_to_rule:
                priority += 1.5
            if self.cues.penalty and feats.penalty:
                priority += 3.0
            if self.cues.procedure and feats.notify and rel > 0:
                priority += 1.0
            if priority >= 2.5:
                scored.append((priority, Pick(kind, provision, unit)))
        scored.sort(key=lambda pair: -pair[0])
        chosen = [pick for _, pick in scored[:budget]]
        order = {unit.path: n for n, unit in enumerate(provision.units)}
        return sorted(chosen, key=lambda pick: order.get(pick.unit.path, 0))
