"""What keeps a request the server did not ask for cheap: body limits, short refusals, one log line.

- A request's head (line and headers) is capped too: bot/http/head.py, 431.
- Body limits, per route, before a body is read whole: FastAPI's `max_body_size` (Starlette's
  pure-ASGI RequestBodyLimitMiddleware) refuses a Content-Length over the limit and counts the bytes
  of a chunked body as they arrive; 413. Each limit follows from what the route legitimately takes.
- Refusals echo nothing: a body FastAPI cannot read is 400, one that does not match the route's
  model 422 naming the field — never the input — in the caller's language.
- The last resort: anything a route did not expect is one log line (method, path, exception type;
  never the body nor a traceback) and a short 500.
- Lines logged on behalf of requests nobody authenticated are throttled per message, so that a
  flood of bad requests cannot fill the disk (`Throttle`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.i18n import t
from cases.i18n import accept_language
from cases.i18n import t as case_t
from cases.services.intake import MAX_BODY, MAX_SUBJECT
from cases.services.lifecycle import MAX_MESSAGE

__all__ = [
    "CONSOLE_BODY",
    "DEFAULT_BODY",
    "SLACK_BODY",
    "Throttle",
    "body_limit",
    "install",
    "throttle",
]

logger = logging.getLogger(__name__)

KIB = 1024


def body_limit(*field_chars: int) -> int:
    """The largest body that carries fields of these documented lengths: a character takes at most
    12 bytes once escaped (JSON's surrogate pair `\\ud83d\\ude00`, a form's `%F0%9F%98%80`), plus
    1 KiB for field names and punctuation."""
    return 12 * sum(field_chars) + KIB


# Slack truncates a message's text at 40,000 characters and sends it twice in an event (`text` and
# its rich-text block) at up to 6 bytes a character (JSON escapes), a `message_changed` event with
# the previous message too: about 1 MB. Commands, buttons and modal submissions are far smaller.
SLACK_BODY = 1024 * KIB
# The console's forms and JSON API: a case's subject and body, or a message, are the largest fields.
CONSOLE_BODY = body_limit(max(MAX_SUBJECT + MAX_BODY, MAX_MESSAGE))
# Everything else (health checks, sign-in forms) takes next to nothing.
DEFAULT_BODY = 16 * KIB


def install(server: FastAPI) -> None:
    """The refusals above, on `server` (whose routes declare their own `max_body_size`)."""
    server.add_exception_handler(RequestValidationError, _invalid_input)
    server.add_exception_handler(400, _unreadable)
    server.add_exception_handler(413, _too_large)
    # The database down or restarting: a clear 503 with Retry-After, never a 500 traceback; the
    # pool (pre-ping) reconnects by itself once it is back.
    server.add_exception_handler(OperationalError, _database_unavailable)
    server.add_exception_handler(InterfaceError, _database_unavailable)
    server.add_middleware(LastResort)
    throttle(
        "bot.http.server",
        "bot.http.guards",
        "bot.http.head",
        "bot.http.ask",
        "bot.flows.limits",
        "uvicorn.error",
    )


def refusal(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    details: dict[str, Any] | None = None,
) -> JSONResponse:
    """The API's one error shape (`cases.schemas.ErrorPublic`): `{"error", "message", "details"}`."""
    body = {"error": code, "message": message, "details": details or {}}
    return JSONResponse(body, status_code=status, headers=headers)


def _locale(request: Request) -> str:
    return accept_language(request.headers.get("accept-language"))


async def _invalid_input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first: dict[str, Any] = dict(errors[0]) if errors else {}
    field = str((first.get("loc") or ("body",))[-1])[:40]
    limit = (first.get("ctx") or {}).get("max_length")
    # What was wrong and where, never what was sent: no `input`, no `ctx`, names cut short.
    details = {
        "errors": [
            {
                "loc": [str(part)[:40] for part in e.get("loc", ())][:6],
                "msg": str(e.get("msg", ""))[:200],
                "type": str(e.get("type", ""))[:40],
            }
            for e in errors[:10]
        ]
    }
    if first.get("type") == "string_too_long" and limit is not None:
        message = t("http.too_long", _locale(request), field=field, limit=limit)
        return refusal(422, "too_long", message, details=details)
    return refusal(
        422, "invalid_input", t("http.invalid_input", _locale(request), field=field), details=details
    )


async def _unreadable(request: Request, _: Exception) -> Response:
    """400: a body FastAPI could not parse (e.g. JSON nested past the parser's depth)."""
    return refusal(400, "malformed", t("http.malformed", _locale(request)))


async def _too_large(request: Request, _: Exception) -> Response:
    _refused_log(request, "too large")
    return refusal(413, "too_large", t("http.too_large", _locale(request)))


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    logger.warning("database unavailable for %s %s: %s", request.method, request.url.path, type(exc).__name__)
    locale = _locale(request)
    body = {
        "error": "database_unavailable",
        "message": case_t("error.database_unavailable", locale),
        "details": {},
    }
    return JSONResponse(body, status_code=503, headers={"Retry-After": "5", "Cache-Control": "no-store"})


def _refused_log(request: Request, why: str) -> None:
    logger.warning(
        "%s %s from %s refused: %s",
        request.method,
        request.url.path[:100],
        request.client.host if request.client else "?",
        why,
    )


class LastResort:
    """Pure ASGI, inside Starlette's error middleware: an exception no handler took becomes one log
    line and a short 500 — the error middleware never sees it, so no traceback reaches the log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            logger.error(
                "%s %s failed: %s", scope.get("method"), str(scope.get("path", ""))[:100], type(exc).__name__
            )
            if not started:
                headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
                locale = accept_language(headers.get("accept-language"))
                await refusal(500, "internal_error", t("http.internal_error", locale))(scope, receive, send)


@dataclass
class _Count:
    window: int
    kept: int = 0
    dropped: int = 0


class Throttle(logging.Filter):
    """At most `per_minute` records a minute per logger and message template; the first record of the
    next minute says how many were dropped. Templates come from the code, so the table stays small."""

    def __init__(self, per_minute: int = 20, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.per_minute = per_minute
        self.clock = clock
        self._counts: dict[tuple[str, str], _Count] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        window = int(self.clock() // 60)
        with self._lock:
            count = self._counts.get(key)
            if count is None or count.window != window:
                dropped = count.dropped if count is not None else 0
                self._counts[key] = _Count(window, kept=1)
                if dropped:
                    record.msg = f"{record.msg} [{dropped} similar lines dropped the minute before]"
                return True
            if count.kept < self.per_minute:
                count.kept += 1
                return True
            count.dropped += 1
            return False


def throttle(*names: str) -> None:
    """A `Throttle` on each of these loggers (once: servers built again in one process add none)."""
    for name in names:
        log = logging.getLogger(name)
        if not any(isinstance(f, Throttle) for f in log.filters):
            log.addFilter(Throttle())
