"""Each channel progresses on its own; failed notices can be queued again (issue 12, item 11).

The hung server is a local TCP server that accepts and never greets (`SilentServer`); the SMS
goes to the local fake Twilio. Order is read from events (connections, stored messages), never
from durations.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from models.clock import FrozenClock
from models.outbox import INVITATION, Channel, OutboxMessage, OutboxStatus, enqueue
from models.sms import refund
from notifier.base import Notifier
from notifier.email import OutboxEmailSender, SmtpEmailSender
from notifier.lanes import run_lanes
from notifier.outbox import MAX_ATTEMPTS, run_outbox_once
from notifier.requeue import requeue_failed
from notifier.sms import TwilioSmsSender
from tests.fakes import MOBILE, available, enqueue_sms, sms_community
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio
from tests.notifier.smtp import SilentServer

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
async def silent() -> AsyncIterator[SilentServer]:
    async with SilentServer([]) as server:
        yield server


@pytest.fixture
async def notifier(
    fake: FakeTwilio, silent: SilentServer, clock: FrozenClock
) -> AsyncIterator[Notifier]:
    """E-mail to the server that never greets; SMS to the fake Twilio."""
    email = SmtpEmailSender(
        host="127.0.0.1", port=silent.port, email_from=EMAIL_FROM, security="none", timeout=2.0
    )
    sms = TwilioSmsSender(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number=FROM_NUMBER,
        api_base_url=fake.base_url,
        rate_per_second=1000.0,
        timeout=5.0,
        clock=clock,
    )
    both = Notifier({Channel.EMAIL: email, Channel.SMS: sms})
    yield both
    await both.close()


async def emails(count: int, *, prefix: str = "mail") -> list[OutboxMessage]:
    return [
        await enqueue(
            key=f"{prefix}:{i}",
            channel=Channel.EMAIL,
            recipient=f"vecino{i}@example.com",
            subject="Aviso",
            body=f"Hola {i}",
        )
        for i in range(count)
    ]


async def test_a_hung_smtp_server_does_not_hold_back_an_sms_queued_after_it(
    db, notifier: Notifier, fake: FakeTwilio, silent: SilentServer, clock: FrozenClock
) -> None:
    mails = await emails(3)
    community = await sms_community(clock=clock)
    sms = await enqueue_sms(community, key="sms:after-mails", clock=clock)
    assert all(m.id < sms.id for m in mails)

    run = asyncio.create_task(run_outbox_once(notifier, clock=clock))
    await fake.wait_for_messages(1)
    silent.events.append("sms stored at Twilio")
    await silent.connected.wait()
    # The SMS went out while the first e-mail was still waiting for a greeting.
    assert silent.events[:2] in (
        ["connect 1", "sms stored at Twilio"],
        ["sms stored at Twilio", "connect 1"],
    )
    assert silent.connections == 1
    silent.hang_up()
    assert await run == 4

    assert (await OutboxMessage.get(id=sms.id)).status is OutboxStatus.SENT
    assert [m.status for m in await OutboxMessage.filter(channel=Channel.EMAIL)] == [
        OutboxStatus.PENDING
    ] * 3
    assert len(fake.messages_to(MOBILE)) == 1


async def test_the_job_starts_idle_channels_while_a_hung_one_is_still_busy(
    db, notifier: Notifier, fake: FakeTwilio, silent: SilentServer, clock: FrozenClock
) -> None:
    await emails(3)
    community = await sms_community(clock=clock)
    await enqueue_sms(community, key="sms:first", clock=clock)

    await run_lanes(notifier, clock, wait=timedelta(0))  # the job returns; its runs go on
    await notifier.lanes[Channel.SMS]
    await silent.connected.wait()
    second = await enqueue_sms(community, key="sms:second", clock=clock)

    await run_lanes(notifier, clock, wait=timedelta(0))
    await notifier.lanes[Channel.SMS]
    assert (await OutboxMessage.get(id=second.id)).status is OutboxStatus.SENT
    assert len(fake.messages_to(MOBILE)) == 2
    assert silent.connections == 1  # the e-mail run still going was not started twice
    assert not notifier.lanes[Channel.EMAIL].done()

    await notifier.close()
    assert notifier.lanes == {}


async def test_a_retried_email_does_not_jump_ahead_of_mail_due_earlier(db) -> None:
    clock = FrozenClock(T0)
    retried, fresh = await emails(2)
    # The first failed once and is due again at T0 + 30 s; the second was written at T0 + 10 s.
    await OutboxMessage.filter(id=retried.id).update(
        attempts=1, next_attempt_at=T0 + timedelta(seconds=30), created_at=T0
    )
    await OutboxMessage.filter(id=fresh.id).update(created_at=T0 + timedelta(seconds=10))
    clock.set(T0 + timedelta(minutes=1))
    notifier = Notifier({Channel.EMAIL: OutboxEmailSender(email_from=EMAIL_FROM)})
    assert await run_outbox_once(notifier, clock=clock, limit=1) == 1
    assert (await OutboxMessage.get(id=fresh.id)).status is OutboxStatus.SENT
    assert (await OutboxMessage.get(id=retried.id)).status is OutboxStatus.PENDING


# --- failed notices queued again ---------------------------------------------------------------


async def test_failed_notices_are_queued_again_with_their_error_kept_as_a_note(db) -> None:
    clock = FrozenClock(T0)
    mail, other = await emails(2)
    chat = await enqueue(key="chat:1", channel=Channel.CHAT, recipient="42", body="Hola")
    community = await sms_community(clock=clock)
    paid = await enqueue_sms(community, key="sms:paid", clock=clock)
    refunded = await enqueue_sms(community, key="sms:refunded", clock=clock)
    await refund("sms:refunded", clock=clock)
    invitation = await enqueue(
        key="invite:1", channel=Channel.EMAIL, recipient="tomas@andes.cl", body="[enlace]"
    )
    await OutboxMessage.filter(id=invitation.id).update(template=INVITATION)
    failed = [mail, chat, paid, refunded, invitation]
    await OutboxMessage.filter(id__in=[m.id for m in failed]).update(
        status=OutboxStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="gave up after 8 attempts"
    )

    only_chat = await requeue_failed(Channel.CHAT)
    assert (only_chat.total, only_chat.by_channel[Channel.CHAT]) == (1, 1)

    done = await requeue_failed()
    assert dict(done.by_channel) == {Channel.EMAIL: 1, Channel.SMS: 1}
    assert (done.invitations, done.refunded_sms) == (1, 1)
    for message in (mail, paid):
        row = await OutboxMessage.get(id=message.id)
        assert (row.status, row.attempts, row.next_attempt_at) == (OutboxStatus.PENDING, 0, None)
        assert row.last_error == "re-queued after: gave up after 8 attempts"
    assert (await OutboxMessage.get(id=refunded.id)).status is OutboxStatus.FAILED
    assert (await OutboxMessage.get(id=invitation.id)).status is OutboxStatus.FAILED
    assert (await OutboxMessage.get(id=other.id)).status is OutboxStatus.PENDING
    assert await available(community, clock=clock) == 29  # the re-queued SMS was paid once
    assert (await requeue_failed()).total == 0


async def test_requeue_since_leaves_older_failures(db) -> None:
    old, recent = await emails(2)
    await OutboxMessage.filter(id=old.id).update(
        status=OutboxStatus.FAILED, created_at=T0 - timedelta(days=3)
    )
    await OutboxMessage.filter(id=recent.id).update(status=OutboxStatus.FAILED, created_at=T0)
    done = await requeue_failed(since=T0 - timedelta(days=1))
    assert done.total == 1
    assert (await OutboxMessage.get(id=old.id)).status is OutboxStatus.FAILED
    assert (await OutboxMessage.get(id=recent.id)).status is OutboxStatus.PENDING
