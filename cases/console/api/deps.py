"""What every API route needs: its route class, the signed-in caller, CSRF on writes, one error shape."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from cases.console import auth
from cases.console.deps import (
    SECURITY_HEADERS,
    Console,
    ConsoleDep,
    Respond,
    SecureRoute,
    SignedInUser,
    status_code_for,
)
from cases.errors import CaseError
from cases.i18n import accept_language, error_message, t
from cases.schemas import ErrorPublic

__all__ = ["ERRORS", "ApiRoute", "ApiUser", "ApiWriter", "error_response", "invalid_request", "run"]

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
                response = invalid_request(request, exc)
                for name, value in SECURITY_HEADERS.items():
                    response.headers.setdefault(name, value)
                return response

        return handler


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> JSONResponse:
    return JSONResponse(
        ErrorPublic(error=code, message=message, details=details or {}).model_dump(), status_code=status
    )


def api_user(request: Request, console: ConsoleDep) -> SignedInUser:
    """The signed-in caller, or 401 in the language the request asks for."""
    with console.scope() as session:
        user = console.current_user(session, request)
    if user is None:
        locale = console.request_locale(request)
        raise Respond(error_response(401, "unauthenticated", t("console.sign_in_how", locale)))
    return user


ApiUser = Annotated[SignedInUser, Depends(api_user)]


def api_writer(request: Request, console: ConsoleDep, user: ApiUser) -> SignedInUser:
    """The signed-in caller whose write carries the session's CSRF token, or 403 (audited)."""
    with console.scope() as session:
        ok = auth.csrf_ok(session, user.record, request.headers.get("x-csrf-token"), now=console.clock())
    if not ok:
        raise Respond(error_response(403, "csrf", t("console.csrf_rejected", user.locale)))
    return user


ApiWriter = Annotated[SignedInUser, Depends(api_writer)]


def run(console: Console, user: SignedInUser, work: Callable[[Session], T]) -> T:
    """`work` in one transaction; a domain error becomes the API's error response, in the caller's language."""
    try:
        with console.scope() as session:
            return work(session)
    except CaseError as exc:
        raise Respond(
            error_response(
                status_code_for(exc), exc.code, error_message(exc, user.locale), _jsonable(exc.params)
            )
        ) from exc


def invalid_request(request: Request, exc: Exception) -> Response:
    """A request that does not match the schema, in the API's one error shape (the server uses it
    for its own routes too)."""
    errors = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in (exc.errors() if isinstance(exc, RequestValidationError) else [])
    ]
    field = errors[0]["loc"][-1] if errors and errors[0]["loc"] else "body"
    locale = accept_language(request.headers.get("accept-language"))
    body = ErrorPublic(
        error="invalid_input",
        message=t("error.invalid_input.invalid", locale, field=field),
        details={"errors": errors},
    )
    return JSONResponse(body.model_dump(), status_code=422)


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, (str, int, float, bool, list, type(None))) else str(v)
        for k, v in params.items()
    }
