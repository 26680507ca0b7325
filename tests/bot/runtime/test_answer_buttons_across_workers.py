"""A button under an answer may reach another worker or replica than the one that answered: the
answer comes from the question log in the database, not from the answering process's memory."""

from __future__ import annotations

from bot.flows.answering import record_question
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.blocks.ids import AnswerRef
from bot.slack.requests import Question, SlackContext
from knowledge import Advisor, Answer, IndexInfo

QUESTION = "Puis-je accepter un cadeau d'un lobbyiste ?"


class NeverAsked:
    """The other worker's engine: asking it again would mean the button lost what the user saw."""

    info: IndexInfo | None = None

    def ask(self, question: str, context: str | None = None) -> Answer:
        raise AssertionError(f"asked again: {question!r} ({context!r})")


def test_a_button_on_another_worker_finds_the_answer_the_user_saw(
    bot_settings: Settings, advisor: Advisor
) -> None:
    answering = Runtime(bot_settings, advisor=advisor)
    other = Runtime(bot_settings, advisor=NeverAsked())
    try:
        answer = answering.answers.ask(QUESTION)
        question = Question(QUESTION, SlackContext(origin="mention", user_id="UALICE01", channel="CGENERAL1"))
        ref = AnswerRef(QUESTION, None, record_question(answering, question, answer))
        assert ref.log_id is not None
        decoded = AnswerRef.decode(ref.encode() or "")
        assert other.answers.answer_for(decoded).text == answer.text
        assert other.answers.seen_answer(decoded) is not None
    finally:
        answering.close()
        other.close()
