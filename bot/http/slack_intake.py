"""Slack's events, commands and clicks acked before FastAPI: read, verified, recorded, answered 200.

Slack sends them in bursts and wants each 200 within 3 s; the ack path only verifies, records and
returns. FastAPI's middleware stack, routing and request objects cost more than all of that (about
0.1 ms a request, measured), so `SlackIntake` sits in front of the app's middleware stack (plain
ASGI) and takes these requests first. Every other request goes on to the app: on `/slack/events` a
refusal (too large, unsigned, malformed: the route says why, in its words and logs), a modal
submission (its response matters), url_verification — with the bytes read put back in front.
"""

from __future__ import annotations

import logging

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.http.guards import SLACK_BODY, refusal
from bot.i18n import t
from bot.runtime.inbox import Inbox
from bot.slack.events import SlackVerifier, inbox_entry
from bot.slack.shapes import malformed
from cases.i18n import accept_language
from cases.services.inbox import InboxEntry

__all__ = ["PATH", "SlackIntake"]

logger = logging.getLogger(__name__)

PATH = "/slack/events"
_ACKED: list[Message] = [
    {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"0")]},
    {"type": "http.response.body", "body": b""},
]


class SlackIntake:
    def __init__(self, app: ASGIApp, verifier: SlackVerifier, inbox: Inbox) -> None:
        self.app = app
        self._verifier = verifier
        self._inbox = inbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "POST":
            await self._take(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _take(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Ack the request if it is one to work from the inbox; else the app gets it whole."""
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > SLACK_BODY:
            await self.app(scope, receive, send)
            return
        read, body = await _read(receive)
        entry = self._entry(body, headers) if body is not None else None
        if entry is None:
            await self.app(scope, _put_back(read, receive), send)
            return
        try:
            await self._inbox.record(entry)  # new or seen before, Slack gets its 200
        except Exception as exc:  # as bot.http.guards.LastResort: one line, a short 500 (Slack retries)
            logger.error("POST %s failed: %s", PATH, type(exc).__name__)
            locale = accept_language(headers.get("accept-language"))
            await refusal(500, "internal_error", t("http.internal_error", locale))(scope, receive, send)
            return
        for message in _ACKED:
            await send(message)

    def _entry(self, body: bytes, headers: Headers) -> InboxEntry | None:
        """The entry to record and ack at once, or None for whatever the route answers itself."""
        if not self._verifier.verify(body, headers):
            return None
        content_type = headers.get("content-type")
        entry = inbox_entry(content_type, body)  # None for Slack's app_rate_limited notice: the route's
        if entry is None or entry.body is None:
            return None
        # An event's shape is checked on the inbox's thread, so that a burst's acks never wait behind it.
        if entry.kind != "event" and malformed(content_type, body, headers) is not None:
            return None
        return entry


async def _read(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The messages read, and the body — None once it passes SLACK_BODY (the route says 413)."""
    read: list[Message] = []
    size = 0
    while True:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            return read, None
        size += len(message.get("body", b""))
        if size > SLACK_BODY:
            return read, None
        if not message.get("more_body", False):
            return read, b"".join(m.get("body", b"") for m in read)


def _put_back(read: list[Message], receive: Receive) -> Receive:
    left = list(read)

    async def replayed() -> Message:
        return left.pop(0) if left else await receive()

    return replayed
