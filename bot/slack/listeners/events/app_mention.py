"""`@bot question` in a channel: parsed, then answered in the thread by bot/flows/answering."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.flows.answering import answer_event
from bot.runtime import Runtime
from bot.slack.requests import question_from_mention


def app_mention(body: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime) -> None:
    """`@bot question` in a channel: answered in the thread (events are acked before this runs)."""
    answer_event(runtime, client, body, context.bot_user_id, question_from_mention)
