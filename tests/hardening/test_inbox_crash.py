"""Acked Slack requests survive a crash: `ses serve` (or `ses socket`) killed with SIGKILL after its
acks, before any answer went out, then started again on the same database — every event and slash
command is answered exactly once, with no retry from Slack (Slack never retries what it saw acked)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bench import fake_slack as fs
from cases.db import inbox_url, make_engine, make_session_factory, session_scope
from cases.models import SlackInboxItem
from tests.hardening.serve_process import SES, ServeProcess, server_env, wait_inbox_drained

EVENTS = 12


class StalledSlack(fs.FakeSlack):
    """The fake Slack, holding every users.info call (which opens each answer) while `stalled` is set:
    the server acks and starts working, and nothing reaches Slack before the kill."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = threading.Event()
        self.resumed = threading.Event()
        self.holding = 0
        self._holding_lock = threading.Lock()

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        if self.stalled.is_set() and handler.path.endswith("/users.info"):
            with self._holding_lock:
                self.holding += 1
            self.resumed.wait(60)
            return  # the caller is dead by now
        super()._handle(handler, body)


@pytest.fixture
def stalled_slack() -> Iterator[StalledSlack]:
    fake = StalledSlack().start()
    yield fake
    fake.resumed.set()
    fake.stop()


def _post(url: str, body: str, content_type: str) -> int:
    headers = {"Content-Type": content_type, **fs.sign(body)}
    return httpx.post(f"{url}/slack/events", content=body, headers=headers, timeout=10).status_code


def test_events_and_commands_acked_before_a_kill_are_answered_once_after_the_restart(
    tmp_path: Path, data_dir: Path, stalled_slack: StalledSlack
) -> None:
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    env = server_env(
        data_dir=data_dir, database_url=database_url, fake=stalled_slack, SES_EVENT_RECLAIM_SECONDS="2"
    )
    from cases.migrate import upgrade  # deferred: only this test migrates its own file

    upgrade(database_url)
    first = ServeProcess(env, tmp_path / "serve-1.log")
    second = ServeProcess(env, tmp_path / "serve-2.log")
    mentions = [
        fs.mention(
            "Puis-je accepter un cadeau d'un lobbyiste ?", user=f"UCRASH{i:03d}", channel=f"CCRASH{i:03d}"
        )
        for i in range(EVENTS)
    ]
    command = fs.command_form(
        "Puis-je accepter un cadeau ?",
        user="UCRASHCMD",
        channel="CCRASHCMD",
        response_url=stalled_slack.response_url("crash"),
    )
    try:
        first.start()
        stalled_slack.stalled.set()
        for i, event in enumerate(mentions):
            assert (
                _post(first.url, json.dumps(fs.event_body(event, f"EvCrash{i:04d}")), "application/json")
                == 200
            )
        assert _post(first.url, command, "application/x-www-form-urlencoded") == 200
        first.kill()
        assert not stalled_slack.calls_to("chat.postMessage") and not stalled_slack.calls_to("response_url")
        engine = make_engine(inbox_url(database_url))
        with session_scope(make_session_factory(engine)) as session:
            pending = session.scalars(
                select(SlackInboxItem.kind).where(SlackInboxItem.done_at.is_(None))
            ).all()
        engine.dispose()
        assert sorted(pending) == ["command"] + ["event"] * EVENTS, (
            "every ack was recorded before it was sent"
        )

        stalled_slack.stalled.clear()
        stalled_slack.resumed.set()
        second.start()  # no retry from Slack: the acked requests come back from the inbox
        for event in mentions:
            stalled_slack.wait_for(
                "chat.postMessage",
                where=lambda c, ts=event["ts"]: c.params.get("thread_ts") == ts,
                timeout=120,
            )
        stalled_slack.wait_for("response_url", where=lambda c: c.params.get("_url") == "crash", timeout=60)
        wait_inbox_drained(database_url)
        answers = [c.params.get("thread_ts") for c in stalled_slack.calls_to("chat.postMessage")]
        assert sorted(answers) == sorted(e["ts"] for e in mentions), "each answered exactly once"
        assert (
            len([c for c in stalled_slack.calls_to("response_url") if c.params.get("_url") == "crash"]) == 1
        )
        assert "taken over" in second.tail(400)
    finally:
        first.stop()
        second.stop()


def test_socket_mode_envelopes_acked_before_a_kill_are_answered_once_after_the_restart(
    tmp_path: Path, data_dir: Path, stalled_slack: StalledSlack
) -> None:
    """The same over Socket Mode: `ses socket` records each envelope before its ack (Slack never
    sends an acked envelope again), so the next `ses socket` answers what the killed one acked."""
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    from cases.migrate import upgrade  # deferred: only this test migrates its own file

    upgrade(database_url)
    socket = fs.FakeSocketMode().start()
    stalled_slack.socket_url = socket.url
    env = server_env(
        data_dir=data_dir,
        database_url=database_url,
        fake=stalled_slack,
        SES_EVENT_RECLAIM_SECONDS="2",
        SLACK_APP_TOKEN=fs.APP_TOKEN,
    )
    mentions = [
        fs.mention("Puis-je accepter un cadeau ?", user=f"USOCK{i:03d}", channel=f"CSOCK{i:03d}")
        for i in range(EVENTS)
    ]
    first = _socket_process(env, tmp_path / "socket-1.log")
    second: subprocess.Popen[bytes] | None = None
    try:
        socket.wait_connected(timeout=120)
        stalled_slack.stalled.set()
        for i, event in enumerate(mentions):
            envelope = {
                "envelope_id": f"env-crash-{i}",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": fs.event_body(event, f"EvSockCrash{i:04d}"),
            }
            socket.push(envelope)
            socket.wait_ack(f"env-crash-{i}", timeout=30)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        assert not stalled_slack.calls_to("chat.postMessage"), "nothing answered before the kill"

        stalled_slack.stalled.clear()
        stalled_slack.resumed.set()
        second = _socket_process(env, tmp_path / "socket-2.log")
        for event in mentions:
            stalled_slack.wait_for(
                "chat.postMessage",
                where=lambda c, ts=event["ts"]: c.params.get("thread_ts") == ts,
                timeout=120,
            )
        wait_inbox_drained(database_url)
        answers = [c.params.get("thread_ts") for c in stalled_slack.calls_to("chat.postMessage")]
        assert sorted(answers) == sorted(e["ts"] for e in mentions), "each answered exactly once"
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        socket.stop()


def _socket_process(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(SES), "socket"], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
