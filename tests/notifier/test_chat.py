"""Chat notices: through the real bot and the sandbox emulator, and the Bot API's error cases.

The emulator cases send with the application's own bot (`app.bot`) and check what the resident
sees in the sandbox. Flood control and network failures cannot be provoked in the emulator, so
those use a scripted stand-in for the bot that raises python-telegram-bot's real exceptions.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from PIL import Image
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.sandbox_app import sandbox
from models.clock import FrozenClock
from models.outbox import Channel, OutboxMessage, OutboxStatus, enqueue
from notifier.base import Notifier, SendOutcome
from notifier.chat import CAPTION_LIMIT, ChatSender, photo_of, visible_length
from notifier.outbox import RETRY_BASE, run_outbox_once
from sandbox import BotApiEmulator
from tests.chat import Simulator, text_of
from tests.dbutil import settings_for
from tests.logos import stored_logo
from tests.models.test_images import BLUE, RED

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
RODRIGO = 1004
NOTICE = "📦 Llegó un <b>paquete</b> para Depto 101. Código de retiro: <code>K7M2Q</code>"


async def chat_notice(
    key: str, *, recipient: int | str = RODRIGO, body: str = NOTICE, photo: str | None = None
) -> OutboxMessage:
    message = await enqueue(key=key, channel=Channel.CHAT, recipient=str(recipient), body=body)
    if photo is not None:
        message.attachments = {"photo_file_id": photo}
        await message.save(update_fields=["attachments"])
    return message


async def reload(message: OutboxMessage) -> OutboxMessage:
    return await OutboxMessage.get(id=message.id)


# --- a scripted bot --------------------------------------------------------------------------


def flood_control(seconds: int) -> RetryAfter:
    """Telegram's 429 as PTB raises it (its constructor trips PTB's own deprecation warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return RetryAfter(seconds)


class ScriptedBot:
    """Answers each call with the next scripted item: an exception to raise, or success."""

    def __init__(self, *script: Exception | None) -> None:
        self.script = list(script)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _next(self, method: str, kwargs: dict[str, Any]) -> SimpleNamespace:
        self.calls.append((method, kwargs))
        outcome = self.script.pop(0) if self.script else None
        if outcome is not None:
            raise outcome
        return SimpleNamespace(chat_id=kwargs["chat_id"], message_id=len(self.calls))

    async def send_message(self, **kwargs: Any) -> SimpleNamespace:
        return self._next("send_message", kwargs)

    async def send_photo(self, **kwargs: Any) -> SimpleNamespace:
        return self._next("send_photo", kwargs)


async def run(bot: Any, clock: FrozenClock) -> int:
    return await run_outbox_once(Notifier({Channel.CHAT: ChatSender(bot)}), clock=clock)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


async def test_notice_is_sent_as_html_to_the_person(db: object, clock: FrozenClock) -> None:
    bot = ScriptedBot()
    message = await chat_notice("chat:1")
    assert await run(bot, clock) == 1
    assert bot.calls == [
        ("send_message", {"chat_id": RODRIGO, "text": NOTICE, "parse_mode": ParseMode.HTML})
    ]
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == f"{RODRIGO}:1"


