"""Notices leave through here: one sender per channel, fed by the durable outbox.

`build_notifier(config, bot=..., clock=...)` picks the e-mail backend (SMTP or the database
outbox), the SMS backend (Twilio or the outbox) and, when given the application's bot, the chat
sender, from a `NotifierConfig` that the composition root builds. `notifier.outbox.run_outbox_once`
sends; `notifier.jobs` holds the scheduled work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.clock import SYSTEM_CLOCK, Clock
from models.outbox import Channel
from notifier.base import Notifier, Sender, SendOutcome, SendResult
from notifier.chat import ChatSender
from notifier.config import NotifierConfig, SmtpConfig, TwilioConfig
from notifier.email import OutboxEmailSender, SmtpEmailSender
from notifier.sms import OutboxSmsSender, TwilioSmsSender

if TYPE_CHECKING:
    from telegram import Bot


def build_notifier(
    config: NotifierConfig, *, bot: Bot | None = None, clock: Clock = SYSTEM_CLOCK
) -> Notifier:
    """The senders the configuration asks for; chat notices only with a bot to send them."""
    senders: dict[Channel, Sender] = {}
    if config.smtp is not None:
        senders[Channel.EMAIL] = SmtpEmailSender.from_config(
            config.smtp, email_from=config.email_from
        )
    else:
        senders[Channel.EMAIL] = OutboxEmailSender(email_from=config.email_from)
    if config.twilio is not None:
        senders[Channel.SMS] = TwilioSmsSender.from_config(config.twilio, clock=clock)
    else:
        senders[Channel.SMS] = OutboxSmsSender()
    if bot is not None:
        senders[Channel.CHAT] = ChatSender(bot)
    return Notifier(senders=senders)


def attach_bot(notifier: Notifier, bot: Bot) -> None:
    """Send chat notices with `bot` (for a notifier built before the bot existed)."""
    notifier.senders[Channel.CHAT] = ChatSender(bot)


__all__ = [
    "Notifier",
    "NotifierConfig",
    "SendOutcome",
    "SendResult",
    "Sender",
    "SmtpConfig",
    "TwilioConfig",
    "attach_bot",
    "build_notifier",
]
