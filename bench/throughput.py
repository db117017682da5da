"""Updates per second through the whole stack, next to a bare python-telegram-bot echo bot.

Whole stack: the Bot API emulator → our bot (`create_application`: identity gate, handlers,
database persistence, per-chat processor, update de-duplication) → the database → the reply
back to the emulator. The baseline is an `ApplicationBuilder` bot with default settings (so it
handles updates one at a time) and one `MessageHandler` that echoes the text, polling the same
emulator in the same run.

How: N updates are queued at once (`emulator.send_text`) from the six demo personas' chats,
and the clock runs from the first send until the bot has sent N replies. Every run starts a
fresh bot, warms it up, measures, checks every reply and stops it. The bots take turns, round
after round (echo, ours, ours without the database de-duplication), and the ratio is the median
of the rounds' ratios, so a busy machine slows both sides of each ratio alike. Emulator and bots
share one process and one event loop, so the emulator's own work is in both figures.

Second figure: each request waits 50 ms on a slow dependency (a handler registered for the
benchmark only). Every chat queues its messages at once; one chat's updates are handled in
order, so one chat can never exceed 1/0.05 s = 20 updates/s. Throughput must grow with the
number of chats, because different chats are handled concurrently.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CommandHandler, MessageHandler, filters

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
from bot.app import BotApplication, create_application, running
from bot.demo import ADMINISTRATION, LOS_AROMOS, PERSONAS, load_demo_data
from bot.routes import GROUP_MAIN
from bot.sandbox_app import build_emulator
from bot.settings import SANDBOX_TOKEN, Settings
from handlers import texts
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from models.core import Administration, Community, Profile, StaffUser
from sandbox import BotApiEmulator

NAME = "throughput"
ECHO = "echo"
OURS = "ours"
OURS_MEMORY_DEDUP = "ours_memory_dedup"
VARIANTS = (ECHO, OURS, OURS_MEMORY_DEDUP)
VARIANT_LABELS = {
    ECHO: "bare PTB echo bot",
    OURS: "our bot (database dedup)",
    OURS_MEMORY_DEDUP: "our bot (in-memory dedup only)",
}
DEMO_CHATS = tuple(p.user_id for p in PERSONAS)
SLOW_CHAT_BASE = 20_000  # the benchmark's extra concierges: Telegram ids 20001, 20002, …
SLOW_COMMAND = "bench_slow"
SLOW_REPLY = "listo"
TARGET_RATIO = 0.67
SETUP_NOTE = (
    "Emulator and bots in one process and one event loop. Each run: a fresh bot, a warm-up, "
    "then N updates queued at once from several chats, timed from the first send until all "
    "replies (every reply checked). Bots take turns round after round; rates are medians, "
    "ours/echo is the median of the rounds' ratios. Our bot runs with default settings on a "
    "database file (SQLite) or a scratch database (PostgreSQL); the echo bot with PTB's "
    "defaults (one update at a time)."
)

PlainApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True, slots=True)
class ThroughputConfig:
    updates: int = 1000  # per measured run
    warmup: int = 150  # per run, before the clock starts
    runs: int = 5  # rounds; in each, every bot runs once (medians are reported)
    text: str = "/help"  # one person lookup and a reply
    chats: tuple[int, ...] = DEMO_CHATS
    slow_delay: float = 0.05
    slow_levels: tuple[int, ...] = (1, 10, 50)
    slow_per_chat: int = 16
    slow_runs: int = 3
    timeout: float = 120.0  # a stuck bot fails the benchmark instead of hanging it


FULL = ThroughputConfig()
QUICK = ThroughputConfig(updates=36, warmup=12, runs=1, slow_per_chat=2, slow_runs=1)


@dataclass(frozen=True, slots=True)
class Batch:
    """Messages queued at once: how many per chat, and the last message id before them."""

    mark: int
    per_chat: Counter[int]


def feed(emulator: BotApiEmulator, chats: Sequence[int], count: int, text: str) -> Batch:
    """Queue `count` messages, round-robin over the chats, without yielding to the bot."""
    per_chat: Counter[int] = Counter()
    mark = 0
    for n in range(count):
        chat = chats[n % len(chats)]
        sent = emulator.send_text(chat, text)
        if n == 0:
            mark = int(sent["message_id"]) - 1
        per_chat[chat] += 1
    return Batch(mark=mark, per_chat=per_chat)


async def wait_for_replies(
    emulator: BotApiEmulator, calls_before: int, expected: int, timeout: float
) -> None:
    """Return as soon as the bot has called sendMessage `expected` more times."""
    deadline = time.monotonic() + timeout
    while emulator.api_calls["sendMessage"] - calls_before < expected:
        if time.monotonic() > deadline:
            done = emulator.api_calls["sendMessage"] - calls_before
            raise RuntimeError(f"the bot answered {done} of {expected} updates in {timeout:g} s")
        await asyncio.sleep(0.001)


def check_replies(emulator: BotApiEmulator, batch: Batch, expect: Callable[[str], bool]) -> None:
    """Every chat got one good answer per message (an error message would count as a reply)."""
    for chat, sent in batch.per_chat.items():
        answers = [m for m in emulator.messages(chat, after=batch.mark) if m["from"] == "bot"]
        bad = [m.get("text") for m in answers if not expect(m.get("text") or "")]
        if len(answers) != sent or bad:
            raise RuntimeError(
                f"chat {chat}: {len(answers)} replies to {sent} messages; unexpected: {bad[:2]}"
            )


async def timed_batch(
    emulator: BotApiEmulator,
    chats: Sequence[int],
    count: int,
    text: str,
    expect: Callable[[str], bool],
    timeout: float,
) -> float:
    """Seconds from the first send until all `count` replies arrived (replies checked after)."""
    calls_before = emulator.api_calls["sendMessage"]
    started = time.perf_counter()
    batch = feed(emulator, chats, count, text)
    await wait_for_replies(emulator, calls_before, count, timeout)
    elapsed = time.perf_counter() - started
    check_replies(emulator, batch, expect)
    return elapsed


# --- the bots ------------------------------------------------------------------------------


async def echo(update: Update, context: object) -> None:
    """The baseline bot: answer with the same text."""
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


def build_echo_bot(emulator: BotApiEmulator) -> PlainApplication:
    """python-telegram-bot's defaults, one handler, nothing else."""
    app: PlainApplication = (
        ApplicationBuilder().token(SANDBOX_TOKEN).base_url(emulator.base_url).build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


@asynccontextmanager
async def polling(app: PlainApplication) -> AsyncIterator[PlainApplication]:
    """Start and poll like `bot.app.running` (same polling settings), for the echo bot."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=10, drop_pending_updates=False)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def build_our_bot(
    emulator: BotApiEmulator, db_url: str, *, persistent_dedup: bool
) -> BotApplication:
    """Our bot as production builds it (default settings), pointed at the emulator."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=db_url,
        telegram_api_base_url=emulator.base_url,
        telegram_api_file_url=emulator.file_url,
    )
    return create_application(settings, token=SANDBOX_TOKEN, persistent_dedup=persistent_dedup)


