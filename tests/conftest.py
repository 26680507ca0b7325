"""Root fixtures: a clean environment and settings on a temporary SES_DATA_DIR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from knowledge import Advisor


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's SES_*/SLACK_* variables or writes outside its tmp dir."""
    import os

    for name in list(os.environ):
        if name.startswith(("SES_", "SLACK_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SES_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


SMALL_CORPUS_DOCS = ("C-36.65", "L-12.4")


def build_small_corpus(target: Path) -> Path:
    """A real subset of the bundled corpus (two laws, both languages, their FAQ entries, the lexicon)."""
    import shutil

    from bot.settings import REPO_ROOT

    corpus = REPO_ROOT / "corpus"
    for lang in ("en", "fr"):
        (target / "federal" / lang).mkdir(parents=True, exist_ok=True)
        for stem in SMALL_CORPUS_DOCS:
            shutil.copy(corpus / "federal" / lang / f"{stem}.xml", target / "federal" / lang)
    (target / "faq").mkdir(exist_ok=True)
    for stem in SMALL_CORPUS_DOCS:
        if (corpus / "faq" / f"{stem}.jsonl").exists():
            shutil.copy(corpus / "faq" / f"{stem}.jsonl", target / "faq")
    if (corpus / "scope").is_dir():
        shutil.copytree(corpus / "scope", target / "scope", dirs_exist_ok=True)
    if (corpus / "lexicon.tsv").exists():
        shutil.copy(corpus / "lexicon.tsv", target)
    return target


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Index directory of a real index over the small corpus, built with the real e5 encoder
    (vectors mostly from the shipped embedding cache)."""
    from bot.settings import REPO_ROOT
    from indexer.pipeline import BuildConfig, build

    root = tmp_path_factory.mktemp("small")
    source = build_small_corpus(root / "corpus")
    index_dir = root / "index"
    build(BuildConfig(source=source, index_dir=index_dir, encoder="e5-small",
                      cache_dirs=(REPO_ROOT / "corpus" / "embeddings",)))
    return index_dir


@pytest.fixture(scope="session")
def advisor(small_index: Path) -> Advisor:
    from knowledge import Advisor

    return Advisor.open(small_index)
