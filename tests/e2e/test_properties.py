"""/inmuebles through the sandbox, as the demo personas use it (issue 7, properties part)."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from bench.import_bomb import xlsx_bomb
from bot.demo import LOS_AROMOS
from handlers import texts
from handlers.texts import access as access_texts
from handlers.texts import properties as t
from models.core import AuditLog, Community, Property, Resident, ResidentRole
from models.correspondence_notices import PARCEL_ARRIVED
from models.outbox import Channel, OutboxMessage, OutboxStatus, enqueue_notice
from models.permissions import Denial
from tests.chat import Message, Person, buttons_of

SOFIA, ANDRES, CARLA, RODRIGO, PABLO = 1001, 1002, 1003, 1004, 1005
NEW_RESIDENT = 2002
CODE = re.compile(r"/start (\S+)")
WAIT_SECONDS = 20.0

IMPORT_CSV = (
    b"inmueble;correo_principal;correos_secundarios;celular\n"
    b"Depto 111;ana@example.com;beto@example.com, carla.r@example.com;9 8765 4321\n"
    b"Depto 112;;;\n"
    b"Depto 113;malo@;;\n"
)


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
    """The bot's newest message (after `floor`, or `also` edited) showing `expect`."""
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


async def upload(person: Person, data: bytes, name: str, expect: str) -> Message:
    floor = await _last_id(person)
    await person.send_file("document", data, name)
    return await wait_for(person, expect, floor)


async def forge(sim: Any, emulator: Any, user_id: int, message: Message, data: str) -> dict:
    """Press a button with any data on a bot message; the bot's answer (toast or alert)."""
    before = len(emulator.callback_answers[user_id])
    emulator.forge_click(user_id, message["message_id"], data)
    deadline = time.monotonic() + WAIT_SECONDS
    while len(emulator.callback_answers[user_id]) <= before:
        assert time.monotonic() < deadline, "the button press got no answer"
        await asyncio.sleep(0.05)
        await sim.settle()
    return emulator.callback_answers[user_id][-1]


async def press(sim: Any, emulator: Any, person: Person, message: Message, button: str) -> dict:
    """Press a real button whose answer is an alert (no new message expected)."""
    data = next(
        b["callback_data"] for row in message["buttons"] for b in row if b["text"] == button
    )
    return await forge(sim, emulator, person.user_id, message, data)


def alert(text: str) -> dict[str, Any]:
    return {"text": text, "show_alert": True}


async def open_list(person: Person, expect: str = t.BUTTON_IMPORT) -> Message:
    return await send(person, "/inmuebles", expect)


async def open_card(person: Person, name: str, expect: str = t.BUTTON_IMPORT) -> Message:
    listing = await open_list(person, expect)
    return await click(person, listing, name, "Correo principal:")


async def open_residents(person: Person, name: str) -> Message:
    card = await open_card(person, name)
    return await click(person, card, t.BUTTON_RESIDENTS, "Residentes de")


async def _sent(community: Community, channel: Channel, count: int) -> None:
    """Notices to residents (parcel arrivals) already sent."""
    for number in range(count):
        message, _ = await enqueue_notice(
            key=f"test:{channel.value}:{number}",
            channel=channel,
            recipient="x",
            template=PARCEL_ARRIVED,
            data={},
            community_id=community.id,
        )
        await OutboxMessage.filter(id=message.id).update(status=OutboxStatus.SENT)


