"""Which pieces make the answer: the rule of the best provision, what the same provision attaches to it,
then at most one further provision that completes it (it names the first, or gives the penalty or the
deadline asked for), and "see also" only for provisions that answer well on their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge.crossrefs import section_refs
from knowledge.parts import Part
from knowledge.passages import Unit, doc_key
from knowledge.provisions import Provision
from knowledge.quoting import citation, pinpoint, render
from knowledge.selection import Pick, Reader, features, part_kind, terms_of

RULE_CHARS, LIST_CHARS, ATTACHED_CHARS, SEE_ALSO_CHARS, TOTAL_CHARS = 700, 1100, 380, 320, 1450
FURTHER_SHARE, SEE_ALSO_SHARE = 0.5, 0.8


@dataclass(frozen=True)
class Neighbours:
    """The other sections of a provision's text: `section(provision, label)` one it names,
    `pointing_to(provision)` those that name it (a penalty, a time limit set elsewhere)."""

    section: Callable[[Provision, str], Provision | None]
    pointing_to: Callable[[Provision], list[Provision]]
    # where the text defines the term asked: (provision, question words, words that do not count)
    defining: Callable[[Provision, frozenset[str], frozenset[str]], Provision | None]


@dataclass
class Draft:
    parts: list[Part] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(p.quote) for p in self.parts)

    def sections(self) -> set[tuple[str, str]]:
        return {(doc_key(p.doc), p.section) for p in self.parts}


def _part(reader: Reader, pick: Pick, limit: int) -> Part:
    quote, path = render(pick.provision, pick.unit, limit, reader.overlap)
    return _cited(pick.kind, pick.provision, path, quote)


def _cited(kind: str, provision: Provision, path: tuple[str, ...], quote: str) -> Part:
    return Part(
        kind,
        provision.doc,
        provision.section,
        pinpoint(provision, path),
        quote,
        provision.url,
        citation(provision, path),
    )


def _add(draft: Draft, part: Part, score: float) -> bool:
    if draft.parts and draft.size + len(part.quote) > TOTAL_CHARS:
        return False
    if any(p.quote == part.quote for p in draft.parts):
        return False
    draft.parts.append(part)
    draft.scores.append(score)
    return True


def draft_parts(
    reader: Reader,
    ranked: list[tuple[Provision, float]],
    neighbours: Neighbours,
) -> Draft:
    """`ranked`: sections best first, each with units; the first one answers. The words of the text's
    title are everywhere in it, so they choose nothing."""
    first, top = ranked[0]
    title = terms_of(first.title, reader.lang)
    if reader.cues.definition:
        asking = terms_of(reader.cues.frame, reader.lang)
        first = neighbours.defining(first, reader.terms, title | asking) or first
    reader = reader.without(title)
    draft = Draft()
    rule = reader.rule(first)
    limit = LIST_CHARS if reader.cues.list or rule.kind == "definition" else RULE_CHARS
    _add(draft, _part(reader, Pick("rule", first, rule), limit), top)
    for pick in reader.attached(first, rule, budget=2):
        _add(draft, _part(reader, pick, ATTACHED_CHARS), top)
    defined = rule.kind == "definition" and reader.cues.definition
    further = None if defined else _completing(reader, (first, top), rule, ranked[1:], neighbours)
    if further is not None:
        _add(draft, _part(reader, further[0], ATTACHED_CHARS), further[1])
    for provision, score in ranked[1:]:
        if (doc_key(provision.doc), provision.section) in draft.sections():
            continue
        if score >= SEE_ALSO_SHARE * top and doc_key(provision.doc) == doc_key(first.doc):
            _see_also(draft, reader, provision, score)
    return draft


def _see_also(draft: Draft, reader: Reader, provision: Provision, score: float) -> None:
    """A provision that answers nearly as well on its own: its rule quoted when the answer has room,
    else named only."""
    part = _part(reader, Pick("see_also", provision, reader.rule(provision)), SEE_ALSO_CHARS)
    if not _add(draft, part, score):
        draft.parts.append(_cited("see_also", provision, (), ""))
        draft.scores.append(score)


def _completing(
    reader: Reader,
    best: tuple[Provision, float],
    rule: Unit,
    others: list[tuple[Provision, float]],
    neighbours: Neighbours,
) -> tuple[Pick, float] | None:
    """A provision of the same text that completes the rule: it points to the first section, or gives the
    penalty or the deadline the question asks for; else one the rule's own words point to."""
    first, top = best
    rule_body = reader.body(first, rule)
    rule_feats = features(rule, rule_body)
    cues = reader.cues
    hits = [(p, s, True) for p, s in others[:3] if s >= FURTHER_SHARE * top]
    pointing = [(p, top, False) for p in neighbours.pointing_to(first)]
    for provision, score, found in hits + pointing:
        if doc_key(provision.doc) != doc_key(first.doc) or provision.section == first.section:
            continue
        unit = reader.rule(provision)
        body = reader.body(provision, unit)
        feats = features(unit, body)
        asked = (cues.penalty and feats.penalty and not rule_feats.penalty) or (
            cues.deadline and feats.time and not rule_feats.time
        )
        # a hit that names the first section completes it; a section found only because it names the first
        # must also give what the question asks for (the penalty, the time limit)
        if asked or (found and first.section in section_refs(body) and reader.overlap(body) > 0):
            return Pick(part_kind(feats, rule_feats), provision, unit), score
    for label in section_refs(rule_body):
        target = neighbours.section(first, label)
        if target is not None and target.units and label != first.section:
            unit = reader.rule(target)
            if reader.overlap(reader.body(target, unit)) >= 3 and not reader.cues.definition:
                return Pick("condition", target, unit), top
    return None
