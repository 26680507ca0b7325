"""The web console mounted in the bot's server: an advisor's reply reaches the requester's DM."""

from __future__ import annotations

import re
from urllib.parse import unquote

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.runtime.console import console_config
from bot.settings import Settings
from cases.console import issue_login_link
from cases.services import intake, people, threads
from cases.services.intake import NewCase
from tests.bot.conftest import SlackSender


def _signed_in(slack: SlackSender, settings: Settings, runtime: Runtime, user_id: str) -> dict[str, str]:
    with runtime.db.session() as session:
        link = issue_login_link(session, user_id=user_id, config=console_config(settings))
    match = re.search(r"token=([^&]+)", link)
    assert match
    response = slack.http.post(
        f"{slack.url}/console/login", data={"token": unquote(match.group(1))}, follow_redirects=True
    )
    assert response.status_code == 200, response.text
    csrf = slack.http.get(f"{slack.url}/api/v1/session").json()["csrf_token"]
    return {"X-CSRF-Token": csrf}


def console_reply(slack: SlackSender, bot_settings: Settings, runtime: Runtime, body: str) -> str:
    """Rita opens a case; advisor UADV0001 answers it from the console. Returns the case reference."""
    with runtime.db.session() as session:
        people.ensure_person(session, user_id="UREQ0001", display_name="Rita", locale="en")
        people.grant_role(session, user_id="UADV0001", role="advisor")
        ref = intake.open_case(
            session, NewCase(requester_id="UREQ0001", subject="Board seat", body="May I join?", lang="en")
        ).ref
    headers = _signed_in(slack, bot_settings, runtime, "UADV0001")
    reply = slack.http.post(
        f"{slack.url}/api/v1/cases/{ref}/messages", json={"body": body, "internal": False}, headers=headers
    )
    assert reply.status_code == 201, reply.text
    return ref


def test_a_console_reply_reaches_the_requesters_dm(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, runtime: Runtime
) -> None:
    ref = console_reply(slack, bot_settings, runtime, "Yes, after declaring it.")

    opened = fake_slack.wait_for("conversations.open")
    assert opened[0].params["users"] == "UREQ0001"
    posted = fake_slack.wait_for("chat.postMessage")
    assert posted[0].params["channel"] == "DREQ0001"
    assert ref in posted[0].params["text"] and "Yes, after declaring it." in posted[0].params["text"]


def test_an_internal_note_sends_nothing(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, runtime: Runtime
) -> None:
    with runtime.db.session() as session:
        people.ensure_person(session, user_id="UREQ0001", display_name="Rita")
        people.grant_role(session, user_id="UADV0001", role="advisor")
        ref = intake.open_case(
            session, NewCase(requester_id="UREQ0001", subject="Gift", body="A bottle?")
        ).ref
    headers = _signed_in(slack, bot_settings, runtime, "UADV0001")
    note = slack.http.post(
        f"{slack.url}/api/v1/cases/{ref}/messages", json={"body": "internal only"}, headers=headers
    )
    assert note.status_code == 201, note.text
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage")


def test_a_console_reply_redraws_the_cases_triage_card(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, runtime: Runtime
) -> None:
    with runtime.db.session() as session:
        people.ensure_person(session, user_id="UREQ0001", display_name="Rita", locale="en")
        people.grant_role(session, user_id="UADV0001", role="advisor")
        ref = intake.open_case(
            session, NewCase(requester_id="UREQ0001", subject="Gift", body="A bottle?", lang="en")
        ).ref
        threads.link_thread(session, ref=ref, kind="triage_card", channel="CTRIAGE01", ts="1700000000.000009")
    headers = _signed_in(slack, bot_settings, runtime, "UADV0001")
    reply = slack.http.post(
        f"{slack.url}/api/v1/cases/{ref}/messages", json={"body": "No.", "internal": False}, headers=headers
    )
    assert reply.status_code == 201, reply.text
    [update] = fake_slack.wait_for("chat.update")
    assert update.params["channel"] == "CTRIAGE01" and update.params["ts"] == "1700000000.000009"
    assert ref in str(update.params["blocks"])
