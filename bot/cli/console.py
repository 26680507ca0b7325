"""`ses console-link U123`: print a single-use 10-minute sign-in link to the web console.

The link is signed with the key of `bot.runtime.console.console_config`, as the server's are.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.db import cli_database
from bot.runtime.console import console_config
from bot.settings import Settings
from cases.console import issue_login_link


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "console-link", help="print a single-use sign-in link to the web console"
    )
    parser.add_argument("user_id")
    parser.set_defaults(handler=_link)


def _link(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        link = issue_login_link(session, user_id=args.user_id, config=console_config(settings))
    print(link)
    return 0
