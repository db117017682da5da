"""/usuarios through the sandbox, as the demo personas use it (issue 7, users part)."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from bot.demo import LOS_AROMOS, VISTA_CORDILLERA
from handlers import texts
from handlers.texts import users as t
from models.core import AuditLog, Community, Profile, StaffUser
from models.outbox import OutboxMessage
from models.permissions import Denial
from models.staff import StaffErrorReason
from tests.chat import Message, Person, buttons_of

SOFIA, ANDRES, CARLA, RODRIGO, PABLO, VALENTINA = 1001, 1002, 1003, 1004, 1005, 1006
MARTA = 2001
CODE = re.compile(r"/start (\S+)")
WAIT_SECONDS = 20.0


def plain(html: str) -> str:
    """A text as the chat shows it (without the HTML tags)."""
    return re.sub(r"<[^>]+>", "", html)


def content(message: Message) -> str:
    """A message's text and button labels, for `in` checks."""
    return "\n".join([message.get("text") or "", *buttons_of(message)])


async def _last_id(person: Person) -> int:
    messages = await person.sim.messages(person.user_id)
    return max((m["message_id"] for m in messages), default=0)


async def wait_for(person: Person, expect: str, floor: int, also: int | None = None) -> Message:
    """The bot's newest message (after `floor`, or `also` edited) showing `expect`.

    `settle` returns after 200 ms of silence; on a loaded machine a handler's database work
    can take longer, so the step is awaited by what it must show, not by the silence.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        messages = [
            m
            for m in await person.sim.messages(person.user_id)
            if m["from"] == "bot" and (m["message_id"] > floor or m["message_id"] == also)
        ]
        for message in reversed(messages):
            if expect in content(message):
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no {expect!r} in {[content(m) for m in messages]}")
        await asyncio.sleep(0.05)
        await person.sim.settle()


async def send(person: Person, text: str, expect: str) -> Message:
    floor = await _last_id(person)
    await person.send(text)
    return await wait_for(person, expect, floor)


async def click(person: Person, message: Message, button: str, expect: str) -> Message:
    floor = await _last_id(person)
    await person.click(message, button)
    return await wait_for(person, expect, floor, also=message["message_id"])


async def answer_after(sim: Any, emulator: Any, user_id: int, act: Any) -> dict[str, Any]:
    """Press a button (`act()`) and return the bot's answer to it (toast or alert)."""
    before = len(emulator.callback_answers[user_id])
    act()
    deadline = time.monotonic() + WAIT_SECONDS
    while len(emulator.callback_answers[user_id]) <= before:
        assert time.monotonic() < deadline, "the button press got no answer"
        await asyncio.sleep(0.05)
        await sim.settle()
    return emulator.callback_answers[user_id][-1]


async def forge(sim: Any, emulator: Any, user_id: int, message: Message, data: str) -> dict:
    return await answer_after(
        sim, emulator, user_id, lambda: emulator.forge_click(user_id, message["message_id"], data)
    )


async def press(sim: Any, emulator: Any, person: Person, message: Message, button: str) -> dict:
    """Press a real button whose answer is an alert (no new message expected)."""
    data = next(
        b["callback_data"] for row in message["buttons"] for b in row if b["text"] == button
    )
    return await forge(sim, emulator, person.user_id, message, data)


def alert(text: str) -> dict[str, Any]:
    return {"text": text, "show_alert": True}


async def open_list(person: Person, expect: str = t.BUTTON_CREATE) -> Message:
    return await send(person, "/usuarios", expect)


async def start_creation(person: Person) -> Message:
    listing = await open_list(person)
    return await click(person, listing, t.BUTTON_CREATE, plain(t.CREATE_PROFILE).split("\n")[1])


