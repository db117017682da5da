"""Small interfaces between the outbox worker and the channels (e-mail, SMS, chat).

A `Sender` delivers one `OutboxMessage` of its channel and says what happened as a
`SendResult`; it never touches the outbox row itself — recording is the worker's job, so every
channel gets the same claiming, retries, back-off and crash recovery. A sender whose provider can
be asked "did this message go out?" also implements `reconcile` (a `ReconcilingSender`): then an
unknown outcome is never resent blindly. A sender holding connections implements `aclose`.
A sandbox backend, whose outbox *is* the mailbox a developer reads, says so with
``keeps_content = True``: the worker then keeps what it sent readable (one-time secrets
included) instead of blanking them once sent.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable

from models.outbox import Channel, OutboxMessage

log = logging.getLogger(__name__)


class SendOutcome(StrEnum):
    SENT = "sent"
    """The provider accepted the message."""
    RETRY = "retry"
    """Not sent, and safe to try again later (network, 4xx, 5xx of the provider, throttling)."""
    FAILED = "failed"
    """Not sent and never will be (invalid recipient, blocked bot, content refused)."""
    IN_DOUBT = "in_doubt"
    """It may or may not have gone out (timeout after the request left): do not resend blindly."""


@dataclass(frozen=True, slots=True)
class SendResult:
    """What a sender (or a reconciliation) learnt about one message."""

    outcome: SendOutcome
    provider_id: str | None = None
    reason: str | None = None
    retry_after: timedelta | None = None
    """For RETRY: the provider said when (Telegram's RetryAfter); overrides the back-off."""

    @classmethod
    def sent(cls, provider_id: str | None = None) -> SendResult:
        return cls(SendOutcome.SENT, provider_id=provider_id)

    @classmethod
    def retry(cls, reason: str, *, retry_after: timedelta | None = None) -> SendResult:
        return cls(SendOutcome.RETRY, reason=reason, retry_after=retry_after)

    @classmethod
    def failed(cls, reason: str) -> SendResult:
        return cls(SendOutcome.FAILED, reason=reason)

    @classmethod
    def in_doubt(cls, reason: str, *, provider_id: str | None = None) -> SendResult:
        return cls(SendOutcome.IN_DOUBT, provider_id=provider_id, reason=reason)


class Sender(Protocol):
    """Delivers the messages of one channel."""

    async def send(self, message: OutboxMessage) -> SendResult:
        """Try to deliver `message` once; never raise for a provider's answer, return it."""
        ...


@runtime_checkable
class ReconcilingSender(Sender, Protocol):
    """A sender that can find out whether an earlier, unrecorded attempt went out."""

    async def reconcile(self, message: OutboxMessage) -> SendResult | None:
        """SENT / FAILED if the provider knows the message, RETRY if it surely never got it
        (safe to send again), None or IN_DOUBT while it cannot tell yet (ask again later)."""
        ...


@runtime_checkable
class ClosableSender(Protocol):
    async def aclose(self) -> None:
        """Release connections and clients."""
        ...


def can_reconcile(sender: Sender) -> bool:
    return isinstance(sender, ReconcilingSender)


def keeps_content(sender: Sender) -> bool:
    """A sandbox backend: what it "sent" stays readable in the outbox, secrets included."""
    return getattr(sender, "keeps_content", False) is True


_ATTEMPT_MARK = re.compile(r"\[attempt (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\]")


def attempt_mark(at: datetime) -> str:
    """Appended to an in-doubt reason by a sender: when the uncertain attempt was made."""
    return f"[attempt {at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}]"


def attempt_time(message: OutboxMessage) -> datetime | None:
    """When the in-doubt attempt was made, if its sender recorded it (in `last_error`).

    Rows the worker put in doubt itself (lease expired, sender timed out or raised) carry no
    mark. Their attempt had ended at least `RECONCILE_AFTER` (the lease, for a dead worker)
    before the first reconciliation, so they count as settled.
    """
    found = _ATTEMPT_MARK.search(message.last_error or "")
    if found is None:
        return None
    return datetime.strptime(found.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass
class Notifier:
    """The configured sender of each channel; a channel without one is left in the outbox.

    Built once by `notifier.build_notifier(settings)`; further channels plug in with
    `notifier.senders[Channel.SMS] = ...` before the worker starts.
    """

    senders: dict[Channel, Sender] = field(default_factory=dict)
    lanes: dict[Channel, asyncio.Task[int]] = field(default_factory=dict, repr=False)
    """The worker run in progress on each channel (`notifier.lanes`)."""

    def sender_for(self, channel: Channel) -> Sender | None:
        return self.senders.get(channel)

    async def close(self) -> None:
        """Stop the runs in progress, then close every sender that holds resources.

        One sender failing to close does not stop the others.
        """
        running = [task for task in self.lanes.values() if not task.done()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        self.lanes.clear()
        for channel, sender in self.senders.items():
            if isinstance(sender, ClosableSender):
                try:
                    await sender.aclose()
                except Exception:
                    log.exception("closing the %s sender failed", channel.value)
