"""Asking from the web: `POST /api/v1/ask` and the try-it page at `/`, at a bounded cost.

SES_WEB_ASK says who may ask: anyone who reaches the server (`open`), only a person signed in to
the console (`signed-in`, for production), or nobody (`off`: neither route exists). Whoever asks:
- a question costs at most the engine's budgets (knowledge/search/budget.py) and its body is
  capped by its fields' documented lengths (question, context, locale);
- a worker process answers at most half as many web questions at once as it has engine processes
  (at least one), for at most a quarter of their time; the others wait their turn a moment and
  are then told to retry (`Turns`): Slack's questions always find an engine and the CPU, and a
  flood of web questions is held, not served;
- each client address (or, signed in, each person, sharing their Slack allowance) has so many
  questions a minute, counted in the database and so shared by every process and replica.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.flows import limits
from bot.flows.answering import error_text
from bot.http.guards import body_limit, refusal
from bot.i18n import locale_of, t
from bot.runtime import IndexLoading, Runtime
from bot.runtime.console import console_config
from bot.settings import Settings
from bot.slack.blocks.ids import AnswerRef
from cases.config import ConsoleConfig
from cases.console import auth
from cases.i18n import accept_language
from cases.schemas import ErrorPublic
from knowledge import Answer
from knowledge.config import SearchConfig
from knowledge.errors import InvalidQuestion, KnowledgeError

__all__ = ["ASK_BODY", "AskGate", "AskRequest", "add_ask", "documented_errors", "request_locale"]

QUESTION_CHARS = SearchConfig().max_question_chars
CONTEXT_CHARS = 1000
LOCALE_CHARS = 35
ASK_BODY = body_limit(QUESTION_CHARS, CONTEXT_CHARS, LOCALE_CHARS)
WAITING = 256  # web questions waiting for their turn, per process
PATIENCE = 5.0  # seconds one waits for a turn before it is told to retry
SHARE = 0.25  # of the engines' time that web questions may take


class AskRequest(BaseModel):
    question: str = Field(max_length=QUESTION_CHARS, description="The question, in French or English.")
    context: str | None = Field(
        default=None,
        max_length=CONTEXT_CHARS,
        description="An earlier question this one follows up on; it weighs on the search.",
    )
    locale: str | None = Field(
        default=None, max_length=LOCALE_CHARS, description="Language of the messages (fr, en)."
    )


def documented_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """A route's `responses`: each of these statuses answers in the API's one error shape."""
    return {code: {"model": ErrorPublic} for code in codes}


class Turns:
    """Web questions take turns on the engines: at most `running` at once, and each turn is given
    back only after a rest, so that web questions use at most `share` of those engines' time (a
    quarter: a question of 70 ms, then 210 ms of rest) — on a small machine, the CPU stays with
    Slack's questions (bench/web_flood.py measures it: at a half, Slack's took 1.6× as long). Up to
    `waiting` more wait their turn for at most `patience` seconds: a short burst is served, and a
    client hammering the endpoint is held (a sleeping coroutine) rather than answered at once; the
    rest are told to retry. Used from the event loop only: no lock needed around `_room`."""

    def __init__(self, *, running: int, waiting: int, patience: float, share: float) -> None:
        self._running = asyncio.Semaphore(running)
        self._room = waiting
        self._patience = patience
        self._rest = 1 / share - 1

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[bool]:
        """True inside the block when this question may run now, False when it is to be refused."""
        mine = False
        if self._room > 0:
            self._room -= 1
            try:
                await asyncio.wait_for(self._running.acquire(), self._patience)
                mine = True
            except TimeoutError:
                pass
            finally:
                self._room += 1
        started = time.monotonic()
        try:
            yield mine
        finally:
            if mine:
                # at most half the patience: one person asking again waits, but is never refused
                rest = min((time.monotonic() - started) * self._rest, self._patience / 2)
                asyncio.get_running_loop().call_later(rest, self._running.release)


class AskGate:
    """Who may ask and at what cost, for the ask route and the buttons under a web answer: the index
    loaded, the caller signed in when SES_WEB_ASK is `signed-in`, their allowance, a turn."""

    def __init__(self, rt: Runtime, settings: Settings) -> None:
        self.rt = rt
        self.console = console_config(settings)
        self.signed_in = settings.web_ask == "signed-in"
        self._turns = Turns(
            running=max(1, settings.ask_workers // 2), waiting=WAITING, patience=PATIENCE, share=SHARE
        )

    async def user(self, request: Request) -> str | None:
        """The person signed in to the console with this request's cookie, or None."""
        cookie = request.cookies.get(auth.SESSION_COOKIE)
        return await run_in_threadpool(_signed_in_user, self.rt, self.console, cookie)

    async def answer(
        self, request: Request, question: str, context: str | None, locale: str
    ) -> Answer | Response:
        """A fresh answer to the question, counted in the caller's allowance, or the refusal to send."""
        caller = await self._caller(request, locale)
        if isinstance(caller, Response):
            return caller
        return await self._fresh(caller, question, context, locale, counted=False)

    async def seen_answer(
        self, request: Request, question: str, context: str | None, locale: str
    ) -> Answer | Response:
        """The answer this process gave to the question, else a fresh one; either way the request
        counts in the caller's allowance (a vote is a row in the database: not free for a flood)."""
        caller = await self._caller(request, locale)
        if isinstance(caller, Response):
            return caller
        refused = await self._count(caller, locale)
        if refused is not None:
            return refused
        seen = self.rt.answers.seen_answer(AnswerRef(question=question, context=context))
        return (
            seen if seen is not None else await self._fresh(caller, question, context, locale, counted=True)
        )

    async def _caller(self, request: Request, locale: str) -> tuple[str, str] | Response:
        """Whose allowance a request counts in (`limits` kind and key), or why it may not ask."""
        if self.rt.advisor.engine is None:
            error = self.rt.advisor.error or IndexLoading("index still loading")
            headers = {"Retry-After": "5"} if isinstance(error, IndexLoading) else None
            return refusal(503, error.code, error_text(error, locale), headers)
        if not self.signed_in:
            return limits.WEB_ASK, _client(request)
        user = await self.user(request)
        if user is None:
            return refusal(401, "sign_in_required", t("http.sign_in_required", locale))
        return limits.ASK, user

    async def _count(self, caller: tuple[str, str], locale: str) -> Response | None:
        refused = await run_in_threadpool(limits.check, self.rt, *caller)
        if refused is None:
            return None
        headers = {"Retry-After": str(refused.retry_after)}
        message = t("http.ask_rate", locale, limit=refused.limit, seconds=refused.retry_after)
        return refusal(429, "rate_limited", message, headers)

    async def _fresh(
        self, caller: tuple[str, str], question: str, context: str | None, locale: str, *, counted: bool
    ) -> Answer | Response:
        async with self._turns.turn() as mine:
            if not mine:
                return refusal(503, "busy", t("http.ask_busy", locale), {"Retry-After": "1"})
            refused = None if counted else await self._count(caller, locale)
            if refused is not None:
                return refused
            try:
                return await run_in_threadpool(self.rt.answers.ask, question, context)
            except InvalidQuestion as exc:
                return refusal(422, exc.code, error_text(exc, locale))
            except KnowledgeError as exc:
                return refusal(503, exc.code, error_text(exc, locale))


