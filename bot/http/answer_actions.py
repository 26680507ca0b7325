"""The buttons under a web answer: 👍/👎 and "Ask an advisor", as Slack has them.

- `POST /api/v1/ask/feedback`: the vote, stored as Slack's is (`cases.services.feedback`) with the
  question, the answer and its citations; by the signed-in person, else by `WEB_VISITOR`.
- `POST /api/v1/ask/advisor`: for a person signed in to the console (session cookie, and the CSRF
  token of `GET /api/v1/session` in `X-CSRF-Token`), a case carrying the question, the answer and
  its citations (`cases.services.intake`, as Slack's case modal); the bot then posts its triage
  card. Anyone else is told how to reach an advisor (401).

Neither trusts an answer sent by the browser: the answer is the one this process gave to the
question (else asked again, through the same gate as a question: `AskGate`).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.flows.answering import case_details, record_vote
from bot.http.ask import ASK_BODY, AskGate, AskRequest, documented_errors, request_locale
from bot.http.guards import refusal
from bot.i18n import t
from bot.runtime import Runtime
from bot.settings import Settings
from cases.config import ConsoleConfig
from cases.console import auth
from cases.errors import CaseError
from cases.i18n import error_message
from cases.services import intake
from cases.services.intake import MAX_SUBJECT, NewCase
from knowledge import Answer

__all__ = ["WEB_VISITOR", "add_answer_actions"]

WEB_VISITOR = "web"  # who voted, for a vote from the try-it page by someone not signed in


class FeedbackRequest(AskRequest):
    """The question whose answer the vote is on, as the page asked it."""

    helpful: bool = Field(description="👍 (true) or 👎 (false).")


class Confirmation(BaseModel):
    message: str = Field(description="The confirmation, in the caller's language.")


class CaseOpened(Confirmation):
    ref: str = Field(description="The case's reference.")
    url: str = Field(description="The case in the console.")


def add_answer_actions(
    server: FastAPI, rt: Runtime, settings: Settings, gate: AskGate, on_change: Callable[[str], None] | None
) -> None:
    """The feedback and "Ask an advisor" routes under the try-it page's answers."""

    @server.post(
        "/api/v1/ask/feedback",
        status_code=201,
        response_model=Confirmation,
        responses=documented_errors(401, 413, 422, 429, 503),
        max_body_size=ASK_BODY,
    )
    async def feedback(payload: FeedbackRequest, request: Request) -> Response:
        """👍/👎 on an answer, kept for the advisors as Slack's votes are."""
        locale = request_locale(request, payload.locale)
        answer = await gate.seen_answer(request, payload.question, payload.context, locale)
        if isinstance(answer, Response):
            return answer
        user = await gate.user(request) or WEB_VISITOR
        await run_in_threadpool(record_vote, rt, user, answer, payload.helpful)
        key = "web.feedback_helpful" if payload.helpful else "web.feedback_unhelpful"
        return JSONResponse(Confirmation(message=t(key, locale)).model_dump(), status_code=201)

    @server.post(
        "/api/v1/ask/advisor",
        status_code=201,
        response_model=CaseOpened,
        responses=documented_errors(401, 403, 413, 422, 429, 503),
        max_body_size=ASK_BODY,
    )
    async def ask_advisor(payload: AskRequest, request: Request) -> Response:
        """A case for an advisor, with the question and the answer, opened as the signed-in person."""
        locale = request_locale(request, payload.locale)
        user = await gate.user(request)
        if user is None:
            return refusal(401, "sign_in_required", t("web.advisor_how", locale))
        token = request.headers.get("x-csrf-token")
        if not await run_in_threadpool(_csrf_ok, rt, gate.console, request, token):
            return refusal(403, "csrf", t("web.advisor_csrf", locale))
        answer = await gate.seen_answer(request, payload.question, payload.context, locale)
        if isinstance(answer, Response):
            return answer
        try:
            ref = await run_in_threadpool(_open_case, rt, settings, user, answer, locale)
        except CaseError as exc:
            return refusal(422, exc.code, error_message(exc, locale))
        if on_change is not None:
            await run_in_threadpool(on_change, ref)  # the triage card, in Slack
        opened = CaseOpened(
            message=t("web.case_opened", locale, ref=ref), ref=ref, url=f"{gate.console.base_url}/cases/{ref}"
        )
        return JSONResponse(opened.model_dump(), status_code=201)


def _csrf_ok(rt: Runtime, console: ConsoleConfig, request: Request, token: str | None) -> bool:
    with rt.db.session() as session:
        record = auth.resolve_session(
            session, cookie_value=request.cookies.get(auth.SESSION_COOKIE), config=console
        )
        return record is not None and auth.csrf_ok(session, record, token)


def _open_case(rt: Runtime, settings: Settings, user: str, answer: Answer, locale: str) -> str:
    subject = " ".join(answer.question.split())
    if len(subject) > MAX_SUBJECT:
        subject = subject[: MAX_SUBJECT - 1].rsplit(" ", 1)[0] + "…"
    new = NewCase(
        requester_id=user,
        subject=subject,
        body=case_details(answer.question, answer, locale),
        lang=locale,
        source_question=answer.question,
        source_answer=answer.text,
        source_citations=answer.to_dict()["citations"],
    )
    with rt.db.session() as session:
        return intake.open_case(session, new, sla=settings.sla_policy()).ref
