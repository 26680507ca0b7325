"""Index versions: each build goes into its own directory beside the live one; a symlink swap makes it live.

Readers resolve `current` once when they open an index, so a swap never shows them a half-built
version, and the previous versions stay on disk for `rollback`.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from knowledge.errors import IndexMissing
from knowledge.store import CURRENT

VERSIONS = "versions"


def new_version_id(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


def versions(index_dir: Path) -> list[str]:
    root = index_dir / VERSIONS
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "manifest.json").exists())


def live_version(index_dir: Path) -> str | None:
    current = index_dir / CURRENT
    return current.resolve().name if current.exists() else None


def staging_dir(index_dir: Path, version: str) -> Path:
    return index_dir / VERSIONS / f".{version}.building"


def publish(index_dir: Path, version: str) -> Path:
    """Move a finished staging directory into place and make it live."""
    final = index_dir / VERSIONS / version
    staging_dir(index_dir, version).rename(final)
    activate(index_dir, version)
    return final


def activate(index_dir: Path, version: str) -> None:
    target = index_dir / VERSIONS / version
    if not (target / "manifest.json").exists():
        raise IndexMissing(f"no index version {version} in {index_dir}")
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(Path(VERSIONS) / version)
    os.replace(tmp, index_dir / CURRENT)  # atomic: readers see the old or the new version, never none


def rollback(index_dir: Path) -> str:
    """Make the version built before the live one live again; returns its id."""
    live = live_version(index_dir)
    older = [v for v in versions(index_dir) if live is None or v < live]
    if not older:
        raise IndexMissing("no earlier index version to roll back to")
    activate(index_dir, older[-1])
    return older[-1]


def discard_staging(index_dir: Path, version: str) -> None:
    shutil.rmtree(staging_dir(index_dir, version), ignore_errors=True)
