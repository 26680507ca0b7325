"""Runtime: what the Slack and HTTP edges share, built once per process and passed in.

Each part has one job and its own module here:
- `advisor` (advisor.py): the knowledge engine, opened in the background (advisor_pool.py);
- `answers` (answers.py): asking, the answers kept for the buttons, the question log read back;
- `work` (work.py): the bounded question workers and the indexing thread;
- `claims` (claims.py): each Slack event answered once across workers;
- `inbox` (inbox.py, its writes inbox_store.py): Slack requests recorded before their ack and
  worked off after, crash or not;
- `db` (database.py): the only place in bot/ that opens database sessions;
- `locales`, `pacer`: the user-locale cache (caches.py) and the per-channel posting pace.
May import: bot.settings, bot.slack.replies (the pacer), cases (services, db, vault), knowledge.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.runtime.advisor import AdvisorHost, Engine, IndexLoading
from bot.runtime.answers import Answers
from bot.runtime.caches import LocaleCache
from bot.runtime.claims import EventClaims
from bot.runtime.database import Database
from bot.runtime.inbox import Inbox
from bot.runtime.work import DEFAULT_RETRY_DELAYS, WorkQueue
from bot.settings import Settings
from bot.slack.replies import ChannelPacer

__all__ = ["Engine", "IndexLoading", "Runtime"]

STOP_SECONDS = 4.0  # work in progress gets this long at shutdown; what is left is handed back


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

        Opened by `start()`, the advisor is an `AdvisorPool` of `workers` processes; one handed in
        (tests, tools) is used in this process as it is.
        """
        self.settings = settings
        workers = workers if workers is not None else settings.ask_workers
        self.db = Database(settings, session_factory=session_factory, warn_without_keys=True)
        self.advisor = AdvisorHost(settings, engine=advisor, workers=workers, wait=advisor_wait)
        self.answers = Answers(self.advisor, self.db)
        # Twice as many threads as engine processes: while one thread posts an answer to Slack,
        # another has the next question waiting, so no engine process idles.
        self.work = WorkQueue(
            threads=2 * workers,
            queue=queue if queue is not None else settings.ask_queue,
            retry_delays=retry_delays,
        )
        lease = timedelta(seconds=settings.event_reclaim_seconds)
        self.inbox = Inbox(self.db, lease=lease)
        self.claims = EventClaims(self.db, self.inbox, reclaim_after=lease)
        self.locales = LocaleCache()
        self.pacer = ChannelPacer(
            settings.slack_channel_interval if channel_interval is None else channel_interval
        )

    def start(self) -> None:
        """Open the advisor in the background (idempotent)."""
        self.advisor.start()

    @staticmethod
    def freeze_startup_objects() -> None:
        """Once the process is built (app, listeners, pools): what start-up made lives as long as the
        process, so the garbage collector stops walking it. A full collection over those ~200,000
        objects took 100–130 ms, on the thread that acks, every few hundred requests."""
        gc.collect()
        gc.freeze()

    def close(self) -> None:
        """Stop within STOP_SECONDS (and the advisor's own stop): work in flight finishes by then,
        or its Slack request is handed back to the inbox for the next process."""
        deadline = time.monotonic() + STOP_SECONDS
        self.inbox.stop(deadline)
        finished = self.work.close(deadline)
        self.inbox.hand_back()
        self.advisor.close(wait=finished)
