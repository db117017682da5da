"""Meter readings through the sandbox: a round of agua fría, a refused lower value, a confirmed
jump, a round resumed after an interruption, the month's XLSX, and every bad input."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import aiohttp
from openpyxl import load_workbook

from bot.db import database
from bot.demo import LOS_AROMOS, VISTA_CORDILLERA
from bot.sandbox_app import sandbox
from handlers import texts
from handlers.meters import period_label
from handlers.texts import meters as t
from models import meters as domain
from models.clock import Clock
from models.core import AuditLog, Community, Property, StaffUser
from models.identity import identities_changed
from models.local_time import add_months
from models.meters import Meter, MeterKind, MeterReading
from models.permissions import Denial
from tests.chat import Message, Person, Simulator, buttons_of, text_of
from tests.dbutil import settings_for
from tests.e2e.test_access_lists import forge, plain, with_button
from tests.e2e.test_correspondence import jpeg

ANDRES, CARLA, PABLO, TOMAS = 1002, 1003, 1005, 1007
COLD = t.BUTTON_KIND.format(icono=t.KIND_ICONS[MeterKind.COLD_WATER], tipo="agua fría")


def clock_of(emulator_and_app: Any) -> Clock:
    clock: Clock = emulator_and_app[1].bot_data.deps.clock
    return clock


async def setup_meters(emulator_and_app: Any) -> dict[str, Meter]:
    """Los Aromos gets agua fría for Depto 101–110; Depto 103 was read last month at 500 and
    Depto 108 has six months of ~10 m³ (a jump is anything over 30)."""
    clock = clock_of(emulator_and_app)
    aromos = await Community.get(name=LOS_AROMOS)
    andres = await StaffUser.get(telegram_id=ANDRES)
    await domain.create_meters(andres, aromos.id, MeterKind.COLD_WATER)
    meters = {
        m.property.name: m
        for m in await Meter.filter(community_id=aromos.id).select_related("property")
        if m.property is not None
    }
    now = clock.now()
    month_start = now.astimezone(clock.zone).replace(day=5, hour=10, minute=0)
    await domain.record_reading(
        andres,
        aromos.id,
        meters["Depto 103"].id,
        "500",
        read_at=add_months_dt(month_start, -1),
        clock=clock,
    )
    for k, value in enumerate(("100", "110", "121", "130", "140", "150", "160")):
        await domain.record_reading(
            andres,
            aromos.id,
            meters["Depto 108"].id,
            value,
            read_at=add_months_dt(month_start, k - 7),
            clock=clock,
        )
    return meters


def add_months_dt(instant: Any, months: int) -> Any:
    moved = add_months(instant.date(), months)
    return instant.replace(year=moved.year, month=moved.month, day=moved.day)


def prompt_of(messages: list[Message]) -> Message:
    return with_button(messages, t.BUTTON_SKIP)


async def open_round(person: Person) -> list[Message]:
    menu = await person.send("/lecturas")
    return await person.click(with_button(menu, COLD), COLD)


async def test_1003_reads_agua_fria_for_101_to_110_and_1002_exports_exactly_those(
    sim: Simulator, emulator_and_app: Any
) -> None:
    meters = await setup_meters(emulator_and_app)
    carla = sim.person(CARLA)
    menu = await carla.send("/lecturas")
    assert "agua fría: 0 de 10 leídos" in plain(text_of(menu))
    answer = await carla.click(with_button(menu, COLD), COLD)
    assert "Depto 101 · agua fría · sin lecturas anteriores" in plain(text_of(answer))
    assert "1 de 10" in text_of(answer)

    typed = {"Depto 101": "1.234,5", "Depto 102": "88", "Depto 103": "512,25"}
    answer = await carla.send(typed["Depto 101"])
    assert "✅ Depto 101: 1.234,5 m³." in plain(text_of(answer))
    answer = await carla.send(typed["Depto 102"])
    assert "Depto 103 · agua fría · última 500 m³ el 05-" in plain(text_of(answer))
    # A lower value is refused (the button offers a meter change), then the right one typed.
    refused = await carla.send("499")
    assert plain(t.BELOW_PREVIOUS.split(" es menor")[0].format(valor="499")) in plain(
        text_of(refused)
    )
    assert t.BUTTON_METER_CHANGE in buttons_of(refused[-1])
    answer = await carla.send(typed["Depto 103"])
    assert "✅ Depto 103: 512,25 m³ (consumo 12,25 m³)." in plain(text_of(answer))
    # A photo of the dial with the value as caption.
    answer = await carla.send_file("photo", jpeg(), "dial.jpg", caption="40")
    assert "Depto 105" in text_of(answer)
    typed["Depto 104"] = "40"
    answer = await carla.send("41,5")
    typed["Depto 105"] = "41,5"
    assert "6 de 10" in text_of(answer)

    # Interrupted: another command ends the flow; the round waits in the database.
    await carla.send("/start")
    answer = await open_round(carla)
    assert "Depto 106" in text_of(answer)
    assert "6 de 10" in text_of(answer)

    for name, value in (("Depto 106", "7"), ("Depto 107", "9")):
        await carla.send(value)
        typed[name] = value
    # Depto 108: 160 last month, a median of 10 → 200 is a jump to confirm.
    jump = await carla.send("200")
    assert "más de 3 veces la mediana" in text_of(jump)
    answer = await carla.click(with_button(jump, t.BUTTON_CONFIRM_JUMP), t.BUTTON_CONFIRM_JUMP)
    assert "consumo alto confirmado" in text_of(answer)
    typed["Depto 108"] = "200"
    await carla.send("3")
    typed["Depto 109"] = "3"
    done = await carla.send("4")
    typed["Depto 110"] = "4"
    assert "Ronda de agua fría terminada: 10 de 10" in text_of(done)

    jumped = await MeterReading.get(meter_id=meters["Depto 108"].id, superseded_at=None, value=200)
    assert jumped.jump_confirmed
    photographed = await MeterReading.get(meter_id=meters["Depto 104"].id)
    assert photographed.photo_file_id

    # 1002 exports the month: exactly those ten readings, nobody missing.
    andres = sim.person(ANDRES)
    menu = await andres.send("/lecturas")
    months = await andres.click(with_button(menu, t.BUTTON_EXPORT), t.BUTTON_EXPORT)
    clock = clock_of(emulator_and_app)
    label = period_label(domain.period_of(clock.now(), clock))
    sent = await andres.click(with_button(months, label), label)
    document = next(m for m in sent if m.get("document"))
    assert "10 lecturas, 0 sin lectura" in (document.get("caption") or "")
    async with sim.session.get(sim.root + document["document"]["url"]) as response:
        assert response.status == 200
        data = await response.read()
    book = load_workbook(io.BytesIO(data))
    rows = list(book[t.EXPORT_SHEET].iter_rows(values_only=True))
    assert rows[0] == t.EXPORT_HEADERS
    got = {row[0]: Decimal(str(row[5])) for row in rows[1:]}
    assert got == {name: domain.parse_value(value) for name, value in typed.items()}
    assert [row[0] for row in rows[1:]] == [f"Depto {n}" for n in range(101, 111)]
    flags = {row[0]: row[9] for row in rows[1:]}
    assert flags["Depto 108"] == t.FLAG_LABELS[domain.Flag.JUMP]
    assert all(row[8] == "Carla Conserje" or "Carla" in str(row[8]) for row in rows[1:])
    assert list(book[t.EXPORT_MISSING_SHEET].iter_rows(values_only=True)) == [
        t.EXPORT_MISSING_HEADERS
    ]


async def test_meter_change_saltar_terminar_and_missing_in_export(
    sim: Simulator, emulator_and_app: Any
) -> None:
    meters = await setup_meters(emulator_and_app)
    tomas = sim.person(TOMAS)
    await open_round(tomas)
    await tomas.send("10")  # 101
    answer = await tomas.click(prompt_of(tomas.history), t.BUTTON_SKIP)  # 102 skipped
    assert "Depto 103" in text_of(answer)
    refused = await tomas.send("3")
    change = await tomas.click(with_button(refused, t.BUTTON_METER_CHANGE), t.BUTTON_METER_CHANGE)
    assert "Escribe el motivo" in text_of(change)
    answer = await tomas.send("Medidor nuevo")
    assert "cambio de medidor" in text_of(answer)
    reading = await MeterReading.get(meter_id=meters["Depto 103"].id, value=3)
    assert reading.meter_change
    assert reading.change_reason == "Medidor nuevo"
    stopped = await tomas.click(prompt_of(answer), t.BUTTON_END)
    assert "en pausa en 4 de 10" in text_of(stopped)
    # The other concierge continues the same round where it stopped.
    answer = await open_round(sim.person(CARLA))
    assert "Depto 104" in text_of(answer)

    andres = sim.person(ANDRES)
    menu = await andres.send("/lecturas")
    months = await andres.click(with_button(menu, t.BUTTON_EXPORT), t.BUTTON_EXPORT)
    clock = clock_of(emulator_and_app)
    label = period_label(domain.period_of(clock.now(), clock))
    sent = await andres.click(with_button(months, label), label)
    document = next(m for m in sent if m.get("document"))
    async with sim.session.get(sim.root + document["document"]["url"]) as response:
        book = load_workbook(io.BytesIO(await response.read()))
    missing = [row[0] for row in book[t.EXPORT_MISSING_SHEET].iter_rows(values_only=True)][1:]
    assert missing == ["Depto 102", *(f"Depto {n}" for n in range(104, 111))]


async def test_the_author_corrects_the_previous_reading_within_ten_minutes(
    sim: Simulator, emulator_and_app: Any
) -> None:
    meters = await setup_meters(emulator_and_app)
    carla = sim.person(CARLA)
    await open_round(carla)
    answer = await carla.send("120")
    fix = await carla.click(prompt_of(answer), t.BUTTON_CORRECT)
    assert "Escribe la lectura correcta de Depto 101 (antes: 120 m³)" in text_of(fix)
    answer = await carla.send("12")
    assert "Corregida: Depto 101 ahora 12 m³" in text_of(answer)
    assert "Depto 102" in text_of(answer)
    versions = await MeterReading.filter(meter_id=meters["Depto 101"].id).order_by("id")
    assert [(v.value, v.superseded_at is not None) for v in versions] == [
        (Decimal(120), True),
        (Decimal(12), False),
    ]
    assert await AuditLog.filter(action="meter_reading.correct").count() == 1
    # Eleven minutes later the button no longer works for her.
    await carla.send("5")  # 102
    clock = clock_of(emulator_and_app)
    clock.advance(timedelta(minutes=11))  # type: ignore[attr-defined]
    alert = await press_alert(sim, emulator_and_app, carla, t.BUTTON_CORRECT)
    assert alert == t.REFUSALS[domain.Refusal.CORRECTION_WINDOW]


async def press_alert(sim: Simulator, emulator_and_app: Any, person: Person, label: str) -> str:
    from tests.e2e.test_access_lists import press

    message = with_button(person.history, label)
    answer = await press(sim, emulator_and_app[0], person, message, label)
    return str(answer.get("text") or "")


async def test_bad_input_is_refused_with_a_reason(sim: Simulator, emulator_and_app: Any) -> None:
    await setup_meters(emulator_and_app)
    carla = sim.person(CARLA)
    await open_round(carla)
    for value, expected in (
        ("1,2,3", "«1,2,3» no es una lectura"),
        ("abc", "«abc» no es una lectura"),
        ("-5", "no puede ser negativa"),
        # Telegram delivers at most 4,096 characters; the domain test refuses 10,000.
        ("9" * 4096, "demasiado largo"),
        ("1,23456", "como máximo 3 decimales"),
    ):
        answer = await carla.send(value)
        assert expected in text_of(answer), value
        assert "Depto 102" not in text_of(answer)
    answer = await carla.send_file("photo", jpeg(), "dial.jpg")
    assert text_of(answer) == t.PHOTO_NO_CAPTION
    answer = await carla.send_file("document", b"%PDF-1.4", "lectura.pdf")
    assert text_of(answer) == t.EXPECTED_VALUE
    assert await MeterReading.filter(superseded_at=None).count() == 8  # only the setup's


async def test_forged_buttons_of_another_community_are_refused(
    sim: Simulator, emulator_and_app: Any
) -> None:
    await setup_meters(emulator_and_app)
    emulator = emulator_and_app[0]
    vista = await Community.get(name=VISTA_CORDILLERA)
    sofia = await StaffUser.get(telegram_id=1001)
    await domain.create_meters(sofia, vista.id, MeterKind.COLD_WATER)
    foreign = await Meter.filter(community_id=vista.id).first()
    assert foreign is not None
    clock = clock_of(emulator_and_app)
    reading = await domain.record_reading(sofia, vista.id, foreign.id, "5", clock=clock)

    carla = sim.person(CARLA)
    prompt = prompt_of(await open_round(carla))
    answer = await forge(sim, emulator, CARLA, prompt, f"lec:skip:{foreign.id}")
    assert answer.get("text") == t.NOT_YOUR_TURN
    answer = await forge(sim, emulator, CARLA, prompt, f"lec:fix:{reading.id}")
    assert answer.get("text") == t.REFUSALS[domain.Refusal.READING_NOT_FOUND]
    # The round is still at Depto 101; the value typed goes to Los Aromos' meter.
    answer = await carla.send("15")
    assert "Depto 101: 15 m³" in text_of(answer)
    assert await MeterReading.filter(meter_id=foreign.id).count() == 1


async def test_test_user_may_export_but_not_read_nor_configure(
    sim: Simulator, emulator_and_app: Any
) -> None:
    await setup_meters(emulator_and_app)
    emulator = emulator_and_app[0]
    pablo = sim.person(PABLO)
    menu = await pablo.send("/lecturas")
    labels = buttons_of(menu[-1])
    assert COLD not in labels
    assert t.BUTTON_CONFIGURE not in labels
    assert t.BUTTON_EXPORT in labels
    answer = await forge(sim, emulator, PABLO, menu[-1], "lec:k:agua_fria")
    assert answer.get("text") == texts.DENIALS[Denial.READ_ONLY]
    assert await domain.MeterRound.all().count() == 0
    answer = await forge(sim, emulator, PABLO, menu[-1], "lec:cfg")
    # The draft was dropped by the refusal: any later button is stale.
    assert answer.get("text") in (texts.DENIALS[Denial.READ_ONLY], texts.STALE_BUTTON)


async def test_an_administrator_configures_meters_by_chat(
    sim: Simulator, emulator_and_app: Any
) -> None:
    andres = sim.person(ANDRES)
    menu = await andres.send("/lecturas")
    assert t.MENU_NONE_ADMIN in text_of(menu)
    config = await andres.click(with_button(menu, t.BUTTON_CONFIGURE), t.BUTTON_CONFIGURE)
    gas = t.BUTTON_KIND.format(icono=t.KIND_ICONS[MeterKind.GAS], tipo="gas")
    scope = await andres.click(with_button(config, gas), gas)
    answer = await andres.click(with_button(scope, t.BUTTON_ALL), t.BUTTON_ALL)
    assert "gas: 10 medidores nuevos (0 ya existían)" in text_of(answer)
    menu = await andres.send("/lecturas")
    config = await andres.click(with_button(menu, t.BUTTON_CONFIGURE), t.BUTTON_CONFIGURE)
    await andres.click(with_button(config, t.BUTTON_COMMON), t.BUTTON_COMMON)
    answer = await andres.send("Agua general")
    assert "Medidor común «Agua general» creado" in text_of(answer)
    aromos = await Community.get(name=LOS_AROMOS)
    assert await Meter.filter(community_id=aromos.id, kind=MeterKind.GAS).count() == 10
    assert await Meter.filter(community_id=aromos.id, name="Agua general").count() == 1
    # A concierge sees no Configurar button, and a forged one is refused.
    carla = sim.person(CARLA)
    menu = await carla.send("/lecturas")
    assert t.BUTTON_CONFIGURE not in buttons_of(menu[-1])
    answer = await forge(sim, emulator_and_app[0], CARLA, menu[-1], "lec:cfg")
    assert answer.get("text") == texts.DENIALS[Denial.PROFILE]


async def test_later_only_an_administrator_corrects_with_a_reason(
    sim: Simulator, emulator_and_app: Any
) -> None:
    meters = await setup_meters(emulator_and_app)
    carla = sim.person(CARLA)
    await open_round(carla)
    await carla.send("120")  # Depto 101
    clock = clock_of(emulator_and_app)
    clock.advance(timedelta(minutes=11))  # type: ignore[attr-defined]

    andres = sim.person(ANDRES)
    menu = await andres.send("/lecturas")
    ask = await andres.click(with_button(menu, t.BUTTON_CORRECT_ANY), t.BUTTON_CORRECT_ANY)
    assert t.ASK_FIX_PROPERTY in text_of(ask)
    assert t.FIX_NONE.format(busqueda="999") in text_of(await andres.send("999"))
    picker = await andres.send("101")
    label = next(b for b in buttons_of(picker[-1]) if b.startswith("Depto 101 · agua fría · 120"))
    asked = await andres.click(picker[-1], label)
    assert "antes: 120 m³" in text_of(asked)
    assert t.ASK_FIX_REASON in text_of(await andres.send("12"))
    done = await andres.send("Foto mal leída")
    assert "Corregida: Depto 101 ahora 12 m³" in text_of(done)
    current = await MeterReading.get(meter_id=meters["Depto 101"].id, superseded_at=None)
    assert (current.value, current.correction_reason) == (Decimal(12), "Foto mal leída")
    entry = await AuditLog.get(action="meter_reading.correct")
    assert entry.after is not None
    assert entry.after["correction_reason"] == "Foto mal leída"
    # A concierge has no such button.
    menu = await sim.person(TOMAS).send("/lecturas")
    assert t.BUTTON_CORRECT_ANY not in buttons_of(menu[-1])


async def test_a_round_survives_a_restart(scratch_db_url: str) -> None:
    """Ctrl+C in the middle of a round and start again: the next value typed goes on."""
    settings = settings_for(scratch_db_url)
    for run in ("first", "second"):
        async with (
            database(settings),
            sandbox(settings, port=0) as (emulator, app),
            aiohttp.ClientSession() as session,
        ):
            carla = Simulator(emulator.root_url, session, app=app).person(CARLA)
            if run == "first":
                await setup_meters((emulator, app))
                await open_round(carla)
                await carla.send("10")
                answer = await carla.send("11")
                assert "Depto 103" in text_of(answer)
                continue
            answer = await carla.send("600")
            assert "✅ Depto 103: 600 m³ (consumo 100 m³)." in plain(text_of(answer))
            assert "4 de 10" in text_of(answer)


# --- configuring: chosen properties, serial numbers, deactivation ---------------------------

HOT = t.BUTTON_KIND.format(icono=t.KIND_ICONS[MeterKind.HOT_WATER], tipo="agua caliente")


def toggle(name: str, on: bool = False) -> str:
    return (t.TOGGLE_ON if on else t.TOGGLE_OFF).format(nombre=name)


async def open_configure(person: Person) -> list[Message]:
    menu = await person.send("/lecturas")
    return await person.click(with_button(menu, t.BUTTON_CONFIGURE), t.BUTTON_CONFIGURE)


async def make_test_user(telegram_id: int, flag: bool) -> None:
    await StaffUser.filter(telegram_id=telegram_id).update(is_test_user=flag)
    identities_changed()


async def open_card_of(person: Person, place: str) -> list[Message]:
    """Configurar → Ver medidores → the place's agua fría meter."""
    label = t.METER_BUTTON.format(inmueble=place, tipo="agua fría", estado="")
    listing = await person.click(
        with_button(await open_configure(person), t.BUTTON_METERS), t.BUTTON_METERS
    )
    return await person.click(with_button(listing, label), label)


