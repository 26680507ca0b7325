"""A case's page and its forms: claim, assign, status, close (a page of its own: a reason, after a
warning), reopen, note or reply (with each reply's delivery state), erase one's own request.

Every form goes Post/Redirect/Get: a change redirects with `?done=`; a refusal leaves its message
and the text typed in a flash (cases/console/flash.py) and redirects to the case, which shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from cases import lifecycle as transitions
from cases.console import flash
from cases.console.deps import Console, ConsoleDep, CurrentUser, FormUser, SecureRoute, SignedInUser, acting
from cases.console.pages.queue import NOTICES
from cases.enums import EventKind, Status
from cases.errors import CaseError, InvalidInput, NotFound, VaultUnavailable
from cases.i18n import error_message
from cases.models import Case
from cases.services import actions, deliveries, lifecycle, people, queries, retention
from cases.services.actions import Posted
from cases.services.deliveries import DeliveryState
from cases.services.lifecycle import Act

__all__ = ["router"]

router = APIRouter(route_class=SecureRoute, include_in_schema=False)

Version = Annotated[int | None, Form()]


def _case_page(
    console: Console, request: Request, user: SignedInUser, ref: str, *, template: str, notice: str | None
) -> Response:
    with console.scope() as session:
        try:
            view = queries.get_case(session, ref=ref, viewer_id=user.user_id)
        except NotFound:
            return console.case_not_found(request, user)
        except VaultUnavailable as exc:
            return console.render(
                request, "error.html", user=user, status_code=503, message=error_message(exc, user.locale)
            )
        case = view.case
        left = flash.take(session, user.record, case=case)
        current = Status(case.status)
        targets = [
            s
            for s in transitions.allowed_targets(current)
            if s is not Status.CLOSED  # closing has its own page: a reason, after a warning
            and transitions.can_transition(current, s, has_assignee=case.assignee_id is not None)
        ]
        workers = people.assignees(session, case=case)
        names = {p.user_id: p.label for p in workers}
        names.update({case.requester_id: case.requester.label})
        replies = [e.id for e in view.timeline if e.kind == "reply"]
        return console.render(
            request,
            template,
            user=user,
            view=view,
            case=case,
            targets=targets,
            workers=workers if view.can_work else [],
            names=names,
            delivery=deliveries.states_of(session, replies) if view.can_work else {},
            delivers_replies=console.delivers_replies,
            error=left.message if left else None,
            draft=left.draft if left else {},
            notice=notice if notice in NOTICES else None,
        )


@dataclass(frozen=True)
class PostedForm:
    """A form posted on a case's page: the console, the request, who posts it and on which case."""

    console: Console
    request: Request
    user: SignedInUser
    ref: str

    def act(self, version: int | None = None) -> Act:
        """The poster acting on the case now, against the `version` the page was built from."""
        return acting(self.console, self.user, self.ref, version)

    def apply(
        self,
        notice: str,
        change: Callable[[Session], Any],
        draft: dict[str, str] | None = None,
        refused_to: str = "",
    ) -> Response:
        """Run `change` in one transaction, tell the bot after the commit, and redirect to the case;
        a refusal redirects too (to `refused_to` under the case, if given), its message in a flash.
        A case the person may not see gets the one "not found" page, whatever the refusal was."""
        console, user, ref = self.console, self.user, self.ref
        page = f"{console.base}/cases/{ref}"
        try:
            with console.scope() as session:
                result = change(session)
            if isinstance(result, Posted) and result.notice is not None:
                console.deliver(result.notice)
                notice = _reply_notice(console, result.notice.event_id)
            elif isinstance(result, Posted) and result.event.kind == EventKind.REQUESTER_MESSAGE:
                notice = "sent"
            console.changed(ref)
        except NotFound:
            return console.case_not_found(self.request, user)
        except CaseError as exc:
            with console.scope() as session:
                case = _visible(session, user, ref)
                if case is not None:
                    message = error_message(exc, user.locale)
                    flash.leave(
                        session, user.record, message=message, draft=draft, case=case, now=console.clock()
                    )
            if case is None:
                return console.case_not_found(self.request, user)
            return RedirectResponse(page + refused_to, status_code=303)
        return RedirectResponse(f"{page}?done={notice}", status_code=303)


def posted_form(request: Request, ref: str, console: ConsoleDep, user: FormUser) -> PostedForm:
    """The form of the case in the path, posted by the signed-in person (CSRF checked)."""
    return PostedForm(console, request, user, ref)


