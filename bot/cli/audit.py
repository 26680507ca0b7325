"""`ses audit verify`: walk the audit log's hash chain; exits 1 and names the first broken row."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.db import emit_json
from bot.runtime.database import Database
from bot.settings import Settings
from cases import audit


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("audit", help="the case tracker's audit log")
    sub = parser.add_subparsers(dest="audit_command", required=True)
    verify = sub.add_parser("verify", help="check the hash chain")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    with Database(settings).session() as session:
        report = audit.verify(session)
    if args.json:
        emit_json(
            {
                "ok": report.ok,
                "checked": report.checked,
                "broken_id": report.broken_id,
                "reason": report.reason,
            }
        )
    elif report.ok:
        print(f"audit log intact: {report.checked} rows")
    else:
        print(
            f"audit log BROKEN at row {report.broken_id}: {report.reason} "
            f"({report.checked} rows before it are intact)",
            file=sys.stderr,
        )
    return 0 if report.ok else 1
