"""Per-key fixed-window rate limits, counted in the database so that every worker and replica
shares them: a user who spreads requests over several processes gets no extra allowance.

One window per (key, start of window); a hit is one INSERT … ON CONFLICT DO UPDATE … RETURNING,
never a read-then-write, so two processes counting at once cannot both see the last free slot.
Each hit also forgets the key's earlier windows, which keeps the table as small as the set of
recently active keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from cases._sql import insert_for
from cases.models import RateCounter, utcnow


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    hits: int  # hits in the current window, this one included
    retry_after: int  # seconds until the window resets (0 when allowed)


def hit(session: Session, *, key: str, limit: int, window: int, now: datetime | None = None) -> RateDecision:
    """Count one hit of `key`; allowed while the window holds at most `limit` hits.

    Refused hits are counted too: hammering does not shorten the wait, it only keeps it.
    """
    if not key or len(key) > 128:
        raise ValueError("a rate key is 1 to 128 characters")
    if limit < 1 or window < 1:
        raise ValueError("limit and window must be positive")
    epoch = int((now or utcnow()).timestamp())
    start = epoch - epoch % window
    statement = insert_for(session, RateCounter).values(key=key, window_start=start, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=["key", "window_start"], set_={"hits": RateCounter.hits + 1}
    ).returning(RateCounter.hits)
    hits = int(session.execute(statement).scalar_one())
    if hits == 1:
        session.execute(delete(RateCounter).where(RateCounter.key == key, RateCounter.window_start < start))
    allowed = hits <= limit
    return RateDecision(allowed=allowed, hits=hits, retry_after=0 if allowed else start + window - epoch)
