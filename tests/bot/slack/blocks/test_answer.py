"""The answer's blocks, built from real Answer values: limits, escaping, warnings, buttons."""

from __future__ import annotations

import json

from bot.slack.blocks import ids
from bot.slack.blocks.answer import answer_blocks, feedback_recorded
from bot.slack.blocks.text import split_text
from knowledge import Answer, Citation
from tests.bot.conftest import blocks_text

CITATION = Citation(
    doc="C-36.65",
    section="11",
    lang="fr",
    citation="Loi sur les conflits d’intérêts, art. 11",
    url="https://laws-lois.justice.gc.ca/fra/lois/C-36.65/article-11.html",
    quote="Il est interdit à tout titulaire de charge publique <et> à tout membre de sa famille d’accepter un cadeau.",
    score=0.9,
)


def dicts(answer: Answer, locale: str = "fr", **kwargs: object) -> list[dict[str, object]]:
    return [b.to_dict() for b in answer_blocks(answer, locale, ref=ids.AnswerRef(answer.question), **kwargs)]


def test_a_long_answer_is_split_into_sections_of_at_most_3000_characters() -> None:
    paragraphs = [f"Paragraphe {i} : " + "cadeau et avantage " * 40 for i in range(12)]
    text = "\n\n".join(paragraphs)
    blocks = dicts(Answer("q", "fr", text, (CITATION,)))
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]  # type: ignore[index]
    assert len(sections) >= 3
    assert all(len(s) <= 3000 for s in sections)
    assert " ".join(" ".join(sections).split()) == " ".join(text.split()), "nothing lost, nothing added"
    assert sections[1].startswith("Paragraphe"), "cut between paragraphs"


def test_split_text_cuts_a_single_huge_word_too() -> None:
    pieces = split_text("x" * 7000)
    assert [len(p) for p in pieces] == [3000, 3000, 1000]


def test_one_context_block_per_citation_with_link_and_escaped_quote() -> None:
    blocks = dicts(Answer("q", "fr", "D’après l’article 11 : « … »", (CITATION, CITATION)))
    contexts = [b for b in blocks if b["type"] == "context"]
    assert len(contexts) == 2
    text = contexts[0]["elements"][0]["text"]  # type: ignore[index]
    assert f"<{CITATION.url}|{CITATION.citation}>" in text
    assert "&lt;et&gt;" in text and "<et>" not in text


def test_an_abstention_shows_a_warning_line_in_the_users_locale() -> None:
    answer = Answer("q", "fr", "Le corpus ne contient pas de disposition.", abstained=True)
    assert ":warning: No text in the corpus answers this question." in blocks_text(dicts(answer, "en"))
    assert ":warning: Aucun texte du corpus" in blocks_text(dicts(answer, "fr"))


def test_a_refusal_reads_as_a_polite_message_without_citations() -> None:
    answer = Answer("q", "en", "I cannot advise you on how to decide a matter before you.", refused=True)
    blocks = dicts(answer, "fr")
    text = blocks_text(blocks)
    assert ":scales: Indépendance décisionnelle" in text and "I cannot advise you" in text
    assert not any(b["type"] == "divider" for b in blocks)
    assert "Demander à un conseiller" in text


def test_buttons_carry_the_question_and_fit_slacks_value_limit() -> None:
    answer = Answer("cadeau ?", "fr", "texte", (CITATION,))
    blocks = [
        b.to_dict()
        for b in answer_blocks(
            answer, "en", ref=ids.AnswerRef("cadeau ?", "contexte", 42), post_to_channel=True
        )
    ]
    actions = blocks[-1]
    assert actions["block_id"] == ids.ANSWER_ACTIONS_BLOCK
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == [":+1: Helpful", ":-1: Not helpful", "Ask an advisor", "Post to channel"]
    assert ids.AnswerRef.decode(actions["elements"][0]["value"]) == ids.AnswerRef("cadeau ?", "contexte", 42)
    huge = ids.AnswerRef("q" * 1500, "c" * 1500)
    assert json.loads(huge.encode() or "{}") == {"q": "q" * 1500}
    assert ids.AnswerRef("q" * 2500).encode() is None


def test_a_recorded_vote_keeps_every_block_but_the_vote_buttons() -> None:
    blocks = dicts(Answer("q", "fr", "texte", (CITATION,)))
    after = feedback_recorded(blocks, helpful=True, locale="fr")
    assert [b.get("type") for b in after][:-2] == [b["type"] for b in blocks][:-1]
    assert after[-2]["block_id"] == ids.FEEDBACK_DONE_BLOCK and "Merci" in blocks_text(after[-2:])
    assert [e["action_id"] for e in after[-1]["elements"]] == [ids.ASK_ADVISOR]
    assert feedback_recorded(after, helpful=False, locale="fr")[-2]["block_id"] == ids.FEEDBACK_DONE_BLOCK
