"""`ses console-link U123`: print a single-use 10-minute sign-in link to the web console.

`console_config(settings)` is also how the server builds the console's config.
"""

from __future__ import annotations

import argparse
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.cli.db import fail, session_factory
from bot.settings import Settings
from cases.config import ConsoleConfig
from cases.console import issue_login_link
from cases.db import session_scope
from cases.errors import CaseError

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


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "console-link", help="print a single-use sign-in link to the web console"
    )
    parser.add_argument("user_id")
    parser.set_defaults(handler=_link)


def _link(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with session_scope(session_factory(settings)) as session:
            link = issue_login_link(session, user_id=args.user_id, config=console_config(settings))
    except CaseError as exc:
        return fail(exc)
    print(link)
    return 0
