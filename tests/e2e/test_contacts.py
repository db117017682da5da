"""/contactos through the sandbox, as the personas (issue 13 item 3 and its "Done when")."""

from __future__ import annotations

from typing import Any

from bot.demo import ADMINISTRATION, DEPTO_101_EMAIL, LOS_AROMOS, VISTA_CORDILLERA
from handlers import texts
from handlers.texts import contacts as t
from models.contacts import ContactErrorReason, associate, create_contact
from models.core import Administration, AuditLog, Community, Contact, StaffUser
from models.permissions import Denial
from tests.chat import Message, Person, Simulator, buttons_of
from tests.e2e.test_correspondence import log_parcel
from tests.e2e.test_users import alert, click, content, forge, send

SOFIA, ANDRES, CARLA, PABLO = 1001, 1002, 1003, 1005
R = ContactErrorReason


def show_button(community: str, on: bool) -> str:
    return t.BUTTON_SHOW.format(marca=t.SHOW_ON if on else t.SHOW_OFF, comunidad=community)


async def open_list(person: Person, expect: str = "Contactos de la administración") -> Message:
    return await send(person, "/contactos", expect)


async def create_by_chat(
    person: Person, name: str, email: str | None, phone: str | None = None
) -> Message:
    """Crear contacto → nombre → correo (or Sin correo) → teléfono (or Sin teléfono) → Guardar."""
    listing = await open_list(person)
    await click(person, listing, t.BUTTON_CREATE, "Escribe el nombre del contacto")
    ask_email = await send(person, name, "del contacto, o toca «Sin correo»")
    if email is None:
        ask_phone = await click(person, ask_email, t.BUTTON_NO_EMAIL, "o toca «Sin teléfono»")
    else:
        ask_phone = await send(person, email, "o toca «Sin teléfono»")
    if phone is None:
        review = await click(person, ask_phone, t.BUTTON_NO_PHONE, "Revisa el contacto")
    else:
        review = await send(person, phone, "Revisa el contacto")
    return await click(person, review, t.BUTTON_SAVE, t.BUTTON_ASSOCIATE)


async def parcel_email(sim: Simulator) -> dict[str, Any]:
    """Carla logs a parcel for Depto 101; the e-mail residente101 gets for it."""
    code, _ = await log_parcel(sim.person(CARLA), photo=False)
    mails = [m for m in await sim.emails() if m["to"] == DEPTO_101_EMAIL and code in m["subject"]]
    assert len(mails) == 1
    return mails[0]


async def test_mesa_de_ayuda_shows_in_parcel_emails_only_while_mostrar_is_on(sim) -> None:
    sofia = sim.person(SOFIA)
    card = await create_by_chat(sofia, "Mesa de ayuda", "ayuda@administradora.cl")
    assert "Correo: ayuda@administradora.cl" in card["text"]
    assert "Teléfono: sin teléfono" in card["text"]
    assert buttons_of(card)[:3] == [t.BUTTON_EDIT, t.BUTTON_DELETE, t.BUTTON_ASSOCIATE]
    contact = await Contact.get(name="Mesa de ayuda")
    assert (contact.email, contact.phone) == ("ayuda@administradora.cl", None)

    # Both communities are available; tapping Los Aromos associates it.
    screen = await click(sofia, card, t.BUTTON_ASSOCIATE, "Disponibles")
    assert f"Disponibles (sin contacto): {VISTA_CORDILLERA}, {LOS_AROMOS}" in screen["text"]
    available = t.BUTTON_AVAILABLE.format(comunidad=LOS_AROMOS)
    linked = t.BUTTON_LINKED.format(comunidad=LOS_AROMOS)
    screen = await click(sofia, screen, available, linked)
    assert f"Asociadas a este contacto: {LOS_AROMOS}" in screen["text"]
    assert f"Disponibles (sin contacto): {VISTA_CORDILLERA}\n" in screen["text"]
    assert t.BUTTON_AVAILABLE.format(comunidad=VISTA_CORDILLERA) in buttons_of(screen)

    # Before «Mostrar»: the administración's name, no contact block.
    email = await parcel_email(sim)
    assert ADMINISTRATION in email["text"]
    assert ADMINISTRATION in email["html"]
    assert "Mesa de ayuda" not in email["text"]

    # «Mostrar» from the communities list, one by one.
    listing = await open_list(sofia)
    communities = await click(sofia, listing, t.BUTTON_COMMUNITIES, show_button(LOS_AROMOS, False))
    assert f"{LOS_AROMOS}: Mesa de ayuda — Mostrar ☐" in communities["text"]
    assert f"{VISTA_CORDILLERA}: sin contacto — Mostrar ☐" in communities["text"]
    # Vista Cordillera has no contact, so it has no toggle.
    assert not any(VISTA_CORDILLERA in b for b in buttons_of(communities))
    communities = await click(
        sofia, communities, show_button(LOS_AROMOS, False), show_button(LOS_AROMOS, True)
    )
    assert (await Community.get(name=LOS_AROMOS)).show_contact

    email = await parcel_email(sim)
    assert ADMINISTRATION in email["text"]
    assert (
        "Contacto de la comunidad\nMesa de ayuda\nCorreo: ayuda@administradora.cl"
        in (email["text"])
    )
    assert "Mesa de ayuda" in email["html"]
    assert email["text"].index(ADMINISTRATION) < email["text"].index("Mesa de ayuda")

    # Turned off, the next one does not carry it.
    await click(sofia, communities, show_button(LOS_AROMOS, True), show_button(LOS_AROMOS, False))
    email = await parcel_email(sim)
    assert ADMINISTRATION in email["text"]
    assert "Mesa de ayuda" not in email["text"]
    assert "Mesa de ayuda" not in email["html"]

    actions = await AuditLog.filter(action__in=list(t.AUDIT_ACTIONS)).values_list(
        "action", flat=True
    )
    assert actions == [
        "contact.create",
        "contact.associate",
        "community.contact_shown",
        "community.contact_hidden",
    ]


