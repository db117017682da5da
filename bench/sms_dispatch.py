"""SMS dispatch: correspondence notices through the outbox worker and the real `twilio` client.

1,000 SMS notices (quick: 100) are enqueued the way the correspondence domain does it — one SMS
spent from the community's balance and the outbox row written in one transaction — and the
outbox worker sends them with `TwilioSmsSender` to the local fake Twilio
(`tests.fakes.twilio_server`), at a configured sending rate (`SMS_RATE_PER_SECOND`: 200/s, so
about 5 s; quick: 100/s).

Figures, all from the fake server's side:

- throughput as a ratio of the configured rate: N / (last arrival − first arrival + 1/rate)
  / rate — N messages paced perfectly occupy N slots of 1/rate, so that is exactly 1.0 and a
  millisecond of network jitter does not read as a leak. Target ≥ 0.9, and never above 1;
  also reported: the most arrivals within any one second, and the smallest gap;
- duplicates: messages Twilio received beyond one per notice (by the ``?outbox=<id>`` of each
  StatusCallback). Target 0;
- losses: notices not received exactly once, not recorded SENT with the SID Twilio gave, or
  whose SMS was not spent exactly once. Target 0.

Database: SQLite in a file in a temp dir, migrated as the bot does at start.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlsplit

from tortoise.transactions import in_transaction

from bench.common import (
    SQLITE,
    Report,
    Target,
    in_fresh_process,
    open_database,
    percentile,
    scratch_database,
    table,
)
from models import sms as ledger
from models import sms_purchases
from models.clock import SYSTEM_CLOCK
from models.core import Administration, Community, Profile, StaffUser
from models.outbox import Channel, OutboxMessage, OutboxStatus
from notifier.base import Notifier
from notifier.outbox import run_outbox_once
from notifier.sms import TwilioSmsSender

NAME = "sms_dispatch"
TARGET_RATIO = 0.9
PUBLIC_BASE_URL = "https://conserjeria.example.cl"
BODY = (
    "Conserjeria Edificio Los Aromos: llego un paquete (Starken) para Depto {depto}. "
    "Codigo de retiro: {code}. Retiralo en conserjeria."
)
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class SmsDispatchConfig:
    notices: int
    rate_per_second: float
    concurrency: int


FULL = SmsDispatchConfig(notices=1_000, rate_per_second=200.0, concurrency=16)
QUICK = SmsDispatchConfig(notices=100, rate_per_second=100.0, concurrency=8)


def _code(n: int) -> str:
    letters = []
    for _ in range(5):
        n, digit = divmod(n, len(_CODE_LETTERS))
        letters.append(_CODE_LETTERS[digit])
    return "".join(letters)


async def _community(notices: int) -> int:
    """A community with this month's allowance plus bundles enough for every notice."""
    administration = await Administration.create(name="Administradora Bench")
    community = await Community.create(administration=administration, name="Los Aromos Bench")
    buyer = await StaffUser.create(
        administration=administration,
        first_name="Sofía",
        last_name="Bench",
        email="sofia.bench@example.cl",
        profile=Profile.SUPER_ADMIN,
    )
    await ledger.grant_monthly(community.id)
    bundle = await sms_purchases.upsert_bundle("Bolsa 1000", 1_000, 35_000)
    while (await ledger.balance(community.id)).available < notices:
        await sms_purchases.purchase(community.id, bundle.id, buyer, support_email="s@example.cl")
    return community.id


async def _enqueue(community_id: int, count: int) -> list[int]:
    """Correspondence-like SMS notices: spend one SMS and write the row, atomically."""
    ids = []
    for n in range(count):
        key = f"bench:correspondence:{n}:sms"
        async with in_transaction():
            spent = await ledger.spend(community_id, 1, reference=key)
            if spent is None:
                raise RuntimeError("the bench community ran out of SMS")
            row = await OutboxMessage.create(
                idempotency_key=key,
                channel=Channel.SMS,
                recipient=f"+5696{n:07d}",
                body=BODY.format(depto=100 + n % 400, code=_code(n * 7919 + 13)),
                community_id=community_id,
            )
        ids.append(row.id)
    return ids


def _outbox_id(status_callback: str | None) -> int | None:
    if not status_callback:
        return None
    values = parse_qs(urlsplit(status_callback).query).get("outbox")
    return int(values[0]) if values else None


