"""Small in-memory caches of the runtime: user locales, recent answers, recently seen event ids."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import DEFAULT_LOCALE, locale_of

if TYPE_CHECKING:
    from knowledge import Answer

__all__ = ["AnswerCache", "LocaleCache", "RecentIds"]

logger = logging.getLogger(__name__)

K = TypeVar("K")
V = TypeVar("V")


def _keep(entries: OrderedDict[K, V], key: K, value: V, size: int) -> None:
    """`value` kept under `key` as the most recent entry; the oldest dropped past `size` entries."""
    entries[key] = value
    entries.move_to_end(key)
    while len(entries) > size:
        entries.popitem(last=False)


class LocaleCache:
    """Each user's Slack locale ("fr" or "en"), from users.info, kept for `ttl` seconds."""

    def __init__(self, ttl: float = 3600.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._fetching: dict[str, threading.Lock] = {}

    def _cached(self, user_id: str, now: float) -> str | None:
        with self._lock:
            entry = self._entries.get(user_id)
            return entry[0] if entry is not None and entry[1] > now else None

    def get(self, client: WebClient, user_id: str) -> str:
        """The cached locale, else one users.info call per user even when several threads ask at once."""
        cached = self._cached(user_id, time.monotonic())
        if cached is not None:
            return cached
        with self._lock:
            fetching = self._fetching.setdefault(user_id, threading.Lock())
        with fetching:
            try:
                return self._fetch(client, user_id)
            finally:
                with self._lock:
                    self._fetching.pop(user_id, None)

    def _fetch(self, client: WebClient, user_id: str) -> str:
        now = time.monotonic()
        cached = self._cached(user_id, now)
        if cached is not None:
            return cached
        locale = DEFAULT_LOCALE
        try:
            response = client.users_info(user=user_id, include_locale=True)
            locale = locale_of((response.get("user") or {}).get("locale"))
        except SlackApiError as exc:
            logger.warning("Slack users.info failed: %s", exc.response.get("error", "unknown_error"))
        with self._lock:
            _keep(self._entries, user_id, (locale, now + self.ttl), self.size)
        return locale


class RecentIds:
    """The last `size` ids seen by this process (the fallback dedupe when the database is down)."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, value: str) -> bool:
        """True when `value` was not seen yet."""
        with self._lock:
            if value in self._ids:
                return False
            _keep(self._ids, value, None, self.size)
            return True


class AnswerCache:
    """Recent answers by (question, context), so a button shows what the user saw without asking again."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, str | None], Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, question: str, context: str | None) -> Answer | None:
        with self._lock:
            answer = self._entries.get((question, context))
            if answer is not None:
                self._entries.move_to_end((question, context))
            return answer

    def put(self, question: str, context: str | None, answer: Answer) -> None:
        with self._lock:
            _keep(self._entries, (question, context), answer, self.size)
