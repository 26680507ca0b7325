"""`ses serve` as a real process (its own process group, advisor workers included), for fault tests:
started on a free loopback port, waited for until /readyz says ready, killed with SIGKILL like a
crashed container, or stopped with SIGTERM."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench import fake_slack as fs
from bot.settings import REPO_ROOT
from cases.db import inbox_url, make_engine, make_session_factory, session_scope
from cases.services.inbox import pending_count

SES = Path(sys.executable).with_name("ses")


def server_env(*, data_dir: Path, database_url: str, fake: fs.FakeSlack, **extra: str) -> dict[str, str]:
    """The environment of a server process: loopback only, no developer variables, fake Slack, and
    master keys of its own as a deployment has (the inbox keeps a request's body only sealed)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SES_", "SLACK_"))}
    return {
        **keep,
        "SES_DATA_DIR": str(data_dir),
        "SES_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": fs.BOT_TOKEN,
        "SLACK_SIGNING_SECRET": fs.SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "SES_ASK_WORKERS": "1",
        "SES_SLACK_CHANNEL_INTERVAL": "0",
        "SES_ASK_RATE_PER_MINUTE": "0",
        "SES_LOG_LEVEL": "INFO",
        "SES_MASTER_KEYS": f"1:{base64.b64encode(os.urandom(32)).decode()}",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        **extra,
    }


class ServeProcess:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = fs.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> ServeProcess:
        """Start and wait until /readyz answers 200 (index loaded, database reachable)."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(SES), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                cwd=REPO_ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a kill takes the advisor workers too
            )
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"ses serve exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"ses serve not ready within {timeout}s:\n{self.tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown handler, no flush, no rollback."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def interrupt(self, signum: int, *, group: bool) -> float:
        """Send `signum` (to the process group, as Ctrl-C does, or to the server alone, as a container
        stop does); the seconds it took to exit (at most 30 waited)."""
        assert self.process is not None
        started = time.monotonic()
        if group:
            os.killpg(self.process.pid, signum)
        else:
            self.process.send_signal(signum)
        self.process.wait(30)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self._reap_group()
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        except ProcessLookupError:
            pass
        self._reap_group()

    def _reap_group(self) -> None:
        """Advisor workers left behind by a killed parent die with their group."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def wait_inbox_drained(database_url: str, timeout: float = 60.0) -> None:
    """Block until the servers report every Slack request they acked as handled (nothing pending in
    their inbox, answers out): the positive signal a negative check waits for."""
    engine = make_engine(inbox_url(database_url))
    factory = make_session_factory(engine)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with session_scope(factory) as session:
                left = pending_count(session)
            if left == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{left} Slack requests still pending after {timeout}s")
            time.sleep(0.05)
    finally:
        engine.dispose()
