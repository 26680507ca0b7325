"""`ses serve` killed with SIGKILL mid-work, then started again on the same PostgreSQL database.

One kill lands while an answer is being prepared (the fake Slack holds the user lookup that opens
every answer, after the event was claimed) and while 50 case creations go through the JSON API.

- The answer: after the restart Slack retries the event (same event_id, X-Slack-Retry-Num: 1) and it
  is answered exactly once overall; an event answered before the kill is not answered again.
- The cases: every case is whole (case row, its `created` timeline entry, its audit entry), the
  references have no gap, the audit chain verifies, and every 201 the client saw is there.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bench import fake_slack as fs
from cases import audit
from cases.config import ConsoleConfig
from cases.db import make_engine, make_session_factory, session_scope
from cases.models import AuditEntry, Case, CaseEvent, ProcessedEvent
from cases.services import people
from cases.vault import Keyring, Vault
from tests.hardening.conftest import ApiUser, sign_in_api
from tests.hardening.serve_process import ServeProcess, server_env, wait_inbox_drained

pytestmark = pytest.mark.postgres

CONSOLE_SECRET = "hardening-console-secret-0123456789abcdef"
MASTER_KEYS = f"1:{base64.b64encode(os.urandom(32)).decode()}"


class HoldingSlack(fs.FakeSlack):
    """The fake Slack, able to hold calls of one method for one user until released (or for ever):
    a process killed meanwhile never gets the answer, as if Slack were slow at that moment."""

    def __init__(self) -> None:
        super().__init__()
        self.hold_user: str | None = None
        self.held = threading.Event()
        self.release = threading.Event()

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        if self.hold_user and handler.path.endswith("/users.info"):
            params = dict(parse_qsl(body.decode("utf-8")))
            if params.get("user") == self.hold_user:
                self.held.set()
                self.release.wait(60)
                return  # the caller is dead by now: no answer, nothing recorded
        super()._handle(handler, body)


@pytest.fixture
def holding_slack() -> Iterator[HoldingSlack]:
    fake = HoldingSlack().start()
    yield fake
    fake.release.set()
    fake.stop()


def _env(data_dir: Path, pg_url: str, fake: fs.FakeSlack) -> dict[str, str]:
    return server_env(
        data_dir=data_dir,
        database_url=pg_url,
        fake=fake,
        SES_EVENT_RECLAIM_SECONDS="2",
        SES_CONSOLE_SECRET=CONSOLE_SECRET,
        SES_MASTER_KEYS=MASTER_KEYS,
    )


def _deliver(url: str, body: str, retry: int | None = None) -> int:
    headers = {"Content-Type": "application/json", **fs.sign(body)}
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    try:
        return httpx.post(f"{url}/slack/events", content=body, headers=headers, timeout=10).status_code
    except httpx.HTTPError:
        return 0  # the server is down: Slack will retry


def _answers_in(fake: fs.FakeSlack, thread_ts: str) -> int:
    return len([c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts") == thread_ts])


def test_a_kill_mid_answer_and_mid_case_writes_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, data_dir: Path, pg_url: str, holding_slack: HoldingSlack
) -> None:
    """One SIGKILL while an answer is being prepared and case creations are in flight."""
    env = _env(data_dir, pg_url, holding_slack)
    engine = make_engine(pg_url)
    factory = make_session_factory(engine, vault=Vault.from_keyring(Keyring.parse(MASTER_KEYS)))
    with session_scope(factory) as session:
        people.ensure_person(session, user_id="UREQKILL1", display_name="Rita", locale="fr")
    config = ConsoleConfig(public_url="http://127.0.0.1:8000", secret=CONSOLE_SECRET.encode())
    user = sign_in_api(factory, config, "UREQKILL1")
    first = ServeProcess(env, tmp_path / "serve-1.log")
    second = ServeProcess(env, tmp_path / "serve-2.log")
    try:
        first.start()
        # an event answered before the kill
        done = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?", user="UDONE001", channel="CKILL001")
        done_body = json.dumps(fs.event_body(done, "EvKillDone1"))
        assert _deliver(first.url, done_body) == 200
        holding_slack.wait_for(
            "chat.postMessage", where=lambda c: c.params.get("thread_ts") == done["ts"], timeout=60
        )
        # an event whose answer has started (claimed, user looked up) when the kill lands
        holding_slack.hold_user = "UKILL001"
        cut = fs.mention("Quelles sont les règles sur les dons ?", user="UKILL001", channel="CKILL001")
        cut_body = json.dumps(fs.event_body(cut, "EvKillCut01"))
        assert _deliver(first.url, cut_body) == 200
        assert holding_slack.held.wait(60), "the answer never started"
        # and case creations in flight
        created = _create_cases_until_killed(first, user)
        assert _answers_in(holding_slack, cut["ts"]) == 0
        holding_slack.release.set()
        holding_slack.hold_user = None

        second.start()  # starting takes longer than SES_EVENT_RECLAIM_SECONDS: the dead claim is stale
        listed = httpx.get(f"{second.url}/api/v1/cases", headers=user.all_headers, timeout=10)
        assert listed.status_code == 200, listed.text
        _check_cases_whole(factory, created, {c["ref"] for c in listed.json()})

        # Slack retries both deliveries it is unsure of
        assert _deliver(second.url, cut_body, retry=1) == 200
        assert _deliver(second.url, done_body, retry=1) == 200
        holding_slack.wait_for(
            "chat.postMessage", where=lambda c: c.params.get("thread_ts") == cut["ts"], timeout=60
        )
        assert _deliver(second.url, cut_body, retry=2) == 200  # answered now: a duplicate again
        wait_inbox_drained(pg_url)
        assert _answers_in(holding_slack, cut["ts"]) == 1, second.tail()
        assert _answers_in(holding_slack, done["ts"]) == 1, second.tail()
        with session_scope(factory) as session:
            events = {e.event_id: e for e in session.scalars(select(ProcessedEvent))}
        assert events["EvKillCut01"].answered_at is not None
        assert events["EvKillDone1"].answered_at is not None
    finally:
        first.stop()
        second.stop()
        engine.dispose()


def _create_cases_until_killed(server: ServeProcess, user: ApiUser) -> list[str]:
    """50 creations through the API, 16 at a time; SIGKILL once 10 are acknowledged."""
    created: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()

    def create(n: int) -> None:
        try:
            response = httpx.post(
                f"{server.url}/api/v1/cases",
                json={
                    "subject": f"Invitation {n}",
                    "body": f"Puis-je accepter l'invitation n° {n} ?",
                    "category": "gifts_hospitality",
                },
                headers=user.all_headers,
                timeout=30,
            )
        except httpx.HTTPError:
            return  # cut by the kill: the case may or may not exist, but whole if it does
        assert response.status_code == 201, response.text
        with lock:
            created.append(response.json()["ref"])
            if len(created) >= 10:
                enough.set()

    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(create, n) for n in range(50)]
        assert enough.wait(60), server.tail()
        server.kill()
        for future in futures:
            future.result(30)
    assert 10 <= len(created) < 50, f"the kill should land mid-way ({len(created)} created)"
    return created


def _check_cases_whole(factory: sessionmaker[Session], acknowledged: list[str], listed: set[str]) -> None:
    with session_scope(factory) as session:
        cases = list(session.scalars(select(Case)))
        refs = sorted(c.ref for c in cases)
        assert set(acknowledged) <= set(refs), "a case acknowledged with 201 was lost"
        assert listed == set(refs)
        year = refs[0].split("-")[1]
        assert refs == [f"SES-{year}-{n:04d}" for n in range(1, len(refs) + 1)], "references have a gap"
        for case in cases:
            kinds = list(session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)))
            assert kinds == ["created"], (case.ref, kinds)
            entries = session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.target == case.ref, AuditEntry.action == "case.created")
            )
            assert entries == 1, case.ref
        report = audit.verify(session)
        assert report.ok, report
