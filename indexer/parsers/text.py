"""Markdown and plain text → ParsedDocument.

Markdown headings (« # », « ## », underlined ones) give levels; emphasis, links and images are
reduced to their text. Plain text relies on the patterns alone (« Article 12 », « CHAPITRE II »).
A blank line ends a paragraph; other line breaks only wrap it.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.parsers._common import finish
from indexer.structure import Line

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](\S(?:.*?\S)?)[*_](?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
)
_BULLET = re.compile(r"^\s*[-*+]\s+")
_QUOTE = re.compile(r"^\s*>\s?")


def decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:8192]:
        raise ParseError(f"{name}: binary content, not text", code="damaged", name=name)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # French texts saved by older Windows tools


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text.strip()


def text_lines(text: str, markdown: bool) -> list[Line]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    depths: dict[int, int] = {}  # index in `lines` → "#" count of a Markdown heading
    paragraph_start = True
    in_code = False
    for i, line in enumerate(raw):
        stripped = line.strip()
        if markdown and stripped.startswith("```"):
            in_code = not in_code
            continue
        following = raw[i + 1].strip() if i + 1 < len(raw) else ""
        if markdown and not in_code and stripped:
            atx = _ATX.match(stripped)
            if atx:
                depths[len(lines)] = len(atx.group(1))
                lines.append(Line(_inline(atx.group(2))))
                paragraph_start = True
                continue
            if paragraph_start and following and _SETEXT.match(following):
                depths[len(lines)] = 1 if following.startswith("=") else 2
                lines.append(Line(_inline(stripped)))
                raw[i + 1] = ""
                paragraph_start = True
                continue
            if re.fullmatch(r"[-*_]{3,}", stripped):
                stripped = ""
            else:
                bullet = bool(_BULLET.match(line))
                stripped = _inline(_BULLET.sub("• " if bullet else "", _QUOTE.sub("", line)).strip())
                paragraph_start = paragraph_start or bullet
        if not stripped:
            paragraph_start = True
            continue
        lines.append(Line(stripped, new_paragraph=paragraph_start))
        paragraph_start = False
    return _levels(lines, depths)


def _levels(lines: list[Line], depths: dict[int, int]) -> list[Line]:
    """A lone top heading that opens the document is its title (level 0); the others count from 1."""
    if not depths:
        return lines
    top = min(depths.values())
    tops = [i for i, depth in depths.items() if depth == top]
    titled = len(tops) == 1 and tops[0] == min(depths)
    out = list(lines)
    for i, depth in depths.items():
        level = 0 if titled and i == tops[0] else depth - top + (0 if titled else 1)
        out[i] = Line(lines[i].text, level=level)
    return out


def parse(path: Path, meta: DocumentMeta | None = None) -> ParsedDocument:
    meta = meta or DocumentMeta()
    markdown = path.suffix.lower() in {".md", ".markdown"}
    lines = text_lines(decode(path.read_bytes(), path.name), markdown)
    title = next((line.text for line in lines if line.level == 0), "")
    return finish(path, meta, lines, fmt="text", title_hint=title)
