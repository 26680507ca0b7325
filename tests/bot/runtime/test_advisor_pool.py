"""The advisor in worker processes answers exactly like the advisor in this process, errors included."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.runtime.advisor_pool import AdvisorPool, IndexLoading
from knowledge import Advisor, IndexMissing, InvalidQuestion, KnowledgeError


@pytest.fixture(scope="module")
def pool(small_index: Path) -> Iterator[AdvisorPool]:
    opened = AdvisorPool(small_index, "e5-small", processes=2).open()
    yield opened
    opened.close()


def test_answers_and_index_info_are_those_of_the_engine(pool: AdvisorPool, advisor: Advisor) -> None:
    for question in ("Puis-je accepter un cadeau d'un lobbyiste ?", "What is a blind trust?"):
        assert pool.ask(question).to_dict() == advisor.ask(question).to_dict()
    context = "Puis-je accepter un cadeau ?"
    assert pool.ask("et un souper ?", context=context) == advisor.ask("et un souper ?", context=context)
    assert pool.info == advisor.info
    assert len(set(pool.pids)) == 2 and os.getpid() not in pool.pids, "two engines, each in its own process"


def test_an_invalid_question_keeps_its_code_and_limit_across_the_process_boundary(pool: AdvisorPool) -> None:
    with pytest.raises(InvalidQuestion) as raised:
        pool.ask("cadeau " * 1000)
    assert raised.value.code == "too_long" and raised.value.limit


def test_a_missing_index_fails_the_opening_with_the_engines_error(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        AdvisorPool(tmp_path / "nothing", "e5-small", processes=1).open()


def test_a_worker_that_dies_is_replaced(small_index: Path) -> None:
    """A crash in native code must not leave the bot answering errors until someone restarts it."""
    pool = AdvisorPool(small_index, "e5-small", processes=1).open()
    try:
        [worker] = pool.pids
        os.kill(worker, signal.SIGKILL)
        with pytest.raises(KnowledgeError):
            pool.ask("Puis-je accepter un cadeau ?")
        deadline = time.monotonic() + 120
        while True:
            try:
                assert pool.ask("Puis-je accepter un cadeau ?").citations
                break
            except IndexLoading:
                assert time.monotonic() < deadline, "the workers never came back"
                time.sleep(0.2)
    finally:
        pool.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waits for its reaper: it holds no memory
        return stat.read().split(") ")[-1][0] != "Z"


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(child) for child in children.read().split()]


def test_the_workers_leave_with_a_server_killed_while_they_open_the_index(small_index: Path) -> None:
    """kill -9 of the server while its workers load the index: nothing is left reading the task
    pipe to tell them, and they must not stay behind, each holding an index for nobody."""
    script = (
        "from pathlib import Path\n"
        "from bot.runtime.advisor_pool import AdvisorPool\n"
        f"AdvisorPool(Path({str(small_index)!r}), 'e5-small', processes=2).open()\n"
        "import time; time.sleep(600)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while len(workers := [p for p in _children(server.pid) if _alive(p)]) < 3:  # 2 + resource tracker
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.05)
        server.kill()
        server.wait(10)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "advisor workers outlived their server"
            time.sleep(0.1)
    finally:
        server.kill()


def test_a_new_index_version_goes_live_in_the_workers_without_a_restart(
    small_index: Path, tmp_path: Path
) -> None:
    """`ses index build` moves the `current` pointer; the workers pick the new version up by themselves."""
    index_dir = tmp_path / "index"
    shutil.copytree(small_index, index_dir, symlinks=True)
    live = (index_dir / "current").resolve()
    pool = AdvisorPool(index_dir, "e5-small", processes=1, reload_seconds=0.1).open()
    try:
        assert pool.info is not None
        first = pool.info.version
        second = index_dir / "versions" / "next-version"
        shutil.copytree(live, second)
        manifest = json.loads((second / "manifest.json").read_text())
        (second / "manifest.json").write_text(json.dumps({**manifest, "version": "next-version"}))
        (index_dir / "current.tmp").symlink_to(Path("versions") / "next-version")
        os.replace(index_dir / "current.tmp", index_dir / "current")
        deadline = time.monotonic() + 60
        while pool.info.version == first:
            assert time.monotonic() < deadline, "the new version never went live"
            assert pool.ask("Puis-je accepter un cadeau ?").citations, "answers continue during the swap"
            time.sleep(0.1)
        assert pool.info.version == "next-version"
    finally:
        pool.close()
