"""PDF → ParsedDocument, from the text layer (pypdf); page numbers are kept for citations.

A PDF with articles is cited by article; one without by page ("Guide …, p. 4"). Running headers
and footers (a line on most pages) and bare page numbers are dropped. A scanned PDF has no text
layer: OCR with Debian's `tesseract` (French data installed) when the machine has it, otherwise a
clear error. Encrypted PDFs open only when they need no password.
"""

from __future__ import annotations

import logging
import re
import shutil
import statistics
import subprocess
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pypdf import PasswordType, PdfReader

from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.parsers._common import MAX_PAGES, finish
from indexer.structure import Line

logger = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|de|of|sur)\s*\d{1,4})?$", re.IGNORECASE
)
_MIN_CHARS_PER_PAGE = 15
_FURNITURE_CHARS = 160  # « Commission de l'énergie et de l'eau - Politique sur les activités extérieures »
_ARTICLE = re.compile(r"^(article|art\.|section)\s*\d", re.IGNORECASE)
_OCR_TIMEOUT = 120


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ParseError(
                f"{path.name}: this PDF is password-protected; save an unprotected copy and add that",
                code="password",
                name=path.name,
            )
        len(reader.pages)
    except ParseError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files; all mean "cannot read"
        raise ParseError(
            f"{path.name}: not a readable PDF (damaged or not a PDF: {type(exc).__name__})",
            code="damaged",
            name=path.name,
        ) from exc
    return reader


def _page_texts(reader: PdfReader, name: str) -> list[str]:
    if len(reader.pages) > MAX_PAGES:
        raise ParseError(
            f"{name}: {len(reader.pages)} pages; at most {MAX_PAGES} are indexed",
            code="too_many_pages",
            name=name,
        )
    texts = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:  # a damaged content stream
            raise ParseError(
                f"{name}: page {number} is damaged ({type(exc).__name__})", code="damaged", name=name
            ) from exc
    return texts


@lru_cache(maxsize=1)
def ocr_available() -> bool:
    """Debian's tesseract with its French data (tesseract-ocr, tesseract-ocr-fra)."""
    if shutil.which("tesseract") is None:
        return False
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "fra" in listed.stdout.split()


def _ocr(reader: PdfReader, name: str) -> list[str]:
    """Text of each page from its images (a scanned page is one image)."""
    texts = []
    with tempfile.TemporaryDirectory(prefix="ses-ocr-") as tmp:
        for number, page in enumerate(reader.pages, start=1):
            parts = []
            try:
                images = list(page.images)
            except Exception as exc:
                raise ParseError(
                    f"{name}: page {number}: images not readable for OCR ({type(exc).__name__})",
                    code="damaged",
                    name=name,
                ) from exc
            for i, image in enumerate(images):
                target = Path(tmp) / f"p{number}-{i}{Path(image.name).suffix or '.png'}"
                target.write_bytes(image.data)
                done = subprocess.run(
                    ["tesseract", str(target), "stdout", "-l", "fra+eng"],
                    capture_output=True,
                    text=True,
                    timeout=_OCR_TIMEOUT,
                )
                parts.append(done.stdout)
            texts.append("\n".join(parts))
    return texts


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages: running titles, footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {
            _shape(line)
            for line in lines[:2] + lines[-2:]
            if len(line) <= _FURNITURE_CHARS and not _ARTICLE.match(line)
        }
        counts.update(edge)
    return {shape for shape, n in counts.items() if n >= max(3, 0.6 * len(pages))}


def running_headers(texts: list[str]) -> list[str]:
    """The page furniture that has words, as printed on the first page that shows it (a running header
    naming the issuer: « Commission de l'énergie - Politique sur … »)."""
    pages = [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]
    furniture = _furniture(pages)
    seen: dict[str, str] = {}
    for lines in pages:
        for line in lines[:2]:
            shape = _shape(line)
            if shape in furniture and not _PAGE_NUMBER.match(line) and re.search(r"[^\W\d]{3}", line):
                seen.setdefault(shape, line)
    return list(seen.values())


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().casefold())


def page_lines(texts: list[str], title: str = "") -> list[Line]:
    """Lines of every page, page furniture dropped, hyphenated line ends joined, paragraph ends guessed.

    The title repeated at the top of pages after the first is a running header, however few the pages.
    """
    pages = [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]
    furniture = _furniture(pages)
    if title:
        pages = [
            lines
            if n == 0
            else [line for i, line in enumerate(lines) if i > 1 or _shape(line) != _shape(title)]
            for n, lines in enumerate(pages)
        ]
    lengths = [len(line) for lines in pages for line in lines]
    typical = statistics.median(lengths) if lengths else 0
    out: list[Line] = []
    for number, lines in enumerate(pages, start=1):
        kept = [line for line in lines if not _PAGE_NUMBER.match(line) and _shape(line) not in furniture]
        previous = ""
        for line in kept:
            if out and out[-1].page == number and re.search(r"\w-$", previous) and line[:1].islower():
                joined = out[-1].text[:-1] + line
                out[-1] = Line(joined, number, new_paragraph=out[-1].new_paragraph)
                previous = joined
                continue
            ended = previous.endswith((".", ":", ";", "!", "?", "»")) and len(previous) < 0.7 * typical
            out.append(Line(line, number, new_paragraph=not previous or ended))
            previous = line
    return out


def _title_hint(reader: PdfReader) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # a damaged info dictionary only costs us the hint
        return ""
    title = str(title or "").strip()
    return "" if re.search(r"(untitled|sans titre|microsoft word|\.docx?$)", title, re.IGNORECASE) else title


def parse(path: Path, meta: DocumentMeta | None = None, *, ocr: bool | None = None) -> ParsedDocument:
    """`ocr`: whether a PDF without text may be read by OCR (default: when tesseract is installed)."""
    meta = meta or DocumentMeta()
    reader = _open(path)
    texts = _page_texts(reader, path.name)
    if sum(len(t.strip()) >= _MIN_CHARS_PER_PAGE for t in texts) == 0:
        if not (ocr_available() if ocr is None else ocr):
            raise ParseError(
                f"{path.name}: this PDF has no text layer (a scan?); install tesseract with French "
                "(apt-get install tesseract-ocr tesseract-ocr-fra) to read it by OCR, or add a PDF with text",
                code="no_text_layer",
                name=path.name,
            )
        logger.info("%s: no text layer, running OCR on %d pages", path.name, len(texts))
        texts = _ocr(reader, path.name)
    title = _title_hint(reader)
    return finish(
        path,
        meta,
        page_lines(texts, meta.title or title),
        fmt="pdf",
        title_hint=title,
        context_hints=running_headers(texts),
        paged=True,
    )
