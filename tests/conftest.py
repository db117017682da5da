"""Shared fixtures: a clean database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

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


def on_postgres(db_url: str) -> bool:
    return db_url.startswith("postgres")


@pytest.fixture
def require_postgres(db_url: str) -> None:
    """Concurrency proofs only mean something on PostgreSQL (SQLite serialises everything)."""
    if not on_postgres(db_url):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL (SQLite serialises writers)")
