"""Meter readings: parsing, validation, the median rule, corrections, history, rounds, export."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError

from models import meters as m
from models.clock import DEFAULT_ZONE as TZ
from models.clock import FrozenClock
from models.core import Administration, AuditLog, Community, Profile, Property, StaffUser
from models.meters import (
    Flag,
    Meter,
    MeterKind,
    MeterReading,
    MeterRefused,
    MeterRound,
    MeterUnit,
    Refusal,
    parse_value,
)
from models.permissions import Denial, NotAllowed


def santiago(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


# --- parsing (pure) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("12.345.678,125", "12345678.125"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("0,5", "0.5"),
        ("0", "0"),
        ("  987  ", "987"),
        ("1.234,5 m³", "1234.5"),
        ("150 kWh", "150"),
        ("+12", "12"),
        ("12.5", "12.5"),
        ("007", "7"),
    ],
)
def test_parse_value_accepts_chilean_and_plain_forms(typed: str, value: str) -> None:
    assert parse_value(typed) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1,2,3", Refusal.BAD_FORMAT),
        ("abc", Refusal.BAD_FORMAT),
        ("12a", Refusal.BAD_FORMAT),
        ("1.23,4", Refusal.BAD_FORMAT),
        ("1..2", Refusal.BAD_FORMAT),
        (",5", Refusal.BAD_FORMAT),
        ("1.234.5", Refusal.BAD_FORMAT),
        ("-5", Refusal.NEGATIVE),
        ("-1.234,5", Refusal.NEGATIVE),
        ("-abc", Refusal.BAD_FORMAT),
        ("", Refusal.EMPTY),
        ("   ", Refusal.EMPTY),
        (None, Refusal.EMPTY),
        ("m³", Refusal.EMPTY),
        ("1" * 10_000, Refusal.TOO_LONG),
        ("1234567890", Refusal.TOO_BIG),
        ("1,2345", Refusal.TOO_PRECISE),
    ],
)
def test_parse_value_refuses_with_a_reason(typed: str | None, reason: Refusal) -> None:
    with pytest.raises(MeterRefused) as refused:
        parse_value(typed)
    assert refused.value.reason is reason


def test_the_jump_rule_is_over_three_times_the_median() -> None:
    history = [Decimal(n) for n in (10, 12, 11, 9, 50, 10)]  # median 10.5
    assert m.median_consumption(history) == Decimal("10.5")
    assert not m.is_jump(Decimal("31.5"), history)
    assert m.is_jump(Decimal("31.6"), history)
    assert not m.is_jump(Decimal(1000), [])  # no history: nothing to compare with
    assert not m.is_jump(Decimal(5), [Decimal(0), Decimal(0)])  # a zero median never asks


# --- the world --------------------------------------------------------------------------------

_n = itertools.count()


@dataclass
class World:
    clock: FrozenClock
    community: Community
    other: Community
    admin: StaffUser
    concierge: StaffUser
    relief: StaffUser
    tester: StaffUser
    props: list[Property]
    foreign: Property


async def staff(
    admin: Administration, profile: Profile, *where: Community, **kw: Any
) -> StaffUser:
    n = next(_n)
    user = await StaffUser.create(
        administration=admin,
        first_name="P",
        last_name=f"N{n}",
        email=f"p{n}@example.com",
        profile=profile,
        **kw,
    )
    for community in where:
        await user.communities.add(community)
    return user


@pytest.fixture
async def world(db: object) -> World:
    admin = await Administration.create(name=f"Adm {next(_n)}")
    community = await Community.create(administration=admin, name="Los Aromos")
    other = await Community.create(administration=admin, name="Otra")
    # Created out of order: the round walks them in natural order.
    names = ["Depto 10", "Depto 2", "Depto 1", "Depto 3"]
    props = [await Property.create(community=community, name=n) for n in names]
    foreign = await Property.create(community=other, name="Casa 1")
    return World(
        clock=FrozenClock(santiago(2026, 11, 5, 10)),
        community=community,
        other=other,
        admin=await staff(admin, Profile.ADMIN, community, other),
        concierge=await staff(admin, Profile.CONCIERGE, community),
        relief=await staff(admin, Profile.CONCIERGE, community),
        tester=await staff(admin, Profile.ADMIN, community, is_test_user=True),
        props=props,
        foreign=foreign,
    )


async def cold_meters(w: World) -> dict[str, Meter]:
    await m.create_meters(w.admin, w.community.id, MeterKind.COLD_WATER)
    meters = await Meter.filter(community_id=w.community.id).select_related("property")
    return {meter.property.name: meter for meter in meters if meter.property is not None}


async def read(w: World, meter: Meter, value: str, **kw: Any) -> MeterReading:
    return await m.record_reading(
        w.concierge, w.community.id, meter.id, value, clock=w.clock, **kw
    )


async def month_of_readings(w: World, meter: Meter, values: list[str]) -> None:
    """One reading per month, from January 2026 (the clock ends on the month after the last)."""
    for k, value in enumerate(values):
        w.clock.set(santiago(2026, 1 + k, 5, 10))
        await read(w, meter, value, confirm_jump=True)
    w.clock.set(santiago(2026, 1 + len(values), 5, 10))


# --- meters ----------------------------------------------------------------------------------


async def test_a_kind_for_every_property_makes_one_meter_each_and_is_idempotent(
    world: World,
) -> None:
    first = await m.create_meters(world.admin, world.community.id, MeterKind.COLD_WATER)
    again = await m.create_meters(world.admin, world.community.id, MeterKind.COLD_WATER)
    assert (first.created, first.existing) == (4, 0)
    assert (again.created, again.existing) == (0, 4)
    meters = await Meter.filter(community_id=world.community.id)
    assert {x.unit for x in meters} == {MeterUnit.CUBIC_METRE}
    assert await AuditLog.filter(action="meter.create").count() == 1


async def test_a_chosen_list_common_meter_and_units(world: World) -> None:
    chosen = [world.props[0].id, world.props[1].id]
    made = await m.create_meters(
        world.admin, world.community.id, MeterKind.ELECTRICITY, property_ids=chosen
    )
    assert made.created == 2
    assert {x.unit for x in await Meter.filter(kind=MeterKind.ELECTRICITY)} == {MeterUnit.KWH}
    common = await m.create_common_meter(world.admin, world.community.id, "  Agua   general ")
    assert (common.name, common.property_id, common.kind) == ("Agua general", None, "comun")
    assert await m.meter_kinds(world.community.id) == [MeterKind.ELECTRICITY, MeterKind.COMMON]
    with pytest.raises(MeterRefused) as refused:
        await m.create_common_meter(world.admin, world.community.id, "   ")
    assert refused.value.reason is Refusal.NAME_MISSING
    with pytest.raises(MeterRefused) as refused:  # a property of another community
        await m.create_meters(
            world.admin, world.community.id, MeterKind.GAS, property_ids=[world.foreign.id]
        )
    assert refused.value.reason is Refusal.NO_PROPERTIES


async def test_only_administrators_configure_meters(world: World) -> None:
    for who, reason in ((world.concierge, Denial.PROFILE), (world.tester, Denial.READ_ONLY)):
        with pytest.raises(NotAllowed) as refused:
            await m.create_meters(who, world.community.id, MeterKind.GAS)
        assert refused.value.reason is reason
    assert await Meter.all().count() == 0


# --- recording and validation ------------------------------------------------------------------


async def test_a_reading_stores_value_period_author_and_consumption(world: World) -> None:
    meters = await cold_meters(world)
    first = await read(world, meters["Depto 1"], "1.234,5", photo_file_id="PHOTO")
    assert first.value == Decimal("1234.5")
    assert first.period == date(2026, 11, 1)
    assert (first.previous_value, first.consumption) == (None, None)
    assert first.author_id == world.concierge.id
    assert first.photo_file_id == "PHOTO"
    world.clock.set(santiago(2026, 12, 5, 10))
    second = await read(world, meters["Depto 1"], "1250")
    assert (second.previous_value, second.consumption) == (Decimal("1234.5"), Decimal("15.5"))
    audit = await AuditLog.filter(action="meter_reading.record").order_by("id")
    assert [a.object_id for a in audit] == [str(first.id), str(second.id)]


async def test_the_period_is_the_month_on_the_santiago_wall(world: World) -> None:
    meters = await cold_meters(world)
    # 30 Nov 23:30 in Santiago is already 1 December in UTC.
    world.clock.set(santiago(2026, 11, 30, 23, 30))
    reading = await read(world, meters["Depto 1"], "10")
    assert reading.period == date(2026, 11, 1)


async def test_below_the_previous_is_refused_unless_a_meter_change_with_reason(
    world: World,
) -> None:
    meters = await cold_meters(world)
    await read(world, meters["Depto 2"], "500")
    world.clock.set(santiago(2026, 12, 5))
    with pytest.raises(MeterRefused) as refused:
        await read(world, meters["Depto 2"], "499,9")
    assert refused.value.reason is Refusal.BELOW_PREVIOUS
    assert refused.value.data["previous"] == Decimal("500")
    with pytest.raises(MeterRefused) as refused:
        await read(world, meters["Depto 2"], "3", meter_change=True, meter_change_reason="  ")
    assert refused.value.reason is Refusal.REASON_MISSING
    assert await MeterReading.filter(period=date(2026, 12, 1)).count() == 0
    changed = await read(
        world, meters["Depto 2"], "3", meter_change=True, meter_change_reason="Medidor nuevo"
    )
    assert changed.meter_change
    assert changed.change_reason == "Medidor nuevo"
    assert changed.consumption == Decimal("3")  # the new meter started from zero


async def test_a_jump_over_three_times_the_median_needs_confirmation_and_is_flagged(
    world: World,
) -> None:
    meters = await cold_meters(world)
    # Consumptions 10, 12, 11, 9, 10, 10 → median 10.
    await month_of_readings(
        world, meters["Depto 3"], ["100", "110", "122", "133", "142", "152", "162"]
    )
    with pytest.raises(MeterRefused) as refused:
        await read(world, meters["Depto 3"], "193")  # 31
    assert refused.value.reason is Refusal.JUMP_UNCONFIRMED
    assert refused.value.data["median"] == Decimal(10)
    assert refused.value.data["consumption"] == Decimal(31)
    unflagged = await read(world, meters["Depto 1"], "5")
    assert not unflagged.jump_confirmed
    confirmed = await read(world, meters["Depto 3"], "193", confirm_jump=True)
    assert confirmed.jump_confirmed


async def test_thirty_is_not_a_jump_on_a_median_of_ten(world: World) -> None:
    meters = await cold_meters(world)
    await month_of_readings(
        world, meters["Depto 3"], ["100", "110", "122", "133", "142", "152", "162"]
    )
    reading = await read(world, meters["Depto 3"], "192")  # exactly 3×: no question
    assert not reading.jump_confirmed


async def test_only_the_last_six_periods_count_for_the_median(world: World) -> None:
    meters = await cold_meters(world)
    # An old huge month (1000) then six months of 10: the median is 10, not pulled up.
    await month_of_readings(
        world, meters["Depto 1"], ["0", "1000", "1010", "1020", "1030", "1040", "1050", "1060"]
    )
    with pytest.raises(MeterRefused) as refused:
        await read(world, meters["Depto 1"], "1100")
    assert refused.value.reason is Refusal.JUMP_UNCONFIRMED


async def test_future_dates_and_second_readings_are_refused(world: World) -> None:
    meters = await cold_meters(world)
    with pytest.raises(MeterRefused) as refused:
        await read(world, meters["Depto 1"], "5", read_at=world.clock.now() + timedelta(minutes=1))
    assert refused.value.reason is Refusal.FUTURE_DATE
    past = await read(world, meters["Depto 1"], "5", read_at=santiago(2026, 10, 31, 9))
    assert past.period == date(2026, 10, 1)
    await read(world, meters["Depto 1"], "6")
    with pytest.raises(MeterRefused) as refused:
        await read(world, meters["Depto 1"], "7")
    assert refused.value.reason is Refusal.ALREADY_READ


async def test_a_meter_of_another_community_or_inactive_is_refused(world: World) -> None:
    meters = await cold_meters(world)
    await m.create_meters(world.admin, world.other.id, MeterKind.COLD_WATER)
    foreign = await Meter.get(community_id=world.other.id)
    with pytest.raises(MeterRefused) as refused:
        await read(world, foreign, "5")
    assert refused.value.reason is Refusal.METER_NOT_FOUND
    with pytest.raises(NotAllowed) as denied:  # asking in the other community itself
        await m.record_reading(world.concierge, world.other.id, foreign.id, "5", clock=world.clock)
    assert denied.value.reason is Denial.SCOPE
    await m.deactivate_meter(world.admin, world.community.id, meters["Depto 1"].id)
    with pytest.raises(MeterRefused) as refused:
        await read(world, meters["Depto 1"], "5")
    assert refused.value.reason is Refusal.METER_NOT_FOUND
    assert await MeterReading.all().count() == 0


async def test_a_serial_is_set_trimmed_cleared_and_audited(world: World) -> None:
    meters = await cold_meters(world)
    meter = meters["Depto 1"]
    saved = await m.set_serial(world.admin, world.community.id, meter.id, "  AB-12   34 ")
    assert saved.serial == "AB-12 34"
    await m.set_serial(world.admin, world.community.id, meter.id, "AB-12 34")  # no change
    entries = await AuditLog.filter(action="meter.serial").order_by("id")
    assert len(entries) == 1
    assert entries[0].before == {"serial": None}
    assert entries[0].after == {"serial": "AB-12 34"}
    assert entries[0].object_id == str(meter.id)
    cleared = await m.set_serial(world.admin, world.community.id, meter.id, "   ")
    assert cleared.serial is None
    assert (await Meter.get(id=meter.id)).serial is None
    last = await AuditLog.filter(action="meter.serial").order_by("-id").first()
    assert last is not None
    assert last.before == {"serial": "AB-12 34"}


async def test_a_bad_serial_or_foreign_meter_is_refused(world: World) -> None:
    meters = await cold_meters(world)
    meter = meters["Depto 1"]
    for raw, reason in (
        ("x" * (m.MAX_SERIAL + 1), Refusal.SERIAL_TOO_LONG),
        ("AB\x0712", Refusal.SERIAL_NOT_PRINTABLE),
    ):
        with pytest.raises(MeterRefused) as refused:
            await m.set_serial(world.admin, world.community.id, meter.id, raw)
        assert refused.value.reason is reason
    assert await m.set_serial(world.admin, world.community.id, meter.id, "x" * m.MAX_SERIAL)
    await m.create_meters(world.admin, world.other.id, MeterKind.COLD_WATER)
    foreign = await Meter.get(community_id=world.other.id)
    with pytest.raises(MeterRefused) as refused:
        await m.set_serial(world.admin, world.community.id, foreign.id, "S1")
    assert refused.value.reason is Refusal.METER_NOT_FOUND
    for who, denial in ((world.concierge, Denial.PROFILE), (world.tester, Denial.READ_ONLY)):
        with pytest.raises(NotAllowed) as denied:
            await m.set_serial(who, world.community.id, meter.id, "S1")
        assert denied.value.reason is denial
    assert (await Meter.get(id=foreign.id)).serial is None
    assert await AuditLog.filter(action="meter.serial").count() == 1


async def test_configured_meters_lists_inactive_ones_last(world: World) -> None:
    meters = await cold_meters(world)
    await m.deactivate_meter(world.admin, world.community.id, meters["Depto 1"].id)
    listed = await m.configured_meters(world.community.id)
    assert len(listed) == len(meters)
    assert listed[-1].id == meters["Depto 1"].id
    assert all(meter.active for meter in listed[:-1])


async def test_adding_a_kind_for_more_properties_keeps_the_existing_ones(world: World) -> None:
    props = await Property.filter(community_id=world.community.id).order_by("id")
    first = await m.create_meters(
        world.admin, world.community.id, MeterKind.GAS, property_ids=[props[0].id]
    )
    assert (first.created, first.existing) == (1, 0)
    kept = await Meter.get(community_id=world.community.id, kind=MeterKind.GAS)
    more = await m.create_meters(
        world.admin, world.community.id, MeterKind.GAS, property_ids=[p.id for p in props[:3]]
    )
    assert (more.created, more.existing) == (2, 1)
    assert await Meter.filter(id=kept.id, active=True).exists()
    assert await Meter.filter(community_id=world.community.id, kind=MeterKind.GAS).count() == 3


async def test_a_test_user_cannot_record(world: World) -> None:
    meters = await cold_meters(world)
    with pytest.raises(NotAllowed) as denied:
        await m.record_reading(
            world.tester, world.community.id, meters["Depto 1"].id, "5", clock=world.clock
        )
    assert denied.value.reason is Denial.READ_ONLY


# --- corrections -----------------------------------------------------------------------------


async def test_the_author_corrects_within_ten_minutes_and_history_is_kept(world: World) -> None:
    meters = await cold_meters(world)
    first = await read(world, meters["Depto 1"], "120")
    world.clock.advance(timedelta(minutes=10))
    fixed = await m.correct_reading(
        world.concierge, world.community.id, first.id, "102", clock=world.clock
    )
    assert fixed.replaces_id == first.id
    assert fixed.value == Decimal("102")
    await first.refresh_from_db()
    assert first.value == Decimal("120")  # never overwritten
    assert first.superseded_at == world.clock.now()
    assert first.superseded_by_id == fixed.id
    assert [r.id for r in await m.reading_history(fixed.id)] == [first.id, fixed.id]
    entry = await AuditLog.get(action="meter_reading.correct")
    assert entry.before is not None
    assert Decimal(entry.before["value"]) == Decimal("120")
    assert entry.after is not None
    assert Decimal(entry.after["value"]) == Decimal("102")
    with pytest.raises(MeterRefused) as refused:  # the old row is history now
        await m.correct_reading(
            world.concierge, world.community.id, first.id, "103", clock=world.clock
        )
    assert refused.value.reason is Refusal.ALREADY_SUPERSEDED


async def test_after_ten_minutes_only_an_administrator_with_a_reason(world: World) -> None:
    meters = await cold_meters(world)
    first = await read(world, meters["Depto 1"], "120")
    world.clock.advance(timedelta(minutes=10, seconds=1))
    for who in (world.concierge, world.relief):
        with pytest.raises(MeterRefused) as refused:
            await m.correct_reading(who, world.community.id, first.id, "102", clock=world.clock)
        assert refused.value.reason is Refusal.CORRECTION_WINDOW
    with pytest.raises(MeterRefused) as refused:
        await m.correct_reading(
            world.admin, world.community.id, first.id, "102", clock=world.clock
        )
    assert refused.value.reason is Refusal.REASON_MISSING
    fixed = await m.correct_reading(
        world.admin,
        world.community.id,
        first.id,
        "102",
        reason="Foto mal leída",
        clock=world.clock,
    )
    assert fixed.correction_reason == "Foto mal leída"
    assert fixed.author_id == world.admin.id
    assert await MeterReading.filter(superseded_at=None).count() == 1


async def test_another_concierge_cannot_correct_even_at_once(world: World) -> None:
    meters = await cold_meters(world)
    first = await read(world, meters["Depto 1"], "120")
    with pytest.raises(MeterRefused) as refused:
        await m.correct_reading(world.relief, world.community.id, first.id, "1", clock=world.clock)
    assert refused.value.reason is Refusal.CORRECTION_WINDOW


async def test_a_correction_follows_the_same_rules(world: World) -> None:
    meters = await cold_meters(world)
    await read(world, meters["Depto 1"], "100")
    world.clock.set(santiago(2026, 12, 5))
    later = await read(world, meters["Depto 1"], "110")
    with pytest.raises(MeterRefused) as refused:
        await m.correct_reading(
            world.concierge, world.community.id, later.id, "90", clock=world.clock
        )
    assert refused.value.reason is Refusal.BELOW_PREVIOUS
    with pytest.raises(MeterRefused) as refused:  # a reading of another community
        await m.correct_reading(world.admin, world.other.id, later.id, "120", clock=world.clock)
    assert refused.value.reason is Refusal.READING_NOT_FOUND


# --- rounds ------------------------------------------------------------------------------------


async def next_up(rnd: MeterRound) -> m.Upcoming | None:
    """The round's next meter, as the chat asks for it (fresh from the database)."""
    ahead = await m.look_ahead(await MeterRound.get(id=rnd.id), limit=1)
    return ahead[0] if ahead else None


