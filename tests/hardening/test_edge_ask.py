"""The web ask endpoint against real `ses serve` processes: a per-client allowance shared by every
process, an address a client cannot choose (X-Forwarded-For only from a trusted proxy), at most so
many web questions in flight so that Slack always finds an engine, and a signed-in mode."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from bot.runtime.console import console_config
from bot.settings import Settings
from cases.db import make_engine, make_session_factory, session_scope
from cases.services import people
from tests.hardening.conftest import sign_in_api
from tests.hardening.edge import assert_no_traceback, start_server
from tests.hardening.serve_process import ServeProcess

QUESTION = "Puis-je accepter un cadeau d'un lobbyiste ?"
LONG = " ".join(["Un fournisseur m'offre des billets, un repas et un voyage : que dois-je déclarer ?"] * 20)[
    :2000
]


@pytest.fixture(scope="module")
def fake() -> Iterator[fs.FakeSlack]:
    slack = fs.FakeSlack().start()
    yield slack
    slack.stop()


def _early_in_a_minute(margin: float = 20.0) -> None:
    """Allowances are counted in fixed one-minute windows (aligned on the clock): a sequence that
    checks one starts early in a window, so that it does not straddle two."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.1)  # waiting for the wall clock, not for the server


def _ask(server: ServeProcess, question: str = QUESTION, **headers: str) -> httpx.Response:
    return httpx.post(f"{server.url}/api/v1/ask", json={"question": question}, headers=headers, timeout=60)


@pytest.mark.postgres
def test_an_anonymous_allowance_is_counted_across_processes_and_forwarded_for_does_not_reset_it(
    tmp_path: Path, small_index: Path, fake: fs.FakeSlack, pg_url: str
) -> None:
    """Two processes on one database: three questions a minute from this address, wherever they land."""
    servers = [
        start_server(
            tmp_path / f"s{n}", small_index, fake, database_url=pg_url, SES_WEB_ASK_RATE_PER_MINUTE="3"
        )
        for n in range(2)
    ]
    try:
        _early_in_a_minute()
        statuses = [_ask(servers[n % 2]).status_code for n in range(3)]
        assert statuses == [200, 200, 200]
        refused = _ask(servers[1], **{"Accept-Language": "en"})
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert (
            refused.json()["error"] == "rate_limited"
            and "3 questions per minute" in refused.json()["message"]
        )
        spoofed = _ask(servers[0], **{"X-Forwarded-For": "203.0.113.9"})
        assert spoofed.status_code == 429, "no trusted proxy: the header names nobody"
        for server in servers:
            assert_no_traceback(server)
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def behind_proxy(
    tmp_path_factory: pytest.TempPathFactory, small_index: Path, fake: fs.FakeSlack
) -> Iterator[ServeProcess]:
    """A server behind a proxy on 127.0.0.1, one engine process: at most one web question at a time."""
    process = start_server(
        tmp_path_factory.mktemp("edge-proxy"),
        small_index,
        fake,
        SES_TRUSTED_PROXIES='["127.0.0.1"]',
        SES_WEB_ASK_RATE_PER_MINUTE="2",
        SES_ASK_WORKERS="1",
    )
    yield process
    process.stop()


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance(
    behind_proxy: ServeProcess,
) -> None:
    _early_in_a_minute()
    first = [_ask(behind_proxy, **{"X-Forwarded-For": "198.51.100.1"}).status_code for _ in range(3)]
    assert first == [200, 200, 429]
    assert _ask(behind_proxy, **{"X-Forwarded-For": "198.51.100.2"}).status_code == 200
    assert_no_traceback(behind_proxy)


def test_web_questions_in_flight_are_capped_and_the_others_told_to_retry(behind_proxy: ServeProcess) -> None:
    """Forty clients at once (each its own address, so their allowances are not what stops them):
    one engine process, so one web question at a time; the others get 503 and Retry-After at once."""

    def ask(n: int) -> httpx.Response:
        return _ask(behind_proxy, LONG, **{"X-Forwarded-For": f"192.0.2.{n}", "Accept-Language": "en"})

    with ThreadPoolExecutor(max_workers=40) as pool:
        responses = list(pool.map(ask, range(1, 41)))
    statuses = [r.status_code for r in responses]
    assert set(statuses) == {200, 503}, statuses
    busy = next(r for r in responses if r.status_code == 503)
    assert busy.json()["error"] == "busy" and busy.headers["Retry-After"] == "1"
    assert_no_traceback(behind_proxy)


def test_signed_in_mode_asks_for_a_console_session(
    tmp_path: Path, small_index: Path, fake: fs.FakeSlack
) -> None:
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    server = start_server(tmp_path, small_index, fake, SES_WEB_ASK="signed-in")
    engine = make_engine(database_url)
    try:
        anonymous = _ask(server, **{"Accept-Language": "en"})
        assert anonymous.status_code == 401 and anonymous.json()["error"] == "sign_in_required"
        assert "/ses console" in anonymous.json()["message"]
        forged = _ask(server, Cookie="ses_console=not-a-session")
        assert forged.status_code == 401
        factory = make_session_factory(engine)
        with session_scope(factory) as session:
            people.ensure_person(session, user_id="UWEBASK01", display_name="Rita", locale="fr")
        settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
        user = sign_in_api(factory, console_config(settings), "UWEBASK01")
        answered = _ask(server, **user.all_headers)
        assert answered.status_code == 200 and answered.json()["citations"]
        assert httpx.get(f"{server.url}/", timeout=10).status_code == 200  # the page, to sign-in users
        assert_no_traceback(server)
    finally:
        engine.dispose()
        server.stop()
