"""The dashboard's figures, computed for what the viewer may see. Small volumes: aggregated in Python."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases import lifecycle, policy
from cases.enums import Category, Status
from cases.errors import Forbidden
from cases.models import Case, Feedback, QuestionLog, utcnow
from cases.services.people import get_person
from cases.services.queries import is_overdue, visibility_clause
from cases.services.questions import unanswered_questions


@dataclass(frozen=True)
class WeekFigures:
    week: date  # Monday
    cases_opened: int
    helpful: int
    not_helpful: int


@dataclass(frozen=True)
class Dashboard:
    open_by_category: list[tuple[str, int]]
    open_by_status: list[tuple[str, int]]
    open_total: int
    overdue_open: int
    sla_breaches: int
    median_first_response: timedelta | None
    helpful: int
    not_helpful: int
    weeks: list[WeekFigures]
    unanswered: list[QuestionLog]

    @property
    def helpful_rate(self) -> float | None:
        total = self.helpful + self.not_helpful
        return self.helpful / total if total else None


def _monday(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def breached(case: Case, now: datetime) -> bool:
    """Answered after the due date, or still unanswered past it."""
    if case.first_response_at is not None:
        return case.first_response_at > case.due_at
    return Status(case.status) is not Status.CLOSED and case.due_at < now


def dashboard(
    session: Session,
    *,
    viewer_id: str,
    now: datetime | None = None,
    weeks: int = 8,
    unanswered_limit: int = 20,
) -> Dashboard:
    """Open cases by category and status, SLA, first-response time, 👍/👎, questions without an answer."""
    now = now or utcnow()
    viewer = get_person(session, user_id=viewer_id)
    if not policy.can_export(viewer.role_names):
        raise Forbidden(viewer_id, "dashboard")
    cases = list(session.scalars(select(Case).where(visibility_clause(viewer))))
    open_cases = [c for c in cases if Status(c.status) in lifecycle.OPEN]
    by_category = Counter(c.category for c in open_cases)
    by_status = Counter(c.status for c in open_cases)
    first_responses = [
        (c.first_response_at - c.created_at).total_seconds() for c in cases if c.first_response_at is not None
    ]

    first_week = _monday(now) - timedelta(weeks=weeks - 1)
    since = datetime.combine(first_week, datetime.min.time(), tzinfo=now.tzinfo)
    opened = Counter(_monday(c.created_at) for c in cases if c.created_at >= since)
    votes = session.execute(select(Feedback.created_at, Feedback.helpful)).all()
    up = Counter(_monday(at) for at, helpful in votes if helpful and at >= since)
    down = Counter(_monday(at) for at, helpful in votes if not helpful and at >= since)
    week_list = [first_week + timedelta(weeks=n) for n in range(weeks)]

    return Dashboard(
        open_by_category=[(c.value, by_category.get(c.value, 0)) for c in Category],
        open_by_status=[(s.value, by_status.get(s.value, 0)) for s in Status if s in lifecycle.OPEN],
        open_total=len(open_cases),
        overdue_open=sum(1 for c in open_cases if is_overdue(c, now)),
        sla_breaches=sum(1 for c in cases if breached(c, now)),
        median_first_response=timedelta(seconds=statistics.median(first_responses))
        if first_responses
        else None,
        helpful=sum(1 for _, helpful in votes if helpful),
        not_helpful=sum(1 for _, helpful in votes if not helpful),
        weeks=[WeekFigures(w, opened.get(w, 0), up.get(w, 0), down.get(w, 0)) for w in week_list],
        unanswered=unanswered_questions(session, limit=unanswered_limit),
    )
