"""Knowledge engine: warm ask latency, index build throughput (answer quality: bench/quality.py).

Every figure is set against a reference measured in the same run (these machines are noisy):
ask latency against the encoder's own query time (the floor of any dense search); build
throughput against the encoder's raw passages/s on the same texts.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench import Row, percentile
from bench._bundled import CORPUS, DEV, bundled_advisor
from indexer.corpus_subset import copy_subset
from indexer.pipeline import BuildConfig, build, read_corpus
from knowledge import Advisor
from knowledge.encoders import load_encoder
from knowledge.evaluation import read_questions


def _latency(advisor: Advisor, questions: list[str]) -> list[Row]:
    encoder = advisor.searcher.encoder
    for q in questions[:5]:
        advisor.ask(q)
    floor = []
    for q in questions:
        started = time.perf_counter()
        encoder.encode_queries([q])
        floor.append((time.perf_counter() - started) * 1000)
    rows = []
    for mode in ("keyword", "dense", "hybrid"):
        timings = []
        for q in questions:
            started = time.perf_counter()
            advisor.ask(q, mode=mode)
            timings.append((time.perf_counter() - started) * 1000)
        for q_, label in ((50, "p50"), (95, "p95")):
            rows.append(
                Row(
                    "ask latency",
                    f"{mode} {label}",
                    percentile(timings, q_),
                    "ms",
                    percentile(floor, q_),
                    f"encoder {label}",
                    "p95 ≤ 300 ms",
                )
            )
    return rows


def _build_throughput() -> list[Row]:
    """Cold build (no cache) of two laws against the bare encoder on exactly the texts the build
    encodes (passages, FAQ and scope questions); the raw time is the mean of a run before and one
    after the build, since the encoder's speed drifts on a shared machine."""
    with tempfile.TemporaryDirectory() as tmp:
        source = copy_subset(CORPUS, Path(tmp) / "corpus")
        corpus = read_corpus(source)
        encoder = load_encoder("e5-small")

        def raw_seconds() -> float:
            started = time.perf_counter()
            encoder.encode_passages([p.search_text() for p in corpus.passages])
            encoder.encode_queries([q.question for q in corpus.examples] + [q.question for q in corpus.scope])
            return time.perf_counter() - started

        before = raw_seconds()
        report = build(BuildConfig(source=source, index_dir=Path(tmp) / "index", encoder="e5-small"))
        raw = len(corpus.passages) / ((before + raw_seconds()) / 2)
        built = report.passages / report.seconds
    label = f"passages/s ({len(corpus.passages)} passages + {len(corpus.examples) + len(corpus.scope)} questions, cold)"
    return [Row("index build", label, built, "passages/s", raw, "raw encoder", "ratio ≥ 0.9")]


def run() -> list[Row]:
    questions = (
        [q.question for q in read_questions(DEV)]
        if DEV.exists()
        else [
            "Puis-je accepter un cadeau d'un fournisseur ?",
            "Can I lobby my former department after I leave?",
        ]
        * 25
    )
    with bundled_advisor() as advisor:
        rows = _latency(advisor, questions)
    return rows + _build_throughput()
