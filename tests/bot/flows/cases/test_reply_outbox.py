"""Replies to requesters go through the outbox: written with the reply, sent once, retried when
Slack was down or not configured, and their state shown to advisors in the console."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import httpx
from slack_sdk import WebClient

from bench import fake_slack as fs
from bot.flows import deliveries as outbox
from bot.http.server import create_server
from bot.runtime import Runtime
from bot.runtime.console import console_config
from bot.settings import Settings
from cases.console import issue_login_link
from cases.models import utcnow
from cases.services import deliveries, intake, people
from cases.services.intake import NewCase
from tests.bot.conftest import SlackSender
from tests.bot.live_server import LiveServer


def _open_case(runtime: Runtime) -> str:
    with runtime.db.session() as session:
        people.ensure_person(session, user_id="UREQ0001", display_name="Rita", locale="fr")
        people.ensure_person(session, user_id="UADV0001", display_name="Alice")
        people.grant_role(session, user_id="UADV0001", role="advisor")
        return intake.open_case(
            session, NewCase(requester_id="UREQ0001", subject="Un siège", body="Puis-je siéger ?")
        ).ref


def _browser(url: str, settings: Settings, runtime: Runtime) -> tuple[httpx.Client, str]:
    with runtime.db.session() as session:
        link = issue_login_link(session, user_id="UADV0001", config=console_config(settings))
    match = re.search(r"token=([^&]+)", link)
    assert match
    client = httpx.Client(base_url=url, timeout=10)
    page = client.post("/console/login", data={"token": unquote(match.group(1))}, follow_redirects=True)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert csrf
    return client, csrf.group(1)


def _reply(client: httpx.Client, csrf: str, ref: str, text: str) -> httpx.Response:
    return client.post(
        f"/console/cases/{ref}/messages",
        data={"csrf_token": csrf, "visibility": "reply", "body": text, "version": "1"},
    )


def _state(runtime: Runtime, ref: str) -> tuple[str, int]:
    with runtime.db.session() as session:
        from cases.services import queries  # deferred: only this helper reads the timeline

        reply = [e.id for e in queries.find_case(session, ref=ref).events if e.kind == "reply"][-1]
        view = deliveries.states_of(session, [reply])[reply]
        return view.state.value, view.attempts


def test_a_reply_written_without_slack_waits_and_goes_out_when_slack_is_back(
    tmp_path: Path,
    database_url: str,
    bot_settings: Settings,
    runtime: Runtime,
    fake_slack: fs.FakeSlack,
    serve: object,
) -> None:
    offline = Settings(data_dir=bot_settings.data_dir, database_url=database_url)
    offline_runtime = Runtime(offline)
    ref = _open_case(offline_runtime)
    server = LiveServer(create_server(offline, offline_runtime)).start()
    try:
        client, csrf = _browser(server.url, offline, offline_runtime)
        posted = _reply(client, csrf, ref, "Oui, après déclaration.")
        assert posted.status_code == 303 and posted.headers["location"].endswith("?done=replied_no_slack")
        page = client.get(posted.headers["location"]).text
        assert "PAS envoyée au demandeur" in page and "Réponse enregistrée." not in page
        assert "En attente de Slack" in page
        client.close()
    finally:
        server.stop()
        offline_runtime.close()
    assert _state(runtime, ref) == ("pending", 0)
    assert not fake_slack.calls_to("chat.postMessage")

    slack = serve(bot_settings, runtime)  # type: ignore[operator]  # Slack configured: the outbox drains
    posted_dm = fake_slack.wait_for("chat.postMessage")
    assert "Oui, après déclaration." in posted_dm[0].params["text"] and ref in posted_dm[0].params["text"]
    assert posted_dm[0].params["channel"] == "DREQ0001"
    deadline = utcnow() + timedelta(seconds=10)
    while (
        _state(runtime, ref)[0] != "sent" and utcnow() < deadline
    ):  # the outbox marks it sent after the post
        time.sleep(0.02)
    assert _state(runtime, ref) == ("sent", 1)
    client, _ = _browser(slack.url, bot_settings, runtime)
    assert "Remise au demandeur le" in client.get(f"/console/cases/{ref}").text
    client.close()
    outbox.drain(WebClient(token=fs.BOT_TOKEN, base_url=fake_slack.api_url), runtime)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # sent once, never again


def test_a_reply_slack_refused_is_shown_waiting_and_retried_later(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, runtime: Runtime
) -> None:
    ref = _open_case(runtime)
    fake_slack.fail_once("conversations.open", 200, {}, {"ok": False, "error": "fatal_error"})
    client, csrf = _browser(slack.url, bot_settings, runtime)
    posted = _reply(client, csrf, ref, "Non, pas dans ce cas.")
    assert posted.headers["location"].endswith("?done=replied_waiting")
    page = client.get(posted.headers["location"]).text
    assert "pas encore remise au demandeur" in page and "Pas encore remise au demandeur" in page
    assert _state(runtime, ref) == ("pending", 1)
    assert not fake_slack.calls_to("chat.postMessage")

    web = WebClient(token=fs.BOT_TOKEN, base_url=fake_slack.api_url)
    assert outbox.drain(web, runtime) == 0  # not due yet: the next attempt waits 30 s
    assert outbox.drain(web, runtime, now=utcnow() + timedelta(minutes=1)) == 1
    assert "Non, pas dans ce cas." in fake_slack.calls_to("chat.postMessage")[0].params["text"]
    assert _state(runtime, ref) == ("sent", 2)
    assert "Remise au demandeur le" in client.get(f"/console/cases/{ref}").text
    client.close()
