"""The inbox: each verified Slack request recorded in the database before its ack, then worked off here.

Why the database and not a file of this process's own: every HTTP worker process and replica shares
it, so de-duplication (the primary key) and the takeover of a dead process's entries (a lease) need
no other coordination. On SQLite the inbox has a file of its own beside the database (cases.db.
inbox_url), so that no case tracker transaction ever holds the lock an ack waits for; in WAL mode a
committed row survives a kill -9 of the process. Bodies are sealed before they are written
(cases.services.inbox), and erased once done.

- `record` (on the event loop that acks): the entries of one turn of the loop are written in one
  transaction on the loop itself (inbox_store.py); the ack waits for that commit only.
- One dispatcher thread hands each new entry to a worker thread, which runs `work` (bolt's dispatch,
  bot/slack/events.py), once arrivals pause (QUIET, at most MAX_HOLD): during a burst the cores go
  to acking first.
- An entry is done when `work` returns — unless its listener handed the work on (`hand_off`: a
  question queued for a worker), then when that work calls `done` (the answer is out).
- Every POLL seconds: the leases of the entries still worked here are renewed, entries whose lease
  ran out (their process died) are taken over, old keys are pruned.
- An entry taken over was claimed by a process that is gone: its claim may be retaken at once
  (`retaken`, bot/runtime/claims.py), however recent.
- Shutting down: `stop` (no new work, the entry being worked gets until the deadline), then — once
  the answers in flight are out or the deadline has passed — `hand_back`: every entry still open
  gets a lease that ends now, and the next process works it.
"""

from __future__ import annotations

import logging
import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot.runtime.database import Database
from bot.runtime.inbox_store import InboxStore
from bot.runtime.periodic import Periodic
from cases.services.inbox import InboxEntry

__all__ = ["Inbox", "InboxEntry"]

logger = logging.getLogger(__name__)

QUIET = 0.1  # seconds without a new arrival before working an entry: during a burst the cores ack first
MAX_HOLD = 1.0  # never hold an entry longer than this
POLL = 1.0
MAX_ATTEMPTS = 5  # an entry that keeps failing its process is dropped (logged) after this many

Work = Callable[[InboxEntry], None]


