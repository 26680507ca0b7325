from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from cases.db import make_engine, make_session_factory, normalise_url, session_scope
from cases.models import CaseEvent, ProcessedEvent


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    engine.dispose()


def test_plain_postgresql_urls_are_driven_by_psycopg() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_other_databases_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported database 'mysql'"):
        make_engine("mysql://u@h/db")


def test_session_scope_commits_on_success(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        session.add(ProcessedEvent(event_id="Ev1"))
    with session_scope(factory) as session:
        assert session.get(ProcessedEvent, "Ev1") is not None


def test_session_scope_rolls_back_when_the_block_raises(factory: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError), session_scope(factory) as session:
        session.add(ProcessedEvent(event_id="Ev2"))
        session.flush()
        raise RuntimeError("boom")
    with session_scope(factory) as session:
        assert session.get(ProcessedEvent, "Ev2") is None


def test_foreign_keys_are_enforced(factory: sessionmaker[Session]) -> None:
    """SQLite ignores foreign keys unless told otherwise; a timeline entry needs a real case."""
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        session.add(CaseEvent(case_id=999, kind="note", visible_to_requester=False))


def test_objects_stay_readable_after_the_scope_commits(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        event = ProcessedEvent(event_id="Ev3")
        session.add(event)
    assert event.event_id == "Ev3" and event.received_at is not None


def test_sqlite_writers_wait_for_each_other_instead_of_failing(
    new_database: Callable[[str, bool], str],
) -> None:
    """BEGIN IMMEDIATE: a second writer blocks on the lock (busy timeout) rather than erroring."""
    import threading

    url = new_database("sqlite", True)
    engine: Engine = make_engine(url)
    factory = make_session_factory(engine)
    first = factory()
    first.execute(select(ProcessedEvent)).all()  # holds the write lock from BEGIN IMMEDIATE
    first.add(ProcessedEvent(event_id="A"))
    first.flush()
    done: list[str] = []

    def second_writer() -> None:
        with session_scope(factory) as session:
            session.execute(text("SELECT count(*) FROM processed_events")).scalar()
            session.add(ProcessedEvent(event_id="B"))
        done.append("B")

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(timeout=0.5)
    assert done == []  # still waiting for the first writer
    first.commit()
    first.close()
    thread.join(timeout=10)
    assert done == ["B"]
    with session_scope(factory) as session:
        assert sorted(session.scalars(select(ProcessedEvent.event_id))) == ["A", "B"]
    engine.dispose()
