"""An answer made of parts as Slack shows it: each quote once under its pinpoint, the numbers that matter
in bold, the provisions it rests on as links, and the disclaimer once — the same from the question log."""

from __future__ import annotations

from bot.slack.blocks import ids
from bot.slack.blocks.answer import answer_blocks
from knowledge import Advisor, Answer
from knowledge.messages import message
from tests.bot.conftest import blocks_text


def _text(answer: Answer) -> str:
    return blocks_text([b.to_dict() for b in answer_blocks(answer, "fr", ref=ids.AnswerRef(answer.question))])


def test_each_part_is_quoted_once_with_its_pinpoint_and_bold_numbers(advisor: Advisor) -> None:
    answer = advisor.ask(
        "I was just appointed and I own shares of a listed bank. What do I have to do with them?"
    )
    text = _text(answer)
    rule = answer.parts[0]
    assert text.startswith("Conflict of Interest Act, s. 27(1):")
    assert "Exception — s. 27(9):" in text
    assert "within *120 days* after the day" in text
    assert text.count("(a) selling it in an arm’s-length transaction") == 1, "each quote once"
    assert text.count(message("not_advice", "en")) == 1, "the disclaimer once, in the answer's language"
    assert f"<{rule.url}|Conflict of Interest Act, s. 27(1)>" in text, "the provision's link"


def test_an_answer_read_back_from_the_log_shows_the_same(advisor: Advisor) -> None:
    """The question log keeps the text and the citations (not the parts): buttons redraw the same answer."""
    answer = advisor.ask("Dois-je déclarer un cadeau de plus de 200 $ ?")
    logged = Answer(answer.question, answer.lang, answer.text, answer.citations)
    assert _text(logged) == _text(answer)
    assert "*200 $*" in _text(logged)
