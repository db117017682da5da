"""Meter readings: meters per community, reading rounds, validation, corrections, export.

Rules (issue 14, SPEC §4.8):

- administrators configure meters per community: a kind (agua fría, agua caliente, gas,
  electricidad) for every property or a chosen list (one meter per property), or a named
  common meter ("Agua general"); a unit (m³, kWh) and an optional serial number;
- a reading belongs to a meter and a period (the calendar month of `read_at` on the clock's
  wall); one current reading per meter and period;
- a value below the previous reading is refused unless it is marked as a meter change, with a
  reason; a consumption over 3× the median of the meter's last six periods needs a
  confirmation and is flagged; a reading dated in the future is refused;
- corrections: the author within `AUTHOR_WINDOW`, later only with `MANAGE_METERS` and a reason;
  the corrected row is superseded (`superseded_at`, `superseded_by_id`), never overwritten, and
  the change is audited;
- a reading round walks one kind's meters in natural order ("Depto 2" before "Depto 10"); its
  position lives in the database (`MeterRound`), so a round survives restarts, timeouts and
  shifts: whoever continues it goes on where it stopped. Meters already read this period are
  passed over (one reading per meter and period; a wrong one is corrected, not read twice).

Nothing here knows Telegram or Spanish; values are `Decimal`, refusals carry codes.
"""

from __future__ import annotations

import asyncio
import logging
import re
import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, cast

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import audit
from models.access import natural_key
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, Property, StaffUser
from models.errors import DomainError
from models.local_time import add_months, local_date
from models.permissions import Action, require

log = logging.getLogger(__name__)

AUTHOR_WINDOW = timedelta(minutes=10)
JUMP_FACTOR = Decimal(3)
HISTORY_PERIODS = 6
MAX_VALUE_INPUT = 30
MAX_INTEGER_DIGITS = 9
MAX_DECIMALS = 3
MAX_REASON = 300
MAX_NAME = 100
MAX_SERIAL = 50
MAX_LABEL = 300


class MeterKind(StrEnum):
    COLD_WATER = "agua_fria"
    HOT_WATER = "agua_caliente"
    GAS = "gas"
    ELECTRICITY = "electricidad"
    COMMON = "comun"  # a named common meter ("Agua general"); walked as one round


class MeterUnit(StrEnum):
    CUBIC_METRE = "m3"
    KWH = "kwh"


DEFAULT_UNIT: dict[MeterKind, MeterUnit] = {
    MeterKind.COLD_WATER: MeterUnit.CUBIC_METRE,
    MeterKind.HOT_WATER: MeterUnit.CUBIC_METRE,
    MeterKind.GAS: MeterUnit.CUBIC_METRE,
    MeterKind.ELECTRICITY: MeterUnit.KWH,
    MeterKind.COMMON: MeterUnit.CUBIC_METRE,
}


class Flag(StrEnum):
    """What the export marks on a reading."""

    METER_CHANGE = "meter_change"
    JUMP = "jump"
    CORRECTED = "corrected"


class Refusal(StrEnum):
    """Why a meter action was refused; the chat layer turns the code into Spanish."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    BAD_FORMAT = "bad_format"
    NEGATIVE = "negative"
    TOO_BIG = "too_big"
    TOO_PRECISE = "too_precise"
    METER_NOT_FOUND = "meter_not_found"
    READING_NOT_FOUND = "reading_not_found"
    BELOW_PREVIOUS = "below_previous"
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"
    FUTURE_DATE = "future_date"
    ALREADY_READ = "already_read"
    JUMP_UNCONFIRMED = "jump_unconfirmed"
    CORRECTION_WINDOW = "correction_window"
    ALREADY_SUPERSEDED = "already_superseded"
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    SERIAL_TOO_LONG = "serial_too_long"
    SERIAL_NOT_PRINTABLE = "serial_not_printable"
    NO_PROPERTIES = "no_properties"
    ROUND_NOT_FOUND = "round_not_found"


class MeterRefused(DomainError):
    """Nothing was changed; `reason` says why (`data` holds the figures a message needs)."""

    def __init__(self, reason: Refusal, data: dict[str, object] | None = None) -> None:
        super().__init__(reason.value, data)
        self.reason = reason


# --- models --------------------------------------------------------------------------------


class Meter(Model):
    """A meter of a property (kind per property) or of the community (a named common one)."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    property: fields.ForeignKeyNullableRelation[Property] = fields.ForeignKeyField(
        "models.Property", related_name=False, null=True, on_delete=fields.CASCADE
    )
    property_id: int | None
    kind = fields.CharEnumField(MeterKind, max_length=16)
    name = fields.CharField(max_length=MAX_NAME, null=True)
    """A common meter's name ("Agua general"); NULL for a property's meter."""
    unit = fields.CharEnumField(MeterUnit, max_length=8)
    serial = fields.CharField(max_length=MAX_SERIAL, null=True)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "meter"
        indexes = (("community", "kind", "active"),)


