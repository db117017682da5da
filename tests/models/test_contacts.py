"""Contacts and «Mostrar» (seed 001, issue 13 item 3): every rule and refusal, without Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from models import correspondence
from models.branding import BRANDING, notice_branding
from models.contacts import (
    ContactError,
    ContactErrorReason,
    associate,
    clean_contact,
    community_contacts,
    create_contact,
    delete_contact,
    dissociate,
    edit_contact,
    format_phone,
    get_contact,
    list_contacts,
    may_change,
    parse_chilean_phone,
    set_show_contact,
)
from models.core import (
    Administration,
    AuditLog,
    Community,
    Contact,
    Profile,
    Property,
    Resident,
    StaffUser,
)
from models.outbox import Channel, OutboxMessage, enqueue_notice
from models.residents import invite_resident
from models.staff_changes import create_staff
from tests.notices import rendered

R = ContactErrorReason


@dataclass
class World:
    adm: Administration
    aromos: Community
    vista: Community
    sofia: StaffUser  # Súper Administrador
    andres: StaffUser  # Administrador, Los Aromos
    carla: StaffUser  # Conserje, Los Aromos
    pablo: StaffUser  # Administrador, test user, Los Aromos
    outsider: StaffUser  # Súper Administrador of another administración
    other_community: Community


async def _staff(
    adm: Administration,
    email: str,
    profile: Profile,
    communities: list[Community],
    *,
    is_test_user: bool = False,
) -> StaffUser:
    staff = await StaffUser.create(
        administration=adm,
        first_name=email.split("@")[0].capitalize(),
        last_name="Prueba",
        email=email,
        profile=profile,
        is_test_user=is_test_user,
    )
    await staff.communities.add(*communities)
    return staff


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Administradora Demo SpA")
    aromos = await Community.create(administration=adm, name="Edificio Los Aromos")
    vista = await Community.create(administration=adm, name="Condominio Vista Cordillera")
    other_adm = await Administration.create(name="Otra Administradora")
    other_community = await Community.create(administration=other_adm, name="Condominio Sur")
    return World(
        adm=adm,
        aromos=aromos,
        vista=vista,
        sofia=await _staff(adm, "sofia@example.com", Profile.SUPER_ADMIN, [aromos, vista]),
        andres=await _staff(adm, "andres@example.com", Profile.ADMIN, [aromos]),
        carla=await _staff(adm, "carla@example.com", Profile.CONCIERGE, [aromos]),
        pablo=await _staff(adm, "pablo@example.com", Profile.ADMIN, [aromos], is_test_user=True),
        outsider=await _staff(
            other_adm, "olga@example.com", Profile.SUPER_ADMIN, [other_community]
        ),
        other_community=other_community,
    )


async def _refused(reason: ContactErrorReason, call: object) -> ContactError:
    with pytest.raises(ContactError) as caught:
        await call  # type: ignore[misc]
    assert caught.value.reason is reason, caught.value
    return caught.value


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("2 2123 4567", "+56221234567"),  # Santiago landline
        ("+56 2 2123 4567", "+56221234567"),
        ("(32) 212 3456", "+56322123456"),  # Valparaíso landline
        ("9 6123 4567", "+56961234567"),  # mobile
        ("+56961234567", "+56961234567"),
        ("56-9-6123-4567", "+56961234567"),
    ],
)
def test_any_chilean_phone_is_stored_as_e164(typed: str, e164: str) -> None:
    assert parse_chilean_phone(typed) == e164


@pytest.mark.parametrize(
    "typed", ["+1 202 555 0123", "123", "9 6123 456", "teléfono", "2 2123 4567 ext 5", "+"]
)
def test_a_phone_that_is_not_chilean_is_refused(typed: str) -> None:
    with pytest.raises(ContactError) as caught:
        parse_chilean_phone(typed)
    assert caught.value.reason is R.INVALID_PHONE


def test_phone_is_formatted_for_chile() -> None:
    assert format_phone("+56221234567") == "+56 2 2123 4567"
    assert format_phone("+56961234567") == "+56 9 6123 4567"
    assert format_phone("no es un número") == "no es un número"


def test_contact_fields_and_their_refusals() -> None:
    draft = clean_contact("  Mesa   de ayuda ", " Ayuda@Example.COM ", "")
    assert (draft.name, draft.email, draft.phone) == ("Mesa de ayuda", "ayuda@example.com", None)
    assert clean_contact("Portería", None, "2 2123 4567").phone == "+56221234567"
    for name, email, phone, reason in [
        ("", "a@example.com", None, R.INVALID_NAME),
        ("   ", "a@example.com", None, R.INVALID_NAME),
        ("x" * 201, "a@example.com", None, R.INVALID_NAME),
        ("Mesa", None, None, R.NO_CHANNEL),
        ("Mesa", "  ", "  ", R.NO_CHANNEL),
        ("Mesa", "no-es-correo", None, R.INVALID_EMAIL),
        ("Mesa", "a@b", None, R.INVALID_EMAIL),
        ("Mesa", None, "+54 11 4123 4567", R.INVALID_PHONE),
    ]:
        with pytest.raises(ContactError) as caught:
            clean_contact(name, email, phone)
        assert caught.value.reason is reason, (name, email, phone)


# --- create, edit, delete --------------------------------------------------------------------


async def test_create_is_audited_and_stays_in_the_administration(world: World) -> None:
    contact = await create_contact(
        world.sofia, name="Mesa de ayuda", email="ayuda@example.com", phone=None
    )
    assert contact.administration_id == world.adm.id
    entry = await AuditLog.get(action="contact.create")
    assert entry.after == {"name": "Mesa de ayuda", "email": "ayuda@example.com", "phone": None}
    assert entry.administration_id == world.adm.id
    # The Administrador may create contacts too (MANAGE_CONTACTS is the administration's).
    await create_contact(world.andres, name="Portería", email=None, phone="2 2123 4567")
    # Another administración never sees them.
    await _refused(R.NOT_FOUND, get_contact(world.outsider, contact.id))
    assert (await list_contacts(world.outsider)).total == 0


async def test_create_refusals_write_nothing(world: World) -> None:
    await _refused(
        R.NOT_ALLOWED, create_contact(world.carla, name="X", email="x@x.cl", phone=None)
    )
    await _refused(R.READ_ONLY, create_contact(world.pablo, name="X", email="x@x.cl", phone=None))
    await _refused(R.NO_CHANNEL, create_contact(world.sofia, name="X", email=None, phone=None))
    await _refused(R.INVALID_EMAIL, create_contact(world.sofia, name="X", email="x@", phone=None))
    await _refused(R.INVALID_PHONE, create_contact(world.sofia, name="X", email=None, phone="12"))
    await _refused(
        R.INVALID_NAME, create_contact(world.sofia, name=" ", email="x@x.cl", phone=None)
    )
    assert await Contact.all().count() == 0
    assert await AuditLog.filter(action__startswith="contact.").count() == 0


async def test_edit_is_audited_before_and_after(world: World) -> None:
    contact = await create_contact(world.sofia, name="Mesa", email="a@example.com", phone=None)
    await edit_contact(
        world.andres, contact.id, name="Mesa de ayuda", email=None, phone="9 6123 4567"
    )
    stored = await Contact.get(id=contact.id)
    assert (stored.name, stored.email, stored.phone) == ("Mesa de ayuda", None, "+56961234567")
    entry = await AuditLog.get(action="contact.update")
    assert entry.before == {"name": "Mesa", "email": "a@example.com", "phone": None}
    assert entry.after == {"name": "Mesa de ayuda", "email": None, "phone": "+56961234567"}
    # Editing to no e-mail and no phone is refused; nothing changes.
    await _refused(
        R.NO_CHANNEL, edit_contact(world.sofia, contact.id, name="M", email="", phone="")
    )
    await _refused(
        R.NOT_FOUND, edit_contact(world.outsider, contact.id, name="M", email="m@x.cl", phone="")
    )
    await _refused(
        R.READ_ONLY, edit_contact(world.pablo, contact.id, name="M", email="m@x.cl", phone="")
    )
    assert (await Contact.get(id=contact.id)).name == "Mesa de ayuda"
    # Saving the same values records nothing.
    await edit_contact(
        world.sofia, contact.id, name="Mesa de ayuda", email=None, phone="+56961234567"
    )
    assert await AuditLog.filter(action="contact.update").count() == 1


async def test_an_administrador_changes_only_contacts_of_communities_he_manages(
    world: World,
) -> None:
    shared = await create_contact(world.sofia, name="Central", email="c@example.com", phone=None)
    await associate(world.sofia, shared.id, world.aromos.id)
    await associate(world.sofia, shared.id, world.vista.id)
    own = await create_contact(world.sofia, name="Aromos", email="a@example.com", phone=None)
    await associate(world.sofia, own.id, world.aromos.id, replace=True)
    await associate(world.sofia, shared.id, world.vista.id)

    # Andrés manages Los Aromos only: the shared contact also reaches Vista Cordillera.
    assert not await may_change(world.andres, shared.id)
    assert await may_change(world.andres, own.id)
    assert await may_change(world.sofia, shared.id)
    await _refused(
        R.OUTSIDE_SCOPE,
        edit_contact(world.andres, shared.id, name="Otra", email="o@x.cl", phone=None),
    )
    await _refused(R.OUTSIDE_SCOPE, delete_contact(world.andres, shared.id))
    assert (await Contact.get(id=shared.id)).name == "Central"
    # He sees it, with the community he does not manage counted but not named.
    row = await get_contact(world.andres, shared.id)
    assert [c.name for c in row.communities] == []
    assert row.others == 1
    # His own community's contact he may edit.
    await edit_contact(world.andres, own.id, name="Aromos 24/7", email="a@example.com", phone="")
    # The Súper Administrador may edit the shared one.
    await edit_contact(world.sofia, shared.id, name="Central 2", email="c@example.com", phone="")


async def test_delete_dissociates_and_turns_mostrar_off(world: World) -> None:
    contact = await create_contact(world.sofia, name="Mesa", email="m@example.com", phone=None)
    await associate(world.sofia, contact.id, world.aromos.id)
    await associate(world.sofia, contact.id, world.vista.id)
    await set_show_contact(world.sofia, world.aromos.id, True)
    row = await get_contact(world.sofia, contact.id)
    assert [c.name for c in row.communities] == [world.vista.name, world.aromos.name]

    await _refused(R.NOT_ALLOWED, delete_contact(world.carla, contact.id))
    await _refused(R.READ_ONLY, delete_contact(world.pablo, contact.id))
    await _refused(R.NOT_FOUND, delete_contact(world.outsider, contact.id))
    removed = await delete_contact(world.sofia, contact.id)
    assert [c.name for c in removed] == [world.vista.name, world.aromos.name]
    assert not await Contact.exists(id=contact.id)
    for community in (world.aromos, world.vista):
        await community.refresh_from_db()
        assert (community.contact_id, community.show_contact) == (None, False)
    entry = await AuditLog.get(action="contact.delete")
    assert entry.before is not None
    assert entry.before["communities"] == [world.vista.name, world.aromos.name]
    await _refused(R.NOT_FOUND, delete_contact(world.sofia, contact.id))


# --- association -----------------------------------------------------------------------------


async def test_one_contact_per_community_and_n_communities_per_contact(world: World) -> None:
    mesa = await create_contact(world.sofia, name="Mesa", email="m@example.com", phone=None)
    otro = await create_contact(world.sofia, name="Otro", email="o@example.com", phone=None)
    first = await associate(world.sofia, mesa.id, world.aromos.id)
    assert (first.changed, first.replaced) == (True, None)
    await associate(world.sofia, mesa.id, world.vista.id)  # N communities per contact
    again = await associate(world.sofia, mesa.id, world.aromos.id)
    assert not again.changed
    # One contact per community: replacing is explicit.
    error = await _refused(R.COMMUNITY_TAKEN, associate(world.sofia, otro.id, world.aromos.id))
    assert error.data["contact"] == "Mesa"
    await world.aromos.refresh_from_db()
    assert world.aromos.contact_id == mesa.id
    await set_show_contact(world.sofia, world.aromos.id, True)
    replaced = await associate(world.sofia, otro.id, world.aromos.id, replace=True)
    assert replaced.replaced == "Mesa"
    await world.aromos.refresh_from_db()
    assert (world.aromos.contact_id, world.aromos.show_contact) == (otro.id, True)
    entries = await AuditLog.filter(action="contact.associate").order_by("id")
    assert len(entries) == 3
    assert entries[-1].before == {"name": "Otro", "replaced": "Mesa"}
    assert entries[-1].community_id == world.aromos.id


async def test_associate_and_dissociate_any_number_of_times(world: World) -> None:
    mesa = await create_contact(world.sofia, name="Mesa", email="m@example.com", phone=None)
    for _ in range(3):
        await associate(world.andres, mesa.id, world.aromos.id)
        await set_show_contact(world.andres, world.aromos.id, True)
        await dissociate(world.andres, mesa.id, world.aromos.id)
        await world.aromos.refresh_from_db()
        assert (world.aromos.contact_id, world.aromos.show_contact) == (None, False)
    assert await AuditLog.filter(action="contact.dissociate").count() == 3
    await _refused(R.NOT_ASSOCIATED, dissociate(world.andres, mesa.id, world.aromos.id))


async def test_association_refusals(world: World) -> None:
    mesa = await create_contact(world.sofia, name="Mesa", email="m@example.com", phone=None)
    foreign = await create_contact(world.outsider, name="Ajeno", email="a@example.com", phone=None)
    # Another administración's community or contact: not found, nothing revealed.
    await _refused(
        R.COMMUNITY_NOT_FOUND, associate(world.sofia, mesa.id, world.other_community.id)
    )
    await _refused(R.NOT_FOUND, associate(world.sofia, foreign.id, world.aromos.id))
    await _refused(R.COMMUNITY_NOT_FOUND, associate(world.sofia, mesa.id, 999_999))
    # A community outside the Administrador's scope.
    await _refused(R.COMMUNITY_NOT_FOUND, associate(world.andres, mesa.id, world.vista.id))
    # A Conserje manages no contacts; a test user only looks.
    await _refused(R.NOT_ALLOWED, associate(world.carla, mesa.id, world.aromos.id))
    await _refused(R.READ_ONLY, associate(world.pablo, mesa.id, world.aromos.id))
    # A deleted community is invisible.
    world.vista.deleted_at = datetime(2026, 12, 1, tzinfo=UTC)
    await world.vista.save()
    await _refused(R.COMMUNITY_NOT_FOUND, associate(world.sofia, mesa.id, world.vista.id))
    await _refused(R.COMMUNITY_NOT_FOUND, set_show_contact(world.sofia, world.vista.id, True))
    assert [c.name for c in await community_contacts(world.sofia)] == [world.aromos.name]
    assert await AuditLog.filter(action="contact.associate").count() == 0


async def test_mostrar_needs_a_contact_and_is_audited(world: World) -> None:
    await _refused(R.NO_CONTACT, set_show_contact(world.sofia, world.aromos.id, True))
    mesa = await create_contact(world.sofia, name="Mesa", email="m@example.com", phone=None)
    await associate(world.sofia, mesa.id, world.aromos.id)
    await _refused(R.NOT_ALLOWED, set_show_contact(world.carla, world.aromos.id, True))
    await _refused(R.READ_ONLY, set_show_contact(world.pablo, world.aromos.id, True))
    await _refused(R.COMMUNITY_NOT_FOUND, set_show_contact(world.andres, world.vista.id, True))
    assert await set_show_contact(world.andres, world.aromos.id, True)
    assert not await set_show_contact(world.andres, world.aromos.id, True)  # already on
    assert await set_show_contact(world.andres, world.aromos.id, False)
    assert [e.action for e in await AuditLog.filter(object_type="community").order_by("id")] == [
        "community.contact_shown",
        "community.contact_hidden",
    ]
    # Turning it off needs no contact.
    assert not await set_show_contact(world.andres, world.aromos.id, False)


async def test_communities_view_follows_the_actor_scope(world: World) -> None:
    mesa = await create_contact(world.sofia, name="Mesa", email="m@example.com", phone=None)
    await associate(world.sofia, mesa.id, world.vista.id)
    await set_show_contact(world.sofia, world.vista.id, True)
    rows = {r.name: r for r in await community_contacts(world.sofia)}
    assert rows[world.vista.name].contact_name == "Mesa"
    assert rows[world.vista.name].show_contact
    assert rows[world.aromos.name].contact_id is None
    assert [r.name for r in await community_contacts(world.andres)] == [world.aromos.name]
    assert all(not r.manageable for r in await community_contacts(world.pablo))
    assert await community_contacts(world.carla) == []


# --- listing ---------------------------------------------------------------------------------


async def test_list_pages_and_searches_ten_times_the_usual_size(world: World) -> None:
    for n in range(80):
        await create_contact(
            world.sofia,
            name=f"Contacto {n:02d}" if n != 42 else "Conserjería Díaz",
            email=f"contacto{n}@example.com",
            phone="2 2123 4567" if n == 7 else None,
        )
    first = await list_contacts(world.andres)
    assert (first.total, first.pages, len(first.items)) == (80, 10, 8)
    last = await list_contacts(world.andres, page=99)
    assert last.page == 9
    seen = {r.id for p in range(10) for r in (await list_contacts(world.sofia, page=p)).items}
    assert len(seen) == 80
    assert [r.name for r in (await list_contacts(world.sofia, query="diaz")).items] == [
        "Conserjería Díaz"
    ]
    assert (await list_contacts(world.sofia, query="contacto1")).total == 11  # 1, 10..19
    assert [r.name for r in (await list_contacts(world.sofia, query="+5622123")).items] == [
        "Contacto 07"
    ]
    assert (await list_contacts(world.sofia, query="nadie")).total == 0
    # A test user may look; a Conserje may not.
    assert (await list_contacts(world.pablo)).total == 80
    await _refused(R.NOT_ALLOWED, list_contacts(world.carla))


# --- what residents' e-mails carry -----------------------------------------------------------


async def test_branding_is_captured_when_a_resident_email_is_enqueued(world: World) -> None:
    mesa = await create_contact(
        world.sofia, name="Mesa <de> ayuda", email="ayuda@example.com", phone="2 2123 4567"
    )
    await associate(world.sofia, mesa.id, world.aromos.id)
    assert await notice_branding(world.aromos.id) == {
        "administration": "Administradora Demo SpA",
        "contact": None,
    }
    await set_show_contact(world.sofia, world.aromos.id, True)
    branding = await notice_branding(world.aromos.id)
    assert branding is not None
    assert branding["contact"] == {
        "name": "Mesa <de> ayuda",
        "email": "ayuda@example.com",
        "phone": "+56221234567",
    }
    email, _ = await enqueue_notice(
        key="k:email",
        channel=Channel.EMAIL,
        recipient="r@example.com",
        template="parcel_reminder",
        data={},
        resident_of=world.aromos.id,
    )
    sms, _ = await enqueue_notice(
        key="k:sms",
        channel=Channel.SMS,
        recipient="+56961234567",
        template="parcel_arrived",
        data={},
        resident_of=world.aromos.id,
    )
    staff, _ = await enqueue_notice(
        key="k:staff", channel=Channel.EMAIL, recipient="s@example.com", template="x", data={}
    )
    assert email.data == {BRANDING: branding}
    assert sms.data == {}
    assert staff.data == {}


async def test_parcel_emails_carry_the_block_only_while_mostrar_is_on(world: World) -> None:
    depto = await Property.create(community=world.aromos, name="Depto 101")
    await Resident.create(property=depto, email="residente101@example.com", name="Rodrigo")
    mesa = await create_contact(
        world.sofia, name="Mesa de ayuda", email="ayuda@example.com", phone="2 2123 4567"
    )
    await associate(world.sofia, mesa.id, world.aromos.id)

    async def parcel_email() -> OutboxMessage:
        logged = await correspondence.log_item(world.carla, world.aromos.id, depto.id, "paquete")
        return rendered(
            await OutboxMessage.get(
                channel=Channel.EMAIL, idempotency_key__startswith=f"corr:{logged.item.id}:"
            )
        )

    before = await parcel_email()
    assert "Administradora Demo SpA" in before.body  # the administración's name, always
    assert "Administradora Demo SpA" in (before.html or "")
    assert "Mesa de ayuda" not in before.body

    await set_show_contact(world.sofia, world.aromos.id, True)
    shown = await parcel_email()
    assert "Contacto de la comunidad\nMesa de ayuda\nCorreo: ayuda@example.com" in shown.body
    assert "Teléfono: +56 2 2123 4567" in shown.body
    assert "Mesa de ayuda" in (shown.html or "")
    # Captured when enqueued: editing the contact later does not rewrite it.
    await edit_contact(
        world.sofia, mesa.id, name="Mesa nueva", email="ayuda@example.com", phone=""
    )
    assert "Mesa de ayuda" in rendered(shown).body

    await set_show_contact(world.sofia, world.aromos.id, False)
    hidden = await parcel_email()
    assert "Mesa" not in hidden.body
    assert "Contacto de la comunidad" not in (hidden.html or "")
    assert "Administradora Demo SpA" in hidden.body


async def test_resident_invitations_carry_the_block_and_staff_invitations_do_not(
    world: World,
) -> None:
    depto = await Property.create(community=world.aromos, name="Depto 101")
    resident = await Resident.create(property=depto, email="residente101@example.com")
    mesa = await create_contact(world.sofia, name="Mesa de ayuda", email=None, phone="9 6123 4567")
    await associate(world.sofia, mesa.id, world.aromos.id)
    await set_show_contact(world.sofia, world.aromos.id, True)
    await invite_resident(world.sofia, resident.id, expected_community_ids=[world.aromos.id])
    await create_staff(
        world.sofia,
        profile=Profile.CONCIERGE,
        first_name="Marta",
        last_name="Soto",
        second_last_name=None,
        email="marta@example.com",
        community_ids=[world.aromos.id],
    )
    to_resident = rendered(await OutboxMessage.get(recipient="residente101@example.com"))
    assert "Contacto de la comunidad\nMesa de ayuda\nTeléfono: +56 9 6123 4567" in (
        to_resident.body
    )
    assert "Administradora Demo SpA" in to_resident.body
    to_staff = rendered(await OutboxMessage.get(recipient="marta@example.com"))
    assert "Mesa de ayuda" not in to_staff.body
    assert BRANDING not in (to_staff.data or {})
