"""Start the emulator and the real bot against it (for `conserjeria sandbox` and tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.app import BotApplication, create_application, running
from bot.demo import PERSONAS, load_demo_data
from bot.sandbox.emulator import BotApiEmulator
from bot.settings import SANDBOX_TOKEN, Settings
from models.clock import SYSTEM_CLOCK, Clock
from models.logos import LOGO_ATTACHMENT, logo_by_checksum
from models.outbox import Channel, OutboxMessage
from notifier.notices import shown

STATIC_DIR = Path(__file__).parent / "static"


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


def build_emulator() -> BotApiEmulator:
    emulator = BotApiEmulator(
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


@asynccontextmanager
async def sandbox(
    settings: Settings,
    *,
    port: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
    demo: bool = True,
) -> AsyncIterator[tuple[BotApiEmulator, BotApplication]]:
    """Emulator + bot, both in this event loop. The database must already be open."""
    if demo:
        await load_demo_data(clock=clock)
    emulator = build_emulator()
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
            yield emulator, app
    finally:
        await emulator.stop()
