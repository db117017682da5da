"""Notices leave through here: one sender per channel, fed by the durable outbox.

`build_notifier(settings, bot=..., clock=...)` picks the e-mail backend (`EMAIL_BACKEND`), the
SMS backend (`SMS_BACKEND`: outbox or twilio) and, when given the application's bot, the chat
sender. `notifier.outbox.run_outbox_once` / `outbox_job` send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.clock import SYSTEM_CLOCK, Clock
from models.outbox import Channel
from notifier.base import Notifier, Sender, SendOutcome, SendResult
from notifier.chat import ChatSender
from notifier.email import OutboxEmailSender, SmtpEmailSender
from notifier.sms import OutboxSmsSender, TwilioSmsSender

if TYPE_CHECKING:
    from telegram import Bot

    from bot.settings import Settings


def build_notifier(
    settings: Settings, *, bot: Bot | None = None, clock: Clock = SYSTEM_CLOCK
) -> Notifier:
    """The senders the settings ask for; chat notices only with a bot to send them."""
    senders: dict[Channel, Sender] = {}
    if settings.email_backend == "smtp":
        senders[Channel.EMAIL] = SmtpEmailSender.from_settings(settings)
    else:
        senders[Channel.EMAIL] = OutboxEmailSender(email_from=settings.email_from)
    if settings.sms_backend == "twilio":
        senders[Channel.SMS] = TwilioSmsSender.from_settings(settings, clock=clock)
    else:
        senders[Channel.SMS] = OutboxSmsSender()
    if bot is not None:
        senders[Channel.CHAT] = ChatSender(bot)
    return Notifier(senders=senders)


def attach_bot(notifier: Notifier, bot: Bot) -> None:
    """Send chat notices with `bot` (for a notifier built before the bot existed)."""
    notifier.senders[Channel.CHAT] = ChatSender(bot)


__all__ = ["Notifier", "SendOutcome", "SendResult", "Sender", "attach_bot", "build_notifier"]
