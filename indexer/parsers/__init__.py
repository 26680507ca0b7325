"""One parser per format, chosen by the file's content (magic bytes), which must agree with its name.

Each parser is `parse(path, meta=None) -> ParsedDocument`; `parse_file` sniffs, checks and dispatches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.parsers import docx, html, justice_xml, pdf, text
from indexer.parsers._common import document_id

__all__ = ["EXTENSIONS", "PARSERS", "document_id", "file_format", "parse_file", "sniff"]

EXTENSIONS = {
    ".xml": "xml",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "text",
    ".markdown": "text",
    ".txt": "text",
}
PARSERS: dict[str, Callable[[Path, DocumentMeta | None], ParsedDocument]] = {
    "xml": justice_xml.parse,
    "pdf": pdf.parse,
    "docx": docx.parse,
    "html": html.parse,
    "text": text.parse,
}
# what the content may be, for each format the name announces
_AGREES = {
    "xml": {"xml"},
    "pdf": {"pdf"},
    "docx": {"zip"},
    "html": {"html", "xml", "text"},
    "text": {"text", "html", "xml"},
}
_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "an old Word .doc or a password-protected Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)
_HTML_DOCUMENT = re.compile(rb"<(!doctype\s+html|html)[\s>]", re.IGNORECASE)
# a fragment without <html>: lowercase (or old uppercase) HTML tags; Justice XML's <Body> and <Title> are neither
_HTML_FRAGMENT = re.compile(
    rb"<(head|body|main|article|div|p|h[1-6]|title|meta|HEAD|BODY|DIV|P|H[1-6]|TITLE)[\s>/]"
)
_DESCRIPTIONS = {"xml": "XML", "pdf": "a PDF", "zip": "a zip archive (DOCX?)", "html": "HTML", "text": "text"}


def sniff(head: bytes) -> str:
    """What the first bytes say: pdf, zip, xml, html, text, or a description of a format we do not read."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    for magic, description in _MAGIC:
        if head.startswith(magic):
            return description
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if b"\x00" in head:
        return (
            "binary data"
            if not body.startswith((b"\xff\xfe", b"\xfe\xff"))
            else "UTF-16 text (save it as UTF-8)"
        )
    if body.startswith(b"<"):
        start = body[:4096]
        if _HTML_DOCUMENT.search(start):
            return "html"
        if body.startswith((b"<?xml", b"<!DOCTYPE", b"<!doctype")):
            return "xml"
        return "html" if _HTML_FRAGMENT.search(start) else "xml"
    return "text"


def file_format(path: Path) -> str:
    """The format to parse `path` with; ParseError when the file is empty, unknown, or lies about its type."""
    announced = EXTENSIONS.get(path.suffix.lower())
    if announced is None:
        raise ParseError(
            f"{path.name}: unsupported file type; add PDF, DOCX, HTML, Markdown, text or Justice Laws XML",
            code="unsupported",
            name=path.name,
        )
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        raise ParseError(f"{path.name}: the file is empty (0 bytes)", code="empty", name=path.name)
    found = sniff(head)
    if found not in _AGREES[announced]:
        raise ParseError(
            f"{path.name}: the name says {path.suffix.lower()} but the content is "
            f"{_DESCRIPTIONS.get(found, found)}; refused (rename or convert the file)",
            code="mismatch",
            name=path.name,
        )
    return announced


def parse_file(path: Path, meta: DocumentMeta | None = None) -> ParsedDocument:
    return PARSERS[file_format(path)](path, meta)
