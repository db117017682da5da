"""The scheduled jobs: each one idempotent (twice or late, same result), and their schedules."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import AppData, create_application
from bot.jobs import (
    EXPIRE_LOTS_JOB,
    LOW_BALANCE_JOB,
    MONTHLY_ALLOWANCE_AT_START_JOB,
    MONTHLY_ALLOWANCE_JOB,
    OUTBOX_JOB,
    PRUNE_UPDATES_JOB,
    REMINDERS_JOB,
    run_job,
    schedule_jobs,
)
from bot.sandbox_app import sandbox
from models.clock import DEFAULT_ZONE as TZ
from models.clock import FrozenClock
from models.core import (
    Administration,
    AuditLog,
    Community,
    Profile,
    Property,
    Resident,
    ResidentRole,
    StaffUser,
)
from models.correspondence import ItemKind, log_item
from models.outbox import Channel, OutboxMessage
from models.sms import (
    LotKind,
    MovementKind,
    SmsLot,
    SmsLowBalanceState,
    SmsMovement,
    balance,
    spend,
)
from models.sms_purchases import purchase, seed_catalogue
from tests.dbutil import settings_for
from tests.notices import all_rendered

SUPPORT = "soporte@conserjeria.example"
SMS_JOBS = {
    MONTHLY_ALLOWANCE_JOB,
    MONTHLY_ALLOWANCE_AT_START_JOB,
    EXPIRE_LOTS_JOB,
    LOW_BALANCE_JOB,
}


def santiago(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


@dataclass
class World:
    clock: FrozenClock
    data: AppData
    aromos: Community
    roble: Community
    admin: StaffUser


@pytest.fixture
async def world(db: object, db_url: str) -> World:
    clock = FrozenClock(santiago(2026, 11, 22, 10))
    data = AppData()
    data.settings = settings_for(db_url)
    data.clock = clock
    administration = await Administration.create(name="Administradora Andes")
    aromos = await Community.create(administration=administration, name="Los Aromos")
    roble = await Community.create(administration=administration, name="El Roble")
    admin = await StaffUser.create(
        administration=administration,
        first_name="Andrés",
        last_name="Pérez",
        email="andres@andes.cl",
        profile=Profile.ADMIN,
    )
    await admin.communities.add(aromos)
    await seed_catalogue()
    return World(clock=clock, data=data, aromos=aromos, roble=roble, admin=admin)


async def monthly_lots(community: Community) -> list[str]:
    lots = await SmsLot.filter(community_id=community.id, kind=LotKind.MONTHLY).order_by("period")
    return [lot.period.isoformat() for lot in lots]


# --- the jobs ------------------------------------------------------------------------------


async def test_monthly_allowance_job_run_twice_grants_once(world: World) -> None:
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    for community in (world.aromos, world.roble):
        assert await monthly_lots(community) == ["2026-11-01"]
        assert (await balance(community.id, clock=world.clock)).available == 30
    assert await SmsMovement.filter(kind=MovementKind.GRANT).count() == 2


async def test_monthly_allowance_job_follows_the_santiago_month(world: World) -> None:
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    # 1 Dec 2026 02:30 UTC is still 30 Nov 23:30 in Santiago: nothing new yet.
    world.clock.set(datetime(2026, 12, 1, 2, 30, tzinfo=UTC))
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    assert await monthly_lots(world.aromos) == ["2026-11-01"]
    world.clock.set(santiago(2026, 12, 1, 0, 5))
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    assert await monthly_lots(world.aromos) == ["2026-11-01", "2026-12-01"]
    # November's 30 do not roll over.
    assert (await balance(world.aromos.id, clock=world.clock)).available == 30


async def test_monthly_allowance_job_run_late_still_grants_the_month_once(world: World) -> None:
    world.clock.set(santiago(2027, 2, 17, 18, 0))  # the bot was down on the 1st
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    assert await monthly_lots(world.aromos) == ["2027-02-01"]
    assert (await balance(world.aromos.id, clock=world.clock)).available == 30


async def test_expiry_job_expires_a_lot_once_even_when_late(world: World) -> None:
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    bundle_id = (await seed_catalogue())[0].id
    bought = await purchase(
        world.aromos.id, bundle_id, world.admin, support_email=SUPPORT, clock=world.clock
    )
    lot = await SmsLot.get(purchase_id=bought.id)
    assert lot.expires_at == santiago(2027, 5, 22, 10)
    world.clock.set(lot.expires_at - timedelta(minutes=1))
    await run_job(world.data, EXPIRE_LOTS_JOB)
    assert (await SmsLot.get(id=lot.id)).remaining == 100
    world.clock.set(santiago(2027, 5, 25, 0, 15))  # three days late
    await run_job(world.data, EXPIRE_LOTS_JOB)
    await run_job(world.data, EXPIRE_LOTS_JOB)
    assert (await SmsLot.get(id=lot.id)).remaining == 0
    expiries = await SmsMovement.filter(kind=MovementKind.EXPIRY, lot_id=lot.id)
    assert [m.amount for m in expiries] == [100]
    # November's allowance expired too, recorded once.
    monthly = await SmsLot.get(community_id=world.aromos.id, kind=LotKind.MONTHLY)
    assert await SmsMovement.filter(kind=MovementKind.EXPIRY, lot_id=monthly.id).count() == 1


async def test_low_balance_job_warns_once_per_drop(world: World) -> None:
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    bundle_id = (await seed_catalogue())[0].id
    await purchase(
        world.aromos.id, bundle_id, world.admin, support_email=SUPPORT, clock=world.clock
    )
    await run_job(world.data, LOW_BALANCE_JOB)
    low_subject = "Quedan pocos SMS"

    async def with_low_subject(**filters: object) -> list[OutboxMessage]:
        messages = all_rendered(await OutboxMessage.filter(**filters).order_by("id"))
        return [m for m in messages if low_subject in (m.subject or "")]

    assert not await with_low_subject()
    assert await spend(world.aromos.id, 100, reference="mail:1", clock=world.clock) is not None
    await run_job(world.data, LOW_BALANCE_JOB)
    await run_job(world.data, LOW_BALANCE_JOB)
    warnings = await with_low_subject(channel=Channel.EMAIL)
    assert [w.recipient for w in warnings] == ["andres@andes.cl"]
    state = await SmsLowBalanceState.get(community_id=world.aromos.id)
    assert (state.warned, state.warn_count) == (True, 1)
    # Lower still: no second e-mail until the balance has been above 30 again.
    assert await spend(world.aromos.id, 5, reference="mail:2", clock=world.clock) is not None
    await run_job(world.data, LOW_BALANCE_JOB)
    assert len(await with_low_subject()) == 1


async def test_low_balance_job_is_cheap_when_nothing_changed(world: World) -> None:
    """Communities without purchases are never looked at; an unchanged one is not rewritten."""
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    await run_job(world.data, LOW_BALANCE_JOB)
    assert await SmsLowBalanceState.all().count() == 0  # no purchase anywhere: no state rows
    bundle_id = (await seed_catalogue())[0].id
    await purchase(
        world.aromos.id, bundle_id, world.admin, support_email=SUPPORT, clock=world.clock
    )
    await run_job(world.data, LOW_BALANCE_JOB)
    state = await SmsLowBalanceState.get(community_id=world.aromos.id)
    world.clock.advance(timedelta(hours=1))
    await run_job(world.data, LOW_BALANCE_JOB)
    again = await SmsLowBalanceState.get(community_id=world.aromos.id)
    assert (again.warned, again.warn_count, again.updated_at) == (
        state.warned,
        state.warn_count,
        state.updated_at,
    )
    assert await SmsLowBalanceState.all().count() == 1


# --- the schedules -------------------------------------------------------------------------


def test_schedules_have_stable_ids_santiago_times_and_misfire_settings(db_url: str) -> None:
    app = create_application(settings_for(db_url))
    assert app.job_queue is not None
    schedule_jobs(app)
    jobs = {job.id: job for job in app.job_queue.scheduler.get_jobs()}
    assert set(jobs) >= SMS_JOBS
    grace = {
        MONTHLY_ALLOWANCE_JOB: 86_400,
        MONTHLY_ALLOWANCE_AT_START_JOB: 3_600,
        EXPIRE_LOTS_JOB: 43_200,
        LOW_BALANCE_JOB: 1_800,
    }
    for job_id, seconds in grace.items():
        assert jobs[job_id].coalesce is True, job_id
        assert jobs[job_id].misfire_grace_time == seconds, job_id

    monthly = jobs[MONTHLY_ALLOWANCE_JOB].trigger
    assert isinstance(monthly, CronTrigger)
    assert str(monthly.timezone) == "America/Santiago"
    fields = {f.name: str(f) for f in monthly.fields}
    assert (fields["day"], fields["hour"], fields["minute"], fields["second"]) == (
        "1",
        "1",
        "5",
        "0",
    )
    # 01:05 Santiago wall time in summer (UTC-3) and in winter (UTC-4).
    assert monthly.get_next_fire_time(None, santiago(2026, 11, 22)) == datetime(
        2026, 12, 1, 4, 5, tzinfo=UTC
    )
    assert monthly.get_next_fire_time(None, santiago(2027, 5, 10)) == datetime(
        2027, 6, 1, 5, 5, tzinfo=UTC
    )

    expiry = jobs[EXPIRE_LOTS_JOB].trigger
    assert isinstance(expiry, CronTrigger)
    assert str(expiry.timezone) == "America/Santiago"
    assert expiry.get_next_fire_time(None, santiago(2026, 11, 22, 12)) == santiago(
        2026, 11, 23, 1, 15
    )

    low = jobs[LOW_BALANCE_JOB].trigger
    assert isinstance(low, IntervalTrigger)
    assert low.interval == timedelta(hours=1)

    assert isinstance(jobs[MONTHLY_ALLOWANCE_AT_START_JOB].trigger, DateTrigger)


def fire_times(trigger: CronTrigger, start: datetime, end: datetime) -> list[datetime]:
    times: list[datetime] = []
    previous = None
    now = start
    while True:
        fire = trigger.get_next_fire_time(previous, now)
        if fire is None or fire >= end:
            return times
        times.append(fire)
        previous = now = fire


@pytest.mark.parametrize("job_id", [EXPIRE_LOTS_JOB, REMINDERS_JOB])
def test_daily_jobs_run_every_day_across_both_dst_changes(db_url: str, job_id: str) -> None:
    app = create_application(settings_for(db_url))
    assert app.job_queue is not None
    schedule_jobs(app)
    trigger = {job.id: job for job in app.job_queue.scheduler.get_jobs()}[job_id].trigger
    # 2026-09-06: 00:00 → 01:00; 2027-04-04: 00:00 → 23:00 the day before.
    for day in (date(2026, 9, 6), date(2027, 4, 4)):
        start = datetime.combine(day - timedelta(days=3), time(12), tzinfo=TZ)
        end = datetime.combine(day + timedelta(days=3), time(12), tzinfo=TZ)
        days = [fire.astimezone(TZ).date() for fire in fire_times(trigger, start, end)]
        expected = [day + timedelta(days=n) for n in range(-2, 4)]
        assert days == expected, (job_id, day)


def test_the_monthly_allowance_runs_on_every_first_of_the_month_for_ten_years(
    db_url: str,
) -> None:
    app = create_application(settings_for(db_url))
    assert app.job_queue is not None
    schedule_jobs(app)
    trigger = {job.id: job for job in app.job_queue.scheduler.get_jobs()}[
        MONTHLY_ALLOWANCE_JOB
    ].trigger
    fires = fire_times(trigger, santiago(2026, 1, 15), santiago(2036, 1, 15))
    months = [(f.astimezone(TZ).year, f.astimezone(TZ).month) for f in fires]
    assert len(months) == 120
    assert len(set(months)) == 120
    assert all(f.astimezone(TZ).day == 1 for f in fires)


async def test_the_running_bot_catches_up_the_allowance_at_start_and_keeps_one_job_per_id(
    db: object, db_url: str
) -> None:
    administration = await Administration.create(name="Administradora Andes")
    aromos = await Community.create(administration=administration, name="Los Aromos")
    clock = FrozenClock(santiago(2027, 3, 9, 8))
    async with sandbox(settings_for(db_url), port=0, clock=clock, demo=False) as (_, app):
        for _ in range(100):
            if await monthly_lots(aromos):
                break
            await asyncio.sleep(0.05)
        assert await monthly_lots(aromos) == ["2027-03-01"]
        assert app.job_queue is not None
        schedule_jobs(app)  # scheduling again (a restart of the hooks) replaces, never doubles
        ids = [job.id for job in app.job_queue.scheduler.get_jobs()]
        for job_id in SMS_JOBS - {MONTHLY_ALLOWANCE_AT_START_JOB}:
            assert ids.count(job_id) == 1, job_id
        monthly = app.job_queue.scheduler.get_job(MONTHLY_ALLOWANCE_JOB)
        assert monthly.next_run_time.tzinfo is not None
        local = monthly.next_run_time.astimezone(TZ)
        assert (local.day, local.hour, local.minute) == (1, 1, 5)


async def test_prune_job_forgets_only_update_ids_older_than_a_week(world: World) -> None:
    from models.runtime import ProcessedUpdate

    now = world.clock.now()
    old = await ProcessedUpdate.create(update_id=1)
    recent = await ProcessedUpdate.create(update_id=2)
    await ProcessedUpdate.filter(update_id=old.update_id).update(
        processed_at=now - timedelta(days=8)
    )
    await ProcessedUpdate.filter(update_id=recent.update_id).update(
        processed_at=now - timedelta(days=6)
    )
    await run_job(world.data, PRUNE_UPDATES_JOB)
    await run_job(world.data, PRUNE_UPDATES_JOB)
    assert await ProcessedUpdate.all().values_list("update_id", flat=True) == [2]


async def test_every_housekeeping_job_is_scheduled_once(db_url: str) -> None:
    app = create_application(settings_for(db_url))
    assert app.job_queue is not None
    schedule_jobs(app)
    schedule_jobs(app)
    # Jobs added before the scheduler starts are tentative; starting it applies
    # `replace_existing`, as in the running bot.
    app.job_queue.scheduler.start(paused=True)
    ids = [job.id for job in app.job_queue.scheduler.get_jobs()]
    app.job_queue.scheduler.shutdown(wait=False)
    assert ids.count(PRUNE_UPDATES_JOB) == 1
    assert ids.count(OUTBOX_JOB) == 1


async def test_reminder_job_reminds_old_items_once_a_day_never_by_sms(world: World) -> None:
    prop = await Property.create(community=world.aromos, name="Depto 101")
    await Resident.create(
        property=prop, name="Rita", email="rita@example.com", role=ResidentRole.PRINCIPAL
    )
    await run_job(world.data, MONTHLY_ALLOWANCE_JOB)
    concierge = await StaffUser.create(
        administration_id=world.aromos.administration_id,
        first_name="Carla",
        last_name="Conserje",
        email="carla@andes.cl",
        profile=Profile.CONCIERGE,
    )
    await concierge.communities.add(world.aromos)
    old = await log_item(concierge, world.aromos.id, prop.id, ItemKind.PARCEL, clock=world.clock)
    world.clock.advance(timedelta(days=2))
    await log_item(concierge, world.aromos.id, prop.id, ItemKind.LETTER, clock=world.clock)
    sms = await OutboxMessage.filter(channel=Channel.SMS).count()

    await run_job(world.data, REMINDERS_JOB)  # REMINDER_AFTER_DAYS=3: nothing is that old yet
    assert not await OutboxMessage.filter(idempotency_key__contains=":remind:").exists()
    world.clock.advance(timedelta(days=1))
    await run_job(world.data, REMINDERS_JOB)
    await run_job(world.data, REMINDERS_JOB)  # run twice (a restart): still one reminder
    reminders = await OutboxMessage.filter(idempotency_key__contains=":remind:")
    assert [m.idempotency_key.split(":")[1] for m in reminders] == [str(old.item.id)]
    assert [m.channel for m in reminders] == [Channel.EMAIL]
    assert await OutboxMessage.filter(channel=Channel.SMS).count() == sms
    entry = await AuditLog.get(action="correspondence.remind")
    assert entry.actor_id is None  # the scheduler, not a person


def test_reminder_job_is_daily_at_ten_santiago_unless_turned_off(db_url: str) -> None:
    app = create_application(settings_for(db_url))
    assert app.job_queue is not None
    schedule_jobs(app)
    trigger = {job.id: job for job in app.job_queue.scheduler.get_jobs()}[REMINDERS_JOB].trigger
    assert isinstance(trigger, CronTrigger)
    assert trigger.get_next_fire_time(None, santiago(2026, 11, 22, 12)) == santiago(
        2026, 11, 23, 10, 0
    )
    off = create_application(settings_for(db_url, reminder_after_days=0))
    assert off.job_queue is not None
    schedule_jobs(off)
    assert REMINDERS_JOB not in {job.id for job in off.job_queue.scheduler.get_jobs()}