async def choose_hot_water(person: Person) -> list[Message]:
    config = await open_configure(person)
    scope = await person.click(with_button(config, HOT), HOT)
    return await person.click(with_button(scope, t.BUTTON_CHOOSE), t.BUTTON_CHOOSE)


async def test_an_administrator_adds_a_kind_for_chosen_properties_then_more(
    sim: Simulator, emulator_and_app: Any
) -> None:
    aromos = await Community.get(name=LOS_AROMOS)
    # 10× the usual list: 100 more properties, so the choice pages and is searched.
    for n in range(1, 101):
        await Property.create(community=aromos, name=f"Local {n}")
    andres = sim.person(ANDRES)
    choice = await choose_hot_water(andres)
    assert texts.PAGE_OF.format(pagina=1, paginas=11) in text_of(choice)
    assert toggle("Depto 101") in buttons_of(choice[-1])
    choice = await andres.click(with_button(choice, toggle("Depto 101")), toggle("Depto 101"))
    assert toggle("Depto 101", on=True) in buttons_of(choice[-1])
    assert "(1 elegidos)" in plain(text_of(choice))
    choice = await andres.click(with_button(choice, texts.BUTTON_NEXT), texts.BUTTON_NEXT)
    assert texts.PAGE_OF.format(pagina=2, paginas=11) in text_of(choice)
    # Searched by typing: Local 57 is on a later page.
    choice = await andres.send("local 57")
    assert toggle("Local 57") in buttons_of(choice[-1])
    choice = await andres.click(with_button(choice, toggle("Local 57")), toggle("Local 57"))
    choice = await andres.click(with_button(choice, t.BUTTON_CLEAR_SEARCH), t.BUTTON_CLEAR_SEARCH)
    choice = await andres.click(with_button(choice, toggle("Depto 102")), toggle("Depto 102"))
    # Unticking works too.
    choice = await andres.click(
        with_button(choice, toggle("Depto 102", on=True)), toggle("Depto 102", on=True)
    )
    review = await andres.click(with_button(choice, t.BUTTON_DONE), t.BUTTON_DONE)
    assert "en 2 inmuebles" in plain(text_of(review))
    assert "Depto 101" in text_of(review)
    assert "Local 57" in text_of(review)
    assert await Meter.filter(kind=MeterKind.HOT_WATER).count() == 0  # nothing before Guardar
    answer = await andres.click(with_button(review, t.BUTTON_SAVE), t.BUTTON_SAVE)
    assert "agua caliente: 2 medidores nuevos (0 ya existían)" in text_of(answer)
    first = await Meter.get(kind=MeterKind.HOT_WATER, property__name="Depto 101")

    # Later the same kind for more properties: the existing meter is untouched.
    choice = await choose_hot_water(andres)
    for name in ("Depto 101", "Depto 103"):
        choice = await andres.click(with_button(choice, toggle(name)), toggle(name))
    review = await andres.click(with_button(choice, t.BUTTON_DONE), t.BUTTON_DONE)
    answer = await andres.click(with_button(review, t.BUTTON_SAVE), t.BUTTON_SAVE)
    assert "agua caliente: 1 medidores nuevos (1 ya existían)" in text_of(answer)
    hot = await Meter.filter(kind=MeterKind.HOT_WATER).select_related("property")
    assert sorted(m.property.name for m in hot if m.property) == [
        "Depto 101",
        "Depto 103",
        "Local 57",
    ]
    assert await Meter.filter(id=first.id, active=True).exists()
    # "Listo" with nothing ticked is refused.
    choice = await choose_hot_water(andres)
    answer = await forge(sim, emulator_and_app[0], ANDRES, choice[-1], "lec:cd")
    assert answer.get("text") == t.PICK_ONE_PROPERTY


