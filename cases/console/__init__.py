"""The web console (server-rendered, under `config.mount_path`) and its JSON API (under /api/v1).

    from cases.console import build_api, build_console
    app.include_router(build_console(session_factory, console_config))
    app.include_router(build_api(session_factory, console_config))

Both routers carry their own prefix; include them without one. Neither reads the environment.
The session factory must carry the vault (`cases.db.make_session_factory(engine, vault=...)`) for
confidential cases to be readable. `on_reply(notice)` is called after each committed reply to a
requester (`cases.services.replies.ReplyNotice`): the server passes a function that DMs it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig, SlaPolicy
from cases.console.api import build_api as _build_api
from cases.console.auth import issue_login_link
from cases.console.deps import Console
from cases.console.pages import build_pages
from cases.models import utcnow
from cases.services.replies import ReplyNotice

OnReply = Callable[[ReplyNotice], None]

__all__ = ["build_api", "build_console", "issue_login_link"]


def build_console(
    session_factory: sessionmaker[Session],
    config: ConsoleConfig,
    *,
    sla: SlaPolicy | None = None,
    clock: Callable[[], datetime] = utcnow,
    on_reply: OnReply | None = None,
) -> APIRouter:
    """HTML pages: /login, /, /cases/{ref}, /dashboard, /export.csv, forms; prefix `config.mount_path`."""
    return build_pages(Console(session_factory, config, sla or SlaPolicy(), clock, on_reply=on_reply))


def build_api(
    session_factory: sessionmaker[Session],
    config: ConsoleConfig,
    *,
    sla: SlaPolicy | None = None,
    clock: Callable[[], datetime] = utcnow,
    on_reply: OnReply | None = None,
) -> APIRouter:
    """JSON API: /api/v1/session, /api/v1/cases[/{ref}[/claim|/assign|/status|/messages]], DELETE /cases/{ref}."""
    return _build_api(Console(session_factory, config, sla or SlaPolicy(), clock, on_reply=on_reply))
