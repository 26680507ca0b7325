"""Compose the answer from retrieved text only: the rule of the best provision quoted whole with its
chapeau, then what completes it (exceptions, deadlines, conditions), each cited to the paragraph.
Nothing is written that is not in the corpus or in messages.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from knowledge.composition import Draft, Neighbours, draft_parts
from knowledge.cues import read_cues
from knowledge.messages import message
from knowledge.parts import Part
from knowledge.provisions import Provision
from knowledge.selection import Reader

MAX_ANSWER_CHARS = 2000


@dataclass(frozen=True)
class Citation:
    doc: str
    section: str
    lang: str
    citation: str
    url: str
    quote: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "score": round(self.score, 6)}


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    refused: bool = False
    unsupported_lang: str | None = None
    # why nothing is quoted: "not_held" (the text named is not in the index), "off_topic", "no_match", "merits"
    reason: str | None = None
    named_text: str | None = None  # for "not_held": the text (or the office) as the question names it
    named_office: bool = False  # the question names an office of another government, not a text
    parts: tuple[Part, ...] = ()  # what the answer quotes, rule first (empty when nothing is quoted)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "lang": self.lang,
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "abstained": self.abstained,
            "refused": self.refused,
            "parts": [p.to_dict() for p in self.parts],
        }
        if self.reason is not None:
            data["reason"] = self.reason
        if self.named_text is not None:
            data["named_text"] = self.named_text
        return data


def _prefix(lang: str, unsupported: str | None) -> list[str]:
    return [message("unsupported", lang)] if unsupported else []


def refusal(question: str, lang: str, unsupported: str | None = None) -> Answer:
    text = "\n".join([*_prefix(lang, unsupported), message("refuse", lang)])
    return Answer(question, lang, text, refused=True, unsupported_lang=unsupported, reason="merits")


def abstention(question: str, lang: str, unsupported: str | None = None, reason: str = "no_match") -> Answer:
    text = "\n".join([*_prefix(lang, unsupported), message("abstain", lang)])
    return Answer(question, lang, text, abstained=True, unsupported_lang=unsupported, reason=reason)


def not_held(
    question: str, lang: str, named: str, office: bool = False, unsupported: str | None = None
) -> Answer:
    """The question names a text (or an office of another government) the index does not hold: say so,
    naming it as the user wrote it, rather than quote another text."""
    key = "not_held_office" if office else "not_held"
    text = "\n".join([*_prefix(lang, unsupported), message(key, lang, named=named)])
    return Answer(
        question,
        lang,
        text,
        abstained=True,
        unsupported_lang=unsupported,
        reason="not_held",
        named_text=named,
        named_office=office,
    )


def compose(
    question: str,
    lang: str,
    ranked: list[tuple[Provision, float]],
    terms: tuple[set[str], set[str]],
    neighbours: Neighbours,
    unsupported: str | None = None,
) -> Answer:
    """`ranked`: the retained sections in the answer's language, best first, with their scores;
    `terms`: the question's words and the lexicon's expansions of them (stemmed);
    `neighbours`: the other sections of the same text a provision points to or is pointed to by."""
    ranked = [(p, score) for p, score in ranked if p.units]
    if not ranked:
        return abstention(question, lang, unsupported)
    draft = draft_parts(Reader(terms[0], read_cues(question), lang, frozenset(terms[1])), ranked, neighbours)
    text = _text(draft.parts, lang, unsupported)
    while len(text) > MAX_ANSWER_CHARS and len(draft.parts) > 1:  # a Slack message stays readable
        draft.parts.pop()
        draft.scores.pop()
        text = _text(draft.parts, lang, unsupported)
    return Answer(
        question, lang, text, _citations(draft, lang), unsupported_lang=unsupported, parts=tuple(draft.parts)
    )


def _text(parts: list[Part], lang: str, unsupported: str | None) -> str:
    lines = [*_prefix(lang, unsupported), *_quoted_lines(parts, lang)]
    see_also = [p.citation for p in parts if p.kind == "see_also" and not p.quote]
    if see_also:
        lines.append(message("see_also", lang, citations=message("and", lang).join(see_also)))
    lines.append(message("not_advice", lang))
    return "\n".join(lines)


def quote_marks(text: str, lang: str) -> str:
    return f"« {text} »" if lang == "fr" else f"“{text}”"


def part_cite(part: Part, first: Part) -> str:
    """How a part is cited under the first: its pinpoint in the same text, else with the text's title."""
    return part.pinpoint if part.doc == first.doc and part is not first else part.citation


def part_heading(part: Part, first: Part, lang: str) -> str:
    """« Loi …, art. 27(1) : » for the rule; « Exception — art. 27(9) : » for what it attaches."""
    if part is first:
        return message("according_to", lang, citation=part.citation)
    return message(
        "part_heading", lang, label=message(f"part.{part.kind}", lang), citation=part_cite(part, first)
    )


def _quoted_lines(parts: list[Part], lang: str) -> list[str]:
    lines: list[str] = []
    for part in parts:
        if part.quote:
            lines += [part_heading(part, parts[0], lang), quote_marks(part.quote, lang)]
    return lines


def _citations(draft: Draft, lang: str) -> tuple[Citation, ...]:
    """One per provision the answer quotes or names, with the first quote taken from it."""
    out: dict[tuple[str, str], Citation] = {}
    for part, score in zip(draft.parts, draft.scores, strict=True):
        if (part.doc, part.section) not in out:
            out[(part.doc, part.section)] = Citation(
                part.doc, part.section, lang, part.citation, part.url, part.quote, score
            )
    return tuple(out.values())
