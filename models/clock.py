"""Time comes from an injectable clock, so tests can travel (month ends, DST, expiries).

The clock also carries the deployment's time zone (`TIMEZONE`): every "today", "this month"
and calendar schedule is a wall time in `clock.zone`, and every instant is stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

DEFAULT_ZONE = ZoneInfo("America/Santiago")


class Clock(Protocol):
    @property
    def zone(self) -> ZoneInfo:
        """The zone of wall times: days, months, schedules."""
        ...

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def __init__(self, zone: ZoneInfo = DEFAULT_ZONE) -> None:
        self._zone = zone

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock for tests and the sandbox: stands still until moved."""

    def __init__(self, at: datetime, zone: ZoneInfo = DEFAULT_ZONE) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._at = at
        self._zone = zone

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at

    def advance(self, delta: timedelta) -> None:
        self._at += delta


class MovableClock:
    """The sandbox's clock: the system's time plus an offset that only grows.

    Moving it forward makes "tomorrow" happen for every expiry, reminder and month in the bot
    without waiting; it never goes backwards, so nothing already recorded ends up in the
    future. Production always uses `SystemClock`.
    """

    def __init__(self, zone: ZoneInfo = DEFAULT_ZONE) -> None:
        self._zone = zone
        self._offset = timedelta()

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by `delta` (never backwards); returns the new now."""
        if delta < timedelta():
            raise ValueError("the clock never goes backwards")
        self._offset += delta
        return self.now()

    def move_to(self, instant: datetime) -> datetime:
        """Move forward to `instant` (aware); refuses a time before now."""
        if instant.tzinfo is None:
            raise ValueError("the time needs a zone or an offset")
        return self.advance(instant - self.now())


def local(clock: Clock, instant: datetime) -> datetime:
    """An instant as a wall time in the clock's zone."""
    return instant.astimezone(clock.zone)


def today(clock: Clock) -> date:
    """Today's date on the clock's wall."""
    return clock.now().astimezone(clock.zone).date()


SYSTEM_CLOCK = SystemClock()
