"""Signing in and out of the console, switching its language, and its one stylesheet.

The link from Slack opens a page with a button: the token is spent by the POST it sends, not by
the GET, so link previews and prefetchers cannot use up (or use) someone's link.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from cases.console import auth
from cases.console.deps import STATIC_DIR, Console, SecureRoute
from cases.errors import LoginRejected
from cases.i18n import LOCALES, error_message


def build_sign_in(console: Console) -> APIRouter:
    router = APIRouter(route_class=SecureRoute, include_in_schema=False)
    base = console.base

    @router.get("/login")
    def login_page(request: Request, token: str = "") -> Response:
        return console.render(request, "login.html", user=None, token=token)

    @router.post("/login")
    def login(request: Request, token: Annotated[str, Form()] = "") -> Response:
        try:
            with console.scope() as session:
                person = auth.redeem_login_token(
                    session,
                    token=token,
                    config=console.config,
                    origin=request.headers.get("origin"),
                    fetch_site=request.headers.get("sec-fetch-site"),
                    now=console.clock(),
                )
                signed = auth.start_session(
                    session, person=person, config=console.config, now=console.clock()
                )
        except LoginRejected as exc:
            locale = console.request_locale(request)
            return console.render(
                request,
                "login.html",
                user=None,
                token="",
                status_code=403 if exc.reason == "origin" else 400,
                error=error_message(exc, locale),
            )
        response = RedirectResponse(f"{base}/", status_code=303)
        response.set_cookie(
            auth.SESSION_COOKIE,
            signed.cookie_value,
            max_age=int(console.config.session_ttl.total_seconds()),
            path="/",
            httponly=True,
            samesite="strict",
            secure=console.config.secure_cookies,
        )
        return response

    @router.post("/logout")
    def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
        with console.scope() as session:
            user = console.require_form(session, request, csrf_token)
            auth.end_session(session, record=user.record, now=console.clock())
        response = RedirectResponse(f"{base}/login?bye=1", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE, path="/", httponly=True, samesite="strict")
        return response

    @router.post("/lang")
    def switch_language(
        request: Request,
        csrf_token: Annotated[str, Form()] = "",
        lang: Annotated[str, Form()] = "fr",
        next: Annotated[str, Form()] = "",  # noqa: A002 - the form field's name
    ) -> Response:
        with console.scope() as session:
            user = console.require_form(session, request, csrf_token)
            user.record.locale = lang if lang in LOCALES else None
        target = next if next.startswith(f"{base}/") and "//" not in next else f"{base}/"
        return RedirectResponse(target, status_code=303)

    @router.get("/static/console.css")
    def stylesheet() -> Response:
        return FileResponse(STATIC_DIR / "console.css", media_type="text/css")

    return router
