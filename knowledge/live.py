"""The live index version's Advisor, swapped for the next one when a build moves the `current` pointer.

Each server process (each worker) holds one LiveAdvisor. `get()` costs one readlink of `current` at
most every `check_every` seconds. When the pointer names another version, that version is opened —
in a background thread by default — while the previous Advisor keeps answering; once it is fully
loaded, one reference assignment swaps it in. A question therefore never meets a half-loaded index,
and no restart is needed. A version that fails to open is logged and skipped until the pointer moves
again; the previous Advisor keeps serving.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from knowledge.answer import Answer
from knowledge.config import SearchConfig
from knowledge.engine import Advisor, IndexInfo
from knowledge.errors import IndexMissing, KnowledgeError
from knowledge.search.hybrid import Hit
from knowledge.store import CURRENT

logger = logging.getLogger(__name__)

__all__ = ["LiveAdvisor"]


class LiveAdvisor:
    def __init__(
        self,
        index_dir: Path,
        *,
        encoder: str | None = None,
        config: SearchConfig | None = None,
        check_every: float = 2.0,
        background: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Nothing is read here: the first `get()` (or `open()`) loads the live version."""
        self.index_dir = index_dir
        self.encoder = encoder
        self.config = config
        self.check_every = check_every
        self.background = background
        self._clock = clock
        self._lock = threading.Lock()
        self._advisor: Advisor | None = None
        self._target: str | None = None
        self._next_check = 0.0
        self._loading: threading.Thread | None = None
        self._failed: str | None = None
        self.last_error: KnowledgeError | None = None

    # --- reading the pointer -------------------------------------------------------------------

    def _current_target(self) -> str | None:
        """What `current` points to ("versions/<id>"), or None when there is no index."""
        try:
            return os.readlink(self.index_dir / CURRENT)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:  # not a symlink: an index laid out by hand
            logger.warning("cannot read %s: %s", self.index_dir / CURRENT, exc)
            return None

    def _open(self, target: str) -> Advisor:
        return Advisor.open_version(self.index_dir / target, self.encoder, self.config)

    # --- public API ----------------------------------------------------------------------------

    def open(self) -> Advisor:
        """Load the live version now (blocking); raises IndexMissing / IndexCorrupt when there is none."""
        with self._lock:
            if self._advisor is not None:
                return self._advisor
            target = self._current_target()
            if target is None:
                raise IndexMissing(f"no index in {self.index_dir}")
            advisor = self._open(target)
            self._advisor, self._target = advisor, target
            self._next_check = self._clock() + self.check_every
            return advisor

    def get(self) -> Advisor:
        """The Advisor to answer with now; starts loading a newer version when the pointer moved."""
        advisor = self._advisor
        if advisor is None:
            return self.open()
        now = self._clock()
        if now >= self._next_check:
            self._next_check = now + self.check_every
            self._reload(wait=not self.background)
        return self._advisor or advisor

    def reload_if_changed(self, wait: bool = True) -> bool:
        """Check the pointer now; when it moved, load that version (here if `wait`, else in the
        background) and swap it in. True when a new version is serving on return."""
        if self._advisor is None:
            self.open()
            return True
        return self._reload(wait=wait)

    def wait_idle(self, timeout: float | None = None) -> None:
        """Wait for a background load to finish (tests, shutdown)."""
        loader = self._loading
        if loader is not None:
            loader.join(timeout)

    @property
    def info(self) -> IndexInfo:
        """The serving version's description (what the Home tab lists), loading it if need be."""
        return self.get().info

    @property
    def version(self) -> str | None:
        advisor = self._advisor
        return advisor.info.version if advisor is not None else None

    @property
    def loading(self) -> bool:
        return self._loading is not None

    def ask(self, question: str, context: str | None = None, mode: str = "hybrid") -> Answer:
        return self.get().ask(question, context=context, mode=mode)

    def search(
        self, question: str, k: int = 10, mode: str = "hybrid", context: str | None = None
    ) -> list[Hit]:
        return self.get().search(question, k=k, mode=mode, context=context)

    # --- swapping ------------------------------------------------------------------------------

    def _reload(self, wait: bool) -> bool:
        target = self._current_target()
        with self._lock:
            if target is None or target == self._target or target == self._failed:
                return False
            if self._loading is not None:
                loader = self._loading
            else:
                loader = threading.Thread(
                    target=self._load, args=(target,), name="ses-index-reload", daemon=True
                )
                self._loading = loader
                loader.start()
        if wait:
            loader.join()
            return self._target == target
        return False

    def _load(self, target: str) -> None:
        started = time.perf_counter()
        try:
            advisor = self._open(target)
        except KnowledgeError as exc:
            self._fail(target, exc)
        except Exception as exc:  # a background thread must leave a trace and let the old index serve
            logger.exception("index version %s failed to load", target)
            self._fail(target, KnowledgeError(str(exc)))
        else:
            with self._lock:
                self._advisor, self._target, self._failed, self.last_error = advisor, target, None, None
            logger.info(
                "index version %s live in this process (loaded in %.1f s)",
                advisor.info.version,
                time.perf_counter() - started,
            )
        finally:
            with self._lock:
                self._loading = None

    def _fail(self, target: str, exc: KnowledgeError) -> None:
        with self._lock:
            self._failed, self.last_error = target, exc
        logger.error(
            "index version %s cannot be opened (%s); still serving %s", target, exc.code, self._target
        )
