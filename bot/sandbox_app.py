"""The sandbox's composition: the emulator fed with the demo personas and the outbox sources,
and the real bot against it (for `conserjeria sandbox` and tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.app import BotApplication, create_application, running
from bot.demo import PERSONAS, load_demo_data
from bot.jobs import JOBS_BY_NAME, job_listing, run_job
from bot.settings import SANDBOX_TOKEN, Settings
from models.clock import MovableClock
from models.logos import LOGO_ATTACHMENT, logo_by_checksum
from models.outbox import Channel, OutboxMessage
from models.runtime import last_update_id
from notifier.notices import shown
from sandbox import STATIC_DIR, BotApiEmulator, TimeControls


async def sms_outbox() -> list[dict[str, Any]]:
    rows = await OutboxMessage.filter(channel=Channel.SMS).order_by("id")
    return [
        {
            "to": m.recipient,
            "body": shown(m).text,
            "status": m.status.value,
            "created_at": m.created_at.isoformat(),
        }
        for m in rows
    ]


async def email_outbox() -> list[dict[str, Any]]:
    rows = await OutboxMessage.filter(channel=Channel.EMAIL).order_by("id")
    return [
        {
            "to": m.recipient,
            "subject": notice.subject,
            "text": notice.text,
            "html": notice.html,
            "images": inline_images(m),
            "status": m.status.value,
            "created_at": m.created_at.isoformat(),
        }
        for m, notice in ((m, shown(m)) for m in rows)
    ]


EMAIL_IMAGES = "/sandbox/api/email_images/"


def inline_images(message: OutboxMessage) -> dict[str, str]:
    """Content-ID → URL of each stored logo the e-mail shows inline (read when opened)."""
    specs = message.attachments if isinstance(message.attachments, list) else []
    return {
        spec["cid"]: EMAIL_IMAGES + spec["sha256"]
        for spec in specs
        if isinstance(spec, dict) and spec.get("kind") == LOGO_ATTACHMENT
    }


async def email_image(name: str) -> tuple[bytes, str] | None:
    logo = await logo_by_checksum(name)
    return (bytes(logo.jpeg), "image/jpeg") if logo is not None else None


def build_emulator(*, first_update_id: int = 1) -> BotApiEmulator:
    emulator = BotApiEmulator(
        first_update_id=first_update_id,
        static_dir=STATIC_DIR,
        sms_source=sms_outbox,
        emails_source=email_outbox,
        email_image_source=email_image,
    )
    for persona in PERSONAS:
        emulator.register_persona(
            persona.user_id,
            persona.name,
            persona.profile_label,
            persona.email,
            ", ".join(persona.communities) or "Depto 101, Edificio Los Aromos",
        )
    return emulator


class MovableTime(Protocol):
    """A clock the sandbox may move forward (`MovableClock`, or a test's `FrozenClock`)."""

    @property
    def zone(self) -> ZoneInfo: ...

    def now(self) -> datetime: ...

    def advance(self, delta: timedelta) -> object: ...


MAX_ADVANCE = timedelta(days=3660)


def time_controls(app: BotApplication, clock: MovableTime) -> TimeControls:
    """The sandbox's clock and job endpoints over this bot (SANDBOX.md: "Time in the sandbox")."""

    async def read_clock() -> dict[str, Any]:
        return {"now": clock.now().astimezone(clock.zone).isoformat(), "zone": clock.zone.key}

    async def move_clock(body: dict[str, Any]) -> dict[str, Any]:
        if "advance_seconds" in body:
            try:
                delta = timedelta(seconds=float(body["advance_seconds"]))
            except (TypeError, ValueError, OverflowError):
                raise ValueError("advance_seconds must be a number of seconds") from None
        elif "to" in body:
            try:
                target = datetime.fromisoformat(str(body["to"]))
            except ValueError:
                raise ValueError("to must be an ISO 8601 date and time") from None
            if target.tzinfo is None:
                raise ValueError("to needs an offset, e.g. 2026-12-24T09:00:00-03:00")
            delta = target - clock.now()
        else:
            raise ValueError("send advance_seconds or to")
        if delta < timedelta():
            raise ValueError("the clock never goes backwards")
        if delta > MAX_ADVANCE:
            raise ValueError("at most ten years at a time")
        clock.advance(delta)
        return await read_clock()

    async def list_jobs() -> list[dict[str, Any]]:
        return list(job_listing(app))

    async def run_named_job(name: str) -> dict[str, Any]:
        if name not in JOBS_BY_NAME:
            raise LookupError(f"no job named {name}")
        await run_job(app.bot_data, name)
        return {"ran": name}

    return TimeControls(read_clock, move_clock, list_jobs, run_named_job)


@asynccontextmanager
async def sandbox(
    settings: Settings,
    *,
    port: int | None = None,
    clock: MovableTime | None = None,
    demo: bool = True,
) -> AsyncIterator[tuple[BotApiEmulator, BotApplication]]:
    """Emulator + bot, both in this event loop. The database must already be open.

    The bot's clock can be moved forward through the simulator API: a `MovableClock` in the
    zone of the settings unless a test passes its own."""
    clock = clock if clock is not None else MovableClock(settings.tz)
    if demo:
        await load_demo_data(clock=clock)
    # As Telegram does, update ids continue after the highest one this bot's database has seen:
    # a second `make run` on the same ./data/ must not look like a redelivery of the first.
    emulator = build_emulator(first_update_id=await last_update_id() + 1)
    await emulator.start(settings.sandbox_host, settings.sandbox_port if port is None else port)
    try:
        bot_settings = settings.model_copy(
            update={
                "telegram_api_base_url": emulator.base_url,
                "telegram_api_file_url": emulator.file_url,
            }
        )
        app = create_application(bot_settings, token=SANDBOX_TOKEN, clock=clock)
        async with running(app):
            emulator.set_time_controls(time_controls(app, clock))
            try:
                yield emulator, app
            finally:
                emulator.set_time_controls(None)
    finally:
        await emulator.stop()
