"""The reply outbox: a row per reply, claimed by one process at a time, retried with backoff, given up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from cases.errors import NotFound
from cases.services import deliveries
from cases.services.deliveries import MAX_ATTEMPTS, DeliveryState
from cases.services.lifecycle import Act
from cases.services.replies import notice_for_event, reply_to_requester
from tests.cases import factories

NOW = datetime(2026, 12, 7, 15, tzinfo=UTC)


def _reply(session: Session, *, confidential: bool = False) -> tuple[str, int, str]:
    alice = factories.person(session, roles=["advisor", "confidential_advisor"])
    case = factories.case(session, confidential=confidential, now=NOW)
    notice = reply_to_requester(session, Act(ref=case.ref, actor_id=alice.user_id, now=NOW), body="Oui.")
    return case.ref, notice.event_id, alice.user_id


def test_a_reply_is_pending_until_one_claimer_records_it_sent(session: Session) -> None:
    _, event_id, _ = _reply(session)
    assert deliveries.due(session, now=NOW) == [event_id]
    assert deliveries.claim(session, event_id=event_id, now=NOW)
    assert not deliveries.claim(session, event_id=event_id, now=NOW)  # another process: hands off
    assert deliveries.due(session, now=NOW) == []
    assert deliveries.record(session, event_id=event_id, sent=True, now=NOW) is DeliveryState.SENT
    assert not deliveries.claim(session, event_id=event_id, now=NOW + timedelta(hours=1))
    assert deliveries.states_of(session, [event_id])[event_id].sent_at == NOW


def test_a_claim_left_by_a_dead_process_lapses(session: Session) -> None:
    _, event_id, _ = _reply(session)
    assert deliveries.claim(session, event_id=event_id, now=NOW)
    assert deliveries.claim(session, event_id=event_id, now=NOW + deliveries.LEASE + timedelta(seconds=1))


def test_failures_back_off_then_give_up_and_an_advisor_may_retry(session: Session) -> None:
    ref, event_id, alice = _reply(session)
    at = NOW
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliveries.claim(session, event_id=event_id, now=at)
        state = deliveries.record(session, event_id=event_id, sent=False, error="fatal_error", now=at)
        view = deliveries.states_of(session, [event_id])[event_id]
        if attempt < MAX_ATTEMPTS:
            assert state is DeliveryState.PENDING and view.next_attempt_at == at + deliveries.backoff(attempt)
            assert deliveries.due(session, now=view.next_attempt_at - timedelta(seconds=1)) == []
            at = view.next_attempt_at
    assert state is DeliveryState.FAILED
    assert deliveries.due(session, now=at + timedelta(days=1)) == []
    with pytest.raises(NotFound):
        deliveries.retry(session, Act(ref=ref, actor_id=factories.person(session).user_id), event_id=event_id)
    deliveries.retry(session, Act(ref=ref, actor_id=alice, now=at), event_id=event_id)
    assert deliveries.due(session, now=at) == [event_id]


def test_the_notice_of_a_confidential_reply_is_rebuilt_from_its_sealed_text(session: Session) -> None:
    _, event_id, _ = _reply(session, confidential=True)
    notice = notice_for_event(session, event_id=event_id)
    assert (notice.text, notice.confidential, notice.event_id) == ("Oui.", True, event_id)
