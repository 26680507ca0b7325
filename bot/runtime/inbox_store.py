"""The inbox's store, written by one thread: what is asked while it commits goes in its next commit.

Every read and write of the Slack inbox (cases.services.inbox) goes through this thread, on a
connection of its own to the inbox's store (`Database.inbox`: on SQLite a file of its own). So:
- the event loop that acks never touches the database: it hands its entry over and awaits the commit
  that holds it (asyncio.wrap_future) — a burst's entries share a few commits (group commit);
- within a process nothing else ever holds the store's lock when this thread wants it, and on SQLite
  the case tracker's transactions (claims, question logs, cases) never take it;
- new entries are committed first, on their own, so that acks never wait for the rest (entries
  done, leases renewed, entries taken over, keys pruned), which follows in a second transaction.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.runtime.database import Database
from cases.models import utcnow
from cases.services import inbox as store
from cases.services.inbox import InboxEntry

__all__ = ["InboxStore", "Taken"]

logger = logging.getLogger(__name__)

BATCH = 256  # entries in one commit at most
KEEP_KEYS = timedelta(hours=1)  # past Slack's retries (and the five-minute signature window)

Taken = list[tuple[InboxEntry, int]]


@dataclass(frozen=True)
class _Record:
    entry: InboxEntry
    written: Future[bool]


@dataclass(frozen=True)
class _Job:
    run: Callable[[Session], Any]
    done: Future[Any]


class InboxStore:
    def __init__(self, db: Database, *, owner: str, lease: timedelta) -> None:
        self._db = db
        self.owner = owner
        self.lease = lease
        self._queue: queue.SimpleQueue[_Record | _Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="ses-inbox-writer", daemon=True)
        self._started = False
        self._stopped = False
        self._lock = threading.Lock()

    # --- what the inbox asks ---------------------------------------------------------------------

    def record(self, entry: InboxEntry) -> Future[bool]:
        """True once `entry` is committed as new; False for a key seen before. Should the store fail,
        True (worked from memory: answering beats dropping what Slack will not resend)."""
        written: Future[bool] = Future()
        self._put(_Record(entry, written), written)
        return written

    def finish(self, key: str) -> Future[None]:
        """The entry is done: its body erased, its key kept a while for the de-duplication."""
        return self._submit(lambda session: store.finish(session, key))

    def poll(self, working: set[str]) -> Future[Taken]:
        """Renew the leases of `working`, take over entries whose lease ran out, prune old keys."""

        def run(session: Session) -> Taken:
            now = utcnow()
            store.renew(session, working, owner=self.owner, lease_until=now + self.lease)
            taken = store.take_expired(session, owner=self.owner, lease_until=now + self.lease, now=now)
            store.prune(session, before=now - KEEP_KEYS)
            return taken

        return self._submit(run)

    def release(self, keys: Iterable[str]) -> Future[None]:
        """Hand entries back (shutting down): any process may take them at once."""
        chosen = set(keys)
        return self._submit(lambda session: store.release(session, chosen, owner=self.owner, now=utcnow()))

    def stop(self) -> None:
        """The thread ends once what was asked before is written; what is asked after fails at once."""
        with self._lock:
            if self._started and not self._stopped:
                self._queue.put(None)
            self._stopped = True

    # --- the thread ------------------------------------------------------------------------------

    def _submit(self, run: Callable[[Session], Any]) -> Future[Any]:
        done: Future[Any] = Future()
        self._put(_Job(run, done), done)
        return done

    def _put(self, item: _Record | _Job, future: Future[Any]) -> None:
        with self._lock:
            if self._stopped:
                future.set_exception(RuntimeError("the inbox is closed"))
                return
            if not self._started:
                self._started = True
                self._thread.start()
            self._queue.put(item)

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # after this batch
                    break
                batch.append(item)
            self._write_records([i for i in batch if isinstance(i, _Record)])
            self._run_jobs([i for i in batch if isinstance(i, _Job)])

    def _write_records(self, records: list[_Record]) -> None:
        if not records:
            return
        now = utcnow()
        try:
            with self._db.inbox() as session:
                new = store.record(
                    session,
                    [r.entry for r in records],
                    owner=self.owner,
                    lease_until=now + self.lease,
                    now=now,
                )
        except Exception as exc:
            logger.error("inbox not written, worked from memory: database error %s", type(exc).__name__)
            new = {r.entry.key for r in records}
        for record in records:
            fresh = record.entry.key in new
            new.discard(record.entry.key)  # a key twice in one batch is new once
            record.written.set_result(fresh)

    def _run_jobs(self, jobs: list[_Job]) -> None:
        if not jobs:
            return
        results: list[Any] = []
        try:
            with self._db.inbox() as session:
                results = [job.run(session) for job in jobs]
        except Exception as exc:
            for job in jobs:
                job.done.set_exception(exc)
            return
        for job, result in zip(jobs, results, strict=True):
            job.done.set_result(result)
