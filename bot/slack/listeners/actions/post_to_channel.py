""" "Post to channel" under a private answer: the answer posted where the command was typed."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks.answer import answer_blocks, answer_fallback
from bot.slack.blocks.ids import AnswerRef


def post_to_channel(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """The private `/ses` answer, posted for everyone in the channel under the asker's name.

    Goes through the button's response_url, which works in any channel the command works in,
    whether or not the bot is a member.
    """
    ack()
    user = body["user"]["id"]
    ref = AnswerRef.decode(action["value"])
    answer = runtime.answers.answer_for(ref)
    blocks = answer_blocks(answer, runtime.locales.get(client, user), ref=ref, asked_by=user)
    response_url = body["response_url"]
    replies.respond(response_url, delete_original=True)
    replies.respond(response_url, blocks=blocks, text=answer_fallback(answer), response_type="in_channel")