async def test_a_round_walks_in_natural_order_skips_read_ones_and_resumes(world: World) -> None:
    meters = await cold_meters(world)
    await read(world, meters["Depto 2"], "5")  # read before the round: passed over
    rnd = await m.open_round(
        world.concierge, world.community.id, MeterKind.COLD_WATER, clock=world.clock
    )
    assert len(rnd.meter_ids) == 4
    assert await m.count_read(rnd) == 1
    up = await next_up(rnd)
    assert up is not None
    assert (up.place, up.index) == ("Depto 1", 0)
    await read(world, await Meter.get(id=up.meter_id), "7")
    # No need to move the round past a meter just read: the next look passes over it.
    up = await next_up(rnd)
    assert up is not None
    assert (up.place, up.index) == ("Depto 3", 2)
    # Interrupted here; another concierge (the next shift) resumes the same round.
    again = await m.open_round(
        world.relief, world.community.id, MeterKind.COLD_WATER, clock=world.clock
    )
    assert again.id == rnd.id
    assert await m.count_read(again) == 2
    await m.move_round(world.community.id, rnd.id, up.index + 1)  # Saltar
    up = await next_up(rnd)
    assert up is not None
    assert up.place == "Depto 10"
    await m.move_round(world.community.id, rnd.id, up.index + 1)
    await m.move_round(world.community.id, rnd.id, 1)  # never backwards
    assert await next_up(rnd) is None
    await m.finish_round(await MeterRound.get(id=rnd.id), clock=world.clock)
    fresh = await m.open_round(
        world.concierge, world.community.id, MeterKind.COLD_WATER, clock=world.clock
    )
    assert fresh.id != rnd.id
    up = await next_up(fresh)
    assert up is not None
    assert up.place == "Depto 3"  # the skipped one
    # A round of another community is never moved.
    await m.move_round(world.other.id, fresh.id, 3)
    assert (await MeterRound.get(id=fresh.id)).position == 0


