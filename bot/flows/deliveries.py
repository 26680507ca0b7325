"""Replies to requesters carried to Slack from the outbox (cases.services.deliveries), exactly once.

`deliver` is called right after an advisor's reply is committed (console, API, Slack modal); `drain`
runs every DRAIN_EVERY seconds in each server and Socket Mode process and sends what is still
pending: a reply written while Slack was not configured or down goes out once it is back. Each
attempt first claims the row, so two processes never send the same reply.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.flows import triage
from bot.runtime import Runtime
from cases.models import utcnow
from cases.services import deliveries
from cases.services.replies import ReplyNotice, notice_for_event

__all__ = ["DRAIN_EVERY", "deliver", "drain"]

logger = logging.getLogger(__name__)

DRAIN_EVERY = 30.0  # seconds; the outbox's own backoff spaces the attempts of one reply further


def deliver(client: WebClient, runtime: Runtime, notice: ReplyNotice) -> None:
    """Send this reply now, unless another process has it or it is already out."""
    with runtime.db.session() as session:
        if not deliveries.claim(session, event_id=notice.event_id, now=utcnow()):
            return
    _attempt(client, runtime, notice)


def drain(client: WebClient, runtime: Runtime, *, now: datetime | None = None, limit: int = 50) -> int:
    """Send the pending replies whose time has come (by `now`); how many went out."""
    now = now or utcnow()
    with runtime.db.session() as session:
        waiting = deliveries.due(session, now=now, limit=limit)
    sent = 0
    for event_id in waiting:
        try:
            with runtime.db.session() as session:
                if not deliveries.claim(session, event_id=event_id, now=now):
                    continue
                notice = notice_for_event(session, event_id=event_id)
        except Exception as exc:  # e.g. the keys of a confidential case missing: try again later
            logger.warning("reply %s not ready to send: %s", event_id, type(exc).__name__)
            _record(runtime, event_id, sent=False, error=type(exc).__name__)
            continue
        sent += _attempt(client, runtime, notice)
    return sent


def _attempt(client: WebClient, runtime: Runtime, notice: ReplyNotice) -> bool:
    try:
        sent, error = triage.send_reply(client, runtime, notice), None
    except Exception as exc:  # Slack unreachable: the row stays pending for the next attempt
        sent, error = False, type(exc).__name__
    _record(runtime, notice.event_id, sent=sent, error=error)
    return sent


def _record(runtime: Runtime, event_id: int, *, sent: bool, error: str | None) -> None:
    with runtime.db.session() as session:
        state = deliveries.record(session, event_id=event_id, sent=sent, error=error, now=utcnow())
    if state is deliveries.DeliveryState.FAILED:
        logger.warning(
            "reply %s not delivered after %d attempts: given up", event_id, deliveries.MAX_ATTEMPTS
        )
