"""The canary: a unique random string put in a confidential request, then looked for everywhere.

One request goes through every way in — the Slack services (question log, intake, attachment), the
console and the JSON API (reply, internal note, requester's message) — while logging runs at DEBUG
everywhere, SQLAlchemy's statements included. Then the canary must be absent from the database's
bytes (the SQLite file and its WAL; a `pg_dump` of the PostgreSQL schema), from every log line,
and from everything shown to people without the role; their answers for the real reference must be
byte-identical to those for a reference never issued, and every list, count, dashboard and export
they get must be exactly what it was before the request existed.
"""

from __future__ import annotations

import glob
import logging
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from cases import audit
from cases.config import ConsoleConfig
from cases.console import build_console
from cases.db import session_scope
from cases.models import AuditEntry, Person
from cases.services import people, queries, stats
from cases.services.attachments import add_attachment
from cases.services.confidential import open_confidential_request
from cases.services.feedback import record_feedback
from cases.services.intake import NewCase
from cases.services.lifecycle import Act
from cases.services.questions import log_question
from cases.services.replies import ReplyNotice
from cases.vault import Vault
from tests.cases import factories
from tests.cases.console.conftest import FakeClock, csrf_in, link_for, token_of

NEVER_ISSUED = "SES-C-7KQ2Z-9MDXW"
OUTSIDERS = ("alice", "ada", "ben", "oscar", "ivan")


@dataclass
class Browser:
    client: TestClient
    user_id: str
    csrf: str

    def form(self, path: str, **data: object) -> Any:
        return self.client.post(path, data={"csrf_token": self.csrf, **data}, follow_redirects=False)

    def api(self, method: str, path: str, json: object | None = None) -> Any:
        return self.client.request(method, path, json=json, headers={"X-CSRF-Token": self.csrf})


@pytest.fixture
def delivered() -> list[ReplyNotice]:
    return []


@pytest.fixture
def canary_app(
    factory: sessionmaker[Session],
    console_config: ConsoleConfig,
    clock: FakeClock,
    delivered: list[ReplyNotice],
) -> FastAPI:
    app = FastAPI()
    for router in build_console(factory, console_config, clock=clock, on_reply=delivered.append):
        app.include_router(router)
    return app


