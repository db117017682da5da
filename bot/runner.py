"""Long-running modes: production (polling or webhook) and the offline sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from telegram import Update

from bot.app import BotApplication, create_application, running
from bot.db import database
from bot.settings import Settings
from bot.webhook import build_webhook_app, webhook_path
from notifier.twilio_callback import add_twilio_routes, start_callback_server

log = logging.getLogger(__name__)


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def run_production(settings: Settings) -> None:
    """Migrate, then serve Telegram by webhook (WEBHOOK_URL set) or long polling."""
    async with database(settings):
        app = create_application(settings)
        use_webhook = settings.webhook_url is not None
        async with running(app, polling=not use_webhook):
            if use_webhook:
                async with _webhook(app, settings):
                    await _stop_event().wait()
            else:
                await app.bot.delete_webhook(drop_pending_updates=False)
                log.info("bot @%s listening by long polling", app.bot.username)
                # Twilio's delivery callbacks need an HTTP server even without a webhook.
                async with start_callback_server(
                    settings.twilio_config(), host=settings.listen_host, port=settings.listen_port
                ):
                    await _stop_event().wait()


@asynccontextmanager
async def _webhook(app: BotApplication, settings: Settings) -> AsyncIterator[None]:
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    server = build_webhook_app(app, path=webhook_path(settings.webhook_url), secret=secret)
    add_twilio_routes(server, settings.twilio_config())
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.listen_host, settings.listen_port)
    await site.start()
    await app.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
    )
    log.info("webhook listening on %s:%s", settings.listen_host, settings.listen_port)
    try:
        yield
    finally:
        await runner.cleanup()


async def run_sandbox(settings: Settings) -> None:
    """Demo data, the Bot API emulator on SANDBOX_PORT, and the real bot pointed at it."""
    from bot.sandbox_app import sandbox

    async with database(settings), sandbox(settings) as (emulator, _app):
        log.info("sandbox ready: %s", emulator.root_url)
        print(f"Sandbox listo: abre {emulator.root_url} (Ctrl+C para salir)", flush=True)
        await _stop_event().wait()
