"""Scheduled work on the application's JobQueue (APScheduler's AsyncIOScheduler inside the bot).

Every job is a small coroutine calling domain functions with the application's clock, and each
is idempotent: run twice, or late after a restart, it gives the same result. Every schedule has
a stable id with `replace_existing`, so scheduling again never duplicates a job, plus explicit
`misfire_grace_time` and `coalesce`, so runs missed while the loop was busy happen once.
Calendar times are Santiago wall times, whatever the server's or the scheduler's time zone.
"""

from __future__ import annotations

import logging
from datetime import time, timedelta
from typing import TYPE_CHECKING, Any

from bot.context import BotContext
from models.correspondence import remind_all
from models.runtime import ProcessedUpdate
from models.sms import TZ, check_low_balance_all, expire_lots, grant_monthly_all
from notifier.outbox import schedule_outbox_worker

if TYPE_CHECKING:
    from bot.app import BotApplication

log = logging.getLogger(__name__)

MONTHLY_ALLOWANCE_JOB = "sms-monthly-allowance"
MONTHLY_ALLOWANCE_AT_START_JOB = "sms-monthly-allowance-at-start"
EXPIRE_LOTS_JOB = "sms-expire-lots"
LOW_BALANCE_JOB = "sms-low-balance"
PRUNE_UPDATES_JOB = "prune-processed-updates"
REMINDERS_JOB = "correspondence-reminders"

MONTHLY_ALLOWANCE_AT = time(0, 5, tzinfo=TZ)
"""00:05 on the 1st, Santiago: a few minutes into the new month on the wall clock."""
EXPIRE_LOTS_AT = time(0, 15, tzinfo=TZ)
REMINDERS_AT = time(10, 0, tzinfo=TZ)
"""10:00 Santiago: residents read it during the day, the front desk is staffed."""
LOW_BALANCE_EVERY = timedelta(hours=1)
LOW_BALANCE_FIRST = timedelta(minutes=2)
PRUNE_EVERY = timedelta(hours=6)
PRUNE_FIRST = timedelta(minutes=1)

# How late a run may still start; later than this the next run (or the start catch-up) covers it.
MONTHLY_GRACE = timedelta(days=1)
DAILY_GRACE = timedelta(hours=12)
HOURLY_GRACE = timedelta(minutes=30)
AT_START_GRACE = timedelta(hours=1)


async def grant_monthly_allowance(context: BotContext) -> None:
    """Give every community this Santiago month's 30 SMS (once per month, however often run)."""
    granted = await grant_monthly_all(clock=context.deps.clock)
    log.info("monthly SMS allowance: %s communities granted now", granted)


async def expire_sms_lots(context: BotContext) -> None:
    """Zero the SMS lots past their validity, recording what each one lost."""
    expired = await expire_lots(clock=context.deps.clock)
    log.info("SMS lot expiry: %s lots expired now", expired)


async def remind_unclaimed(context: BotContext) -> None:
    """Remind residents of items waiting `REMINDER_AFTER_DAYS` days or more (e-mail and chat)."""
    days = context.deps.settings.reminder_after_days
    done = await remind_all(clock=context.deps.clock, older_than=timedelta(days=days))
    log.info(
        "reminders: %s item(s), %s e-mail(s), %s chat(s)", done.items, done.emails, done.chats
    )


async def check_low_sms_balance(context: BotContext) -> None:
    """E-mail administrators of communities that bought SMS and are down to 30, once per drop."""
    warned = await check_low_balance_all(clock=context.deps.clock)
    log.info("SMS low balance: %s communities warned now", warned)


def _job_kwargs(job_id: str, grace: timedelta) -> dict[str, Any]:
    return {
        "id": job_id,
        "replace_existing": True,
        "misfire_grace_time": int(grace.total_seconds()),
        "coalesce": True,
    }


def schedule_jobs(app: BotApplication) -> None:
    """Register every recurring job on the application's JobQueue."""
    queue = app.job_queue
    if queue is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): nothing scheduled")
        return
    queue.run_monthly(
        grant_monthly_allowance,
        when=MONTHLY_ALLOWANCE_AT,
        day=1,
        name=MONTHLY_ALLOWANCE_JOB,
        job_kwargs=_job_kwargs(MONTHLY_ALLOWANCE_JOB, MONTHLY_GRACE),
    )
    # The bot may have been down at 00:05 on the 1st: grant whatever is missing right away.
    queue.run_once(
        grant_monthly_allowance,
        when=0,
        name=MONTHLY_ALLOWANCE_AT_START_JOB,
        job_kwargs=_job_kwargs(MONTHLY_ALLOWANCE_AT_START_JOB, AT_START_GRACE),
    )
    queue.run_daily(
        expire_sms_lots,
        time=EXPIRE_LOTS_AT,
        name=EXPIRE_LOTS_JOB,
        job_kwargs=_job_kwargs(EXPIRE_LOTS_JOB, DAILY_GRACE),
    )
    queue.run_repeating(
        check_low_sms_balance,
        interval=LOW_BALANCE_EVERY,
        first=LOW_BALANCE_FIRST,
        name=LOW_BALANCE_JOB,
        job_kwargs=_job_kwargs(LOW_BALANCE_JOB, HOURLY_GRACE),
    )
    deps = app.bot_data.deps
    if deps is not None and deps.settings.reminder_after_days > 0:
        queue.run_daily(
            remind_unclaimed,
            time=REMINDERS_AT,
            name=REMINDERS_JOB,
            job_kwargs=_job_kwargs(REMINDERS_JOB, DAILY_GRACE),
        )
    schedule_outbox_worker(queue)
    queue.run_repeating(
        prune_processed_updates,
        interval=PRUNE_EVERY,
        first=PRUNE_FIRST,
        name=PRUNE_UPDATES_JOB,
        job_kwargs=_job_kwargs(PRUNE_UPDATES_JOB, HOURLY_GRACE),
    )


async def prune_processed_updates(context: BotContext) -> None:
    """Forget update ids older than a week (Telegram keeps undelivered updates 24 h)."""
    cutoff = context.deps.clock.now() - timedelta(days=7)
    removed = await ProcessedUpdate.filter(processed_at__lt=cutoff).delete()
    log.info("pruned %s processed update ids", removed)
