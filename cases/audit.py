"""The audit log: appended in the caller's transaction, hash-chained, verifiable.

Row n stores the hash of row n-1 and its own hash over (n, time, actor, action, target, details,
previous hash), so editing, deleting or inserting a row anywhere breaks every later link.
Appends are serialised — `pg_advisory_xact_lock` on PostgreSQL, the `BEGIN IMMEDIATE` write lock
on SQLite — and the position is the primary key, so two writers can never fork the chain: the
second waits for the first to commit and then reads its hash. The database refuses UPDATE and
DELETE on the table (triggers from the first migration).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from cases._sql import dialect_name
from cases.errors import DeniedAccess
from cases.models import AuditEntry, utcnow

GENESIS_HASH = "0" * 64
# Any fixed 64-bit number; it only has to be the same for every writer of this database.
_PG_LOCK_KEY = 0x5E5_A0D17


def _canonical(value: Any) -> Any:
    """Details as they will read back from a JSON column (tuples become lists, keys strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def entry_hash(
    *,
    position: int,
    at: datetime,
    actor_id: str | None,
    action: str,
    target: str | None,
    details: Mapping[str, Any],
    prev_hash: str,
) -> str:
    payload = json.dumps(
        {
            "id": position,
            "at": at.isoformat(),
            "actor": actor_id,
            "action": action,
            "target": target,
            "details": details,
            "prev": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    action: str,
    actor_id: str | None = None,
    target: str | None = None,
    details: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Add one entry to the chain in the caller's transaction. Never put case text in `details`."""
    if dialect_name(session) == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    position, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    at = now or utcnow()
    clean = _canonical(dict(details or {}))
    entry = AuditEntry(
        id=position,
        at=at,
        actor_id=actor_id,
        action=action,
        target=target,
        details=clean,
        prev_hash=prev_hash,
        hash=entry_hash(
            position=position,
            at=at,
            actor_id=actor_id,
            action=action,
            target=target,
            details=clean,
            prev_hash=prev_hash,
        ),
    )
    session.add(entry)
    session.flush()
    return entry


def record_denial(session: Session, denied: DeniedAccess, *, now: datetime | None = None) -> AuditEntry:
    """An attempt on a case the actor may not see: who, which case, what they tried; nothing more."""
    return append(
        session,
        action="case.access_denied",
        actor_id=denied.actor_id,
        target=denied.ref,
        details={"attempted": denied.action},
        now=now,
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(session: Session, *, batch: int = 1000) -> ChainReport:
    """Walk the chain in order and report the first row whose position, link or hash is wrong."""
    expected_position, prev_hash, checked = 1, GENESIS_HASH, 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=batch))
    for entry in rows.scalars():
        if entry.id != expected_position:
            return ChainReport(checked, entry.id, f"expected row {expected_position}, found row {entry.id}")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.id, "previous-hash link does not match the row before")
        recomputed = entry_hash(
            position=entry.id,
            at=entry.at,
            actor_id=entry.actor_id,
            action=entry.action,
            target=entry.target,
            details=entry.details,
            prev_hash=entry.prev_hash,
        )
        if recomputed != entry.hash:
            return ChainReport(checked, entry.id, "row content does not match its hash")
        prev_hash, expected_position, checked = entry.hash, expected_position + 1, checked + 1
    return ChainReport(checked)


def entries(session: Session, *, target: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """Latest entries first, optionally for one target (a case reference, a user id)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if target is not None:
        query = query.where(AuditEntry.target == target)
    return list(session.scalars(query))