class MeterReading(Model):
    """One reading; a correction supersedes it with a new row (history is kept)."""

    id = fields.IntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField(
        "models.Meter", related_name=False, on_delete=fields.CASCADE
    )
    meter_id: int
    community_id = fields.IntField(db_index=True)
    period = fields.DateField()
    """The first day of the reading's month on the clock's wall."""
    value = fields.DecimalField(max_digits=15, decimal_places=MAX_DECIMALS)
    previous_value = fields.DecimalField(max_digits=15, decimal_places=MAX_DECIMALS, null=True)
    consumption = fields.DecimalField(max_digits=15, decimal_places=MAX_DECIMALS, null=True)
    read_at = fields.DatetimeField()
    author: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    author_label = fields.CharField(max_length=MAX_LABEL)
    photo_file_id = fields.CharField(max_length=255, null=True)
    meter_change = fields.BooleanField(default=False)
    change_reason = fields.CharField(max_length=MAX_REASON, null=True)
    jump_confirmed = fields.BooleanField(default=False)
    replaces_id = fields.IntField(null=True)
    """The reading this one corrects (NULL for a first reading)."""
    correction_reason = fields.CharField(max_length=MAX_REASON, null=True)
    superseded_at = fields.DatetimeField(null=True)
    superseded_by_id = fields.IntField(null=True)
    current_period = fields.DateField(null=True)
    """The period while this is the meter's current reading, NULL once superseded: unique per
    meter, so the database itself keeps one current reading per meter and month (NULLs never
    collide, as with `CorrespondenceItem.pending_code`)."""
    created_at = fields.DatetimeField()

    class Meta:
        table = "meter_reading"
        unique_together = (("meter", "current_period"),)
        indexes = (("meter", "period"), ("community_id", "period"))


class MeterRound(Model):
    """A reading round of one kind in one period: the meters in order and where it stands."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    kind = fields.CharEnumField(MeterKind, max_length=16)
    period = fields.DateField()
    meter_ids: Any = fields.JSONField()
    """The round's meters in natural order, fixed when it started."""
    position = fields.IntField(default=0)
    """Index in `meter_ids` of the meter to read next."""
    started_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    started_by_id: int | None
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "meter_round"
        indexes = (("community", "kind", "period"),)


__models__ = [Meter, MeterReading, MeterRound]


# --- values --------------------------------------------------------------------------------

_CHILEAN = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.234 · 1.234,5 · 1.234.567,25
_COMMA = re.compile(r"\d+(?:,\d+)?")  # 1234 · 1234,5
_DOT = re.compile(r"\d+\.\d+")  # 1234.5
_UNIT = re.compile(r"\s*(?:m3|m³|kwh)\s*$", re.IGNORECASE)


