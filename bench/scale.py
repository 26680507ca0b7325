"""Scale: 1,000,000 synthetic passages (SES_BENCH_SCALE_N scales it down for a quick run).

Dense: FAISS exact (IndexFlatIP) against the approximate index exactly as the project builds it
above `SearchConfig.ann_threshold` (`DenseIndex.build`), on clustered 384-d vectors and 1,000
queries described in bench/_synthetic.py. Per kind: build time, the serialised index's size, the
process's RSS growth, and search p50/p95 one query at a time on one thread (as a server worker
runs it); recall@10 of the approximate index is measured against exact on every query.
BM25: the project's BM25 class over as many Zipf-distributed synthetic texts: build time, size on
disk, RSS growth, and query p95 (scores of every passage, then the top 100 candidates).

The steps run one after the other and free what they no longer need, to keep the peak near
three copies of the vectors (4.6 GB at one million).
"""

from __future__ import annotations

import gc
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

from bench import Row, percentile
from bench import _synthetic as synthetic
from bench._synthetic import Matrix
from knowledge.config import SearchConfig
from knowledge.search.bm25 import BM25
from knowledge.search.dense import DenseIndex

N = int(os.environ.get("SES_BENCH_SCALE_N", "1000000"))
QUERIES = 1000
EXACT_TIMED = 100  # exact search costs ~0.3 s a query at one million here: time a tenth of the queries
SEARCH_GOAL_MS = 50.0
RECALL_GOAL = 0.95
BM25_QUERY_TOKENS = 6
BUILD_THREADS = os.cpu_count() or 1
NAME = "scale"


@dataclass(frozen=True)
class _Exact:
    truth: npt.NDArray[np.int64]  # the exact top 10 of every query
    timings: list[float]
    build: float
    size: int


def run() -> list[Row]:
    label = f"{N:,} passages"
    data = synthetic.vectors(N)
    queries = synthetic.queries(data, QUERIES)
    rows, exact = _exact(data, queries, label)
    rows += _approximate(data, queries, exact)
    del data, queries
    gc.collect()
    return rows + _bm25(label, reference=rows[-1])


def _exact(data: Matrix, queries: Matrix, label: str) -> tuple[list[Row], _Exact]:
    rss = _rss()
    started = time.perf_counter()
    index = DenseIndex.exact(data)
    build = time.perf_counter() - started
    grown = _rss() - rss
    _, truth = faiss.knn(queries, data, 10, faiss.METRIC_INNER_PRODUCT)  # all queries at once: faster
    timings = _timed(lambda q: index.search(q, 10), queries[:EXACT_TIMED])
    exact = _Exact(truth, timings, build, _serialised_bytes(index))
    return [
        Row(NAME, f"exact build ({label})", build, "s"),
        Row(NAME, "exact index size", exact.size / 2**20, "MiB"),
        Row(NAME, "exact RSS growth", grown / 2**20, "MiB"),
        Row(NAME, "exact search p50", percentile(timings, 50), "ms"),
        Row(NAME, "exact search p95", percentile(timings, 95), "ms", SEARCH_GOAL_MS, "goal", "reported"),
    ], exact


def _approximate(data: Matrix, queries: Matrix, exact: _Exact) -> list[Row]:
    """The project's own switch: the default threshold at full size, one row under N for a quick run."""
    gc.collect()
    rss = _rss()
    started = time.perf_counter()
    index = DenseIndex.build(data, ann_threshold=min(SearchConfig().ann_threshold, N - 1))
    build = time.perf_counter() - started
    grown = _rss() - rss
    found = [index.search(q, 10)[0] for q in queries]
    recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, exact.truth, strict=True)]))
    timings = _timed(lambda q: index.search(q, 10), queries)
    spec = index.spec
    return [
        Row(
            NAME,
            "approx index size",
            _serialised_bytes(index) / 2**20,
            "MiB",
            exact.size / 2**20,
            "exact size",
        ),
        Row(NAME, "approx RSS growth", grown / 2**20, "MiB"),
        Row(
            NAME,
            "approx search p50",
            percentile(timings, 50),
            "ms",
            percentile(exact.timings, 50),
            "exact p50",
        ),
        Row(
            NAME,
            "approx search p95",
            percentile(timings, 95),
            "ms",
            percentile(exact.timings, 95),
            "exact p95",
            f"≤ {SEARCH_GOAL_MS:g} ms",
        ),
        Row(NAME, "approx recall@10 of exact", recall, "", RECALL_GOAL, "goal", "ratio ≥ 1"),
        Row(
            NAME,
            f"approx build ({spec.kind}, nlist {spec.nlist}, nprobe {spec.nprobe})",
            build,
            "s",
            exact.build,
            "exact build",
        ),
    ]


def _bm25(label: str, reference: Row) -> list[Row]:
    texts = synthetic.texts(N)
    rng = np.random.default_rng(11)
    asked = [
        [str(t) for t in rng.choice(texts[i], BM25_QUERY_TOKENS, replace=False)]
        for i in rng.choice(len(texts), QUERIES, replace=False)
    ]
    gc.collect()
    rss = _rss()
    started = time.perf_counter()
    bm25 = BM25.build(texts)
    build = time.perf_counter() - started
    del texts
    gc.collect()
    grown = _rss() - rss
    with tempfile.TemporaryDirectory() as tmp:
        bm25.save(Path(tmp))
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
    candidates = SearchConfig().candidates

    def search(tokens: list[str]) -> None:
        np.argpartition(-bm25.scores(tokens), candidates)

    timings = _timed(search, asked)
    return [
        Row(NAME, f"bm25 build ({label}, Zipf texts)", build, "s", reference.value, "approx dense build"),
        Row(NAME, "bm25 size on disk", size / 2**20, "MiB"),
        Row(NAME, "bm25 RSS growth (texts freed)", grown / 2**20, "MiB"),
        Row(NAME, "bm25 query p50", percentile(timings, 50), "ms"),
        Row(NAME, "bm25 query p95", percentile(timings, 95), "ms", SEARCH_GOAL_MS, "goal", "ratio ≤ 1"),
    ]


def _timed(call: Callable[[Any], object], items: Sequence[Any] | Matrix) -> list[float]:
    """Milliseconds of each call, one at a time on one thread (as a server worker runs), after a warm-up."""
    faiss.omp_set_num_threads(1)
    try:
        for item in items[:5]:
            call(item)
        timings = []
        for item in items:
            started = time.perf_counter()
            call(item)
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        faiss.omp_set_num_threads(BUILD_THREADS)


def _serialised_bytes(index: DenseIndex) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        index.save(Path(tmp) / "index")
        return (Path(tmp) / "index").stat().st_size


def _rss() -> int:
    """Resident bytes of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0
