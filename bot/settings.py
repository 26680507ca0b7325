"""The one settings object: environment variables with the SES_ prefix, plus Slack's own SLACK_*.

Loaded once by the CLI or the server and handed to each package as a small typed config;
`knowledge`, `indexer` and `cases` never read the environment themselves.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from cases.config import SlaPolicy, VaultConfig
    from indexer.intake import IntakeConfig
    from indexer.pipeline import BuildConfig
    from knowledge.config import SearchConfig

REPO_ROOT = Path(__file__).resolve().parent.parent

WebAsk = Literal["off", "open", "signed-in"]
_WEB_ASK_ALIASES = {"0": "off", "false": "off", "no": "off", "1": "open", "true": "open", "yes": "open"}


def _slack(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SES_", extra="ignore", populate_by_name=True)

    data_dir: Path = Path("var")
    database_url: str | None = None
    corpus_dir: Path = REPO_ROOT / "corpus"
    encoder: str = "e5-small"
    log_file: Path | None = None
    log_level: str = "INFO"
    # Asking from the web: `POST /api/v1/ask` and the try-it page at `/`. "open": anyone who reaches
    # the server; "signed-in": a console session is required; "off": neither. 1/0 mean open/off.
    web_ask: WebAsk = "open"
    # Web questions per minute from one client address (anonymous) — a signed-in person shares the
    # per-user allowance of Slack (ask_rate_per_minute); 0 = no limit.
    web_ask_rate_per_minute: int = Field(default=10, ge=0)
    # Addresses (or networks) of the reverse proxies whose X-Forwarded-For is believed; none by default,
    # so a client cannot choose the address it is counted under.
    trusted_proxies: list[str] = Field(default_factory=list)
    ask_workers: int = Field(default=2, ge=1)
    # Case tracker and web console (cases/): links in DMs and `ses console-link` point at public_url;
    # console_secret signs login links (when unset, a random key is kept in data_dir/console.key).
    public_url: str = "http://127.0.0.1:8000"
    console_secret: SecretStr | None = None
    case_sla_days: dict[str, int] = Field(default_factory=dict)
    # The console's local time and the SLA's business days: an IANA time zone, and the country and
    # province whose public holidays do not count (the `holidays` package; "" = weekends only).
    timezone: str = "America/Toronto"
    holidays: str = "CA-ON"
    # Confidential cases (cases/vault/): the master keyring comes from SES_MASTER_KEYS when set,
    # else from the 0600 key file SES_KEYRING (default data_dir/keyring.json, `ses keys generate`).
    master_keys: SecretStr | None = None
    keyring: Path | None = None
    confidential_retention_days: int = Field(default=730, ge=1)
    # The audit log's signed head (cases/anchor.py), rewritten after every audited change; keep a
    # copy elsewhere too (`ses audit anchor --print`). Default: data_dir/audit-anchor.json.
    audit_anchor: Path | None = None
    # Who runs `ses …` commands, as the audit log names them (`op:<name>`); default: the OS account.
    operator: str | None = None
    # Console sessions end after this many minutes without a request (and after 8 hours anyway).
    console_idle_minutes: int = Field(default=30, ge=1)
    # Per-user limits, counted in the database (shared by every worker and replica); 0 turns one off.
    ask_rate_per_minute: int = Field(default=10, ge=0)
    console_link_rate_per_hour: int = Field(default=5, ge=0)
    # `ses serve` / `ses start`: HTTP worker processes, each with its own pool of ask_workers engines.
    web_workers: int = Field(default=1, ge=1)
    # Questions waiting for a worker beyond which newcomers get a polite "busy, retrying" reply.
    ask_queue: int = Field(default=256, ge=0)
    # Slack allows about one message per second per channel (short bursts tolerated).
    slack_channel_interval: float = Field(default=1.0, ge=0)
    # A Slack event claimed this long ago and still unanswered (its process died mid-answer) is
    # answered by Slack's retry instead of being dropped as a duplicate.
    event_reclaim_seconds: float = Field(default=30.0, ge=0)
    # Where a card for each new (non-confidential) case is posted for the advisors; no cards when unset.
    triage_channel: str | None = None

    # Indexing (`ses index`, Slack uploads): largest file accepted, folders files may be added from
    # (default: the working directory, the home directory and data_dir/uploads), index versions kept,
    # and how often a running server looks for a newer version.
    max_upload_mb: int = Field(default=50, ge=1)
    index_allowed_dirs: list[Path] = Field(default_factory=list)
    index_keep_versions: int = Field(default=5, ge=1)
    index_reload_seconds: float = Field(default=2.0, gt=0)
    # Passages above which the dense index is approximate (IVF) rather than exact; bench/scale.py.
    ann_threshold: int = Field(default=200_000, ge=0)

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias=_slack("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=_slack("SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias=_slack("SLACK_APP_TOKEN"))
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias=_slack("SLACK_API_URL"))

    @field_validator("web_ask", mode="before")
    @classmethod
    def _web_ask_mode(cls, value: object) -> object:
        """The modes by name; the former on/off values (1/0, true/false) still work."""
        text = str(value).strip().lower().replace("_", "-")
        return _WEB_ASK_ALIASES.get(text, text)

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry, strict=False)  # ValueError names the bad entry
        return value

    @field_validator("encoder")
    @classmethod
    def _known_encoder(cls, value: str) -> str:
        # deferred: settings load first and light; each section imports its package on use
        from knowledge.encoders import ENCODERS

        if value not in ENCODERS:
            raise ValueError(f"unknown encoder {value!r}; choose one of {sorted(ENCODERS)}")
        return value

    @field_validator("case_sla_days")
    @classmethod
    def _known_categories(cls, value: dict[str, int]) -> dict[str, int]:
        # deferred: settings load first and light; each section imports its package on use
        from cases.enums import Category

        unknown = sorted(set(value) - {c.value for c in Category})
        if unknown:
            raise ValueError(f"unknown categories {unknown}; choose among {[c.value for c in Category]}")
        if any(days < 1 for days in value.values()):
            raise ValueError("SLA days must be at least 1")
        return value

    @model_validator(mode="after")
    def _known_calendar(self) -> Settings:
        self.sla_policy()  # an unknown time zone or holiday region fails here, at start-up
        return self

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def local_documents_dir(self) -> Path:
        """Documents staff added (`ses index add`, Slack uploads), indexed with the bundled corpus."""
        return self.data_dir / "documents"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    def indexer_config(self, source: Path | None = None) -> BuildConfig:
        """The indexer's section: bundled corpus (or `source`) + local documents, shipped + local caches."""
        # deferred: settings load first and light; each section imports its package on use
        from indexer.pipeline import BuildConfig

        return BuildConfig(
            source=source or self.corpus_dir,
            index_dir=self.index_dir,
            encoder=self.encoder,
            cache_dirs=(self.corpus_dir / "embeddings", self.data_dir / "embeddings"),
            cache_out=self.data_dir / "embeddings",
            local_dir=self.local_documents_dir,
            keep_versions=self.index_keep_versions,
            max_bytes=self.max_upload_mb * 2**20,
            search=self.search_config(),
        )

    def search_config(self) -> SearchConfig:
        """The engine's section: `SearchConfig`'s tuned defaults and what the environment overrides."""
        # deferred: settings load first and light; each section imports its package on use
        from knowledge.config import SearchConfig

        return SearchConfig(ann_threshold=self.ann_threshold)

    def intake_config(self) -> IntakeConfig:
        # deferred: settings load first and light; each section imports its package on use
        from indexer.intake import IntakeConfig

        allowed = tuple(self.index_allowed_dirs) or (Path.cwd(), Path.home(), self.uploads_dir)
        return IntakeConfig(allowed_dirs=allowed, max_bytes=self.max_upload_mb * 2**20)

    def sla_policy(self) -> SlaPolicy:
        """Business days per category (SES_CASE_SLA_DAYS over the defaults), counted in SES_TIMEZONE
        without the weekends and SES_HOLIDAYS' public holidays."""
        # deferred: settings load first and light; each section imports its package on use
        from cases.calendar import BusinessCalendar
        from cases.config import DEFAULT_SLA_DAYS, SlaPolicy
        from cases.enums import Category

        days = {**DEFAULT_SLA_DAYS, **{Category(k): v for k, v in self.case_sla_days.items()}}
        return SlaPolicy(days, BusinessCalendar(self.timezone, self.holidays))

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'ses.db').resolve()}"

    @property
    def keyring_path(self) -> Path:
        return self.keyring or self.data_dir / "keyring.json"

    @property
    def audit_anchor_path(self) -> Path:
        return self.audit_anchor or self.data_dir / "audit-anchor.json"

    @property
    def vault_config(self) -> VaultConfig:
        """The case tracker's view of the master keys; build the vault with `Vault.from_config`."""
        # deferred: settings load first and light; each section imports its package on use
        from cases.config import VaultConfig

        keys = self.master_keys.get_secret_value() if self.master_keys is not None else None
        return VaultConfig(
            keyring_path=self.keyring_path, master_keys=keys or None, audit_anchor=self.audit_anchor_path
        )

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and self.slack_signing_secret is not None


def load_settings() -> Settings:
    return Settings()
