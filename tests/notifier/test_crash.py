"""Crash test: the worker dies after Twilio accepted an SMS and before the outbox recorded it.

The real `twilio` client talks to the local fake Twilio. The worker task is cancelled while
Twilio's answer is in flight (or right after it arrived); the outbox row is left SENDING, as
after a `kill -9`. A restarted worker (a new sender, as in a new process) must wait out the
lease, reconcile with Twilio's message list instead of resending, and record the SID: the
resident receives exactly one SMS and the balance dropped by exactly one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.clock import FrozenClock
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.sms import MovementKind, SmsMovement
from notifier.base import Notifier, SendResult
from notifier.outbox import LEASE, run_outbox_once
from notifier.sms import TwilioSmsSender
from tests.fakes import MOBILE, available, enqueue_sms, sms_community
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio, Fault

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
async def fake(clock: FrozenClock) -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio(clock=clock.now) as server:
        yield server


def new_process_sender(fake: FakeTwilio, clock: FrozenClock) -> TwilioSmsSender:
    """A sender as a freshly started bot builds it: nothing in memory from before."""
    return TwilioSmsSender(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number=FROM_NUMBER,
        api_base_url=fake.base_url,
        public_base_url="https://conserjeria.example.cl",
        rate_per_second=100.0,
        timeout=5.0,
        clock=clock,
    )


class DiesAfterSending:
    """The process dies right after the provider answered, before anything is recorded."""

    def __init__(self, inner: TwilioSmsSender) -> None:
        self.inner = inner
        self.answers: list[SendResult] = []

    async def send(self, message: OutboxMessage) -> SendResult:
        self.answers.append(await self.inner.send(message))
        raise asyncio.CancelledError

    async def reconcile(self, message: OutboxMessage) -> SendResult | None:
        return await self.inner.reconcile(message)


async def run(sender: Any, clock: FrozenClock) -> int:
    return await run_outbox_once(Notifier({Channel.SMS: sender}), clock=clock)


async def movements(key: str, kind: MovementKind) -> int:
    return await SmsMovement.filter(kind=kind, reference=key).count()


async def restart_and_recover(
    fake: FakeTwilio, clock: FrozenClock, message: OutboxMessage
) -> OutboxMessage:
    """A new worker: nothing happens during the lease; after it, the row is reconciled."""
    restarted = new_process_sender(fake, clock)
    try:
        clock.advance(LEASE - timedelta(seconds=1))
        assert await run(restarted, clock) == 0
        assert (await OutboxMessage.get(id=message.id)).status is OutboxStatus.SENDING
        clock.advance(timedelta(seconds=2))
        await run(restarted, clock)
        # Later runs change nothing any more.
        clock.advance(timedelta(hours=2))
        await run(restarted, clock)
    finally:
        await restarted.aclose()
    return await OutboxMessage.get(id=message.id)


async def test_killed_while_twilio_answer_is_in_flight_sends_exactly_one_sms(
    db: object, fake: FakeTwilio, clock: FrozenClock
) -> None:
    community = await sms_community(clock=clock)
    assert await available(community, clock=clock) == 30
    message = await enqueue_sms(community, key="crash:1", clock=clock)

    fake.fail_next(Fault.HANG_AFTER_STORE)
    doomed = new_process_sender(fake, clock)
    worker = asyncio.create_task(run(doomed, clock))
    await fake.wait_for_messages(1)  # Twilio took it; its answer never comes back
    worker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await worker
    await doomed.aclose()
    left = await OutboxMessage.get(id=message.id)
    assert left.status is OutboxStatus.SENDING
    assert left.provider_id is None

    final = await restart_and_recover(fake, clock, message)

    [sms] = fake.messages_to(MOBILE)
    assert len(fake.creates) == 1
    assert final.status is OutboxStatus.SENT
    assert final.provider_id == sms.sid
    assert await available(community, clock=clock) == 29
    assert await movements("crash:1", MovementKind.SPEND) == 1
    assert await movements("crash:1", MovementKind.REFUND) == 0


async def test_killed_right_after_twilio_accepted_sends_exactly_one_sms(
    db: object, fake: FakeTwilio, clock: FrozenClock
) -> None:
    community = await sms_community(clock=clock)
    message = await enqueue_sms(community, key="crash:2", clock=clock)
    doomed = new_process_sender(fake, clock)
    dying = DiesAfterSending(doomed)
    try:
        await run(dying, clock)
    finally:
        await doomed.aclose()
    [answer] = dying.answers
    assert answer.provider_id == fake.messages[0].sid  # accepted, never recorded
    assert (await OutboxMessage.get(id=message.id)).status is OutboxStatus.SENDING

    final = await restart_and_recover(fake, clock, message)

    [sms] = fake.messages_to(MOBILE)
    assert len(fake.creates) == 1
    assert final.status is OutboxStatus.SENT
    assert final.provider_id == sms.sid
    assert await available(community, clock=clock) == 29
    assert await movements("crash:2", MovementKind.REFUND) == 0


async def test_killed_after_a_permanent_refusal_refunds_exactly_once(
    db: object, fake: FakeTwilio, clock: FrozenClock
) -> None:
    community = await sms_community(clock=clock)
    message = await enqueue_sms(community, key="crash:3", clock=clock)
    fake.invalid_numbers.add(MOBILE)
    doomed = new_process_sender(fake, clock)
    dying = DiesAfterSending(doomed)
    try:
        await run(dying, clock)
    finally:
        await doomed.aclose()
    assert dying.answers[0].reason is not None
    assert "21211" in dying.answers[0].reason
    assert await available(community, clock=clock) == 30  # refunded before the crash

    final = await restart_and_recover(fake, clock, message)

    assert final.status is OutboxStatus.FAILED
    assert fake.messages == []
    assert await available(community, clock=clock) == 30
    assert await movements("crash:3", MovementKind.REFUND) == 1