async def test_import_reports_created_and_rejected_then_no_changes_and_the_list_shows_them(
    sim,
) -> None:
    aromos = await Community.get(name=LOS_AROMOS)
    await _sent(aromos, Channel.SMS, 3)
    await _sent(aromos, Channel.EMAIL, 2)
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    assert plain(t.LIST_HEADER.format(comunidad=LOS_AROMOS)) in content(listing)
    assert "📱 3 SMS · ✉️ 2 correos" in content(listing)
    assert "SMS disponibles ahora: 30" in content(listing)
    ask = await click(andres, listing, t.BUTTON_IMPORT, "Importar inmuebles")
    assert "correo_principal" in content(ask)
    report = content(await upload(andres, IMPORT_CSV, "inmuebles.csv", "Importación lista"))
    assert "Creados: 2 · Actualizados: 0 · Sin cambios: 0 · Rechazadas: 1" in report
    assert "Fila 4: correo inválido: malo@" in report
    assert (
        await Property.filter(community=aromos, name__in=["Depto 111", "Depto 112"]).count() == 2
    )
    assert not await Property.exists(name="Depto 113")
    depto = await Property.get(community=aromos, name="Depto 111")
    assert depto.mobile == "+56987654321"
    roles = {r.email: r.role for r in await Resident.filter(property=depto)}
    assert roles == {
        "ana@example.com": ResidentRole.PRINCIPAL,
        "beto@example.com": ResidentRole.SECONDARY,
        "carla.r@example.com": ResidentRole.SECONDARY,
    }
    # The same file again: nothing changes, the bad row is still reported.
    listing = await open_list(andres)
    await click(andres, listing, t.BUTTON_IMPORT, "Importar inmuebles")
    again = await upload(andres, IMPORT_CSV, "inmuebles.csv", "Importación sin cambios")
    assert "Creados: 0 · Actualizados: 0 · Sin cambios: 2 · Rechazadas: 1" in content(again)
    assert "todo ya estaba así" not in content(again)
    assert "Fila 4: correo inválido: malo@" in content(again)
    assert await Property.filter(community=aromos).count() == 12
    imports = await AuditLog.filter(action="property.import").order_by("id")
    assert [(e.after or {}).get("created") for e in imports] == [2, 0]
    # /inmuebles: the counters on top, the new properties on the second page, in natural order.
    listing = await open_list(andres)
    assert "12 inmueble(s) · página 1 de 2" in content(listing)
    assert "📱 3 SMS · ✉️ 2 correos" in content(listing)
    second = await click(andres, listing, texts.BUTTON_NEXT, "página 2 de 2")
    text = second["text"]
    assert text.index("Depto 109") < text.index("Depto 110") < text.index("Depto 111")
    assert "Depto 111 · ana@example.com (+2) · +56 9 8765 4321" in text
    assert "Depto 112 · sin correos · sin celular" in text
    card = await click(andres, second, "Depto 111", "Correo principal:")
    assert "Correo principal: ana@example.com" in card["text"]
    assert "Correos secundarios: beto@example.com, carla.r@example.com" in card["text"]


async def test_refused_files_import_nothing_and_the_flow_waits_for_another(sim) -> None:
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    await click(andres, listing, t.BUTTON_IMPORT, "Importar inmuebles")
    refused = await upload(andres, b"nombre,celular\nDepto 1,\n", "x.csv", "No importé nada")
    assert "Falta la columna «inmueble»" in refused["text"]
    hint = await send(andres, "hola", plain(t.IMPORT_EXPECTED_DOCUMENT)[:30])
    assert hint["text"] == plain(t.IMPORT_EXPECTED_DOCUMENT)
    done = await upload(andres, b"inmueble\nBodega 1\n", "b.csv", "Importación lista")
    assert "Creados: 1" in done["text"]
    assert await Property.exists(name="Bodega 1")


async def test_an_import_whose_rows_were_all_rejected_says_so(sim) -> None:
    """Issue 12 item 15: not "todo ya estaba así" when nothing could be imported."""
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    await click(andres, listing, t.BUTTON_IMPORT, "Importar inmuebles")
    bad = b"inmueble;correo_principal\nDepto 201;malo@\n;ana@example.com\n"
    report = content(await upload(andres, bad, "malo.csv", "Rechazadas"))
    assert "Importación rechazada" in report
    assert "Creados: 0 · Actualizados: 0 · Sin cambios: 0 · Rechazadas: 2" in report
    assert t.IMPORT_OUTCOME_NOTES["all_rejected"] in report
    assert "todo ya estaba así" not in report
    assert "Fila 2: correo inválido: malo@" in report
    assert "Fila 3: falta el nombre del inmueble" in report
    assert not await Property.exists(name="Depto 201")


