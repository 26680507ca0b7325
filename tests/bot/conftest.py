"""Fixtures for the Slack edge: a fake Slack (Web API, response_url), signed requests, the real
FastAPI app under uvicorn, on a real index (the root `advisor`) and a migrated SQLite database."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench import fake_slack as fs
from bot.http.server import create_server
from bot.runtime import Runtime
from bot.settings import Settings
from knowledge import Advisor
from tests.bot.live_server import LiveServer


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cases.migrate import upgrade

    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path: Path, _migrated_template: Path) -> str:
    """A fresh, migrated SQLite database for this test (a copy of one migrated once)."""
    target = tmp_path / "ses.db"
    shutil.copy(_migrated_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def bot_settings(tmp_path: Path, fake_slack: fs.FakeSlack, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        slack_bot_token=fs.BOT_TOKEN,
        slack_signing_secret=fs.SIGNING_SECRET,
        slack_app_token=fs.APP_TOKEN,
        slack_api_url=fake_slack.api_url,
        slack_channel_interval=0,
        ask_rate_per_minute=1000,  # bursts from one test user; tests/bot/test_limits.py has the real limit
    )


@pytest.fixture
def runtime(bot_settings: Settings, advisor: Advisor) -> Iterator[Runtime]:
    rt = Runtime(bot_settings, advisor=advisor, retry_delays=(0.2, 0.4, 0.8, 1.6, 3.2))
    yield rt
    rt.close()


@dataclass
class SlackSender:
    """Sends what Slack would send to the running server: signed events, commands, button clicks."""

    url: str
    fake: fs.FakeSlack
    http: httpx.Client
    runtime: Runtime

    def wait_handled(self, timeout: float = 30.0) -> None:
        """Block until the server reports every request it acked as handled: worked off its inbox,
        answers out (the positive signal a negative check waits for, never a quiet window)."""
        assert self.runtime.inbox.wait_idle(timeout), f"requests still in the inbox after {timeout}s"

    def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        signed: dict[str, str] | None = None,
    ) -> httpx.Response:
        all_headers = {"Content-Type": content_type, **(signed if signed is not None else fs.sign(body))}
        return self.http.post(
            f"{self.url}/slack/events",
            content=body.encode("utf-8"),
            headers={**all_headers, **(headers or {})},
        )

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> httpx.Response:
        body = json.dumps(fs.event_body(event, event_id))
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else None
        )
        return self.post(body, "application/json", headers=headers)

    def command(
        self,
        text: str,
        *,
        user: str = "UALICE01",
        channel: str = "CGENERAL1",
        response_url: str | None = None,
    ) -> httpx.Response:
        form = fs.command_form(
            text, user=user, channel=channel, response_url=response_url or self.fake.response_url("command")
        )
        return self.post(form, "application/x-www-form-urlencoded")

    def action(self, action: dict[str, Any], **kwargs: Any) -> httpx.Response:
        kwargs.setdefault("response_url", self.fake.response_url("action"))
        return self.post(fs.action_form(action, **kwargs), "application/x-www-form-urlencoded")

    def submit_view(
        self, view: dict[str, Any], values: dict[str, str], *, user: str = "UALICE01"
    ) -> httpx.Response:
        return self.post(
            fs.view_submission_form(view, values, user=user), "application/x-www-form-urlencoded"
        )


@pytest.fixture
def live(bot_settings: Settings, runtime: Runtime) -> Iterator[LiveServer]:
    server = LiveServer(create_server(bot_settings, runtime)).start()
    yield server
    server.stop()


@pytest.fixture
def slack(live: LiveServer, fake_slack: fs.FakeSlack, runtime: Runtime) -> Iterator[SlackSender]:
    with httpx.Client(timeout=10) as http:
        yield SlackSender(live.url, fake_slack, http, runtime)


@pytest.fixture
def serve(fake_slack: fs.FakeSlack) -> Iterator[Callable[[Settings, Runtime | None], SlackSender]]:
    """Start the server for settings and runtime of the test's own making; stopped at teardown."""
    servers: list[LiveServer] = []
    clients: list[httpx.Client] = []

    def start(settings: Settings, runtime: Runtime | None = None) -> SlackSender:
        app = create_server(settings, runtime)
        server = LiveServer(app).start()
        servers.append(server)
        clients.append(httpx.Client(timeout=10))
        return SlackSender(server.url, fake_slack, clients[-1], app.state.runtime)

    yield start
    for client in clients:
        client.close()
    for server in servers:
        server.stop()


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in a list of blocks, for assertions on what a user reads."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                out.append(str(node.get("text", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return "\n".join(out)
