""" "Ask an advisor" under an answer: the case modal, pre-filled with the question and the answer."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.flows.answering import case_details
from bot.flows.modals import open_case_modal
from bot.runtime import Runtime
from bot.slack.blocks import ids
from cases.services.questions import get_question

logger = logging.getLogger(__name__)


def ask_advisor(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """ "Ask an advisor" under an answer: the case modal, pre-filled with the question and the answer."""
    ack()
    user = body["user"]["id"]
    locale = runtime.locales.get(client, user)
    subject, details, log_id = "", "", None
    try:
        ref = ids.AnswerRef.decode(action.get("value") or "{}")
    except (KeyError, ValueError):
        ref = None
    if ref is not None:
        # The modal must open within the trigger's 3 seconds: the logged or cached answer, never a new one.
        answer = runtime.answers.seen_answer(ref)
        subject, log_id = ref.question, _own_log(runtime, ref.log_id, user)
        details = case_details(ref.question, answer, locale)
    open_case_modal(client, body["trigger_id"], locale, subject=subject, details=details, log_id=log_id)


def _own_log(runtime: Runtime, log_id: int | None, user: str) -> int | None:
    """The question-log id when `user` asked the question (a case links only one's own questions)."""
    if log_id is None:
        return None

    try:
        with runtime.db.session() as session:
            log = get_question(session, question_id=log_id)
            return log_id if log is not None and log.user_id == user else None
    except Exception:
        logger.exception("question log unavailable")
        return None
