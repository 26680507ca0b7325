"""Explicit look-ups: « article 27 de la Loi sur les conflits d'intérêts », "PSDPA s. 12", "LCI art. 23"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from knowledge.text import STOPWORDS, fold, normalise, words

_SECTION = re.compile(
    r"\b(?:articles?|art|sections?|sec|s|ss|paragraphes?|para|subsection|alineas?)\.?\s*"
    r"(\d+(?:\.\d+)?)(?:\s*\(\s*[\w.]+\s*\))*",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"(?<![\w.$])(\d+(?:\.\d+)?)(?![\w$%])")


@dataclass(frozen=True)
class Title:
    doc_key: str
    lang: str
    title: str


@dataclass(frozen=True)
class Reference:
    section: str
    doc_keys: tuple[str, ...]  # documents the question names; empty when it names none


def _content(text: str, lang: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS[lang] and len(w) > 1]


@lru_cache(maxsize=256)
def _title_keys(title: Title) -> tuple[str, str]:
    """The title's content words joined, and its acronym (lowercase): what a question may name it by."""
    return " ".join(_content(title.title, title.lang)), acronym(title.title, title.lang).lower()


def acronym(title: str, lang: str) -> str:
    """« Loi sur les conflits d'intérêts » → LCI; "Public Service Employment Act" → PSEA."""
    return "".join(w[0] for w in _content(title, lang)).upper()


def _names_document(question_words: str, question_content: dict[str, str], title: Title) -> bool:
    content, short = _title_keys(title)
    if content and f" {content} " in question_content[title.lang]:
        return True
    return len(short) >= 3 and f" {short} " in question_words


def find_references(question: str, titles: Iterable[Title]) -> list[Reference]:
    """Section numbers the question cites, with the documents it names (by title or acronym)."""
    text = normalise(question)
    numbers = [m.group(1) for m in _SECTION.finditer(fold(text))]
    question_words = f" {' '.join(words(text))} "
    question_content = {lang: f" {' '.join(_content(text, lang))} " for lang in STOPWORDS}
    named = tuple(
        dict.fromkeys(t.doc_key for t in titles if _names_document(question_words, question_content, t))
    )
    if not numbers and named and len(words(text)) <= 12:
        numbers = _BARE_NUMBER.findall(text)
    return [Reference(n, named) for n in dict.fromkeys(numbers)]
