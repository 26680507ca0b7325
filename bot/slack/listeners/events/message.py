"""Message events: a requester's reply in a case's DM thread, a file for the index, or a question."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.flows import triage
from bot.flows.answering import answer_event
from bot.flows.indexing import start_upload
from bot.runtime import Runtime
from bot.slack.requests import question_from_message, thread_reply_from_dm, upload_from_message


def message(body: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime) -> None:
    """Every message event lands here (an unhandled one would answer 404 and make Slack retry);
    a requester's answer in the DM thread of one of their cases goes to that case, and
    `question_from_message` keeps the other DMs and follow-ups in threads the bot answered.
    A file shared with the bot in a DM is a document for the index (bot/flows/indexing.py), not a question.
    """
    reply = thread_reply_from_dm(body, bot_user_id=context.bot_user_id)
    if reply is not None and triage.take_requester_reply(client, runtime, reply):
        return
    upload = upload_from_message(body, bot_user_id=context.bot_user_id, claim=runtime.claims.claim)
    if upload is not None:
        start_upload(runtime, client, upload)
        return
    answer_event(runtime, client, body, context.bot_user_id, question_from_message)
