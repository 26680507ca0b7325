from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cases.errors import InvalidInput, NotFound
from cases.services.threads import case_for_thread, link_thread, threads_of
from tests.cases import factories


def test_a_linked_thread_leads_back_to_its_case(session: Session) -> None:
    case = factories.case(session)
    link_thread(session, ref=case.ref, kind="requester_dm", channel="D123", ts="171.5")
    link_thread(session, ref=case.ref, kind="triage_card", channel="CTRIAGE", ts="171.6")
    found = case_for_thread(session, channel="D123", ts="171.5")
    assert found is not None and found.ref == case.ref
    assert case_for_thread(session, channel="D123", ts="999.9") is None
    assert [t.channel for t in threads_of(session, ref=case.ref, kind="triage_card")] == ["CTRIAGE"]


def test_linking_the_same_place_twice_keeps_one_link(session: Session) -> None:
    case = factories.case(session)
    first = link_thread(session, ref=case.ref, kind="triage_card", channel="C1", ts="1.0")
    assert link_thread(session, ref=case.ref, kind="triage_card", channel="C1", ts="1.0").id == first.id


def test_bad_kinds_and_unknown_cases_are_refused(session: Session) -> None:
    case = factories.case(session)
    with pytest.raises(InvalidInput):
        link_thread(session, ref=case.ref, kind="email", channel="C1", ts="1.0")
    with pytest.raises(NotFound):
        link_thread(session, ref="SES-1999-0001", kind="triage_card", channel="C1", ts="1.0")
