"""The HTML parser keeps a page's main content and nothing of its navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import makers
from indexer.documents import ParseError
from indexer.parsers import parse_file


def test_only_the_main_content_of_a_page_is_read(documents: dict[str, Path]) -> None:
    doc = parse_file(documents["privacy.html"])
    assert (doc.lang, doc.structure, doc.title, doc.kind) == (
        "en",
        "section",
        "Privacy Code for Secretariat Staff",
        "code",
    )
    assert [p.label for p in doc.provisions] == ["preamble", "1", "2", "3", "4"]
    assert doc.provisions[4].marginal_note == "Use of personal information"
    text = " ".join(b.text for p in doc.provisions for b in p.blocks)
    for furniture in ("Home", "cookies", "Terms and conditions", "Related links", "tracking", "color: red"):
        assert furniture not in text


def test_a_page_of_only_navigation_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no main content"):
        parse_file(makers.navigation_only_html(tmp_path / "menu.html"))


def test_a_page_without_main_element_drops_nav_header_and_footer(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text(
        """<html><head><meta charset="windows-1252"></head><body><div class="navbar">Accueil | Directives</div>
<h1>Ligne directrice sur les activités politiques</h1>
<h2>Article 1 – Candidature</h2><p>Le membre qui souhaite se porter candidat à une élection en informe le registraire.</p>
<h2>Article 2 – Réserve</h2><p>Le membre s'abstient de tout commentaire public sur une affaire en instance.</p>
<footer>Haut de page</footer></body></html>""",
        encoding="cp1252",
    )
    doc = parse_file(page)
    assert doc.title == "Ligne directrice sur les activités politiques"
    assert [(p.label, p.marginal_note) for p in doc.provisions] == [("1", "Candidature"), ("2", "Réserve")]
    assert "Accueil" not in " ".join(b.text for p in doc.provisions for b in p.blocks)


def test_entities_of_a_dtd_are_never_expanded(tmp_path: Path) -> None:
    page = tmp_path / "laughs.html"
    page.write_text(
        '<!DOCTYPE html [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<html><body><main><h1>Code de conduite</h1><p>Article 1 – Objet. &b;&b;&b; Le présent code "
        "s'applique à tous les membres et au personnel du Tribunal, pendant leur mandat et après celui-ci, "
        "dans toutes leurs activités liées au Tribunal.</p></main></body></html>",
        encoding="utf-8",
    )
    text = " ".join(b.text for p in parse_file(page).provisions for b in p.blocks)
    assert "haha" not in text