async def test_bad_input_is_asked_again_with_its_reason(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    sofia = sim.person(SOFIA)
    listing = await open_list(sofia)
    await click(sofia, listing, t.BUTTON_CREATE, "residentes, por ejemplo «Mesa de ayuda»")
    await send(sofia, "...", t.ERRORS[R.INVALID_NAME][:20])
    ask_email = await send(sofia, "Portería", "o toca «Sin correo»")
    await send(sofia, "porteria@", t.ERRORS[R.INVALID_EMAIL][:20])
    await send(sofia, "porteria@example", t.ERRORS[R.INVALID_EMAIL][:20])
    ask_phone = await click(sofia, ask_email, t.BUTTON_NO_EMAIL, "o toca «Sin teléfono»")
    await send(sofia, "12345", t.ERRORS[R.INVALID_PHONE][:20])
    await send(sofia, "+54 11 4123 4567", t.ERRORS[R.INVALID_PHONE][:20])
    # Neither e-mail nor phone: refused on the button, the phone is asked again.
    data = next(
        b["callback_data"]
        for row in ask_phone["buttons"]
        for b in row
        if b["text"] == t.BUTTON_NO_PHONE
    )
    assert await forge(sim, emulator, SOFIA, ask_phone, data) == alert(t.ERRORS[R.NO_CHANNEL])
    assert not await Contact.exists()
    # A landline is fine.
    review = await send(sofia, "2 2123 4567", "Revisa el contacto")
    assert "Teléfono: +56 2 2123 4567" in review["text"]
    assert "Correo: sin correo" in review["text"]
    await click(sofia, review, t.BUTTON_SAVE, t.BUTTON_ASSOCIATE)
    stored = await Contact.get(name="Portería")
    assert (stored.email, stored.phone) == (None, "+56221234567")


async def test_edit_keeps_what_is_not_retyped_and_delete_warns_the_communities(
    sim, emulator_and_app
) -> None:
    sofia = sim.person(SOFIA)
    card = await create_by_chat(sofia, "Mesa", "mesa@example.com", "9 6123 4567")
    contact = await Contact.get(name="Mesa")
    staff = await StaffUser.get(telegram_id=SOFIA)
    for name in (LOS_AROMOS, VISTA_CORDILLERA):
        await associate(staff, contact.id, (await Community.get(name=name)).id)

    await click(sofia, card, t.BUTTON_EDIT, "Nombre actual: Mesa.")
    ask_email = await send(sofia, "Mesa de ayuda", "Ahora: mesa@example.com.")
    ask_phone = await click(sofia, ask_email, t.BUTTON_KEEP, "+56 9 6123 4567")
    review = await click(sofia, ask_phone, t.BUTTON_NO_PHONE, "Revisa el contacto")
    assert "se verán en los correos" in review["text"]
    card = await click(sofia, review, t.BUTTON_SAVE, t.BUTTON_DELETE)
    stored = await Contact.get(id=contact.id)
    assert (stored.name, stored.email, stored.phone) == ("Mesa de ayuda", "mesa@example.com", None)

    warning = await click(sofia, card, t.BUTTON_DELETE, t.BUTTON_DELETE_CONFIRM)
    assert f"asociado: {VISTA_CORDILLERA}, {LOS_AROMOS}." in warning["text"]
    done = await click(sofia, warning, t.BUTTON_DELETE_CONFIRM, "eliminado")
    assert f"Se quitó de: {VISTA_CORDILLERA}, {LOS_AROMOS}" in done["text"]
    assert not await Contact.exists(id=contact.id)
    assert not await Community.filter(contact_id__not_isnull=True).exists()


async def test_replacing_a_community_contact_is_asked_first(sim) -> None:
    sofia = sim.person(SOFIA)
    staff = await StaffUser.get(telegram_id=SOFIA)
    aromos = await Community.get(name=LOS_AROMOS)
    first = await create_contact(staff, name="Primero", email="p@example.com", phone=None)
    await associate(staff, first.id, aromos.id)
    card = await create_by_chat(sofia, "Segundo", "s@example.com")
    screen = await click(sofia, card, t.BUTTON_ASSOCIATE, "Con otro contacto")
    taken = t.BUTTON_TAKEN.format(comunidad=LOS_AROMOS, contacto="Primero")
    ask = await click(sofia, screen, taken, t.BUTTON_REPLACE)
    assert "ya tiene el contacto Primero" in ask["text"]
    screen = await click(sofia, ask, t.BUTTON_REPLACE_CANCEL, taken)
    assert (await Community.get(id=aromos.id)).contact_id == first.id
    ask = await click(sofia, screen, taken, t.BUTTON_REPLACE)
    screen = await click(
        sofia, ask, t.BUTTON_REPLACE, t.BUTTON_LINKED.format(comunidad=LOS_AROMOS)
    )
    second = await Contact.get(name="Segundo")
    assert (await Community.get(id=aromos.id)).contact_id == second.id
    # Tapping an associated community dissociates it; again, and it is back.
    screen = await click(
        sofia,
        screen,
        t.BUTTON_LINKED.format(comunidad=LOS_AROMOS),
        t.BUTTON_AVAILABLE.format(comunidad=LOS_AROMOS),
    )
    assert (await Community.get(id=aromos.id)).contact_id is None
    await click(
        sofia,
        screen,
        t.BUTTON_AVAILABLE.format(comunidad=LOS_AROMOS),
        t.BUTTON_LINKED.format(comunidad=LOS_AROMOS),
    )
    assert (await Community.get(id=aromos.id)).contact_id == second.id


async def test_who_may_do_what_and_forged_buttons(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    sofia = await StaffUser.get(telegram_id=SOFIA)
    aromos = await Community.get(name=LOS_AROMOS)
    vista = await Community.get(name=VISTA_CORDILLERA)
    shared = await create_contact(sofia, name="Central", email="c@example.com", phone=None)
    await associate(sofia, shared.id, vista.id)
    other = await Administration.create(name="Otra Administradora")
    foreign_community = await Community.create(administration=other, name="Condominio Ajeno")
    foreign_contact = await Contact.create(administration=other, name="Ajeno", email="a@x.cl")

    # A Conserje has no /contactos.
    carla = sim.person(CARLA)
    await send(carla, "/contactos", texts.DENIALS[Denial.PROFILE])
    assert "correspondencia" in await sim.commands(CARLA)  # her menu is set by now
    assert "contactos" not in await sim.commands(CARLA)

    # Andrés (Los Aromos) sees the shared contact but may not edit or delete it.
    andres = sim.person(ANDRES)
    listing = await open_list(andres)
    assert "contactos" in await sim.commands(ANDRES)
    card = await click(andres, listing, "1. Central", t.CARD_OUTSIDE_SCOPE[:30])
    assert "y 1 más que no administras" in card["text"]
    assert VISTA_CORDILLERA not in card["text"]
    assert t.BUTTON_EDIT not in buttons_of(card)
    assert t.BUTTON_DELETE not in buttons_of(card)
    outside = alert(t.ERRORS[R.OUTSIDE_SCOPE])
    assert await forge(sim, emulator, ANDRES, card, f"ctc:edit:{shared.id}") == outside
    assert await forge(sim, emulator, ANDRES, card, f"ctc:delok:{shared.id}") == outside
    # His association screen shows only Los Aromos.
    screen = await click(andres, card, t.BUTTON_ASSOCIATE, "Disponibles")
    assert VISTA_CORDILLERA not in content(screen)
    # Forged ids: another administración's contact or community, Vista, a deleted one.
    not_found = alert(t.ERRORS[R.NOT_FOUND])
    no_community = alert(t.ERRORS[R.COMMUNITY_NOT_FOUND])
    for data, expected in (
        (f"ctc:card:{foreign_contact.id}", not_found),
        (f"ctc:lk:{foreign_contact.id}:{aromos.id}", not_found),
        (f"ctc:lk:{shared.id}:{foreign_community.id}", no_community),
        (f"ctc:lk:{shared.id}:{vista.id}", no_community),
        (f"ctc:ul:{shared.id}:{vista.id}", no_community),
        (f"ctc:sh:{vista.id}:0:0", no_community),
        (f"ctc:delok:{foreign_contact.id}", not_found),
        ("ctc:card:abc", alert(texts.STALE_BUTTON)),
        ("ctc:sh:abc:1:0", alert(texts.STALE_BUTTON)),
    ):
        assert await forge(sim, emulator, ANDRES, screen, data) == expected, data
    # A deleted community is invisible, even to the Súper Administrador.
    await Community.filter(id=vista.id).update(deleted_at=vista.created_at)
    sofia_list = await open_list(sim.person(SOFIA))
    spare = await create_contact(sofia, name="Otro", email="o@example.com", phone=None)
    for data in (
        f"ctc:lk:{spare.id}:{vista.id}",
        f"ctc:rep:{spare.id}:{vista.id}",
        f"ctc:ul:{shared.id}:{vista.id}",
        f"ctc:sh:{vista.id}:1:0",
    ):
        assert await forge(sim, emulator, SOFIA, sofia_list, data) == no_community, data
    vista = await Community.get(id=vista.id)
    assert (vista.contact_id, vista.show_contact) == (shared.id, False)  # untouched
    assert foreign_community.contact_id is None

    # Pablo (test user) looks only: no write buttons, forged ones refused.
    pablo = sim.person(PABLO)
    listing = await open_list(pablo, t.LIST_READ_ONLY[:20])
    assert t.BUTTON_CREATE not in buttons_of(listing)
    read_only = alert(texts.DENIALS[Denial.READ_ONLY])
    assert await forge(sim, emulator, PABLO, listing, "ctc:new") == read_only
    assert await forge(sim, emulator, PABLO, listing, f"ctc:lk:{shared.id}:{aromos.id}") == (
        read_only
    )
    assert await Contact.filter(administration_id=sofia.administration_id).count() == 2


async def test_ten_times_the_usual_list_pages_and_searches(sim) -> None:
    staff = await StaffUser.get(telegram_id=SOFIA)
    for n in range(80):
        await create_contact(
            staff, name=f"Contacto {n:02d}", email=f"contacto{n}@example.com", phone=None
        )
    await create_contact(staff, name="Conserjería Díaz", email=None, phone="2 2123 4567")
    sofia = sim.person(SOFIA)
    listing = await open_list(sofia)
    assert "81 contacto(s) · página 1 de 11" in listing["text"]
    assert "1. Conserjería Díaz — +56 2 2123 4567\n2. Contacto 00 — contacto0@" in listing["text"]
    page = listing
    for number in range(2, 12):
        page = await click(sofia, page, texts.BUTTON_NEXT, f"página {number} de 11")
    assert "81. Contacto 79 — contacto79@example.com" in page["text"]
    assert texts.BUTTON_NEXT not in buttons_of(page)
    await click(sofia, page, t.BUTTON_SEARCH, t.SEARCH_ASK)
    found = await send(sofia, "diaz", "Búsqueda: «diaz»")
    assert "1 contacto(s) · página 1 de 1" in found["text"]
    assert "1. Conserjería Díaz — +56 2 2123 4567" in found["text"]
    card = await click(sofia, found, "1. Conserjería Díaz", "Teléfono: +56 2 2123 4567")
    back = await click(sofia, card, t.BUTTON_BACK_TO_LIST, "Búsqueda: «diaz»")
    cleared = await click(sofia, back, t.BUTTON_CLEAR_SEARCH, "81 contacto(s)")
    assert "Búsqueda" not in cleared["text"]
