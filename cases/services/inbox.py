"""The Slack inbox: requests recorded before their ack, worked off after, taken over if their worker died.

An entry is written (one INSERT … ON CONFLICT DO NOTHING for a whole batch) before Slack gets its
200; a key already present is a redelivery or a replay and is not worked again. The process that
wrote an entry holds a lease on it; an entry whose lease ran out before it was done belongs to a
process that died, and the first process to take it (one conditional UPDATE) works it off.

The body may hold a confidential requester's words: it is sealed by the session's vault before it
is written (`Vault.seal_transit`) and never stored in the clear — without keys it is not stored at
all (the entry is then worked from the memory of the process that acked it, and lost if that
process dies). It is erased when the entry is done; the key stays a while for the de-duplication.
The store is `cases.db.inbox_url(…)`: on SQLite a file of its own, whose table `ensure_table`
creates; on PostgreSQL the migrated database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from cases._sql import insert_for
from cases.errors import VaultUnavailable
from cases.models import SlackInboxItem, utcnow
from cases.vault import Vault, vault_of

__all__ = [
    "InboxEntry",
    "ensure_table",
    "finish",
    "pending_count",
    "prune",
    "record",
    "release",
    "renew",
    "take_expired",
]

SEEN = "seen"  # an entry only remembered (a modal submission): done as it is recorded
_TABLE = SlackInboxItem.metadata.tables[SlackInboxItem.__tablename__]


@dataclass(frozen=True)
class InboxEntry:
    """One request: its de-duplication key, its kind (event, command, action, seen) and raw body
    (None: only remembered, or not kept)."""

    key: str
    kind: str
    content_type: str
    body: bytes | None


def record(
    session: Session, entries: Sequence[InboxEntry], *, owner: str, lease_until: datetime, now: datetime
) -> set[str]:
    """Write the entries not seen before, leased to `owner`, their bodies sealed; the keys that were
    new (a key twice in `entries` is written once)."""
    unique: dict[str, InboxEntry] = {}
    for entry in entries:
        unique.setdefault(entry.key, entry)
    if not unique:
        return set()
    vault = vault_of(session)
    rows = [
        {
            "key": e.key,
            "kind": e.kind,
            "content_type": e.content_type[:64],
            "body": _sealed(vault, e),
            "received_at": now,
            "owner": owner,
            "lease_until": lease_until,
            "attempts": 1,
            "done_at": now if e.kind == SEEN else None,
        }
        for e in unique.values()
    ]
    # One statement for the batch, the keys it wrote returned: a key already there (a retry, a
    # replay, a replica racing for the same delivery) is not.
    insert = (
        insert_for(session, _TABLE).on_conflict_do_nothing(index_elements=["key"]).returning(_TABLE.c.key)
    )
    return set(session.scalars(insert, rows))


def take_expired(
    session: Session, *, owner: str, lease_until: datetime, now: datetime, limit: int = 50
) -> list[tuple[InboxEntry, int]]:
    """Take over entries not done whose lease ran out (their process died); with their attempt count.
    An entry whose body cannot be opened (not kept, keys gone) comes back without one."""
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
    vault = vault_of(session)
    taken: list[tuple[InboxEntry, int]] = []
    for key, kind, content_type, sealed, attempts in session.execute(statement).all():
        try:
            body = vault.open_transit(key, sealed) if sealed is not None else None
        except VaultUnavailable:
            body = None
        taken.append((InboxEntry(key, kind, content_type, body), attempts))
    return taken


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


def ensure_table(connection: Connection) -> None:
    """On SQLite the inbox has a file of its own: its table is made there on first use (PostgreSQL's
    was made by the migrations)."""
    if connection.dialect.name == "sqlite":
        _TABLE.create(connection, checkfirst=True)


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


def _sealed(vault: Vault, entry: InboxEntry) -> bytes | None:
    if entry.body is None:
        return None
    try:
        return vault.seal_transit(entry.key, entry.body)
    except VaultUnavailable:
        return None  # never in the clear: worked from memory (Inbox warns at start)
