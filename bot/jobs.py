"""When the scheduled work runs: every job by a stable name, on APScheduler through PTB's JobQueue.

The work itself lives in `notifier/jobs.py` as plain coroutines; this module only decides
names, schedules and what each one is given (clock, settings, notifier). Every schedule has
`replace_existing` (scheduling again never duplicates a job), an explicit
`misfire_grace_time` and `coalesce` (runs missed while the loop was busy happen once).
Calendar times are wall times in the clock's zone (`TIMEZONE`), whatever the server's.

The names are what the sandbox's `/sandbox/api/jobs` lists and `run_job` runs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import time, timedelta
from typing import TYPE_CHECKING, Any, cast

from handlers.kit.context import BotContext
from models.communities import purge_deleted
from notifier import jobs as work

if TYPE_CHECKING:
    from bot.app import AppData, BotApplication

log = logging.getLogger(__name__)

MONTHLY_ALLOWANCE_JOB = "monthly_allowance"
MONTHLY_ALLOWANCE_AT_START_JOB = "monthly_allowance_at_start"
EXPIRE_LOTS_JOB = "expire_lots"
LOW_BALANCE_JOB = "low_balance"
REMINDERS_JOB = "remind_unclaimed"
OUTBOX_JOB = "outbox"
PRUNE_UPDATES_JOB = "prune_updates"
PURGE_COMMUNITIES_JOB = "purge_communities"
DAILY_DIGEST_JOB = "daily_digest"

# Wall times must exist every day: Chile's clocks jump from 00:00 to 01:00 on the first Sunday
# on or after 2 September, so a daily job at 00:15 was skipped that day, and APScheduler's
# monthly 00:05 skipped every October. 01:00–22:59 exist every day (23:00–23:59 happens twice
# in April, harmless for idempotent jobs); tests/test_jobs.py walks ten years of fire times.
MONTHLY_ALLOWANCE_AT = time(1, 5)
"""01:05 on the 1st: early in the new month, at a wall time that always exists."""
EXPIRE_LOTS_AT = time(1, 15)
PURGE_COMMUNITIES_AT = time(3, 30)
"""03:30: communities deleted 30 days ago are removed while nobody works."""
REMINDERS_AT = time(10, 0)
"""10:00: residents read it during the day, the front desk is staffed."""
LOW_BALANCE_EVERY = timedelta(hours=1)
LOW_BALANCE_FIRST = timedelta(minutes=2)
PRUNE_EVERY = timedelta(hours=6)
PRUNE_FIRST = timedelta(minutes=1)
OUTBOX_EVERY = timedelta(seconds=10)
OUTBOX_FIRST = timedelta(seconds=5)

# How late a run may still start; later than this the next run (or the start catch-up) covers it.
MONTHLY_GRACE = timedelta(days=1)
DAILY_GRACE = timedelta(hours=12)
HOURLY_GRACE = timedelta(minutes=30)
AT_START_GRACE = timedelta(hours=1)
OUTBOX_GRACE = timedelta(minutes=1)


async def _monthly_allowance(data: AppData) -> object:
    return await work.grant_monthly_allowance(data.clock)


async def _expire_lots(data: AppData) -> object:
    return await work.expire_sms_lots(data.clock)


async def _low_balance(data: AppData) -> object:
    return await work.check_low_sms_balance(data.clock)


async def _remind_unclaimed(data: AppData) -> object:
    return await work.remind_unclaimed(data.clock, after_days=data.settings.reminder_after_days)


async def _outbox(data: AppData) -> object:
    if data.notifier is None:
        log.warning("outbox job: the application has no notifier; nothing sent")
        return 0
    return await work.send_outbox(data.notifier, data.clock)


async def _prune_updates(data: AppData) -> object:
    return await work.prune_processed_updates(data.clock)


async def _purge_communities(data: AppData) -> object:
    """Remove the communities deleted at least 30 days ago (no longer restorable)."""
    return await purge_deleted(clock=data.clock)


async def _daily_digest(data: AppData) -> object:
    """Yesterday's logbook, by e-mail and chat, to each community's administrators."""
    return await work.send_logbook_digests(data.clock)


@dataclass(frozen=True)
class ScheduledJob:
    """One recurring job: its stable name, what it runs and when."""

    name: str
    run: Callable[[AppData], Awaitable[object]]
    grace: timedelta
    monthly_at: time | None = None  # on the 1st, wall time
    daily_at: time | None = None  # wall time
    every: timedelta | None = None
    first: timedelta | None = None
    at_start: bool = False
    exclusive: bool = False  # never two runs at once (the outbox)
    daily_at_setting: Callable[[AppData], time] | None = None  # a wall time from the settings


JOBS: tuple[ScheduledJob, ...] = (
    ScheduledJob(
        MONTHLY_ALLOWANCE_JOB, _monthly_allowance, MONTHLY_GRACE, monthly_at=MONTHLY_ALLOWANCE_AT
    ),
    # The bot may have been down at 01:05 on the 1st: grant whatever is missing right away.
    ScheduledJob(
        MONTHLY_ALLOWANCE_AT_START_JOB, _monthly_allowance, AT_START_GRACE, at_start=True
    ),
    ScheduledJob(EXPIRE_LOTS_JOB, _expire_lots, DAILY_GRACE, daily_at=EXPIRE_LOTS_AT),
    ScheduledJob(
        LOW_BALANCE_JOB,
        _low_balance,
        HOURLY_GRACE,
        every=LOW_BALANCE_EVERY,
        first=LOW_BALANCE_FIRST,
    ),
    ScheduledJob(REMINDERS_JOB, _remind_unclaimed, DAILY_GRACE, daily_at=REMINDERS_AT),
    ScheduledJob(
        OUTBOX_JOB, _outbox, OUTBOX_GRACE, every=OUTBOX_EVERY, first=OUTBOX_FIRST, exclusive=True
    ),
    ScheduledJob(
        PRUNE_UPDATES_JOB, _prune_updates, HOURLY_GRACE, every=PRUNE_EVERY, first=PRUNE_FIRST
    ),
    ScheduledJob(
        PURGE_COMMUNITIES_JOB, _purge_communities, DAILY_GRACE, daily_at=PURGE_COMMUNITIES_AT
    ),
    # DAILY_DIGEST_AT (default 07:00): the administrators read yesterday's book with breakfast.
    ScheduledJob(
        DAILY_DIGEST_JOB,
        _daily_digest,
        DAILY_GRACE,
        daily_at_setting=lambda data: data.settings.daily_digest_at,
    ),
)
JOBS_BY_NAME = {job.name: job for job in JOBS}


def active_jobs(data: AppData) -> list[ScheduledJob]:
    """The jobs these settings run (REMINDER_AFTER_DAYS=0 turns the reminder off)."""
    return [
        job
        for job in JOBS
        if not (job.name == REMINDERS_JOB and data.settings.reminder_after_days <= 0)
    ]


async def run_job(data: AppData, name: str) -> object:
    """Run one job now, by name (the sandbox's `run_job`); KeyError for an unknown name."""
    return await JOBS_BY_NAME[name].run(data)


def _callback(job: ScheduledJob) -> Callable[[BotContext], Coroutine[Any, Any, None]]:
    async def callback(context: BotContext) -> None:
        await job.run(cast("AppData", context.bot_data))

    callback.__name__ = job.name
    callback.__doc__ = job.run.__doc__
    return callback


def schedule_jobs(app: BotApplication) -> None:
    """Register every recurring job on the application's JobQueue."""
    queue = app.job_queue
    if queue is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): nothing scheduled")
        return
    data = app.bot_data
    zone = data.clock.zone
    for job in active_jobs(data):
        kwargs: dict[str, Any] = {
            "id": job.name,
            "replace_existing": True,
            "misfire_grace_time": int(job.grace.total_seconds()),
            "coalesce": True,
        }
        if job.exclusive:
            kwargs["max_instances"] = 1
        callback = _callback(job)
        daily_at = job.daily_at_setting(data) if job.daily_at_setting is not None else job.daily_at
        if job.monthly_at is not None:
            at = job.monthly_at.replace(tzinfo=zone)
            queue.run_monthly(callback, when=at, day=1, name=job.name, job_kwargs=kwargs)
        elif daily_at is not None:
            at = daily_at.replace(tzinfo=zone)
            queue.run_daily(callback, time=at, name=job.name, job_kwargs=kwargs)
        elif job.every is not None:
            queue.run_repeating(
                callback, interval=job.every, first=job.first, name=job.name, job_kwargs=kwargs
            )
        else:
            queue.run_once(callback, when=0, name=job.name, job_kwargs=kwargs)


def job_listing(app: BotApplication) -> list[dict[str, str | None]]:
    """Every scheduled job by name, with its next run (ISO 8601) — the sandbox's `jobs`."""
    queue = app.job_queue
    if queue is None:
        return []
    zone = app.bot_data.clock.zone
    listing: list[dict[str, str | None]] = []
    for job in queue.jobs():
        if job.name not in JOBS_BY_NAME:
            continue
        next_run = job.next_t
        listing.append(
            {
                "name": job.name,
                "next_run": next_run.astimezone(zone).isoformat() if next_run else None,
            }
        )
    return sorted(listing, key=lambda row: row["name"] or "")
