"""A job run every few seconds on a thread of its own (the outbox of replies), until stopped."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

__all__ = ["Periodic"]

logger = logging.getLogger(__name__)


class Periodic:
    """Runs `job` at once when started, then every `interval` seconds; a failing run is logged and
    the next one comes as planned. `stop` waits (bounded) for a run in progress to end."""

    def __init__(self, name: str, interval: float, job: Callable[[], object]) -> None:
        self.interval = interval
        self._job = job
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Wait up to `timeout` seconds for a run in progress (its thread is a daemon: a run stuck
        longer does not hold the process)."""
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                self._job()
            except Exception:
                logger.exception("periodic job %s failed", self._thread.name)
            self._stopped.wait(self.interval)