@asynccontextmanager
async def started(
    emulator: BotApiEmulator, variant: str, db_url: str
) -> AsyncIterator[PlainApplication]:
    if variant == ECHO:
        async with polling(build_echo_bot(emulator)) as app:
            yield app
        return
    ours = build_our_bot(emulator, db_url, persistent_dedup=variant == OURS)
    async with running(ours):
        yield ours


def expectation(variant: str, text: str) -> Callable[[str], bool]:
    if variant == ECHO:
        return lambda answer: answer == text
    # /help lists the commands; an error or a refusal would not.
    return lambda answer: "/help" in answer and answer != texts.ERROR_GENERIC


async def one_run(
    emulator: BotApiEmulator, variant: str, db_url: str, config: ThroughputConfig
) -> float:
    """Start a fresh bot, warm it up, measure updates per second, stop it."""
    expect = expectation(variant, config.text)
    async with started(emulator, variant, db_url):
        await timed_batch(
            emulator, config.chats, config.warmup, config.text, expect, config.timeout
        )
        seconds = await timed_batch(
            emulator, config.chats, config.updates, config.text, expect, config.timeout
        )
    return config.updates / seconds


# --- the slow dependency -------------------------------------------------------------------


async def create_extra_concierges(count: int) -> list[int]:
    """Concierges of Los Aromos bound to Telegram ids 20001…; unknown ids never reach handlers."""
    administration = await Administration.get(name=ADMINISTRATION)
    community = await Community.get(administration=administration, name=LOS_AROMOS)
    telegram_ids = [SLOW_CHAT_BASE + n for n in range(1, count + 1)]
    for telegram_id in telegram_ids:
        staff = await StaffUser.create(
            administration=administration,
            first_name="Persona",
            last_name=f"Benchmark {telegram_id}",
            email=f"bench{telegram_id}@example.com",
            profile=Profile.CONCIERGE,
            telegram_id=telegram_id,
        )
        await staff.communities.add(community)
    return telegram_ids


def slow_handler(delay: float) -> CommandHandler[BotContext, None]:
    async def slow(update: Update, context: BotContext) -> None:
        """Benchmark only: wait on a slow dependency, then answer."""
        await asyncio.sleep(delay)
        await reply(update, SLOW_REPLY)

    return CommandHandler(SLOW_COMMAND, slow)


async def slow_figure(
    emulator: BotApiEmulator, db_url: str, chats: list[int], config: ThroughputConfig
) -> dict[int, list[float]]:
    """Updates per second for 1, 10 and 50 chats when every request waits `slow_delay`."""
    app = build_our_bot(emulator, db_url, persistent_dedup=True)
    app.handlers[GROUP_MAIN].insert(0, slow_handler(config.slow_delay))
    text = f"/{SLOW_COMMAND}"

    def expect(answer: str) -> bool:
        return answer == SLOW_REPLY

    rates: dict[int, list[float]] = {level: [] for level in config.slow_levels}
    async with running(app):
        # Every chat once (its first message also publishes its command menu).
        await timed_batch(emulator, chats, len(chats), text, expect, config.timeout)
        for _ in range(config.slow_runs):
            for level in config.slow_levels:
                count = level * config.slow_per_chat
                seconds = await timed_batch(
                    emulator, chats[:level], count, text, expect, config.timeout
                )
                rates[level].append(count / seconds)
    return rates


