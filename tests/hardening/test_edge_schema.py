"""A database behind the code's migrations, against real processes: `ses serve` refuses to start on
one and says what to run; a running server whose database is taken back says so on /readyz (503)
instead of reporting ready and losing every question log."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from cases import migrate
from tests.hardening.edge import assert_no_traceback, start_server
from tests.hardening.serve_process import SES, ServeProcess, server_env

BEHIND = "schema behind: run ses db upgrade"


@pytest.fixture
def fake() -> Iterator[fs.FakeSlack]:
    slack = fs.FakeSlack().start()
    yield slack
    slack.stop()


def test_ses_serve_on_a_database_never_migrated_refuses_to_start(tmp_path: Path, fake: fs.FakeSlack) -> None:
    env = server_env(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'new.db'}", fake=fake)
    result = subprocess.run(
        [str(SES), "serve", "--port", str(fs.free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "ses db upgrade" in result.stderr and "Traceback" not in result.stderr


def test_readyz_says_the_schema_is_behind_when_the_database_is_taken_back_under_a_running_server(
    tmp_path: Path, small_index: Path, fake: fs.FakeSlack
) -> None:
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    server: ServeProcess = start_server(tmp_path, small_index, fake)
    try:
        assert httpx.get(f"{server.url}/readyz", timeout=10).json()["database"] == "ok"
        previous = _previous_revision()
        _ses(server, "db", "downgrade", previous)
        behind = httpx.get(f"{server.url}/readyz", timeout=10)
        assert behind.status_code == 503 and behind.json()["database"] == BEHIND
        _ses(server, "db", "upgrade")
        ready = httpx.get(f"{server.url}/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["database"] == "ok"
        assert migrate.current_revision(database_url) == migrate.head_revision()
        assert_no_traceback(server)
    finally:
        server.stop()


def _previous_revision() -> str:
    from alembic.script import ScriptDirectory  # deferred: only this test walks the revisions

    scripts = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    head = scripts.get_revision(scripts.get_current_head() or "head")
    assert head is not None and isinstance(head.down_revision, str)
    return head.down_revision


def _ses(server: ServeProcess, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=server.env, check=True, capture_output=True, timeout=120
    )
