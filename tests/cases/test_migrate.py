from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from cases import migrate
from cases.db import make_engine
from cases.models import Base

TABLES = {
    "people",
    "person_roles",
    "case_counters",
    "cases",
    "case_events",
    "case_keys",
    "case_attachments",
    "case_threads",
    "audit_log",
    "processed_events",
    "slack_inbox",
    "rate_counters",
    "question_log",
    "feedback",
    "login_tokens",
    "console_sessions",
    "console_flashes",
    "reply_deliveries",
}


@pytest.fixture
def empty_url(backend: str, new_database: Callable[[str, bool], str]) -> str:
    return new_database(backend, False)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_every_table_at_head(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    assert _tables(empty_url) == TABLES
    assert migrate.current_revision(empty_url) == migrate.head_revision()


def test_downgrade_to_base_removes_everything_and_upgrade_works_again(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    migrate.downgrade(empty_url, "base")
    assert _tables(empty_url) == set()
    assert migrate.current_revision(empty_url) is None
    migrate.upgrade(empty_url)
    assert _tables(empty_url) == TABLES


def test_migrations_match_the_models(empty_url: str) -> None:
    """A model changed without a migration shows up here as a non-empty diff."""
    migrate.upgrade(empty_url)
    engine = make_engine(empty_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
    finally:
        engine.dispose()
    assert diff == []


def test_audit_log_refuses_updates_and_deletes(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_log (id, at, action, details, prev_hash, hash) "
                    "VALUES (1, CURRENT_TIMESTAMP, 'x', '{}', 'p', 'h')"
                )
            )
        for statement in ("UPDATE audit_log SET action = 'y'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_upgrade_creates_the_sqlite_file_of_a_fresh_machine(tmp_path: Path) -> None:
    path = tmp_path / "ses.db"
    migrate.upgrade(f"sqlite:///{path}")
    assert path.exists()


def test_0002_upgrades_a_0001_database_with_data_and_downgrades_back(empty_url: str) -> None:
    """An existing tracker keeps its cases; the new flags default to false, the sealed columns to NULL."""
    migrate.upgrade(empty_url, "0001")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO people (user_id, locale, created_at, updated_at) "
                    "VALUES ('UOLD001', 'fr', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        migrate.upgrade(empty_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT retain_questions FROM people")).scalar() in (False, 0)
        migrate.downgrade(empty_url, "0001")
        assert "retain_questions" not in {c["name"] for c in inspect(engine).get_columns("people")}
        assert {"case_keys", "case_attachments"}.isdisjoint(_tables(empty_url))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT user_id FROM people")).scalar() == "UOLD001"
    finally:
        engine.dispose()


def test_downgrading_below_0002_is_refused_while_confidential_cases_exist(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO people (user_id, locale, retain_questions, created_at, updated_at) "
                    "VALUES ('UREQ001', 'fr', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO cases (id, ref, confidential, requester_id, subject, body, lang, category, "
                    "priority, status, due_at, created_at, updated_at, version) VALUES (1, 'SES-C-1', true, "
                    "'UREQ001', '', '', 'fr', 'other', 'normal', 'new', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP, 1)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO case_keys (case_id, key_version, wrapped, created_at) "
                    "VALUES (1, 1, :w, CURRENT_TIMESTAMP)"
                ),
                {"w": b"\x00" * 60},
            )
        # Later revisions go down first: SQLite's DDL is not transactional, the refusal cannot undo them.
        migrate.downgrade(empty_url, "0002")
        with pytest.raises(Exception, match="confidential cases exist"):
            migrate.downgrade(empty_url, "0001")
        assert migrate.current_revision(empty_url) == "0002"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_replicas_starting_together_migrate_one_after_the_other(
    new_database: Callable[[str, bool], str],
) -> None:
    """`ses start` on several replicas at once: each runs `ses db upgrade`, none fails."""
    url = new_database("postgres", False)
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def start() -> None:
        barrier.wait()
        try:
            migrate.upgrade(url)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert migrate.current_revision(url) == migrate.head_revision()
    assert _tables(url) >= TABLES
