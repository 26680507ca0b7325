"""Event claims: each Slack event is answered once, by whichever worker or replica claims it first.

Slack retries an event it thinks went unanswered; the claim is persisted (cases.services.events) so
that every worker and replica agrees. Should the database fail, this process still remembers the ids
it saw: answering (at worst twice, across workers) beats staying silent.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.runtime.caches import RecentIds
from bot.runtime.database import Database
from bot.runtime.inbox import Inbox
from cases.services.events import claim_event, mark_answered

__all__ = ["EventClaims"]

logger = logging.getLogger(__name__)


class EventClaims:
    def __init__(self, db: Database, inbox: Inbox, *, reclaim_after: timedelta) -> None:
        self._db = db
        self._inbox = inbox
        self._reclaim_after = reclaim_after
        self._recent = RecentIds()

    def claim(self, event_id: str) -> bool:
        """True the first time this Slack event id is seen, by any worker (persisted dedupe); the
        claimer then owns the answer, and its inbox entry stays open until `mark_answered`."""
        first_here = self._recent.add(event_id)
        try:
            with self._db.session() as session:
                # an entry the inbox took over was claimed by a process that is gone: retake it now
                reclaim = timedelta(0) if self._inbox.retaken(event_id) else self._reclaim_after
                claimed = bool(claim_event(session, event_id=event_id, reclaim_after=reclaim))
        except Exception as exc:
            logger.error("event dedupe fell back to memory: database error %s", type(exc).__name__)
            claimed = first_here
        if claimed:
            self._inbox.hand_off(event_id)
        return claimed

    def mark_answered(self, event_id: str | None) -> None:
        """The event's reply is out: a retry of it is a duplicate from now on (see `claim`)."""
        if not event_id:
            return
        try:
            with self._db.session() as session:
                mark_answered(session, event_id=event_id)
        except Exception as exc:
            logger.error("event %s not marked answered: database error %s", event_id, type(exc).__name__)
        # Then its inbox entry (another store): should this process die in between, the entry taken
        # over finds its event answered, and nothing is sent twice.
        self._inbox.done(event_id)
