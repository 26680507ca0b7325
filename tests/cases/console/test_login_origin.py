"""Login CSRF in a real browser: another site's page that posts someone's sign-in link to the console
(so as to sign the visitor in as that someone) is refused, and the link still works from the console.

Chromium sends `Origin: null` from the console's own pages (their referrer policy is no-referrer),
so what tells the two apart is what no page can set: Sec-Fetch-Site.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from cases import audit
from cases.config import ConsoleConfig
from cases.console import auth, issue_login_link
from cases.db import session_scope
from tests.bot.chromium import Chromium, require_chromium
from tests.bot.live_server import LiveServer
from tests.cases.console.conftest import SECRET, token_of
from tests.cases.console.test_browser import live_console, settle  # noqa: F401 - fixture

# test_browser's live console: (its URL, its config, its session factory, its cases' references)
LiveConsole = tuple[str, ConsoleConfig, Any, dict[str, str]]

pytestmark = pytest.mark.browser


@pytest.fixture
def link(live_console: LiveConsole) -> str:  # noqa: F811 - the imported fixture
    _, config, factory, _ = live_console
    with session_scope(factory) as session:
        return issue_login_link(session, user_id="UALICE1", config=config)


def _attacker(target: str, token: str, head: str) -> Iterator[LiveServer]:
    """A page on another site (`localhost`, not `127.0.0.1`) that posts the link's token at once."""
    app = FastAPI()
    form = (
        head + f'<form id="f" method="post" action="{html.escape(target)}">'
        f'<input type="hidden" name="token" value="{html.escape(token)}"></form>'
        "<script>document.getElementById('f').submit()</script>"
    )

    @app.get("/")
    def page() -> HTMLResponse:
        return HTMLResponse(f"<!doctype html><title>Prix</title>{form}")

    server = LiveServer(app).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize(
    "head",
    [
        pytest.param("", id="its-own-origin"),
        pytest.param('<meta name="referrer" content="no-referrer">', id="origin-null"),
    ],
)
def test_a_sign_in_posted_by_another_sites_page_is_refused(
    live_console: LiveConsole,  # noqa: F811 - the imported fixture
    link: str,
    head: str,
) -> None:
    url, config, factory, _ = live_console
    token = token_of(link)
    for attacker in _attacker(f"{url}/console/login", token, head):
        browser = Chromium(require_chromium(), attacker.url.replace("127.0.0.1", "localhost") + "/")
        try:
            settle(browser, "location.pathname === '/console/login'")
            shown = browser.evaluate("document.querySelector('.error').textContent")
            assert "not sent from the console" in shown  # headless Chromium asks for English
            assert browser.evaluate("document.cookie") == ""
        finally:
            browser.close()
    with session_scope(factory) as session:
        [refused] = [e for e in audit.entries(session, limit=20) if e.action == "console.login_refused"]
        assert refused.details["reason"] == "origin"
        # the link was not spent: from the console itself it signs in
        assert (
            auth.redeem_login_token(
                session, token=token, config=config, origin="null", fetch_site="same-origin"
            ).user_id
            == "UALICE1"
        )


def test_origin_rules() -> None:
    config = ConsoleConfig(public_url="https://ses.example.org", secret=SECRET)
    allowed = auth.origin_allowed
    assert allowed("https://ses.example.org", config, "same-origin")
    assert allowed("https://SES.example.org/", config, None)
    assert allowed("null", config, "same-origin")  # the console's own no-referrer pages
    assert allowed(None, config, None)  # no browser
    assert not allowed("https://evil.example", config, None)
    assert not allowed("https://evil.example", config, "cross-site")
    assert not allowed("null", config, "cross-site")
    assert not allowed("null", config, None)
    assert not allowed(None, config, "same-site")  # a sibling host
    assert not allowed("http://ses.example.org", config, "same-origin")  # plain HTTP is another origin