async def test_a_round_of_ten_times_the_usual_size(world: World) -> None:
    await Property.bulk_create(
        [Property(community=world.community, name=f"Torre B {n}") for n in range(1, 297)]
    )
    await m.create_meters(world.admin, world.community.id, MeterKind.COLD_WATER)
    rnd = await m.open_round(
        world.concierge, world.community.id, MeterKind.COLD_WATER, clock=world.clock
    )
    seen: list[str] = []
    while ahead := await m.look_ahead(await MeterRound.get(id=rnd.id)):
        for up in ahead:
            seen.append(up.place)
            await read(world, await Meter.get(id=up.meter_id), str(len(seen)))
    assert len(seen) == 300
    assert seen[:4] == ["Depto 1", "Depto 2", "Depto 3", "Depto 10"]
    assert seen[4:7] == ["Torre B 1", "Torre B 2", "Torre B 3"]
    assert seen[-1] == "Torre B 296"
    assert await m.count_read(rnd) == 300
    export = await m.export_period(world.admin, world.community.id, date(2026, 11, 1))
    assert len(export.rows) == 300
    assert export.missing == []


async def test_no_meters_no_round(world: World) -> None:
    with pytest.raises(MeterRefused) as refused:
        await m.open_round(world.concierge, world.community.id, MeterKind.GAS, clock=world.clock)
    assert refused.value.reason is Refusal.METER_NOT_FOUND


