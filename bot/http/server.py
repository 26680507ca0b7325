"""create_server(settings, runtime=None) -> FastAPI: Slack's endpoint, health, the JSON API, the try-it page.

- `POST /slack/events`: events, slash commands and interactivity. The raw body (at most
  SLACK_BODY) is read and its signature checked before anything parses it; rejected requests get
  401 and a log line saying why. Events, commands and clicks are recorded in the inbox and acked
  before the middleware stack (bot/http/slack_intake.py), and worked off after (bot/slack/events.py,
  bot/runtime/inbox.py); modal submissions go through bolt at once (their response matters).
  Without Slack tokens the route answers 503 and says so in the log, and the rest of the server works.
- `GET /healthz` (the process answers), `GET /readyz` (index loaded — and its live version —,
  database reachable and migrated).
- `POST /api/v1/ask` and the try-it page at `/` (bot/http/ask.py; SES_WEB_ASK), with 👍/👎 and
  "Ask an advisor" under its answers (bot/http/answer_actions.py).
- the web console (`/console`) and its JSON API (`/api/v1/cases`...), from cases.console; an
  advisor's reply there reaches the requester by DM, and every change redraws the case's triage
  cards (`case_hooks` -> bot/flows/triage.py).
Every route has a body limit, and refusals are short and echo nothing (bot/http/guards.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from slack_bolt import App
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk import WebClient
from starlette.concurrency import run_in_threadpool

from bot.flows import deliveries, triage
from bot.http import guards
from bot.http.answer_actions import add_answer_actions
from bot.http.ask import add_ask
from bot.http.guards import CONSOLE_BODY, DEFAULT_BODY, SLACK_BODY
from bot.http.slack_intake import PATH as SLACK_PATH
from bot.http.slack_intake import SlackIntake
from bot.runtime import Runtime
from bot.runtime.console import console_config
from bot.runtime.periodic import Periodic
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.events import SlackVerifier, inbox_entry, work
from bot.slack.shapes import malformed, rate_limit_notice
from cases.console import build_console
from cases.services.replies import ReplyNotice

__all__ = ["create_server"]

logger = logging.getLogger(__name__)

TIMESTAMP_TOLERANCE = 60 * 5
# What /readyz says of the database (Database.state).
_DATABASE_STATES = {
    "ok": "ok",
    "unreachable": "unreachable",
    "behind": "schema behind: run ses db upgrade",
}
SLACK_DISABLED = (
    "Slack is not configured (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set): "
    "/slack/events answers 503. See the README, 'Installing the Slack app'."
)


API_DESCRIPTION = """\
The advisor's JSON API. `POST /api/v1/ask` answers a question (anyone, or only signed-in people: `SES_WEB_ASK`). `/api/v1/cases` and
`/api/v1/session` are the web console's operations: sign in to the console first (a link from
`/ses console` in Slack); the session cookie authenticates the calls, and every POST or DELETE
carries the session's CSRF token (from `GET /api/v1/session`) in the `X-CSRF-Token` header.

