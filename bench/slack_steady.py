"""Slack steady load: 10 questions/s for 60 s; mention -> answer posted p95 ≤ 1.5 s on this machine."""

from __future__ import annotations

import asyncio
import os
import sys
import time

from bench import Row, percentile
from bench._slack import ACK_GOAL_MS, RSS_GOAL_MIB, Ack, Skip, SlackBench, questions

RATE = float(os.environ.get("BENCH_STEADY_RATE", "10"))
SECONDS = float(os.environ.get("BENCH_STEADY_SECONDS", "60"))
CHANNELS = 100
LATENCY_GOAL_S = 1.5
NAME = "slack steady"


def run() -> list[Row]:
    try:
        with SlackBench() as bench:
            return asyncio.run(_run(bench))
    except Skip as exc:
        print(f"bench.slack_steady skipped: {exc}", file=sys.stderr)
        return []


async def _run(bench: SlackBench) -> list[Row]:
    texts = questions()
    for i, text in enumerate(texts[:5]):
        await bench.ask_one(text, channel=f"CWARM{i:04d}", user_index=i)
    rss_warm = bench.rss_mb()
    total = int(RATE * SECONDS)
    requests = [
        bench.mention(texts[i % len(texts)], channel=f"CSTEADY{i % CHANNELS:03d}", user_index=i)
        for i in range(total)
    ]
    acks: list[Ack] = []

    async def send(request: bytes) -> None:
        reader, writer = await bench.connect()
        acks.append(await bench.exchange(reader, writer, request))

    started = time.monotonic()
    sent_at: dict[str, float] = {}
    tasks = []
    for i, (request, ts) in enumerate(requests):
        delay = started + i / RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        sent_at[ts] = time.monotonic()
        tasks.append(asyncio.create_task(send(request)))
    await asyncio.gather(*tasks)
    found = await asyncio.to_thread(bench.wait_answers, set(sent_at), 60.0)
    latency = [found[ts][0] - sent_at[ts] for ts in sent_at if ts in found]
    ack_ms = [a.seconds * 1000 for a in acks]
    return [
        Row(NAME, f"answered ({RATE:g}/s for {SECONDS:g} s)", len(latency), f"of {total}", goal=f"{total}"),
        Row(NAME, "mention → answer p50", percentile(latency, 50), "s", goal="—"),
        Row(NAME, "mention → answer p95", percentile(latency, 95), "s", LATENCY_GOAL_S, "goal", "ratio ≤ 1"),
        Row(NAME, "ack p99", percentile(ack_ms, 99), "ms", ACK_GOAL_MS, "goal", "ratio ≤ 1"),
        Row(NAME, "server RSS after warm-up", rss_warm, "MiB", RSS_GOAL_MIB, "goal 1.5 GB", "ratio ≤ 1"),
        Row(NAME, "server RSS after run", bench.rss_mb(), "MiB", goal="reported"),
    ]
