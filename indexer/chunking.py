"""ParsedDocument → passages: one per provision, long provisions split at block boundaries."""

from __future__ import annotations

from collections.abc import Iterator

from indexer.documents import Block, ParsedDocument, Provision
from knowledge.passages import Passage

TARGET_CHARS = 1200


def citation(doc: ParsedDocument, locator: str) -> str:
    """« Loi sur les conflits d’intérêts, art. 33(1) » / "Conflict of Interest Act, s. 33(1)".

    A locator that names itself ("p. 4", "§ 3", « annexe A », « préambule ») takes no word.
    """
    word = doc.section_word.get(doc.lang, "") if locator[:1].isdigit() else ""
    return f"{doc.title}, {word} {locator}".replace("  ", " ") if word else f"{doc.title}, {locator}"


def _groups(blocks: tuple[Block, ...], target: int) -> Iterator[list[Block]]:
    group: list[Block] = []
    size = 0
    for block in blocks:
        if group and size + len(block.text) > target:
            yield group
            group, size = [], 0
        group.append(block)
        size += len(block.text) + 1
    if group:
        yield group


def _locator(provision: Provision, group: list[Block]) -> str:
    locators = {b.locator for b in group}
    return group[0].locator if len(locators) == 1 else provision.label


def chunk(doc: ParsedDocument, target: int = TARGET_CHARS) -> list[Passage]:
    passages = []
    for provision in doc.provisions:
        for n, group in enumerate(_groups(provision.blocks, target)):
            locator = _locator(provision, group)
            passages.append(
                Passage(
                    id=f"{doc.doc}:{doc.lang}:{provision.label}:{n}",
                    doc=doc.doc,
                    section=provision.label,
                    lang=doc.lang,
                    title=doc.title,
                    text=" ".join(b.text for b in group),
                    citation=citation(doc, locator),
                    url=doc.section_url.format(section=provision.label) if doc.section_url else doc.url,
                    locator=locator,
                    marginal_note=provision.marginal_note,
                    headings=provision.headings,
                    context=doc.context,
                    units=tuple(u for b in group for u in b.units),
                )
            )
    return passages
