"""Reading cases as a given person may see them: one case with its timeline, queues, filtered lists.

Lists carry no confidential text: a confidential case's `subject` column is empty and only
`get_case` opens its sealed text — after checking the viewer, and writing the read (or the refused
attempt) to the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, Select, case, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from cases import audit, lifecycle, policy
from cases.enums import Category, Priority, Status
from cases.errors import InvalidInput, NotFound
from cases.models import Case, CaseAttachment, CaseEvent, Person, utcnow
from cases.services import sealed
from cases.services.people import get_person
from cases.services.validation import choice

UNASSIGNED = "none"
# Every reference ever issued looks like this (`intake`); anything else cannot be a case.
_REFERENCE = re.compile(r"^[A-Z0-9-]{1,32}$")
MAX_SEARCH = 200
# The columns a list may be sorted by (`CaseFilters.sort`).
Sort = Literal["ref", "subject", "status", "category", "priority", "requester", "assignee", "due", "opened"]
SORTS: tuple[str, ...] = get_args(Sort)
PRIORITY_ORDER = (Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW)


@dataclass(frozen=True)
class EventView:
    """A timeline entry with its text opened (CaseEvent's attributes, `body` in the clear)."""

    id: int
    at: datetime
    actor_id: str | None
    kind: str
    body: str | None
    from_status: str | None
    to_status: str | None
    assignee_id: str | None
    visible_to_requester: bool

    @classmethod
    def of(cls, event: CaseEvent, body: str | None) -> EventView:
        return cls(
            id=event.id,
            at=event.at,
            actor_id=event.actor_id,
            kind=event.kind,
            body=body,
            from_status=event.from_status,
            to_status=event.to_status,
            assignee_id=event.assignee_id,
            visible_to_requester=event.visible_to_requester,
        )


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    media_type: str
    size: int
    text: str
    added_by: str | None
    created_at: datetime


@dataclass(frozen=True)
class CaseView:
    """A case as `viewer` may see it, its text opened: read `subject`, `body`, `source_*` here, not
    on `case` (whose columns are empty for a confidential case). The timeline is already filtered;
    `can_work` says which forms to show."""

    case: Case
    viewer: Person
    timeline: list[EventView]
    can_work: bool
    is_requester: bool
    subject: str = ""
    body: str = ""
    source_question: str | None = None
    source_answer: str | None = None
    source_citations: list[Any] | None = None
    attachments: list[AttachmentView] | None = None
    can_delete: bool = False


@dataclass(frozen=True)
class CaseFilters:
    """Which cases, in which order. Closed cases are left out unless asked for (or filtered on).

    `search` matches the reference, the subject (never a confidential one: its column is empty) and
    the requester's and advisor's names. `sort` is one of SORTS, most urgent first by default;
    categories sort in `category_order` (the reader's alphabetical order of their labels)."""

    status: str | None = None
    category: str | None = None
    assignee_id: str | None = None  # a user id, or UNASSIGNED
    requester_id: str | None = None
    overdue: bool = False
    include_closed: bool = False
    search: str | None = None
    sort: str | None = None
    descending: bool = False
    category_order: Sequence[str] = ()
    limit: int = 200
    offset: int = 0


def is_overdue(case: Case, now: datetime) -> bool:
    """Past its due date and the requester has heard nothing yet (the SLA is on the first response)."""
    return (
        Status(case.status) in lifecycle.AWAITING_ANSWER
        and case.first_response_at is None
        and case.due_at < now
    )


def visibility_clause(viewer: Person) -> ColumnElement[bool]:
    """SQL condition matching the cases `viewer` may see (`policy.scope`, as `policy.can_view`)."""
    seen = policy.scope(viewer.role_names)
    own = Case.requester_id == viewer.user_id
    return or_(
        own,
        Case.confidential.is_(False) & (true() if seen.ordinary else false()),
        Case.confidential.is_(True) & (true() if seen.confidential else false()),
    )


def refuse(session: Session, *, exists: bool, ref: str, actor_id: str, action: str) -> NotFound:
    """The NotFound to raise for a case the actor may not see — identical to an unknown reference.

    Both are audited (`audit.Attempt`: access denied, or no such case), by the same statements,
    and kept should the caller's transaction roll back (`audit.keep`): a hidden case costs exactly
    what a reference never issued costs, so neither bytes nor timing tell them apart.
    """
    attempt = audit.Attempt(actor_id=actor_id, ref=ref, action=action, exists=exists)
    audit.keep(session, attempt)
    error = NotFound("case", ref)
    error.denied = attempt.denied
    return error


def locate(session: Session, *, ref: str, actor: Person, action: str, for_update: bool = False) -> Case:
    """The case, fully loaded (and row-locked with `for_update`), if `actor` may see it.

    Otherwise NotFound after the same work whether it is hidden from them or was never issued: one
    look-up of the three columns the decision needs, then `refuse`. The rest of the case — its
    requester, assignee, their roles — is read only once the actor passed.
    """
    row = None
    if _REFERENCE.match(ref):
        query = select(Case.id, Case.requester_id, Case.confidential).where(Case.ref == ref)
        if for_update:
            query = query.with_for_update(of=Case)
        row = session.execute(query).first()
    if row is None or not policy.can_view(
        viewer_id=actor.user_id,
        roles=actor.role_names,
        requester_id=row.requester_id,
        confidential=row.confidential,
    ):
        raise refuse(session, exists=row is not None, ref=ref, actor_id=actor.user_id, action=action)
    case = session.get(Case, row.id, populate_existing=True)
    assert case is not None  # the row was just read in this transaction
    return case


def visible_case(session: Session, *, ref: str, viewer_id: str, action: str = "read") -> Case:
    """The case, if `viewer_id` may see it (`locate`): what an edge asks before choosing what to do
    with it — never `find_case`, which would answer a hidden case and an unknown one differently."""
    return locate(session, ref=ref, actor=get_person(session, user_id=viewer_id), action=action)


def get_case(session: Session, *, ref: str, viewer_id: str) -> CaseView:
    """The case, its text and timeline as `viewer_id` may see them; NotFound if they may not see it.

    Reading a confidential case is audited (`case.read`); so is a refused attempt on one. Its text
    is opened only after the viewer passed: without keys they get VaultUnavailable, others NotFound.
    """
    viewer = get_person(session, user_id=viewer_id)
    case = locate(session, ref=ref, actor=viewer, action="read")
    key = sealed.key_for(session, case)
    internal = policy.sees_internal(
        viewer_id=viewer.user_id,
        roles=viewer.role_names,
        requester_id=case.requester_id,
        confidential=case.confidential,
    )
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))
    timeline = [
        EventView.of(e, sealed.event_body(e, key)) for e in events if internal or e.visible_to_requester
    ]
    attachments = []
    for item in session.scalars(
        select(CaseAttachment).where(CaseAttachment.case_id == case.id).order_by(CaseAttachment.id)
    ):
        filename, content = sealed.attachment_text(item, key)
        attachments.append(
            AttachmentView(
                item.id, filename, item.media_type, item.size, content, item.added_by, item.created_at
            )
        )
    text = sealed.case_text(case, key)
    if case.confidential:
        audit.append(session, action="case.read", actor_id=viewer.user_id, target=case.ref)
    return CaseView(
        case=case,
        viewer=viewer,
        timeline=timeline,
        can_work=policy.can_work_case(
            actor_id=viewer.user_id,
            roles=viewer.role_names,
            requester_id=case.requester_id,
            confidential=case.confidential,
        ),
        is_requester=viewer.user_id == case.requester_id,
        subject=text.subject,
        body=text.body,
        source_question=text.source_question,
        source_answer=text.source_answer,
        source_citations=text.source_citations,
        attachments=attachments,
        can_delete=policy.can_delete(
            viewer_id=viewer.user_id,
            requester_id=case.requester_id,
            confidential=case.confidential,
            closed=Status(case.status) is Status.CLOSED,
        ),
    )


