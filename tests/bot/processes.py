"""`ses` servers as real processes (`ses serve`, `ses start`), for the tests of deployment: several
processes on one database and one data directory, as workers and replicas run in production."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import fake_slack as fs

SES = [sys.executable, "-m", "bot.cli"]


def environment(**values: str) -> dict[str, str]:
    """This machine's environment without the developer's SES_*/SLACK_*, models offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SES_", "SLACK_"))}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", **values)
    return env


class SesServer:
    """`ses <command> --host 127.0.0.1 --port <free>`; its output goes to a log file under `logs`."""

    def __init__(self, command: list[str], env: dict[str, str], logs: Path) -> None:
        self.port = fs.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        logs.mkdir(parents=True, exist_ok=True)
        self.log = logs / f"ses-{command[0]}-{self.port}.log"
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [*SES, *command, "--host", "127.0.0.1", "--port", str(self.port)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # stop() signals the server and every process it started
            )

    def readyz(self) -> dict[str, Any] | None:
        """/readyz's JSON when it answers 200, else None."""
        try:
            response = httpx.get(f"{self.url}/readyz", timeout=5)
        except httpx.TransportError:
            return None
        return dict(response.json()) if response.status_code == 200 else None

    def wait_ready(self, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            ready = self.readyz()
            if ready is not None:
                return ready
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{self.url} not ready:\n{self.output()}")
            time.sleep(0.3)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> bool:
        """SIGTERM to the server, as a container runtime sends it; True when it shut down cleanly
        within 30 s. Whatever of its process group is left then is killed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        # uvicorn re-raises the SIGTERM it handled once it has shut down: -SIGTERM is a clean exit.
        return self.process.returncode in (0, -signal.SIGTERM) and "shutdown complete" in self.output()
