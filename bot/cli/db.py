"""`ses db upgrade | downgrade | current`: Alembic migrations of the case tracker's database.

Also what the other case-tracker commands share: the database config, a session factory, errors.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from cases import audit, migrate
from cases.config import DatabaseConfig
from cases.db import make_engine, make_session_factory
from cases.errors import CaseError
from cases.i18n import error_message
from cases.vault import Vault


def database_config(settings: Settings) -> DatabaseConfig:
    """The cases package's view of the settings; creates the SQLite file's folder on first use."""
    url = settings.sqlalchemy_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return DatabaseConfig(url=url)


def open_vault(settings: Settings) -> Vault:
    """The master keys (SES_MASTER_KEYS or the key file); without them confidential work is refused."""
    return Vault.from_config(settings.vault_config)


def operator_id(settings: Settings) -> str:
    """Who runs this command, as the audit log names them: SES_OPERATOR, else the OS account."""
    name = settings.operator
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):  # no name for this uid (containers)
            name = f"uid{os.getuid()}"
    return audit.operator_id(name)


def session_factory(settings: Settings) -> sessionmaker[Session]:
    """Sessions on the configured database, carrying the vault (`cases.vault.vault_of`); what they
    audit is recorded as the operator's doing (on behalf of the user named with `--as`)."""
    return make_session_factory(
        make_engine(database_config(settings).url), vault=open_vault(settings), operator=operator_id(settings)
    )


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
