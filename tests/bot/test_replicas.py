"""Two `ses serve` processes on one PostgreSQL database and one data directory behave as one
server: what they must agree on lives in the database and the shared index store, not in memory."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from bot.settings import REPO_ROOT
from cases import migrate
from indexer import manage
from indexer.pipeline import BuildConfig, build
from tests.bot.processes import SesServer, environment
from tests.cases.conftest import postgres_or_skip
from tests.conftest import build_small_corpus
from tests.hardening.serve_process import wait_inbox_drained

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A migrated schema in a throw-away database of its own (see tests/cases/conftest.py)."""
    run = postgres_or_skip()
    url = run.new_schema("replicas")
    migrate.upgrade(url)
    yield url
    run.close()


@pytest.fixture
def two_versions(tmp_path: Path, small_index: Path) -> tuple[Path, str, str]:
    """An index store holding two versions of the small corpus, the older one live."""
    index_dir = tmp_path / "data" / "index"
    shutil.copytree(small_index, index_dir, symlinks=True)
    old = manage.versions.live_version(index_dir)
    report = build(
        BuildConfig(
            source=build_small_corpus(tmp_path / "corpus"),
            index_dir=index_dir,
            encoder="e5-small",
            cache_dirs=(REPO_ROOT / "corpus" / "embeddings",),
        )
    )
    assert old is not None and report.version != old
    manage.rollback(index_dir, old)
    return index_dir, old, report.version


@pytest.fixture
def replicas(
    tmp_path: Path, postgres_url: str, fake_slack: fs.FakeSlack, two_versions: tuple[Path, str, str]
) -> Iterator[list[SesServer]]:
    env = environment(
        SES_DATA_DIR=str(tmp_path / "data"),
        SES_DATABASE_URL=postgres_url,
        SES_ASK_WORKERS="1",
        SES_INDEX_RELOAD_SECONDS="0.5",
        SES_SLACK_CHANNEL_INTERVAL="0",
        SLACK_BOT_TOKEN=fs.BOT_TOKEN,
        SLACK_SIGNING_SECRET=fs.SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
    )
    servers = [SesServer(["serve"], env, tmp_path / "logs") for _ in range(2)]
    yield servers
    for server in servers:
        server.stop()


def _deliver(server: SesServer, body: str, retry_num: int | None = None) -> int:
    headers = {"Content-Type": "application/json", **fs.sign(body)}
    if retry_num:
        headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
    return httpx.post(f"{server.url}/slack/events", content=body, headers=headers, timeout=10).status_code


def test_a_retried_event_is_answered_once_and_an_index_switch_reaches_both_processes(
    replicas: list[SesServer],
    fake_slack: fs.FakeSlack,
    two_versions: tuple[Path, str, str],
    postgres_url: str,
) -> None:
    index_dir, old, new = two_versions
    first, second = replicas
    assert [server.wait_ready()["version"] for server in replicas] == [old, old]

    event = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?", channel="CREPLICA1")
    body = json.dumps(fs.event_body(event, "EvREPLICA001"))
    assert _deliver(first, body) == 200
    assert _deliver(second, body, retry_num=1) == 200  # Slack's retry, landing on the other replica
    [answer] = fake_slack.wait_for("chat.postMessage", timeout=60)
    wait_inbox_drained(postgres_url)  # both processes report every delivery handled
    assert answer.params["thread_ts"] == event["ts"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 1, "answered once across both processes"

    manage.rollback(index_dir, new)  # what `ses index rollback VERSION` (or a build) does to the store
    deadline = time.monotonic() + 60
    seen: list[str | None] = []
    while time.monotonic() < deadline:
        seen = [(server.readyz() or {}).get("version") for server in replicas]
        if seen == [new, new]:
            break
        time.sleep(0.5)
    assert seen == [new, new], "both processes serve the new version, without a restart"
    assert all(server.stop() for server in replicas), "both shut down cleanly on SIGTERM"
