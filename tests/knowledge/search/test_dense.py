"""Dense index: exact up to `ann_threshold` passages, approximate (IVF) above, and a version on disk
says which kind it holds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from bot.settings import REPO_ROOT
from indexer.pipeline import BuildConfig, build
from knowledge import Advisor, IndexCorrupt, SearchConfig
from knowledge.search.dense import EXACT, IVF, DenseIndex
from knowledge.store import read_index
from tests.conftest import build_small_corpus

Matrix = npt.NDArray[np.float32]


def _unit(matrix: npt.NDArray[np.floating]) -> Matrix:
    unit: Matrix = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)
    return unit


@pytest.fixture(scope="module")
def vectors() -> Matrix:
    """4,000 random unit vectors of width 64 around 40 centres, clustered as embeddings are."""
    rng = np.random.default_rng(0)
    centres = _unit(rng.standard_normal((40, 64)))
    return _unit(centres[rng.integers(0, 40, 4000)] + rng.normal(scale=1 / 8, size=(4000, 64)))


@pytest.fixture(scope="module")
def queries(vectors: Matrix) -> Matrix:
    """200 rows nudged off themselves (cosine ≈ 0.9)."""
    rng = np.random.default_rng(1)
    rows = vectors[rng.choice(len(vectors), 200, replace=False)]
    return _unit(rows + rng.normal(scale=0.5 / 8, size=rows.shape))


def _recall_at_10(index: DenseIndex, exact: DenseIndex, queries: Matrix) -> float:
    shared = [len(set(index.search(q, 10)[0]) & set(exact.search(q, 10)[0])) / 10 for q in queries]
    return float(np.mean(shared))


def test_below_the_threshold_the_index_is_exact(vectors: Matrix) -> None:
    assert DenseIndex.build(vectors, ann_threshold=len(vectors)).spec.kind == EXACT


def test_above_the_threshold_the_index_is_approximate_and_finds_what_exact_finds(
    vectors: Matrix, queries: Matrix
) -> None:
    index = DenseIndex.build(vectors, ann_threshold=1000)
    assert index.spec.kind == IVF
    assert 0 < index.spec.nprobe < index.spec.nlist
    assert _recall_at_10(index, DenseIndex.exact(vectors), queries) >= 0.95


def test_an_approximate_index_is_saved_with_its_kind_and_loaded_back(
    tmp_path: Path, advisor: Advisor
) -> None:
    """A build over `ann_threshold` writes the index and its kind; loading reads both back, no rebuild."""
    source = build_small_corpus(tmp_path / "corpus")
    config = BuildConfig(
        source=source,
        index_dir=tmp_path / "index",
        encoder="e5-small",
        cache_dirs=(REPO_ROOT / "corpus" / "embeddings",),
        search=SearchConfig(ann_threshold=10),
    )
    build(config)
    version = (tmp_path / "index" / "current").resolve()
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["dense"]["kind"] == IVF
    data = read_index(version)
    assert data.passage_index is not None
    assert data.passage_index.spec.to_manifest() == manifest["dense"]
    assert data.passage_index.size == len(data.passages)

    question = "Puis-je accepter des billets de hockey offerts par un fournisseur ?"
    approximate = Advisor.open(tmp_path / "index").search(question, k=3, mode="dense")
    assert approximate[0] == advisor.search(question, k=3, mode="dense")[0]

    (version / "passages.faiss").unlink()
    with pytest.raises(IndexCorrupt):
        read_index(version)


def test_an_exact_version_writes_no_index_file_and_reads_back_exact(small_index: Path) -> None:
    version = small_index / "current"
    assert json.loads((version / "manifest.json").read_text())["dense"]["kind"] == EXACT
    assert not (version / "passages.faiss").exists()
    assert read_index(version).passage_index is None
