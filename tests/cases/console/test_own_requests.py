"""An advisor's own request in the console and the JSON API: readable and writable as its requester,
never workable; the refusal says why, in their language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from cases.db import session_scope
from cases.services import queries
from tests.cases import factories
from tests.cases.console.conftest import SignIn


@pytest.fixture
def staff(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        factories.advisor(session, "UALICE1", name="Alice")
        factories.advisor(session, "UBOB001", name="Bob")
        factories.person(session, "UANNE01", roles=["advisor"], name="Anne", locale="en")


def _api(sign_in: SignIn, user_id: str) -> tuple[TestClient, dict[str, str]]:
    browser = sign_in(user_id)
    return browser.client, {"X-CSRF-Token": browser.client.get("/api/v1/session").json()["csrf_token"]}


def _open(client: TestClient, headers: dict[str, str]) -> str:
    created = client.post(
        "/api/v1/cases",
        json={"subject": "Mon cadeau", "body": "Un fournisseur m'offre un vin."},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["ref"])


def _case(factory: sessionmaker[Session], ref: str) -> tuple[str, str | None, int]:
    with session_scope(factory) as session:
        case = queries.find_case(session, ref=ref)
        return case.status, case.assignee_id, case.version


def test_the_api_refuses_every_way_of_working_ones_own_request(
    sign_in: SignIn, staff: None, factory: sessionmaker[Session]
) -> None:
    client, headers = _api(sign_in, "UANNE01")
    ref = _open(client, headers)
    attempts = {
        "claim": ("claim", {}),
        "assign_self": ("assign", {"assignee_id": "UANNE01"}),
        "assign_colleague": ("assign", {"assignee_id": "UBOB001"}),
        "close": ("status", {"status": "closed"}),
        "triage": ("status", {"status": "triaged"}),
    }
    for name, (path, payload) in attempts.items():
        response = client.post(f"/api/v1/cases/{ref}/{path}", json=payload, headers=headers)
        assert response.status_code == 403, name
        body = response.json()
        assert body["error"] == "own_request", name
        assert body["message"].startswith(f"You requested case {ref} yourself"), name  # Anne reads English
    assert _case(factory, ref) == ("new", None, 1)
    # a "reply" from the requester is a message to her advisor, in her own thread: allowed
    written = client.post(
        f"/api/v1/cases/{ref}/messages", json={"body": "J'ai la facture.", "internal": False}, headers=headers
    )
    assert written.status_code == 201 and written.json()["kind"] == "requester_message"
    detail = client.get(f"/api/v1/cases/{ref}").json()
    assert detail["can_work"] is False

    client, headers = _api(sign_in, "UBOB001")
    mine = client.post(f"/api/v1/cases/{ref}/assign", json={"assignee_id": "UANNE01"}, headers=headers)
    assert mine.status_code == 403 and mine.json()["message"].startswith(f"Le dossier {ref} ne peut pas")
    assert client.post(f"/api/v1/cases/{ref}/claim", json={}, headers=headers).status_code == 200
    assert _case(factory, ref)[1] == "UBOB001"


def test_the_case_page_offers_no_work_forms_and_a_forged_post_is_refused(
    sign_in: SignIn, staff: None, factory: sessionmaker[Session]
) -> None:
    client, headers = _api(sign_in, "UALICE1")
    ref = _open(client, headers)
    alice = sign_in("UALICE1")
    page = alice.client.get(f"/console/cases/{ref}")
    assert page.status_code == 200
    assert "Écrire au conseiller" in page.text  # her requester's form
    for action in ("claim", "assign"):
        assert f"/cases/{ref}/{action}" not in page.text
    for action, data in (
        ("claim", {}),
        ("close", {"reason": "Réglé."}),
        ("assign", {"assignee_id": "UBOB001"}),
    ):
        refused = alice.post(f"/console/cases/{ref}/{action}", data)
        assert refused.status_code == 303, action  # every POST redirects; the refusal is on the page
        shown = alice.client.get(refused.headers["location"]).text
        assert f"Vous êtes le demandeur du dossier {ref}" in shown, action
    note = alice.post(f"/console/cases/{ref}/messages", {"body": "Une note?", "visibility": "internal"})
    assert note.status_code == 303  # filed as her message to the advisor, not as an internal note
    assert _case(factory, ref) == ("new", None, 1)

    bob = sign_in("UBOB001")
    page = bob.client.get(f"/console/cases/{ref}")
    assert f"/cases/{ref}/claim" in page.text
    assert 'value="UALICE1"' not in page.text and 'value="UBOB001"' in page.text  # not offered as assignee
