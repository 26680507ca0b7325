from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from cases.db import session_scope
from cases.services.events import claim_event, mark_answered, prune_events


def test_an_event_id_is_claimed_only_the_first_time(session: Session) -> None:
    assert claim_event(session, event_id="Ev0A1") is True
    assert claim_event(session, event_id="Ev0A1") is False
    assert claim_event(session, event_id="Ev0A2") is True


def test_a_claim_survives_into_later_transactions(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        assert claim_event(session, event_id="Ev1") is True
    with session_scope(factory) as session:
        assert claim_event(session, event_id="Ev1") is False


def test_a_rolled_back_claim_can_be_claimed_again(factory: sessionmaker[Session]) -> None:
    """If handling failed and rolled back, Slack's retry must be processed, not dropped."""
    session = factory()
    assert claim_event(session, event_id="Ev2") is True
    session.rollback()
    session.close()
    with session_scope(factory) as session:
        assert claim_event(session, event_id="Ev2") is True


def test_concurrent_workers_claim_one_event_exactly_once(factory: sessionmaker[Session]) -> None:
    """Eight workers race on the same retried delivery, each on its own connection."""
    barrier = threading.Barrier(8)
    results: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        with session_scope(factory) as session:
            won = claim_event(session, event_id="EvRace")
        with lock:
            results.append(won)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * 7 + [True]


def test_old_event_ids_are_pruned(session: Session) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    claim_event(session, event_id="old", now=now - timedelta(hours=3))
    claim_event(session, event_id="new", now=now)
    assert prune_events(session, before=now - timedelta(hours=1)) == 1
    assert claim_event(session, event_id="old") is True
    assert claim_event(session, event_id="new") is False


def test_an_unanswered_claim_is_taken_over_by_a_late_retry_once(session: Session) -> None:
    """The claiming process died mid-answer: Slack's retry must answer, not be dropped — once."""
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    window = timedelta(seconds=30)
    assert claim_event(session, event_id="EvDied", now=now, reclaim_after=window) is True
    # a retry while the first answer may still be on its way is a duplicate
    assert (
        claim_event(session, event_id="EvDied", now=now + timedelta(seconds=5), reclaim_after=window) is False
    )
    later = now + timedelta(seconds=61)
    assert claim_event(session, event_id="EvDied", now=later, reclaim_after=window) is True
    assert claim_event(session, event_id="EvDied", now=later, reclaim_after=window) is False
    # without a window (callers that never retake), a claim is final
    assert claim_event(session, event_id="EvDied", now=later + timedelta(hours=1)) is False


def test_an_answered_event_is_never_taken_over(session: Session) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert claim_event(session, event_id="EvDone", now=now) is True
    mark_answered(session, event_id="EvDone", now=now + timedelta(seconds=2))
    late = now + timedelta(minutes=10)
    assert claim_event(session, event_id="EvDone", now=late, reclaim_after=timedelta(seconds=30)) is False


def test_concurrent_retries_take_over_a_dead_claim_exactly_once(factory: sessionmaker[Session]) -> None:
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with session_scope(factory) as session:
        assert claim_event(session, event_id="EvRetake", now=start) is True
    barrier = threading.Barrier(8)
    results: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        with session_scope(factory) as session:
            won = claim_event(
                session,
                event_id="EvRetake",
                now=start + timedelta(minutes=2),
                reclaim_after=timedelta(seconds=30),
            )
        with lock:
            results.append(won)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * 7 + [True]