async def create_user(
    person: Person,
    *,
    profile: str = "Conserje",
    first: str = "Marta",
    last: str = "Soto",
    second: str | None = "Díaz",
    email: str = "marta@example.com",
    communities: tuple[str, ...] = (LOS_AROMOS,),
) -> Message:
    """Fill the whole creation flow by chat and press Guardar; returns the bot's answer."""
    step = await start_creation(person)
    await click(person, step, profile, plain(t.ASK_FIRST_NAME))
    await send(person, first, plain(t.ASK_LAST_NAME))
    step = await send(person, last, plain(t.ASK_SECOND_LAST_NAME))
    if second:
        await send(person, second, plain(t.ASK_EMAIL))
    else:
        await click(person, step, t.BUTTON_SKIP, plain(t.ASK_EMAIL))
    toggles = await send(person, email, plain(t.ASK_COMMUNITIES))
    for name in communities:
        toggles = await click(
            person, toggles, t.TOGGLE_OFF.format(nombre=name), t.TOGGLE_ON.format(nombre=name)
        )
    form = await click(person, toggles, t.BUTTON_DONE, t.BUTTON_SAVE)
    return await click(person, form, t.BUTTON_SAVE, "Usuario creado")


async def invitation_code(sim: Any, email: str) -> str:
    mails = [m for m in await sim.emails() if m["to"] == email]
    assert mails, f"no e-mail to {email}"
    match = CODE.search(mails[-1]["text"])
    assert match is not None
    return match.group(1)


async def search(person: Person, query: str, expect: str) -> Message:
    listing = await open_list(person)
    await click(person, listing, t.BUTTON_SEARCH, plain(t.SEARCH_ASK))
    return await send(person, query, expect)


async def open_card(person: Person, name: str, expect: str = t.BUTTON_CREATE) -> Message:
    listing = await open_list(person, expect)
    label = next(b for b in buttons_of(listing) if name in b)
    return await click(person, listing, label, "Perfil:")


async def test_admin_creates_a_concierge_who_is_invited_and_sees_the_concierge_menu(
    sim,
) -> None:
    andres = sim.person(ANDRES)
    done = content(await create_user(andres))
    assert "Marta Soto Díaz" in done
    marta = await StaffUser.get(email="marta@example.com")
    assert marta.profile is Profile.CONCIERGE
    assert [c.name for c in await marta.communities.all()] == [LOS_AROMOS]
    mails = [m for m in await sim.emails() if m["to"] == "marta@example.com"]
    assert len(mails) == 1
    assert mails[0]["subject"] == f"Invitación a Conserjería — {LOS_AROMOS}"
    code = await invitation_code(sim, "marta@example.com")
    assert f"https://t.me/conserjeria_demo_bot?start={code}" in mails[0]["text"]
    # The admin can forward the same link and code from the chat.
    assert f"https://t.me/conserjeria_demo_bot?start={code}" in done
    assert f"/start {code}" in done
    welcome = content(await send(sim.person(MARTA), f"/start {code}", "Perfil: Conserje"))
    assert "Marta" in welcome
    assert (await StaffUser.get(email="marta@example.com")).telegram_id == MARTA
    menu = await sim.commands(MARTA)
    assert "acceso" in menu
    assert "usuarios" not in menu


