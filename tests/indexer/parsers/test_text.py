"""Markdown and plain text: headings, articles, paragraphs."""

from __future__ import annotations

from pathlib import Path

from indexer.chunking import chunk
from indexer.parsers import parse_file


def test_markdown_headings_and_articles(tmp_path: Path) -> None:
    path = tmp_path / "directive-cadeaux.md"
    path.write_text(
        """# Directive sur les cadeaux

Le présent document précise les règles applicables aux membres en matière de cadeaux.

## Chapitre 1 — Règles

**Article 1** – Valeur maximale
(1) Un membre ne peut accepter un cadeau dont la valeur excède 75 dollars.
(2) Tout autre cadeau est déclaré au [registraire](https://example.org) dans les trente jours.
""",
        encoding="utf-8",
    )
    doc = parse_file(path)
    assert (doc.doc, doc.title, doc.structure, doc.kind) == (
        "directive-cadeaux",
        "Directive sur les cadeaux",
        "article",
        "directive",
    )
    article = doc.provisions[-1]
    assert (article.label, article.marginal_note, article.headings) == (
        "1",
        "Valeur maximale",
        ("Chapitre 1 — Règles",),
    )
    assert [b.locator for b in article.blocks] == ["1(1)", "1(2)"]
    assert "registraire dans" in article.blocks[1].text
    assert chunk(doc)[-1].citation == "Directive sur les cadeaux, art. 1"


def test_plain_text_without_structure_is_cut_into_paragraph_groups(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    paragraph = (
        "Les membres du Tribunal doivent déclarer leurs intérêts personnels au registraire chaque année. "
    )
    path.write_bytes("\n\n".join(paragraph * 4 for _ in range(8)).encode("cp1252"))
    doc = parse_file(path)
    assert doc.structure == "paragraph" and doc.lang == "fr"
    assert len(doc.provisions) >= 2 and doc.provisions[0].label == "§ 1"
    assert "intérêts" in doc.provisions[0].blocks[0].text
