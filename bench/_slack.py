"""What the Slack benchmarks share: `ses serve` in its own process, a fake Slack, a raw loopback client.

The server runs exactly as in production (`python -m bot.cli serve`), on the live index of
SES_DATA_DIR, with a fresh SQLite database; Slack is the fake of the tests, in this process.
Requests are written on pre-opened connections with pre-computed signatures, so the client
spends as little as possible of the two cores it shares with the server.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import httpx

from bench import fake_slack as fs
from bot.settings import REPO_ROOT, load_settings

QUESTIONS_FILE = Path(__file__).with_name("slack_questions.txt")
SLACK_ACK_LIMIT = 3.0
ACK_GOAL_MS = 50.0
RSS_GOAL_MIB = 1536.0  # the server, all its processes, after warm-up: 1.5 GB


class Skip(Exception):
    """The benchmark cannot run here (no index); the message says what to do."""


def questions() -> list[str]:
    lines = QUESTIONS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass
class Ack:
    sent: float
    acked: float | None
    status: int | None

    @property
    def seconds(self) -> float:
        return (self.acked - self.sent) if self.acked is not None else float("inf")

    @property
    def missed(self) -> bool:
        return self.status != 200 or self.seconds > SLACK_ACK_LIMIT


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class SlackBench:
    """`with SlackBench() as bench:` — server up, index loaded, fake Slack recording."""

    def __init__(self, workers: int | None = None, env: dict[str, str] | None = None) -> None:
        """`env`: more settings for the server (SES_*), on top of the bench's own."""
        self.workers = workers
        self.extra_env = dict(env or {})
        self.fake = fs.FakeSlack()
        self.process: subprocess.Popen[bytes] | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="ses-bench-")
        self.port = fs.free_port()
        self._users = [f"UBENCH{i:03d}" for i in range(60)]
        self._scanned = 0
        self._answers: dict[str | None, list[float]] = {}

    def __enter__(self) -> SlackBench:
        settings = load_settings()
        index_dir = (
            (REPO_ROOT / settings.index_dir).resolve()
            if not settings.index_dir.is_absolute()
            else settings.index_dir
        )
        if not index_dir.exists():
            raise Skip(f"no index at {index_dir}: run `ses index build` (or `make run` once)")
        from cases.migrate import upgrade

        database_url = f"sqlite:///{Path(self._tmp.name) / 'bench.db'}"
        upgrade(database_url)
        self.fake.start()
        for i, user in enumerate(self._users):
            self.fake.locales[user] = "en-US" if i % 2 else "fr-CA"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SES_", "SLACK_"))}
        env.update(
            SES_DATA_DIR=str(index_dir.parent),
            SES_DATABASE_URL=database_url,
            SES_ENCODER=settings.encoder,
            SES_LOG_LEVEL="WARNING",
            SES_ASK_RATE_PER_MINUTE="0",  # 60 simulated users at 10 questions/s: throughput, not limits
            # as a deployment has: the inbox keeps (sealed) bodies only under master keys
            SES_MASTER_KEYS=f"1:{base64.b64encode(os.urandom(32)).decode()}",
            SLACK_BOT_TOKEN=fs.BOT_TOKEN,
            SLACK_SIGNING_SECRET=fs.SIGNING_SECRET,
            SLACK_API_URL=self.fake.api_url,
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
        )
        if self.workers is not None:
            env["SES_ASK_WORKERS"] = str(self.workers)
        env.update(self.extra_env)
        self._log = open(Path(self._tmp.name) / "server.log", "wb")  # noqa: SIM115 — closed in __exit__
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            cwd=REPO_ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self._log.close()
        self.fake.stop()
        self._tmp.cleanup()

    def _wait_ready(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/readyz"
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError("ses serve exited: " + self.server_log()[-2000:])
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        raise RuntimeError("ses serve never became ready")

    def server_log(self) -> str:
        return (Path(self._tmp.name) / "server.log").read_text(errors="replace")

    def rss_mb(self) -> float:
        """Resident memory of the server and its advisor worker processes, in MiB."""
        assert self.process is not None
        return sum(_rss_kib(pid) for pid in _tree(self.process.pid)) / 1024

    # --- requests ------------------------------------------------------------------------------

    def mention(self, question: str, *, channel: str, user_index: int = 0) -> tuple[bytes, str]:
        """A signed app_mention request, as raw HTTP bytes, and the mention's ts (the answer's thread)."""
        event = fs.mention(question, channel=channel, user=self._users[user_index % len(self._users)])
        body = json.dumps(fs.event_body(event)).encode("utf-8")
        headers = fs.sign(body.decode("utf-8"))
        head = (
            f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"X-Slack-Request-Timestamp: {headers['X-Slack-Request-Timestamp']}\r\n"
            f"X-Slack-Signature: {headers['X-Slack-Signature']}\r\nConnection: close\r\n\r\n"
        )
        return head.encode("ascii") + body, event["ts"]

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", self.port)

    @staticmethod
    async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> Ack:
        sent = time.monotonic()
        writer.write(request)
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=30)
            acked = time.monotonic()
            status = int(line.split()[1]) if line else None
            await asyncio.wait_for(reader.read(), timeout=30)
        except (TimeoutError, ConnectionError, IndexError, ValueError):
            return Ack(sent, None, None)
        finally:
            writer.close()
        return Ack(sent, acked, status)

    # --- answers -------------------------------------------------------------------------------

    def answers(self, thread_ts: set[str]) -> dict[str, list[float]]:
        """For each thread, when an answer (a message with buttons) was posted in it.

        Calls are scanned once each (the bench polls this while the server works: it must stay cheap).
        """
        with self.fake._cond:  # noqa: SLF001 — the fake is ours; a consistent snapshot
            new = self.fake.calls[self._scanned :]
            self._scanned += len(new)
        for call in new:
            if call.method == "chat.postMessage" and any(
                b.get("type") == "actions" for b in call.params.get("blocks") or []
            ):
                self._answers.setdefault(call.params.get("thread_ts"), []).append(call.at)
        return {ts: self._answers[ts] for ts in thread_ts if ts in self._answers}

    def busy_notices(self, thread_ts: set[str]) -> int:
        return sum(
            1
            for call in self.fake.calls_to("chat.postMessage")
            if call.params.get("thread_ts") in thread_ts
            and not any(b.get("type") == "actions" for b in call.params.get("blocks") or [])
        )

    def wait_answers(self, thread_ts: set[str], timeout: float) -> dict[str, list[float]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.answers(thread_ts)
            if len(found) >= len(thread_ts):
                return found
            time.sleep(0.1)
        return self.answers(thread_ts)

    async def ask_one(self, question: str, channel: str, user_index: int = 0, timeout: float = 60) -> float:
        """Mention -> answer posted, one question alone: seconds."""
        request, ts = self.mention(question, channel=channel, user_index=user_index)
        reader, writer = await self.connect()
        ack = await self.exchange(reader, writer, request)
        found = await asyncio.to_thread(self.wait_answers, {ts}, timeout)
        if ts not in found:
            raise RuntimeError("a question went unanswered")
        return found[ts][0] - ack.sent
