"""The outbox of replies to requesters: each reply's delivery state, from its transaction until Slack has it.

`reply_to_requester` writes a pending row with the reply. The bot then `claim`s it (one process at
a time), sends the DM and `record`s the outcome: sent, or another attempt later with a growing
delay, until MAX_ATTEMPTS, when the row is failed (an advisor may `retry` it). Rows nobody could
send — Slack not configured, or down — stay pending and are picked up by `due` once it is back.
No text is stored here: the message is the reply's own timeline entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from cases import audit
from cases.models import CaseEvent, ReplyDelivery, utcnow
from cases.services.lifecycle import Act, workable_case

__all__ = [
    "MAX_ATTEMPTS",
    "DeliveryState",
    "DeliveryView",
    "claim",
    "due",
    "enqueue",
    "record",
    "retry",
    "states_of",
]

MAX_ATTEMPTS = 8  # the last one about two hours after the reply
LEASE = timedelta(minutes=2)


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class DeliveryView:
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … doubling, at most an hour."""
    return min(timedelta(seconds=30 * 2 ** max(0, attempts - 1)), timedelta(hours=1))


def enqueue(session: Session, event: CaseEvent, *, now: datetime | None = None) -> ReplyDelivery:
    now = now or utcnow()
    row = ReplyDelivery(
        event_id=event.id,
        case_id=event.case_id,
        state=DeliveryState.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def claim(session: Session, *, event_id: int, now: datetime | None = None) -> bool:
    """Take the pending delivery of this reply for LEASE; False when it is sent, failed, or being
    tried by another process. One conditional UPDATE: of two processes, one wins."""
    now = now or utcnow()
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(ReplyDelivery)
        .where(
            ReplyDelivery.event_id == event_id,
            ReplyDelivery.state == DeliveryState.PENDING.value,
            or_(ReplyDelivery.claimed_until.is_(None), ReplyDelivery.claimed_until < now),
        )
        .values(claimed_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def due(session: Session, *, now: datetime | None = None, limit: int = 50) -> list[int]:
    """Event ids of the pending replies whose next attempt has come, oldest first."""
    now = now or utcnow()
    query = (
        select(ReplyDelivery.event_id)
        .where(
            ReplyDelivery.state == DeliveryState.PENDING.value,
            ReplyDelivery.next_attempt_at <= now,
            or_(ReplyDelivery.claimed_until.is_(None), ReplyDelivery.claimed_until < now),
        )
        .order_by(ReplyDelivery.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def record(
    session: Session, *, event_id: int, sent: bool, error: str | None = None, now: datetime | None = None
) -> DeliveryState:
    """The outcome of one attempt; the claim is released. `error` is a code (never message text)."""
    now = now or utcnow()
    row = session.scalars(select(ReplyDelivery).where(ReplyDelivery.event_id == event_id)).one()
    row.attempts += 1
    row.claimed_until = None
    if sent:
        row.state, row.sent_at, row.last_error = DeliveryState.SENT.value, now, None
    else:
        row.last_error = (error or "not_sent")[:64]
        row.next_attempt_at = now + backoff(row.attempts)
        if row.attempts >= MAX_ATTEMPTS:
            row.state = DeliveryState.FAILED.value
    session.flush()
    return DeliveryState(row.state)


def states_of(session: Session, event_ids: Iterable[int]) -> dict[int, DeliveryView]:
    ids = list(event_ids)
    if not ids:
        return {}
    rows = session.scalars(select(ReplyDelivery).where(ReplyDelivery.event_id.in_(ids)))
    return {
        row.event_id: DeliveryView(
            state=DeliveryState(row.state),
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at if row.state == DeliveryState.PENDING.value else None,
            sent_at=row.sent_at,
        )
        for row in rows
    }


def retry(session: Session, act: Act, *, event_id: int) -> None:
    """A failed delivery tried again from the start, by someone who may work on the case (a reply
    that is pending or sent is left as it is)."""
    case = workable_case(session, act, action="retry_delivery")
    row = session.scalars(
        select(ReplyDelivery).where(
            ReplyDelivery.event_id == event_id,
            ReplyDelivery.case_id == case.id,
            ReplyDelivery.state == DeliveryState.FAILED.value,
        )
    ).first()
    if row is None:
        return
    row.state, row.attempts, row.next_attempt_at = DeliveryState.PENDING.value, 0, act.now
    row.claimed_until = None
    session.flush()
    details = {"event": event_id}
    audit.append(
        session,
        action="case.delivery_retried",
        actor_id=act.actor_id,
        target=case.ref,
        details=details,
        now=act.now,
    )
