"""create_server(settings, runtime=None) -> FastAPI: Slack's endpoint, health, the JSON API, the try-it page.

- `POST /slack/events`: events, slash commands and interactivity, through bolt's FastAPI
  adapter; events are acked as soon as their signature checks out and dispatched right after
  (bot/slack/events.py). Signatures and timestamps (5 minutes) are verified; rejected requests get
  401 and a log line saying why. Without Slack tokens the route answers 503 and says so in the log,
  and the rest of the server works.
- `GET /healthz` (the process answers), `GET /readyz` (index loaded — and its live version —,
  database reachable).
- `POST /api/v1/ask` `{"question": ...}` -> the JSON of `ses ask --json`.
- the web console (`/console`) and its JSON API (`/api/v1/cases`...), from cases.console; an
  advisor's reply there reaches the requester by DM, and every change redraws the case's triage
  cards (`case_hooks` -> bot/flows/triage.py).
- `GET /`: a small bilingual page to try the advisor in a browser (`SES_WEB_ASK=0` turns it off).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from slack_bolt import App
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk import WebClient
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.concurrency import run_in_threadpool

from bot.flows import deliveries, triage
from bot.flows.answering import error_text
from bot.i18n import locale_of
from bot.runtime import IndexLoading, Runtime
from bot.runtime.console import console_config
from bot.runtime.periodic import Periodic
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.events import EventDispatcher, is_event_callback
from bot.slack.shapes import malformed
from cases.console import build_console
from cases.console.api.deps import invalid_request
from cases.i18n import accept_language
from cases.i18n import t as case_t
from cases.schemas import ErrorPublic
from cases.services.replies import ReplyNotice
from knowledge.errors import InvalidQuestion, KnowledgeError

__all__ = ["create_server"]

logger = logging.getLogger(__name__)

TIMESTAMP_TOLERANCE = 60 * 5
SLACK_DISABLED = (
    "Slack is not configured (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set): "
    "/slack/events answers 503. See the README, 'Installing the Slack app'."
)


API_DESCRIPTION = """\
The advisor's JSON API. `POST /api/v1/ask` answers a question (no sign-in). `/api/v1/cases` and
`/api/v1/session` are the web console's operations: sign in to the console first (a link from
`/ses console` in Slack); the session cookie authenticates the calls, and every POST or DELETE
carries the session's CSRF token (from `GET /api/v1/session`) in the `X-CSRF-Token` header.

