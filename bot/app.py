"""The application factory: settings in, a wired python-telegram-bot Application out.

Nothing runs at import. `create_application()` builds; `running()` starts and stops it
(polling or not), the same way for production, the sandbox and the tests.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import AppDeps, BotContext, BotData
from bot.conversation import end_open_flows
from bot.menus import PUBLIC_COMMANDS
from bot.persistence import DatabasePersistence
from bot.processor import PerChatUpdateProcessor, UpdateDeduplicator
from bot.settings import SANDBOX_TOKEN, TELEGRAM_API_BASE_URL, Settings
from conversations import access_lists, buy_sms, logos, mobile, properties, users
from conversations import correspondence as correspondence_flows
from handlers import access, audit, common, community, correspondence, identity
from models.clock import SYSTEM_CLOCK, Clock
from models.identity import identity_cache
from notifier import build_notifier
from notifier.jobs import schedule_jobs

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, dict[str, Any], dict[str, Any], BotData, Any]

# Handler groups: lower runs first; a handler may stop later groups (ApplicationHandlerStop).
GROUP_IDENTITY = -10
GROUP_FLOWS = -5  # a new command closes half-finished flows before anything handles it
GROUP_MAIN = 0


def register_handlers(app: BotApplication, settings: Settings) -> None:
    """Every handler, in one place. Note: order matters within a group."""
    app.add_handler(TypeHandler(Update, common.identity_gate), group=GROUP_IDENTITY)
    app.add_handler(MessageHandler(filters.COMMAND, end_open_flows), group=GROUP_FLOWS)
    # Conversations first, so their /cancel and free-text steps win over the fallbacks below.
    for handler in [
        *correspondence_flows.build_handlers(settings),  # /correspondencia, /entregar
        *access_lists.build_handlers(settings),  # /acceso and /listas: one flow, see its docstring
        *mobile.build_handlers(settings),  # /celular: a property's SMS number
        *buy_sms.build_handlers(settings),  # /sms: balance, bundles, purchase history
        *users.build_handlers(settings),  # /usuarios: list, create, edit, delete, reset access
        *properties.build_handlers(settings),  # /inmuebles: cards, residents, CSV/XLSX import
        *logos.build_handlers(settings),  # /logo: administration and community logos
        *audit.build_handlers(),  # /auditoria
        *identity.build_handlers(),  # /start, /help
        *community.build_handlers(),  # /comunidad
        *correspondence.build_handlers(),  # /pendientes, /mis_paquetes
        # Last of the features: a document typed as plain text is an access check.
        *access.build_handlers(),  # /visitas
    ]:
        app.add_handler(handler, group=GROUP_MAIN)
    # Fallbacks last: outside every flow nothing goes unanswered.
    app.add_handler(CommandHandler("cancel", common.cancel_outside), group=GROUP_MAIN)
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command), group=GROUP_MAIN)
    app.add_handler(MessageHandler(filters.ALL, common.free_text), group=GROUP_MAIN)
    app.add_handler(CallbackQueryHandler(common.stale_button), group=GROUP_MAIN)
    app.add_error_handler(common.on_error)


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
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
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
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app: BotApplication = builder.build()
    identity_cache.ttl = settings.identity_cache_seconds
    app.bot_data.deps = AppDeps(
        settings=settings, clock=clock, notifier=build_notifier(settings, bot=app.bot, clock=clock)
    )
    register_handlers(app, settings)
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
            deps = app.bot_data.deps
            if deps is not None and deps.notifier is not None:
                await deps.notifier.close()
