"""Slack burst: 200 signed events at once on loopback.

Bars: ack p99 ≤ 50 ms, no missed ack (Slack's limit is 3 s), every question answered exactly
once, and the burst drained within 1.2 × (200 × one question's service time ÷ cores) — the
service time measured first in the same run (median of 20 questions sent one at a time,
mention to answer posted).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time

from bench import Row, percentile
from bench._slack import ACK_GOAL_MS, RSS_GOAL_MIB, Skip, SlackBench, questions

BURST = int(os.environ.get("BENCH_BURST", "200"))
SERVICE_SAMPLES = 20
NAME = "slack burst"


def run() -> list[Row]:
    try:
        with SlackBench() as bench:
            return asyncio.run(_run(bench))
    except Skip as exc:
        print(f"bench.slack_burst skipped: {exc}", file=sys.stderr)
        return []


async def _run(bench: SlackBench) -> list[Row]:
    texts = questions()
    for i, text in enumerate(texts[:5]):  # warm-up: auth.test, models, caches of the first users
        await bench.ask_one(text, channel=f"CWARM{i:04d}", user_index=i)
    rss_warm = bench.rss_mb()
    service = [
        await bench.ask_one(texts[(i + 5) % len(texts)], channel=f"CSERV{i:04d}", user_index=i)
        for i in range(SERVICE_SAMPLES)
    ]
    service_time = statistics.median(service)
    cores = os.cpu_count() or 1

    requests = [
        bench.mention(texts[i % len(texts)], channel=f"CBURST{i:04d}", user_index=i) for i in range(BURST)
    ]
    connections = await asyncio.gather(*(bench.connect() for _ in requests))
    started = time.monotonic()
    acks = await asyncio.gather(
        *(
            bench.exchange(reader, writer, request)
            for (reader, writer), (request, _) in zip(connections, requests, strict=True)
        )
    )
    threads = {ts for _, ts in requests}
    bound = 1.2 * BURST * service_time / cores
    found = await asyncio.to_thread(bench.wait_answers, threads, max(120.0, 4 * bound))
    finished = max((t for times in found.values() for t in times), default=float("nan"))
    await asyncio.sleep(2.0)  # anything answered twice would show up now
    found = bench.answers(threads)
    exactly_once = sum(1 for ts in threads if len(found.get(ts, [])) == 1)
    ack_ms = [a.seconds * 1000 for a in acks]
    return [
        Row(NAME, "ack p50", percentile(ack_ms, 50), "ms", goal="—"),
        Row(NAME, "ack p99", percentile(ack_ms, 99), "ms", ACK_GOAL_MS, "goal", "ratio ≤ 1"),
        Row(NAME, "missed acks (non-200 or > 3 s)", sum(a.missed for a in acks), "", goal="0"),
        Row(NAME, "answered exactly once", exactly_once, f"of {BURST}", goal=f"{BURST}"),
        Row(NAME, "busy notices", bench.busy_notices(threads), "", goal="—"),
        Row(NAME, "one question's service time", service_time * 1000, "ms", goal="—"),
        Row(
            NAME,
            "drain time",
            finished - started,
            "s",
            bound,
            f"1.2×{BURST}×service÷{cores} cores",
            "ratio ≤ 1",
        ),
        Row(NAME, "server RSS after warm-up", rss_warm, "MiB", RSS_GOAL_MIB, "goal 1.5 GB", "ratio ≤ 1"),
        Row(NAME, "server RSS after burst", bench.rss_mb(), "MiB", goal="reported"),
    ]
