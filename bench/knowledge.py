"""Knowledge engine: answer quality by mode, warm ask latency, index build throughput.

Every figure is set against a reference measured in the same run (these machines are noisy):
hybrid quality against keyword-only and dense-only; ask latency against the encoder's own query
time (the floor of any dense search); build throughput against the encoder's raw passages/s on the
same texts.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench import Row
from bot.settings import REPO_ROOT
from indexer.pipeline import BuildConfig, build, read_corpus
from knowledge import Advisor
from knowledge.encoders import load_encoder
from knowledge.evaluation import Outcome, evaluate, read_questions
from tests.conftest import build_small_corpus

DEV = REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl"
CORPUS = REPO_ROOT / "corpus"


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _quality(advisor: Advisor) -> list[Row]:
    if not DEV.exists():
        return []
    questions = read_questions(DEV)
    reports = {}
    for mode in ("hybrid", "keyword", "dense"):
        def run(q, mode=mode):  # type: ignore[no-untyped-def]
            hits = advisor.search(q.question, k=10, mode=mode)
            answer = advisor.ask(q.question, mode=mode)
            return Outcome(q, [(h.doc, h.section) for h in hits], answer.abstained, answer.refused)

        reports[mode] = evaluate(questions, run)[0]
    rows = []
    for lang in ("fr", "en"):
        for metric, goal in (("recall@5", "≥ 0.95"), ("mrr@10", "≥ 0.88")):
            hybrid = reports["hybrid"][lang][metric]
            for other in ("keyword", "dense"):
                rows.append(Row("quality", f"{metric} {lang} hybrid vs {other}", hybrid, "",
                                reports[other][lang][metric], other, goal))
    rows.append(Row("quality", "abstention (unanswerable)", reports["hybrid"]["abstention"], "", goal="≥ 0.90"))
    rows.append(Row("quality", "false abstention", reports["hybrid"]["false_abstention"], "", goal="≤ 0.05"))
    rows.append(Row("quality", "refusal (merits)", reports["hybrid"]["refusal"], "", goal="1.0"))
    return rows


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
            rows.append(Row("ask latency", f"{mode} {label}", _percentile(timings, q_), "ms",
                            _percentile(floor, q_), f"encoder {label}", "p95 ≤ 300 ms"))
    return rows


def _build_throughput() -> list[Row]:
    """Cold build (no cache) of two laws against the bare encoder on exactly the texts the build
    encodes (passages, FAQ and scope questions); the raw time is the mean of a run before and one
    after the build, since the encoder's speed drifts on a shared machine."""
    with tempfile.TemporaryDirectory() as tmp:
        source = build_small_corpus(Path(tmp) / "corpus")
        corpus = read_corpus(source)
        encoder = load_encoder("e5-small")

        def raw_seconds() -> float:
            started = time.perf_counter()
            encoder.encode_passages([p.search_text() for p in corpus.passages])
            encoder.encode_queries([q.question for q in [*corpus.examples, *corpus.scope]])
            return time.perf_counter() - started

        before = raw_seconds()
        report = build(BuildConfig(source=source, index_dir=Path(tmp) / "index", encoder="e5-small"))
        raw = len(corpus.passages) / ((before + raw_seconds()) / 2)
        built = report.passages / report.seconds
    label = f"passages/s ({len(corpus.passages)} passages + {len(corpus.examples) + len(corpus.scope)} questions, cold)"
    return [Row("index build", label, built, "passages/s", raw, "raw encoder", "ratio ≥ 0.9")]


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        build(BuildConfig(source=CORPUS, index_dir=Path(tmp), encoder="e5-small", cache_dirs=(CORPUS / "embeddings",)))
        advisor = Advisor.open(Path(tmp))
        questions = [q.question for q in read_questions(DEV)] if DEV.exists() else [
            "Puis-je accepter un cadeau d'un fournisseur ?", "Can I lobby my former department after I leave?"] * 25
        rows = _quality(advisor) + _latency(advisor, questions)
    return rows + _build_throughput()
