"""Typed configuration handed to `cases` by the edges (CLI, server); `cases` never reads the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from cases.calendar import BusinessCalendar
from cases.enums import Category, Priority

DEFAULT_SLA_DAYS: dict[Category, int] = {
    Category.CONFLICT_OF_INTEREST: 5,
    Category.GIFTS_HOSPITALITY: 3,
    Category.OUTSIDE_ACTIVITIES: 10,
    Category.POST_EMPLOYMENT: 10,
    Category.POLITICAL_ACTIVITY: 5,
    Category.LOBBYING: 5,
    Category.WRONGDOING_DISCLOSURE: 2,
    Category.GOVERNANCE_BOARD: 10,
    Category.OTHER: 10,
}


@dataclass(frozen=True)
class DatabaseConfig:
    url: str


@dataclass(frozen=True)
class VaultConfig:
    """Where the master keys come from: `master_keys` (SES_MASTER_KEYS) wins over the key file.

    `master_keys` is the keyring itself (JSON, or `version:base64key` pairs separated by commas);
    it is kept out of `repr` so that a logged config never shows it. `audit_anchor` is the file
    where the audit log's head, signed with a key derived from the keyring, is kept (`cases.anchor`);
    None: no anchoring.
    """

    keyring_path: Path
    master_keys: str | None = field(default=None, repr=False)
    audit_anchor: Path | None = None


DEFAULT_CONFIDENTIAL_RETENTION_DAYS = 730


@dataclass(frozen=True)
class SlaPolicy:
    """Business days allowed per category (`calendar` says which days count); urgent and high
    priority shorten them, never lengthen: urgent one day, high half the days (rounded up)."""

    days: dict[Category, int] = field(default_factory=lambda: dict(DEFAULT_SLA_DAYS))
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)

    def business_days(self, category: Category, priority: Priority) -> int:
        base = self.days.get(category, DEFAULT_SLA_DAYS[category])
        if priority is Priority.URGENT:
            return min(base, 1)
        if priority is Priority.HIGH:
            return min(base, max(1, (base + 1) // 2))
        return base

    def due(self, category: Category, priority: Priority, opened_at: datetime) -> datetime:
        return self.calendar.add_business_days(opened_at, self.business_days(category, priority))


@dataclass(frozen=True)
class ConsoleConfig:
    """The web console: where links point, the key that signs them, and how long things live."""

    public_url: str
    secret: bytes
    link_ttl: timedelta = timedelta(minutes=10)
    session_ttl: timedelta = timedelta(hours=8)
    # A session unused this long is over, whatever is left of `session_ttl`.
    session_idle: timedelta = timedelta(minutes=30)
    default_locale: str = "fr"
    mount_path: str = "/console"

    def __post_init__(self) -> None:
        if len(self.secret) < 32:
            raise ValueError("console secret must be at least 32 bytes")
        if urlsplit(self.public_url).scheme not in ("http", "https"):
            raise ValueError(f"public URL must be http(s): {self.public_url!r}")

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies everywhere except a plain-HTTP localhost, where browsers would drop them."""
        parts = urlsplit(self.public_url)
        return not (parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"))

    @property
    def base_url(self) -> str:
        return self.public_url.rstrip("/") + self.mount_path

    @property
    def origin(self) -> str:
        """The console's web origin (`scheme://host[:port]`), which its forms post from."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}".lower()
