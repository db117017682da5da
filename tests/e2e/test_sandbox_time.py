"""The sandbox's clock and jobs: "tomorrow" happens on request (issue 12, item 23)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.jobs import JOBS_BY_NAME
from models.clock import FrozenClock
from models.core import Community, Property, StaffUser
from models.correspondence import ItemKind, log_item
from tests.chat import Simulator

CARLA = 1003
RESIDENT_EMAIL = "residente101@example.com"


async def call(sim: Simulator, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    url = f"{sim.root}/sandbox/api/{path}"
    async with sim.session.request(method, url, json=body) as response:
        return response.status, await response.json()


async def test_the_clock_is_read_and_moved_forward_only(sim) -> None:
    status, first = await call(sim, "GET", "clock")
    assert status == 200
    assert first["zone"] == "America/Santiago"
    start = datetime.fromisoformat(first["now"])
    status, moved = await call(sim, "POST", "clock", {"advance_seconds": 90000})
    assert status == 200
    assert datetime.fromisoformat(moved["now"]) - start >= timedelta(seconds=90000)
    target = (start + timedelta(days=30)).replace(microsecond=0)
    status, moved = await call(sim, "POST", "clock", {"to": target.isoformat()})
    assert status == 200
    assert datetime.fromisoformat(moved["now"]) >= target
    for bad in (
        {"advance_seconds": -1},
        {"to": start.isoformat()},
        {"to": "2030-01-01T09:00:00"},
        {"to": "mañana"},
        {"advance_seconds": "pronto"},
        {},
    ):
        status, body = await call(sim, "POST", "clock", bad)
        assert status == 400, bad
        assert body["error"]
    status, after = await call(sim, "GET", "clock")
    assert datetime.fromisoformat(after["now"]) >= target


async def test_jobs_are_listed_by_name_and_run_on_request(sim) -> None:
    status, body = await call(sim, "GET", "jobs")
    assert status == 200
    names = {job["name"] for job in body["jobs"]}
    assert {
        "monthly_allowance",
        "expire_lots",
        "low_balance",
        "remind_unclaimed",
        "outbox",
    } <= names
    assert names <= set(JOBS_BY_NAME)
    assert all(job["next_run"] for job in body["jobs"])
    status, body = await call(sim, "POST", "run_job", {"name": "no_such_job"})
    assert status == 404
    status, body = await call(sim, "POST", "run_job", {})
    assert status == 400


async def test_moving_the_clock_and_running_the_reminder_reminds_the_resident(sim) -> None:
    carla = await StaffUser.get(telegram_id=CARLA)
    aromos = await Community.get(name="Edificio Los Aromos")
    depto = await Property.get(community=aromos, name="Depto 101")
    status, now = await call(sim, "GET", "clock")
    logged_at = datetime.fromisoformat(now["now"])

    # Logged at the sandbox's "now", which the clock endpoint then moves past.
    at = FrozenClock(logged_at, ZoneInfo(now["zone"]))
    await log_item(carla, aromos.id, depto.id, ItemKind.PARCEL, clock=at)

    async def reminders() -> list[dict[str, Any]]:
        _, body = await call(sim, "GET", "emails")
        return [
            m
            for m in body["emails"]
            if m["to"] == RESIDENT_EMAIL and "recordatorio" in (m["subject"] or "").lower()
        ]

    status, body = await call(sim, "POST", "run_job", {"name": "remind_unclaimed"})
    assert (status, body) == (200, {"ran": "remind_unclaimed"})
    assert await reminders() == []  # logged just now: nothing to remind yet
    await call(sim, "POST", "clock", {"advance_seconds": 4 * 86400})
    await call(sim, "POST", "run_job", {"name": "remind_unclaimed"})
    assert len(await reminders()) == 1
