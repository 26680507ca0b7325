"""A provision as a tree of units (subsections, paragraphs, definition entries), read from the units the
indexer stored with its passages, or, for texts without that structure, from its sentences and lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from knowledge.passages import Passage, Unit

_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=\(?[A-ZÀ-Ýa-z0-9«“(])")
_ITEM = re.compile(r"^(?:\(?[a-z]{1,3}(?:\.\d+)?\)|\(?\d{1,2}[.)]|[•\-–])\s")
_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$|\[(Repealed|Abrogé)")
_NESTED = ("paragraph", "subparagraph", "clause", "continued")


def is_placeholder(text: str) -> bool:
    """« [Abrogé, 2019, ch. 28, art. 3] », "[Repealed]", "[Amendment]": never quoted."""
    return not text.strip() or bool(_PLACEHOLDER.search(text.strip()))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def units_from_text(text: str) -> list[Unit]:
    """Units of a text the indexer gave no structure: one per sentence, a list's items nested under the
    sentence that ends with a colon (« Il est interdit : a) … b) … »)."""
    units: list[Unit] = []
    chapeau: tuple[str, ...] | None = None
    for n, sentence in enumerate(sentences(text)):
        if chapeau is not None and _ITEM.match(sentence):
            units.append(Unit("paragraph", (*chapeau, f"#{n}"), sentence))
            continue
        path = (f"#{n}",)
        units.append(Unit("sentence", path, sentence))
        chapeau = path if sentence.endswith(":") else None
    return units


@dataclass(frozen=True)
class Provision:
    """The units of one section in one language, in reading order, each once."""

    doc: str
    section: str
    lang: str
    title: str
    citation: str  # of the section's first passage (« Loi …, art. 27(1) »)
    locator: str
    url: str
    units: tuple[Unit, ...]

    @classmethod
    def of(cls, passages: list[Passage]) -> Provision:
        seen: set[tuple[str, ...]] = set()
        units: list[Unit] = []
        for passage in passages:
            for unit in passage.units or units_from_text(passage.text):
                key = unit.path if passage.units else (passage.id, *unit.path)
                if key in seen or is_placeholder(unit.text):
                    continue
                seen.add(key)
                units.append(unit if passage.units else Unit(unit.kind, key[1:], unit.text, unit.note))
        first = passages[0]
        return cls(
            first.doc,
            first.section,
            first.lang,
            first.title,
            first.citation,
            first.locator,
            first.url,
            tuple(units),
        )

    @cached_property
    def tops(self) -> tuple[Unit, ...]:
        """The units a rule can be: subsections, definition entries, a section's lead, lone sentences."""
        out = []
        led = any(u.kind == "lead" for u in self.units)
        for unit in self.units:
            if unit.kind == "subsection" and any(c.kind == "definition" for c in self.children(unit)):
                continue
            if unit.kind in ("subsection", "definition", "lead") or (len(unit.path) == 1 and not led):
                out.append(unit)
        return tuple(out) or self.units[:1]

    def children(self, unit: Unit) -> list[Unit]:
        """Units directly nested in `unit` (a section's lead holds the paragraphs that follow it)."""
        if unit.kind == "lead":
            return [u for u in self.units if len(u.path) == 1 and u.kind in _NESTED]
        depth = len(unit.path)
        return [u for u in self.units if len(u.path) == depth + 1 and u.path[:depth] == unit.path]

    def subtree(self, unit: Unit) -> list[Unit]:
        """`unit` and everything nested in it, in reading order."""
        if unit.kind == "lead":
            return [unit, *(u for u in self.units if u.path and u.kind in _NESTED and self._under_lead(u))]
        depth = len(unit.path)
        return [u for u in self.units if u.path[:depth] == unit.path and len(u.path) >= depth]

    def _under_lead(self, unit: Unit) -> bool:
        return not any(
            u.kind in ("subsection", "definition") and unit.path[:1] == u.path[:1] for u in self.units
        )

    def find(self, path: tuple[str, ...]) -> Unit | None:
        return next((u for u in self.units if u.path == path), None)
