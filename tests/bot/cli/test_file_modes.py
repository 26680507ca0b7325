"""Data files are the service account's alone: `ses` creates them 0600 (folders 0700) and tightens
looser ones when it starts. Real `ses` processes, each with the umask the shell gave it."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from tests.bot.processes import SES, environment
from tests.conftest import build_small_corpus


def _ses(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(
        [*SES, *argv], env=env, capture_output=True, text=True, timeout=300, check=False, umask=0o022
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def _everything(top: Path) -> Iterator[tuple[Path, int]]:
    """Every folder and file under `top` (itself included) with its mode; links skipped."""
    yield top, stat.S_IMODE(top.lstat().st_mode)
    for folder, subfolders, files in os.walk(top):
        for name in (*subfolders, *files):
            path = Path(folder, name)
            if not path.is_symlink():
                yield path, stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def prepared(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A data folder filled by real commands: index, database, keys, anchor, console key, log."""
    corpus = build_small_corpus(tmp_path / "corpus")
    (corpus / "embeddings").symlink_to(REPO_ROOT / "corpus" / "embeddings", target_is_directory=True)
    data = tmp_path / "data"
    env = environment(SES_DATA_DIR=str(data), SES_LOG_FILE=str(data / "ses.log"))
    _ses(env, "index", "build", "--source", str(corpus))
    _ses(env, "db", "upgrade")
    _ses(env, "keys", "generate")
    _ses(env, "users", "grant", "UADV0001", "advisor")
    _ses(env, "console-link", "UADV0001")
    return data, env


def test_everything_ses_creates_is_private(prepared: tuple[Path, dict[str, str]]) -> None:
    data, _ = prepared
    names = {p.name for p, _ in _everything(data)}
    assert {"ses.db", "ses.log", "keyring.json", "console.key", "audit-anchor.json", "index"} <= names
    modes = dict(_everything(data))
    assert any(p.parent.parent == data / "index" for p in modes)  # an index version's files
    loose = {str(p.relative_to(data.parent)): oct(m) for p, m in modes.items() if m & 0o077}
    assert not loose
    assert modes[data] == 0o700 and modes[data / "ses.db"] == 0o600 and modes[data / "ses.log"] == 0o600


def test_looser_files_are_tightened_when_a_command_starts(prepared: tuple[Path, dict[str, str]]) -> None:
    data, env = prepared
    for path, mode in _everything(data):
        path.chmod(0o755 if path.is_dir() else mode | 0o644)
    link = data / "index" / "current"
    assert link.is_symlink()
    said = _ses(env, "db", "current")
    assert "ses.db was accessible to other accounts" in said
    loose = {str(p.relative_to(data.parent)): oct(m) for p, m in _everything(data) if m & 0o077}
    assert not loose
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert link.is_symlink() and (data / "index" / os.readlink(link)).is_dir()  # links left as they are
