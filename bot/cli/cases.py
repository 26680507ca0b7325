"""`ses cases create | list | show | delete`: the case tracker for admins and scripts.

`--as U` shows what that user would be allowed to see in the console (same rules, same filtering,
same audit: showing a confidential case is a read). `delete REF --as U` is a requester erasing
their own closed confidential request.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.db import cli_database, emit_json
from bot.settings import Settings
from cases.enums import Category, Priority, Status
from cases.models import utcnow
from cases.schemas import CaseDetailPublic, CasePublic
from cases.services import intake, queries, retention
from cases.services.intake import NewCase
from cases.services.lifecycle import Act
from cases.services.queries import CaseFilters


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("cases", help="advisory cases")
    sub = parser.add_subparsers(dest="cases_command", required=True)

    create = sub.add_parser("create", help="open a case for a registered requester")
    create.add_argument("--requester", required=True, help="Slack user id of the requester")
    create.add_argument("--subject", required=True)
    create.add_argument("--body", required=True)
    create.add_argument("--category", default=Category.OTHER.value, help=", ".join(c.value for c in Category))
    create.add_argument(
        "--priority", default=Priority.NORMAL.value, help=", ".join(p.value for p in Priority)
    )
    create.add_argument("--lang", help="fr or en (default: the requester's)")
    create.add_argument("--confidential", action="store_true")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=_create)

    listing = sub.add_parser("list", help="cases a user may see")
    listing.add_argument("--as", dest="viewer", required=True, help="Slack user id to see them as")
    listing.add_argument("--status", help=", ".join(s.value for s in Status))
    listing.add_argument("--category")
    listing.add_argument("--assignee", help="a user id, or 'none'")
    listing.add_argument("--overdue", action="store_true")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    show = sub.add_parser("show", help="one case with its timeline, as a user may see it")
    show.add_argument("ref")
    show.add_argument("--as", dest="viewer", required=True)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    erase = sub.add_parser("delete", help="erase one's own closed confidential request (as its requester)")
    erase.add_argument("ref")
    erase.add_argument("--as", dest="viewer", required=True, help="Slack user id of the requester")
    erase.set_defaults(handler=_delete)


def _create(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        case = intake.open_case(
            session,
            NewCase(
                requester_id=args.requester,
                subject=args.subject,
                body=args.body,
                category=args.category,
                priority=args.priority,
                lang=args.lang,
                confidential=args.confidential,
            ),
            sla=settings.sla_policy(),
        )
        public = CasePublic.of(case, now=utcnow())
    if args.json:
        emit_json(public.model_dump(mode="json"))
    else:
        print(public.ref)
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    filters = CaseFilters(
        status=args.status,
        category=args.category,
        assignee_id=args.assignee,
        overdue=args.overdue,
        include_closed=True,  # the command has always listed every case
    )
    with cli_database(settings).session() as session:
        now = utcnow()
        found = [
            CasePublic.of(c, now=now)
            for c in queries.list_cases(session, viewer_id=args.viewer, filters=filters, now=now)
        ]
    if args.json:
        emit_json([c.model_dump(mode="json") for c in found])
    else:
        for c in found:
            subject = "(confidentiel / confidential)" if c.confidential else c.subject
            print(f"{c.ref}\t{c.status.value}\t{c.category.value}\t{c.assignee_id or '-'}\t{subject}")
    return 0


def _show(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        view = queries.get_case(session, ref=args.ref, viewer_id=args.viewer)
        detail = CaseDetailPublic.of_view(view, now=utcnow())
    if args.json:
        emit_json(detail.model_dump(mode="json"))
    else:
        print(
            f"{detail.ref} — {detail.subject}\n{detail.status.value} · {detail.category.value}"
            f" · {detail.assignee_id or '-'} · due {detail.due_at:%Y-%m-%d}\n\n{detail.body}\n"
        )
        for e in detail.timeline:
            print(f"{e.at:%Y-%m-%d %H:%M} {e.kind} {e.actor_id or ''} {e.body or ''}".rstrip())
    return 0


def _delete(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        ref = retention.delete_own_request(session, Act(ref=args.ref, actor_id=args.viewer))
    print(f"{ref} erased")
    return 0
