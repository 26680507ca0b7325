"""JSON API under /api/v1: the console's operations for scripts and integrations, same rules.

Authentication is the console session cookie; every POST also needs the session's CSRF token in
the `X-CSRF-Token` header (GET /api/v1/session returns it). Errors are
`{"error": code, "message": localized sentence, "details": {...}}` with 401/403/404/409/422, and 503
when confidential work is refused for want of keys. A case the caller may not see is answered
exactly like a reference never issued.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from cases.console import auth
from cases.console.deps import SECURITY_HEADERS, Console, Respond, SecureRoute, SignedInUser
from cases.console.pages import status_code_for
from cases.errors import CaseError
from cases.i18n import error_message, normalise_locale, t
from cases.models import Case, CaseEvent
from cases.schemas import (
    AssignRequest,
    CaseCreate,
    CaseDetailPublic,
    CasePublic,
    ClaimRequest,
    ErrorPublic,
    MessageRequest,
    PersonPublic,
    StatusRequest,
    TimelineEntryPublic,
)
from cases.services import intake, lifecycle, queries, replies, retention
from cases.services._validate import clean_text
from cases.services.queries import CaseFilters
from cases.services.replies import ReplyNotice

T = TypeVar("T")
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorPublic} for code in (401, 403, 404, 409, 422, 503)
}


class ApiRoute(SecureRoute):
    """A request FastAPI cannot even read (a field of the wrong type, a missing body) is answered
    in the API's one error shape, as documented for 422, not FastAPI's `{"detail": [...]}`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        secured = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await secured(request)
            except RequestValidationError as exc:
                response = _invalid_request(request, exc)
                for name, value in SECURITY_HEADERS.items():
                    response.headers.setdefault(name, value)
                return response

        return handler


def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
    errors = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    field = errors[0]["loc"][-1] if errors and errors[0]["loc"] else "body"
    locale = normalise_locale(request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip())
    body = ErrorPublic(
        error="invalid_input",
        message=t("error.invalid_input.invalid", locale, field=field),
        details={"errors": errors},
    )
    return JSONResponse(body.model_dump(), status_code=422)


