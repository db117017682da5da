"""Wall times in a zone (the clock's, `TIMEZONE`): local dates, days and calendar months.

Pure helpers: callers pass `clock.zone` (see `models.clock`), so every "today" and "this month"
follows the deployment's zone while instants stay in UTC.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """A naive wall time in `zone` → the aware UTC instant.

    `fold=0`: an ambiguous wall time (autumn, clocks back) gives the earlier instant; a skipped
    one (spring, clocks forward) gives the instant the clocks jumped. Chile changes at 24:00
    on a Saturday, so the first instant of any day is `local_to_utc(midnight, zone)`.
    """
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar date of `instant` on a wall in `zone`."""
    return instant.astimezone(zone).date()


def month_start(value: date) -> date:
    return value.replace(day=1)


def next_month(value: date) -> date:
    """The first day of the month after `value`'s."""
    return date(value.year + value.month // 12, value.month % 12 + 1, 1)


def add_months(value: date, months: int) -> date:
    """Calendar months, the day clamped to the month's length (31 Aug + 6 → 28 Feb)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day, in UTC (23 or 25 hours long on DST days)."""
    return (
        local_to_utc(datetime.combine(day, time()), zone),
        local_to_utc(datetime.combine(day + timedelta(days=1), time()), zone),
    )


def month_bounds(value: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """First instant of `value`'s month and of the next one, in UTC (right across DST)."""
    first = month_start(value)
    return (
        local_to_utc(datetime.combine(first, time()), zone),
        local_to_utc(datetime.combine(next_month(first), time()), zone),
    )
