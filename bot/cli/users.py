"""`ses users add | grant | revoke | list`: people the case tracker knows and their roles."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from bot.cli.db import cli_database, emit_json, operator_id
from bot.settings import Settings
from cases.enums import OfficeKind, Role
from cases.models import Person
from cases.schemas import PersonPublic
from cases.services import people


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "users", help="people and roles of the case tracker"
    )
    sub = parser.add_subparsers(dest="users_command", required=True)

    add = sub.add_parser("add", help="register or update a Slack user")
    _person_args(add)
    add.set_defaults(handler=_add)

    grant = sub.add_parser("grant", help="give a role (registers the user if needed)")
    grant.add_argument("user_id")
    grant.add_argument("role", choices=[r.value for r in Role])
    _person_args(grant, with_id=False)
    grant.set_defaults(handler=_grant)

    revoke = sub.add_parser("revoke", help="take a role away")
    revoke.add_argument("user_id")
    revoke.add_argument("role", choices=[r.value for r in Role])
    revoke.set_defaults(handler=_revoke)

    listing = sub.add_parser("list", help="list people, optionally those with a role")
    listing.add_argument("--role", choices=[r.value for r in Role])
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)


def _person_args(parser: argparse.ArgumentParser, *, with_id: bool = True) -> None:
    if with_id:
        parser.add_argument("user_id")
    parser.add_argument("--name", help="display name")
    parser.add_argument("--locale", choices=["fr", "en"])
    parser.add_argument("--office", choices=[o.value for o in OfficeKind], help="kind of office")
    parser.add_argument(
        "--keep-questions",
        choices=["yes", "no"],
        help="keep this person's questions to the bot in readable form (adjudicative members: opt-in)",
    )


def _register(session: Session, args: argparse.Namespace) -> Person:
    """The person registered (or updated) with the name, locale, office and retention given."""
    person = people.ensure_person(
        session, user_id=args.user_id, display_name=args.name, locale=args.locale, office_kind=args.office
    )
    if args.keep_questions is not None:
        people.set_question_retention(
            session, user_id=args.user_id, retain=args.keep_questions == "yes", actor_id=None
        )
    return person


def _show(person: Person) -> str:
    roles = ", ".join(sorted(person.role_names)) or "-"
    return (
        f"{person.user_id}\t{person.display_name or ''}\t{person.locale}\t{person.office_kind or ''}\t{roles}"
    )


def _add(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        print(_show(_register(session, args)))
    return 0


def _grant(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        _register(session, args)
        person = people.grant_role(
            session, user_id=args.user_id, role=args.role, actor_id=operator_id(settings)
        )
        print(_show(person))
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        revoked = people.revoke_role(
            session, user_id=args.user_id, role=args.role, actor_id=operator_id(settings)
        )
        print(_show(revoked))
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    with cli_database(settings).session() as session:
        found = people.list_people(session, role=args.role)
        if args.json:
            emit_json([PersonPublic.of(p).model_dump(mode="json") for p in found])
        else:
            for person in found:
                print(_show(person))
    return 0
