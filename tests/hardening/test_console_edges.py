"""The console's and the API's edges against a real `ses serve` (issue 14): nobody works a case they
requested; a hidden case and a reference never issued, an unknown assignee and a non-advisor, get
the same bytes; a sign-in posted from another site is refused and audited, the audit chain verifies
anchored; and the files the server wrote are its account's alone. (The same rules in-process, with
their cost and the idle timeout: tests/cases/console/.)"""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bench import fake_slack as fs
from cases.config import ConsoleConfig
from cases.console import issue_login_link
from cases.db import make_engine, make_session_factory, session_scope
from cases.migrate import upgrade
from cases.models import AuditEntry
from cases.services import intake, people
from cases.services.intake import NewCase
from cases.vault import Keyring, Vault
from tests.hardening.conftest import ApiUser, sign_in_api
from tests.hardening.serve_process import SES, ServeProcess, server_env

SECRET = "hardening-console-secret-edges-0123456789abcdef"
MASTER_KEYS = f"1:{base64.b64encode(os.urandom(32)).decode()}"
NEVER_ISSUED = "C-2026-9999"


@dataclass
class Served:
    server: ServeProcess
    factory: sessionmaker[Session]
    config: ConsoleConfig
    env: dict[str, str]
    data_dir: Path

    def user(self, user_id: str) -> ApiUser:
        return sign_in_api(self.factory, self.config, user_id)


@pytest.fixture
def served(tmp_path: Path, data_dir: Path) -> Iterator[Served]:
    database_url = f"sqlite:///{data_dir / 'ses.db'}"
    upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine, vault=Vault.from_keyring(Keyring.parse(MASTER_KEYS)))
    with session_scope(factory) as session:
        people.grant_role(session, user_id="UADV0001", role="advisor")
        people.grant_role(session, user_id="UADV0002", role="advisor")
        people.ensure_person(session, user_id="UPLAIN01")
        people.ensure_person(session, user_id="UPLAIN02")
    fake = fs.FakeSlack().start()
    env = server_env(
        data_dir=data_dir,
        database_url=database_url,
        fake=fake,
        SES_MASTER_KEYS=MASTER_KEYS,
        SES_CONSOLE_SECRET=SECRET,
        SES_PUBLIC_URL="http://127.0.0.1:8000",
    )
    server = ServeProcess(env, tmp_path / "serve.log").start()
    config = ConsoleConfig(public_url="http://127.0.0.1:8000", secret=SECRET.encode())
    try:
        yield Served(server, factory, config, env, data_dir)
    finally:
        server.stop()
        fake.stop()
        engine.dispose()


def _api(served: Served, user: ApiUser, method: str, path: str, **kwargs: object) -> httpx.Response:
    return httpx.request(method, f"{served.server.url}{path}", headers=user.all_headers, timeout=10, **kwargs)  # type: ignore[arg-type]


def test_an_advisor_cannot_work_a_case_they_requested(served: Served) -> None:
    anne = served.user("UADV0001")
    created = _api(served, anne, "POST", "/api/v1/cases", json={"subject": "Un siège", "body": "Puis-je ?"})
    assert created.status_code == 201, created.text
    ref = created.json()["ref"]
    for path, payload in (
        ("claim", {"version": 1}),
        ("assign", {"assignee_id": "UADV0001"}),
        ("status", {"status": "triaged"}),
    ):
        refused = _api(served, anne, "POST", f"/api/v1/cases/{ref}/{path}", json=payload)
        assert refused.status_code in (403, 409) and refused.json()["error"] == "own_request", (
            path,
            refused.text,
        )
    case = _api(served, anne, "GET", f"/api/v1/cases/{ref}").json()
    assert case["status"] == "new" and case["assignee_name"] is None and case["can_work"] is False
    other = served.user("UADV0002")
    assert _api(served, other, "POST", f"/api/v1/cases/{ref}/claim", json={"version": 1}).status_code == 200


def test_hidden_and_unknown_references_and_assignees_get_the_same_bytes(served: Served) -> None:
    with session_scope(served.factory) as session:
        people.grant_role(session, user_id="UCONF001", role="confidential_advisor")
        hidden = intake.open_case(
            session,
            NewCase(requester_id="UPLAIN01", subject="Sujet", body="Détails", confidential=True),
        ).ref
    advisor = served.user("UADV0001")
    forbidden = _api(served, advisor, "GET", f"/api/v1/cases/{hidden}")
    unknown = _api(served, advisor, "GET", f"/api/v1/cases/{NEVER_ISSUED}")
    assert forbidden.status_code == 404
    assert (forbidden.status_code, forbidden.content) == (unknown.status_code, unknown.content)

    ref = _api(served, served.user("UPLAIN01"), "POST", "/api/v1/cases", json={"subject": "S", "body": "B"})
    answers = [
        _api(served, advisor, "POST", f"/api/v1/cases/{ref.json()['ref']}/assign", json={"assignee_id": who})
        for who in ("UNOBODY1", "UPLAIN02")  # no such id; someone who is not an advisor
    ]
    assert answers[0].status_code == 422 and b"UNOBODY1" not in answers[0].content
    assert (answers[0].status_code, answers[0].content) == (answers[1].status_code, answers[1].content)


def test_a_sign_in_from_another_site_is_refused_audited_and_the_chain_verifies_anchored(
    served: Served,
) -> None:
    with session_scope(served.factory) as session:
        link = issue_login_link(session, user_id="UADV0001", config=served.config)
    token = link.split("token=", 1)[1]
    refused = httpx.post(
        f"{served.server.url}/console/login",
        data={"token": token},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        timeout=10,
    )
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    with session_scope(served.factory) as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "console.login_refused" in actions
    signed_in = httpx.post(f"{served.server.url}/console/login", data={"token": token}, timeout=10)
    assert signed_in.status_code == 303, "the link was not spent by the refused post"
    verified = subprocess.run(
        [str(SES), "audit", "verify", "--json", "--require-anchor"],
        env=served.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    report = json.loads(verified.stdout)
    assert report["status"] == "intact" and report["anchored_rows"] > 0 and report["unanchored_rows"] == 0


def test_what_the_server_writes_is_its_account_s_alone(served: Served) -> None:
    mention = fs.mention("Puis-je accepter un cadeau ?")
    body = json.dumps(fs.event_body(mention))
    posted = httpx.post(
        f"{served.server.url}/slack/events",
        content=body,
        headers={"Content-Type": "application/json", **fs.sign(body)},
        timeout=10,
    )
    assert posted.status_code == 200
    names = {p.name for p in served.data_dir.iterdir()}
    assert {"ses.db", "ses.db.inbox", "ses.db.inbox-wal"} <= names, names
    assert stat.S_IMODE(served.data_dir.stat().st_mode) == 0o700
    loose = {}
    for folder, subfolders, files in os.walk(served.data_dir):  # links (the index) not followed
        for path in (Path(folder, name) for name in (*subfolders, *files)):
            mode = stat.S_IMODE(path.lstat().st_mode)
            if not path.is_symlink() and mode & 0o077:
                loose[str(path)] = oct(mode)
    assert not loose
