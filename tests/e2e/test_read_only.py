"""Read-only views: a test user sees what a real administrator sees, without the write buttons
that would only answer with a refusal (issue 12, item 19).

Pablo Prueba (1005) is an Administrador test user; Andrés Admin (1002) is the real one. Each
view is opened by both the same way; Andrés must still see every write button, Pablo none of
them, with a line saying he can look but not change. The refusal behind each button, pressed
with forged data, is tested with each feature (test_access_lists, test_properties…).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import cast

import pytest

from bot.demo import LOS_AROMOS
from handlers.kit.context import BotContext
from handlers.kit.guards import allowed, looks_only
from handlers.texts import access as ta
from handlers.texts import correspondence as tc
from handlers.texts import logos as tl
from handlers.texts import properties as tp
from handlers.texts import sms as ts
from handlers.texts import users as tu
from models.access import ListType, add_entry
from models.core import Community, Property, StaffUser
from models.correspondence import ItemKind, log_item
from models.documents import DocumentType
from models.identity import Person as Who
from models.permissions import Action, authorize
from tests.chat import Message, Person, Simulator, buttons_of, text_of

ANDRES, CARLA, PABLO = 1002, 1003, 1005
RUT = "12.345.678-5"

View = Callable[[Person], Awaitable[Message]]


def last_with(messages: list[Message], text: str) -> Message:
    """The last of these messages whose text or buttons contain `text`."""
    for message in reversed(messages):
        if text in (message.get("text") or "") or text in buttons_of(message):
            return message
    raise AssertionError(f"no {text!r} in {[m.get('text') for m in messages]}")


async def depto_101() -> Property:
    return await Property.get(name="Depto 101", community__name=LOS_AROMOS)


async def access_lists(person: Person) -> Message:
    await person.send("/listas")
    return last_with(await person.send("101"), "Juana Pérez")


async def access_entry(person: Person) -> Message:
    return (await person.click(await access_lists(person), "1. Juana Pérez"))[-1]


async def access_check(person: Person) -> Message:
    return last_with(await person.send(RUT), "Juana Pérez")


async def properties_list(person: Person) -> Message:
    return last_with(await person.send("/inmuebles"), "Depto 101")


async def property_residents(person: Person) -> Message:
    card = (await person.click(await properties_list(person), "Depto 101"))[-1]
    return (await person.click(card, tp.BUTTON_RESIDENTS))[-1]


async def resident_card(person: Person) -> Message:
    residents = await property_residents(person)
    return (await person.click(residents, "residente101@example.com"))[-1]


async def mobile_card(person: Person) -> Message:
    await person.send("/celular")
    return last_with(await person.send("101"), "Depto 101")


async def sms_summary(person: Person) -> Message:
    return (await person.send("/sms"))[-1]


async def sms_catalogue(person: Person) -> Message:
    summary = await sms_summary(person)
    label = next(b for b in buttons_of(summary) if b in (ts.BUTTON_BUY, ts.BUTTON_SEE_BUNDLES))
    return (await person.click(summary, label))[-1]


async def logo_summary(person: Person) -> Message:
    return (await person.send("/logo"))[-1]


async def users_list(person: Person) -> Message:
    return last_with(await person.send("/usuarios"), "Carla Conserje")


async def user_card(person: Person) -> Message:
    listing = await users_list(person)
    label = next(b for b in buttons_of(listing) if "Carla Conserje" in b)
    return (await person.click(listing, label))[-1]


async def pending(person: Person) -> Message:
    return last_with(await person.send("/pendientes"), "Depto 101")


# Each view, the write buttons Andrés sees there, and the read-only line Pablo gets instead.
VIEWS: list[tuple[str, View, list[str], str]] = [
    ("/listas", access_lists, [ta.BUTTON_ADD], ta.READ_ONLY),
    ("/listas entry", access_entry, ["Cambiar a No autorizado", ta.BUTTON_DELETE], ta.READ_ONLY),
    ("access check", access_check, [ta.BUTTON_REGISTER, ta.BUTTON_SKIP], ta.CHECK_READ_ONLY),
    ("/inmuebles", properties_list, [tp.BUTTON_IMPORT], tp.READ_ONLY),
    ("residents", property_residents, [tp.BUTTON_ADD_RESIDENT], tp.READ_ONLY),
    (
        "resident",
        resident_card,
        [tp.BUTTON_INVITE, tp.BUTTON_MAKE_SECONDARY, tp.BUTTON_REMOVE],
        tp.READ_ONLY,
    ),
    ("/celular", mobile_card, [tc.BUTTON_MOBILE_EDIT, tc.BUTTON_MOBILE_DELETE], "prueba"),
    ("/sms", sms_summary, [ts.BUTTON_BUY], ""),
    ("/sms catalogue", sms_catalogue, ["Comprar Bolsa 100"], "no comprarlas"),
    (
        "/logo",
        logo_summary,
        [tl.BUTTON_ADMINISTRATION_LOGO, tl.BUTTON_COMMUNITY_LOGO, tl.BUTTON_CHOOSE],
        tl.READ_ONLY,
    ),
    ("/usuarios", users_list, [tu.BUTTON_CREATE], tu.READ_ONLY),
    ("user card", user_card, [tu.BUTTON_RESET, tu.BUTTON_EDIT, tu.BUTTON_DELETE], tu.READ_ONLY),
    ("/pendientes", pending, [tc.BUTTON_REMIND, "Entregar "], "prueba"),
]


@pytest.fixture
async def data() -> None:
    """Juana on Depto 101's lists and a parcel waiting there, for the views to show."""
    andres = await StaffUser.get(telegram_id=ANDRES)
    carla = await StaffUser.get(telegram_id=CARLA)
    depto = await depto_101()
    await add_entry(depto.id, ListType.AUTHORIZED, DocumentType.RUT, RUT, "Juana Pérez", andres)
    await log_item(carla, depto.community_id, depto.id, ItemKind.PARCEL)


