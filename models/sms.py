"""The SMS balance: a ledger of lots and append-only movements, the bundle catalogue and purchases.

Rules (SPEC §4.5, seed "Comprar bolsas de SMS" / "Bolsas de SMS de Conserjería"):

- every community gets 30 SMS per calendar month in America/Santiago; they do not roll over;
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

import calendar
import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import cast
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, Profile, StaffUser
from models.errors import DomainError
from models.outbox import Channel, enqueue_notice
from models.permissions import Action, require

log = logging.getLogger(__name__)

MONTHLY_ALLOWANCE = 30
PURCHASE_VALIDITY_MONTHS = 6
LOW_BALANCE_THRESHOLD = 30
TZ = ZoneInfo("America/Santiago")

MAX_ATTEMPTS = 100
"""How often a ledger write starts over after losing a race before giving up."""

MAX_REFERENCE_LENGTH = 150

DEFAULT_BUNDLES: tuple[tuple[str, int, int], ...] = (
    ("Bolsa 100", 100, 5_000),
    ("Bolsa 500", 500, 20_000),
    ("Bolsa 1000", 1_000, 35_000),
)

MONTH_NAMES_ES: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)

SMS_PURCHASE = "sms_purchase"
"""Template of the e-mail to administrators and support about a bundle bought."""
SMS_LOW_BALANCE = "sms_low_balance"
"""Template of the e-mail to administrators when the balance gets down to the threshold."""


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
    """Monthly lots: the first of their month; purchase lots: the purchase date (Santiago)."""
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


# --- formatting ----------------------------------------------------------------------------


def format_int(value: int) -> str:
    """Chilean thousands separator: 35000 → "35.000"."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_clp(amount: int) -> str:
    """5000 → "$5.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${format_int(abs(amount))}"


def format_period(value: date) -> str:
    """date(2026, 12, 1) → "diciembre 2026" (no locale needed)."""
    return f"{MONTH_NAMES_ES[value.month - 1]} {value.year}"


def format_date(value: date) -> str:
    """date(2027, 5, 31) → "31-05-2027"."""
    return f"{value.day:02d}-{value.month:02d}-{value.year}"


# --- calendar in Santiago ------------------------------------------------------------------


def local_to_utc(wall: datetime) -> datetime:
    """A naive Santiago wall time → the aware UTC instant.

    `fold=0`: an ambiguous wall time (autumn, clocks back) gives the earlier instant; a skipped
    one (spring, clocks forward at 24:00) gives the instant the clocks jumped. Chile changes
    at 24:00 on a Saturday, so the first instant of any day is `local_to_utc(midnight)`.
    """
    return wall.replace(tzinfo=TZ, fold=0).astimezone(UTC)


def local_date(instant: datetime) -> date:
    return instant.astimezone(TZ).date()


def month_start(value: date) -> date:
    return value.replace(day=1)


def next_month(value: date) -> date:
    """The first day of the month after `value`'s."""
    return date(value.year + value.month // 12, value.month % 12 + 1, 1)


def add_months(value: date, months: int) -> date:
    """Calendar months, the day clamped to the month's length (31 Aug + 6 → 28 Feb)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def month_bounds(value: date) -> tuple[datetime, datetime]:
    """First instant of `value`'s month and of the next one, in UTC (right across DST)."""
    first = month_start(value)
    return (
        local_to_utc(datetime.combine(first, time())),
        local_to_utc(datetime.combine(next_month(first), time())),
    )


def purchase_expiry(purchased_at: datetime) -> datetime:
    """Same Santiago wall time, `PURCHASE_VALIDITY_MONTHS` calendar months later."""
    local = purchased_at.astimezone(TZ)
    target = add_months(local.date(), PURCHASE_VALIDITY_MONTHS)
    return local_to_utc(datetime.combine(target, local.time()))


def billing_period_for(purchased_at: datetime) -> date:
    """The coming month (the seed's "período más próximo a cobrar"), as its first day."""
    return next_month(local_date(purchased_at))


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
    """The current Santiago month's allowance; None if it was already granted (idempotent)."""
    now = clock.now()
    month = month_start(local_date(now))
    key = _monthly_key(community_id, month)
    if await SmsLot.exists(grant_key=key):
        return None
    valid_from, expires_at = month_bounds(month)
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
    for community_id in await Community.all().order_by("id").values_list("id", flat=True):
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


# --- catalogue -----------------------------------------------------------------------------


async def upsert_bundle(
    name: str, sms_count: int, price_clp: int, active: bool = True
) -> SmsBundle:
    """Create or change a catalogue entry by name (a Súper Administrador's tool)."""
    name = name.strip()
    if not name:
        raise ValueError("bundle name is empty")
    if sms_count <= 0:
        raise ValueError("sms_count must be positive")
    if price_clp < 0:
        raise ValueError("price_clp must not be negative")
    bundle, _ = await SmsBundle.update_or_create(
        name=name, defaults={"sms_count": sms_count, "price_clp": price_clp, "active": active}
    )
    return bundle


async def seed_catalogue() -> list[SmsBundle]:
    """Make sure the default bundles exist; never overwrites a price someone changed."""
    bundles = []
    for name, sms_count, price_clp in DEFAULT_BUNDLES:
        bundle, _ = await SmsBundle.get_or_create(
            name=name, defaults={"sms_count": sms_count, "price_clp": price_clp, "active": True}
        )
        bundles.append(bundle)
    return bundles


async def list_bundles(active_only: bool = True) -> list[SmsBundle]:
    query = SmsBundle.filter(active=True) if active_only else SmsBundle.all()
    return await query.order_by("sms_count", "name")


# --- purchases -----------------------------------------------------------------------------


def _notice_key(prefix: str, email: str) -> str:
    """An outbox idempotency key per recipient, within the outbox's 120 characters."""
    key = f"{prefix}:{email}"
    if len(key) <= 120:
        return key
    return f"{prefix}:{hashlib.sha256(email.encode()).hexdigest()[:32]}"


async def administrator_emails(community: Community) -> list[str]:
    """Active Súper Administradores of its administración and its active Administradores.

    Test users ("usuarios de prueba Kastor") look but take no part, so they get no e-mail.
    """
    supers = await StaffUser.filter(
        administration_id=community.administration_id,
        profile=Profile.SUPER_ADMIN,
        is_active=True,
        is_test_user=False,
    ).order_by("id")
    admins = (
        await StaffUser.filter(
            administration_id=community.administration_id,
            profile=Profile.ADMIN,
            is_active=True,
            is_test_user=False,
            communities__id=community.id,
        )
        .distinct()
        .order_by("id")
    )
    return _unique_emails([u.email for u in [*supers, *admins]])


def _unique_emails(emails: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for email in emails:
        clean = email.strip().lower()
        if clean and clean not in seen:
            seen.add(clean)
            result.append(clean)
    return result


async def purchase(
    community_id: int,
    bundle_id: int,
    buyer: StaffUser,
    *,
    support_email: str,
    clock: Clock = SYSTEM_CLOCK,
) -> SmsPurchase:
    """Buy a bundle: purchase, lot, grant, audit entry and e-mails, all in one transaction.

    Raises `models.permissions.NotAllowed` when `buyer` may not buy here and
    `BundleUnavailable` for an unknown or withdrawn bundle.
    """
    await require(buyer, Action.BUY_SMS, community_id)
    now = clock.now()
    async with in_transaction():
        community = await Community.get(id=community_id)
        bundle = await SmsBundle.get_or_none(id=bundle_id, active=True)
        if bundle is None:
            raise BundleUnavailable
        record = await SmsPurchase.create(
            community_id=community_id,
            bundle_id=bundle.id,
            bundle_name=bundle.name,
            sms_count=bundle.sms_count,
            price_clp=bundle.price_clp,
            buyer=buyer,
            buyer_label=buyer.full_name,
            purchased_at=now,
            billing_period=billing_period_for(now),
        )
        lot = await SmsLot.create(
            community_id=community_id,
            kind=LotKind.PURCHASE,
            granted=bundle.sms_count,
            remaining=bundle.sms_count,
            valid_from=now,
            expires_at=purchase_expiry(now),
            period=local_date(now),
            purchase_id=record.id,
            grant_key=f"purchase:{record.id}",
        )
        await SmsMovement.create(
            lot_id=lot.id,
            community_id=community_id,
            kind=MovementKind.GRANT,
            amount=bundle.sms_count,
            reference=lot.grant_key,
            key=f"grant:{lot.grant_key}",
            created_at=now,
        )
        await audit.record(
            actor=buyer,
            action="sms.purchase",
            object_type="sms_purchase",
            object_id=record.id,
            after={
                "bundle": bundle.name,
                "sms_count": bundle.sms_count,
                "price_clp": bundle.price_clp,
                "billing_period": record.billing_period.isoformat(),
                "lot_id": lot.id,
                "expires_at": lot.expires_at.isoformat(),
            },
            administration_id=community.administration_id,
            community_id=community_id,
        )
        available = (await balance(community_id, clock=clock)).available
        if available > LOW_BALANCE_THRESHOLD:
            await SmsLowBalanceState.filter(community_id=community_id, warned=True).update(
                warned=False, updated_at=now
            )
        data = {
            "community": community.name,
            "bundle": bundle.name,
            "sms_count": bundle.sms_count,
            "price_clp": bundle.price_clp,
            "billing_period": record.billing_period.isoformat(),
            "valid_until": local_date(lot.expires_at).isoformat(),
            "buyer_name": buyer.full_name,
            "buyer_email": buyer.email,
            "purchased_on": local_date(now).isoformat(),
            "available": available,
        }
        recipients = _unique_emails([*await administrator_emails(community), support_email])
        for email in recipients:
            await enqueue_notice(
                key=_notice_key(f"sms-purchase:{record.id}", email),
                channel=Channel.EMAIL,
                recipient=email,
                template=SMS_PURCHASE,
                data=data,
                community_id=community_id,
            )
    log.info(
        "sms: community=%s bought %s (%s SMS) by staff=%s",
        community_id,
        bundle.name,
        bundle.sms_count,
        buyer.id,
    )
    return record


async def purchase_history(
    community_id: int, *, year: int | None = None, month: int | None = None
) -> list[SmsPurchase]:
    """Purchases newest first, optionally of one Santiago year or month (bundle prefetched)."""
    query = SmsPurchase.filter(community_id=community_id)
    if month is not None and year is None:
        raise ValueError("month needs a year")
    if year is not None:
        if month is None:
            start = local_to_utc(datetime(year, 1, 1))
            end = local_to_utc(datetime(year + 1, 1, 1))
        else:
            if not 1 <= month <= 12:
                raise ValueError("month must be 1..12")
            start, end = month_bounds(date(year, month, 1))
        query = query.filter(purchased_at__gte=start, purchased_at__lt=end)
    return await query.order_by("-purchased_at", "-id").prefetch_related("bundle")


# --- low balance ---------------------------------------------------------------------------


async def check_low_balance(community_id: int, *, clock: Clock = SYSTEM_CLOCK) -> bool:
    """E-mail the administrators once when a community that has bought SMS gets down to 30.

    The warning re-arms only once the balance has been above the threshold again. Returns
    True when it warned now.
    """
    if not await SmsPurchase.exists(community_id=community_id):
        return False
    now = clock.now()
    async with in_transaction():
        state, _ = await SmsLowBalanceState.get_or_create(community_id=community_id)
        available = (await balance(community_id, clock=clock)).available
        if available > LOW_BALANCE_THRESHOLD:
            if state.warned:
                await SmsLowBalanceState.filter(id=state.id).update(warned=False, updated_at=now)
            return False
        claimed = await SmsLowBalanceState.filter(id=state.id, warned=False).update(
            warned=True, warn_count=F("warn_count") + 1, updated_at=now
        )
        if claimed != 1:
            return False
        await state.refresh_from_db()
        community = await Community.get(id=community_id)
        data = {
            "community": community.name,
            "available": available,
            "threshold": LOW_BALANCE_THRESHOLD,
        }
        for email in await administrator_emails(community):
            await enqueue_notice(
                key=_notice_key(f"sms-low:{community_id}:{state.warn_count}", email),
                channel=Channel.EMAIL,
                recipient=email,
                template=SMS_LOW_BALANCE,
                data=data,
                community_id=community_id,
            )
    log.info("sms: low balance warning community=%s available=%s", community_id, available)
    return True


async def check_low_balance_all(*, clock: Clock = SYSTEM_CLOCK) -> int:
    """Run `check_low_balance` for every community with a purchase; returns how many warned."""
    ids = await SmsPurchase.all().distinct().values_list("community_id", flat=True)
    warned = 0
    for community_id in sorted({int(cast(int, i)) for i in ids}):
        if await check_low_balance(community_id, clock=clock):
            warned += 1
    return warned
