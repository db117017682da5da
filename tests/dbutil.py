"""Test databases: in-memory SQLite per test, or a throw-away PostgreSQL database per run."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.context import TortoiseContext

from bot.db import normalise_db_url, tortoise_config
from bot.settings import Settings
from models.identity import identities_changed

PG_URL_ENV = "TEST_DATABASE_URL"


def pg_server_url() -> str | None:
    url = os.environ.get(PG_URL_ENV)
    return normalise_db_url(url) if url else None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


async def _admin(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(normalise_db_url(url).replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_pg_database(server_url: str, prefix: str = "conserjeria_test") -> str:
    """Create a uniquely named database on the server; never touches existing ones."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"'))
    return _with_database(server_url, name)


def drop_pg_database(server_url: str, db_url: str) -> None:
    name = urlsplit(db_url).path.lstrip("/")
    asyncio.run(_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def truncate_all() -> None:
    """Empty every table of the test database (PostgreSQL), keeping the schema."""
    conn = Tortoise.get_connection("default")
    tables = sorted(
        {model._meta.db_table for app in Tortoise.apps.values() for model in app.values()}
    )
    await conn.execute_script(
        "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE;"
    )


@asynccontextmanager
async def open_test_database(db_url: str) -> AsyncIterator[TortoiseContext]:
    """Init Tortoise on `db_url` in a fresh context with an empty schema."""
    identities_changed()  # a new database: nobody is known yet
    ctx = TortoiseContext()
    async with ctx:
        await ctx.init(config=tortoise_config(db_url))
        await ctx.generate_schemas(safe=True)
        if db_url.startswith("postgres"):
            await truncate_all()
        yield ctx


def settings_for(db_url: str, **overrides: object) -> Settings:
    """Settings for tests: never read a developer's `.env`."""
    values: dict[str, object] = {
        "database_url": db_url,
        "sandbox_port": 8080,
        "persistence_interval_seconds": 0.2,
        # Explicit: Tortoise's init sets os.environ["TIMEZONE"] = "UTC" for its own use.
        "timezone": "America/Santiago",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
