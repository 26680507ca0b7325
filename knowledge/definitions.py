"""The terms each text defines, so that a question about what a term means gets that definition entry,
not the rule that uses the term nor the definition next to it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from knowledge.passages import Passage
from knowledge.selection import terms_of

# the defined term must make up this share of the question's own words (its subject, not a word in passing)
MIN_SHARE = 0.4


class Definitions:
    def __init__(self, passages: Iterable[Passage]) -> None:
        self._terms: dict[tuple[str, str], dict[frozenset[str], str]] = defaultdict(dict)
        for passage in passages:
            for unit in passage.units:
                if unit.kind == "definition" and unit.label:
                    words = terms_of(unit.label, passage.lang)
                    if words:
                        self._terms[(passage.key, passage.lang)].setdefault(words, passage.section)

    def asked(self, doc: str, lang: str, question: frozenset[str], ignored: frozenset[str]) -> str | None:
        """The section defining the term the question is about, in text `doc` (its key), if any;
        `ignored` words (the text's title) do not count in the question's size."""
        size = len(question - ignored)
        found = [
            (len(words), section)
            for words, section in self._terms.get((doc, lang), {}).items()
            if words <= question and len(words) >= MIN_SHARE * size
        ]
        return max(found)[1] if found else None
