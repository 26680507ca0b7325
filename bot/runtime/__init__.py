"""Runtime: what the Slack and HTTP edges share, built once per process and passed in.

- the advisor (the knowledge engine): an `AdvisorPool` of worker processes, one per core,
  opened in a background thread so that the server answers health checks and acks Slack
  while models and FAISS load;
- the database session factory (cases.db), for dedupe, the question log, feedback and cases; its
  sessions carry the vault (cases.vault), which fails closed: without a keyring, confidential
  requests are refused with a clear message and everything else works;
- a bounded pool of threads that carry questions from Slack to the engine and answers back: a
  question waits for a thread only while the queue has room, beyond
  that the caller is told to say "busy, retrying" and `retry_later` tries again with backoff;
- small caches (bot/caches.py): user locales (users.info), recent answers (for the buttons);
- one thread that indexes the documents staff send to the bot (bot/indexing.py), one at a time.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from bot.runtime.advisor_pool import AdvisorPool, IndexLoading
from bot.runtime.caches import AnswerCache, LocaleCache, RecentIds
from bot.settings import Settings
from bot.slack.replies import ChannelPacer
from knowledge.errors import KnowledgeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from bot.slack.blocks.ids import AnswerRef
    from cases.vault import Vault
    from knowledge import Answer, IndexInfo

__all__ = ["Engine", "IndexLoading", "Runtime"]

logger = logging.getLogger(__name__)

Job = Callable[[], None]

DEFAULT_RETRY_DELAYS: tuple[float, ...] = (1, 2, 4, 8, 15, 30)


class Engine(Protocol):
    """What the runtime asks: an `Advisor` in this process, or the `AdvisorPool` of worker processes."""

    @property
    def info(self) -> IndexInfo | None: ...

    def ask(self, question: str, context: str | None = None) -> Answer: ...


class Runtime:
    def __init__(
        self,
        settings: Settings,
        *,
        advisor: Engine | None = None,
        session_factory: sessionmaker[Session] | None = None,
        workers: int | None = None,
        queue: int | None = None,
        channel_interval: float | None = None,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        advisor_wait: float = 120.0,
    ) -> None:
        """Nothing is loaded here; `start()` opens the advisor unless one is handed in.

        Opened by `start()`, the advisor is an `AdvisorPool`: `workers` processes, each with its
        own copy of the engine, so that questions really run in parallel. One handed in (tests,
        tools) is used in this process as it is.
        """
        self.settings = settings
        self.workers = workers if workers is not None else settings.ask_workers
        self.queue = queue if queue is not None else settings.ask_queue
        self.retry_delays = tuple(retry_delays)
        self.advisor_wait = advisor_wait
        self.pacer = ChannelPacer(
            settings.slack_channel_interval if channel_interval is None else channel_interval
        )
        self.locales = LocaleCache()
        self.answers = AnswerCache()
        self._recent_events = RecentIds()
        self._advisor = advisor
        self._advisor_error: KnowledgeError | None = None
        self._advisor_ready = threading.Event()
        if advisor is not None:
            self._advisor_ready.set()
        self._loader: threading.Thread | None = None
        self._session_factory = session_factory
        self._db_lock = threading.Lock()
        self._vault: Vault | None = None
        self._vault_lock = threading.Lock()
        # Twice as many threads as engine processes: while one thread posts an answer to Slack,
        # another has the next question waiting, so no engine process idles.
        self.threads = 2 * self.workers
        self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="ses-ask")
        self._slots = threading.BoundedSemaphore(self.threads + self.queue)
        # Documents sent to the bot are indexed one after the other on their own thread: a build
        # takes seconds to minutes and must not hold a question's worker (builds are serial anyway).
        self._indexing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ses-indexing")
        self._timers: set[threading.Timer] = set()
        self._timers_lock = threading.Lock()
        self._closed = False

    # --- the advisor ---------------------------------------------------------------------------

    def start(self) -> None:
        """Open the advisor in the background (idempotent)."""
        if self._advisor_ready.is_set() or self._loader is not None:
            return
        self._loader = threading.Thread(target=self._load_advisor, name="ses-index-loader", daemon=True)
        self._loader.start()

    def _load_advisor(self) -> None:
        started = time.perf_counter()
        try:
            threads = max(1, (os.cpu_count() or 1) // self.workers)
            pool = AdvisorPool(
                self.settings.index_dir,
                self.settings.encoder,
                self.workers,
                threads=threads,
                reload_seconds=self.settings.index_reload_seconds,
            )
            self._advisor = pool.open()
            if self._closed:
                pool.close()
            logger.info(
                "index loaded in %.1f s by %d advisor processes", time.perf_counter() - started, self.workers
            )
        except KnowledgeError as exc:
            self._advisor_error = exc
            logger.error("index not available (%s): run `ses index build`", exc.code)
        except Exception as exc:
            self._advisor_error = KnowledgeError(str(exc))
            logger.exception("index failed to load")
        finally:
            self._advisor_ready.set()

    @property
    def advisor(self) -> Engine | None:
        """The advisor when it is loaded, else None (never waits)."""
        return self._advisor if self._advisor_ready.is_set() else None

    @property
    def advisor_error(self) -> KnowledgeError | None:
        return self._advisor_error

    def index_version(self) -> str | None:
        """The index version this process answers from (None while loading); /readyz reports it."""
        advisor = self.advisor
        if advisor is None:
            return None
        info = advisor.current_info() if isinstance(advisor, AdvisorPool) else advisor.info
        return info.version if info is not None else None

    def wait_for_advisor(self, timeout: float | None = None) -> Engine:
        """The advisor, waiting for it to load; raises the load's KnowledgeError or IndexLoading."""
        self.start()
        if not self._advisor_ready.wait(self.advisor_wait if timeout is None else timeout):
            raise IndexLoading("index still loading")
        if self._advisor is None:
            raise self._advisor_error or KnowledgeError("index unavailable")
        return self._advisor

    def ask(self, question: str, context: str | None = None) -> Answer:
        """Ask the advisor (always afresh) and keep the answer at hand for the buttons under it."""
        answer = self.wait_for_advisor().ask(question, context=context)
        self.answers.put(question, context, answer)
        return answer

    def answer_for(self, ref: AnswerRef) -> Answer:
        """The answer a button refers to: as logged (what the user saw), else cached, else asked again."""
        if ref.log_id is not None:
            logged = self._logged_answer(ref.log_id)
            if logged is not None:
                return logged
        cached = self.answers.get(ref.question, ref.context)
        return cached if cached is not None else self.ask(ref.question, ref.context)

    def seen_answer(self, ref: AnswerRef) -> Answer | None:
        """The answer a button refers to as logged, else cached; None rather than asking again."""
        if ref.log_id is not None:
            logged = self._logged_answer(ref.log_id)
            if logged is not None:
                return logged
        return self.answers.get(ref.question, ref.context)

    def _logged_answer(self, log_id: int) -> Answer | None:
        from cases.db import session_scope
        from cases.services.questions import get_question
        from knowledge import Answer, Citation

        try:
            with session_scope(self.session_factory) as session:
                log = get_question(session, question_id=log_id)
                if log is None:
                    return None
                citations = tuple(Citation(**c) for c in log.citations)
                return Answer(
                    question=log.question,
                    lang=log.lang,
                    text=log.answer,
                    citations=citations,
                    abstained=log.abstained,
                    refused=log.refused,
                )
        except Exception:
            logger.exception("question log unavailable")
            return None

    # --- the worker pool -----------------------------------------------------------------------

    def submit(self, job: Job) -> bool:
        """Run `job` on a worker; False (and nothing queued) when every worker and queue slot is taken."""
        if self._closed or not self._slots.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                job()
            except Exception:
                logger.exception("background job failed")
            finally:
                self._slots.release()

        try:
            self._pool.submit(run)
        except RuntimeError:  # shut down meanwhile
            self._slots.release()
            return False
        return True

    def retry_later(self, job: Job, *, give_up: Job, attempt: int = 0) -> None:
        """Try `job` again after a growing delay while the pool stays full; `give_up` after the last try."""
        if self._closed:
            return
        if attempt >= len(self.retry_delays):
            self._run_quietly(give_up)
            return

        def again() -> None:
            with self._timers_lock:
                self._timers.discard(timer)
            if not self.submit(job):
                self.retry_later(job, give_up=give_up, attempt=attempt + 1)

        timer = threading.Timer(self.retry_delays[attempt], again)
        timer.daemon = True
        with self._timers_lock:
            self._timers.add(timer)
        timer.start()

    def submit_indexing(self, job: Job) -> bool:
        """Run `job` on the indexing thread, after the builds queued before it; False once closed."""
        if self._closed:
            return False
        try:
            self._indexing.submit(self._run_quietly, job)
        except RuntimeError:  # shut down meanwhile
            return False
        return True

    @staticmethod
    def _run_quietly(job: Job) -> None:
        try:
            job()
        except Exception:
            logger.exception("background job failed")

    @property
    def pending(self) -> int:
        """Questions accepted and not finished (running or queued)."""
        return self.threads + self.queue - self._slots._value  # noqa: SLF001 — a gauge, read-only

    # --- the database --------------------------------------------------------------------------

    @property
    def session_factory(self) -> sessionmaker[Session]:
        with self._db_lock:
            if self._session_factory is None:
                from cases.db import make_engine, make_session_factory

                if self.settings.database_url is None:
                    self.settings.data_dir.mkdir(parents=True, exist_ok=True)
                self._session_factory = make_session_factory(
                    make_engine(self.settings.sqlalchemy_url), vault=self.vault
                )
            return self._session_factory

    @property
    def vault(self) -> Vault:
        """The master keys for confidential cases (built once); checks itself on each use."""
        with self._vault_lock:
            if self._vault is None:
                from cases.vault import Vault

                self._vault = Vault.from_config(self.settings.vault_config)
                status = self._vault.status()
                if not status.ok:
                    logger.warning(
                        "confidential requests are disabled: no usable keyring (%s); "
                        "run `ses keys generate` or set SES_MASTER_KEYS",
                        status.reason,
                    )
            return self._vault

    def confidential_available(self) -> bool:
        return self.vault.status().ok

    def claim_event(self, event_id: str) -> bool:
        """True the first time this Slack event id is seen, by any worker (persisted dedupe).

        Should the database fail, this process still remembers the ids it saw: answering
        (at worst twice, across workers) beats staying silent.
        """
        from cases.db import session_scope
        from cases.services.events import claim_event

        first_here = self._recent_events.add(event_id)
        try:
            with session_scope(self.session_factory) as session:
                return bool(
                    claim_event(
                        session,
                        event_id=event_id,
                        reclaim_after=timedelta(seconds=self.settings.event_reclaim_seconds),
                    )
                )
        except Exception as exc:
            logger.error("event dedupe fell back to memory: database error %s", type(exc).__name__)
            return first_here

    def mark_answered(self, event_id: str | None) -> None:
        """The event's reply is out: a retry of it is a duplicate from now on (see `claim_event`)."""
        if not event_id:
            return
        from cases.db import session_scope
        from cases.services.events import mark_answered

        try:
            with session_scope(self.session_factory) as session:
                mark_answered(session, event_id=event_id)
        except Exception as exc:
            logger.error("event %s not marked answered: database error %s", event_id, type(exc).__name__)

    def thread_question(self, channel: str, thread_ts: str) -> str | None:
        """The question the bot answered in this thread, or None when it never answered there."""
        from cases.db import session_scope
        from cases.services.questions import thread_question

        try:
            with session_scope(self.session_factory) as session:
                log = thread_question(session, channel=channel, thread_ts=thread_ts)
                return None if log is None else str(log.question)
        except Exception as exc:
            logger.error("thread look-up failed: database error %s", type(exc).__name__)
            return None

    def recent_questions(self, user_id: str, limit: int = 5) -> list[str]:
        """The user's latest questions, newest first; empty when the database cannot be read."""
        from cases.db import session_scope
        from cases.services.questions import recent_questions

        try:
            with session_scope(self.session_factory) as session:
                return [str(log.question) for log in recent_questions(session, user_id=user_id, limit=limit)]
        except Exception:
            logger.exception("recent questions unavailable")
            return []

    def database_ok(self) -> bool:
        try:
            from sqlalchemy import text

            with self.session_factory() as session:
                session.execute(text("SELECT 1"))
            return True
        except Exception as exc:
            logger.warning("database not reachable: %s", type(exc).__name__)
            return False

    # --- shutdown ------------------------------------------------------------------------------

    def close(self) -> None:
        self._closed = True
        with self._timers_lock:
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._indexing.shutdown(wait=False, cancel_futures=True)
        if isinstance(self._advisor, AdvisorPool):
            self._advisor.close()
