"""End-to-end: the real bot against the sandbox emulator, in this test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.sandbox_app import sandbox
from sandbox import BotApiEmulator
from tests.chat import Simulator
from tests.dbutil import settings_for

# Kept for modules written against the old name; import `settings_for` instead.
test_settings = settings_for


@pytest.fixture
async def emulator_and_app(db, db_url: str) -> AsyncIterator[tuple[BotApiEmulator, object]]:
    async with sandbox(settings_for(db_url), port=0) as (emulator, app):
        yield emulator, app


@pytest.fixture
async def sim(emulator_and_app) -> AsyncIterator[Simulator]:
    emulator, _ = emulator_and_app
    async with aiohttp.ClientSession() as session:
        yield Simulator(emulator.root_url, session, app=emulator_and_app[1])
