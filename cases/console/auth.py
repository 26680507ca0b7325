"""Console sign-in: single-use signed links, then a server-side session behind an HttpOnly cookie.

A link token is 32 random bytes plus an HMAC of them under the console secret: a forged token is
refused before the tokens are looked up. Only the token's SHA-256 is stored; redeeming it is one
conditional UPDATE (unused and unexpired), so of two simultaneous uses only one can succeed.
Sessions work the same way: the cookie carries a random id, the database its hash. A session
ends at logout, after `session_ttl` (8 h), or after `session_idle` (30 min) without a request:
`expires_at` holds the earlier of the two and slides forward as it is used.

A sign-in posted from another site (its Origin is not the console's) is refused before the token
is even looked at. Refused sign-ins and CSRF refusals are audited, in bounded numbers
(`cases.services.refusals`), and the refused person is told nothing more than before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from cases import audit
from cases.config import ConsoleConfig
from cases.errors import LoginRejected
from cases.models import ConsoleSession, LoginToken, Person, utcnow
from cases.services.people import get_person
from cases.services.refusals import Refusal, record_refusal

SESSION_COOKIE = "ses_console"
# How far an idle deadline must move before it is written: one write a minute per session at most.
_SLIDE_STEP = timedelta(minutes=1)


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


def origin_allowed(origin: str | None, config: ConsoleConfig, fetch_site: str | None = None) -> bool:
    """A form posted from the console itself, by the request's Origin and Sec-Fetch-Site headers.

    Browsers send an Origin with every POST: the console's, or "null" when the page's referrer
    policy is no-referrer (the console's is) — then Sec-Fetch-Site, which no page can set, must
    say "same-origin". Another site's page gets "cross-site" (or "same-site" on a sibling host)
    and its own Origin, or "null". No header at all is no browser (scripts, `curl`): allowed.
    """
    if fetch_site is not None and fetch_site.strip().lower() not in ("same-origin", "none"):
        return False
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin == "null":
        return fetch_site is not None and fetch_site.strip().lower() == "same-origin"
    return origin == config.origin


def _rejected(session: Session, reason: str, *, user_id: str | None, now: datetime) -> LoginRejected:
    record_refusal(session, Refusal("console.login_refused", reason, user_id, now))
    return LoginRejected(reason)


def redeem_login_token(
    session: Session,
    *,
    token: str,
    config: ConsoleConfig,
    origin: str | None = None,
    fetch_site: str | None = None,
    now: datetime | None = None,
) -> Person:
    """The person the token signs in, once, from a form of the console (`origin`, `fetch_site`: the
    request's Origin and Sec-Fetch-Site headers). LoginRejected('origin' | 'invalid' | 'used' |
    'expired') otherwise, audited."""
    now = now or utcnow()
    if not origin_allowed(origin, config, fetch_site):
        raise _rejected(session, "origin", user_id=None, now=now)
    nonce, _, signature = (token or "").partition(".")
    if not nonce or not signature or len(token) > 200:
        raise _rejected(session, "invalid", user_id=None, now=now)
    if not hmac.compare_digest(signature, _signature(config.secret, nonce)):
        raise _rejected(session, "invalid", user_id=None, now=now)
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
            raise _rejected(session, "invalid", user_id=None, now=now)
        reason = "used" if stored.used_at is not None else "expired"
        raise _rejected(session, reason, user_id=stored.user_id, now=now)
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
        expires_at=now + min(config.session_ttl, config.session_idle),
    )
    session.add(record)
    session.flush()
    audit.append(session, action="console.login", actor_id=person.user_id, target=person.user_id, now=now)
    return SignedIn(cookie_value, record)


def resolve_session(
    session: Session, *, cookie_value: str | None, config: ConsoleConfig, now: datetime | None = None
) -> ConsoleSession | None:
    """The live session behind a cookie, or None (missing, unknown, ended, expired or idle too long).

    Using it moves its idle deadline on, never past `created_at + session_ttl`.
    """
    now = now or utcnow()
    if not cookie_value or len(cookie_value) > 100:
        return None
    record = session.get(ConsoleSession, _sha256(cookie_value))
    if record is None or record.ended_at is not None or record.expires_at <= now:
        return None
    deadline = min(record.created_at + config.session_ttl, now + config.session_idle)
    if deadline - record.expires_at >= _SLIDE_STEP:
        record.expires_at = deadline
        session.flush()
    return record


def end_session(session: Session, *, record: ConsoleSession, now: datetime | None = None) -> None:
    now = now or utcnow()
    record.ended_at = now
    session.flush()
    audit.append(session, action="console.logout", actor_id=record.user_id, target=record.user_id, now=now)


def csrf_ok(
    session: Session, record: ConsoleSession, submitted: str | None, *, now: datetime | None = None
) -> bool:
    """Whether `submitted` is the session's CSRF token; a refusal is audited (bounded)."""
    if submitted and hmac.compare_digest(record.csrf_token, submitted):
        return True
    record_refusal(session, Refusal("console.csrf_refused", "csrf", record.user_id, now or utcnow()))
    return False
