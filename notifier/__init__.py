"""Notices leave through here: one sender per channel, fed by the durable outbox.

`build_notifier(settings)` picks the e-mail backend; the SMS and chat senders plug into
`Notifier.senders` the same way. `notifier.outbox.run_outbox_once` / `outbox_job` send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.outbox import Channel
from notifier.base import Notifier, Sender, SendOutcome, SendResult
from notifier.email import OutboxEmailSender, SmtpEmailSender

if TYPE_CHECKING:
    from bot.settings import Settings


def build_notifier(settings: Settings) -> Notifier:
    """The senders the settings ask for (`EMAIL_BACKEND`: outbox or smtp)."""
    senders: dict[Channel, Sender] = {}
    if settings.email_backend == "smtp":
        senders[Channel.EMAIL] = SmtpEmailSender.from_settings(settings)
    else:
        senders[Channel.EMAIL] = OutboxEmailSender(email_from=settings.email_from)
    return Notifier(senders=senders)


__all__ = ["Notifier", "SendOutcome", "SendResult", "Sender", "build_notifier"]
