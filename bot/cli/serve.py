"""`ses serve` (HTTP: Slack's Events API, health checks, the JSON API, the try-it page) and `ses socket`.

Both stop within STOP_BOUND seconds of SIGINT or SIGTERM, under load too: requests in flight get
GRACE seconds, work in flight the runtime's STOP_SECONDS (bot/runtime), and what is not finished by
then is handed back to the inbox for the next process; a thread still busy after that (a question
stuck in its engine) does not hold the process.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

from bot.settings import Settings

logger = logging.getLogger(__name__)

GRACE = 2.0  # seconds for HTTP requests in flight once a stop is asked
LAST_THREADS = 1.0  # seconds for threads still running once everything is stopped
STOP_BOUND = 10.0  # the promise: stopped within this many seconds


def register(sub: Any) -> None:
    serve = sub.add_parser(
        "serve", help="start the HTTP server (Slack events, /healthz, /api/v1/ask, try-it page)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    add_server_options(serve)
    serve.set_defaults(handler=run_serve)

    socket = sub.add_parser("socket", help="connect to Slack over Socket Mode (needs SLACK_APP_TOKEN)")
    socket.set_defaults(handler=run_socket)


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument(
        "--workers",
        type=int,
        help="HTTP worker processes, each with SES_ASK_WORKERS engine processes (default: SES_WEB_WORKERS)",
    )


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    """One process serving, or a uvicorn supervisor restarting `--workers` processes that each
    build their own server (bot/http/asgi.py); they share the database and the data directory."""
    import uvicorn  # deferred: the web stack loads only for `ses serve`

    workers = args.workers or settings.web_workers
    if workers < 1:
        print("ses serve: --workers must be at least 1", file=sys.stderr)
        return 2
    if _schema_behind(settings):
        print(SCHEMA_BEHIND, file=sys.stderr)
        return 2
    from bot.http.head import BoundedHead  # deferred: the web stack loads only for `ses serve`

    # log_config=None: keep the logging configured by `ses` (one format, SES_LOG_FILE honoured).
    # X-Forwarded-For is believed from SES_TRUSTED_PROXIES only (uvicorn's default trusts 127.0.0.1,
    # so anyone on the machine could choose the address a rate limit counts them under).
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_config": None,
        "access_log": False,
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": settings.trusted_proxies or None,
        "http": BoundedHead,  # httptools, with a cap on a request's line and headers
        "timeout_graceful_shutdown": GRACE,
    }
    if workers == 1:
        from bot.http.server import create_server  # deferred: the web stack loads only for `ses serve`

        uvicorn.run(create_server(settings), **options)
        exit_promptly()
    else:
        logger.info("serving on %s:%d with %d worker processes", args.host, args.port, workers)
        uvicorn.run("bot.http.asgi:create_app", factory=True, workers=workers, **options)
    return 0


SCHEMA_BEHIND = (
    "ses serve : la base de données n'est pas à jour pour cette version (migrations manquantes) ; "
    "lancez `ses db upgrade` (ou `ses start`, qui le fait).\n"
    "ses serve: the database schema is behind this version (migrations missing); "
    "run `ses db upgrade` (or `ses start`, which does it)."
)


def _schema_behind(settings: Settings) -> bool:
    """Serving on a database without its latest migrations would lose every write that needs them
    (question logs first) without a word; an unreachable one is left to /readyz to report."""
    from bot.runtime.database import Database  # deferred: the database stack loads only for `ses serve`

    database = Database(settings)
    try:
        return database.state() == "behind"
    finally:
        database.close()


def run_socket(args: argparse.Namespace, settings: Settings) -> int:  # noqa: ARG001 — same signature as every command
    # deferred: the Slack stack loads only for `ses socket`
    from bot.flows import deliveries
    from bot.runtime import Runtime
    from bot.runtime.periodic import Periodic
    from bot.slack.app import SlackNotConfigured, build_app
    from bot.slack.events import work
    from bot.slack.socket_mode import InboxSocketModeHandler

    if settings.slack_app_token is None or settings.slack_bot_token is None:
        print(
            "ses socket: SLACK_APP_TOKEN (xapp-…) and SLACK_BOT_TOKEN (xoxb-…) must be set; "
            "see the README, 'Installing the Slack app'.",
            file=sys.stderr,
        )
        return 2
    if _schema_behind(settings):
        print(SCHEMA_BEHIND.replace("ses serve", "ses socket"), file=sys.stderr)
        return 2
    runtime = Runtime(settings)
    runtime.start()
    try:
        app = build_app(settings, runtime, socket_mode=True)
    except SlackNotConfigured as exc:
        print(f"ses socket: {exc}", file=sys.stderr)
        return 2
    handler = InboxSocketModeHandler(
        app, app_token=settings.slack_app_token.get_secret_value(), inbox=runtime.inbox
    )
    runtime.inbox.start(work(app))
    # Replies to requesters still in the outbox go out from here too.
    outbox = Periodic("ses-outbox", deliveries.DRAIN_EVERY, lambda: deliveries.drain(app.client, runtime))
    outbox.start()
    runtime.freeze_startup_objects()
    for signum in (signal.SIGINT, signal.SIGTERM):  # a container stop is a Ctrl-C
        signal.signal(signum, _interrupt_within_bound)
    try:
        handler.start()  # type: ignore[no-untyped-call]  # blocks until interrupted
    except KeyboardInterrupt:
        logger.info("stopping: Slack disconnected, work in flight finishing")
    finally:
        handler.close()  # type: ignore[no-untyped-call]
        logger.info("stopping: closed")
        outbox.stop(timeout=1.0)
        runtime.close()
        logger.info("stopping: runtime closed")
    exit_promptly()
    return 0


def _interrupt_within_bound(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 — a handler's signature
    """Stop, and exit anyway once STOP_BOUND is near: a Slack client thread that does not let go must not
    keep the process up (what it held is in the durable inbox, worked again at the next start)."""
    watchdog = threading.Timer(STOP_BOUND - 2 * LAST_THREADS, _exit_now)
    watchdog.daemon = True
    watchdog.start()
    raise KeyboardInterrupt


def _exit_now() -> None:
    logger.warning("stopping: still not stopped after %.0f s, exiting now", STOP_BOUND - 2 * LAST_THREADS)
    logging.shutdown()
    os._exit(0)


def exit_promptly() -> None:
    """Everything is stopped and handed back: threads still running (a question stuck in its engine,
    a document being indexed) get LAST_THREADS seconds, then the process exits without them —
    Python would otherwise wait for every one of them."""
    deadline = time.monotonic() + LAST_THREADS
    for thread in _busy_threads():
        thread.join(max(0.0, deadline - time.monotonic()))
    left = _busy_threads()
    if left:
        logger.warning("stopping with %d threads still busy: %s", len(left), ", ".join(t.name for t in left))
        logging.shutdown()
        os._exit(0)


def _busy_threads() -> list[threading.Thread]:
    current = threading.current_thread()
    return [t for t in threading.enumerate() if t is not current and not t.daemon and t.is_alive()]