Every error has one shape, whatever its status (400, 401, 403, 404, 409, 413, 422, 429, 503), including
requests the server cannot read: `{"error": code, "message": sentence in the caller's language
(Accept-Language, French by default), "details": {...}}`. For a request that does not match the
schema, `error` is `invalid_input` and `details.errors` lists each problem (`loc`, `msg`, `type`).
Times are UTC (ISO 8601); the console shows them in local time.
"""


def create_server(settings: Settings, runtime: Runtime | None = None) -> FastAPI:
    owns_runtime = runtime is None
    rt = runtime if runtime is not None else Runtime(settings)
    slack_app: App | None = None
    verifier: SlackVerifier | None = None
    if settings.slack_enabled and settings.slack_signing_secret is not None:
        slack_app = build_app(settings, rt)
        verifier = SlackVerifier(settings.slack_signing_secret.get_secret_value())

    # Replies to requesters still in the outbox (Slack was down or not configured) go out from here.
    outbox = (
        Periodic("ses-outbox", deliveries.DRAIN_EVERY, lambda: deliveries.drain(slack_app.client, rt))
        if slack_app is not None
        else None
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        rt.start()
        if slack_app is not None:
            rt.inbox.start(work(slack_app))
        else:
            logger.warning(SLACK_DISABLED)
        if outbox is not None:
            outbox.start()
        rt.freeze_startup_objects()
        yield
        if outbox is not None:
            outbox.stop(timeout=1.0)
        if owns_runtime:
            rt.close()

    # /docs (Swagger UI) and /redoc, their scripts served from the fastapi-offline package: no CDN.
    server = FastAPIOffline(
        title="ses-advisor", lifespan=lifespan, description=API_DESCRIPTION, max_body_size=DEFAULT_BODY
    )
    guards.install(server)
    server.state.runtime = rt
    server.state.slack_app = slack_app
    _add_slack_endpoint(server, rt, slack_app, verifier)
    _add_health(server, rt)
    on_reply, on_change = case_hooks(slack_app.client if slack_app is not None else None, rt)
    gate = add_ask(server, rt, settings)
    if gate is not None:
        add_answer_actions(server, rt, settings, gate, on_change)
    console = build_console(
        rt.db.factory,
        console_config(settings),
        sla=settings.sla_policy(),
        on_reply=on_reply,
        on_change=on_change,
    )
    for router in console:
        server.include_router(router, max_body_size=CONSOLE_BODY)
    if verifier is not None:  # in front of the middleware stack, built now that it is complete
        server.middleware_stack = SlackIntake(server.build_middleware_stack(), verifier, rt.inbox)
    return server


def _add_slack_endpoint(
    server: FastAPI, rt: Runtime, slack_app: App | None, verifier: SlackVerifier | None
) -> None:
    """`POST /slack/events`: what the intake did not ack at once (bot/http/slack_intake.py) —
    refusals, Slack's rate-limit notices, url_verification, modal submissions through bolt."""
    handler = SlackRequestHandler(slack_app) if slack_app is not None else None

    @server.post(SLACK_PATH, max_body_size=SLACK_BODY)
    async def slack_events(request: Request) -> Response:
        if handler is None or verifier is None:
            logger.warning(SLACK_DISABLED)
            return JSONResponse({"ok": False, "error": "slack_not_configured"}, status_code=503)
        body = await request.body()
        if not verifier.verify(body, request.headers):  # before anything reads the body
            return _rejected(request)
        content_type = request.headers.get("content-type")
        dropped = rate_limit_notice(content_type, body)
        if dropped is not None:  # bolt has no listener for it; Slack wants a 200 all the same
            logger.warning(dropped)
            return Response(status_code=200)
        problem = malformed(content_type, body, request.headers)
        if problem is not None:
            return _malformed(request, problem)
        entry = inbox_entry(content_type, body)  # the intake took those with a body to work
        if entry is not None and not await rt.inbox.record(entry):  # a replayed modal submission
            return Response(status_code=200)
        try:
            bolt_request = to_bolt_request(request, body)
            # dispatch blocks (a modal's response waits for its listener): keep it off the event loop.
            bolt_response = await run_in_threadpool(handler.app.dispatch, bolt_request)
        except Exception as exc:  # bolt trips over payloads not shaped as Slack's: refuse, never 500
            return _malformed(request, f"unreadable ({type(exc).__name__})")
        if bolt_response.status == 401:
            return _rejected(request)
        return to_starlette_response(bolt_response)


def _add_health(server: FastAPI, rt: Runtime) -> None:
    """`/healthz` and `/readyz` (GET, and HEAD for probes that ask no body)."""

    @server.head("/healthz", include_in_schema=False)
    @server.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @server.head("/readyz", include_in_schema=False)
    @server.get("/readyz")
    async def readyz() -> JSONResponse:
        index = _index_state(rt)
        database = _DATABASE_STATES[await run_in_threadpool(rt.db.state)]
        ready = index == "ready" and database == "ok"
        version = await run_in_threadpool(rt.advisor.index_version)
        return JSONResponse(
            {"index": index, "version": version, "database": database}, status_code=200 if ready else 503
        )


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


def _rejected(request: Request) -> Response:
    """401, and a log line saying why (never the body: it holds the question)."""
    logger.warning(
        "rejected Slack request from %s: %s",
        request.client.host if request.client else "?",
        _rejection_reason(request.headers.get("x-slack-request-timestamp")),
    )
    return JSONResponse({"error": "invalid request"}, status_code=401)


def _malformed(request: Request, problem: str) -> Response:
    """400 for a signed request bolt cannot read, and a log line saying why (never the body)."""
    logger.warning(
        "malformed Slack request from %s refused: %s", request.client.host if request.client else "?", problem
    )
    return JSONResponse({"error": "malformed request"}, status_code=400)


def _rejection_reason(timestamp: str | None) -> str:
    if not timestamp or not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return "missing or malformed timestamp"
    age = abs(time.time() - int(timestamp))
    if age > TIMESTAMP_TOLERANCE:
        return f"stale timestamp ({age:.0f} s old)"
    return "invalid signature"
