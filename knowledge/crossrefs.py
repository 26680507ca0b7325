"""References a provision makes to its own units (« au paragraphe (4) », "subsections (9) and (10)")
and to other sections of the same text (« l'article 27 », "section 33 of this Act")."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_LABEL = r"(?:\(\w{1,5}(?:\.\d+)?\)|\b[a-z](?:\.\d+)?\))"
_GROUP = rf"(?:\(\d+(?:\.\d+)?\){_LABEL}*)"
_LOCAL = re.compile(
    rf"\b(?:paragraphes?|alinéas?|sous-alinéas?|subsections?|paragraphs?|subparagraphs?)\s+"
    rf"({_GROUP}(?:\s*(?:,|et|and|ou|or|à|to)\s*{_GROUP})*)",
    re.IGNORECASE,
)
_ONE = re.compile(_GROUP)
_PIECE = re.compile(_LABEL)
_SECTION = re.compile(
    r"\b(?:articles?|sections?|paragraphes?|subsections?)\s+(\d+(?:\.\d+)*)(?![\d.])(?:\(\w{1,5}\)|[a-z]\))*+"
    r"(?!\s*(?:de la|du|des|of the)\s+"
    r"(?!présente|this)[A-ZÀ-Ýa-z])",
    re.IGNORECASE,
)
_SUBJECT_TO = re.compile(r"^(?:sous réserve|subject to)\b", re.IGNORECASE)


def local_refs(text: str) -> list[tuple[str, ...]]:
    """Paths of the units of the same section that `text` points to, in order, each once."""
    out: list[tuple[str, ...]] = []
    for match in _LOCAL.finditer(text):
        for group in _ONE.findall(match.group(1)):
            path = tuple(_PIECE.findall(group))
            if path and path not in out:
                out.append(path)
    return out


def section_refs(text: str) -> list[str]:
    """Labels of the other sections of the same text that `text` points to (not those of another Act)."""
    out: list[str] = []
    for match in _SECTION.finditer(text):
        if match.group(1) not in out:
            out.append(match.group(1))
    return out


def is_subject_to(text: str) -> bool:
    """« Sous réserve des paragraphes (9) et (10), … »: the units it names are exceptions to it."""
    return bool(_SUBJECT_TO.match(text.strip()))


def referrers(sections: Iterable[tuple[tuple[str, str], str]]) -> dict[tuple[str, str], tuple[str, ...]]:
    """For each section (doc key, label), the labels of the sections of the same text that point to it,
    from (section id, text) pairs: how a penalty or a time limit set elsewhere is found from the rule."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (doc, label), text in sections:
        for target in section_refs(text):
            if target != label and label not in found[(doc, target)]:
                found[(doc, target)].append(label)
    return {key: tuple(labels) for key, labels in found.items()}
