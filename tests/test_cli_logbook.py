"""`conserjeria verify-logbook`, run as an operator would (a real subprocess)."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise import connections

from bot.db import database
from models.clock import FrozenClock
from models.core import Administration, Community, Profile, StaffUser
from models.logbook import LogbookEntry, categories, write_entry
from tests.dbutil import settings_for
from tests.test_cli import _cli


async def test_verify_logbook_exits_non_zero_naming_the_tampered_entry(
    scratch_db_url: str,
) -> None:
    settings = settings_for(scratch_db_url)
    clock = FrozenClock(datetime(2026, 12, 7, 13, 0, tzinfo=UTC))
    async with database(settings):
        administration = await Administration.create(name="Administradora CLI")
        aromos = await Community.create(administration=administration, name="Los Aromos")
        await Community.create(administration=administration, name="Vista Cordillera")
        carla = await StaffUser.create(
            administration=administration,
            first_name="Carla",
            last_name="Conserje",
            email="carla@example.com",
            profile=Profile.CONCIERGE,
        )
        await carla.communities.add(aromos)
        seguridad = (await categories(aromos.id))[2]
        for n in range(5):
            await write_entry(carla, aromos.id, seguridad.id, f"Ronda {n}", clock=clock)

    env = {"DATABASE_URL": scratch_db_url}
    intact = _cli("verify-logbook", env=env)
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.splitlines() == [
        "Los Aromos: íntegra (5 novedades).",
        "Vista Cordillera: íntegra (0 novedades).",
    ]

    async with database(settings, apply_migrations=False):
        third = await LogbookEntry.get(sequence=3)
        await connections.get("default").execute_query(
            f"UPDATE logbook_entry SET text = 'Sin novedad' WHERE id = {third.id}"
        )
    broken = _cli("verify-logbook", "--community", "Los Aromos", env=env)
    assert broken.returncode == 1
    assert broken.stdout.splitlines() == [
        f"Los Aromos: ROTA en la #3 (id {third.id}): su contenido no coincide con su hash "
        "(fue modificada)."
    ]
    unknown = _cli("verify-logbook", "--community", "Marte", env=env)
    assert unknown.returncode == 2
    assert "No existe la comunidad «Marte»" in unknown.stderr


def test_daily_digest_runs_at_the_configured_santiago_hour(db_url: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    from bot.app import create_application
    from bot.jobs import DAILY_DIGEST_JOB, schedule_jobs
    from models.clock import DEFAULT_ZONE as TZ

    def next_run(**overrides: object) -> datetime:
        app = create_application(settings_for(db_url, **overrides))
        assert app.job_queue is not None
        schedule_jobs(app)
        jobs = {job.id: job for job in app.job_queue.scheduler.get_jobs()}
        trigger = jobs[DAILY_DIGEST_JOB].trigger
        assert isinstance(trigger, CronTrigger)
        fire = trigger.get_next_fire_time(None, datetime(2026, 12, 7, 12, 0, tzinfo=TZ))
        assert fire is not None
        return fire

    assert next_run() == datetime(2026, 12, 8, 7, 0, tzinfo=TZ)
    assert next_run(daily_digest_at="06:30") == datetime(2026, 12, 8, 6, 30, tzinfo=TZ)
