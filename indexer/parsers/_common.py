"""What every format's parser shares once it has lines of text: identity, language, title, kind, structure."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.structure import Line, build_structure
from knowledge.language import detect
from knowledge.text import fold

_SAMPLE_CHARS = 4000
# what a document must hold, besides its title and headings, to answer a question from; a lone title
# would be one short passage close to every question on its subject
MIN_BODY_WORDS = 5
PAGE_CHARS = 3000  # a printed page, for documents that have no pages
MAX_PAGES = 1000  # a longer text is refused: minutes of encoding, and thousands of passages to match
_MARKER = re.compile(
    r"^(article|art\.|section|chapitre|chapter|partie|part|titre|\(?\d+[.)])\s*", re.IGNORECASE
)
_KIND_WORDS = (
    ("faq", r"\b(faq|foire aux questions|questions fr[ée]quentes|frequently asked)\b"),
    ("code", r"\bcode\b"),
    ("directive", r"\bdirective\b"),
    ("guideline", r"\b(lignes? directrices?|guidelines?|guide)\b"),
    ("regulation", r"\b(r[èe]glement|regulations?)\b"),
    ("law", r"^(loi|act)\b|\bact$"),
)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def document_id(path: Path, meta: DocumentMeta) -> str:
    """The id given, or the file name made safe: « Directive cadeaux (2024).pdf » → Directive-cadeaux-2024."""
    if meta.doc:
        return meta.doc
    folded = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-._")[:80]
    return slug or "document"


def guess_kind(title: str) -> str:
    lowered = title.casefold()
    for kind, pattern in _KIND_WORDS:
        if re.search(pattern, lowered):
            return kind
    return "guideline"


def document_language(text: str, meta: DocumentMeta, name: str) -> str:
    """The language given, else the detected one; a document in neither French nor English is refused."""
    if meta.lang:
        return meta.lang
    detected = detect(text[:_SAMPLE_CHARS])
    if not detected.supported:
        raise ParseError(
            f"{name}: this document seems to be written in '{detected.detected}', not French or English; "
            "give its language explicitly (--lang fr|en) to index it anyway",
            code="language",
            name=name,
        )
    return detected.lang


def _title_from(lines: Sequence[Line], path: Path) -> str:
    """The first short line that is not already an article or a chapter, else the file name."""
    for line in lines[:5]:
        text = line.text.strip()
        if _MARKER.match(text):
            break
        if 3 <= len(text) <= 150 and not text.endswith((".", ";", ",")):
            return text
    return re.sub(r"[-_]+", " ", path.stem).strip() or path.name


_CONTEXT_CHARS = 160
_PART_SEPARATOR = re.compile(r"\s+[-|–—]\s+")
_SENTENCE = re.compile(r"(?<=[.;!?])\s")


def document_context(title: str, lines: Sequence[Line], hints: Sequence[str] = ()) -> str:
    """A line naming who issued the document: the parts of `hints` (a PDF's running header, a page's
    <title>) that are not its title, and the first line under the title when it comes before any
    heading or article, cut at its first sentence."""
    folded = fold(title)
    parts = [p.strip() for hint in hints for p in _PART_SEPARATOR.split(hint) if p.strip()]
    for line in lines:
        text = line.text.strip()
        if line.level == 0 or fold(text) == folded:
            continue
        if line.level is None and not _MARKER.match(text):
            parts += [p.strip() for p in _PART_SEPARATOR.split(_SENTENCE.split(text, maxsplit=1)[0])]
        break
    kept = [p for p in dict.fromkeys(parts) if fold(p) not in folded and len(p) <= _CONTEXT_CHARS]
    return " — ".join(kept)[: 2 * _CONTEXT_CHARS]


def finish(
    path: Path,
    meta: DocumentMeta,
    lines: Sequence[Line],
    *,
    fmt: str,
    title_hint: str = "",
    context_hints: Sequence[str] = (),
    paged: bool = False,
) -> ParsedDocument:
    """Lines of a document → ParsedDocument; a document with no readable text is a ParseError."""
    lines = [line for line in lines if line.text.strip()]
    text = "\n".join(line.text for line in lines)
    if len(re.findall(r"\w", text)) < 20:
        raise ParseError(f"{path.name}: no readable text in this file", code="no_text", name=path.name)
    if len(text) > MAX_PAGES * PAGE_CHARS:
        raise ParseError(
            f"{path.name}: about {len(text) // PAGE_CHARS} pages of text; at most {MAX_PAGES} are indexed "
            "(split the document)",
            code="too_many_pages",
            name=path.name,
        )
    lang = document_language(text, meta, path.name)
    title = meta.title or title_hint.strip() or _title_from(lines, path)
    structure = build_structure(lines, lang, title, paged=paged)
    if not structure.provisions:
        raise ParseError(
            f"{path.name}: no text to index once headings and page furniture are set aside",
            code="no_text",
            name=path.name,
        )
    body = sum(len(block.text.split()) for p in structure.provisions for block in p.blocks)
    if body < MIN_BODY_WORDS:
        raise ParseError(
            f"{path.name}: {body} words besides its title and headings; too little to answer questions "
            "from (add the full text)",
            code="too_little_text",
            name=path.name,
        )
    return ParsedDocument(
        doc=document_id(path, meta),
        lang=lang,
        title=title,
        url=meta.url,
        provisions=structure.provisions,
        kind=meta.kind or guess_kind(title),
        section_word=structure.section_word,
        effective_date=meta.effective_date,
        content_hash=file_hash(path),
        file=meta.file or path.name,
        format=fmt,
        structure=structure.unit,
        context=document_context(title, lines, context_hints),
        aliases=meta.aliases,
    )
