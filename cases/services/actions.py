"""What a person does on a case — set its status, write on it — routed to the right service.

The console's pages and its JSON API both call these, so "reopen" and the choice between a
requester's message, an internal note and a reply to the requester are decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cases.models import Case, CaseEvent
from cases.services import lifecycle, queries
from cases.services.lifecycle import Act
from cases.services.replies import ReplyNotice, reply_to_requester

__all__ = ["REOPEN", "Posted", "post_message", "set_status"]

REOPEN = "reopen"  # not a status: the word the status forms and the API use to reopen a closed case


@dataclass(frozen=True)
class Posted:
    """The timeline entry written, and for a reply the notice the bot DMs to the requester."""

    event: CaseEvent
    notice: ReplyNotice | None = None


def set_status(session: Session, act: Act, *, status: str, reason: str | None = None) -> Case:
    """`status` applied to the case (`lifecycle.change_status`, `reason` kept in the timeline), or
    the closed case reopened."""
    if status == REOPEN:
        return lifecycle.reopen_case(session, act)
    return lifecycle.change_status(session, act, status=status, reason=reason)


def post_message(
    session: Session, act: Act, *, body: str, reply: bool, then_status: str | None = None
) -> Posted:
    """The requester writing on their own case adds a message, whatever `reply` says; an advisor
    writes a reply to the requester (`reply`, then perhaps `then_status`) or an internal note."""
    case = queries.visible_case(session, ref=act.ref, viewer_id=act.actor_id, action="message")
    if case.requester_id == act.actor_id:
        return Posted(lifecycle.add_requester_message(session, act, body=body))
    if not reply:
        return Posted(lifecycle.add_note(session, act, body=body))
    notice = reply_to_requester(session, act, body=body, then_status=then_status)
    event = session.get(CaseEvent, notice.event_id)
    assert event is not None  # just written in this transaction
    return Posted(event, notice)
