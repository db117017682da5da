"""SMS catalogue, purchases, their e-mails, purchase history and the low-balance warning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from conversations.sms.balance import period_label as chat_period
from handlers.texts import sms as sms_texts
from models.clock import DEFAULT_ZONE as TZ
from models.clock import FrozenClock
from models.core import Administration, AuditLog, Community, Profile, StaffUser
from models.outbox import Channel, OutboxMessage
from models.permissions import NotAllowed
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
    grant_monthly,
    refund,
    spend,
)
from models.sms_purchases import (
    billing_period_for,
    check_low_balance,
    check_low_balance_all,
    format_clp,
    format_date,
    format_int,
    list_bundles,
    purchase,
    purchase_history,
    seed_catalogue,
    upsert_bundle,
)
from notifier.notices.sms import period_label as notice_period
from tests.notices import all_rendered, rendered

SUPPORT = "soporte@kastor.cl"


def santiago(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0, *, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ, fold=fold).astimezone(UTC)


@dataclass
class World:
    administration: Administration
    aromos: Community
    roble: Community
    super_admin: StaffUser
    admin: StaffUser
    other_admin: StaffUser
    inactive_admin: StaffUser
    concierge: StaffUser
    test_admin: StaffUser
    foreign_super: StaffUser
    bundle_100: SmsBundle
    bundle_500: SmsBundle


async def _staff(
    administration: Administration,
    first: str,
    email: str,
    profile: Profile,
    communities: list[Community],
    *,
    active: bool = True,
    test_user: bool = False,
) -> StaffUser:
    user = await StaffUser.create(
        administration=administration,
        first_name=first,
        last_name="Pérez",
        email=email,
        profile=profile,
        is_active=active,
        is_test_user=test_user,
    )
    if communities:
        await user.communities.add(*communities)
    return user


@pytest.fixture
async def world(db: object) -> World:
    administration = await Administration.create(name="Administradora Andes")
    aromos = await Community.create(administration=administration, name="Los Aromos")
    roble = await Community.create(administration=administration, name="El Roble")
    foreign = await Administration.create(name="Otra Administradora")
    await Community.create(administration=foreign, name="Otra Comunidad")
    bundles = {b.name: b for b in await seed_catalogue()}
    return World(
        administration=administration,
        aromos=aromos,
        roble=roble,
        super_admin=await _staff(
            administration, "Sofía", "sofia@andes.cl", Profile.SUPER_ADMIN, []
        ),
        admin=await _staff(administration, "Andrés", "andres@andes.cl", Profile.ADMIN, [aromos]),
        other_admin=await _staff(administration, "Olga", "olga@andes.cl", Profile.ADMIN, [roble]),
        inactive_admin=await _staff(
            administration, "Iván", "ivan@andes.cl", Profile.ADMIN, [aromos], active=False
        ),
        concierge=await _staff(
            administration, "Carlos", "carlos@andes.cl", Profile.CONCIERGE, [aromos]
        ),
        test_admin=await _staff(
            administration, "Tomás", "tomas@andes.cl", Profile.ADMIN, [aromos], test_user=True
        ),
        foreign_super=await _staff(foreign, "Fabián", "fabian@otra.cl", Profile.SUPER_ADMIN, []),
        bundle_100=bundles["Bolsa 100"],
        bundle_500=bundles["Bolsa 500"],
    )


# --- formatting ----------------------------------------------------------------------------


def test_format_clp_uses_chilean_thousands_separator() -> None:
    assert format_clp(5000) == "$5.000"
    assert format_clp(35000) == "$35.000"
    assert format_clp(1234567) == "$1.234.567"
    assert format_clp(0) == "$0"
    assert format_clp(-2500) == "-$2.500"
    assert format_int(1000) == "1.000"
    assert format_int(30) == "30"


@pytest.mark.parametrize("format_period", [chat_period, notice_period])
def test_format_period_and_date_in_spanish(format_period: Callable[[date], str]) -> None:
    """Month names live where they are shown: the chat and the notice renderer agree."""
    assert format_period(date(2026, 12, 1)) == "diciembre 2026"
    assert format_period(date(2027, 1, 1)) == "enero 2027"
    assert format_period(date(2026, 9, 1)) == "septiembre 2026"
    assert format_date(date(2027, 5, 31)) == "31-05-2027"


@pytest.mark.parametrize(
    ("bought", "period"),
    [
        (santiago(2026, 11, 15), date(2026, 12, 1)),
        (santiago(2026, 12, 31, 23, 30), date(2027, 1, 1)),
        # 23:30 on 30 November in Santiago is already 1 December in UTC.
        (santiago(2026, 11, 30, 23, 30), date(2026, 12, 1)),
        (santiago(2026, 12, 1, 0, 10), date(2027, 1, 1)),
    ],
)
def test_billing_period_is_the_coming_month_in_santiago(bought: datetime, period: date) -> None:
    assert billing_period_for(bought, TZ) == period


# --- catalogue -----------------------------------------------------------------------------


async def test_seed_catalogue_is_idempotent_and_keeps_changed_prices(db: object) -> None:
    first = await seed_catalogue()
    assert [(b.name, b.sms_count, b.price_clp) for b in first] == [
        ("Bolsa 100", 100, 5000),
        ("Bolsa 500", 500, 20000),
        ("Bolsa 1000", 1000, 35000),
    ]
    await upsert_bundle("Bolsa 100", 100, 5500)
    again = await seed_catalogue()
    assert await SmsBundle.all().count() == 3
    assert [b.id for b in again] == [b.id for b in first]
    assert (await SmsBundle.get(name="Bolsa 100")).price_clp == 5500


async def test_upsert_and_list_bundles(db: object) -> None:
    await seed_catalogue()
    created = await upsert_bundle("Bolsa 50", 50, 2800)
    assert (created.sms_count, created.price_clp, created.active) == (50, 2800, True)
    updated = await upsert_bundle("Bolsa 50", 60, 3000, active=False)
    assert updated.id == created.id
    assert (updated.sms_count, updated.price_clp, updated.active) == (60, 3000, False)
    assert [b.name for b in await list_bundles()] == ["Bolsa 100", "Bolsa 500", "Bolsa 1000"]
    assert [b.name for b in await list_bundles(active_only=False)] == [
        "Bolsa 50",
        "Bolsa 100",
        "Bolsa 500",
        "Bolsa 1000",
    ]
    with pytest.raises(ValueError, match="positive"):
        await upsert_bundle("Bolsa 0", 0, 100)
    with pytest.raises(ValueError, match="negative"):
        await upsert_bundle("Bolsa X", 10, -1)
    with pytest.raises(ValueError, match="empty"):
        await upsert_bundle("  ", 10, 100)
    assert await SmsBundle.all().count() == 4


# --- purchase ------------------------------------------------------------------------------


async def test_purchase_creates_record_lot_grant_and_audit(world: World) -> None:
    bought = santiago(2026, 11, 15, 10, 0)
    clock = FrozenClock(bought)
    cid = world.aromos.id
    await grant_monthly(cid, clock=clock)
    record = await purchase(
        cid, world.bundle_100.id, world.admin, support_email=SUPPORT, clock=clock
    )
    await record.refresh_from_db()
    assert (record.community_id, record.bundle_id, record.bundle_name) == (
        cid,
        world.bundle_100.id,
        "Bolsa 100",
    )
    assert (record.sms_count, record.price_clp) == (100, 5000)
    assert (record.buyer_id, record.buyer_label) == (world.admin.id, "Andrés Pérez")
    assert record.purchased_at == bought
    assert record.billing_period == date(2026, 12, 1)

    lot = await SmsLot.get(purchase_id=record.id)
    assert (lot.kind, lot.granted, lot.remaining) == (LotKind.PURCHASE, 100, 100)
    assert lot.valid_from == bought
    assert lot.expires_at == datetime(2027, 5, 15, 10, 0, tzinfo=TZ)
    grants = await SmsMovement.filter(lot_id=lot.id)
    assert [(m.kind, m.amount) for m in grants] == [(MovementKind.GRANT, 100)]

    view = await balance(cid, clock=clock)
    assert view.available == 130
    assert [(v.kind, v.remaining) for v in view.lots] == [
        (LotKind.MONTHLY, 30),
        (LotKind.PURCHASE, 100),
    ]

    entry = await AuditLog.get(action="sms.purchase")
    assert (entry.actor_id, entry.community_id, entry.object_id) == (
        world.admin.id,
        cid,
        str(record.id),
    )
    assert entry.administration_id == world.administration.id
    assert entry.after is not None
    assert entry.after["sms_count"] == 100
    assert entry.after["price_clp"] == 5000
    assert entry.after["billing_period"] == "2026-12-01"


async def test_purchase_emails_the_right_people(world: World) -> None:
    clock = FrozenClock(santiago(2026, 11, 15, 10, 0))
    record = await purchase(
        world.aromos.id, world.bundle_100.id, world.admin, support_email=SUPPORT, clock=clock
    )
    messages = all_rendered(await OutboxMessage.all().order_by("id"))
    assert {m.recipient for m in messages} == {"sofia@andes.cl", "andres@andes.cl", SUPPORT}
    assert len(messages) == 3
    for message in messages:
        assert message.channel is Channel.EMAIL
        assert message.community_id == world.aromos.id
        assert message.idempotency_key == f"sms-purchase:{record.id}:{message.recipient}"
        assert message.subject == "Compra de bolsa de SMS — Los Aromos"
        assert "Bolsa: Bolsa 100" in message.body
        assert "SMS: 100" in message.body
        assert "Costo: $5.000" in message.body
        assert "Período de facturación: diciembre 2026" in message.body
        assert "Válidos hasta: 15-05-2027" in message.body
        assert "Andrés Pérez (andres@andes.cl)" in message.body
        assert "SMS disponibles ahora: 100." in message.body


async def test_purchase_by_super_admin_for_other_community(world: World) -> None:
    clock = FrozenClock(santiago(2026, 12, 3))
    record = await purchase(
        world.roble.id, world.bundle_500.id, world.super_admin, support_email=SUPPORT, clock=clock
    )
    assert record.billing_period == date(2027, 1, 1)
    recipients = set(await OutboxMessage.all().values_list("recipient", flat=True))
    assert recipients == {"sofia@andes.cl", "olga@andes.cl", SUPPORT}
    body = rendered(await OutboxMessage.get(recipient=SUPPORT)).body
    assert "Costo: $20.000" in body
    assert "SMS: 500" in body
    assert "Período de facturación: enero 2027" in body


@pytest.mark.parametrize("who", ["concierge", "other_admin", "test_admin", "foreign_super"])
async def test_purchase_refused_changes_nothing(world: World, who: str) -> None:
    buyer: StaffUser = getattr(world, who)
    with pytest.raises(NotAllowed):
        await purchase(
            world.aromos.id,
            world.bundle_100.id,
            buyer,
            support_email=SUPPORT,
            clock=FrozenClock(santiago(2026, 11, 15)),
        )
    assert await SmsPurchase.all().count() == 0
    assert await SmsLot.all().count() == 0
    assert await OutboxMessage.all().count() == 0
    assert await AuditLog.filter(action="sms.purchase").count() == 0


async def test_purchase_of_a_withdrawn_bundle_is_refused(world: World) -> None:
    await upsert_bundle("Bolsa 100", 100, 5000, active=False)
    with pytest.raises(BundleUnavailable) as caught:
        await purchase(
            world.aromos.id,
            world.bundle_100.id,
            world.admin,
            support_email=SUPPORT,
            clock=FrozenClock(santiago(2026, 11, 15)),
        )
    assert caught.value.code == "bundle_unavailable"
    assert sms_texts.BUNDLE_UNAVAILABLE == "La bolsa que elegiste ya no está disponible."
    assert await SmsPurchase.all().count() == 0
    assert await SmsLot.all().count() == 0
    assert await OutboxMessage.all().count() == 0


async def test_purchase_keeps_the_buyer_name_when_the_user_is_deleted(world: World) -> None:
    clock = FrozenClock(santiago(2026, 11, 15))
    record = await purchase(
        world.aromos.id, world.bundle_100.id, world.admin, support_email=SUPPORT, clock=clock
    )
    await world.admin.delete()
    await record.refresh_from_db()
    assert record.buyer_id is None
    assert record.buyer_label == "Andrés Pérez"


# --- history -------------------------------------------------------------------------------


async def test_purchase_history_filters_by_santiago_month_newest_first(world: World) -> None:
    cid = world.aromos.id
    times = [
        santiago(2026, 10, 20),
        santiago(2026, 11, 2),
        santiago(2026, 11, 30, 23, 30),  # December in UTC, November in Santiago
        santiago(2026, 12, 5),
        santiago(2027, 1, 3),
    ]
    made = []
    for index, at in enumerate(times):
        bundle = world.bundle_500 if index == 1 else world.bundle_100
        made.append(
            await purchase(
                cid, bundle.id, world.admin, support_email=SUPPORT, clock=FrozenClock(at)
            )
        )
    await purchase(
        world.roble.id,
        world.bundle_100.id,
        world.super_admin,
        support_email=SUPPORT,
        clock=FrozenClock(santiago(2026, 11, 10)),
    )

    everything = await purchase_history(cid)
    assert [p.id for p in everything] == [p.id for p in reversed(made)]

    november = await purchase_history(cid, year=2026, month=11)
    assert [p.id for p in november] == [made[2].id, made[1].id]
    assert [p.bundle.name for p in november] == ["Bolsa 100", "Bolsa 500"]
    assert [p.price_clp for p in november] == [5000, 20000]

    december = await purchase_history(cid, year=2026, month=12)
    assert [p.id for p in december] == [made[3].id]
    assert [p.id for p in await purchase_history(cid, year=2026)] == [
        made[3].id,
        made[2].id,
        made[1].id,
        made[0].id,
    ]
    assert await purchase_history(cid, year=2025) == []
    with pytest.raises(ValueError, match="year"):
        await purchase_history(cid, month=11)
    with pytest.raises(ValueError, match="month"):
        await purchase_history(cid, year=2026, month=13)


# --- low balance ---------------------------------------------------------------------------


async def low_balance_messages() -> list[OutboxMessage]:
    return all_rendered(
        await OutboxMessage.filter(idempotency_key__startswith="sms-low:").order_by("id")
    )


async def test_low_balance_never_warns_a_community_without_purchases(world: World) -> None:
    clock = FrozenClock(santiago(2026, 11, 5))
    cid = world.aromos.id
    await grant_monthly(cid, clock=clock)
    assert await check_low_balance(cid, clock=clock) is False
    assert await spend(cid, 30, reference="all", clock=clock) is not None
    assert await check_low_balance(cid, clock=clock) is False
    assert await check_low_balance_all(clock=clock) == 0
    assert await low_balance_messages() == []
    assert await SmsLowBalanceState.all().count() == 0


async def test_low_balance_warns_once_until_the_balance_recovers(world: World) -> None:
    clock = FrozenClock(santiago(2026, 11, 5))
    cid = world.aromos.id
    await grant_monthly(cid, clock=clock)
    await purchase(cid, world.bundle_100.id, world.admin, support_email=SUPPORT, clock=clock)
    await OutboxMessage.all().delete()  # forget the purchase e-mails

    assert await check_low_balance(cid, clock=clock) is False  # 130
    assert await spend(cid, 99, reference="s1", clock=clock) is not None
    assert await check_low_balance(cid, clock=clock) is False  # 31: not yet
    assert await spend(cid, 1, reference="s2", clock=clock) is not None
    assert await check_low_balance(cid, clock=clock) is True  # 30: warn
    messages = await low_balance_messages()
    assert {m.recipient for m in messages} == {"sofia@andes.cl", "andres@andes.cl"}
    assert len(messages) == 2
    for message in messages:
        assert message.channel is Channel.EMAIL
        assert message.idempotency_key == f"sms-low:{cid}:1:{message.recipient}"
        assert message.subject == "Quedan pocos SMS — Los Aromos"
        assert "le quedan 30 SMS disponibles" in message.body
        assert "te recomendamos comprar" in message.body

    assert await check_low_balance(cid, clock=clock) is False  # already warned
    assert await spend(cid, 10, reference="s3", clock=clock) is not None
    assert await check_low_balance(cid, clock=clock) is False  # 20: still warned
    assert len(await low_balance_messages()) == 2

    assert await refund("s1", clock=clock) == 99  # back to 119
    assert await check_low_balance(cid, clock=clock) is False  # re-armed
    assert (await SmsLowBalanceState.get(community_id=cid)).warned is False
    assert await spend(cid, 95, reference="s4", clock=clock) is not None  # 24
    assert await check_low_balance_all(clock=clock) == 1
    assert await check_low_balance_all(clock=clock) == 0
    messages = await low_balance_messages()
    assert len(messages) == 4
    assert {m.idempotency_key.split(":")[2] for m in messages} == {"1", "2"}
    state = await SmsLowBalanceState.get(community_id=cid)
    assert (state.warned, state.warn_count) == (True, 2)


async def test_a_new_purchase_rearms_the_low_balance_warning(world: World) -> None:
    clock = FrozenClock(santiago(2026, 11, 5))
    cid = world.aromos.id
    await purchase(cid, world.bundle_100.id, world.admin, support_email=SUPPORT, clock=clock)
    assert await spend(cid, 75, reference="s1", clock=clock) is not None
    assert await check_low_balance(cid, clock=clock) is True  # 25
    await purchase(cid, world.bundle_100.id, world.admin, support_email=SUPPORT, clock=clock)
    assert (await SmsLowBalanceState.get(community_id=cid)).warned is False
    assert await spend(cid, 100, reference="s2", clock=clock) is not None  # 25 again
    assert await check_low_balance(cid, clock=clock) is True
    assert len({m.idempotency_key.split(":")[2] for m in await low_balance_messages()}) == 2


async def test_low_balance_after_purchased_sms_expire(world: World) -> None:
    clock = FrozenClock(santiago(2026, 5, 5))
    cid = world.aromos.id
    await purchase(cid, world.bundle_100.id, world.admin, support_email=SUPPORT, clock=clock)
    assert await check_low_balance(cid, clock=clock) is False
    clock.advance(timedelta(days=200))
    assert await grant_monthly(cid, clock=clock) is not None
    assert (await balance(cid, clock=clock)).available == 30
    assert await check_low_balance(cid, clock=clock) is True
    # The next month's allowance alone does not re-arm it.
    clock.advance(timedelta(days=31))
    assert await grant_monthly(cid, clock=clock) is not None
    assert await check_low_balance(cid, clock=clock) is False
    assert len(await low_balance_messages()) == 2
