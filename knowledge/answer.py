"""Compose the answer from retrieved text only: quoted sentences of the best provision, its citation,
and up to two further provisions. Nothing is written that is not in the corpus or in messages.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from knowledge.messages import message
from knowledge.passages import Passage
from knowledge.text import tokens

_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=\(?[A-ZÀ-Ýa-z0-9«“(])")
MAX_QUOTE_CHARS = 600


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
        return {
            "doc": self.doc,
            "section": self.section,
            "lang": self.lang,
            "citation": self.citation,
            "url": self.url,
            "quote": self.quote,
            "score": round(self.score, 6),
        }


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

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "lang": self.lang,
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "abstained": self.abstained,
            "refused": self.refused,
        }
        if self.reason is not None:
            data["reason"] = self.reason
        if self.named_text is not None:
            data["named_text"] = self.named_text
        return data


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def best_quote(passage: Passage, query_terms: set[str], max_chars: int = MAX_QUOTE_CHARS) -> str:
    """The passage's sentences that share most terms with the question, in reading order."""
    parts = sentences(passage.text)
    if not parts:
        return ""
    overlap = [len(query_terms & set(tokens(s, passage.lang))) for s in parts]
    order = sorted(range(len(parts)), key=lambda i: (-overlap[i], i))
    chosen: list[int] = []
    size = 0
    for i in order:
        if chosen and (overlap[i] == 0 or size + len(parts[i]) > max_chars):
            break
        chosen.append(i)
        size += len(parts[i])
        if len(chosen) == 2:
            break
    quote = " … ".join(parts[i] for i in sorted(chosen))
    return quote if len(quote) <= max_chars else quote[: max_chars - 1].rsplit(" ", 1)[0] + " …"


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
    ranked: list[tuple[Passage, float]],
    query_terms: set[str],
    unsupported: str | None = None,
) -> Answer:
    """`ranked`: the best passage of each retained section, in the answer's language, with its score."""
    if not ranked:
        return abstention(question, lang, unsupported)
    citations = tuple(
        Citation(p.doc, p.section, p.lang, p.citation, p.url, best_quote(p, query_terms), score)
        for p, score in ranked
    )
    first, rest = citations[0], citations[1:]
    lines = [
        *_prefix(lang, unsupported),
        message("according_to", lang, citation=first.citation),
        f"« {first.quote} »" if lang == "fr" else f"“{first.quote}”",
    ]
    if rest:
        lines.append(message("see_also", lang, citations=message("and", lang).join(c.citation for c in rest)))
    lines.append(message("not_advice", lang))
    return Answer(question, lang, "\n".join(lines), citations, unsupported_lang=unsupported)
