"""The web console's config: its public URL and the key that signs sign-in links and sessions.

Every process signing or checking links — server workers, replicas, `ses console-link`, `/ses
console` — must see the same key.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from bot.settings import Settings
from cases.config import ConsoleConfig

__all__ = ["console_config", "console_secret"]

KEY_FILE = "console.key"


def console_secret(settings: Settings) -> bytes:
    """SES_CONSOLE_SECRET, or a random key kept in data_dir/console.key (created 0600 on first use).

    Every process signing or checking links must see the same key: set SES_CONSOLE_SECRET when
    they do not share a data directory.
    """
    if settings.console_secret is not None:
        return settings.console_secret.get_secret_value().encode("utf-8")
    path: Path = settings.data_dir / KEY_FILE
    if not path.exists():
        _create_key_file(path)
    return path.read_text().strip().encode("ascii")


def _create_key_file(path: Path) -> None:
    """Written aside then hard-linked into place: when several workers start on a fresh data
    directory, exactly one key wins and none of them can read a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process got there first: its key is the one
    finally:
        draft.unlink()


def console_config(settings: Settings) -> ConsoleConfig:
    return ConsoleConfig(
        public_url=settings.public_url,
        secret=console_secret(settings),
        session_idle=timedelta(minutes=settings.console_idle_minutes),
    )
