"""What the knowledge benchmarks share: the bundled corpus indexed in a temporary folder, and the dev set."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.settings import REPO_ROOT
from indexer.pipeline import BuildConfig, build
from knowledge import Advisor

CORPUS = REPO_ROOT / "corpus"
DEV = REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl"


@contextmanager
def bundled_advisor() -> Iterator[Advisor]:
    """An advisor on a fresh index of the bundled corpus (vectors from the shipped cache: seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        build(
            BuildConfig(
                source=CORPUS, index_dir=Path(tmp), encoder="e5-small", cache_dirs=(CORPUS / "embeddings",)
            )
        )
        yield Advisor.open(Path(tmp))
