"""SMS bundles: the catalogue, purchases, their history and the low-balance warning.

A purchase adds a lot to the ledger (`models.sms`) in the same transaction that records it,
audits it and queues the e-mails to the administrators and support.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime
from typing import cast
from zoneinfo import ZoneInfo

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, Profile, StaffUser
from models.local_time import add_months, local_date, local_to_utc, month_bounds, next_month
from models.outbox import Channel, enqueue_notice
from models.permissions import Action, authorize, require
from models.sms import (
    BundleUnavailable,
    LotKind,
    MovementKind,
    SmsBundle,
    SmsLot,
    SmsLowBalanceState,
    SmsMovement,
    SmsPurchase,
    balance,
)

log = logging.getLogger(__name__)

PURCHASE_VALIDITY_MONTHS = 6
LOW_BALANCE_THRESHOLD = 30

DEFAULT_BUNDLES: tuple[tuple[str, int, int], ...] = (
    ("Bolsa 100", 100, 5_000),
    ("Bolsa 500", 500, 20_000),
    ("Bolsa 1000", 1_000, 35_000),
)


SMS_PURCHASE = "sms_purchase"
"""Template of the e-mail to administrators and support about a bundle bought."""
SMS_LOW_BALANCE = "sms_low_balance"
"""Template of the e-mail to administrators when the balance gets down to the threshold."""

# --- formatting ----------------------------------------------------------------------------


def format_int(value: int) -> str:
    """Chilean thousands separator: 35000 → "35.000"."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_clp(amount: int) -> str:
    """5000 → "$5.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${format_int(abs(amount))}"


def format_date(value: date) -> str:
    """date(2027, 5, 31) → "31-05-2027"."""
    return f"{value.day:02d}-{value.month:02d}-{value.year}"


def purchase_expiry(purchased_at: datetime, zone: ZoneInfo) -> datetime:
    """Same wall time in `zone`, `PURCHASE_VALIDITY_MONTHS` calendar months later."""
    local = purchased_at.astimezone(zone)
    target = add_months(local.date(), PURCHASE_VALIDITY_MONTHS)
    return local_to_utc(datetime.combine(target, local.time()), zone)


def billing_period_for(purchased_at: datetime, zone: ZoneInfo) -> date:
    """The coming month (the seed's "período más próximo a cobrar"), as its first day."""
    return next_month(local_date(purchased_at, zone))


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
    """Active Súper Administradores of its administración and its active Administradores;
    then anyone whose custom role lets them see the SMS balance there (a custom role replaces
    the profile, so its holders count only through it).

    Test users ("usuarios de prueba Kastor") look but take no part, so they get no e-mail.
    """
    supers = await StaffUser.filter(
        administration_id=community.administration_id,
        profile=Profile.SUPER_ADMIN,
        role_id=None,
        is_active=True,
        is_test_user=False,
    ).order_by("id")
    admins = (
        await StaffUser.filter(
            administration_id=community.administration_id,
            profile=Profile.ADMIN,
            role_id=None,
            is_active=True,
            is_test_user=False,
            communities__id=community.id,
        )
        .distinct()
        .order_by("id")
    )
    custom = [
        user
        for user in await StaffUser.filter(
            administration_id=community.administration_id,
            role_id__isnull=False,
            is_active=True,
            is_test_user=False,
        ).order_by("id")
        if await authorize(user, Action.VIEW_SMS, community.id, quiet=True)
    ]
    return _unique_emails([u.email for u in [*supers, *admins, *custom]])


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
            billing_period=billing_period_for(now, clock.zone),
        )
        lot = await SmsLot.create(
            community_id=community_id,
            kind=LotKind.PURCHASE,
            granted=bundle.sms_count,
            remaining=bundle.sms_count,
            valid_from=now,
            expires_at=purchase_expiry(now, clock.zone),
            period=local_date(now, clock.zone),
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
            "valid_until": local_date(lot.expires_at, clock.zone).isoformat(),
            "buyer_name": buyer.full_name,
            "buyer_email": buyer.email,
            "purchased_on": local_date(now, clock.zone).isoformat(),
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
    community_id: int,
    *,
    year: int | None = None,
    month: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[SmsPurchase]:
    """Purchases newest first (bundle prefetched), optionally of one local year or month."""
    query = SmsPurchase.filter(community_id=community_id)
    if month is not None and year is None:
        raise ValueError("month needs a year")
    if year is not None:
        if month is None:
            start = local_to_utc(datetime(year, 1, 1), clock.zone)
            end = local_to_utc(datetime(year + 1, 1, 1), clock.zone)
        else:
            if not 1 <= month <= 12:
                raise ValueError("month must be 1..12")
            start, end = month_bounds(date(year, month, 1), clock.zone)
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
    ids = (
        await SmsPurchase.filter(community__deleted_at=None)
        .distinct()
        .values_list("community_id", flat=True)
    )
    warned = 0
    for community_id in sorted({int(cast(int, i)) for i in ids}):
        if await check_low_balance(community_id, clock=clock):
            warned += 1
    return warned
