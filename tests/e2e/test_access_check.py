"""The concierge's access check and the visit log through the sandbox (issue 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.demo import LOS_AROMOS, VISTA_CORDILLERA
from handlers import texts
from handlers.texts import access as t
from models.access import AccessEntry, ListStatus, ListType, Visit, add_entry, register_visit
from models.clock import FrozenClock
from models.core import AuditLog, Community, Property, StaffUser
from models.documents import RUT_EXAMPLE, DocumentType
from models.permissions import Denial
from tests.chat import Message, buttons_of, text_of
from tests.e2e.test_access_lists import (
    ANDRES,
    CANONICAL,
    CARLA,
    DENIED,
    PABLO,
    RODRIGO,
    RUT,
    SOFIA,
    VALENTINA,
    add_access,
    alert,
    depto,
    fill_add,
    forge,
    plain,
    press,
    with_button,
)


async def check(person, text: str) -> Message:
    """Type a document outside any flow; the bot's verdict (the message with its buttons)."""
    return with_button(await person.send(text), t.BUTTON_REGISTER)


async def listed(
    name: str, kind: ListType, number: str = RUT, person: str = "Juana Pérez"
) -> None:
    andres = await StaffUser.get(telegram_id=ANDRES)
    await add_entry((await depto(name)).id, kind, DocumentType.RUT, number, person, andres)


async def test_done_when_story(sim) -> None:
    """1002 lists Juana; 1003 checks her ✅ and registers her; 1002 moves her; 1003 sees ⛔."""
    andres, carla = sim.person(ANDRES), sim.person(CARLA)
    await add_access(andres)

    verdict = await check(carla, "12345678-5")
    shown = plain(text_of([verdict]))
    assert "✅ Autorizado en:" in shown
    assert "• Depto 101 — Juana Pérez" in shown
    assert "⛔" not in shown
    assert buttons_of(verdict) == [t.BUTTON_REGISTER, t.BUTTON_SKIP]
    done = plain(text_of(await carla.click(verdict, t.BUTTON_REGISTER)))
    assert "✅ Registrado a las" in done
    assert "Juana Pérez" in done
    assert "Depto 101, ingresó" in done
    visit = await Visit.get(doc_number=CANONICAL)
    assert visit.entered is True
    assert visit.list_status is ListStatus.AUTHORIZED
    assert visit.property_id == (await depto()).id
    assert visit.concierge_id == (await StaffUser.get(telegram_id=CARLA)).id
    log = plain(text_of(await carla.send("/visitas")))
    assert "Ingresos de hoy" in log
    assert f"Juana Pérez · RUT {RUT}" in log
    assert "Depto 101 · ✅ ingresó (autorizado) · Carla Conserje" in log

    said = await fill_add(andres, kind=DENIED)
    assert "ya está en la lista Autorizado" in plain(text_of([said]))
    await andres.click(said, "Mover a No autorizado")
    verdict = plain(text_of([await check(carla, "12345678-5")]))
    assert "⛔ No autorizado en:" in verdict
    assert "• Depto 101 — Juana Pérez" in verdict
    assert "✅" not in verdict
    entries = await AccessEntry.filter(property_id=(await depto()).id, doc_number=CANONICAL)
    assert [e.list_type for e in entries] == [ListType.DENIED]


async def test_a_wrong_check_digit_is_refused_with_the_format_and_an_example(sim) -> None:
    carla = sim.person(CARLA)
    for attempt in ("12.345.678-9", "/acceso 12.345.678-9", "123456789"):
        replies = await carla.send(attempt)
        said = plain(text_of(replies))
        assert "no es un RUT válido" in said, attempt
        assert RUT_EXAMPLE in said
        assert not any(buttons_of(m) for m in replies)
    assert await Visit.all().count() == 0


async def test_acceso_asks_for_the_document_and_repeats_on_bad_input(sim) -> None:
    carla = sim.person(CARLA)
    asked = text_of(await carla.send("/acceso"))
    assert asked == plain(t.ASK_DOCUMENT)
    assert "Envía el RUT o número de documento" in asked
    assert text_of(await carla.send("hola")) == plain(t.NOT_A_DOCUMENT)
    photo = await carla.send_file("photo", b"\xff\xd8\xff", "carnet.jpg")
    assert text_of(photo) == t.EXPECTED_DOCUMENT_TEXT
    verdict = plain(text_of(await carla.send("12.345.678-5")))
    assert t.CHECK_UNLISTED in verdict
    assert LOS_AROMOS in verdict
    # The question was answered: ordinary words are back to the general hint.
    assert text_of(await carla.send("hola")) == texts.FREE_TEXT_HINT


async def test_ordinary_words_fall_through_to_the_hint(sim) -> None:
    carla = sim.person(CARLA)
    for words in ("hola", "buenas tardes", "gracias!", "101", "+56 9 6123 4567"):
        assert text_of(await carla.send(words)) == texts.FREE_TEXT_HINT, words


