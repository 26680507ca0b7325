"""Root fixtures: a clean environment and settings on a temporary SES_DATA_DIR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.fake_slack import FakeSlack
from bot.settings import Settings
from knowledge import Advisor
from tests.ci_skips import pytest_configure, pytest_runtest_makereport

__all__ = [
    "pytest_configure",
    "pytest_runtest_makereport",
]  # hooks: a skip under CI fails (tests/ci_skips.py)

# Fixtures reaching the shared PostgreSQL server: a test using one must carry the `postgres` marker.
POSTGRES_FIXTURES = frozenset(
    {"postgres_run", "postgres_scratch", "hardening_postgres", "pg_url", "postgres_url"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse to run a test that needs PostgreSQL without saying so (`-m "not postgres"` must leave
    out every one of them)."""
    unmarked = [
        item.nodeid
        for item in items
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ()))
        and not item.get_closest_marker("postgres")
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests needing PostgreSQL without the postgres marker: " + ", ".join(unmarked)
        )


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
    umask = os.umask(0o022)  # `ses` commands run in-process set their own (bot/file_modes.py)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def build_small_corpus(target: Path) -> Path:
    """A real subset of the bundled corpus (two laws, both languages, their FAQ entries, the lexicon)."""
    from bot.settings import REPO_ROOT
    from indexer.corpus_subset import copy_subset

    return copy_subset(REPO_ROOT / "corpus", target)


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Index directory of a real index over the small corpus, built with the real e5 encoder
    (vectors mostly from the shipped embedding cache)."""
    from bot.settings import REPO_ROOT
    from indexer.pipeline import BuildConfig, build

    root = tmp_path_factory.mktemp("small")
    source = build_small_corpus(root / "corpus")
    index_dir = root / "index"
    build(
        BuildConfig(
            source=source,
            index_dir=index_dir,
            encoder="e5-small",
            cache_dirs=(REPO_ROOT / "corpus" / "embeddings",),
        )
    )
    return index_dir


@pytest.fixture(scope="session")
def advisor(small_index: Path) -> Advisor:
    from knowledge import Advisor

    return Advisor.open(small_index)


# The local fake of Slack's Web API (tests/bot/fake_slack.py): one server per session, reset per test.
@pytest.fixture(scope="session")
def _fake_slack_server() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    _fake_slack_server.reset()
    yield _fake_slack_server
    _fake_slack_server.reset()
