"""Confidential requests from Slack: a private modal, a sealed case, content-free notices, no leaks."""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy import create_engine, text

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.blocks import ids
from cases.services import intake, people
from cases.services.intake import NewCase
from knowledge import Advisor
from tests.bot.conftest import SlackSender
from tests.bot.flows.cases.test_home_cases import _home_text

MASTER_KEYS = "1:" + base64.b64encode(b"\x07" * 32).decode("ascii")


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return bot_settings.model_copy(
        update={"master_keys": SecretStr(MASTER_KEYS), "triage_channel": "CTRIAGE01"}
    )


@pytest.fixture
def runtime(bot_settings: Settings, advisor: Advisor) -> Iterator[Runtime]:
    rt = Runtime(bot_settings, advisor=advisor)
    with rt.db.session() as session:
        people.grant_role(session, user_id="UCONF001", role="confidential_advisor")
    yield rt
    rt.close()


def test_canary_reaches_no_slack_call_and_no_log_line(
    slack: SlackSender,
    fake_slack: fs.FakeSlack,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    canary = f"CANARY-{uuid.uuid4().hex}"
    slack.command("confidentiel", user="UALICE01", channel="CGENERAL1")
    [opened] = fake_slack.wait_for("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == ids.CONFIDENTIAL_INTAKE
    response = slack.submit_view(
        view,
        {ids.CASE_SUBJECT: f"Sujet {canary}", ids.CASE_DETAILS: f"Détails {canary}"},
        user="UALICE01",
    )
    assert response.status_code == 200 and b"errors" not in response.content

    mine = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DALICE01")
    assert "SES-" in mine[0].params["text"]
    [notice] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DCONF001")
    assert "/console" in notice.params["text"]
    slack.wait_handled()

    channels = {c.params.get("channel") for c in fake_slack.calls_to("chat.postMessage")}
    assert channels == {"DALICE01", "DCONF001"}, "nothing in a channel, no triage card"
    assert not fake_slack.calls_to("chat.postEphemeral")
    for call in fake_slack.calls:
        if call.method == "chat.postMessage" and call.params.get("channel") == "DALICE01":
            continue
        assert canary not in str(call.params), call.method
    for record in caplog.records:
        assert canary not in record.getMessage(), record.name
        assert canary not in str(record.args)

    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT subject, body, confidential FROM cases")).all()
    engine.dispose()
    assert len(rows) == 1 and rows[0].confidential
    assert canary not in f"{rows[0].subject}{rows[0].body}"


def test_the_app_home_button_opens_the_confidential_modal(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    slack.event({"type": "app_home_opened", "user": "UALICE01", "tab": "home", "channel": "DALICE01"})
    [published] = fake_slack.wait_for("views.publish")
    actions = [b for b in published.params["view"]["blocks"] if b.get("block_id") == ids.HOME_ACTIONS_BLOCK]
    assert [e["action_id"] for e in actions[0]["elements"]] == [ids.ASK_ADVISOR, ids.CONFIDENTIAL_REQUEST]
    slack.post(
        fs.action_form({"action_id": ids.CONFIDENTIAL_REQUEST}, user="UALICE01", response_url=""),
        "application/x-www-form-urlencoded",
    )
    [opened] = fake_slack.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == ids.CONFIDENTIAL_INTAKE


def test_without_keys_the_command_says_so_privately_and_opens_nothing(
    serve: object, bot_settings: Settings, fake_slack: fs.FakeSlack, advisor: Advisor
) -> None:
    settings = bot_settings.model_copy(update={"master_keys": None})
    rt = Runtime(settings, advisor=advisor)
    try:
        assert not rt.db.confidential_available()
        sender = serve(settings, rt)  # type: ignore[operator]
        sender.command("confidential", user="UALICE01", channel="CGENERAL1")
        [reply] = fake_slack.wait_for("response_url")
        assert reply.params["response_type"] == "ephemeral"
        assert (
            "Nothing was stored" in reply.params["text"] or "Rien n'a été enregistré" in reply.params["text"]
        )
        sender.wait_handled()
        assert not fake_slack.calls_to("views.open") and not fake_slack.calls_to("chat.postMessage")
    finally:
        rt.close()


def test_a_confidential_advisors_home_counts_confidential_requests_without_showing_them(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    with runtime.db.session() as session:
        people.grant_role(session, user_id="UADV0001", role="advisor")
        people.ensure_person(session, user_id="UBOB0001", display_name="Bob")
        intake.open_case(
            session,
            NewCase(requester_id="UBOB0001", subject="Une décision à rendre", body="?", confidential=True),
        )

    confidential = _home_text(slack, fake_slack, "UCONF001")
    assert "Demandes confidentielles en attente : *1*" in confidential
    assert "Une décision à rendre" not in confidential
    assert "confidentielles" not in _home_text(slack, fake_slack, "UADV0001")
