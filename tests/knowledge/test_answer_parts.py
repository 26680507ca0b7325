"""Answers made of parts, on a real index: the rule whole with its chapeau, what the provision attaches to
it, pinpoints to the paragraph, each quote and the disclaimer once, and nothing but corpus text."""

from __future__ import annotations

import re

from knowledge import Advisor, Answer
from knowledge.messages import message


def _source(advisor: Advisor, doc: str, section: str, lang: str) -> str:
    return " ".join(p.text for p in advisor.searcher.passages_of((doc, section), lang))


def _kinds(answer: Answer) -> list[tuple[str, str]]:
    return [(p.kind, p.pinpoint) for p in answer.parts]


def test_a_list_question_gets_the_whole_list_under_its_chapeau(advisor: Advisor) -> None:
    answer = advisor.ask(
        "Quelles activités extérieures un titulaire de charge publique principal n'a-t-il pas le droit d'exercer ?"
    )
    rule = answer.parts[0]
    assert (rule.kind, rule.section, rule.pinpoint) == ("rule", "15", "art. 15(1)")
    assert rule.quote.startswith("À moins que ses fonctions officielles ne l’exigent, il est interdit")
    for item in (
        "a) d’occuper un emploi",
        "c) d’occuper ou d’accepter un poste",
        "f) d’être un associé actif",
    ):
        assert item in rule.quote
    assert all(p.kind == "exception" for p in answer.parts[1:] if p.kind != "see_also")


def test_an_obligation_keeps_its_list_and_deadline_and_its_exceptions_follow(advisor: Advisor) -> None:
    answer = advisor.ask(
        "I was just appointed and I own shares of a listed bank. What do I have to do with them?"
    )
    rule = answer.parts[0]
    assert rule.pinpoint == "s. 27(1)"
    assert "within 120 days" in rule.quote
    assert "(a) selling it in an arm’s-length transaction" in rule.quote
    assert "(b) placing it in a blind trust" in rule.quote
    assert ("exception", "s. 27(9)") in _kinds(answer)


def test_an_exception_is_never_read_as_part_of_the_ban(advisor: Advisor) -> None:
    answer = advisor.ask(
        "Est-ce qu'une invitation gratuite à un gala compte comme un cadeau au sens de la loi ?"
    )
    for part in answer.parts:
        assert not (part.quote.startswith("Il est interdit") and "peut toutefois accepter" in part.quote)
    kinds = {p.pinpoint: p.kind for p in answer.parts}
    assert answer.parts[0].pinpoint == "art. 11(1)"
    assert kinds["art. 11(2)"] == "exception"


def test_a_list_item_never_comes_without_the_words_that_make_it_a_ban(advisor: Advisor) -> None:
    answer = advisor.ask("Which outside activities are prohibited for a reporting public office holder?")
    rule = answer.parts[0]
    assert rule.quote.startswith("No reporting public office holder shall")
    assert "(e) serve as a paid consultant" in rule.quote


def test_a_definition_question_gets_that_entry_whole_and_no_other(advisor: Advisor) -> None:
    answer = advisor.ask("What does 'private interest' mean in the Conflict of Interest Act?")
    rule = answer.parts[0]
    assert rule.pinpoint == 's. 2(1) "private interest"'
    assert rule.quote.startswith("private interest does not include")
    assert "(c) that concerns the remuneration" in rule.quote
    assert "means" not in rule.quote, "the next definition is not glued to it"
    assert [p.kind for p in answer.parts if p.kind != "see_also"] == ["rule"]


def test_a_deadline_set_in_another_section_completes_the_rule(advisor: Advisor) -> None:
    answer = advisor.ask(
        "J'ai quitté la présidence d'un organisme fédéral. Une entreprise avec laquelle j'ai eu des rapports "
        "officiels me propose un siège à son conseil d'administration. Est-ce permis, et à partir de quand ?"
    )
    assert answer.parts[0].section == "35"
    assert "un an" in " ".join(p.quote for p in answer.parts if p.section == "36")


def test_each_quote_and_the_disclaimer_appear_once_and_every_quote_is_corpus_text(advisor: Advisor) -> None:
    for question in (
        "Dois-je déclarer un cadeau de plus de 200 $ ?",
        "Can I accept a gift from a company that does business with my department?",
        "What is the penalty for lobbying without registering?",
    ):
        answer = advisor.ask(question)
        assert answer.text.count(message("not_advice", answer.lang)) == 1
        quoted = [p for p in answer.parts if p.kind != "see_also"]
        for part in quoted:
            assert answer.text.count(part.quote) == 1
            source = _source(advisor, part.doc, part.section, answer.lang)
            for piece in re.split(r" … | \(?[a-z]{1,3}(?:\.\d)?\) ", part.quote.rstrip(" …")):
                assert piece.strip(" …") in source
        assert len(answer.text) <= 2000
        assert all(p.url.startswith("https://laws-lois.justice.gc.ca/") for p in answer.parts)


def test_a_follow_up_in_a_thread_is_built_the_same_way(advisor: Advisor) -> None:
    answer = advisor.ask(
        "And within how many days?", context="Do I have to disclose a firm offer of employment?"
    )
    assert answer.parts and answer.parts[0].kind == "rule"
    assert answer.parts[0].section == "24" and "seven days" in answer.parts[0].quote
