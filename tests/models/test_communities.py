"""Communities: create, edit, list, delete, restore and purge (SPEC §4.9, seed 001)."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from models.access import AccessEntry, ListType
from models.clock import FrozenClock
from models.communities import (
    CommunityData,
    CommunityError,
    CommunityField,
    CommunityProblem,
    CommunitySignature,
    create_community,
    delete_community,
    deletion_summary,
    edit_community,
    list_communities,
    list_deleted,
    names_match,
    purge_deleted,
    restore_community,
    set_signature,
)
from models.core import (
    Administration,
    AuditLog,
    Community,
    Invitation,
    Profile,
    Property,
    Resident,
    Role,
    RoleKind,
    StaffUser,
)
from models.correspondence import CorrespondenceItem, ItemKind, ItemStatus
from models.documents import DocumentType
from models.identity import staff_communities, switch_community, working_community
from models.images import MAX_BYTES, ImageRefusal, LogoRefused, prepare_signature
from models.logbook import LogbookCategory
from models.logos import Logo, Owner, get_logo
from models.outbox import OutboxMessage
from models.permissions import Denial, NotAllowed, community_ids_in_scope
from models.sms import SmsBundle, SmsLot, SmsMovement, SmsPurchase, grant_monthly
from models.sms import balance as sms_balance
from tests.models.test_images import BLUE, RED, heavy_jpeg, jpeg, png_named_jpg

T0 = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)

PALMAS = CommunityData(
    name="Edificio Las Palmas",
    email="palmas@example.com",
    phone="+56223456789",
    rut="76086428-5",
    address="Av. Las Palmas 123, Providencia",
    code="LP-01",
)


@dataclass
class World:
    adm: Administration
    aromos: Community
    sur: Community  # another administración's
    sofia: StaffUser  # Súper Administrador
    andres: StaffUser  # Administrador, Los Aromos
    carla: StaffUser  # Conserje, Los Aromos
    pablo: StaffUser  # Súper Administrador, test user
    olga: StaffUser  # Súper Administrador of the other administración


async def _staff(
    adm: Administration,
    name: str,
    profile: Profile,
    communities: list[Community],
    *,
    is_test_user: bool = False,
) -> StaffUser:
    staff = await StaffUser.create(
        administration=adm,
        first_name=name,
        last_name="Demo",
        email=f"{name.lower()}@example.com",
        profile=profile,
        is_test_user=is_test_user,
    )
    await staff.communities.add(*communities)
    return staff


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Administradora Demo")
    aromos = await Community.create(administration=adm, name="Edificio Los Aromos", code="LA")
    other = await Administration.create(name="Otra Administradora")
    sur = await Community.create(administration=other, name="Condominio Sur")
    return World(
        adm=adm,
        aromos=aromos,
        sur=sur,
        sofia=await _staff(adm, "Sofia", Profile.SUPER_ADMIN, [aromos]),
        andres=await _staff(adm, "Andres", Profile.ADMIN, [aromos]),
        carla=await _staff(adm, "Carla", Profile.CONCIERGE, [aromos]),
        pablo=await _staff(adm, "Pablo", Profile.SUPER_ADMIN, [], is_test_user=True),
        olga=await _staff(other, "Olga", Profile.SUPER_ADMIN, [sur]),
    )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


async def _refused(reason: Denial, coro: object) -> None:
    with pytest.raises(NotAllowed) as caught:
        await coro  # type: ignore[misc]
    assert caught.value.reason is reason


async def _problem(problem: CommunityProblem, coro: object) -> CommunityError:
    with pytest.raises(CommunityError) as caught:
        await coro  # type: ignore[misc]
    assert caught.value.problem is problem
    return caught.value


def _typed(**changes: str | None) -> dict[str, str | None]:
    """The form as typed, with some fields changed."""
    typed: dict[str, str | None] = {
        "name": " Edificio  Las Palmas ",
        "email": "Palmas@Example.com",
        "phone": "2 2345 6789",
        "rut": "76.086.428-5",
        "address": "Av. Las Palmas 123, Providencia",
        "code": "LP-01",
    }
    typed.update(changes)
    return typed


# --- validation ------------------------------------------------------------------------------


def test_the_form_is_cleaned_to_its_stored_form() -> None:
    data = CommunityData.clean(_typed())
    assert data == PALMAS
    assert CommunityData.clean(_typed(code="  ")).code is None
    # Any Chilean phone: a landline in Valparaíso, a mobile.
    assert CommunityData.clean(_typed(phone="32 212 3456")).phone == "+56322123456"
    assert CommunityData.clean(_typed(phone="+56 9 6123 4567")).phone == "+56961234567"


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("name", "", CommunityProblem.MISSING),
        ("email", None, CommunityProblem.MISSING),
        ("phone", " ", CommunityProblem.MISSING),
        ("rut", "", CommunityProblem.MISSING),
        ("address", "", CommunityProblem.MISSING),
        ("rut", "76.086.428-4", CommunityProblem.INVALID_RUT),
        ("rut", "hola", CommunityProblem.INVALID_RUT),
        ("email", "palmas@", CommunityProblem.INVALID_EMAIL),
        ("email", "no es correo", CommunityProblem.INVALID_EMAIL),
        ("phone", "12345", CommunityProblem.INVALID_PHONE),
        ("phone", "+1 202 555 0100", CommunityProblem.INVALID_PHONE),
        ("phone", "llámame", CommunityProblem.INVALID_PHONE),
        ("name", "x" * 201, CommunityProblem.TOO_LONG),
        ("code", "c" * 51, CommunityProblem.TOO_LONG),
    ],
)
def test_bad_fields_are_refused_with_their_reason(
    field: str, value: str | None, problem: CommunityProblem
) -> None:
    with pytest.raises(CommunityError) as caught:
        CommunityData.clean(_typed(**{field: value}))
    assert caught.value.problem is problem
    assert caught.value.field is CommunityField(field)


def test_the_typed_name_matches_without_case_accents_or_spaces() -> None:
    assert names_match("  edificio las  palmas ", "Edificio Las Palmas")
    assert names_match("EDIFICIO LOS ÁROMOS", "Edificio Los Aromos")
    assert not names_match("Edificio Las Palma", "Edificio Las Palmas")
    assert not names_match("", "Edificio Las Palmas")
    assert not names_match(None, "Edificio Las Palmas")


# --- the firma -------------------------------------------------------------------------------


def test_a_signature_keeps_its_aspect_ratio_and_loses_its_metadata() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Camara Secreta"  # Make
    wide = prepare_signature(jpeg(1800, 600, BLUE, exif=exif.tobytes(), comment=b"hola"))
    assert (wide.width, wide.height) == (600, 200)
    with Image.open(io.BytesIO(wide.jpeg)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "comment" not in image.info
    small = prepare_signature(jpeg(300, 100, RED))
    assert (small.width, small.height) == (300, 100)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (png_named_jpg(), ImageRefusal.FORMAT),
        (heavy_jpeg(), ImageRefusal.TOO_HEAVY),
        (b"", ImageRefusal.EMPTY),
    ],
)
def test_a_signature_is_refused_like_a_logo(data: bytes, reason: ImageRefusal) -> None:
    with pytest.raises(LogoRefused) as caught:
        prepare_signature(data)
    assert caught.value.reason is reason


# --- create ----------------------------------------------------------------------------------


async def test_the_super_admin_creates_a_community_with_firma_and_logo(
    world: World, clock: FrozenClock
) -> None:
    created = await create_community(
        world.sofia,
        PALMAS,
        signature=jpeg(1200, 400, BLUE),
        logo=jpeg(800, 600, RED),
        clock=clock,
    )
    stored = await Community.get(id=created.id)
    assert (stored.name, stored.email, stored.phone, stored.rut, stored.address, stored.code) == (
        "Edificio Las Palmas",
        "palmas@example.com",
        "+56223456789",
        "76086428-5",
        "Av. Las Palmas 123, Providencia",
        "LP-01",
    )
    assert stored.deleted_at is None
    signature = await CommunitySignature.get(community_id=created.id)
    assert (signature.width, signature.height) == (600, 200)
    logo = await get_logo(Owner.community(created.id))
    assert logo is not None
    assert (logo.width, logo.height) == (600, 600)
    # At once in the creator's communities (a súper admin sees all of the administración).
    assert created.id in {c.id for c in await staff_communities(world.sofia)}
    entry = await AuditLog.get(action="community.create", object_id=str(created.id))
    assert entry.actor_id == world.sofia.id
    assert entry.after["rut"] == "76086428-5"
    assert set(entry.after["signature"]) == {"width", "height", "bytes", "sha256"}
    assert await AuditLog.filter(action="logo.save", community_id=created.id).exists()


async def test_only_the_super_admin_creates_and_test_users_change_nothing(world: World) -> None:
    await _refused(Denial.PROFILE, create_community(world.andres, PALMAS))
    await _refused(Denial.PROFILE, create_community(world.carla, PALMAS))
    await _refused(Denial.READ_ONLY, create_community(world.pablo, PALMAS))
    assert not await Community.filter(name=PALMAS.name).exists()


async def test_the_codigo_and_the_name_are_unique_without_case_or_accents(world: World) -> None:
    await create_community(world.sofia, PALMAS)
    await _problem(
        CommunityProblem.CODE_TAKEN,
        create_community(world.sofia, replace(PALMAS, name="Torre Norte", code="lp-01")),
    )
    await _problem(
        CommunityProblem.NAME_TAKEN,
        create_community(world.sofia, replace(PALMAS, name="EDIFICIO LAS PALMAS", code=None)),
    )
    # Another administración may use the same código; two communities without one are fine.
    await create_community(world.olga, replace(PALMAS, code="LP-01"))
    await create_community(world.sofia, replace(PALMAS, name="Torre A", code=None))
    await create_community(world.sofia, replace(PALMAS, name="Torre B", code=None))
    assert await Community.filter(administration=world.adm, code=None).count() == 2


async def test_a_bad_image_saves_no_community(world: World) -> None:
    for image in (png_named_jpg(), heavy_jpeg()):
        with pytest.raises(LogoRefused):
            await create_community(world.sofia, PALMAS, signature=image)
        with pytest.raises(LogoRefused):
            await create_community(world.sofia, PALMAS, logo=image)
    assert len(heavy_jpeg()) > MAX_BYTES
    assert not await Community.filter(name=PALMAS.name).exists()
    assert not await AuditLog.filter(action="community.create").exists()


async def test_an_invalid_field_saves_nothing(world: World) -> None:
    await _problem(
        CommunityProblem.INVALID_RUT,
        create_community(world.sofia, replace(PALMAS, rut="76086428-4")),
    )
    assert not await Community.filter(name=PALMAS.name).exists()


# --- edit ------------------------------------------------------------------------------------


async def test_edit_one_field_audited_with_before_and_after(world: World) -> None:
    await edit_community(world.andres, world.aromos.id, CommunityField.PHONE, "2 2345 6789")
    assert (await Community.get(id=world.aromos.id)).phone == "+56223456789"
    entry = await AuditLog.get(action="community.edit")
    assert entry.before == {"name": "Edificio Los Aromos", "phone": None}
    assert entry.after == {"name": "Edificio Los Aromos", "phone": "+56223456789"}
    # The same value again changes nothing and writes no entry.
    await edit_community(world.andres, world.aromos.id, CommunityField.PHONE, "+56223456789")
    assert await AuditLog.filter(action="community.edit").count() == 1


async def test_edit_refusals(world: World) -> None:
    palmas = await create_community(world.sofia, PALMAS)
    # Andrés (Administrador) edits only his communities; Carla (Conserje) none; Pablo looks.
    await _refused(Denial.SCOPE, edit_community(world.andres, palmas.id, CommunityField.NAME, "X"))
    await _refused(
        Denial.PROFILE, edit_community(world.carla, world.aromos.id, CommunityField.NAME, "X")
    )
    await _refused(
        Denial.READ_ONLY, edit_community(world.pablo, world.aromos.id, CommunityField.NAME, "X")
    )
    # Another administración's community is out of scope.
    await _refused(
        Denial.SCOPE, edit_community(world.sofia, world.sur.id, CommunityField.NAME, "X")
    )
    await _problem(
        CommunityProblem.CODE_TAKEN,
        edit_community(world.sofia, world.aromos.id, CommunityField.CODE, "lp-01"),
    )
    await _problem(
        CommunityProblem.MISSING,
        edit_community(world.sofia, world.aromos.id, CommunityField.ADDRESS, "  "),
    )
    await _problem(
        CommunityProblem.INVALID_EMAIL,
        edit_community(world.sofia, world.aromos.id, CommunityField.EMAIL, "x@"),
    )
    # The código may be cleared.
    await edit_community(world.sofia, world.aromos.id, CommunityField.CODE, "")
    assert (await Community.get(id=world.aromos.id)).code is None


async def test_the_signature_is_replaced_and_audited_without_bytes(world: World) -> None:
    await set_signature(world.andres, world.aromos.id, jpeg(600, 200, RED))
    await set_signature(world.andres, world.aromos.id, jpeg(900, 300, BLUE))
    assert await CommunitySignature.filter(community_id=world.aromos.id).count() == 1
    entries = await AuditLog.filter(action="community.signature").order_by("id")
    assert entries[0].before is None
    assert entries[1].before["signature"]["width"] == 600
    assert "jpeg" not in str(entries[1].after)
    await _refused(Denial.PROFILE, set_signature(world.carla, world.aromos.id, jpeg(60, 20)))


# --- list ------------------------------------------------------------------------------------


async def test_the_list_pages_searches_and_counts(world: World) -> None:
    for n in range(1, 121):
        await Community.create(
            administration=world.adm, name=f"Torre {n:03d}", code=f"T{n}" if n % 2 else None
        )
    await Property.create(community=world.aromos, name="Depto 1")
    await Property.create(community=world.aromos, name="Depto 2")
    first = await list_communities(world.sofia, size=8)
    assert (first.total, first.pages) == (121, 16)
    assert first.items[0].name == "Edificio Los Aromos"
    assert first.items[0].properties == 2
    last = await list_communities(world.sofia, page=99, size=8)
    assert last.page == 15
    assert last.items[-1].name == "Torre 120"
    found = await list_communities(world.sofia, query="torre 11")
    assert [r.name for r in found.items] == [f"Torre {n}" for n in range(110, 120)][:8]
    assert found.total == 10
    # By código, without case.
    assert [r.name for r in (await list_communities(world.sofia, query="t99")).items] == [
        "Torre 099"
    ]
    # Andrés sees only his community; Carla does not see the list at all.
    assert [r.name for r in (await list_communities(world.andres)).items] == [
        "Edificio Los Aromos"
    ]
    await _refused(Denial.PROFILE, list_communities(world.carla))


async def test_the_list_says_whether_a_contact_is_shown(world: World) -> None:
    from models.core import Contact

    contact = await Contact.create(administration=world.adm, name="Mesa", email="m@example.com")
    await Community.filter(id=world.aromos.id).update(contact_id=contact.id, show_contact=True)
    row = (await list_communities(world.sofia)).items[0]
    assert (row.contact_id, row.show_contact, row.shows_contact) == (contact.id, True, True)


# --- delete, restore, purge ------------------------------------------------------------------


@dataclass
class Palmas:
    community: Community
    depto: Property
    resident: Resident


async def _palmas(world: World, clock: FrozenClock) -> Palmas:
    community = await create_community(
        world.sofia, PALMAS, signature=jpeg(600, 200), logo=jpeg(600, 600), clock=clock
    )
    depto = await Property.create(community=community, name="Depto 1")
    resident = await Resident.create(property=depto, email="vecina@example.com", name="Vecina")
    await AccessEntry.create(
        property=depto,
        list_type=ListType.AUTHORIZED,
        doc_type=DocumentType.RUT,
        doc_number="11111111-1",
        full_name="Juana Pérez",
        registered_by_email="sofia@example.com",
    )
    await CorrespondenceItem.create(
        community=community,
        property=depto,
        kind=ItemKind.PARCEL,
        status=ItemStatus.PENDING,
        pickup_code="123456",
        received_by_label="Sofia",
        received_at=clock.now(),
    )
    await grant_monthly(community.id, clock=clock)
    return Palmas(community, depto, resident)


async def test_the_deletion_summary_counts_what_goes(world: World, clock: FrozenClock) -> None:
    palmas = await _palmas(world, clock)
    summary = await deletion_summary(world.sofia, palmas.community.id, clock=clock)
    assert (
        summary.properties,
        summary.residents,
        summary.pending_items,
        summary.access_entries,
        summary.sms_balance,
    ) == (1, 1, 1, 1, (await sms_balance(palmas.community.id, clock=clock)).available)
    assert summary.sms_balance > 0


async def test_delete_needs_the_typed_name_and_the_super_admin(
    world: World, clock: FrozenClock
) -> None:
    palmas = await _palmas(world, clock)
    cid = palmas.community.id
    await _problem(
        CommunityProblem.NAME_MISMATCH,
        delete_community(world.sofia, cid, "Edificio Las Palma", clock=clock),
    )
    await _refused(Denial.PROFILE, delete_community(world.andres, cid, PALMAS.name, clock=clock))
    await _refused(Denial.READ_ONLY, delete_community(world.pablo, cid, PALMAS.name, clock=clock))
    # Another administración's community: not found (it is in nobody's scope here).
    await _refused(Denial.SCOPE, delete_community(world.sofia, world.sur.id, "Condominio Sur"))
    assert (await Community.get(id=cid)).deleted_at is None
    assert not await AuditLog.filter(action="community.delete").exists()


async def test_a_deleted_community_vanishes_and_comes_back_intact(
    world: World, clock: FrozenClock
) -> None:
    palmas = await _palmas(world, clock)
    cid = palmas.community.id
    assert await switch_community(world.sofia, cid) is not None
    await delete_community(world.sofia, cid, "  edificio las palmas ", clock=clock)
    assert cid not in await community_ids_in_scope(world.sofia)
    assert cid not in {c.id for c in await staff_communities(world.sofia)}
    assert await working_community(world.sofia) is None or (
        (await working_community(world.sofia)).id != cid  # type: ignore[union-attr]
    )
    assert cid not in {r.id for r in (await list_communities(world.sofia)).items}
    await _refused(Denial.SCOPE, edit_community(world.sofia, cid, CommunityField.NAME, "X"))
    # Deleting again: it is gone already.
    await _refused(Denial.SCOPE, delete_community(world.sofia, cid, PALMAS.name, clock=clock))
    deleted = await list_deleted(world.sofia, clock=clock)
    assert [r.id for r in deleted.items] == [cid]
    await _refused(Denial.PROFILE, list_deleted(world.andres, clock=clock))
    await _refused(Denial.PROFILE, restore_community(world.andres, cid, clock=clock))
    await _refused(Denial.READ_ONLY, restore_community(world.pablo, cid, clock=clock))
    await _problem(CommunityProblem.NOT_FOUND, restore_community(world.olga, cid, clock=clock))

    clock.set(T0 + timedelta(days=29))
    assert await purge_deleted(clock=clock) == 0
    await restore_community(world.sofia, cid, clock=clock)
    assert cid in await community_ids_in_scope(world.sofia)
    assert await Property.filter(community_id=cid).count() == 1
    assert await Resident.filter(property_id=palmas.depto.id).count() == 1
    assert await AccessEntry.filter(property_id=palmas.depto.id).count() == 1
    assert (
        await CorrespondenceItem.filter(community_id=cid, status=ItemStatus.PENDING).count() == 1
    )
    assert await CommunitySignature.filter(community_id=cid).exists()
    actions = await AuditLog.filter(object_type="community", object_id=str(cid)).values_list(
        "action", flat=True
    )
    assert {"community.create", "community.delete", "community.restore"} <= set(actions)
    # Restoring twice: nothing deleted to restore.
    await _problem(CommunityProblem.NOT_FOUND, restore_community(world.sofia, cid, clock=clock))


async def test_the_purge_removes_everything_but_the_money_after_30_days_once(
    world: World, clock: FrozenClock
) -> None:
    palmas = await _palmas(world, clock)
    cid = palmas.community.id
    await Invitation.create(resident=palmas.resident, token_hash="x" * 64, expires_at=T0)
    await grant_monthly(cid, clock=clock)
    await LogbookCategory.create(community_id=cid, name="Seguridad")
    await SmsPurchase.create(
        community_id=cid,
        bundle_id=(await _bundle()).id,
        bundle_name="100",
        sms_count=100,
        price_clp=1000,
        buyer_label="Sofia",
        purchased_at=T0,
        billing_period=T0.date(),
    )
    await OutboxMessage.create(
        idempotency_key="k1",
        channel="email",
        recipient="vecina@example.com",
        body="x",
        community_id=cid,
    )
    role = await Role.create(administration=world.adm, name="Nocturno", kind=RoleKind.COMMUNITY)
    await role.communities.add(palmas.community)
    await world.andres.communities.add(palmas.community)
    await StaffUser.filter(id=world.andres.id).update(working_community_id=cid)
    await delete_community(world.sofia, cid, PALMAS.name, clock=clock)
    clock.set(T0 + timedelta(days=30) - timedelta(seconds=1))
    assert await purge_deleted(clock=clock) == 0
    late = FrozenClock(T0 + timedelta(days=30))
    await _problem(
        CommunityProblem.RESTORE_EXPIRED, restore_community(world.sofia, cid, clock=late)
    )
    clock.set(T0 + timedelta(days=30))
    assert await purge_deleted(clock=clock) == 1
    # The row stays as a tombstone for the billing records, renamed: its name and código are
    # free for a new community, and it is nowhere to be seen or restored.
    tombstone = await Community.get(id=cid)
    assert tombstone.purged_at == clock.now()
    assert tombstone.name == f"{PALMAS.name} [eliminada #{cid}]"
    assert tombstone.code is None
    assert await SmsPurchase.filter(community_id=cid).count() == 1
    assert await SmsLot.filter(community_id=cid).exists()  # the monthly allowance's record
    assert await SmsMovement.filter(community_id=cid).exists()
    again = await create_community(world.sofia, PALMAS, clock=clock)
    assert again.id != cid
    assert [r.id for r in (await list_deleted(world.sofia, clock=late)).items] == []
    assert not await Property.filter(id=palmas.depto.id).exists()
    assert not await Resident.filter(id=palmas.resident.id).exists()
    assert not await AccessEntry.filter(property_id=palmas.depto.id).exists()
    assert not await CorrespondenceItem.filter(community_id=cid).exists()
    assert not await OutboxMessage.filter(community_id=cid).exists()
    assert not await Logo.filter(owner_kind="comunidad", owner_id=cid).exists()
    assert not await CommunitySignature.filter(community_id=cid).exists()
    assert not await LogbookCategory.filter(community_id=cid).exists()
    assert not await Invitation.filter(resident_id=palmas.resident.id).exists()
    # Others are untouched; the audit log keeps the record, closed by the purge.
    assert await Community.filter(id=world.aromos.id).exists()
    assert await StaffUser.filter(id=world.sofia.id).exists()
    andres = await StaffUser.get(id=world.andres.id)
    assert andres.working_community_id is None
    assert [c.id for c in await andres.communities.all()] == [world.aromos.id]
    assert await Role.filter(id=role.id).exists()
    assert await role.communities.all().count() == 0
    purge = await AuditLog.get(action="community.purge", object_id=str(cid))
    assert purge.actor_id is None
    assert purge.after["properties"] == 1
    # Idempotent.
    assert await purge_deleted(clock=clock) == 0


async def _bundle() -> SmsBundle:
    return await SmsBundle.create(name="100 SMS", sms_count=100, price_clp=1000)
