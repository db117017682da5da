"""The clocks: the zone they carry, and the sandbox's clock that only moves forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.clock import DEFAULT_ZONE, FrozenClock, MovableClock, SystemClock, local, today


def test_every_clock_carries_the_configured_zone() -> None:
    lima = ZoneInfo("America/Lima")
    assert SystemClock().zone == DEFAULT_ZONE
    assert SystemClock(lima).zone == lima
    assert MovableClock(lima).zone == lima
    assert FrozenClock(datetime(2026, 1, 1, tzinfo=UTC), lima).zone == lima


def test_today_and_local_follow_the_clock_zone() -> None:
    # 02:30 UTC on 1 December is still 30 November in Santiago (UTC-3).
    clock = FrozenClock(datetime(2026, 12, 1, 2, 30, tzinfo=UTC))
    assert today(clock).isoformat() == "2026-11-30"
    assert local(clock, clock.now()).hour == 23
    assert today(FrozenClock(clock.now(), ZoneInfo("UTC"))).isoformat() == "2026-12-01"


def test_the_movable_clock_moves_forward_only() -> None:
    clock = MovableClock()
    start = clock.now()
    later = clock.advance(timedelta(days=1))
    assert later - start >= timedelta(days=1)
    target = later + timedelta(days=30)
    assert clock.move_to(target) >= target
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="backwards"):
        clock.move_to(start)
    with pytest.raises(ValueError, match="zone"):
        clock.move_to(datetime(2030, 1, 1))
