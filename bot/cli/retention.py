"""`ses retention run`: erase confidential cases closed for longer than SES_CONFIDENTIAL_RETENTION_DAYS.

Each case's data key is destroyed (crypto-shredding), then its rows; the audit log keeps a line per
case. Meant for a daily timer; `--dry-run` lists what would go.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.db import cli_database, emit_json
from bot.settings import Settings
from cases.services import retention


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "retention", help="erase confidential cases past their retention period"
    )
    sub = parser.add_subparsers(dest="retention_command", required=True)
    run = sub.add_parser("run", help="erase confidential cases closed for longer than the retention period")
    run.add_argument("--days", type=int, help="retention in days (default: SES_CONFIDENTIAL_RETENTION_DAYS)")
    run.add_argument("--dry-run", action="store_true", help="list them, erase nothing")
    run.add_argument("--json", action="store_true")
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    days = args.days if args.days is not None else settings.confidential_retention_days
    if days < 1:
        print("ses: --days doit être au moins 1 / --days must be at least 1", file=sys.stderr)
        return 2
    db = cli_database(settings)
    try:
        with db.session() as session:
            if args.dry_run:
                refs = retention.expired_confidential(session, retention_days=days)
            else:
                refs = retention.purge_expired(session, retention_days=days)
        if not args.dry_run and not db.checkpoint():
            print(
                "ses: journal SQLite encore utilisé, relancez plus tard pour l'effacer / "
                "SQLite log still in use: run again later to empty it",
                file=sys.stderr,
            )
    finally:
        db.close()
    if args.json:
        emit_json({"retention_days": days, "dry_run": args.dry_run, "cases": refs})
    else:
        verb = "would erase" if args.dry_run else "erased"
        print(f"{verb} {len(refs)} confidential case(s) closed more than {days} days ago")
        for ref in refs:
            print(ref)
    return 0
