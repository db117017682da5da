"""The outbox worker: sends due notices through their channel's sender, exactly-once where it can.

One run (`run_outbox_once`) works on every channel that has a sender, each channel in its own
task with its own `limit` and `concurrency` (`run_channel_once`), so a slow channel — an SMTP
server that never greets — never holds the SMS or chat notices back; rows of a channel without
a sender are never touched. Per channel it does three things:

1. **Recover** messages left SENDING by a worker that died mid-send (lease expired). If the
   channel's sender can `reconcile`, the message becomes IN_DOUBT (the provider may have it);
   otherwise it goes back to PENDING. E-mail over SMTP is in the second group: SMTP cannot be
   asked, so a crash after the server took the message but before it was recorded sends it
   again — with the same Message-ID, so the duplicate is recognisable (see `notifier.email`).
   Losing the notice would be worse than that rare duplicate.
2. **Reconcile** IN_DOUBT messages with their sender: SENT / FAILED close them, RETRY (the
   provider surely never got it) queues them again, anything else asks again later. An
   IN_DOUBT message is never resent without that answer. One still undecided
   `IN_DOUBT_DEADLINE` (24 h) after its attempt (the attempt its sender marked, else the
   notice's creation) is decided FAILED; an SMS is then refunded and its community's
   administrators are told once (`notifier.undecided`).
3. **Send** PENDING messages that are due, the longest due first. Each is claimed with one
   conditional UPDATE (status PENDING and the attempts count just read → SENDING,
   attempts + 1), so two workers, or two bot instances on one PostgreSQL database, never both
   send it; the result is recorded with the same condition (status SENDING and our attempt
   number), so a late worker never overwrites what happened after its lease. A templated
   notice not rendered yet is rendered (`notifier.notices.render`, dates in the clock's zone)
   just before its claim, and the claim records the exact subject, text and HTML on the row,
   so every retry sends the same text and the sandbox and the audit show it. A notice that
   cannot be rendered (unknown template, data it cannot be rendered from) is FAILED at once,
   never retried.

One-time secrets (`models.outbox.SECRET_DATA`, an invitation's token) are blanked from the row
(`notifier.notices.forget_secrets`) in the same conditional update that records it SENT by a
real transport, or FAILED; a sandbox backend (`keeps_content`) keeps what it showed as sent.

While a message is SENDING, `next_attempt_at` holds its lease deadline (no extra column).
Retries back off exponentially (30 s, 1 min, 2 min … capped at 1 h, plus up to 10 % jitter);
after `MAX_ATTEMPTS` the message is FAILED. Logs name messages by id and channel only — never
an address or a phone number.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import F, Q
from tortoise.functions import Coalesce
from tortoise.transactions import in_transaction

from models.clock import Clock
from models.outbox import FINAL_STATUSES, Channel, OutboxMessage, OutboxStatus
from notifier.base import (
    Notifier,
    ReconcilingSender,
    Sender,
    SendOutcome,
    SendResult,
    attempt_time,
    can_reconcile,
    keeps_content,
)
from notifier.notices import RenderError, forget_secrets, render
from notifier.undecided import given_up

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
RETRY_JITTER = 0.1
"""Up to this fraction of the delay is added at random, so retries of a burst spread out."""
LEASE = timedelta(minutes=5)
"""How long a claimed message may stay SENDING before another run treats its worker as dead."""
SEND_TIMEOUT = timedelta(minutes=2)
"""A sender taking longer counts as an unknown outcome; must stay well under `LEASE`."""
RECONCILE_AFTER = timedelta(minutes=1)
"""First reconciliation of an in-doubt send: give status callbacks a moment to arrive."""
RECONCILE_EVERY = timedelta(minutes=5)
"""Next reconciliation while the provider cannot tell yet."""
IN_DOUBT_DEADLINE = timedelta(hours=24)
"""An in-doubt send the provider still cannot tell about this long after it is given up."""


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"\+?\d[\d ()-]{6,}\d")


def redact(text: str | None) -> str:
    """A provider's error text fit for the log: addresses and phone numbers masked."""
    if not text:
        return ""
    return _PHONE_RE.sub("<phone>", _EMAIL_RE.sub("<email>", text))


