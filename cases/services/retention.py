"""Erasing confidential cases: after the retention period, or when their requester asks.

Erasure is crypto-shredding first — the case's wrapped data key is deleted, after which its sealed
text cannot be opened by anyone, master keys or not, wherever a copy of the ciphertext survives —
then the rows go. The audit log keeps that it happened (reference, reason, who), nothing else.
On SQLite `secure_delete` zeroes the freed space; call `cases.db.checkpoint(engine)` after the
commit to empty the write-ahead log too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cases import audit, policy
from cases.config import DEFAULT_CONFIDENTIAL_RETENTION_DAYS
from cases.enums import Status
from cases.errors import Forbidden, InvalidTransition
from cases.models import Case, CaseAttachment, CaseEvent, CaseThread, utcnow
from cases.services.lifecycle import Act, load_for_update
from cases.services.people import get_person
from cases.services.queries import locate, refuse
from cases.vault import Vault


def _erase(session: Session, case: Case, *, reason: str, actor_id: str | None, now: datetime) -> None:
    audit.append(
        session,
        action="case.erased",
        actor_id=actor_id,
        target=case.ref,
        details={"reason": reason, "key_destroyed": Vault.destroy_data_key(session, case_id=case.id)},
        now=now,
    )
    for model in (CaseAttachment, CaseEvent, CaseThread):
        session.execute(delete(model).where(model.case_id == case.id))
    session.execute(delete(Case).where(Case.id == case.id))
    session.expunge(case)


def expired_confidential(
    session: Session,
    *,
    retention_days: int = DEFAULT_CONFIDENTIAL_RETENTION_DAYS,
    now: datetime | None = None,
) -> list[str]:
    """References of confidential cases closed for longer than `retention_days`, oldest first."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    return list(
        session.scalars(
            select(Case.ref)
            .where(
                Case.confidential.is_(True),
                Case.status == Status.CLOSED.value,
                Case.closed_at < cutoff,
            )
            .order_by(Case.closed_at, Case.id)
        )
    )


def purge_expired(
    session: Session,
    *,
    retention_days: int = DEFAULT_CONFIDENTIAL_RETENTION_DAYS,
    now: datetime | None = None,
    actor_id: str | None = None,
) -> list[str]:
    """Erase every confidential case closed for longer than `retention_days`; their references.

    Needs no key: destroying a data key does not require reading it.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    now = now or utcnow()
    purged = []
    for ref in expired_confidential(session, retention_days=retention_days, now=now):
        case = load_for_update(session, ref=ref)
        if Status(case.status) is not Status.CLOSED:  # reopened meanwhile
            continue
        _erase(session, case, reason="retention", actor_id=actor_id, now=now)
        purged.append(ref)
    session.flush()
    return purged


def delete_own_request(session: Session, act: Act) -> str:
    """The requester (the actor) erases their own closed confidential request now, whatever its
    version; returns its reference.

    NotFound (audited) for anyone else, as for any case they may not see; Forbidden for an ordinary
    case; InvalidTransition while the case is still open.
    """
    requester_id = act.actor_id
    requester = get_person(session, user_id=requester_id)
    case = locate(session, ref=act.ref, actor=requester, action="delete", for_update=True)
    if case.requester_id != requester_id:
        raise refuse(session, exists=True, ref=act.ref, actor_id=requester_id, action="delete")
    if not case.confidential:
        raise Forbidden(requester_id, "delete")
    if not policy.can_delete(
        viewer_id=requester_id,
        requester_id=case.requester_id,
        confidential=case.confidential,
        closed=Status(case.status) is Status.CLOSED,
    ):
        raise InvalidTransition(case.ref, case.status, "delete")
    _erase(session, case, reason="requester", actor_id=requester_id, now=act.now)
    session.flush()
    return act.ref
