"""The one place that talks back to Slack: messages in threads, ephemeral answers, reactions, views.

Everything here goes through a WebClient (or a response_url's WebhookClient) whose retry handlers
wait out `ratelimited` (429 + Retry-After); on top of that, messages to one channel are spaced
about a second apart, as Slack asks. Slack errors are logged by code and swallowed: a failed
reaction must never cost the user their answer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, RetryHandler
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.webhook import WebhookClient

from bot.logging_setup import withholding_payloads

__all__ = [
    "MAX_BLOCKS",
    "ChannelPacer",
    "add_reaction",
    "post_ephemeral",
    "post_in_thread",
    "publish_home",
    "remove_reaction",
    "respond",
    "retry_handlers",
    "send_dm",
    "update_message",
]

logger = logging.getLogger(__name__)
_WEBHOOK_LOGGER = withholding_payloads("bot.slack.webhook")  # slack_sdk logs each body at DEBUG

MAX_BLOCKS = 50  # per message
THINKING = "eyes"

Blocks = Sequence[Block | dict[str, Any]]


def retry_handlers() -> list[RetryHandler]:
    """What every client we build retries: rate limits (Retry-After honoured) and dropped connections."""
    return [RateLimitErrorRetryHandler(max_retry_count=3), ConnectionErrorRetryHandler(max_retry_count=2)]


class ChannelPacer:
    """Spaces messages to the same channel `interval` seconds apart (Slack: about 1 message/s/channel).

    Callers reserve a slot under the lock and sleep outside it, so posts to other channels never
    wait behind a busy one.
    """

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(channel, now))
            self._next[channel] = slot + self.interval
            if len(self._next) > 10_000:
                self._next = {c: at for c, at in self._next.items() if at > now}
        if slot > now:
            time.sleep(slot - now)


def _dicts(blocks: Blocks) -> list[dict[str, Any]]:
    return [b.to_dict() if isinstance(b, Block) else dict(b) for b in blocks]


def _chunks(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)] or [[]]


def post_in_thread(
    client: WebClient,
    pacer: ChannelPacer,
    *,
    channel: str,
    thread_ts: str | None,
    blocks: Blocks,
    text: str,
) -> str | None:
    """Post in the thread (split over several messages past 50 blocks); the first message's ts."""
    first: str | None = None
    for chunk in _chunks(_dicts(blocks)):
        pacer.wait(channel)
        try:
            response = client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, blocks=chunk or None, text=text, unfurl_links=False
            )
        except SlackApiError as exc:
            _log_error("chat.postMessage", exc)
            return first
        first = first or response.get("ts")
    return first


def post_ephemeral(
    client: WebClient,
    pacer: ChannelPacer,
    *,
    channel: str,
    user: str,
    blocks: Blocks,
    text: str,
    thread_ts: str | None = None,
) -> None:
    for chunk in _chunks(_dicts(blocks)):
        pacer.wait(channel)
        try:
            client.chat_postEphemeral(
                channel=channel, user=user, blocks=chunk or None, text=text, thread_ts=thread_ts
            )
        except SlackApiError as exc:
            _log_error("chat.postEphemeral", exc)
            return


def send_dm(
    client: WebClient, pacer: ChannelPacer, *, user: str, blocks: Blocks, text: str
) -> tuple[str, str] | None:
    """A direct message to `user` (conversations.open, then post); (channel, ts), or None on failure."""
    try:
        opened = client.conversations_open(users=user)
    except SlackApiError as exc:
        _log_error("conversations.open", exc)
        return None
    channel = str((opened.get("channel") or {}).get("id", ""))
    if not channel:
        return None
    ts = post_in_thread(client, pacer, channel=channel, thread_ts=None, blocks=blocks, text=text)
    return (channel, ts) if ts else None


def respond(
    response_url: str,
    *,
    blocks: Blocks = (),
    text: str = "",
    response_type: str = "ephemeral",
    replace_original: bool = False,
    delete_original: bool = False,
) -> None:
    """Answer through a slash command's or a button's response_url (no channel membership needed)."""
    webhook = WebhookClient(response_url, retry_handlers=retry_handlers(), logger=_WEBHOOK_LOGGER)
    chunks = _chunks(_dicts(blocks)) if blocks else [[]]
    for index, chunk in enumerate(chunks):
        payload: dict[str, Any] = {"response_type": response_type, "text": text}
        if chunk:
            payload["blocks"] = chunk
        if delete_original:
            payload = {"delete_original": True}
        elif index == 0:
            payload["replace_original"] = replace_original
        else:
            payload["replace_original"] = False
        try:
            response = webhook.send_dict(payload)
        except Exception as exc:  # network errors: logged, never raised into a listener
            logger.warning("response_url post failed: %s", type(exc).__name__)
            return
        if response.status_code != 200:
            logger.warning("response_url post answered HTTP %s", response.status_code)
            return


def update_message(client: WebClient, *, channel: str, ts: str, blocks: Blocks, text: str) -> None:
    try:
        client.chat_update(channel=channel, ts=ts, blocks=_dicts(blocks), text=text)
    except SlackApiError as exc:
        _log_error("chat.update", exc)


def add_reaction(client: WebClient, *, channel: str, ts: str, name: str = THINKING) -> None:
    _react(client.reactions_add, "reactions.add", "already_reacted", channel=channel, ts=ts, name=name)


def remove_reaction(client: WebClient, *, channel: str, ts: str, name: str = THINKING) -> None:
    _react(client.reactions_remove, "reactions.remove", "no_reaction", channel=channel, ts=ts, name=name)


def _react(call: Callable[..., Any], method: str, harmless: str, *, channel: str, ts: str, name: str) -> None:
    """`call` on a message's reaction; the error `harmless` (already there, already gone) is no failure."""
    try:
        call(channel=channel, timestamp=ts, name=name)
    except SlackApiError as exc:
        if exc.response.get("error") != harmless:
            _log_error(method, exc)


def publish_home(client: WebClient, *, user_id: str, view: View) -> None:
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as exc:
        _log_error("views.publish", exc)


def _log_error(method: str, exc: SlackApiError) -> None:
    logger.warning("Slack %s failed: %s", method, exc.response.get("error", "unknown_error"))
