"""The reader-visible text of an XML element (Justice Laws XML), shared by the parser and the unit builder."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

_SKIPPED = frozenset({"FootnoteRef", "Footnote", "HistoricalNote", "HistoricalNoteSubItem"})


def text_of(element: Element | None) -> str:
    """Reader-visible text of an element, footnotes and history left out, whitespace normalised."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.tag in _SKIPPED:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return re.sub(r"\s+", " ", "".join(parts)).strip()
