"""A signed slash command, button click or modal submission replayed within the signature window is
worked once, against a real `ses serve` (each was worked every time before: three confidential cases,
three sign-in links)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import httpx
from sqlalchemy import func, select

from bench import fake_slack as fs
from bot.slack.blocks import ids
from cases.db import make_engine, make_session_factory, session_scope
from cases.migrate import upgrade
from cases.models import Case
from cases.services import people
from tests.hardening.serve_process import ServeProcess, server_env, wait_inbox_drained

MASTER_KEYS = f"1:{base64.b64encode(os.urandom(32)).decode()}"
FORM = "application/x-www-form-urlencoded"


def _three_times(url: str, body: str) -> list[int]:
    headers = {"Content-Type": FORM, **fs.sign(body)}  # one signature, replayed as captured
    return [
        httpx.post(f"{url}/slack/events", content=body, headers=headers, timeout=10).status_code
        for _ in range(3)
    ]


def test_replayed_commands_clicks_and_submissions_are_worked_once(tmp_path: Path, data_dir: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        people.ensure_person(session, user_id="UREPLAY1", display_name="Rémi", locale="fr")
    fake = fs.FakeSlack().start()
    env = server_env(
        data_dir=data_dir,
        database_url=database_url,
        fake=fake,
        SES_MASTER_KEYS=MASTER_KEYS,
        SES_CONSOLE_SECRET="hardening-console-secret-replay-0123456789",
    )
    server = ServeProcess(env, tmp_path / "serve.log")
    try:
        server.start()
        link = fs.command_form("console", user="UREPLAY1", response_url=fake.response_url("link"))
        assert _three_times(server.url, link) == [200, 200, 200]
        opener = fs.command_form("confidentiel", user="UREPLAY1", response_url=fake.response_url("conf"))
        assert _three_times(server.url, opener) == [200, 200, 200]
        [opened] = fake.wait_for("views.open", timeout=60)
        submission = fs.view_submission_form(
            opened.params["view"],
            {ids.CASE_SUBJECT: "Un cadeau", ids.CASE_DETAILS: "Une bouteille."},
            user="UREPLAY1",
        )
        assert _three_times(server.url, submission) == [200, 200, 200]
        click = fs.action_form(
            {"action_id": ids.CONFIDENTIAL_REQUEST, "value": "x"},
            user="UREPLAY1",
            response_url=fake.response_url("c"),
        )
        assert _three_times(server.url, click) == [200, 200, 200]
        wait_inbox_drained(database_url)
    finally:
        server.stop()
        fake.stop()
    links = [
        c for c in fake.calls_to("chat.postMessage") if "/console/login?token=" in str(c.params.get("text"))
    ]
    assert len(links) == 1, "one sign-in link"
    assert len(fake.calls_to("views.open")) == 2, "one modal for the command, one for the click"
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1, "one confidential case"
    engine.dispose()
