"""The inbox: each verified Slack request recorded in the database before its ack, then worked off here.

Why the database and not a file in SES_DATA_DIR: every HTTP worker process and replica shares it, so
de-duplication (the primary key) and the takeover of a dead process's entries (a lease) need no
other coordination, and it is backed up with the cases. SQLite in WAL mode keeps a committed row
through a kill -9 of the process.

- `record` (on the event loop that acks): the entries of one turn of the loop (at most BATCH) are
  written in one transaction on the loop itself; the ack waits for that commit only.
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

import asyncio
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

from sqlalchemy.orm import Session

from bot.runtime.database import Database
from bot.runtime.periodic import Periodic
from cases.models import utcnow
from cases.services import inbox as store
from cases.services.inbox import InboxEntry

__all__ = ["Inbox", "InboxEntry"]

logger = logging.getLogger(__name__)

QUIET = (
    0.1  # seconds without a new arrival before working an entry (a worker's SQLite write lock stalls acks)
)
MAX_HOLD = 1.0  # never hold an entry longer than this
BATCH = 24  # entries written in one transaction at most
POLL = 1.0
MAX_ATTEMPTS = 5  # an entry that keeps failing its process is dropped (logged) after this many
KEEP_KEYS = timedelta(hours=1)  # past Slack's retries (and the five-minute signature window)

Work = Callable[[InboxEntry], None]
_Write = tuple[InboxEntry, "asyncio.Future[bool]"]


class Inbox:
    def __init__(self, db: Database, *, lease: timedelta, threads: int = 8) -> None:
        self._db = db
        self.lease = lease
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._pending: list[_Write] = []  # entries waiting for this turn's write
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
        """Write `entry` (durably) and queue it for work; False for a key seen before (not worked again).

        Written on the event loop itself, with every entry that arrived in the same turn of the loop
        (one short transaction, no fsync in WAL mode): handing the write to a thread would make each
        ack wait for the GIL behind the loop's own work, a few milliseconds a time.
        """
        loop = asyncio.get_running_loop()
        written: asyncio.Future[bool] = loop.create_future()
        self._last_arrival = time.monotonic()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((entry, written))
        if len(self._pending) >= BATCH:  # in a burst, the first acks go out before the last are read
            self._flush()
        return await written

    # --- the listeners' side ----------------------------------------------------------------------

    def hand_off(self, key: str | None) -> None:
        """The entry's listener queued work that will call `done` (a question for a worker)."""
        with self._state:
            if key in self._open:
                self._handed_off.add(key)

    def done(self, key: str | None) -> None:
        """The entry's work is over (nothing handed on): never worked again."""
        try:
            with self._db.session() as session:
                self.finish(key, session)
        finally:
            self.forget(key)

    def finish(self, key: str | None, session: Session) -> None:
        """Mark the entry done in `session` (the transaction that marks its event answered); `forget`
        it once that transaction is over, committed or not."""
        with self._state:
            if key is None or key not in self._open:
                return
        store.finish(session, key)

    def forget(self, key: str | None) -> None:
        """This process is through with the entry: its lease is no longer renewed."""
        with self._state:
            self._open.discard(key or "")
            self._handed_off.discard(key or "")
            self._retaken.discard(key or "")
            self._state.notify_all()

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
            while self._open or self._pending:
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
                with self._db.session() as session:
                    store.release(session, left, owner=self.owner, now=utcnow())
                logger.info("inbox: %d entries handed back for the next process", len(left))
            except Exception as exc:
                logger.error(
                    "inbox entries not handed back (their lease will run out): %s", type(exc).__name__
                )

    # --- threads ----------------------------------------------------------------------------------

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            self._record_batch(batch)
        self._last_arrival = time.monotonic()  # the loop was busy writing: more may be waiting to be read

    def _record_batch(self, batch: list[_Write]) -> None:
        now = utcnow()
        entries = [entry for entry, _ in batch]
        try:
            with self._db.own_line() as session:
                new = store.record(session, entries, owner=self.owner, lease_until=now + self.lease, now=now)
        except Exception as exc:  # answering (not durably) beats dropping what Slack will not resend
            logger.error("inbox not written, worked from memory: database error %s", type(exc).__name__)
            new = {entry.key for entry in entries}
        arrived = time.monotonic()
        for entry, written in batch:
            fresh = entry.key in new
            if fresh and entry.body is not None:
                new.discard(entry.key)  # a key twice in one batch is worked once
                self._queue(entry, arrived)
            if not written.done():
                written.set_result(fresh)

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
            try:
                self.done(entry.key)
            except Exception as exc:
                logger.error("inbox entry not marked done: database error %s", type(exc).__name__)

    def _hold(self, arrived: float) -> None:
        while True:
            now = time.monotonic()
            if now - self._last_arrival >= QUIET or now - arrived >= MAX_HOLD:
                return
            time.sleep(QUIET / 2)

    def _poll(self) -> None:
        now = utcnow()
        with self._state:
            working = set(self._open)
        try:
            with self._db.session() as session:
                store.renew(session, working, owner=self.owner, lease_until=now + self.lease)
                taken = store.take_expired(session, owner=self.owner, lease_until=now + self.lease, now=now)
                store.prune(session, before=now - KEEP_KEYS)
        except Exception as exc:  # database down or behind (/readyz says which): the next poll retries
            logger.warning("inbox not polled: database error %s", type(exc).__name__)
            return
        for entry, attempts in taken:
            if attempts > MAX_ATTEMPTS:
                logger.error("inbox entry %s dropped after %d attempts", entry.kind, attempts - 1)
                with self._state:
                    self._open.add(entry.key)
                self.done(entry.key)
                continue
            logger.info("inbox: %s entry taken over from a process that stopped", entry.kind)
            with self._state:
                self._retaken.add(entry.key)
            self._queue(entry, time.monotonic())
