"""The engine end to end on a real index (two laws, both languages, real encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import Advisor, IndexCorrupt, IndexMissing, InvalidQuestion


def test_a_french_lookup_cites_the_article_in_french(advisor: Advisor) -> None:
    answer = advisor.ask("Que prévoit l'article 11 de la Loi sur les conflits d'intérêts ?")
    assert answer.lang == "fr"
    assert not answer.abstained and not answer.refused
    first = answer.citations[0]
    assert (first.doc, first.section, first.lang) == ("C-36.65", "11", "fr")
    assert first.citation.startswith("Loi sur les conflits d’intérêts, art. 11")
    assert first.url == "https://laws-lois.justice.gc.ca/fra/lois/C-36.65/article-11.html"
    assert first.quote and first.quote.split(" … ")[0] in " ".join(
        p.text for p in advisor.searcher.passages_of(("C-36.65", "11"), "fr")
    )
    assert "art. 11" in answer.text


def test_an_english_lookup_by_section_and_act_name_hits_first(advisor: Advisor) -> None:
    hits = advisor.search("section 35 Conflict of Interest Act")
    assert (hits[0].doc, hits[0].section) == ("C-36.65", "35")


def test_a_situation_in_everyday_words_finds_the_gifts_rule(advisor: Advisor) -> None:
    hits = advisor.search(
        "Un lobbyiste m'offre une bouteille de vin et un souper au restaurant, puis-je accepter ?"
    )
    assert ("C-36.65", "11") in [(h.doc, h.section) for h in hits[:5]]


def test_the_answer_quotes_only_corpus_text(advisor: Advisor) -> None:
    answer = advisor.ask("Can I accept a gift from a company that does business with my department?")
    assert answer.lang == "en"
    for citation in answer.citations:
        source = " ".join(
            p.text for p in advisor.searcher.passages_of((citation.doc, citation.section), "en")
        )
        for piece in citation.quote.rstrip(" …").split(" … "):
            assert piece in source
    assert 1 <= len(answer.citations) <= 3


def test_hits_are_one_per_section(advisor: Advisor) -> None:
    hits = advisor.search("lobbying registration return", k=10)
    sections = [(h.doc, h.section) for h in hits]
    assert len(sections) == len(set(sections)) == 10


def test_keyword_and_dense_modes_each_return_rankings(advisor: Advisor) -> None:
    for mode in ("keyword", "dense"):
        assert advisor.search("cadeaux et autres avantages", mode=mode)


def test_merits_of_a_case_is_refused_with_an_offer_of_help(advisor: Advisor) -> None:
    answer = advisor.ask(
        "How should I rule on the grievance I heard last week? The employer's evidence is weak."
    )
    assert answer.refused and not answer.citations
    assert "recusal" in answer.text


def test_another_language_is_answered_in_french_and_says_so(advisor: Advisor) -> None:
    answer = advisor.ask("¿Puedo aceptar un regalo de un proveedor que tiene un contrato con mi ministerio?")
    assert answer.lang == "fr"
    assert answer.unsupported_lang == "es"
    assert answer.text.startswith("Je réponds en français ou en anglais")


def test_json_shape_is_the_documented_contract(advisor: Advisor) -> None:
    data = advisor.ask("Dois-je déclarer un cadeau de plus de 200 $ ?").to_dict()
    assert set(data) == {"question", "lang", "answer", "citations", "abstained", "refused", "parts"}
    assert set(data["citations"][0]) == {"doc", "section", "lang", "citation", "url", "quote", "score"}
    assert data["parts"][0]["kind"] == "rule"
    assert set(data["parts"][0]) == {"kind", "doc", "section", "pinpoint", "quote", "url"}


def test_follow_up_uses_the_earlier_question_as_context(advisor: Advisor) -> None:
    plain = advisor.search("et si la valeur est inférieure à 200 $ ?", k=5)
    followed = advisor.search(
        "et si la valeur est inférieure à 200 $ ?",
        k=5,
        context="Un fournisseur m'offre un cadeau, dois-je le déclarer ?",
    )
    assert ("C-36.65", "23") in [(h.doc, h.section) for h in followed] or followed[0] != plain[0]


@pytest.mark.parametrize("question", ["", "x" * 5000, "🎉🎉"])
def test_bad_questions_raise_invalid_question(advisor: Advisor, question: str) -> None:
    with pytest.raises(InvalidQuestion):
        advisor.ask(question)


def test_sql_or_markup_in_a_question_is_searched_as_text(advisor: Advisor) -> None:
    answer = advisor.ask("<b>cadeau</b> '; DROP TABLE passages; --")
    assert answer.lang == "fr"


def test_missing_and_corrupt_indexes_raise_domain_errors(tmp_path: Path, small_index: Path) -> None:
    with pytest.raises(IndexMissing):
        Advisor.open(tmp_path / "nothing")
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(small_index, broken, symlinks=True)
    live = (broken / "current").resolve()
    (live / "passages.npy").write_bytes(b"not numpy")
    with pytest.raises(IndexCorrupt):
        Advisor.open(broken)


def test_a_text_the_index_lacks_is_named_instead_of_quoting_another(advisor: Advisor) -> None:
    answer = advisor.ask(
        "Selon le Code de conduite des députés de l'Assemblée législative du Nouveau-Brunswick, "
        "puis-je accepter un cadeau de 150 $ ?"
    )
    assert answer.abstained and not answer.refused and not answer.citations
    assert answer.reason == "not_held"
    assert answer.named_text == "Code de conduite des députés de l'Assemblée législative du Nouveau-Brunswick"
    assert f"« {answer.named_text} »" in answer.text and "conseiller" in answer.text
    data = answer.to_dict()
    assert {"question", "lang", "answer", "citations", "abstained", "refused"} <= set(data)
    assert (data["reason"], data["named_text"], data["abstained"]) == ("not_held", answer.named_text, True)


def test_an_office_of_another_government_is_not_answered_from_federal_texts(advisor: Advisor) -> None:
    answer = advisor.ask("As a Toronto city councillor, can I accept hockey tickets from a developer?")
    assert answer.lang == "en" and answer.reason == "not_held" and not answer.citations
    assert answer.named_text is not None and "Toronto city councillor" in answer.named_text


def test_a_named_held_text_is_answered_from(advisor: Advisor) -> None:
    answer = advisor.ask("Under the Lobbying Act, who has to file a return for in-house lobbying?")
    assert not answer.abstained and answer.reason is None
    assert answer.citations[0].doc == "L-12.4"


@pytest.mark.parametrize(
    "question",
    [
        "Dans quelle salle se tient l'atelier des nouveaux commissaires jeudi ?",
        "What's the per diem for a part-time member on a hearing day?",
        "Who was named the new deputy minister of Finance this week?",
    ],
)
def test_logistics_pay_and_appointments_are_off_topic(advisor: Advisor, question: str) -> None:
    answer = advisor.ask(question)
    assert answer.abstained and answer.reason == "off_topic" and not answer.citations


@pytest.mark.parametrize(
    "question",
    [
        "In the licence-revocation file I'm deciding, is a 45-day suspension proportionate?",
        "Je dois rendre ma décision sur une plainte : les courriels suffisent-ils à prouver le harcèlement ?",
    ],
)
def test_merits_without_the_usual_words_are_declined(advisor: Advisor, question: str) -> None:
    answer = advisor.ask(question)
    assert answer.refused and answer.reason == "merits" and not answer.citations
