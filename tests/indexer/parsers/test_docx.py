"""The DOCX parser on real Word files made with python-docx, and on hostile ones."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bench import makers
from indexer.chunking import chunk
from indexer.documents import ParseError
from indexer.parsers import parse_file


def test_word_headings_and_articles_are_the_structure(documents: dict[str, Path]) -> None:
    doc = parse_file(documents["code.docx"])
    assert (doc.lang, doc.kind, doc.structure, doc.title) == (
        "fr",
        "code",
        "article",
        "Code d'éthique des commissaires",
    )
    assert [p.label for p in doc.provisions] == ["préambule", "1", "2", "3", "4"]
    third = doc.provisions[3]
    assert third.marginal_note == "Délégation aux commissaires et fonctionnaires"
    assert third.headings == ("Chapitre 2 — Délégation",)
    assert "Registraire | registraire@example.org" in " ".join(b.text for b in doc.provisions[-1].blocks)
    assert chunk(doc)[3].citation == "Code d'éthique des commissaires, art. 3"


def test_word_list_numbering_is_put_back_into_the_text(tmp_path: Path) -> None:
    """ "List Number" paragraphs carry their numbers in numbering.xml, not in the text."""
    path = makers.numbered_docx(
        tmp_path / "teletravail.docx",
        [
            "Le télétravail est autorisé deux jours par semaine pour les employés admissibles.",
            "La demande est adressée au gestionnaire par écrit au moins dix jours à l'avance.",
            "Le gestionnaire répond dans les cinq jours ouvrables suivant la demande.",
        ],
    )
    doc = parse_file(path)
    assert doc.structure == "numbered"
    assert [p.label for p in doc.provisions] == ["1", "2", "3"]
    assert doc.provisions[1].blocks[0].text.startswith("La demande est adressée")


def _rezip(
    source: Path,
    target: Path,
    extra: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for item in old.infolist():
            new.writestr(item.filename, (replace or {}).get(item.filename, old.read(item.filename)))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def test_a_zip_bomb_is_refused_before_anything_inflates_it(
    tmp_path: Path, documents: dict[str, Path]
) -> None:
    bomb = _rezip(
        documents["code.docx"], tmp_path / "bomb.docx", extra={"word/media/fill.bin": b"\0" * (300 * 2**20)}
    )
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(ParseError, match="zip bomb"):
        parse_file(bomb)


def test_a_docx_part_with_a_dtd_is_refused(tmp_path: Path, documents: dict[str, Path]) -> None:
    with zipfile.ZipFile(documents["code.docx"]) as original:
        body = original.read("word/document.xml")
    hostile = body.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
    path = _rezip(documents["code.docx"], tmp_path / "xxe.docx", replace={"word/document.xml": hostile})
    with pytest.raises(ParseError, match="DTD"):
        parse_file(path)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    with pytest.raises(ParseError, match="not a Word document"):
        parse_file(path)


def test_a_truncated_docx_is_refused(tmp_path: Path, documents: dict[str, Path]) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(documents["code.docx"].read_bytes()[:2000])
    with pytest.raises(ParseError, match="not a readable .docx|not a Word document"):
        parse_file(path)
