"""The outbox worker: claiming, retries with back-off, final failure, crash recovery, in-doubt.

The senders here are in-memory fakes of the channel interface (`notifier.base.Sender`); the
real SMTP protocol is exercised in `test_email.py`. The two-worker race is meaningful on
PostgreSQL (SQLite serialises writers, so there it passes trivially).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import AppData
from bot.jobs import OUTBOX_JOB, run_job
from models.clock import FrozenClock
from models.outbox import Channel, OutboxMessage, OutboxStatus, enqueue
from notifier.base import Notifier, SendResult
from notifier.email import OutboxEmailSender
from notifier.outbox import (
    LEASE,
    MAX_ATTEMPTS,
    RECONCILE_AFTER,
    RECONCILE_EVERY,
    RETRY_CAP,
    redact,
    retry_delay,
    run_outbox_once,
)
from tests.dbutil import settings_for

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)

Script = Callable[[OutboxMessage], SendResult]


class FakeSender:
    """Counts every send per message id; answers with `script` (SENT by default)."""

    def __init__(self, script: Script | None = None, *, yield_points: int = 1) -> None:
        self.script = script or (lambda m: SendResult.sent(f"id-{m.id}"))
        self.sends: Counter[int] = Counter()
        self.yield_points = yield_points

    async def send(self, message: OutboxMessage) -> SendResult:
        self.sends[message.id] += 1
        for _ in range(self.yield_points):  # let a concurrent worker run in between
            await asyncio.sleep(0)
        return self.script(message)


class ReconcilingFakeSender(FakeSender):
    """A sender whose provider can be asked about an unrecorded attempt (like Twilio)."""

    def __init__(
        self,
        script: Script | None = None,
        *,
        reconcile_with: Callable[[OutboxMessage], SendResult | None] = lambda m: None,
    ) -> None:
        super().__init__(script)
        self.reconcile_with = reconcile_with
        self.reconciled: Counter[int] = Counter()

    async def reconcile(self, message: OutboxMessage) -> SendResult | None:
        self.reconciled[message.id] += 1
        return self.reconcile_with(message)


class BlockingSender:
    """Hangs in `send` until released: stands for a worker dying mid-send."""

    def __init__(self, result: SendResult | None = None) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.result = result or SendResult.sent("late")
        self.sends = 0

    async def send(self, message: OutboxMessage) -> SendResult:
        self.sends += 1
        self.started.set()
        await self.release.wait()
        return self.result


async def email(n: int = 1, *, channel: Channel = Channel.EMAIL) -> list[OutboxMessage]:
    return [
        await enqueue(
            key=f"test:{channel.value}:{i}",
            channel=channel,
            recipient=f"vecino{i}@example.com" if channel is Channel.EMAIL else "+56961234567",
            subject="Aviso",
            body=f"Hola {i}",
        )
        for i in range(n)
    ]


async def reload(message: OutboxMessage) -> OutboxMessage:
    return await OutboxMessage.get(id=message.id)


def retry(reason: str = "451 try later") -> Script:
    return lambda m: SendResult.retry(reason)


# --- back-off --------------------------------------------------------------------------------


def test_retry_delay_doubles_from_30_seconds_and_is_capped_at_one_hour() -> None:
    delays = [retry_delay(n, rand=lambda: 0.0) for n in range(1, 10)]
    assert delays[:5] == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]
    assert delays[7] == RETRY_CAP
    assert delays[8] == RETRY_CAP
    assert retry_delay(1, rand=lambda: 1.0) == timedelta(seconds=33)
    assert retry_delay(500, rand=lambda: 1.0) == RETRY_CAP


def test_redact_masks_addresses_and_phone_numbers() -> None:
    text = "550 5.1.1 <vecino@example.com> unknown; sms to +56 9 6123 4567 failed"
    masked = redact(text)
    assert "vecino@example.com" not in masked
    assert "6123" not in masked
    assert masked.startswith("550 5.1.1 <<email>>")


# --- sending ---------------------------------------------------------------------------------


async def test_pending_messages_are_sent_and_recorded(db) -> None:
    clock = FrozenClock(T0)
    first, second = await email(2)
    sender = FakeSender()
    tried = await run_outbox_once(Notifier({Channel.EMAIL: sender}), clock=clock)
    assert tried == 2
    assert sender.sends == Counter({first.id: 1, second.id: 1})
    for message in (first, second):
        row = await reload(message)
        assert row.status is OutboxStatus.SENT
        assert row.sent_at == T0
        assert row.attempts == 1
        assert row.provider_id == f"id-{message.id}"
        assert row.next_attempt_at is None
    assert await run_outbox_once(Notifier({Channel.EMAIL: sender}), clock=clock) == 0
    assert sum(sender.sends.values()) == 2


async def test_limit_bounds_one_run(db) -> None:
    await email(5)
    sender = FakeSender()
    assert (
        await run_outbox_once(Notifier({Channel.EMAIL: sender}), clock=FrozenClock(T0), limit=3)
        == 3
    )
    assert await OutboxMessage.filter(status=OutboxStatus.PENDING).count() == 2


async def test_outbox_backend_marks_the_mail_delivered_to_the_outbox(db) -> None:
    (message,) = await email()
    notifier = Notifier({Channel.EMAIL: OutboxEmailSender(email_from="C <c@conserjeria.cl>")})
    assert await run_outbox_once(notifier, clock=FrozenClock(T0)) == 1
    row = await reload(message)
    assert (row.status, row.provider_id, row.body) == (OutboxStatus.SENT, "outbox", "Hola 0")


async def test_temporary_failure_is_retried_with_exponential_back_off(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email()
    sender = FakeSender(retry())
    notifier = Notifier({Channel.EMAIL: sender})

    assert await run_outbox_once(notifier, clock=clock) == 1
    row = await reload(message)
    assert row.status is OutboxStatus.PENDING
    assert row.attempts == 1
    assert row.last_error == "451 try later"
    assert row.next_attempt_at is not None
    assert T0 + timedelta(seconds=30) <= row.next_attempt_at <= T0 + timedelta(seconds=33)

    # Not due yet: nothing is tried.
    clock.set(row.next_attempt_at - timedelta(seconds=1))
    assert await run_outbox_once(notifier, clock=clock) == 0
    assert sender.sends[message.id] == 1

    clock.set(row.next_attempt_at)
    second_try = clock.now()
    assert await run_outbox_once(notifier, clock=clock) == 1
    row = await reload(message)
    assert row.attempts == 2
    assert row.next_attempt_at is not None
    delay = row.next_attempt_at - second_try
    assert timedelta(seconds=60) <= delay <= timedelta(seconds=66)


async def test_retry_after_from_the_provider_overrides_the_back_off(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email()
    sender = FakeSender(lambda m: SendResult.retry("429", retry_after=timedelta(seconds=7)))
    await run_outbox_once(Notifier({Channel.EMAIL: sender}), clock=clock)
    row = await reload(message)
    assert row.next_attempt_at == T0 + timedelta(seconds=7)


async def test_after_max_attempts_the_message_fails(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email()
    sender = FakeSender(retry())
    notifier = Notifier({Channel.EMAIL: sender})
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert await run_outbox_once(notifier, clock=clock) == 1
        row = await reload(message)
        assert row.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert row.status is OutboxStatus.PENDING
            assert row.next_attempt_at is not None
            assert row.next_attempt_at - clock.now() <= RETRY_CAP
            clock.set(row.next_attempt_at)
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert row.next_attempt_at is None
    assert row.last_error is not None
    assert row.last_error.startswith(f"gave up after {MAX_ATTEMPTS} attempts")
    clock.advance(timedelta(days=1))
    assert await run_outbox_once(notifier, clock=clock) == 0
    assert sender.sends[message.id] == MAX_ATTEMPTS


async def test_permanent_failure_is_final_at_once(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email()
    sender = FakeSender(lambda m: SendResult.failed("550 no such user"))
    notifier = Notifier({Channel.EMAIL: sender})
    await run_outbox_once(notifier, clock=clock)
    row = await reload(message)
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.FAILED,
        1,
        "550 no such user",
    )
    clock.advance(timedelta(days=1))
    assert await run_outbox_once(notifier, clock=clock) == 0
    assert sender.sends[message.id] == 1


async def test_a_crashing_sender_without_reconcile_means_retry(db) -> None:
    def boom(message: OutboxMessage) -> SendResult:
        raise RuntimeError("bug")

    (message,) = await email()
    await run_outbox_once(Notifier({Channel.EMAIL: FakeSender(boom)}), clock=FrozenClock(T0))
    row = await reload(message)
    assert row.status is OutboxStatus.PENDING
    assert row.last_error == "sender error: RuntimeError"


# --- two workers -----------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 4])
async def test_two_workers_racing_never_send_a_message_twice(db, concurrency: int) -> None:
    messages = await email(40)
    sender = FakeSender(yield_points=3)
    clock = FrozenClock(T0)
    # Two notifiers (two bot instances) sharing one provider, all starting on the same rows.
    workers = [Notifier({Channel.EMAIL: sender}), Notifier({Channel.EMAIL: sender})]
    tried = await asyncio.gather(
        *(run_outbox_once(w, clock=clock, concurrency=concurrency) for w in workers)
    )
    assert sum(tried) == len(messages)
    assert sender.sends == Counter({m.id: 1 for m in messages})
    rows = await OutboxMessage.filter(channel=Channel.EMAIL).order_by("id")
    assert {r.status for r in rows} == {OutboxStatus.SENT}
    assert {r.attempts for r in rows} == {1}


async def test_many_workers_racing_with_retries_never_double_send(db) -> None:
    messages = await email(30)
    rng = random.Random(7)
    outcomes = [SendResult.sent("ok"), SendResult.retry("451")]
    sender = FakeSender(lambda m: rng.choice(outcomes), yield_points=2)
    clock = FrozenClock(T0)
    notifiers = [Notifier({Channel.EMAIL: sender}) for _ in range(4)]
    for _ in range(MAX_ATTEMPTS + 2):
        sends_before = sender.sends.copy()
        tried = await asyncio.gather(*(run_outbox_once(n, clock=clock) for n in notifiers))
        # Within one round every message is tried at most once, whoever tries it.
        assert sum(tried) == sum((sender.sends - sends_before).values())
        assert all(count <= 1 for count in (sender.sends - sends_before).values())
        clock.advance(RETRY_CAP * 2)
    rows = await OutboxMessage.filter(id__in=[m.id for m in messages])
    for row in rows:
        assert row.status in (OutboxStatus.SENT, OutboxStatus.FAILED)
        assert sender.sends[row.id] == row.attempts


# --- crash recovery ----------------------------------------------------------------------------


async def crash_mid_send(message: OutboxMessage, clock: FrozenClock) -> BlockingSender:
    """Start a worker, let it claim and begin sending `message`, then kill it."""
    blocking = BlockingSender()
    task = asyncio.create_task(run_outbox_once(Notifier({message.channel: blocking}), clock=clock))
    await asyncio.wait_for(blocking.started.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    row = await reload(message)
    assert row.status is OutboxStatus.SENDING
    assert row.attempts == 1
    return blocking


async def test_a_message_left_sending_by_a_dead_worker_is_requeued_after_the_lease(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email()
    await crash_mid_send(message, clock)

    sender = FakeSender()
    notifier = Notifier({Channel.EMAIL: sender})
    clock.set(T0 + LEASE - timedelta(seconds=1))
    assert await run_outbox_once(notifier, clock=clock) == 0  # the lease still holds
    assert (await reload(message)).status is OutboxStatus.SENDING

    clock.set(T0 + LEASE)
    assert await run_outbox_once(notifier, clock=clock) == 1
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.attempts == 2
    assert sender.sends[message.id] == 1


async def test_a_stale_message_on_its_last_attempt_fails(db) -> None:
    (message,) = await email()
    await OutboxMessage.filter(id=message.id).update(
        status=OutboxStatus.SENDING, attempts=MAX_ATTEMPTS, next_attempt_at=T0
    )
    sender = FakeSender()
    await run_outbox_once(Notifier({Channel.EMAIL: sender}), clock=FrozenClock(T0))
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert row.last_error == "worker stopped mid-send (lease expired)"
    assert not sender.sends


async def test_a_late_worker_does_not_overwrite_what_happened_after_its_lease(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email()
    slow = BlockingSender(SendResult.failed("late answer"))
    slow_run = asyncio.create_task(run_outbox_once(Notifier({Channel.EMAIL: slow}), clock=clock))
    await asyncio.wait_for(slow.started.wait(), 5)

    clock.set(T0 + LEASE + timedelta(seconds=1))
    other = FakeSender()
    assert await run_outbox_once(Notifier({Channel.EMAIL: other}), clock=clock) == 1
    slow.release.set()
    assert await slow_run == 1

    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == f"id-{message.id}"
    assert row.attempts == 2


# --- in doubt ------------------------------------------------------------------------------------


async def test_in_doubt_is_reconciled_and_never_resent_when_the_provider_has_it(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email(channel=Channel.SMS)
    sender = ReconcilingFakeSender(
        lambda m: SendResult.in_doubt("timeout after request"),
        reconcile_with=lambda m: SendResult.sent("SM123"),
    )
    notifier = Notifier({Channel.SMS: sender})

    assert await run_outbox_once(notifier, clock=clock) == 1
    row = await reload(message)
    assert row.status is OutboxStatus.IN_DOUBT
    assert row.next_attempt_at == T0 + RECONCILE_AFTER
    assert row.last_error == "timeout after request"

    assert await run_outbox_once(notifier, clock=clock) == 0  # too early to ask
    assert not sender.reconciled

    clock.set(T0 + RECONCILE_AFTER)
    assert await run_outbox_once(notifier, clock=clock) == 0
    assert sender.reconciled[message.id] == 1
    row = await reload(message)
    assert (row.status, row.provider_id, row.sent_at) == (
        OutboxStatus.SENT,
        "SM123",
        clock.now(),
    )
    clock.advance(timedelta(days=1))
    await run_outbox_once(notifier, clock=clock)
    assert sender.sends[message.id] == 1


async def test_in_doubt_waits_while_the_provider_cannot_tell(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email(channel=Channel.SMS)
    sender = ReconcilingFakeSender(lambda m: SendResult.in_doubt("500"))
    notifier = Notifier({Channel.SMS: sender})
    await run_outbox_once(notifier, clock=clock)
    clock.set(T0 + RECONCILE_AFTER)
    await run_outbox_once(notifier, clock=clock)
    row = await reload(message)
    assert row.status is OutboxStatus.IN_DOUBT
    assert row.next_attempt_at == clock.now() + RECONCILE_EVERY
    assert sender.reconciled[message.id] == 1
    assert sender.sends[message.id] == 1


async def test_in_doubt_is_resent_once_the_provider_says_it_never_got_it(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email(channel=Channel.SMS)
    answers = iter([SendResult.in_doubt("500"), SendResult.sent("SM2")])
    sender = ReconcilingFakeSender(
        lambda m: next(answers), reconcile_with=lambda m: SendResult.retry("not found")
    )
    notifier = Notifier({Channel.SMS: sender})
    await run_outbox_once(notifier, clock=clock)
    clock.set(T0 + RECONCILE_AFTER)
    assert await run_outbox_once(notifier, clock=clock) == 1
    row = await reload(message)
    assert (row.status, row.provider_id, row.attempts) == (OutboxStatus.SENT, "SM2", 2)
    assert sender.sends[message.id] == 2


async def test_in_doubt_without_reconcile_is_left_for_a_person(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email()
    sender = FakeSender(lambda m: SendResult.in_doubt("connection lost after DATA"))
    notifier = Notifier({Channel.EMAIL: sender})
    await run_outbox_once(notifier, clock=clock)
    clock.advance(timedelta(days=2))
    assert await run_outbox_once(notifier, clock=clock) == 0
    assert (await reload(message)).status is OutboxStatus.IN_DOUBT
    assert sender.sends[message.id] == 1


async def test_crash_on_a_reconciling_channel_asks_before_resending(db) -> None:
    clock = FrozenClock(T0)
    (message,) = await email(channel=Channel.SMS)
    await crash_mid_send(message, clock)  # the provider did get it; nobody recorded it

    sender = ReconcilingFakeSender(reconcile_with=lambda m: SendResult.sent("SM-crash"))
    clock.set(T0 + LEASE)
    assert await run_outbox_once(Notifier({Channel.SMS: sender}), clock=clock) == 0
    row = await reload(message)
    assert (row.status, row.provider_id) == (OutboxStatus.SENT, "SM-crash")
    assert sender.reconciled[message.id] == 1
    assert not sender.sends


async def test_a_crashing_reconciling_sender_leaves_the_message_in_doubt(db) -> None:
    def boom(message: OutboxMessage) -> SendResult:
        raise ConnectionResetError

    (message,) = await email(channel=Channel.SMS)
    sender = ReconcilingFakeSender(boom)
    await run_outbox_once(Notifier({Channel.SMS: sender}), clock=FrozenClock(T0))
    assert (await reload(message)).status is OutboxStatus.IN_DOUBT


# --- channels without a sender ------------------------------------------------------------


async def test_channels_without_a_sender_are_left_untouched(db) -> None:
    (mail,) = await email()
    sms, stale, doubt = await email(3, channel=Channel.SMS)
    (chat,) = await email(channel=Channel.CHAT)
    await OutboxMessage.filter(id=stale.id).update(
        status=OutboxStatus.SENDING, attempts=1, next_attempt_at=T0 - timedelta(hours=1)
    )
    await OutboxMessage.filter(id=doubt.id).update(
        status=OutboxStatus.IN_DOUBT, attempts=1, next_attempt_at=T0 - timedelta(hours=1)
    )
    untouched = [sms, chat, stale, doubt]
    before = {m.id: await reload(m) for m in untouched}

    sender = FakeSender()
    clock = FrozenClock(T0 + timedelta(days=1))
    assert await run_outbox_once(Notifier({Channel.EMAIL: sender}), clock=clock) == 1
    assert sender.sends == Counter({mail.id: 1})
    for message in untouched:
        row, was = await reload(message), before[message.id]
        assert (row.status, row.attempts, row.next_attempt_at, row.last_error) == (
            was.status,
            was.attempts,
            was.next_attempt_at,
            was.last_error,
        )
    assert await run_outbox_once(Notifier({}), clock=clock) == 0


# --- the scheduled job -------------------------------------------------------------------------


async def test_outbox_job_sends_through_the_applications_notifier(db, db_url: str) -> None:
    (message,) = await email()
    sender = FakeSender()
    data = AppData()
    data.settings = settings_for(db_url)
    data.clock = FrozenClock(T0)
    data.notifier = Notifier({Channel.EMAIL: sender})
    await run_job(data, OUTBOX_JOB)
    assert (await reload(message)).status is OutboxStatus.SENT
    assert sender.sends[message.id] == 1


async def test_outbox_job_without_a_notifier_sends_nothing(db, db_url: str) -> None:
    (message,) = await email()
    data = AppData()
    data.settings = settings_for(db_url)
    data.clock = FrozenClock(T0)
    await run_job(data, OUTBOX_JOB)
    assert (await reload(message)).status is OutboxStatus.PENDING


async def test_the_log_names_no_recipient(db, caplog: pytest.LogCaptureFixture) -> None:
    refused, crashing = await email(2)

    def answer(message: OutboxMessage) -> SendResult:
        if message.id == crashing.id:
            raise RuntimeError(f"cannot reach {message.recipient}")
        return SendResult.failed(f"550 5.1.1 <{message.recipient}> unknown, call +56961234567")

    caplog.set_level(logging.INFO, logger="notifier")
    await run_outbox_once(Notifier({Channel.EMAIL: FakeSender(answer)}), clock=FrozenClock(T0))
    assert f"#{refused.id}: attempt 1 → failed 550 5.1.1 <<email>> unknown" in caplog.text
    assert f"#{crashing.id}: sender crashed: RuntimeError: cannot reach <email>" in caplog.text
    assert "example.com" not in caplog.text
    assert "61234567" not in caplog.text
