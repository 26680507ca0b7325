"""👍/👎 under an answer: stored for the advisors to review, and thanked."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.flows.answering import record_vote
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks import ids
from bot.slack.blocks.answer import feedback_recorded

logger = logging.getLogger(__name__)


def feedback(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """👍/👎: stored with the question, the answer and its citations, for the advisors to review.

    In a DM only the asker sees the message, so the buttons are replaced by a thank-you line;
    in a channel others may still want to vote, so the thanks is ephemeral.
    """
    ack()

    helpful = action["action_id"] == ids.FEEDBACK_HELPFUL
    user = body["user"]["id"]
    ref = ids.AnswerRef.decode(action["value"])
    answer = runtime.answers.answer_for(ref)
    record_vote(runtime, user, answer, helpful)
    logger.info("feedback recorded: helpful=%s", helpful)
    locale = runtime.locales.get(client, user)
    message = body.get("message")
    channel = (body.get("channel") or {}).get("id", "")
    if message and channel.startswith("D") and not (body.get("container") or {}).get("is_ephemeral"):
        replies.update_message(
            client,
            channel=channel,
            ts=message["ts"],
            blocks=feedback_recorded(message.get("blocks", []), helpful=helpful, locale=locale),
            text=message.get("text", ""),
        )
    elif body.get("response_url"):
        key = "feedback.thanks_helpful" if helpful else "feedback.thanks_unhelpful"
        replies.respond(body["response_url"], text=t(key, locale))
