"""The console in a real headless Chromium, at 1280 px (desktop) and 390 px (a phone), in French and
English: advisors search, sort, reply and close (a reason, after a warning); requesters write from
their case; every page has no serious or critical axe-core violation (WCAG 2.1 A/AA) and no
horizontal scroll on a phone; keyboard users reach the content first.

Chromium comes from Debian (`apt-get install -y chromium`); axe-core from npm, installed next to the
virtualenv (`npm install --prefix .venv/npm axe-core@4.14.1`, see the Makefile). With
CONSOLE_SCREENSHOTS=<folder> the pages are also saved there as PNG (the README's come from it).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig
from cases.console import build_console, issue_login_link
from cases.db import make_engine, make_session_factory, session_scope
from cases.models import utcnow
from cases.services import lifecycle, queries
from cases.services.feedback import record_feedback
from cases.services.lifecycle import Act
from tests.bot.chromium import WIDTHS, Chromium, axe_violations, open_browser, settle
from tests.bot.live_server import LiveServer
from tests.cases import factories
from tests.cases.console.conftest import SECRET

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("CONSOLE_SCREENSHOTS")


@pytest.fixture
def live_console(
    new_database: Callable[[str, bool], str],
) -> Iterator[tuple[str, ConsoleConfig, Any, dict[str, str]]]:
    """A console on a live server with a realistic queue: late, due-soon and fresh cases."""
    engine = make_engine(new_database("sqlite", True))
    factory = make_session_factory(engine)
    now = utcnow()
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01", name="Rita Requester")
        zoe = factories.person(session, "UZOE001", name="Zoé Tremblay")
        factories.advisor(session, "UALICE1", name="Alice Advisor")
        factories.advisor(session, "UBOB001", name="Bob Conseiller")
        gala = factories.case(
            session,
            requester=rita,
            subject="Invitation <script>alert(1)</script>",
            body="Un fournisseur m'invite à un gala.\nPuis-je accepter ?",
            category="gifts_hospitality",
        ).ref
        late = factories.case(
            session,
            requester=zoe,
            subject="Offre d'emploi d'un fournisseur",
            category="post_employment",
            priority="high",
            now=now - timedelta(days=12),
        ).ref
        lifecycle.claim_case(session, Act(ref=late, actor_id="UBOB001", now=now - timedelta(days=11)))
        factories.case(
            session,
            requester=zoe,
            subject="Siège à un conseil d'administration",
            category="governance_board",
            priority="urgent",
        )
        for helpful in (True, True, True, False):
            record_feedback(
                session, user_id="URITA01", question="q", answer="a", citations=[], helpful=helpful, lang="fr"
            )
    app = FastAPI()
    server = LiveServer(app)
    config = ConsoleConfig(public_url=server.url, secret=SECRET)
    for router in build_console(factory, config):
        app.include_router(router)
    server.start()
    yield server.url, config, factory, {"gala": gala, "late": late}
    server.stop()
    engine.dispose()


def sign_in(page: Chromium, factory: sessionmaker[Session], config: ConsoleConfig, user_id: str) -> None:
    with session_scope(factory) as session:
        link = issue_login_link(session, user_id=user_id, config=config)
    page.evaluate(f"location.href = {json.dumps(link)}")
    settle(page, "!!document.querySelector('form[action$=\"/login\"] button')")
    page.evaluate("document.querySelector('form[action$=\"/login\"] button').click()")
    settle(page, "location.pathname === '/console/' && !!document.querySelector('table.cases')")


def go(page: Chromium, path: str, ready: str = "true") -> None:
    page.evaluate(f"location.href = {json.dumps(path)}")
    settle(page, f"location.pathname + location.search === {json.dumps(path)} && ({ready})")


def click(page: Chromium, selector: str) -> None:
    page.evaluate(f"document.querySelector({json.dumps(selector)}).click()")


def type_into(page: Chromium, selector: str, text: str) -> None:
    page.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
    page.send("Input.insertText", text=text)


def check_page(page: Chromium, name: str, width: str) -> None:
    """No serious or critical axe violation; on a phone, nothing wider than the screen."""
    assert axe_violations(page) == [], (name, width)
    if width == "phone":
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, f"{overflow} px of horizontal scroll")
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        size = page.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 2400), "scale": 1}
        shot = page.send("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
        (folder / f"{name}-{width}.png").write_bytes(base64.b64decode(shot["data"]))


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_an_advisor_searches_sorts_replies_and_closes(live_console: Any, width: str) -> None:
    url, config, factory, refs = live_console
    page = open_browser(f"{url}/console/login", width)
    try:
        sign_in(page, factory, config, "UALICE1")
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.evaluate("document.cookie") == ""  # HttpOnly: invisible to scripts
        queue = page.evaluate("document.querySelector('table.cases').innerText")
        assert "Zoé Tremblay" in queue and "jours de retard" in queue and "échéance proche" in queue

        type_into(page, "#f-q", "tremblay")
        click(page, ".filters button[type=submit]")
        settle(page, "location.search.includes('q=tremblay')")
        rows = page.evaluate("document.querySelectorAll('table.cases tbody tr').length")
        assert rows == 2
        click(page, "th a[href*='sort=priority']")
        settle(page, "!!document.querySelector('th[aria-sort=ascending]')")
        first = page.evaluate("document.querySelector('table.cases tbody tr').innerText")
        assert "Urgente" in first
        check_page(page, "queue-searched-fr", width)

        go(page, f"/console/cases/{refs['gala']}", "!!document.querySelector('form.message')")
        title = page.evaluate("document.querySelector('h1').textContent")
        assert "<script>alert(1)</script>" in title  # shown as text, not run
        assert page.evaluate("document.getElementById('assignee').value") == ""  # nobody preselected
        assert page.evaluate("document.getElementById('vis-internal').checked") is True  # internal by default
        click(page, "#vis-reply")
        type_into(page, "#message-body", "Oui, si la valeur est inférieure à 200 $.")
        page.evaluate("document.getElementById('then-status').value = 'answered'")
        click(page, "form.message button[type=submit]")
        settle(page, "location.search === '?done=replied_no_slack'")
        notice = page.evaluate("document.querySelector('.notice').innerText")
        assert "PAS envoyée" in notice
        assert "Oui, si la valeur est inférieure à 200 $." in page.evaluate(
            "document.querySelector('.timeline').innerText"
        )
        assert "En attente de Slack" in page.evaluate("document.querySelector('.timeline').innerText")
        check_page(page, "case-after-reply-fr", width)

        click(page, f"a[href='/console/cases/{refs['gala']}/close']")
        settle(page, "location.pathname.endsWith('/close')")
        click(page, "form[action$='/close'] button[type=submit]")  # no reason: the browser refuses
        assert page.evaluate("location.pathname").endswith("/close")
        assert page.evaluate("document.getElementById('close-reason').validity.valueMissing") is True
        type_into(page, "#close-reason", "Réponse donnée ; rien d'autre à faire.")
        click(page, "form[action$='/close'] button[type=submit]")
        settle(page, "location.search === '?done=closed'")
        assert "Fermé" in page.evaluate("document.querySelector('.meta').innerText")
        assert "rien d'autre à faire" in page.evaluate("document.querySelector('.timeline').innerText")
    finally:
        page.close()
    with session_scope(factory) as session:
        case = queries.find_case(session, ref=refs["gala"])
        assert (case.status, case.assignee_id) == ("closed", "UALICE1")
        assert [
            e.kind for e in queries.get_case(session, ref=refs["gala"], viewer_id="URITA01").timeline
        ] == [
            "created",
            "reply",
        ]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_requester_writes_from_their_case_without_dead_links(live_console: Any, width: str) -> None:
    url, config, factory, refs = live_console
    page = open_browser(f"{url}/console/login", width)
    try:
        sign_in(page, factory, config, "URITA01")
        assert page.evaluate("!!document.querySelector('a[href$=\"/dashboard\"]')") is False
        assert page.evaluate("!!document.getElementById('f-assignee')") is False
        go(page, f"/console/cases/{refs['gala']}", "!!document.querySelector('#message-body')")
        assert page.evaluate("document.querySelector('#h-write ~ form button').innerText") == "Envoyer"
        type_into(page, "#message-body", "Merci, et si c'est un billet de hockey ?")
        click(page, "#h-write ~ form button")
        settle(page, "location.search === '?done=sent'")
        assert "billet de hockey" in page.evaluate("document.querySelector('.timeline').innerText")
    finally:
        page.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_passes_axe_and_fits_the_screen(live_console: Any, width: str, lang: str) -> None:
    url, config, factory, refs = live_console
    page = open_browser(f"{url}/console/login", width)
    try:
        if lang == "fr":
            check_page(page, "login", width)
        sign_in(page, factory, config, "UALICE1")
        if lang == "en":
            click(page, "form[action$='/lang'] button")
            settle(page, "document.documentElement.lang === 'en'")
        else:
            # keyboard users: the first Tab lands on the skip link
            page.send(
                "Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9
            )
            page.send("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
            assert page.evaluate("document.activeElement.className") == "skip-link"
        check_page(page, f"queue-{lang}", width)
        go(page, f"/console/cases/{refs['late']}", "!!document.querySelector('form.message')")
        check_page(page, f"case-{lang}", width)
        go(page, f"/console/cases/{refs['late']}/close", "!!document.querySelector('#close-reason')")
        check_page(page, f"close-{lang}", width)
        go(page, "/console/dashboard", "!!document.querySelector('.kpis')")
        check_page(page, f"dashboard-{lang}", width)
        go(page, "/console/cases/SES-1999-0001", "!!document.querySelector('.error')")
        check_page(page, f"not-found-{lang}", width)

        sign_in(page, factory, config, "URITA01")
        if lang == "en":
            click(page, "form[action$='/lang'] button")
            settle(page, "document.documentElement.lang === 'en'")
        check_page(page, f"requester-queue-{lang}", width)
        go(page, f"/console/cases/{refs['gala']}", "!!document.querySelector('#message-body')")
        check_page(page, f"requester-case-{lang}", width)

        # The check can fail: an unlabelled field and an image without text are caught.
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', "
            "'<input type=text><img src=data:image/gif;base64,R0lGODlhAQABAAAAACw=>')"
        )
        assert {v["id"] for v in axe_violations(page)} >= {"label", "image-alt"}
    finally:
        page.close()
