"""The PDF parser on real PDFs made from corpus texts, and on damaged, locked and scanned ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import makers
from indexer.chunking import chunk
from indexer.documents import DocumentMeta, ParseError
from indexer.parsers import parse_file, pdf
from indexer.parsers.pdf import ocr_available


def test_a_directive_pdf_is_cited_by_article_with_chapters_as_headings(documents: dict[str, Path]) -> None:
    doc = parse_file(documents["directive.pdf"])
    assert (doc.lang, doc.kind, doc.format, doc.structure) == ("fr", "directive", "pdf", "article")
    assert doc.title == "Directive sur la divulgation d'actes répréhensibles au Secrétariat"
    assert [p.label for p in doc.provisions] == ["1", "2", "3", "4", "5", "6", "7"]
    fifth = doc.provisions[4]
    assert fifth.marginal_note.startswith("Divulgation au supérieur hiérarchique")
    assert fifth.headings == ("Chapitre 2 - Divulgations",)
    text = " ".join(b.text for p in doc.provisions for b in p.blocks)
    assert "Page 1 of 2" not in text and "Secrétariat Directive" not in text  # footers and running headers
    assert (
        chunk(doc)[4].citation == "Directive sur la divulgation d'actes répréhensibles au Secrétariat, art. 5"
    )
    assert len(doc.content_hash) == 64


def test_a_pdf_without_articles_is_cited_by_page(documents: dict[str, Path]) -> None:
    doc = parse_file(documents["guide.pdf"])
    assert (doc.lang, doc.structure, doc.title) == ("en", "page", "Guide to Access Requests")
    assert [p.label for p in doc.provisions] == ["p. 1", "p. 2", "p. 3", "p. 4", "p. 5", "p. 6"]
    assert "Extension of time limits" in doc.provisions[4].blocks[0].text
    assert {p.citation for p in chunk(doc) if p.section == "p. 5"} == {"Guide to Access Requests, p. 5"}
    assert "Page 2 of 6" not in " ".join(b.text for p in doc.provisions for b in p.blocks)


def test_given_metadata_overrides_what_the_file_says(documents: dict[str, Path]) -> None:
    meta = DocumentMeta(
        doc="guide-ai",
        title="Guide de l'accès",
        lang="en",
        kind="faq",
        url="https://example.org/g",
        effective_date="2024-04-01",
    )
    doc = parse_file(documents["guide.pdf"], meta)
    assert (doc.doc, doc.title, doc.kind, doc.url, doc.effective_date) == (
        "guide-ai",
        "Guide de l'accès",
        "faq",
        "https://example.org/g",
        "2024-04-01",
    )


def test_a_corrupt_pdf_is_refused_clearly(tmp_path: Path, documents: dict[str, Path]) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(documents["guide.pdf"].read_bytes()[:300])
    with pytest.raises(ParseError, match="not a readable PDF|no readable text|damaged"):
        parse_file(damaged)


def test_a_password_protected_pdf_is_refused_clearly(tmp_path: Path) -> None:
    locked = makers.make_pdf(
        tmp_path / "locked.pdf",
        [["Article 1 - Objet", "Texte confidentiel du code."]],
        owner_password="owner",
        user_password="secret",
    )
    with pytest.raises(ParseError, match="password-protected"):
        parse_file(locked)


def test_a_pdf_restricted_only_by_an_owner_password_is_read(tmp_path: Path) -> None:
    """Many PDFs are "encrypted" only to forbid printing: they open with an empty password."""
    restricted = makers.make_pdf(
        tmp_path / "restricted.pdf",
        [["Article 1 - Objet", "Le présent code s'applique aux membres du Tribunal et à son personnel."]],
        owner_password="owner",
        user_password="",
    )
    assert [p.label for p in parse_file(restricted).provisions] == ["1"]


def test_a_scanned_pdf_without_ocr_says_it_has_no_text_layer(tmp_path: Path) -> None:
    scanned = makers.make_scanned_pdf(tmp_path / "scan.pdf", "Article 1 - Objet du code")
    with pytest.raises(ParseError, match="no text layer.*tesseract"):
        pdf.parse(scanned, ocr=False)


@pytest.mark.skipif(not ocr_available(), reason="needs Debian's tesseract-ocr and tesseract-ocr-fra")
def test_a_scanned_pdf_is_read_by_ocr_when_tesseract_is_installed(tmp_path: Path) -> None:
    scanned = makers.make_scanned_pdf(
        tmp_path / "scan.pdf", "Article 1 - Objet\nLe membre declare tout cadeau recu."
    )
    doc = parse_file(scanned, DocumentMeta(lang="fr"))
    assert "cadeau" in " ".join(b.text for p in doc.provisions for b in p.blocks)