# --- export ------------------------------------------------------------------------------------


async def test_the_export_holds_the_period_current_readings_flags_and_missing(
    world: World,
) -> None:
    meters = await cold_meters(world)
    common = await m.create_common_meter(world.admin, world.community.id, "Agua general")
    await read(world, meters["Depto 1"], "100")
    await read(world, meters["Depto 2"], "200")
    world.clock.set(santiago(2026, 12, 3))
    await read(world, meters["Depto 1"], "90", meter_change=True, meter_change_reason="Cambio")
    wrong = await read(world, meters["Depto 2"], "250")
    await m.correct_reading(
        world.concierge, world.community.id, wrong.id, "205", clock=world.clock
    )
    await m.record_reading(world.concierge, world.community.id, common.id, "9", clock=world.clock)
    export = await m.export_period(world.tester, world.community.id, date(2026, 12, 17))
    assert export.period == date(2026, 12, 1)
    assert [
        (r.property_name, r.current, r.previous, r.consumption, r.flags) for r in export.rows
    ] == [
        ("Agua general", Decimal(9), None, None, ()),
        ("Depto 1", Decimal(90), Decimal(100), Decimal(90), (Flag.METER_CHANGE,)),
        ("Depto 2", Decimal(205), Decimal(200), Decimal(5), (Flag.CORRECTED,)),
    ]
    assert [(x.property_name, x.kind) for x in export.missing] == [
        ("Depto 3", MeterKind.COLD_WATER),
        ("Depto 10", MeterKind.COLD_WATER),
    ]
    assert await m.periods_with_readings(world.community.id) == [
        date(2026, 12, 1),
        date(2026, 11, 1),
    ]
    with pytest.raises(NotAllowed):
        await m.export_period(world.concierge, world.community.id, date(2026, 12, 1))