def parse_value(raw: str | None) -> Decimal:
    """A typed reading as a `Decimal`: Chilean "1.234,5" (dots for thousands, decimal comma),
    or plain "1234,5" / "1234.5". A single dot followed by exactly three digits ("1.234") is
    read the Chilean way, as thousands. A trailing unit (m³, kWh) is allowed.

    Refused (`MeterRefused`): empty, over `MAX_VALUE_INPUT` characters, negative, anything
    else ("1,2,3", "abc"), more than `MAX_DECIMALS` decimals or `MAX_INTEGER_DIGITS` digits."""
    text = (raw or "").strip()
    if len(text) > MAX_VALUE_INPUT:
        raise MeterRefused(Refusal.TOO_LONG, {"max": MAX_VALUE_INPUT})
    text = _UNIT.sub("", text).replace(" ", "")
    if not text:
        raise MeterRefused(Refusal.EMPTY)
    if text.startswith("-") and len(text) > 1:
        parse_value(text[1:])  # a malformed negative is malformed first
        raise MeterRefused(Refusal.NEGATIVE)
    if text.startswith("+"):
        text = text[1:]
    if _CHILEAN.fullmatch(text):
        plain = text.replace(".", "").replace(",", ".")
    elif _COMMA.fullmatch(text):
        plain = text.replace(",", ".")
    elif _DOT.fullmatch(text):
        plain = text
    else:
        raise MeterRefused(Refusal.BAD_FORMAT)
    try:
        value = Decimal(plain)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above only give digits
        raise MeterRefused(Refusal.BAD_FORMAT) from exc
    integer, _, decimals = plain.partition(".")
    if len(decimals) > MAX_DECIMALS:
        raise MeterRefused(Refusal.TOO_PRECISE, {"max": MAX_DECIMALS})
    if len(integer.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise MeterRefused(Refusal.TOO_BIG, {"max": MAX_INTEGER_DIGITS})
    return value


def period_of(instant: datetime, clock: Clock) -> date:
    """The reading period (the first day of the month) of an instant on the clock's wall."""
    return local_date(instant, clock.zone).replace(day=1)


def median_consumption(consumptions: Sequence[Decimal]) -> Decimal | None:
    """The median of the last periods' consumptions (None without any)."""
    if not consumptions:
        return None
    return Decimal(statistics.median(consumptions))


def is_jump(consumption: Decimal, history: Sequence[Decimal]) -> bool:
    """Over `JUMP_FACTOR` × the median of the history (a zero median never asks: any
    consumption after months of none would, and the first months have no history)."""
    median = median_consumption(history)
    return median is not None and median > 0 and consumption > JUMP_FACTOR * median


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def _reason(raw: str | None, *, required: bool) -> str | None:
    reason = _clean(raw)
    if reason is None and required:
        raise MeterRefused(Refusal.REASON_MISSING)
    if reason is not None and len(reason) > MAX_REASON:
        raise MeterRefused(Refusal.REASON_TOO_LONG, {"max": MAX_REASON})
    return reason


def staff_label(user: StaffUser) -> str:
    return user.full_name[:MAX_LABEL]


# --- configuring meters --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetersCreated:
    created: int
    existing: int


async def create_meters(
    actor: StaffUser,
    community_id: int,
    kind: MeterKind | str,
    *,
    property_ids: Collection[int] | None = None,
    unit: MeterUnit | str | None = None,
    serial: str | None = None,
) -> MetersCreated:
    """One meter of `kind` for every property of the community, or for `property_ids`;
    properties that already have an active meter of that kind keep theirs. A serial number
    only makes sense for one property. Audited once."""
    await require(actor, Action.MANAGE_METERS, community_id)
    kind = MeterKind(kind)
    if kind is MeterKind.COMMON:
        raise ValueError("a common meter is created with create_common_meter")
    chosen_unit = MeterUnit(unit) if unit is not None else DEFAULT_UNIT[kind]
    serial = clean_serial(serial)
    async with in_transaction():
        rows = Property.filter(community_id=community_id)
        if property_ids is not None:
            rows = rows.filter(id__in=list(property_ids))
        props = list(await rows)
        if not props or (property_ids is not None and len(props) != len(set(property_ids))):
            raise MeterRefused(Refusal.NO_PROPERTIES)
        has = {
            int(cast(int, i))
            for i in await Meter.filter(
                community_id=community_id,
                kind=kind,
                active=True,
                property_id__in=[p.id for p in props],
            ).values_list("property_id", flat=True)
        }
        new = [
            Meter(
                community_id=community_id,
                property_id=p.id,
                kind=kind,
                unit=chosen_unit,
                serial=serial if len(props) == 1 else None,
            )
            for p in props
            if p.id not in has
        ]
        if new:
            await Meter.bulk_create(new)
            community = await Community.get(id=community_id)
            await audit.record(
                actor=actor,
                action="meter.create",
                object_type="meter",
                object_id=None,
                after={"kind": kind.value, "unit": chosen_unit.value, "count": len(new)},
                administration_id=community.administration_id,
                community_id=community_id,
            )
    return MetersCreated(created=len(new), existing=len(has))


async def create_common_meter(
    actor: StaffUser,
    community_id: int,
    name: str,
    *,
    unit: MeterUnit | str = MeterUnit.CUBIC_METRE,
    serial: str | None = None,
) -> Meter:
    """A named common meter of the community ("Agua general")."""
    await require(actor, Action.MANAGE_METERS, community_id)
    clean = _clean(name)
    if clean is None:
        raise MeterRefused(Refusal.NAME_MISSING)
    if len(clean) > MAX_NAME:
        raise MeterRefused(Refusal.NAME_TOO_LONG, {"max": MAX_NAME})
    serial = clean_serial(serial)
    async with in_transaction():
        community = await Community.get(id=community_id)
        meter = await Meter.create(
            community_id=community_id,
            kind=MeterKind.COMMON,
            name=clean,
            unit=MeterUnit(unit),
            serial=serial,
        )
        await audit.record(
            actor=actor,
            action="meter.create",
            object_type="meter",
            object_id=meter.id,
            after={"kind": MeterKind.COMMON.value, "name": clean, "unit": meter.unit.value},
            administration_id=community.administration_id,
            community_id=community_id,
        )
    return meter


async def deactivate_meter(actor: StaffUser, community_id: int, meter_id: int) -> Meter:
    """Stop reading a meter (its readings stay)."""
    await require(actor, Action.MANAGE_METERS, community_id)
    async with in_transaction():
        meter = await Meter.get_or_none(id=meter_id, community_id=community_id)
        if meter is None:
            raise MeterRefused(Refusal.METER_NOT_FOUND)
        if meter.active:
            meter.active = False
            await meter.save(update_fields=["active"])
            community = await Community.get(id=community_id)
            await audit.record(
                actor=actor,
                action="meter.deactivate",
                object_type="meter",
                object_id=meter.id,
                before={"active": True},
                after={"active": False},
                administration_id=community.administration_id,
                community_id=community_id,
            )
    return meter


def clean_serial(raw: str | None) -> str | None:
    """A serial number as stored: spaces collapsed and trimmed, `None` when empty; refused
    over `MAX_SERIAL` characters or with anything unprintable (control characters)."""
    serial = _clean(raw)
    if serial is None:
        return None
    if len(serial) > MAX_SERIAL:
        raise MeterRefused(Refusal.SERIAL_TOO_LONG, {"max": MAX_SERIAL})
    if not serial.isprintable():
        raise MeterRefused(Refusal.SERIAL_NOT_PRINTABLE)
    return serial


async def set_serial(
    actor: StaffUser, community_id: int, meter_id: int, serial: str | None
) -> Meter:
    """Set (or, with `None` / blank, clear) a meter's serial number; audited with before and
    after. Only a meter of `community_id` (a foreign or unknown id is refused)."""
    await require(actor, Action.MANAGE_METERS, community_id)
    clean = clean_serial(serial)
    async with in_transaction():
        meter = await Meter.get_or_none(id=meter_id, community_id=community_id)
        if meter is None:
            raise MeterRefused(Refusal.METER_NOT_FOUND)
        if meter.serial != clean:
            before = meter.serial
            meter.serial = clean
            await meter.save(update_fields=["serial"])
            community = await Community.get(id=community_id)
            await audit.record(
                actor=actor,
                action="meter.serial",
                object_type="meter",
                object_id=meter.id,
                before={"serial": before},
                after={"serial": clean},
                administration_id=community.administration_id,
                community_id=community_id,
            )
    return meter


async def configured_meters(community_id: int) -> list[Meter]:
    """Every meter of the community, active or not, with its property (`select_related`), in
    natural order, active ones first: what "Configurar" lists."""
    meters = list(await Meter.filter(community_id=community_id).select_related("property"))
    meters.sort(key=lambda m: (not m.active, *meter_sort_key(m, _property_name(m))))
    return meters


async def configured_meter(community_id: int, meter_id: int | None) -> Meter:
    """A meter of the community, active or not, with its property (a forged or foreign id is
    refused)."""
    meter = (
        await Meter.get_or_none(id=meter_id, community_id=community_id).select_related("property")
        if meter_id is not None
        else None
    )
    if meter is None:
        raise MeterRefused(Refusal.METER_NOT_FOUND)
    return meter


async def property_names(community_id: int, property_ids: Collection[int]) -> list[str]:
    """The names of those properties of the community, in natural order (others left out)."""
    names = await Property.filter(
        community_id=community_id, id__in=list(property_ids)
    ).values_list("name", flat=True)
    return sorted((str(n) for n in names), key=natural_key)


async def meter_kinds(community_id: int) -> list[MeterKind]:
    """The kinds of the community's active meters, in the enum's order."""
    kinds = {
        str(k)
        for k in await Meter.filter(community_id=community_id, active=True)
        .distinct()
        .values_list("kind", flat=True)
    }
    return [k for k in MeterKind if k.value in kinds]


def meter_sort_key(meter: Meter, property_name: str | None) -> tuple[Any, ...]:
    return (natural_key(property_name or meter.name or ""), meter.id)


async def ordered_meters(community_id: int, kind: MeterKind) -> list[tuple[Meter, str | None]]:
    """The kind's active meters of the community, with their property's name, in natural order."""
    meters = list(
        await Meter.filter(community_id=community_id, kind=kind, active=True).select_related(
            "property"
        )
    )
    pairs = [(meter, _property_name(meter)) for meter in meters]
    pairs.sort(key=lambda pair: meter_sort_key(*pair))
    return pairs


# --- recording -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class History:
    """A meter's current readings before a given one, newest first (at most seven)."""

    readings: list[MeterReading]

    @property
    def previous(self) -> MeterReading | None:
        return self.readings[0] if self.readings else None

    def consumptions(self) -> list[Decimal]:
        return [
            r.consumption for r in self.readings[:HISTORY_PERIODS] if r.consumption is not None
        ]


async def history(meter_id: int, before_period: date) -> History:
    """The current readings of the periods before `before_period` (one query)."""
    rows = (
        await MeterReading.filter(meter_id=meter_id, superseded_at=None, period__lt=before_period)
        .order_by("-period", "-read_at", "-id")
        .limit(HISTORY_PERIODS + 1)
    )
    return History(list(rows))


async def history_for(meter_id: int, period: date, community_id: int) -> History:
    """The history before `period` of an active meter of the community, refused when the meter
    already has a reading in it (one query for both; no rows says nothing about the meter)."""
    rows = list(
        await MeterReading.filter(
            meter_id=meter_id,
            meter__community_id=community_id,
            meter__active=True,
            superseded_at=None,
            period__lte=period,
        )
        .order_by("-period", "-read_at", "-id")
        .limit(HISTORY_PERIODS + 2)
    )
    if rows and rows[0].period == period:
        raise MeterRefused(Refusal.ALREADY_READ)
    return History(rows[: HISTORY_PERIODS + 1])


@dataclass(frozen=True, slots=True)
class Assessed:
    previous: Decimal | None
    consumption: Decimal | None
    jump: bool
    median: Decimal | None


def assess(
    value: Decimal,
    past: History,
    *,
    meter_change: bool,
    confirm_jump: bool,
) -> Assessed:
    """The rules on a value against the meter's history (refusals raised)."""
    previous = past.previous.value if past.previous is not None else None
    if previous is not None and value < previous and not meter_change:
        raise MeterRefused(Refusal.BELOW_PREVIOUS, {"previous": previous, "value": value})
    if previous is None:
        consumption = None
    elif meter_change:
        consumption = value  # a new meter starts from zero
    else:
        consumption = value - previous
    consumptions = past.consumptions()
    jump = consumption is not None and is_jump(consumption, consumptions)
    median = median_consumption(consumptions)
    if jump and not confirm_jump:
        raise MeterRefused(
            Refusal.JUMP_UNCONFIRMED,
            {"consumption": consumption, "median": median, "value": value},
        )
    return Assessed(previous, consumption, jump, median)


async def get_meter(community_id: int, meter_id: int | None) -> Meter:
    """An active meter of the community (a forged or foreign id is refused)."""
    meter = (
        await Meter.get_or_none(id=meter_id, community_id=community_id, active=True)
        if meter_id is not None
        else None
    )
    if meter is None:
        raise MeterRefused(Refusal.METER_NOT_FOUND)
    return meter


async def _create_reading(**values: Any) -> MeterReading:
    return await MeterReading.create(**values, current_period=values["period"])


async def record_reading(
    actor: StaffUser,
    community_id: int,
    meter_id: int,
    value: Decimal | str,
    *,
    photo_file_id: str | None = None,
    meter_change_reason: str | None = None,
    meter_change: bool = False,
    confirm_jump: bool = False,
    read_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> MeterReading:
    """Save a reading of a meter of the community (see the module's rules). A round needs no
    word of it: its next stretch passes over the meters read meanwhile."""
    amount = value if isinstance(value, Decimal) else parse_value(value)
    if amount < 0:
        raise MeterRefused(Refusal.NEGATIVE)
    now = clock.now()
    when = read_at or now
    if when.tzinfo is None:
        raise ValueError("read_at must be aware")
    if when > now:
        raise MeterRefused(Refusal.FUTURE_DATE)
    reason = _reason(meter_change_reason, required=meter_change)
    period = period_of(when, clock)
    # Both questions at once (two pooled connections on PostgreSQL); the refusal of the
    # permission wins. Reading the history outside the transaction is safe: the database
    # refuses a second current reading of the meter in the period (`current_period`).
    allowed, found = await asyncio.gather(
        require(actor, Action.RECORD_METER_READING, community_id),
        history_for(meter_id, period, community_id),
        return_exceptions=True,
    )
    if isinstance(allowed, BaseException):
        raise allowed
    if isinstance(found, BaseException):
        raise found
    past = found
    if not past.readings:  # no history proves nothing: is it an active meter of theirs?
        await get_meter(community_id, meter_id)
    assessed = assess(amount, past, meter_change=meter_change, confirm_jump=confirm_jump)
    try:
        async with in_transaction():
            reading = await _create_reading(
                meter_id=meter_id,
                community_id=community_id,
                period=period,
                value=amount,
                previous_value=assessed.previous,
                consumption=assessed.consumption,
                read_at=when,
                author=actor,
                author_label=staff_label(actor),
                photo_file_id=(photo_file_id or "").strip()[:255] or None,
                meter_change=meter_change,
                change_reason=reason,
                jump_confirmed=assessed.jump,
                created_at=now,
            )
            await audit.record(
                actor=actor,
                action="meter_reading.record",
                object_type="meter_reading",
                object_id=reading.id,
                after=_snapshot(reading),
                administration_id=actor.administration_id,
                community_id=community_id,
            )
    except IntegrityError as exc:  # read meanwhile by someone else
        raise MeterRefused(Refusal.ALREADY_READ) from exc
    return reading


def _snapshot(reading: MeterReading) -> dict[str, Any]:
    return {
        "meter": reading.meter_id,
        "period": reading.period.isoformat(),
        "value": str(reading.value),
        "meter_change": reading.meter_change,
        "change_reason": reading.change_reason,
        "jump": reading.jump_confirmed,
        "correction_reason": reading.correction_reason,
    }


async def may_correct(actor: StaffUser, reading: MeterReading, clock: Clock) -> bool:
    """Whether `actor` may correct the reading without being an administrator."""
    return reading.author_id == actor.id and clock.now() - reading.created_at <= AUTHOR_WINDOW


async def correct_reading(
    actor: StaffUser,
    community_id: int,
    reading_id: int,
    value: Decimal | str,
    *,
    reason: str | None = None,
    meter_change_reason: str | None = None,
    meter_change: bool = False,
    confirm_jump: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> MeterReading:
    """Replace a current reading with a corrected one; the old row is superseded, not changed.

    The author may do it for `AUTHOR_WINDOW` after saving; afterwards only someone allowed to
    `MANAGE_METERS` there, and with a reason. Audited with the values before and after."""
    await require(actor, Action.RECORD_METER_READING, community_id)
    amount = value if isinstance(value, Decimal) else parse_value(value)
    now = clock.now()
    async with in_transaction():
        old = await MeterReading.get_or_none(id=reading_id, community_id=community_id)
        if old is None:
            raise MeterRefused(Refusal.READING_NOT_FOUND)
        if old.superseded_at is not None:
            raise MeterRefused(Refusal.ALREADY_SUPERSEDED)
        if await may_correct(actor, old, clock):
            why = _reason(reason, required=False)
        else:
            try:
                await require(actor, Action.MANAGE_METERS, community_id)
            except DomainError as exc:
                raise MeterRefused(Refusal.CORRECTION_WINDOW) from exc
            why = _reason(reason, required=True)
        change_reason = _reason(meter_change_reason, required=meter_change)
        past = await history(old.meter_id, old.period)
        assessed = assess(amount, past, meter_change=meter_change, confirm_jump=confirm_jump)
        claimed = await MeterReading.filter(id=old.id, superseded_at=None).update(
            superseded_at=now, current_period=None
        )
        if claimed != 1:
            raise MeterRefused(Refusal.ALREADY_SUPERSEDED)
        new = await _create_reading(
            meter_id=old.meter_id,
            community_id=community_id,
            period=old.period,
            value=amount,
            previous_value=assessed.previous,
            consumption=assessed.consumption,
            read_at=old.read_at,
            author=actor,
            author_label=staff_label(actor),
            photo_file_id=old.photo_file_id,
            meter_change=meter_change,
            change_reason=change_reason,
            jump_confirmed=assessed.jump,
            replaces_id=old.id,
            correction_reason=why,
            created_at=now,
        )
        await MeterReading.filter(id=old.id).update(superseded_by_id=new.id)
        await audit.record(
            actor=actor,
            action="meter_reading.correct",
            object_type="meter_reading",
            object_id=new.id,
            before=_snapshot(old),
            after=_snapshot(new),
            administration_id=actor.administration_id,
            community_id=community_id,
        )
    return new


async def reading_history(reading_id: int) -> list[MeterReading]:
    """Every version of a reading, oldest first (following `replaces_id` back)."""
    chain: list[MeterReading] = []
    current = await MeterReading.get_or_none(id=reading_id)
    while current is not None:
        chain.append(current)
        current = (
            await MeterReading.get_or_none(id=current.replaces_id)
            if current.replaces_id is not None
            else None
        )
    return list(reversed(chain))


# --- rounds --------------------------------------------------------------------------------


async def open_round(
    actor: StaffUser, community_id: int, kind: MeterKind | str, *, clock: Clock = SYSTEM_CLOCK
) -> MeterRound:
    """The kind's unfinished round of this period in the community, or a new one. Shared: a
    concierge of the next shift continues where the other stopped."""
    await require(actor, Action.RECORD_METER_READING, community_id)
    kind = MeterKind(kind)
    period = period_of(clock.now(), clock)
    found = (
        await MeterRound.filter(
            community_id=community_id, kind=kind, period=period, finished_at=None
        )
        .order_by("-id")
        .first()
    )
    if found is not None:
        return found
    pairs = await ordered_meters(community_id, kind)
    if not pairs:
        raise MeterRefused(Refusal.METER_NOT_FOUND)
    return await MeterRound.create(
        community_id=community_id,
        kind=kind,
        period=period,
        meter_ids=[m.id for m, _ in pairs],
        position=0,
        started_by=actor,
        started_at=clock.now(),
    )


async def get_round(community_id: int, round_id: int | None) -> MeterRound:
    found = (
        await MeterRound.get_or_none(id=round_id, community_id=community_id)
        if round_id is not None
        else None
    )
    if found is None:
        raise MeterRefused(Refusal.ROUND_NOT_FOUND)
    return found


ROUND_WINDOW = 20
LAST_READING_MONTHS = 24
"""How far back a round looks for a meter's last reading to show."""
"""Meters looked ahead at once for a reading this period (one small query per window)."""


async def move_round(community_id: int, round_id: int, position: int) -> None:
    """The round's position to `position` (never backwards; a round elsewhere is left alone)."""
    await MeterRound.filter(id=round_id, community_id=community_id, position__lt=position).update(
        position=position
    )


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A meter the round will ask for, with what the prompt shows (JSON-friendly)."""

    meter_id: int
    index: int
    place: str
    kind: str
    name: str | None
    unit: str
    last_value: str | None
    last_read_at: str | None


async def look_ahead(round_: MeterRound, limit: int = ROUND_WINDOW) -> list[Upcoming]:
    """The round's next `limit` meters without a reading this period, from its position on,
    with their last readings: three small queries for a stretch of the round, so each reading
    of a long round costs only its own save. Meters read or deactivated later are refused when
    saved (`ALREADY_READ`, `METER_NOT_FOUND`), and the round passes over them."""
    ids = [int(i) for i in cast(list[int], round_.meter_ids)]
    position = round_.position
    chosen: list[tuple[int, Meter]] = []
    while position < len(ids) and len(chosen) < limit:
        window = ids[position : position + limit]
        read_ids = {
            int(cast(int, i))
            for i in await MeterReading.filter(
                meter_id__in=window, period=round_.period, superseded_at=None
            ).values_list("meter_id", flat=True)
        }
        unread = [i for i in window if i not in read_ids]
        found = (
            {
                m.id: m
                for m in await Meter.filter(id__in=unread, active=True).select_related("property")
            }
            if unread
            else {}
        )
        for offset, meter_id in enumerate(window):
            if meter_id in found and len(chosen) < limit:
                chosen.append((position + offset, found[meter_id]))
        position += len(window)
    last: dict[int, MeterReading] = {}
    if chosen:
        for reading in await MeterReading.filter(
            meter_id__in=[m.id for _, m in chosen],
            superseded_at=None,
            period__gte=add_months(round_.period, -LAST_READING_MONTHS),
        ).order_by("-period", "-read_at", "-id"):
            last.setdefault(reading.meter_id, reading)
    return [
        Upcoming(
            meter_id=meter.id,
            index=index,
            place=_place(meter),
            kind=meter.kind.value,
            name=meter.name,
            unit=meter.unit.value,
            last_value=str(last[meter.id].value) if meter.id in last else None,
            last_read_at=last[meter.id].read_at.isoformat() if meter.id in last else None,
        )
        for index, meter in chosen
    ]


async def count_read(round_: MeterRound) -> int:
    """How many of the round's meters have a reading in its period."""
    ids = [int(i) for i in cast(list[int], round_.meter_ids)]
    return await MeterReading.filter(
        meter_id__in=ids, period=round_.period, superseded_at=None
    ).count()


async def finish_round(round_: MeterRound, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """The round walked every meter: a new one starts from the beginning next time."""
    if round_.finished_at is None:
        round_.finished_at = clock.now()
        await MeterRound.filter(id=round_.id).update(finished_at=round_.finished_at)


# --- export --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportRow:
    property_name: str
    kind: MeterKind
    meter_name: str | None
    unit: MeterUnit
    serial: str | None
    previous: Decimal | None
    current: Decimal
    consumption: Decimal | None
    read_at: datetime
    author: str
    flags: tuple[Flag, ...]
    change_reason: str | None
    correction_reason: str | None


@dataclass(frozen=True, slots=True)
class MissingRow:
    property_name: str
    kind: MeterKind
    meter_name: str | None


@dataclass(frozen=True, slots=True)
class PeriodExport:
    community: Community
    period: date
    rows: list[ExportRow]
    missing: list[MissingRow]


async def export_period(actor: StaffUser, community_id: int, period: date) -> PeriodExport:
    """The period's current readings of the community, and the active meters without one."""
    await require(actor, Action.EXPORT_METER_READINGS, community_id)
    period = period.replace(day=1)
    community = await Community.get(id=community_id)
    meters = {
        m.id: m for m in await Meter.filter(community_id=community_id).select_related("property")
    }
    readings = await MeterReading.filter(
        community_id=community_id, period=period, superseded_at=None
    )
    rows: list[ExportRow] = []
    for r in readings:
        meter = meters[r.meter_id]
        flags = tuple(
            flag
            for flag, on in (
                (Flag.METER_CHANGE, r.meter_change),
                (Flag.JUMP, r.jump_confirmed),
                (Flag.CORRECTED, r.replaces_id is not None),
            )
            if on
        )
        rows.append(
            ExportRow(
                property_name=_place(meter),
                kind=meter.kind,
                meter_name=meter.name,
                unit=meter.unit,
                serial=meter.serial,
                previous=r.previous_value,
                current=r.value,
                consumption=r.consumption,
                read_at=r.read_at,
                author=r.author_label,
                flags=flags,
                change_reason=r.change_reason,
                correction_reason=r.correction_reason,
            )
        )
    rows.sort(key=lambda row: (natural_key(row.property_name), list(MeterKind).index(row.kind)))
    read = {r.meter_id for r in readings}
    missing = [
        MissingRow(_place(m), m.kind, m.name)
        for m in meters.values()
        if m.active and m.id not in read
    ]
    missing.sort(key=lambda row: (natural_key(row.property_name), list(MeterKind).index(row.kind)))
    return PeriodExport(community, period, rows, missing)


def _property_name(meter: Meter) -> str | None:
    """The name of the meter's property (fetched with `select_related`), None for a common one."""
    prop = meter.property if meter.property_id is not None else None
    return prop.name if prop is not None else None


def _place(meter: Meter) -> str:
    return _property_name(meter) or meter.name or ""


async def periods_with_readings(community_id: int, *, limit: int = 12) -> list[date]:
    """The latest periods that have readings, newest first."""
    values = (
        await MeterReading.filter(community_id=community_id, superseded_at=None)
        .distinct()
        .order_by("-period")
        .limit(limit)
        .values_list("period", flat=True)
    )
    return [cast(date, v) for v in values]


@dataclass(frozen=True, slots=True)
class KindSummary:
    kind: MeterKind
    total: int
    read: int


async def kind_summary(community_id: int, period: date) -> list[KindSummary]:
    """Per kind of the community's active meters: how many, and how many read this period."""
    meters = await Meter.filter(community_id=community_id, active=True).values_list("id", "kind")
    read = {
        int(cast(int, i))
        for i in await MeterReading.filter(
            community_id=community_id, period=period, superseded_at=None
        ).values_list("meter_id", flat=True)
    }
    totals: dict[str, list[int]] = {}
    for meter_id, kind in meters:
        counts = totals.setdefault(str(kind), [0, 0])
        counts[0] += 1
        counts[1] += int(cast(int, meter_id)) in read
    return [KindSummary(k, *totals[k.value]) for k in MeterKind if k.value in totals]


async def get_reading(community_id: int, reading_id: int | None) -> MeterReading:
    """A current reading of the community, with its meter and property (else a refusal)."""
    reading = (
        await MeterReading.get_or_none(
            id=reading_id, community_id=community_id, superseded_at=None
        ).select_related("meter", "meter__property")
        if reading_id is not None
        else None
    )
    if reading is None:
        raise MeterRefused(Refusal.READING_NOT_FOUND)
    return reading


def place_of(meter: Meter) -> str:
    """The property's name (fetched with `select_related`), or a common meter's name."""
    return _place(meter)


async def readings_of_properties(
    community_id: int, property_ids: Collection[int], periods: Collection[date], limit: int = 24
) -> list[MeterReading]:
    """The current readings of these properties of the community in these periods (newest
    period first, then natural order), with their meters and properties: what can be
    corrected."""
    rows = list(
        await MeterReading.filter(
            community_id=community_id,
            superseded_at=None,
            period__in=list(periods),
            meter__property_id__in=list(property_ids),
        )
        .select_related("meter", "meter__property")
        .limit(limit)
    )
    rows.sort(key=lambda r: (-r.period.toordinal(), natural_key(_place(r.meter)), r.meter.kind))
    return rows
