"""/api/v1/cases: list, open, read, claim, assign, set the status of, write on and erase cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session

from cases.console.api.deps import ERRORS, ApiRoute, ApiUser, ApiWriter, run
from cases.console.deps import Console, ConsoleDep, SignedInUser, acting
from cases.models import Case
from cases.schemas import (
    AssignRequest,
    CaseCreate,
    CaseDetailPublic,
    CasePublic,
    ClaimRequest,
    Delivery,
    MessageRequest,
    StatusRequest,
    TimelineEntryPublic,
)
from cases.services import actions, deliveries, intake, lifecycle, queries, retention
from cases.services.actions import Posted
from cases.services.intake import NewCase
from cases.services.queries import MAX_SEARCH, CaseFilters, Sort
from cases.services.validation import clean_text

__all__ = ["router"]

router = APIRouter(prefix="/cases", tags=["cases"], route_class=ApiRoute, responses=ERRORS)


def _change(console: Console, user: SignedInUser, work: Callable[[Session], Case]) -> CasePublic:
    """A write that returns the changed case: run, then, after the commit, tell the bot
    (`on_change`), which redraws the case's triage cards."""
    case = run(console, user, lambda s: CasePublic.of(work(s), now=console.clock()))
    console.changed(case.ref)
    return case


@router.get("", summary="Cases the caller may see")
def list_cases(
    console: ConsoleDep,
    user: ApiUser,
    status: str | None = None,
    category: str | None = None,
    assignee: str | None = None,
    overdue: bool = False,
    include_closed: bool = False,
    q: Annotated[str | None, Query(max_length=MAX_SEARCH)] = None,
    sort: Sort | None = None,
    descending: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,  # SQL's integers are bounded
) -> list[CasePublic]:
    """Open cases, most urgent first, as in the console: `include_closed=true` (or `status=closed`)
    adds the closed ones. `q` searches references, subjects and names; `sort` orders by a column."""
    filters = CaseFilters(
        status=status,
        category=category,
        assignee_id=user.user_id if assignee == "me" else assignee,
        overdue=overdue,
        include_closed=include_closed,
        search=q,
        sort=sort,
        descending=descending,
        limit=limit,
        offset=offset,
    )
    now = console.clock()
    return run(
        console,
        user,
        lambda s: [
            CasePublic.of(c, now=now)
            for c in queries.list_cases(s, viewer_id=user.user_id, filters=filters, now=now)
        ],
    )


@router.post("", status_code=201, summary="Open a case as the signed-in person")
def create_case(payload: CaseCreate, console: ConsoleDep, user: ApiWriter) -> CasePublic:
    new = NewCase(requester_id=user.user_id, **payload.model_dump())
    return _change(console, user, lambda s: intake.open_case(s, new, sla=console.sla, now=console.clock()))


@router.get("/{ref}", summary="One case with its timeline, as the caller may see it")
def show_case(ref: str, console: ConsoleDep, user: ApiUser) -> CaseDetailPublic:
    def read(session: Session) -> CaseDetailPublic:
        view = queries.get_case(session, ref=ref, viewer_id=user.user_id)
        replies = [e.id for e in view.timeline if e.kind == "reply"] if view.can_work else []
        states: dict[int, Delivery] = {
            k: v.state.value for k, v in deliveries.states_of(session, replies).items()
        }
        return CaseDetailPublic.of_view(view, now=console.clock(), deliveries=states)

    return run(console, user, read)


@router.post("/{ref}/claim", summary="Claim the case")
def claim(ref: str, payload: ClaimRequest, console: ConsoleDep, user: ApiWriter) -> CasePublic:
    act = acting(console, user, ref, payload.version)
    return _change(console, user, lambda s: lifecycle.claim_case(s, act))


@router.post("/{ref}/assign", summary="Assign the case to an advisor")
def assign(ref: str, payload: AssignRequest, console: ConsoleDep, user: ApiWriter) -> CasePublic:
    act = acting(console, user, ref, payload.version)
    return _change(console, user, lambda s: lifecycle.assign_case(s, act, assignee_id=payload.assignee_id))


@router.post("/{ref}/status", summary="Change the status ('reopen' reopens a closed case)")
def set_status(ref: str, payload: StatusRequest, console: ConsoleDep, user: ApiWriter) -> CasePublic:
    act = acting(console, user, ref, payload.version)
    return _change(
        console, user, lambda s: actions.set_status(s, act, status=str(payload.status), reason=payload.reason)
    )


@router.post("/{ref}/messages", status_code=201, summary="Internal note (default) or reply")
def message(ref: str, payload: MessageRequest, console: ConsoleDep, user: ApiWriter) -> TimelineEntryPublic:
    def work(session: Session) -> tuple[Posted, TimelineEntryPublic]:
        posted = actions.post_message(
            session,
            acting(console, user, ref, payload.version),
            body=payload.body,
            reply=not payload.internal,
            then_status=payload.then_status.value if payload.then_status else None,
        )
        # A confidential event's column is empty: answer with the text its author just sent.
        text = clean_text(payload.body, field="body", max_len=lifecycle.MAX_MESSAGE)
        return posted, TimelineEntryPublic.of(posted.event, body=text)

    posted, entry = run(console, user, work)
    if posted.notice is not None:
        console.deliver(posted.notice)
    console.changed(ref)
    return entry


@router.delete("/{ref}", status_code=204, summary="Erase one's own closed confidential request")
def delete_request(ref: str, console: ConsoleDep, user: ApiWriter) -> Response:
    act = acting(console, user, ref)
    run(console, user, lambda s: retention.delete_own_request(s, act))
    return Response(status_code=204)
