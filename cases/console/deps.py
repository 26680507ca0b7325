"""What every console route needs: the console, a unit of work, the signed-in person, CSRF, rendering,
headers, and the HTTP status of a domain error.

Routes read like a sentence: `def show_case(request, ref, console: ConsoleDep, user: CurrentUser)`.
`build_console` binds one `Console` to the routers it includes (`bind`); `get_console` hands it on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig, SlaPolicy
from cases.console import auth
from cases.db import session_scope
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
from cases.i18n import accept_language, error_message, label, normalise_locale, t
from cases.i18n.dates import format_datetime, format_decimal, relative_due
from cases.models import ConsoleSession, Person, utcnow
from cases.policy import can_export
from cases.services.lifecycle import Act
from cases.services.replies import ReplyNotice
from cases.services.sla import due_state

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

# No script at all is needed by the console: forbid it outright.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


class Respond(Exception):  # noqa: N818 - control flow, not an error
    """Raised anywhere in a route to answer with `response` (login redirects, CSRF refusals)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class SecureRoute(APIRoute):
    """Adds the security headers to every response and turns `Respond` into its response."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except Respond as answer:
                response = answer.response
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return handler


@dataclass(frozen=True)
class SignedInUser:
    record: ConsoleSession
    person: Person
    locale: str

    @property
    def user_id(self) -> str:
        return self.person.user_id

    @property
    def is_staff(self) -> bool:
        """Sees the dashboard, the export and the advisors' filters (requesters see their own cases)."""
        return can_export(self.person.role_names)

    @property
    def csrf_token(self) -> str:
        return self.record.csrf_token


@dataclass
class Console:
    """Built once by `build_console`; handed to every route (pages and API) as a closure."""

    factory: sessionmaker[Session]
    config: ConsoleConfig
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    clock: Callable[[], datetime] = utcnow
    templates: Jinja2Templates = field(default_factory=lambda: Jinja2Templates(directory=str(TEMPLATES_DIR)))
    # Called after a reply is committed, to carry it to the requester (the bot sends a DM).
    on_reply: Callable[[ReplyNotice], None] | None = None
    # Called with the case's reference after any committed change to it (the bot redraws its cards).
    on_change: Callable[[str], None] | None = None

    @property
    def base(self) -> str:
        return self.config.mount_path

    @property
    def delivers_replies(self) -> bool:
        """Whether replies to requesters can leave at all (Slack configured): else they wait."""
        return self.on_reply is not None

    def deliver(self, notice: ReplyNotice) -> None:
        """Hand a committed reply to `on_reply`; a failure is logged (never the text) and not raised:
        the reply is saved, the advisor must not be told it failed and type it again."""
        if self.on_reply is None:
            return
        try:
            self.on_reply(notice)
        except Exception:
            logger.exception("reply delivery failed for case %s, event %s", notice.ref, notice.event_id)

    def changed(self, ref: str) -> None:
        """Hand a committed change to `on_change`; a failure is logged and not raised (the change stands)."""
        if self.on_change is None:
            return
        try:
            self.on_change(ref)
        except Exception:
            logger.exception("change notification failed for case %s", ref)

    def case_not_found(self, request: Request, user: SignedInUser) -> Response:
        """The one page for a case that does not exist *or* that this person may not see.

        Same status, headers and bytes whatever the reference: no reference in the text, and the
        language switch returns to the queue rather than to the requested URL.
        """
        return self.render(
            request,
            "error.html",
            user=user,
            status_code=404,
            message=error_message(NotFound("case", ""), user.locale),
            next_path=f"{self.base}/",
        )

    @contextmanager
    def scope(self) -> Iterator[Session]:
        with session_scope(self.factory) as session:
            yield session

    def current_user(self, session: Session, request: Request) -> SignedInUser | None:
        record = auth.resolve_session(
            session,
            cookie_value=request.cookies.get(auth.SESSION_COOKIE),
            config=self.config,
            now=self.clock(),
        )
        if record is None:
            return None
        person = session.get(Person, record.user_id)
        if person is None:
            return None
        person.role_names  # noqa: B018 — loaded now: routes read the roles after this session ends
        return SignedInUser(record, person, normalise_locale(record.locale or person.locale))

    def require_user(self, session: Session, request: Request) -> SignedInUser:
        """The signed-in person, or a redirect to the sign-in page."""
        user = self.current_user(session, request)
        if user is None:
            raise Respond(RedirectResponse(f"{self.base}/login", status_code=303))
        return user

    def require_form(self, session: Session, request: Request, csrf_token: str) -> SignedInUser:
        """The signed-in person posting a form with their session's CSRF token, or a 403 page."""
        user = self.require_user(session, request)
        if not auth.csrf_ok(session, user.record, csrf_token, now=self.clock()):
            raise Respond(
                self.render(
                    request,
                    "error.html",
                    user=user,
                    status_code=403,
                    message=t("console.csrf_rejected", user.locale),
                )
            )
        return user

    def request_locale(self, request: Request) -> str:
        return accept_language(request.headers.get("accept-language"), default=self.config.default_locale)

    def render(
        self,
        request: Request,
        template: str,
        *,
        user: SignedInUser | None,
        status_code: int = 200,
        locale: str | None = None,
        **context: Any,
    ) -> Response:
        lang = locale or (user.locale if user else self.request_locale(request))
        calendar, now = self.sla.calendar, self.clock()

        def tr(key: str, **values: Any) -> str:
            return t(key, lang, **values)

        def lab(kind: str, value: str | None) -> str:
            return label(kind, value, lang)

        return self.templates.TemplateResponse(
            request,
            template,
            {
                "t": tr,
                "label": lab,
                "error_message": lambda exc: error_message(exc, lang),
                "lang": lang,
                "user": user,
                "base": self.base,
                "csrf_token": user.csrf_token if user else "",
                "fmt": lambda moment: format_datetime(moment, lang, calendar.tz),
                "num": lambda value: format_decimal(value, lang),
                "due_text": lambda case: relative_due(case.due_at, now, lang, calendar.tz),
                "due_state": lambda case: due_state(case, now, calendar).value,
                "timezone": calendar.timezone,
                "Markup": Markup,
                **context,
            },
            status_code=status_code,
        )


def status_code_for(exc: CaseError) -> int:
    """The HTTP status of a domain error, the same for pages and the API."""
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


def acting(console: Console, user: SignedInUser, ref: str, version: int | None = None) -> Act:
    """`user` acting on case `ref` now (the console's clock), against the `version` their page or
    request was built from: the one value the pages and the API hand to the case services."""
    return Act(ref=ref, actor_id=user.user_id, expected_version=version, now=console.clock())


def bind(console: Console) -> Callable[[Request], None]:
    """A router dependency that hands `console` to the routes it is included with."""

    def bind_console(request: Request) -> None:
        request.state.console = console

    return bind_console


def get_console(request: Request) -> Console:
    return cast(Console, request.state.console)


ConsoleDep = Annotated[Console, Depends(get_console)]


def signed_in(request: Request, console: ConsoleDep) -> SignedInUser:
    """The signed-in person (roles loaded), or a redirect to the sign-in page."""
    with console.scope() as session:
        return console.require_user(session, request)


def posting(request: Request, console: ConsoleDep, csrf_token: Annotated[str, Form()] = "") -> SignedInUser:
    """The signed-in person posting a form with their session's CSRF token, or a 403 page."""
    with console.scope() as session:
        return console.require_form(session, request, csrf_token)


CurrentUser = Annotated[SignedInUser, Depends(signed_in)]
FormUser = Annotated[SignedInUser, Depends(posting)]
