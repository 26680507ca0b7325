"""The Justice Laws parser on real files of the bundled corpus."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from indexer.documents import ParseError
from indexer.parsers.justice_xml import parse

CORPUS = REPO_ROOT / "corpus"


def _live_body_sections(stem: str, lang: str) -> list[str]:
    with (CORPUS / "sections.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [
            r["section_label"]
            for r in rows
            if r["stem"] == stem
            and r["lang"] == lang
            and r["location"] == "body"
            and r["status"] == "in-force"
        ]


@pytest.mark.parametrize(
    ("lang", "stem"),
    [
        ("en", "C-36.65"),
        ("fr", "C-36.65"),
        ("en", "SOR-2005-373"),
        ("fr", "DORS-2005-373"),
        ("fr", "P-33.01"),
        ("en", "L-12.4"),
    ],
)
def test_every_live_body_section_becomes_a_provision_and_nothing_else(lang: str, stem: str) -> None:
    doc = parse(CORPUS / "federal" / lang / f"{stem}.xml")
    assert [p.label for p in doc.provisions] == _live_body_sections(stem, lang)


def test_sections_made_only_of_stubs_are_skipped() -> None:
    """F-5.5 s. 117 holds a repealed subsection and an "[Amendment]" one: nothing a reader wants."""
    doc = parse(CORPUS / "federal" / "en" / "F-5.5.xml")
    labels = [p.label for p in doc.provisions]
    assert "117" not in labels
    assert set(labels) == set(_live_body_sections("F-5.5", "en")) - {"117"}


def test_titles_headings_and_marginal_notes_are_read() -> None:
    doc = parse(CORPUS / "federal" / "fr" / "C-36.65.xml")
    assert doc.title == "Loi sur les conflits d’intérêts"
    assert doc.lang == "fr"
    gifts = next(p for p in doc.provisions if p.label == "11")
    assert gifts.marginal_note == "Cadeaux et autres avantages"
    assert gifts.headings[0].startswith("PARTIE 1")
    assert [b.locator for b in gifts.blocks] == ["11(1)", "11(2)", "11(3)", "11(4)"][: len(gifts.blocks)]
    assert (
        doc.section_url.format(section="11")
        == "https://laws-lois.justice.gc.ca/fra/lois/C-36.65/article-11.html"
    )


def test_historical_notes_and_footnotes_are_left_out_of_the_text() -> None:
    doc = parse(CORPUS / "federal" / "en" / "C-36.65.xml")
    text = " ".join(b.text for p in doc.provisions for b in p.blocks)
    assert "2006, c. 9, s. 2" not in text
    assert "[Repealed" not in text


def test_definitions_are_kept_one_block_each() -> None:
    doc = parse(CORPUS / "federal" / "en" / "C-36.65.xml")
    definitions = next(p for p in doc.provisions if p.label == "2")
    assert any("private interest" in b.text for b in definitions.blocks)
    assert len(definitions.blocks) > 10


def test_regulations_use_their_long_title_and_regulation_urls() -> None:
    doc = parse(CORPUS / "federal" / "en" / "SOR-2005-373.xml")
    assert doc.title == "Political Activities Regulations"
    assert doc.url == "https://laws-lois.justice.gc.ca/eng/regulations/SOR-2005-373/"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<Statute><Body>", "not readable"),
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Statute>&e;</Statute>',
            "not readable",
        ),
        ('<Book xml:lang="en"><Body/></Book>', "is not <Statute>"),
        ('<Statute xml:lang="de"><Body/></Statute>', "xml:lang"),
    ],
)
def test_hostile_or_foreign_files_raise_a_clear_error(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "X-1.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=reason):
        parse(path)
