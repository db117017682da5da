"""The application factory: settings in, a wired python-telegram-bot Application out.

Nothing runs at import. `create_application()` builds; `running()` starts and stops it
(polling or not), the same way for production, the sandbox and the tests.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, cast

from telegram import BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
    Defaults,
)

from bot.jobs import schedule_jobs
from bot.persistence import DatabasePersistence
from bot.processor import PerChatUpdateProcessor, UpdateDeduplicator
from bot.routes import MENU, register_handlers
from bot.settings import SANDBOX_TOKEN, TELEGRAM_API_BASE_URL, Settings
from handlers.kit.context import AppDeps, BotContext, BotData, ChatConfig
from handlers.kit.menus import PUBLIC_COMMANDS
from models.clock import SYSTEM_CLOCK, Clock, SystemClock
from models.identity import identity_cache
from notifier import build_notifier
from notifier.base import Notifier

log = logging.getLogger(__name__)


class AppData(BotData):
    """The application's `bot_data`: the handlers' dependencies plus what only the
    composition root holds (settings, the notifier). Never persisted."""

    def __init__(self) -> None:
        super().__init__()
        self.settings: Settings = Settings.model_construct()
        self.clock: Clock = SYSTEM_CLOCK
        self.notifier: Notifier | None = None


BotApplication = Application[Any, BotContext, dict[str, Any], dict[str, Any], AppData, Any]


def chat_config(settings: Settings) -> ChatConfig:
    """What the chat layer needs of the settings."""
    return ChatConfig(
        conversation_timeout=timedelta(minutes=settings.conversation_timeout_minutes),
        invitation_ttl=timedelta(hours=settings.invitation_ttl_hours),
        support_email=settings.support_email,
    )


def create_application(
    settings: Settings,
    *,
    token: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
    persistent_dedup: bool = True,
) -> BotApplication:
    """Build the bot for these settings (and an optional token override for the sandbox)."""
    if token is None:
        secret = settings.telegram_bot_token
        token = secret.get_secret_value() if secret is not None else SANDBOX_TOKEN
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.file_base_url)
        .context_types(ContextTypes(context=BotContext, bot_data=AppData))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .concurrent_updates(
            PerChatUpdateProcessor(
                settings.max_concurrent_updates,
                UpdateDeduplicator(persistent=persistent_dedup),
            )
        )
        .persistence(DatabasePersistence(settings.persistence_interval_seconds))
        .get_updates_read_timeout(30)
    )
    if settings.telegram_api_base_url == TELEGRAM_API_BASE_URL:
        # Only real Telegram has flood limits; the rate limiter also retries 429 RetryAfter.
        # PTB types the builder's rate limiter by its retry argument; AIORateLimiter's is an int.
        limiter = cast("BaseRateLimiter[None]", AIORateLimiter(max_retries=3))
        builder = builder.rate_limiter(limiter)
    app: BotApplication = builder.build()
    identity_cache.ttl = settings.identity_cache_seconds
    if clock is SYSTEM_CLOCK:
        clock = SystemClock(settings.tz)
    config = chat_config(settings)
    app.bot_data.deps = AppDeps(config=config, clock=clock, menu=MENU)
    app.bot_data.settings = settings
    app.bot_data.clock = clock
    app.bot_data.notifier = build_notifier(settings.notifier_config(), bot=app.bot, clock=clock)
    register_handlers(app, config)
    return app


async def on_startup(app: BotApplication) -> None:
    """Learn the bot's name, publish the public menu, schedule housekeeping."""
    deps = app.bot_data.deps
    assert deps is not None
    me = await app.bot.get_me()
    deps.bot_username = me.username or deps.bot_username
    await app.bot.set_my_commands(list(PUBLIC_COMMANDS), scope=BotCommandScopeDefault())
    schedule_jobs(app)


@asynccontextmanager
async def running(app: BotApplication, *, polling: bool = True) -> AsyncIterator[BotApplication]:
    """Initialise, start and (optionally) poll; always stop and shut down in order."""
    async with app:
        await on_startup(app)
        await app.start()
        try:
            if polling and app.updater is not None:
                await app.updater.start_polling(
                    poll_interval=0.0, timeout=10, drop_pending_updates=False
                )
            yield app
        finally:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            await app.stop()
            if app.bot_data.notifier is not None:
                await app.bot_data.notifier.close()