@pytest.fixture
def open_browser(
    canary_app: FastAPI, factory: sessionmaker[Session], console_config: ConsoleConfig, clock: FakeClock
) -> Iterator[Any]:
    clients: list[TestClient] = []

    def make(user_id: str) -> Browser:
        client = TestClient(canary_app, base_url="http://127.0.0.1:8000")
        clients.append(client)
        token = token_of(link_for(factory, console_config, user_id, clock))
        page = client.post("/console/login", data={"token": token}, follow_redirects=True)
        assert page.status_code == 200
        return Browser(client, user_id, csrf_in(page.text))

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> Iterator[Any]:
    """`ses …` in-process on the test's database, with the test's keys, logging at DEBUG into caplog."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    monkeypatch.setenv("SES_LOG_LEVEL", "DEBUG")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        root.addHandler(caplog.handler)  # `ses` reconfigures logging: keep capturing
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


def _pg_dump(db_url: str) -> bytes:
    found = shutil.which("pg_dump") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))), None
    )
    assert found, "pg_dump is needed for this test (installed with the PostgreSQL server)"
    url = make_url(db_url)
    options = str(url.query.get("options", ""))
    schema = options.split("search_path=", 1)[1] if "search_path=" in options else "public"
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    command = [
        found,
        "--host",
        url.host or "127.0.0.1",
        "--port",
        str(url.port or 5432),
        "--username",
        url.username or "postgres",
        "--schema",
        schema,
        "--no-owner",
        url.database or "",
    ]
    return subprocess.run(command, env=env, check=True, capture_output=True, timeout=120).stdout


def _database_bytes(backend: str, db_url: str) -> bytes:
    if backend == "postgres":
        return _pg_dump(db_url)
    path = Path(make_url(db_url).database or "")
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def _answer(run: tuple[int, str, str]) -> tuple[int, str, list[str]]:
    code, out, err = run
    return code, out, [line for line in err.splitlines() if line.startswith("ses:")]


def test_the_canary_is_nowhere_it_should_not_be(
    backend: str,
    db_url: str,
    factory: sessionmaker[Session],
    vault: Vault,
    clock: FakeClock,
    open_browser: Any,
    cli: Any,
    delivered: list[ReplyNotice],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    monkeypatch.setenv("SES_DATABASE_URL", db_url)
    monkeypatch.setenv("SES_MASTER_KEYS", vault.keyring().dumps())
    canary = f"CANARY{secrets.token_hex(16)}"
    ordinary_marker = f"ORDINARY{secrets.token_hex(8)}"  # proves the searches below do find plaintext
    now = clock()

    with session_scope(factory) as s:
        ids = {
            "rita": factories.person(s, name="Rita Member").user_id,
            "carla": factories.person(s, roles=["confidential_advisor"], name="Carla").user_id,
            "alice": factories.advisor(s, name="Alice").user_id,
            "ada": factories.person(s, roles=["admin"], name="Ada").user_id,
            "ben": factories.person(s, roles=["admin", "advisor"], name="Ben").user_id,
            "oscar": factories.person(s, name="Oscar").user_id,
            "ivan": factories.person(s, roles=["indexer"], name="Ivan").user_id,
        }
        people.ensure_person(s, user_id=ids["rita"], office_kind="adjudicative_member")
        ordinary = factories.case(s, requester=s.get(Person, ids["oscar"]), now=now)
        ordinary_ref = ordinary.ref
        factories.case(s, subject=f"Gala {ordinary_marker}", now=now)
        # The bot exchange that leads to the request: not retained for an adjudicative member.
        record_feedback(
            s,
            user_id=ids["rita"],
            question=f"Puis-je siéger? {canary}",
            answer=f"Réponse {canary}",
            citations=[{"title": canary}],
            helpful=False,
            lang="fr",
        )
    browsers = {name: open_browser(ids[name]) for name in (*OUTSIDERS, "carla", "rita")}

    def surfaces(name: str) -> dict[str, bytes]:
        """Everything that lists, counts or exports cases, as `name` gets it."""
        browser, uid = browsers[name], ids[name]
        seen = {
            "queue": browser.client.get("/console/?closed=1").content,
            "queue_open": browser.client.get("/console/").content,
            "dashboard": browser.client.get("/console/dashboard").content,
            "export": browser.form("/console/export.csv").content,
            "api_list": browser.client.get("/api/v1/cases").content,
            "api_list_open": browser.client.get("/api/v1/cases?include_closed=false&overdue=true").content,
            "cli_list": cli("cases", "list", "--as", uid, "--json")[1].encode(),
        }
        with session_scope(factory) as s:
            figures = stats.dashboard(s, viewer_id=uid, now=now) if name in ("alice", "ada", "ben") else None
            seen["services"] = repr(
                (
                    [c.ref for c in queries.list_cases(s, viewer_id=uid, now=now)],
                    [c.ref for c in queries.requester_cases(s, requester_id=ids["rita"], viewer_id=uid)],
                    [c.ref for c in queries.advisor_queue(s, advisor_id=uid)] if name != "oscar" else [],
                    queries.confidential_waiting(s, advisor_id=uid),
                    None
                    if figures is None
                    else (
                        figures.open_by_category,
                        figures.open_by_status,
                        figures.open_total,
                        figures.overdue_open,
                        figures.sla_breaches,
                        figures.median_first_response,
                        figures.helpful,
                        figures.not_helpful,
                        figures.weeks,
                        [q.id for q in figures.unanswered],
                    ),
                )
            ).encode()
        return seen

    before = {name: surfaces(name) for name in OUTSIDERS}

    # --- the confidential request, through every way in --------------------------------------
    with session_scope(factory) as s:
        logged = log_question(
            s,
            user_id=ids["rita"],
            channel="DRITA01",
            thread_ts="1700000000.000100",
            question=f"Puis-je siéger? {canary}",
            lang="fr",
            answer=f"Réponse {canary}",
            citations=[{"title": canary}],
            abstained=True,
            refused=False,
        )
        receipt = open_confidential_request(
            s,
            NewCase(
                requester_id=ids["rita"],
                subject=f"Récusation {canary}",
                body=f"Mon beau-frère {canary} comparaît devant moi.",
                category="conflict_of_interest",
                question_log_id=logged.id,
                source_question=f"Puis-je siéger? {canary}",
                source_answer=f"Réponse {canary}",
                source_citations=[{"title": canary, "section": "21"}],
            ),
            now=now,
        )
        add_attachment(
            s,
            Act(ref=receipt.ref, actor_id=ids["rita"], now=now),
            filename=f"lettre-{canary}.txt",
            text=f"Lettre {canary}",
        )
    ref = receipt.ref
    assert receipt.notify_user_ids == (ids["carla"],)

    carla, rita = browsers["carla"], browsers["rita"]
    page = carla.client.get(f"/console/cases/{ref}")
    assert page.status_code == 200 and canary in page.text  # the advisor does read it
    version = carla.client.get(f"/api/v1/cases/{ref}").json()["version"]
    reply = carla.form(
        f"/console/cases/{ref}/messages", body=f"Réponse {canary}", visibility="reply", version=version
    )
    assert reply.status_code == 303
    assert [(n.requester_id, n.text) for n in delivered] == [(ids["rita"], f"Réponse {canary}")]
    assert carla.form(f"/console/cases/{ref}/messages", body=f"Note {canary}").status_code == 303
    api_note = carla.api("POST", f"/api/v1/cases/{ref}/messages", {"body": f"Note API {canary}"})
    assert api_note.status_code == 201 and api_note.json()["body"] == f"Note API {canary}"
    assert (
        rita.form(f"/console/cases/{ref}/messages", body=f"Merci {canary}", visibility="reply").status_code
        == 303
    )
    own = rita.client.get(f"/console/cases/{ref}")
    assert f"Réponse {canary}" in own.text and f"Note {canary}" not in own.text
    assert canary in cli("cases", "show", ref, "--as", ids["carla"], "--json")[1]

    # --- people without the role: the same answer as for a reference never issued ------------
    def attempts(browser: Browser, target: str) -> list[Any]:
        return [
            browser.client.get(f"/console/cases/{target}"),
            browser.form(f"/console/cases/{target}/claim", version=version),
            browser.form(f"/console/cases/{target}/assign", assignee_id=ids["carla"]),
            browser.form(f"/console/cases/{target}/status", status="closed"),
            browser.form(f"/console/cases/{target}/messages", body="x", visibility="reply"),
            browser.form(f"/console/cases/{target}/delete", confirm="1"),
            browser.client.get(f"/api/v1/cases/{target}"),
            browser.api("POST", f"/api/v1/cases/{target}/claim", {}),
            browser.api("POST", f"/api/v1/cases/{target}/assign", {"assignee_id": ids["carla"]}),
            browser.api("POST", f"/api/v1/cases/{target}/status", {"status": "closed"}),
            browser.api("POST", f"/api/v1/cases/{target}/messages", {"body": "x", "internal": False}),
            browser.api("DELETE", f"/api/v1/cases/{target}"),
        ]

    for name in OUTSIDERS:
        real, unknown = attempts(browsers[name], ref), attempts(browsers[name], NEVER_ISSUED)
        for got, expected in zip(real, unknown, strict=True):
            assert got.status_code == expected.status_code == 404, (name, got.request.url)
            assert got.headers.items() == expected.headers.items()
            assert got.content == expected.content
            assert canary.encode() not in got.content and ref.encode() not in got.content
        shown, unknown_shown = (cli("cases", "show", r, "--as", ids[name]) for r in (ref, NEVER_ISSUED))
        assert canary not in "".join(map(str, shown))
        # stderr also carries this run's DEBUG log lines (timestamps): compare the answer itself
        assert _answer(shown) == _answer(unknown_shown) and _answer(shown)[0] == 2
        after = surfaces(name)
        assert after == before[name], name
        assert not any(canary.encode() in body or ref.encode() in body for body in after.values())

    # --- storage, logs, audit --------------------------------------------------------------------
    stored = _database_bytes(backend, db_url)
    assert ordinary_marker.encode() in stored and ordinary_ref.encode() in stored
    assert canary.encode() not in stored
    assert canary.encode("utf-16-le") not in stored
    for record in caplog.records:
        assert canary not in record.getMessage(), record.name
    assert canary not in caplog.text
    with session_scope(factory) as s:
        assert audit.verify(s).ok
        entries = audit.entries(s, target=ref, limit=500)

        def who(e: AuditEntry) -> str | None:  # the shell's operator acted for `--as`
            return e.details.get("on_behalf_of", e.actor_id)

        denied = {who(e) for e in entries if e.action == "case.access_denied"}
        assert denied == {ids[name] for name in OUTSIDERS}
        reads = [e for e in entries if e.action == "case.read"]
        assert {who(e) for e in reads} == {ids["carla"], ids["rita"]}
        assert any(e.actor_id.startswith("op:") for e in reads if e.actor_id)
