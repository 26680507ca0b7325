from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cases import audit
from cases.config import SlaPolicy
from cases.enums import Category, Priority
from cases.errors import InvalidInput, NotFound
from cases.models import CaseCounter
from cases.services import intake
from cases.services.intake import NewCase
from cases.services.questions import log_question
from tests.cases import factories

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def test_references_are_sequential_per_year(session: Session) -> None:
    requester = factories.person(session)
    refs = [factories.case(session, requester=requester, now=NOW).ref for _ in range(3)]
    assert refs == ["SES-2026-0001", "SES-2026-0002", "SES-2026-0003"]
    next_year = factories.case(session, requester=requester, now=datetime(2027, 1, 1, tzinfo=UTC))
    assert next_year.ref == "SES-2027-0001"


def test_a_rolled_back_creation_leaves_no_gap(session: Session) -> None:
    requester = factories.person(session)
    session.commit()
    factories.case(session, requester=requester, now=NOW)
    session.rollback()
    assert factories.case(session, requester=requester, now=NOW).ref == "SES-2026-0001"


def test_confidential_cases_draw_random_references_outside_the_sequence(session: Session) -> None:
    requester = factories.person(session)
    secret = factories.case(session, requester=requester, confidential=True, now=NOW)
    assert secret.ref.startswith("SES-C-") and secret.confidential
    assert factories.case(session, requester=requester, now=NOW).ref == "SES-2026-0001"
    assert session.scalar(select(func.count()).select_from(CaseCounter)) == 1


def test_a_new_case_is_new_due_per_its_category_and_audited(session: Session) -> None:
    requester = factories.person(session)
    case = factories.case(
        session, requester=requester, category="gifts_hospitality", priority="normal", now=NOW
    )
    assert case.status == "new" and case.assignee_id is None and case.version == 1
    assert case.due_at == NOW + timedelta(days=3)
    entry = audit.entries(session, target=case.ref)[0]
    assert entry.action == "case.created" and entry.details["category"] == "gifts_hospitality"
    assert "body" not in entry.details


def test_urgent_cases_are_due_within_a_business_day() -> None:
    sla = SlaPolicy()
    assert sla.business_days(Category.OUTSIDE_ACTIVITIES, Priority.URGENT) == 1
    assert sla.business_days(Category.OUTSIDE_ACTIVITIES, Priority.HIGH) == 5
    assert sla.business_days(Category.CONFLICT_OF_INTEREST, Priority.HIGH) == 3  # half of 5, rounded up
    assert sla.business_days(Category.WRONGDOING_DISCLOSURE, Priority.HIGH) == 1
    assert SlaPolicy({Category.LOBBYING: 7}).business_days(Category.LOBBYING, Priority.LOW) == 7


def test_a_case_opened_before_a_weekend_and_a_holiday_is_due_after_them(session: Session) -> None:
    """Thursday 2026-12-24, 16:00 in Toronto: Christmas, the weekend and the 28th (Boxing Day observed
    in Ontario) do not count; three business days are the 29th, 30th and 31st."""
    thursday = datetime(2026, 12, 24, 21, 0, tzinfo=UTC)  # 16:00 EST
    case = factories.case(session, category="gifts_hospitality", priority="normal", now=thursday)
    assert case.due_at == datetime(2026, 12, 31, 21, 0, tzinfo=UTC)


def test_a_case_opened_from_a_bot_answer_carries_the_question_and_citations(session: Session) -> None:
    requester = factories.person(session)
    logged = log_question(
        session,
        user_id=requester.user_id,
        channel="D1",
        thread_ts="1.1",
        question="Puis-je siéger à ce conseil?",
        lang="fr",
        answer="L'article 5 prévoit…",
        citations=[{"doc": "Code", "section": "5"}],
        abstained=False,
        refused=False,
    )
    case = intake.open_case(
        session,
        NewCase(requester_id=requester.user_id, subject="Conseil", body="Détails", question_log_id=logged.id),
    )
    assert case.source_question == "Puis-je siéger à ce conseil?"
    assert case.source_answer == "L'article 5 prévoit…"
    assert case.source_citations == [{"doc": "Code", "section": "5"}]


def test_the_case_language_defaults_to_the_requesters(session: Session) -> None:
    requester = factories.person(session, locale="en")
    assert factories.case(session, requester=requester).lang == "en"


@pytest.mark.parametrize(
    ("fields", "field", "problem"),
    [
        ({"subject": "x" * 201}, "subject", "too_long"),
        ({"body": "x" * 10_001}, "body", "too_long"),
        ({"subject": "   "}, "subject", "required"),
        ({"body": "\x00\x01"}, "body", "required"),
        ({"category": "bribery"}, "category", "unknown"),
        ({"priority": "whenever"}, "priority", "unknown"),
        ({"lang": "de"}, "lang", "unknown"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    session: Session, fields: dict[str, Any], field: str, problem: str
) -> None:
    requester = factories.person(session)
    with pytest.raises(InvalidInput) as caught:
        factories.case(session, requester=requester, **fields)
    assert (caught.value.field, caught.value.problem) == (field, problem)


def test_an_unknown_requester_is_refused(session: Session) -> None:
    with pytest.raises(NotFound) as caught:
        intake.open_case(session, NewCase(requester_id="UNKNOWN1", subject="s", body="b"))
    assert caught.value.what == "user"


def test_an_unknown_source_question_is_refused(session: Session) -> None:
    requester = factories.person(session)
    with pytest.raises(NotFound) as caught:
        intake.open_case(
            session, NewCase(requester_id=requester.user_id, subject="s", body="b", question_log_id=999)
        )
    assert caught.value.what == "question"


def test_markup_is_stored_verbatim_and_control_characters_dropped(session: Session) -> None:
    """Escaping belongs to each output (HTML, Slack); the stored text is what the requester typed."""
    requester = factories.person(session)
    case = factories.case(session, requester=requester, body="<script>alert(1)</script>\x00 & <b>gras</b>")
    session.expire_all()
    assert case.body == "<script>alert(1)</script> & <b>gras</b>"


def test_a_body_at_the_limit_is_accepted(session: Session) -> None:
    requester = factories.person(session)
    assert (
        len(factories.case(session, requester=requester, body="é" * 10_000, subject="s" * 200).body) == 10_000
    )
