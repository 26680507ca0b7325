"""Index versions: each build goes into its own directory beside the live one; a symlink swap makes it live.

Readers resolve `current` once when they open an index, so a swap never shows them a half-built
version, and the previous versions stay on disk for `rollback` until `prune` keeps only the newest.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from knowledge.errors import IndexMissing
from knowledge.store import CURRENT

logger = logging.getLogger(__name__)

VERSIONS = "versions"
_STAGING_SUFFIX = ".building"


def new_version_id(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


def versions(index_dir: Path) -> list[str]:
    root = index_dir / VERSIONS
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir() if not p.name.startswith(".") and (p / "manifest.json").exists()
    )


def live_version(index_dir: Path) -> str | None:
    current = index_dir / CURRENT
    return current.resolve().name if current.exists() else None


def staging_dir(index_dir: Path, version: str) -> Path:
    return index_dir / VERSIONS / f".{version}{_STAGING_SUFFIX}"


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


def rollback(index_dir: Path, version: str | None = None) -> str:
    """Make `version` live, or by default the version built before the live one; returns its id."""
    if version is not None:
        activate(index_dir, version)
        return version
    live = live_version(index_dir)
    older = [v for v in versions(index_dir) if live is None or v < live]
    if not older:
        raise IndexMissing("no earlier index version to roll back to")
    activate(index_dir, older[-1])
    return older[-1]


def prune(index_dir: Path, keep: int) -> list[str]:
    """Delete the oldest versions beyond the newest `keep`; the live one is never deleted."""
    live = live_version(index_dir)
    kept = set(versions(index_dir)[-max(keep, 1) :]) | {live}
    removed = [v for v in versions(index_dir) if v not in kept]
    for version in removed:
        shutil.rmtree(index_dir / VERSIONS / version, ignore_errors=True)
    if removed:
        logger.info("pruned %d old index versions", len(removed))
    return removed


def clean_stale(index_dir: Path) -> list[str]:
    """What a killed build left behind: staging directories and half-made `current` links.

    Call only while holding the build lock: then no other build is writing any of them.
    """
    removed = []
    root = index_dir / VERSIONS
    for path in root.glob(f".*{_STAGING_SUFFIX}") if root.is_dir() else []:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for path in index_dir.glob(f".{CURRENT}.*") if index_dir.is_dir() else []:
        path.unlink(missing_ok=True)
        removed.append(path.name)
    if removed:
        logger.warning("removed %d leftovers of an interrupted build: %s", len(removed), ", ".join(removed))
    return removed


def discard_staging(index_dir: Path, version: str) -> None:
    shutil.rmtree(staging_dir(index_dir, version), ignore_errors=True)


def manifest(index_dir: Path, version: str) -> dict[str, Any]:
    path = index_dir / VERSIONS / version / "manifest.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def describe(index_dir: Path) -> list[dict[str, Any]]:
    """Every version on disk, oldest first: what `ses index versions --json` prints."""
    live = live_version(index_dir)
    out = []
    for version in versions(index_dir):
        try:
            data = manifest(index_dir, version)
        except (OSError, ValueError):
            continue
        out.append(
            {
                "version": version,
                "built_at": data.get("built_at", ""),
                "encoder": data.get("encoder", ""),
                "documents": len(data.get("documents", [])),
                "passages": data.get("passages", 0),
                "live": version == live,
            }
        )
    return out
