"""The foundation through the sandbox, as the demo personas use it."""

from __future__ import annotations

import aiohttp
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.db import database
from bot.demo import LOS_AROMOS, VISTA_CORDILLERA
from bot.sandbox_app import sandbox
from handlers import texts
from models.core import Community, Resident, ResidentRole, StaffUser
from models.identity import create_super_admin
from tests.chat import Simulator, buttons_of, text_of
from tests.dbutil import settings_for

CARLA, SOFIA, ANDRES, RODRIGO, PABLO = 1003, 1001, 1002, 1004, 1005


async def test_concierge_start_greets_by_name_with_community_and_commands(sim) -> None:
    carla = sim.person(CARLA)
    replies = await carla.send("/start")
    text = text_of(replies)
    assert "Carla" in text
    assert LOS_AROMOS in text
    assert "Conserje" in text
    assert "/comunidad" in text
    assert "/help" in text
    menu = await sim.commands(CARLA)
    assert {"start", "help", "comunidad", "cancel"} <= set(menu)


async def test_unknown_account_is_refused_politely_and_nothing_else(sim) -> None:
    stranger = sim.person(9999)
    for attempt in ("/start", "/comunidad", "hola", "/help"):
        replies = await stranger.send(attempt)
        assert len(replies) == 1, attempt
        assert replies[0]["text"] == texts.UNKNOWN_PERSON
        assert not replies[0]["buttons"]
    assert await sim.commands(9999) in ([], ["start", "help"])


async def test_super_admin_switches_community_with_buttons(sim) -> None:
    sofia = sim.person(SOFIA)
    replies = await sofia.send("/comunidad")
    assert len(replies) == 1
    assert set(buttons_of(replies[0])) == {LOS_AROMOS, VISTA_CORDILLERA}
    edited = await sofia.click(replies[0], VISTA_CORDILLERA)
    assert "Ahora trabajas en" in text_of(edited)
    assert VISTA_CORDILLERA in text_of(edited)
    staff = await StaffUser.get(telegram_id=SOFIA)
    vista = await Community.get(name=VISTA_CORDILLERA)
    assert staff.working_community_id == vista.id
    again = await sofia.send("/comunidad")
    assert f"✓ {VISTA_CORDILLERA}" in buttons_of(again[0])
    assert VISTA_CORDILLERA in text_of(await sofia.send("/start"))


async def test_single_community_is_implicit(sim) -> None:
    replies = await sim.person(ANDRES).send("/comunidad")
    assert LOS_AROMOS in text_of(replies)
    # Nothing to choose; only the way back to the administration home (issue 13).
    data = [b["callback_data"] for row in replies[0]["buttons"] or [] for b in row]
    assert data == ["adm:home"]
    assert not (await sim.person(CARLA).send("/comunidad"))[0]["buttons"]


async def test_cancel_answers_outside_any_flow(sim) -> None:
    for user in (CARLA, SOFIA, RODRIGO):
        replies = await sim.person(user).send("/cancel")
        assert text_of(replies) == texts.NOTHING_TO_CANCEL


async def test_unknown_command_and_free_text_get_a_hint(sim) -> None:
    carla = sim.person(CARLA)
    assert text_of(await carla.send("/noexiste")) == texts.UNKNOWN_COMMAND
    assert text_of(await carla.send("hola")) == texts.FREE_TEXT_HINT


async def test_help_lists_only_what_the_person_may_do(sim) -> None:
    carla_help = text_of(await sim.person(CARLA).send("/help"))
    assert "/comunidad" in carla_help
    resident_help = text_of(await sim.person(RODRIGO).send("/help"))
    assert "/comunidad" not in resident_help
    assert "/help" in resident_help


async def test_resident_is_greeted_with_the_property(sim) -> None:
    text = text_of(await sim.person(RODRIGO).send("/start"))
    assert "Rodrigo" in text
    assert "Depto 101" in text
    assert "comunidad" not in await sim.commands(RODRIGO)


async def test_the_other_shift_and_the_second_resident_of_depto_101(sim) -> None:
    tomas = text_of(await sim.person(1007).send("/start"))
    assert "Hola, Tomás" in tomas
    assert "Perfil: Conserje" in tomas
    assert "Edificio Los Aromos" in tomas
    daniela = text_of(await sim.person(1008).send("/start"))
    assert "Hola, Daniela" in daniela
    assert "Depto 101" in daniela
    secondary = await Resident.get(telegram_id=1008)
    assert secondary.role is ResidentRole.SECONDARY
    assert await Resident.filter(property_id=secondary.property_id).count() == 2


async def test_test_user_is_told_they_are_read_only(sim) -> None:
    assert "usuario de prueba" in text_of(await sim.person(PABLO).send("/start"))