async def test_an_administrator_sets_a_serial_and_deactivates_a_meter(
    sim: Simulator, emulator_and_app: Any
) -> None:
    meters = await setup_meters(emulator_and_app)
    target = meters["Depto 101"]
    label = t.METER_BUTTON.format(inmueble="Depto 101", tipo="agua fría", estado="")
    andres = sim.person(ANDRES)

    async def open_card() -> list[Message]:
        config = await open_configure(andres)
        listing = await andres.click(with_button(config, t.BUTTON_METERS), t.BUTTON_METERS)
        return await andres.click(with_button(listing, label), label)

    card = await open_card()
    assert t.NO_SERIAL in text_of(card)
    ask = await andres.click(with_button(card, t.BUTTON_SERIAL), t.BUTTON_SERIAL)
    assert "Depto 101" in text_of(ask)
    refused = await andres.send("x" * 51)
    assert text_of(refused) == t.REFUSALS[domain.Refusal.SERIAL_TOO_LONG].format(max=50)
    refused = await andres.send("SN\u200b\x01")
    assert t.REFUSALS[domain.Refusal.SERIAL_NOT_PRINTABLE] in text_of(refused)
    assert (await Meter.get(id=target.id)).serial is None
    answer = await andres.send("  SN   0042 ")
    assert "SN 0042" in text_of(answer)
    assert (await Meter.get(id=target.id)).serial == "SN 0042"
    entry = await AuditLog.get(action="meter.serial")
    assert (entry.before, entry.after) == ({"serial": None}, {"serial": "SN 0042"})
    card = await open_card()
    assert "SN 0042" in text_of(card)
    ask = await andres.click(with_button(card, t.BUTTON_SERIAL), t.BUTTON_SERIAL)
    answer = await andres.click(with_button(ask, t.BUTTON_CLEAR_SERIAL), t.BUTTON_CLEAR_SERIAL)
    assert "quedó sin número de serie" in text_of(answer)
    assert (await Meter.get(id=target.id)).serial is None

    card = await open_card()
    confirm = await andres.click(with_button(card, t.BUTTON_DEACTIVATE), t.BUTTON_DEACTIVATE)
    assert await Meter.filter(id=target.id, active=True).exists()  # not before confirming
    answer = await andres.click(
        with_button(confirm, t.BUTTON_CONFIRM_DEACTIVATE), t.BUTTON_CONFIRM_DEACTIVATE
    )
    assert "desactivado" in text_of(answer)
    assert not (await Meter.get(id=target.id)).active
    assert await AuditLog.filter(action="meter.deactivate", object_id=str(target.id)).exists()
    # Shown as such in Configurar (last, marked), without "Desactivar".
    config = await open_configure(andres)
    listing = await andres.click(with_button(config, t.BUTTON_METERS), t.BUTTON_METERS)
    gone = t.METER_BUTTON.format(
        inmueble="Depto 101", tipo="agua fría", estado=t.METER_INACTIVE_MARK
    )
    assert buttons_of(listing[-1])[9] == gone
    found = await andres.send("103")  # a typed text searches the meters
    assert "Búsqueda: «103» (1 medidores)" in plain(text_of(found))
    assert t.METER_BUTTON.format(inmueble="Depto 103", tipo="agua fría", estado="") in (
        buttons_of(found[-1])
    )
    assert gone not in buttons_of(found[-1])
    card = await andres.click(with_button(listing, gone), gone)
    assert t.STATE_INACTIVE in text_of(card)
    assert t.BUTTON_DEACTIVATE not in buttons_of(card[-1])
    # It leaves the rounds: Carla's starts at Depto 102, of 9.
    answer = await open_round(sim.person(CARLA))
    assert "Depto 102" in text_of(answer)
    assert "1 de 9" in text_of(answer)


