"""Events API requests acked the moment their signature checks out, dispatched to bolt just after.

Slack only needs a 200 for an event (the response body is ignored), and it wants it within 3 s.
bolt would answer that 200 too — but only after its middleware chain, on the request's thread;
under a burst of 200 events those few milliseconds each add up in front of the last ack. So the
server checks the signature itself (the same check bolt makes, with the same secret), answers,
and hands the raw request to this dispatcher, whose thread runs bolt's `App.dispatch` exactly as
the FastAPI adapter would (bolt verifies the signature again; listeners run on bolt's executor).

While events keep arriving, the dispatcher holds back (a few milliseconds of quiet, at most
MAX_HOLD): the two cores then go to acking the rest of a burst first, and the answers start a
moment later. At a steady pace the hold never exceeds QUIET.

Slash commands, buttons and url_verification go through bolt synchronously: their response
body matters.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Mapping, Sequence

from slack_bolt import App
from slack_sdk.signature import SignatureVerifier

from bot.slack.shapes import event_request, json_object

__all__ = ["EventDispatcher", "is_event_callback"]

logger = logging.getLogger(__name__)

QUIET = 0.005  # seconds without a new event before dispatching
MAX_HOLD = 0.25  # never hold an event longer than this

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

_Item = tuple[bytes, dict[str, str | Sequence[str]], float]  # body, headers, arrival time


def is_event_callback(content_type: str | None, body: bytes) -> bool:
    """An Events API delivery (JSON `event_callback`), as opposed to commands, buttons, url_verification."""
    if not content_type or "json" not in content_type:
        return False
    data = json_object(body)
    return data is not None and data.get("type") == "event_callback"


class EventDispatcher:
    def __init__(self, app: App, signing_secret: str) -> None:
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="ses-event-dispatch", daemon=True)
        self._started = False
        self._last_arrival = 0.0

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def stop(self) -> None:
        if self._started:
            self._queue.put(None)
            self._thread.join(5)

    def verify(self, body: bytes, headers: Mapping[str, str]) -> bool:
        """Slack's signature of the raw body (slack_sdk's verifier: HMAC, five-minute window). Headers
        not shaped as Slack's are refused first: the verifier raises on a timestamp that is not a
        number, and `hmac.compare_digest` on a signature that is not ASCII."""
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        return self.verifier.is_valid(body=body, timestamp=timestamp, signature=signature)

    def submit(self, body: bytes, headers: Mapping[str, str]) -> None:
        """Queue a verified event for bolt; returns at once."""
        self.start()
        self._last_arrival = time.monotonic()
        copied: dict[str, str | Sequence[str]] = dict(headers.items())
        self._queue.put((body, copied, self._last_arrival))

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    def _hold(self, arrived: float) -> None:
        while True:
            now = time.monotonic()
            if now - self._last_arrival >= QUIET or now - arrived >= MAX_HOLD:
                return
            time.sleep(QUIET / 2)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            body, headers, arrived = item
            self._hold(arrived)
            request = event_request(body, headers)
            if isinstance(request, str):  # acked already; Slack ignores the body, so only the log says it
                logger.warning("event refused: not shaped as Slack's (%s)", request)
                continue
            try:
                response = self.app.dispatch(request)
                if response.status >= 400:
                    logger.warning("event dispatch answered %s", response.status)
            except Exception:
                logger.exception("event dispatch failed")
