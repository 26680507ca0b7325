"""`ses serve` and `ses socket` as an operator runs them: real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from bot.cli.serve import STOP_BOUND

SES = [sys.executable, "-m", "bot.cli"]


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SES_", "SLACK_"))}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", **values)
    return env


@pytest.fixture
def stopped() -> Iterator[list[subprocess.Popen[str]]]:
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_ses_serve_without_slack_tokens_serves_health_and_says_why_slack_is_off(
    tmp_path: Path, stopped: list[subprocess.Popen[str]]
) -> None:
    port = fs.free_port()
    env = environment(SES_DATA_DIR=str(tmp_path / "data"))
    subprocess.run([*SES, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    process = subprocess.Popen(
        [*SES, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stopped.append(process)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, "ses serve did not come up"
        time.sleep(0.2)
    assert httpx.post(f"{url}/slack/events", json={}).status_code == 503
    assert httpx.get(f"{url}/").status_code == 200
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set" in stderr


@pytest.mark.parametrize("command", ["serve", "socket"])
def test_on_a_database_behind_the_code_it_refuses_to_start_and_says_to_upgrade(
    tmp_path: Path, command: str
) -> None:
    """Serving on a schema without its latest migrations lost every question log without a word."""
    env = environment(
        SES_DATA_DIR=str(tmp_path / "data"), SLACK_BOT_TOKEN=fs.BOT_TOKEN, SLACK_APP_TOKEN=fs.APP_TOKEN
    )
    subprocess.run([*SES, "db", "upgrade", "0002"], env=env, check=True, capture_output=True, timeout=120)
    result = subprocess.run(
        [*SES, command, "--port", str(fs.free_port())] if command == "serve" else [*SES, command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "ses db upgrade" in result.stderr and "migrations manquantes" in result.stderr
    assert "Traceback" not in result.stderr


def test_ses_socket_without_an_app_token_says_what_to_set(tmp_path: Path) -> None:
    result = subprocess.run(
        [*SES, "socket"],
        env=environment(SES_DATA_DIR=str(tmp_path / "data"), SLACK_BOT_TOKEN=fs.BOT_TOKEN),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ses_socket_answers_a_mention_end_to_end_and_stops_promptly_under_load(
    tmp_path: Path,
    small_index: Path,
    database_url: str,
    fake_slack: fs.FakeSlack,
    stopped: list[subprocess.Popen[str]],
    signum: int,
) -> None:
    """A Ctrl-C or a container stop while questions are being answered: out within STOP_BOUND."""
    server = fs.FakeSocketMode().start()
    fake_slack.socket_url = server.url
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "index").symlink_to(small_index, target_is_directory=True)
    env = environment(
        SES_DATA_DIR=str(data_dir),
        SES_DATABASE_URL=database_url,
        SLACK_BOT_TOKEN=fs.BOT_TOKEN,
        SLACK_APP_TOKEN=fs.APP_TOKEN,
        SLACK_API_URL=fake_slack.api_url,
    )
    process = subprocess.Popen(
        [*SES, "socket"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stopped.append(process)
    try:
        server.wait_connected(timeout=60)
        event = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?", channel="CSOCKET02")
        server.push(
            {
                "envelope_id": "env-cli",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": fs.event_body(event),
            }
        )
        server.wait_ack("env-cli")
        [post] = fake_slack.wait_for("chat.postMessage", timeout=90)
        assert post.params["thread_ts"] == event["ts"]
        for i in range(20):  # load: questions in flight when the signal comes
            more = fs.mention("Quelles sont les règles sur les dons ?", channel=f"CSOCKLOAD{i:02d}")
            server.push(
                {
                    "envelope_id": f"env-load-{i}",
                    "type": "events_api",
                    "accepts_response_payload": False,
                    "retry_attempt": 0,
                    "retry_reason": "",
                    "payload": fs.event_body(more),
                }
            )
        server.wait_ack("env-load-0")
    finally:
        started = time.monotonic()
        process.send_signal(signum)
        try:
            _, stderr = process.communicate(timeout=30)
        finally:
            server.stop()
    seconds = time.monotonic() - started
    logged = "\n".join(line for line in stderr.splitlines() if line.startswith("20"))
    assert seconds <= STOP_BOUND, f"stopped in {seconds:.1f} s\n{logged[-4000:]}"
    assert fs.APP_TOKEN not in stderr and fs.BOT_TOKEN not in stderr
