"""The aerich migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from aerich import Command
from tortoise import Tortoise

from bot.db import MIGRATIONS_DIR, migrate, tortoise_config
from tests.dbutil import create_pg_database, drop_pg_database, pg_server_url


@pytest.fixture
def scratch_db_url(tmp_path: Path):
    server = pg_server_url()
    if server is None:
        yield f"sqlite://{tmp_path / 'migrated.sqlite3'}"
        return
    url = create_pg_database(server, prefix="conserjeria_migr")
    try:
        yield url
    finally:
        drop_pg_database(server, url)


async def _model_tables() -> set[str]:
    return {m._meta.db_table for app in Tortoise.apps.values() for m in app.values()}


async def test_migrations_create_every_model_table(scratch_db_url: str) -> None:
    applied = await migrate(scratch_db_url)
    assert applied, "a fresh database must get the migrations"
    assert await migrate(scratch_db_url) == [], "running migrate twice applies nothing new"
    await Tortoise.init(config=tortoise_config(scratch_db_url))
    try:
        conn = Tortoise.get_connection("default")
        for table in sorted(await _model_tables()):
            # A query on each table proves it exists with the columns the model selects.
            model = next(
                m
                for app in Tortoise.apps.values()
                for m in app.values()
                if m._meta.db_table == table
            )
            await model.all().limit(1)
        if scratch_db_url.startswith("sqlite"):
            _, rows = await conn.execute_query("SELECT name FROM sqlite_master WHERE type='table'")
            names = {r["name"] for r in rows}
        else:
            _, rows = await conn.execute_query(
                "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
            )
            names = {r["name"] for r in rows}
        assert await _model_tables() <= names
    finally:
        await Tortoise.close_connections()


async def test_models_have_no_changes_missing_from_migrations(tmp_path: Path) -> None:
    scratch = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scratch)
    before = set((scratch / "models").glob("*.py"))
    command = Command(
        tortoise_config=tortoise_config("sqlite://:memory:"), app="models", location=str(scratch)
    )
    try:
        await command.init(offline=True)
        created = await command.migrate("pending", no_input=True, offline=True)
    finally:
        await Tortoise.close_connections()
    assert not created, (
        f"models changed without a migration ({created}); "
        "run: .venv/bin/python scripts/makemigration.py <what_changed>"
    )
    assert set((scratch / "models").glob("*.py")) == before
