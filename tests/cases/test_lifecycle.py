"""The transition table itself (pure)."""

from __future__ import annotations

import pytest

from cases.enums import Status
from cases.lifecycle import TRANSITIONS, after_claim, can_transition, reopen_target

HAPPY_PATH = [
    Status.NEW,
    Status.TRIAGED,
    Status.ASSIGNED,
    Status.WAITING_FOR_REQUESTER,
    Status.ANSWERED,
    Status.CLOSED,
]


def test_the_happy_path_is_allowed_step_by_step() -> None:
    for current, target in zip(HAPPY_PATH, HAPPY_PATH[1:], strict=False):
        assert can_transition(current, target, has_assignee=True), (current, target)


def test_every_status_has_an_entry_and_closed_leads_nowhere() -> None:
    assert set(TRANSITIONS) == set(Status)
    assert TRANSITIONS[Status.CLOSED] == frozenset()


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.CLOSED])
def test_any_open_case_can_be_closed(status: Status) -> None:
    assert can_transition(status, Status.CLOSED, has_assignee=False)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.NEW, Status.ANSWERED),
        (Status.NEW, Status.WAITING_FOR_REQUESTER),
        (Status.TRIAGED, Status.NEW),
        (Status.CLOSED, Status.ASSIGNED),
        (Status.ANSWERED, Status.NEW),
    ],
)
def test_skipping_or_going_back_to_new_is_refused(current: Status, target: Status) -> None:
    assert not can_transition(current, target, has_assignee=True)


def test_working_statuses_need_an_assignee() -> None:
    assert not can_transition(Status.TRIAGED, Status.ASSIGNED, has_assignee=False)
    assert can_transition(Status.TRIAGED, Status.ASSIGNED, has_assignee=True)


def test_reopen_returns_to_the_advisor_or_to_triage() -> None:
    assert reopen_target(has_assignee=True) is Status.ASSIGNED
    assert reopen_target(has_assignee=False) is Status.TRIAGED


def test_claiming_moves_only_untriaged_or_triaged_cases() -> None:
    assert after_claim(Status.NEW) is Status.ASSIGNED
    assert after_claim(Status.TRIAGED) is Status.ASSIGNED
    assert after_claim(Status.WAITING_FOR_REQUESTER) is Status.WAITING_FOR_REQUESTER