async def test_look_ahead_passes_over_long_stretches_already_read(world: World) -> None:
    await Property.bulk_create(
        [Property(community=world.community, name=f"Torre B {n}") for n in range(1, 57)]
    )
    await m.create_meters(world.admin, world.community.id, MeterKind.COLD_WATER)
    rnd = await m.open_round(
        world.concierge, world.community.id, MeterKind.COLD_WATER, clock=world.clock
    )
    ids = [int(i) for i in rnd.meter_ids]
    # The first 45 meters (more than two look-ahead windows) were read by someone else.
    for meter_id in ids[:45]:
        meter = await Meter.get(id=meter_id)
        await read(world, meter, "1")
    ahead = await m.look_ahead(rnd)
    assert [u.index for u in ahead] == list(range(45, 60))
    assert ahead[0].place == "Torre B 42"
    assert (ahead[0].last_value, ahead[0].kind, ahead[0].unit) == (None, "agua_fria", "m3")
    assert await m.count_read(rnd) == 45
    # A meter read last month shows it; a deactivated one is left out.
    await m.deactivate_meter(world.admin, world.community.id, ids[46])
    world.clock.set(santiago(2026, 12, 2))
    december = await m.open_round(
        world.concierge, world.community.id, MeterKind.COLD_WATER, clock=world.clock
    )
    first = (await m.look_ahead(december, limit=1))[0]
    assert first.last_value is not None
    assert Decimal(first.last_value) == Decimal(1)
    assert ids[46] not in [u.meter_id for u in await m.look_ahead(december, limit=100)]


