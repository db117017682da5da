"""A full meter-reading round through the whole stack, next to a plain round-trip in the same run.

One community with 300 properties and two meter kinds (agua fría and gas: 600 meters), each
meter read last month. A concierge chats with our bot through the Bot API emulator: `/lecturas`,
the kind's button, then one typed value per meter, each waiting for the bot's answer (the saved
value and the next meter, one message) — exactly as a person walks the round. Then the gas round.

Baseline, measured in the same process, database and chat, interleaved reading by reading:
`/help` sent and answered — one plain `sendMessage` round-trip through the stack (identity gate,
persistence, de-duplication, one reply). The round waits through it, as it does for a person.

Figure: the median cost of one reading (the kind's button and the round's last message
included) over the median baseline round-trip (means reported too: a machine busy with other
work makes the means jumpy, and the interleaving keeps both series on the same machine).
Target ≤ 2.

The database is migrated as the bot does at start.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from bench.common import (
    Report,
    Target,
    backends,
    in_fresh_process,
    median,
    open_database,
    ratio,
    scratch_database,
    table,
)
from bench.throughput import build_our_bot
from bot.app import running
from bot.demo import LOS_AROMOS, load_demo_data
from bot.sandbox_app import build_emulator
from handlers.texts import meters as t
from models import meters as domain
from models.clock import SYSTEM_CLOCK
from models.core import Community, Property, StaffUser
from models.local_time import add_months
from models.meters import Meter, MeterKind, MeterReading
from sandbox import BotApiEmulator

NAME = "meters"
TARGET_RATIO = 2.0
CONCIERGE = 1003
ADMIN = 1002
KINDS = (MeterKind.COLD_WATER, MeterKind.GAS)


@dataclass(frozen=True, slots=True)
class MetersConfig:
    properties: int = 300
    warmup: int = 20  # /help round-trips before measuring
    timeout: float = 60.0  # for any one answer


FULL = MetersConfig()
QUICK = MetersConfig(properties=20, warmup=3)


async def load(config: MetersConfig) -> int:
    """The demo data, Los Aromos grown to `properties`, two kinds, last month read."""
    await load_demo_data()
    community = await Community.get(name=LOS_AROMOS)
    have = await Property.filter(community=community).count()
    await Property.bulk_create(
        [
            Property(community=community, name=f"Depto {200 + n}")
            for n in range(1, config.properties - have + 1)
        ]
    )
    admin = await StaffUser.get(telegram_id=ADMIN)
    for kind in KINDS:
        await domain.create_meters(admin, community.id, kind)
    clock = SYSTEM_CLOCK
    last_month = add_months(domain.period_of(clock.now(), clock), -1)
    meters = await Meter.filter(community_id=community.id)
    await MeterReading.bulk_create(
        [
            MeterReading(
                meter_id=m.id,
                community_id=community.id,
                period=last_month,
                value=1000,
                read_at=clock.now(),  # the date is not checked here; only the value is used
                author_label="benchmark",
                created_at=clock.now(),
            )
            for m in meters
        ]
    )
    return len(meters)


async def wait_for(emulator: BotApiEmulator, before: int, timeout: float) -> None:
    """Until the bot has sent one more message (polling the emulator's counter)."""
    deadline = time.monotonic() + timeout
    while emulator.api_calls["sendMessage"] <= before:
        if time.monotonic() > deadline:
            raise RuntimeError("the bot did not answer in time")
        await asyncio.sleep(0.0005)


async def round_trip(emulator: BotApiEmulator, act: Callable[[], Any], timeout: float) -> float:
    before = emulator.api_calls["sendMessage"]
    started = time.perf_counter()
    act()
    await wait_for(emulator, before, timeout)
    return time.perf_counter() - started


def last_bot_message(emulator: BotApiEmulator) -> dict[str, Any]:
    return next(m for m in reversed(emulator.messages(CONCIERGE)) if m["from"] == "bot")


async def baseline(emulator: BotApiEmulator, count: int, timeout: float) -> list[float]:
    samples = []
    for _ in range(count):
        samples.append(
            await round_trip(emulator, lambda: emulator.send_text(CONCIERGE, "/help"), timeout)
        )
        if "/lecturas" not in (last_bot_message(emulator).get("text") or ""):
            raise RuntimeError("/help did not answer with the menu")
    return samples


async def reading_round(
    emulator: BotApiEmulator, kind: MeterKind, timeout: float
) -> tuple[list[float], list[float]]:
    """The kind's whole round, a `/help` round-trip after every answer: the two series see
    the same machine, reading by reading (the flow waits through `/help`, as it does for a
    person). Returns the readings' samples (the kind's button first) and the baseline's."""
    await round_trip(emulator, lambda: emulator.send_text(CONCIERGE, "/lecturas"), timeout)
    menu = last_bot_message(emulator)
    label = t.BUTTON_KIND.format(icono=t.KIND_ICONS[kind], tipo=t.KIND_LABELS[kind])
    readings = [
        await round_trip(
            emulator, lambda: emulator.click(CONCIERGE, menu["message_id"], label), timeout
        )
    ]
    base: list[float] = []
    n = 0
    answer = last_bot_message(emulator).get("text") or ""
    while "terminada" not in answer:
        base += await baseline(emulator, 1, timeout)
        n += 1
        value = str(1000 + n % 9)

        def type_value(typed: str = value) -> object:
            return emulator.send_text(CONCIERGE, typed)

        readings.append(await round_trip(emulator, type_value, timeout))
        answer = last_bot_message(emulator).get("text") or ""
        if "✅" not in answer:
            raise RuntimeError(f"reading {n} was not saved: {answer[:200]}")
    return readings, base


async def measure(db_url: str, config: MetersConfig) -> Report:
    async with open_database(db_url):
        meters = await load(config)
        emulator = build_emulator()
        await emulator.start("127.0.0.1", 0)
        try:
            async with running(build_our_bot(emulator, db_url, persistent_dedup=True)):
                await baseline(emulator, config.warmup, config.timeout)
                rounds: list[float] = []
                base: list[float] = []
                for kind in KINDS:
                    readings, trips = await reading_round(emulator, kind, config.timeout)
                    rounds += readings
                    base += trips
        finally:
            await emulator.stop()
        readings_saved = await MeterReading.exclude(author_label="benchmark").count()
    per_reading = median(rounds) * 1000
    per_trip = median(base) * 1000
    value = ratio(per_reading, per_trip)
    return {
        "data": {"properties": config.properties, "meters": meters, "readings": readings_saved},
        "ms_per_reading": per_reading,
        "ms_per_baseline": per_trip,
        "mean_ms_per_reading": sum(rounds) / len(rounds) * 1000,
        "mean_ms_per_baseline": sum(base) / len(base) * 1000,
        "baseline_trips": len(base),
        "ratio": value,
        "target": Target("reading / plain round-trip (medians)", value, TARGET_RATIO).as_dict(),
    }


def render(backend: str, result: Report) -> str:
    data = result["data"]
    target = result["target"]
    return "\n".join(
        [
            f"Meter reading round on {backend} — {data['properties']} properties, "
            f"{data['meters']} meters, {data['readings']} readings typed one by one",
            table(
                ["round-trip", "median ms", "mean ms"],
                [
                    [
                        "one reading (saved + next meter)",
                        result["ms_per_reading"],
                        result["mean_ms_per_reading"],
                    ],
                    ["baseline: /help", result["ms_per_baseline"], result["mean_ms_per_baseline"]],
                ],
            ),
            Target(target["label"], target["value"], target["limit"], target["at_least"]).line(),
        ]
    )


def run(
    config: MetersConfig = FULL,
    pg_server: str | None = None,
    *,
    log: Callable[[str], None] = print,
) -> Report:
    """The figures on SQLite (a file in a temp dir) and, with a server URL, on PostgreSQL."""
    report: Report = {"config": asdict(config), "backends": {}}
    for backend in backends(pg_server):
        with scratch_database(backend, pg_server) as db_url:
            result = in_fresh_process(measure_in_process, db_url, config)
        report["backends"][backend] = result
        log(render(backend, result) + "\n")
    return report


def measure_in_process(db_url: str, config: MetersConfig) -> Report:
    """Entry point of the child process (see `bench.common.in_fresh_process`)."""
    return asyncio.run(measure(db_url, config))
