"""`ses socket`'s app over Socket Mode, against a local fake Socket Mode WebSocket server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.app import build_app


@pytest.fixture
def socket_server(fake_slack: fs.FakeSlack) -> Iterator[fs.FakeSocketMode]:
    server = fs.FakeSocketMode().start()
    fake_slack.socket_url = server.url
    yield server
    server.stop()


def test_a_mention_over_socket_mode_is_acked_and_answered_once(
    bot_settings: Settings, runtime: Runtime, fake_slack: fs.FakeSlack, socket_server: fs.FakeSocketMode
) -> None:
    settings = bot_settings.model_copy(update={"slack_signing_secret": None})
    app = build_app(settings, runtime, socket_mode=True)
    handler = SocketModeHandler(app, app_token=fs.APP_TOKEN)
    handler.connect()
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
        # env-2 was acked once its listener had returned (its duplicate claim refused): nothing more comes
        assert len(fake_slack.calls_to("chat.postMessage")) == 1, (
            "a redelivered envelope is not answered twice"
        )
    finally:
        handler.close()
