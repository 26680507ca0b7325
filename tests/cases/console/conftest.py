"""The console mounted on a bare FastAPI app, with a clock the tests move."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig
from cases.console import build_console
from cases.console.auth import issue_login_link
from cases.db import session_scope

SECRET = b"k" * 32


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 4, 14, 13, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def console_config() -> ConsoleConfig:
    return ConsoleConfig(public_url="http://127.0.0.1:8000", secret=SECRET)


@pytest.fixture
def app(factory: sessionmaker[Session], console_config: ConsoleConfig, clock: FakeClock) -> FastAPI:
    app = FastAPI()
    for router in build_console(factory, console_config, clock=clock):
        app.include_router(router)
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


@dataclass
class Browser:
    """A signed-in TestClient and what the pages gave it."""

    client: TestClient
    user_id: str
    csrf: str

    def post(self, path: str, data: dict[str, object] | None = None) -> Any:
        return self.client.post(path, data={"csrf_token": self.csrf, **(data or {})}, follow_redirects=False)


SignIn = Callable[[str], Browser]


def link_for(factory: sessionmaker[Session], config: ConsoleConfig, user_id: str, clock: FakeClock) -> str:
    with session_scope(factory) as session:
        return issue_login_link(session, user_id=user_id, config=config, now=clock())


def token_of(link: str) -> str:
    match = re.search(r"token=([^&]+)", link)
    assert match
    from urllib.parse import unquote

    return unquote(match.group(1))


def csrf_in(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.fixture
def sign_in(
    client: TestClient, factory: sessionmaker[Session], console_config: ConsoleConfig, clock: FakeClock
) -> SignIn:
    def do(user_id: str) -> Browser:
        client.cookies.clear()
        token = token_of(link_for(factory, console_config, user_id, clock))
        response = client.post("/console/login", data={"token": token}, follow_redirects=True)
        assert response.status_code == 200, response.text
        return Browser(client, user_id, csrf_in(response.text))

    return do
