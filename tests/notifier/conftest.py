"""Fixtures of the notifier tests: local servers standing for the outside world."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.notifier.smtp import StartServer, smtp_servers


@pytest.fixture
async def start_smtp() -> AsyncIterator[StartServer]:
    """Start aiosmtpd servers on free local ports; all are closed after the test."""
    async with smtp_servers() as start:
        yield start
