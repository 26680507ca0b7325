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
from cases.db import checkpoint, make_engine, make_session_factory, session_scope
from cases.migrate import schema_behind
from cases.vault import Vault

__all__ = ["Database", "database_config", "open_vault"]

logger = logging.getLogger(__name__)


def database_config(settings: Settings) -> DatabaseConfig:
    """The cases package's view of the settings; creates the SQLite file's folder on first use."""
    url = settings.sqlalchemy_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return DatabaseConfig(url=url)


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
        self._own_line: sessionmaker[Session] | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with session_scope(self.factory) as session:
            yield session

    @contextmanager
    def own_line(self) -> Iterator[Session]:
        """One transaction on a connection of its own (built once, never shared): the inbox writes
        there from the event loop, which must never wait for the shared pool to free a connection."""
        with self._factory_lock:
            if self._own_line is None:
                engine = make_engine(database_config(self._settings).url, pool_size=1, max_overflow=0)
                self._own_line = make_session_factory(engine)
        with session_scope(self._own_line) as session:
            yield session

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
                        "confidential requests are disabled: no usable keyring (%s); "
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
        if self._own_line is not None:
            self._own_line.kw["bind"].dispose()

    def _engine(self) -> Engine:
        engine: Engine = self.factory.kw["bind"]
        return engine
