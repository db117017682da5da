"""Typed settings, read once from the environment and `.env`."""

from __future__ import annotations

from datetime import time
from functools import cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from notifier.config import NotifierConfig, SmtpConfig, TwilioConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
SANDBOX_TOKEN = "123456:sandbox"


class ConfigurationError(Exception):
    """The configuration cannot work; the message is one line for the operator."""


class Settings(BaseSettings):
    """Every knob of the bot. Each field is documented in `.env.example` and the README."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API_BASE_URL
    telegram_api_file_url: str | None = None
    database_url: str = f"sqlite://{PROJECT_ROOT / 'data' / 'conserjeria.sqlite3'}"
    sandbox_port: int = Field(default=8080, ge=1, le=65535)
    sandbox_host: str = "127.0.0.1"
    # Read once at start, before Tortoise starts: Tortoise's init sets TIMEZONE=UTC in the
    # process environment for its own use, so settings loaded after it would see "UTC".
    timezone: str = "America/Santiago"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    listen_host: str = "0.0.0.0"
    listen_port: int = Field(default=8443, ge=1, le=65535)
    invitation_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)
    conversation_timeout_minutes: int = Field(default=30, ge=1, le=24 * 60)
    persistence_interval_seconds: float = Field(default=1.0, gt=0, le=300)
    max_concurrent_updates: int = Field(default=64, ge=1, le=1024)
    identity_cache_seconds: float = Field(default=30.0, ge=0, le=3600)
    reminder_after_days: int = Field(default=3, ge=0, le=60)
    daily_digest_at: time = time(7, 0)
    """Wall time (`TIMEZONE`) of the logbook's daily digest to administrators (HH:MM)."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    support_email: str = "soporte@conserjeria.example"
    email_backend: Literal["outbox", "smtp"] = "outbox"
    email_from: str = "Conserjería <no-responder@conserjeria.example>"
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    sms_backend: Literal["outbox", "twilio"] = "outbox"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_from: str | None = None
    twilio_messaging_service_sid: str | None = None
    twilio_api_base_url: str | None = None
    public_base_url: str | None = None
    twilio_status_callback_path: str = "/twilio/status"
    sms_rate_per_second: float = Field(default=1.0, gt=0, le=1000)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"zona horaria desconocida: {value}") from exc
        return value

    @field_validator("telegram_api_base_url", "telegram_api_file_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("debe empezar con http:// o https://")
        return value

    @field_validator("public_base_url", "twilio_api_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("debe empezar con http:// o https://")
        return value.rstrip("/") if value is not None else None

    @field_validator("twilio_status_callback_path")
    @classmethod
    def _callback_path(cls, value: str) -> str:
        if not value.startswith("/") or "?" in value or "#" in value:
            raise ValueError("debe ser una ruta que empiece con /, sin ? ni #")
        return value

    @field_validator("database_url")
    @classmethod
    def _db_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgres://", "postgresql://", "asyncpg://")):
            raise ValueError("usa sqlite://RUTA o postgres://usuario@host:puerto/base")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Settings:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("WEBHOOK_URL requiere WEBHOOK_SECRET")
        if self.sms_backend == "twilio" and not (
            self.twilio_account_sid
            and self.twilio_auth_token
            and (self.twilio_from or self.twilio_messaging_service_sid)
        ):
            raise ValueError(
                "SMS_BACKEND=twilio requiere TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN y "
                "TWILIO_FROM o TWILIO_MESSAGING_SERVICE_SID"
            )
        return self

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file_base_url(self) -> str:
        """`TELEGRAM_API_FILE_URL`, or derived from the base URL (`…/bot` → `…/file/bot`)."""
        if self.telegram_api_file_url:
            return self.telegram_api_file_url
        base = self.telegram_api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    @property
    def sandbox_mode(self) -> bool:
        return self.telegram_bot_token is None

    def twilio_config(self) -> TwilioConfig | None:
        """Twilio's account for `SMS_BACKEND=twilio`; None with the outbox backend."""
        if self.sms_backend != "twilio":
            return None
        if not self.twilio_account_sid or self.twilio_auth_token is None:
            raise ValueError("SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        return TwilioConfig(
            account_sid=self.twilio_account_sid,
            auth_token=self.twilio_auth_token,
            from_number=self.twilio_from,
            messaging_service_sid=self.twilio_messaging_service_sid,
            api_base_url=self.twilio_api_base_url,
            public_base_url=self.public_base_url,
            status_callback_path=self.twilio_status_callback_path,
            rate_per_second=self.sms_rate_per_second,
        )

    def notifier_config(self) -> NotifierConfig:
        """What the notifier needs of these settings (it never reads them itself)."""
        smtp = None
        if self.email_backend == "smtp":
            smtp = SmtpConfig(
                host=self.smtp_host,
                port=self.smtp_port,
                security=self.smtp_security,
                username=self.smtp_username,
                password=self.smtp_password,
            )
        return NotifierConfig(email_from=self.email_from, smtp=smtp, twilio=self.twilio_config())


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation error into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper() or 'config'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigurationError(f"Configuración inválida — {problems}") from None
