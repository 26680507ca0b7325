"""The Slack inbox on both databases: recorded once, taken over only when its lease ran out, erased when done."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cases.db import session_scope
from cases.models import SlackInboxItem
from cases.services import inbox
from cases.services.inbox import InboxEntry

NOW = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def _entry(key: str, body: bytes | None = b'{"type": "event_callback"}') -> InboxEntry:
    return InboxEntry(key, "event", "application/json", body)


def test_a_key_is_new_once_even_twice_in_one_batch(session: Session) -> None:
    first = inbox.record(
        session, [_entry("Ev1"), _entry("Ev2"), _entry("Ev1")], owner="a", lease_until=NOW + LEASE, now=NOW
    )
    assert first == {"Ev1", "Ev2"}
    assert inbox.record(
        session, [_entry("Ev2"), _entry("Ev3")], owner="b", lease_until=NOW + LEASE, now=NOW
    ) == {"Ev3"}
    assert inbox.pending_count(session) == 3


def test_a_remembered_entry_is_done_at_once_and_holds_no_body(session: Session) -> None:
    assert inbox.record(session, [_entry("sha256:v", body=None)], owner="a", lease_until=NOW, now=NOW) == {
        "sha256:v"
    }
    assert inbox.pending_count(session) == 0
    assert (
        inbox.record(session, [_entry("sha256:v", body=None)], owner="a", lease_until=NOW, now=NOW) == set()
    )


def test_only_an_expired_lease_is_taken_over_and_a_finished_entry_loses_its_body(session: Session) -> None:
    inbox.record(session, [_entry("EvA"), _entry("EvB")], owner="dead", lease_until=NOW + LEASE, now=NOW)
    inbox.renew(session, ["EvB"], owner="dead", lease_until=NOW + 3 * LEASE)
    assert inbox.take_expired(session, owner="me", lease_until=NOW + LEASE, now=NOW) == []
    later = NOW + 2 * LEASE
    taken = inbox.take_expired(session, owner="me", lease_until=later + LEASE, now=later)
    assert [(entry.key, attempts) for entry, attempts in taken] == [("EvA", 2)]
    assert inbox.take_expired(session, owner="other", lease_until=later + LEASE, now=later) == [], (
        "taken once"
    )
    inbox.finish(session, "EvA", now=later)
    row = session.scalars(select(SlackInboxItem).where(SlackInboxItem.key == "EvA")).one()
    assert row.body is None and row.done_at is not None
    assert inbox.pending_count(session) == 1
    assert inbox.prune(session, before=later + timedelta(seconds=1)) == 1


def test_two_processes_racing_for_an_expired_entry_take_it_once(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        inbox.record(session, [_entry(f"EvR{i}") for i in range(20)], owner="dead", lease_until=NOW, now=NOW)
    barrier = threading.Barrier(4)
    taken: list[str] = []
    lock = threading.Lock()

    def take(owner: str) -> None:
        barrier.wait()
        with session_scope(factory) as session:
            got = inbox.take_expired(
                session, owner=owner, lease_until=NOW + 3 * LEASE, now=NOW + LEASE, limit=20
            )
        with lock:
            taken.extend(entry.key for entry, _ in got)

    threads = [threading.Thread(target=take, args=(f"p{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(taken) == sorted(f"EvR{i}" for i in range(20))
