"""Slack under a flood of anonymous web questions: 200 kept in flight against `POST /api/v1/ask`.

The flood is the worst the endpoint allows: each question at its longest (2,000 characters) with
a context at its longest (1,000), from 200 client addresses (the server trusts the bench as its
proxy, so each X-Forwarded-For is a client of its own and the per-address allowance is not what
holds them back). Slack questions are asked one after the other, in rounds alone then during the
flood (mention → answer posted), so that the machine's drift weighs on both alike. Bar: the flood leaves a Slack question's time within 1.5× its
time alone (p50), and nothing is lost.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event as EventType

from bench import Row, percentile
from bench._slack import Skip, SlackBench, questions
from bot.http.ask import PATIENCE

CLIENTS = int(os.environ.get("BENCH_FLOOD_CLIENTS", "200"))
ROUNDS = 3
SAMPLES = int(os.environ.get("BENCH_FLOOD_SAMPLES", "5"))  # Slack questions per round, alone and flooded
RATIO_GOAL = 1.5
NAME = "web flood"


def run() -> list[Row]:
    try:
        with SlackBench(env={"SES_TRUSTED_PROXIES": '["127.0.0.1"]'}) as bench:
            return asyncio.run(_run(bench))
    except Skip as exc:
        print(f"bench.web_flood skipped: {exc}", file=sys.stderr)
        return []


def _ask_request(port: int, client: int) -> bytes:
    """The longest question the endpoint takes, with the longest context, from client `client`."""
    words = "Un fournisseur m'offre des billets, un repas et un voyage pour ma famille : que dois-je faire ?"
    question = (words + " ") * 30
    body = json.dumps({"question": question[:2000], "context": question[:1000]}).encode("utf-8")
    head = (
        f"POST /api/v1/ask HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-Forwarded-For: 10.{client // 250}.{client % 250}.1\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def _flood(port: int, on: EventType, stop: EventType, counted: Queue[dict[int, int]]) -> None:
    """The flood, in a process of its own (as an attacker's would be): while `on`, CLIENTS requests
    kept in flight; at `stop`, the statuses it saw, counted."""
    statuses: Counter[int] = Counter()

    async def client(n: int) -> None:
        request = _ask_request(port, n)
        while not stop.is_set():
            if not on.is_set():
                await asyncio.sleep(0.05)
                continue
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                statuses[0] += 1
                continue
            ack = await SlackBench.exchange(reader, writer, request)
            statuses[ack.status or 0] += 1

    async def main() -> None:
        await asyncio.gather(*(client(n) for n in range(CLIENTS)))

    asyncio.run(main())
    counted.put(dict(statuses))


async def _slack_times(bench: SlackBench, texts: list[str], tag: str, start: int) -> list[float]:
    return [
        await bench.ask_one(texts[i % len(texts)], channel=f"C{tag}{i:04d}", user_index=i)
        for i in range(start, start + SAMPLES)
    ]


async def _run(bench: SlackBench) -> list[Row]:
    """Rounds of questions alone, then with the flood on: the machine's drift weighs on both alike."""
    texts = questions()
    for i, text in enumerate(texts[:5]):  # warm-up: auth.test, models, caches of the first users
        await bench.ask_one(text, channel=f"CWARM{i:04d}", user_index=i)
    context = multiprocessing.get_context("spawn")
    on, stop, counted = context.Event(), context.Event(), context.Queue()
    flood = context.Process(target=_flood, args=(bench.port, on, stop, counted), daemon=True)
    flood.start()
    alone: list[float] = []
    during: list[float] = []
    seconds = 0.0
    for round_ in range(ROUNDS):
        alone += await _slack_times(bench, texts, "ALONE", round_ * SAMPLES)
        on.set()
        await asyncio.sleep(2.0)  # the flood at full strength before the first question
        started = time.monotonic()
        during += await _slack_times(bench, texts, "FLOOD", round_ * SAMPLES)
        seconds += time.monotonic() - started
        on.clear()
        await asyncio.sleep(PATIENCE + 1.0)  # the flood's last requests answered or refused
    stop.set()
    statuses = Counter(counted.get(timeout=120))
    flood.join(30)
    p50_alone, p50_during = percentile(alone, 50), percentile(during, 50)
    asked = sum(statuses.values())
    return [
        Row(
            NAME,
            "Slack question alone: mention → answer p50 / max",
            p50_alone,
            "s",
            goal=f"max {max(alone):.3f} s",
        ),
        Row(
            NAME,
            f"same, {CLIENTS} anonymous asks in flight: p50",
            p50_during,
            "s",
            p50_alone,
            "alone, same run",
            f"ratio ≤ {RATIO_GOAL}",
        ),
        Row(NAME, "same: max", max(during), "s", max(alone), "alone, same run", "reported"),
        Row(
            NAME,
            "Slack questions answered during the flood",
            len(during),
            f"of {ROUNDS * SAMPLES}",
            goal="all",
        ),
        Row(
            NAME,
            "web asks the flood got an answer to",
            asked,
            "",
            goal=f"in {seconds:.0f} s of Slack questions",
        ),
        Row(
            NAME,
            "web asks answered / busy (503) / over allowance (429)",
            statuses[200],
            f"/ {statuses[503]} / {statuses[429]} (other: {asked - statuses[200] - statuses[503] - statuses[429]})",
            goal="no other",
        ),
    ]
