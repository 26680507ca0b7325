from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.answering import dispatch
from bot.requests import question_from_message
from bot.runtime import Runtime


def message(body: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime) -> None:
    """Every message event lands here (an unhandled one would answer 404 and make Slack retry);
    `question_from_message` keeps DMs and follow-ups in threads the bot answered, and drops the rest.
    """
    question = question_from_message(
        body,
        bot_user_id=context.bot_user_id,
        claim=runtime.claim_event,
        thread_question=runtime.thread_question,
    )
    if question is not None:
        dispatch(runtime, client, question)
