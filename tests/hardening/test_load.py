"""Load on PostgreSQL, through the real server under uvicorn on loopback: nothing lost, nothing doubled.

- 200 questions from 200 people, sent at once as signed Slack events (50 of them delivered a
  second time, as Slack's retries race the first delivery): each question answered exactly once,
  in its own thread, logged once, and its event marked answered.
- 200 cases written at once through the JSON API, each by a mix of writers — the requester creates
  it, an advisor claims it and replies: 600 writes interleaved over 16 connections. Every case is
  there with its three timeline entries, references are unique and gap-free, the audit chain holds.

The engine is the real one on the small index. Answering is the slow part on two shared cores, and
what is under test here is everything around it (acks, dedupe, the worker pool, posting, the question
log), so each distinct question is asked of the engine once and its real answer reused
(`RememberingAdvisor`, handed to the Runtime through its `advisor` parameter).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bench import fake_slack as fs
from bot.http.server import create_server
from bot.runtime import Runtime
from bot.runtime.console import console_config
from bot.settings import Settings
from cases import audit
from cases.db import session_scope
from cases.models import AuditEntry, Case, CaseEvent, ProcessedEvent, QuestionLog
from cases.services import people
from knowledge import Advisor, Answer, IndexInfo
from tests.bot.live_server import LiveServer
from tests.hardening.conftest import ApiUser, sign_in_api, slack_settings

pytestmark = pytest.mark.postgres

QUESTIONS = (
    "Puis-je accepter un cadeau d'un lobbyiste ?",
    "Quelles activités extérieures me sont interdites ?",
    "Dois-je déclarer un don reçu d'un fournisseur ?",
    "May I accept tickets to a hockey game from a supplier?",
    "What must I disclose after I leave office?",
    "Can I sit on the board of a charity?",
)


class RememberingAdvisor:
    """The real advisor, asked once per distinct question; later askers get the same real answer."""

    def __init__(self, advisor: Advisor) -> None:
        self._advisor = advisor
        self._answers: dict[tuple[str, str | None], Answer] = {}
        self._lock = threading.Lock()
        self.asked = 0

    @property
    def info(self) -> IndexInfo | None:
        return self._advisor.info

    def ask(self, question: str, context: str | None = None) -> Answer:
        with self._lock:
            self.asked += 1
            key = (question, context)
            if key not in self._answers:
                self._answers[key] = self._advisor.ask(question, context=context)
            return self._answers[key]


@pytest.fixture
def load_server(
    tmp_path: Path, pg_url: str, fake_slack: fs.FakeSlack, advisor: Advisor
) -> Iterator[tuple[str, Settings, Runtime, RememberingAdvisor]]:
    settings = slack_settings(tmp_path / "data", pg_url, fake_slack)
    engine = RememberingAdvisor(advisor)
    # 8 "workers" = 16 answering threads: the engine is not the bottleneck here (see above)
    runtime = Runtime(settings, advisor=engine, workers=8, retry_delays=(0.2, 0.4, 0.8, 1.6, 3.2, 5))
    server = LiveServer(create_server(settings, runtime)).start()
    yield server.url, settings, runtime, engine
    server.stop()
    runtime.close()


def test_200_concurrent_questions_are_each_answered_exactly_once(
    load_server: tuple[str, Settings, Runtime, RememberingAdvisor], fake_slack: fs.FakeSlack
) -> None:
    url, _, runtime, engine = load_server
    events = [
        fs.mention(QUESTIONS[n % len(QUESTIONS)], user=f"ULOAD{n:04d}", channel=f"CLOAD{n % 7:04d}")
        for n in range(200)
    ]
    bodies = [json.dumps(fs.event_body(event, f"EvLoad{n:05d}")) for n, event in enumerate(events)]
    deliveries = [(body, None) for body in bodies] + [(body, 1) for body in bodies[::4]]

    def deliver(item: tuple[str, int | None]) -> int:
        body, retry = item
        headers = {"Content-Type": "application/json", **fs.sign(body)}
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return httpx.post(f"{url}/slack/events", content=body, headers=headers, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(deliver, deliveries))
    assert statuses == [200] * len(deliveries)

    fake_slack.wait_for("chat.postMessage", 200, timeout=120)
    assert runtime.inbox.wait_idle(30), "every delivery reported handled"
    answers = fake_slack.calls_to("chat.postMessage")
    assert sorted(c.params["thread_ts"] for c in answers) == sorted(e["ts"] for e in events)
    assert engine.asked == 200  # one engine call per question: retries never reached it

    with runtime.db.session() as session:
        assert session.scalar(select(func.count()).select_from(QuestionLog)) == 200
        claimed = list(session.scalars(select(ProcessedEvent)))
        assert len(claimed) == 200 and all(e.answered_at is not None for e in claimed)


def test_200_cases_written_at_once_by_requesters_and_advisors_are_all_whole(
    load_server: tuple[str, Settings, Runtime, RememberingAdvisor],
) -> None:
    url, settings, runtime, _ = load_server
    factory = runtime.db.factory
    requesters = [f"UREQLD{n:03d}" for n in range(20)]
    advisors = [f"UADVLD{n:03d}" for n in range(4)]
    with session_scope(factory) as session:
        for uid in requesters:
            people.ensure_person(session, user_id=uid, display_name=f"Requester {uid}", locale="fr")
        for uid in advisors:
            people.ensure_person(session, user_id=uid, display_name=f"Advisor {uid}", locale="en")
            people.grant_role(session, user_id=uid, role="advisor")
    config = console_config(settings)
    sessions = {uid: sign_in_api(factory, config, uid) for uid in requesters + advisors}

    def post(client: httpx.Client, user: ApiUser, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        response = client.post(f"{url}{path}", json=payload, headers=user.all_headers)
        assert response.status_code in (200, 201), (path, response.status_code, response.text)
        return dict(response.json())

    local = threading.local()

    def work(n: int) -> str:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=60)
        requester, advisor = sessions[requesters[n % 20]], sessions[advisors[n % 4]]
        case = post(
            client,
            requester,
            "/api/v1/cases",
            {
                "subject": f"Cadeau {n}",
                "body": f"Un fournisseur m'offre le cadeau n° {n}.",
                "category": "gifts_hospitality",
            },
        )
        ref = case["ref"]
        claimed = post(client, advisor, f"/api/v1/cases/{ref}/claim", {"version": case["version"]})
        post(
            client,
            advisor,
            f"/api/v1/cases/{ref}/messages",
            {"body": f"Réponse au dossier {n}.", "internal": False, "version": claimed["version"]},
        )
        return ref

    with ThreadPoolExecutor(max_workers=16) as pool:
        refs = list(pool.map(work, range(200)))

    assert len(set(refs)) == 200
    year = refs[0].split("-")[1]
    assert sorted(refs) == [f"SES-{year}-{n:04d}" for n in range(1, 201)]
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 200
        kinds: dict[int, list[str]] = {}
        for case_id, kind in session.execute(
            select(CaseEvent.case_id, CaseEvent.kind).order_by(CaseEvent.id)
        ):
            kinds.setdefault(case_id, []).append(kind)
        assert len(kinds) == 200
        # the same whole story for every case: opened, claimed (assignment + status), answered
        shapes = {tuple(k) for k in kinds.values()}
        assert len(shapes) == 1, shapes
        shape = next(iter(shapes))
        assert shape[0] == "created" and shape[-1] == "reply" and "assignment" in shape, shape
        for case in session.scalars(select(Case)):
            assert case.assignee_id in advisors and case.first_response_at is not None
        per_case = session.execute(
            select(AuditEntry.target, func.count())
            .where(AuditEntry.target.like("SES-%"))
            .group_by(AuditEntry.target)
        ).all()
        assert len(per_case) == 200 and len({count for _, count in per_case}) == 1, per_case[:5]
        report = audit.verify(session)
        assert report.ok, report
