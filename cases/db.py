"""Engines and sessions for SQLite (default) and PostgreSQL (production).

SQLite is opened in WAL mode with foreign keys on and a busy timeout, and every transaction starts
with `BEGIN IMMEDIATE`: SQLite has one writer at a time anyway, and taking the write lock up front
means a read-then-write transaction waits its turn instead of failing with "database is locked"
when another writer got there between its read and its write. That is what serialises reference
numbers and audit appends on SQLite; on PostgreSQL row and advisory locks do it.

SQLite also runs with `secure_delete` on: deleted rows are overwritten with zeros rather than left
in free pages, so a purged case's wrapped key cannot be recovered from the file
(`checkpoint` then empties the write-ahead log).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from cases import anchor, audit

if TYPE_CHECKING:
    from cases.vault import Vault

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str | URL) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3 here; nothing else is supported."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {backend!r}: use sqlite or postgresql+psycopg")
    return parsed


def make_engine(url: str, **engine_kwargs: Any) -> Engine:
    """An engine with our per-backend settings; extra kwargs (e.g. pool_size) go to create_engine."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        engine = create_engine(parsed, connect_args=connect_args, **engine_kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    engine_kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **engine_kwargs)


def inbox_url(url: str) -> str:
    """Where the bot's Slack inbox lives (cases.services.inbox): on SQLite a file of its own beside
    the database (`ses.db.inbox`), whose write lock the case tracker's transactions never take — an
    ack waits for nothing but its own write; on PostgreSQL, whose locks are per row, the database itself.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return parsed.render_as_string(hide_password=False)
    return parsed.set(database=f"{parsed.database}.inbox").render_as_string(hide_password=False)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's implicit deferred BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(
    engine: Engine, *, vault: Vault | None = None, operator: str | None = None
) -> sessionmaker[Session]:
    """Objects stay readable after commit, so a caller can use what a service returned.

    Every session carries `vault` (`cases.vault.vault_of(session)`); without one, confidential
    cases can be neither opened nor read. When the vault has an anchor file, every commit that
    appended to the audit log moves the anchor to the new head (`cases.anchor`). `operator`
    (`cases.audit.operator_id`) marks the sessions of an operator's shell: their audit entries
    name the operator.
    """
    info: dict[str, object] = {}
    if vault is not None:
        info["vault"] = vault
    if operator is not None:
        info["operator"] = operator
    factory = sessionmaker(bind=engine, expire_on_commit=False, info=info or None)
    if vault is not None and vault.anchor_path is not None:
        event.listen(factory, "after_commit", anchor.after_commit)
        event.listen(factory, "after_rollback", anchor.after_rollback)
    return factory


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit if the block succeeds, roll back if it raises, always close.

    Refusals are audited even so (`cases.audit.keep`): the rolled-back transaction took their audit
    entries with it, so they are written again in a transaction of their own.
    """
    session = factory()
    try:
        yield session
        session.commit()
        audit.kept(session)
    except BaseException:
        session.rollback()
        trails = audit.kept(session)
        if trails:
            with factory() as again, again.begin():
                for trail in trails:
                    trail.write(again)
        raise
    finally:
        session.close()


def checkpoint(engine: Engine) -> bool:
    """SQLite: fold the write-ahead log into the database and truncate it (after a purge).

    False if a reader kept it from completing (run it again later); always True on PostgreSQL,
    where erased rows stay in dead tuples and WAL segments until VACUUM and recycling.
    """
    if engine.dialect.name != "sqlite":
        return True
    # The raw connection: SQLAlchemy would wrap the PRAGMA in BEGIN IMMEDIATE, where it cannot run.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        cursor.close()
        return not busy
    finally:
        connection.close()
