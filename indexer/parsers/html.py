"""HTML → ParsedDocument: the page's main content only.

Navigation, header, footer, asides, forms, scripts and styles are dropped, as are elements whose role,
id or class says they are menus, breadcrumbs, banners or cookie notices; when the page marks its main
content (<main>, role="main", or a single <article>), only that is read. Headings <h1>–<h6> give the
heading path. The standard library's parser is used: it fetches nothing and expands no entity of a DTD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.parsers._common import finish
from indexer.structure import Line

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "svg",
        "iframe",
        "object",
        "canvas",
        "menu",
        "dialog",
        "head",
    }
)
_SKIP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alert"}
)
_SKIP_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|sidebar|footer|header|banner|cookies?|skip|"
    r"share|social|toolbar|pagination)($|[\s_-])",
    re.IGNORECASE,
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "dd",
        "dt",
        "tr",
        "table",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "figure",
        "figcaption",
        "address",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "caption",
        "body",
        "html",
    }
)
_CELLS = frozenset({"td", "th"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


@dataclass
class _Piece:
    text: str
    level: int | None
    in_main: bool
    new_paragraph: bool


@dataclass
class _Frame:
    tag: str
    skip: bool
    main: bool


@dataclass
class _Reader(HTMLParser):
    pieces: list[_Piece] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    title: str = ""
    in_title: bool = False
    has_main: bool = False
    articles: int = 0
    buffer: list[str] = field(default_factory=list)
    level: int | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _skipping(self) -> bool:
        return any(frame.skip for frame in self.stack)

    def _in_main(self) -> bool:
        return any(frame.main for frame in self.stack)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.pieces.append(_Piece(text, self.level, self._in_main(), True))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "title":
            self.in_title = True
        if tag in _BLOCKS or tag == "br":
            self._flush()
        if tag in _CELLS:
            self.buffer.append(" | ")
        if tag in _VOID:
            return
        names = f"{values.get('id', '')} {values.get('class', '')}"
        role = values.get("role", "").lower()
        skip = (
            tag in _SKIP_TAGS
            or role in _SKIP_ROLES
            or bool(_SKIP_NAMES.search(names))
            or "hidden" in values
            or values.get("aria-hidden") == "true"
        )
        main = tag == "main" or role == "main"
        self.has_main = self.has_main or main
        self.articles += tag == "article"
        self.stack.append(_Frame(tag, skip and tag not in {"html", "body", "main"}, main or tag == "article"))
        if re.fullmatch(r"h[1-6]", tag):
            self.level = int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _BLOCKS:
            self._flush()
        if re.fullmatch(r"h[1-6]", tag):
            self.level = None
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if not self._skipping():
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(raw[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8"]:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("cp1252", errors="replace")


def html_lines(markup: str) -> tuple[list[Line], str]:
    """Lines of the page's main content, and its <title>."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    pieces = reader.pieces
    if reader.has_main or reader.articles == 1:
        pieces = [p for p in pieces if p.in_main]
    title = re.sub(r"\s+", " ", reader.title).strip()
    return [Line(p.text, level=p.level) for p in pieces], title


def _title(lines: list[Line], page_title: str) -> str:
    first_h1 = next((line.text for line in lines if line.level == 1), "")
    if first_h1:
        return first_h1
    # "Directive sur les cadeaux - Canada.ca": the part before the site name
    return re.split(r"\s+[-|–—]\s+", page_title)[0] if page_title else ""


def parse(path: Path, meta: DocumentMeta | None = None) -> ParsedDocument:
    meta = meta or DocumentMeta()
    lines, page_title = html_lines(_decode(path.read_bytes()))
    if sum(len(line.text) for line in lines if line.level is None) < 40:
        raise ParseError(
            f"{path.name}: no main content in this page (only navigation, header or footer?)",
            code="no_text",
            name=path.name,
        )
    title = _title(lines, page_title)
    lines = [Line(line.text, level=0) if line.level == 1 and line.text == title else line for line in lines]
    return finish(path, meta, lines, fmt="html", title_hint=title, context_hints=[page_title])
