from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from cases.db import session_scope
from cases.services.events import claim_event, prune_events


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
