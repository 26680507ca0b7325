from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from cases.errors import InvalidInput, NotFound
from cases.models import Case
from cases.services import lifecycle, queries
from cases.services.lifecycle import Act
from cases.services.queries import UNASSIGNED, CaseFilters
from tests.cases import factories

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    rita = factories.person(session, name="Rita")
    sam = factories.person(session, name="Sam")
    alice = factories.advisor(session, name="Alice")
    carla = factories.person(session, roles=["confidential_advisor"], name="Carla")
    admin = factories.person(session, roles=["admin"], name="Ada")
    gifts = factories.case(
        session, requester=rita, category="gifts_hospitality", now=NOW - timedelta(days=10)
    )
    lobby = factories.case(session, requester=sam, category="lobbying", now=NOW)
    secret = factories.case(session, requester=rita, confidential=True, now=NOW)
    lifecycle.claim_case(session, Act(ref=lobby.ref, actor_id=alice.user_id))
    return {
        "rita": rita,
        "sam": sam,
        "alice": alice,
        "carla": carla,
        "admin": admin,
        "gifts": gifts,
        "lobby": lobby,
        "secret": secret,
    }


def _refs(cases: Iterable[Case]) -> set[str]:
    return {c.ref for c in cases}


def test_each_person_lists_only_what_they_may_see(session: Session, world: dict[str, Any]) -> None:
    w = world
    assert _refs(queries.list_cases(session, viewer_id=w["rita"].user_id)) == {
        w["gifts"].ref,
        w["secret"].ref,
    }
    assert _refs(queries.list_cases(session, viewer_id=w["sam"].user_id)) == {w["lobby"].ref}
    assert _refs(queries.list_cases(session, viewer_id=w["alice"].user_id)) == {
        w["gifts"].ref,
        w["lobby"].ref,
    }
    assert _refs(queries.list_cases(session, viewer_id=w["admin"].user_id)) == {
        w["gifts"].ref,
        w["lobby"].ref,
    }
    assert _refs(queries.list_cases(session, viewer_id=w["carla"].user_id)) == {
        w["gifts"].ref,
        w["lobby"].ref,
        w["secret"].ref,
    }


def test_a_case_one_may_not_see_is_not_found_rather_than_forbidden(
    session: Session, world: dict[str, Any]
) -> None:
    """Saying "forbidden" would confirm that a confidential case with that reference exists."""
    with pytest.raises(NotFound):
        queries.get_case(session, ref=world["secret"].ref, viewer_id=world["alice"].user_id)
    with pytest.raises(NotFound):
        queries.get_case(session, ref=world["gifts"].ref, viewer_id=world["sam"].user_id)


def test_an_unknown_viewer_is_refused(session: Session, world: dict[str, Any]) -> None:
    with pytest.raises(NotFound) as caught:
        queries.list_cases(session, viewer_id="UNOBODY1")
    assert caught.value.what == "user"


def test_filters_by_status_category_assignee_and_overdue(session: Session, world: dict[str, Any]) -> None:
    w, alice = world, world["alice"].user_id

    def refs(**kw: object) -> set[str]:
        return _refs(queries.list_cases(session, viewer_id=alice, filters=CaseFilters(**kw), now=NOW))  # type: ignore[arg-type]

    assert refs(status="assigned") == {w["lobby"].ref}
    assert refs(category="gifts_hospitality") == {w["gifts"].ref}
    assert refs(assignee_id=alice) == {w["lobby"].ref}
    assert refs(assignee_id=UNASSIGNED) == {w["gifts"].ref}
    assert refs(overdue=True) == {w["gifts"].ref}
    with pytest.raises(InvalidInput):
        refs(category="bribery")


def test_the_advisor_queue_is_their_cases_then_unassigned_ones(
    session: Session, world: dict[str, Any]
) -> None:
    w = world
    queue = queries.advisor_queue(session, advisor_id=w["alice"].user_id)
    assert [c.ref for c in queue] == [w["lobby"].ref, w["gifts"].ref]
    assert queries.advisor_queue(session, advisor_id=w["rita"].user_id) == []
    # The App Home never lists a confidential case; its advisors get a count and the console.
    assert _refs(queries.advisor_queue(session, advisor_id=w["carla"].user_id)) == {w["gifts"].ref}
    assert queries.confidential_waiting(session, advisor_id=w["carla"].user_id) == 1
    assert queries.confidential_waiting(session, advisor_id=w["alice"].user_id) == 0


