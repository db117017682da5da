"""/listas through the sandbox, as the demo personas use it (issue 3, managing the lists)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.demo import LOS_AROMOS, VISTA_CORDILLERA
from bot.sandbox_app import sandbox
from handlers import texts
from handlers.texts import access as t
from models.access import AccessEntry, ListType, add_entry
from models.core import AuditLog, Community, Property, StaffUser
from models.documents import RUT_EXAMPLE, DocumentError, DocumentType, NameProblem
from models.permissions import Denial
from tests.chat import Message, Person, Simulator, buttons_of, text_of
from tests.dbutil import settings_for

SOFIA, ANDRES, CARLA, RODRIGO, PABLO, VALENTINA = 1001, 1002, 1003, 1004, 1005, 1006
RUT = "12.345.678-5"
CANONICAL = "12345678-5"
WAIT_SECONDS = 10.0

AUTHORIZED = f"{t.LIST_MARKS[ListType.AUTHORIZED]} Autorizado"
DENIED = f"{t.LIST_MARKS[ListType.DENIED]} No autorizado"


def plain(html: str) -> str:
    """A text as the chat shows it (without the HTML tags)."""
    return re.sub(r"<[^>]+>", "", html)


def with_button(messages: list[Message], label: str) -> Message:
    """The last of these messages that has this button."""
    for message in reversed(messages):
        if label in buttons_of(message):
            return message
    raise AssertionError(f"no button {label!r} in {[buttons_of(m) for m in messages]}")


def alert(text: str) -> dict[str, Any]:
    return {"text": text, "show_alert": True}


async def answer_after(
    sim: Simulator, emulator: Any, user_id: int, act: Callable[[], Any]
) -> dict:
    """Press a button (`act()`) and return the bot's answer to it (toast or alert)."""
    before = len(emulator.callback_answers[user_id])
    act()
    deadline = time.monotonic() + WAIT_SECONDS
    while len(emulator.callback_answers[user_id]) <= before:
        assert time.monotonic() < deadline, "the button press got no answer"
        await asyncio.sleep(0.05)
        await sim.settle()
    return emulator.callback_answers[user_id][-1]


async def press(
    sim: Simulator, emulator: Any, person: Person, message: Message, label: str
) -> dict:
    """Press a real button whose answer is an alert or a toast (no new message expected)."""
    return await answer_after(
        sim,
        emulator,
        person.user_id,
        lambda: emulator.click(person.user_id, message["message_id"], label),
    )


async def forge(sim: Simulator, emulator: Any, user_id: int, message: Message, data: str) -> dict:
    """A button press with data the bot never offered (a tampered client)."""
    return await answer_after(
        sim, emulator, user_id, lambda: emulator.forge_click(user_id, message["message_id"], data)
    )


async def open_property(person: Person, query: str = "101") -> Message:
    """/listas, then the property typed by number: its lists."""
    picker = await person.send("/listas")
    assert plain(t.PICK_PROPERTY) in plain(text_of(picker))
    return with_button(await person.send(query), t.BUTTON_ADD)


async def fill_add(
    person: Person,
    *,
    query: str = "101",
    kind: str = AUTHORIZED,
    doc: str = "RUT",
    number: str = RUT,
    name: str = "Juana Pérez",
) -> Message:
    """ "Ingresar acceso" up to the card (or whatever the bot said after the number)."""
    lists = await open_property(person, query)
    step = (await person.click(lists, t.BUTTON_ADD))[-1]
    assert plain(t.ADD_LIST_TYPE.split("\n")[-1]) in text_of([step])
    step = (await person.click(step, kind))[-1]
    assert text_of([step]) == t.ADD_DOC_TYPE
    step = (await person.click(step, doc))[-1]
    replies = await person.send(number)
    if plain(t.ASK_NAME) not in text_of(replies):
        return replies[-1]
    return (await person.send(name))[-1]


async def add_access(person: Person, **kwargs: Any) -> Message:
    """The whole add flow, confirming on the card with "Ingresar"."""
    card = await fill_add(person, **kwargs)
    assert t.BUTTON_SAVE in buttons_of(card), text_of([card])
    return (await person.click(card, t.BUTTON_SAVE))[-1]


async def depto(name: str = "Depto 101") -> Property:
    return await Property.get(name=name, community__name=LOS_AROMOS)


async def juana_in_101(kind: ListType = ListType.AUTHORIZED) -> AccessEntry:
    andres = await StaffUser.get(telegram_id=ANDRES)
    result = await add_entry(
        (await depto()).id, kind, DocumentType.RUT, RUT, "Juana Pérez", andres
    )
    return result.entry


