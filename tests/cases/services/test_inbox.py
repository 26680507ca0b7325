"""The Slack inbox on both databases: recorded once, sealed, taken over only when its lease ran out,
erased when done."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from cases.db import session_scope
from cases.models import SlackInboxItem
from cases.services import inbox
from cases.services.inbox import InboxEntry
from cases.vault import Keyring, Vault

NOW = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


BODY = b'{"type": "event_callback", "event": {"text": "CONFIDENTIEL-7f3a"}}'


def _entry(key: str, body: bytes | None = BODY, kind: str = "event") -> InboxEntry:
    return InboxEntry(key, kind, "application/json", body)


def _stored(session: Session, key: str) -> bytes | None:
    return session.scalars(select(SlackInboxItem.body).where(SlackInboxItem.key == key)).one()


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
    seen = _entry("sha256:v", body=None, kind="seen")
    assert inbox.record(session, [seen], owner="a", lease_until=NOW, now=NOW) == {"sha256:v"}
    assert inbox.pending_count(session) == 0
    assert inbox.record(session, [seen], owner="a", lease_until=NOW, now=NOW) == set()


def test_only_an_expired_lease_is_taken_over_and_a_finished_entry_loses_its_body(session: Session) -> None:
    inbox.record(session, [_entry("EvA"), _entry("EvB")], owner="dead", lease_until=NOW + LEASE, now=NOW)
    inbox.renew(session, ["EvB"], owner="dead", lease_until=NOW + 3 * LEASE)
    assert inbox.take_expired(session, owner="me", lease_until=NOW + LEASE, now=NOW) == []
    later = NOW + 2 * LEASE
    taken = inbox.take_expired(session, owner="me", lease_until=later + LEASE, now=later)
    assert [(entry.key, entry.body, attempts) for entry, attempts in taken] == [("EvA", BODY, 2)]
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


def test_a_body_is_sealed_before_it_is_written_and_bound_to_its_entry(session: Session) -> None:
    inbox.record(session, [_entry("EvS1"), _entry("EvS2")], owner="dead", lease_until=NOW, now=NOW)
    sealed = _stored(session, "EvS1")
    assert sealed is not None and b"CONFIDENTIEL" not in sealed and b"event_callback" not in sealed
    # EvS1's sealed body copied onto EvS2 does not open there: EvS2 comes back without a body
    session.execute(update(SlackInboxItem).where(SlackInboxItem.key == "EvS2").values(body=sealed))
    taken = inbox.take_expired(session, owner="me", lease_until=NOW + LEASE, now=NOW + LEASE)
    assert sorted((entry.key, entry.body) for entry, _ in taken) == [("EvS1", BODY), ("EvS2", None)]


@pytest.mark.parametrize("keys", ["none", "other"])
def test_without_the_keys_a_body_is_never_written_in_the_clear_nor_opened(
    session: Session, vault: Vault, keys: str
) -> None:
    session.info["vault"] = Vault.disabled()
    inbox.record(session, [_entry("EvK1")], owner="dead", lease_until=NOW, now=NOW)
    assert _stored(session, "EvK1") is None, "not kept at all without keys"
    session.info["vault"] = vault
    inbox.record(session, [_entry("EvK2")], owner="dead", lease_until=NOW, now=NOW)
    session.info["vault"] = Vault.disabled() if keys == "none" else Vault.from_keyring(Keyring.generate())
    taken = inbox.take_expired(session, owner="me", lease_until=NOW + LEASE, now=NOW + LEASE)
    assert sorted((entry.key, entry.body) for entry, _ in taken) == [("EvK1", None), ("EvK2", None)]


def test_a_body_sealed_before_a_rotation_opens_after_it(session: Session) -> None:
    old = Keyring.generate()
    session.info["vault"] = Vault.from_keyring(old)
    inbox.record(session, [_entry("EvRot")], owner="dead", lease_until=NOW, now=NOW)
    session.info["vault"] = Vault.from_keyring(old.with_new_version())
    [(entry, _)] = inbox.take_expired(session, owner="me", lease_until=NOW + LEASE, now=NOW + LEASE)
    assert entry.body == BODY
