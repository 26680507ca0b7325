"""Nobody works a case they requested: advisors and confidential advisors asking for themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cases import audit
from cases.errors import OwnRequest
from cases.i18n import error_message
from cases.models import AuditEntry, Case, Person
from cases.services import lifecycle, people, queries
from cases.services.attachments import add_attachment
from cases.services.confidential import open_confidential_request
from cases.services.intake import NewCase
from cases.services.lifecycle import Act
from cases.services.replies import reply_to_requester
from tests.cases import factories


@dataclass
class Staff:
    alice: Person  # advisor, who asks for herself
    bob: Person  # another advisor
    dana: Person  # an admin who is also an advisor
    carla: Person  # confidential advisor, who asks for herself
    cora: Person  # another confidential advisor


@pytest.fixture
def staff(session: Session) -> Staff:
    return Staff(
        alice=factories.advisor(session, name="Alice"),
        bob=factories.advisor(session, name="Bob"),
        dana=factories.person(session, roles=["admin", "advisor"], name="Dana"),
        carla=factories.person(session, roles=["confidential_advisor"], name="Carla"),
        cora=factories.person(session, roles=["confidential_advisor"], name="Cora"),
    )


def _works(session: Session, ref: str, other: str) -> dict[str, Callable[[str], object]]:
    """Every way of working a case, as `uid`; `other` is a colleague to assign it to."""
    return {
        "claim": lambda uid: lifecycle.claim_case(session, Act(ref=ref, actor_id=uid)),
        "assign_to_self": lambda uid: lifecycle.assign_case(
            session, Act(ref=ref, actor_id=uid), assignee_id=uid
        ),
        "assign_to_colleague": lambda uid: lifecycle.assign_case(
            session, Act(ref=ref, actor_id=uid), assignee_id=other
        ),
        "reply": lambda uid: reply_to_requester(
            session, Act(ref=ref, actor_id=uid), body="Oui, c'est permis."
        ),
        "note": lambda uid: lifecycle.add_note(session, Act(ref=ref, actor_id=uid), body="RAS"),
        "status": lambda uid: lifecycle.change_status(session, Act(ref=ref, actor_id=uid), status="triaged"),
        "close": lambda uid: lifecycle.close_case(session, Act(ref=ref, actor_id=uid)),
        "modal": lambda uid: lifecycle.workable_case(session, Act(ref=ref, actor_id=uid), action="reply"),
    }


def _state(session: Session, ref: str) -> tuple[object, ...]:
    session.expire_all()
    case = session.scalars(select(Case).where(Case.ref == ref)).one()
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    return case.version, case.status, case.assignee_id, last.id


def test_an_advisor_cannot_work_the_case_they_opened(session: Session, staff: Staff) -> None:
    ref = factories.case(session, requester=staff.alice, subject="Mon propre cadeau").ref
    before = _state(session, ref)
    for name, attempt in _works(session, ref, staff.bob.user_id).items():
        with pytest.raises(OwnRequest) as caught:
            attempt(staff.alice.user_id)
        assert (caught.value.code, caught.value.ref) == ("own_request", ref), name
        assert _state(session, ref) == before, name  # nothing changed, nothing audited as done


def test_a_confidential_advisor_cannot_work_their_own_confidential_request(
    session: Session, staff: Staff
) -> None:
    receipt = open_confidential_request(
        session,
        NewCase(requester_id=staff.carla.user_id, subject="Récusation", body="Mon beau-frère comparaît."),
    )
    assert receipt.notify_user_ids == (staff.cora.user_id,)  # she is not told of her own request
    assert queries.confidential_waiting(session, advisor_id=staff.carla.user_id) == 0
    assert queries.confidential_waiting(session, advisor_id=staff.cora.user_id) == 1
    before = _state(session, receipt.ref)
    for name, attempt in _works(session, receipt.ref, staff.cora.user_id).items():
        with pytest.raises(OwnRequest):
            attempt(staff.carla.user_id)
        assert _state(session, receipt.ref) == before, name
    view = queries.get_case(session, ref=receipt.ref, viewer_id=staff.carla.user_id)
    assert view.is_requester and not view.can_work and view.body == "Mon beau-frère comparaît."

    lifecycle.claim_case(session, Act(ref=receipt.ref, actor_id=staff.cora.user_id))
    reply_to_requester(session, Act(ref=receipt.ref, actor_id=staff.cora.user_id), body="Récusez-vous.")


def test_nobody_can_assign_a_case_to_its_requester(session: Session, staff: Staff) -> None:
    ref = factories.case(session, requester=staff.alice).ref
    for actor in (staff.bob, staff.dana):
        with pytest.raises(OwnRequest) as caught:
            lifecycle.assign_case(
                session, Act(ref=ref, actor_id=actor.user_id), assignee_id=staff.alice.user_id
            )
        assert caught.value.who == "assignee"
    offered = {p.user_id for p in people.assignees(session, case=queries.find_case(session, ref=ref))}
    assert staff.alice.user_id not in offered and staff.bob.user_id in offered  # the assign lists


def test_the_requester_still_reads_writes_and_files_while_colleagues_work_it(
    session: Session, staff: Staff
) -> None:
    ref = factories.case(session, requester=staff.alice).ref
    lifecycle.claim_case(session, Act(ref=ref, actor_id=staff.bob.user_id))
    lifecycle.add_note(session, Act(ref=ref, actor_id=staff.bob.user_id), body="Note interne de Bob")
    reply_to_requester(session, Act(ref=ref, actor_id=staff.bob.user_id), body="Précisez la valeur.")
    # as the requester: her own thread, her documents; never the internal notes
    lifecycle.add_requester_message(session, Act(ref=ref, actor_id=staff.alice.user_id), body="Environ 80 $.")
    add_attachment(session, Act(ref=ref, actor_id=staff.alice.user_id), filename="facture.txt", text="80 $")
    view = queries.get_case(session, ref=ref, viewer_id=staff.alice.user_id)
    assert [e.kind for e in view.timeline] == ["created", "reply", "requester_message"]
    assert view.is_requester and not view.can_work
    assert queries.get_case(session, ref=ref, viewer_id=staff.bob.user_id).can_work
    # an admin holding the advisor role reassigns it to someone else
    moved = lifecycle.assign_case(
        session, Act(ref=ref, actor_id=staff.dana.user_id), assignee_id=staff.dana.user_id
    )
    assert moved.assignee_id == staff.dana.user_id
    assert [c.ref for c in queries.advisor_queue(session, advisor_id=staff.alice.user_id)] == []


def test_a_case_its_requester_held_before_the_rule_can_be_taken_away_not_worked(
    session: Session, staff: Staff
) -> None:
    ref = factories.case(session, requester=staff.alice).ref
    case = queries.find_case(session, ref=ref)
    case.assignee_id = staff.alice.user_id  # as an older version allowed
    session.flush()
    with pytest.raises(OwnRequest):
        lifecycle.close_case(session, Act(ref=ref, actor_id=staff.alice.user_id))
    taken = lifecycle.assign_case(
        session, Act(ref=ref, actor_id=staff.bob.user_id), assignee_id=staff.bob.user_id
    )
    assert taken.assignee_id == staff.bob.user_id
    entry = audit.entries(session, target=ref, limit=1)[0]
    assert entry.details["previous"] == staff.alice.user_id


@pytest.mark.parametrize(
    ("locale", "words"), [("fr", "Vous êtes le demandeur du dossier"), ("en", "You requested case")]
)
def test_the_refusal_says_why_in_the_users_language(
    session: Session, staff: Staff, locale: str, words: str
) -> None:
    ref = factories.case(session, requester=staff.alice).ref
    with pytest.raises(OwnRequest) as caught:
        lifecycle.claim_case(session, Act(ref=ref, actor_id=staff.alice.user_id))
    message = error_message(caught.value, locale)
    assert message.startswith(words) and ref in message
    with pytest.raises(OwnRequest) as assigned:
        lifecycle.assign_case(
            session, Act(ref=ref, actor_id=staff.bob.user_id), assignee_id=staff.alice.user_id
        )
    assert ref in error_message(assigned.value, locale) and error_message(assigned.value, locale) != message
