"""Settings from the environment or a `.env` file; a missing or malformed value stops start-up by name."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.core.kernel.zones import zone

DEFAULT_DATABASE_URL = "sqlite:///steerbot.db"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")  # OAuth installs ...
    slack_client_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_CLIENT_SECRET")  # ... of many
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    timezone: str = Field(default="UTC", validation_alias="STEERBOT_TIMEZONE")
    public_url: str | None = Field(default=None, validation_alias="STEERBOT_PUBLIC_URL")  # for the calendar feed

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _prefixed(value, "xoxb-", "a bot token")

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _prefixed(value, "xapp-", "an app-level token")

    @field_validator("slack_signing_secret", "slack_client_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            raise ValueError("is empty")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be the bot's public http(s) address, such as https://steerbot.example.org")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            make_url(value)
        except ArgumentError as error:
            raise ValueError("is not a database URL (e.g. sqlite:///steerbot.db, postgresql+psycopg://...)") from error
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        if zone(value) is None:
            raise ValueError("is not a time zone name such as Europe/London")
        return value

    @property
    def installs(self) -> bool:
        """Several workspaces install the app through Slack's OAuth (no single bot token is set)."""
        return self.slack_bot_token is None and bool(self.slack_client_id and self.slack_client_secret)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '?'} {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()
        )
        raise SettingsError(f"Invalid settings: {problems}") from None


def _prefixed(value: SecretStr | None, prefix: str, what: str) -> SecretStr | None:
    if value is not None and not value.get_secret_value().startswith(prefix):
        raise ValueError(f"should be {what} starting with {prefix}")
    return value
