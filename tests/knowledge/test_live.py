"""LiveAdvisor: a running process picks up a new index version without restart, and no question fails
or comes back empty while the version switches under it."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from indexer import versions
from indexer.pipeline import build
from knowledge import IndexCorrupt, IndexMissing, LiveAdvisor
from tests.indexer.conftest import build_tiny_corpus, site_config

GIFT = "Can I accept a gift from a lobbyist?"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("live")
    build_tiny_corpus(root / "corpus")
    build(site_config(root))
    return root


@pytest.fixture
def root(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def _add_note(root: Path) -> str:
    """A new version whose only new document answers a question nothing else answers."""
    (root / "corpus" / "notes").mkdir(exist_ok=True)
    (root / "corpus" / "notes" / "hockey.md").write_text(
        "# Note sur les billets de hockey\n\nArticle 1 – Billets\nUn membre ne peut accepter des billets pour un "
        "match de hockey offerts par une partie à une instance en cours, quelle que soit leur valeur.\n",
        encoding="utf-8",
    )
    return build(site_config(root)).version


def test_a_new_version_is_served_without_restart(root: Path) -> None:
    live = LiveAdvisor(root / "index", check_every=0, background=False)
    first = live.version or live.get().info.version
    new = _add_note(root)
    assert live.get().info.version == new != first
    answer = live.ask(
        "Un membre peut-il accepter des billets pour un match de hockey offerts par une partie ?"
    )
    assert answer.citations[0].citation == "Note sur les billets de hockey, art. 1"


def test_the_pointer_is_read_at_most_every_check_interval(root: Path) -> None:
    now = [0.0]
    live = LiveAdvisor(root / "index", check_every=5, background=False, clock=lambda: now[0])
    first = live.get().info.version
    new = _add_note(root)
    now[0] = 4.0
    assert live.get().info.version == first
    now[0] = 5.5
    assert live.get().info.version == new


def test_questions_during_a_version_switch_never_fail_or_come_back_empty(root: Path) -> None:
    live = LiveAdvisor(root / "index", check_every=0.05)
    live.open()
    stop = threading.Event()
    failures: list[str] = []
    versions_seen: list[str] = []
    answered = [0]

    def ask() -> None:
        while not stop.is_set():
            try:
                advisor = live.get()
                answer = advisor.ask(GIFT)
                if answer.abstained or not answer.citations:
                    failures.append(f"empty answer from {advisor.info.version}")
                versions_seen.append(advisor.info.version)
                answered[0] += 1
            except Exception as exc:  # the test counts every kind of failure
                failures.append(repr(exc))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()

    def until(condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 60
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)

    try:
        until(lambda: answered[0] >= 5)  # questions are flowing on the old version
        new = _add_note(root)
        until(lambda: live.version == new)
        until(lambda: versions_seen.count(new) >= 5)  # and keep flowing on the new one
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert failures == []
    assert live.version == new
    assert answered[0] > 10 and new in versions_seen and len(set(versions_seen)) == 2


def test_a_version_that_cannot_be_opened_is_skipped_and_the_old_one_keeps_serving(root: Path) -> None:
    live = LiveAdvisor(root / "index", check_every=0, background=False)
    first = live.get().info.version
    broken = root / "index" / "versions" / "29990101T000000000000Z"
    shutil.copytree(root / "index" / "versions" / first, broken)
    (broken / "passages.npy").write_bytes(b"not numpy")
    versions.activate(root / "index", broken.name)
    assert live.reload_if_changed() is False
    assert isinstance(live.last_error, IndexCorrupt)
    assert live.get().info.version == first and live.ask(GIFT).citations
    versions.activate(root / "index", first)
    assert live.get().info.version == first


def test_no_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        LiveAdvisor(tmp_path / "nothing").get()
