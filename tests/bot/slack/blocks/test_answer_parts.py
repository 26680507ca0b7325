"""An answer made of parts as Slack shows it: each quote once under its pinpoint and link, the numbers that
matter in bold, the provisions it rests on, and the disclaimer once."""

from __future__ import annotations

from bot.slack.blocks import ids
from bot.slack.blocks.answer import answer_blocks
from knowledge import Advisor
from knowledge.messages import message
from tests.bot.conftest import blocks_text


def test_each_part_is_quoted_once_with_its_pinpoint_and_bold_numbers(advisor: Advisor) -> None:
    answer = advisor.ask(
        "I was just appointed and I own shares of a listed bank. What do I have to do with them?"
    )
    blocks = [b.to_dict() for b in answer_blocks(answer, "fr", ref=ids.AnswerRef(answer.question))]
    text = blocks_text(blocks)
    rule, exception = answer.parts[0], next(p for p in answer.parts if p.kind == "exception")
    assert f"<{rule.url}|Conflict of Interest Act, s. 27(1)>" in text
    assert f"_Exception_ — <{exception.url}|{exception.pinpoint}>" in text
    assert "within *120 days* after the day" in text
    assert text.count("(a) selling it in an arm’s-length transaction") == 1, "each quote once"
    assert text.count(message("not_advice", "en")) == 1, "the disclaimer once, in the answer's language"
    sources = [b for b in blocks if b["type"] == "context" and "justice.gc.ca" in str(b)]
    assert sources and all("selling" not in str(b) for b in sources), "sources are links, not quotes again"
    assert blocks[-1]["block_id"] == ids.ANSWER_ACTIONS_BLOCK


def test_a_question_in_another_language_says_so_once_above_the_quotes(advisor: Advisor) -> None:
    answer = advisor.ask("¿Puedo aceptar un regalo de un proveedor que tiene un contrato con mi ministerio?")
    blocks = [b.to_dict() for b in answer_blocks(answer, "en", ref=ids.AnswerRef(answer.question))]
    text = blocks_text(blocks)
    assert text.startswith(message("unsupported", "fr"))
    assert text.count(message("unsupported", "fr")) == 1
