"""The SMS balance: a ledger of lots and append-only movements (the catalogue and purchases
are in `models.sms_purchases`).

Rules (SPEC §4.5, seed "Comprar bolsas de SMS" / "Bolsas de SMS de Conserjería"):

- every community gets 30 SMS per calendar month of the clock's zone (`TIMEZONE`); they do not
  roll over;
- a purchased bundle becomes a lot valid 6 calendar months from the purchase, billed in the
  coming month;
- spending takes the monthly allowance first, then purchased lots by earliest expiry; it is all
  or nothing, never negative and never done twice for the same reference;
- every grant, spend, refund and expiry is one `SmsMovement`, so
  ``sum(remaining) == granted - spent + refunded - expired`` for every community.

Concurrency: a spend takes SMS from a lot with a conditional ``UPDATE ... WHERE remaining >= k``
(atomic on PostgreSQL and SQLite alike) inside a transaction, and starts over when it loses a
race. Idempotency rests on unique keys (`SmsLot.grant_key`, `SmsMovement.key`), never on a
read-then-write check alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import cast

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, StaffUser
from models.errors import DomainError
from models.local_time import local_date, month_bounds, month_start

log = logging.getLogger(__name__)

MONTHLY_ALLOWANCE = 30

MAX_ATTEMPTS = 100
"""How often a ledger write starts over after losing a race before giving up."""

MAX_REFERENCE_LENGTH = 150


class LotKind(StrEnum):
    MONTHLY = "monthly"
    PURCHASE = "purchase"


class MovementKind(StrEnum):
    GRANT = "grant"
    SPEND = "spend"
    REFUND = "refund"
    EXPIRY = "expiry"


class SmsError(DomainError):
    """A ledger operation that cannot be done; `code` says why."""


class BundleUnavailable(SmsError):
    """The bundle chosen is unknown or withdrawn from the catalogue."""

    def __init__(self) -> None:
        super().__init__("bundle_unavailable")


class LedgerBusy(SmsError):
    """Too many lost races in a row (should not happen outside a pathological load)."""

    def __init__(self, detail: str) -> None:
        super().__init__("ledger_busy", {"detail": detail})


# --- models --------------------------------------------------------------------------------


class SmsBundle(Model):
    """A catalogue entry: "Bolsa 100", 100 SMS, $5.000."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    sms_count = fields.IntField()
    price_clp = fields.IntField()
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sms_bundle"


