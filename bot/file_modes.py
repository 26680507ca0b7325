"""Data files for the service account alone: created 0600 and 0700, and tightened at start if looser.

Every `ses` process (the CLI, `ses serve` / `ses start` and the workers they spawn, `ses socket`)
runs with umask 077, so whatever it creates — the SQLite file and its WAL, the log, keys, the
audit anchor, index versions, uploads — is readable by nobody else. Files left looser by an older
version, a restore or a hand edit are tightened when a command starts: folders to 0700, files to
0600 (owner bits kept), symbolic links left alone. What cannot be changed (another account's file)
is logged, not fatal.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from bot.runtime.database import sqlite_files
from bot.settings import Settings

logger = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def make_private() -> None:
    """From now on this process and its children create files 0600 and folders 0700."""
    os.umask(PRIVATE_UMASK)


def data_paths(settings: Settings) -> list[Path]:
    """The data folder, and the data files that may live outside it (log, keys, anchor, SQLite and
    its Slack inbox)."""
    paths = [settings.data_dir, settings.keyring_path, settings.audit_anchor_path]
    if settings.log_file is not None:
        paths.append(settings.log_file)
    return paths + sqlite_files(settings)


def _tighten_one(path: Path, info: os.stat_result, changed: list[Path]) -> None:
    mode = stat.S_IMODE(info.st_mode)
    if not mode & _OTHERS and not (stat.S_ISDIR(info.st_mode) and mode & 0o700 != 0o700):
        return
    private = (mode & 0o700) | (0o700 if stat.S_ISDIR(info.st_mode) else 0)
    try:
        os.chmod(path, private)
        changed.append(path)
    except OSError as exc:
        logger.warning("cannot make %s private (%s): chmod %o it yourself", path, exc.strerror, private)


def tighten(paths: Iterable[Path]) -> list[Path]:
    """Take group and other permissions off each path and everything under each folder; the paths
    changed. Missing paths and symbolic links are skipped."""
    changed: list[Path] = []
    for top in paths:
        try:
            info = top.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        _tighten_one(top, info, changed)
        if not stat.S_ISDIR(info.st_mode):
            continue
        for folder, subfolders, files in os.walk(top):
            for name in (*subfolders, *files):
                path = Path(folder, name)
                try:
                    entry = path.lstat()
                except FileNotFoundError:  # removed meanwhile (a pruned index version)
                    continue
                if not stat.S_ISLNK(entry.st_mode):
                    _tighten_one(path, entry, changed)
    return changed


def secure_data(settings: Settings) -> None:
    """At the start of every `ses` command (after `make_private` and logging): the data tightened."""
    for path in tighten(data_paths(settings)):
        logger.warning("%s was accessible to other accounts: made private (0600 / 0700)", path)
