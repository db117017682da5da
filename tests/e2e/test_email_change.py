"""Correcting a user's e-mail (issue 12, item 1): old invitations die, the new address gets one."""

from __future__ import annotations

from handlers import texts
from handlers.texts import users as t
from models.core import StaffUser
from tests.e2e.test_users import (
    ANDRES,
    MARTA,
    click,
    content,
    create_user,
    invitation_code,
    open_card,
    plain,
    send,
)

STRANGER = 2099


async def _change_email(andres, name: str, email: str, expect: str):
    card = await open_card(andres, name)
    form = await click(andres, card, t.BUTTON_EDIT, plain(t.FORM_EDIT_TITLE))
    await click(andres, form, t.BUTTON_SET_EMAIL, plain(t.ASK_EMAIL))
    form = await send(andres, email, f"Correo: {email}")
    return await click(andres, form, t.BUTTON_SAVE, expect)


async def test_a_mistyped_email_corrected_revokes_the_old_invitation_and_invites_again(
    sim,
) -> None:
    andres = sim.person(ANDRES)
    await create_user(
        andres, first="Tomás", email="tomas.soto@exampel.com", profile="Administrador"
    )
    old_code = await invitation_code(sim, "tomas.soto@exampel.com")
    done = content(
        await _change_email(andres, "Tomás Soto", "tomas.soto@example.com", "Guardaste")
    )
    new_code = await invitation_code(sim, "tomas.soto@example.com")
    assert new_code != old_code
    assert "tomas.soto@example.com" in done
    assert new_code in done
    # Whoever got the mistyped mail cannot use it; the corrected address can.
    await send(sim.person(STRANGER), f"/start {old_code}", texts.REDEEM_ERRORS["revoked"])
    assert (await StaffUser.get(email="tomas.soto@example.com")).telegram_id is None
    await send(sim.person(MARTA), f"/start {new_code}", texts.BOUND_STAFF)
    assert (await StaffUser.get(email="tomas.soto@example.com")).telegram_id == MARTA


async def test_a_bound_users_new_email_asks_whether_to_unlink_telegram(sim) -> None:
    andres = sim.person(ANDRES)
    await create_user(andres)
    code = await invitation_code(sim, "marta@example.com")
    marta = sim.person(MARTA)
    await send(marta, f"/start {code}", "Perfil: Conserje")
    question = await _change_email(andres, "Marta Soto", "marta.s@example.com", t.UNLINK_ASK)
    assert t.BUTTON_UNLINK_YES in content(question)
    done = content(await click(andres, question, t.BUTTON_UNLINK_YES, "Guardaste"))
    new_code = await invitation_code(sim, "marta.s@example.com")
    assert new_code in done
    assert (await StaffUser.get(email="marta.s@example.com")).telegram_id is None
    await send(marta, "/help", texts.UNKNOWN_PERSON)
    await send(marta, f"/start {code}", texts.REDEEM_ERRORS["used"])
    await send(marta, f"/start {new_code}", texts.BOUND_STAFF)


async def test_keeping_the_telegram_link_sends_no_invitation(sim) -> None:
    andres = sim.person(ANDRES)
    await create_user(andres)
    code = await invitation_code(sim, "marta@example.com")
    marta = sim.person(MARTA)
    await send(marta, f"/start {code}", "Perfil: Conserje")
    question = await _change_email(andres, "Marta Soto", "marta.s@example.com", t.UNLINK_ASK)
    await click(andres, question, t.BUTTON_UNLINK_NO, "Guardaste")
    assert (await StaffUser.get(email="marta.s@example.com")).telegram_id == MARTA
    assert not [m for m in await sim.emails() if m["to"] == "marta.s@example.com"]
    await send(marta, "/start", "Perfil: Conserje")
