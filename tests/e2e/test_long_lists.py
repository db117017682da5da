"""Every list at ten times its usual size: each message fits Telegram's 4,096 characters, the
pages turn, and nothing ends in "Algo falló" (issue 12, item 10).

The sandbox refuses a text over 4,096 characters as Telegram does, so a list that does not fit
shows up here as the bot's generic error (or as no answer at all).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.demo import LOS_AROMOS
from handlers import texts
from handlers.texts import access as ta
from handlers.texts import properties as tp
from handlers.texts import sms as ts
from handlers.texts import users as tu
from models.access import ListType, add_entry, register_visit
from models.core import (
    Administration,
    AuditLog,
    Community,
    Profile,
    Property,
    Resident,
    ResidentRole,
    StaffUser,
)
from models.correspondence import ItemKind, log_item
from models.documents import DocumentType
from models.sms import SmsBundle, SmsPurchase
from tests.chat import Message, Person, Simulator, buttons_of, text_of

SOFIA, ANDRES, CARLA, RODRIGO = 1001, 1002, 1003, 1004
MAX_TEXT = 4096
RUT = "12.345.678-5"
LONG = "Ñandú " * 60  # a 360-character value where people type free text
SENDER = LONG[:100]  # the longest sender and person's name the domain takes
NAME = LONG[:120].strip()


async def aromos() -> Community:
    return await Community.get(name=LOS_AROMOS)


async def depto_101() -> Property:
    return await Property.get(name="Depto 101", community__name=LOS_AROMOS)


async def fits(sim: Simulator, person: Person) -> None:
    """Everything the bot said to this person fits one message, and nothing failed."""
    said = [m for m in await sim.messages(person.user_id) if m["from"] == "bot"]
    assert said, "the bot said nothing"
    for message in said:
        assert len(message.get("text") or "") <= MAX_TEXT
    assert texts.ERROR_GENERIC not in text_of(said)


async def every_page(person: Person, first: Message, limit: int = 40) -> list[Message]:
    """The first page, then "Siguiente ▶️" until the last one."""
    pages = [first]
    while texts.BUTTON_NEXT in buttons_of(pages[-1]):
        assert len(pages) < limit, "the pages never end"
        pages.append((await person.click(pages[-1], texts.BUTTON_NEXT))[-1])
    return pages


def last_with(messages: list[Message], text: str) -> Message:
    for message in reversed(messages):
        if text in (message.get("text") or ""):
            return message
    raise AssertionError(f"no {text!r} in {[m.get('text') for m in messages]}")


# --- the four lists of the issue ---------------------------------------------------------------


async def test_mis_paquetes_with_50_parcels_pages(sim: Simulator) -> None:
    carla = await StaffUser.get(telegram_id=CARLA)
    depto = await depto_101()
    codes = set()
    for _ in range(50):
        logged = await log_item(
            carla, depto.community_id, depto.id, ItemKind.PARCEL, sender=SENDER
        )
        codes.add(logged.item.pickup_code)
    rodrigo = sim.person(RODRIGO)
    first = (await rodrigo.send("/mis_paquetes"))[-1]
    pages = await every_page(rodrigo, first)
    assert len(pages) > 1
    shown = text_of(pages)
    assert all(code in shown for code in codes)
    assert pages[0]["text"] != pages[1]["text"]
    await fits(sim, rodrigo)


async def test_a_property_with_150_emails_shows_its_card_and_residents_in_pages(
    sim: Simulator,
) -> None:
    depto = await depto_101()
    emails = [f"vecino{n:03d}.{'x' * 40}@example.com" for n in range(150)]
    await Resident.bulk_create(
        [Resident(property_id=depto.id, email=e, role=ResidentRole.SECONDARY) for e in emails]
    )
    andres = sim.person(ANDRES)
    listing = last_with(await andres.send("/inmuebles"), "Depto 101")
    card = (await andres.click(listing, "Depto 101"))[-1]
    assert "Correos secundarios:" in card["text"]
    assert "más" in card["text"]
    residents = (await andres.click(card, tp.BUTTON_RESIDENTS))[-1]
    pages = await every_page(andres, residents)
    assert len(pages) >= 15
    shown = text_of(pages)
    assert all(e[:40] in shown for e in emails)
    # A resident of a later page opens from its button.
    one = (await andres.click(pages[-1], next(b for b in buttons_of(pages[-1]) if "@" in b)))[-1]
    assert "Rol:" in one["text"]
    await fits(sim, andres)


async def test_an_import_with_a_huge_unknown_header_and_500_rejected_rows_is_reported(
    sim: Simulator,
) -> None:
    # 5,000 characters of unknown columns (a single cell that long is refused as a whole file:
    # cells are capped at 2,000 characters against zip bombs and runaway cells).
    unknown = [f"columna desconocida {n:03d} " + "z" * 25 for n in range(100)]
    header = ",".join(["inmueble", "correo_principal", *unknown])
    rows = [f"Casa {n},malo{n}@{'y' * 60}," + ",".join("x" * 100) for n in range(500)]
    data = ("\n".join([header, *rows]) + "\n").encode()
    andres = sim.person(ANDRES)
    listing = last_with(await andres.send("/inmuebles"), "Depto 101")
    await andres.click(listing, tp.BUTTON_IMPORT)
    replies = await andres.send_file("document", data, "inmuebles.csv")
    report = last_with(replies, "Rechazadas")
    assert "Rechazadas: 500" in report["text"]
    assert "fila(s) más" in report["text"]
    assert "Columnas ignoradas" in report["text"]
    await fits(sim, andres)


# --- the other lists that grow with the data ----------------------------------------------------


async def test_pendientes_with_150_items_pages(sim: Simulator) -> None:
    carla = await StaffUser.get(telegram_id=CARLA)
    depto = await depto_101()
    for _ in range(150):
        await log_item(carla, depto.community_id, depto.id, ItemKind.PARCEL, sender=SENDER)
    person = sim.person(CARLA)
    pages = await every_page(person, (await person.send("/pendientes"))[-1])
    assert len(pages) == 15
    await fits(sim, person)


async def test_visitas_with_100_visits_pages(sim: Simulator) -> None:
    carla = await StaffUser.get(telegram_id=CARLA)
    depto = await depto_101()
    for n in range(100):
        await register_visit(
            depto.community_id,
            property_id=depto.id,
            doc_type=DocumentType.PASSPORT,
            doc_number=f"AB{n:06d}",
            full_name=NAME,
            list_status="sin_lista",
            entered=True,
            concierge=carla,
        )
    person = sim.person(CARLA)
    pages = await every_page(person, (await person.send("/visitas"))[-1])
    assert len(pages) == 10
    await fits(sim, person)


async def test_usuarios_with_80_users_pages(sim: Simulator) -> None:
    community = await aromos()
    administration = await Administration.get(id=community.administration_id)
    for n in range(80):
        user = await StaffUser.create(
            administration=administration,
            first_name=f"Nombre{n:02d} " + "L" * 90,
            last_name="Apellido " + "M" * 90,
            second_last_name="N" * 99,
            email=f"u{n:02d}.{'e' * 200}@example.com",
            profile=Profile.CONCIERGE,
        )
        await user.communities.add(community)
    andres = sim.person(ANDRES)
    first = last_with(await andres.send("/usuarios"), "usuario(s)")
    pages = await every_page(andres, first)
    assert len(pages) >= 10
    card = (await andres.click(pages[-1], buttons_of(pages[-1])[0]))[-1]
    assert "Perfil:" in card["text"]
    assert tu.BUTTON_BACK_TO_LIST in buttons_of(card)
    await fits(sim, andres)


async def test_auditoria_with_200_changes_by_30_users_pages(sim: Simulator) -> None:
    community = await aromos()
    administration = await Administration.get(id=community.administration_id)
    actors = [
        await StaffUser.create(
            administration=administration,
            first_name=f"Autor{n:02d}",
            last_name="Largo " + "A" * 90,
            email=f"a{n:02d}@example.com",
            profile=Profile.ADMIN,
        )
        for n in range(30)
    ]
    await AuditLog.bulk_create(
        [
            AuditLog(
                administration_id=administration.id,
                community_id=community.id,
                actor_id=actors[n % 30].id,
                actor_label=f"{actors[n % 30].first_name} <x@example.com>",
                action="property.update",
                object_type="property",
                object_id=str(n),
                before={"name": LONG},
                after={"name": LONG + "!"},
            )
            for n in range(200)
        ]
    )
    sofia = sim.person(SOFIA)
    first = (await sofia.send("/auditoria"))[-1]
    if "comunidad" in first["text"].lower() and tu.BUTTON_AUDIT_MORE not in buttons_of(first):
        first = (await sofia.click(first, LOS_AROMOS))[-1]
    newer = (await sofia.click(first, tu.BUTTON_AUDIT_MORE))[-1]
    assert newer["text"] != first["text"]
    who = (await sofia.click(newer, tu.BUTTON_AUDIT_FILTER))[-1]
    assert len(buttons_of(who)) <= 20
    pages = await every_page(sofia, who)
    names = " ".join(b for page in pages for b in buttons_of(page))
    assert all(a.first_name in names for a in actors)
    await fits(sim, sofia)


async def test_sms_history_with_100_purchases_pages(sim: Simulator) -> None:
    community = await aromos()
    bundle = await SmsBundle.get(name="Bolsa 100")
    andres = await StaffUser.get(telegram_id=ANDRES)
    await SmsPurchase.bulk_create(
        [
            SmsPurchase(
                community_id=community.id,
                bundle_id=bundle.id,
                bundle_name=bundle.name + " " + "B" * 80,
                sms_count=100,
                price_clp=5000,
                buyer_id=andres.id,
                buyer_label=LONG[:290],
                purchased_at=datetime(2026, 1 + n % 12, 1 + n % 28, 12, tzinfo=UTC),
                billing_period=datetime(2026, 1 + n % 12, 1).date(),
            )
            for n in range(100)
        ]
    )
    person = sim.person(ANDRES)
    summary = (await person.send("/sms"))[-1]
    history = (await person.click(summary, ts.BUTTON_HISTORY))[-1]
    pages = await every_page(person, history)
    assert len(pages) == 5
    await fits(sim, person)


async def test_access_lists_with_200_entries_page(sim: Simulator) -> None:
    depto = await depto_101()
    andres = await StaffUser.get(telegram_id=ANDRES)
    for n in range(200):
        await add_entry(
            depto.id,
            ListType.AUTHORIZED,
            DocumentType.PASSPORT,
            f"AB{n:06d}",
            NAME,
            andres,
        )
    person = sim.person(ANDRES)
    await person.send("/listas")
    first = last_with(await person.send("101"), "Depto 101")
    pages = await every_page(person, first)
    assert len(pages) == 25
    await fits(sim, person)


async def test_a_document_on_the_lists_of_150_properties_is_checked_and_registered(
    sim: Simulator,
) -> None:
    community = await aromos()
    andres = await StaffUser.get(telegram_id=ANDRES)
    for n in range(150):
        prop = await Property.create(community=community, name=f"Casa {n:03d}")
        await add_entry(prop.id, ListType.AUTHORIZED, DocumentType.RUT, RUT, "Juana Pérez", andres)
    carla = sim.person(CARLA)
    verdict = last_with(await carla.send(RUT), "Juana Pérez")
    assert "más" in verdict["text"]
    picker = (await carla.click(verdict, ta.BUTTON_REGISTER))[-1]
    assert "150" in picker["text"]
    assert texts.BUTTON_NEXT in buttons_of(picker)
    chosen = (await carla.send("Casa 149"))[-1]
    assert "Casa 149" in chosen["text"]
    await fits(sim, carla)


async def test_hand_over_by_property_with_60_items_pages(sim: Simulator) -> None:
    from handlers.texts import correspondence as tc

    carla = await StaffUser.get(telegram_id=CARLA)
    depto = await depto_101()
    for _ in range(60):
        await log_item(carla, depto.community_id, depto.id, ItemKind.PARCEL, sender=SENDER)
    person = sim.person(CARLA)
    ask = (await person.send("/entregar"))[-1]
    await person.click(ask, tc.BUTTON_BY_PROPERTY)
    listed = (await person.send("101"))[-1]
    pages = await every_page(person, listed)
    assert len(pages) == 6
    codes = {b for page in pages for b in buttons_of(page) if "·" in b}
    assert len(codes) == 60
    await fits(sim, person)