async def test_acceso_with_the_number_checks_at_once(sim) -> None:
    await listed("Depto 103", ListType.AUTHORIZED)
    verdict = plain(text_of(await sim.person(CARLA).send(f"/acceso {RUT}")))
    assert "• Depto 103 — Juana Pérez" in verdict


async def test_unlisted_visitor_gets_property_and_decision(sim) -> None:
    carla = sim.person(CARLA)
    verdict = await check(carla, "AB123456")
    assert t.CHECK_UNLISTED in text_of([verdict])
    assert "Pasaporte AB123456" in plain(text_of([verdict]))
    picker = (await carla.click(verdict, t.BUTTON_REGISTER))[-1]
    assert "Depto 101" in buttons_of(picker)
    assert plain(t.PICK_NONE.format(busqueda="999")) == text_of(await carla.send("999"))
    ask = (await carla.send("105"))[-1]
    assert "Depto 105" in plain(text_of([ask]))
    assert "en ninguna lista" in plain(text_of([ask]))
    assert buttons_of(ask)[:2] == [t.BUTTON_ENTERED, t.BUTTON_NOT_ENTERED]
    name = (await carla.click(ask, t.BUTTON_NOT_ENTERED))[-1]
    # In no list: the bot asks the visitor's name once, so the log does not say "sin nombre".
    assert "¿Cómo se llama?" in name["text"]
    assert buttons_of(name) == [t.BUTTON_NO_NAME]
    done = plain(text_of(await carla.send("Juan Soto")))
    assert "no ingresó" in done
    visit = await Visit.get(doc_number="AB123456")
    assert visit.doc_type is DocumentType.PASSPORT
    assert visit.entered is False
    assert visit.full_name == "Juan Soto"
    assert visit.list_status is ListStatus.UNLISTED
    assert visit.property_id == (await depto("Depto 105")).id
    assert await AuditLog.filter(action="visit.register", object_id=str(visit.id)).count() == 1
    log = plain(text_of(await carla.send("/visitas")))
    assert "Juan Soto · Pasaporte AB123456" in log
    assert "Depto 105 · ⛔ no ingresó (en ninguna lista)" in log


async def test_an_unlisted_visitor_may_still_go_without_a_name(sim) -> None:
    carla = sim.person(CARLA)
    verdict = await check(carla, "AB123456")
    await carla.click(verdict, t.BUTTON_REGISTER)
    ask = (await carla.send("105"))[-1]
    name = (await carla.click(ask, t.BUTTON_ENTERED))[-1]
    await carla.click(name, t.BUTTON_NO_NAME)
    visit = await Visit.get(doc_number="AB123456")
    assert visit.entered is True
    assert visit.full_name == ""
    assert "sin nombre · Pasaporte AB123456" in plain(text_of(await carla.send("/visitas")))


async def test_several_properties_choose_one_and_the_decision(sim) -> None:
    await listed("Depto 101", ListType.AUTHORIZED)
    await listed("Depto 102", ListType.DENIED)
    carla = sim.person(CARLA)
    verdict = await check(carla, "123456785")
    shown = plain(text_of([verdict]))
    assert "✅ Autorizado en:\n• Depto 101 — Juana Pérez" in shown
    assert "⛔ No autorizado en:\n• Depto 102 — Juana Pérez" in shown
    choose = (await carla.click(verdict, t.BUTTON_REGISTER))[-1]
    assert buttons_of(choose) == ["✅ Depto 101", "⛔ Depto 102", texts.BUTTON_CANCEL]
    # The verdict stays on screen, without its buttons.
    first = next(m for m in await sim.messages(CARLA) if m["message_id"] == verdict["message_id"])
    assert "Depto 102" in plain(first["text"])
    assert not first["buttons"]
    ask = (await carla.click(choose, "⛔ Depto 102"))[-1]
    assert "no autorizado" in plain(text_of([ask]))
    await carla.click(ask, t.BUTTON_ENTERED)
    visit = await Visit.get(doc_number=CANONICAL)
    assert visit.property_id == (await depto("Depto 102")).id
    assert visit.list_status is ListStatus.DENIED
    assert visit.entered is True
    assert visit.full_name == "Juana Pérez"


