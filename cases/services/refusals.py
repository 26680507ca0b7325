"""Refusals at the console's door, audited without letting anyone fill the log with them.

Sign-in links that do not work (forged, used, expired), sign-ins posted from another site, forms
and API calls without their CSRF token: each is counted in `rate_counters` per 10-minute window
(one atomic upsert), and the audit log gets an entry for the 1st, 10st, 100th… of a window, saying
how many so far — a million forged links write seven entries per window, not a million. The
counters' keys are bounded too: per reason for what anyone can send (forged links, foreign
origins), per user for what only a real link or session can cause (a used or expired link, a
form without its token). Nothing of this reaches the person refused: their answer is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from cases import audit
from cases.services.rate_limits import hit

WINDOW_SECONDS = 600
_UNLIMITED = 2**62  # counted, never refused: this counter only decides what is written


def milestone(hits: int) -> bool:
    """1, 10, 100, 1000…: the hits of a window worth an audit entry."""
    while hits % 10 == 0:
        hits //= 10
    return hits == 1


@dataclass(frozen=True)
class Refusal:
    """`action`: console.login_refused or console.csrf_refused; `reason`: invalid, used, expired,
    origin or csrf; `user_id`: whose link or session, when one is known."""

    action: str
    reason: str
    user_id: str | None
    at: datetime

    def write(self, session: Session) -> None:
        key = f"refused:{self.action}:{self.reason}:{self.user_id or '-'}"
        hits = hit(session, key=key, limit=_UNLIMITED, window=WINDOW_SECONDS, now=self.at).hits
        if milestone(hits):
            audit.append(
                session,
                action=self.action,
                actor_id=self.user_id if self.action == "console.csrf_refused" else None,
                target=self.user_id,
                details={"reason": self.reason, "in_window": hits, "window_minutes": WINDOW_SECONDS // 60},
                now=self.at,
            )


def record_refusal(session: Session, refusal: Refusal) -> None:
    """Audit `refusal` (bounded), whether the caller's unit of work then commits or rolls back."""
    audit.keep(session, refusal)
