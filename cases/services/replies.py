"""An advisor's reply and what the bot needs to deliver it to the requester by DM.

The reply and its pending delivery (`cases.services.deliveries`) are written in one transaction:
a reply the bot could not send at once is still in the outbox, and `notice_for_event` rebuilds
what to send from the timeline when the bot tries again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cases.models import CaseEvent
from cases.services import deliveries, sealed
from cases.services.lifecycle import MAX_MESSAGE, Act, add_reply
from cases.services.validation import clean_text


@dataclass(frozen=True)
class ReplyNotice:
    """A reply to send to `requester_id` in a DM, in `locale`. For a confidential case this is the
    only place its text leaves the tracker: send it to the requester's DM and nowhere else, and
    never log `text`."""

    ref: str
    requester_id: str
    locale: str
    text: str
    event_id: int
    status: str
    author_id: str
    confidential: bool

    def __repr__(self) -> str:  # a logged notice must not carry the reply
        return f"ReplyNotice(ref={self.ref!r}, event_id={self.event_id}, confidential={self.confidential})"


def reply_to_requester(
    session: Session, act: Act, *, body: str, then_status: str | None = None
) -> ReplyNotice:
    """`lifecycle.add_reply` (same rights, errors and audit), plus the notice for the requester's DM."""
    text = clean_text(body, field="body", max_len=MAX_MESSAGE)
    event = add_reply(session, act, body=text, then_status=then_status)
    deliveries.enqueue(session, event, now=act.now)
    return _notice(event, text)


def notice_for_event(session: Session, *, event_id: int) -> ReplyNotice:
    """The notice of a reply already in the timeline (its text opened if sealed): for a retry."""
    event = session.get(CaseEvent, event_id)
    if event is None or event.kind != "reply":
        raise ValueError(f"no reply {event_id}")
    return _notice(event, sealed.event_body(event, sealed.key_for(session, event.case)) or "")


def _notice(event: CaseEvent, text: str) -> ReplyNotice:
    case = event.case
    return ReplyNotice(
        ref=case.ref,
        requester_id=case.requester_id,
        locale=case.requester.locale,
        text=text,
        event_id=event.id,
        status=case.status,
        author_id=event.actor_id or "",
        confidential=case.confidential,
    )