async def test_forged_configuration_buttons_are_refused(
    sim: Simulator, emulator_and_app: Any
) -> None:
    meters = await setup_meters(emulator_and_app)
    emulator = emulator_and_app[0]
    vista = await Community.get(name=VISTA_CORDILLERA)
    sofia = await StaffUser.get(telegram_id=1001)
    await domain.create_meters(sofia, vista.id, MeterKind.COLD_WATER)
    foreign = await Meter.filter(community_id=vista.id).first()
    foreign_property = await Property.filter(community_id=vista.id).first()
    assert foreign is not None
    assert foreign_property is not None
    before = await Meter.all().count()

    andres = sim.person(ANDRES)
    choice = await choose_hot_water(andres)
    answer = await forge(sim, emulator, ANDRES, choice[-1], f"lec:ct:{foreign_property.id}")
    assert answer.get("text") == t.PROPERTY_GONE
    answer = await forge(sim, emulator, ANDRES, choice[-1], "lec:ct:abc")
    assert answer.get("text") == t.PROPERTY_GONE
    config = await open_configure(andres)
    listing = await andres.click(with_button(config, t.BUTTON_METERS), t.BUTTON_METERS)
    answer = await forge(sim, emulator, ANDRES, listing[-1], f"lec:mc:{foreign.id}")
    assert answer.get("text") == t.REFUSALS[domain.Refusal.METER_NOT_FOUND]
    assert (await Meter.get(id=foreign.id)).active

    # A concierge and a test user: "Configurar" is refused, and the configuration buttons do
    # nothing outside the configuration (they never reach it).
    for person, denial in ((CARLA, Denial.PROFILE), (PABLO, Denial.READ_ONLY)):
        menu = await sim.person(person).send("/lecturas")
        answer = await forge(sim, emulator, person, menu[-1], "lec:cfg")
        assert answer.get("text") == texts.DENIALS[denial]
        for data in ("lec:ck:gas", "lec:ca", "lec:cm:0", f"lec:mc:{meters['Depto 101'].id}"):
            menu = await sim.person(person).send("/lecturas")
            answer = await forge(sim, emulator, person, menu[-1], data)
            assert answer.get("text") == texts.STALE_BUTTON, data

    # An administrator made a test user in the middle of the configuration: refused there.
    card = await open_card_of(andres, "Depto 101")
    await make_test_user(ANDRES, True)
    answer = await forge(sim, emulator, ANDRES, card[-1], "lec:mdy")
    assert answer.get("text") == texts.DENIALS[Denial.READ_ONLY]
    await make_test_user(ANDRES, False)
    card = await open_card_of(andres, "Depto 101")
    ask = await andres.click(with_button(card, t.BUTTON_SERIAL), t.BUTTON_SERIAL)
    assert t.BUTTON_CLEAR_SERIAL in buttons_of(ask[-1])
    await make_test_user(ANDRES, True)
    answer = await andres.send("SN-1")
    assert text_of(answer) == texts.DENIALS[Denial.READ_ONLY]
    await make_test_user(ANDRES, False)
    scope = await andres.click(with_button(await open_configure(andres), HOT), HOT)
    await make_test_user(ANDRES, True)
    answer = await forge(sim, emulator, ANDRES, scope[-1], "lec:ca")
    assert answer.get("text") == texts.DENIALS[Denial.READ_ONLY]
    await make_test_user(ANDRES, False)
    assert await Meter.all().count() == before
    assert not await Meter.filter(active=False).exists()
    assert not await Meter.exclude(serial=None).exists()
    assert not await AuditLog.filter(action__in=["meter.serial", "meter.deactivate"]).exists()
