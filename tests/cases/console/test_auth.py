"""Login links and sessions, at the service level."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cases.config import ConsoleConfig
from cases.console import auth
from cases.errors import LoginRejected, NotFound
from cases.models import LoginToken
from tests.cases import factories
from tests.cases.console.conftest import SECRET, token_of

CONFIG = ConsoleConfig(public_url="https://ses.example.org", secret=SECRET)


def test_a_link_points_at_the_public_console_and_only_its_hash_is_stored(session: Session) -> None:
    person = factories.advisor(session)
    link = auth.issue_login_link(session, user_id=person.user_id, config=CONFIG)
    assert link.startswith("https://ses.example.org/console/login?token=")
    token = token_of(link)
    stored = session.scalars(select(LoginToken)).one()
    assert stored.token_hash != token and token not in stored.token_hash
    assert stored.expires_at - stored.created_at == timedelta(minutes=10)


def test_a_link_signs_in_once(session: Session) -> None:
    person = factories.advisor(session)
    token = token_of(auth.issue_login_link(session, user_id=person.user_id, config=CONFIG))
    assert auth.redeem_login_token(session, token=token, config=CONFIG).user_id == person.user_id
    with pytest.raises(LoginRejected) as caught:
        auth.redeem_login_token(session, token=token, config=CONFIG)
    assert caught.value.reason == "used"


def test_a_link_expires_after_ten_minutes(session: Session) -> None:
    person = factories.advisor(session)
    link = auth.issue_login_link(session, user_id=person.user_id, config=CONFIG)
    issued = session.scalars(select(LoginToken)).one().created_at
    with pytest.raises(LoginRejected) as caught:
        auth.redeem_login_token(
            session, token=token_of(link), config=CONFIG, now=issued + timedelta(minutes=10)
        )
    assert caught.value.reason == "expired"


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature altered
        lambda token: "A" + token[1:] if token[0] != "A" else "B" + token[1:],  # nonce altered
        lambda token: token.split(".")[0],  # no signature
        lambda token: "",
        lambda token: "x" * 500,
    ],
)
def test_forged_tokens_are_refused_as_invalid(session: Session, forge: Callable[[str], str]) -> None:
    person = factories.advisor(session)
    token = token_of(auth.issue_login_link(session, user_id=person.user_id, config=CONFIG))
    with pytest.raises(LoginRejected) as caught:
        auth.redeem_login_token(session, token=forge(token), config=CONFIG)
    assert caught.value.reason == "invalid"


def test_a_token_signed_with_another_key_is_refused(session: Session) -> None:
    person = factories.advisor(session)
    other = ConsoleConfig(public_url="https://ses.example.org", secret=b"z" * 32)
    token = token_of(auth.issue_login_link(session, user_id=person.user_id, config=other))
    with pytest.raises(LoginRejected) as caught:
        auth.redeem_login_token(session, token=token, config=CONFIG)
    assert caught.value.reason == "invalid"


def test_no_link_for_an_unknown_user(session: Session) -> None:
    with pytest.raises(NotFound):
        auth.issue_login_link(session, user_id="UNOBODY1", config=CONFIG)


def test_sessions_end_at_logout_and_expire(session: Session) -> None:
    person = factories.advisor(session)
    signed = auth.start_session(session, person=person, config=CONFIG)
    assert auth.resolve_session(session, cookie_value=signed.cookie_value, config=CONFIG) is not None
    later = signed.record.expires_at
    assert auth.resolve_session(session, cookie_value=signed.cookie_value, config=CONFIG, now=later) is None
    auth.end_session(session, record=signed.record)
    assert auth.resolve_session(session, cookie_value=signed.cookie_value, config=CONFIG) is None
    assert auth.resolve_session(session, cookie_value="made-up", config=CONFIG) is None


def test_short_secrets_and_odd_urls_are_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        ConsoleConfig(public_url="https://x.org", secret=b"short")
    with pytest.raises(ValueError, match="http"):
        ConsoleConfig(public_url="javascript:alert(1)", secret=SECRET)


def test_cookies_are_secure_except_on_plain_http_localhost() -> None:
    assert ConsoleConfig(public_url="https://ses.example.org", secret=SECRET).secure_cookies
    assert ConsoleConfig(public_url="http://ses.example.org", secret=SECRET).secure_cookies
    assert not ConsoleConfig(public_url="http://127.0.0.1:8000", secret=SECRET).secure_cookies
    assert not ConsoleConfig(public_url="http://localhost:8000", secret=SECRET).secure_cookies


def test_a_link_used_twice_at_the_same_moment_signs_in_once(factory: sessionmaker[Session]) -> None:
    import threading

    from cases.db import session_scope

    with session_scope(factory) as session:
        user_id = factories.advisor(session).user_id
        token = token_of(auth.issue_login_link(session, user_id=user_id, config=CONFIG))
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def redeem() -> None:
        barrier.wait()
        try:
            with session_scope(factory) as session:
                auth.redeem_login_token(session, token=token, config=CONFIG)
            outcomes.append("in")
        except LoginRejected as exc:
            outcomes.append(exc.reason)

    threads = [threading.Thread(target=redeem) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["in", "used", "used", "used"]
