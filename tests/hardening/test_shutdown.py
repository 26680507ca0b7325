"""`ses serve` stops within 10 s of SIGINT or SIGTERM while a burst of questions is being answered,
and loses none of them: what was not answered is handed back and answered once by the next process."""

from __future__ import annotations

import json
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from bot.cli.serve import STOP_BOUND
from cases.migrate import upgrade
from tests.hardening.serve_process import ServeProcess, server_env, wait_inbox_drained

QUESTIONS = 40


@pytest.mark.parametrize(("signum", "group"), [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_serve_stops_promptly_under_load_and_the_next_process_answers_the_rest(
    tmp_path: Path, data_dir: Path, signum: int, group: bool
) -> None:
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    upgrade(database_url)
    fake = fs.FakeSlack().start()
    env = server_env(data_dir=data_dir, database_url=database_url, fake=fake, SES_EVENT_RECLAIM_SECONDS="2")
    first = ServeProcess(env, tmp_path / "serve-1.log")
    second = ServeProcess(env, tmp_path / "serve-2.log")
    mentions = [
        fs.mention(
            "Puis-je accepter un cadeau d'un lobbyiste ?", user=f"USTOP{i:03d}", channel=f"CSTOP{i:03d}"
        )
        for i in range(QUESTIONS)
    ]
    bodies = [json.dumps(fs.event_body(event)) for event in mentions]

    def deliver(body: str) -> int:
        headers = {"Content-Type": "application/json", **fs.sign(body)}
        return httpx.post(f"{first.url}/slack/events", content=body, headers=headers, timeout=10).status_code

    try:
        first.start()
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(deliver, bodies)) == [200] * QUESTIONS
        seconds = first.interrupt(signum, group=group)
        assert seconds <= STOP_BOUND, f"stopped in {seconds:.1f} s\n{first.tail()}"
        answered_before = len(fake.calls_to("chat.postMessage"))
        assert answered_before < QUESTIONS, "the stop should land mid-burst"

        second.start()
        for event in mentions:
            fake.wait_for(
                "chat.postMessage",
                where=lambda c, ts=event["ts"]: c.params.get("thread_ts") == ts,
                timeout=120,
            )
        wait_inbox_drained(database_url)
        answers = sorted(c.params.get("thread_ts") for c in fake.calls_to("chat.postMessage"))
        assert answers == sorted(e["ts"] for e in mentions), "each question answered exactly once"
    finally:
        first.stop()
        second.stop()
        fake.stop()
