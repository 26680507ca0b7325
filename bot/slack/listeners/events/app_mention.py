"""`@bot question` in a channel: parsed, then answered in the thread by bot/flows/answering."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.flows.answering import dispatch
from bot.runtime import Runtime
from bot.slack.requests import note_unanswered, question_from_mention


def app_mention(body: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime) -> None:
    """`@bot question` in a channel: answered in the thread (events are acked before this runs)."""
    question = question_from_mention(
        body,
        bot_user_id=context.bot_user_id,
        claim=runtime.claims.claim,
        thread_question=runtime.answers.thread_question,
    )
    if question is None:
        note_unanswered(body)
    else:
        dispatch(runtime, client, question)
