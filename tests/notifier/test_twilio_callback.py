"""Twilio status callbacks: signed by the fake Twilio, received by our aiohttp route.

The SMS goes out through the real `twilio` client to the fake; the fake then POSTs status
callbacks to the StatusCallback URL our sender gave it (PUBLIC_BASE_URL points at a server in
this test's event loop), signed with the account's auth token, as Twilio does.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from aiohttp import web

from bot.settings import Settings
from models.clock import FrozenClock
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.sms import MovementKind, SmsMovement
from notifier.base import Notifier
from notifier.outbox import RECONCILE_AFTER, RECONCILE_EVERY, run_outbox_once
from notifier.sms import TwilioSmsSender
from notifier.twilio_callback import (
    add_twilio_routes,
    record_status,
    start_callback_server,
    status_callback_url,
)
from tests.dbutil import settings_for
from tests.fakes import available, enqueue_sms, sms_community
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio, Fault

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@dataclass
class Rig:
    settings: Settings
    fake: FakeTwilio
    sender: TwilioSmsSender
    clock: FrozenClock
    community: int

    async def send(self, key: str) -> OutboxMessage:
        message = await enqueue_sms(self.community, key=key, clock=self.clock)
        await run_outbox_once(Notifier({Channel.SMS: self.sender}), clock=self.clock)
        return await OutboxMessage.get(id=message.id)

    async def run(self) -> None:
        await run_outbox_once(Notifier({Channel.SMS: self.sender}), clock=self.clock)


def twilio_settings(db_url: str, fake: FakeTwilio, public_base_url: str) -> Settings:
    return settings_for(
        db_url,
        sms_backend="twilio",
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=AUTH_TOKEN,
        twilio_from=FROM_NUMBER,
        twilio_api_base_url=fake.base_url,
        public_base_url=public_base_url,
        sms_rate_per_second=1000,
    )


@pytest.fixture
async def rig(db: object, db_url: str) -> AsyncIterator[Rig]:
    clock = FrozenClock(T0)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    async with FakeTwilio(clock=clock.now) as fake:
        settings = twilio_settings(db_url, fake, f"http://127.0.0.1:{port}")
        app = web.Application()
        add_twilio_routes(app, settings.twilio_config(), clock=clock)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.SockSite(runner, listener).start()
        sender = TwilioSmsSender.from_config(settings.twilio_config(), clock=clock)
        try:
            community = await sms_community(clock=clock)
            yield Rig(settings, fake, sender, clock, community)
        finally:
            await sender.aclose()
            await runner.cleanup()
            listener.close()


async def row(message: OutboxMessage) -> OutboxMessage:
    return await OutboxMessage.get(id=message.id)


async def refunds(key: str) -> int:
    return await SmsMovement.filter(kind=MovementKind.REFUND, reference=key).count()


# --- moving forward ----------------------------------------------------------------------------


async def test_signed_delivered_callback_moves_sent_to_delivered(rig: Rig) -> None:
    message = await rig.send("cb:1")
    assert message.status is OutboxStatus.SENT
    [stored] = rig.fake.messages
    assert stored.status_callback == status_callback_url(
        rig.settings.public_base_url or "", "/twilio/status", message.id
    )

    assert await rig.fake.send_status_callback(stored.sid, "delivered") == 200
    after = await row(message)
    assert after.status is OutboxStatus.DELIVERED
    assert after.provider_id == stored.sid
    assert after.sent_at == T0
    assert await available(rig.community, clock=rig.clock) == 29


async def test_repeated_and_late_callbacks_never_move_backwards(rig: Rig) -> None:
    message = await rig.send("cb:2")
    sid = rig.fake.messages[0].sid
    seen = []
    for status in ("sent", "delivered", "queued", "sent", "delivered", "undelivered", "failed"):
        assert await rig.fake.send_status_callback(sid, status) == 200
        seen.append((await row(message)).status)
    assert seen == [OutboxStatus.SENT] + [OutboxStatus.DELIVERED] * 6
    assert await refunds("cb:2") == 0


async def test_undelivered_is_final_and_not_refunded(rig: Rig) -> None:
    message = await rig.send("cb:3")
    sid = rig.fake.messages[0].sid
    assert await rig.fake.send_status_callback(sid, "undelivered", error_code=30003) == 200
    assert await rig.fake.send_status_callback(sid, "delivered") == 200
    after = await row(message)
    assert after.status is OutboxStatus.FAILED
    assert "undelivered" in (after.last_error or "")
    assert "30003" in (after.last_error or "")
    # Twilio charges for what it handed to the carrier: the SMS stays spent.
    assert await available(rig.community, clock=rig.clock) == 29
    assert await refunds("cb:3") == 0


async def test_failed_is_refunded_once_however_often_it_arrives(rig: Rig) -> None:
    message = await rig.send("cb:4")
    sid = rig.fake.messages[0].sid
    for _ in range(3):
        assert await rig.fake.send_status_callback(sid, "failed", error_code=30008) == 200
    after = await row(message)
    assert after.status is OutboxStatus.FAILED
    assert await available(rig.community, clock=rig.clock) == 30
    assert await refunds("cb:4") == 1


async def test_callback_settles_an_in_doubt_sms_and_nothing_is_resent(rig: Rig) -> None:
    rig.fake.fail_next(Fault.ERROR)  # Twilio will "lose" the first...
    rig.fake.fail_next(Fault.ERROR_AFTER_STORE)  # ...and keep the second, answering 500
    message = await rig.send("cb:5")
    assert message.status is OutboxStatus.IN_DOUBT
    rig.clock.advance(RECONCILE_AFTER + RECONCILE_EVERY)
    await rig.run()  # not found after the delay: sent again, with an unknown outcome again
    message = await row(message)
    assert message.status is OutboxStatus.IN_DOUBT
    [stored] = rig.fake.messages

    assert await rig.fake.send_status_callback(stored.sid, "sent") == 200
    settled = await row(message)
    assert settled.status is OutboxStatus.SENT
    assert settled.provider_id == stored.sid

    rig.clock.advance(timedelta(hours=1))
    await rig.run()
    assert len(rig.fake.creates) == 2
    assert len(rig.fake.messages) == 1
    assert (await row(message)).status is OutboxStatus.SENT


async def test_callback_for_another_sid_is_ignored(rig: Rig) -> None:
    message = await rig.send("cb:6")
    assert await record_status(message.id, "SM" + "f" * 32, "failed", clock=rig.clock) is None
    after = await row(message)
    assert after.status is OutboxStatus.SENT
    assert await refunds("cb:6") == 0


async def test_callback_for_an_unknown_row_changes_nothing(rig: Rig) -> None:
    message = await rig.send("cb:7")
    url = status_callback_url(rig.settings.public_base_url or "", "/twilio/status", 999_999)
    params = {"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"}
    async with aiohttp.ClientSession() as session:
        headers = {"X-Twilio-Signature": rig.fake.sign(url, params)}
        async with session.post(url, data=params, headers=headers) as response:
            assert response.status == 200
    assert (await row(message)).status is OutboxStatus.SENT


# --- refusing forgeries ------------------------------------------------------------------------


async def test_bad_or_missing_signature_is_403_and_changes_nothing(rig: Rig) -> None:
    message = await rig.send("cb:8")
    sid = rig.fake.messages[0].sid
    forged = "bm90IGEgc2lnbmF0dXJl"
    assert await rig.fake.send_status_callback(sid, "failed", signature=forged) == 403
    assert await rig.fake.send_status_callback(sid, "failed", signature="") == 403
    after = await row(message)
    assert after.status is OutboxStatus.SENT
    assert await available(rig.community, clock=rig.clock) == 29


async def test_signature_must_cover_the_exact_public_url(rig: Rig) -> None:
    mine = await rig.send("cb:9")
    other = await rig.send("cb:10")
    params = {"MessageSid": rig.fake.messages[1].sid, "MessageStatus": "failed"}
    base = rig.settings.public_base_url or ""
    signed_for_mine = rig.fake.sign(status_callback_url(base, "/twilio/status", mine.id), params)
    async with aiohttp.ClientSession() as session:
        # A valid signature replayed against another notice's URL: refused.
        url = status_callback_url(base, "/twilio/status", other.id)
        headers = {"X-Twilio-Signature": signed_for_mine}
        async with session.post(url, data=params, headers=headers) as response:
            assert response.status == 403
    assert (await row(other)).status is OutboxStatus.SENT
    assert await refunds("cb:10") == 0


async def test_behind_a_proxy_the_public_url_is_what_counts(db: object, db_url: str) -> None:
    clock = FrozenClock(T0)
    public = "https://conserjeria.example.cl/hooks"
    async with FakeTwilio(clock=clock.now) as fake:
        settings = twilio_settings(db_url, fake, public)
        community = await sms_community(clock=clock)
        message = await enqueue_sms(community, key="proxy:1", clock=clock)
        await OutboxMessage.filter(id=message.id).update(
            status=OutboxStatus.SENT, provider_id="SM" + "a" * 32
        )
        async with start_callback_server(
            settings.twilio_config(), clock=clock, host="127.0.0.1", port=0
        ) as port:
            assert port is not None
            local = f"http://127.0.0.1:{port}/twilio/status?outbox={message.id}"
            params = {"MessageSid": "SM" + "a" * 32, "MessageStatus": "delivered"}
            async with aiohttp.ClientSession() as session:
                wrong = {"X-Twilio-Signature": fake.sign(local, params)}
                async with session.post(local, data=params, headers=wrong) as response:
                    assert response.status == 403
                assert (await row(message)).status is OutboxStatus.SENT
                public_url = status_callback_url(public, "/twilio/status", message.id)
                right = {"X-Twilio-Signature": fake.sign(public_url, params)}
                async with session.post(local, data=params, headers=right) as response:
                    assert response.status == 200
    assert (await row(message)).status is OutboxStatus.DELIVERED


# --- mounting ----------------------------------------------------------------------------------


async def test_callback_server_only_with_twilio_and_a_public_url(db_url: str) -> None:
    async with start_callback_server(
        settings_for(db_url).twilio_config(), host="127.0.0.1", port=0
    ) as port:
        assert port is None
    app = web.Application()
    add_twilio_routes(app, settings_for(db_url).twilio_config())
    assert not [r for r in app.router.routes() if r.method == "POST"]

    async with FakeTwilio() as fake:
        settings = twilio_settings(db_url, fake, "https://conserjeria.example.cl")
        twilio_app = web.Application()
        add_twilio_routes(twilio_app, settings.twilio_config())
        posts = [r for r in twilio_app.router.routes() if r.method == "POST"]
        assert [r.resource.canonical for r in posts if r.resource] == ["/twilio/status"]
        no_public = settings.model_copy(update={"public_base_url": None})
        async with start_callback_server(
            no_public.twilio_config(), host="127.0.0.1", port=0
        ) as port:
            assert port is None