async def test_admin_adds_juana_to_depto_101_confirming_on_the_card(sim) -> None:
    andres = sim.person(ANDRES)
    card = await fill_add(andres)
    shown = plain(text_of([card]))
    for value in ("Depto 101", "Autorizado", f"RUT {RUT}", "Juana Pérez"):
        assert value in shown
    assert buttons_of(card) == [t.BUTTON_SAVE, texts.BUTTON_CANCEL]
    assert await AccessEntry.all().count() == 0  # nothing is written before "Ingresar"
    done = plain(text_of(await andres.click(card, t.BUTTON_SAVE)))
    assert "Juana Pérez" in done
    assert "quedó en la lista Autorizado de Depto 101" in done
    entry = await AccessEntry.get(doc_number=CANONICAL)
    assert entry.property_id == (await depto()).id
    assert entry.list_type is ListType.AUTHORIZED
    assert entry.doc_type is DocumentType.RUT
    assert entry.full_name == "Juana Pérez"
    assert entry.registered_by_email == "andres@example.com"
    audit = await AuditLog.get(action="access.add", object_id=str(entry.id))
    assert audit.actor_id == (await StaffUser.get(telegram_id=ANDRES)).id
    # The property's lists show her, with who registered her and when.
    listing = plain(text_of([await open_property(andres)]))
    assert "Depto 101" in listing
    assert f"Juana Pérez · RUT {RUT}" in listing
    assert "Autorizado · por andres@example.com" in listing
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", listing)


async def test_same_rut_as_no_autorizado_is_offered_a_move_never_a_second_entry(sim) -> None:
    andres = sim.person(ANDRES)
    await add_access(andres)
    said = await fill_add(andres, kind=DENIED)
    text = plain(text_of([said]))
    assert "ya está en la lista Autorizado de Depto 101" in text
    assert "Mover a No autorizado" in buttons_of(said)
    assert await AccessEntry.filter(doc_number=CANONICAL).count() == 1
    moved = plain(text_of(await andres.click(said, "Mover a No autorizado")))
    assert plain(t.NOTICE_MOVED.format(lista="No autorizado")) in moved
    entries = await AccessEntry.filter(property_id=(await depto()).id, doc_number=CANONICAL)
    assert len(entries) == 1
    assert entries[0].list_type is ListType.DENIED
    assert await AuditLog.filter(action="access.move", object_id=str(entries[0].id)).count() == 1


async def test_a_passport_typed_again_as_otro_is_offered_a_move_never_both_lists(sim) -> None:
    """Issue 12 item 4: the concierge must never see the same document as ✅ and ⛔."""
    andres = sim.person(ANDRES)
    await add_access(andres, doc="Pasaporte", number="AB123456")
    # Caught at the number, before any name is typed.
    said = await fill_add(andres, kind=DENIED, doc="Otro", number="ab123456")
    text = plain(text_of([said]))
    assert "ya está en la lista Autorizado de Depto 101" in text
    assert "Mover a No autorizado" in buttons_of(said)
    entries = await AccessEntry.filter(doc_number="AB123456")
    assert [(e.list_type, e.doc_type) for e in entries] == [
        (ListType.AUTHORIZED, DocumentType.PASSPORT)
    ]
    moved = plain(text_of(await andres.click(said, "Mover a No autorizado")))
    assert plain(t.NOTICE_MOVED.format(lista="No autorizado")) in moved
    entries = await AccessEntry.filter(doc_number="AB123456")
    assert [e.list_type for e in entries] == [ListType.DENIED]


async def test_same_rut_in_the_same_list_is_said_and_not_added_again(sim) -> None:
    andres = sim.person(ANDRES)
    await add_access(andres)
    said = plain(text_of([await fill_add(andres)]))
    assert "ya está en la lista Autorizado de Depto 101" in said
    assert "No se agrega dos veces" in said
    assert await AccessEntry.filter(doc_number=CANONICAL).count() == 1
    # The same person may be listed in another property.
    await add_access(andres, query="102", kind=DENIED)
    assert await AccessEntry.filter(doc_number=CANONICAL).count() == 2


