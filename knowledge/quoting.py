"""How a unit is quoted: with its chapeau and its list, cut only between items or sentences; how it is
cited to the paragraph (art. 11(2)c) / s. 11(2)(c)); which numbers in a quote matter (days, amounts)."""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.passages import Unit
from knowledge.provisions import Provision, sentences

_LABEL = re.compile(r"^\(?[0-9A-Za-z]{1,6}(?:\.\d+)?\)$")
_NUMBER_WORDS = (
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|soixante|"
    r"quatre-vingt-dix|cent|cent vingt|cent quatre-vingts|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twelve|fifteen|twenty|thirty|sixty|ninety|one hundred(?: and twenty)?"
)
_UNITS = (
    r"jours?|mois|ans?|années?|semaines?|heures?|days?|months?|years?|weeks?|hours?|"
    r"jours ouvrables|business days"
)
_AMOUNT = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?"
KEY_NUMBER = re.compile(
    rf"(?:\$\s?{_AMOUNT}|{_AMOUNT}\s?\$|\d+(?:[.,]\d+)?\s?%|"
    rf"\b(?:\d+|{_NUMBER_WORDS})\s(?:{_UNITS})\b)",
    re.IGNORECASE,
)
ELLIPSIS = " … "
WHOLE_SENTENCE_SLACK = 1.25  # a unit without items this much over its limit is still quoted whole


def is_label(piece: str) -> bool:
    return bool(_LABEL.match(piece))


def section_word(provision: Provision) -> str:
    """« art. » / "s." as the text's citations print it (empty for pages and headings)."""
    title, locator = provision.title, provision.locator
    if provision.citation.endswith(locator) and provision.citation.startswith(f"{title}, "):
        return provision.citation[len(title) + 2 : len(provision.citation) - len(locator)].strip()
    return ""


def pinpoint(provision: Provision, path: tuple[str, ...]) -> str:
    """« art. 11(2)c) », "s. 11(2)(c)", « art. 2(1) « cadeau » » — the section for texts without numbers."""
    word = section_word(provision)
    if not word:
        return provision.locator or provision.section
    labels = "".join(p for p in path if is_label(p))
    terms = [p for p in path if not is_label(p) and p[:1] not in "#+·"]
    cite = f"{word} {provision.section}{labels}"
    if terms:
        cite += f" « {terms[-1]} »" if provision.lang == "fr" else f' "{terms[-1]}"'
    return cite


def citation(provision: Provision, path: tuple[str, ...]) -> str:
    """« Loi sur les conflits d’intérêts, art. 27(1) »."""
    return f"{provision.title}, {pinpoint(provision, path)}" if provision.title else pinpoint(provision, path)


def _line(unit: Unit, top: Unit) -> str:
    if unit is top or not is_label(unit.label):
        return unit.text
    return f"{unit.label} {unit.text}"


def shorten_text(text: str, limit: int, relevance: Callable[[str], float]) -> str:
    """A long sentence run: its first sentence and the most relevant others, in order, within `limit`."""
    if len(text) <= limit:
        return text
    parts = sentences(text)
    ranked = sorted(range(1, len(parts)), key=lambda i: -relevance(parts[i]))
    kept, size = [0], len(parts[0])
    for i in ranked:
        if size + len(parts[i]) + 3 <= limit:
            kept.append(i)
            size += len(parts[i]) + 3
    out = ELLIPSIS.join(parts[i] for i in sorted(kept))
    return out if len(out) <= limit else out[: limit - 2].rsplit(" ", 1)[0] + " …"


def render(
    provision: Provision, top: Unit, limit: int, relevance: Callable[[str], float]
) -> tuple[str, tuple[str, ...]]:
    """The quote of `top` with what is nested in it, and the path it is cited to. When the whole does not
    fit, the chapeau stays and the most relevant items are kept (a single kept item is cited to itself)."""
    subtree = provision.subtree(top)
    whole = " ".join(_line(u, top) for u in subtree)
    items = [u for u in subtree if u is not top]
    if len(whole) <= limit or (not items and len(whole) <= WHOLE_SENTENCE_SLACK * limit):
        return whole, top.path
    head = shorten_text(top.text, max(limit // 2, 200) if items else limit, relevance)
    order = sorted(range(len(items)), key=lambda i: -relevance(items[i].text))
    kept: list[int] = []
    size = len(head)
    for i in order:
        line = _line(items[i], top)
        if size + len(line) + 3 > limit:
            continue
        kept.append(i)
        size += len(line) + 3
    if not kept:
        return head, top.path
    kept.sort()
    pieces = [head]
    for n, i in enumerate(kept):
        glue = " " if (n == 0 and i == 0) or (n > 0 and i == kept[n - 1] + 1) else ELLIPSIS
        pieces.append(glue + _line(items[i], top))
    path = (
        items[kept[0]].path if len(kept) == 1 and len(items[kept[0]].path) == len(top.path) + 1 else top.path
    )
    return "".join(pieces), path


def mark_numbers(text: str, mark: Callable[[str], str]) -> str:
    """`text` with each number that matters (days, years, amounts, rates) passed through `mark`."""
    return KEY_NUMBER.sub(lambda m: mark(m.group(0)), text)
