"""The SMS channel: the sandbox outbox, and the real `twilio` client against a local fake Twilio.

Every Twilio test goes through the outbox worker (`run_outbox_once`) with a `FrozenClock`, so
leases, in-doubt delays and reconciliation happen in virtual time. The SMS balance is spent at
enqueue, as the correspondence domain does; it must drop by exactly one per notice that went
out and come back on a permanent refusal.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
import statistics
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.clock import FrozenClock
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.sms import MovementKind, SmsMovement
from notifier import build_notifier
from notifier.base import Notifier, SendOutcome
from notifier.chat import ChatSender
from notifier.outbox import MAX_ATTEMPTS, RECONCILE_AFTER, RECONCILE_EVERY, run_outbox_once
from notifier.sms import SETTLE, OutboxSmsSender, RateLimiter, TwilioSmsSender, attempt_time
from tests.dbutil import settings_for
from tests.fakes import MOBILE, available, enqueue_sms, sms_community
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio, Fault

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
PUBLIC = "https://conserjeria.example.cl"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
async def fake(clock: FrozenClock) -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio(clock=clock.now) as server:
        yield server


def twilio_sender(fake: FakeTwilio, clock: FrozenClock, **overrides: Any) -> TwilioSmsSender:
    values: dict[str, Any] = {
        "account_sid": ACCOUNT_SID,
        "auth_token": AUTH_TOKEN,
        "from_number": FROM_NUMBER,
        "api_base_url": fake.base_url,
        "public_base_url": PUBLIC,
        "rate_per_second": 1000.0,
        "timeout": 5.0,
        "clock": clock,
    }
    values.update(overrides)
    return TwilioSmsSender(**values)


@pytest.fixture
async def sender(fake: FakeTwilio, clock: FrozenClock) -> AsyncIterator[TwilioSmsSender]:
    sms_sender = twilio_sender(fake, clock)
    yield sms_sender
    await sms_sender.aclose()


async def run(sender: Any, clock: FrozenClock, **options: Any) -> int:
    return await run_outbox_once(Notifier({Channel.SMS: sender}), clock=clock, **options)


async def reload(message: OutboxMessage) -> OutboxMessage:
    return await OutboxMessage.get(id=message.id)


async def refunds(key: str) -> int:
    return await SmsMovement.filter(kind=MovementKind.REFUND, reference=key).count()


@pytest.fixture
async def community(db: object, clock: FrozenClock) -> int:
    return await sms_community(clock=clock)


# --- the rate limiter ------------------------------------------------------------------------


class VirtualTime:
    """A monotonic clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.woke: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.woke.append(self.now + seconds)
        await asyncio.sleep(0)


async def test_rate_limiter_grants_are_one_interval_apart_even_concurrently() -> None:
    time = VirtualTime()
    limiter = RateLimiter(4.0, monotonic=time.monotonic, sleep=time.sleep)
    assert await asyncio.gather(*(limiter.acquire() for _ in range(5))) == [None] * 5
    # The first goes at once; the others wait for their slots, 0.25 s apart.
    assert time.woke == pytest.approx([100.25, 100.5, 100.75, 101.0])


async def test_rate_limiter_refuses_a_wait_beyond_the_limit_and_keeps_no_slot() -> None:
    time = VirtualTime()
    limiter = RateLimiter(1.0, monotonic=time.monotonic, sleep=time.sleep)
    for _ in range(3):
        await limiter.acquire()
    assert await limiter.acquire(max_wait=1.5) == pytest.approx(3.0)
    assert await limiter.acquire(max_wait=3.0) is None
    assert time.woke[-1] == pytest.approx(103.0)  # the refused call did not take slot 103
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(0)


async def test_twilio_rate_holds_at_the_server(
    community: int, fake: FakeTwilio, clock: FrozenClock
) -> None:
    rate, count = 20.0, 8
    sender = twilio_sender(fake, clock, rate_per_second=rate)
    try:
        for i in range(count):
            await enqueue_sms(community, key=f"rate:{i}", clock=clock, body=f"Aviso {i}")
        assert await run(sender, clock, concurrency=count) == count
    finally:
        await sender.aclose()
    arrivals = sorted(r.received_at for r in fake.creates)
    assert len(arrivals) == count
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    interval = 1 / rate
    # Requests leave at least 1/rate apart; arrival jitter on a busy machine gets one interval.
    assert arrivals[-1] - arrivals[0] >= (count - 2) * interval
    assert statistics.median(gaps) >= 0.8 * interval


# --- backends --------------------------------------------------------------------------------


