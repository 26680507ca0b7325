"""Events API deliveries: acked at once, dispatched to bolt just after, each answered exactly once."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.events import is_event_callback
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
    fake_slack.settle(quiet=0.5)
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
            fake_slack.settle()
        assert post.params["thread_ts"] == event["ts"]
        assert len(fake_slack.calls_to("chat.postMessage")) == 1
        assert "event dedupe fell back to memory" in caplog.text
    finally:
        runtime.close()


def test_only_event_callbacks_take_the_early_ack() -> None:
    assert is_event_callback("application/json", b'{"type": "event_callback", "event": {}}')
    assert not is_event_callback("application/json", b'{"type": "url_verification", "challenge": "x"}')
    assert not is_event_callback("application/x-www-form-urlencoded", b"payload=%7B%7D")
    assert not is_event_callback("application/json", b"not json")
