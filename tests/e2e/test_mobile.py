"""/celular through the sandbox: add, refuse a landline, edit, delete, and who may change it."""

from __future__ import annotations

from bot.app import BotApplication
from bot.demo import DEPTO_101_MOBILE, LOS_AROMOS, VISTA_CORDILLERA
from handlers import texts
from handlers.texts import correspondence as t
from models.core import AuditLog, Property
from models.permissions import Denial
from sandbox import BotApiEmulator
from tests.chat import Message, Person, Simulator, buttons_of, text_of

SOFIA, ANDRES, CARLA, PABLO = 1001, 1002, 1003, 1005


def with_button(messages: list[Message], label: str) -> Message:
    for message in reversed(messages):
        if label in buttons_of(message):
            return message
    raise AssertionError(f"no button {label!r} in {[buttons_of(m) for m in messages]}")


async def mobile_of(name: str, community: str = LOS_AROMOS) -> str | None:
    return (await Property.get(name=name, community__name=community)).mobile


async def open_card(person: Person, number: str) -> Message:
    picker = await person.send("/celular")
    assert "¿De qué inmueble?" in text_of(picker)
    card = await person.send(number)
    assert "Celular para avisos SMS" in text_of(card)
    return card[-1]


def last_alert(emulator: BotApiEmulator, user_id: int) -> str:
    return str(emulator.callback_answers[user_id][-1].get("text") or "")


async def test_admin_adds_a_mobile_and_a_landline_is_refused(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "102")
    assert "Depto 102" in card["text"]
    assert "sin celular" in card["text"]
    assert buttons_of(card) == [t.BUTTON_MOBILE_ADD, t.BUTTON_OTHER_PROPERTY]

    ask = await andres.click(card, t.BUTTON_MOBILE_ADD)
    assert "Escribe el celular de Depto 102" in text_of(ask)
    assert "9 6123 4567" in text_of(ask)

    refused = await andres.send("22 123 4567")
    assert "teléfono fijo" in text_of(refused)
    assert "9 6123 4567" in text_of(refused)  # an example of a valid number
    assert await mobile_of("Depto 102") is None
    assert "no es un número chileno" in text_of(await andres.send("+1 650 253 0000"))
    assert "no parece un número" in text_of(await andres.send("hola"))
    assert "no es un celular chileno válido" in text_of(await andres.send("+56 9 1234 5678"))

    confirm = await andres.send("9 8765 4321")
    assert "¿Guardar +56 9 8765 4321 como celular de Depto 102?" in text_of(confirm)
    assert await mobile_of("Depto 102") is None  # not before "Aceptar"
    saved = await andres.click(with_button(confirm, t.BUTTON_ACCEPT), t.BUTTON_ACCEPT)
    assert t.MOBILE_SAVED in text_of(saved)
    assert "+56 9 8765 4321" in text_of(saved)
    assert await mobile_of("Depto 102") == "+56987654321"
    entry = await AuditLog.get(action="property.mobile_set")
    assert entry.after == {"property": "Depto 102", "mobile": "+56987654321"}


async def test_edit_starts_empty_cancel_keeps_delete_needs_accept(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "101")
    assert "+56 9 6123 4567" in card["text"]
    assert buttons_of(card) == [
        t.BUTTON_MOBILE_EDIT,
        t.BUTTON_MOBILE_DELETE,
        t.BUTTON_OTHER_PROPERTY,
    ]
    ask = await andres.click(card, t.BUTTON_MOBILE_EDIT)
    assert "Escribe el celular de Depto 101" in text_of(ask)
    assert "Reemplazará al actual: +56 9 6123 4567" in text_of(ask)
    confirm = await andres.send("+56 9 8765 4321")
    kept = await andres.click(with_button(confirm, t.BUTTON_CANCEL), t.BUTTON_CANCEL)
    assert t.MOBILE_KEPT in text_of(kept)
    assert await mobile_of("Depto 101") == DEPTO_101_MOBILE

    card = with_button(kept, t.BUTTON_MOBILE_DELETE)
    ask = await andres.click(card, t.BUTTON_MOBILE_DELETE)
    assert "¿Eliminar el celular +56 9 6123 4567 de Depto 101?" in text_of(ask)
    kept = await andres.click(with_button(ask, t.BUTTON_CANCEL), t.BUTTON_CANCEL)
    assert t.MOBILE_KEPT in text_of(kept)
    assert await mobile_of("Depto 101") == DEPTO_101_MOBILE

    ask = await andres.click(with_button(kept, t.BUTTON_MOBILE_DELETE), t.BUTTON_MOBILE_DELETE)
    deleted = await andres.click(with_button(ask, t.BUTTON_ACCEPT), t.BUTTON_ACCEPT)
    assert t.MOBILE_DELETED in text_of(deleted)
    assert "sin celular" in text_of(deleted)
    assert await mobile_of("Depto 101") is None
    assert await AuditLog.filter(action="property.mobile_delete").count() == 1


