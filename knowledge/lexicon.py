"""Bilingual lexicon: everyday words → the law's terms, added to keyword queries.

People write « deux billets pour un match »; the law says « cadeaux ou autres avantages ».
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from knowledge.text import fold, normalise


@dataclass(frozen=True)
class Entry:
    lang: str
    triggers: tuple[str, ...]
    terms: str


class Lexicon:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._patterns = [
            (
                e,
                re.compile(
                    r"\b(?:" + "|".join(re.escape(fold(t).replace("'", " ")) for t in e.triggers) + r")\b"
                ),
            )
            for e in entries
            if e.triggers
        ]

    @classmethod
    def parse(cls, text: str) -> Lexicon:
        """Tab-separated `lang, everyday, law_terms`; `everyday` lists words or phrases separated by |."""
        entries = []
        for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
            triggers = tuple(t.strip() for t in (row.get("everyday") or "").split("|") if t.strip())
            entries.append(
                Entry((row.get("lang") or "").strip(), triggers, (row.get("law_terms") or "").strip())
            )
        return cls(entries)

    def expand(self, text: str, lang: str) -> str:
        """The law's terms for every everyday word or phrase found in `text` (same language)."""
        folded = fold(normalise(text)).replace("'", " ")
        return " ".join(e.terms for e, pattern in self._patterns if e.lang == lang and pattern.search(folded))
