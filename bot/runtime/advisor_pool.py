"""The advisor in worker processes, one per core, so that questions are answered in parallel.

In one process, questions queue behind each other: the encoder is one native model behind a
lock, and the rest of the search is Python under one GIL. A burst of questions would use one
core of two. So the server keeps Slack, HTTP and the database in its own process and asks the
engine through a ProcessPoolExecutor whose workers each open the index once (at start, in the
background) with one OpenMP thread each — one question per core, no oversubscription.

Each worker holds a `LiveAdvisor`: when `ses index build` moves the `current` pointer, the
workers open the new version in the background and swap it in, no restart needed
(SES_INDEX_RELOAD_SECONDS says how often they look).

`AdvisorPool` answers like an `Advisor` (`ask`, `info`); errors come back as the engine's own
exceptions, rebuilt in this process (pickling would lose their fields).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.errors import IndexCorrupt, IndexMissing, InvalidQuestion, KnowledgeError

if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier

    from knowledge import Answer, IndexInfo, LiveAdvisor

__all__ = ["AdvisorPool", "IndexLoading"]

logger = logging.getLogger(__name__)

READY_TIMEOUT = 600.0
SERVER_CHECK_SECONDS = 1.0
_ERRORS: dict[str, type[KnowledgeError]] = {"index_missing": IndexMissing, "index_corrupt": IndexCorrupt}


class IndexLoading(KnowledgeError):
    """The index is still being opened; the message tells the user to ask again shortly."""

    code = "index_loading"


# --- in the worker processes ---------------------------------------------------------------------

_advisor: LiveAdvisor | None = None
_failure: tuple[str, str] | None = None
_barrier: Barrier | None = None


def _start_worker(
    index_dir: str,
    encoder: str,
    threads: int,
    reload_seconds: float,
    log_level: str,
    barrier: Barrier,
    server: int,
) -> None:
    global _advisor, _failure, _barrier
    os.environ["OMP_NUM_THREADS"] = str(threads)  # read when the native encoder loads, just below
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_with_server, args=(server,), name="ses-server-watch", daemon=True).start()
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s[worker]: %(message)s")
    _barrier = barrier
    try:
        from knowledge import LiveAdvisor  # deferred: inside the try: a worker that cannot load reports why

        advisor = LiveAdvisor(Path(index_dir), encoder=encoder, check_every=reload_seconds)
        advisor.open()
        _advisor = advisor
    except KnowledgeError as exc:
        _failure = (exc.code, str(exc))
    except Exception as exc:  # reported to the parent, which logs it
        _failure = ("knowledge_error", f"{type(exc).__name__}: {exc}")


def _exit_with_server(server: int) -> None:
    """Leave when the server process is gone. Killed without its shutdown (kill -9) while the
    workers were still starting, it leaves them blocked on the task queue or the start barrier,
    where nothing would ever tell them: each would stay, holding an index in memory for nobody."""
    while os.getppid() == server:
        time.sleep(SERVER_CHECK_SECONDS)
    os._exit(0)


def _ready() -> tuple[str, Any]:
    """Every worker takes one of these at once (the barrier), so each reports its own load."""
    assert _barrier is not None
    _barrier.wait(READY_TIMEOUT)
    if _advisor is None:
        return ("error", _failure or ("knowledge_error", "not loaded"))
    return ("ok", (_advisor.get().info, os.getpid()))


def _ask(question: str, context: str | None) -> tuple[str, Any]:
    """The answer, with the info of the version that gave it (the Home tab shows the live one)."""
    if _advisor is None:
        return ("error", _failure or ("knowledge_error", "not loaded"))
    try:
        advisor = _advisor.get()
        return ("ok", (advisor.ask(question, context=context), advisor.info))
    except InvalidQuestion as exc:
        return ("invalid", (exc.code, exc.limit))
    except KnowledgeError as exc:
        return ("error", (exc.code, str(exc)))


def _info() -> IndexInfo | None:
    """The version this worker answers from; `get()` first looks whether a newer one went live."""
    return _advisor.get().info if _advisor is not None else None


# --- in the server -------------------------------------------------------------------------------


class AdvisorPool:
    def __init__(
        self, index_dir: Path, encoder: str, processes: int, *, threads: int = 1, reload_seconds: float = 2.0
    ) -> None:
        self.index_dir = index_dir
        self.encoder = encoder
        self.processes = processes
        self.threads = threads
        self.reload_seconds = reload_seconds
        self.info: IndexInfo | None = None
        self.pids: list[int] = []  # the worker processes, once open
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def open(self) -> AdvisorPool:
        """Start the workers and wait until each has opened the index; raises the engine's error."""
        context = multiprocessing.get_context("spawn")  # never fork a process full of threads
        barrier = context.Barrier(self.processes)
        executor = ProcessPoolExecutor(
            self.processes,
            mp_context=context,
            initializer=_start_worker,
            initargs=(
                str(self.index_dir),
                self.encoder,
                self.threads,
                self.reload_seconds,
                logging.getLevelName(logging.getLogger().getEffectiveLevel()),
                barrier,
                os.getpid(),
            ),
        )
        try:
            results = [f.result() for f in [executor.submit(_ready) for _ in range(self.processes)]]
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        for status, value in results:
            if status != "ok":
                executor.shutdown(wait=False, cancel_futures=True)
                raise _error(*value)
        with self._lock:
            self._executor = executor
            self.info = results[0][1][0]
            self.pids = [pid for _, (_, pid) in results]
        return self

    def ask(self, question: str, context: str | None = None) -> Answer:
        executor = self._executor
        if executor is None:
            raise IndexLoading("advisor workers restarting")
        try:
            status, value = executor.submit(_ask, question, context).result()
        except BrokenProcessPool:
            logger.error("an advisor worker died: restarting the workers")
            self._restart(executor)
            raise KnowledgeError("advisor worker died") from None
        if status == "ok":
            answer: Answer = value[0]
            self.info = value[1]
            return answer
        if status == "invalid":
            code, limit = value
            raise InvalidQuestion(code, limit)
        raise _error(*value)

    def current_info(self, timeout: float = 1.0) -> IndexInfo | None:
        """The live version as a worker sees it now; the last one known when the workers are busy."""
        executor = self._executor
        if executor is None:
            return self.info
        try:
            info = executor.submit(_info).result(timeout)
        except (TimeoutError, BrokenProcessPool, RuntimeError):  # busy, broken, or shut down meanwhile
            return self.info
        if info is not None:
            self.info = info
        return self.info

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is not broken:
                return  # another thread got there first
            self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)
        threading.Thread(target=self._reopen, name="ses-advisor-restart", daemon=True).start()

    def _reopen(self) -> None:
        try:
            self.open()
        except Exception:
            logger.exception("advisor workers could not restart")

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers: queued questions are cancelled; one in flight finishes (`wait`), or is
        left to end on its own (a stop past its deadline: the process exits without it)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)


def _error(code: str, message: str) -> KnowledgeError:
    error = _ERRORS.get(code, KnowledgeError)(message)
    if type(error) is KnowledgeError:
        error.code = code
    return error