async def test_the_database_keeps_one_current_reading_per_meter_and_month(world: World) -> None:
    meters = await cold_meters(world)
    first = await read(world, meters["Depto 1"], "10")
    with pytest.raises(IntegrityError):
        await MeterReading.create(
            meter_id=first.meter_id,
            community_id=world.community.id,
            period=first.period,
            current_period=first.period,
            value=11,
            read_at=world.clock.now(),
            author_label="x",
            created_at=world.clock.now(),
        )
    fixed = await m.correct_reading(
        world.concierge, world.community.id, first.id, "12", clock=world.clock
    )
    await first.refresh_from_db()
    assert (first.current_period, fixed.current_period) == (None, first.period)


async def test_two_concierges_reading_the_same_meter_at_once_save_one(
    world: World, require_postgres: None
) -> None:
    meters = await cold_meters(world)
    results = await asyncio.gather(
        m.record_reading(
            world.concierge, world.community.id, meters["Depto 1"].id, "10", clock=world.clock
        ),
        m.record_reading(
            world.relief, world.community.id, meters["Depto 1"].id, "11", clock=world.clock
        ),
        return_exceptions=True,
    )
    saved = [r for r in results if isinstance(r, MeterReading)]
    refused = [r for r in results if isinstance(r, MeterRefused)]
    assert len(saved) == 1
    assert [r.reason for r in refused] == [Refusal.ALREADY_READ]
    assert await MeterReading.filter(meter_id=meters["Depto 1"].id).count() == 1


