""" "Confidential request" on the App Home: the private modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.flows.modals import open_confidential_modal
from bot.runtime import Runtime


def confidential_request(ack: Ack, body: dict[str, Any], client: WebClient, runtime: Runtime) -> None:
    """ "Confidential request" on the App Home: the private modal (or why it cannot open, by DM)."""
    ack()
    user = body["user"]["id"]
    open_confidential_modal(client, runtime, trigger_id=body["trigger_id"], user=user, response_url=None)
