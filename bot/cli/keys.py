"""`ses keys generate | status | rotate | rewrap | remove`: the master keyring of confidential cases.

With SES_MASTER_KEYS set the keyring lives in the environment and nothing is written: `generate
--print` prints the next key to add to it, and after a restart `rewrap` moves every data key under
the new current version. Otherwise the keyring is the 0600 file SES_KEYRING (default
data_dir/keyring.json): `generate` creates it (never over an existing one), `rotate` adds a version
and re-wraps, `remove` drops a version no data key needs any more. Running servers re-read the
file when it changes, so none of this needs downtime.
"""

from __future__ import annotations

import argparse
import base64
import sys
from typing import Any

from bot.cli.db import cli_database, emit_json
from bot.runtime.database import open_vault
from bot.settings import Settings
from cases import anchor
from cases.vault import Keyring, KeyringError, Vault, read_keyring_file, vault_of, write_keyring_file


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "keys", help="master keys of confidential cases (envelope encryption)"
    )
    sub = parser.add_subparsers(dest="keys_command", required=True)

    generate = sub.add_parser("generate", help="create the keyring file (never overwrites one)")
    generate.add_argument(
        "--print",
        dest="print_only",
        action="store_true",
        help="print a new key for SES_MASTER_KEYS instead of writing a file",
    )
    generate.set_defaults(handler=_generate)

    status = sub.add_parser("status", help="where the keys come from, their versions, what each wraps")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status)

    rotate = sub.add_parser("rotate", help="add a master key version and re-wrap every data key under it")
    rotate.add_argument("--batch", type=int, default=200, help="data keys per transaction")
    rotate.set_defaults(handler=_rotate)

    rewrap = sub.add_parser("rewrap", help="re-wrap data keys still under an older master key version")
    rewrap.add_argument("--batch", type=int, default=200, help="data keys per transaction")
    rewrap.set_defaults(handler=_rewrap)

    remove = sub.add_parser("remove", help="drop an old master key version once no data key needs it")
    remove.add_argument("version", type=int)
    remove.set_defaults(handler=_remove)


def _error(fr: str, en: str) -> int:
    print(f"ses: {fr} / {en}", file=sys.stderr)
    return 2


def _env_keyring(settings: Settings) -> Keyring | None:
    """The keyring of SES_MASTER_KEYS, or None when the file is used."""
    if settings.master_keys is None or not settings.master_keys.get_secret_value().strip():
        return None
    return Keyring.parse(settings.master_keys.get_secret_value())


def _generate(args: argparse.Namespace, settings: Settings) -> int:
    try:
        env = _env_keyring(settings)
    except KeyringError as exc:
        return _error(f"SES_MASTER_KEYS illisible ({exc})", f"SES_MASTER_KEYS is unreadable ({exc})")
    if args.print_only:
        following = (max(env.keys) + 1) if env is not None else 1
        key = Keyring.generate().keys[1]
        print(f"{following}:{base64.b64encode(key).decode('ascii')}")
        if env is not None:
            print(
                f"Append it to SES_MASTER_KEYS (…,{following}:<key>), restart, then run `ses keys rewrap`.",
                file=sys.stderr,
            )
        return 0
    if env is not None:
        return _error(
            "SES_MASTER_KEYS est défini : le trousseau vient de l'environnement, aucun fichier écrit "
            "(`ses keys generate --print` donne une nouvelle clé)",
            "SES_MASTER_KEYS is set: the keyring comes from the environment, no file written "
            "(`ses keys generate --print` prints a new key)",
        )
    path = settings.keyring_path
    try:
        write_keyring_file(path, Keyring.generate(), replace=False)
    except FileExistsError:
        return _error(
            f"un trousseau existe déjà à {path} : rien n'a été écrasé (`ses keys rotate` pour changer de clé)",
            f"a keyring already exists at {path}: nothing was overwritten (`ses keys rotate` to change keys)",
        )
    print(
        f"keyring written to {path} (mode 0600, version 1). Back it up: without it, confidential "
        "cases cannot be read."
    )
    return 0


