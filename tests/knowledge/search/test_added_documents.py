"""Documents staff add, without FAQ entries, against a bundled corpus that has them: a real index of two
laws with their FAQ bank, plus three of the added-document set's texts (tests/data/added/documents).

Each mechanism is checked both ways: with it, the added text's article comes first; switched off (the
gate never opens, or the cross-lingual gap is not given back), the bundled sections bury it again.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.settings import REPO_ROOT
from indexer.pipeline import BuildConfig, build
from knowledge import Advisor
from knowledge.config import SearchConfig
from knowledge.language import detect
from knowledge.search import hybrid
from knowledge.search.hybrid import Query, Searcher
from tests.conftest import build_small_corpus

ADDED = REPO_ROOT / "tests" / "data" / "added" / "documents"
CODE = "code-ethique-administrateurs"  # French HTML: 20 articles, the board members' 75 $ gift limit
GUIDE = "guide-signalement"  # French Markdown: numbered headings
POLICY = "outside-activities-policy"  # English PDF: numbered sections
STUB = "politique-cadeaux"  # a title and one line: nothing to answer from


@pytest.fixture(scope="module")
def advisor(tmp_path_factory: pytest.TempPathFactory) -> Advisor:
    root = tmp_path_factory.mktemp("added")
    local = root / "documents"
    local.mkdir()
    for name in (f"{CODE}.html", f"{GUIDE}.md", f"{POLICY}.pdf"):
        shutil.copy(ADDED / name, local)
    (local / f"{STUB}.md").write_text(
        "# Politique sur les cadeaux\n\nVoir la version complète sur l'intranet du Tribunal.\n",
        encoding="utf-8",
    )
    shipped = REPO_ROOT / "corpus" / "embeddings"
    build(
        BuildConfig(
            source=build_small_corpus(root / "corpus"),
            index_dir=root / "index",
            encoder="e5-small",
            cache_dirs=(shipped, root / "cache"),
            cache_out=root / "cache",
            local_dir=local,
        )
    )
    return Advisor.open(root / "index")


def top(advisor: Advisor, question: str, k: int = 3, mode: str = "hybrid") -> list[tuple[str, str]]:
    """The search's own ranking — without the engine's catalogue, which looks first in a text the
    question names (tests/indexer/test_held_texts.py): these tests are about the fusion."""
    query = Query(question, detect(question).lang)
    return [(h.doc, h.section) for h in advisor.searcher.search(query, k=k, mode=mode)]


@contextmanager
def configured(searcher: Searcher, **changes: object) -> Iterator[None]:
    before = searcher.config
    searcher.config = dataclasses.replace(before, **changes)  # type: ignore[arg-type]
    try:
        yield
    finally:
        searcher.config = before


@contextmanager
def without_cross_lingual_gap(searcher: Searcher) -> Iterator[None]:
    gaps = searcher._gaps
    searcher._gaps = {}
    try:
        with configured(searcher, cross_lingual_gap=0.0):
            yield
    finally:
        searcher._gaps = gaps


def test_the_build_measures_the_cross_lingual_gap(advisor: Advisor) -> None:
    gaps = advisor.searcher._gaps
    assert set(gaps) == {"fr", "en"} and all(0.01 < gap < 0.1 for gap in gaps.values())


@pytest.mark.parametrize("mode", ["hybrid", "keyword", "dense"])
def test_an_added_document_without_faq_outranks_the_bundled_sections_the_bank_matches(
    advisor: Advisor, mode: str
) -> None:
    question = "D'après le code des administrateurs de la Société des parcs, jusqu'à quel montant un cadeau est-il permis ?"
    found = top(advisor, question, mode=mode)
    assert found[0][0] == CODE and (CODE, "13") in found
    with configured(advisor.searcher, stand_in_margin=10.0, stand_in_keyword_margin=10.0):
        assert top(advisor, question, mode=mode)[0][0] == "C-36.65"  # the gate shut: the bank wins again


def test_an_english_question_finds_a_french_only_document(advisor: Advisor) -> None:
    question = (
        "Can my sister's firm bid on a contract of the regional parks corporation while I sit on its board?"
    )
    assert top(advisor, question, k=1) == [(CODE, "11")]
    with without_cross_lingual_gap(advisor.searcher):
        assert top(advisor, question, k=1) != [(CODE, "11")]


def test_a_french_question_finds_an_english_only_document(advisor: Advisor) -> None:
    question = "Combien d'heures par semaine puis-je consacrer à un deuxième emploi quand je travaille à la Commission de régulation de l'énergie et de l'eau ?"
    assert (POLICY, "7") in top(advisor, question)


def test_questions_about_the_bundled_laws_still_find_them(advisor: Advisor) -> None:
    assert top(advisor, "Dans quel délai dois-je déclarer un cadeau au commissaire ?", k=1) == [
        ("C-36.65", "23")
    ]
    assert top(advisor, "Can I accept a gift from a lobbyist?", k=1)[0][0] == "C-36.65"
    assert top(
        advisor,
        "Que prévoit l'article 13 du Code d'éthique et de déontologie des administrateurs de la Société des parcs régionaux du Québec ?",
        k=1,
    ) == [(CODE, "13")]


def test_a_purpose_clause_does_not_outrank_the_article_that_answers(advisor: Advisor) -> None:
    """« Purpose », preambles and definitions are near every question about their text: the genericity
    penalty lets the article that answers come first."""
    question = "As a Commission employee, what is the yearly deadline to declare my outside activities?"
    assert top(advisor, question, k=1) == [(POLICY, "13")]
    # the answer-type boost (a deadline asked, a date stated) is switched off too: it alone also lifts 13
    with configured(advisor.searcher, genericity_penalty=0.0, answer_type_boost=0.0):
        assert top(advisor, question, k=1) == [(POLICY, "1")]  # « Purpose »


def test_a_document_of_one_line_does_not_attract_questions_on_its_subject(
    advisor: Advisor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """« Politique sur les cadeaux — voir l'intranet » is near every gift question; too short to stand in
    for the bank, it stays behind the texts that answer."""
    questions = ["Can I accept a gift?", "Y a-t-il une politique sur les cadeaux au Tribunal ?"]
    assert all(STUB not in {doc for doc, _ in top(advisor, q)} for q in questions)
    monkeypatch.setattr(hybrid, "MIN_STAND_IN_WORDS", 0)
    unguarded = Searcher(
        advisor.searcher.data, advisor.searcher.encoder, advisor.searcher.lexicon, SearchConfig()
    )
    assert all(
        unguarded.search(hybrid.Query(q, lang), k=1)[0].doc == STUB
        for q, lang in zip(questions, ("en", "fr"), strict=True)
    )


def test_the_section_stating_the_sanction_asked_for_comes_first(advisor: Advisor) -> None:
    """« Qu'est-ce que je risque » asks for a sanction: art. 19 (« Manquements et sanctions ») answers it
    rather than art. 12, the rule the question's other words match best."""
    question = (
        "Qu'est-ce que je risque si je ne respecte pas le code des administrateurs de la Société des parcs ?"
    )
    assert top(advisor, question, k=1) == [(CODE, "19")]
    with configured(advisor.searcher, answer_type_boost=0.0):
        assert top(advisor, question, k=1) == [(CODE, "12")]


