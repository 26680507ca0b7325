"""`ses start`: what a container (or a service manager) runs — prepare, check, then serve.

1. the master keys checked: without them confidential requests are refused (a warning, or exit 2
   with `--require-keys`);
2. the bundled index, built if the data directory has none (`ses index ensure`);
3. the database migrated to the latest revision (`ses db upgrade`), and the console's signing key
   created (unless SES_CONSOLE_SECRET is set) before the workers could race for it;
4. `ses serve` with `--workers` HTTP processes (default SES_WEB_WORKERS).

Exit codes: 2 when a step is refused (no index can be built, keys required and missing).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from bot.cli import index, serve
from bot.runtime.console import console_config
from bot.runtime.database import database_config, open_vault
from bot.settings import Settings
from cases import migrate

logger = logging.getLogger(__name__)


def register(sub: Any) -> None:
    start = sub.add_parser(
        "start", help="ensure the index, migrate the database, check the keys, then serve (containers)"
    )
    start.add_argument("--host", default="0.0.0.0", help="address to listen on (default: 0.0.0.0)")
    serve.add_server_options(start)
    start.add_argument(
        "--require-keys",
        action="store_true",
        help="refuse to start without master keys for confidential cases",
    )
    start.set_defaults(handler=run_start)


def run_start(args: argparse.Namespace, settings: Settings) -> int:
    status = open_vault(settings).status()  # first: a refusal costs nothing
    if not status.ok:
        if args.require_keys:
            print(
                f"ses start: aucune clé maîtresse utilisable / no usable master keys ({status.reason}); "
                "set SES_MASTER_KEYS or run `ses keys generate`",
                file=sys.stderr,
            )
            return 2
        logger.warning("no usable master keys (%s): confidential requests will be refused", status.reason)
    code = index.run_ensure(argparse.Namespace(source=None), settings)
    if code != 0:
        return code
    url = database_config(settings).url
    migrate.upgrade(url)
    logger.info("database at revision %s", migrate.current_revision(url))
    console_config(settings)
    return serve.run_serve(args, settings)
