"""`ses`: one command line for every package; each module of this folder adds its subcommands.

May import anything of bot and the other packages; nothing outside bot/cli imports it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from bot.cli import ask, audit, bench, cases, console, db, index, keys, retention, serve, start, users
from bot.cli.db import fail
from bot.file_modes import make_private, secure_data
from bot.logging_setup import configure_logging
from bot.settings import load_settings
from cases.errors import CaseError

COMMANDS: tuple[ModuleType, ...] = (
    ask,
    index,
    serve,
    start,
    db,
    users,
    cases,
    audit,
    console,
    keys,
    retention,
    bench,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ses", description="ses-advisor: ethics and governance advisor")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        print(f"ses: configuration invalide / invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    make_private()  # before anything is created, the log file included
    configure_logging(settings)
    secure_data(settings)
    try:
        code: int = args.handler(args, settings)
    except CaseError as exc:  # the case tracker's refusals, told the same way by every command
        return fail(exc)
    return code


if __name__ == "__main__":
    sys.exit(main())
