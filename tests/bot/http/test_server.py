"""The HTTP edge: Slack's signature checks, health and readiness, the JSON API, running without Slack."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from bot.http.server import create_server
from bot.runtime import Runtime
from bot.settings import Settings
from knowledge import Advisor
from tests.bot.conftest import SlackSender
from tests.bot.live_server import LiveServer


def test_a_request_with_a_wrong_signature_is_rejected_with_401_and_a_log_line(
    slack: SlackSender, fake_slack: fs.FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps(fs.event_body(fs.mention("Puis-je accepter un cadeau ?")))
    with caplog.at_level(logging.INFO):
        response = slack.post(body, "application/json", signed=fs.sign(body, secret="not-the-secret"))
    assert response.status_code == 401
    assert "rejected Slack request from 127.0.0.1: invalid signature" in caplog.text
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage")


def test_a_replayed_request_older_than_five_minutes_is_rejected(
    slack: SlackSender, fake_slack: fs.FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps(fs.event_body(fs.mention("Puis-je accepter un cadeau ?")))
    with caplog.at_level(logging.INFO):
        response = slack.post(
            body, "application/json", signed=fs.sign(body, timestamp=int(time.time()) - 6 * 60)
        )
    assert response.status_code == 401
    assert "stale timestamp" in caplog.text
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage")


def test_slacks_url_verification_challenge_is_answered(slack: SlackSender) -> None:
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    response = slack.post(body, "application/json")
    assert response.status_code == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.text


def test_health_and_readiness(slack: SlackSender, advisor: Advisor) -> None:
    assert httpx.get(f"{slack.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{slack.url}/readyz")
    assert ready.status_code == 200
    assert advisor.info is not None
    assert ready.json() == {"index": "ready", "version": advisor.info.version, "database": "ok"}


def test_the_json_api_answers_like_ses_ask_json(slack: SlackSender, advisor: Advisor) -> None:
    question = "Can I accept a gift from a lobbyist?"
    response = httpx.post(f"{slack.url}/api/v1/ask", json={"question": question}, timeout=10)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"question", "lang", "answer", "citations", "abstained", "refused", "parts"}
    assert data == json.loads(json.dumps(advisor.ask(question).to_dict()))
    assert set(data["citations"][0]) == {"doc", "section", "lang", "citation", "url", "quote", "score"}


def test_the_json_api_explains_a_bad_question(slack: SlackSender) -> None:
    empty = httpx.post(f"{slack.url}/api/v1/ask", json={"question": "   "})
    assert empty.status_code == 422
    assert empty.json()["error"] == "empty"
    english = httpx.post(f"{slack.url}/api/v1/ask", json={"question": "🙂🙂", "locale": "en"})
    assert english.status_code == 422
    assert english.json() == {"error": "no_words", "message": english.json()["message"], "details": {}}
    assert "English or French" in english.json()["message"]
    unreadable = httpx.post(f"{slack.url}/api/v1/ask", json={"q": "x"})
    assert unreadable.status_code == 422 and unreadable.json()["error"] == "invalid_input"  # the one shape


def test_without_slack_tokens_the_server_starts_and_slack_gets_503(
    tmp_path: Path, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """`make run` on a machine with no Slack app: everything but Slack works, and the log says why."""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    with caplog.at_level(logging.INFO):
        server = LiveServer(create_server(settings)).start()
        try:
            assert httpx.get(f"{server.url}/healthz").status_code == 200
            response = httpx.post(f"{server.url}/slack/events", json={"type": "event_callback"})
            assert response.status_code == 503
            ready = httpx.get(f"{server.url}/readyz")
            assert ready.status_code == 503
            assert ready.json()["database"] == "ok"
            assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set" in caplog.text
            page = httpx.get(f"{server.url}/")
            assert page.status_code == 200 and "Demander" in page.text and "Ask" in page.text
            deadline = time.monotonic() + 30
            while (
                httpx.get(f"{server.url}/readyz").json()["index"] == "loading" and time.monotonic() < deadline
            ):
                time.sleep(0.1)
            assert httpx.get(f"{server.url}/readyz").json()["index"] == "error:index_missing"
            ask = httpx.post(f"{server.url}/api/v1/ask", json={"question": "cadeaux"})
            assert ask.status_code == 503
            assert "ses index build" in ask.json()["message"]
        finally:
            server.stop()


def test_asking_from_the_web_can_be_turned_off(bot_settings: Settings, advisor: Advisor) -> None:
    settings = bot_settings.model_copy(update={"web_ask": "off"})
    runtime = Runtime(settings, advisor=advisor)
    server = LiveServer(create_server(settings, runtime)).start()
    try:
        assert httpx.get(f"{server.url}/").status_code == 404
        assert httpx.post(f"{server.url}/api/v1/ask", json={"question": "cadeaux"}).status_code == 404
        assert httpx.get(f"{server.url}/healthz").status_code == 200
    finally:
        server.stop()
        runtime.close()


def test_the_try_it_page_allows_its_own_script_and_style_only_and_is_never_framed(
    slack: SlackSender,
) -> None:
    page = httpx.get(f"{slack.url}/")
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy and policy.count("'sha256-") == 2  # one script, one style
    assert page.headers["x-frame-options"] == "DENY"


def test_the_page_and_the_health_check_answer_head(slack: SlackSender) -> None:
    for path in ("/", "/healthz", "/readyz"):
        head = httpx.head(f"{slack.url}{path}")
        assert head.status_code == 200 and head.content == b"", path
