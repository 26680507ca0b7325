"""The web console (server-rendered, under `config.mount_path`) and its JSON API (under /api/v1).

    from cases.console import build_console
    for router in build_console(session_factory, console_config):
        app.include_router(router)

Both routers carry their own prefix; include them without one. Neither reads the environment.
Inside, one module-level router per resource (pages/: queue, cases, dashboard; api/: session, cases)
reads the `Console` and the signed-in person through `Depends` (deps.py); both sides call the same
`cases.services` functions. May import: cases (services, models, schemas, i18n, db); never bot or knowledge.
The session factory must carry the vault (`cases.db.make_session_factory(engine, vault=...)`) for
confidential cases to be readable. `on_reply(notice)` is called after each committed reply to a
requester (`cases.services.replies.ReplyNotice`): the server passes a function that sends it from
the outbox (`cases.services.deliveries`); without one (no Slack) replies wait there, and say so.
`sla` carries the business calendar: SLAs and every time shown are in its time zone.
`on_change(ref)` is called after every committed change to a case (opened, claimed, assigned,
status, reply, message): the server redraws the case's triage cards in Slack.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig, SlaPolicy
from cases.console import api, pages
from cases.console.auth import issue_login_link
from cases.console.deps import Console, SecureRoute, bind
from cases.console.signin import build_sign_in
from cases.models import utcnow
from cases.services.replies import ReplyNotice

OnReply = Callable[[ReplyNotice], None]
OnChange = Callable[[str], None]

__all__ = ["build_console", "issue_login_link"]


def build_console(
    session_factory: sessionmaker[Session],
    config: ConsoleConfig,
    *,
    sla: SlaPolicy | None = None,
    clock: Callable[[], datetime] = utcnow,
    on_reply: OnReply | None = None,
    on_change: OnChange | None = None,
) -> list[APIRouter]:
    """The HTML pages (/login, /, /cases/{ref}, /cases/{ref}/close, /dashboard, /export.csv, forms;
    prefix `config.mount_path`) and the JSON API (/api/v1/session, /api/v1/cases[/{ref}[/claim|/assign|
    /status|/messages]], DELETE /cases/{ref}), sharing one console."""
    console = Console(
        session_factory, config, sla or SlaPolicy(), clock, on_reply=on_reply, on_change=on_change
    )
    bound = [Depends(bind(console))]
    html = APIRouter(prefix=config.mount_path, route_class=SecureRoute, include_in_schema=False)
    html.include_router(build_sign_in(console))
    for router in pages.ROUTERS:
        html.include_router(router, dependencies=bound)
    json = APIRouter(prefix=api.PREFIX)
    for router in api.ROUTERS:
        json.include_router(router, dependencies=bound)
    return [html, json]
