"""Slack requests acked once verified and recorded, worked off from the inbox (bot/runtime/inbox.py).

Slack only needs a 200 for an event, a slash command or a button click (the body is ignored, or
optional), within 3 s. The server checks the signature itself (the check bolt would make, with the
same secret), records the request in the inbox and answers; nothing else runs on the loop that
acks. `work` then runs bolt's `App.dispatch` on an inbox thread, listeners included (the app runs
each listener to its end before dispatch returns: bot/slack/app.py), then the entry is done.

Modal submissions (and url_verification, options) stay synchronous: their response body matters.
A modal submission is still recorded (its key, never its body, which may be confidential), so that
a replayed one is refused.

Keys: an event's `event_id` (Slack's retries carry it); for anything else the SHA-256 of the signed
body, which names one click or command (each has its own `trigger_id`): a replay of the same signed
form within the signature window is the same key, worked once.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.runtime.inbox import InboxEntry
from bot.slack.shapes import event_request, json_object

__all__ = ["INBOX_KEY", "SlackVerifier", "digest_key", "inbox_entry", "work"]

logger = logging.getLogger(__name__)

INBOX_KEY = "inbox_key"  # in bolt's context: the entry a listener works (commands pass it on)
QUEUED_PAYLOADS = frozenset({"block_actions", "shortcut", "message_action"})
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_KEY_LIMIT = 128


class SlackVerifier:
    def __init__(self, signing_secret: str) -> None:
        self._verifier = SignatureVerifier(signing_secret)

    def verify(self, body: bytes, headers: Mapping[str, str]) -> bool:
        """Slack's signature of the raw body (slack_sdk's verifier: HMAC, five-minute window). Headers
        not shaped as Slack's are refused first: the verifier raises on a timestamp that is not a
        number, and `hmac.compare_digest` on a signature that is not ASCII."""
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        return self._verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


def digest_key(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def inbox_entry(content_type: str | None, body: bytes) -> InboxEntry | None:
    """The inbox entry of a verified request: worked later (a body) or only remembered (a modal
    submission: no body); None for what is neither recorded nor de-duplicated (url_verification)."""
    content_type = content_type or ""
    if "json" in content_type:
        data = json_object(body)
        if data is None or data.get("type") != "event_callback":
            return None
        event_id = data.get("event_id")
        key = event_id if isinstance(event_id, str) and 0 < len(event_id) <= _KEY_LIMIT else digest_key(body)
        return InboxEntry(key, "event", content_type, body)
    form = parse_qs(body.decode("utf-8", errors="replace"))
    if "command" in form:
        return InboxEntry(digest_key(body), "command", content_type, body)
    payload = json_object(form.get("payload", [""])[0])
    if payload is None:
        return None
    if payload.get("type") in QUEUED_PAYLOADS:
        return InboxEntry(digest_key(body), "action", content_type, body)
    return InboxEntry(digest_key(body), "seen", content_type, None)


def work(app: App) -> Callable[[InboxEntry], None]:
    """What an inbox thread does with an entry: bolt's dispatch, its listener run to the end."""

    def run(entry: InboxEntry) -> None:
        request = _request(entry)
        if isinstance(request, str):  # acked already; Slack ignores the body, so only the log says it
            logger.warning("%s refused: not shaped as Slack's (%s)", entry.kind, request)
            return
        request.context[INBOX_KEY] = entry.key
        response = app.dispatch(request)
        if response.status >= 400:
            logger.warning("%s dispatch answered %s", entry.kind, response.status)

    return run


def _request(entry: InboxEntry) -> BoltRequest | str:
    body = entry.body or b""
    headers: dict[str, Any] = {"content-type": entry.content_type}
    if entry.kind == "event":
        return event_request(body, headers)
    try:
        return BoltRequest(body=body.decode("utf-8"), headers=headers)
    except Exception as exc:  # checked before the ack (shapes.malformed); a new bolt may differ
        return f"unreadable ({type(exc).__name__})"
