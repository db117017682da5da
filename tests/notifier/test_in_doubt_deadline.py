"""An SMS whose outcome Twilio cannot tell is decided after a deadline (issue 12, item 12b).

The fake Twilio keeps failing its message list, so reconciliation never learns anything. Past
`IN_DOUBT_DEADLINE` the SMS is FAILED, refunded once, and the administrators are told once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from models.clock import FrozenClock
from models.core import Community, Profile, StaffUser
from models.outbox import SMS_UNCONFIRMED, Channel, OutboxMessage, OutboxStatus
from models.sms import MovementKind, SmsMovement
from notifier.base import Notifier
from notifier.email import OutboxEmailSender
from notifier.outbox import IN_DOUBT_DEADLINE, RECONCILE_EVERY, run_outbox_once
from notifier.sms import TwilioSmsSender
from tests.fakes import available, enqueue_sms, sms_community
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio, Fault

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
EMAIL_FROM = "Conserjería <no-responder@conserjeria.example>"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
async def fake(clock: FrozenClock) -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio(clock=clock.now) as server:
        yield server


@pytest.fixture
async def notifier(fake: FakeTwilio, clock: FrozenClock) -> AsyncIterator[Notifier]:
    sms = TwilioSmsSender(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number=FROM_NUMBER,
        api_base_url=fake.base_url,
        rate_per_second=1000.0,
        timeout=5.0,
        clock=clock,
    )
    email = OutboxEmailSender(email_from=EMAIL_FROM)
    both = Notifier({Channel.SMS: sms, Channel.EMAIL: email})
    yield both
    await both.close()


async def community_with_an_administrator(clock: FrozenClock) -> int:
    community_id = await sms_community(clock=clock)
    community = await Community.get(id=community_id)
    admin = await StaffUser.create(
        administration_id=community.administration_id,
        first_name="Andrés",
        last_name="Pérez",
        email="andres@andes.cl",
        profile=Profile.ADMIN,
    )
    await admin.communities.add(community)
    return community_id


async def refunds(key: str) -> int:
    return await SmsMovement.filter(kind=MovementKind.REFUND, reference=key).count()


async def test_an_sms_undecided_past_the_deadline_fails_refunds_and_tells_the_admins_once(
    db, notifier: Notifier, fake: FakeTwilio, clock: FrozenClock
) -> None:
    community = await community_with_an_administrator(clock)
    message = await enqueue_sms(community, key="undecided:1", clock=clock)
    fake.fail_next(Fault.ERROR)  # a 500: Twilio may or may not have it
    await run_outbox_once(notifier, clock=clock)
    assert (await OutboxMessage.get(id=message.id)).status is OutboxStatus.IN_DOUBT
    assert await available(community, clock=clock) == 29
    fake.list_failures = 10_000  # and it can never be asked

    clock.set(T0 + IN_DOUBT_DEADLINE - RECONCILE_EVERY)
    await run_outbox_once(notifier, clock=clock)
    assert (await OutboxMessage.get(id=message.id)).status is OutboxStatus.IN_DOUBT
    assert await refunds("undecided:1") == 0

    clock.set(T0 + IN_DOUBT_DEADLINE + timedelta(seconds=1))
    for _ in range(2):
        await run_outbox_once(notifier, clock=clock)
        row = await OutboxMessage.get(id=message.id)
        assert row.status is OutboxStatus.FAILED
        assert "given up as not sent" in (row.last_error or "")
        assert await refunds("undecided:1") == 1
        assert await available(community, clock=clock) == 30
        warned = await OutboxMessage.filter(template=SMS_UNCONFIRMED)
        assert [(m.recipient, m.community_id) for m in warned] == [("andres@andes.cl", community)]
    assert len(fake.creates) == 1  # never resent blindly

    [mail] = warned
    assert mail.status is OutboxStatus.SENT
    assert mail.subject is not None
    assert "Un SMS no pudo confirmarse" in mail.subject
    assert "24 horas" in mail.body
    assert "Devolvimos 1 SMS" in mail.body
    assert "02-03-2026 12:00" in mail.body  # the attempt, in Santiago's time


async def test_an_answer_from_twilio_at_the_deadline_wins(
    db, notifier: Notifier, fake: FakeTwilio, clock: FrozenClock
) -> None:
    community = await community_with_an_administrator(clock)
    message = await enqueue_sms(community, key="undecided:2", clock=clock)
    fake.fail_next(Fault.ERROR_AFTER_STORE)  # Twilio has it, but answered 500
    await run_outbox_once(notifier, clock=clock)
    clock.set(T0 + IN_DOUBT_DEADLINE + timedelta(hours=1))
    await run_outbox_once(notifier, clock=clock)
    row = await OutboxMessage.get(id=message.id)
    assert (row.status, row.provider_id) == (OutboxStatus.SENT, fake.messages[0].sid)
    assert await refunds("undecided:2") == 0
    assert await OutboxMessage.filter(template=SMS_UNCONFIRMED).count() == 0
