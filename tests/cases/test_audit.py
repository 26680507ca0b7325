from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from cases import audit
from cases.db import make_engine, make_session_factory, session_scope

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def _append_three(session: Session) -> None:
    for n in range(3):
        audit.append(
            session,
            action="case.noted",
            actor_id="UADV1",
            target="SES-2026-0001",
            details={"n": n, "é": ("tuple", "becomes", "list")},
            now=T0 + timedelta(minutes=n),
        )


def test_each_entry_links_to_the_one_before(session: Session) -> None:
    _append_three(session)
    rows = list(reversed(audit.entries(session)))
    assert [r.id for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    session.expire_all()
    assert audit.verify(session) == audit.ChainReport(checked=3)


def test_an_empty_log_verifies(session: Session) -> None:
    assert audit.verify(session).ok


Tamperable = tuple[Engine, sessionmaker[Session]]


@pytest.fixture
def tamperable(backend: str, new_database: Callable[[str, bool], str]) -> Iterator[Tamperable]:
    """A database of our own with the append-only triggers removed, as an attacker with DDL rights would."""
    engine = make_engine(new_database(backend, True))
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        _append_three(session)
    with engine.begin() as conn:
        if backend == "postgres":
            conn.execute(text("DROP TRIGGER audit_log_no_update ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
    yield engine, factory
    engine.dispose()


@pytest.mark.parametrize(
    ("statement", "broken", "reason"),
    [
        ("UPDATE audit_log SET actor_id = 'UEVIL1' WHERE id = 2", 2, "content"),
        ("UPDATE audit_log SET hash = 'f' || substr(hash, 2) WHERE id = 2", 2, "content"),
        ("UPDATE audit_log SET prev_hash = hash WHERE id = 3", 3, "link"),
        ("DELETE FROM audit_log WHERE id = 2", 3, "expected row 2"),
    ],
)
def test_verify_names_the_first_broken_row(
    tamperable: Tamperable, statement: str, broken: int, reason: str
) -> None:
    engine, factory = tamperable
    with engine.begin() as conn:
        conn.execute(text(statement))
    with session_scope(factory) as session:
        report = audit.verify(session)
    assert report.broken_id == broken and not report.ok
    assert reason in (report.reason or "")


def test_appends_continue_the_chain_across_transactions(tamperable: Tamperable) -> None:
    _, factory = tamperable
    with session_scope(factory) as session:
        entry = audit.append(session, action="cases.exported", actor_id="UADM1", details={"rows": 3})
    assert entry.id == 4
    with session_scope(factory) as session:
        assert audit.verify(session).checked == 4