async def test_entry_moves_between_lists_and_is_deleted_after_accepting(sim) -> None:
    await juana_in_101()
    andres = sim.person(ANDRES)
    lists = await open_property(andres)
    card = (await andres.click(lists, "1. Juana Pérez"))[-1]
    assert "Registrado por: andres@example.com" in plain(text_of([card]))
    card = (await andres.click(card, "Cambiar a No autorizado"))[-1]
    assert "Lista: ⛔ No autorizado" in plain(text_of([card]))
    assert (await AccessEntry.get(doc_number=CANONICAL)).list_type is ListType.DENIED
    card = (await andres.click(card, "Cambiar a Autorizado"))[-1]
    assert (await AccessEntry.get(doc_number=CANONICAL)).list_type is ListType.AUTHORIZED
    ask = (await andres.click(card, t.BUTTON_DELETE))[-1]
    assert "¿Eliminar a Juana Pérez" in plain(text_of([ask]))
    card = (await andres.click(ask, texts.BUTTON_CANCEL))[-1]
    assert await AccessEntry.filter(doc_number=CANONICAL).count() == 1  # Cancelar keeps her
    ask = (await andres.click(card, t.BUTTON_DELETE))[-1]
    after = plain(text_of(await andres.click(ask, t.BUTTON_ACCEPT)))
    assert "Se eliminó a Juana Pérez" in after
    assert t.LIST_EMPTY in after
    assert await AccessEntry.filter(doc_number=CANONICAL).count() == 0
    actions = await AuditLog.filter(object_type="access_entry").values_list("action", flat=True)
    assert sorted(actions) == ["access.add", "access.delete", "access.move", "access.move"]


async def test_filter_by_list_type_and_pages(sim) -> None:
    andres_user = await StaffUser.get(telegram_id=ANDRES)
    prop = await depto("Depto 102")
    for n in range(12):
        kind = ListType.DENIED if n % 3 == 0 else ListType.AUTHORIZED
        await add_entry(
            prop.id,
            kind,
            DocumentType.PASSPORT,
            f"AB{n:06d}",
            f"Persona {chr(65 + n)}",
            andres_user,
        )
    andres = sim.person(ANDRES)
    lists = await open_property(andres, "102")
    text = plain(text_of([lists]))
    assert "12 persona(s) · página 1 de 2" in text
    assert "Filtro: Todos" in text
    assert "• Todos" in buttons_of(lists)
    second = (await andres.click(lists, texts.BUTTON_NEXT))[-1]
    assert "página 2 de 2" in plain(text_of([second]))
    assert "9. Persona I" in buttons_of(second)
    denied = (await andres.click(second, "No autorizado"))[-1]
    shown = plain(text_of([denied]))
    assert "4 persona(s) · página 1 de 1" in shown
    assert "Filtro: No autorizado" in shown
    assert "Persona A" in shown
    assert "Persona B" not in shown
    assert "✅" not in shown.split("\n", 3)[-1]


async def test_property_search_by_name_lists_matches_with_pages(sim) -> None:
    andres = sim.person(ANDRES)
    await andres.send("/listas")
    found = (await andres.send("depto"))[-1]
    assert "Búsqueda: «depto» · 10 inmueble(s)" in plain(text_of([found]))
    assert buttons_of(found)[:2] == ["Depto 101", "Depto 102"]
    more = (await andres.click(found, texts.BUTTON_NEXT))[-1]
    assert "Depto 110" in buttons_of(more)
    lists = (await andres.click(more, "Depto 110"))[-1]
    assert "Depto 110" in plain(text_of([lists]))
    assert t.BUTTON_ADD in buttons_of(lists)
    # "Otro inmueble" goes back to choosing; a search that finds nothing asks again.
    picker = (await andres.click(lists, t.BUTTON_OTHER_PROPERTY))[-1]
    assert "Depto 101" in buttons_of(picker)
    assert text_of(await andres.send("999")) == t.PICK_NONE.format(busqueda="999")
    assert "Depto 104" in plain(text_of(await andres.send("104")))


