"""The runtime under load and at start-up: a full pool says so and retries; a loading index never blocks acks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from knowledge import Advisor
from tests.bot.conftest import SlackSender


def test_when_every_worker_is_busy_the_user_hears_busy_retrying_then_gets_the_answer(
    bot_settings: Settings,
    advisor: Advisor,
    fake_slack: fs.FakeSlack,
    serve: Callable[[Settings, Runtime | None], SlackSender],
) -> None:
    runtime = Runtime(
        bot_settings, advisor=advisor, workers=1, queue=0, retry_delays=(0.2, 0.2, 0.2, 0.5, 1, 2)
    )
    slack = serve(bot_settings, runtime)
    release = threading.Event()
    for _ in range(runtime.work.threads):
        assert runtime.work.submit(lambda: release.wait(20))
    try:
        event = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?")
        started = time.perf_counter()
        assert slack.event(event).status_code == 200
        assert time.perf_counter() - started < 1.0, "acked at once, even with no worker free"
        [busy] = fake_slack.wait_for("chat.postMessage")
        assert busy.params["thread_ts"] == event["ts"]
        assert "Beaucoup de questions" in busy.params["text"]
        assert not fake_slack.calls_to("reactions.remove"), "👀 stays while the question waits"
    finally:
        release.set()
    posts = fake_slack.wait_for("chat.postMessage", 2)
    assert posts[1].params["thread_ts"] == event["ts"]
    assert any(b["type"] == "actions" for b in posts[1].params["blocks"]), "the real answer, with its buttons"
    fake_slack.wait_for("reactions.remove")
    runtime.close()


def test_a_question_that_never_finds_a_worker_is_dropped_with_an_apology(
    bot_settings: Settings,
    advisor: Advisor,
    fake_slack: fs.FakeSlack,
    serve: Callable[[Settings, Runtime | None], SlackSender],
) -> None:
    runtime = Runtime(bot_settings, advisor=advisor, workers=1, queue=0, retry_delays=(0.1, 0.1))
    slack = serve(bot_settings, runtime)
    release = threading.Event()
    for _ in range(runtime.work.threads):
        assert runtime.work.submit(lambda: release.wait(20))
    try:
        slack.event(fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?"))
        posts = fake_slack.wait_for("chat.postMessage", 2)
        assert "Reposez-la dans quelques minutes" in posts[1].params["text"]
        fake_slack.wait_for("reactions.remove")
    finally:
        release.set()
        runtime.close()


def test_the_server_acks_while_the_index_is_still_loading(
    tmp_path: Path,
    bot_settings: Settings,
    small_index: Path,
    fake_slack: fs.FakeSlack,
    serve: Callable[[Settings, Runtime | None], SlackSender],
) -> None:
    """The index loads in the background: events are acked at once and answered once it is ready."""
    data_dir = tmp_path / "loading"
    data_dir.mkdir()
    (data_dir / "index").symlink_to(small_index, target_is_directory=True)
    settings = bot_settings.model_copy(update={"data_dir": data_dir})
    runtime = Runtime(settings)
    slack = serve(settings, runtime)
    try:
        started = time.perf_counter()
        assert slack.event(fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?")).status_code == 200
        assert time.perf_counter() - started < 1.0
        [post] = fake_slack.wait_for("chat.postMessage", timeout=120)
        assert any(b["type"] == "actions" for b in post.params["blocks"])
        ready = httpx.get(f"{slack.url}/readyz").json()
        assert ready == {"index": "ready", "version": ready["version"], "database": "ok"}
        assert ready["version"] == small_index.joinpath("current").resolve().name  # from the engine processes
    finally:
        runtime.close()