def test_the_stand_in_bar_rises_with_the_nearest_bank_question(advisor: Advisor) -> None:
    """The same passage margin opens an added text's gate less when the FAQ bank holds a near paraphrase of
    the question (it is then about a bundled text) than when the bank barely knows it."""
    searcher = advisor.searcher
    added = next(iter(searcher._stand_ins))
    lang = next(iter(searcher._langs[added]))
    bundled = next(s for s in searcher._known if s[0] not in searcher._added)
    cosines = {(added, lang): 0.86, (bundled, lang): 0.855}

    def gate(nearest_example: float) -> float:
        signals = {"dense_examples": {bundled: nearest_example}}
        return searcher._gates(signals, cosines, lang)[added[0]]

    assert gate(0.97) < 0.5 < gate(0.88)
    with configured(searcher, bank_share=0.0):
        assert gate(0.97) == gate(0.88)


def test_an_added_text_is_set_against_the_bundled_passages_of_its_own_language(advisor: Advisor) -> None:
    """For a question in the other language, the added text's best passage is compared with the bundled
    corpus's best passage in the text's language, not with those in the question's language plus a gap."""
    searcher = advisor.searcher
    added = next(s for s in searcher._stand_ins if searcher._langs[s] == {"fr"})
    bundled = next(s for s in searcher._known if s[0] not in searcher._added)
    cosines = {(added, "fr"): 0.84, (bundled, "fr"): 0.85, (bundled, "en"): 0.80}
    assert searcher._gates({}, cosines, "en")[added[0]] < 0.5  # behind the bundled French passage
    cosines[(bundled, "fr")] = 0.83
    assert searcher._gates({}, cosines, "en")[added[0]] > 0.5


def test_a_definitions_section_yields_unless_a_definition_is_asked(advisor: Advisor) -> None:
    """The Lobbying Act's s. 2 holds « titulaire d'une charge publique » and every other term its question
    uses; it stays out of the first hits of a question that does not ask what a term means, and still answers
    one that does."""
    question = (
        "Un titulaire de charge publique peut-il accepter un emploi chez un fournisseur après son départ ?"
    )
    assert ("L-12.4", "2") not in top(advisor, question)
    with configured(advisor.searcher, definitions_weight=1.0):
        assert ("L-12.4", "2") in top(advisor, question)
    assert top(advisor, "Who counts as a member of my family under the Conflict of Interest Act?", k=1) == [
        ("C-36.65", "2")
    ]
