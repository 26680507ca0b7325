"""The HTTP server under generated requests: the OpenAPI-described API (schemathesis) and `/slack/events`
with signed payloads of any shape (Hypothesis).

The server is the real one (`create_server`) on a real index and a migrated SQLite database, with
Slack pointed at the local fake. The API is exercised signed in — as an advisor with a real console
session, so the authorised paths run — and signed out. Properties: never a 5xx, every response
conforms to the schema the server publishes; Slack requests get 200 or a 4xx, and no listener
crash is logged.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from bench import fake_slack as fs
from bot.http.server import create_server
from bot.runtime import Runtime
from bot.runtime.console import console_config
from cases import migrate
from cases.db import session_scope
from cases.services import intake, people
from cases.services.intake import NewCase
from knowledge import Advisor
from tests.hardening.conftest import ApiUser, sign_in_api, slack_settings

ADVISOR = "UADVHARD1"
REQUESTER = "UREQHARD1"


@pytest.fixture
def server(tmp_path: Path, fake_slack: fs.FakeSlack, advisor: Advisor) -> Iterator[tuple[FastAPI, ApiUser]]:
    url = f"sqlite:///{tmp_path / 'ses.db'}"
    migrate.upgrade(url)
    keys = f"1:{base64.b64encode(os.urandom(32)).decode()}"  # confidential requests work, as in production
    settings = slack_settings(tmp_path / "data", url, fake_slack, master_keys=keys)
    runtime = Runtime(settings, advisor=advisor, retry_delays=(0.1,))
    app = create_server(settings, runtime)
    factory = runtime.db.factory
    with session_scope(factory) as session:
        people.ensure_person(session, user_id=ADVISOR, display_name="Ada Advisor", locale="en")
        people.grant_role(session, user_id=ADVISOR, role="advisor")
        people.ensure_person(session, user_id=REQUESTER, display_name="Rita Requester", locale="fr")
        for n in range(3):
            intake.open_case(
                session,
                NewCase(
                    requester_id=REQUESTER,
                    subject=f"Invitation {n}",
                    body="Puis-je accepter une invitation d'un fournisseur ?",
                    category="gifts_hospitality",
                ),
            )
    user = sign_in_api(factory, console_config(settings), ADVISOR)
    yield app, user
    runtime.close()


def _operations(app: FastAPI) -> list[Any]:
    # /slack/events has its own properties below: its body is a signed byte string, not a schema.
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/slack/events")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8, [op.label for op in operations]
    return operations


CHECKS = [not_a_server_error, response_schema_conformance]


def _fuzz(app: FastAPI, user: ApiUser | None, examples: int) -> dict[str, set[int]]:
    """Every operation, valid and invalid requests; the statuses seen per operation."""
    seen: dict[str, set[int]] = {}
    kwargs: dict[str, Any] = {"cookies": user.cookies, "headers": user.headers} if user else {}
    for operation in _operations(app):
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @settings(max_examples=examples)
        @given(case=strategy)
        def run(case: Any) -> None:
            response = case.call_and_validate(checks=CHECKS, **kwargs)
            seen.setdefault(case.operation.label, set()).add(response.status_code)

        run()
    return seen


def test_the_api_signed_in_as_an_advisor_never_fails_and_keeps_its_schema(
    server: tuple[FastAPI, ApiUser],
) -> None:
    app, user = server
    seen = _fuzz(app, user, examples=15)
    # signed in, the authorised paths really ran: lists, sessions and answers came back 2xx
    assert 200 in seen["GET /api/v1/cases"] and 200 in seen["GET /api/v1/session"], seen
    assert 200 in seen["POST /api/v1/ask"], seen


def test_the_api_signed_out_never_fails_and_keeps_its_schema(server: tuple[FastAPI, ApiUser]) -> None:
    app, _ = server
    seen = _fuzz(app, None, examples=6)
    assert seen["GET /api/v1/cases"] <= {401, 422}, seen


# --- /slack/events ---------------------------------------------------------------------------------

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    _text,
    st.sampled_from(["app_mention", "message", "im", "block_actions", "view_submission", "U1", "C1", "1.1"]),
)
_json = st.recursive(
    _leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_text, inner, max_size=3)),
    max_leaves=10,
)
_event = st.one_of(
    _json,
    st.dictionaries(
        st.sampled_from(
            [
                "type",
                "user",
                "channel",
                "channel_type",
                "text",
                "ts",
                "thread_ts",
                "subtype",
                "tab",
                "files",
                "bot_id",
            ]
        ),
        _json,
    ),
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["app_mention", "message", "app_home_opened", "reaction_added"]),
            "user": st.one_of(st.just("UFUZZ001"), _json),
            "channel": st.one_of(st.just("DFUZZ001"), _json),
            "ts": st.one_of(st.just("1700000000.000100"), _json),
            "text": st.one_of(_text, _json),
        },
        optional={"channel_type": st.sampled_from(["im", "channel"]), "subtype": _json, "thread_ts": _json},
    ),
)
_event_body = st.fixed_dictionaries(
    {"type": st.just("event_callback"), "event": _event},
    optional={"event_id": _json, "team_id": _json, "api_app_id": _json, "authorizations": _json},
)
_payload = st.one_of(
    _json,
    st.fixed_dictionaries(
        {"type": st.sampled_from(["block_actions", "view_submission", "shortcut", "message_action"])},
        optional={
            "user": _json,
            "actions": _json,
            "view": _json,
            "team": _json,
            "container": _json,
            "channel": _json,
            "response_url": _json,
            "trigger_id": _json,
            "message": _json,
        },
    ),
)
_command = st.dictionaries(
    st.sampled_from(["command", "text", "user_id", "channel_id", "team_id", "response_url", "trigger_id"]),
    st.one_of(_text, st.sampled_from(["/ses", "dossier", "console", "confidentiel", "aide", "help"])),
)


def _slack_request(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(["event", "payload", "command", "raw"]))
    if kind == "event":
        return json.dumps(draw(_event_body)), "application/json"
    if kind == "payload":
        return urlencode({"payload": json.dumps(draw(_payload))}), "application/x-www-form-urlencoded"
    if kind == "command":
        form = draw(_command)
        if draw(st.booleans()):
            form = {"command": "/ses", "user_id": "UFUZZ001", "channel_id": "CFUZZ001", **form}
        return urlencode(form), "application/x-www-form-urlencoded"
    content_type = draw(
        st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain"])
    )
    return json.dumps(draw(_json)), content_type


slack_requests = st.composite(_slack_request)()


def test_signed_slack_requests_of_any_shape_get_200_or_4xx_and_crash_no_listener(
    server: tuple[FastAPI, ApiUser], fake_slack: fs.FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    app, _ = server
    statuses: list[int] = []
    with TestClient(app) as client, caplog.at_level(logging.WARNING):

        @settings(max_examples=120)
        @given(request=slack_requests)
        def deliver(request: tuple[str, str]) -> None:
            body, content_type = request
            headers = {"Content-Type": content_type, **fs.sign(body)}
            response = client.post("/slack/events", content=body.encode("utf-8"), headers=headers)
            assert response.status_code < 500, (response.status_code, body, response.text)
            statuses.append(response.status_code)

        deliver()
        runtime: Runtime = app.state.runtime
        assert runtime.inbox.wait_idle(30), "every signed request reported handled"
    assert statuses and 200 in statuses
    crashes = [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR or "Traceback" in r.getMessage() or r.exc_info is not None
    ]
    assert not crashes, "\n".join(f"{r.name}: {r.getMessage()}" for r in crashes[:5])
