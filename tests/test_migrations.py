"""The aerich migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from aerich import Command
from tortoise import Tortoise
from tortoise.context import TortoiseContext
from tortoise.exceptions import IntegrityError

from bot.db import MIGRATIONS_DIR, tortoise_config


def _cli_migrate(db_url: str) -> str:
    """`conserjeria migrate` in its own process, as an operator runs it.

    Its own process also keeps this test independent of Tortoise's per-process query caches,
    which other tests fill for SQLite.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        env={**env, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


async def _expected_columns() -> dict[str, set[str]]:
    """Every table and column the models describe (M2M through tables included)."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config("sqlite://:memory:"))
        expected: dict[str, set[str]] = {}
        for app in Tortoise.apps.values():
            for model in app.values():
                meta = model._meta
                expected[meta.db_table] = set(meta.fields_db_projection.values())
                for field_name in meta.m2m_fields:
                    field = meta.fields_map[field_name]
                    expected[field.through] = {field.backward_key, field.forward_key}
    return expected


async def _actual_columns(db_url: str) -> dict[str, set[str]]:
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(db_url[len("sqlite://") :])
        try:
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}
        finally:
            conn.close()
    import asyncpg

    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        )
    finally:
        await conn.close()
    actual: dict[str, set[str]] = {}
    for row in rows:
        actual.setdefault(row["table_name"], set()).add(row["column_name"])
    return actual


async def test_migrations_build_every_table_and_column_the_models_use(scratch_db_url: str) -> None:
    first = _cli_migrate(scratch_db_url)
    assert "0_" in first, "a fresh database gets every migration"
    assert "ninguna pendiente" in _cli_migrate(scratch_db_url), "a second run applies nothing"
    expected = await _expected_columns()
    assert {"staff_user", "staff_community", "access_entry", "sms_lot", "logo"} <= set(expected)
    actual = await _actual_columns(scratch_db_url)
    for table, columns in sorted(expected.items()):
        assert table in actual, f"table {table} is missing"
        assert columns <= actual[table], f"{table} lacks {sorted(columns - actual[table])}"


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


async def _upgrade(db_url: str, location: Path) -> list[str]:
    async with (
        TortoiseContext(),
        Command(
            tortoise_config=tortoise_config(db_url), app="models", location=str(location)
        ) as command,
    ):
        return list(await command.upgrade(run_in_transaction=True) or [])


async def _sql(db_url: str, query: str) -> list[tuple[object, ...]]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(db_url))
        try:
            _, rows = await Tortoise.get_connection("default").execute_query(query)
        finally:
            await Tortoise.close_connections()
    return [tuple(row.values()) if hasattr(row, "values") else tuple(row) for row in rows]


async def test_one_list_per_document_keeps_the_no_autorizado_entry(
    scratch_db_url: str, tmp_path: Path
) -> None:
    """Issue 12 item 4: a number typed under two types sat in both lists; one entry stays."""
    scratch = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scratch)
    (newest,) = (scratch / "models").glob("6_*access_entry_one_per_document.py")
    held = tmp_path / newest.name
    newest.rename(held)
    await _upgrade(scratch_db_url, scratch)
    now = "'2026-12-01 12:00:00+00:00'"
    for statement in (
        "INSERT INTO administration (id, name, created_at) VALUES (1, 'A', " + now + ")",
        "INSERT INTO community (id, administration_id, name, created_at) "
        "VALUES (1, 1, 'C', " + now + ")",
        "INSERT INTO property (id, community_id, name, created_at) VALUES (1, 1, 'P', "
        + now
        + ")",
        "INSERT INTO property (id, community_id, name, created_at) VALUES (2, 1, 'Q', "
        + now
        + ")",
    ):
        await _sql(scratch_db_url, statement)
    rows = (
        (1, 1, "autorizado", "pasaporte", "AB1"),
        (2, 1, "no_autorizado", "otro", "AB1"),
        (3, 1, "autorizado", "otro", "CD2"),
        (4, 1, "autorizado", "pasaporte", "CD2"),
        (5, 2, "autorizado", "pasaporte", "AB1"),
    )
    for id_, prop, kind, doc_type, number in rows:
        await _sql(
            scratch_db_url,
            "INSERT INTO access_entry (id, property_id, list_type, doc_type, doc_number, "
            "full_name, registered_by_email, created_at, updated_at) VALUES "
            f"({id_}, {prop}, '{kind}', '{doc_type}', '{number}', 'X', '', {now}, {now})",
        )
    held.rename(newest)
    assert await _upgrade(scratch_db_url, scratch) == [newest.name]
    kept = await _sql(scratch_db_url, "SELECT id FROM access_entry ORDER BY id")
    assert [row[0] for row in kept] == [2, 3, 5]
    with pytest.raises(IntegrityError):
        await _sql(
            scratch_db_url,
            "INSERT INTO access_entry (property_id, list_type, doc_type, doc_number, full_name, "
            f"registered_by_email, created_at, updated_at) VALUES (1, 'autorizado', 'rut', "
            f"'AB1', 'X', '', {now}, {now})",
        )
