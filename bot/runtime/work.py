"""The work queue: bounded threads that carry questions to the engine, and one thread for indexing.

A question waits for a thread only while the queue has room; beyond that the caller is told to say
"busy, retrying" and `retry_later` tries again with backoff. Documents sent to the bot are indexed
one after the other on a thread of their own: a build takes seconds to minutes and must not hold a
question's worker (builds are serial anyway).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

__all__ = ["DEFAULT_RETRY_DELAYS", "Job", "WorkQueue"]

logger = logging.getLogger(__name__)

Job = Callable[[], None]

DEFAULT_RETRY_DELAYS: tuple[float, ...] = (1, 2, 4, 8, 15, 30)


class WorkQueue:
    def __init__(
        self, *, threads: int, queue: int, retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS
    ) -> None:
        self.threads = threads
        self.queue = queue
        self.retry_delays = tuple(retry_delays)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ses-ask")
        self._slots = threading.BoundedSemaphore(threads + queue)
        self._indexing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ses-indexing")
        self._timers: set[threading.Timer] = set()
        self._timers_lock = threading.Lock()
        self._running = 0
        self._idle = threading.Condition()
        self._closed = False

    def submit(self, job: Job) -> bool:
        """Run `job` on a worker; False (and nothing queued) when every worker and queue slot is taken."""
        if self._closed or not self._slots.acquire(blocking=False):
            return False

        def run() -> None:
            with self._idle:
                self._running += 1
            try:
                job()
            except Exception:
                logger.exception("background job failed")
            finally:
                self._slots.release()
                with self._idle:
                    self._running -= 1
                    self._idle.notify_all()

        try:
            self._pool.submit(run)
        except RuntimeError:  # shut down meanwhile
            self._slots.release()
            return False
        return True

    def retry_later(self, job: Job, *, give_up: Job, attempt: int = 0) -> None:
        """Try `job` again after a growing delay while the pool stays full; `give_up` after the last try."""
        if self._closed:
            return
        if attempt >= len(self.retry_delays):
            _run_quietly(give_up)
            return

        def again() -> None:
            with self._timers_lock:
                self._timers.discard(timer)
            if not self.submit(job):
                self.retry_later(job, give_up=give_up, attempt=attempt + 1)

        timer = threading.Timer(self.retry_delays[attempt], again)
        timer.daemon = True
        with self._timers_lock:
            self._timers.add(timer)
        timer.start()

    def submit_indexing(self, job: Job) -> bool:
        """Run `job` on the indexing thread, after the builds queued before it; False once closed."""
        if self._closed:
            return False
        try:
            self._indexing.submit(_run_quietly, job)
        except RuntimeError:  # shut down meanwhile
            return False
        return True

    @property
    def pending(self) -> int:
        """Questions accepted and not finished (running or queued)."""
        return self.threads + self.queue - self._slots._value  # noqa: SLF001 — a gauge, read-only

    def close(self, deadline: float | None = None) -> bool:
        """Take nothing more; questions queued or waiting to retry are dropped (their inbox entries are
        handed back by the caller); those running get until `deadline` (time.monotonic()) to finish.
        True when none is left running."""
        self._closed = True
        with self._timers_lock:
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._indexing.shutdown(wait=False, cancel_futures=True)
        with self._idle:
            while deadline is not None and self._running and time.monotonic() < deadline:
                self._idle.wait(max(0.0, deadline - time.monotonic()))
            if self._running and deadline is not None:
                logger.warning("%d questions still being answered at shutdown: handed back", self._running)
            return not self._running


def _run_quietly(job: Job) -> None:
    try:
        job()
    except Exception:
        logger.exception("background job failed")