async def test_invitation_binds_once_and_the_token_cannot_be_reused(sim) -> None:
    _, issued = await create_super_admin(
        administration_name="Administradora Nueva",
        first_name="Eva",
        last_name="Soto",
        email="eva@example.com",
    )
    eva = sim.person(5001)
    replies = await eva.send(f"/start {issued.token}")
    text = text_of(replies)
    assert "vinculada" in text
    assert "Eva" in text
    assert "Súper Administrador" in text
    assert "comunidad" in await sim.commands(5001)
    thief = sim.person(5002)
    assert text_of(await thief.send(f"/start {issued.token}")) == texts.REDEEM_ERRORS["used"]
    # …and the thief still has no access at all.
    assert text_of(await thief.send("/help")) == texts.UNKNOWN_PERSON
    assert (await StaffUser.get(email="eva@example.com")).telegram_id == 5001


async def test_wrong_invitation_code_is_explained(sim) -> None:
    replies = await sim.person(5003).send("/start abcdefghijklmnopqrstuv")
    assert text_of(replies) == texts.REDEEM_ERRORS["unknown"]


async def test_a_redelivered_update_has_its_effect_once(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    carla = sim.person(CARLA)
    await carla.send("/start")
    before = len(await sim.messages(CARLA))
    update_id = emulator.send_text(CARLA, "/help")["update_id"]
    await sim.settle()
    after_first = len(await sim.messages(CARLA))
    emulator.redeliver(update_id)
    await sim.settle()
    assert len(await sim.messages(CARLA)) == after_first
    assert after_first == before + 2  # the /help itself and one answer


async def test_an_internal_error_is_reported_in_spanish_without_internals(
    sim, emulator_and_app
) -> None:
    _, app = emulator_and_app

    async def explode(update, context) -> None:
        raise RuntimeError("secret internals: db password")

    app.handlers[0].insert(0, CommandHandler("explotar", explode))
    replies = await sim.person(CARLA).send("/explotar")
    assert text_of(replies) == texts.ERROR_GENERIC
    assert "secret" not in text_of(replies)


async def test_an_error_after_a_button_was_answered_still_reaches_the_person(
    sim, emulator_and_app
) -> None:
    _, app = emulator_and_app

    async def explode(update, context) -> None:
        await update.callback_query.answer()
        raise RuntimeError("secret internals")

    app.handlers[0].insert(0, CallbackQueryHandler(explode, pattern="^boom$"))
    await app.bot.send_message(
        CARLA,
        "Prueba",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Boom", callback_data="boom")]]),
    )
    carla = sim.person(CARLA)
    (message,) = [m for m in await sim.messages(CARLA) if m.get("text") == "Prueba"]
    replies = await carla.click(message, "Boom")
    assert texts.ERROR_GENERIC in text_of(replies)
    assert "secret" not in text_of(replies)


async def test_control_characters_never_reach_a_handler(sim, emulator_and_app) -> None:
    _, app = emulator_and_app
    seen: list[str] = []

    async def echo(update, context) -> None:
        seen.append(update.message.text)
        await update.message.reply_text("ok")

    app.handlers[0].insert(0, CommandHandler("eco", echo))
    replies = await sim.person(CARLA).send("/eco Juan\x00 Pérez\x07\tDepto\n101")
    assert text_of(replies) == "ok"
    assert seen == ["/eco Juan  Pérez \tDepto\n101"]


async def test_last_access_is_updated_on_each_interaction(sim) -> None:
    await sim.person(CARLA).send("/help")
    first = (await StaffUser.get(telegram_id=CARLA)).last_access
    assert first is not None
    await sim.person(CARLA).send("/help")
    assert (await StaffUser.get(telegram_id=CARLA)).last_access >= first


async def test_a_forged_community_button_is_refused_server_side(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    message = (await andres.send("/start"))[-1]
    vista = await Community.get(name=VISTA_CORDILLERA)
    emulator.forge_click(ANDRES, message["message_id"], f"com:sel:{vista.id}")
    await sim.settle()
    staff = await StaffUser.get(telegram_id=ANDRES)
    assert staff.working_community_id != vista.id
    assert emulator.callback_answers[ANDRES][-1] == {
        "text": texts.COMMUNITY_NOT_YOURS,
        "show_alert": True,
    }
    assert LOS_AROMOS in text_of(await andres.send("/start"))
    # Garbage data is a stale button, not a crash.
    emulator.forge_click(ANDRES, message["message_id"], "com:sel:abc")
    await sim.settle()
    assert texts.ERROR_GENERIC not in text_of(await sim.messages(ANDRES))


async def test_the_sandbox_keeps_answering_after_a_restart_on_the_same_data(
    scratch_db_url: str,
) -> None:
    """`make run`, Ctrl+C, `make run` again on the same ./data/: the bot still answers (a
    SQLite file as in `make run`; the run's PostgreSQL database in a PostgreSQL run)."""
    settings = settings_for(scratch_db_url)
    issued: list[int] = []
    for run in ("first", "second", "third"):
        async with (
            database(settings),
            sandbox(settings, port=0) as (emulator, app),
            aiohttp.ClientSession() as session,
        ):
            carla = Simulator(emulator.root_url, session, app=app).person(CARLA)
            assert "Carla" in text_of(await carla.send("/start")), run
            issued.append(emulator.send_text(CARLA, "/help")["update_id"])
            assert "/comunidad" in text_of(await carla._new_bot_messages()), run
    # As Telegram does, each run continued after the update ids the last one issued.
    assert issued == sorted(set(issued))
