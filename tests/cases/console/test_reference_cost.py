"""A case one may not see and a reference never issued cost the same: the same SQL statements, the
same commits, the same bytes back — compared statement by statement, not by the clock. And one
answer for an assignee who does not exist and one who is not an advisor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from cases import audit
from cases.db import session_scope
from cases.services.confidential import open_confidential_request
from cases.services.intake import NewCase
from tests.cases import factories
from tests.cases.console.conftest import Browser, SignIn

NEVER_ISSUED = {"confidential": "SES-C-0000Z-0000Z", "ordinary": "SES-2026-9999"}


class Work:
    """Every statement the engine runs (SQL text, number of parameters), commits and rollbacks."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.done: list[tuple[str, int]] = []

    def _statement(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        self.done.append((statement, len(parameters or ())))

    def _commit(self, _conn: Any) -> None:
        self.done.append(("COMMIT", 0))

    def _rollback(self, _conn: Any) -> None:
        self.done.append(("ROLLBACK", 0))

    def __enter__(self) -> Work:
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "rollback", self._rollback)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)


@pytest.fixture
def hidden(factory: sessionmaker[Session]) -> dict[str, str]:
    """A confidential and an ordinary case; Alice (advisor) may not see the first, Oscar neither."""
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01", name="Rita")
        factories.advisor(session, "UALICE1", name="Alice")
        factories.person(session, "UOSCAR1", name="Oscar")
        factories.person(session, "UCARLA1", roles=["confidential_advisor"], name="Carla")
        confidential = open_confidential_request(
            session, NewCase(requester_id=rita.user_id, subject="s", body="b")
        )
        ordinary = factories.case(session, requester=rita)
        return {"confidential": confidential.ref, "ordinary": ordinary.ref}


Request = Callable[[Browser, str], Any]
REQUESTS: dict[str, Request] = {
    "page": lambda b, ref: b.client.get(f"/console/cases/{ref}"),
    "form": lambda b, ref: b.post(f"/console/cases/{ref}/claim"),
    "api_read": lambda b, ref: b.client.get(f"/api/v1/cases/{ref}"),
    "api_claim": lambda b, ref: b.client.post(
        f"/api/v1/cases/{ref}/claim", json={}, headers={"X-CSRF-Token": b.csrf}
    ),
    "api_note": lambda b, ref: b.client.post(
        f"/api/v1/cases/{ref}/messages", json={"body": "x"}, headers={"X-CSRF-Token": b.csrf}
    ),
}


def _measure(
    engine: Engine, browser: Browser, request: Request, ref: str
) -> tuple[list[tuple[str, int]], Any]:
    with Work(engine) as work:
        response = request(browser, ref)
    return work.done, response


def _recorded_since(factory: sessionmaker[Session], last: int) -> list[tuple[str, str | None, str | None]]:
    with session_scope(factory) as session:
        entries = [e for e in audit.entries(session, limit=20) if e.id > last]
    return [(e.action, e.actor_id, e.target) for e in reversed(entries)]


def _last_id(factory: sessionmaker[Session]) -> int:
    with session_scope(factory) as session:
        return audit.current_head(session).count


@pytest.mark.parametrize("name", list(REQUESTS))
@pytest.mark.parametrize(("kind", "outsider"), [("confidential", "UALICE1"), ("ordinary", "UOSCAR1")])
def test_a_hidden_case_and_an_unknown_reference_do_the_same_work(
    engine: Engine,
    sign_in: SignIn,
    factory: sessionmaker[Session],
    hidden: dict[str, str],
    name: str,
    kind: str,
    outsider: str,
) -> None:
    browser = sign_in(outsider)
    request = REQUESTS[name]
    request(browser, NEVER_ISSUED[kind])  # warm up: first-use statements (caches, pool) out of the way
    before = _last_id(factory)
    forbidden_work, forbidden = _measure(engine, browser, request, hidden[kind])
    middle = _last_id(factory)
    unknown_work, unknown = _measure(engine, browser, request, NEVER_ISSUED[kind])
    assert forbidden_work == unknown_work
    assert any(statement.startswith("INSERT INTO audit_log") for statement, _ in forbidden_work)
    assert (forbidden.status_code, forbidden.content) == (unknown.status_code, unknown.content)
    assert forbidden.status_code == 404
    # both attempts are on record, each as what it was
    denied = _recorded_since(factory, before)[: middle - before]
    missing = _recorded_since(factory, middle)
    assert denied and set(denied) == {("case.access_denied", outsider, hidden[kind])}
    assert len(missing) == len(denied) and set(missing) == {("case.not_found", outsider, NEVER_ISSUED[kind])}


def test_an_unknown_assignee_and_a_non_advisor_get_the_same_answer(
    sign_in: SignIn, hidden: dict[str, str], engine: Engine
) -> None:
    carla = sign_in("UCARLA1")
    headers = {"X-CSRF-Token": carla.csrf}
    ref = hidden["confidential"]
    answers = []
    for assignee in ("UNOBODY1", "UALICE1", "UOSCAR1"):  # no such id, an ordinary advisor, nobody staff
        with Work(engine) as work:
            response = carla.client.post(
                f"/api/v1/cases/{ref}/assign", json={"assignee_id": assignee}, headers=headers
            )
        answers.append((response.status_code, response.json(), [s for s, _ in work.done]))
    assert answers[0][0] == 422 and answers[0][1]["error"] == "invalid_input"
    assert "UNOBODY1" not in str(answers[0][1])
    assert answers[0] == answers[1] == answers[2]
