"""End-to-end: the real bot against the sandbox emulator, in this test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runner import sandbox
from bot.settings import Settings
from tests.chat import Simulator


def test_settings(db_url: str, **overrides: object) -> Settings:
    """Settings for tests: never read a developer's `.env`."""
    values: dict[str, object] = {
        "database_url": db_url,
        "sandbox_port": 8080,
        "persistence_interval_seconds": 0.2,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def emulator_and_app(db, db_url: str) -> AsyncIterator[tuple[BotApiEmulator, object]]:
    async with sandbox(test_settings(db_url), port=0) as (emulator, app):
        yield emulator, app


@pytest.fixture
async def sim(emulator_and_app) -> AsyncIterator[Simulator]:
    emulator, _ = emulator_and_app
    async with aiohttp.ClientSession() as session:
        yield Simulator(emulator.root_url, session)
