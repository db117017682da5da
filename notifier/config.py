"""What the notifier is told by the composition root: plain, typed configuration.

`bot/settings.py` builds these from the environment; nothing in `notifier/` reads settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import SecretStr

SmtpSecurity = Literal["starttls", "ssl", "none"]


@dataclass(frozen=True)
class SmtpConfig:
    """`EMAIL_BACKEND=smtp`: the server and how to log in."""

    host: str
    port: int
    security: SmtpSecurity = "starttls"
    username: str | None = None
    password: SecretStr | None = None


@dataclass(frozen=True)
class TwilioConfig:
    """`SMS_BACKEND=twilio`: the account, the sender and the status callbacks."""

    account_sid: str
    auth_token: SecretStr
    from_number: str | None = None
    messaging_service_sid: str | None = None
    api_base_url: str | None = None
    public_base_url: str | None = None
    status_callback_path: str = "/twilio/status"
    rate_per_second: float = 1.0

    @property
    def callbacks_enabled(self) -> bool:
        """Twilio posts status callbacks only where PUBLIC_BASE_URL says."""
        return bool(self.public_base_url)


@dataclass(frozen=True)
class NotifierConfig:
    """Which backend each channel uses; None means the database outbox (nothing leaves)."""

    email_from: str
    smtp: SmtpConfig | None = None
    twilio: TwilioConfig | None = None
