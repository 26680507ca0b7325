"""`ses start`, the container's command, run directly: index, migrations, keys, then several workers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx

from bench import fake_slack as fs
from bot.settings import REPO_ROOT
from cases import migrate
from indexer import versions
from tests.bot.processes import SES, SesServer, environment
from tests.conftest import build_small_corpus
from tests.hardening.serve_process import wait_inbox_drained


def test_ses_start_builds_the_index_migrates_and_serves_with_two_workers(
    tmp_path: Path, fake_slack: fs.FakeSlack
) -> None:
    corpus = build_small_corpus(tmp_path / "corpus")
    (corpus / "embeddings").symlink_to(REPO_ROOT / "corpus" / "embeddings", target_is_directory=True)
    data = tmp_path / "data"
    env = environment(
        SES_DATA_DIR=str(data),
        SES_CORPUS_DIR=str(corpus),
        SES_WEB_WORKERS="2",
        SES_ASK_WORKERS="1",
        SES_SLACK_CHANNEL_INTERVAL="0",
        SLACK_BOT_TOKEN=fs.BOT_TOKEN,
        SLACK_SIGNING_SECRET=fs.SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
    )
    server = SesServer(["start"], env, tmp_path / "logs")
    try:
        ready = server.wait_ready(timeout=240)
        assert ready == {"index": "ready", "version": versions.live_version(data / "index"), "database": "ok"}
        assert migrate.current_revision(f"sqlite:///{data / 'ses.db'}") == migrate.head_revision()
        assert (data / "console.key").stat().st_mode & 0o777 == 0o600

        event = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?", channel="CSTART01")
        body = json.dumps(fs.event_body(event, "EvSTART0001"))
        for retry in (None, 1, 2):  # each delivery may land on either worker
            headers = {"Content-Type": "application/json", **fs.sign(body)}
            if retry:
                headers["X-Slack-Retry-Num"] = str(retry)
            response = httpx.post(f"{server.url}/slack/events", content=body, headers=headers, timeout=10)
            assert response.status_code == 200
        [answer] = fake_slack.wait_for("chat.postMessage", timeout=90)
        wait_inbox_drained(f"sqlite:///{data / 'ses.db'}")  # both workers report every delivery handled
        assert answer.params["thread_ts"] == event["ts"]
        assert len(fake_slack.calls_to("chat.postMessage")) == 1
    finally:
        stopped = server.stop()
    output = server.output()
    assert output.count("Started server process") == 2, output
    assert "no usable master keys" in output
    assert stopped, output


def test_ses_start_with_require_keys_refuses_before_building_anything(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = subprocess.run(
        [*SES, "start", "--require-keys"],
        env=environment(SES_DATA_DIR=str(data)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no usable master keys" in result.stderr and "SES_MASTER_KEYS" in result.stderr
    assert not (data / "index").exists()