async def _dispatch(config: SmsDispatchConfig) -> Report:
    from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio

    community_id = await _community(config.notices)
    before = (await ledger.balance(community_id)).available
    ids = await _enqueue(community_id, config.notices)
    after_enqueue = (await ledger.balance(community_id)).available
    async with FakeTwilio() as fake:
        sender = TwilioSmsSender(
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            from_number=FROM_NUMBER,
            api_base_url=fake.base_url,
            public_base_url=PUBLIC_BASE_URL,
            rate_per_second=config.rate_per_second,
        )
        notifier = Notifier({Channel.SMS: sender})
        try:
            # One list call opens the connection, so the first SMS is not slowed by it.
            await sender.client().messages.list_async(to="+56900000000", limit=1)
            started = time.perf_counter()
            runs = 0
            while await OutboxMessage.filter(
                channel=Channel.SMS, status=OutboxStatus.PENDING
            ).exists():
                runs += 1
                await run_outbox_once(
                    notifier,
                    clock=SYSTEM_CLOCK,
                    limit=config.notices,
                    concurrency=config.concurrency,
                )
                if runs > 20:
                    break
            wall = time.perf_counter() - started
        finally:
            await notifier.close()
        received = list(fake.messages)
        arrivals = sorted(request.received_at for request in fake.creates)

    rows = {row.id: row for row in await OutboxMessage.filter(id__in=ids)}
    per_notice = Counter(_outbox_id(message.status_callback) for message in received)
    sid_of = {_outbox_id(m.status_callback): m.sid for m in received}
    duplicates = sum(count - 1 for count in per_notice.values() if count > 1)
    lost = [
        outbox_id
        for outbox_id in ids
        if per_notice.get(outbox_id) != 1
        or rows[outbox_id].status is not OutboxStatus.SENT
        or rows[outbox_id].provider_id != sid_of.get(outbox_id)
    ]
    spends = await ledger.SmsMovement.filter(
        kind=ledger.MovementKind.SPEND, reference__startswith="bench:correspondence:"
    ).count()
    refunds = await ledger.SmsMovement.filter(
        kind=ledger.MovementKind.REFUND, reference__startswith="bench:correspondence:"
    ).count()
    after = (await ledger.balance(community_id)).available

    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
    interval = 1 / config.rate_per_second
    observed = len(arrivals) / (span + interval) if arrivals else 0.0
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    rate_ratio = observed / config.rate_per_second
    window = _max_in_window(arrivals, 1.0)
    targets = [
        Target("throughput / configured rate", rate_ratio, TARGET_RATIO, at_least=True),
        Target("throughput / configured rate (never above)", rate_ratio, 1.0),
        Target("duplicates", duplicates, 0),
        Target("losses", len(lost), 0),
    ]
    return {
        "config": asdict(config),
        "notices": config.notices,
        "received": len(received),
        "creates": len(fake.creates),
        "worker_runs": runs,
        "wall_seconds": wall,
        "observed_per_s": observed,
        "ratio_to_rate": rate_ratio,
        "max_in_any_second": window,
        "gap_ms": {
            "min": min(gaps) * 1000 if gaps else 0.0,
            "p1": percentile(gaps, 1) * 1000 if gaps else 0.0,
            "median": statistics.median(gaps) * 1000 if gaps else 0.0,
            "interval": 1000 / config.rate_per_second,
        },
        "duplicates": duplicates,
        "losses": len(lost),
        "balance": {
            "before_enqueue": before,
            "after_enqueue": after_enqueue,
            "after_dispatch": after,
            "spends": spends,
            "refunds": refunds,
        },
        "targets": [target.as_dict() for target in targets],
    }


def _max_in_window(arrivals: list[float], seconds: float) -> int:
    """The most arrivals within any window of `seconds` (arrivals sorted)."""
    most, start = 0, 0
    for end, at in enumerate(arrivals):
        while at - arrivals[start] >= seconds:
            start += 1
        most = max(most, end - start + 1)
    return most


def render(result: Report) -> str:
    config = result["config"]
    gaps = result["gap_ms"]
    balance = result["balance"]
    lines = [
        f"SMS dispatch on {SQLITE}: {result['notices']} notices at "
        f"{config['rate_per_second']:g}/s through the twilio client to the fake Twilio",
        table(
            ["figure", "value"],
            [
                ["received by Twilio", result["received"]],
                ["create requests", result["creates"]],
                ["observed rate (/s)", result["observed_per_s"]],
                ["ratio to configured rate", f"{result['ratio_to_rate']:.4f}"],
                ["most arrivals in any 1 s", result["max_in_any_second"]],
                ["wall time (s)", result["wall_seconds"]],
                [
                    "gap min / p1 / median (ms)",
                    f"{gaps['min']:.2f} / {gaps['p1']:.2f} / "
                    f"{gaps['median']:.2f} (interval {gaps['interval']:.2f})",
                ],
                ["duplicates", result["duplicates"]],
                ["losses", result["losses"]],
                ["SMS spent / refunded", f"{balance['spends']} / {balance['refunds']}"],
                [
                    "balance before → after",
                    f"{balance['before_enqueue']} → {balance['after_dispatch']}",
                ],
            ],
        ),
    ]
    lines += [
        Target(t["label"], t["value"], t["limit"], t["at_least"]).line() for t in result["targets"]
    ]
    return "\n".join(lines)


async def run(quick: bool = False, *, log: Callable[[str], None] = print) -> Report:
    """Measure on a scratch SQLite file, print the report and return the figures."""
    config = QUICK if quick else FULL
    with scratch_database(SQLITE, None) as db_url:
        async with open_database(db_url):
            result = await _dispatch(config)
    log(render(result) + "\n")
    return result


def _in_process(quick: bool) -> Report:
    return asyncio.run(run(quick))


def bench(quick: bool = False, pg_server: str | None = None) -> Report:
    """`bench.__main__` runner shape: the async `run` in a fresh interpreter (SQLite only)."""
    del pg_server
    return in_fresh_process(_in_process, quick)


if __name__ == "__main__":
    asyncio.run(run())
