"""Justice Laws XML → units: each subsection, paragraph and definition entry with its labels, so an answer
can quote a rule with its chapeau and cite it to the paragraph."""

from __future__ import annotations

from bot.settings import REPO_ROOT
from indexer.chunking import chunk
from indexer.parsers.justice_xml import parse
from knowledge.passages import Passage

CORPUS = REPO_ROOT / "corpus" / "federal"


def _units(lang: str, stem: str, section: str) -> list[tuple[str, tuple[str, ...], str]]:
    passages = [p for p in chunk(parse(CORPUS / lang / f"{stem}.xml")) if p.section == section]
    return [(u.kind, u.path, u.text) for p in passages for u in p.units]


def test_subsections_and_paragraphs_carry_their_labels_as_printed_in_each_language() -> None:
    fr = _units("fr", "C-36.65", "11")
    assert [(kind, path) for kind, path, _ in fr] == [
        ("subsection", ("(1)",)),
        ("subsection", ("(2)",)),
        ("paragraph", ("(2)", "a)")),
        ("paragraph", ("(2)", "b)")),
        ("paragraph", ("(2)", "c)")),
        ("subsection", ("(3)",)),
    ]
    assert fr[1][2] == "Le titulaire de charge publique ou un membre de sa famille peut toutefois accepter :"
    assert ("paragraph", ("(2)", "(c)")) in [(kind, path) for kind, path, _ in _units("en", "C-36.65", "11")]


def test_a_definition_entry_is_one_unit_named_by_its_term_with_its_own_paragraphs() -> None:
    units = _units("en", "C-36.65", "2")
    entry = [u for u in units if u[0] == "definition" and u[1][-1] == "gift or other advantage"]
    assert entry and entry[0][1] == ("(1)", "gift or other advantage")
    assert ("paragraph", ("(1)", "gift or other advantage", "(a)")) in [(k, p) for k, p, _ in units]


def test_units_survive_the_index_round_trip_and_the_search_text_does_not_change() -> None:
    passage = next(p for p in chunk(parse(CORPUS / "en" / "C-36.65.xml")) if p.section == "27")
    again = Passage.from_dict(passage.to_dict())
    assert again == passage and again.units
    assert "units" not in passage.search_text(), "units are structure, not text to encode"


def test_repealed_paragraphs_give_no_unit() -> None:
    for lang in ("en", "fr"):
        for passage in chunk(parse(CORPUS / lang / "L-12.4.xml")):
            assert not any("[Repealed" in u.text or "[Abrogé" in u.text for u in passage.units)
