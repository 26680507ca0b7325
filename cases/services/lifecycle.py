"""Working a case: claim, assign, status changes, close and reopen, replies, notes, requester messages.

Every function takes an `Act` (who acts on which case, at which version, when), reads the actor,
then locks the case row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's write lock is already
held), then checks rights (`policy.work_refusal`: nobody works a case they requested), the act's
`expected_version` (the version the form or card was built from) and the transition table. So of
two advisors claiming at once, the second waits, then sees the first's claim and gets
AlreadyClaimed naming them; a stale form gets CaseConflict; nothing is silently overwritten. The
version column (SQLAlchemy `version_id_col`) is bumped by every change and guards writes that
bypass these functions.

Someone who may not see a case gets NotFound, exactly as for an unknown reference, and the attempt
is audited. On a confidential case every operation first unwraps its data key, so without working
keys nothing happens (VaultUnavailable); replies and notes are sealed before they are stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError

from cases import audit, lifecycle, policy
from cases.enums import EventKind, Status
from cases.errors import (
    AlreadyClaimed,
    CaseConflict,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotFound,
    OwnRequest,
)
from cases.models import Case, CaseEvent, Person, utcnow
from cases.services import sealed
from cases.services.people import assignable, get_person
from cases.services.queries import locate, refuse
from cases.services.validation import choice, clean_text
from cases.vault import DataKey

MAX_MESSAGE = 10_000
MAX_REASON = 2_000


@dataclass(frozen=True, kw_only=True)
class Act:
    """Who acts (`actor_id`) on which case (`ref`), at which version of it, and when.

    `expected_version` is the version the form, card or call was built from (None: the case as it
    is now): a change to a case that has moved since is refused with CaseConflict.
    """

    ref: str
    actor_id: str
    expected_version: int | None = None
    now: datetime = field(default_factory=utcnow)


def load_for_update(session: Session, *, ref: str) -> Case:
    """The case, row-locked until the transaction ends, with fresh values; NotFound otherwise.

    No rights checked: for trusted callers (retention). People go through `_work_on` / `locate`.
    """
    case = session.scalars(
        select(Case).where(Case.ref == ref).with_for_update(of=Case).execution_options(populate_existing=True)
    ).first()
    if case is None:
        raise NotFound("case", ref)
    return case


def _work_on(
    session: Session, act: Act, action: str, *, for_update: bool = True
) -> tuple[Case, Person, DataKey | None]:
    """The case (locked), the person, if they may work on it, and its data key (None if ordinary).

    NotFound — audited, as for a reference never issued — if they may not see it; OwnRequest if
    they requested it; Forbidden if they are not an advisor for cases of its kind.
    """
    person = get_person(session, user_id=act.actor_id)
    case = locate(session, ref=act.ref, actor=person, action=action, for_update=for_update)
    refusal = policy.work_refusal(
        actor_id=person.user_id,
        roles=person.role_names,
        requester_id=case.requester_id,
        confidential=case.confidential,
    )
    if refusal is policy.WorkRefusal.OWN_REQUEST:
        raise OwnRequest(case.ref, person.user_id, action)
    if refusal is not None:
        raise Forbidden(act.actor_id, action)
    return case, person, sealed.key_for(session, case)


def workable_case(session: Session, act: Act, *, action: str) -> Case:
    """The case, if the actor may work on it — the refusals of the changes themselves, without a
    change: a form (the Slack Assign / Reply modals) opens only for someone who may submit it."""
    case, _person, _key = _work_on(session, act, action, for_update=False)
    return case


def _check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        raise CaseConflict(case.ref, expected_version, case.version)


def _flush(session: Session, case: Case) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise CaseConflict(case.ref) from exc


def _event(case: Case, act: Act, kind: EventKind, **fields: object) -> CaseEvent:
    """Add a timeline entry without loading the whole timeline (which would autoflush half a change)."""
    event = CaseEvent(
        case_id=case.id,
        at=act.now,
        actor_id=act.actor_id,
        kind=kind.value,
        visible_to_requester=kind in (EventKind.CREATED, EventKind.REPLY, EventKind.REQUESTER_MESSAGE),
        **fields,
    )
    session = object_session(case)
    assert session is not None
    session.add(event)
    return event


def _store_body(session: Session, event: CaseEvent, key: DataKey | None, text: str) -> None:
    """After the flush that gave the event its id (part of a sealed body's associated data)."""
    sealed.store_event_body(event, key, text)
    session.flush()


def _save(
    session: Session,
    case: Case,
    act: Act,
    *,
    action: str,
    details: Mapping[str, object],
    message: tuple[CaseEvent, DataKey | None, str] | None = None,
) -> None:
    """The end of every change: stamp, flush (a concurrent writer's change is a CaseConflict), seal
    and store a new message's body (its id is in the sealed body's associated data), audit."""
    case.updated_at = act.now
    _flush(session, case)
    if message is not None:
        event, key, text = message
        _store_body(session, event, key, text)
        details = {"event": event.id, **details}
    audit.append(session, action=action, actor_id=act.actor_id, target=case.ref, details=details, now=act.now)


def _set_status(case: Case, target: Status, act: Act) -> CaseEvent | None:
    current = Status(case.status)
    if target == current:
        return None
    case.status = target.value
    if target is Status.CLOSED:
        case.closed_at = act.now
    elif current is Status.CLOSED:
        case.closed_at = None
    return _event(case, act, EventKind.STATUS, from_status=current.value, to_status=target.value)


def _transition(case: Case, target: Status, act: Act) -> CaseEvent | None:
    current = Status(case.status)
    if target == current:
        return None
    if not lifecycle.can_transition(current, target, has_assignee=case.assignee_id is not None):
        raise InvalidTransition(case.ref, current.value, target.value)
    return _set_status(case, target, act)


def _assign(session: Session, case: Case, assignee: Person, act: Act) -> None:
    if Status(case.status) is Status.CLOSED:
        raise InvalidTransition(case.ref, case.status, Status.ASSIGNED.value)
    previous = case.assignee_id
    case.assignee = assignee  # the relationship too, so callers rendering the case see the new holder
    case.assignee_id = assignee.user_id
    _event(case, act, EventKind.ASSIGNMENT, assignee_id=assignee.user_id)
    _set_status(case, lifecycle.after_claim(Status(case.status)), act)
    details = {"assignee": assignee.user_id, "previous": previous}
    _save(session, case, act, action="case.assigned", details=details)


def claim_case(session: Session, act: Act) -> Case:
    """Take the case for oneself. AlreadyClaimed(by_name) if someone else holds it; own claim is a no-op."""
    case, advisor, _key = _work_on(session, act, "claim")
    if case.assignee_id is not None:
        if case.assignee_id == advisor.user_id:
            return case
        # Not `case.assignee`: on PostgreSQL the joined row may predate the lock wait we just ended.
        holder = session.get(Person, case.assignee_id, populate_existing=True)
        raise AlreadyClaimed(case.ref, case.assignee_id, holder.label if holder else case.assignee_id)
    _check_version(case, act.expected_version)
    _assign(session, case, advisor, act)
    return case


def assign_case(session: Session, act: Act, *, assignee_id: str) -> Case:
    """Give the case to an advisor (or take it over). Both actor and assignee must be able to work on
    it, and neither may be its requester (OwnRequest). Someone who cannot be assigned it — an
    unknown id, someone without the role — gets one answer (InvalidInput not_assignable): the
    form cannot be used to find out which ids exist."""
    case, _actor, _key = _work_on(session, act, "assign")
    if assignee_id == case.requester_id:
        raise OwnRequest(case.ref, assignee_id, "be_assigned", who="assignee")
    assignee = assignable(session, user_id=assignee_id, confidential=case.confidential)
    if assignee is None:
        raise InvalidInput("assignee_id", "not_assignable")
    _check_version(case, act.expected_version)
    if case.assignee_id == assignee.user_id:
        return case
    _assign(session, case, assignee, act)
    return case


def change_status(session: Session, act: Act, *, status: str, reason: str | None = None) -> Case:
    """Move the case along the transition table (use `reopen_case` for a closed case). `reason`,
    if given, is kept as the text of the status change in the timeline (internal, sealed when the
    case is confidential)."""
    target = choice(status, Status, field="status")
    why = clean_text(reason, field="reason", max_len=MAX_REASON, required=False) if reason else ""
    case, _actor, key = _work_on(session, act, "change_status")
    _check_version(case, act.expected_version)
    previous = case.status
    event = _transition(case, target, act)
    if event is not None:
        details = {"from": previous, "to": case.status}
        message = (event, key, why) if why else None
        _save(session, case, act, action="case.status_changed", details=details, message=message)
    return case


def close_case(session: Session, act: Act, *, reason: str | None = None) -> Case:
    """Close from any open status; the console asks for a `reason`, kept in the timeline."""
    return change_status(session, act, status=Status.CLOSED, reason=reason)


def reopen_case(session: Session, act: Act) -> Case:
    """Reopen a closed case: back to its advisor if it had one, else to triage."""
    case, _actor, _key = _work_on(session, act, "reopen")
    _check_version(case, act.expected_version)
    if Status(case.status) is not Status.CLOSED:
        raise InvalidTransition(case.ref, case.status, "reopen")
    target = lifecycle.reopen_target(has_assignee=case.assignee_id is not None)
    _set_status(case, target, act)
    _save(session, case, act, action="case.reopened", details={"to": target.value})
    return case


def add_reply(session: Session, act: Act, *, body: str, then_status: str | None = None) -> CaseEvent:
    """A message to the requester (the bot relays it). Optionally moves the case, e.g. to `answered`.

    An advisor answering a case nobody has claimed takes it: an answered case always has someone
    the requester's follow-ups go to.
    """
    text = clean_text(body, field="body", max_len=MAX_MESSAGE)
    target = choice(then_status, Status, field="then_status") if then_status else None
    case, author, key = _work_on(session, act, "reply")
    _check_version(case, act.expected_version)
    if Status(case.status) is Status.CLOSED:
        raise InvalidTransition(case.ref, case.status, "reply")
    if case.assignee_id is None:
        _assign(session, case, author, act)
    event = _event(case, act, EventKind.REPLY)
    if case.first_response_at is None:
        case.first_response_at = act.now
    if target is not None:
        _transition(case, target, act)
    _save(
        session, case, act, action="case.replied", details={"status": case.status}, message=(event, key, text)
    )
    return event


def add_note(session: Session, act: Act, *, body: str) -> CaseEvent:
    """An internal note: never shown to the requester, allowed on closed cases too."""
    text = clean_text(body, field="body", max_len=MAX_MESSAGE)
    case, _author, key = _work_on(session, act, "note")
    _check_version(case, act.expected_version)
    event = _event(case, act, EventKind.NOTE)
    _save(session, case, act, action="case.noted", details={}, message=(event, key, text))
    return event


def add_requester_message(session: Session, act: Act, *, body: str) -> CaseEvent:
    """The requester writes back (their DM thread), whatever the case's version. A case waiting for
    them returns to its advisor."""
    text = clean_text(body, field="body", max_len=MAX_MESSAGE)
    author = get_person(session, user_id=act.actor_id)
    case = locate(session, ref=act.ref, actor=author, action="requester_message", for_update=True)
    if case.requester_id != act.actor_id:
        raise refuse(session, exists=True, ref=act.ref, actor_id=act.actor_id, action="requester_message")
    key = sealed.key_for(session, case)
    if Status(case.status) is Status.CLOSED:
        raise InvalidTransition(case.ref, case.status, "requester_message")
    event = _event(case, act, EventKind.REQUESTER_MESSAGE)
    if Status(case.status) in (Status.WAITING_FOR_REQUESTER, Status.ANSWERED) and case.assignee_id:
        _set_status(case, Status.ASSIGNED, act)
    details = {"status": case.status}
    _save(session, case, act, action="case.requester_message", details=details, message=(event, key, text))
    return event
