"""Post/Redirect/Get for refused forms: the message and the text typed wait in the database for the
page the browser is sent to, which reads them once. A reload never re-posts, and a long reply
refused for a version conflict is not lost. For a confidential case the typed text is sealed with
the case's key, like its timeline (`cases.services.sealed`): it never sits in a plaintext column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from cases.errors import VaultUnavailable
from cases.models import Case, ConsoleFlash, ConsoleSession
from cases.services import sealed

__all__ = ["Flash", "leave", "take"]

MAX_DRAFT = 20_000  # characters kept of each typed field (a refused 10,000-character reply fits)


@dataclass(frozen=True)
class Flash:
    message: str
    draft: dict[str, str] = field(default_factory=dict)


def _field(record: ConsoleSession) -> str:
    return f"console_flashes.draft#{record.id_hash}"


def leave(
    session: Session,
    record: ConsoleSession,
    *,
    message: str,
    draft: dict[str, str] | None = None,
    case: Case | None = None,
    now: datetime,
) -> None:
    """Replace this browser session's flash. `case` is the case the page shows (its key seals
    the draft when it is confidential); without one the draft is dropped."""
    session.execute(delete(ConsoleFlash).where(ConsoleFlash.session_hash == record.id_hash))
    kept = {k: str(v)[:MAX_DRAFT] for k, v in (draft or {}).items()} if case is not None else {}
    try:
        key = sealed.key_for(session, case) if case is not None and kept else None
    except VaultUnavailable:  # the keys are what is missing: the text cannot be kept safely
        kept, key = {}, None
    session.add(
        ConsoleFlash(
            session_hash=record.id_hash,
            case_id=case.id if case is not None else None,
            message=message,
            draft=None if key is not None else kept,
            draft_sealed=key.seal_json(_field(record), kept) if key is not None else None,
            created_at=now,
        )
    )
    session.flush()


def take(session: Session, record: ConsoleSession, *, case: Case | None = None) -> Flash | None:
    """The flash left for this page (for `case`, or for a page without one), removed as it is read;
    a flash left for another page is dropped."""
    found = session.get(ConsoleFlash, record.id_hash)
    if found is None:
        return None
    session.delete(found)
    session.flush()
    if found.case_id != (case.id if case is not None else None):
        return None
    if found.draft_sealed is not None and case is not None:
        key = sealed.key_for(session, case)
        draft = key.open_json(_field(record), found.draft_sealed) if key is not None else {}
    else:
        draft = found.draft or {}
    return Flash(found.message, {str(k): str(v) for k, v in draft.items()})
