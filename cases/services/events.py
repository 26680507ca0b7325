"""Slack delivers events at least once; a retried event must not be answered twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from cases._sql import insert_for
from cases.models import ProcessedEvent, utcnow


def claim_event(session: Session, *, event_id: str, now: datetime | None = None) -> bool:
    """True the first time `event_id` is claimed, False ever after.

    One INSERT … ON CONFLICT DO NOTHING on the primary key, never a read-then-write, so two workers
    or processes racing on the same id cannot both win: on PostgreSQL the loser waits for the
    winner's transaction and then sees the conflict (or wins if the winner rolled back).
    """
    if not event_id:
        raise ValueError("event_id is required")
    statement = (
        insert_for(session, ProcessedEvent)
        .values(event_id=event_id, received_at=now or utcnow())
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(ProcessedEvent.event_id)
    )
    return session.execute(statement).first() is not None


def prune_events(session: Session, *, before: datetime) -> int:
    """Forget event ids received before `before` (Slack stops retrying after about an hour)."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        delete(ProcessedEvent).where(ProcessedEvent.received_at < before)
    )
    return result.rowcount