def test_a_requester_lists_their_open_cases_newest_first(session: Session, world: dict[str, Any]) -> None:
    w = world
    rita, sam = w["rita"].user_id, w["sam"].user_id
    assert [c.ref for c in queries.requester_cases(session, requester_id=rita, viewer_id=rita)] == [
        w["secret"].ref,
        w["gifts"].ref,
    ]
    lifecycle.close_case(session, Act(ref=w["lobby"].ref, actor_id=w["alice"].user_id))
    assert queries.requester_cases(session, requester_id=sam, viewer_id=sam) == []
    assert len(queries.requester_cases(session, requester_id=sam, viewer_id=sam, include_closed=True)) == 1


def test_someone_else_listing_a_requesters_cases_never_sees_the_confidential_ones(
    session: Session, world: dict[str, Any]
) -> None:
    w = world
    rita = w["rita"].user_id
    for other in ("alice", "admin", "sam"):
        listed = _refs(queries.requester_cases(session, requester_id=rita, viewer_id=w[other].user_id))
        assert w["secret"].ref not in listed
    assert _refs(queries.requester_cases(session, requester_id=rita, viewer_id=w["alice"].user_id)) == {
        w["gifts"].ref
    }
    assert queries.requester_cases(session, requester_id=rita, viewer_id="UNOBODY1") == []
    carla = w["carla"].user_id
    assert w["secret"].ref in _refs(queries.requester_cases(session, requester_id=rita, viewer_id=carla))


def test_overdue_means_past_due_while_still_awaiting_an_answer(
    session: Session, world: dict[str, Any]
) -> None:
    gifts = world["gifts"]
    assert queries.is_overdue(gifts, NOW)
    assert not queries.is_overdue(gifts, gifts.created_at)


def test_closed_cases_are_listed_only_when_asked_for(session: Session, world: dict[str, Any]) -> None:
    w, alice = world, world["alice"].user_id
    lifecycle.close_case(session, Act(ref=w["lobby"].ref, actor_id=alice))
    assert _refs(queries.list_cases(session, viewer_id=alice, now=NOW)) == {w["gifts"].ref}
    everything = CaseFilters(include_closed=True)
    assert _refs(queries.list_cases(session, viewer_id=alice, filters=everything, now=NOW)) == {
        w["gifts"].ref,
        w["lobby"].ref,
    }


def test_search_matches_reference_subject_and_names_but_no_confidential_text(
    session: Session, world: dict[str, Any]
) -> None:
    w = world
    factories.case(session, requester=w["sam"], subject="Siège au conseil 100%_sûr", now=NOW)

    def found(viewer: str, words: str) -> set[str]:
        filters = CaseFilters(search=words)
        return _refs(queries.list_cases(session, viewer_id=w[viewer].user_id, filters=filters, now=NOW))

    assert found("alice", w["gifts"].ref.lower()) == {w["gifts"].ref}
    assert found("alice", "RITA") == {w["gifts"].ref}  # the requester's name, any case
    assert found("alice", "alice") == {w["lobby"].ref}  # the advisor's name
    assert len(found("alice", "100%_")) == 1  # % and _ are letters here, not wildcards
    assert found("alice", "zzz") == set()
    # the confidential case's subject is sealed: its words find nothing, even for its advisor
    secret_subject = "Invitation à un gala"  # factories' default subject, the sealed one's too
    assert w["secret"].ref not in found("carla", secret_subject)
    with pytest.raises(InvalidInput):
        found("alice", "x" * 201)


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("due", False, ["gifts", "lobby", "board"]),
        ("due", True, ["board", "lobby", "gifts"]),
        ("requester", False, ["board", "gifts", "lobby"]),  # Bea, Rita, Sam
        ("assignee", False, ["lobby", "gifts", "board"]),  # Alice, then the unassigned
        ("priority", False, ["board", "lobby", "gifts"]),  # urgent, normal, low
        ("category", False, ["gifts", "board", "lobby"]),  # the order given (labels, alphabetically)
    ],
)
def test_lists_sort_by_any_column(
    session: Session, world: dict[str, Any], sort: str, descending: bool, expected: list[str]
) -> None:
    w = world
    bea = factories.person(session, name="Bea")
    session.get(Case, w["gifts"].id).priority = "low"  # type: ignore[union-attr]
    cases = {
        "gifts": w["gifts"],
        "lobby": w["lobby"],
        "board": factories.case(
            session,
            requester=bea,
            category="governance_board",
            priority="urgent",
            now=NOW + timedelta(days=20),
        ),
    }
    order = ("gifts_hospitality", "governance_board", "lobbying")
    filters = CaseFilters(sort=sort, descending=descending, category_order=order)
    listed = [
        c.ref for c in queries.list_cases(session, viewer_id=w["alice"].user_id, filters=filters, now=NOW)
    ]
    assert listed == [cases[name].ref for name in expected]
    with pytest.raises(InvalidInput):
        queries.list_cases(session, viewer_id=w["alice"].user_id, filters=CaseFilters(sort="body"))
