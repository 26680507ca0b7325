"""Hardening tests (issue 8): fuzzing, load and fault injection, bounded in time, loopback only.

Every test here carries the `hardening` marker (`-m hardening` runs them alone, `-m "not hardening"`
leaves them out); they run in the default `make test`. Hypothesis runs a fixed number of examples
with no example database, so a run is bounded and does not leave `.hypothesis/` behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.orm import Session, sessionmaker

from bench import fake_slack as fs
from bot.settings import Settings
from cases.config import ConsoleConfig
from cases.console import auth
from cases.db import session_scope
from tests.cases.conftest import PostgresRun, postgres_or_skip

settings.register_profile(
    "hardening",
    max_examples=60,
    deadline=None,  # the first call pays for lingua's models; the bound is max_examples
    database=None,
    derandomize=bool(os.environ.get("CI")),  # CI replays the same examples; developers explore new ones
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("hardening")

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.hardening)


# --- shared fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def hardening_postgres() -> Iterator[PostgresRun]:
    """This run's own throw-away PostgreSQL database (beside the one tests/cases makes)."""
    run = postgres_or_skip(name=f"ses_hard_{uuid.uuid4().hex[:12]}")
    yield run
    run.close()


@pytest.fixture
def pg_url(hardening_postgres: PostgresRun) -> str:
    """A migrated PostgreSQL schema of this test's own."""
    from cases import migrate

    url = hardening_postgres.new_schema("hard")
    migrate.upgrade(url)
    return url


@pytest.fixture
def data_dir(tmp_path: Path, small_index: Path) -> Path:
    """A data directory whose live index is the small test index (for `ses serve` processes)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "index").symlink_to(small_index, target_is_directory=True)
    return data


def slack_settings(data_dir: Path, database_url: str, fake: fs.FakeSlack, **extra: object) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        slack_bot_token=fs.BOT_TOKEN,
        slack_signing_secret=fs.SIGNING_SECRET,
        slack_api_url=fake.api_url,
        slack_channel_interval=0,
        **extra,
    )


@dataclass(frozen=True)
class ApiUser:
    """A real console session: the cookie and CSRF header a signed-in person's requests carry."""

    user_id: str
    cookies: dict[str, str]
    headers: dict[str, str]

    @property
    def all_headers(self) -> dict[str, str]:
        """The CSRF header and the cookie as a header (per-request cookies are deprecated in httpx)."""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**self.headers, "Cookie": cookie}


def sign_in_api(factory: sessionmaker[Session], config: ConsoleConfig, user_id: str) -> ApiUser:
    from cases.services import people

    with session_scope(factory) as session:
        person = people.get_person(session, user_id=user_id)
        signed = auth.start_session(session, person=person, config=config)
    return ApiUser(
        user_id,
        {auth.SESSION_COOKIE: signed.cookie_value},
        {"X-CSRF-Token": signed.record.csrf_token},
    )
