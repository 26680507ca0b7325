"""Who may see and do what: the one place. Pure functions over roles; services ask here, every edge
(Slack, console, JSON API, CLI) goes through the services, and SQL filters are built from `scope`.

Confidential cases are seen only by their requester and confidential advisors. For anyone else —
other advisors, admins without the role — such a case does not exist: services answer NotFound
exactly as for a reference never issued, and leave it out of every list, count, dashboard and
export. An admin runs the system but does not read cases beyond the ordinary ones, and only
advisors work on cases. Rights are read from the database on every request, never cached, so a
revoked role takes effect on the next one.

Nobody works a case they requested (`work_refusal`): an advisor — confidential or not — who opens
a case, from Slack, the console or the API, is its requester like anyone else. They may read it,
write to their advisor (requester messages), file documents with it and erase it when the policy
allows; they may not claim it, be assigned it, assign it, reply to it, write internal notes on
it, change its status, close or reopen it. Anyone else who may work it — another advisor, an admin
holding the advisor role — may still assign it, to anyone but its requester.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from cases.enums import OfficeKind, Role

STAFF_ROLES = frozenset({Role.ADVISOR, Role.CONFIDENTIAL_ADVISOR, Role.ADMIN})
WORKER_ROLES = frozenset({Role.ADVISOR, Role.CONFIDENTIAL_ADVISOR})


@dataclass(frozen=True)
class Scope:
    """Which cases someone sees besides their own requests."""

    ordinary: bool
    confidential: bool


def scope(roles: Collection[str]) -> Scope:
    return Scope(ordinary=is_staff(roles), confidential=Role.CONFIDENTIAL_ADVISOR in roles)


def is_staff(roles: Collection[str]) -> bool:
    return bool(STAFF_ROLES.intersection(roles))


def can_view(*, viewer_id: str, roles: Collection[str], requester_id: str, confidential: bool) -> bool:
    if viewer_id == requester_id:
        return True
    seen = scope(roles)
    return seen.confidential if confidential else seen.ordinary


def can_work(*, roles: Collection[str], confidential: bool) -> bool:
    """Whether someone's roles let them work cases of this kind: claim, be assigned, reply, write
    notes, change status. For one given case, ask `work_refusal` (its requester may not)."""
    if confidential:
        return Role.CONFIDENTIAL_ADVISOR in roles
    return bool(WORKER_ROLES.intersection(roles))


class WorkRefusal(StrEnum):
    """Why someone may not work a given case; `HIDDEN` must look exactly like an unknown reference."""

    HIDDEN = "hidden"
    OWN_REQUEST = "own_request"
    NOT_A_WORKER = "not_a_worker"


def work_refusal(
    *, actor_id: str, roles: Collection[str], requester_id: str, confidential: bool
) -> WorkRefusal | None:
    """None when `actor_id` may work this case, else why not (see the module's note on self-dealing)."""
    if not can_view(viewer_id=actor_id, roles=roles, requester_id=requester_id, confidential=confidential):
        return WorkRefusal.HIDDEN
    if not can_work(roles=roles, confidential=confidential):
        return WorkRefusal.NOT_A_WORKER
    if actor_id == requester_id:
        return WorkRefusal.OWN_REQUEST
    return None


def can_work_case(*, actor_id: str, roles: Collection[str], requester_id: str, confidential: bool) -> bool:
    return (
        work_refusal(actor_id=actor_id, roles=roles, requester_id=requester_id, confidential=confidential)
        is None
    )


def sees_internal(*, viewer_id: str, roles: Collection[str], requester_id: str, confidential: bool) -> bool:
    """Internal notes are for those who work on the case; a requester never sees them, even if staff."""
    return viewer_id != requester_id and can_view(
        viewer_id=viewer_id, roles=roles, requester_id=requester_id, confidential=confidential
    )


def can_index(roles: Collection[str]) -> bool:
    """Add documents to the index from Slack, and take an add back."""
    return Role.INDEXER in roles


def sees_index(roles: Collection[str]) -> bool:
    """The App Home's list of indexed documents and the live version: indexers and admins."""
    return Role.INDEXER in roles or Role.ADMIN in roles


def can_export(roles: Collection[str]) -> bool:
    """CSV export and the dashboard: staff, each over the cases `scope` lets them see."""
    return is_staff(roles)


def can_attach(*, viewer_id: str, roles: Collection[str], requester_id: str, confidential: bool) -> bool:
    """File a document's text with a case: its requester, or someone who works on it."""
    return viewer_id == requester_id or can_work_case(
        actor_id=viewer_id, roles=roles, requester_id=requester_id, confidential=confidential
    )


def can_delete(*, viewer_id: str, requester_id: str, confidential: bool, closed: bool) -> bool:
    """A requester may have their own confidential request erased once it is closed."""
    return viewer_id == requester_id and confidential and closed


def in_slack_queue(*, confidential: bool) -> bool:
    """What Slack surfaces (App Home queue, triage cards) may list: never a confidential case."""
    return not confidential


def retains_questions(*, office_kind: str | None, opted_in: bool) -> bool:
    """Whether the bot may keep someone's questions in readable form (question log, feedback).

    Adjudicative members' questions are not kept unless they opted in: even the topic of what a
    tribunal member asks could touch their independence. Everyone else's are kept.
    """
    return office_kind != OfficeKind.ADJUDICATIVE_MEMBER.value or opted_in
