"""Libro de novedades through the sandbox, as the personas: write with a photo in four taps,
alta reaches the administrator at once, search, corrections, categories, handover, digest,
and every refusal."""

from __future__ import annotations

from typing import Any

from bot.app import BotApplication
from bot.demo import LOS_AROMOS, VISTA_CORDILLERA
from handlers import texts
from handlers.texts import logbook as t
from models.core import Community, Property
from models.logbook import (
    LOGBOOK_ALTA,
    MAX_TEXT,
    LogbookCategory,
    LogbookEntry,
    Priority,
    ShiftHandover,
    categories,
)
from models.logbook_digest import LOGBOOK_DIGEST
from models.outbox import Channel, OutboxMessage
from models.permissions import Denial
from sandbox import BotApiEmulator
from tests.chat import Message, Person, Simulator, buttons_of, text_of
from tests.e2e.test_correspondence import jpeg, last_alert, send_chat_notices, with_button

SOFIA, ANDRES, CARLA, PABLO, VALENTINA, TOMAS = 1001, 1002, 1003, 1005, 1006, 1007


async def call(sim: Simulator, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    url = f"{sim.root}/sandbox/api/{path}"
    async with sim.session.request(method, url, json=body) as response:
        return response.status, await response.json()


async def write_entry(
    carla: Person, text: str, *, category: str = "Seguridad", alta: bool = False
) -> Message:
    """/novedad → category → text → (Alta) → Guardar; returns the "guardada" message."""
    asked = await carla.send("/novedad")
    ask_text = await carla.click(with_button(asked, category), category)
    card = with_button(await carla.send(text), t.BUTTON_SAVE)
    if alta:
        card = with_button(await carla.click(card, t.BUTTON_ALTA), t.BUTTON_SAVE)
        assert "Prioridad: 🚨 Alta" in card["text"]
    assert ask_text
    done = await carla.click(card, t.BUTTON_SAVE)
    assert "guardada en el libro" in text_of(done)
    return done[-1]


async def test_a_seguridad_entry_with_a_photo_takes_four_interactions(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    carla = sim.person(CARLA)
    asked = await carla.send("/novedad")  # 1
    assert "¿De qué categoría?" in text_of(asked)
    assert buttons_of(asked[-1]) == [
        "Administrativa",
        "Copropietarios",
        "Seguridad",
        "Mantención",
        texts.BUTTON_CANCEL,
    ]
    ask_text = await carla.click(asked[-1], "Seguridad")  # 2
    assert "envía una foto" in text_of(ask_text)
    card = await carla.send_file(  # 3
        "photo", jpeg(), "puerta.jpg", caption="Puerta de la bodega forzada"
    )
    ready = with_button(card, t.BUTTON_SAVE)
    assert "Listo para guardar" in ready["text"]
    assert "Categoría: Seguridad" in ready["text"]
    assert "Fotos: 1" in ready["text"]
    done = await carla.click(ready, t.BUTTON_SAVE)  # 4
    assert "Novedad <b>#1</b>" in done[-1]["text"] or "Novedad #1" in text_of(done)
    entry = await LogbookEntry.get(sequence=1, community__name=LOS_AROMOS)
    assert entry.category_name == "Seguridad"
    assert entry.text == "Puerta de la bodega forzada"
    assert len(entry.photos) == 1
    assert entry.author_label == "Carla Conserje"
    assert entry.priority is Priority.NORMAL

    # Everyone sees it in /novedades, and its photo comes on demand.
    listed = (await carla.send("/novedades"))[-1]
    assert "Puerta de la bodega forzada" in listed["text"]
    assert "📷 1 foto(s)" in listed["text"]
    photos = await carla.click(listed, t.BUTTON_PHOTOS.format(numero=1))
    assert any(m.get("photo") for m in photos)
    assert "#1 · foto 1 de 1" in text_of(photos)


async def test_alta_reaches_the_administrator_at_once_and_he_finds_it_by_text(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    _, app = emulator_and_app
    carla = sim.person(CARLA)
    await write_entry(carla, "Portón de acceso no cierra", alta=True)
    await write_entry(carla, "Ronda sin novedad", category="Mantención")
    # Written in the same transaction as the entry: one per reviewer linked to Telegram.
    recipients = await OutboxMessage.filter(template=LOGBOOK_ALTA).values_list(
        "recipient", flat=True
    )
    assert sorted(recipients) == sorted([str(SOFIA), str(ANDRES), str(PABLO)])
    before = len(await sim.messages(ANDRES))
    await send_chat_notices(app)
    await sim.settle()
    (notice,) = [m for m in (await sim.messages(ANDRES))[before:] if "prioridad alta" in m["text"]]
    assert "Portón de acceso no cierra" in notice["text"]
    assert "Carla Conserje" in notice["text"]
    assert not [m for m in await sim.messages(CARLA) if "prioridad alta" in (m["text"] or "")]

    andres = sim.person(ANDRES)
    found = (await andres.send("/novedades porton"))[-1]  # no accent, any case
    assert "«porton» · 1 novedad(es)" in found["text"]
    assert "Portón de acceso no cierra" in found["text"]
    assert "Ronda sin novedad" not in found["text"]
    only_alta = (await andres.send("/novedades alta #Seguridad"))[-1]
    assert "prioridad alta · categoría Seguridad · 1 novedad(es)" in only_alta["text"]
    assert "Ronda" not in only_alta["text"]
    bad = await andres.send("/novedades desde 32-13-2026")
    assert "No entendí la fecha «32-13-2026»" in text_of(bad)
    # A concierge gets the last 48 hours instead, and is told why.
    concierge = await carla.send("/novedades porton")
    assert t.SEARCH_ONLY_ADMINS in text_of(concierge)
    assert t.BUTTON_SEARCH not in buttons_of(concierge[-1])
    assert t.BUTTON_SEARCH in buttons_of((await andres.send("/novedades"))[-1])


async def test_a_correction_shows_on_both_entries(sim: Simulator) -> None:
    carla = sim.person(CARLA)
    await write_entry(carla, "Filtración en el Depto 110")
    listed = (await carla.send("/novedades"))[-1]
    ask = await carla.click(listed, t.BUTTON_FIX.format(numero=1))
    assert "Corrige la #1" in text_of(ask)
    card = with_button(await carla.send("Era el Depto 101, no el 110"), t.BUTTON_SAVE)
    assert "Corrige la #1" in card["text"]
    await carla.click(card, t.BUTTON_SAVE)
    listed = (await carla.send("/novedades"))[-1]["text"]
    assert "↪️ Corrige la #1" in listed
    assert "⚠️ Corregida por la #2" in listed
    assert await LogbookEntry.filter(text="Filtración en el Depto 110").count() == 1


async def test_optional_property_more_photos_and_a_very_long_text(sim: Simulator) -> None:
    carla = sim.person(CARLA)
    asked = await carla.send("/novedad")
    await carla.click(asked[-1], "Copropietarios")
    # A sticker, voice note or file is not text: a hint, nothing saved.
    hint = await carla.send_file("document", b"%PDF-1.4", "nota.pdf")
    assert t.EXPECTED_TEXT in text_of(hint)
    card = with_button(await carla.send("x" * 4000), t.BUTTON_SAVE)
    assert "tenía 4000 caracteres: se guardarán los primeros 3500" in card["text"]
    card = with_button(await carla.send("y" * 4000), t.BUTTON_SAVE)
    card = with_button(await carla.send("z" * 2500), t.BUTTON_SAVE)  # 10,500 typed in all
    assert f"se guardarán los primeros {MAX_TEXT}" in card["text"]
    card = with_button(await carla.send_file("photo", jpeg(), "a.jpg"), t.BUTTON_SAVE)
    assert "Fotos: 1" in card["text"]
    ask = await carla.click(card, t.BUTTON_PROPERTY)
    assert t.ASK_PROPERTY in text_of(ask)
    card = with_button(await carla.send("101"), t.BUTTON_SAVE)
    assert "Inmueble: Depto 101" in card["text"]
    done = await carla.click(card, t.BUTTON_SAVE)
    assert "cortado a 3500" in text_of(done)
    entry = await LogbookEntry.get(category_name="Copropietarios")
    assert len(entry.text) == MAX_TEXT
    assert entry.property_name == "Depto 101"
    assert len(entry.photos) == 1


async def test_refusals_test_user_deactivated_category_and_forged_buttons(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    emulator, _ = emulator_and_app
    # A test user may read, never write.
    pablo = sim.person(PABLO)
    assert texts.DENIALS[Denial.READ_ONLY] in text_of(await pablo.send("/novedad"))
    assert texts.DENIALS[Denial.READ_ONLY] in text_of(await pablo.send("/turno"))

    carla = sim.person(CARLA)
    await write_entry(carla, "Primera")
    aromos = await Community.get(name=LOS_AROMOS)
    cordillera = await Community.get(name=VISTA_CORDILLERA)
    foreign = (await categories(cordillera.id))[0]

    # A category deactivated while the card waited.
    asked = await carla.send("/novedad")
    await carla.click(asked[-1], "Mantención")
    card = with_button(await carla.send("Ampolleta quemada"), t.BUTTON_SAVE)
    await LogbookCategory.filter(community_id=aromos.id, name="Mantención").update(active=False)
    refused = await carla.click(card, t.BUTTON_SAVE)
    assert "«Mantención» fue desactivada" in text_of(refused)
    assert not await LogbookEntry.filter(text="Ampolleta quemada").exists()
    assert "Mantención" not in buttons_of((await carla.send("/novedad"))[-1])

    # A forged category of another community.
    asked = (await carla.send("/novedad"))[-1]
    emulator.forge_click(CARLA, asked["message_id"], f"nov:c:{foreign.id}")
    await sim.settle()
    assert last_alert(emulator, CARLA) == t.REFUSALS["category_not_found"]

    # Valentina (Vista Cordillera) forges buttons naming Los Aromos' entry.
    entry = await LogbookEntry.get(community_id=aromos.id, sequence=1)
    valentina = sim.person(VALENTINA)
    shown = (await valentina.send("/novedades"))[-1]
    emulator.forge_click(VALENTINA, shown["message_id"], f"novl:ph:{entry.id}")
    await sim.settle()
    assert last_alert(emulator, VALENTINA) == texts.DENIALS[Denial.SCOPE]
    emulator.forge_click(VALENTINA, shown["message_id"], f"nov:fix:{entry.id}")
    await sim.settle()
    assert last_alert(emulator, VALENTINA) == t.REFUSALS["entry_not_found"]
    # A forged property of another community on the card.
    asked = await carla.send("/novedad")
    await carla.click(asked[-1], "Seguridad")
    card = with_button(await carla.send("Visita sospechosa"), t.BUTTON_SAVE)
    elsewhere = await Property.filter(community_id=cordillera.id).first()
    assert elsewhere is not None
    ask = (await carla.click(card, t.BUTTON_PROPERTY))[-1]
    emulator.forge_click(CARLA, ask["message_id"], f"nov:pp:{elsewhere.id}")
    await sim.settle()
    assert last_alert(emulator, CARLA) == texts.PROPERTY_GONE
    await carla.send("/cancel")
    # An administrator of Los Aromos forging a category button of Vista Cordillera.
    andres = sim.person(ANDRES)
    shown = (await andres.send("/novedades"))[-1]
    emulator.forge_click(ANDRES, shown["message_id"], f"novl:ct:{foreign.id}")
    await sim.settle()
    assert last_alert(emulator, ANDRES) == texts.DENIALS[Denial.SCOPE]
    assert (await LogbookCategory.get(id=foreign.id)).active
    # A concierge forging the administrators' buttons.
    listed = (await carla.send("/novedades"))[-1]
    emulator.forge_click(CARLA, listed["message_id"], "novl:chain")
    await sim.settle()
    assert last_alert(emulator, CARLA) == texts.DENIALS[Denial.PROFILE]
    assert await LogbookEntry.filter(community_id=aromos.id).count() == 1


async def test_administrator_configures_categories_and_sees_the_chain(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    await write_entry(sim.person(CARLA), "Algo")
    listed = (await andres.send("/novedades"))[-1]
    config = (await andres.click(listed, t.BUTTON_CONFIG))[-1]
    assert "✅ Seguridad" in buttons_of(config)
    ask = await andres.click(config, t.BUTTON_ADD_CATEGORY)
    assert "nombre de la nueva categoría" in text_of(ask)
    added = await andres.send("Estacionamientos")
    assert "Categoría «Estacionamientos» agregada" in text_of(added)
    config = with_button(added, "✅ Estacionamientos")
    config = (await andres.click(config, "✅ Copropietarios"))[-1]
    assert "⏸ Copropietarios" in buttons_of(config)
    rename = await andres.click(config, "✏️ Estacionamientos")
    assert "nuevo nombre" in text_of(rename)
    taken = await andres.send("seguridad")  # taken: said, and asked again
    assert "Ya hay una categoría «seguridad»" in text_of(taken)
    renamed = await andres.send("Estacionamiento de visitas")
    assert "renombrada" in text_of(renamed)
    names = [b for b in buttons_of((await sim.person(CARLA).send("/novedad"))[-1])]
    assert "Estacionamiento de visitas" in names
    assert "Copropietarios" not in names

    chain = await andres.click((await andres.send("/novedades"))[-1], t.BUTTON_CHAIN)
    assert "✅ Íntegra: 1 novedad(es)" in text_of(chain)
    entry = await LogbookEntry.get(sequence=1, community__name=LOS_AROMOS)
    await LogbookEntry.filter(id=entry.id).update(text="Nada")
    chain = await andres.click((await andres.send("/novedades"))[-1], t.BUTTON_CHAIN)
    assert "❌ Rota en la #1" in text_of(chain)


async def test_handover_is_pending_for_the_next_concierge_until_received(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    emulator, _ = emulator_and_app
    carla = sim.person(CARLA)
    await write_entry(carla, "Corte de agua programado", alta=True)
    card = (await carla.send("/turno"))[-1]
    assert "Entrega de turno" in card["text"]
    assert "Novedades de prioridad alta: #1" in card["text"]
    card = with_button(
        await carla.send("Llaves de la sala de basura en el cajón"), t.BUTTON_HAND_OVER
    )
    assert "Nota: Llaves de la sala de basura" in card["text"]
    done = await carla.click(card, t.BUTTON_HAND_OVER)
    assert "Turno entregado" in text_of(done)
    handover = await ShiftHandover.get()

    # Not for the one who handed it over.
    assert "Turno pendiente de recibir" not in text_of(await carla.send("/start"))
    emulator.forge_click(CARLA, done[-1]["message_id"], f"novl:rcv:{handover.id}")
    await sim.settle()
    assert last_alert(emulator, CARLA) == t.REFUSALS["own_handover"]

    # The administrator sees it not received.
    andres = sim.person(ANDRES)
    unreceived = await andres.click((await andres.send("/novedades"))[-1], t.BUTTON_UNRECEIVED)
    assert "Turnos sin recibir — Edificio Los Aromos: 1" in text_of(unreceived)

    tomas = sim.person(TOMAS)
    greeting = await tomas.send("/start")
    pending = with_button(greeting, t.BUTTON_RECEIVE)
    assert "Turno pendiente de recibir" in pending["text"]
    assert "Carla Conserje" in pending["text"]
    assert "Llaves de la sala de basura" in pending["text"]
    received = await tomas.click(pending, t.BUTTON_RECEIVE)
    assert "Recibiste el turno de Carla Conserje" in text_of(received)
    await handover.refresh_from_db()
    assert handover.received_label == "Tomás Turno"
    assert handover.received_at is not None
    assert "Turno pendiente de recibir" not in text_of(await tomas.send("/start"))
    emulator.forge_click(TOMAS, pending["message_id"], f"novl:rcv:{handover.id}")
    await sim.settle()
    assert last_alert(emulator, TOMAS) == "Ese turno ya fue recibido por Tomás Turno."
    unreceived = await andres.click((await andres.send("/novedades"))[-1], t.BUTTON_UNRECEIVED)
    assert t.UNRECEIVED_EMPTY.strip() in text_of(unreceived)


async def test_daily_digest_job_sends_one_email_and_one_chat_to_the_administrator(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    _, app = emulator_and_app
    status, body = await call(sim, "POST", "run_job", {"name": "daily_digest"})
    assert (status, body) == (200, {"ran": "daily_digest"})
    assert not await OutboxMessage.filter(template=LOGBOOK_DIGEST).exists()  # nothing written

    carla = sim.person(CARLA)
    await write_entry(carla, "Portón trabado", alta=True)
    await write_entry(carla, "Ampolleta del hall", category="Mantención")
    await call(sim, "POST", "clock", {"advance_seconds": 3600})
    await call(sim, "POST", "run_job", {"name": "daily_digest"})
    await call(sim, "POST", "run_job", {"name": "daily_digest"})  # the same day: nothing new

    mails = [
        m
        for m in await sim.emails()
        if m["to"] == "andres@example.com" and "Libro de novedades" in str(m["subject"])
    ]
    assert len(mails) == 1
    assert "Edificio Los Aromos" in mails[0]["subject"]
    assert "Prioridad alta · Seguridad" in mails[0]["text"]
    assert "Portón trabado" in mails[0]["text"]
    cordillera = await Community.get(name=VISTA_CORDILLERA)
    assert not await OutboxMessage.filter(
        template=LOGBOOK_DIGEST, community_id=cordillera.id
    ).exists()
    assert (
        await OutboxMessage.filter(
            template=LOGBOOK_DIGEST, channel=Channel.CHAT, recipient=str(ANDRES)
        ).count()
        == 1
    )

    before = len(await sim.messages(ANDRES))
    await send_chat_notices(app)
    await sim.settle()
    digests = [
        m for m in (await sim.messages(ANDRES))[before:] if "Resumen del libro" in m["text"]
    ]
    assert len(digests) == 1
    assert "Ampolleta del hall" in digests[0]["text"]


async def test_five_hundred_entries_in_48_hours_page(sim: Simulator) -> None:
    carla = sim.person(CARLA)
    await write_entry(carla, "Novedad inicial")
    aromos = await Community.get(name=LOS_AROMOS)
    category = (await categories(aromos.id))[0]
    from models.core import StaffUser
    from models.logbook import write_entry as domain_write

    staff = await StaffUser.get(telegram_id=CARLA)
    for n in range(499):
        await domain_write(staff, aromos.id, category.id, f"Ronda {n}")
    listed = (await carla.send("/novedades"))[-1]
    assert "500 novedad(es)" in listed["text"]
    assert "Página 1 de 100" in listed["text"]
    assert "Ronda 498" in listed["text"]
    assert len(listed["text"]) < 4096
    last = listed
    for _ in range(2):
        last = (await carla.click(last, texts.BUTTON_NEXT))[-1]
    assert "Página 3 de 100" in last["text"]
