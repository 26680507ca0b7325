"""The text of a case, in the clear for ordinary cases and sealed for confidential ones.

Services write and read case text only through here, so a confidential case's subject, body, bot
exchange, replies, notes and attachments never reach a plaintext column. Each ciphertext is bound
to its case and to one of these field names (`cases.vault.DataKey`):

    cases.subject, cases.body, cases.source (question, answer and citations as one JSON),
    case_events.body#<event id>, case_attachments.filename#<id>, case_attachments.text#<id>
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cases.models import Case, CaseAttachment, CaseEvent
from cases.vault import DataKey, vault_of

SUBJECT = "cases.subject"
BODY = "cases.body"
SOURCE = "cases.source"


def event_field(event_id: int) -> str:
    return f"case_events.body#{event_id}"


def attachment_field(kind: str, attachment_id: int) -> str:
    return f"case_attachments.{kind}#{attachment_id}"


@dataclass(frozen=True)
class CaseText:
    subject: str
    body: str
    source_question: str | None = None
    source_answer: str | None = None
    source_citations: list[Any] | None = None


def key_for(session: Session, case: Case) -> DataKey | None:
    """The confidential case's data key (VaultUnavailable if it cannot be had); None for ordinary cases."""
    if not case.confidential:
        return None
    return vault_of(session).data_key(session, case_id=case.id)


def new_key(session: Session, case: Case, *, now: datetime | None = None) -> DataKey:
    """A data key for a confidential case just flushed (it needs the case id)."""
    return vault_of(session).new_data_key(session, case_id=case.id, now=now)


def store_case_text(case: Case, key: DataKey | None, text: CaseText) -> None:
    if key is None:
        case.subject, case.body = text.subject, text.body
        case.source_question, case.source_answer = text.source_question, text.source_answer
        case.source_citations = text.source_citations
        return
    case.subject, case.body = "", ""
    case.source_question = case.source_answer = None
    case.source_citations = None
    case.subject_sealed = key.seal(SUBJECT, text.subject)
    case.body_sealed = key.seal(BODY, text.body)
    source = {
        "question": text.source_question,
        "answer": text.source_answer,
        "citations": text.source_citations,
    }
    case.source_sealed = (
        key.seal_json(SOURCE, source) if any(v is not None for v in source.values()) else None
    )


def case_text(case: Case, key: DataKey | None) -> CaseText:
    if key is None:
        return CaseText(
            subject=case.subject,
            body=case.body,
            source_question=case.source_question,
            source_answer=case.source_answer,
            source_citations=case.source_citations,
        )
    source: dict[str, Any] = key.open_json(SOURCE, case.source_sealed) if case.source_sealed else {}
    return CaseText(
        subject=key.open(SUBJECT, case.subject_sealed or b""),
        body=key.open(BODY, case.body_sealed or b""),
        source_question=source.get("question"),
        source_answer=source.get("answer"),
        source_citations=source.get("citations"),
    )


def store_event_body(event: CaseEvent, key: DataKey | None, text: str) -> None:
    """For a confidential case the event must have been flushed (its id is in the associated data)."""
    if key is None:
        event.body = text
        return
    assert event.id is not None, "flush the event before sealing its body"
    event.body = None
    event.body_sealed = key.seal(event_field(event.id), text)


def event_body(event: CaseEvent, key: DataKey | None) -> str | None:
    if event.body_sealed is not None:
        if key is None:  # a sealed body on an ordinary case: never shown
            return None
        return key.open(event_field(event.id), event.body_sealed)
    return event.body


def store_attachment(attachment: CaseAttachment, key: DataKey | None, *, filename: str, text: str) -> None:
    if key is None:
        attachment.filename, attachment.text = filename, text
        return
    assert attachment.id is not None, "flush the attachment before sealing it"
    attachment.filename = attachment.text = None
    attachment.filename_sealed = key.seal(attachment_field("filename", attachment.id), filename)
    attachment.text_sealed = key.seal(attachment_field("text", attachment.id), text)


def attachment_text(attachment: CaseAttachment, key: DataKey | None) -> tuple[str, str]:
    """(filename, text)."""
    if attachment.text_sealed is not None or attachment.filename_sealed is not None:
        if key is None:
            return "", ""
        return (
            key.open(attachment_field("filename", attachment.id), attachment.filename_sealed or b""),
            key.open(attachment_field("text", attachment.id), attachment.text_sealed or b""),
        )
    return attachment.filename or "", attachment.text or ""
