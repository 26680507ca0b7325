"""Where a case stands against its SLA: overdue, due soon, on time, or answered (the clock stopped).
The due date itself is set when the case opens (`cases.config.SlaPolicy`, in business days)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from cases import lifecycle
from cases.calendar import BusinessCalendar
from cases.enums import Status
from cases.models import Case
from cases.services.queries import is_overdue

__all__ = ["DueState", "due_state"]


class DueState(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"  # due before the end of the next business day
    ON_TIME = "on_time"
    ANSWERED = "answered"  # the clock stopped: the requester has an answer, or the case moved on


def due_state(case: Case, now: datetime, calendar: BusinessCalendar) -> DueState:
    if case.first_response_at is not None or Status(case.status) not in lifecycle.AWAITING_ANSWER:
        return DueState.ANSWERED
    if is_overdue(case, now):
        return DueState.OVERDUE
    if case.due_at <= calendar.add_business_days(now, 1):
        return DueState.SOON
    return DueState.ON_TIME
