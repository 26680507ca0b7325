"""The engine knows which texts its live version holds: a question naming a text it lacks is told so;
adding that text (with its title or an alias) makes the same question answered from it, at once."""

from __future__ import annotations

from pathlib import Path

from indexer.documents import DocumentMeta
from indexer.manage import add_documents, remove_document
from knowledge import Advisor, LiveAdvisor
from tests.indexer.conftest import Site

CODE = """# Code d'éthique des administrateurs de la Société des ponts fédéraux

Article 1 – Application
Le présent code s'applique aux administrateurs de la Société des ponts fédéraux.

Article 2 – Cadeaux
Un administrateur ne peut accepter d'un même donateur des cadeaux dont la valeur totale dépasse 75 dollars par année.

Article 3 – Activités extérieures
Un administrateur informe le président du conseil, quinze jours à l'avance, de toute fonction au sein d'un autre conseil.
"""
DATA = Path(__file__).parents[1] / "data" / "scope_added"
QUESTION = (
    "Selon le Code d'éthique des administrateurs de la Société des ponts fédéraux, "
    "quelle est la valeur maximale des cadeaux d'un même donateur ?"
)


def _code(tmp_path: Path, name: str = "code-ponts.md") -> Path:
    path = tmp_path / name
    path.write_text(CODE, encoding="utf-8")
    return path


def test_a_text_not_held_is_named_then_answered_from_once_added(site: Site, tmp_path: Path) -> None:
    before = Advisor.open(site.index_dir).ask(QUESTION)
    assert before.abstained and before.reason == "not_held" and not before.citations
    assert before.named_text == "Code d'éthique des administrateurs de la Société des ponts fédéraux"
    assert before.named_text in before.text
    assert before.to_dict()["named_text"] == before.named_text

    add_documents(site.config, site.intake, [_code(tmp_path)])
    after = Advisor.open(site.index_dir).ask(QUESTION)
    assert not after.abstained and after.reason is None
    first = after.citations[0]
    assert (first.doc, first.section) == ("code-ponts", "2")
    assert "75 dollars" in first.quote


def test_the_live_advisor_knows_a_text_as_soon_as_its_version_is_live(site: Site, tmp_path: Path) -> None:
    live = LiveAdvisor(site.index_dir, background=False, check_every=0)
    assert live.ask(QUESTION).reason == "not_held"
    add_documents(site.config, site.intake, [_code(tmp_path)])
    assert live.reload_if_changed()
    assert live.ask(QUESTION).citations[0].doc == "code-ponts"
    remove_document(site.config, "code-ponts")
    assert live.reload_if_changed()
    assert live.ask(QUESTION).reason == "not_held"


def test_an_alias_given_by_staff_names_the_text(site: Site, tmp_path: Path) -> None:
    """In words the Conflict of Interest Act answers too (outside directorships): the alias decides."""
    question = "Selon le CEASP, puis-je devenir administrateur d'une autre société ?"
    meta = DocumentMeta(aliases=("CEASP", "code des administrateurs des ponts"))
    add_documents(site.config, site.intake, [_code(tmp_path)], meta)
    entry = next(d for d in site.documents() if d["doc"] == "code-ponts")
    assert entry["aliases"] == ["CEASP", "code des administrateurs des ponts"]
    assert "CEASP" in entry["acronyms"]  # type: ignore[operator]
    advisor = Advisor.open(site.index_dir)
    assert advisor.catalogue.resolve(question).held == ("code-ponts",)
    answer = advisor.ask(question)
    assert answer.citations and answer.citations[0].doc == "code-ponts"
    loose = "Que dit le code des administrateurs des ponts sur les cadeaux ?"
    assert advisor.catalogue.resolve(loose).held == ("code-ponts",)
    assert advisor.ask(loose).citations[0].doc == "code-ponts"


def test_a_law_s_long_title_and_acronyms_are_kept_in_the_manifest(site: Site) -> None:
    law = next(d for d in site.documents() if d["doc"] == "C-36.65" and d["lang"] == "fr")
    assert "LCI" in law["acronyms"]  # type: ignore[operator]
    assert any("après-mandat" in str(a) for a in law["aliases"])  # type: ignore[union-attr]


def test_an_added_text_on_a_subject_the_banks_call_off_topic_is_answered_from(
    tmp_path: Path, vectors: Path
) -> None:
    """Per diems are off-topic for the bundled laws; once staff add a per-diem directive its passages
    match such questions better than the laws do, and the gate lets the search answer from it."""
    from indexer.intake import IntakeConfig
    from indexer.pipeline import build
    from tests.conftest import build_small_corpus
    from tests.indexer.conftest import site_config

    root = tmp_path / "site"
    build_small_corpus(root / "corpus")
    config = site_config(root, vectors)
    build(config)
    question = "Quel est le per diem d'un membre à temps partiel pour une journée d'audience ?"
    assert Advisor.open(config.index_dir).ask(question).reason == "off_topic"

    directive = DATA / "remuneration-membres.md"
    add_documents(config, IntakeConfig((DATA,), 2**20), [directive])
    answer = Advisor.open(config.index_dir).ask(question)
    assert not answer.abstained
    assert "remuneration-membres" in {c.doc for c in answer.citations}
