"""The one error handler: log the failure (type only at INFO's level of detail), apologise to the user."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.i18n import t
from bot.slack import replies

logger = logging.getLogger(__name__)


def on_error(error: Exception, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """A listener raised: the user hears an apology in their language rather than silence."""
    logger.error("listener failed: %s", type(error).__name__, exc_info=error)
    runtime = context.get("runtime")
    user = context.user_id
    locale = runtime.locales.get(client, user) if runtime is not None and user else None
    text = t("error.generic", locale)
    response_url = body.get("response_url")
    if response_url:
        replies.respond(response_url, text=text)
        return
    event = body.get("event") or {}
    if event.get("channel") and event.get("ts") and runtime is not None:
        replies.post_in_thread(
            client,
            runtime.pacer,
            channel=event["channel"],
            thread_ts=event.get("thread_ts") or event["ts"],
            blocks=[],
            text=text,
        )
