"""`ses audit verify | anchor`: the audit log's hash chain, checked against its signed anchor.

`verify` exits 0 when the chain holds and contains the head the anchor signed, 1 when it does not
(an edited row, a truncated or rewritten chain, a forged or unreadable anchor) or, with
`--require-anchor`, when there is no anchor to compare with. `anchor` signs the current head and
writes it (the server does so after every audited change); `--reset` accepts a log that no longer
matches its anchor — after restoring a backup — and records that it did in the log itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.db import cli_database, emit_json
from bot.runtime.database import open_vault
from bot.settings import Settings
from cases import anchor
from cases.audit import current_head

# What each status means, for an operator: (French, English).
VERDICTS = {
    "unanchored": (
        "journal non ancré : une troncature ou une réécriture ne peut pas être détectée (`ses audit anchor`)",
        "not anchored: truncation or rewriting cannot be detected (`ses audit anchor`)",
    ),
    "broken": ("journal d'audit ALTÉRÉ", "audit log BROKEN"),
    "rewritten": ("journal d'audit RÉÉCRIT", "audit log REWRITTEN"),
    "truncated": ("journal d'audit TRONQUÉ", "audit log TRUNCATED"),
    "anchor_forged": (
        "ancre FALSIFIÉE : sa signature n'est pas celle de nos clés",
        "anchor FORGED: its signature is not made with our keys",
    ),
    "anchor_unreadable": (
        "ancre ILLISIBLE : ce fichier n'est pas une ancre",
        "anchor UNREADABLE: not an anchor",
    ),
    "anchor_unverifiable": (
        "ancre invérifiable : la version de clé qui l'a signée manque au trousseau",
        "anchor cannot be checked: the key version that signed it is not in the keyring",
    ),
}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("audit", help="the case tracker's audit log")
    sub = parser.add_subparsers(dest="audit_command", required=True)
    verify = sub.add_parser("verify", help="check the hash chain against its signed anchor")
    verify.add_argument("--json", action="store_true")
    verify.add_argument(
        "--anchor", type=Path, help="an anchor kept elsewhere (default: SES_AUDIT_ANCHOR)", metavar="FILE"
    )
    verify.add_argument("--require-anchor", action="store_true", help="fail when there is no anchor")
    verify.set_defaults(handler=_verify)
    sign = sub.add_parser("anchor", help="sign the log's current head and write it to SES_AUDIT_ANCHOR")
    sign.add_argument("--reset", action="store_true", help="accept a log that no longer matches its anchor")
    sign.add_argument(
        "--print", dest="print_anchor", action="store_true", help="also print the anchor (JSON)"
    )
    sign.set_defaults(handler=_anchor)


def _say(status: str) -> str:
    fr, en = VERDICTS[status]
    return f"{fr} / {en}"


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    path = args.anchor or settings.audit_anchor_path
    with cli_database(settings).session() as session:
        found = anchor.check(session, vault=open_vault(settings), path=path)
    chain, signed = found.chain, found.anchor
    ok = found.ok and not (args.require_anchor and signed is None)
    if args.json:
        emit_json(
            {
                "ok": ok,
                "status": found.status,
                "checked": chain.checked,
                "broken_id": chain.broken_id,
                "reason": chain.reason,
                "anchored_rows": chain.anchored,
                "unanchored_rows": chain.unanchored if found.status == anchor.INTACT else None,
                "anchor": None if signed is None else {**signed.to_dict(), "path": str(path)},
            }
        )
    elif found.status == anchor.INTACT:
        assert signed is not None
        print(
            f"audit log intact: {chain.checked} rows; anchored up to row {chain.anchored} "
            f"(signed {signed.at:%Y-%m-%d %H:%M:%S} UTC, {path})"
        )
        if chain.unanchored:
            print(f"{chain.unanchored} row(s) after the anchor are checked by their links only")
    elif found.status == anchor.UNANCHORED:
        print(f"audit log intact: {chain.checked} rows")
        print(f"ses: {_say('unanchored')}", file=sys.stderr)
    elif found.status in ("broken", "rewritten", "truncated"):
        print(
            f"{_say(found.status)} at row {chain.broken_id}: {chain.reason} "
            f"({chain.checked} rows before it are intact)",
            file=sys.stderr,
        )
    else:
        print(f"ses: {_say(found.status)} ({path})", file=sys.stderr)
    return 0 if ok else 1


def _anchor(args: argparse.Namespace, settings: Settings) -> int:
    path, vault = settings.audit_anchor_path, open_vault(settings)
    with cli_database(settings).session() as session:
        found = anchor.check(session, vault=vault, path=path)
        if not found.ok and (not args.reset or found.status == "broken"):
            print(
                f"ses: {_say(found.status)} — rien n'a été signé / nothing was signed. "
                + (
                    "Un journal altéré ligne par ligne ne peut pas être ré-ancré. / "
                    "A log with an altered row cannot be anchored again."
                    if found.status == "broken"
                    else "Après la restauration d'une sauvegarde : `ses audit anchor --reset` (consigné au "
                    "journal). / After restoring a backup: `ses audit anchor --reset` (recorded in the log)."
                ),
                file=sys.stderr,
            )
            return 1
        reset = not found.ok
        head = anchor.record_reset(session, found) if reset else current_head(session)
        signed = anchor.sign(vault, head)
    if reset:
        anchor.replace(path, signed)
    else:
        anchor.advance(path, signed)
    verb = "reset" if reset else "anchored"
    report = f"audit log {verb}: {head.count} rows, last hash {head.hash[:16]}… → {path}"
    if args.print_anchor:  # stdout is the anchor itself, for a copy kept elsewhere
        print(report, file=sys.stderr)
        sys.stdout.write(signed.dumps())
    else:
        print(report)
    return 0