def has(buttons: list[str], label: str) -> bool:
    """Whether a button is there (a label ending in a space is a prefix: "Entregar ")."""
    return any(b.startswith(label) if label.endswith(" ") else b == label for b in buttons)


@pytest.mark.parametrize(("name", "view", "writes", "note"), VIEWS, ids=[v[0] for v in VIEWS])
async def test_a_test_user_sees_the_view_without_its_write_buttons(
    sim: Simulator, data: None, name: str, view: View, writes: list[str], note: str
) -> None:
    seen_by_andres = buttons_of(await view(sim.person(ANDRES)))
    for label in writes:
        assert has(seen_by_andres, label), (name, label, seen_by_andres)
    shown = await view(sim.person(PABLO))
    for label in writes:
        assert not has(buttons_of(shown), label), (name, label, buttons_of(shown))
    assert note in text_of([shown]), name


async def test_the_views_ask_silently(sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    """Deciding which buttons to show is no refusal: nothing is logged, nobody is told."""
    pablo = await StaffUser.get(telegram_id=PABLO)
    carla = await StaffUser.get(telegram_id=CARLA)
    aromos = await Community.get(name=LOS_AROMOS)

    def asking(staff: StaffUser) -> BotContext:
        """What `allowed` reads of a context: who is asking."""
        return cast(BotContext, SimpleNamespace(person=Who(staff=staff, residents=[])))

    with caplog.at_level(logging.WARNING, logger="models.permissions"):
        assert not await allowed(asking(pablo), Action.MANAGE_PROPERTIES, aromos.id)
        # A profile without a write does not get its buttons either.
        assert not await allowed(asking(carla), Action.MANAGE_ACCESS_LISTS, aromos.id)
        assert await allowed(asking(carla), Action.LOG_VISIT, aromos.id)
        assert not await authorize(pablo, Action.BUY_SMS, aromos.id, quiet=True)
    assert caplog.records == []
    assert looks_only(asking(pablo))
    assert not looks_only(asking(carla))
    with caplog.at_level(logging.WARNING, logger="models.permissions"):
        assert not await authorize(pablo, Action.BUY_SMS, aromos.id)
    assert len(caplog.records) == 1
