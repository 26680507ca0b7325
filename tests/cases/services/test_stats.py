from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from cases.errors import Forbidden
from cases.services import lifecycle, stats
from cases.services.feedback import record_feedback
from cases.services.lifecycle import Act
from cases.services.questions import log_question
from tests.cases import factories

NOW = datetime(2026, 10, 14, 12, tzinfo=UTC)  # a Wednesday


def test_dashboard_figures(session: Session) -> None:
    rita = factories.person(session)
    alice = factories.advisor(session)
    # answered within a day (SLA 3 business days), answered after 6 days (breach), still open and late,
    # and a fresh one. Business days: Monday 12 October is Thanksgiving, so a gift case opened on
    # Thursday the 8th is due on Wednesday the 14th; one opened on Tuesday the 6th, on Friday the 9th.
    quick = factories.case(session, requester=rita, category="gifts_hospitality", now=NOW - timedelta(days=6))
    slow = factories.case(session, requester=rita, category="gifts_hospitality", now=NOW - timedelta(days=8))
    factories.case(session, requester=rita, category="lobbying", now=NOW - timedelta(days=9))
    factories.case(session, requester=rita, category="lobbying", now=NOW)
    lifecycle.add_reply(
        session, Act(ref=quick.ref, actor_id=alice.user_id, now=NOW - timedelta(days=5)), body="ok"
    )
    lifecycle.add_reply(
        session, Act(ref=slow.ref, actor_id=alice.user_id, now=NOW - timedelta(days=2)), body="ok"
    )
    lifecycle.close_case(session, Act(ref=quick.ref, actor_id=alice.user_id, now=NOW - timedelta(days=5)))
    for helpful in (True, True, False):
        record_feedback(
            session, user_id=rita.user_id, question="q", answer="a", citations=[], helpful=helpful, lang="fr"
        )
    log_question(
        session,
        user_id=rita.user_id,
        channel="D1",
        thread_ts=None,
        question="Sans réponse?",
        lang="fr",
        answer="",
        citations=[],
        abstained=True,
        refused=False,
    )

    figures = stats.dashboard(session, viewer_id=alice.user_id, now=NOW, weeks=4)

    by_category = dict(figures.open_by_category)
    assert (
        by_category["gifts_hospitality"] == 1 and by_category["lobbying"] == 2 and by_category["other"] == 0
    )
    assert dict(figures.open_by_status) == {
        "new": 2,
        "triaged": 0,
        "assigned": 1,  # answering took the slow case
        "waiting_for_requester": 0,
        "answered": 0,
    }
    assert figures.open_total == 3
    assert figures.overdue_open == 1  # the lobbying case opened 9 days ago (SLA 5)
    assert figures.sla_breaches == 2  # the slow answer and the late open case
    assert figures.median_first_response == timedelta(days=3.5)
    assert (figures.helpful, figures.not_helpful) == (2, 1)
    assert figures.helpful_rate == pytest.approx(2 / 3)
    assert [q.question for q in figures.unanswered] == ["Sans réponse?"]
    assert [w.week.isoformat() for w in figures.weeks] == [
        "2026-09-21",
        "2026-09-28",
        "2026-10-05",
        "2026-10-12",
    ]
    assert [w.cases_opened for w in figures.weeks] == [0, 0, 3, 1]


def test_the_dashboard_is_for_staff(session: Session) -> None:
    with pytest.raises(Forbidden):
        stats.dashboard(session, viewer_id=factories.person(session).user_id)


def test_an_empty_dashboard_has_no_rates(session: Session) -> None:
    figures = stats.dashboard(session, viewer_id=factories.advisor(session).user_id, now=NOW)
    assert figures.helpful_rate is None and figures.median_first_response is None
    assert len(figures.weeks) == 8
