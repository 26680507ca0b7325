"""The console in a real headless Chromium: sign in from a link, reply, close; axe-core finds no serious
or critical WCAG 2.1 A/AA violation on the queue and case pages; keyboard users reach the content first.

Chromium comes from Debian (`apt-get install -y chromium`); axe-core from npm, installed next to the
virtualenv (`npm install --prefix .venv/npm axe-core@4.14.1`, see the Makefile).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig
from cases.console import build_console, issue_login_link
from cases.db import make_engine, make_session_factory, session_scope
from cases.services import queries
from tests.bot.chromium import Chromium, require_chromium
from tests.bot.live_server import LiveServer
from tests.cases import factories
from tests.cases.console.conftest import SECRET

pytestmark = pytest.mark.browser

AXE_JS = Path(__file__).resolve().parents[3] / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


LiveConsole = tuple[LiveServer, ConsoleConfig, sessionmaker[Session], str]


@pytest.fixture
def live_console(
    new_database: Callable[[str, bool], str],
) -> Iterator[LiveConsole]:
    engine = make_engine(new_database("sqlite", True))
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01", name="Rita Requester")
        factories.advisor(session, "UALICE1", name="Alice Advisor")
        ref = factories.case(
            session,
            requester=rita,
            subject="Invitation <script>alert(1)</script>",
            body="Un fournisseur m'invite à un gala.\nPuis-je accepter ?",
        ).ref
    app = FastAPI()
    server = LiveServer(app)
    config = ConsoleConfig(public_url=server.url, secret=SECRET)
    for router in build_console(factory, config):
        app.include_router(router)
    server.start()
    yield server, config, factory, ref
    server.stop()
    engine.dispose()


def settle(page: Chromium, expression: str, timeout: float = 20.0) -> Any:
    """Like wait_for, but tolerant of the page navigating between two evaluations."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = page.evaluate(f"document.readyState === 'complete' && ({expression})")
        except RuntimeError:
            value = None
        if value:
            return value
        time.sleep(0.05)
    try:
        shown = page.evaluate("(document.querySelector('.error') || {}).textContent || location.href")
    except RuntimeError:
        shown = "?"
    raise AssertionError(f"never true in the page: {expression} (page shows: {shown})")


def axe_violations(page: Chromium) -> list[dict[str, Any]]:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core not installed at {AXE_JS} (npm install --prefix .venv/npm axe-core@4.14.1)")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    found = page.evaluate(f"axe.run(document, {options}).then(r => JSON.stringify(r.violations))")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in json.loads(found)
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def page(live_console: LiveConsole) -> Iterator[Chromium]:
    _, config, factory, _ = live_console
    with session_scope(factory) as session:
        link = issue_login_link(session, user_id="UALICE1", config=config)
    browser = Chromium(require_chromium(), link)
    browser.send("Page.enable")
    browser.send("Page.setBypassCSP", enabled=True)  # for injecting axe-core; the app sends a strict CSP
    yield browser
    browser.close()


def test_sign_in_reply_and_close_in_a_real_browser(page: Chromium, live_console: LiveConsole) -> None:
    server, _, factory, ref = live_console
    settle(page, "!!document.querySelector('form[action$=\"/login\"] button')")
    page.evaluate("document.querySelector('form[action$=\"/login\"] button').click()")
    settle(page, "location.pathname === '/console/' && !!document.querySelector('table.cases')")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.cookie") == ""  # HttpOnly: invisible to scripts

    page.evaluate(f"document.querySelector('a[href=\"/console/cases/{ref}\"]').click()")
    settle(page, f"location.pathname === '/console/cases/{ref}'")
    title = page.evaluate("document.querySelector('h1').textContent")
    assert "<script>alert(1)</script>" in title  # shown as text, not run
    assert page.evaluate("document.querySelectorAll('h1 script').length") == 0

    assert page.evaluate("document.getElementById('vis-internal').checked") is True  # internal by default
    page.evaluate("document.getElementById('vis-reply').click()")
    page.evaluate("document.getElementById('message-body').focus()")
    page.send("Input.insertText", text="Oui, si la valeur est inférieure à 200 $.")
    page.evaluate("document.getElementById('then-status').value = 'answered'")
    page.evaluate("document.querySelector('form.message button[type=submit]').click()")
    settle(page, "location.search === '?done=replied'")
    assert "Oui, si la valeur est inférieure à 200 $." in page.evaluate(
        "document.querySelector('.timeline').innerText"
    )

    page.evaluate(
        "document.querySelector('input[name=status][value=closed]').form.querySelector('button').click()"
    )
    settle(page, "location.search === '?done=closed'")
    assert "Fermé" in page.evaluate("document.querySelector('.meta').innerText")
    with session_scope(factory) as session:
        case = queries.find_case(session, ref=ref)
        assert (case.status, case.assignee_id) == ("closed", "UALICE1")
        assert [e.kind for e in queries.get_case(session, ref=ref, viewer_id="URITA01").timeline] == [
            "created",
            "reply",
        ]


def test_queue_and_case_pages_pass_axe_and_start_with_a_skip_link(
    page: Chromium, live_console: LiveConsole
) -> None:
    _, _, _, ref = live_console
    settle(page, "!!document.querySelector('form[action$=\"/login\"] button')")
    assert axe_violations(page) == []
    page.evaluate("document.querySelector('form[action$=\"/login\"] button').click()")
    settle(page, "location.pathname === '/console/'")
    assert axe_violations(page) == []

    page.send("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    page.send("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.evaluate(f"location.href = '/console/cases/{ref}'")
    settle(page, f"location.pathname === '/console/cases/{ref}' && !!document.querySelector('form.message')")
    assert axe_violations(page) == []
    page.evaluate("location.href = '/console/dashboard'")
    settle(page, "location.pathname === '/console/dashboard'")
    assert axe_violations(page) == []

    # The check can fail: an unlabelled field and an image without text are caught.
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<input type=text><img src=data:image/gif;base64,R0lGODlhAQABAAAAACw=>')"
    )
    assert {v["id"] for v in axe_violations(page)} >= {"label", "image-alt"}
