"""Shared fixtures: a clean database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from tortoise.context import TortoiseContext

from tests.dbutil import create_pg_database, drop_pg_database, open_test_database, pg_server_url


@pytest.fixture(scope="session")
def db_url() -> Iterator[str]:
    """SQLite in memory, or a fresh PostgreSQL database for this run (dropped at the end)."""
    server = pg_server_url()
    if server is None:
        yield "sqlite://:memory:"
        return
    url = create_pg_database(server)
    try:
        yield url
    finally:
        drop_pg_database(server, url)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[TortoiseContext]:
    """An initialised, empty database for one test."""
    async with open_test_database(db_url) as ctx:
        yield ctx


@pytest.fixture
def scratch_db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of this run's engine that a test migrates itself (and a CLI process
    may open): a SQLite file, or a fresh PostgreSQL database dropped afterwards. A PostgreSQL
    run never opens SQLite in-process, whose SQL Tortoise would cache for the PostgreSQL tests."""
    server = pg_server_url()
    if server is None:
        yield f"sqlite://{tmp_path / 'scratch.sqlite3'}"
        return
    url = create_pg_database(server, prefix="conserjeria_scratch")
    try:
        yield url
    finally:
        drop_pg_database(server, url)


def on_postgres(db_url: str) -> bool:
    return db_url.startswith("postgres")


@pytest.fixture
def require_postgres(db_url: str) -> None:
    """Concurrency proofs only mean something on PostgreSQL (SQLite serialises everything)."""
    if not on_postgres(db_url):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL (SQLite serialises writers)")
