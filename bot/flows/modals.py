"""The case modals, opened from a command or a button: a case (pre-filled from an answer), and the
confidential request.

The confidential one is opened privately: nothing is ever posted in the channel the command was
typed in; the only answer there is ephemeral, and only when the modal cannot open (no encryption keys).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks import ids
from bot.slack.blocks.case_modal import case_modal

logger = logging.getLogger(__name__)

__all__ = ["open_case_modal", "open_confidential_modal"]


def open_case_modal(
    client: WebClient, trigger_id: str, locale: str, *, subject: str, details: str, log_id: int | None
) -> None:
    metadata = json.dumps({"i": log_id} if log_id is not None else {})
    view = case_modal(locale, subject=subject, details=details, private_metadata=metadata)
    _open(client, trigger_id, view)


def open_confidential_modal(
    client: WebClient, runtime: Runtime, *, trigger_id: str, user: str, response_url: str | None
) -> None:
    locale = runtime.locales.get(client, user)
    if not runtime.db.confidential_available():
        text = t("confidential.unavailable", locale)
        if response_url:
            replies.respond(response_url, text=text)
        else:
            replies.send_dm(client, runtime.pacer, user=user, blocks=[], text=text)
        return
    view = case_modal(locale, callback_id=ids.CONFIDENTIAL_INTAKE, title_key="confidential.modal_title")
    _open(client, trigger_id, view)


def _open(client: WebClient, trigger_id: str, view: dict[str, Any]) -> None:
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        logger.warning("Slack views.open failed: %s", exc.response.get("error", "unknown_error"))
