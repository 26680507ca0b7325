"""Slack delivers events at least once; a retried event must be answered once — and answered.

A claim is taken before answering and marked answered once the answer is out. Slack retries an
event only when it got no ack, i.e. when the server was down or stuck: if the process that claimed
an event died before answering, its claim stays unanswered, and a retry arriving after
`reclaim_after` takes it over instead of being dropped (the user would never hear back).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import CursorResult, delete, update
from sqlalchemy.orm import Session

from cases._sql import insert_for
from cases.models import ProcessedEvent, utcnow


def claim_event(
    session: Session,
    *,
    event_id: str,
    now: datetime | None = None,
    reclaim_after: timedelta | None = None,
) -> bool:
    """True when this caller is to answer `event_id`: the first claim, or the takeover of a claim
    older than `reclaim_after` that was never marked answered; False otherwise.

    One INSERT … ON CONFLICT DO NOTHING on the primary key, never a read-then-write, so two workers
    or processes racing on the same id cannot both win: on PostgreSQL the loser waits for the
    winner's transaction and then sees the conflict (or wins if the winner rolled back). A takeover
    is one conditional UPDATE, which likewise only one of two racing retries can win.
    """
    if not event_id:
        raise ValueError("event_id is required")
    now = now or utcnow()
    statement = (
        insert_for(session, ProcessedEvent)
        .values(event_id=event_id, received_at=now)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(ProcessedEvent.event_id)
    )
    if session.execute(statement).first() is not None:
        return True
    if reclaim_after is None:
        return False
    takeover = (
        update(ProcessedEvent)
        .where(
            ProcessedEvent.event_id == event_id,
            ProcessedEvent.answered_at.is_(None),
            ProcessedEvent.received_at <= now - reclaim_after,
        )
        .values(received_at=now)
        .returning(ProcessedEvent.event_id)
        .execution_options(synchronize_session=False)
    )
    return session.execute(takeover).first() is not None


def mark_answered(session: Session, *, event_id: str, now: datetime | None = None) -> None:
    """The event's answer (or the message saying why there is none) is out: never retake it."""
    session.execute(
        update(ProcessedEvent)
        .where(ProcessedEvent.event_id == event_id)
        .values(answered_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def prune_events(session: Session, *, before: datetime) -> int:
    """Forget event ids received before `before` (Slack stops retrying after about an hour)."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        delete(ProcessedEvent).where(ProcessedEvent.received_at < before)
    )
    return result.rowcount
