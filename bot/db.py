"""Database set-up: one Tortoise configuration built from the settings, and migrations."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.context import TortoiseContext

from bot.settings import PROJECT_ROOT, Settings
from models import MODEL_MODULES

log = logging.getLogger(__name__)

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def normalise_db_url(url: str) -> str:
    """Tortoise spells PostgreSQL `postgres://`; accept the common `postgresql://` too."""
    if url.startswith("postgresql://"):
        return "postgres://" + url[len("postgresql://") :]
    return url


def tortoise_config(db_url: str) -> dict[str, Any]:
    """The one Tortoise/aerich configuration, for the bot, the CLI and the tests."""
    url = normalise_db_url(db_url)
    if url.startswith("sqlite://") and url != "sqlite://:memory:":
        Path(url[len("sqlite://") :]).parent.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {"default": url},
        "apps": {
            "models": {
                "models": [*MODEL_MODULES, "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def migrate(db_url: str) -> list[str]:
    """Apply pending aerich migrations; returns the names applied."""
    from aerich import Command

    config = tortoise_config(db_url)
    # A context of its own: aerich initialises and closes Tortoise, which must not disturb
    # (or be disturbed by) the connections of whoever calls this.
    async with (
        TortoiseContext(),
        Command(tortoise_config=config, app="models", location=str(MIGRATIONS_DIR)) as command,
    ):
        applied = await command.upgrade(run_in_transaction=True)
    return list(applied or [])


async def init_db(db_url: str) -> None:
    """Connect Tortoise for this process; visible to every task (PTB jobs included)."""
    await Tortoise.init(config=tortoise_config(db_url), _enable_global_fallback=True)
    if normalise_db_url(db_url).startswith("sqlite://"):
        conn = Tortoise.get_connection("default")
        # WAL lets the sandbox page read while the bot writes.
        await conn.execute_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")


async def close_db() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def database(settings: Settings, *, apply_migrations: bool = True) -> AsyncIterator[None]:
    """Migrate, connect, and always close (an open aiosqlite thread hangs the interpreter)."""
    if apply_migrations:
        applied = await migrate(settings.database_url)
        if applied:
            log.info("migraciones aplicadas: %s", ", ".join(applied))
    await init_db(settings.database_url)
    try:
        yield
    finally:
        await close_db()
