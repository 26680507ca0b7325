"""An advisor's reply and what the bot needs to deliver it to the requester by DM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from cases.services.lifecycle import MAX_MESSAGE, add_reply
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
    session: Session,
    *,
    ref: str,
    author_id: str,
    body: str,
    then_status: str | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReplyNotice:
    """`lifecycle.add_reply` (same rights, errors and audit), plus the notice for the requester's DM."""
    text = clean_text(body, field="body", max_len=MAX_MESSAGE)
    event = add_reply(
        session,
        ref=ref,
        author_id=author_id,
        body=text,
        then_status=then_status,
        expected_version=expected_version,
        now=now,
    )
    case = event.case
    return ReplyNotice(
        ref=case.ref,
        requester_id=case.requester_id,
        locale=case.requester.locale,
        text=text,
        event_id=event.id,
        status=case.status,
        author_id=author_id,
        confidential=case.confidential,
    )