# --- one database, all figures -------------------------------------------------------------


async def measure(db_url: str, config: ThroughputConfig) -> Report:
    async with open_database(db_url):
        await load_demo_data()
        slow_chats = await create_extra_concierges(max(config.slow_levels))
        emulator = build_emulator()
        await emulator.start("127.0.0.1", 0)
        try:
            rates: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
            for _ in range(config.runs):
                for variant in VARIANTS:
                    rates[variant].append(await one_run(emulator, variant, db_url, config))
            slow_rates = await slow_figure(emulator, db_url, slow_chats, config)
        finally:
            await emulator.stop()
    return summarise(rates, slow_rates, config)


def summarise(
    rates: dict[str, list[float]], slow_rates: dict[int, list[float]], config: ThroughputConfig
) -> Report:
    bots = {
        variant: {
            "updates_per_s": median(runs),
            "ms_per_update": 1000 / median(runs),
            "runs": runs,
        }
        for variant, runs in rates.items()
    }
    # The bots took turns, so each round's runs saw the same machine: compare within rounds.
    rounds = list(zip(rates[ECHO], rates[OURS], rates[OURS_MEMORY_DEDUP], strict=True))
    ours_to_echo = median([ours / echo for echo, ours, _ in rounds])
    dedup_ms = median([1000 / ours - 1000 / memory for _, ours, memory in rounds])
    levels = {
        str(level): {
            "chats": level,
            "updates": level * config.slow_per_chat,
            "updates_per_s": median(runs),
            "one_chat_limit_x_chats": level / config.slow_delay,
            "runs": runs,
        }
        for level, runs in slow_rates.items()
    }
    low, high = min(config.slow_levels), max(config.slow_levels)
    growth = ratio(levels[str(high)]["updates_per_s"], levels[str(low)]["updates_per_s"])
    return {
        "bots": bots,
        "ratio_ours_to_echo": ours_to_echo,
        "cost_ours_to_echo": 1 / ours_to_echo,
        "db_dedup_ms_per_update": dedup_ms,
        "target": Target("ours/echo", ours_to_echo, TARGET_RATIO, True).as_dict(),
        "slow_dependency": {
            "delay_ms": config.slow_delay * 1000,
            "levels": levels,
            "growth": {"from_chats": low, "to_chats": high, "ratio": growth},
        },
    }


def render(backend: str, result: Report) -> str:
    bots = result["bots"]
    rows = [
        [
            VARIANT_LABELS[variant],
            bots[variant]["updates_per_s"],
            bots[variant]["ms_per_update"],
            " ".join(f"{r:.0f}" for r in bots[variant]["runs"]),
        ]
        for variant in VARIANTS
    ]
    target = result["target"]
    lines = [
        f"Throughput on {backend} — emulator and bots in one process, one event loop",
        table(["bot", "updates/s", "ms/update", "runs (updates/s)"], rows),
        f"  ours/echo (median of the rounds): {result['ratio_ours_to_echo']:.2f} "
        f"(cost per update {result['cost_ours_to_echo']:.2f}× the echo bot's); "
        f"database dedup costs {result['db_dedup_ms_per_update']:+.2f} ms/update",
        Target(target["label"], target["value"], target["limit"], target["at_least"]).line(),
    ]
    slow = result["slow_dependency"]
    slow_rows = [
        [
            str(level["chats"]),
            level["updates"],
            level["updates_per_s"],
            level["one_chat_limit_x_chats"],
        ]
        for level in slow["levels"].values()
    ]
    growth = slow["growth"]
    lines += [
        "",
        f"Slow dependency on {backend} — every request waits {slow['delay_ms']:.0f} ms; "
        "each chat queues its messages at once",
        table(["chats", "updates", "updates/s", "ideal (chats × 20/s)"], slow_rows),
        f"  {growth['to_chats']}-chat / {growth['from_chats']}-chat: {growth['ratio']:.1f}×",
    ]
    return "\n".join(lines)


def run(
    config: ThroughputConfig = FULL,
    pg_server: str | None = None,
    *,
    log: Callable[[str], None] = print,
) -> Report:
    """Every figure on SQLite (a file in a temp dir) and, with a server URL, on PostgreSQL."""
    report: Report = {"config": asdict(config), "setup": SETUP_NOTE, "backends": {}}
    for backend in backends(pg_server):
        with scratch_database(backend, pg_server) as db_url:
            result = in_fresh_process(measure_in_process, db_url, config)
        report["backends"][backend] = result
        log(render(backend, result) + "\n")
    return report


def measure_in_process(db_url: str, config: ThroughputConfig) -> Report:
    """Entry point of the child process (see `bench.common.in_fresh_process`)."""
    return asyncio.run(measure(db_url, config))
