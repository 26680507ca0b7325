"""Justice Laws consolidated XML (federal Acts and regulations) → ParsedDocument.

Only the body of the law becomes provisions: amending notes, historical notes, footnotes,
repealed stubs, "[Amendment]" placeholders and the Related Provisions / Amendments Not in Force
schedules are never answers (their section labels even collide with the law's own).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError as XmlParseError
from defusedxml.ElementTree import parse as safe_parse

from indexer.documents import Block, DocumentMeta, ParsedDocument, ParseError, Provision
from indexer.parsers._common import file_hash
from indexer.units import element_units, lead_unit
from indexer.xml_text import text_of
from knowledge.passages import Unit

_LIMS = "{http://justice.gc.ca/lims}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STUB = re.compile(r"^\[[^\]]*\]$")
_SITE = "https://laws-lois.justice.gc.ca"
_NESTED = frozenset({"Paragraph", "Subparagraph", "Clause", "Subclause", "Definition"})
MAX_BLOCK_CHARS = 1500


def _own_text(element: Element) -> str:
    """Text of an element's direct <Text>/<Label> children, without its nested provisions."""
    label = text_of(element.find("Label"))
    text = " ".join(text_of(t) for t in element.findall("Text"))
    return f"{label} {text}".strip()


def _render(element: Element) -> str:
    """A subsection or paragraph with its nested paragraphs, as one readable string."""
    pieces = [_own_text(element)]
    for child in element:
        if child.tag in _NESTED:
            if not _is_repealed(_own_text(child)):
                pieces.append(_render(child))
        elif child.tag in {
            "ContinuedSectionSubsection",
            "ContinuedParagraph",
            "ContinuedSubparagraph",
        } or child.tag in {"FormulaGroup", "TableGroup", "List"}:
            pieces.append(text_of(child))
    return " ".join(p for p in pieces if p)


def _is_stub(text: str) -> bool:
    return not text or bool(_STUB.match(text))


def _split_long(locator: str, lead: str, element: Element) -> list[Block]:
    """A subsection too long for one passage: one block per paragraph or definition, each
    carrying the subsection's opening words so that it still reads on its own."""
    context = lead if len(lead) <= 300 else lead[:300].rsplit(" ", 1)[0] + " …"
    units = element_units(element)
    chapeau = units[:1]
    blocks = []
    for child in element:
        if child.tag in _NESTED:
            nested = element_units(child, chapeau[0].path) if chapeau else []
            blocks.append(Block(locator, f"{context} {_render(child)}".strip(), (*chapeau, *nested)))
    return blocks or [Block(locator, _render(element), tuple(units))]


def _section_blocks(section: Element, label: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    lead = " ".join(text_of(t) for t in section.findall("Text"))
    if lead:
        blocks.append(Block(label, lead, tuple(lead_unit(lead))))
    for child in section:
        if child.tag == "Subsection":
            locator = f"{label}{text_of(child.find('Label'))}"
            note = text_of(child.find("MarginalNote"))
            text = _render(child)
            if _is_stub(re.sub(r"^\(\S+\)\s*", "", text)):
                continue
            if len(text) > MAX_BLOCK_CHARS:
                blocks.extend(_split_long(locator, _own_text(child), child))
            else:
                units = tuple(element_units(child))
                blocks.append(Block(locator, f"{note} — {text}" if note else text, units))
        elif child.tag in _NESTED or child.tag in {
            "ContinuedSectionSubsection",
            "FormulaGroup",
            "TableGroup",
        }:
            text = _render(child) if child.tag in _NESTED else text_of(child)
            if text and not _is_repealed(text):
                nested = (
                    element_units(child)
                    if child.tag in _NESTED
                    else [Unit("continued", (f"+{len(blocks)}",), text)]
                )
                blocks.append(Block(label, text, tuple(nested)))
    return tuple(blocks)


def _is_repealed(text: str) -> bool:
    return bool(re.search(r"\[(Repealed|Abrogé)", text))


def _body_provisions(body: Element) -> Iterator[Provision]:
    headings: dict[int, str] = {}
    for node in body:
        if node.tag == "Heading":
            level = int(node.get("level", "1") or 1)
            title = " ".join(p for p in (text_of(node.find("Label")), text_of(node.find("TitleText"))) if p)
            headings = {lvl: h for lvl, h in headings.items() if lvl < level}
            if title:
                headings[level] = title
        elif node.tag == "Section":
            label = text_of(node.find("Label"))
            blocks = _section_blocks(node, label)
            if not label or _is_stub(" ".join(b.text for b in blocks)):
                continue
            yield Provision(
                label=label,
                blocks=blocks,
                marginal_note=text_of(node.find("MarginalNote")),
                headings=tuple(headings[lvl] for lvl in sorted(headings)),
            )


def law_url(stem: str, lang: str, is_act: bool, section: str | None = None) -> str:
    """Public page of a law (or of one of its sections) on the Justice Laws website."""
    if lang == "fr":
        base = f"{_SITE}/fra/{'lois' if is_act else 'reglements'}/{stem}/"
        return f"{base}article-{section}.html" if section else base
    base = f"{_SITE}/eng/{'acts' if is_act else 'regulations'}/{stem}/"
    return f"{base}section-{section}.html" if section else base


def parse(path: Path, meta: DocumentMeta | None = None) -> ParsedDocument:
    """`meta` overrides what the file says (title, language, kind, URL, effective date); the id stays the stem."""
    meta = meta or DocumentMeta()
    try:
        root = safe_parse(str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True).getroot()
    except (XmlParseError, DefusedXmlException, OSError) as exc:
        code = "unsafe" if isinstance(exc, DefusedXmlException) else "damaged"
        raise ParseError(
            f"{path.name}: not readable as Justice Laws XML ({exc})", code=code, name=path.name
        ) from exc
    if root.tag not in {"Statute", "Regulation"}:
        raise ParseError(f"{path.name}: root element <{root.tag}> is not <Statute> or <Regulation>")
    lang = (root.get(_XML_LANG) or "").lower()[:2]
    if lang not in {"fr", "en"}:
        raise ParseError(f"{path.name}: xml:lang must be 'fr' or 'en'")
    ident = root.find("Identification")
    is_act = root.tag == "Statute"
    title = long_title = ""
    if ident is not None:
        long_title = text_of(ident.find("LongTitle"))
        title = text_of(ident.find("ShortTitle")) or long_title
    body = root.find("Body")
    if body is None:
        raise ParseError(f"{path.name}: no <Body>")
    lang = meta.lang or lang
    return ParsedDocument(
        doc=path.stem,
        lang=lang,
        title=meta.title or title or path.stem,
        url=meta.url or law_url(path.stem, lang, is_act),
        section_url="" if meta.url else law_url(path.stem, lang, is_act, section="{section}"),
        provisions=tuple(_body_provisions(body)),
        kind=meta.kind or ("law" if is_act else "regulation"),
        current_to=root.get(f"{_LIMS}current-date", ""),
        effective_date=meta.effective_date,
        content_hash=file_hash(path),
        file=meta.file or path.name,
        format="xml",
        structure="section",
        aliases=meta.aliases,
        long_title=long_title if long_title != title else "",
    )