async def test_admin_is_not_offered_super_admin_and_a_forged_choice_is_refused(
    sim, emulator_and_app
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    step = await start_creation(andres)
    offered = buttons_of(step)
    assert "Conserje" in offered
    assert "Administrador" in offered
    assert "Súper Administrador" not in offered
    answer = await forge(sim, emulator, ANDRES, step, f"usr:pf:{Profile.SUPER_ADMIN.value}")
    assert answer == alert(t.STAFF_ERRORS[StaffErrorReason.PROFILE_NOT_ALLOWED])
    # Still at the profile step: going on works, and nobody got that profile.
    await click(andres, step, "Conserje", plain(t.ASK_FIRST_NAME))
    assert await StaffUser.filter(profile=Profile.SUPER_ADMIN).count() == 1  # Sofía
    # The Súper Administrador is offered every profile.
    assert "Súper Administrador" in buttons_of(await start_creation(sim.person(SOFIA)))


async def test_super_admin_creates_a_super_admin_without_second_surname(sim) -> None:
    await create_user(
        sim.person(SOFIA),
        profile="Súper Administrador",
        first="Elena",
        last="Vidal",
        second=None,
        email="elena@example.com",
        communities=(VISTA_CORDILLERA,),
    )
    elena = await StaffUser.get(email="elena@example.com")
    assert (elena.profile, elena.second_last_name) == (Profile.SUPER_ADMIN, None)


async def test_admin_does_not_see_vista_cordillera_users_but_super_admin_does(
    sim, emulator_and_app
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    assert "Carla Conserje" in content(listing)
    assert "Valentina" not in content(listing)
    assert t.BUTTON_FILTER not in buttons_of(listing)  # one community: nothing to filter
    assert "Valentina Conserje" in content(await open_list(sim.person(SOFIA)))
    # Forged buttons for Vista Cordillera are refused and change nothing.
    valentina = await StaffUser.get(email="valentina@example.com")
    vista = await Community.get(name=VISTA_CORDILLERA)
    not_found = alert(t.STAFF_ERRORS[StaffErrorReason.NOT_FOUND])
    for data, expected in (
        (f"usr:card:{valentina.id}", not_found),
        (f"usr:del:{valentina.id}", not_found),
        (f"usr:delok:{valentina.id}", not_found),
        (f"usr:rstok:{valentina.id}", not_found),
        (f"usr:edit:{valentina.id}", not_found),
        (f"usr:flt:{vista.id}", alert(texts.COMMUNITY_NOT_YOURS)),
        ("usr:card:abc", alert(texts.STALE_BUTTON)),
    ):
        assert await forge(sim, emulator, ANDRES, listing, data) == expected, data
    fresh = await StaffUser.get(id=valentina.id)
    assert fresh.is_active
    assert fresh.telegram_id == VALENTINA
    assert not await OutboxMessage.exists()
    every = "\n".join(content(m) for m in await sim.messages(ANDRES))
    assert "Valentina" not in every
    assert texts.ERROR_GENERIC not in every


async def test_super_admin_filters_the_list_by_community(sim) -> None:
    sofia = sim.person(SOFIA)
    listing = await open_list(sofia)
    choices = await click(sofia, listing, t.BUTTON_FILTER, t.FILTER_ALL)
    assert set(buttons_of(choices)) == {t.FILTER_ALL, LOS_AROMOS, VISTA_CORDILLERA}
    filtered = await click(sofia, choices, VISTA_CORDILLERA, f"Usuarios — {VISTA_CORDILLERA}")
    assert "Valentina Conserje" in content(filtered)
    assert "Carla Conserje" not in content(filtered)
    choices = await click(sofia, filtered, t.BUTTON_FILTER, t.FILTER_ALL)
    assert t.FILTER_CURRENT_MARK.format(nombre=VISTA_CORDILLERA) in buttons_of(choices)
    everyone = await click(sofia, choices, t.FILTER_ALL, t.LIST_SCOPE_ALL)
    assert "Carla Conserje" in content(everyone)


async def test_search_finds_marta_with_her_last_access_and_delete_revokes_it_at_once(
    sim,
) -> None:
    andres = sim.person(ANDRES)
    await create_user(andres)
    marta = sim.person(MARTA)
    code = await invitation_code(sim, "marta@example.com")
    await send(marta, f"/start {code}", "Perfil: Conserje")
    listing = await search(andres, "MARTA", "Búsqueda: «MARTA»")
    text = content(listing)
    assert "Carla" not in text
    assert "1 usuario(s)" in text
    row = next(line for line in text.splitlines() if "marta@example.com" in line)
    assert re.search(r"último acceso: \d\d-\d\d-\d{4} \d\d:\d\d", row), row
    card = await click(andres, listing, "1. Marta Soto Díaz", "Perfil: Conserje")
    assert t.CARD_TELEGRAM_BOUND in content(card)
    assert {t.BUTTON_RESET, t.BUTTON_EDIT, t.BUTTON_DELETE} <= set(buttons_of(card))
    confirm = await click(andres, card, t.BUTTON_DELETE, t.BUTTON_ACCEPT)
    assert set(buttons_of(confirm)) == {t.BUTTON_ACCEPT, texts.BUTTON_CANCEL}
    await click(andres, confirm, t.BUTTON_ACCEPT, "Eliminaste")
    # Her very next message is refused, and she is gone from the list.
    refused = await send(marta, "/help", texts.UNKNOWN_PERSON)
    assert refused["text"] == texts.UNKNOWN_PERSON
    assert "Marta" not in content(await open_list(andres))
    deleted = await StaffUser.get(email="marta@example.com")
    assert (deleted.is_active, deleted.telegram_id) == (False, None)
    assert await AuditLog.filter(action="staff.delete", object_id=str(deleted.id)).exists()


async def test_cancel_on_delete_keeps_the_user(sim) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "Carla Conserje")
    confirm = await click(andres, card, t.BUTTON_DELETE, t.BUTTON_ACCEPT)
    back = await click(andres, confirm, texts.BUTTON_CANCEL, t.BUTTON_DELETE)
    assert "Carla Conserje" in content(back)
    assert (await StaffUser.get(email="carla@example.com")).is_active
    await send(sim.person(CARLA), "/start", "Perfil: Conserje")


async def test_test_user_sees_the_list_but_every_tool_is_refused(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    pablo = sim.person(PABLO)
    read_only = alert(texts.DENIALS[Denial.READ_ONLY])
    listing = await open_list(pablo, t.READ_ONLY)
    assert "Carla Conserje" in content(listing)
    # A read-only view: no write buttons (issue 12, item 19), and forged ones are refused.
    assert t.BUTTON_CREATE not in buttons_of(listing)
    assert await forge(sim, emulator, PABLO, listing, "usr:new") == read_only
    card = await open_card(pablo, "Carla Conserje", t.READ_ONLY)
    assert buttons_of(card) == [t.BUTTON_BACK_TO_LIST]
    assert t.READ_ONLY in content(card)
    carla = await StaffUser.get(email="carla@example.com")
    for verb in ("rst", "edit", "del"):
        assert await forge(sim, emulator, PABLO, card, f"usr:{verb}:{carla.id}") == read_only
    for data in (f"usr:delok:{carla.id}", f"usr:rstok:{carla.id}"):
        assert await forge(sim, emulator, PABLO, card, data) == read_only, data
    fresh = await StaffUser.get(id=carla.id)
    assert (fresh.is_active, fresh.telegram_id) == (True, CARLA)
    # Pablo's own row (a test user) shows no tools at all…
    own = await open_card(pablo, "Pablo Prueba", t.READ_ONLY)
    assert buttons_of(own) == [t.BUTTON_BACK_TO_LIST]
    assert t.CARD_NO_TOOLS[StaffErrorReason.TEST_USER] in content(own)
    # …and neither does it for an administrator.
    seen_by_andres = await open_card(sim.person(ANDRES), "Pablo Prueba")
    assert buttons_of(seen_by_andres) == [t.BUTTON_BACK_TO_LIST]
    assert not await OutboxMessage.exists()
    assert not await AuditLog.filter(action__startswith="staff.").exists()


async def test_concierge_and_resident_cannot_open_users(sim) -> None:
    denied = texts.DENIALS[Denial.PROFILE]
    assert (await send(sim.person(CARLA), "/usuarios", denied))["text"] == denied
    assert (await send(sim.person(RODRIGO), "/usuarios", denied))["text"] == denied


async def test_cancel_mid_creation_saves_nothing(sim) -> None:
    andres = sim.person(ANDRES)
    step = await start_creation(andres)
    await click(andres, step, "Conserje", plain(t.ASK_FIRST_NAME))
    await send(andres, "Marta", plain(t.ASK_LAST_NAME))
    await send(andres, "Soto", plain(t.ASK_SECOND_LAST_NAME))
    await send(andres, "/cancel", texts.CANCELLED)
    # The flow is over: typed text is no longer taken as a name.
    await send(andres, "Díaz", texts.FREE_TEXT_HINT)
    assert not await StaffUser.filter(first_name="Marta").exists()
    assert not await sim.emails()
    # The "Cancelar" button of a step does the same.
    step = await start_creation(andres)
    await click(andres, step, texts.BUTTON_CANCEL, texts.CANCELLED)
    await send(andres, "Marta", texts.FREE_TEXT_HINT)
    assert not await StaffUser.filter(first_name="Marta").exists()


async def test_bad_input_is_refused_and_the_step_repeats(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    step = await start_creation(andres)
    await click(andres, step, "Conserje", plain(t.ASK_FIRST_NAME))
    await send(andres, "M4rta", t.STAFF_ERRORS[StaffErrorReason.INVALID_NAME])
    await send(andres, "Marta", plain(t.ASK_LAST_NAME))
    await send(andres, "Soto", plain(t.ASK_SECOND_LAST_NAME))
    await send(andres, "Díaz", plain(t.ASK_EMAIL))
    await send(andres, "no-es-correo", t.STAFF_ERRORS[StaffErrorReason.INVALID_EMAIL])
    await send(andres, "CARLA@example.com", t.STAFF_ERRORS[StaffErrorReason.EMAIL_TAKEN])
    toggles = await send(andres, "marta@example.com", plain(t.ASK_COMMUNITIES))
    # "Listo" with no community is refused; so is a forged community that is not Andrés's.
    assert await press(sim, emulator, andres, toggles, t.BUTTON_DONE) == alert(
        t.PICK_ONE_COMMUNITY
    )
    vista = await Community.get(name=VISTA_CORDILLERA)
    assert await forge(sim, emulator, ANDRES, toggles, f"usr:tg:{vista.id}") == alert(
        t.STAFF_ERRORS[StaffErrorReason.COMMUNITY_OUT_OF_SCOPE]
    )
    # Typing where a button is expected gets a hint; /usuarios leaves the flow unsaved.
    await send(andres, LOS_AROMOS, texts.UNEXPECTED_IN_FLOW)
    await send(andres, "/usuarios", t.BUTTON_CREATE)
    assert await StaffUser.filter(email="carla@example.com").count() == 1
    assert not await StaffUser.filter(email="marta@example.com").exists()


async def test_duplicate_email_at_save_is_refused_and_can_be_fixed(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    step = await start_creation(andres)
    await click(andres, step, "Conserje", plain(t.ASK_FIRST_NAME))
    await send(andres, "Marta", plain(t.ASK_LAST_NAME))
    await send(andres, "Soto", plain(t.ASK_SECOND_LAST_NAME))
    await send(andres, "Díaz", plain(t.ASK_EMAIL))
    toggles = await send(andres, "marta@example.com", plain(t.ASK_COMMUNITIES))
    toggles = await click(
        andres,
        toggles,
        t.TOGGLE_OFF.format(nombre=LOS_AROMOS),
        t.TOGGLE_ON.format(nombre=LOS_AROMOS),
    )
    form = await click(andres, toggles, t.BUTTON_DONE, t.BUTTON_SAVE)
    # Meanwhile someone else takes the e-mail.
    await create_user(sim.person(SOFIA), first="Martina")
    assert await press(sim, emulator, andres, form, t.BUTTON_SAVE) == alert(
        t.STAFF_ERRORS[StaffErrorReason.EMAIL_TAKEN]
    )
    assert await StaffUser.filter(email="marta@example.com").count() == 1
    # The form is still there to fix the e-mail.
    await click(andres, form, t.BUTTON_SET_EMAIL, plain(t.ASK_EMAIL))
    form = await send(andres, "marta.soto@example.com", t.BUTTON_SAVE)
    assert "marta.soto@example.com" in content(form)
    await click(andres, form, t.BUTTON_SAVE, "Usuario creado")
    assert await StaffUser.exists(email="marta.soto@example.com", first_name="Marta")


async def test_reset_access_unbinds_and_only_the_new_code_works(sim) -> None:
    andres = sim.person(ANDRES)
    await create_user(andres)
    first_code = await invitation_code(sim, "marta@example.com")
    marta = sim.person(MARTA)
    await send(marta, f"/start {first_code}", "Perfil: Conserje")
    listing = await search(andres, "soto", "Búsqueda: «soto»")
    card = await click(andres, listing, "1. Marta Soto Díaz", t.BUTTON_RESET)
    confirm = await click(andres, card, t.BUTTON_RESET, t.BUTTON_ACCEPT)
    done = content(await click(andres, confirm, t.BUTTON_ACCEPT, "Acceso restablecido"))
    new_code = await invitation_code(sim, "marta@example.com")
    assert new_code != first_code
    assert new_code in done
    assert (await StaffUser.get(email="marta@example.com")).telegram_id is None
    # The old binding no longer works, nor does the old code; the new one does.
    await send(marta, "/help", texts.UNKNOWN_PERSON)
    await send(marta, f"/start {first_code}", texts.REDEEM_ERRORS["used"])
    await send(marta, f"/start {new_code}", texts.BOUND_STAFF)
    await send(marta, "/start", "Perfil: Conserje")
    assert len([m for m in await sim.emails() if m["to"] == "marta@example.com"]) == 2


async def test_admin_edits_a_user_with_the_form(sim) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "Carla Conserje")
    form = await click(andres, card, t.BUTTON_EDIT, plain(t.FORM_EDIT_TITLE))
    assert t.BUTTON_SAVE in buttons_of(form)
    await click(andres, form, t.BUTTON_SET_FIRST_NAME, plain(t.ASK_FIRST_NAME))
    form = await send(andres, "Carla Andrea", "Nombre: Carla Andrea")
    profiles = await click(andres, form, t.BUTTON_SET_PROFILE, t.ASK_PROFILE)
    assert "Súper Administrador" not in buttons_of(profiles)
    form = await click(andres, profiles, "Administrador", "Perfil: Administrador")
    await click(andres, form, t.BUTTON_SAVE, "Guardaste los cambios")
    carla = await StaffUser.get(email="carla@example.com")
    assert (carla.first_name, carla.profile) == ("Carla Andrea", Profile.ADMIN)
    entry = await AuditLog.get(action="staff.update", object_id=str(carla.id))
    assert entry.after == {"name": "Carla Andrea Conserje", "profile": "admin"}
    # Her menu follows her new profile.
    await send(sim.person(CARLA), "/help", plain(texts.HELP_HEADER).strip())
    assert "usuarios" in await sim.commands(CARLA)


async def test_own_card_offers_only_edit_and_admin_cannot_touch_super_admin(sim) -> None:
    andres = sim.person(ANDRES)
    own = await open_card(andres, "Andrés Admin")
    assert set(buttons_of(own)) == {t.BUTTON_EDIT, t.BUTTON_BACK_TO_LIST}
    form = await click(andres, own, t.BUTTON_EDIT, plain(t.FORM_EDIT_TITLE))
    assert t.BUTTON_SET_PROFILE not in buttons_of(form)
    assert t.BUTTON_SET_COMMUNITIES not in buttons_of(form)
    sofia_card = await open_card(andres, "Sofía Súper")
    assert buttons_of(sofia_card) == [t.BUTTON_BACK_TO_LIST]
    assert t.CARD_NO_TOOLS[StaffErrorReason.TARGET_PROFILE] in content(sofia_card)


async def test_tapping_the_list_instead_of_typing_a_search_stops_waiting_for_it(sim) -> None:
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    await click(andres, listing, t.BUTTON_SEARCH, plain(t.SEARCH_ASK))
    label = next(b for b in buttons_of(listing) if "Carla" in b)
    await click(andres, listing, label, "Perfil: Conserje")
    await send(andres, "carla", texts.FREE_TEXT_HINT)
    # Without the detour, the typed text is the search.
    await search(andres, "carla", "Búsqueda: «carla»")