async def test_no_registrar_and_cancel_write_nothing(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    carla = sim.person(CARLA)
    verdict = await check(carla, RUT)
    answer = await press(sim, emulator, carla, verdict, t.BUTTON_SKIP)
    assert answer == {"text": t.SKIPPED, "show_alert": False}
    after = next(m for m in await sim.messages(CARLA) if m["message_id"] == verdict["message_id"])
    assert not after["buttons"]
    picker = (await carla.click(await check(carla, RUT), t.BUTTON_REGISTER))[-1]
    assert text_of(await carla.click(picker, texts.BUTTON_CANCEL)) == texts.CANCELLED
    verdict = await check(carla, RUT)
    await carla.click(verdict, t.BUTTON_REGISTER)
    assert text_of(await carla.send("/cancel")) == texts.CANCELLED
    assert await Visit.all().count() == 0


async def test_test_user_checks_but_cannot_register(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    await listed("Depto 101", ListType.AUTHORIZED)
    pablo = sim.person(PABLO)
    (verdict,) = await pablo.send(RUT)
    assert "Juana Pérez" in text_of([verdict])
    # The verdict offers no register buttons (issue 12, item 19)…
    assert buttons_of(verdict) == []
    assert t.CHECK_READ_ONLY in verdict["text"]
    # …and the register button of this check, forged, is still refused.
    answer = await forge(sim, emulator, PABLO, verdict, "acc:reg:1")
    assert answer == alert(texts.DENIALS[Denial.READ_ONLY])
    assert await Visit.all().count() == 0


async def test_residents_and_people_without_a_community_are_refused(sim) -> None:
    rodrigo = sim.person(RODRIGO)
    assert text_of(await rodrigo.send("/acceso")) == texts.DENIALS[Denial.PROFILE]
    assert text_of(await rodrigo.send(RUT)) == texts.DENIALS[Denial.PROFILE]
    assert text_of(await rodrigo.send("/visitas")) == texts.DENIALS[Denial.PROFILE]
    sofia = sim.person(SOFIA)  # two communities, none chosen yet
    assert text_of(await sofia.send(RUT)) == texts.DENIALS[Denial.NO_COMMUNITY]
    assert await Visit.all().count() == 0


async def test_the_check_answers_for_the_working_community_only(sim) -> None:
    await listed("Depto 101", ListType.AUTHORIZED)
    verdict = plain(text_of(await sim.person(VALENTINA).send(RUT)))
    assert VISTA_CORDILLERA in verdict
    assert t.CHECK_UNLISTED in verdict
    assert "Depto 101" not in verdict


async def test_a_forged_property_of_another_community_is_refused(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    casa = await Property.get(community__name=VISTA_CORDILLERA, name="Casa 1")
    carla = sim.person(CARLA)
    picker = (await carla.click(await check(carla, RUT), t.BUTTON_REGISTER))[-1]
    answer = await forge(sim, emulator, CARLA, picker, f"acc:vp:{casa.id}")
    assert answer == alert(t.VISIT_PROPERTY_NOT_HERE)
    assert await Visit.all().count() == 0
    # Still choosing: a real property of Los Aromos goes on.
    ask = (await carla.click(picker, "Depto 101"))[-1]
    assert t.BUTTON_ENTERED in buttons_of(ask)


async def test_visitas_shows_today_only_in_pages(sim) -> None:
    aromos = await Community.get(name=LOS_AROMOS)
    prop = await depto()
    carla_user = await StaffUser.get(telegram_id=CARLA)
    now = datetime.now(UTC)
    await register_visit(
        aromos.id,
        property_id=prop.id,
        doc_type=DocumentType.PASSPORT,
        doc_number="OLD12345",
        full_name="Ayer Pasado",
        list_status=ListStatus.UNLISTED,
        entered=True,
        concierge=carla_user,
        clock=FrozenClock(now - timedelta(days=2)),
    )
    for n in range(12):
        await register_visit(
            aromos.id,
            property_id=prop.id,
            doc_type=DocumentType.PASSPORT,
            doc_number=f"AB{n:06d}",
            full_name=f"Visita {chr(65 + n)}",
            list_status=ListStatus.UNLISTED,
            entered=True,
            concierge=carla_user,
        )
    carla = sim.person(CARLA)
    first = (await carla.send("/visitas"))[-1]
    text = plain(text_of([first]))
    assert "12 registro(s) · página 1 de 2" in text
    assert "Visita L" in text  # newest first
    assert "Ayer Pasado" not in text
    second = plain(text_of(await carla.click(first, texts.BUTTON_NEXT)))
    assert "página 2 de 2" in second
    assert "Visita A" in second
    # Another community's log is its own.
    empty = text_of(await sim.person(VALENTINA).send("/visitas"))
    assert "no hay ingresos registrados" in empty


async def test_a_rut_typed_in_the_middle_of_a_step_is_checked(sim) -> None:
    await listed("Depto 101", ListType.AUTHORIZED)
    carla = sim.person(CARLA)
    # Choosing the property of an unlisted visitor, the next visitor shows a RUT.
    await carla.click(await check(carla, "AB123456"), t.BUTTON_REGISTER)
    verdict = await check(carla, "12345678-5")
    assert "• Depto 101 — Juana Pérez" in plain(text_of([verdict]))
    assert await Visit.all().count() == 0
    # The same while an administrator is choosing a property in /listas.
    andres = sim.person(ANDRES)
    await andres.send("/listas")
    assert "• Depto 101 — Juana Pérez" in plain(text_of(await andres.send(RUT)))
    assert text_of(await andres.send("101")) == texts.FREE_TEXT_HINT
