"""Where a case is discussed outside the tracker: the triage card and the requester's DM thread.

The bot records them when it posts, to update the card in place and to file the requester's
answers in the DM thread under the right case.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases import policy
from cases.enums import ThreadKind
from cases.errors import Forbidden
from cases.models import Case, CaseThread
from cases.services.queries import find_case
from cases.services.validation import choice


def link_thread(session: Session, *, ref: str, kind: str, channel: str, ts: str) -> CaseThread:
    """Bind (channel, ts) to the case; binding the same place again returns the existing link.

    A confidential case never gets a triage card: Forbidden, whatever the caller.
    """
    kind_value = choice(kind, ThreadKind, field="kind")
    case = find_case(session, ref=ref)
    if kind_value is ThreadKind.TRIAGE_CARD and not policy.in_slack_queue(confidential=case.confidential):
        raise Forbidden("bot", "triage_card")
    existing = session.scalars(
        select(CaseThread).where(CaseThread.channel == channel, CaseThread.ts == ts)
    ).first()
    if existing is not None:
        return existing
    link = CaseThread(case_id=case.id, kind=kind_value.value, channel=channel, ts=ts)
    session.add(link)
    session.flush()
    return link


def case_for_thread(session: Session, *, channel: str, ts: str) -> Case | None:
    """The case a message in (channel, thread ts) belongs to, if any."""
    return session.scalars(
        select(Case)
        .join(CaseThread, CaseThread.case_id == Case.id)
        .where(CaseThread.channel == channel, CaseThread.ts == ts)
    ).first()


def threads_of(session: Session, *, ref: str, kind: str | None = None) -> list[CaseThread]:
    """The case's linked places, oldest first (e.g. every triage card to refresh)."""
    case = find_case(session, ref=ref)
    query = select(CaseThread).where(CaseThread.case_id == case.id).order_by(CaseThread.id)
    if kind is not None:
        query = query.where(CaseThread.kind == choice(kind, ThreadKind, field="kind").value)
    return list(session.scalars(query))
