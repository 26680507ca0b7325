"""A case's page and its forms: claim, assign, status (or reopen), note or reply, erase one's own request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from cases import lifecycle as transitions
from cases.console.deps import (
    Console,
    ConsoleDep,
    CurrentUser,
    FormUser,
    SecureRoute,
    SignedInUser,
    status_code_for,
)
from cases.console.pages.queue import NOTICES
from cases.enums import Status
from cases.errors import CaseError, NotFound, VaultUnavailable
from cases.i18n import error_message, t
from cases.services import actions, lifecycle, people, queries, retention
from cases.services.actions import Posted

__all__ = ["router"]

router = APIRouter(route_class=SecureRoute, include_in_schema=False)

Version = Annotated[int | None, Form()]


def _case_page(
    console: Console,
    request: Request,
    user: SignedInUser,
    ref: str,
    *,
    status_code: int = 200,
    error: str | None = None,
    draft: dict[str, str] | None = None,
    notice: str | None = None,
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
        current = Status(case.status)
        targets = [
            s
            for s in transitions.allowed_targets(current)
            if transitions.can_transition(current, s, has_assignee=case.assignee_id is not None)
        ]
        workers = people.assignees(session, case=case)
        names = {p.user_id: p.label for p in workers}
        names.update({case.requester_id: case.requester.label})
        return console.render(
            request,
            "case.html",
            user=user,
            status_code=status_code,
            view=view,
            case=case,
            targets=targets,
            workers=workers if view.can_work else [],
            names=names,
            overdue=queries.is_overdue(case, console.clock()),
            error=error,
            draft=draft or {},
            notice=notice if notice in NOTICES else None,
        )


def _act(
    console: Console,
    request: Request,
    user: SignedInUser,
    ref: str,
    notice: str,
    change: Callable[[Session], Any],
    draft: dict[str, str] | None = None,
) -> Response:
    """Run `change` in one transaction, tell the bot after the commit, and redirect; or re-render
    the case with the localized refusal."""
    try:
        with console.scope() as session:
            result = change(session)
        if isinstance(result, Posted) and result.notice is not None:
            console.deliver(result.notice)
        console.changed(ref)
    except CaseError as exc:
        return _case_page(
            console,
            request,
            user,
            ref,
            status_code=status_code_for(exc),
            error=error_message(exc, user.locale),
            draft=draft,
        )
    return RedirectResponse(f"{console.base}/cases/{ref}?done={notice}", status_code=303)


@router.get("/cases/{ref}")
def show_case(request: Request, ref: str, console: ConsoleDep, user: CurrentUser, done: str = "") -> Response:
    return _case_page(console, request, user, ref, notice=done or None)


@router.post("/cases/{ref}/claim")
def claim(
    request: Request, ref: str, console: ConsoleDep, user: FormUser, version: Version = None
) -> Response:
    return _act(
        console,
        request,
        user,
        ref,
        "claimed",
        lambda s: lifecycle.claim_case(
            s, ref=ref, advisor_id=user.user_id, expected_version=version, now=console.clock()
        ),
    )


@router.post("/cases/{ref}/assign")
def assign(
    request: Request,
    ref: str,
    console: ConsoleDep,
    user: FormUser,
    assignee_id: Annotated[str, Form()] = "",
    version: Version = None,
) -> Response:
    return _act(
        console,
        request,
        user,
        ref,
        "assigned",
        lambda s: lifecycle.assign_case(
            s,
            ref=ref,
            assignee_id=assignee_id,
            actor_id=user.user_id,
            expected_version=version,
            now=console.clock(),
        ),
    )


@router.post("/cases/{ref}/status")
def set_status(
    request: Request,
    ref: str,
    console: ConsoleDep,
    user: FormUser,
    status: Annotated[str, Form()] = "",
    version: Version = None,
) -> Response:
    notice = {"closed": "closed", actions.REOPEN: "reopened"}.get(status, "status")
    return _act(
        console,
        request,
        user,
        ref,
        notice,
        lambda s: actions.set_status(
            s, ref=ref, status=status, actor_id=user.user_id, expected_version=version, now=console.clock()
        ),
    )


@router.post("/cases/{ref}/messages")
def message(
    request: Request,
    ref: str,
    console: ConsoleDep,
    user: FormUser,
    body: Annotated[str, Form()] = "",
    visibility: Annotated[str, Form()] = "internal",
    then_status: Annotated[str, Form()] = "",
    version: Version = None,
) -> Response:
    reply = visibility == "reply"
    return _act(
        console,
        request,
        user,
        ref,
        "replied" if reply else "noted",
        lambda s: actions.post_message(
            s,
            ref=ref,
            author_id=user.user_id,
            body=body,
            reply=reply,
            then_status=then_status or None,
            # A note from the page goes in even if the case moved meanwhile (as it always has); a reply
            # must not answer a case the advisor has not seen in its current state.
            expected_version=version if reply else None,
            now=console.clock(),
        ),
        draft={"body": body, "visibility": visibility, "then_status": then_status},
    )


@router.post("/cases/{ref}/delete")
def delete_request(
    request: Request, ref: str, console: ConsoleDep, user: FormUser, confirm: Annotated[str, Form()] = ""
) -> Response:
    """A requester erases their own closed confidential request, once they ticked the confirmation."""
    if not confirm:
        return _case_page(
            console,
            request,
            user,
            ref,
            status_code=422,
            error=t("console.delete_confirm_missing", user.locale),
        )
    response = _act(
        console,
        request,
        user,
        ref,
        "erased",
        lambda s: retention.delete_own_request(s, ref=ref, requester_id=user.user_id, now=console.clock()),
    )
    if response.status_code == 303:
        return RedirectResponse(f"{console.base}/?done=erased", status_code=303)
    return response
