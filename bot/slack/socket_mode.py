"""Socket Mode (`ses socket`): Slack's envelopes recorded in the inbox before their ack, as over HTTP.

An envelope acked is never sent again, so an event, a command or a click is recorded in the inbox
first (bot/runtime/inbox.py) and acked once written: a process killed after its acks leaves them to
the next one, and a redelivered envelope (the same event id) is worked once. Each is recorded in
the shape Slack gives it over HTTP — an event as its JSON, a command as its form, a click as the
form's `payload` — so the inbox works both the same way (bot/slack/events.py). Anything else (a
modal submission, whose response shows in the modal) goes through bolt at once and is acked with
its listener's response, as bolt's handler does.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.runtime.inbox import Inbox
from bot.slack.events import inbox_entry
from cases.services.inbox import InboxEntry

__all__ = ["InboxSocketModeHandler", "socket_entry"]

logger = logging.getLogger(__name__)

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def socket_entry(request: SocketModeRequest) -> InboxEntry | None:
    """The inbox entry of an envelope to work from the inbox, or None (through bolt at once)."""
    payload: Any = request.payload
    if not isinstance(payload, dict):
        return None
    if request.type == "events_api":
        entry = inbox_entry(JSON, json.dumps(payload).encode("utf-8"))
    elif request.type == "slash_commands":
        entry = inbox_entry(FORM, urlencode({k: str(v) for k, v in payload.items()}).encode("utf-8"))
    elif request.type == "interactive":
        entry = inbox_entry(FORM, urlencode({"payload": json.dumps(payload)}).encode("utf-8"))
    else:
        return None
    return entry if entry is not None and entry.body is not None else None


class InboxSocketModeHandler(SocketModeHandler):
    def __init__(self, app: App, *, app_token: str, inbox: Inbox) -> None:
        super().__init__(app, app_token=app_token)
        self._inbox = inbox

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        entry = socket_entry(req)
        if entry is None:
            super().handle(client, req)
            return
        try:
            self._inbox.record_now(entry)  # new or seen before, acked
        except Exception as exc:  # not acked: Slack sends the envelope again
            logger.error("%s envelope not recorded: %s", entry.kind, type(exc).__name__)
            return
        client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