async def test_outbox_backend_sends_nothing_and_keeps_the_sms_visible(
    community: int, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="outbox:1", clock=clock)
    assert await run(OutboxSmsSender(), clock) == 1
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == "outbox"
    assert row.body == message.body
    assert await available(community, clock=clock) == 29


def test_build_notifier_follows_the_sms_backend(db_url: str) -> None:
    default = build_notifier(settings_for(db_url).notifier_config())
    assert isinstance(default.senders[Channel.SMS], OutboxSmsSender)
    assert Channel.CHAT not in default.senders

    settings = settings_for(
        db_url,
        sms_backend="twilio",
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=AUTH_TOKEN,
        twilio_messaging_service_sid="MG" + "1" * 32,
        twilio_api_base_url="http://127.0.0.1:9/",
        public_base_url=PUBLIC + "/",
        sms_rate_per_second=5,
    )
    bot = object()
    twilio = build_notifier(settings.notifier_config(), bot=bot)  # type: ignore[arg-type]
    sender = twilio.senders[Channel.SMS]
    assert isinstance(sender, TwilioSmsSender)
    assert sender.from_number is None
    assert sender.messaging_service_sid == "MG" + "1" * 32
    assert sender.api_base_url == "http://127.0.0.1:9"
    assert sender.public_base_url == PUBLIC
    assert sender.limiter.interval == pytest.approx(0.2)
    chat = twilio.senders[Channel.CHAT]
    assert isinstance(chat, ChatSender)
    assert chat.bot is bot


def test_settings_refuse_a_relative_callback_path(db_url: str) -> None:
    with pytest.raises(ValueError, match="twilio_status_callback_path"):
        settings_for(db_url, twilio_status_callback_path="twilio/status")
    with pytest.raises(ValueError, match="sms_rate_per_second"):
        settings_for(db_url, sms_rate_per_second=0)


# --- Twilio: accepted --------------------------------------------------------------------------


async def test_accepted_sms_records_twilio_sid_and_callback_url(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="ok:1", clock=clock)
    assert await run(sender, clock) == 1

    [create] = fake.creates
    assert create.authorized
    assert create.form == {
        "To": MOBILE,
        "From": FROM_NUMBER,
        "Body": message.body,
        "StatusCallback": f"{PUBLIC}/twilio/status?outbox={message.id}",
    }
    [stored] = fake.messages
    assert stored.sid.startswith("SM")
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == stored.sid
    assert row.sent_at == T0
    assert await available(community, clock=clock) == 29
    assert await refunds("ok:1") == 0
    assert await run(sender, clock) == 0  # nothing left to send


async def test_messaging_service_is_used_when_there_is_no_from_number(
    community: int, fake: FakeTwilio, clock: FrozenClock
) -> None:
    service = "MG" + "2" * 32
    sender = twilio_sender(fake, clock, from_number=None, messaging_service_sid=service)
    try:
        message = await enqueue_sms(community, key="ms:1", clock=clock)
        await run(sender, clock)
    finally:
        await sender.aclose()
    [create] = fake.creates
    assert create.form["MessagingServiceSid"] == service
    assert "From" not in create.form
    assert (await reload(message)).provider_id == fake.messages[0].sid


# --- Twilio: refused ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (21211, "The 'To' number +56961234567 is not a valid phone number."),
        (21614, "'To' number +56961234567 is not a mobile number"),
        (21408, "Permission to send an SMS has not been enabled for the region"),
    ],
)
async def test_permanent_refusal_fails_and_refunds_exactly_once(
    community: int,
    fake: FakeTwilio,
    sender: TwilioSmsSender,
    clock: FrozenClock,
    code: int,
    text: str,
) -> None:
    message = await enqueue_sms(community, key=f"bad:{code}", clock=clock)
    assert await available(community, clock=clock) == 29
    fake.fail_next(Fault.REJECT, code=code, message=text)

    assert await run(sender, clock) == 1
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert str(code) in (row.last_error or "")
    assert MOBILE not in (row.last_error or "")
    assert fake.messages == []
    assert await available(community, clock=clock) == 30
    assert await refunds(message.idempotency_key) == 1

    clock.advance(timedelta(hours=2))
    assert await run(sender, clock) == 0  # final: never retried, never refunded again
    assert len(fake.creates) == 1
    assert await refunds(message.idempotency_key) == 1
    assert await available(community, clock=clock) == 30


