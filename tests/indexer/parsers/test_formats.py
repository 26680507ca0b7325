"""A file's content decides how it is read, and must agree with its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.documents import ParseError
from indexer.parsers import parse_file, sniff


@pytest.mark.parametrize(
    ("head", "found"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"PK\x03\x04", "zip"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><Statute/>", "xml"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"  <html lang='fr'>", "html"),
        (b"Article 1", "text"),
        (b"\x89PNG\r\n", "a PNG image"),
        (b"\x7fELF\x02", "a program"),
        (b"\x00\x01\x02", "binary data"),
    ],
)
def test_sniff_reads_the_first_bytes(head: bytes, found: str) -> None:
    assert sniff(head) == found


def test_a_zero_byte_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.touch()
    with pytest.raises(ParseError, match="empty"):
        parse_file(empty)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("directive.pdf", b"<html><body><p>Article 1</p></body></html>", "content is HTML"),
        ("code.docx", b"%PDF-1.4\n%...", "content is a PDF"),
        ("guide.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 64, "content is a program"),
        ("loi.xml", b"<!DOCTYPE html><html><body>x</body></html>", "content is HTML"),
        ("notes.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "content is a PNG image"),
    ],
)
def test_an_extension_that_lies_about_the_type_is_refused(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ParseError, match=says):
        parse_file(path)


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "macro.xlsm"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ParseError, match="unsupported file type"):
        parse_file(path)


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Statute xml:lang="fr">&e;</Statute>',
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><Statute xml:lang="fr"><Body>&lol3;</Body></Statute>',
    ],
)
def test_xml_with_external_entities_or_billion_laughs_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match="not readable"):
        parse_file(path)


def test_a_document_in_another_language_is_refused_unless_its_language_is_given(tmp_path: Path) -> None:
    from indexer.documents import DocumentMeta

    path = tmp_path / "codigo.txt"
    path.write_text(
        "Artículo 1 – Objeto\nEl presente código establece las normas de conducta que deben observar "
        "todos los miembros del tribunal y su personal en el ejercicio de sus funciones públicas.\n"
        "Artículo 2 – Regalos\nNingún miembro puede aceptar regalos de las partes en un procedimiento.",
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match="'es', not French or English"):
        parse_file(path)
    assert parse_file(path, DocumentMeta(lang="fr")).lang == "fr"
