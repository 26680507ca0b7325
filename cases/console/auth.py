"""Console sign-in: single-use signed links, then a server-side session behind an HttpOnly cookie.

A link token is 32 random bytes plus an HMAC of them under the console secret: a forged token is
refused before any database lookup. Only the token's SHA-256 is stored; redeeming it is one
conditional UPDATE (unused and unexpired), so of two simultaneous uses only one can succeed.
Sessions work the same way: the cookie carries a random id, the database its hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from cases import audit
from cases.config import ConsoleConfig
from cases.errors import LoginRejected
from cases.models import ConsoleSession, LoginToken, Person, utcnow
from cases.services.people import get_person

SESSION_COOKIE = "ses_console"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _signature(secret: bytes, nonce: str) -> str:
    return _b64(hmac.new(secret, f"login:{nonce}".encode(), hashlib.sha256).digest())


def issue_login_link(
    session: Session, *, user_id: str, config: ConsoleConfig, now: datetime | None = None
) -> str:
    """A URL that signs `user_id` in once within `config.link_ttl`. NotFound if the user is unknown."""
    now = now or utcnow()
    person = get_person(session, user_id=user_id)
    nonce = _b64(secrets.token_bytes(32))
    token = f"{nonce}.{_signature(config.secret, nonce)}"
    session.add(
        LoginToken(
            token_hash=_sha256(token),
            user_id=person.user_id,
            created_at=now,
            expires_at=now + config.link_ttl,
        )
    )
    session.flush()
    audit.append(session, action="console.link_issued", actor_id=None, target=person.user_id, now=now)
    return f"{config.base_url}/login?{urlencode({'token': token})}"


def redeem_login_token(
    session: Session, *, token: str, config: ConsoleConfig, now: datetime | None = None
) -> Person:
    """The person the token signs in, once. LoginRejected('invalid' | 'used' | 'expired') otherwise."""
    now = now or utcnow()
    nonce, _, signature = (token or "").partition(".")
    if not nonce or not signature or len(token) > 200:
        raise LoginRejected("invalid")
    if not hmac.compare_digest(signature, _signature(config.secret, nonce)):
        raise LoginRejected("invalid")
    token_hash = _sha256(token)
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(LoginToken)
        .where(LoginToken.token_hash == token_hash, LoginToken.used_at.is_(None), LoginToken.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        stored = session.get(LoginToken, token_hash, populate_existing=True)
        if stored is None:
            raise LoginRejected("invalid")
        raise LoginRejected("used" if stored.used_at is not None else "expired")
    stored = session.get(LoginToken, token_hash, populate_existing=True)
    assert stored is not None
    return get_person(session, user_id=stored.user_id)


@dataclass(frozen=True)
class SignedIn:
    cookie_value: str
    record: ConsoleSession


def start_session(
    session: Session, *, person: Person, config: ConsoleConfig, now: datetime | None = None
) -> SignedIn:
    now = now or utcnow()
    cookie_value = _b64(secrets.token_bytes(32))
    record = ConsoleSession(
        id_hash=_sha256(cookie_value),
        user_id=person.user_id,
        csrf_token=_b64(secrets.token_bytes(24)),
        locale=None,
        created_at=now,
        expires_at=now + config.session_ttl,
    )
    session.add(record)
    session.flush()
    audit.append(session, action="console.login", actor_id=person.user_id, target=person.user_id, now=now)
    return SignedIn(cookie_value, record)


def resolve_session(
    session: Session, *, cookie_value: str | None, now: datetime | None = None
) -> ConsoleSession | None:
    """The live session behind a cookie, or None (missing, unknown, ended or expired)."""
    if not cookie_value or len(cookie_value) > 100:
        return None
    record = session.get(ConsoleSession, _sha256(cookie_value))
    if record is None or record.ended_at is not None or record.expires_at <= (now or utcnow()):
        return None
    return record


def end_session(session: Session, *, record: ConsoleSession, now: datetime | None = None) -> None:
    now = now or utcnow()
    record.ended_at = now
    session.flush()
    audit.append(session, action="console.logout", actor_id=record.user_id, target=record.user_id, now=now)


def csrf_ok(record: ConsoleSession, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(record.csrf_token, submitted or "")
