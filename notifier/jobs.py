"""The scheduled work itself: plain coroutines with the clock and settings they need injected.

Each one is idempotent (run twice, or late after a restart, it gives the same result) and
logs counts only. When and how often they run is decided by the composition root
(`bot/jobs.py`), which also gives them their stable names.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from models.clock import Clock
from models.correspondence import remind_all
from models.logbook_digest import send_all_digests
from models.runtime import ProcessedUpdate
from models.sms import expire_lots, grant_monthly_all
from models.sms_purchases import check_low_balance_all
from notifier.base import Notifier
from notifier.lanes import run_lanes

log = logging.getLogger(__name__)

PROCESSED_UPDATES_KEPT = timedelta(days=7)
"""Telegram keeps undelivered updates 24 h; a week of ids is a wide margin."""


async def grant_monthly_allowance(clock: Clock) -> int:
    """Give every community this month's 30 SMS (once per month, however often run)."""
    granted = await grant_monthly_all(clock=clock)
    log.info("monthly SMS allowance: %s communities granted now", granted)
    return granted


async def expire_sms_lots(clock: Clock) -> int:
    """Zero the SMS lots past their validity, recording what each one lost."""
    expired = await expire_lots(clock=clock)
    log.info("SMS lot expiry: %s lots expired now", expired)
    return expired


async def remind_unclaimed(clock: Clock, *, after_days: int) -> int:
    """Remind residents of items waiting `after_days` days or more (e-mail and chat)."""
    done = await remind_all(clock=clock, older_than=timedelta(days=after_days))
    log.info(
        "reminders: %s item(s), %s e-mail(s), %s chat(s)", done.items, done.emails, done.chats
    )
    return done.items


async def check_low_sms_balance(clock: Clock) -> int:
    """E-mail administrators of communities that bought SMS and are down to 30, once per drop."""
    warned = await check_low_balance_all(clock=clock)
    log.info("SMS low balance: %s communities warned now", warned)
    return warned


async def send_logbook_digests(clock: Clock) -> int:
    """Yesterday's logbook of every community with entries, to its reviewers (once a day)."""
    done = await send_all_digests(clock=clock)
    return done.communities


async def send_outbox(notifier: Notifier, clock: Clock) -> int:
    """Send the notices that are due, each channel on its own (`notifier.lanes`)."""
    tried = await run_lanes(notifier, clock)
    if tried:
        log.info("outbox job: %s messages tried", tried)
    return tried


async def prune_processed_updates(clock: Clock) -> int:
    """Forget update ids older than a week."""
    cutoff = clock.now() - PROCESSED_UPDATES_KEPT
    removed = await ProcessedUpdate.filter(processed_at__lt=cutoff).delete()
    log.info("pruned %s processed update ids", removed)
    return removed
