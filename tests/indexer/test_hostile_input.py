"""Bad and hostile files handed to `add`: each is refused with a clear message, and the live index,
its versions and the local documents folder are exactly as they were."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bench import makers
from indexer.documents import DocumentMeta, ParseError
from indexer.intake import IntakeConfig
from indexer.manage import add_documents
from tests.indexer.conftest import Site


def _corrupt_pdf(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "corrupt.pdf"
    data = bytearray(docs["directive.pdf"].read_bytes())
    data[200:4000] = b"\x00" * 3800  # the page streams and the xref are garbage now
    path.write_bytes(bytes(data[: len(data) // 2]))
    return path


def _encrypted_pdf(tmp: Path, docs: dict[str, Path]) -> Path:
    return makers.make_pdf(
        tmp / "locked.pdf",
        [["Article 1 - Objet", "Texte réservé aux membres du Tribunal."]],
        owner_password="o",
        user_password="secret",
    )


def _empty(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "empty.docx"
    path.touch()
    return path


def _lying_extension(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "directive.pdf"
    path.write_bytes(docs["code.docx"].read_bytes())
    return path


def _zip_bomb(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "bomb.docx"
    with zipfile.ZipFile(docs["code.docx"]) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, old.read(item.filename))
        new.writestr("word/media/image1.bin", b"\0" * (400 * 2**20))
    return path


def _xxe(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "loi.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE Statute [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<Statute xml:lang="fr"><Body>&e;</Body></Statute>',
        encoding="utf-8",
    )
    return path


def _billion_laughs(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "rires.xml"
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE Statute [{entities}]><Statute xml:lang="fr"><Body>&j;</Body>'
        "</Statute>",
        encoding="utf-8",
    )
    return path


def _navigation_only(tmp: Path, docs: dict[str, Path]) -> Path:
    return makers.navigation_only_html(tmp / "menu.html")


def _spanish(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "codigo-etica.md"
    path.write_text(
        "# Código de ética\n\nArtículo 1 – Objeto\nEl presente código establece las normas de conducta "
        "que deben observar los miembros del tribunal en el ejercicio de sus funciones.\n\nArtículo 2 – "
        "Regalos\nNingún miembro puede aceptar regalos de las partes en un procedimiento pendiente.\n",
        encoding="utf-8",
    )
    return path


def _only_a_title(tmp: Path, docs: dict[str, Path]) -> Path:
    path = tmp / "politique-cadeaux.md"
    path.write_text("# Politique sur les cadeaux et l'hospitalité\n\nÀ venir.\n", encoding="utf-8")
    return path


def _two_thousand_pages(tmp: Path, docs: dict[str, Path]) -> Path:
    """About 2,000 pages of text (3,000 characters a page) in a file under the size limit."""
    path = tmp / "compilation.txt"
    article = (
        "Le membre déclare au registraire tout intérêt qu'il détient dans une affaire dont il est saisi. "
    )
    path.write_text(
        "".join(f"Article {n} - Déclaration\n{article * 17}\n\n" for n in range(1, 2001)), encoding="utf-8"
    )
    return path


# (what, how to make it, the message's reason, its code — what the Slack bot explains in the user's language)
HOSTILE: list[tuple[str, Callable[[Path, dict[str, Path]], Path], str, str]] = [
    ("corrupt PDF", _corrupt_pdf, "not a readable PDF|damaged|no readable text", "damaged|no_text"),
    ("encrypted PDF", _encrypted_pdf, "password-protected", "password"),
    ("zero-byte file", _empty, r"empty \(0 bytes\)", "empty"),
    ("extension that lies", _lying_extension, r"name says \.pdf but the content is a zip", "mismatch"),
    ("DOCX zip bomb", _zip_bomb, "zip bomb", "unsafe"),
    ("XML with an external entity", _xxe, "not readable as Justice Laws XML", "unsafe"),
    ("XML billion laughs", _billion_laughs, "not readable as Justice Laws XML", "unsafe"),
    ("HTML of only navigation", _navigation_only, "no main content", "no_text"),
    ("document in Spanish", _spanish, "'es', not French or English", "language"),
    ("only a title", _only_a_title, "too little to answer questions from", "too_little_text"),
    (
        "2,000 pages of text",
        _two_thousand_pages,
        r"about \d{4} pages of text; at most 1000",
        "too_many_pages",
    ),
]


@pytest.mark.parametrize(
    ("make", "message", "code"), [(m, msg, c) for _, m, msg, c in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_a_hostile_file_is_refused_and_the_live_index_is_untouched(
    site: Site,
    tmp_path: Path,
    documents: dict[str, Path],
    make: Callable[[Path, dict[str, Path]], Path],
    message: str,
    code: str,
) -> None:
    before = site.snapshot()
    path = make(tmp_path, documents)
    with pytest.raises(ParseError, match=message) as refused:
        add_documents(site.config, site.intake, [path])
    assert re.fullmatch(code, refused.value.code) and refused.value.name.endswith(path.name)
    assert site.snapshot() == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(site: Site, tmp_path: Path) -> None:
    before = site.snapshot()
    big = tmp_path / "big.txt"
    big.write_bytes(b"Article 1 - Objet\n" + b"Le membre declare ses interets. " * (200 * 1024))
    intake = IntakeConfig(site.intake.allowed_dirs, max_bytes=2 * 2**20)
    with pytest.raises(ParseError, match=r"over the 2 MB limit \(SES_MAX_UPLOAD_MB\)") as refused:
        add_documents(site.config, intake, [big])
    assert refused.value.code == "too_big"
    assert site.snapshot() == before


def test_a_path_outside_the_allowed_folders_is_refused(site: Site, tmp_path: Path) -> None:
    before = site.snapshot()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text(
        "# Directive\n\nArticle 1 – Objet\nLe membre agit avec intégrité en tout temps.\n", encoding="utf-8"
    )
    try:
        intake = IntakeConfig(allowed_dirs=(tmp_path / "uploads",), max_bytes=2**20)
        (tmp_path / "uploads").mkdir()
        link = tmp_path / "uploads" / "innocent.md"
        link.symlink_to(outside)
        for path in (
            outside,
            link,
            Path("/etc/hostname"),
            tmp_path / "uploads" / ".." / "uploads" / ".." / "x.md",
        ):
            with pytest.raises(ParseError, match="outside the folders|not found"):
                add_documents(site.config, intake, [path])
    finally:
        outside.unlink()
    assert site.snapshot() == before


def test_a_good_file_next_to_a_bad_one_is_not_added_either(
    site: Site, tmp_path: Path, documents: dict[str, Path]
) -> None:
    """One `add` is one version: all its files or none."""
    before = site.snapshot()
    with pytest.raises(ParseError, match="no main content"):
        add_documents(
            site.config,
            site.intake,
            [documents["guide.pdf"], makers.navigation_only_html(tmp_path / "m.html")],
        )
    assert site.snapshot() == before


def test_bad_metadata_is_refused() -> None:
    for values, message in (
        ({"lang": "es"}, "language"),
        ({"kind": "memo"}, "kind must be"),
        ({"effective_date": "2024-13-01"}, "YYYY-MM-DD"),
        ({"url": "javascript:alert(1)"}, "URL"),
        ({"doc": "../../etc"}, "document id"),
    ):
        with pytest.raises(ParseError, match=message):
            DocumentMeta(**values)
