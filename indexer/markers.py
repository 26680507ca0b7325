"""Markers of a document's structure, one line at a time: « Article 12 – Cadeaux », "Section 4",
« 12. », « CHAPITRE II », « (1) ». Pure functions of a line's text; `indexer.structure` decides which
of them a document is built on.

A marker must look like a heading — capitalised, or followed by a separator or by nothing — so that
« art. 12 de la Loi », wrapped to the start of a PDF line, stays body text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TITLE_LIKE_CHARS = 120
_NUMBER = r"(premier|1er|\d{1,4}(?:\.\d{1,3}){0,3})(?!\d)"
_ARTICLE = re.compile(rf"^(article|art\.)\s*{_NUMBER}\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(rf"^(section|sec\.)\s*{_NUMBER}\s*(.*)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})([.)]?)\s+(\S.*)$")
_HEADING_WORDS = {
    "partie": 1,
    "part": 1,
    "titre": 1,
    "title": 1,
    "livre": 1,
    "book": 1,
    "chapitre": 2,
    "chapter": 2,
    "section": 3,
    "sous-section": 4,
    "subdivision": 4,
    "division": 4,
}
_ANNEX_WORDS = ("annexe", "appendice", "appendix", "schedule")
_HEADING = re.compile(
    r"^(" + "|".join(sorted([*_HEADING_WORDS, *_ANNEX_WORDS], key=len, reverse=True)) + r")\s+"
    r"([IVXLCDM]{1,7}|\d{1,3}(?:\.\d{1,3})*|[A-Z]|premier|première|unique|one|first)(?![\w.])\s*(.*)$",
    re.IGNORECASE,
)
SUB_NUMBER = re.compile(r"^\((\d{1,3}(?:\.\d{1,2})?)\)\s*(.*)$")
SUB_ITEM = re.compile(r"^(?:\((?:[a-z]{1,4}|[ivx]{1,6})\)|[a-z]\)|[•▪◦●‣∙·]|[-–—]\s)")
_SENTENCE_INSIDE = re.compile(r"[.;!?]\s+[A-ZÀ-Ý]")
_SEPARATORS = ".:–—-)"
_OPENERS = '«"“('


@dataclass(frozen=True)
class Marker:
    label: str
    rest: str


def top(label: str) -> int:
    return int(label.split(".")[0])


def _rest_after(rest: str, capitalised: bool) -> str | None:
    """What follows a marker's number, or None when the line is body text that happens to start so."""
    rest = rest.strip()
    if not rest:
        return ""
    if rest[0] in _SEPARATORS:
        return rest.lstrip(_SEPARATORS + " ").strip()
    if capitalised and (rest[0].isupper() or rest[0] in _OPENERS):
        return rest
    return None


def _label(number: str) -> str:
    return "1" if number.lower() in {"premier", "1er"} else number


def _worded(pattern: re.Pattern[str], text: str) -> Marker | None:
    """A marker introduced by a word (« Article 12 », "Section 3"): the word, its number, the rest."""
    match = pattern.match(text)
    if not match:
        return None
    rest = _rest_after(match.group(3), match.group(1)[0].isupper())
    return None if rest is None else Marker(_label(match.group(2)), rest)


def article(text: str) -> Marker | None:
    return _worded(_ARTICLE, text)


def section(text: str) -> Marker | None:
    return _worded(_SECTION, text)


def numbered(text: str) -> Marker | None:
    match = _NUMBERED.match(text)
    if not match:
        return None
    number, separator, rest = match.groups()
    if not separator and "." not in number:
        return None  # "12 personnes" is text; "12." and "4.1" are numbers
    if separator == ")" and "." in number:
        return None
    if not (rest[0].isupper() or rest[0] in _OPENERS):
        return None
    return Marker(number, rest.strip())


MARKERS: dict[str, Callable[[str], Marker | None]] = {
    "article": article,
    "section": section,
    "numbered": numbered,
}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    label: str  # "chapitre 2" for a numbered heading, "" for a plain one
    annex: bool = False


def textual_heading(text: str, unit: str) -> Heading | None:
    if len(text) > 160 or not text[0].isupper():
        return None
    match = _HEADING.match(text)
    if not match:
        return None
    word = match.group(1).lower()
    if word == "section" and unit == "section":
        return None
    if _rest_after(match.group(3), True) is None:
        return None
    annex = word in _ANNEX_WORDS
    return Heading(1 if annex else _HEADING_WORDS[word], text, f"{word} {match.group(2)}", annex)


def title_like(text: str) -> bool:
    """Short, not ending like a sentence, and holding no sentence end (a PDF line wrapped mid-sentence
    after « … of general interest. They » is body text)."""
    return (
        0 < len(text) <= _TITLE_LIKE_CHARS
        and not text.endswith((".", ";", ",", ":"))
        and len(text.split()) <= 15
        and not _SENTENCE_INSIDE.search(text)
    )
