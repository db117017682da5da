"""The outbox job's lanes: one worker run per channel at a time, none waiting for another.

The scheduled job (`notifier.jobs.send_outbox`, every 10 s, never two at once) starts a run
(`notifier.outbox.run_channel_once`) on every channel whose previous run has finished, then
waits for them at most `LANE_WAIT`. A channel still busy after that — an SMTP server that never
greets holds each e-mail for the whole SMTP timeout — goes on in the background, and the next
job starts the other channels again without it: SMS and chat notices never queue behind it.
The run in progress on each channel lives in `Notifier.lanes`; `Notifier.close` stops them.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from functools import partial

from models.clock import Clock
from models.outbox import Channel
from notifier.base import Notifier
from notifier.outbox import run_channel_once

log = logging.getLogger(__name__)

LANE_WAIT = timedelta(seconds=8)
"""How long one job waits for its runs; under the job's 10 s period."""


def _finished(channel: Channel, task: asyncio.Task[int]) -> None:
    """Log a run that failed (its exception is retrieved here, whoever waited for it)."""
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        log.error("outbox %s: run failed: %s", channel.value, type(exc).__name__)
        log.debug("outbox traceback", exc_info=exc)


async def run_lanes(notifier: Notifier, clock: Clock, *, wait: timedelta = LANE_WAIT) -> int:
    """Start a run on every idle channel; returns how many messages the runs that ended tried.

    A channel whose previous run is still going is skipped this time.
    """
    started: list[asyncio.Task[int]] = []
    for channel in notifier.senders:
        running = notifier.lanes.get(channel)
        if running is not None and not running.done():
            log.info("outbox %s: previous run still going; this one skipped", channel.value)
            continue
        task = asyncio.create_task(
            run_channel_once(notifier, channel, clock=clock), name=f"outbox-{channel.value}"
        )
        task.add_done_callback(partial(_finished, channel))
        notifier.lanes[channel] = task
        started.append(task)
    if not started:
        return 0
    done, _ = await asyncio.wait(started, timeout=max(0.0, wait.total_seconds()))
    return sum(task.result() for task in done if not task.cancelled() and task.exception() is None)
