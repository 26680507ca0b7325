"""The server-rendered console: queue, case page and its forms, dashboard, CSV export.

Every form posts its CSRF token; every change goes Post/Redirect/Get, or re-renders the case with
a localized error (and the text the advisor typed) when a service refuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from cases import lifecycle as transitions
from cases import policy
from cases.console.charts import bar_chart, column_chart
from cases.console.deps import Console, Respond, SecureRoute, SignedInUser
from cases.console.signin import build_sign_in
from cases.enums import Category, Status
from cases.errors import (
    AlreadyClaimed,
    CaseConflict,
    CaseError,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotFound,
    VaultUnavailable,
)
from cases.i18n import error_message, label, t
from cases.services import export, lifecycle, people, queries, replies, retention, stats
from cases.services.queries import CaseFilters
from cases.services.replies import ReplyNotice

NOTICES = ("claimed", "assigned", "status", "replied", "noted", "closed", "reopened", "sent", "erased")


def status_code_for(exc: CaseError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, VaultUnavailable):
        return 503
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, (CaseConflict, AlreadyClaimed, InvalidTransition)):
        return 409
    if isinstance(exc, InvalidInput):
        return 422
    return 400


def build_pages(console: Console) -> APIRouter:
    router = APIRouter(prefix=console.base, route_class=SecureRoute, include_in_schema=False)
    router.include_router(build_sign_in(console))
    base = console.base

    # --- queue --------------------------------------------------------------------------------

    @router.get("/")
    def queue(
        request: Request,
        status: str = "",
        category: str = "",
        assignee: str = "",
        overdue: str = "",
        closed: str = "",
        done: str = "",
    ) -> Response:
        with console.scope() as session:
            user = console.require_user(session, request)
            assignee_id = user.user_id if assignee == "me" else assignee
            filters = CaseFilters(
                status=status or None,
                category=category or None,
                assignee_id=assignee_id or None,
                overdue=bool(overdue),
                include_closed=bool(closed) or status == Status.CLOSED.value,
            )
            error = None
            try:
                cases = queries.list_cases(
                    session, viewer_id=user.user_id, filters=filters, now=console.clock()
                )
            except InvalidInput as exc:
                cases, error = [], error_message(exc, user.locale)
            return console.render(
                request,
                "queue.html",
                user=user,
                status_code=422 if error else 200,
                cases=cases,
                now=console.clock(),
                is_overdue=queries.is_overdue,
                filters={
                    "status": status,
                    "category": category,
                    "assignee": assignee,
                    "overdue": overdue,
                    "closed": closed,
                },
                statuses=list(Status),
                categories=list(Category),
                workers=people.workers(session),
                is_staff=policy.can_export(user.person.role_names),
                error=error,
                notice=done if done in NOTICES else None,
            )

    # --- one case -----------------------------------------------------------------------------

    def case_page(
        session: Session,
        request: Request,
        user: SignedInUser,
        ref: str,
        *,
        status_code: int = 200,
        error: str | None = None,
        draft: dict[str, str] | None = None,
        notice: str | None = None,
    ) -> Response:
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
        names = {p.user_id: p.label for p in people.workers(session, confidential=case.confidential)}
        names.update({case.requester_id: case.requester.label})
        return console.render(
            request,
            "case.html",
            user=user,
            status_code=status_code,
            view=view,
            case=case,
            targets=targets,
            workers=people.assignees(session, case=case) if view.can_work else [],
            names=names,
            overdue=queries.is_overdue(case, console.clock()),
            error=error,
            draft=draft or {},
            notice=notice if notice in NOTICES else None,
        )

    @router.get("/cases/{ref}")
    def show_case(request: Request, ref: str, done: str = "") -> Response:
        with console.scope() as session:
            user = console.require_user(session, request)
            return case_page(session, request, user, ref, notice=done or None)

    def act(
        request: Request,
        ref: str,
        csrf_token: str,
        notice: str,
        change: Callable[[Session, SignedInUser], Any],
        draft: dict[str, str] | None = None,
    ) -> Response:
        try:
            with console.scope() as session:
                user = console.require_form(session, request, csrf_token)
                result = change(session, user)
            if isinstance(result, ReplyNotice):
                console.deliver(result)
            console.changed(ref)
        except CaseError as exc:
            with console.scope() as session:
                user = console.require_user(session, request)
                return case_page(
                    session,
                    request,
                    user,
                    ref,
                    status_code=status_code_for(exc),
                    error=error_message(exc, user.locale),
                    draft=draft,
                )
        return RedirectResponse(f"{base}/cases/{ref}?done={notice}", status_code=303)

    @router.post("/cases/{ref}/claim")
    def claim(
        request: Request,
        ref: str,
        csrf_token: Annotated[str, Form()] = "",
        version: Annotated[int | None, Form()] = None,
    ) -> Response:
        return act(
            request,
            ref,
            csrf_token,
            "claimed",
            lambda s, u: lifecycle.claim_case(
                s, ref=ref, advisor_id=u.user_id, expected_version=version, now=console.clock()
            ),
        )

    @router.post("/cases/{ref}/assign")
    def assign(
        request: Request,
        ref: str,
        csrf_token: Annotated[str, Form()] = "",
        assignee_id: Annotated[str, Form()] = "",
        version: Annotated[int | None, Form()] = None,
    ) -> Response:
        return act(
            request,
            ref,
            csrf_token,
            "assigned",
            lambda s, u: lifecycle.assign_case(
                s,
                ref=ref,
                assignee_id=assignee_id,
                actor_id=u.user_id,
                expected_version=version,
                now=console.clock(),
            ),
        )

    @router.post("/cases/{ref}/status")
    def set_status(
        request: Request,
        ref: str,
        csrf_token: Annotated[str, Form()] = "",
        status: Annotated[str, Form()] = "",
        version: Annotated[int | None, Form()] = None,
    ) -> Response:
        def change(s: Session, u: SignedInUser) -> None:
            if status == "reopen":
                lifecycle.reopen_case(
                    s, ref=ref, actor_id=u.user_id, expected_version=version, now=console.clock()
                )
            else:
                lifecycle.change_status(
                    s,
                    ref=ref,
                    status=status,
                    actor_id=u.user_id,
                    expected_version=version,
                    now=console.clock(),
                )

        notice = {"closed": "closed", "reopen": "reopened"}.get(status, "status")
        return act(request, ref, csrf_token, notice, change)

    @router.post("/cases/{ref}/messages")
    def message(
        request: Request,
        ref: str,
        csrf_token: Annotated[str, Form()] = "",
        body: Annotated[str, Form()] = "",
        visibility: Annotated[str, Form()] = "internal",
        then_status: Annotated[str, Form()] = "",
        version: Annotated[int | None, Form()] = None,
    ) -> Response:
        draft = {"body": body, "visibility": visibility, "then_status": then_status}

        def change(s: Session, u: SignedInUser) -> ReplyNotice | None:
            case = queries.visible_case(s, ref=ref, viewer_id=u.user_id, action="message")
            if case.requester_id == u.user_id:
                lifecycle.add_requester_message(
                    s, ref=ref, author_id=u.user_id, body=body, now=console.clock()
                )
            elif visibility == "reply":
                return replies.reply_to_requester(
                    s,
                    ref=ref,
                    author_id=u.user_id,
                    body=body,
                    then_status=then_status or None,
                    expected_version=version,
                    now=console.clock(),
                )
            else:
                lifecycle.add_note(s, ref=ref, author_id=u.user_id, body=body, now=console.clock())
            return None

        notice = "replied" if visibility == "reply" else "noted"
        return act(request, ref, csrf_token, notice, change, draft)

    @router.post("/cases/{ref}/delete")
    def delete_request(
        request: Request,
        ref: str,
        csrf_token: Annotated[str, Form()] = "",
        confirm: Annotated[str, Form()] = "",
    ) -> Response:
        """A requester erases their own closed confidential request, once they ticked the confirmation."""
        if not confirm:
            with console.scope() as session:
                user = console.require_form(session, request, csrf_token)
                return case_page(
                    session,
                    request,
                    user,
                    ref,
                    status_code=422,
                    error=t("console.delete_confirm_missing", user.locale),
                )
        response = act(
            request,
            ref,
            csrf_token,
            "erased",
            lambda s, u: retention.delete_own_request(
                s, ref=ref, requester_id=u.user_id, now=console.clock()
            ),
        )
        if response.status_code == 303:
            return RedirectResponse(f"{base}/?done=erased", status_code=303)
        return response

    # --- dashboard and export -----------------------------------------------------------------

    @router.get("/dashboard")
    def dashboard(request: Request) -> Response:
        with console.scope() as session:
            user = console.require_user(session, request)
            try:
                figures = stats.dashboard(session, viewer_id=user.user_id, now=console.clock())
            except Forbidden as exc:
                return console.render(
                    request, "error.html", user=user, status_code=403, message=error_message(exc, user.locale)
                )
            locale = user.locale
            week_labels = [w.week.strftime("%m-%d") for w in figures.weeks]
            return console.render(
                request,
                "dashboard.html",
                user=user,
                figures=figures,
                category_chart=bar_chart(
                    [(label("category", c, locale), n) for c, n in figures.open_by_category]
                ),
                status_chart=bar_chart([(label("status", s, locale), n) for s, n in figures.open_by_status]),
                weeks_chart=column_chart(week_labels, [[w.cases_opened for w in figures.weeks]]),
                feedback_chart=column_chart(
                    week_labels, [[w.helpful for w in figures.weeks], [w.not_helpful for w in figures.weeks]]
                ),
            )

    @router.post("/export.csv")
    def export_csv(
        request: Request,
        csrf_token: Annotated[str, Form()] = "",
        status: Annotated[str, Form()] = "",
        category: Annotated[str, Form()] = "",
        overdue: Annotated[str, Form()] = "",
    ) -> Response:
        with console.scope() as session:
            user = console.require_form(session, request, csrf_token)
            try:
                content = export.export_cases_csv(
                    session,
                    viewer_id=user.user_id,
                    filters=CaseFilters(
                        status=status or None, category=category or None, overdue=bool(overdue), limit=1000
                    ),
                    now=console.clock(),
                )
            except CaseError as exc:
                raise Respond(
                    console.render(
                        request,
                        "error.html",
                        user=user,
                        status_code=status_code_for(exc),
                        message=error_message(exc, user.locale),
                    )
                ) from exc
        stamp = console.clock().strftime("%Y%m%d-%H%M")
        return Response(
            content="\ufeff" + content,  # BOM: spreadsheet software then reads accents correctly
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="ses-cases-{stamp}.csv"'},
        )

    return router
