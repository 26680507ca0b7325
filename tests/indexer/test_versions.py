"""Index versions: rollback, pruning, one build at a time, leftovers of a killed build, encoder changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from indexer import versions
from indexer.lock import BuildInProgress, BuildLock, holder
from indexer.manage import add_documents, rollback
from indexer.pipeline import build
from knowledge import Advisor, IndexMissing
from knowledge.encoders import load_encoder
from knowledge.store import read_index
from tests.indexer.conftest import Site


def test_rollback_returns_to_the_previous_version_or_a_named_one(
    site: Site, documents: dict[str, Path]
) -> None:
    first = versions.live_version(site.index_dir)
    second = add_documents(site.config, site.intake, [documents["privacy.html"]]).build.version
    third = build(site.config).version
    assert versions.live_version(site.index_dir) == third
    assert rollback(site.index_dir) == second
    assert rollback(site.index_dir, first) == first
    assert "privacy-code" not in {d["doc"] for d in site.documents()}
    with pytest.raises(IndexMissing):
        rollback(site.index_dir, "19990101T000000000000Z")
    assert versions.live_version(site.index_dir) == first


def test_old_versions_are_pruned_but_never_the_live_one(site: Site) -> None:
    config = replace(site.config, keep_versions=2)
    oldest = versions.live_version(site.index_dir)
    built = [build(config).version for _ in range(3)]
    assert versions.versions(site.index_dir) == built[-2:]
    rollback(site.index_dir, built[-2])
    report = build(replace(config, keep_versions=1))
    assert set(versions.versions(site.index_dir)) == {report.version}
    assert oldest not in versions.versions(site.index_dir)
    # after a rollback to an old version, pruning keeps it even when it is not among the newest
    newer = [build(site.config).version for _ in range(2)]
    rollback(site.index_dir, report.version)
    assert versions.prune(site.index_dir, keep=1) == [newer[0]]
    assert versions.versions(site.index_dir) == [report.version, newer[1]]


def test_a_second_build_is_told_who_is_building(site: Site) -> None:
    before = site.snapshot()
    with BuildLock(site.index_dir, user="alice"):
        with pytest.raises(
            BuildInProgress, match=r"build in progress \(started by alice, pid \d+, at 20\d\d-"
        ):
            build(site.config)
        with pytest.raises(BuildInProgress):
            rollback(site.index_dir)
        owner = holder(site.index_dir)
        assert owner is not None and owner["user"] == "alice"
    assert holder(site.index_dir) is None
    assert site.snapshot() == before


def test_a_stale_lock_left_by_a_dead_process_is_taken_over(site: Site) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    (site.index_dir / "build.lock").write_text(
        json.dumps({"pid": pid, "user": "bob", "started_at": "2024-01-01"})
    )
    lock = BuildLock(site.index_dir)
    with lock:
        assert lock.took_over == {"pid": pid, "user": "bob", "started_at": "2024-01-01"}
    report = build(site.config)
    assert versions.live_version(site.index_dir) == report.version


def test_leftovers_of_a_killed_build_are_cleaned_by_the_next_one(site: Site) -> None:
    staging = versions.staging_dir(site.index_dir, "20240101T000000000000Z")
    (staging / "bm25").mkdir(parents=True)
    (staging / "passages.jsonl").write_text("half written", encoding="utf-8")
    (site.index_dir / ".current.99999").symlink_to("versions/nowhere")
    build(site.config)
    assert not staging.exists() and not (site.index_dir / ".current.99999").is_symlink()
    assert [p.name for p in (site.index_dir / "versions").iterdir() if p.name.startswith(".")] == []


def test_an_encoder_change_builds_a_full_version_with_only_that_encoders_vectors(
    site: Site, tmp_path: Path
) -> None:
    """(On a two-article corpus: the point is which vectors, not how many.)"""
    e5_version = versions.live_version(site.index_dir)
    source = tmp_path / "small"
    source.mkdir()
    (source / "code.md").write_text(
        "# Code de conduite\n\nArticle 1 – Cadeaux\nLe membre refuse tout cadeau d'une "
        "partie.\n\nArticle 2 – Registre\nLe registraire tient le registre des cadeaux.\n",
        encoding="utf-8",
    )
    build(replace(site.config, source=source))  # its e5 vectors are now in the site's cache
    report = build(replace(site.config, source=source, encoder="minilm"))
    data = read_index(site.index_dir / "versions" / report.version)
    assert data.manifest["encoder"] == "minilm"
    assert report.encoded >= len(data.passages)  # nothing came from the e5 caches
    sample = data.passages[:: max(1, len(data.passages) // 4)][:4]
    fresh = load_encoder("minilm").encode_passages([p.search_text() for p in sample])
    rows = [data.passages.index(p) for p in sample]
    assert np.allclose(data.passage_vectors[rows], fresh, atol=5e-3)
    assert Advisor.open(site.index_dir).info.encoder == "minilm"
    assert read_index(site.index_dir / "versions" / str(e5_version)).manifest["encoder"] == "e5-small"


def test_kill_9_in_the_middle_of_a_build_leaves_the_previous_version_serving(
    site: Site, tmp_path: Path
) -> None:
    """A build killed while it encodes (and holds the lock): the live version still answers, the lock is
    taken over, and the next build succeeds."""
    before = versions.live_version(site.index_dir)
    slow = site.config.source / "guides"
    slow.mkdir()
    (slow / "long-guide.md").write_text(
        "# Guide des déclarations\n\n"
        + "\n\n".join(
            f"Article {n} – Règle {n}\nLe membre numéro {n} déclare au registraire, avant le {n} mars, chaque intérêt "
            f"détenu dans l'entreprise {n * 37} et chaque cadeau reçu de la société {n * 91}."
            for n in range(1, 120)
        ),
        encoding="utf-8",
    )
    script = (
        "import sys\nfrom pathlib import Path\nfrom indexer.pipeline import BuildConfig, build\n"
        "def progress(total, label):\n"
        "    print(label, total, flush=True)\n"
        "    return lambda n: None\n"
        f"build(BuildConfig(source=Path({str(site.config.source)!r}), index_dir=Path({str(site.index_dir)!r}), "
        f"encoder='e5-small', cache_dirs=(Path({str(site.config.cache_dirs[0])!r}),)), progress=progress)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if "passage" in line:
                break
        owner = holder(site.index_dir)
        assert owner is not None and owner["pid"] == child.pid
        child.kill()
    finally:
        child.wait(timeout=60)
    assert child.returncode == -9
    assert versions.live_version(site.index_dir) == before
    assert holder(site.index_dir) is None  # the kernel released the dead process's lock
    answer = Advisor.open(site.index_dir).ask("Can I accept a gift from a lobbyist?")
    assert answer.citations and answer.citations[0].doc == "C-36.65"
    slow.joinpath("long-guide.md").unlink()
    report = build(site.config)
    assert versions.live_version(site.index_dir) == report.version != before
