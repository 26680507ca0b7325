"""The bot's one door to the case tracker's database: the only module of bot/ that opens sessions.

Flows, listeners and the CLI ask `Database.session()` for one transaction (committed when the block
ends, rolled back on an exception) and pass that session to `cases.services`; the web console gets
the factory itself (`Database.factory`), because it opens one session per HTTP request. Sessions
carry the vault (cases.vault), which fails closed: without a keyring, confidential requests are
refused with a clear message and everything else works.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from cases.config import DatabaseConfig
from cases.db import checkpoint, inbox_url, make_engine, make_session_factory, session_scope
from cases.migrate import schema_behind
from cases.services.inbox import ensure_table
from cases.vault import Vault

__all__ = ["Database", "database_config", "open_vault", "sqlite_files"]

logger = logging.getLogger(__name__)


def database_config(settings: Settings) -> DatabaseConfig:
    """The cases package's view of the settings; creates the SQLite file's folder on first use."""
    url = settings.sqlalchemy_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return DatabaseConfig(url=url)


def sqlite_files(settings: Settings) -> list[Path]:
    """On SQLite, the files of the database and of its Slack inbox, with their WAL and shared memory."""
    files: list[Path] = []
    for url in (settings.sqlalchemy_url, inbox_url(settings.sqlalchemy_url)):
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            database = Path(parsed.database).expanduser()
            files += [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    return files


def open_vault(settings: Settings) -> Vault:
    """The master keys (SES_MASTER_KEYS or the key file); without them confidential work is refused."""
    return Vault.from_config(settings.vault_config)


class Database:
    """Sessions on the configured database, built on first use (the server answers before it connects)."""

    def __init__(
        self,
        settings: Settings,
        *,
        session_factory: sessionmaker[Session] | None = None,
        warn_without_keys: bool = False,
        operator: str | None = None,
    ) -> None:
        """`warn_without_keys`: log once that confidential requests are off (the server; not the CLI,
        whose commands say so themselves). `operator`: the shell operator a CLI command's audited
        changes are recorded as (`cases.audit.operator_id`)."""
        self._settings = settings
        self._operator = operator
        self._warn_without_keys = warn_without_keys
        self._factory = session_factory
        self._factory_lock = threading.Lock()
        self._vault: Vault | None = None
        self._vault_lock = threading.Lock()
        self._inbox: sessionmaker[Session] | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with session_scope(self.factory) as session:
            yield session

    @contextmanager
    def inbox(self) -> Iterator[Session]:
        """One transaction on the Slack inbox's store (`cases.db.inbox_url`: on SQLite a file of its
        own), on a connection of its own, its sessions carrying the vault that seals the bodies.
        One connection, so this process's writers take turns at Python's pace, never in SQLite's
        sleeps; only the inbox (bot/runtime/inbox_store.py) opens it."""
        with self._factory_lock:
            if self._inbox is None:
                self._inbox = self._open_inbox()
        with session_scope(self._inbox) as session:
            yield session

    def _open_inbox(self) -> sessionmaker[Session]:
        engine = make_engine(inbox_url(database_config(self._settings).url), pool_size=1, max_overflow=0)
        try:
            with engine.begin() as connection:
                ensure_table(connection)
        except Exception:
            engine.dispose()
            raise
        return sessionmaker(bind=engine, expire_on_commit=False, info={"vault": self.vault})

    @property
    def factory(self) -> sessionmaker[Session]:
        """For the web console, which opens a session per request; everything else uses `session()`."""
        with self._factory_lock:
            if self._factory is None:
                engine = make_engine(database_config(self._settings).url)
                self._factory = make_session_factory(engine, vault=self.vault, operator=self._operator)
            return self._factory

    @property
    def vault(self) -> Vault:
        """The master keys for confidential cases (built once); checks itself on each use."""
        with self._vault_lock:
            if self._vault is None:
                self._vault = open_vault(self._settings)
                status = self._vault.status()
                if self._warn_without_keys and not status.ok:
                    logger.warning(
                        "confidential requests are disabled, and Slack requests are not kept through "
                        "a crash (never in the clear): no usable keyring (%s); "
                        "run `ses keys generate` or set SES_MASTER_KEYS",
                        status.reason,
                    )
            return self._vault

    def confidential_available(self) -> bool:
        return self.vault.status().ok

    def state(self) -> str:
        """ "ok", "unreachable", or "behind" (migrations missing: `ses db upgrade`), for /readyz and
        `ses serve`; never raises."""
        try:
            with self.factory() as session:
                return "behind" if schema_behind(session.connection()) else "ok"
        except Exception as exc:
            logger.warning("database not reachable: %s", type(exc).__name__)
            return "unreachable"

    def checkpoint(self) -> bool:
        """Empty SQLite's write-ahead log (after a purge); False while another connection holds it."""
        return checkpoint(self._engine())

    def close(self) -> None:
        """Close the pool's connections (a CLI command's last step)."""
        if self._factory is not None:
            self._engine().dispose()
        if self._inbox is not None:
            self._inbox.kw["bind"].dispose()

    def _engine(self) -> Engine:
        engine: Engine = self.factory.kw["bind"]
        return engine
