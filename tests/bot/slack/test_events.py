"""Events API deliveries: acked at once, dispatched to bolt just after, each answered exactly once."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.events import digest_key, inbox_entry
from knowledge import Advisor
from tests.bot.conftest import SlackSender


def test_a_burst_of_events_each_delivered_twice_at_once_is_answered_once_each(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    """Two deliveries of one event racing each other (a Slack retry landing on another thread)."""
    events = [
        fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?", channel=f"CBURST{i:03d}") for i in range(30)
    ]
    bodies = [json.dumps(fs.event_body(event)) for event in events]
    deliveries = [body for body in bodies for _ in range(2)]

    def deliver(body: str) -> int:
        headers = {"Content-Type": "application/json", **fs.sign(body)}
        return httpx.post(f"{slack.url}/slack/events", content=body, headers=headers, timeout=10).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(deliver, deliveries))
    assert statuses == [200] * len(deliveries)
    fake_slack.wait_for("chat.postMessage", len(events), timeout=60)
    slack.wait_handled()
    answers = fake_slack.calls_to("chat.postMessage")
    assert sorted(c.params["thread_ts"] for c in answers) == sorted(e["ts"] for e in events)


def test_with_the_database_down_questions_are_still_answered_once(
    tmp_path: Path,
    bot_settings: Settings,
    advisor: Advisor,
    fake_slack: fs.FakeSlack,
    serve: Callable[[Settings, Runtime | None], SlackSender],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The dedupe falls back to this process's memory: a reply, logged as degraded, beats silence."""
    settings = bot_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path}/missing/dir/ses.db"})
    runtime = Runtime(settings, advisor=advisor)
    slack = serve(settings, runtime)
    try:
        event = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?")
        with caplog.at_level(logging.INFO):
            slack.event(event, event_id="EvDBDOWN01")
            slack.event(event, event_id="EvDBDOWN01", retry_num=1)
            [post] = fake_slack.wait_for("chat.postMessage")
            slack.wait_handled()
        assert post.params["thread_ts"] == event["ts"]
        assert len(fake_slack.calls_to("chat.postMessage")) == 1
        assert "event dedupe fell back to memory" in caplog.text
    finally:
        runtime.close()


def test_events_commands_and_clicks_are_recorded_modals_only_remembered() -> None:
    """The inbox key: an event's id; a digest of the signed body for the rest (a replay is the same key)."""
    event = inbox_entry("application/json", b'{"type": "event_callback", "event_id": "Ev1", "event": {}}')
    assert event is not None and (event.key, event.kind) == ("Ev1", "event")
    assert inbox_entry("application/json", b'{"type": "url_verification", "challenge": "x"}') is None
    assert inbox_entry("application/json", b"not json") is None
    command = b"command=%2Fses&text=hello&user_id=U1&channel_id=C1&trigger_id=t1"
    recorded = inbox_entry("application/x-www-form-urlencoded", command)
    assert recorded is not None and (recorded.key, recorded.kind, recorded.body) == (
        digest_key(command),
        "command",
        command,
    )
    click = b"payload=" + quote(json.dumps({"type": "block_actions", "actions": []})).encode()
    assert getattr(inbox_entry("application/x-www-form-urlencoded", click), "kind", None) == "action"
    view = b"payload=" + quote(json.dumps({"type": "view_submission", "view": {}})).encode()
    seen = inbox_entry("application/x-www-form-urlencoded", view)
    assert seen is not None and (seen.kind, seen.body) == (
        "seen",
        None,
    )  # a confidential text is never stored