async def test_invalid_number_known_to_twilio_gets_21211(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    fake.invalid_numbers.add("+56961234500")
    message = await enqueue_sms(community, key="bad:number", clock=clock, recipient="+56961234500")
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert "21211" in (row.last_error or "")
    assert "+56961234500" not in (row.last_error or "")
    assert await available(community, clock=clock) == 30


async def test_wrong_credentials_retry_without_refund(
    community: int, fake: FakeTwilio, clock: FrozenClock
) -> None:
    sender = twilio_sender(fake, clock, auth_token="not-the-token")
    try:
        message = await enqueue_sms(community, key="auth:1", clock=clock)
        await run(sender, clock)
    finally:
        await sender.aclose()
    row = await reload(message)
    assert row.status is OutboxStatus.PENDING
    assert row.next_attempt_at is not None
    assert row.next_attempt_at > T0
    assert "20003" in (row.last_error or "")
    assert await available(community, clock=clock) == 29
    assert await refunds("auth:1") == 0


async def test_throttled_on_the_last_attempt_fails_and_refunds(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="busy:1", clock=clock)
    fake.fail_next(Fault.REJECT, status=429, code=20429, message="Too Many Requests")
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.PENDING  # an ordinary retry: nothing refunded yet
    assert await available(community, clock=clock) == 29

    await OutboxMessage.filter(id=message.id).update(attempts=MAX_ATTEMPTS - 1, next_attempt_at=T0)
    fake.fail_next(Fault.REJECT, status=429, code=20429, message="Too Many Requests")
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert row.attempts == MAX_ATTEMPTS
    assert await available(community, clock=clock) == 30
    assert await refunds("busy:1") == 1


async def test_unreachable_twilio_is_a_plain_retry(community: int, clock: FrozenClock) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sender = TwilioSmsSender(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number=FROM_NUMBER,
        api_base_url=f"http://127.0.0.1:{port}",
        clock=clock,
    )
    try:
        message = await enqueue_sms(community, key="down:1", clock=clock)
        await run(sender, clock)
    finally:
        await sender.aclose()
    row = await reload(message)
    assert row.status is OutboxStatus.PENDING  # never reached Twilio: safe to send again
    assert "connect" in (row.last_error or "")
    assert await available(community, clock=clock) == 29


# --- Twilio: unknown outcomes and reconciliation -----------------------------------------------


async def test_500_after_twilio_stored_it_is_reconciled_and_never_resent(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="doubt:1", clock=clock)
    fake.fail_next(Fault.ERROR_AFTER_STORE)
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.IN_DOUBT
    assert attempt_time(row) == T0
    assert len(fake.messages) == 1

    clock.advance(RECONCILE_AFTER)
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == fake.messages[0].sid
    assert len(fake.creates) == 1
    assert len(fake.lists) >= 1
    listed = fake.lists[0].query
    assert listed["To"] == MOBILE
    assert listed["From"] == FROM_NUMBER
    assert listed["DateSent>"].startswith("2026-03-02")
    assert await available(community, clock=clock) == 29
    assert await refunds("doubt:1") == 0


async def test_500_before_twilio_stored_it_is_resent_once_after_the_delay(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="doubt:2", clock=clock)
    fake.fail_next(Fault.ERROR)
    await run(sender, clock)
    assert (await reload(message)).status is OutboxStatus.IN_DOUBT
    assert fake.messages == []

    clock.advance(RECONCILE_AFTER)  # not in the list, but the attempt is younger than SETTLE
    assert RECONCILE_AFTER < SETTLE
    await run(sender, clock)
    assert (await reload(message)).status is OutboxStatus.IN_DOUBT
    assert len(fake.creates) == 1

    clock.advance(RECONCILE_EVERY)
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert len(fake.creates) == 2
    [stored] = fake.messages_to(MOBILE)
    assert row.provider_id == stored.sid
    assert await available(community, clock=clock) == 29

    clock.advance(timedelta(hours=1))
    await run(sender, clock)
    assert len(fake.creates) == 2


async def test_dropped_connection_after_store_is_in_doubt_then_sent(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="drop:1", clock=clock)
    fake.fail_next(Fault.DROP_AFTER_STORE)
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.IN_DOUBT
    assert "answer lost" in (row.last_error or "")

    clock.advance(RECONCILE_AFTER)
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == fake.messages[0].sid
    assert len(fake.creates) == 1


async def test_timeout_is_in_doubt_and_found_later(
    community: int, fake: FakeTwilio, clock: FrozenClock
) -> None:
    sender = twilio_sender(fake, clock, timeout=0.3)
    try:
        message = await enqueue_sms(community, key="slow:1", clock=clock)
        fake.fail_next(Fault.HANG_AFTER_STORE)
        await run(sender, clock)
        row = await reload(message)
        assert row.status is OutboxStatus.IN_DOUBT
        assert "in time" in (row.last_error or "")

        clock.advance(RECONCILE_AFTER)
        await run(sender, clock)
    finally:
        await sender.aclose()
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == fake.messages[0].sid
    assert len(fake.creates) == 1


async def test_reconcile_finds_a_message_still_queued_without_send_date(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    fake.send_immediately = False
    message = await enqueue_sms(community, key="queued:1", clock=clock)
    fake.fail_next(Fault.ERROR_AFTER_STORE)
    await run(sender, clock)
    clock.advance(SETTLE + RECONCILE_AFTER)
    await run(sender, clock)
    row = await reload(message)
    assert fake.messages[0].date_sent is None
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == fake.messages[0].sid
    assert len(fake.creates) == 1


async def test_reconcile_waits_while_twilio_cannot_be_listed(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="nolist:1", clock=clock)
    fake.fail_next(Fault.ERROR)
    await run(sender, clock)
    fake.list_failures = 100
    for _ in range(3):
        clock.advance(RECONCILE_EVERY)
        await run(sender, clock)
        assert (await reload(message)).status is OutboxStatus.IN_DOUBT
    assert len(fake.creates) == 1  # in doubt and unanswerable: never resent blindly

    fake.list_failures = 0
    clock.advance(RECONCILE_EVERY)
    await run(sender, clock)
    assert (await reload(message)).status is OutboxStatus.SENT
    assert len(fake.messages_to(MOBILE)) == 1


async def test_reconcile_never_takes_a_sid_already_recorded_for_another_notice(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    body = "Conserjeria: tienes correspondencia en conserjeria."
    first = await enqueue_sms(community, key="same:1", clock=clock, body=body)
    await run(sender, clock)
    second = await enqueue_sms(community, key="same:2", clock=clock, body=body)
    fake.fail_next(Fault.ERROR)
    await run(sender, clock)
    clock.advance(SETTLE + RECONCILE_AFTER)
    await run(sender, clock)

    one, two = await reload(first), await reload(second)
    assert one.status is OutboxStatus.SENT
    assert two.status is OutboxStatus.SENT
    assert one.provider_id != two.provider_id
    assert {one.provider_id, two.provider_id} == {m.sid for m in fake.messages}
    assert await available(community, clock=clock) == 28


async def test_reconcile_of_a_message_twilio_failed_refunds(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="tfail:1", clock=clock)
    fake.fail_next(Fault.ERROR_AFTER_STORE)
    await run(sender, clock)
    fake.set_status(fake.messages[0].sid, "failed", error_code=30008)
    clock.advance(RECONCILE_AFTER)
    await run(sender, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert "30008" in (row.last_error or "")
    assert await available(community, clock=clock) == 30
    assert await refunds("tfail:1") == 1


async def test_send_results_map_to_outcomes_without_the_worker(
    community: int, fake: FakeTwilio, sender: TwilioSmsSender, clock: FrozenClock
) -> None:
    message = await enqueue_sms(community, key="direct:1", clock=clock)
    message.attempts = 1
    fake.fail_next(Fault.DROP)
    result = await sender.send(message)
    assert result.outcome is SendOutcome.IN_DOUBT  # the request may have arrived
    clock.advance(SETTLE)
    reconciled = await sender.reconcile(message)
    assert reconciled is not None
    assert reconciled.outcome is SendOutcome.RETRY  # never reached Twilio
    fake.fail_next(Fault.ERROR, status=503)
    assert (await sender.send(message)).outcome is SendOutcome.IN_DOUBT
    assert (await sender.send(message)).outcome is SendOutcome.SENT


# --- privacy ---------------------------------------------------------------------------------


async def test_logs_never_show_phone_numbers_or_bodies(
    community: int,
    fake: FakeTwilio,
    sender: TwilioSmsSender,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ours = ("notifier", "twilio", "aiohttp")  # the database's own SQL echo is not ours to judge
    for name in ours:
        caplog.set_level(logging.DEBUG, logger=name)
    body = "Conserjeria: paquete Starken para Depto 101, codigo ZX8Q4."
    bad = await enqueue_sms(community, key="log:1", clock=clock, body=body)
    fake.fail_next(Fault.REJECT, message="The 'To' number +56961234567 is not valid.")
    await run(sender, clock)
    doubt = await enqueue_sms(community, key="log:2", clock=clock, body=body)
    fake.fail_next(Fault.ERROR)
    await run(sender, clock)
    clock.advance(RECONCILE_EVERY)
    await run(sender, clock)

    assert (await reload(bad)).status is OutboxStatus.FAILED
    assert (await reload(doubt)).status is OutboxStatus.SENT
    records = [r for r in caplog.records if r.name.startswith(ours)]
    assert records, "the sender and worker log what happened"
    text = "\n".join(r.getMessage() for r in records)
    assert "61234567" not in text
    assert "ZX8Q4" not in text
    assert "Starken" not in text
