"""A confidential case's text never travels in Slack, against a real `ses serve`: the advisor's reply
reaches the requester as a content-free notice with a single-use sign-in link, and a follow-up typed
in that DM thread is not kept (the requester is told, in their language, to write in the console).
Nor is it left in the clear in the SQLite files — the database, the Slack inbox's file and their
write-ahead logs, read while the server runs, and after it stopped — nor in the server's log."""

from __future__ import annotations

import base64
import json
import os
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bench import fake_slack as fs
from bot.flows.triage import DM_KIND
from bot.slack.blocks import ids
from cases.config import ConsoleConfig
from cases.db import make_engine, make_session_factory, session_scope
from cases.migrate import upgrade
from cases.models import Case, CaseEvent
from cases.services import people, threads
from cases.vault import Keyring, Vault
from tests.hardening.conftest import sign_in_api
from tests.hardening.serve_process import ServeProcess, server_env, wait_inbox_drained

CONSOLE_SECRET = "hardening-console-secret-confidential-0123456789"
MASTER_KEYS = f"1:{base64.b64encode(os.urandom(32)).decode()}"
PUBLIC_URL = "http://127.0.0.1:8000"


def _post(url: str, body: str, content_type: str) -> httpx.Response:
    headers = {"Content-Type": content_type, **fs.sign(body)}
    return httpx.post(f"{url}/slack/events", content=body, headers=headers, timeout=10)


def test_a_confidential_reply_and_follow_up_never_travel_in_slack(tmp_path: Path, data_dir: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine, vault=Vault.from_keyring(Keyring.parse(MASTER_KEYS)))
    with session_scope(factory) as session:
        people.grant_role(session, user_id="UCONF001", role="confidential_advisor")
    request, reply, follow_up, typed = (
        f"{word}-{uuid.uuid4().hex}" for word in ("DEMANDE", "REPONSE", "SUITE", "COMMANDE")
    )
    secrets = (request, reply, follow_up, typed)
    fake = fs.FakeSlack().start()
    env = server_env(
        data_dir=data_dir,
        database_url=database_url,
        fake=fake,
        SES_MASTER_KEYS=MASTER_KEYS,
        SES_CONSOLE_SECRET=CONSOLE_SECRET,
        SES_PUBLIC_URL=PUBLIC_URL,
    )
    server = ServeProcess(env, tmp_path / "serve.log")
    try:
        server.start()
        command = fs.command_form(
            f"confidentiel {typed}", user="UREQ0001", response_url=fake.response_url("conf")
        )
        assert _post(server.url, command, "application/x-www-form-urlencoded").status_code == 200
        [opened] = fake.wait_for("views.open", timeout=60)
        form = fs.view_submission_form(
            opened.params["view"],
            {ids.CASE_SUBJECT: f"Sujet {request}", ids.CASE_DETAILS: f"Détails {request}"},
            user="UREQ0001",
        )
        assert _post(server.url, form, "application/x-www-form-urlencoded").status_code == 200
        with session_scope(factory) as session:
            ref = session.scalars(select(Case.ref).where(Case.requester_id == "UREQ0001")).one()

        advisor = sign_in_api(
            factory, ConsoleConfig(public_url=PUBLIC_URL, secret=CONSOLE_SECRET.encode()), "UCONF001"
        )
        answered = httpx.post(
            f"{server.url}/api/v1/cases/{ref}/messages",
            json={"body": f"Réponse {reply}", "internal": False},
            headers=advisor.all_headers,
            timeout=10,
        )
        assert answered.status_code == 201, answered.text
        [notice] = fake.wait_for(
            "chat.postMessage",
            where=lambda c: ref in c.params["text"] and "répondu" in c.params["text"],
            timeout=60,
        )
        assert notice.params["channel"] == "DREQ0001"
        assert f"{PUBLIC_URL}/console/login?token=" in notice.params["text"], "a sign-in link"

        events_before = _event_kinds(factory, ref)
        with session_scope(factory) as session:  # the notice's DM, linked to the case
            notice_ts = threads.threads_of(session, ref=ref, kind=DM_KIND)[-1].ts
        thread = fs.message(
            f"Merci, et aussi : {follow_up}", user="UREQ0001", channel="DREQ0001", thread_ts=notice_ts
        )
        assert _post(server.url, json.dumps(fs.event_body(thread)), "application/json").status_code == 200
        [told] = fake.wait_for(
            "chat.postMessage", where=lambda c: c.params.get("thread_ts") == notice_ts, timeout=60
        )
        assert "n'a pas été enregistré" in told.params["text"] and "console" in told.params["text"]
        wait_inbox_drained(database_url)
        assert _event_kinds(factory, ref) == events_before, "the follow-up joined no timeline"
        _assert_nowhere(tmp_path, secrets, "while the server runs")
    finally:
        server.stop()
        fake.stop()
        engine.dispose()
    for call in fake.calls:
        for secret in secrets:
            assert secret not in str(call.params), (call.method, secret)
    _assert_nowhere(tmp_path, secrets, "once the server stopped")


def _assert_nowhere(folder: Path, secrets: tuple[str, ...], when: str) -> None:
    """Not in the bytes of the SQLite files (ses.db, ses.db.inbox, their -wal and -shm) nor the log."""
    files = sorted(folder.glob("ses.db*")) + [folder / "serve.log"]
    assert {p.name for p in files} >= {"ses.db", "ses.db.inbox", "serve.log"}, [p.name for p in files]
    for path in files:
        raw = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in raw, f"{secret} in {path.name} {when}"


def _event_kinds(factory: sessionmaker[Session], ref: str) -> list[str]:
    with session_scope(factory) as session:
        case_id = session.scalars(select(Case.id).where(Case.ref == ref)).one()
        return list(session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id)))