def build_api(console: Console) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["cases"], route_class=ApiRoute, responses=ERRORS)

    def _error(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JSONResponse:
        return JSONResponse(
            ErrorPublic(error=code, message=message, details=details or {}).model_dump(), status_code=status
        )

    def run(request: Request, work: Callable[[Session, SignedInUser], T], *, write: bool) -> T:
        """Authenticate, check CSRF on writes, run `work` in one transaction, map domain errors."""
        locale = console.request_locale(request)
        try:
            with console.scope() as session:
                user = console.current_user(session, request)
                if user is None:
                    raise Respond(_error(401, "unauthenticated", t("console.sign_in_how", locale)))
                csrf = request.headers.get("x-csrf-token")
                if write and not auth.csrf_ok(session, user.record, csrf, now=console.clock()):
                    raise Respond(_error(403, "csrf", t("console.csrf_rejected", user.locale)))
                locale = user.locale
                return work(session, user)
        except CaseError as exc:
            raise Respond(
                _error(status_code_for(exc), exc.code, error_message(exc, locale), _jsonable(exc.params))
            ) from exc

    def change_case(request: Request, work: Callable[[Session, SignedInUser], Case]) -> CasePublic:
        """A write that returns the changed case: run, then, after the commit, tell the bot
        (`on_change`), which redraws the case's triage cards."""
        case = run(request, lambda s, u: CasePublic.of(work(s, u), now=console.clock()), write=True)
        console.changed(case.ref)
        return case

    @router.get("/session", summary="Who is signed in, and the CSRF token for POST requests")
    def who(request: Request) -> dict[str, Any]:
        return run(
            request,
            lambda _s, u: {
                "user": PersonPublic.of(u.person).model_dump(),
                "csrf_token": u.csrf_token,
                "locale": u.locale,
            },
            write=False,
        )

    @router.get("/cases", summary="Cases the caller may see")
    def list_cases(
        request: Request,
        status: str | None = None,
        category: str | None = None,
        assignee: str | None = None,
        overdue: bool = False,
        include_closed: bool = True,
        limit: int = 200,
        offset: int = 0,
    ) -> list[CasePublic]:
        def work(session: Session, user: SignedInUser) -> list[CasePublic]:
            filters = CaseFilters(
                status=status,
                category=category,
                assignee_id=user.user_id if assignee == "me" else assignee,
                overdue=overdue,
                include_closed=include_closed,
                limit=limit,
                offset=offset,
            )
            now = console.clock()
            return [
                CasePublic.of(c, now=now)
                for c in queries.list_cases(session, viewer_id=user.user_id, filters=filters, now=now)
            ]

        return run(request, work, write=False)

    @router.post("/cases", status_code=201, summary="Open a case as the signed-in person")
    def create_case(request: Request, payload: CaseCreate) -> CasePublic:
        return change_case(
            request,
            lambda s, u: intake.open_case(
                s, requester_id=u.user_id, sla=console.sla, now=console.clock(), **payload.model_dump()
            ),
        )

    @router.get("/cases/{ref}", summary="One case with its timeline, as the caller may see it")
    def show_case(request: Request, ref: str) -> CaseDetailPublic:
        return run(
            request,
            lambda s, u: CaseDetailPublic.of_view(
                queries.get_case(s, ref=ref, viewer_id=u.user_id), now=console.clock()
            ),
            write=False,
        )

    @router.post("/cases/{ref}/claim", summary="Claim the case")
    def claim(request: Request, ref: str, payload: ClaimRequest) -> CasePublic:
        return change_case(
            request,
            lambda s, u: lifecycle.claim_case(
                s, ref=ref, advisor_id=u.user_id, expected_version=payload.version, now=console.clock()
            ),
        )

    @router.post("/cases/{ref}/assign", summary="Assign the case to an advisor")
    def assign(request: Request, ref: str, payload: AssignRequest) -> CasePublic:
        return change_case(
            request,
            lambda s, u: lifecycle.assign_case(
                s,
                ref=ref,
                assignee_id=payload.assignee_id,
                actor_id=u.user_id,
                expected_version=payload.version,
                now=console.clock(),
            ),
        )

    @router.post("/cases/{ref}/status", summary="Change the status ('reopen' reopens a closed case)")
    def set_status(request: Request, ref: str, payload: StatusRequest) -> CasePublic:
        def work(session: Session, user: SignedInUser) -> Case:
            if payload.status == "reopen":
                return lifecycle.reopen_case(
                    session,
                    ref=ref,
                    actor_id=user.user_id,
                    expected_version=payload.version,
                    now=console.clock(),
                )
            return lifecycle.change_status(
                session,
                ref=ref,
                status=str(payload.status),
                actor_id=user.user_id,
                expected_version=payload.version,
                now=console.clock(),
            )

        return change_case(request, work)

    @router.post("/cases/{ref}/messages", status_code=201, summary="Internal note (default) or reply")
    def message(request: Request, ref: str, payload: MessageRequest) -> TimelineEntryPublic:
        delivered: list[ReplyNotice] = []

        def work(session: Session, user: SignedInUser) -> TimelineEntryPublic:
            case = queries.visible_case(session, ref=ref, viewer_id=user.user_id, action="message")
            if case.requester_id == user.user_id:
                event = lifecycle.add_requester_message(
                    session, ref=ref, author_id=user.user_id, body=payload.body, now=console.clock()
                )
            elif payload.internal:
                event = lifecycle.add_note(
                    session,
                    ref=ref,
                    author_id=user.user_id,
                    body=payload.body,
                    expected_version=payload.version,
                    now=console.clock(),
                )
            else:
                notice = replies.reply_to_requester(
                    session,
                    ref=ref,
                    author_id=user.user_id,
                    body=payload.body,
                    then_status=payload.then_status.value if payload.then_status else None,
                    expected_version=payload.version,
                    now=console.clock(),
                )
                delivered.append(notice)
                replied = session.get(CaseEvent, notice.event_id)
                assert replied is not None
                event = replied
            # A confidential event's column is empty: answer with the text its author just sent.
            return TimelineEntryPublic.of(
                event, body=clean_text(payload.body, field="body", max_len=lifecycle.MAX_MESSAGE)
            )

        entry = run(request, work, write=True)
        for notice in delivered:
            console.deliver(notice)
        console.changed(ref)
        return entry

    @router.delete("/cases/{ref}", status_code=204, summary="Erase one's own closed confidential request")
    def delete_request(request: Request, ref: str) -> Response:
        run(
            request,
            lambda s, u: retention.delete_own_request(
                s, ref=ref, requester_id=u.user_id, now=console.clock()
            ),
            write=True,
        )
        return Response(status_code=204)

    return router


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, (str, int, float, bool, list, type(None))) else str(v)
        for k, v in params.items()
    }


__all__ = ["build_api"]