class Inbox:
    def __init__(self, db: Database, *, lease: timedelta, threads: int = 8) -> None:
        self.lease = lease
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._store = InboxStore(db, owner=self.owner, lease=lease, on_new=self._arrived)
        self._ready: queue.SimpleQueue[tuple[InboxEntry, float] | None] = queue.SimpleQueue()
        self._state = threading.Condition()
        self._open: set[str] = set()  # recorded or taken here, not done
        self._handed_off: set[str] = set()
        self._retaken: set[str] = set()
        self._last_arrival = 0.0
        self._work: Work | None = None
        self._dispatcher = threading.Thread(
            target=self._dispatch_loop, name="ses-inbox-dispatch", daemon=True
        )
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ses-inbox")
        self._working = 0  # entries in a worker's hands right now
        # Leases are renewed well before they run out, whatever their length.
        self._poller = Periodic("ses-inbox-poll", max(0.1, min(POLL, lease.total_seconds() / 3)), self._poll)
        self._stopping = False

    # --- the ack path -----------------------------------------------------------------------------

    async def record(self, entry: InboxEntry) -> bool:
        """Write `entry` (durably, its body sealed) and queue it for work; False for a key seen before
        (not worked again)."""
        self._last_arrival = time.monotonic()
        return await self._store.record(entry)

    def record_now(self, entry: InboxEntry) -> bool:
        """`record` for a thread without an event loop (Socket Mode's): blocks until written."""
        self._last_arrival = time.monotonic()
        return self._store.record_now(entry)

    # --- the listeners' side ----------------------------------------------------------------------

    def hand_off(self, key: str | None) -> None:
        """The entry's listener queued work that will call `done` (a question for a worker)."""
        with self._state:
            if key in self._open:
                self._handed_off.add(key)

    def done(self, key: str | None) -> None:
        """The entry's work is over (its answer out, or nothing handed on): its body erased, never
        worked again."""
        with self._state:
            mine = key is not None and key in self._open
        try:
            if mine and key is not None:
                self._store.finish(key)
        except Exception as exc:
            logger.error("inbox entry not marked done: database error %s", type(exc).__name__)
        finally:
            self._forget(key)

    def retaken(self, key: str) -> bool:
        """This entry was taken over from a process that stopped or died: its claim is stale."""
        with self._state:
            return key in self._retaken

    # --- running ----------------------------------------------------------------------------------

    def start(self, work: Work) -> None:
        if self._work is not None:
            return
        self._work = work
        self._dispatcher.start()
        self._poller.start()

    def wait_idle(self, timeout: float) -> bool:
        """True once every entry recorded or taken here is done (tests: the positive 'handled' signal)."""
        deadline = time.monotonic() + timeout
        with self._state:
            while self._open or self._store.recording:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._state.wait(min(left, 0.05))
        return True

    def stop(self, deadline: float) -> None:
        """Stop taking work; the entries being worked get until `deadline` (time.monotonic())."""
        if self._work is None or self._stopping:
            return
        self._stopping = True
        self._poller.stop(timeout=max(0.0, deadline - time.monotonic()))
        self._ready.put(None)
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._state:
            while self._working and time.monotonic() < deadline:
                self._state.wait(max(0.0, deadline - time.monotonic()))

    def hand_back(self) -> None:
        """After `stop`: every entry still open (not started, or its answer not out) goes back to the
        database with a lease that ends now, for the next process."""
        with self._state:
            left = set(self._open) if self._stopping else set()
        if left:
            try:
                self._store.release(left)
                logger.info("inbox: %d entries handed back for the next process", len(left))
            except Exception as exc:
                logger.error(
                    "inbox entries not handed back (their lease will run out): %s", type(exc).__name__
                )

    # --- threads ----------------------------------------------------------------------------------

    def _arrived(self, entry: InboxEntry) -> None:
        if entry.body is not None:  # a modal submission is only remembered
            self._queue(entry, time.monotonic())

    def _queue(self, entry: InboxEntry, arrived: float) -> None:
        with self._state:
            if self._stopping or entry.key in self._open:
                return
            self._open.add(entry.key)
        self._ready.put((entry, arrived))

    def _dispatch_loop(self) -> None:
        """One thread waits for the pause in arrivals, then hands entries to the workers: during a
        burst no worker is even woken, so the loop that acks keeps the cores (and the GIL)."""
        while True:
            item = self._ready.get()
            if item is None or self._stopping:
                return
            entry, arrived = item
            self._hold(arrived)
            try:
                self._pool.submit(self._run, entry)
            except RuntimeError:  # shut down meanwhile: handed back by `hand_back`
                return

    def _run(self, entry: InboxEntry) -> None:
        with self._state:
            self._working += 1
        try:
            self._work_on(entry)
        finally:
            with self._state:
                self._working -= 1
                self._state.notify_all()

    def _work_on(self, entry: InboxEntry) -> None:
        try:
            assert self._work is not None
            self._work(entry)
        except Exception:
            logger.exception("inbox entry failed; taken over again once its lease runs out")
            with self._state:  # no longer renewed here
                self._open.discard(entry.key)
                self._handed_off.discard(entry.key)
                self._state.notify_all()
            return
        with self._state:
            handed_off = entry.key in self._handed_off
        if not handed_off:
            self.done(entry.key)

    def _hold(self, arrived: float) -> None:
        while True:
            now = time.monotonic()
            if now - self._last_arrival >= QUIET or now - arrived >= MAX_HOLD:
                return
            time.sleep(QUIET / 2)

    def _forget(self, key: str | None) -> None:
        with self._state:
            self._open.discard(key or "")
            self._handed_off.discard(key or "")
            self._retaken.discard(key or "")
            self._state.notify_all()

    def _poll(self) -> None:
        with self._state:
            working = set(self._open)
        try:
            taken = self._store.poll(working)
        except Exception as exc:  # database down or behind (/readyz says which): the next poll retries
            logger.warning("inbox not polled: database error %s", type(exc).__name__)
            return
        for entry, attempts in taken:
            if attempts > MAX_ATTEMPTS or entry.body is None:
                why = "its body was not kept (no master keys) or cannot be opened"
                logger.error(
                    "inbox %s entry dropped: %s",
                    entry.kind,
                    why if entry.body is None else f"its process failed {attempts - 1} times",
                )
                with self._state:
                    self._open.add(entry.key)
                self.done(entry.key)
                continue
            logger.info("inbox: %s entry taken over from a process that stopped", entry.kind)
            with self._state:
                self._retaken.add(entry.key)
            self._queue(entry, time.monotonic())
