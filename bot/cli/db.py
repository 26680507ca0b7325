"""`ses db upgrade | downgrade | current`: Alembic migrations of the case tracker's database.

Also what the other case-tracker commands share: how errors and JSON are printed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from bot.runtime.database import Database, database_config
from bot.settings import Settings
from cases import audit, migrate
from cases.errors import CaseError
from cases.i18n import error_message


def operator_id(settings: Settings) -> str:
    """Who runs this command, as the audit log names them: SES_OPERATOR, else the OS account."""
    name = settings.operator
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):  # no name for this uid (containers)
            name = f"uid{os.getuid()}"
    return audit.operator_id(name)


def cli_database(settings: Settings) -> Database:
    """The database as a shell command sees it: what its sessions audit is recorded as the
    operator's doing (on behalf of the user named with `--as`)."""
    return Database(settings, operator=operator_id(settings))


def fail(exc: CaseError) -> int:
    """A domain error for an admin shell: French, then English."""
    print(f"ses: {error_message(exc, 'fr')} / {error_message(exc, 'en')}", file=sys.stderr)
    return 2


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("db", help="database migrations")
    sub = parser.add_subparsers(dest="db_command", required=True)
    up = sub.add_parser("upgrade", help="migrate to the latest (or a given) revision")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=_upgrade)
    down = sub.add_parser("downgrade", help="migrate down to a revision ('base' drops every table)")
    down.add_argument("revision")
    down.set_defaults(handler=_downgrade)
    current = sub.add_parser("current", help="print the database's revision")
    current.set_defaults(handler=_current)


def _upgrade(args: argparse.Namespace, settings: Settings) -> int:
    config = database_config(settings)
    migrate.upgrade(config.url, args.revision)
    print(f"database at revision {migrate.current_revision(config.url)}")
    return 0


def _downgrade(args: argparse.Namespace, settings: Settings) -> int:
    config = database_config(settings)
    migrate.downgrade(config.url, args.revision)
    print(f"database at revision {migrate.current_revision(config.url) or 'base'}")
    return 0


def _current(_args: argparse.Namespace, settings: Settings) -> int:
    revision = migrate.current_revision(database_config(settings).url)
    head = migrate.head_revision()
    print(f"{revision or 'base'} (head: {head})")
    return 0 if revision == head else 1
