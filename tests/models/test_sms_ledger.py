"""The SMS ledger: monthly grants, spending order, refunds, expiries, races and invariants."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.clock import DEFAULT_ZONE as TZ
from models.clock import FrozenClock
from models.core import Administration, Community, Profile, StaffUser
from models.local_time import add_months, month_bounds
from models.sms import (
    MONTHLY_ALLOWANCE,
    LotKind,
    MovementKind,
    SmsLot,
    SmsMovement,
    balance,
    expire_lots,
    grant_monthly,
    grant_monthly_all,
    refund,
    spend,
)
from models.sms_purchases import purchase, upsert_bundle

SUPPORT = "soporte@example.cl"


def santiago(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0, *, fold: int = 0
) -> datetime:
    """A Santiago wall time as the real UTC instant (ZoneInfo decides the offset)."""
    return datetime(year, month, day, hour, minute, tzinfo=TZ, fold=fold).astimezone(UTC)


def wall(instant: datetime) -> tuple[int, int, int, int, int, int]:
    local = instant.astimezone(TZ)
    return (local.year, local.month, local.day, local.hour, local.minute, local.second)


@dataclass
class Setup:
    community: Community
    other: Community
    buyer: StaffUser


_names = itertools.count()


async def make_setup(prefix: str = "") -> Setup:
    tag = prefix or f"t{next(_names)}"
    administration = await Administration.create(name=f"Administradora {tag}")
    community = await Community.create(administration=administration, name=f"Los Aromos {tag}")
    other = await Community.create(administration=administration, name=f"El Roble {tag}")
    buyer = await StaffUser.create(
        administration=administration,
        first_name="Sofía",
        last_name="Súper",
        email=f"super.{tag}@example.cl",
        profile=Profile.SUPER_ADMIN,
    )
    return Setup(community=community, other=other, buyer=buyer)


@pytest.fixture
async def setup(db: object) -> Setup:
    return await make_setup()


async def add_purchase_lot(
    community_id: int, *, granted: int, valid_from: datetime, expires_at: datetime, tag: str
) -> SmsLot:
    """A purchase-kind lot with a chosen expiry, recorded with its grant movement."""
    lot = await SmsLot.create(
        community_id=community_id,
        kind=LotKind.PURCHASE,
        granted=granted,
        remaining=granted,
        valid_from=valid_from,
        expires_at=expires_at,
        period=valid_from.astimezone(TZ).date(),
        grant_key=f"test:{tag}",
    )
    await SmsMovement.create(
        lot_id=lot.id,
        community_id=community_id,
        kind=MovementKind.GRANT,
        amount=granted,
        reference=f"test:{tag}",
        key=f"grant:test:{tag}",
        created_at=valid_from,
    )
    return lot


async def movement_totals(community_id: int) -> dict[MovementKind, int]:
    totals = dict.fromkeys(MovementKind, 0)
    for kind, amount in await SmsMovement.filter(community_id=community_id).values_list(
        "kind", "amount"
    ):
        totals[MovementKind(kind)] += int(amount)
    return totals


# --- monthly allowance ---------------------------------------------------------------------


async def test_monthly_grant_is_idempotent(setup: Setup) -> None:
    clock = FrozenClock(santiago(2026, 11, 15))
    lot = await grant_monthly(setup.community.id, clock=clock)
    assert lot is not None
    assert (lot.kind, lot.granted, lot.remaining) == (LotKind.MONTHLY, 30, 30)
    assert lot.period == date(2026, 11, 1)

    clock.advance(timedelta(days=10))
    assert await grant_monthly(setup.community.id, clock=clock) is None
    assert await SmsLot.filter(community_id=setup.community.id).count() == 1
    grants = await SmsMovement.filter(community_id=setup.community.id, kind=MovementKind.GRANT)
    assert [g.amount for g in grants] == [MONTHLY_ALLOWANCE]
    assert (await balance(setup.community.id, clock=clock)).available == 30


async def test_grant_monthly_all_grants_every_community_once(setup: Setup) -> None:
    clock = FrozenClock(santiago(2026, 11, 1, 0, 5))
    assert await grant_monthly_all(clock=clock) == 2
    assert await grant_monthly_all(clock=clock) == 0
    for community in (setup.community, setup.other):
        assert (await balance(community.id, clock=clock)).available == 30


@pytest.mark.parametrize(
    ("local", "fold", "period"),
    [
        ((2026, 9, 30, 23, 59), 0, date(2026, 9, 1)),
        ((2026, 10, 1, 0, 1), 0, date(2026, 10, 1)),
        ((2026, 3, 31, 23, 59), 0, date(2026, 3, 1)),
        ((2026, 4, 1, 0, 0), 0, date(2026, 4, 1)),
        # Saturday 2026-04-04: 23:00-23:59 happens twice (DST ends at 24:00).
        ((2026, 4, 4, 23, 30), 0, date(2026, 4, 1)),
        ((2026, 4, 4, 23, 30), 1, date(2026, 4, 1)),
        ((2026, 4, 30, 23, 30), 0, date(2026, 4, 1)),
        ((2026, 8, 31, 23, 59), 0, date(2026, 8, 1)),
        ((2026, 9, 1, 0, 0), 0, date(2026, 9, 1)),
        # Sunday 2026-09-06: clocks jump from 24:00 to 01:00.
        ((2026, 9, 6, 1, 0), 0, date(2026, 9, 1)),
        ((2026, 12, 31, 23, 59), 0, date(2026, 12, 1)),
        ((2027, 1, 1, 0, 0), 0, date(2027, 1, 1)),
    ],
)
async def test_monthly_lot_follows_the_santiago_calendar(
    setup: Setup, local: tuple[int, int, int, int, int], fold: int, period: date
) -> None:
    now = santiago(*local, fold=fold)
    lot = await grant_monthly(setup.community.id, clock=FrozenClock(now))
    assert lot is not None
    assert lot.period == period
    assert lot.valid_from <= now < lot.expires_at
    # The lot starts and ends at Santiago midnight on the first, whatever the UTC offset.
    nxt = add_months(period, 1)
    assert wall(lot.valid_from) == (period.year, period.month, 1, 0, 0, 0)
    assert wall(lot.expires_at) == (nxt.year, nxt.month, 1, 0, 0, 0)
    assert lot.valid_from == datetime(period.year, period.month, 1, tzinfo=TZ)
    assert lot.expires_at == datetime(nxt.year, nxt.month, 1, tzinfo=TZ)
    assert (await balance(setup.community.id, clock=FrozenClock(now))).available == 30


async def test_month_boundary_is_santiago_midnight_not_utc(setup: Setup) -> None:
    # 2026-09-30 23:59 in Santiago is already October in UTC.
    before = santiago(2026, 9, 30, 23, 59)
    after = santiago(2026, 10, 1, 0, 1)
    assert before.month == 10  # UTC
    clock = FrozenClock(before)
    september = await grant_monthly(setup.community.id, clock=clock)
    assert september is not None
    assert september.period == date(2026, 9, 1)

    clock.set(after)
    assert (await balance(setup.community.id, clock=clock)).available == 0
    october = await grant_monthly(setup.community.id, clock=clock)
    assert october is not None
    assert october.period == date(2026, 10, 1)
    assert october.valid_from == september.expires_at
    view = await balance(setup.community.id, clock=clock)
    assert [lot.id for lot in view.lots] == [october.id]


@pytest.mark.parametrize(
    ("zone", "period", "valid_from"),
    [
        (ZoneInfo("UTC"), date(2026, 12, 1), datetime(2026, 12, 1, tzinfo=UTC)),
        (ZoneInfo("America/Santiago"), date(2026, 11, 1), datetime(2026, 11, 1, 3, tzinfo=UTC)),
    ],
)
async def test_monthly_allowance_follows_the_clocks_zone(
    setup: Setup, zone: ZoneInfo, period: date, valid_from: datetime
) -> None:
    # 2026-12-01 02:00 UTC is December in UTC and still 30 November 23:00 in Santiago.
    clock = FrozenClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), zone=zone)
    lot = await grant_monthly(setup.community.id, clock=clock)
    assert lot is not None
    assert lot.period == period
    assert lot.valid_from == valid_from
    assert lot.grant_key == f"monthly:{setup.community.id}:{period:%Y-%m}"


@pytest.mark.parametrize(
    ("month", "offset_change"),
    [(date(2026, 4, 1), timedelta(hours=1)), (date(2026, 9, 1), timedelta(hours=-1))],
)
async def test_months_with_a_dst_change_are_an_hour_longer_or_shorter(
    setup: Setup, month: date, offset_change: timedelta
) -> None:
    start, end = month_bounds(month, TZ)
    first = datetime(month.year, month.month, 1, tzinfo=TZ)
    nxt = add_months(month, 1)
    last = datetime(nxt.year, nxt.month, 1, tzinfo=TZ)
    # ZoneInfo says the offset differs at both ends: this month really crosses a DST change.
    offset_start, offset_end = first.utcoffset(), last.utcoffset()
    assert offset_start is not None
    assert offset_end is not None
    assert offset_start - offset_end == offset_change
    days = (nxt - month).days
    assert end - start == timedelta(days=days) + offset_change
    lot = await grant_monthly(setup.community.id, clock=FrozenClock(start))
    assert lot is not None
    assert (lot.valid_from, lot.expires_at) == (start, end)
    # One second before the month starts belongs to the previous month.
    assert (start - timedelta(seconds=1)).astimezone(TZ).month != month.month


async def test_monthly_lot_expires_at_month_end_and_does_not_roll_over(setup: Setup) -> None:
    clock = FrozenClock(santiago(2026, 9, 20))
    lot = await grant_monthly(setup.community.id, clock=clock)
    assert lot is not None
    assert await spend(setup.community.id, 10, reference="r1", clock=clock) is not None

    clock.set(lot.expires_at - timedelta(microseconds=1))
    assert (await balance(setup.community.id, clock=clock)).available == 20
    assert await expire_lots(clock=clock) == 0

    clock.set(lot.expires_at)
    assert (await balance(setup.community.id, clock=clock)).available == 0
    assert await spend(setup.community.id, 1, reference="r2", clock=clock) is None
    assert await expire_lots(clock=clock) == 1
    assert await expire_lots(clock=clock) == 0
    await lot.refresh_from_db()
    assert lot.remaining == 0
    expiries = await SmsMovement.filter(lot_id=lot.id, kind=MovementKind.EXPIRY)
    assert [e.amount for e in expiries] == [20]

    # October starts again at 30, not 50.
    assert await grant_monthly(setup.community.id, clock=clock) is not None
    assert (await balance(setup.community.id, clock=clock)).available == 30


# --- spending ------------------------------------------------------------------------------


async def test_spending_order_monthly_first_then_earliest_expiring_purchase(setup: Setup) -> None:
    now = santiago(2026, 11, 10)
    clock = FrozenClock(now)
    cid = setup.community.id
    monthly = await grant_monthly(cid, clock=clock)
    assert monthly is not None
    # Created first but expires last, then one that expires before the month ends.
    late = await add_purchase_lot(
        cid, granted=50, valid_from=now, expires_at=now + timedelta(days=150), tag="late"
    )
    soon = await add_purchase_lot(
        cid, granted=10, valid_from=now, expires_at=now + timedelta(days=3), tag="soon"
    )
    view = await balance(cid, clock=clock)
    assert view.available == 90
    assert [lot.id for lot in view.lots] == [monthly.id, soon.id, late.id]
    assert [lot.kind for lot in view.lots] == [LotKind.MONTHLY, LotKind.PURCHASE, LotKind.PURCHASE]
    assert view.lots[1].expires_at == soon.expires_at

    first = await spend(cid, 25, reference="a", clock=clock)
    assert first is not None
    assert [(p.lot_id, p.amount) for p in first.parts] == [(monthly.id, 25)]

    second = await spend(cid, 12, reference="b", clock=clock)
    assert second is not None
    assert [(p.lot_id, p.amount) for p in second.parts] == [(monthly.id, 5), (soon.id, 7)]
    assert [p.kind for p in second.parts] == [LotKind.MONTHLY, LotKind.PURCHASE]

    third = await spend(cid, 10, reference="c", clock=clock)
    assert third is not None
    assert [(p.lot_id, p.amount) for p in third.parts] == [(soon.id, 3), (late.id, 7)]

    view = await balance(cid, clock=clock)
    assert view.available == 43
    assert [(lot.id, lot.remaining) for lot in view.lots] == [(late.id, 43)]
    movements = await SmsMovement.filter(community_id=cid, kind=MovementKind.SPEND).order_by("id")
    assert [(m.reference, m.lot_id, m.amount) for m in movements] == [
        ("a", monthly.id, 25),
        ("b", monthly.id, 5),
        ("b", soon.id, 7),
        ("c", soon.id, 3),
        ("c", late.id, 7),
    ]


async def test_spend_is_all_or_nothing(setup: Setup) -> None:
    now = santiago(2026, 11, 10)
    clock = FrozenClock(now)
    cid = setup.community.id
    await grant_monthly(cid, clock=clock)
    await add_purchase_lot(
        cid, granted=10, valid_from=now, expires_at=now + timedelta(days=30), tag="p"
    )
    assert await spend(cid, 41, reference="too-many", clock=clock) is None
    assert (await balance(cid, clock=clock)).available == 40
    assert await SmsMovement.filter(community_id=cid, kind=MovementKind.SPEND).count() == 0
    assert sorted(await SmsLot.filter(community_id=cid).values_list("remaining", flat=True)) == [
        10,
        30,
    ]

    result = await spend(cid, 40, reference="all", clock=clock)
    assert result is not None
    assert result.amount == 40
    assert (await balance(cid, clock=clock)).available == 0
    assert await spend(cid, 1, reference="one-more", clock=clock) is None
    assert min(await SmsLot.filter(community_id=cid).values_list("remaining", flat=True)) == 0


async def test_spend_ignores_other_communities_and_future_lots(setup: Setup) -> None:
    now = santiago(2026, 11, 10)
    clock = FrozenClock(now)
    await grant_monthly(setup.other.id, clock=clock)
    await add_purchase_lot(
        setup.community.id,
        granted=10,
        valid_from=now + timedelta(hours=1),
        expires_at=now + timedelta(days=30),
        tag="future",
    )
    assert (await balance(setup.community.id, clock=clock)).available == 0
    assert await spend(setup.community.id, 1, reference="x", clock=clock) is None
    assert (await balance(setup.other.id, clock=clock)).available == 30


async def test_spend_with_the_same_reference_spends_once(setup: Setup) -> None:
    clock = FrozenClock(santiago(2026, 11, 10))
    cid = setup.community.id
    await grant_monthly(cid, clock=clock)
    first = await spend(cid, 5, reference="outbox:42", clock=clock)
    again = await spend(cid, 5, reference="outbox:42", clock=clock)
    assert first is not None
    assert again is not None
    assert (first.repeated, again.repeated) == (False, True)
    assert again.parts == first.parts
    assert (await balance(cid, clock=clock)).available == 25
    assert await SmsMovement.filter(kind=MovementKind.SPEND, reference="outbox:42").count() == 1
    with pytest.raises(ValueError, match="already spent"):
        await spend(cid, 6, reference="outbox:42", clock=clock)
    # The reference is per community: another community spends its own.
    await grant_monthly(setup.other.id, clock=clock)
    other = await spend(setup.other.id, 5, reference="outbox:42", clock=clock)
    assert other is not None
    assert not other.repeated
    assert (await balance(setup.other.id, clock=clock)).available == 25
    assert (await balance(cid, clock=clock)).available == 25


async def test_spend_rejects_bad_arguments(setup: Setup) -> None:
    clock = FrozenClock(santiago(2026, 11, 10))
    await grant_monthly(setup.community.id, clock=clock)
    with pytest.raises(ValueError, match="positive"):
        await spend(setup.community.id, 0, reference="z", clock=clock)
    with pytest.raises(ValueError, match="reference"):
        await spend(setup.community.id, 1, reference="", clock=clock)
    with pytest.raises(ValueError, match="reference"):
        await spend(setup.community.id, 1, reference="x" * 151, clock=clock)
    assert (await balance(setup.community.id, clock=clock)).available == 30


# --- refunds -------------------------------------------------------------------------------


async def test_refund_gives_back_once(setup: Setup) -> None:
    now = santiago(2026, 11, 10)
    clock = FrozenClock(now)
    cid = setup.community.id
    await grant_monthly(cid, clock=clock)
    await add_purchase_lot(
        cid, granted=20, valid_from=now, expires_at=now + timedelta(days=100), tag="p"
    )
    assert await spend(cid, 35, reference="sms:1", clock=clock) is not None
    assert (await balance(cid, clock=clock)).available == 15

    assert await refund("sms:1", clock=clock) == 35
    view = await balance(cid, clock=clock)
    assert view.available == 50
    assert [lot.remaining for lot in view.lots] == [30, 20]
    assert await refund("sms:1", clock=clock) == 0
    assert (await balance(cid, clock=clock)).available == 50
    assert await refund("never-spent", clock=clock) == 0
    refunds = await SmsMovement.filter(kind=MovementKind.REFUND).order_by("id")
    assert [(r.reference, r.amount) for r in refunds] == [("sms:1", 30), ("sms:1", 5)]
    # A refunded reference is not spent again by a retry of the same spend.
    retry = await spend(cid, 35, reference="sms:1", clock=clock)
    assert retry is not None
    assert retry.repeated
    assert (await balance(cid, clock=clock)).available == 50


async def test_refund_skips_lots_that_have_expired(setup: Setup) -> None:
    now = santiago(2026, 11, 25)
    clock = FrozenClock(now)
    cid = setup.community.id
    monthly = await grant_monthly(cid, clock=clock)
    assert monthly is not None
    purchased = await add_purchase_lot(
        cid, granted=20, valid_from=now, expires_at=now + timedelta(days=100), tag="p"
    )
    assert await spend(cid, 35, reference="sms:2", clock=clock) is not None

    clock.set(monthly.expires_at + timedelta(days=1))
    assert await expire_lots(clock=clock) == 0  # the monthly lot was already empty
    assert await refund("sms:2", clock=clock) == 5
    await monthly.refresh_from_db()
    await purchased.refresh_from_db()
    assert (monthly.remaining, purchased.remaining) == (0, 20)
    assert await refund("sms:2", clock=clock) == 0
    assert (await balance(cid, clock=clock)).available == 20


# --- expiry --------------------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 7, 15), 6) == date(2027, 1, 15)
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 31)


async def test_purchased_lot_expires_exactly_six_months_later(setup: Setup) -> None:
    bundle = await upsert_bundle("Bolsa 100", 100, 5000)
    # Bought in May (UTC-4), expires in November (UTC-3): same wall time, not same UTC hour.
    bought = santiago(2026, 5, 10, 10, 30)
    clock = FrozenClock(bought)
    cid = setup.community.id
    record = await purchase(cid, bundle.id, setup.buyer, support_email=SUPPORT, clock=clock)
    lot = await SmsLot.get(purchase_id=record.id)
    assert lot.valid_from == bought
    assert wall(lot.expires_at) == (2026, 11, 10, 10, 30, 0)
    assert lot.expires_at != bought + timedelta(days=(date(2026, 11, 10) - date(2026, 5, 10)).days)

    clock.set(lot.expires_at - timedelta(microseconds=1))
    assert (await balance(cid, clock=clock)).available == 100
    assert await expire_lots(clock=clock) == 0

    clock.set(lot.expires_at)
    assert (await balance(cid, clock=clock)).available == 0
    assert await expire_lots(clock=clock) == 1
    assert await expire_lots(clock=clock) == 0
    await lot.refresh_from_db()
    assert lot.remaining == 0
    totals = await movement_totals(cid)
    assert totals[MovementKind.GRANT] == 100
    assert totals[MovementKind.EXPIRY] == 100


async def test_purchase_on_the_31st_expires_on_the_last_day_of_february(setup: Setup) -> None:
    bundle = await upsert_bundle("Bolsa 100", 100, 5000)
    clock = FrozenClock(santiago(2026, 8, 31, 18, 0))
    record = await purchase(
        setup.community.id, bundle.id, setup.buyer, support_email=SUPPORT, clock=clock
    )
    lot = await SmsLot.get(purchase_id=record.id)
    assert wall(lot.expires_at) == (2027, 2, 28, 18, 0, 0)


async def test_expiry_records_only_what_is_left(setup: Setup) -> None:
    now = santiago(2026, 11, 10)
    clock = FrozenClock(now)
    cid = setup.community.id
    lot = await add_purchase_lot(
        cid, granted=50, valid_from=now, expires_at=now + timedelta(days=1), tag="p"
    )
    assert await spend(cid, 18, reference="s", clock=clock) is not None
    clock.advance(timedelta(days=2))
    assert await expire_lots(clock=clock) == 1
    totals = await movement_totals(cid)
    assert totals == {
        MovementKind.GRANT: 50,
        MovementKind.SPEND: 18,
        MovementKind.REFUND: 0,
        MovementKind.EXPIRY: 32,
    }
    await lot.refresh_from_db()
    assert lot.remaining == 0


# --- concurrency ---------------------------------------------------------------------------


async def _spend_concurrently(cid: int, count: int, clock: FrozenClock) -> list[object]:
    return await asyncio.gather(
        *(spend(cid, 1, reference=f"race:{i}", clock=clock) for i in range(count))
    )


async def test_fifty_concurrent_spends_of_one_with_thirty_available(setup: Setup) -> None:
    """Runs on SQLite (serialised) and, with TEST_DATABASE_URL, on PostgreSQL (real races)."""
    clock = FrozenClock(santiago(2026, 11, 10))
    cid = setup.community.id
    await grant_monthly(cid, clock=clock)
    results = await _spend_concurrently(cid, 50, clock)
    assert sum(r is not None for r in results) == 30
    assert (await balance(cid, clock=clock)).available == 0
    assert await SmsMovement.filter(community_id=cid, kind=MovementKind.SPEND).count() == 30
    assert await SmsLot.filter(remaining__lt=0).count() == 0


async def test_concurrent_spends_across_lots_on_postgres(
    require_postgres: None, setup: Setup
) -> None:
    now = santiago(2026, 11, 10)
    clock = FrozenClock(now)
    cid = setup.community.id
    await grant_monthly(cid, clock=clock)
    await add_purchase_lot(
        cid, granted=25, valid_from=now, expires_at=now + timedelta(days=20), tag="a"
    )
    await add_purchase_lot(
        cid, granted=25, valid_from=now, expires_at=now + timedelta(days=40), tag="b"
    )
    sizes = [1, 2, 3, 5, 7] * 8  # 144 asked for, 80 available
    results = await asyncio.gather(
        *(spend(cid, n, reference=f"mix:{i}", clock=clock) for i, n in enumerate(sizes))
    )
    spent = sum(n for n, r in zip(sizes, results, strict=True) if r is not None)
    view = await balance(cid, clock=clock)
    assert view.available == 80 - spent
    assert spent > 60  # every spend that fitted at some point went through
    totals = await movement_totals(cid)
    assert totals[MovementKind.SPEND] == spent
    assert await SmsLot.filter(remaining__lt=0).count() == 0


async def test_concurrent_spends_with_one_reference_take_once_on_postgres(
    require_postgres: None, setup: Setup
) -> None:
    clock = FrozenClock(santiago(2026, 11, 10))
    cid = setup.community.id
    await grant_monthly(cid, clock=clock)
    results = await asyncio.gather(
        *(spend(cid, 4, reference="same", clock=clock) for _ in range(10))
    )
    assert all(r is not None for r in results)
    assert sum(1 for r in results if r is not None and not r.repeated) == 1
    assert (await balance(cid, clock=clock)).available == 26
    refunds = await asyncio.gather(*(refund("same", clock=clock) for _ in range(10)))
    assert sorted(refunds) == [0] * 9 + [4]
    assert (await balance(cid, clock=clock)).available == 30


async def test_concurrent_monthly_grants_make_one_lot_on_postgres(
    require_postgres: None, setup: Setup
) -> None:
    clock = FrozenClock(santiago(2026, 11, 1, 0, 5))
    cid = setup.community.id
    results = await asyncio.gather(*(grant_monthly(cid, clock=clock) for _ in range(10)))
    assert sum(r is not None for r in results) == 1
    assert await SmsLot.filter(community_id=cid).count() == 1
    assert await SmsMovement.filter(community_id=cid, kind=MovementKind.GRANT).count() == 1
    assert (await balance(cid, clock=clock)).available == 30


async def test_concurrent_expiry_runs_expire_once_on_postgres(
    require_postgres: None, setup: Setup
) -> None:
    clock = FrozenClock(santiago(2026, 11, 10))
    cid = setup.community.id
    lot = await grant_monthly(cid, clock=clock)
    assert lot is not None
    clock.set(lot.expires_at)
    counts = await asyncio.gather(*(expire_lots(clock=clock) for _ in range(8)))
    assert sum(counts) == 1
    assert (await movement_totals(cid))[MovementKind.EXPIRY] == 30


# --- property: the ledger always adds up ---------------------------------------------------

OPERATIONS = st.one_of(
    st.tuples(st.just("grant")),
    st.tuples(st.just("purchase"), st.integers(0, 1)),
    st.tuples(st.just("spend"), st.integers(1, 60), st.integers(0, 5)),
    st.tuples(st.just("refund"), st.integers(0, 5)),
    st.tuples(st.just("expire")),
    st.tuples(st.just("advance"), st.integers(1, 24 * 80)),
)


async def _check_invariants(cid: int, clock: FrozenClock, *, after_expiry: bool) -> int:
    now = clock.now()
    lots = await SmsLot.filter(community_id=cid)
    for lot in lots:
        assert 0 <= lot.remaining <= lot.granted
    totals = await movement_totals(cid)
    total = sum(lot.remaining for lot in lots)
    assert total == (
        totals[MovementKind.GRANT]
        - totals[MovementKind.SPEND]
        + totals[MovementKind.REFUND]
        - totals[MovementKind.EXPIRY]
    )
    available = (await balance(cid, clock=clock)).available
    assert available == sum(
        lot.remaining for lot in lots if lot.valid_from <= now < lot.expires_at
    )
    if after_expiry:
        assert available == total
    return available


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    operations=st.lists(OPERATIONS, min_size=1, max_size=25),
    start_hours=st.integers(0, 24 * 730),
)
async def test_ledger_always_adds_up(
    db: object, operations: Sequence[tuple[Any, ...]], start_hours: int
) -> None:
    # Each example gets its own administración and community (the database outlives it).
    tag = uuid.uuid4().hex[:10]
    s = await make_setup(tag)
    cid = s.community.id
    bundles = [await upsert_bundle("Prop 7", 7, 700), await upsert_bundle("Prop 40", 40, 2000)]
    clock = FrozenClock(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=start_hours))
    spent_by_ref: dict[str, int] = {}
    for op in operations:
        name = op[0]
        before = await _check_invariants(cid, clock, after_expiry=False)
        if name == "grant":
            await grant_monthly(cid, clock=clock)
        elif name == "purchase":
            bundle = bundles[op[1]]
            await purchase(cid, bundle.id, s.buyer, support_email=SUPPORT, clock=clock)
            after = await _check_invariants(cid, clock, after_expiry=False)
            assert after == before + bundle.sms_count
        elif name == "spend":
            n, ref = op[1], f"{tag}:{op[2]}"
            previous = spent_by_ref.get(ref)
            if previous is not None and previous != n:
                with pytest.raises(ValueError, match="already spent"):
                    await spend(cid, n, reference=ref, clock=clock)
                assert await _check_invariants(cid, clock, after_expiry=False) == before
                continue
            result = await spend(cid, n, reference=ref, clock=clock)
            after = await _check_invariants(cid, clock, after_expiry=False)
            if previous is not None:
                assert result is not None
                assert result.repeated
                assert after == before
            elif result is None:
                assert before < n
                assert after == before
            else:
                assert not result.repeated
                assert sum(p.amount for p in result.parts) == n
                assert after == before - n
                spent_by_ref[ref] = n
        elif name == "refund":
            returned = await refund(f"{tag}:{op[1]}", clock=clock)
            after = await _check_invariants(cid, clock, after_expiry=False)
            assert returned >= 0
            assert after == before + returned
        elif name == "expire":
            await expire_lots(clock=clock)
            after = await _check_invariants(cid, clock, after_expiry=True)
            assert after == before
            assert await expire_lots(clock=clock) == 0
        else:
            clock.advance(timedelta(hours=op[1]))
    await expire_lots(clock=clock)
    await _check_invariants(cid, clock, after_expiry=True)
