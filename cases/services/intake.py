"""Opening a case: validation, its reference, its due date, its first timeline entry and audit row."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cases import audit
from cases._sql import insert_for
from cases.config import SlaPolicy
from cases.enums import LOCALES, Category, EventKind, Priority, Status
from cases.errors import InvalidInput, NotFound
from cases.models import Case, CaseCounter, CaseEvent, QuestionLog, utcnow
from cases.services import sealed
from cases.services.people import check_user_id, get_person
from cases.services.questions import redact_question
from cases.services.sealed import CaseText
from cases.services.validation import choice, clean_text
from cases.vault import vault_of

MAX_SUBJECT = 200
MAX_BODY = 10_000
MAX_SOURCE = 20_000
REF_PREFIX = "SES"
_CONFIDENTIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def next_reference(session: Session, *, year: int) -> str:
    """The next `SES-<year>-NNNN`, gap-free and unique under concurrency.

    One upsert on the year's counter row: it inserts 1 or increments, and returns the new value.
    On PostgreSQL the updated row stays locked until the creating transaction ends, so a concurrent
    creation waits, then increments the committed value; a rollback un-does the increment with the
    case, so no number is lost. On SQLite the transaction already holds the database write lock.
    """
    table = CaseCounter.__table__
    statement = (
        insert_for(session, CaseCounter)
        .values(year=year, last_value=1)
        .on_conflict_do_update(index_elements=["year"], set_={"last_value": table.c.last_value + 1})
        .returning(table.c.last_value)
    )
    value = session.execute(statement).scalar_one()
    return f"{REF_PREFIX}-{year}-{value:04d}"


def confidential_reference() -> str:
    """Confidential cases draw random references: no counter to reveal how many there are."""
    token = "".join(secrets.choice(_CONFIDENTIAL_ALPHABET) for _ in range(10))
    return f"{REF_PREFIX}-C-{token[:5]}-{token[5:]}"


@dataclass(frozen=True)
class NewCase:
    """What a requester asks, as typed in Slack, the console or the API; checked by `open_case`.

    With `question_log_id`, the bot's question, answer and citations are copied from the log unless
    given explicitly. `lang` defaults to the requester's.
    """

    requester_id: str
    subject: str
    body: str
    category: str = Category.OTHER
    priority: str = Priority.NORMAL
    lang: str | None = None
    confidential: bool = False
    question_log_id: int | None = None
    source_question: str | None = None
    source_answer: str | None = None
    source_citations: Sequence[Any] | None = None


def open_case(
    session: Session, new: NewCase, *, sla: SlaPolicy | None = None, now: datetime | None = None
) -> Case:
    """Open a case for a registered requester (call `people.ensure_person` first from Slack), who is
    the actor its timeline and audit log name.

    Raises InvalidInput (field, problem) or NotFound('user' | 'question').

    A confidential case gets a random reference and its own data key; its text is sealed
    (`services.sealed`) and the question-log entry it came from is redacted. Without a working
    keyring it raises VaultUnavailable and nothing is stored. The audit entry of a confidential
    case says only that it was created, and by whom.
    """
    now = now or utcnow()
    confidential, question_log_id = new.confidential, new.question_log_id
    check_user_id(new.requester_id, field="requester")
    subject = clean_text(new.subject, field="subject", max_len=MAX_SUBJECT)
    body = clean_text(new.body, field="body", max_len=MAX_BODY)
    category_value = choice(new.category, Category, field="category")
    priority_value = choice(new.priority, Priority, field="priority")
    requester = get_person(session, user_id=new.requester_id)
    lang = new.lang or requester.locale
    if lang not in LOCALES:
        raise InvalidInput("lang", "unknown", value=str(lang)[:10], allowed=list(LOCALES))
    if confidential:
        vault_of(session).ensure_ready()  # refuse before anything is written
    text = _case_text(session, new, requester.user_id, subject=subject, body=body)

    ref = confidential_reference() if confidential else next_reference(session, year=now.year)
    case = Case(
        ref=ref,
        confidential=confidential,
        requester_id=requester.user_id,
        subject="",
        body="",
        lang=lang,
        category=category_value.value,
        priority=priority_value.value,
        status=Status.NEW.value,
        due_at=(sla or SlaPolicy()).due(category_value, priority_value, now),
        # A confidential case keeps no link to the question log: the link alone would tell
        # whoever reads the log which question became a confidential request.
        question_log_id=None if confidential else question_log_id,
        created_at=now,
        updated_at=now,
    )
    key = None
    if confidential:
        session.add(case)
        session.flush()  # the case id is part of the data key's and every field's associated data
        key = sealed.new_key(session, case, now=now)
        if question_log_id is not None:
            redact_question(session, question_id=question_log_id)
    sealed.store_case_text(case, key, text)
    case.events.append(
        CaseEvent(
            at=now,
            actor_id=requester.user_id,
            kind=EventKind.CREATED.value,
            to_status=Status.NEW.value,
            visible_to_requester=True,
        )
    )
    session.add(case)
    session.flush()
    actor, details = requester.user_id, _audit_details(case)
    audit.append(session, action="case.created", actor_id=actor, target=ref, details=details, now=now)
    return case


def _case_text(session: Session, new: NewCase, requester_id: str, *, subject: str, body: str) -> CaseText:
    """The case's text: what the requester typed, and the bot's question, answer and citations,
    copied from the question log (one's own questions only) unless given explicitly."""
    source_question, source_answer, source_citations = (
        new.source_question,
        new.source_answer,
        new.source_citations,
    )
    if new.question_log_id is not None:
        logged = session.get(QuestionLog, new.question_log_id)
        if logged is None or logged.user_id != requester_id:  # one's own questions only
            raise NotFound("question", str(new.question_log_id))
        if not logged.redacted:
            source_question = logged.question if source_question is None else source_question
            source_answer = logged.answer if source_answer is None else source_answer
            source_citations = logged.citations if source_citations is None else source_citations
    if source_question is not None:
        source_question = clean_text(
            source_question, field="source_question", max_len=MAX_SOURCE, required=False
        )
    if source_answer is not None:
        source_answer = clean_text(source_answer, field="source_answer", max_len=MAX_SOURCE, required=False)
    return CaseText(
        subject=subject,
        body=body,
        source_question=source_question or None,
        source_answer=source_answer or None,
        source_citations=list(source_citations) if source_citations is not None else None,
    )


def _audit_details(case: Case) -> dict[str, object]:
    """What the audit log says of a new case; of a confidential one, only that it is confidential."""
    if case.confidential:
        return {"confidential": True}
    return {
        "category": case.category,
        "priority": case.priority,
        "confidential": False,
        "requester": case.requester_id,
        "from_question": case.question_log_id,
    }
