"""Checks on a file someone hands us, before anything parses it: where it is, what it is, how big.

Run on every file of `ses index add` (and the Slack upload flow): a path outside the allowed folders
(symlinks resolved first), something other than a regular file, an empty or oversized file, or a file
whose content disagrees with its extension is refused with a message for the person who sent it.
"""

from __future__ import annotations

import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from indexer.documents import ParseError
from indexer.parsers import file_format


@dataclass(frozen=True)
class IntakeConfig:
    allowed_dirs: tuple[Path, ...]
    max_bytes: int


def check_file(path: Path, config: IntakeConfig) -> Path:
    """The file's real path when it may be read; ParseError saying why not otherwise."""
    try:
        resolved = path.expanduser().resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        raise ParseError(f"{path}: file not found") from None
    allowed = [d.expanduser().resolve() for d in config.allowed_dirs]
    if not any(resolved.is_relative_to(d) for d in allowed):
        raise ParseError(
            f"{path}: outside the folders documents may be added from ({', '.join(map(str, allowed)) or 'none'}; "
            "see SES_INDEX_ALLOWED_DIRS)"
        )
    info = resolved.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ParseError(f"{path}: not a regular file")
    if info.st_size == 0:
        raise ParseError(f"{path.name}: the file is empty (0 bytes)", code="empty", name=path.name)
    if info.st_size > config.max_bytes:
        raise ParseError(
            f"{path.name}: {info.st_size / 2**20:.1f} MB, over the {config.max_bytes / 2**20:.0f} MB limit "
            "(SES_MAX_UPLOAD_MB)",
            code="too_big",
            name=path.name,
        )
    file_format(resolved)
    return resolved


def copy_limited(source: Path, target: Path, max_bytes: int) -> None:
    """Copy, refusing a file that grew past the limit since it was checked."""
    with source.open("rb") as reader, target.open("wb") as writer:
        copied = 0
        while chunk := reader.read(1 << 20):
            copied += len(chunk)
            if copied > max_bytes:
                raise ParseError(
                    f"{source.name}: over the {max_bytes / 2**20:.0f} MB limit",
                    code="too_big",
                    name=source.name,
                )
            writer.write(chunk)
    shutil.copystat(source, target)