async def test_flood_control_waits_exactly_what_telegram_asked(
    db: object, clock: FrozenClock
) -> None:
    bot = ScriptedBot(flood_control(7))
    message = await chat_notice("chat:flood")
    await run(bot, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.PENDING
    assert row.next_attempt_at == T0 + timedelta(seconds=7)
    assert "flood" in (row.last_error or "")

    clock.advance(timedelta(seconds=6))
    assert await run(bot, clock) == 0
    clock.advance(timedelta(seconds=1))
    assert await run(bot, clock) == 1
    assert (await reload(message)).status is OutboxStatus.SENT
    assert len(bot.calls) == 2


@pytest.mark.parametrize(
    "error",
    [
        Forbidden("Forbidden: bot was blocked by the user"),
        Forbidden("Forbidden: user is deactivated"),
        BadRequest("Bad Request: chat not found"),
        BadRequest("Bad Request: can't parse entities: unsupported start tag"),
    ],
)
async def test_refusals_fail_at_once_and_are_never_retried(
    db: object, clock: FrozenClock, error: Exception
) -> None:
    bot = ScriptedBot(error)
    message = await chat_notice("chat:refused")
    await run(bot, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert row.attempts == 1
    clock.advance(timedelta(days=1))
    assert await run(bot, clock) == 0
    assert len(bot.calls) == 1


@pytest.mark.parametrize(
    "error", [TimedOut("Timed out"), NetworkError("httpx.ConnectError: connection refused")]
)
async def test_network_trouble_retries_with_back_off(
    db: object, clock: FrozenClock, error: Exception
) -> None:
    bot = ScriptedBot(error)
    message = await chat_notice("chat:net")
    await run(bot, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.PENDING
    assert row.next_attempt_at is not None
    assert row.next_attempt_at >= T0 + RETRY_BASE
    clock.advance(timedelta(minutes=1))
    await run(bot, clock)
    assert (await reload(message)).status is OutboxStatus.SENT


async def test_recipient_must_be_a_chat_id(db: object, clock: FrozenClock) -> None:
    bot = ScriptedBot()
    message = await chat_notice("chat:bad", recipient="vecino@example.com")
    await run(bot, clock)
    assert (await reload(message)).status is OutboxStatus.FAILED
    assert bot.calls == []


async def test_photo_takes_the_notice_as_caption_when_it_fits(
    db: object, clock: FrozenClock
) -> None:
    bot = ScriptedBot()
    # Over 1,024 characters of HTML, but the tags do not count: it still fits.
    body = "<b>" + "<i>a</i>" * 1000 + "</b>"
    assert len(body) > CAPTION_LIMIT
    assert visible_length(body) == 1000
    message = await chat_notice("chat:photo", body=body, photo="AgACphoto")
    await run(bot, clock)
    assert bot.calls == [
        (
            "send_photo",
            {
                "chat_id": RODRIGO,
                "photo": "AgACphoto",
                "caption": body,
                "parse_mode": ParseMode.HTML,
            },
        )
    ]
    assert (await reload(message)).status is OutboxStatus.SENT


async def test_long_notice_goes_after_its_photo(db: object, clock: FrozenClock) -> None:
    bot = ScriptedBot()
    body = "Aviso: " + "ñ" * CAPTION_LIMIT
    message = await chat_notice("chat:long", body=body, photo="AgACphoto")
    await run(bot, clock)
    assert [method for method, _ in bot.calls] == ["send_photo", "send_message"]
    assert bot.calls[0][1]["caption"] is None
    assert bot.calls[1][1]["text"] == body
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == f"{RODRIGO}:2"


async def test_unknown_photo_still_delivers_the_text(db: object, clock: FrozenClock) -> None:
    bot = ScriptedBot(BadRequest("Bad Request: wrong file identifier/HTTP URL specified"))
    message = await chat_notice("chat:nophoto", photo="AgACgone")
    await run(bot, clock)
    assert [method for method, _ in bot.calls] == ["send_photo", "send_message"]
    assert (await reload(message)).status is OutboxStatus.SENT


def test_photo_spec_and_visible_length() -> None:
    assert photo_of({"photo_file_id": " AgAC1 "}) == "AgAC1"
    assert photo_of([{"filename": "x"}, {"photo_file_id": "AgAC2"}]) == "AgAC2"
    assert photo_of(None) is None
    assert photo_of({"photo_file_id": ""}) is None
    assert visible_length("<b>a&amp;b</b> 📦") == 6  # "a&b " and an emoji of two UTF-16 units


# --- through the sandbox emulator ------------------------------------------------------------


@pytest.fixture
async def live(db: object, db_url: str) -> AsyncIterator[tuple[BotApiEmulator, Any, Simulator]]:
    async with (
        sandbox(settings_for(db_url), port=0) as (emulator, app),
        aiohttp.ClientSession() as session,
    ):
        yield emulator, app, Simulator(emulator.root_url, session, app=app)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


async def test_chat_notice_reaches_the_resident_in_the_sandbox(
    live: tuple[BotApiEmulator, Any, Simulator], clock: FrozenClock
) -> None:
    _, app, sim = live
    before = await sim.messages(RODRIGO)
    message = await chat_notice("live:1")
    await run(app.bot, clock)
    fresh = [m for m in await sim.messages(RODRIGO) if m not in before]
    assert len(fresh) == 1
    assert fresh[0]["from"] == "bot"
    assert "K7M2Q" in text_of(fresh)
    assert "<b>paquete</b>" in fresh[0]["html"]
    row = await reload(message)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id == f"{RODRIGO}:{fresh[0]['message_id']}"


async def test_resident_who_blocked_the_bot_is_failed_and_not_retried(
    live: tuple[BotApiEmulator, Any, Simulator], clock: FrozenClock
) -> None:
    emulator, app, sim = live
    before = await sim.messages(RODRIGO)
    emulator.block(RODRIGO)
    message = await chat_notice("live:blocked")
    await run(app.bot, clock)
    row = await reload(message)
    assert row.status is OutboxStatus.FAILED
    assert "blocked" in (row.last_error or "")

    emulator.block(RODRIGO, blocked=False)
    clock.advance(timedelta(days=1))
    assert await run(app.bot, clock) == 0
    assert await sim.messages(RODRIGO) == before
    assert (await reload(message)).attempts == 1


async def test_notice_with_its_photo_in_the_sandbox(
    live: tuple[BotApiEmulator, Any, Simulator], clock: FrozenClock
) -> None:
    _, app, sim = live
    uploaded = await app.bot.send_photo(chat_id=1003, photo=jpeg())
    file_id = uploaded.photo[-1].file_id
    before = await sim.messages(RODRIGO)
    message = await chat_notice("live:photo", photo=file_id)
    await run(app.bot, clock)
    fresh = [m for m in await sim.messages(RODRIGO) if m not in before]
    assert len(fresh) == 1
    assert fresh[0]["photo"]["file_id"] == file_id
    assert "K7M2Q" in fresh[0]["caption"]
    assert (await reload(message)).status is OutboxStatus.SENT


async def test_a_notice_without_photo_shows_the_community_logo(
    live: tuple[BotApiEmulator, Any, Simulator], clock: FrozenClock
) -> None:
    _, app, sim = live
    _, logo = await stored_logo()
    sender = ChatSender(app.bot)
    before = await sim.messages(RODRIGO)
    first = await chat_notice("live:logo:1")
    second = await chat_notice("live:logo:2")
    for message in (first, second):
        message.attachments = logo.chat_attachment()
        await message.save(update_fields=["attachments"])
        assert (await sender.send(message)).outcome is SendOutcome.SENT
    fresh = [m for m in await sim.messages(RODRIGO) if m not in before]
    assert len(fresh) == 2
    for shown in fresh:
        assert "K7M2Q" in (shown["caption"] or "")
        async with sim.session.get(f"{sim.root}{shown['photo']['url']}") as response:
            assert hashlib.sha256(await response.read()).hexdigest() == logo.sha256
    # Uploaded once; the second notice reuses what Telegram called it.
    assert fresh[0]["photo"]["file_id"] == fresh[1]["photo"]["file_id"]


async def test_a_logo_gone_before_sending_leaves_the_text(
    live: tuple[BotApiEmulator, Any, Simulator], clock: FrozenClock
) -> None:
    _, app, sim = live
    _, old = await stored_logo(RED)
    await stored_logo(BLUE)
    before = await sim.messages(RODRIGO)
    message = await chat_notice("live:logo:gone")
    message.attachments = old.chat_attachment()
    await message.save(update_fields=["attachments"])
    await run(app.bot, clock)
    fresh = [m for m in await sim.messages(RODRIGO) if m not in before]
    assert len(fresh) == 1
    assert fresh[0]["photo"] is None
    assert "K7M2Q" in text_of(fresh)
    assert (await reload(message)).status is OutboxStatus.SENT
