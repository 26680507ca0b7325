"""One build at a time per index directory.

The lock is an advisory `flock` on `<index_dir>/build.lock`, which the kernel releases when its holder
dies — even by kill -9 — so a stale lock is simply taken over by the next build. The file's content
(pid, user, host, started_at) only serves the message a second build gets while the first runs.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

LOCK_FILE = "build.lock"


class BuildInProgress(RuntimeError):
    """Another build holds the lock; `owner` is what it wrote (pid, user, host, started_at)."""

    def __init__(self, owner: dict[str, object]) -> None:
        self.owner = owner
        who = owner.get("user") or "?"
        pid = owner.get("pid")
        super().__init__(
            f"build in progress (started by {who}{f', pid {pid}' if pid else ''}, at {owner.get('started_at') or '?'})"
        )


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


class BuildLock:
    """`with BuildLock(index_dir, user="…"):` — raises BuildInProgress when another process builds."""

    def __init__(self, index_dir: Path, user: str | None = None) -> None:
        self.path = index_dir / LOCK_FILE
        self.user = user or _current_user()
        self._fd: int | None = None
        self.took_over: dict[str, object] | None = None  # what a dead holder had written, if any

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = read_owner(self.path)
            os.close(fd)
            raise BuildInProgress(owner) from None
        previous = read_owner(self.path)
        self.took_over = previous or None
        info = {
            "pid": os.getpid(),
            "user": self.user,
            "host": socket.gethostname(),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)  # an empty file: nobody builds
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def read_owner(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def holder(index_dir: Path) -> dict[str, object] | None:
    """Who builds now, or None (used by status)."""
    path = index_dir / LOCK_FILE
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return read_owner(path)
    finally:
        os.close(fd)
    return None