def retry_delay(attempts: int, *, rand: Callable[[], float] = random.random) -> timedelta:
    """The wait after failed attempt number `attempts` (1-based): 30 s × 2^(n-1), ≤ 1 h."""
    base: timedelta = RETRY_BASE * (2 ** min(max(attempts - 1, 0), 20))
    delay: timedelta = base * (1 + RETRY_JITTER * rand())
    return min(RETRY_CAP, delay)


def _log_error(message: OutboxMessage, what: str, exc: BaseException) -> None:
    """The error, redacted; the traceback (which may quote a recipient) only at DEBUG."""
    log.error(
        "outbox %s #%s: %s: %s: %s",
        message.channel.value,
        message.id,
        what,
        type(exc).__name__,
        redact(str(exc)),
    )
    log.debug("outbox #%s traceback", message.id, exc_info=exc)


def _due(now: datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _unknown_outcome(sender: Sender, reason: str) -> SendResult:
    """The sender crashed or hung: same as a worker crash mid-send (see step 1)."""
    if can_reconcile(sender):
        return SendResult.in_doubt(reason)
    return SendResult.retry(reason)


def _settling(message: OutboxMessage, sender: Sender, values: dict[str, Any]) -> dict[str, Any]:
    """`values`, blanking the row's one-time secrets when they settle it for good.

    Sent by a sandbox backend (`keeps_content`), the text stays: it is the developer's mailbox.
    """
    status = values.get("status")
    if status not in FINAL_STATUSES:
        return values
    if status in (OutboxStatus.SENT, OutboxStatus.DELIVERED) and keeps_content(sender):
        return values
    return {**values, **forget_secrets(message)}


async def _transition(message: OutboxMessage, from_status: OutboxStatus, **values: Any) -> bool:
    """Apply `values` only if the row is still as we last saw it; say whether it was."""
    changed = await OutboxMessage.filter(
        id=message.id, status=from_status, attempts=message.attempts
    ).update(**values)
    if changed != 1:
        current = await OutboxMessage.filter(id=message.id).values_list("status", flat=True)
        log.info(
            "outbox %s #%s moved on meanwhile (now %s); left as is",
            message.channel.value,
            message.id,
            current[0] if current else "deleted",
        )
    return changed == 1


async def _recover_stale(sender: Sender, channel: Channel, now: datetime, limit: int) -> int:
    rows = (
        await OutboxMessage.filter(channel=channel, status=OutboxStatus.SENDING)
        .filter(_due(now))
        .order_by("id")
        .limit(limit)
    )
    recovered = 0
    for message in rows:
        reason = "worker stopped mid-send (lease expired)"
        if can_reconcile(sender):
            values: dict[str, Any] = {"status": OutboxStatus.IN_DOUBT, "next_attempt_at": now}
        elif message.attempts >= MAX_ATTEMPTS:
            values = {"status": OutboxStatus.FAILED, "next_attempt_at": None}
        else:
            values = {"status": OutboxStatus.PENDING, "next_attempt_at": now}
        values = _settling(message, sender, {**values, "last_error": reason})
        if await _transition(message, OutboxStatus.SENDING, **values):
            recovered += 1
            log.warning(
                "outbox %s #%s: %s after attempt %s → %s",
                message.channel.value,
                message.id,
                reason,
                message.attempts,
                values["status"].value,
            )
    return recovered


def in_doubt_deadline(message: OutboxMessage) -> datetime:
    """When an in-doubt send still undecided is given up: `IN_DOUBT_DEADLINE` after its attempt.

    The attempt's time is what its sender marked; else the notice's creation, which came before
    any attempt (a row the worker itself put in doubt is decided a little early, never late).
    """
    attempted = attempt_time(message) or message.created_at
    return attempted + IN_DOUBT_DEADLINE


async def _give_up(message: OutboxMessage, sender: Sender, clock: Clock) -> bool:
    """Decide an in-doubt send past its deadline: FAILED, and its consequences, at once."""
    reason = (
        f"no answer from the provider {IN_DOUBT_DEADLINE} after the attempt: "
        f"given up as not sent ({message.last_error or 'outcome unknown'})"
    )
    values = {"status": OutboxStatus.FAILED, "next_attempt_at": None, "last_error": reason[:500]}
    async with in_transaction():
        if not await _transition(
            message, OutboxStatus.IN_DOUBT, **_settling(message, sender, values)
        ):
            return False
        await given_up(message, after=IN_DOUBT_DEADLINE, clock=clock)
    log.warning(
        "outbox %s #%s: undecided after %s → failed",
        message.channel.value,
        message.id,
        IN_DOUBT_DEADLINE,
    )
    return True


async def _reconcile_in_doubt(
    sender: ReconcilingSender, channel: Channel, clock: Clock, limit: int
) -> int:
    now = clock.now()
    rows = (
        await OutboxMessage.filter(channel=channel, status=OutboxStatus.IN_DOUBT)
        .filter(_due(now))
        .order_by("id")
        .limit(limit)
    )
    settled = 0
    for message in rows:
        result: SendResult | None
        try:
            async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                result = await sender.reconcile(message)
        except Exception as exc:
            _log_error(message, "reconcile failed", exc)
            result = None
        now = clock.now()
        if result is None or result.outcome is SendOutcome.IN_DOUBT:
            if now >= in_doubt_deadline(message):
                settled += await _give_up(message, sender, clock)
                continue
            values: dict[str, Any] = {"next_attempt_at": now + RECONCILE_EVERY}
            if result is not None and result.provider_id:
                values["provider_id"] = result.provider_id[:64]
            await _transition(message, OutboxStatus.IN_DOUBT, **values)
            continue
        if result.outcome is SendOutcome.RETRY:
            # The provider surely never got it: an ordinary retry, due now unless it said when.
            values = _retry_values(message, result, now, delay=result.retry_after or timedelta())
        else:
            values = _final_values(result, now)
        if await _transition(message, OutboxStatus.IN_DOUBT, **_settling(message, sender, values)):
            settled += 1
            log.info(
                "outbox %s #%s: reconciled → %s %s",
                message.channel.value,
                message.id,
                values["status"].value,
                redact(result.reason),
            )
    return settled


def _final_values(result: SendResult, now: datetime) -> dict[str, Any]:
    if result.outcome is SendOutcome.SENT:
        values: dict[str, Any] = {
            "status": OutboxStatus.SENT,
            "sent_at": now,
            "next_attempt_at": None,
        }
        if result.provider_id:
            values["provider_id"] = result.provider_id[:64]
        return values
    return {
        "status": OutboxStatus.FAILED,
        "next_attempt_at": None,
        "last_error": result.reason or "failed",
    }


def _retry_values(
    message: OutboxMessage, result: SendResult, now: datetime, *, delay: timedelta
) -> dict[str, Any]:
    reason = result.reason or "temporary failure"
    if message.attempts >= MAX_ATTEMPTS:
        return {
            "status": OutboxStatus.FAILED,
            "next_attempt_at": None,
            "last_error": f"gave up after {message.attempts} attempts: {reason}",
        }
    return {
        "status": OutboxStatus.PENDING,
        "next_attempt_at": now + delay,
        "last_error": reason,
    }


async def _record(
    message: OutboxMessage, sender: Sender, result: SendResult, now: datetime
) -> None:
    if result.outcome is SendOutcome.RETRY:
        delay = result.retry_after or retry_delay(message.attempts)
        values = _retry_values(message, result, now, delay=delay)
    elif result.outcome is SendOutcome.IN_DOUBT:
        values = {
            "status": OutboxStatus.IN_DOUBT,
            "next_attempt_at": now + RECONCILE_AFTER,
            "last_error": result.reason or "outcome unknown",
        }
        if result.provider_id:
            values["provider_id"] = result.provider_id[:64]
    else:
        values = _final_values(result, now)
    values = _settling(message, sender, values)
    if await _transition(message, OutboxStatus.SENDING, **values):
        status: OutboxStatus = values["status"]
        quiet = status in (OutboxStatus.SENT, OutboxStatus.PENDING)
        level = logging.INFO if quiet else logging.WARNING
        log.log(
            level,
            "outbox %s #%s: attempt %s → %s %s",
            message.channel.value,
            message.id,
            message.attempts,
            status.value,
            redact(values.get("last_error")) if status is not OutboxStatus.SENT else "",
        )


def _rendered_values(message: OutboxMessage, clock: Clock) -> dict[str, Any] | str:
    """The text to record for a templated notice not rendered yet, or why it cannot be."""
    if not message.needs_render:
        return {}
    try:
        rendered = render(message, zone=clock.zone)
    except RenderError as exc:
        reason = f"cannot render notice {message.template!r}: {exc}"
    except Exception as exc:
        reason = f"cannot render notice {message.template!r}: {type(exc).__name__}"
        log.debug("outbox #%s render traceback", message.id, exc_info=exc)
    else:
        if not rendered.text:
            reason = f"cannot render notice {message.template!r}: empty text"
        else:
            return {"subject": rendered.subject, "body": rendered.text, "html": rendered.html}
    # Only the template and the kind of error: the data names residents.
    log.error("outbox %s #%s: %s → failed", message.channel.value, message.id, reason)
    return reason[:500]


async def _attempt(sender: Sender, message: OutboxMessage, clock: Clock) -> bool:
    """Claim one due message and send it; False when another worker got it first."""
    rendered = _rendered_values(message, clock)
    if isinstance(rendered, str):
        failed = await OutboxMessage.filter(
            id=message.id, status=OutboxStatus.PENDING, attempts=message.attempts
        ).update(
            **_settling(
                message,
                sender,
                {"status": OutboxStatus.FAILED, "next_attempt_at": None, "last_error": rendered},
            )
        )
        return failed == 1
    lease_until = clock.now() + LEASE
    claimed = await OutboxMessage.filter(
        id=message.id, status=OutboxStatus.PENDING, attempts=message.attempts
    ).update(
        status=OutboxStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=lease_until,
        **rendered,
    )
    if claimed != 1:
        log.debug("outbox %s #%s: claimed by another worker", message.channel.value, message.id)
        return False
    for field, value in rendered.items():
        setattr(message, field, value)
    message.status = OutboxStatus.SENDING
    message.attempts += 1
    message.next_attempt_at = lease_until
    try:
        async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
            result = await sender.send(message)
    except TimeoutError:
        result = _unknown_outcome(sender, f"sender timed out after {SEND_TIMEOUT}")
    except Exception as exc:
        _log_error(message, "sender crashed", exc)
        result = _unknown_outcome(sender, f"sender error: {type(exc).__name__}")
    await _record(message, sender, result, clock.now())
    return True


async def run_channel_once(
    notifier: Notifier, channel: Channel, *, clock: Clock, limit: int = 50, concurrency: int = 1
) -> int:
    """Recover, reconcile, then send up to `limit` due messages of one channel.

    Returns how many were tried; nothing when the channel has no sender.
    """
    sender = notifier.senders.get(channel)
    if sender is None:
        return 0
    await _recover_stale(sender, channel, clock.now(), limit)
    if isinstance(sender, ReconcilingSender):
        await _reconcile_in_doubt(sender, channel, clock, limit)
    now = clock.now()
    # The longest due first: a message retried after a back-off does not jump the queue.
    due = (
        await OutboxMessage.filter(channel=channel, status=OutboxStatus.PENDING)
        .filter(_due(now))
        .annotate(due_at=Coalesce("next_attempt_at", F("created_at")))
        .order_by("due_at", "id")
        .limit(limit)
    )
    if not due:
        return 0
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(message: OutboxMessage) -> bool:
        async with gate:
            return await _attempt(sender, message, clock)

    results = await asyncio.gather(*(one(m) for m in due), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            # A database error: that row stays as it was (or SENDING, recovered after its lease).
            log.error(
                "outbox %s: a message could not be processed: %s",
                channel.value,
                type(result).__name__,
            )
            log.debug("outbox traceback", exc_info=result)
    return sum(1 for result in results if result is True)


async def run_outbox_once(
    notifier: Notifier, *, clock: Clock, limit: int = 50, concurrency: int = 1
) -> int:
    """Run every channel once, side by side; returns how many messages were tried in all.

    Safe to run concurrently with itself, in this process or another. `limit` and
    `concurrency` hold per channel (each message still claimed on its own); channel rate
    limits are the senders' business.
    """
    channels = list(notifier.senders)
    results = await asyncio.gather(
        *(
            run_channel_once(notifier, channel, clock=clock, limit=limit, concurrency=concurrency)
            for channel in channels
        ),
        return_exceptions=True,
    )
    tried = 0
    for channel, result in zip(channels, results, strict=True):
        if isinstance(result, BaseException):
            if isinstance(result, asyncio.CancelledError):
                raise result
            log.error("outbox %s: run failed: %s", channel.value, type(result).__name__)
            log.debug("outbox traceback", exc_info=result)
        else:
            tried += result
    return tried
