"""The Slack inbox: requests recorded before their ack, worked off after, taken over if their worker died.

An entry is written (one INSERT … ON CONFLICT DO NOTHING for a whole batch) before Slack gets its
200; a key already present is a redelivery or a replay and is not worked again. The process that
wrote an entry holds a lease on it; an entry whose lease ran out before it was done belongs to a
process that died, and the first process to take it (one conditional UPDATE) works it off. The
body, which may hold a question, is erased when the entry is done; the key stays a while for the
de-duplication.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from cases._sql import insert_for
from cases.models import SlackInboxItem, utcnow

__all__ = ["InboxEntry", "finish", "pending_count", "prune", "record", "release", "renew", "take_expired"]


@dataclass(frozen=True)
class InboxEntry:
    """One request: its de-duplication key, its kind (event, command, action, seen) and raw body."""

    key: str
    kind: str
    content_type: str
    body: bytes | None


def record(
    session: Session, entries: Sequence[InboxEntry], *, owner: str, lease_until: datetime, now: datetime
) -> set[str]:
    """Write the entries not seen before, leased to `owner`; the keys that were new (a key twice in
    `entries` is written once)."""
    if not entries:
        return set()
    rows = [
        {
            "key": e.key,
            "kind": e.kind,
            "content_type": e.content_type[:64],
            "body": e.body,
            "received_at": now,
            "owner": owner,
            "lease_until": lease_until,
            "attempts": 1,
            "done_at": None if e.body is not None else now,
        }
        for e in entries
    ]
    # Two statements for any number of rows, each compiled once and cached (an IN list that expands,
    # a plain executemany): a batch costs little on the event loop that acks. Within one transaction
    # (SQLite's writes are serial) a key found absent is new; ON CONFLICT keeps a racing replica's
    # write of the same key from failing the batch.
    keys = {e.key for e in entries}
    seen = set(session.scalars(select(SlackInboxItem.key).where(SlackInboxItem.key.in_(keys))))
    fresh: dict[str, dict[str, int | str | bytes | datetime | None]] = {}
    for e, row in zip(entries, rows, strict=True):
        if e.key not in seen:
            fresh.setdefault(e.key, row)
    if fresh:
        insert = insert_for(session, SlackInboxItem).on_conflict_do_nothing(index_elements=["key"])
        session.execute(insert, list(fresh.values()))
    return set(fresh)


def take_expired(
    session: Session, *, owner: str, lease_until: datetime, now: datetime, limit: int = 50
) -> list[tuple[InboxEntry, int]]:
    """Take over entries not done whose lease ran out (their process died); with their attempt count."""
    expired = (
        select(SlackInboxItem.key)
        .where(SlackInboxItem.done_at.is_(None), SlackInboxItem.lease_until <= now)
        .order_by(SlackInboxItem.received_at)
        .limit(limit)
        .scalar_subquery()
    )
    statement = (
        update(SlackInboxItem)
        .where(
            SlackInboxItem.key.in_(expired),
            SlackInboxItem.lease_until <= now,
            SlackInboxItem.done_at.is_(None),
        )
        .values(owner=owner, lease_until=lease_until, attempts=SlackInboxItem.attempts + 1)
        .returning(
            SlackInboxItem.key,
            SlackInboxItem.kind,
            SlackInboxItem.content_type,
            SlackInboxItem.body,
            SlackInboxItem.attempts,
        )
        .execution_options(synchronize_session=False)
    )
    return [
        (InboxEntry(key, kind, ct, body), attempts)
        for key, kind, ct, body, attempts in session.execute(statement)
    ]


def renew(session: Session, keys: Iterable[str], *, owner: str, lease_until: datetime) -> None:
    """Keep the lease on entries this owner is still working (an answer can wait for a worker)."""
    chosen = list(keys)
    if chosen:
        session.execute(
            update(SlackInboxItem)
            .where(
                SlackInboxItem.key.in_(chosen),
                SlackInboxItem.owner == owner,
                SlackInboxItem.done_at.is_(None),
            )
            .values(lease_until=lease_until)
            .execution_options(synchronize_session=False)
        )


def release(session: Session, keys: Iterable[str], *, owner: str, now: datetime) -> None:
    """Hand entries back (shutting down): any process may take them at once."""
    renew(session, keys, owner=owner, lease_until=now)


def finish(session: Session, key: str, *, now: datetime | None = None) -> None:
    """The entry is worked off: its body erased, its key kept for de-duplication."""
    session.execute(
        update(SlackInboxItem)
        .where(SlackInboxItem.key == key, SlackInboxItem.done_at.is_(None))
        .values(done_at=now or utcnow(), body=None)
        .execution_options(synchronize_session=False)
    )


def pending_count(session: Session) -> int:
    """Entries recorded and not yet done, in every process."""
    count = session.scalar(
        select(func.count()).select_from(SlackInboxItem).where(SlackInboxItem.done_at.is_(None))
    )
    return int(count or 0)


def prune(session: Session, *, before: datetime) -> int:
    """Forget keys done before `before` (past Slack's retries and the signature window)."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        delete(SlackInboxItem).where(SlackInboxItem.done_at < before)
    )
    return result.rowcount
