"""Test data built through the real services."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cases.models import Case, Person
from cases.services import intake, people
from cases.services.intake import NewCase

_ids = itertools.count(1)


def user_id() -> str:
    return f"UT{next(_ids):06d}"


def person(
    session: Session,
    uid: str | None = None,
    *,
    roles: Iterable[str] = (),
    name: str | None = None,
    locale: str = "fr",
) -> Person:
    uid = uid or user_id()
    found = people.ensure_person(session, user_id=uid, display_name=name or f"Person {uid}", locale=locale)
    for role in roles:
        people.grant_role(session, user_id=uid, role=role)
    return found


def advisor(session: Session, uid: str | None = None, *, name: str | None = None) -> Person:
    return person(session, uid, roles=["advisor"], name=name)


def case(
    session: Session,
    *,
    requester: Person | None = None,
    subject: str = "Invitation à un gala",
    body: str = "Puis-je accepter une invitation d'un fournisseur?",
    now: datetime | None = None,
    **fields: Any,
) -> Case:
    requester = requester or person(session)
    return intake.open_case(
        session, NewCase(requester_id=requester.user_id, subject=subject, body=body, **fields), now=now
    )