CaseForm = Annotated[PostedForm, Depends(posted_form)]


def _visible(session: Session, user: SignedInUser, ref: str) -> Case | None:
    """The case if this person may see it; else None, after the same audited work for a hidden case
    and an unknown one (a form refused before the service looked, e.g. an empty reason, must not
    tell more)."""
    try:
        return queries.visible_case(session, ref=ref, viewer_id=user.user_id, action="form")
    except NotFound:
        return None


def _reply_notice(console: Console, event_id: int) -> str:
    """What to say of a reply just written: sent, or waiting — never "saved" as if it had arrived."""
    with console.scope() as session:
        state = deliveries.states_of(session, [event_id])[event_id].state
    if state is DeliveryState.SENT:
        return "replied_sent"
    return "replied_waiting" if console.delivers_replies else "replied_no_slack"


@router.get("/cases/{ref}")
def show_case(request: Request, ref: str, console: ConsoleDep, user: CurrentUser, done: str = "") -> Response:
    return _case_page(console, request, user, ref, template="case.html", notice=done or None)


@router.post("/cases/{ref}/claim")
def claim(form: CaseForm, version: Version = None) -> Response:
    return form.apply("claimed", lambda s: lifecycle.claim_case(s, form.act(version)))


@router.post("/cases/{ref}/assign")
def assign(form: CaseForm, assignee_id: Annotated[str, Form()] = "", version: Version = None) -> Response:
    def change(session: Session) -> Any:
        if not assignee_id:
            raise InvalidInput("assignee_id", "required")
        return lifecycle.assign_case(session, form.act(version), assignee_id=assignee_id)

    return form.apply("assigned", change)


@router.post("/cases/{ref}/status")
def set_status(form: CaseForm, status: Annotated[str, Form()] = "", version: Version = None) -> Response:
    """A new status, or "reopen"; closing goes through /close (a reason is asked for there)."""

    def change(session: Session) -> Any:
        if status == Status.CLOSED.value:
            raise InvalidInput("reason", "required")
        return actions.set_status(session, form.act(version), status=status)

    return form.apply("reopened" if status == actions.REOPEN else "status", change)


@router.get("/cases/{ref}/close")
def close_page(request: Request, ref: str, console: ConsoleDep, user: CurrentUser) -> Response:
    """ "Are you sure?": what closing this case means (unassigned, never answered), and why."""
    return _case_page(console, request, user, ref, template="close.html", notice=None)


@router.post("/cases/{ref}/close")
def close(form: CaseForm, reason: Annotated[str, Form()] = "", version: Version = None) -> Response:
    def change(session: Session) -> Any:
        if not reason.strip():
            raise InvalidInput("reason", "required")
        return lifecycle.close_case(session, form.act(version), reason=reason)

    return form.apply("closed", change, draft={"reason": reason}, refused_to="/close")


@router.post("/cases/{ref}/messages")
def message(
    form: CaseForm,
    body: Annotated[str, Form()] = "",
    visibility: Annotated[str, Form()] = "internal",
    then_status: Annotated[str, Form()] = "",
    version: Version = None,
) -> Response:
    reply = visibility == "reply"
    # A note from the page goes in even if the case moved meanwhile (as it always has); a reply must
    # not answer a case the advisor has not seen in its current state.
    act = form.act(version if reply else None)
    return form.apply(
        "replied" if reply else "noted",  # a reply's notice says whether it reached the requester
        lambda s: actions.post_message(s, act, body=body, reply=reply, then_status=then_status or None),
        draft={"body": body, "visibility": visibility, "then_status": then_status},
    )


@router.post("/cases/{ref}/deliveries/{event_id}/retry")
def retry_delivery(form: CaseForm, event_id: int) -> Response:
    """A reply Slack never took, tried again (the bot's outbox sends it within a minute)."""
    return form.apply("retrying", lambda s: deliveries.retry(s, form.act(), event_id=event_id))


@router.post("/cases/{ref}/delete")
def delete_request(form: CaseForm, confirm: Annotated[str, Form()] = "") -> Response:
    """A requester erases their own closed confidential request, once they ticked the confirmation."""

    def change(session: Session) -> Any:
        if not confirm:
            raise InvalidInput("confirm", "unchecked")
        return retention.delete_own_request(session, form.act())

    response = form.apply("erased", change)
    if response.headers.get("location", "").endswith("?done=erased"):
        return RedirectResponse(f"{form.console.base}/?done=erased", status_code=303)
    return response
