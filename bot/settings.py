"""The one settings object: environment variables with the SES_ prefix, plus Slack's own SLACK_*.

Loaded once by the CLI or the server and handed to each package as a small typed config;
`knowledge`, `indexer` and `cases` never read the environment themselves.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


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
    web_ask: bool = True
    ask_workers: int = Field(default=2, ge=1)
    # Case tracker and web console (cases/): links in DMs and `ses console-link` point at public_url;
    # console_secret signs login links (when unset, a random key is kept in data_dir/console.key).
    public_url: str = "http://127.0.0.1:8000"
    console_secret: SecretStr | None = None
    case_sla_days: dict[str, int] = Field(default_factory=dict)
    # Questions waiting for a worker beyond which newcomers get a polite "busy, retrying" reply.
    ask_queue: int = Field(default=256, ge=0)
    # Slack allows about one message per second per channel (short bursts tolerated).
    slack_channel_interval: float = Field(default=1.0, ge=0)
    # How to reach the secretariat, shown by the "Ask an advisor" button until the case tracker lands.
    secretariat_contact: str = ""

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias=_slack("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=_slack("SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias=_slack("SLACK_APP_TOKEN"))
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias=_slack("SLACK_API_URL"))

    @field_validator("encoder")
    @classmethod
    def _known_encoder(cls, value: str) -> str:
        from knowledge.encoders import ENCODERS

        if value not in ENCODERS:
            raise ValueError(f"unknown encoder {value!r}; choose one of {sorted(ENCODERS)}")
        return value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'ses.db').resolve()}"

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and self.slack_signing_secret is not None


def load_settings() -> Settings:
    return Settings()
