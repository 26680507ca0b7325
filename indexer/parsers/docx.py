"""DOCX → ParsedDocument (python-docx): headings from paragraph styles, Word's automatic numbering
rendered back into the text (« Article 12 », « 12. », « (1) » often exist only as list numbering),
tables row by row.

A DOCX is a zip: before python-docx opens it, the declared sizes of its members are checked (Python's
zipfile never inflates a member past its declared size, so a bomb is caught here), and a part with a
DTD is refused (python-docx already resolves no entity; a DTD in a Word file is a hostile sign anyway).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.parsers._common import finish
from indexer.structure import Line

MAX_UNCOMPRESSED = 200 * 2**20
MAX_MEMBERS = 5000
MAX_RATIO = 100  # inflated / compressed, for members over 1 MiB
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_HEADING_STYLE = re.compile(r"^(?:heading|titre|überschrift|título)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "titre"}


def check_zip(path: Path) -> None:
    """Refuse what is not a Word document, or would inflate beyond reason, before anything reads it."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise ParseError(
                    f"{path.name}: a zip file but not a Word document (.docx)", code="damaged", name=path.name
                )
            if len(infos) > MAX_MEMBERS:
                raise ParseError(
                    f"{path.name}: {len(infos)} parts inside; refused as a possible zip bomb",
                    code="unsafe",
                    name=path.name,
                )
            total = sum(info.file_size for info in infos)
            if total > MAX_UNCOMPRESSED:
                raise ParseError(
                    f"{path.name}: would inflate to {total // 2**20} MB (limit {MAX_UNCOMPRESSED // 2**20} MB); "
                    "refused as a possible zip bomb",
                    code="unsafe",
                    name=path.name,
                )
            for info in infos:
                if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise ParseError(
                        f"{path.name}: {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}"
                        ":1; refused as a possible zip bomb",
                        code="unsafe",
                        name=path.name,
                    )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _has_dtd(archive, info):
                    raise ParseError(
                        f"{path.name}: {info.filename} declares a DTD or entities; refused",
                        code="unsafe",
                        name=path.name,
                    )
    except zipfile.BadZipFile as exc:
        raise ParseError(
            f"{path.name}: not a readable .docx (damaged zip: {exc})", code="damaged", name=path.name
        ) from exc


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(info) as member:
        for chunk in iter(lambda: member.read(1 << 16), b""):
            if _DTD.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn  # deferred: python-docx loads only when a .docx is parsed

    return str(qn(tag))


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    formats = {
        "decimal": str(n),
        "decimalZero": f"{n:02d}",
        "lowerLetter": _letters(n),
        "upperLetter": _letters(n).upper(),
        "lowerRoman": _roman(n),
        "upperRoman": _roman(n).upper(),
        "ordinal": f"{n}e",
    }
    return formats.get(fmt, str(n))


@dataclass
class _Numbering:
    """Word's list numbering, replayed: level formats per list, counters as paragraphs go by."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(
        default_factory=dict
    )  # numId → ilvl → fmt, text, start
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, document: Any) -> _Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(_qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(_qn("w:lvl")):
                fmt, text, start = (
                    lvl.find(_qn("w:numFmt")),
                    lvl.find(_qn("w:lvlText")),
                    lvl.find(_qn("w:start")),
                )
                levels[int(lvl.get(_qn("w:ilvl"), "0"))] = (
                    fmt.get(_qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(_qn("w:val"), "") if text is not None else "",
                    int(start.get(_qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[node.get(_qn("w:abstractNumId"), "")] = levels
        numbering = cls()
        for num in root.findall(_qn("w:num")):
            ref = num.find(_qn("w:abstractNumId"))
            if ref is not None:
                numbering.levels[num.get(_qn("w:numId"), "")] = abstract.get(ref.get(_qn("w:val"), ""), {})
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        fmt, text, start = levels[ilvl]
        counters = self.counters.setdefault(num_id, [levels.get(i, ("", "", 1))[2] - 1 for i in range(9)])
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = levels.get(deeper, ("", "", 1))[2] - 1
        if fmt in ("bullet", "none"):
            return "•" if fmt == "bullet" else ""

        def value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt = levels.get(level, ("decimal", "", 1))[0]
            return _format(max(counters[level], start if level == ilvl else 1), level_fmt)

        return re.sub(r"%(\d)", value, text).strip()


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """The paragraph's list membership, its own or its style's."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        num_pr = ppr.find(_qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            continue
        num_id, ilvl = num_pr.find(_qn("w:numId")), num_pr.find(_qn("w:ilvl"))
        if num_id is not None:
            return num_id.get(_qn("w:val"), ""), int(ilvl.get(_qn("w:val"), "0")) if ilvl is not None else 0
    return None


def _level(style_name: str) -> int | None:
    if style_name.casefold() in _TITLE_STYLES:
        return 0
    match = _HEADING_STYLE.match(style_name)
    return int(match.group(1)) if match else None


def _lines(document: Any) -> tuple[list[Line], str]:
    from docx.table import Table  # deferred: python-docx loads only when a .docx is parsed
    from docx.text.paragraph import Paragraph  # deferred: python-docx loads only when a .docx is parsed

    numbering = _Numbering.read(document)
    lines: list[Line] = []
    title = ""
    for child in document.element.body.iterchildren():
        if child.tag == _qn("w:p"):
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            level = _level(paragraph.style.name if paragraph.style is not None else "")
            listed = _num_pr(paragraph)
            label = numbering.label(*listed) if listed else ""
            if label and label != "•":
                text = f"{label} {text}"
            if level == 0 and not title:
                title = text
            for i, part in enumerate(text.split("\n")):
                if part.strip():
                    lines.append(Line(part, level=level if i == 0 else None, new_paragraph=i == 0))
        elif child.tag == _qn("w:tbl"):
            for row in Table(child, document).rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip()))
                if cells:
                    lines.append(Line(" | ".join(cells)))
    return lines, title


def parse(path: Path, meta: DocumentMeta | None = None) -> ParsedDocument:
    meta = meta or DocumentMeta()
    check_zip(path)
    import docx  # deferred: python-docx loads only when a .docx is parsed

    try:
        document = docx.Document(str(path))
        lines, title = _lines(document)
        core_title = (document.core_properties.title or "").strip()
    except ParseError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged part
        raise ParseError(
            f"{path.name}: not a readable .docx ({type(exc).__name__}: {exc})", code="damaged", name=path.name
        ) from exc
    return finish(path, meta, lines, fmt="docx", title_hint=core_title or title)