def _usage(settings: Settings) -> dict[int, int] | None:
    try:
        with cli_database(settings).session() as session:
            return Vault.usage(session)
    except Exception:  # noqa: BLE001 - no database yet is a normal state for `status`
        return None


def _status(args: argparse.Namespace, settings: Settings) -> int:
    status = open_vault(settings).status()
    usage = _usage(settings)
    if args.json:
        emit_json(
            {
                "ok": status.ok,
                "source": status.source,
                "path": str(settings.keyring_path) if status.source == "file" else None,
                "reason": status.reason,
                "detail": status.detail,
                "versions": list(status.versions),
                "current": status.current,
                "data_keys_by_version": {str(k): v for k, v in (usage or {}).items()},
            }
        )
    elif status.ok:
        where = settings.keyring_path if status.source == "file" else "SES_MASTER_KEYS"
        print(f"keys from {where}: versions {list(status.versions)}, current {status.current}")
        for version, count in sorted((usage or {}).items()):
            print(f"  version {version}: {count} data key(s)")
    else:
        print(f"no usable keys ({status.reason}): {status.detail or ''}".rstrip(": "), file=sys.stderr)
    return 0 if status.ok else 1


def _rewrap_all(settings: Settings, batch: int) -> tuple[int, dict[int, int]]:
    db = cli_database(settings)
    total = 0
    while True:
        with db.session() as session:
            done = vault_of(session).rewrap(session, limit=max(1, batch))
        total += done
        if done == 0:
            break
    anchor.resign(open_vault(settings), settings.audit_anchor_path)  # the audit anchor too
    with db.session() as session:
        return total, Vault.usage(session)


def _rewrap(args: argparse.Namespace, settings: Settings) -> int:
    total, usage = _rewrap_all(settings, args.batch)
    print(f"{total} data key(s) re-wrapped; by master key version: {dict(sorted(usage.items()))}")
    return 0


def _rotate(args: argparse.Namespace, settings: Settings) -> int:
    if settings.master_keys is not None:
        return _error(
            "SES_MASTER_KEYS est défini : ajoutez-y une version (`ses keys generate --print`), "
            "redémarrez, puis `ses keys rewrap`",
            "SES_MASTER_KEYS is set: add a version to it (`ses keys generate --print`), restart, "
            "then run `ses keys rewrap`",
        )
    path = settings.keyring_path
    try:
        rotated = read_keyring_file(path).with_new_version()
    except KeyringError as exc:
        return _error(f"trousseau inutilisable : {exc}", f"keyring unusable: {exc}")
    write_keyring_file(path, rotated, replace=True)
    print(f"version {rotated.current} added to {path} and made current")
    total, usage = _rewrap_all(settings, args.batch)
    print(f"{total} data key(s) re-wrapped; by master key version: {dict(sorted(usage.items()))}")
    old = [v for v in rotated.versions if v != rotated.current and not usage.get(v)]
    if old:
        print(f"no data key needs version(s) {old} any more: `ses keys remove <version>` once backed up")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    if settings.master_keys is not None:
        return _error(
            "SES_MASTER_KEYS est défini : retirez la version de la variable elle-même",
            "SES_MASTER_KEYS is set: remove the version from the variable itself",
        )
    path = settings.keyring_path
    with cli_database(settings).session() as session:
        still = Vault.usage(session).get(args.version, 0)
    if still:
        return _error(
            f"{still} clé(s) de dossier dépendent encore de la version {args.version} : `ses keys rewrap` d'abord",
            f"{still} data key(s) still need version {args.version}: run `ses keys rewrap` first",
        )
    anchor.resign(open_vault(settings), settings.audit_anchor_path)
    try:
        write_keyring_file(path, read_keyring_file(path).without(args.version), replace=True)
    except KeyringError as exc:
        return _error(f"impossible : {exc}", f"cannot do that: {exc}")
    print(f"version {args.version} removed from {path}")
    return 0
