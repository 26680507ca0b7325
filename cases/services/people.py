"""People the tracker knows (Slack users), their locale, kind of office and roles."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases import audit, policy
from cases._sql import insert_for
from cases.enums import LOCALES, OfficeKind, Role
from cases.errors import InvalidInput, NotFound
from cases.models import Case, Person, PersonRole, utcnow
from cases.services.questions import redact_user_questions

# Slack user ids: U… for members, W… for Enterprise Grid users.
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
MAX_NAME = 200


def check_user_id(user_id: str, *, field: str = "user_id") -> str:
    if not isinstance(user_id, str) or not _USER_ID.match(user_id):
        raise InvalidInput(field, "invalid", value=str(user_id)[:40])
    return user_id


def _check_choice(value: str, allowed: type[Role] | type[OfficeKind], field: str) -> str:
    try:
        return allowed(value).value
    except ValueError:
        raise InvalidInput(
            field, "unknown", value=str(value)[:40], allowed=[m.value for m in allowed]
        ) from None


def _check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise InvalidInput("locale", "unknown", value=str(locale)[:10], allowed=list(LOCALES))
    return locale


def find_person(session: Session, *, user_id: str) -> Person | None:
    return session.get(Person, user_id)


def get_person(session: Session, *, user_id: str) -> Person:
    """The person, or NotFound('user', user_id) — the "unknown user" error at every edge."""
    person = session.get(Person, user_id)
    if person is None:
        raise NotFound("user", user_id)
    return person


def ensure_person(
    session: Session,
    *,
    user_id: str,
    display_name: str | None = None,
    locale: str | None = None,
    office_kind: str | None = None,
) -> Person:
    """Register a Slack user on first contact (race-free), updating the fields that are given.

    The bot calls this before opening a case for someone, with the name and locale Slack gave it.
    An adjudicative member's opt-in to keeping their questions is `set_question_retention`'s (audited).
    """
    check_user_id(user_id)
    if display_name is not None:
        display_name = display_name.strip()[:MAX_NAME] or None
    if locale is not None:
        locale = _check_locale(locale)
    if office_kind is not None:
        office_kind = _check_choice(office_kind, OfficeKind, "office_kind")
    session.execute(
        insert_for(session, Person)
        .values(user_id=user_id, locale=locale or "fr", created_at=utcnow(), updated_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    person = session.get(Person, user_id, populate_existing=True)
    assert person is not None
    if display_name is not None:
        person.display_name = display_name
    if locale is not None:
        person.locale = locale
    if office_kind is not None:
        person.office_kind = office_kind
    session.flush()
    return person


def set_question_retention(
    session: Session, *, user_id: str, retain: bool, actor_id: str | None, now: datetime | None = None
) -> Person:
    """Opt in (or out) of keeping one's questions to the bot in readable form. Audited when it changes.

    Opting out also blanks what was kept so far, when the policy no longer retains their questions.
    """

    person = get_person(session, user_id=user_id)
    if person.retain_questions != retain:
        person.retain_questions = retain
        session.flush()
        if not policy.retains_questions(office_kind=person.office_kind, opted_in=retain):
            redact_user_questions(session, user_id=user_id)
        audit.append(
            session,
            action="person.question_retention",
            actor_id=actor_id,
            target=user_id,
            details={"retain": retain},
            now=now,
        )
    return person


def grant_role(
    session: Session, *, user_id: str, role: str, actor_id: str | None = None, now: datetime | None = None
) -> Person:
    """Give a role (registering the person if needed); granting a role they have is a no-op."""
    role = _check_choice(role, Role, "role")
    person = ensure_person(session, user_id=user_id)
    if role not in person.role_names:
        person.roles.append(PersonRole(role=role, granted_by=actor_id, granted_at=now or utcnow()))
        session.flush()
        audit.append(
            session, action="role.granted", actor_id=actor_id, target=user_id, details={"role": role}, now=now
        )
    return person


def revoke_role(
    session: Session, *, user_id: str, role: str, actor_id: str | None = None, now: datetime | None = None
) -> Person:
    """Take a role away; the person must exist, not having the role is a no-op."""
    role = _check_choice(role, Role, "role")
    person = get_person(session, user_id=user_id)
    kept = [r for r in person.roles if r.role != role]
    if len(kept) != len(person.roles):
        person.roles = kept
        session.flush()
        audit.append(
            session, action="role.revoked", actor_id=actor_id, target=user_id, details={"role": role}, now=now
        )
    return person


def list_people(session: Session, *, role: str | None = None) -> list[Person]:
    """Everyone, or everyone holding `role`, by user id."""
    query = select(Person).order_by(Person.user_id)
    if role is not None:
        role = _check_choice(role, Role, "role")
        query = query.where(Person.roles.any(PersonRole.role == role))
    return list(session.scalars(query))


def _worker_roles(*, confidential: bool) -> list[str]:
    """The roles `policy.can_work` accepts for cases of this kind, as SQL wants them."""
    return [r.value for r in Role if policy.can_work(roles={r}, confidential=confidential)]


def workers(session: Session, *, confidential: bool = False) -> list[Person]:
    """Who can work cases of this kind (advisors; confidential advisors for confidential cases)."""
    query = (
        select(Person)
        .where(Person.roles.any(PersonRole.role.in_(_worker_roles(confidential=confidential))))
        .order_by(Person.display_name, Person.user_id)
    )
    return list(session.scalars(query))


def assignees(session: Session, *, case: Case) -> list[Person]:
    """Who may be assigned this case: its workers, but never its requester."""
    return [p for p in workers(session, confidential=case.confidential) if p.user_id != case.requester_id]


def assignable(session: Session, *, user_id: str, confidential: bool) -> Person | None:
    """The person, if they may be assigned cases of this kind; None otherwise.

    One query whatever the id: an unknown one and one whose holder is not an advisor cost the same
    and answer the same, so the assign form cannot be used to find out which ids exist.
    """
    query = select(Person).where(
        Person.user_id == user_id,
        Person.roles.any(PersonRole.role.in_(_worker_roles(confidential=confidential))),
    )
    return session.scalars(query).first()
