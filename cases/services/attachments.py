"""Documents' text filed with a case (the extracted text, not the file): sealed on confidential cases."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cases import audit, policy
from cases.errors import Forbidden
from cases.models import CaseAttachment
from cases.services import sealed
from cases.services.lifecycle import Act
from cases.services.people import get_person
from cases.services.queries import locate
from cases.services.validation import clean_text

MAX_FILENAME = 255
MAX_TEXT = 200_000
MAX_MEDIA_TYPE = 100


def add_attachment(
    session: Session, act: Act, *, filename: str, text: str, media_type: str = "text/plain"
) -> CaseAttachment:
    """File a document's text with the case (whatever its version): the actor is its requester, or
    someone who works on it. Audited."""
    author_id, now = act.actor_id, act.now
    filename = clean_text(filename, field="filename", max_len=MAX_FILENAME)
    text = clean_text(text, field="text", max_len=MAX_TEXT)
    media_type = clean_text(media_type, field="media_type", max_len=MAX_MEDIA_TYPE)
    author = get_person(session, user_id=author_id)
    case = locate(session, ref=act.ref, actor=author, action="attach", for_update=True)
    if not policy.can_attach(
        viewer_id=author_id,
        roles=author.role_names,
        requester_id=case.requester_id,
        confidential=case.confidential,
    ):
        raise Forbidden(author_id, "attach")
    key = sealed.key_for(session, case)
    attachment = CaseAttachment(
        case_id=case.id,
        added_by=author_id,
        media_type=media_type,
        size=len(text.encode("utf-8")),
        created_at=now,
    )
    session.add(attachment)
    session.flush()  # the id is part of the sealed fields' associated data
    sealed.store_attachment(attachment, key, filename=filename, text=text)
    session.flush()
    audit.append(
        session,
        action="case.attachment_added",
        actor_id=author_id,
        target=case.ref,
        details={"attachment": attachment.id, "size": attachment.size},
        now=now,
    )
    return attachment
