"""The bot's answers: asked afresh, kept at hand for the buttons under them, read back from the log.

A button under an answer (feedback, "Ask an advisor", "Post to channel") refers to that answer by
question and log id; it may be pressed on another worker than the one that answered, so the
question log in the database comes first and this process's cache second.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.runtime.advisor import AdvisorHost
from bot.runtime.caches import AnswerCache
from bot.runtime.database import Database
from cases.services import questions
from knowledge import Answer, Citation

if TYPE_CHECKING:
    from bot.slack.blocks.ids import AnswerRef

__all__ = ["Answers"]

logger = logging.getLogger(__name__)


class Answers:
    def __init__(self, advisor: AdvisorHost, db: Database) -> None:
        self._advisor = advisor
        self._db = db
        self._cache = AnswerCache()

    def ask(self, question: str, context: str | None = None) -> Answer:
        """Ask the advisor (always afresh) and keep the answer at hand for the buttons under it."""
        answer = self._advisor.wait().ask(question, context=context)
        self._cache.put(question, context, answer)
        return answer

    def answer_for(self, ref: AnswerRef) -> Answer:
        """The answer a button refers to: as logged (what the user saw), else cached, else asked again."""
        seen = self.seen_answer(ref)
        return seen if seen is not None else self.ask(ref.question, ref.context)

    def seen_answer(self, ref: AnswerRef) -> Answer | None:
        """The answer a button refers to as logged, else cached; None rather than asking again."""
        if ref.log_id is not None:
            logged = self._logged_answer(ref.log_id)
            if logged is not None:
                return logged
        return self._cache.get(ref.question, ref.context)

    def thread_question(self, channel: str, thread_ts: str) -> str | None:
        """The question the bot answered in this thread, or None when it never answered there."""
        try:
            with self._db.session() as session:
                log = questions.thread_question(session, channel=channel, thread_ts=thread_ts)
                return None if log is None else str(log.question)
        except Exception as exc:
            logger.error("thread look-up failed: database error %s", type(exc).__name__)
            return None

    def recent_questions(self, user_id: str, limit: int = 5) -> list[str]:
        """The user's latest questions, newest first; empty when the database cannot be read."""
        try:
            with self._db.session() as session:
                return [
                    str(log.question)
                    for log in questions.recent_questions(session, user_id=user_id, limit=limit)
                ]
        except Exception:
            logger.exception("recent questions unavailable")
            return []

    def _logged_answer(self, log_id: int) -> Answer | None:
        try:
            with self._db.session() as session:
                log = questions.get_question(session, question_id=log_id)
                if log is None:
                    return None
                return Answer(
                    question=log.question,
                    lang=log.lang,
                    text=log.answer,
                    citations=tuple(Citation(**c) for c in log.citations),
                    abstained=log.abstained,
                    refused=log.refused,
                )
        except Exception:
            logger.exception("question log unavailable")
            return None
