from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cases import audit
from cases.db import session_scope
from cases.errors import AlreadyClaimed, CaseConflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from cases.i18n import error_message
from cases.models import Case, Person
from cases.services import lifecycle, queries
from cases.services.lifecycle import Act
from tests.cases import factories

Opened = tuple[Case, Person, Person, Person]


@pytest.fixture
def opened(session: Session) -> Opened:
    requester = factories.person(session, name="Rita Requester")
    advisor = factories.advisor(session, name="Alice Advisor")
    other = factories.advisor(session, name="Bob Advisor")
    case = factories.case(session, requester=requester)
    return case, requester, advisor, other


def test_claiming_assigns_the_case_and_records_it(session: Session, opened: Opened) -> None:
    case, _, advisor, _ = opened
    claimed = lifecycle.claim_case(session, Act(ref=case.ref, actor_id=advisor.user_id))
    assert (claimed.assignee_id, claimed.status, claimed.version) == (advisor.user_id, "assigned", 2)
    assert claimed.assignee is not None and claimed.assignee.label == "Alice Advisor"
    kinds = [e.kind for e in queries.get_case(session, ref=case.ref, viewer_id=advisor.user_id).timeline]
    assert kinds == ["created", "assignment", "status"]
    assert audit.entries(session, target=case.ref)[0].action == "case.assigned"


def test_a_second_claim_names_who_already_holds_the_case(session: Session, opened: Opened) -> None:
    case, _, advisor, other = opened
    lifecycle.claim_case(session, Act(ref=case.ref, actor_id=advisor.user_id))
    with pytest.raises(AlreadyClaimed) as caught:
        lifecycle.claim_case(session, Act(ref=case.ref, actor_id=other.user_id))
    assert (caught.value.by_user_id, caught.value.by_name) == (advisor.user_id, "Alice Advisor")


def test_claiming_ones_own_case_again_changes_nothing(session: Session, opened: Opened) -> None:
    case, _, advisor, _ = opened
    lifecycle.claim_case(session, Act(ref=case.ref, actor_id=advisor.user_id))
    again = lifecycle.claim_case(session, Act(ref=case.ref, actor_id=advisor.user_id))
    assert again.version == 2


def test_a_stale_version_is_a_conflict_not_an_overwrite(session: Session, opened: Opened) -> None:
    case, _, advisor, other = opened
    seen = case.version
    lifecycle.claim_case(session, Act(ref=case.ref, actor_id=advisor.user_id, expected_version=seen))
    with pytest.raises(CaseConflict):
        lifecycle.change_status(
            session, Act(ref=case.ref, actor_id=other.user_id, expected_version=seen), status="closed"
        )
    assert queries.find_case(session, ref=case.ref).status == "assigned"


def test_people_without_an_advisor_role_cannot_work_a_case(session: Session, opened: Opened) -> None:
    case, requester, _, _ = opened
    admin = factories.person(session, roles=["admin"])
    with pytest.raises(Forbidden):
        lifecycle.claim_case(session, Act(ref=case.ref, actor_id=admin.user_id))
    with pytest.raises(NotFound):  # the requester may not act as staff; outsiders do not even see it
        lifecycle.claim_case(session, Act(ref=case.ref, actor_id=factories.person(session).user_id))
    with pytest.raises(Forbidden):
        lifecycle.add_note(session, Act(ref=case.ref, actor_id=requester.user_id), body="x")


def test_assigning_needs_an_assignee_who_can_work_the_case(session: Session, opened: Opened) -> None:
    case, requester, advisor, other = opened
    with pytest.raises(Forbidden):
        lifecycle.assign_case(
            session, Act(ref=case.ref, actor_id=advisor.user_id), assignee_id=requester.user_id
        )
    answers = []
    for nobody in ("UGHOST1", factories.person(session, roles=["indexer"]).user_id):
        with pytest.raises(InvalidInput) as caught:
            lifecycle.assign_case(session, Act(ref=case.ref, actor_id=advisor.user_id), assignee_id=nobody)
        answers.append((caught.value.code, caught.value.params, error_message(caught.value, "fr")))
    # an unknown id and someone who is not an advisor: one answer, so ids cannot be probed
    assert answers[0] == answers[1] and answers[0][1] == {"field": "assignee_id", "problem": "not_assignable"}
    assigned = lifecycle.assign_case(
        session, Act(ref=case.ref, actor_id=advisor.user_id), assignee_id=other.user_id
    )
    assert (assigned.assignee_id, assigned.status) == (other.user_id, "assigned")


def test_invalid_transitions_are_refused(session: Session, opened: Opened) -> None:
    case, _, advisor, _ = opened
    with pytest.raises(InvalidTransition):
        lifecycle.change_status(session, Act(ref=case.ref, actor_id=advisor.user_id), status="answered")
    with pytest.raises(InvalidTransition):  # assigned needs an assignee: use claim / assign
        lifecycle.change_status(session, Act(ref=case.ref, actor_id=advisor.user_id), status="assigned")
    with pytest.raises(InvalidInput):
        lifecycle.change_status(session, Act(ref=case.ref, actor_id=advisor.user_id), status="done")


