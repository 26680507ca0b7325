"""Databases for the case tracker's tests, on SQLite and PostgreSQL (the `backend` parameter).

- `session`: one migrated database per backend for the whole run; each test works inside a
  transaction rolled back at the end (a `session.commit()` in the test only releases a savepoint).
- `factory` / `engine` / `db_url`: a database holding only what the test commits, for tests that
  really commit (concurrent workers, the web console): a copy of a migrated template file on
  SQLite, the run's scratch schema on PostgreSQL, truncated after each test.
- `new_database(backend, migrated)`: a database of the test's very own (migration tests, tampering
  with the audit log's triggers).
- `vault`: the master keys every session and factory carries (one random keyring per run), so
  confidential cases work as in production; tests of missing or wrong keys build their own.
- `ses` / `data`: the `ses` command line run in-process (exit code, stdout, stderr) and its
  default SQLite database, migrated, under the test's data folder (the CLI tests).

On PostgreSQL a run creates one uniquely named database next to `test` (other runs may share the
server), works in schemas inside it (selected through the connection's search_path), and drops
it at the end: one CREATE and one DROP DATABASE per run, since each costs a checkpoint.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cases import migrate
from cases.db import make_engine, make_session_factory
from cases.models import Base
from cases.vault import Keyring, Vault

# Read at import: the root conftest clears SES_* variables around each test.
POSTGRES_URL = os.environ.get("SES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
RUN_ID = uuid.uuid4().hex[:12]

Ses = Callable[..., tuple[int, str, str]]

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


class PostgresRun:
    """This run's throw-away database on the shared server, and schemas in it."""

    def __init__(self, url: str, name: str | None = None) -> None:
        server = make_url(url).set(drivername="postgresql+psycopg")
        self.database = name or f"ses_test_{RUN_ID}"
        self._admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.database}"'))
        self.base = server.set(database=self.database)
        self._engine = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self._names = itertools.count(1)

    def new_schema(self, kind: str) -> str:
        """An empty schema; the returned URL makes it the only one on the search path."""
        name = f"{kind}_{next(self._names)}"
        with self._engine.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        return self.base.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False
        )

    def close(self) -> None:
        self._engine.dispose()
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'))
        self._admin.dispose()


def postgres_or_skip(name: str | None = None) -> PostgresRun:
    """A throwaway database on SES_TEST_POSTGRES_URL's server; without one the test is skipped
    (a failure under CI, where PostgreSQL is part of the machine: tests/ci_skips.py)."""
    try:
        return PostgresRun(POSTGRES_URL, name=name)
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server means "no PostgreSQL"
        pytest.skip(f"PostgreSQL not reachable at SES_TEST_POSTGRES_URL ({exc.__class__.__name__})")


@pytest.fixture(scope="session")
def postgres_run() -> Iterator[PostgresRun]:
    run = postgres_or_skip()
    yield run
    run.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str, bool], str]:
    """new_database(backend, migrated) -> URL of a database only this test uses."""
    counter = itertools.count()

    def make(backend: str, migrated: bool = True) -> str:
        if backend == "sqlite":
            path = tmp_path / f"ses-{next(counter)}.db"
            if migrated:
                shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
            return f"sqlite:///{path}"
        run: PostgresRun = request.getfixturevalue("postgres_run")
        url = run.new_schema("own")
        if migrated:
            migrate.upgrade(url)
        return url

    return make


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def postgres_scratch(postgres_run: PostgresRun) -> str:
    """The run's one committing PostgreSQL schema, emptied after each test that used it."""
    url = postgres_run.new_schema("scratch")
    migrate.upgrade(url)
    return url


def _empty_postgres(url: str) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def db_url(
    backend: str, new_database: Callable[[str, bool], str], request: pytest.FixtureRequest
) -> Iterator[str]:
    """A migrated database holding nothing but what this test commits."""
    if backend == "sqlite":
        yield new_database(backend, True)
        return
    url: str = request.getfixturevalue("postgres_scratch")
    yield url
    _empty_postgres(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = (
        make_engine(db_url, pool_size=20, max_overflow=5)
        if db_url.startswith("postgresql")
        else make_engine(db_url)
    )
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def vault() -> Vault:
    return Vault.from_keyring(Keyring.generate())


@pytest.fixture
def factory(engine: Engine, vault: Vault) -> sessionmaker[Session]:
    return make_session_factory(engine, vault=vault)


@pytest.fixture(scope="session")
def shared_engine(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Engine]]:
    """shared_engine(backend): the run's one migrated database of that backend."""
    engines: dict[str, Engine] = {}

    def get(backend: str) -> Engine:
        if backend not in engines:
            if backend == "sqlite":
                url = f"sqlite:///{tmp_path_factory.mktemp('sqlite-shared') / 'shared.db'}"
            else:
                run: PostgresRun = request.getfixturevalue("postgres_run")
                url = run.new_schema("shared")
            migrate.upgrade(url)
            engines[backend] = make_engine(url)
        return engines[backend]

    yield get
    for engine in engines.values():
        engine.dispose()


@pytest.fixture
def session(backend: str, shared_engine: Callable[[str], Engine], vault: Vault) -> Iterator[Session]:
    """A session whose work is rolled back after the test; `session.commit()` only releases a savepoint."""
    connection = shared_engine(backend).connect()
    transaction = connection.begin()
    session = Session(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        info={"vault": vault},
    )
    yield session
    session.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def ses(capsys: pytest.CaptureFixture[str]) -> Ses:
    from bot.cli import main  # deferred: the whole command line takes seconds to import

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def data(ses: Ses, tmp_path: Path) -> Path:
    assert ses("db", "upgrade")[0] == 0
    return tmp_path / "data"
