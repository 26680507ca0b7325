"""Confidential cases in the console and the API: reading, replying, erasing, keys missing, revocation."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig
from cases.console import build_console
from cases.db import make_session_factory, session_scope
from cases.services import lifecycle, people
from cases.services.confidential import open_confidential_request
from cases.services.intake import NewCase
from cases.services.lifecycle import Act
from cases.services.replies import ReplyNotice
from cases.vault import Vault
from tests.cases import factories
from tests.cases.console.conftest import FakeClock, SignIn, csrf_in, link_for, token_of

SECRET = "Mon beau-frère comparaît devant moi"


@pytest.fixture
def cast(factory: sessionmaker[Session], clock: FakeClock) -> dict[str, str]:
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01", name="Rita", locale="en")
        carla = factories.person(session, "UCARLA1", roles=["confidential_advisor"], name="Carla")
        alice = factories.advisor(session, "UALICE1", name="Alice")
        receipt = open_confidential_request(
            session, NewCase(requester_id=rita.user_id, subject="Récusation", body=SECRET), now=clock()
        )
        return {"rita": rita.user_id, "carla": carla.user_id, "alice": alice.user_id, "ref": receipt.ref}


def _same(a: Any, b: Any) -> bool:
    """Status, headers and bytes all equal (TestClient responses)."""
    return (a.status_code, a.headers.items(), a.content) == (b.status_code, b.headers.items(), b.content)


def test_the_queue_shows_no_confidential_subject_and_the_case_page_shows_it(
    sign_in: SignIn, cast: dict[str, str]
) -> None:
    carla = sign_in(cast["carla"])
    queue = carla.client.get("/console/")
    assert cast["ref"] in queue.text and "Récusation" not in queue.text
    assert "Demande confidentielle" in queue.text
    page = carla.client.get(f"/console/cases/{cast['ref']}")
    assert page.status_code == 200 and SECRET in page.text and "Récusation" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_losing_the_role_hides_the_case_at_the_next_request(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    carla = sign_in(cast["carla"])
    assert carla.client.get(f"/console/cases/{cast['ref']}").status_code == 200
    with session_scope(factory) as session:
        people.revoke_role(session, user_id=cast["carla"], role="confidential_advisor")
    hidden = carla.client.get(f"/console/cases/{cast['ref']}")
    unknown = carla.client.get("/console/cases/SES-C-00000-00000")
    assert hidden.status_code == 404 and _same(hidden, unknown)
    assert _same(carla.client.get(f"/api/v1/cases/{cast['ref']}"), carla.client.get("/api/v1/cases/SES-C-1"))


def test_a_reply_reaches_the_requester_through_on_reply_even_if_delivery_fails(
    factory: sessionmaker[Session],
    console_config: ConsoleConfig,
    clock: FakeClock,
    cast: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(notice: ReplyNotice) -> None:
        raise RuntimeError("Slack is down")

    app = FastAPI()
    for router in build_console(factory, console_config, clock=clock, on_reply=broken):
        app.include_router(router)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        token = token_of(link_for(factory, console_config, cast["carla"], clock))
        csrf = csrf_in(client.post("/console/login", data={"token": token}, follow_redirects=True).text)
        sent = client.post(
            f"/console/cases/{cast['ref']}/messages",
            data={"csrf_token": csrf, "body": "Vous devez vous récuser.", "visibility": "reply"},
            follow_redirects=False,
        )
    assert sent.status_code == 303  # saved; the failure is the bot's to retry, not the advisor's
    assert "reply delivery failed" in caplog.text and "récuser" not in caplog.text


def test_the_requester_erases_a_closed_request_after_confirming(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    ref = cast["ref"]
    rita = sign_in(cast["rita"])
    assert "Erase my request" not in rita.client.get(f"/console/cases/{ref}").text  # still open
    with session_scope(factory) as session:
        lifecycle.close_case(session, Act(ref=ref, actor_id=cast["carla"]))
    page = rita.client.get(f"/console/cases/{ref}")
    assert "Erase my request" in page.text
    unconfirmed = rita.post(f"/console/cases/{ref}/delete")
    assert (unconfirmed.status_code, unconfirmed.headers["location"]) == (303, f"/console/cases/{ref}")
    shown = rita.client.get(unconfirmed.headers["location"]).text
    assert "Tick the confirmation box to go on." in shown
    assert "Tick the confirmation box" not in rita.client.get(f"/console/cases/{ref}").text  # shown once
    erased = rita.post(f"/console/cases/{ref}/delete", {"confirm": "1"})
    assert erased.status_code == 303 and erased.headers["location"] == "/console/?done=erased"
    assert "Request erased." in rita.client.get("/console/?done=erased").text
    assert rita.client.get(f"/console/cases/{ref}").status_code == 404


def test_the_api_erases_with_delete_and_refuses_an_open_request(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    rita = sign_in(cast["rita"])
    headers = {"X-CSRF-Token": rita.client.get("/api/v1/session").json()["csrf_token"]}
    still_open = rita.client.delete(f"/api/v1/cases/{cast['ref']}", headers=headers)
    assert still_open.status_code == 409 and "must be closed" in still_open.json()["message"]
    with session_scope(factory) as session:
        lifecycle.close_case(session, Act(ref=cast["ref"], actor_id=cast["carla"]))
    assert rita.client.delete(f"/api/v1/cases/{cast['ref']}", headers=headers).status_code == 204
    assert rita.client.get(f"/api/v1/cases/{cast['ref']}").status_code == 404


def test_without_keys_advisors_get_a_clear_refusal_and_outsiders_still_nothing(
    engine: Engine, console_config: ConsoleConfig, clock: FakeClock, cast: dict[str, str]
) -> None:
    keyless = make_session_factory(engine, vault=Vault.disabled())
    app = FastAPI()
    for router in build_console(keyless, console_config, clock=clock):
        app.include_router(router)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:

        def sign(user_id: str) -> None:
            client.cookies.clear()
            token = token_of(link_for(keyless, console_config, user_id, clock))
            client.post("/console/login", data={"token": token}, follow_redirects=True)

        sign(cast["carla"])
        page = client.get(f"/console/cases/{cast['ref']}")
        assert page.status_code == 503 and "aucune clé de chiffrement" in page.text
        api = client.get(f"/api/v1/cases/{cast['ref']}")
        assert api.status_code == 503 and api.json()["error"] == "vault_unavailable"
        sign(cast["alice"])
        assert _same(client.get(f"/console/cases/{cast['ref']}"), client.get("/console/cases/SES-C-2"))
        sign(cast["rita"])
        csrf = client.get("/api/v1/session").json()["csrf_token"]
        created = client.post(
            "/api/v1/cases",
            json={"subject": "s", "body": "b", "confidential": True},
            headers={"X-CSRF-Token": csrf},
        )
        assert created.status_code == 503 and "no encryption key" in created.json()["message"]


def test_logs_of_a_console_session_carry_no_case_text(
    sign_in: SignIn, cast: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    carla = sign_in(cast["carla"])
    carla.client.get(f"/console/cases/{cast['ref']}")
    carla.post(f"/console/cases/{cast['ref']}/messages", {"body": "Note interne secrète"})
    assert SECRET not in caplog.text and "secrète" not in caplog.text
