"""The issuer line of a document (who adopted it), read from each format and searched with every passage:
articles rarely repeat the name of the body, questions often give it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from indexer.chunking import chunk
from indexer.parsers import parse_file
from indexer.parsers._common import document_context
from indexer.structure import Line

ADDED = REPO_ROOT / "tests" / "data" / "added" / "documents"


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("outside-activities-policy.pdf", "Québec Energy and Water Regulatory Commission"),  # running header
        (
            "directive-apres-mandat.docx",
            "Ministère de l'Économie et des Régions",
        ),  # first line under the title
        ("guide-signalement.md", "Secrétariat aux emplois supérieurs"),
    ],
)
def test_the_issuer_is_searched_with_every_passage(name: str, issuer: str) -> None:
    document = parse_file(ADDED / name)
    assert issuer in document.context
    passages = chunk(document)
    assert all(issuer in p.search_text() for p in passages)
    assert not any(issuer in p.text for p in passages if p.section not in ("preamble", "préambule"))


def test_the_context_leaves_out_the_title_and_what_is_not_a_line_under_it() -> None:
    title = "Code de conduite des membres"
    lines = [Line(title, level=0), Line("Chapitre 1 — Objet", level=1), Line("Le présent code s'applique.")]
    assert (
        document_context(title, lines, ["Code de conduite des membres | Tribunal du logement"])
        == "Tribunal du logement"
    )
    assert document_context(title, [Line(title, level=0), Line("Article 1 - Objet")]) == ""


def test_a_page_title_naming_the_site_gives_the_issuer(tmp_path: Path) -> None:
    page = tmp_path / "code.html"
    page.write_text(
        "<html><head><title>Code de conduite - Régie des marchés agricoles</title></head><body><main>"
        "<h1>Code de conduite</h1><h2>Article 1 - Cadeaux</h2><p>Le régisseur refuse tout cadeau offert par "
        "une partie ou son représentant, quelle qu'en soit la valeur.</p></main></body></html>",
        encoding="utf-8",
    )
    assert parse_file(page).context == "Régie des marchés agricoles"