async def test_purging_a_community_takes_its_meters_readings_and_rounds(world: World) -> None:
    from models.communities import delete_community, purge_deleted

    sofia = await staff(
        await Administration.get(id=world.community.administration_id), Profile.SUPER_ADMIN
    )
    meters = await cold_meters(world)
    common = await m.create_common_meter(world.admin, world.community.id, "Agua general")
    await read(world, meters["Depto 1"], "10")
    await m.record_reading(world.concierge, world.community.id, common.id, "5", clock=world.clock)
    await m.open_round(
        world.concierge, world.community.id, MeterKind.COLD_WATER, clock=world.clock
    )
    await m.create_meters(world.admin, world.other.id, MeterKind.GAS)
    await delete_community(sofia, world.community.id, world.community.name, clock=world.clock)
    world.clock.advance(timedelta(days=31))
    assert await purge_deleted(clock=world.clock) == 1
    assert await Meter.filter(community_id=world.community.id).count() == 0
    assert await MeterReading.filter(community_id=world.community.id).count() == 0
    assert await MeterRound.filter(community_id=world.community.id).count() == 0
    assert await Meter.filter(community_id=world.other.id).count() == 1  # the other stays
    purge = await AuditLog.get(action="community.purge")
    assert purge.after is not None
    assert (purge.after["meters"], purge.after["meter_readings"]) == (5, 2)