async def test_bad_input_at_each_step_gets_a_message_and_the_same_step(
    sim, emulator_and_app
) -> None:
    andres = sim.person(ANDRES)
    lists = await open_property(andres)
    step = (await andres.click(lists, t.BUTTON_ADD))[-1]
    step = (await andres.click(step, AUTHORIZED))[-1]
    await andres.click(step, "RUT")
    wrong = plain(text_of(await andres.send("12.345.678-9")))
    assert "no es un RUT válido" in wrong
    assert RUT_EXAMPLE in wrong
    assert (
        plain(t.DOCUMENT_ERRORS[DocumentError.BAD_RUT].format(numero="x")).split("x")[1] in wrong
    )
    assert "no es un RUT válido" in plain(text_of(await andres.send("12#345")))
    photo = await andres.send_file("photo", b"\xff\xd8\xff", "foto.jpg")
    assert text_of(photo) == t.EXPECTED_DOCUMENT_TEXT
    assert text_of(await andres.send(RUT)) == t.ASK_NAME
    assert text_of(await andres.send("Juana 123")) == t.NAME_ERRORS[NameProblem.BAD_CHARACTERS]
    assert text_of(await andres.send("J" * 121)) == t.NAME_ERRORS[NameProblem.TOO_LONG]
    assert text_of(await andres.send("'-.")) == t.NAME_ERRORS[NameProblem.BAD_CHARACTERS]
    assert (
        text_of(await andres.send_file("photo", b"\xff\xd8\xff", "foto.jpg"))
        == t.EXPECTED_NAME_TEXT
    )
    card = (await andres.send("  Juana   Pérez "))[-1]
    assert "Nombre: Juana Pérez" in plain(text_of([card]))
    assert await AccessEntry.all().count() == 0
    # Passports and other documents refuse symbols too.
    lists = await open_property(andres)
    step = (await andres.click(lists, t.BUTTON_ADD))[-1]
    step = (await andres.click(step, DENIED))[-1]
    await andres.click(step, "Pasaporte")
    assert text_of(await andres.send("AB#123")) == t.DOCUMENT_ERRORS[DocumentError.BAD_CHARACTERS]
    assert text_of(await andres.send("A" * 21)) == t.DOCUMENT_ERRORS[DocumentError.TOO_LONG]
    assert text_of(await andres.send("ab 123 456")) == t.ASK_NAME
    card = (await andres.send("Jean-Luc O'Neil"))[-1]
    assert "Documento: Pasaporte AB123456" in plain(text_of([card]))


async def test_cancel_in_the_middle_of_adding_saves_nothing(sim) -> None:
    andres = sim.person(ANDRES)
    lists = await open_property(andres)
    step = (await andres.click(lists, t.BUTTON_ADD))[-1]
    step = (await andres.click(step, AUTHORIZED))[-1]
    await andres.click(step, "RUT")
    await andres.send(RUT)
    assert text_of(await andres.send("/cancel")) == texts.CANCELLED
    # The flow is over: the name now is just text, and nothing was saved.
    assert text_of(await andres.send("Juana Pérez")) == texts.FREE_TEXT_HINT
    assert await AccessEntry.all().count() == 0
    # "Cancelar" on the card too.
    card = await fill_add(andres)
    assert text_of(await andres.click(card, texts.BUTTON_CANCEL)) == texts.CANCELLED
    assert await AccessEntry.all().count() == 0
    assert await AuditLog.filter(object_type="access_entry").count() == 0


