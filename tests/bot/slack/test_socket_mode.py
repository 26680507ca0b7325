"""`ses socket`'s app over Socket Mode, against a local fake Socket Mode WebSocket server: envelopes
recorded in the inbox before their ack, as over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from sqlalchemy import select

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.events import work
from bot.slack.socket_mode import InboxSocketModeHandler
from cases.db import inbox_url, make_engine
from cases.models import SlackInboxItem


@pytest.fixture
def socket_server(fake_slack: fs.FakeSlack) -> Iterator[fs.FakeSocketMode]:
    server = fs.FakeSocketMode().start()
    fake_slack.socket_url = server.url
    yield server
    server.stop()


def test_a_mention_over_socket_mode_is_acked_and_answered_once(
    bot_settings: Settings, runtime: Runtime, fake_slack: fs.FakeSlack, socket_server: fs.FakeSocketMode
) -> None:
    handler = _connect(bot_settings, runtime)
    try:
        socket_server.wait_connected()
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.params == {}, "the app token goes in the Authorization header, never in the body"
        event = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?", channel="CSOCKET01")
        body = fs.event_body(event, event_id="EvSOCKET01")
        for attempt, envelope_id in enumerate(("env-1", "env-2")):
            socket_server.push(
                {
                    "envelope_id": envelope_id,
                    "type": "events_api",
                    "accepts_response_payload": False,
                    "retry_attempt": attempt,
                    "retry_reason": "timeout" if attempt else "",
                    "payload": body,
                }
            )
            socket_server.wait_ack(envelope_id)
        [post] = fake_slack.wait_for("chat.postMessage")
        assert (post.params["channel"], post.params["thread_ts"]) == ("CSOCKET01", event["ts"])
        runtime.inbox.wait_idle(30)
        assert len(fake_slack.calls_to("chat.postMessage")) == 1, (
            "a redelivered envelope is not answered twice"
        )
        assert _recorded(bot_settings) == {"EvSOCKET01": "event"}, "recorded before its ack"
    finally:
        handler.close()


def test_a_slash_command_and_a_click_over_socket_mode_are_recorded_then_worked(
    bot_settings: Settings, runtime: Runtime, fake_slack: fs.FakeSlack, socket_server: fs.FakeSocketMode
) -> None:
    handler = _connect(bot_settings, runtime)
    try:
        socket_server.wait_connected()
        form = fs.command_form(
            "Puis-je accepter un cadeau ?", channel="CSOCKET03", response_url=fake_slack.response_url("sock")
        )
        command = {key: values[0] for key, values in parse_qs(form).items()}
        click = json.loads(
            parse_qs(
                fs.action_form(
                    {"action_id": "unknown_action", "type": "button", "value": "x"},
                    response_url=fake_slack.response_url("click"),
                )
            )["payload"][0]
        )
        for envelope_id, kind, payload in (
            ("env-c", "slash_commands", command),
            ("env-a", "interactive", click),
        ):
            socket_server.push(
                {
                    "envelope_id": envelope_id,
                    "type": kind,
                    "accepts_response_payload": True,
                    "payload": payload,
                }
            )
            assert "payload" not in socket_server.wait_ack(envelope_id), "acked at once, with nothing to show"
        [answer] = fake_slack.wait_for(
            "response_url", where=lambda c: c.params.get("_url") == "sock", timeout=60
        )
        assert answer.params.get("blocks"), "the command's answer"
        assert runtime.inbox.wait_idle(30)
        assert sorted(_recorded(bot_settings).values()) == ["action", "command"]
    finally:
        handler.close()


def _connect(bot_settings: Settings, runtime: Runtime) -> InboxSocketModeHandler:
    """As `ses socket` does: the app over Socket Mode, its envelopes worked from the inbox."""
    settings = bot_settings.model_copy(update={"slack_signing_secret": None})
    app = build_app(settings, runtime, socket_mode=True)
    handler = InboxSocketModeHandler(app, app_token=fs.APP_TOKEN, inbox=runtime.inbox)
    runtime.inbox.start(work(app))
    handler.connect()
    return handler


def _recorded(settings: Settings) -> dict[str, str]:
    """The inbox's entries (done or not): key -> kind."""
    engine = make_engine(inbox_url(settings.sqlalchemy_url))
    try:
        with engine.connect() as connection:
            return dict(connection.execute(select(SlackInboxItem.key, SlackInboxItem.kind)).all())
    finally:
        engine.dispose()
