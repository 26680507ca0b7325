from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cases import audit
from cases.errors import InvalidInput, NotFound
from cases.services import people


def test_granting_a_role_registers_the_person_and_is_audited(session: Session) -> None:
    person = people.grant_role(session, user_id="U123", role="advisor", actor_id="UADMIN")
    assert person.role_names == {"advisor"}
    last = audit.entries(session, limit=1)[0]
    assert (last.action, last.target, last.details, last.actor_id) == (
        "role.granted",
        "U123",
        {"role": "advisor"},
        "UADMIN",
    )


def test_granting_a_role_twice_changes_nothing(session: Session) -> None:
    people.grant_role(session, user_id="U123", role="advisor")
    people.grant_role(session, user_id="U123", role="advisor")
    assert people.get_person(session, user_id="U123").role_names == {"advisor"}
    assert [e.action for e in audit.entries(session)] == ["role.granted"]


def test_revoking_keeps_the_other_roles(session: Session) -> None:
    people.grant_role(session, user_id="U123", role="advisor")
    people.grant_role(session, user_id="U123", role="admin")
    person = people.revoke_role(session, user_id="U123", role="advisor")
    assert person.role_names == {"admin"}


def test_revoking_from_an_unknown_user_says_so(session: Session) -> None:
    with pytest.raises(NotFound) as caught:
        people.revoke_role(session, user_id="UNOBODY", role="advisor")
    assert (caught.value.what, caught.value.key) == ("user", "UNOBODY")


def test_unknown_roles_are_refused_with_the_allowed_ones(session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        people.grant_role(session, user_id="U123", role="superuser")
    assert caught.value.field == "role"
    assert "confidential_advisor" in caught.value.params["allowed"]


@pytest.mark.parametrize("bad", ["", "u123", "C123", "U1", "U123; DROP TABLE people", "U" + "1" * 40])
def test_malformed_slack_user_ids_are_refused(session: Session, bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        people.ensure_person(session, user_id=bad)
    assert caught.value.problem == "invalid"


def test_ensure_person_updates_only_what_it_is_given(session: Session) -> None:
    people.ensure_person(session, user_id="U900", display_name="Claire", locale="en", office_kind="manager")
    person = people.ensure_person(session, user_id="U900")
    assert (person.display_name, person.locale, person.office_kind) == ("Claire", "en", "manager")
    person = people.ensure_person(session, user_id="U900", locale="fr")
    assert (person.display_name, person.locale) == ("Claire", "fr")


def test_unknown_kinds_of_office_and_locales_are_refused(session: Session) -> None:
    with pytest.raises(InvalidInput, match="office_kind"):
        people.ensure_person(session, user_id="U900", office_kind="emperor")
    with pytest.raises(InvalidInput, match="locale"):
        people.ensure_person(session, user_id="U900", locale="de")


def test_people_can_be_listed_by_role(session: Session) -> None:
    people.grant_role(session, user_id="UBBB", role="advisor")
    people.grant_role(session, user_id="UAAA", role="advisor")
    people.grant_role(session, user_id="UCCC", role="indexer")
    assert [p.user_id for p in people.list_people(session, role="advisor")] == ["UAAA", "UBBB"]
    assert [p.user_id for p in people.list_people(session)] == ["UAAA", "UBBB", "UCCC"]


def test_only_confidential_advisors_work_confidential_cases(session: Session) -> None:
    people.grant_role(session, user_id="UAAA", role="advisor")
    people.grant_role(session, user_id="UCCC", role="confidential_advisor")
    people.grant_role(session, user_id="UXXX", role="admin")
    assert {p.user_id for p in people.workers(session)} == {"UAAA", "UCCC"}
    assert [p.user_id for p in people.workers(session, confidential=True)] == ["UCCC"]