def request_locale(request: Request, locale: str | None) -> str:
    """The language a body's `locale` names, else the request's Accept-Language (French by default)."""
    return locale_of(locale) if locale else accept_language(request.headers.get("accept-language"))


def add_ask(server: FastAPI, rt: Runtime, settings: Settings) -> AskGate | None:
    """The ask route and the try-it page, unless SES_WEB_ASK is `off`; the gate they go through."""
    if settings.web_ask == "off":
        return None
    gate = AskGate(rt, settings)

    @server.post(
        "/api/v1/ask", responses=documented_errors(400, 401, 413, 422, 429, 503), max_body_size=ASK_BODY
    )
    async def ask(payload: AskRequest, request: Request) -> Response:
        """The answer, as `ses ask --json` prints it."""
        locale = request_locale(request, payload.locale)
        answer = await gate.answer(request, payload.question, payload.context, locale)
        return answer if isinstance(answer, Response) else JSONResponse(answer.to_dict())

    page = resources.files("bot.http.web").joinpath("try.html").read_text(encoding="utf-8")
    headers = _page_headers(page)

    @server.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    async def try_it() -> HTMLResponse:
        return HTMLResponse(page, headers=headers)

    return gate


def _client(request: Request) -> str:
    """The address the request came from — the proxy's client when SES_TRUSTED_PROXIES lists it
    (uvicorn reads X-Forwarded-For from those only)."""
    return request.client.host[:64] if request.client else "unknown"


def _signed_in_user(rt: Runtime, config: ConsoleConfig, cookie: str | None) -> str | None:
    """The person whose live console session this cookie is, or None (an idle one has ended)."""
    if not cookie:
        return None
    with rt.db.session() as session:
        record = auth.resolve_session(session, cookie_value=cookie, config=config)
        return None if record is None else str(record.user_id)


def _page_headers(page: str) -> dict[str, str]:
    """The try-it page's security headers: its own inline script and style only (by hash), requests
    to this origin only, never framed."""

    def hashes(tag: str) -> str:
        blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.DOTALL)
        return " ".join(
            f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks
        )

    policy = (
        f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; "
        "connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
