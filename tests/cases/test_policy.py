from __future__ import annotations

from cases import policy
from cases.policy import can_view, can_work, sees_internal


def test_a_requester_sees_their_case_but_not_its_internal_notes() -> None:
    assert can_view(viewer_id="U1", roles=set(), requester_id="U1", confidential=True)
    assert not sees_internal(viewer_id="U1", roles={"advisor"}, requester_id="U1", confidential=False)


def test_other_office_holders_see_nothing() -> None:
    assert not can_view(viewer_id="U2", roles=set(), requester_id="U1", confidential=False)
    assert not can_view(viewer_id="U2", roles={"indexer"}, requester_id="U1", confidential=False)


def test_confidential_cases_are_for_confidential_advisors_only() -> None:
    for roles in ({"advisor"}, {"admin"}):
        assert not can_view(viewer_id="U2", roles=roles, requester_id="U1", confidential=True)
        assert not can_work(roles=roles, confidential=True)
    assert can_view(viewer_id="U2", roles={"confidential_advisor"}, requester_id="U1", confidential=True)
    assert can_work(roles={"confidential_advisor"}, confidential=True)


def test_admins_see_ordinary_cases_but_only_advisors_work_them() -> None:
    assert can_view(viewer_id="U2", roles={"admin"}, requester_id="U1", confidential=False)
    assert not can_work(roles={"admin"}, confidential=False)
    assert can_work(roles={"advisor"}, confidential=False)


def test_nobody_works_a_case_they_requested() -> None:
    refusal = policy.work_refusal
    for roles, confidential in (({"advisor"}, False), ({"confidential_advisor"}, True)):
        assert refusal(actor_id="U1", roles=roles, requester_id="U1", confidential=confidential) == (
            policy.WorkRefusal.OWN_REQUEST
        )
        assert refusal(actor_id="U2", roles=roles, requester_id="U1", confidential=confidential) is None
        assert not policy.can_work_case(
            actor_id="U1", roles=roles, requester_id="U1", confidential=confidential
        )
    # a requester without the role is simply not an advisor; one who may not see it is told nothing
    assert refusal(actor_id="U1", roles=set(), requester_id="U1", confidential=False) == (
        policy.WorkRefusal.NOT_A_WORKER
    )
    assert refusal(actor_id="U2", roles={"advisor"}, requester_id="U1", confidential=True) == (
        policy.WorkRefusal.HIDDEN
    )
    # the requester still files documents with their own case
    assert policy.can_attach(viewer_id="U1", roles={"advisor"}, requester_id="U1", confidential=False)