class SmsPurchase(Model):
    """One bundle bought for a community: the billing record (kept even if the buyer leaves)."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.RESTRICT
    )
    community_id: int
    bundle: fields.ForeignKeyRelation[SmsBundle] = fields.ForeignKeyField(
        "models.SmsBundle", related_name="purchases", on_delete=fields.RESTRICT
    )
    bundle_id: int
    bundle_name = fields.CharField(max_length=100)
    sms_count = fields.IntField()
    price_clp = fields.IntField()
    buyer: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    buyer_id: int | None
    buyer_label = fields.CharField(max_length=300)
    purchased_at = fields.DatetimeField(db_index=True)
    billing_period = fields.DateField()

    class Meta:
        table = "sms_purchase"


class SmsLot(Model):
    """SMS granted together (a month's allowance or a purchase) and what is left of them."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    kind = fields.CharEnumField(LotKind, max_length=10)
    granted = fields.IntField()
    remaining = fields.IntField()
    valid_from = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    period = fields.DateField()
    """Monthly lots: the first of their month; purchase lots: the purchase date (local)."""
    purchase: fields.ForeignKeyNullableRelation[SmsPurchase] = fields.ForeignKeyField(
        "models.SmsPurchase", related_name=False, null=True, on_delete=fields.CASCADE
    )
    purchase_id: int | None
    grant_key = fields.CharField(max_length=60, unique=True)
    """`monthly:<community>:<YYYY-MM>` or `purchase:<purchase id>`: one lot per grant, ever."""

    class Meta:
        table = "sms_lot"


class SmsMovement(Model):
    """One append-only ledger entry; `amount` is always positive, `kind` gives the sign."""

    id = fields.IntField(primary_key=True)
    lot: fields.ForeignKeyRelation[SmsLot] = fields.ForeignKeyField(
        "models.SmsLot", related_name=False, on_delete=fields.CASCADE
    )
    lot_id: int
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    kind = fields.CharEnumField(MovementKind, max_length=8)
    amount = fields.IntField()
    reference = fields.CharField(max_length=MAX_REFERENCE_LENGTH, null=True, db_index=True)
    key = fields.CharField(max_length=200, null=True, unique=True)
    """Idempotency: `grant:<grant_key>`, `spend:<community>:<reference>:<n>`,
    `refund:<spend movement id>`; expiries are guarded by a conditional update instead."""
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sms_movement"


class SmsLowBalanceState(Model):
    """Whether a community's administrators were already told its balance is low."""

    id = fields.IntField(primary_key=True)
    community: fields.OneToOneRelation[Community] = fields.OneToOneField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    warned = fields.BooleanField(default=False)
    warn_count = fields.IntField(default=0)
    updated_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sms_low_balance_state"


__models__ = [SmsBundle, SmsPurchase, SmsLot, SmsMovement, SmsLowBalanceState]


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LotView:
    id: int
    kind: LotKind
    granted: int
    remaining: int
    valid_from: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Balance:
    available: int
    lots: list[LotView]
    """Lots with SMS left and valid now, in the order `spend` uses them."""


@dataclass(frozen=True)
class SpendPart:
    lot_id: int
    kind: LotKind
    amount: int


@dataclass(frozen=True)
class SpendResult:
    reference: str
    amount: int
    parts: list[SpendPart]
    repeated: bool = False
    """True when this reference had already been spent: nothing was taken this time."""


# --- ledger --------------------------------------------------------------------------------


def _monthly_key(community_id: int, month: date) -> str:
    return f"monthly:{community_id}:{month:%Y-%m}"


def _spend_key(community_id: int, reference: str, index: int) -> str:
    return f"spend:{community_id}:{reference}:{index}"


def _spending_order(lot: SmsLot) -> tuple[int, datetime, int]:
    return (0 if lot.kind is LotKind.MONTHLY else 1, lot.expires_at, lot.id)


async def _live_lots(community_id: int, now: datetime) -> list[SmsLot]:
    """Lots with SMS left that are valid at `now`, in spending order."""
    lots = await SmsLot.filter(
        community_id=community_id,
        valid_from__lte=now,
        expires_at__gt=now,
        remaining__gt=0,
    )
    return sorted(lots, key=_spending_order)


async def grant_monthly(community_id: int, *, clock: Clock = SYSTEM_CLOCK) -> SmsLot | None:
    """This month's allowance (in the clock's zone); None if already granted (idempotent)."""
    now = clock.now()
    month = month_start(local_date(now, clock.zone))
    key = _monthly_key(community_id, month)
    if await SmsLot.exists(grant_key=key):
        return None
    valid_from, expires_at = month_bounds(month, clock.zone)
    try:
        async with in_transaction():
            lot = await SmsLot.create(
                community_id=community_id,
                kind=LotKind.MONTHLY,
                granted=MONTHLY_ALLOWANCE,
                remaining=MONTHLY_ALLOWANCE,
                valid_from=valid_from,
                expires_at=expires_at,
                period=month,
                grant_key=key,
            )
            await SmsMovement.create(
                lot_id=lot.id,
                community_id=community_id,
                kind=MovementKind.GRANT,
                amount=MONTHLY_ALLOWANCE,
                reference=key,
                key=f"grant:{key}",
                created_at=now,
            )
    except IntegrityError:
        # Someone else granted it between our check and our insert.
        return None
    log.info("sms: monthly allowance granted community=%s month=%s", community_id, month)
    return lot


async def grant_monthly_all(*, clock: Clock = SYSTEM_CLOCK) -> int:
    """Grant this month's allowance to every community; returns how many were new."""
    granted = 0
    live = Community.filter(deleted_at=None).order_by("id")
    for community_id in await live.values_list("id", flat=True):
        if await grant_monthly(int(cast(int, community_id)), clock=clock) is not None:
            granted += 1
    return granted


async def balance(community_id: int, *, clock: Clock = SYSTEM_CLOCK) -> Balance:
    """SMS available now and the lots they come from, in spending order."""
    lots = await _live_lots(community_id, clock.now())
    views = [
        LotView(
            id=lot.id,
            kind=LotKind(lot.kind),
            granted=lot.granted,
            remaining=lot.remaining,
            valid_from=lot.valid_from,
            expires_at=lot.expires_at,
        )
        for lot in lots
    ]
    return Balance(available=sum(v.remaining for v in views), lots=views)


class _LostRace(Exception):
    """A lot changed between reading and the conditional update: roll back and start over."""


async def _previous_spend(community_id: int, reference: str) -> SpendResult | None:
    rows = (
        await SmsMovement.filter(
            community_id=community_id, kind=MovementKind.SPEND, reference=reference
        )
        .order_by("id")
        .values("lot_id", "amount", "lot__kind")
    )
    if not rows:
        return None
    parts = [
        SpendPart(lot_id=int(r["lot_id"]), kind=LotKind(r["lot__kind"]), amount=int(r["amount"]))
        for r in rows
    ]
    return SpendResult(
        reference=reference, amount=sum(p.amount for p in parts), parts=parts, repeated=True
    )


def _check_reference(reference: str) -> None:
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        raise ValueError(f"reference must be 1..{MAX_REFERENCE_LENGTH} characters")


async def spend(
    community_id: int, n: int, *, reference: str, clock: Clock = SYSTEM_CLOCK
) -> SpendResult | None:
    """Take `n` SMS, all or nothing; None (and no change) when fewer are available.

    Idempotent per `reference` (e.g. the outbox key of the SMS): a retry after a crash gets the
    first result back with `repeated=True` and takes nothing.
    """
    if n <= 0:
        raise ValueError("n must be positive")
    _check_reference(reference)
    for _attempt in range(MAX_ATTEMPTS):
        now = clock.now()
        try:
            async with in_transaction():
                previous = await _previous_spend(community_id, reference)
                if previous is not None:
                    if previous.amount != n:
                        raise ValueError(
                            f"reference {reference!r} already spent {previous.amount} SMS, not {n}"
                        )
                    return previous
                lots = await _live_lots(community_id, now)
                if sum(lot.remaining for lot in lots) < n:
                    return None
                parts: list[SpendPart] = []
                needed = n
                for lot in lots:
                    if needed == 0:
                        break
                    take = min(needed, lot.remaining)
                    updated = await SmsLot.filter(id=lot.id, remaining__gte=take).update(
                        remaining=F("remaining") - take
                    )
                    if updated != 1:
                        raise _LostRace
                    await SmsMovement.create(
                        lot_id=lot.id,
                        community_id=community_id,
                        kind=MovementKind.SPEND,
                        amount=take,
                        reference=reference,
                        key=_spend_key(community_id, reference, len(parts)),
                        created_at=now,
                    )
                    parts.append(SpendPart(lot_id=lot.id, kind=LotKind(lot.kind), amount=take))
                    needed -= take
                return SpendResult(reference=reference, amount=n, parts=parts)
        except _LostRace:
            continue
        except IntegrityError:
            # The same reference was spent concurrently and committed first: read it back.
            continue
    raise LedgerBusy(f"spend {reference!r}: gave up after {MAX_ATTEMPTS} lost races")


async def refund(reference: str, *, clock: Clock = SYSTEM_CLOCK) -> int:
    """Give back what the spend `reference` took, once; lots already expired get nothing.

    Returns the SMS refunded now (0 when there was no such spend or it was already refunded).
    """
    _check_reference(reference)
    for _attempt in range(MAX_ATTEMPTS):
        now = clock.now()
        try:
            async with in_transaction():
                spends = await SmsMovement.filter(
                    kind=MovementKind.SPEND, reference=reference
                ).order_by("id")
                if not spends:
                    return 0
                keys = {mv.id: f"refund:{mv.id}" for mv in spends}
                done = {
                    cast(str, key)
                    for key in await SmsMovement.filter(key__in=list(keys.values())).values_list(
                        "key", flat=True
                    )
                }
                refunded = 0
                for mv in spends:
                    if keys[mv.id] in done:
                        continue
                    lot = await SmsLot.get(id=mv.lot_id)
                    if lot.expires_at <= now:
                        continue
                    await SmsLot.filter(id=lot.id).update(remaining=F("remaining") + mv.amount)
                    await SmsMovement.create(
                        lot_id=lot.id,
                        community_id=mv.community_id,
                        kind=MovementKind.REFUND,
                        amount=mv.amount,
                        reference=reference,
                        key=keys[mv.id],
                        created_at=now,
                    )
                    refunded += mv.amount
                return refunded
        except IntegrityError:
            # A concurrent refund of the same reference committed first; see what is left.
            continue
    raise LedgerBusy(f"refund {reference!r}: gave up after {MAX_ATTEMPTS} attempts")


async def expire_lots(*, clock: Clock = SYSTEM_CLOCK) -> int:
    """Zero every lot past its expiry, recording what was lost; returns lots expired now."""
    now = clock.now()
    expired = 0
    candidates = await SmsLot.filter(expires_at__lte=now, remaining__gt=0).values_list(
        "id", flat=True
    )
    for lot_id in candidates:
        for _attempt in range(MAX_ATTEMPTS):
            lot = await SmsLot.get(id=lot_id)
            if lot.remaining <= 0:
                break
            async with in_transaction():
                updated = await SmsLot.filter(
                    id=lot.id, remaining=lot.remaining, expires_at__lte=now
                ).update(remaining=0)
                if updated == 1:
                    await SmsMovement.create(
                        lot_id=lot.id,
                        community_id=lot.community_id,
                        kind=MovementKind.EXPIRY,
                        amount=lot.remaining,
                        reference=lot.grant_key,
                        created_at=now,
                    )
            if updated == 1:
                expired += 1
                log.info("sms: lot %s expired with %s SMS left", lot.id, lot.remaining)
                break
    return expired
