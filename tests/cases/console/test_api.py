"""The JSON API: same rules as the pages, CSRF in a header, errors as localized JSON."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from cases.db import session_scope
from cases.models import Person
from cases.services import lifecycle
from cases.services.lifecycle import Act
from tests.cases import factories
from tests.cases.console.conftest import SignIn


@pytest.fixture
def people_(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        factories.person(session, "URITA01", name="Rita", locale="en")
        factories.advisor(session, "UALICE1", name="Alice")
        factories.advisor(session, "UBOB001", name="Bob")


def _api(sign_in: SignIn, user_id: str) -> tuple[TestClient, dict[str, str]]:
    browser = sign_in(user_id)
    token = browser.client.get("/api/v1/session").json()["csrf_token"]
    return browser.client, {"X-CSRF-Token": token}


def test_without_a_session_the_api_answers_401(client: TestClient, people_: None) -> None:
    response = client.get("/api/v1/cases")
    assert response.status_code == 401 and response.json()["error"] == "unauthenticated"


def test_a_requester_opens_a_case_and_an_advisor_claims_it(sign_in: SignIn, people_: None) -> None:
    client, headers = _api(sign_in, "URITA01")
    created = client.post(
        "/api/v1/cases",
        json={"subject": "Board seat", "body": "May I join?", "category": "governance_board"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    ref = created.json()["ref"]
    assert created.json()["status"] == "new" and created.json()["lang"] == "en"

    client, headers = _api(sign_in, "UALICE1")
    claimed = client.post(f"/api/v1/cases/{ref}/claim", json={"version": 1}, headers=headers)
    assert claimed.status_code == 200 and claimed.json()["assignee_name"] == "Alice"
    note = client.post(f"/api/v1/cases/{ref}/messages", json={"body": "internal"}, headers=headers)
    assert note.json()["kind"] == "note" and note.json()["visible_to_requester"] is False
    listed = client.get("/api/v1/cases", params={"assignee": "me"}).json()
    assert [c["ref"] for c in listed] == [ref]

    client, headers = _api(sign_in, "URITA01")
    detail = client.get(f"/api/v1/cases/{ref}").json()
    assert [e["kind"] for e in detail["timeline"]] == ["created"]
    assert detail["can_work"] is False


def test_writes_need_the_csrf_header(sign_in: SignIn, people_: None) -> None:
    client, _ = _api(sign_in, "URITA01")
    response = client.post("/api/v1/cases", json={"subject": "s", "body": "b"})
    assert response.status_code == 403 and response.json()["error"] == "csrf"


def test_domain_errors_come_back_as_localized_json(
    sign_in: SignIn, people_: None, factory: sessionmaker[Session]
) -> None:
    client, headers = _api(sign_in, "URITA01")
    bad = client.post(
        "/api/v1/cases", json={"subject": "s", "body": "b", "category": "bribery"}, headers=headers
    )
    assert bad.status_code == 422  # refused by the schema before the service
    ref = client.post("/api/v1/cases", json={"subject": "s", "body": "b"}, headers=headers).json()["ref"]
    with session_scope(factory) as session:
        lifecycle.claim_case(session, Act(ref=ref, actor_id="UBOB001"))
    client, headers = _api(sign_in, "UALICE1")
    taken = client.post(f"/api/v1/cases/{ref}/claim", json={}, headers=headers)
    assert taken.status_code == 409
    assert taken.json() == {
        "error": "already_claimed",
        "message": f"Le dossier {ref} est déjà pris en charge par Bob.",
        "details": {"ref": ref, "by_user_id": "UBOB001", "by_name": "Bob"},
    }
    stale = client.post(
        f"/api/v1/cases/{ref}/status", json={"status": "closed", "version": 1}, headers=headers
    )
    assert stale.status_code == 409 and stale.json()["error"] == "conflict"
    missing = client.get("/api/v1/cases/SES-1999-0001")
    assert missing.status_code == 404 and "introuvable" in missing.json()["message"]


def test_the_api_is_documented_in_openapi(app: FastAPI) -> None:
    paths = TestClient(app).get("/openapi.json").json()["paths"]
    assert {"/api/v1/cases", "/api/v1/cases/{ref}", "/api/v1/cases/{ref}/claim"} <= set(paths)
    assert not any(p.startswith("/console") for p in paths)


def test_the_list_hides_closed_cases_unless_asked_like_the_console(
    sign_in: SignIn, people_: None, factory: sessionmaker[Session]
) -> None:
    with session_scope(factory) as session:
        open_ref = factories.case(session, requester=session.get(Person, "URITA01"), subject="Open").ref
        closed_ref = factories.case(session, requester=session.get(Person, "URITA01"), subject="Done").ref
        lifecycle.close_case(session, Act(ref=closed_ref, actor_id="UALICE1"))
    client, _ = _api(sign_in, "UALICE1")
    assert [c["ref"] for c in client.get("/api/v1/cases").json()] == [open_ref]
    everything = client.get("/api/v1/cases", params={"include_closed": "true"}).json()
    assert {c["ref"] for c in everything} == {open_ref, closed_ref}
    assert everything[0]["requester_name"] == "Rita"
    found = client.get("/api/v1/cases", params={"q": "done", "include_closed": "true"}).json()
    assert [c["ref"] for c in found] == [closed_ref]


def test_a_close_reason_and_reply_delivery_show_in_the_timeline(sign_in: SignIn, people_: None) -> None:
    client, headers = _api(sign_in, "URITA01")
    ref = client.post("/api/v1/cases", json={"subject": "s", "body": "b"}, headers=headers).json()["ref"]
    client, headers = _api(sign_in, "UALICE1")
    client.post(f"/api/v1/cases/{ref}/messages", json={"body": "Oui.", "internal": False}, headers=headers)
    closed = client.post(
        f"/api/v1/cases/{ref}/status", json={"status": "closed", "reason": "Répondu."}, headers=headers
    )
    assert closed.status_code == 200, closed.text
    timeline = client.get(f"/api/v1/cases/{ref}").json()["timeline"]
    assert [(e["kind"], e["delivery"]) for e in timeline if e["kind"] == "reply"] == [("reply", "pending")]
    assert timeline[-1]["to_status"] == "closed" and timeline[-1]["body"] == "Répondu."


def test_every_error_has_one_shape_schema_errors_included(
    sign_in: SignIn, people_: None, app: FastAPI
) -> None:
    client, headers = _api(sign_in, "URITA01")
    responses = [
        client.post("/api/v1/cases", json={"subject": 3}, headers=headers),  # FastAPI's own validation
        client.post(
            "/api/v1/cases", content=b"{not json", headers={**headers, "content-type": "application/json"}
        ),
        client.get("/api/v1/cases", params={"limit": 0}),
        client.get("/api/v1/cases", params={"sort": "body"}),
        client.post("/api/v1/cases", json={"subject": "s", "body": "b"}),  # no CSRF header
        client.get("/api/v1/cases/SES-1999-0001"),
    ]
    for response in responses:
        assert response.status_code in (403, 404, 422), response.text
        body = response.json()
        assert set(body) == {"error", "message", "details"}, body
        assert body["message"] and " " in body["message"]  # a sentence, in French by default
    assert responses[0].json()["error"] == "invalid_input"
    assert responses[0].json()["details"]["errors"][0]["loc"][-1] in ("subject", "body")
    schema = TestClient(app).get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]  # not documented: never sent
    listing = schema["paths"]["/api/v1/cases"]["get"]["responses"]
    assert listing["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorPublic")
    session = schema["paths"]["/api/v1/session"]["get"]["responses"]["200"]["content"]["application/json"]
    assert session["schema"]["$ref"].endswith("/SessionPublic")