async def test_an_xlsx_zip_bomb_is_refused_with_a_clear_message(sim) -> None:
    """Issue 12 item 3: a small XLSX that unpacks to GBs is refused before it is unpacked."""
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    await click(andres, listing, t.BUTTON_IMPORT, "Importar inmuebles")
    bomb = xlsx_bomb(24 * 1024 * 1024)
    refused = await upload(andres, bomb, "inmuebles.xlsx", "No importé nada")
    assert "El XLSX es demasiado grande por dentro" in refused["text"]
    assert "envíalo como CSV" in refused["text"]
    done = await upload(andres, b"inmueble\nBodega 9\n", "b.csv", "Importación lista")
    assert "Creados: 1" in done["text"]


async def test_test_user_sees_lists_but_every_tool_is_refused(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    pablo = sim.person(PABLO)
    read_only = alert(texts.DENIALS[Denial.READ_ONLY])
    # Read-only views (issue 12, item 19): no write buttons; forged, each is refused.
    listing = await open_list(pablo, t.READ_ONLY)
    # Depto 101's principal, and one more resident (Daniela, secundaria).
    assert "Depto 101 · residente101@example.com (+1) · +56 9 6123 4567" in listing["text"]
    assert t.BUTTON_IMPORT not in buttons_of(listing)
    assert await forge(sim, emulator, PABLO, listing, "prp:imp") == read_only
    card = await open_card(pablo, "Depto 101", t.READ_ONLY)
    assert "Correo principal: residente101@example.com ✓" in card["text"]
    assert "Celular SMS: +56 9 6123 4567" in card["text"]
    residents = await click(pablo, card, t.BUTTON_RESIDENTS, "Residentes de")
    assert "residente101@example.com — principal ✓" in residents["text"]
    assert t.BUTTON_ADD_RESIDENT not in buttons_of(residents)
    assert t.READ_ONLY in residents["text"]
    depto = await Property.get(name="Depto 101", community__name=LOS_AROMOS)
    assert await forge(sim, emulator, PABLO, residents, f"prp:add:{depto.id}") == read_only
    one = await click(pablo, residents, "residente101@example.com", "Rol: principal")
    assert buttons_of(one) == [t.BUTTON_BACK_TO_RESIDENTS]
    assert t.READ_ONLY in one["text"]
    rodrigo = await Resident.get(email="residente101@example.com")
    for verb in ("inv", "role", "rm"):
        assert await forge(sim, emulator, PABLO, one, f"prp:{verb}:{rodrigo.id}") == read_only
    for data in (
        f"prp:invok:{rodrigo.id}",
        f"prp:rmok:{rodrigo.id}",
        f"prp:roleok:{rodrigo.id}:s",
    ):
        assert await forge(sim, emulator, PABLO, one, data) == read_only, data
    # Lists and mobile open for looking (their own flows refuse the changes).
    card = await open_card(pablo, "Depto 101", t.READ_ONLY)
    lists = await click(pablo, card, t.BUTTON_ACCESS_LISTS, "Listas de acceso")
    assert "Depto 101" in lists["text"]
    fresh = await Resident.get(id=rodrigo.id)
    assert (fresh.role, fresh.telegram_id) == (ResidentRole.PRINCIPAL, RODRIGO)
    assert await Property.all().count() == 15
    assert not await OutboxMessage.exists()
    assert not await AuditLog.exists()


async def test_concierge_and_resident_are_refused(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    denied = texts.DENIALS[Denial.PROFILE]
    assert (await send(sim.person(CARLA), "/inmuebles", denied))["text"] == denied
    assert (await send(sim.person(RODRIGO), "/inmuebles", denied))["text"] == denied
    # Forged buttons from a concierge change nothing either.
    carla = sim.person(CARLA)
    message = await send(carla, "/help", "/acceso")
    depto = await Property.get(name="Depto 101")
    rodrigo = await Resident.get(email="residente101@example.com")
    for data in (f"prp:card:{depto.id}", f"prp:rmok:{rodrigo.id}", "prp:imp"):
        assert await forge(sim, emulator, CARLA, message, data) == alert(denied), data
    assert await Resident.exists(id=rodrigo.id)


async def test_admin_adds_a_resident_and_invites_them(sim) -> None:
    andres = sim.person(ANDRES)
    residents = await open_residents(andres, "Depto 102")
    assert plain(t.RESIDENTS_EMPTY) in residents["text"]
    ask = await click(andres, residents, t.BUTTON_ADD_RESIDENT, "Escribe el correo")
    assert "Depto 102" in ask["text"]
    bad = await send(andres, "no-es-un-correo", "no es válido")
    assert bad["text"] == t.RESIDENT_ERRORS["invalid_email"]
    roles = await send(andres, " Nuevo@Example.com ", "¿Qué rol tiene")
    summary = await click(andres, roles, t.ADD_ROLE_PRINCIPAL, "Revisa antes de guardar")
    assert "Correo: nuevo@example.com" in summary["text"]
    assert "Rol: principal" in summary["text"]
    assert not await Resident.exists(email="nuevo@example.com")  # nothing before Guardar
    added = await click(andres, summary, t.BUTTON_SAVE, "Agregaste")
    assert "nuevo@example.com como principal de Depto 102" in added["text"]
    resident = await Resident.get(email="nuevo@example.com").select_related("property")
    assert (resident.property.name, resident.role) == ("Depto 102", ResidentRole.PRINCIPAL)
    # Invitar: confirm, then the e-mail carries the deep link and the code; the chat too.
    confirm = await click(andres, added, t.BUTTON_INVITE, "¿Enviar una invitación")
    invited = await click(andres, confirm, t.BUTTON_ACCEPT, "Enviamos la invitación")
    mails = [m for m in await sim.emails() if m["to"] == "nuevo@example.com"]
    assert len(mails) == 1
    assert mails[0]["subject"] == f"Avisos de {LOS_AROMOS} en Telegram"
    match = CODE.search(mails[0]["text"])
    assert match is not None
    code = match.group(1)
    assert f"https://t.me/conserjeria_demo_bot?start={code}" in mails[0]["text"]
    assert f"/start {code}" in invited["text"]
    await send(sim.person(NEW_RESIDENT), f"/start {code}", plain(texts.BOUND_RESIDENT))
    assert (await Resident.get(id=resident.id)).telegram_id == NEW_RESIDENT
    card = await open_card(andres, "Depto 102")
    assert "Correo principal: nuevo@example.com ✓" in card["text"]
    # The same e-mail again on the property is refused when typed.
    residents = await click(andres, card, t.BUTTON_RESIDENTS, "Residentes de")
    await click(andres, residents, t.BUTTON_ADD_RESIDENT, "Escribe el correo")
    duplicate = await send(andres, "NUEVO@example.com", "ya está en este inmueble")
    assert duplicate["text"] == t.RESIDENT_ERRORS["duplicate_email"]
    assert await Resident.filter(email="nuevo@example.com").count() == 1
    assert await AuditLog.filter(action="resident.add").count() == 1
    assert await AuditLog.filter(action="resident.invite").count() == 1


async def test_role_change_and_removal_are_confirmed(sim) -> None:
    andres = sim.person(ANDRES)
    depto = await Property.get(name="Depto 101")
    await Resident.create(property=depto, email="segunda@example.com", role=ResidentRole.SECONDARY)
    residents = await open_residents(andres, "Depto 101")
    one = await click(andres, residents, "segunda@example.com", "Rol: secundario")
    confirm = await click(andres, one, t.BUTTON_MAKE_PRINCIPAL, "¿Cambiar el rol")
    assert "residente101@example.com, pasará a secundario" in confirm["text"]
    cancelled = await click(andres, confirm, texts.BUTTON_CANCEL, "Rol: secundario")
    assert (await Resident.get(email="segunda@example.com")).role is ResidentRole.SECONDARY
    confirm = await click(andres, cancelled, t.BUTTON_MAKE_PRINCIPAL, "¿Cambiar el rol")
    done = await click(andres, confirm, t.BUTTON_ACCEPT, "ahora es")
    assert "residente101@example.com pasó a secundario" in done["text"]
    roles = {r.email: r.role for r in await Resident.filter(property=depto)}
    assert roles == {
        "residente101@example.com": ResidentRole.SECONDARY,
        "daniela@example.com": ResidentRole.SECONDARY,
        "segunda@example.com": ResidentRole.PRINCIPAL,
    }
    residents = await click(andres, done, t.BUTTON_BACK_TO_RESIDENTS, "Residentes de")
    one = await click(andres, residents, "segunda@example.com", "Rol: principal")
    confirm = await click(andres, one, t.BUTTON_REMOVE, "¿Quitar")
    await click(andres, confirm, t.BUTTON_ACCEPT, "Quitaste")
    assert not await Resident.exists(email="segunda@example.com")
    assert await AuditLog.filter(action="resident.remove").count() == 1


async def test_a_resident_who_was_invited_is_removed_and_gets_no_more_notices(sim) -> None:
    """Issue 12 item 5: removing an invited resident used to roll back on SQLite."""
    andres = sim.person(ANDRES)
    depto = await Property.get(name="Depto 102")
    await Resident.create(
        property=depto, email="invitada@example.com", role=ResidentRole.PRINCIPAL
    )
    residents = await open_residents(andres, "Depto 102")
    one = await click(andres, residents, "invitada@example.com", "Rol: principal")
    confirm = await click(andres, one, t.BUTTON_INVITE, "¿Enviar una invitación")
    invited = await click(andres, confirm, t.BUTTON_ACCEPT, "Enviamos la invitación")
    residents = await click(andres, invited, t.BUTTON_BACK_TO_RESIDENTS, "Residentes de")
    one = await click(andres, residents, "invitada@example.com", "Rol: principal")
    confirm = await click(andres, one, t.BUTTON_REMOVE, "¿Quitar")
    await click(andres, confirm, t.BUTTON_ACCEPT, "Quitaste")
    assert not await Resident.exists(email="invitada@example.com")
    assert await AuditLog.filter(action="resident.remove").count() == 1


async def test_search_opens_the_single_match(sim) -> None:
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    await click(andres, listing, t.BUTTON_SEARCH, plain(t.SEARCH_ASK)[:20])
    card = await send(andres, "105", "Correo principal:")
    assert "Depto 105" in card["text"]
    listing = await open_list(andres)
    await click(andres, listing, t.BUTTON_SEARCH, plain(t.SEARCH_ASK)[:20])
    found = await send(andres, "depto", "Búsqueda: «depto»")
    assert "10 inmueble(s)" in found["text"]
    cleared = await click(andres, found, t.BUTTON_CLEAR_SEARCH, "página 1 de 2")
    assert "Búsqueda" not in cleared["text"]


async def test_card_buttons_open_that_propertys_access_lists_and_mobile(sim) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "Depto 103")
    lists = await click(andres, card, t.BUTTON_ACCESS_LISTS, "Listas de acceso")
    header = plain(access_texts.LIST_HEADER.split("\n")[0]).format(
        inmueble="Depto 103", comunidad=LOS_AROMOS
    )
    assert header in lists["text"]
    card = await open_card(andres, "Depto 101")
    mobile = await click(andres, card, t.BUTTON_MOBILE, "+56 9 6123 4567")
    assert "Depto 101" in mobile["text"]
