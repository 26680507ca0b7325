"""The audit log: appended in the caller's transaction, hash-chained, verifiable.

Row n stores the hash of row n-1 and its own hash over (n, time, actor, action, target, details,
previous hash), so editing, deleting or inserting a row anywhere breaks every later link.
Appends are serialised — `pg_advisory_xact_lock` on PostgreSQL, the `BEGIN IMMEDIATE` write lock
on SQLite — and the position is the primary key, so two writers can never fork the chain: the
second waits for the first to commit and then reads its hash. The database refuses UPDATE and
DELETE on the table (triggers from the first migration).

A chain alone cannot show that its last rows were deleted, or that it was rewritten from some row
on with fresh hashes: `verify` also takes the head an anchor recorded (`cases.anchor`, signed and
kept outside the database) and reports a log shorter than it, or a different hash at its position.

Who: `actor_id` is the Slack user acting. Sessions of an operator's shell (`ses …`) carry
`operator` in their `info`: their entries name the operator (`op:<name>`), and the person they
acted for, if any, as `details["on_behalf_of"]`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from cases._sql import dialect_name
from cases.errors import DeniedAccess
from cases.models import AuditEntry, utcnow

GENESIS_HASH = "0" * 64
# Any fixed 64-bit number; it only has to be the same for every writer of this database.
_PG_LOCK_KEY = 0x5E5_A0D17
OPERATOR_PREFIX = "op:"
TARGET_LEN = 64  # audit_log.target
_HEAD = "audit_head"  # session.info: the last entry this unit of work appended
_KEPT = "audit_kept"  # session.info: trails to write again should this unit of work roll back
_OPERATOR = "operator"  # session.info: the operator of a shell session (`operator_id`)
_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]")


def operator_id(name: str) -> str:
    """The actor id of an operator at a shell: `op:<name>`, never a Slack id (those have no colon)."""
    cleaned = _UNSAFE.sub("_", name.strip())[: 32 - len(OPERATOR_PREFIX)] or "unknown"
    return OPERATOR_PREFIX + cleaned


def clip_target(value: str) -> str:
    """A target as the column takes it: printable, at most 64 characters (refs come from URLs)."""
    return "".join(c if c.isprintable() else "?" for c in value[:TARGET_LEN])


@dataclass(frozen=True)
class Head:
    """The end of the chain: how many rows, and the last one's hash (GENESIS_HASH when empty)."""

    count: int
    hash: str


def _canonical(value: Any) -> Any:
    """Details as they will read back from a JSON column (tuples become lists, keys strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def entry_hash(entry: AuditEntry) -> str:
    """The row's hash over its position, content and the previous row's hash."""
    payload = json.dumps(
        {
            "id": entry.id,
            "at": entry.at.isoformat(),
            "actor": entry.actor_id,
            "action": entry.action,
            "target": entry.target,
            "details": entry.details,
            "prev": entry.prev_hash,
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
    operator = session.info.get(_OPERATOR)
    if operator is not None:
        details = dict(details or {})
        if actor_id is not None and actor_id != operator:
            details["on_behalf_of"] = actor_id
        actor_id = operator
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
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    session.info[_HEAD] = Head(entry.id, entry.hash)
    return entry


def appended_head(session: Session, *, clear: bool = True) -> Head | None:
    """The last entry this unit of work appended (what a commit makes the chain's head)."""
    head = session.info.pop(_HEAD, None) if clear else session.info.get(_HEAD)
    return head if isinstance(head, Head) else None


def current_head(session: Session) -> Head:
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return Head(int(last[0]), str(last[1])) if last else Head(0, GENESIS_HASH)


# --- entries that must outlive a rolled-back unit of work -----------------------------------------


class Trail(Protocol):
    """Something to audit about a refusal, written by `write` in the session given."""

    def write(self, session: Session) -> None: ...


def keep(session: Session, trail: Trail) -> None:
    """Audit `trail` in this unit of work, and again in a transaction of its own should this one
    roll back (`cases.db.session_scope`, `kept`): a refusal is on record whatever the caller does
    next — catch the error and commit, or let it roll everything back."""
    trail.write(session)
    session.info.setdefault(_KEPT, []).append(trail)


def kept(session: Session) -> list[Trail]:
    """The trails this unit of work kept, forgotten here (the caller writes them again, or not)."""
    trails: list[Trail] = session.info.pop(_KEPT, [])
    return trails


@dataclass(frozen=True)
class Attempt:
    """Someone asked for a case they may not see (`exists`), or for a reference never issued.

    Both are written, one entry each, by the same statements: the two answers are identical and so
    is the work behind them, so neither the bytes nor the time tell a hidden case from no case.
    """

    actor_id: str
    ref: str
    action: str
    exists: bool

    @property
    def denied(self) -> DeniedAccess | None:
        return DeniedAccess(self.actor_id, self.ref, self.action) if self.exists else None

    def write(self, session: Session) -> None:
        append(
            session,
            action="case.access_denied" if self.exists else "case.not_found",
            actor_id=self.actor_id,
            target=clip_target(self.ref),
            details={"attempted": self.action},
        )


# --- verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    """`problem`: None, or position / link / content (a row), rewritten or truncated (against the
    anchor's head). `anchored`: rows the anchor covers (0 without one); the rest are checked only
    by their links."""

    checked: int
    broken_id: int | None = None
    reason: str | None = None
    problem: str | None = None
    anchored: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    @property
    def unanchored(self) -> int:
        return max(0, self.checked - self.anchored)


def verify(session: Session, *, anchor: Head | None = None, batch: int = 1000) -> ChainReport:
    """Walk the chain in order and report the first row whose position, link or hash is wrong —
    and, given an anchor's head, a chain shorter than it or with another hash at its position."""
    expected_position, prev_hash, checked = 1, GENESIS_HASH, 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=batch))
    for entry in rows.scalars():
        if entry.id != expected_position:
            return ChainReport(
                checked, entry.id, f"expected row {expected_position}, found row {entry.id}", "position"
            )
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.id, "previous-hash link does not match the row before", "link")
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.id, "row content does not match its hash", "content")
        if anchor is not None and entry.id == anchor.count and entry.hash != anchor.hash:
            return ChainReport(
                checked,
                entry.id,
                f"row {entry.id} is not the row the anchor signed: the chain was rewritten up to it",
                "rewritten",
            )
        prev_hash, expected_position, checked = entry.hash, expected_position + 1, checked + 1
    if anchor is not None and checked < anchor.count:
        return ChainReport(
            checked,
            checked + 1,
            f"the log ends at row {checked} but the anchor signed {anchor.count} rows: "
            + (
                f"row {anchor.count} was deleted"
                if checked + 1 == anchor.count
                else f"rows {checked + 1} to {anchor.count} were deleted"
            ),
            "truncated",
        )
    return ChainReport(checked, anchored=anchor.count if anchor is not None else 0)


def entries(session: Session, *, target: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """Latest entries first, optionally for one target (a case reference, a user id)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if target is not None:
        query = query.where(AuditEntry.target == target)
    return list(session.scalars(query))
