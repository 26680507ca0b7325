"""Per-user limits — questions per minute, console sign-in links per hour — and per-address limits
on anonymous web questions, counted in the database (cases.services.rate_limits), so that every
worker and replica shares one allowance.

Limits protect the engine and the sign-in flow from a runaway script or a stuck client; they are
not a security boundary. So when the database cannot be reached the request goes ahead (and the
log says so) rather than every user being refused.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.i18n import t
from cases.services.rate_limits import hit

if TYPE_CHECKING:
    from bot.runtime import Runtime

__all__ = ["ASK", "CONSOLE_LINK", "WEB_ASK", "Refusal", "check"]

logger = logging.getLogger(__name__)

ASK = "ask"
CONSOLE_LINK = "console_link"
WEB_ASK = "web_ask"  # keyed by client address


@dataclass(frozen=True)
class Refusal:
    kind: str
    limit: int
    retry_after: int  # seconds

    def message(self, locale: str) -> str:
        if self.kind == CONSOLE_LINK:
            return t("rate.console_link", locale, limit=self.limit, minutes=math.ceil(self.retry_after / 60))
        return t("rate.ask", locale, limit=self.limit, seconds=self.retry_after)


def _limit(runtime: Runtime, kind: str) -> tuple[int, int]:
    """(allowed hits, window in seconds); 0 hits means no limit."""
    settings = runtime.settings
    if kind == CONSOLE_LINK:
        return settings.console_link_rate_per_hour, 3600
    if kind == WEB_ASK:
        return settings.web_ask_rate_per_minute, 60
    return settings.ask_rate_per_minute, 60


def check(runtime: Runtime, kind: str, user_id: str, *, now: datetime | None = None) -> Refusal | None:
    """Count one `kind` request of `user_id` (an address for WEB_ASK): None when it may go ahead,
    else why not and for how long."""
    limit, window = _limit(runtime, kind)
    if limit == 0:
        return None

    try:
        with runtime.db.session() as session:
            decision = hit(session, key=f"{kind}:{user_id}", limit=limit, window=window, now=now)
    except Exception as exc:
        logger.error("rate limit not checked: database error %s", type(exc).__name__)
        return None
    if decision.allowed:
        return None
    logger.info("%s refused for %s: %d in the window (limit %d)", kind, user_id, decision.hits, limit)
    return Refusal(kind, limit, decision.retry_after)