Requester = aliased(Person, name="requester_person")
Assignee = aliased(Person, name="assignee_person")


def _filtered(query: Select[Case], filters: CaseFilters, now: datetime) -> Select[Case]:
    if filters.status:
        query = query.where(Case.status == choice(filters.status, Status, field="status").value)
    elif not filters.include_closed:
        query = query.where(Case.status != Status.CLOSED.value)
    if filters.category:
        query = query.where(Case.category == choice(filters.category, Category, field="category").value)
    if filters.assignee_id == UNASSIGNED:
        query = query.where(Case.assignee_id.is_(None))
    elif filters.assignee_id:
        query = query.where(Case.assignee_id == filters.assignee_id)
    if filters.requester_id:
        query = query.where(Case.requester_id == filters.requester_id)
    if filters.overdue:
        query = query.where(
            Case.due_at < now,
            Case.first_response_at.is_(None),
            Case.status.in_([s.value for s in lifecycle.AWAITING_ANSWER]),
        )
    words = (filters.search or "").strip()
    if len(words) > MAX_SEARCH:
        raise InvalidInput("search", "too_long", max=MAX_SEARCH, length=len(words))
    if words:
        query = query.where(
            or_(
                *(
                    column.icontains(words, autoescape=True)
                    for column in (Case.ref, Case.subject, Requester.display_name, Assignee.display_name)
                ),
                Case.requester_id == words,
            )
        )
    return query


def _rank(column: Any, values: Sequence[str]) -> ColumnElement[int]:
    return case({value: rank for rank, value in enumerate(values)}, value=column, else_=len(values))


