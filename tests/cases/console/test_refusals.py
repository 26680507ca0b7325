"""The console's door: sign-ins from another site, idle sessions, and refusals audited in bounded
numbers (a flood of forged links or token-less forms writes a handful of entries, not a flood)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cases import audit
from cases.config import ConsoleConfig
from cases.db import session_scope
from cases.models import AuditEntry
from cases.services.refusals import milestone
from tests.cases import factories
from tests.cases.console.conftest import FakeClock, SignIn, link_for, token_of

CONSOLE = "http://127.0.0.1:8000"


@pytest.fixture
def alice(factory: sessionmaker[Session]) -> str:
    with session_scope(factory) as session:
        return factories.advisor(session, "UALICE1", name="Alice").user_id


def _refusals(factory: sessionmaker[Session], action: str) -> list[AuditEntry]:
    with session_scope(factory) as session:
        return [e for e in reversed(audit.entries(session, limit=1000)) if e.action == action]


def _rows(factory: sessionmaker[Session]) -> int:
    with session_scope(factory) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _post_login(client: TestClient, token: str, origin: str | None) -> Any:
    headers = {"Origin": origin} if origin is not None else {}
    return client.post("/console/login", data={"token": token}, headers=headers, follow_redirects=False)


def test_a_sign_in_posted_from_another_site_is_refused_audited_and_spends_nothing(
    client: TestClient,
    factory: sessionmaker[Session],
    console_config: ConsoleConfig,
    clock: FakeClock,
    alice: str,
) -> None:
    token = token_of(link_for(factory, console_config, alice, clock))
    for origin in ("https://evil.example", "null", "http://127.0.0.1:8001"):
        refused = _post_login(client, token, origin)
        assert refused.status_code == 403 and "set-cookie" not in refused.headers, origin
        assert "pas été envoyée depuis la console" in refused.text
    [entry] = _refusals(factory, "console.login_refused")
    assert entry.details == {"reason": "origin", "in_window": 1, "window_minutes": 10}
    assert entry.actor_id is None and entry.target is None
    assert _post_login(client, token, CONSOLE).status_code == 303  # the link still works, from the console


def test_a_flood_of_forged_links_writes_a_few_entries_and_answers_alike(
    client: TestClient, factory: sessionmaker[Session], alice: str
) -> None:
    before = _rows(factory)
    answers = {_post_login(client, f"forged{n}.sig", CONSOLE).content for n in range(120)}
    assert len(answers) == 1  # nothing about the audit shows in the answer
    entries = _refusals(factory, "console.login_refused")
    assert [e.details["in_window"] for e in entries] == [1, 10, 100]
    assert {e.details["reason"] for e in entries} == {"invalid"}
    assert _rows(factory) - before == 3


def test_a_used_or_expired_link_is_audited_against_its_owner(
    client: TestClient,
    factory: sessionmaker[Session],
    console_config: ConsoleConfig,
    clock: FakeClock,
    alice: str,
) -> None:
    used = token_of(link_for(factory, console_config, alice, clock))
    assert _post_login(client, used, CONSOLE).status_code == 303
    assert _post_login(client, used, CONSOLE).status_code == 400
    stale = token_of(link_for(factory, console_config, alice, clock))
    clock.advance(minutes=11)
    assert _post_login(client, stale, CONSOLE).status_code == 400
    refused = [(e.target, e.details["reason"]) for e in _refusals(factory, "console.login_refused")]
    assert refused == [(alice, "used"), (alice, "expired")]


def test_forms_and_api_calls_without_their_csrf_token_are_audited_as_their_session(
    sign_in: SignIn, factory: sessionmaker[Session], alice: str
) -> None:
    browser = sign_in(alice)
    with session_scope(factory) as session:
        ref = factories.case(session).ref
    for _ in range(12):
        refused = browser.client.post(
            f"/console/cases/{ref}/claim", data={"csrf_token": "x"}, follow_redirects=False
        )
        assert refused.status_code == 403
    assert browser.client.post("/api/v1/cases", json={"subject": "s", "body": "b"}).status_code == 403
    entries = _refusals(factory, "console.csrf_refused")
    assert [(e.actor_id, e.details["in_window"]) for e in entries] == [(alice, 1), (alice, 10)]


def test_an_idle_session_ends_after_the_idle_timeout_and_an_active_one_after_eight_hours(
    sign_in: SignIn, clock: FakeClock, alice: str
) -> None:
    browser = sign_in(alice)
    clock.advance(minutes=29)
    assert browser.client.get("/console/", follow_redirects=False).status_code == 200
    clock.advance(minutes=29)  # 58 minutes in, but used 29 minutes ago
    assert browser.client.get("/console/", follow_redirects=False).status_code == 200
    clock.advance(minutes=31)
    idle = browser.client.get("/console/", follow_redirects=False)
    assert (idle.status_code, idle.headers["location"]) == (303, "/console/login")

    browser = sign_in(alice)
    for _ in range(16):  # busy all day: a request every 29 minutes
        clock.advance(minutes=29)
        assert browser.client.get("/console/", follow_redirects=False).status_code == 200
    clock.advance(minutes=29)  # 8 h 13 min after signing in
    assert browser.client.get("/console/", follow_redirects=False).status_code == 303


def test_the_idle_timeout_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from bot.cli.console import console_config
    from bot.settings import Settings

    assert console_config(Settings()).session_idle == timedelta(minutes=30)
    monkeypatch.setenv("SES_CONSOLE_IDLE_MINUTES", "5")
    assert console_config(Settings()).session_idle == timedelta(minutes=5)


def test_milestones_are_powers_of_ten() -> None:
    assert [n for n in range(1, 2001) if milestone(n)] == [1, 10, 100, 1000]
