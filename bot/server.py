"""create_server(settings, runtime=None) -> FastAPI: Slack's endpoint, health, the JSON API, the try-it page.

- `POST /slack/events`: events, slash commands and interactivity, through bolt's FastAPI
  adapter; events are acked as soon as their signature checks out and dispatched right after
  (bot/events.py). Signatures and timestamps (5 minutes) are verified; rejected requests get
  401 and a log line saying why. Without Slack tokens the route answers 503 and says so in the log,
  and the rest of the server works.
- `GET /healthz` (the process answers), `GET /readyz` (index loaded, database reachable).
- `POST /api/v1/ask` `{"question": ...}` -> the JSON of `ses ask --json`.
- the web console (`/console`) and its JSON API (`/api/v1/cases`...), from cases.console; an
  advisor's reply there reaches the requester by DM (`on_reply` -> bot/replies.py).
- `GET /`: a small bilingual page to try the advisor in a browser (`SES_WEB_ASK=0` turns it off).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from slack_bolt import App
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk import WebClient
from starlette.concurrency import run_in_threadpool

from bot import triage
from bot.answering import error_text
from bot.app import build_app
from bot.events import EventDispatcher, is_event_callback
from bot.i18n import locale_of, t
from bot.runtime import IndexLoading, Runtime
from bot.settings import Settings
from cases.services.replies import ReplyNotice
from knowledge.errors import InvalidQuestion, KnowledgeError

__all__ = ["create_server"]

logger = logging.getLogger(__name__)

TIMESTAMP_TOLERANCE = 60 * 5
SLACK_DISABLED = (
    "Slack is not configured (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set): "
    "/slack/events answers 503. See the README, 'Installing the Slack app'."
)


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

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        rt.start()
        if events is not None:
            events.start()
        else:
            logger.warning(SLACK_DISABLED)
        yield
        if events is not None:
            events.stop()
        if owns_runtime:
            rt.close()

    server = FastAPI(title="ses-advisor", lifespan=lifespan, docs_url=None, redoc_url=None)
    server.state.runtime = rt
    server.state.slack_app = slack_app
    handler = SlackRequestHandler(slack_app) if slack_app is not None else None

    @server.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        if handler is None or events is None:
            logger.warning(SLACK_DISABLED)
            return JSONResponse({"ok": False, "error": "slack_not_configured"}, status_code=503)
        body = await request.body()
        if is_event_callback(request.headers.get("content-type"), body):
            if not events.verify(body, request.headers):
                return _rejected(request)
            events.submit(body, request.headers)
            return Response(status_code=200)
        bolt_request = to_bolt_request(request, body)
        # dispatch blocks (commands wait for their listener's ack): keep it off the event loop.
        bolt_response = await run_in_threadpool(handler.app.dispatch, bolt_request)
        if bolt_response.status == 401:
            return _rejected(request)
        return to_starlette_response(bolt_response)

    @server.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @server.get("/readyz")
    async def readyz() -> JSONResponse:
        index = _index_state(rt)
        database = "ok" if await run_in_threadpool(rt.database_ok) else "unreachable"
        ready = index == "ready" and database == "ok"
        return JSONResponse({"index": index, "database": database}, status_code=200 if ready else 503)

    @server.post("/api/v1/ask")
    async def ask(payload: AskRequest, request: Request) -> JSONResponse:
        locale = locale_of(payload.locale or request.headers.get("accept-language"))
        if rt.advisor is None:
            error = rt.advisor_error or IndexLoading("index still loading")
            headers = {"Retry-After": "5"} if isinstance(error, IndexLoading) else None
            return _error(error, locale, 503, headers)
        try:
            answer = await run_in_threadpool(rt.ask, payload.question, payload.context)
        except InvalidQuestion as exc:
            return _error(exc, locale, 422)
        except KnowledgeError as exc:
            return _error(exc, locale, 503)
        return JSONResponse(answer.to_dict())

    from bot.cli.console import console_config
    from cases.console import build_api, build_console

    on_reply = reply_sender(slack_app.client if slack_app is not None else None, rt)
    config = console_config(settings)
    server.include_router(build_console(rt.session_factory, config, on_reply=on_reply))
    server.include_router(build_api(rt.session_factory, config, on_reply=on_reply))

    if settings.web_ask:
        page = resources.files("bot.web").joinpath("try.html").read_text(encoding="utf-8")

        @server.get("/", response_class=HTMLResponse)
        async def try_it() -> HTMLResponse:
            return HTMLResponse(page)

    return server


def reply_sender(client: WebClient | None, rt: Runtime) -> Callable[[ReplyNotice], None]:
    """`on_reply` for the console: the advisor's reply, by DM to the requester (never logged),
    then the case's triage cards redrawn."""

    def send(notice: ReplyNotice) -> None:
        if client is None:
            logger.warning("reply on %s not delivered: Slack is not configured", notice.ref)
            return
        text = t("case.reply_dm", notice.locale, ref=notice.ref, text=notice.text)
        if not triage.dm_requester(client, rt, user=notice.requester_id, ref=notice.ref, text=text):
            logger.warning("reply on %s not delivered by DM", notice.ref)
        triage.refresh_cards(client, rt, ref=notice.ref)  # the reply may have changed the status

    return send


def _index_state(rt: Runtime) -> str:
    if rt.advisor is not None:
        return "ready"
    if rt.advisor_error is not None:
        return f"error:{rt.advisor_error.code}"
    return "loading"


def _error(
    exc: KnowledgeError, locale: str, status: int, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"error": exc.code, "message": error_text(exc, locale)}
    return JSONResponse(body, status_code=status, headers=headers)


def _rejected(request: Request) -> Response:
    """401, and a log line saying why (never the body: it holds the question)."""
    logger.warning(
        "rejected Slack request from %s: %s",
        request.client.host if request.client else "?",
        _rejection_reason(request.headers.get("x-slack-request-timestamp")),
    )
    return JSONResponse({"error": "invalid request"}, status_code=401)


def _rejection_reason(timestamp: str | None) -> str:
    try:
        age = abs(time.time() - int(timestamp or ""))
    except ValueError:
        return "missing or malformed timestamp"
    if age > TIMESTAMP_TOLERANCE:
        return f"stale timestamp ({age:.0f} s old)"
    return "invalid signature"
