"""The advisor host: the knowledge engine opened in the background, waited for, asked, closed.

Opened by `start()`, the advisor is an `AdvisorPool`: worker processes, one per core, each with
its own copy of the engine, so that questions really run in parallel, while the server already
answers health checks and acks Slack. One handed in (tests, tools) is used in this process as it is.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Protocol

from bot.runtime.advisor_pool import AdvisorPool, IndexLoading
from bot.settings import Settings
from knowledge.errors import KnowledgeError

if TYPE_CHECKING:
    from knowledge import Answer, IndexInfo

__all__ = ["AdvisorHost", "Engine", "IndexLoading"]

logger = logging.getLogger(__name__)


class Engine(Protocol):
    """What the host asks: an `Advisor` in this process, or the `AdvisorPool` of worker processes."""

    @property
    def info(self) -> IndexInfo | None: ...

    def ask(self, question: str, context: str | None = None) -> Answer: ...


class AdvisorHost:
    def __init__(self, settings: Settings, *, engine: Engine | None, workers: int, wait: float) -> None:
        """Nothing is loaded here; `start()` opens the pool unless an engine is handed in."""
        self._settings = settings
        self._workers = workers
        self._wait = wait
        self._engine = engine
        self._error: KnowledgeError | None = None
        self._ready = threading.Event()
        if engine is not None:
            self._ready.set()
        self._loader: threading.Thread | None = None
        self._closed = False

    def start(self) -> None:
        """Open the advisor in the background (idempotent)."""
        if self._ready.is_set() or self._loader is not None:
            return
        self._loader = threading.Thread(target=self._load, name="ses-index-loader", daemon=True)
        self._loader.start()

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            threads = max(1, (os.cpu_count() or 1) // self._workers)
            pool = AdvisorPool(
                self._settings.index_dir,
                self._settings.encoder,
                self._workers,
                threads=threads,
                reload_seconds=self._settings.index_reload_seconds,
            )
            self._engine = pool.open()
            if self._closed:
                pool.close()
            logger.info(
                "index loaded in %.1f s by %d advisor processes", time.perf_counter() - started, self._workers
            )
        except KnowledgeError as exc:
            self._error = exc
            logger.error("index not available (%s): run `ses index build`", exc.code)
        except Exception as exc:
            self._error = KnowledgeError(str(exc))
            logger.exception("index failed to load")
        finally:
            self._ready.set()

    @property
    def engine(self) -> Engine | None:
        """The advisor when it is loaded, else None (never waits)."""
        return self._engine if self._ready.is_set() else None

    @property
    def error(self) -> KnowledgeError | None:
        """Why the advisor could not be loaded, once loading has failed."""
        return self._error

    def index_version(self) -> str | None:
        """The index version this process answers from (None while loading); /readyz reports it."""
        engine = self.engine
        if engine is None:
            return None
        info = engine.current_info() if isinstance(engine, AdvisorPool) else engine.info
        return info.version if info is not None else None

    def wait(self, timeout: float | None = None) -> Engine:
        """The advisor, waiting for it to load; raises the load's KnowledgeError or IndexLoading."""
        self.start()
        if not self._ready.wait(self._wait if timeout is None else timeout):
            raise IndexLoading("index still loading")
        if self._engine is None:
            raise self._error or KnowledgeError("index unavailable")
        return self._engine

    def close(self, *, wait: bool = True) -> None:
        """`wait`: for a question in flight in the engine processes (see AdvisorPool.close)."""
        self._closed = True
        if isinstance(self._engine, AdvisorPool):
            self._engine.close(wait=wait)
