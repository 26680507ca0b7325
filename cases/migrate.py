"""Alembic, run programmatically: the URL is handed in, no alembic.ini is needed anywhere.

`alembic` itself can still be used by hand for new revisions:
`alembic -c cases/migrations/alembic.ini -x url=sqlite:///var/ses.db revision --autogenerate -m "..."`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, text

from cases.db import make_engine, normalise_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = normalise_url(url).render_as_string(hide_password=False)
    return config


# Any constant will do: the key of PostgreSQL's advisory lock that makes migrations take turns.
MIGRATION_LOCK = 0x5E5_A1E


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (creates a SQLite file if missing)."""
    with _one_at_a_time(url):
        command.upgrade(alembic_config(url), revision)


@contextmanager
def _one_at_a_time(url: str) -> Iterator[None]:
    """On PostgreSQL, replicas starting together (`ses start`) migrate one after the other: the
    later ones wait here, then find the database at head and have nothing to do."""
    engine = make_engine(url)
    try:
        if engine.dialect.name != "postgresql":
            yield
            return
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                connection.commit()
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> None:
    """Step the database at `url` down to `revision` ("base" drops everything we created)."""
    command.downgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    return _scripts().get_current_head()


def schema_behind(connection: Connection) -> bool:
    """Whether the database lacks migrations this code has: never migrated, or at an older revision.
    A revision this code does not know is newer (a later version migrated first) and counts as not
    behind, so old replicas keep serving while new ones replace them."""
    current = MigrationContext.configure(connection).get_current_revision()
    scripts = _scripts()
    if current == scripts.get_current_head():
        return False
    if current is None:
        return True
    try:
        return scripts.get_revision(current) is not None
    except CommandError:  # alembic's "Can't locate revision"
        return False


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))