def _order(filters: CaseFilters) -> list[Any]:
    """ORDER BY for `filters.sort`; unassigned cases after assigned ones; the id breaks ties."""
    if filters.sort is None:  # most urgent first: earliest due, closed cases last
        return [Case.status == Status.CLOSED.value, Case.due_at, Case.id]
    if filters.sort not in SORTS:
        raise InvalidInput("sort", "unknown", value=str(filters.sort)[:40], allowed=list(SORTS))
    names = {
        "requester": func.coalesce(Requester.display_name, Case.requester_id),
        "assignee": func.coalesce(Assignee.display_name, Case.assignee_id),
    }
    columns: dict[str, Any] = {
        "ref": Case.ref,
        "subject": Case.subject,
        "status": _rank(Case.status, [s.value for s in Status]),
        "category": _rank(Case.category, filters.category_order or [c.value for c in Category]),
        "priority": _rank(Case.priority, [p.value for p in PRIORITY_ORDER]),
        "due": Case.due_at,
        "opened": Case.created_at,
        **names,
    }
    column = columns[filters.sort]
    first = [Case.assignee_id.is_(None)] if filters.sort == "assignee" else []
    return [*first, column.desc() if filters.descending else column.asc(), Case.id]


def list_cases(
    session: Session, *, viewer_id: str, filters: CaseFilters | None = None, now: datetime | None = None
) -> list[Case]:
    """Cases `viewer_id` may see, matching `filters`, in their order."""
    viewer = get_person(session, user_id=viewer_id)
    filters = filters or CaseFilters()
    query = (
        select(Case)
        .join(Requester, Requester.user_id == Case.requester_id)
        .outerjoin(Assignee, Assignee.user_id == Case.assignee_id)
        .where(visibility_clause(viewer))
    )
    query = _filtered(query, filters, now or utcnow()).order_by(*_order(filters))
    return list(session.scalars(query.limit(max(1, min(filters.limit, 1000))).offset(max(0, filters.offset))))


def requester_cases(
    session: Session, *, requester_id: str, viewer_id: str, include_closed: bool = False, limit: int = 20
) -> list[Case]:
    """A requester's cases that `viewer_id` may see, newest first (App Home "my cases": viewer = requester).

    Anyone else — the bot acting for someone, an advisor — gets them through `policy.scope`: no
    confidential case unless they are a confidential advisor. Subjects of confidential cases are empty.
    """
    query = select(Case).where(Case.requester_id == requester_id)
    if viewer_id != requester_id:
        viewer = session.get(Person, viewer_id)
        if viewer is None:
            return []
        query = query.where(visibility_clause(viewer))
    if not include_closed:
        query = query.where(Case.status != Status.CLOSED.value)
    return list(session.scalars(query.order_by(Case.created_at.desc(), Case.id.desc()).limit(limit)))


def _workable(advisor: Person, *, confidential: bool) -> Select[Case]:
    """Open cases of one kind the advisor holds or could claim (none if they may not work them)."""
    ok = policy.can_work(roles=advisor.role_names, confidential=confidential)
    return select(Case).where(
        Case.status != Status.CLOSED.value,
        or_(Case.assignee_id == advisor.user_id, Case.assignee_id.is_(None)),
        Case.confidential.is_(confidential),
        true() if ok else false(),
        Case.requester_id != advisor.user_id,
    )


def advisor_queue(session: Session, *, advisor_id: str, limit: int = 50) -> list[Case]:
    """An advisor's open work for the App Home: their own cases, then unassigned ones they could claim.

    Never a confidential case (`policy.in_slack_queue`): Slack surfaces show none, whoever looks;
    confidential advisors get a count (`confidential_waiting`) and work them in the console.
    """
    advisor = get_person(session, user_id=advisor_id)
    query = _workable(advisor, confidential=False)
    query = query.order_by(Case.assignee_id.is_(None), Case.due_at, Case.id).limit(limit)
    return list(session.scalars(query))


def confidential_waiting(session: Session, *, advisor_id: str) -> int:
    """How many open confidential cases the advisor holds or could claim (0 without the role)."""
    advisor = get_person(session, user_id=advisor_id)
    if not policy.can_work(roles=advisor.role_names, confidential=True):
        return 0
    subquery = _workable(advisor, confidential=True).subquery()
    return int(session.scalar(select(func.count()).select_from(subquery)) or 0)


def find_case(session: Session, *, ref: str) -> Case:
    """The case by reference, with no visibility check: for trusted edges (the bot updating its card).

    It holds no confidential text (empty columns): use `get_case` to read, as someone.
    """
    case = session.scalars(select(Case).where(Case.ref == ref)).first()
    if case is None:
        raise NotFound("case", ref)
    return case