def test_a_full_life_reply_answer_close_reopen(session: Session, opened: Opened) -> None:
    case, requester, advisor, _ = opened
    t0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
    lifecycle.change_status(session, Act(ref=case.ref, actor_id=advisor.user_id, now=t0), status="triaged")
    lifecycle.claim_case(session, Act(ref=case.ref, actor_id=advisor.user_id, now=t0))
    lifecycle.add_reply(
        session,
        Act(ref=case.ref, actor_id=advisor.user_id, now=t0 + timedelta(hours=2)),
        body="Précisez?",
        then_status="waiting_for_requester",
    )
    lifecycle.add_requester_message(session, Act(ref=case.ref, actor_id=requester.user_id), body="Voici.")
    assert queries.find_case(session, ref=case.ref).status == "assigned"
    lifecycle.add_reply(
        session, Act(ref=case.ref, actor_id=advisor.user_id), body="Réponse", then_status="answered"
    )
    closed = lifecycle.close_case(session, Act(ref=case.ref, actor_id=advisor.user_id))
    assert closed.status == "closed" and closed.closed_at is not None
    assert closed.first_response_at == t0 + timedelta(hours=2)
    with pytest.raises(InvalidTransition):
        lifecycle.add_reply(session, Act(ref=case.ref, actor_id=advisor.user_id), body="late")
    reopened = lifecycle.reopen_case(session, Act(ref=case.ref, actor_id=advisor.user_id))
    assert (reopened.status, reopened.closed_at) == ("assigned", None)
    assert audit.verify(session).ok


def test_reopening_an_open_case_is_refused(session: Session, opened: Opened) -> None:
    case, _, advisor, _ = opened
    with pytest.raises(InvalidTransition):
        lifecycle.reopen_case(session, Act(ref=case.ref, actor_id=advisor.user_id))


def test_notes_stay_internal_and_replies_reach_the_requester(session: Session, opened: Opened) -> None:
    case, requester, advisor, _ = opened
    lifecycle.add_note(session, Act(ref=case.ref, actor_id=advisor.user_id), body="conflict with X?")
    lifecycle.add_reply(session, Act(ref=case.ref, actor_id=advisor.user_id), body="Bonjour")
    seen_by_requester = queries.get_case(session, ref=case.ref, viewer_id=requester.user_id).timeline
    assert [(e.kind, e.body) for e in seen_by_requester] == [("created", None), ("reply", "Bonjour")]
    seen_by_advisor = queries.get_case(session, ref=case.ref, viewer_id=advisor.user_id).timeline
    assert "conflict with X?" in [e.body for e in seen_by_advisor]


def test_only_the_requester_writes_requester_messages(session: Session, opened: Opened) -> None:
    case, _, advisor, _ = opened
    with pytest.raises(NotFound):
        lifecycle.add_requester_message(session, Act(ref=case.ref, actor_id=advisor.user_id), body="x")


def test_oversized_replies_are_refused(session: Session, opened: Opened) -> None:
    case, _, advisor, _ = opened
    with pytest.raises(InvalidInput) as caught:
        lifecycle.add_reply(session, Act(ref=case.ref, actor_id=advisor.user_id), body="x" * 10_001)
    assert caught.value.problem == "too_long"


def test_an_unknown_case_is_not_found(session: Session, opened: Opened) -> None:
    _, _, advisor, _ = opened
    with pytest.raises(NotFound) as caught:
        lifecycle.claim_case(session, Act(ref="SES-2020-9999", actor_id=advisor.user_id))
    assert (caught.value.what, caught.value.key) == ("case", "SES-2020-9999")


def test_two_advisors_claiming_at_once_one_wins_the_other_is_told_who(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        requester = factories.person(session)
        alice = factories.advisor(session, name="Alice Advisor")
        bob = factories.advisor(session, name="Bob Advisor")
        ref = factories.case(session, requester=requester).ref
        ids = {"Alice Advisor": alice.user_id, "Bob Advisor": bob.user_id}
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def claim(name: str) -> None:
        barrier.wait()
        try:
            with session_scope(factory) as session:
                lifecycle.claim_case(session, Act(ref=ref, actor_id=ids[name], expected_version=1))
            outcomes[name] = "won"
        except AlreadyClaimed as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=claim, args=(name,)) for name in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1
    loser = next(name for name in ids if name not in winners)
    error = outcomes[loser]
    assert isinstance(error, AlreadyClaimed) and error.by_name == winners[0]
    with session_scope(factory) as session:
        case = queries.find_case(session, ref=ref)
        assert (case.assignee_id, case.version) == (ids[winners[0]], 2)
        assert audit.verify(session).ok


def test_answering_an_unclaimed_case_takes_it(session: Session, opened: Opened) -> None:
    """Otherwise an answered case would have nobody to receive the requester's follow-ups."""
    case, _, advisor, _ = opened
    lifecycle.add_reply(
        session, Act(ref=case.ref, actor_id=advisor.user_id), body="Oui.", then_status="answered"
    )
    answered = queries.find_case(session, ref=case.ref)
    assert (answered.status, answered.assignee_id) == ("answered", advisor.user_id)