async def test_the_same_number_on_two_properties(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "103")
    await andres.click(card, t.BUTTON_MOBILE_ADD)
    confirm = await andres.send("961234567")
    assert "también está en: Depto 101" in text_of(confirm)
    await andres.click(with_button(confirm, t.BUTTON_ACCEPT), t.BUTTON_ACCEPT)
    assert await mobile_of("Depto 103") == DEPTO_101_MOBILE
    assert await mobile_of("Depto 101") == DEPTO_101_MOBILE


async def test_other_property_and_picker_pages(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "101")
    picker = await andres.click(card, t.BUTTON_OTHER_PROPERTY)
    assert "¿De qué inmueble?" in text_of(picker)
    assert "Depto 110" not in buttons_of(picker[-1])
    second = await andres.click(picker[-1], t.BUTTON_NEXT)
    assert "Página 2 de 2" in text_of(second)
    card = await andres.click(second[-1], "Depto 110")
    assert "Depto 110" in text_of(card)
    assert "sin celular" in text_of(card)


async def test_test_user_looks_and_concierge_has_no_access(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    emulator, _ = emulator_and_app
    pablo = sim.person(PABLO)
    card = await open_card(pablo, "101")
    assert "+56 9 6123 4567" in card["text"]
    # A read-only card (issue 12, item 19); the write buttons, forged, are refused.
    assert buttons_of(card) == [t.BUTTON_OTHER_PROPERTY]
    assert t.MOBILE_READ_ONLY in card["text"]
    prop = await Property.get(name="Depto 101", community__name=LOS_AROMOS)
    emulator.forge_click(PABLO, card["message_id"], f"mob:edit:{prop.id}")
    await sim.settle()
    assert last_alert(emulator, PABLO) == texts.DENIALS[Denial.READ_ONLY]
    emulator.forge_click(PABLO, card["message_id"], f"mob:del:{prop.id}")
    await sim.settle()
    assert last_alert(emulator, PABLO) == texts.DENIALS[Denial.READ_ONLY]
    # Typing a number now is not taken as one: no flow was opened.
    assert "¿Guardar" not in text_of(await pablo.send("9 8765 4321"))
    assert await mobile_of("Depto 101") == DEPTO_101_MOBILE

    carla = sim.person(CARLA)
    assert texts.DENIALS[Denial.PROFILE] in text_of(await carla.send("/celular"))
    assert await AuditLog.filter(object_type="property").count() == 0


async def test_forged_buttons_and_the_entry_point_for_other_features(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    start = (await andres.send("/celular"))[-1]
    casa = await Property.get(name="Casa 1", community__name=VISTA_CORDILLERA)
    for data in (f"mob:edit:{casa.id}", f"mob:del:{casa.id}", f"mob:delok:{casa.id}"):
        emulator.forge_click(ANDRES, start["message_id"], data)
        await sim.settle()
        assert last_alert(emulator, ANDRES) == texts.PROPERTY_GONE, data
    assert await mobile_of("Casa 1", VISTA_CORDILLERA) is None

    # `mob:prop:<id>` opens the card from any message (e.g. a future property card).
    depto = await Property.get(name="Depto 104", community__name=LOS_AROMOS)
    emulator.forge_click(ANDRES, start["message_id"], f"mob:prop:{depto.id}")
    await sim.settle()
    shown = await sim.messages(ANDRES)
    card = next(m for m in shown if m["message_id"] == start["message_id"])
    assert "Depto 104" in card["text"]
    assert t.BUTTON_MOBILE_ADD in buttons_of(card)

    # Sofía (súper administradora) reaches the other community's property.
    sofia = sim.person(SOFIA)
    start = (await sofia.send("/start"))[-1]
    emulator.forge_click(SOFIA, start["message_id"], f"mob:edit:{casa.id}")
    await sim.settle()
    confirm = await sofia.send("9 8765 4321")
    await sofia.click(with_button(confirm, t.BUTTON_ACCEPT), t.BUTTON_ACCEPT)
    assert await mobile_of("Casa 1", VISTA_CORDILLERA) == "+56987654321"


async def test_cancel_while_typing_saves_nothing(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, "105")
    await andres.click(card, t.BUTTON_MOBILE_ADD)
    assert texts.CANCELLED in text_of(await andres.send("/cancel"))
    assert "¿Guardar" not in text_of(await andres.send("9 8765 4321"))
    assert await mobile_of("Depto 105") is None
