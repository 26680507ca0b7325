"""A FAQ file staff put beside a document they add (`<file>.faq.jsonl`): checked like the bundled bank,
kept with the document, and matched like it; a bad entry refuses the add and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.documents import ParseError
from indexer.manage import add_documents, remove_document
from knowledge import Advisor
from tests.indexer.conftest import Site

DIRECTIVE = """# Directive sur les activités de financement du Tribunal

Article 1 – Sollicitation
Un membre du Tribunal ne sollicite aucun don, en personne ou par écrit, pour un organisme dont une partie
ou un représentant comparaît devant le Tribunal, même au profit d'une œuvre de bienfaisance.

Article 2 – Billets d'événements-bénéfice
Un membre du Tribunal n'achète ni ne vend de billets pour un événement-bénéfice organisé par une
association professionnelle dont les membres comparaissent devant le Tribunal.
"""


def _directive(tmp_path: Path, faq: list[object] | None) -> Path:
    path = tmp_path / "directive-financement.md"
    path.write_text(DIRECTIVE, encoding="utf-8")
    if faq is not None:
        lines = [json.dumps(row, ensure_ascii=False) if not isinstance(row, str) else row for row in faq]
        (tmp_path / "directive-financement.faq.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("faq", "message"),
    [
        ([{"section": "9", "question": "Puis-je vendre des billets ?"}], r"line 1: .* has no section '9'"),
        (
            [{"section": "1", "question": "Puis-je solliciter ?"}, "pas du json"],
            r"line 2: not JSON",
        ),
        ([{"section": "1", "lang": "es", "question": "¿Puedo pedir donaciones?"}], r"line 1: lang must be"),
        ([{"section": "1", "question": "Puis-je ?", "answer": "non"}], r'line 1: expected \{"section"'),
        ([{"section": "2", "question": "x" * 501}], r"line 1: the question must hold 1 to 500"),
    ],
    ids=["unknown section", "not JSON", "other language", "extra field", "too long"],
)
def test_a_bad_faq_entry_refuses_the_document_with_its_line(
    site: Site, tmp_path: Path, faq: list[object], message: str
) -> None:
    before = site.snapshot()
    with pytest.raises(ParseError, match=message) as refused:
        add_documents(site.config, site.intake, [_directive(tmp_path, faq)])
    assert refused.value.code == "faq" and refused.value.name == "directive-financement.faq.jsonl"
    assert site.snapshot() == before


def test_faq_entries_are_kept_with_the_document_and_answer_like_the_bank(site: Site, tmp_path: Path) -> None:
    question = "Mon club de hockey organise une soirée-bénéfice : puis-je vendre des billets à des avocats ?"
    faq = [
        {"section": "2", "question": question},
        {
            "section": "2",
            "lang": "en",
            "question": "Can I sell tickets to lawyers for my hockey club's fundraiser?",
        },
    ]
    report = add_documents(site.config, site.intake, [_directive(tmp_path, faq)])
    assert report.build.examples == 2
    assert sorted(p.name for p in site.local_dir.iterdir() if not p.name.startswith(".")) == [
        "directive-financement.fr.md",
        "directive-financement.fr.md.faq.jsonl",
        "directive-financement.fr.md.meta.json",
    ]
    advisor = Advisor.open(site.index_dir)
    assert [(e.section, e.lang) for e in advisor.searcher.data.examples] == [("2", "fr"), ("2", "en")]
    assert [(h.doc, h.section) for h in advisor.search(question, k=1)] == [("directive-financement", "2")]
    remove_document(site.config, "directive-financement")
    assert Advisor.open(site.index_dir).searcher.data.examples == []
