"""Pydantic shapes of cases as the JSON API and the CLI show them (and accept them)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cases.enums import Category, Priority, Status
from cases.models import Case, CaseEvent, Person
from cases.services.queries import AttachmentView, CaseView, EventView, is_overdue

Delivery = Literal["pending", "sent", "failed"]  # cases.services.deliveries.DeliveryState's values


def read_off(model: type[BaseModel], source: object, **given: Any) -> dict[str, Any]:
    """The fields of `model` read off `source`'s attributes of the same names, but for those `given`."""
    return {name: given[name] if name in given else getattr(source, name) for name in model.model_fields}


class PersonPublic(BaseModel):
    user_id: str
    display_name: str | None
    locale: str
    office_kind: str | None
    retain_questions: bool
    roles: list[str]

    @classmethod
    def of(cls, person: Person) -> PersonPublic:
        return cls(**read_off(cls, person, roles=sorted(person.role_names)))


class CaseCreate(BaseModel):
    """What a requester submits (the API's POST /cases). Lengths are checked again by the service."""

    model_config = ConfigDict(extra="forbid")

    subject: str = Field(max_length=200)
    body: str = Field(max_length=10_000)
    category: Category = Category.OTHER
    priority: Priority = Priority.NORMAL
    lang: str | None = None
    confidential: bool = False
    question_log_id: int | None = Field(default=None, ge=1, le=2**63 - 1)  # an SQL integer


class CasePublic(BaseModel):
    """A case in a list. `subject` is empty for a confidential case: lists never open sealed text."""

    ref: str
    subject: str
    status: Status
    category: Category
    priority: Priority
    confidential: bool
    lang: str
    requester_id: str
    requester_name: str
    assignee_id: str | None
    assignee_name: str | None
    due_at: datetime
    overdue: bool
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    version: int

    @classmethod
    def of(cls, case: Case, *, now: datetime) -> CasePublic:
        fields = read_off(
            cls,
            case,
            requester_name=case.requester.label,
            assignee_name=case.assignee.label if case.assignee else None,
            overdue=is_overdue(case, now),
        )
        return cls(**fields)


class TimelineEntryPublic(BaseModel):
    """One timeline entry. `body` of a status change is its reason, if one was given. `delivery` is
    where a reply to the requester stands (pending: Slack has not taken it yet; sent; failed), shown
    to those who work on the case; null for other entries."""

    id: int
    at: datetime
    kind: str
    actor_id: str | None
    body: str | None
    from_status: str | None
    to_status: str | None
    assignee_id: str | None
    visible_to_requester: bool
    delivery: Delivery | None = None

    @classmethod
    def of(
        cls, event: CaseEvent | EventView, *, body: str | None = None, delivery: Delivery | None = None
    ) -> TimelineEntryPublic:
        """`body` stands in for a sealed event's (empty) column, e.g. the text its author just sent."""
        return cls(**read_off(cls, event, body=event.body if body is None else body, delivery=delivery))


class AttachmentPublic(BaseModel):
    id: int
    filename: str
    media_type: str
    size: int
    text: str
    added_by: str | None
    created_at: datetime

    @classmethod
    def of(cls, item: AttachmentView) -> AttachmentPublic:
        return cls(**read_off(cls, item))


class CaseDetailPublic(CasePublic):
    body: str
    source_question: str | None
    source_answer: str | None
    source_citations: list[Any] | None
    timeline: list[TimelineEntryPublic]
    attachments: list[AttachmentPublic]
    can_work: bool
    can_delete: bool

    @classmethod
    def of_view(
        cls, view: CaseView, *, now: datetime, deliveries: Mapping[int, Delivery] | None = None
    ) -> CaseDetailPublic:
        """`deliveries`: the delivery state of each reply, by event id (for those who work on it)."""
        states = deliveries or {}
        given = CasePublic.of(view.case, now=now).model_dump() | {
            "subject": view.subject,
            "timeline": [TimelineEntryPublic.of(e, delivery=states.get(e.id)) for e in view.timeline],
            "attachments": [AttachmentPublic.of(a) for a in view.attachments or []],
        }
        return cls(**read_off(cls, view, **given))


class ClaimRequest(BaseModel):
    version: int | None = None


class AssignRequest(BaseModel):
    assignee_id: str
    version: int | None = None


class StatusRequest(BaseModel):
    """`status` is a status, or "reopen" for a closed case; `reason` is kept in the timeline (the
    console asks for one before closing)."""

    status: Status | Literal["reopen"]
    reason: str | None = Field(default=None, max_length=2_000)
    version: int | None = None


class MessageRequest(BaseModel):
    """`internal` is the default: a message only reaches the requester when asked to."""

    body: str = Field(max_length=10_000)
    internal: bool = True
    then_status: Status | None = None
    version: int | None = None


class SessionPublic(BaseModel):
    """Who is signed in, their console language, and the CSRF token every write must carry."""

    user: PersonPublic
    csrf_token: str
    locale: str


class ErrorPublic(BaseModel):
    """The one shape of every error of the API: a code, a sentence in the caller's language, details
    (for `invalid_input` from the schema: `details.errors`, each with `loc`, `msg`, `type`)."""

    error: str
    message: str
    details: dict[str, Any] = {}
