"""SQLAlchemy 2 typed models: people and roles, cases and their timeline, audit log, bot logs, console auth.

Timestamps are timezone-aware UTC in Python on every backend (`UTCDateTime`). Slack ids are stored as
plain strings: the bot logs questions and feedback from users the tracker has never registered.

Confidential cases keep their text only in the `*_sealed` columns (AES-256-GCM under the case's own
data key, `cases.vault`); their plaintext columns stay empty ('' where NOT NULL, else NULL).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

USER_ID_LEN = 32


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite keeps naive UTC text, PostgreSQL timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


# --- people -------------------------------------------------------------------------------------


class Person(Base):
    __tablename__ = "people"

    user_id: Mapped[str] = mapped_column(String(USER_ID_LEN), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="fr")
    office_kind: Mapped[str | None] = mapped_column(String(32))
    # Adjudicative members' questions to the bot are kept in readable form only if they opt in.
    retain_questions: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin", order_by="PersonRole.role"
    )

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(r.role for r in self.roles)

    @property
    def label(self) -> str:
        return self.display_name or self.user_id


class PersonRole(Base):
    __tablename__ = "person_roles"

    user_id: Mapped[str] = mapped_column(ForeignKey("people.user_id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_by: Mapped[str | None] = mapped_column(String(USER_ID_LEN))

    person: Mapped[Person] = relationship(back_populates="roles")


# --- cases --------------------------------------------------------------------------------------


class CaseCounter(Base):
    """One row per year; incremented in the creating transaction so references have no gaps."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    requester_id: Mapped[str] = mapped_column(ForeignKey("people.user_id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(32), index=True)
    priority: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), index=True)
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("people.user_id"), index=True)
    due_at: Mapped[datetime]
    source_question: Mapped[str | None] = mapped_column(Text)
    source_answer: Mapped[str | None] = mapped_column(Text)
    source_citations: Mapped[list[Any] | None]
    question_log_id: Mapped[int | None] = mapped_column(ForeignKey("question_log.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_response_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Confidential cases only: subject, body and the bot exchange (JSON), sealed by `cases.vault`.
    subject_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    body_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    source_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    requester: Mapped[Person] = relationship(foreign_keys=[requester_id], lazy="joined")
    assignee: Mapped[Person | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan", lazy="select"
    )

    __mapper_args__ = {"version_id_col": version}


class CaseEvent(Base):
    """One timeline entry. `visible_to_requester` is decided once, when written, by the kind."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[str | None] = mapped_column(String(USER_ID_LEN))
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[str | None] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    assignee_id: Mapped[str | None] = mapped_column(String(USER_ID_LEN))
    visible_to_requester: Mapped[bool] = mapped_column(Boolean, default=False)
    body_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    case: Mapped[Case] = relationship(back_populates="events")


class CaseAttachment(Base):
    """A document's text filed with a case (what was extracted from it, not the file itself)."""

    __tablename__ = "case_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    added_by: Mapped[str | None] = mapped_column(String(USER_ID_LEN))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text)
    filename_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    text_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseKey(Base):
    """A confidential case's data key, wrapped (AES-256-GCM) by master key `key_version`.

    Deleting this row is the crypto-shredding of the case: its sealed columns can no longer be
    opened, even by someone holding every master key.
    """

    __tablename__ = "case_keys"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    key_version: Mapped[int] = mapped_column(Integer, index=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rewrapped_at: Mapped[datetime | None]


class CaseThread(Base):
    """A conversation place bound to a case (triage card, requester DM thread), for in-place updates."""

    __tablename__ = "case_threads"
    __table_args__ = (UniqueConstraint("channel", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(64))
    ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReplyDelivery(Base):
    """The outbox of replies to requesters: written with the reply, in its transaction, and kept
    until Slack has the message. `state` is pending (waiting for Slack: not configured, down, or
    between two attempts), sent or failed (given up); `last_error` is a code, never the text.
    `claimed_until` lets one process at a time try a row (the others skip it until it lapses)."""

    __tablename__ = "reply_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("case_events.id", ondelete="CASCADE"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))
    next_attempt_at: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


# --- audit --------------------------------------------------------------------------------------


class AuditEntry(Base):
    """Append-only, hash-chained. `id` is the chain position (1, 2, …), never autoincremented."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor_id: Mapped[str | None] = mapped_column(String(USER_ID_LEN))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# --- the bot's own records ----------------------------------------------------------------------


class ProcessedEvent(Base):
    """Slack event ids already handled: the primary key makes a retried delivery a no-op.

    `received_at` is when the id was last claimed; `answered_at` stays empty until the answer is
    out, so that a claim left behind by a process killed mid-answer can be taken over by Slack's retry.
    """

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)


class SlackInboxItem(Base):
    """A Slack request acked and not yet worked off: recorded before the ack, so a crash loses none.

    `key` is the event id of an Events API delivery, else a digest of the signed body (a replayed
    command or click is the same key, so it is worked once). `body` is sealed (`Vault.seal_transit`),
    never in the clear, and kept only until the item is done (`done_at`); `lease_until` is how long
    the process that took it (`owner`) may work it before another process takes it over (it died
    mid-work). On PostgreSQL the table is in the database; a SQLite deployment keeps it in a file of
    its own (`cases.db.inbox_url`), and the table of the main file stays empty.
    """

    __tablename__ = "slack_inbox"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    owner: Mapped[str] = mapped_column(String(64))
    lease_until: Mapped[datetime] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(default=None, index=True)


class RateCounter(Base):
    """Hits of one key (e.g. "ask:U123") in one fixed window: per-user limits shared by every process."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # epoch seconds
    hits: Mapped[int] = mapped_column(Integer)


class QuestionLog(Base):
    __tablename__ = "question_log"
    __table_args__ = (Index("ix_question_log_channel_thread", "channel", "thread_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(USER_ID_LEN), index=True)
    channel: Mapped[str] = mapped_column(String(64))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[Any]]
    abstained: Mapped[bool] = mapped_column(Boolean, default=False)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    # True when the question and answer were not kept ('' and []): see `policy.retains_questions`.
    redacted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(USER_ID_LEN), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[Any]]
    helpful: Mapped[bool] = mapped_column(Boolean)
    lang: Mapped[str] = mapped_column(String(8))
    redacted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# --- console authentication ---------------------------------------------------------------------


class LoginToken(Base):
    """A single-use login link; only the SHA-256 of the token is stored."""

    __tablename__ = "login_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("people.user_id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A signed-in browser; the cookie holds a random id of which only the SHA-256 is stored."""

    __tablename__ = "console_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("people.user_id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class ConsoleFlash(Base):
    """What a refused form leaves for the page it redirects to (Post/Redirect/Get): the message and
    the text typed, read once. For a confidential case the text is sealed like the case's own."""

    __tablename__ = "console_flashes"

    session_hash: Mapped[str] = mapped_column(
        ForeignKey("console_sessions.id_hash", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    draft: Mapped[dict[str, Any] | None]
    draft_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