Every error has one shape, whatever its status (400, 401, 403, 404, 409, 413, 422, 503), including
requests the server cannot read: `{"error": code, "message": sentence in the caller's language
(Accept-Language, French by default), "details": {...}}`. For a request that does not match the
schema, `error` is `invalid_input` and `details.errors` lists each problem (`loc`, `msg`, `type`).
Times are UTC (ISO 8601); the console shows them in local time.
"""


class AskRequest(BaseModel):
    question: str = Field(max_length=100_000)
    context: str | None = Field(default=None, max_length=100_000)
    locale: str | None = None


def create_server(settings: Settings, runtime: Runtime | None = None) -> FastAPI:
    owns_runtime = runtime is None
    rt = runtime if runtime is not None else Runtime(settings)
    slack_app: App | None = None
    events: EventDispatcher | None = None
    if settings.slack_enabled and settings.slack_signing_secret is not None:
        slack_app = build_app(settings, rt)
        events = EventDispatcher(slack_app, settings.slack_signing_secret.get_secret_value())

    # Replies to requesters still in the outbox (Slack was down or not configured) go out from here.
    outbox = (
        Periodic("ses-outbox", deliveries.DRAIN_EVERY, lambda: deliveries.drain(slack_app.client, rt))
        if slack_app is not None
        else None
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        rt.start()
        if events is not None:
            events.start()
        else:
            logger.warning(SLACK_DISABLED)
        if outbox is not None:
            outbox.start()
        yield
        if outbox is not None:
            outbox.stop()
        if events is not None:
            events.stop()
        if owns_runtime:
            rt.close()

    # /docs (Swagger UI) and /redoc, their scripts served from the fastapi-offline package: no CDN.
    server = FastAPIOffline(title="ses-advisor", lifespan=lifespan, description=API_DESCRIPTION)
    # The database down or restarting: a clear 503 with Retry-After, never a 500 traceback; the
    # pool (pre-ping) reconnects by itself once it is back.
    server.add_exception_handler(RequestValidationError, invalid_request)  # the API's one error shape
    server.add_exception_handler(OperationalError, _database_unavailable)
    server.add_exception_handler(InterfaceError, _database_unavailable)
    server.state.runtime = rt
    server.state.slack_app = slack_app
    _add_slack_endpoint(server, slack_app, events)
    _add_health_and_ask(server, rt)
    on_reply, on_change = case_hooks(slack_app.client if slack_app is not None else None, rt)
    console = build_console(
        rt.db.factory,
        console_config(settings),
        sla=settings.sla_policy(),
        on_reply=on_reply,
        on_change=on_change,
    )
    for router in console:
        server.include_router(router)
    if settings.web_ask:
        page = resources.files("bot.http.web").joinpath("try.html").read_text(encoding="utf-8")

        @server.get("/", response_class=HTMLResponse)
        async def try_it() -> HTMLResponse:
            return HTMLResponse(page)

    return server


def _add_slack_endpoint(server: FastAPI, slack_app: App | None, events: EventDispatcher | None) -> None:
    """`POST /slack/events`: events acked once verified and dispatched after; the rest through bolt."""
    handler = SlackRequestHandler(slack_app) if slack_app is not None else None

    @server.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        if handler is None or events is None:
            logger.warning(SLACK_DISABLED)
            return JSONResponse({"ok": False, "error": "slack_not_configured"}, status_code=503)
        body = await request.body()
        content_type = request.headers.get("content-type")
        if is_event_callback(content_type, body):
            # Acked as soon as it is verified; its shape is checked on the dispatcher's thread, so
            # that a burst's acks never wait behind that work.
            if not events.verify(body, request.headers):
                return _rejected(request)
            events.submit(body, request.headers)
            return Response(status_code=200)
        problem = malformed(content_type, body, request.headers)
        if problem is not None:
            if not events.verify(body, request.headers):
                return _rejected(request)
            return _malformed(request, problem)
        try:
            bolt_request = to_bolt_request(request, body)
            # dispatch blocks (commands wait for their listener's ack): keep it off the event loop.
            bolt_response = await run_in_threadpool(handler.app.dispatch, bolt_request)
        except Exception as exc:  # bolt trips over payloads not shaped as Slack's: refuse, never 500
            if not events.verify(body, request.headers):
                return _rejected(request)
            return _malformed(request, f"unreadable ({type(exc).__name__})")
        if bolt_response.status == 401:
            return _rejected(request)
        return to_starlette_response(bolt_response)


def _add_health_and_ask(server: FastAPI, rt: Runtime) -> None:
    """`GET /healthz`, `GET /readyz` and `POST /api/v1/ask`."""

    @server.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @server.get("/readyz")
    async def readyz() -> JSONResponse:
        index = _index_state(rt)
        database = "ok" if await run_in_threadpool(rt.db.reachable) else "unreachable"
        ready = index == "ready" and database == "ok"
        version = await run_in_threadpool(rt.advisor.index_version)
        return JSONResponse(
            {"index": index, "version": version, "database": database}, status_code=200 if ready else 503
        )

    @server.post("/api/v1/ask", responses={code: {"model": ErrorPublic} for code in (422, 503)})
    async def ask(payload: AskRequest, request: Request) -> JSONResponse:
        header = request.headers.get("accept-language")
        locale = locale_of(payload.locale) if payload.locale else accept_language(header)
        if rt.advisor.engine is None:
            error = rt.advisor.error or IndexLoading("index still loading")
            headers = {"Retry-After": "5"} if isinstance(error, IndexLoading) else None
            return _error(error, locale, 503, headers)
        try:
            answer = await run_in_threadpool(rt.answers.ask, payload.question, payload.context)
        except InvalidQuestion as exc:
            return _error(exc, locale, 422)
        except KnowledgeError as exc:
            return _error(exc, locale, 503)
        return JSONResponse(answer.to_dict())


def case_hooks(
    client: WebClient | None, rt: Runtime
) -> tuple[Callable[[ReplyNotice], None] | None, Callable[[str], None] | None]:
    """The console's `on_reply` (the reply by DM to the requester, never logged) and `on_change`
    (the case's triage cards redrawn); neither when Slack is not configured."""
    if client is None:
        return None, None

    def on_reply(notice: ReplyNotice) -> None:
        deliveries.deliver(client, rt, notice)

    def on_change(ref: str) -> None:
        triage.case_changed(client, rt, ref)

    return on_reply, on_change


def _index_state(rt: Runtime) -> str:
    if rt.advisor.engine is not None:
        return "ready"
    if rt.advisor.error is not None:
        return f"error:{rt.advisor.error.code}"
    return "loading"


def _error(
    exc: KnowledgeError, locale: str, status: int, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorPublic(error=exc.code, message=error_text(exc, locale))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _rejected(request: Request) -> Response:
    """401, and a log line saying why (never the body: it holds the question)."""
    logger.warning(
        "rejected Slack request from %s: %s",
        request.client.host if request.client else "?",
        _rejection_reason(request.headers.get("x-slack-request-timestamp")),
    )
    return JSONResponse({"error": "invalid request"}, status_code=401)


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    logger.warning("database unavailable for %s %s: %s", request.method, request.url.path, type(exc).__name__)
    locale = accept_language(request.headers.get("accept-language"))
    body = {
        "error": "database_unavailable",
        "message": case_t("error.database_unavailable", locale),
        "details": {},
    }
    return JSONResponse(body, status_code=503, headers={"Retry-After": "5", "Cache-Control": "no-store"})


def _malformed(request: Request, problem: str) -> Response:
    """400 for a signed request bolt cannot read, and a log line saying why (never the body)."""
    logger.warning(
        "malformed Slack request from %s refused: %s", request.client.host if request.client else "?", problem
    )
    return JSONResponse({"error": "malformed request"}, status_code=400)


def _rejection_reason(timestamp: str | None) -> str:
    try:
        age = abs(time.time() - int(timestamp or ""))
    except ValueError:
        return "missing or malformed timestamp"
    if age > TIMESTAMP_TOLERANCE:
        return f"stale timestamp ({age:.0f} s old)"
    return "invalid signature"
