"""The command line, run as an operator would (a real subprocess)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import aiohttp

from bot.db import database
from bot.sandbox_app import sandbox
from handlers import texts
from models.core import Administration, Profile, StaffUser
from models.outbox import Channel, OutboxMessage, OutboxStatus, enqueue
from tests.chat import Simulator, text_of
from tests.dbutil import settings_for


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bad_configuration_fails_with_one_clear_line(tmp_path: Path) -> None:
    result = _cli("migrate", env={"TIMEZONE": "Marte/Base", "DATABASE_URL": "sqlite://x"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "TIMEZONE" in lines[0]
    assert "Traceback" not in result.stderr
    webhook = _cli("migrate", env={"WEBHOOK_URL": "https://x.cl/hook"})
    assert webhook.returncode == 2
    assert "WEBHOOK_SECRET" in webhook.stderr


def test_run_without_token_points_to_the_sandbox(tmp_path: Path) -> None:
    result = _cli("run", env={"DATABASE_URL": f"sqlite://{tmp_path / 'db.sqlite3'}"})
    assert result.returncode == 2
    assert "conserjeria sandbox" in result.stderr


async def test_create_superadmin_prints_an_invitation_that_binds_once(
    tmp_path: Path, scratch_db_url: str
) -> None:
    db_url = scratch_db_url
    args = (
        "create-superadmin",
        "--administration",
        "Administradora Andes SpA",
        "--name",
        "Ana Rojas",
        "--email",
        "ana@andes.cl",
    )
    result = _cli(*args, env={"DATABASE_URL": db_url})
    assert result.returncode == 0, result.stderr
    link = re.search(r"https://t\.me/\w+\?start=([\w-]+)", result.stdout)
    code = re.search(r"/start ([\w-]+)", result.stdout)
    assert link is not None
    assert code is not None
    assert link.group(1) == code.group(1)
    token = code.group(1)

    settings = settings_for(db_url)
    async with (
        database(settings),
        sandbox(settings, port=0, demo=False) as (emulator, app),
        aiohttp.ClientSession() as session,
    ):
        sim = Simulator(emulator.root_url, session, app=app)
        ana = sim.person(7001)
        assert "vinculada" in text_of(await ana.send(f"/start {token}"))
        staff = await StaffUser.get(email="ana@andes.cl")
        assert staff.profile is Profile.SUPER_ADMIN
        assert staff.telegram_id == 7001
        replay = await sim.person(7002).send(f"/start {token}")
        assert text_of(replay) == texts.REDEEM_ERRORS["used"]


async def test_outbox_retry_queues_failed_notices_again_and_prints_counts_only(
    tmp_path: Path, scratch_db_url: str
) -> None:
    db_url = scratch_db_url
    settings = settings_for(db_url)
    async with database(settings):
        for i, channel in enumerate([Channel.EMAIL, Channel.EMAIL, Channel.CHAT]):
            message = await enqueue(
                key=f"failed:{i}", channel=channel, recipient=f"vecino{i}@example.com", body="x"
            )
            await OutboxMessage.filter(id=message.id).update(
                status=OutboxStatus.FAILED, attempts=8, last_error="gave up"
            )

    env = {"DATABASE_URL": db_url}
    only_email = _cli("outbox-retry", "--channel", "email", env=env)
    assert only_email.returncode == 0, only_email.stderr
    assert only_email.stdout.splitlines() == [
        "Avisos fallidos puestos de nuevo en cola: 2 (correo 2)."
    ]
    rest = _cli("outbox-retry", env=env)
    assert rest.returncode == 0, rest.stderr
    assert rest.stdout.splitlines() == [
        "Avisos fallidos puestos de nuevo en cola: 1 (correo 0, SMS 0, chat 1)."
    ]
    assert "@" not in only_email.stdout + only_email.stderr + rest.stdout + rest.stderr
    wrong = _cli("outbox-retry", "--channel", "fax", env=env)
    assert wrong.returncode == 2

    async with database(settings):
        statuses = await OutboxMessage.all().values_list("status", "attempts")
    assert sorted(statuses) == [(OutboxStatus.PENDING, 0)] * 3


async def test_create_superadmin_stores_a_valid_rut_and_refuses_an_invalid_one(
    scratch_db_url: str,
) -> None:
    base = ("create-superadmin", "--administration", "Andes SpA", "--name", "Ana Rojas")
    env = {"DATABASE_URL": scratch_db_url}
    bad = _cli(*base, "--email", "ana@andes.cl", "--rut", "76.086.428-4", env=env)
    assert bad.returncode == 2
    assert "RUT inválido" in bad.stderr
    assert "76.086.428-4" not in bad.stderr + bad.stdout  # personal data never echoed
    good = _cli(*base, "--email", "ana@andes.cl", "--rut", "76.086.428-5", env=env)
    assert good.returncode == 0, good.stderr
    async with database(settings_for(scratch_db_url)):
        administration = await Administration.get(name="Andes SpA")
        assert administration.rut == "76086428-5"
