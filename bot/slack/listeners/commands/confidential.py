"""`/ses confidentiel` / `/ses confidential`: the confidential-request modal, opened privately.

Nothing is ever posted in the channel the command was typed in: the only answer there is
ephemeral, and only when the modal cannot open (no encryption keys).
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks import ids
from bot.slack.blocks.case_modal import case_modal

logger = logging.getLogger(__name__)

CONFIDENTIAL_WORDS = frozenset({"confidentiel", "confidentielle", "confidential"})


def open_confidential_modal(
    client: WebClient, runtime: Runtime, *, trigger_id: str, user: str, response_url: str | None
) -> None:
    locale = runtime.locales.get(client, user)
    if not runtime.confidential_available():
        text = t("confidential.unavailable", locale)
        if response_url:
            replies.respond(response_url, text=text)
        else:
            replies.send_dm(client, runtime.pacer, user=user, blocks=[], text=text)
        return
    view = case_modal(locale, callback_id=ids.CONFIDENTIAL_INTAKE, title_key="confidential.modal_title")
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        logger.warning("Slack views.open failed: %s", exc.response.get("error", "unknown_error"))