async def test_concierge_cannot_reach_list_management(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    entry = await juana_in_101()
    carla = sim.person(CARLA)
    refused = await carla.send("/listas")
    assert text_of(refused) == texts.DENIALS[Denial.PROFILE]
    assert "listas" not in await sim.commands(CARLA)
    message = (await carla.send("/help"))[-1]
    prop = await depto()
    for data in (
        f"acl:prop:{prop.id}",
        f"acl:add:{prop.id}",
        f"acl:mv:{entry.id}:n",
        f"acl:delok:{entry.id}",
    ):
        assert await forge(sim, emulator, CARLA, message, data) == alert(
            texts.DENIALS[Denial.PROFILE]
        )
    kept = await AccessEntry.get(id=entry.id)
    assert kept.list_type is ListType.AUTHORIZED
    # Residents are refused the same way.
    assert text_of(await sim.person(RODRIGO).send("/listas")) == texts.DENIALS[Denial.PROFILE]


async def test_test_user_looks_but_every_change_is_refused(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    entry = await juana_in_101()
    audits = await AuditLog.all().count()
    pablo = sim.person(PABLO)
    await pablo.send("/listas")
    lists = with_button(await pablo.send("101"), "1. Juana Pérez")
    assert "Juana Pérez" in plain(text_of([lists]))
    read_only = alert(texts.DENIALS[Denial.READ_ONLY])
    # Read-only views: no write buttons (issue 12, item 19); forged ones are still refused.
    assert t.BUTTON_ADD not in buttons_of(lists)
    assert t.READ_ONLY in lists["text"]
    prop = await depto("Depto 101")
    assert await forge(sim, emulator, PABLO, lists, f"acl:add:{prop.id}") == read_only
    card = (await pablo.click(lists, "1. Juana Pérez"))[-1]
    assert buttons_of(card) == [t.BUTTON_BACK_TO_LIST]
    assert t.READ_ONLY in card["text"]
    assert await forge(sim, emulator, PABLO, card, f"acl:mv:{entry.id}:n") == read_only
    assert await forge(sim, emulator, PABLO, card, f"acl:del:{entry.id}") == read_only
    assert await forge(sim, emulator, PABLO, card, f"acl:delok:{entry.id}") == read_only
    kept = await AccessEntry.get(id=entry.id)
    assert kept.list_type is ListType.AUTHORIZED
    assert await AccessEntry.all().count() == 1
    assert await AuditLog.all().count() == audits


async def test_a_button_for_an_entry_deleted_meanwhile_says_it_no_longer_exists(
    sim, emulator_and_app
) -> None:
    emulator, _ = emulator_and_app
    await juana_in_101()
    andres = sim.person(ANDRES)
    lists = await open_property(andres)  # a list left on screen
    card = (await andres.click(await open_property(andres), "1. Juana Pérez"))[-1]
    # Meanwhile she is deleted from another card of the same entry.
    other = (await andres.click(await open_property(andres), "1. Juana Pérez"))[-1]
    ask = (await andres.click(other, t.BUTTON_DELETE))[-1]
    await andres.click(ask, t.BUTTON_ACCEPT)
    assert await AccessEntry.all().count() == 0
    audits = await AuditLog.all().count()
    gone = alert(t.ENTRY_GONE)
    assert await press(sim, emulator, andres, card, "Cambiar a No autorizado") == gone
    assert await press(sim, emulator, andres, card, t.BUTTON_DELETE) == gone
    assert await press(sim, emulator, andres, lists, "1. Juana Pérez") == gone
    assert await AccessEntry.all().count() == 0
    assert await AuditLog.all().count() == audits


async def test_forged_buttons_for_another_community_are_refused_server_side(
    sim, emulator_and_app
) -> None:
    emulator, _ = emulator_and_app
    vista = await Community.get(name=VISTA_CORDILLERA)
    casa = await Property.get(community=vista, name="Casa 1")
    sofia = await StaffUser.get(telegram_id=SOFIA)
    there = (
        await add_entry(casa.id, ListType.AUTHORIZED, DocumentType.RUT, RUT, "Juana Pérez", sofia)
    ).entry
    andres = sim.person(ANDRES)
    message = await open_property(andres)
    assert await forge(sim, emulator, ANDRES, message, f"acl:prop:{casa.id}") == alert(
        texts.PROPERTY_GONE
    )
    assert await forge(sim, emulator, ANDRES, message, f"acl:add:{casa.id}") == alert(
        texts.PROPERTY_GONE
    )
    assert await forge(sim, emulator, ANDRES, message, f"acl:ls:{casa.id}:t:0") == alert(
        texts.PROPERTY_GONE
    )
    for data in (f"acl:ent:{there.id}", f"acl:mv:{there.id}:n", f"acl:delok:{there.id}"):
        assert await forge(sim, emulator, ANDRES, message, data) == alert(t.ENTRY_GONE)
    kept = await AccessEntry.get(id=there.id)
    assert kept.list_type is ListType.AUTHORIZED
    assert (
        await AuditLog.filter(object_type="access_entry", actor__telegram_id=ANDRES).count() == 0
    )
    assert "Casa 1" not in plain(text_of(await sim.messages(ANDRES)))
    # Garbage is a stale button, not a crash.
    assert await forge(sim, emulator, ANDRES, message, "acl:ls:abc:z:0") == alert(
        texts.STALE_BUTTON
    )
    assert texts.ERROR_GENERIC not in text_of(await sim.messages(ANDRES))


async def test_super_admin_must_choose_a_community_first(sim) -> None:
    sofia = sim.person(SOFIA)
    assert text_of(await sofia.send("/listas")) == texts.COMMUNITY_FIRST


async def test_the_add_flow_survives_a_restart(db, db_url: str) -> None:
    settings = settings_for(db_url)
    async with sandbox(settings, port=0) as (emulator, _), aiohttp.ClientSession() as session:
        andres = Simulator(emulator.root_url, session).person(ANDRES)
        lists = await open_property(andres)
        step = (await andres.click(lists, t.BUTTON_ADD))[-1]
        step = (await andres.click(step, AUTHORIZED))[-1]
        await andres.click(step, "RUT")
        assert text_of(await andres.send(RUT)) == t.ASK_NAME
    # A new process: a fresh Bot API (its update ids start again at 1), the same database.
    async with (
        sandbox(settings, port=0, demo=False) as (emulator, _),
        aiohttp.ClientSession() as session,
    ):
        andres = Simulator(emulator.root_url, session).person(ANDRES)
        card = (await andres.send("Juana Pérez"))[-1]
        assert f"Documento: RUT {RUT}" in plain(text_of([card]))
        await andres.click(card, t.BUTTON_SAVE)
    entry = await AccessEntry.get(doc_number=CANONICAL)
    assert entry.full_name == "Juana Pérez"
    assert entry.list_type is ListType.AUTHORIZED
