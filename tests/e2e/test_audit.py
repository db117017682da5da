"""/auditoria through the sandbox: the administración's changes, by user (Súper Administrador)."""

from __future__ import annotations

from bot.demo import LOS_AROMOS
from handlers import texts
from handlers.texts import users as t
from models.core import Administration, Community, Profile, StaffUser
from models.permissions import Denial
from models.staff import StaffErrorReason
from models.staff_changes import create_staff, update_staff
from tests.chat import buttons_of, text_of
from tests.e2e.test_users import alert, click, content, forge, send

SOFIA, ANDRES, CARLA, PABLO = 1001, 1002, 1003, 1005


async def _andres_creates_marta() -> StaffUser:
    andres = await StaffUser.get(telegram_id=ANDRES)
    aromos = await Community.get(name=LOS_AROMOS)
    marta, _ = await create_staff(
        andres,
        profile=Profile.CONCIERGE,
        first_name="Marta",
        last_name="Soto",
        second_last_name="Díaz",
        email="marta@example.com",
        community_ids=[aromos.id],
    )
    return marta


async def test_super_admin_sees_the_creation_of_marta(sim) -> None:
    await _andres_creates_marta()
    text = content(await send(sim.person(SOFIA), "/auditoria", "Últimos cambios"))
    assert "Andrés Admin" in text
    assert f"{t.AUDIT_ACTIONS['staff.create']} Marta Soto Díaz" in text
    assert "correo: marta@example.com" in text
    assert "perfil: Conserje" in text


async def test_only_the_super_admin_may_look(sim) -> None:
    await _andres_creates_marta()
    denied = texts.DENIALS[Denial.PROFILE]
    for user in (ANDRES, CARLA, PABLO):
        assert (await send(sim.person(user), "/auditoria", denied))["text"] == denied, user
    assert "Marta" not in text_of(await sim.messages(ANDRES))
    assert "auditoria" not in await sim.commands(ANDRES)
    await send(sim.person(SOFIA), "/help", "/auditoria")
    assert "auditoria" in await sim.commands(SOFIA)


async def test_filter_by_user_and_page_back_with_more(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    marta = await _andres_creates_marta()
    sofia_staff = await StaffUser.get(telegram_id=SOFIA)
    for n in range(22):
        await update_staff(sofia_staff, marta.id, first_name=f"Marta {'I' * (n + 1)}")
    sofia = sim.person(SOFIA)
    first = await send(sofia, "/auditoria", "Página 1 de 2 · 23 cambio(s)")
    assert content(first).count(t.AUDIT_ACTIONS["staff.update"]) == 20
    assert "Andrés Admin" not in content(first)  # his creation is the oldest change
    older = await click(sofia, first, t.BUTTON_AUDIT_MORE, "Página 2 de 2")
    assert t.AUDIT_ACTIONS["staff.create"] in content(older)
    assert t.BUTTON_AUDIT_MORE not in buttons_of(older)
    assert t.BUTTON_AUDIT_NEWER in buttons_of(older)
    choose = await click(sofia, older, t.BUTTON_AUDIT_FILTER, t.BUTTON_AUDIT_EVERYONE)
    assert set(buttons_of(choose)) == {t.BUTTON_AUDIT_EVERYONE, "Andrés Admin", "Sofía Súper"}
    only_andres = await click(sofia, choose, "Andrés Admin", "Últimos cambios — Andrés Admin")
    text = content(only_andres)
    assert "1 cambio(s)" in text
    assert t.AUDIT_ACTIONS["staff.update"] not in text
    # A forged user id from another administración reveals nothing.
    other = await Administration.create(name="Otra Administradora")
    stranger = await StaffUser.create(
        administration=other,
        first_name="Olga",
        last_name="Otra",
        email="olga@example.com",
        profile=Profile.SUPER_ADMIN,
    )
    answer = await forge(sim, emulator, SOFIA, only_andres, f"aud:u:{stranger.id}")
    assert answer == alert(t.STAFF_ERRORS[StaffErrorReason.NOT_FOUND])
    assert "Olga" not in text_of(await sim.messages(SOFIA))


async def test_a_forged_audit_button_from_an_admin_is_refused(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    await _andres_creates_marta()
    message = await send(sim.person(ANDRES), "/start", "Perfil: Administrador")
    answer = await forge(sim, emulator, ANDRES, message, "aud:pg:0:0")
    assert answer == alert(texts.DENIALS[Denial.PROFILE])
    assert "Marta" not in text_of(await sim.messages(ANDRES))


async def test_empty_log_says_so(sim) -> None:
    await send(sim.person(SOFIA), "/auditoria", t.AUDIT_EMPTY)
