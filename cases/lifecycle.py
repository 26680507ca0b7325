"""The case status machine as data: which status may follow which. Pure; services enforce it.

new → triaged → assigned → waiting_for_requester → answered → closed, with the side roads
advisors actually take (assign straight from new, answer without waiting, close from anywhere
open, send an assigned case back to triage). A closed case only moves by `reopen`.
"""

from __future__ import annotations

from collections.abc import Mapping

from cases.enums import Status

TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.TRIAGED, Status.ASSIGNED, Status.CLOSED}),
    Status.TRIAGED: frozenset({Status.ASSIGNED, Status.CLOSED}),
    Status.ASSIGNED: frozenset(
        {Status.TRIAGED, Status.WAITING_FOR_REQUESTER, Status.ANSWERED, Status.CLOSED}
    ),
    Status.WAITING_FOR_REQUESTER: frozenset({Status.ASSIGNED, Status.ANSWERED, Status.CLOSED}),
    Status.ANSWERED: frozenset({Status.ASSIGNED, Status.WAITING_FOR_REQUESTER, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}

# Statuses that mean someone is working on it: they need an assignee.
NEEDS_ASSIGNEE: frozenset[Status] = frozenset(
    {Status.ASSIGNED, Status.WAITING_FOR_REQUESTER, Status.ANSWERED}
)
OPEN: frozenset[Status] = frozenset(Status) - {Status.CLOSED}
# The SLA clock runs until the requester has an answer.
AWAITING_ANSWER: frozenset[Status] = frozenset({Status.NEW, Status.TRIAGED, Status.ASSIGNED})


def allowed_targets(current: Status) -> frozenset[Status]:
    return TRANSITIONS[current]


def can_transition(current: Status, target: Status, *, has_assignee: bool) -> bool:
    if target not in TRANSITIONS[current]:
        return False
    return has_assignee or target not in NEEDS_ASSIGNEE


def reopen_target(*, has_assignee: bool) -> Status:
    """A reopened case goes back to its advisor if it had one, else to triage."""
    return Status.ASSIGNED if has_assignee else Status.TRIAGED


def after_claim(current: Status) -> Status:
    """Claiming or assigning moves a case still in triage to `assigned`; later statuses stay."""
    return Status.ASSIGNED if current in (Status.NEW, Status.TRIAGED) else current
