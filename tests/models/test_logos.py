"""Logo rules (models/logos.py): who may change them, what each community shows, the audit."""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from models.clock import FrozenClock
from models.core import Administration, AuditLog, Community, Profile, StaffUser
from models.images import ImageRefusal, LogoRefused, prepare_logo
from models.logos import (
    DEFAULT_CHOICE,
    CommunityBranding,
    Logo,
    LogoChoice,
    LogoOwnerMismatch,
    Owner,
    get_choice,
    get_logo,
    logo_for_community,
    logo_for_notices,
    logo_state,
    notice_logo,
    save_logo,
    set_choice,
)
from models.permissions import Denial, NotAllowed
from tests.models.test_images import BLUE, GREEN, RED, jpeg, png_named_jpg, truncated_jpeg

T0 = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


@dataclass
class World:
    adm: Administration
    aromos: Community
    vista: Community
    sur: Community  # another administración's
    sofia: StaffUser  # Súper Administrador
    andres: StaffUser  # Administrador, Los Aromos
    carla: StaffUser  # Conserje, Los Aromos
    pablo: StaffUser  # Administrador, test user, Los Aromos
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
    aromos = await Community.create(administration=adm, name="Edificio Los Aromos")
    vista = await Community.create(administration=adm, name="Condominio Vista Cordillera")
    other = await Administration.create(name="Otra Administradora")
    sur = await Community.create(administration=other, name="Condominio Sur")
    return World(
        adm=adm,
        aromos=aromos,
        vista=vista,
        sur=sur,
        sofia=await _staff(adm, "Sofia", Profile.SUPER_ADMIN, [aromos, vista]),
        andres=await _staff(adm, "Andres", Profile.ADMIN, [aromos]),
        carla=await _staff(adm, "Carla", Profile.CONCIERGE, [aromos]),
        pablo=await _staff(adm, "Pablo", Profile.ADMIN, [aromos], is_test_user=True),
        olga=await _staff(other, "Olga", Profile.SUPER_ADMIN, [sur]),
    )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


async def _refused(reason: Denial, coro: object) -> None:
    with pytest.raises(NotAllowed) as caught:
        await coro  # type: ignore[misc]
    assert caught.value.reason is reason


async def _snapshot() -> list[tuple[str, int, str]]:
    return sorted((str(logo.owner_kind), logo.owner_id, logo.sha256) for logo in await Logo.all())


# --- saving ------------------------------------------------------------------------------------


async def test_admin_saves_the_community_logo_normalised_and_audited(
    world: World, clock: FrozenClock
) -> None:
    logo = await save_logo(
        Owner.community(world.aromos.id), jpeg(900, 700), world.andres, clock=clock
    )
    stored = await Logo.get(id=logo.id)
    assert (stored.width, stored.height) == (600, 600)
    assert stored.sha256 == hashlib.sha256(bytes(stored.jpeg)).hexdigest()
    assert stored.byte_size == len(bytes(stored.jpeg))
    assert stored.updated_at == T0
    assert stored.updated_by_id == world.andres.id
    assert bytes(stored.jpeg) == prepare_logo(jpeg(900, 700)).jpeg
    entry = await AuditLog.get(action="logo.save")
    assert entry.actor_id == world.andres.id
    assert entry.community_id == world.aromos.id
    assert entry.before is None
    assert entry.after == {
        "owner": f"comunidad:{world.aromos.id}",
        "width": 600,
        "height": 600,
        "bytes": stored.byte_size,
        "sha256": stored.sha256,
    }
    # The audit never carries the image itself.
    assert len(json.dumps(entry.after)) < 300


async def test_a_prepared_logo_is_stored_exactly_as_previewed(world: World) -> None:
    prepared = prepare_logo(jpeg(1000, 800, BLUE))
    logo = await save_logo(Owner.community(world.aromos.id), prepared, world.andres)
    assert bytes((await Logo.get(id=logo.id)).jpeg) == prepared.jpeg
    assert logo.sha256 == prepared.sha256


async def test_a_tampered_prepared_logo_is_refused(world: World) -> None:
    prepared = prepare_logo(jpeg(300, 300))
    forged = type(prepared)(
        jpeg=png_named_jpg(),
        width=prepared.width,
        height=prepared.height,
        source_width=300,
        source_height=300,
        sha256=prepared.sha256,
        box=prepared.box,
    )
    with pytest.raises(ValueError, match="checksum"):
        await save_logo(Owner.community(world.aromos.id), forged, world.andres)
    assert await Logo.all().count() == 0


async def test_replacing_keeps_one_logo_and_audits_before_and_after(world: World) -> None:
    owner = Owner.community(world.aromos.id)
    first = await save_logo(owner, jpeg(700, 700, RED), world.andres)
    second = await save_logo(owner, jpeg(400, 400, BLUE), world.sofia)
    assert first.id == second.id
    assert await Logo.all().count() == 1
    stored = await Logo.get(id=first.id)
    assert (stored.width, stored.height) == (400, 400)
    assert stored.updated_by_id == world.sofia.id
    entries = await AuditLog.filter(action="logo.save").order_by("id")
    assert len(entries) == 2
    assert entries[1].before is not None
    assert entries[1].before["sha256"] == first.sha256
    assert entries[1].after is not None
    assert entries[1].after["sha256"] == stored.sha256 != first.sha256


@pytest.mark.parametrize(
    ("factory", "reason"),
    [
        (png_named_jpg, ImageRefusal.FORMAT),
        (truncated_jpeg, ImageRefusal.DAMAGED),
        (lambda: b"", ImageRefusal.EMPTY),
    ],
)
async def test_bad_images_change_nothing(
    world: World, factory: object, reason: ImageRefusal
) -> None:
    owner = Owner.community(world.aromos.id)
    await save_logo(owner, jpeg(600, 600), world.andres)
    before = await _snapshot()
    with pytest.raises(LogoRefused) as refused:
        await save_logo(owner, factory(), world.andres)  # type: ignore[operator]
    assert refused.value.reason is reason
    assert await _snapshot() == before
    assert await AuditLog.filter(action="logo.save").count() == 1


async def test_concierge_test_user_and_strangers_cannot_change_logos(world: World) -> None:
    aromos = Owner.community(world.aromos.id)
    data = jpeg(600, 600)
    await _refused(Denial.PROFILE, save_logo(aromos, data, world.carla))
    await _refused(Denial.READ_ONLY, save_logo(aromos, data, world.pablo))
    await _refused(Denial.SCOPE, save_logo(aromos, data, world.olga))
    await _refused(Denial.SCOPE, save_logo(Owner.community(world.vista.id), data, world.andres))
    await _refused(Denial.PROFILE, save_logo(aromos, data, None))
    await _refused(Denial.PROFILE, set_choice(world.aromos.id, LogoChoice.NONE, world.carla))
    await _refused(Denial.READ_ONLY, set_choice(world.aromos.id, LogoChoice.NONE, world.pablo))
    await _refused(Denial.SCOPE, set_choice(world.aromos.id, LogoChoice.NONE, world.olga))
    assert await Logo.all().count() == 0
    assert await CommunityBranding.all().count() == 0
    assert await AuditLog.all().count() == 0


async def test_the_administration_logo_is_changed_from_one_of_its_communities(
    world: World,
) -> None:
    owner = Owner.administration(world.adm.id)
    # An Administrador may, from a community of theirs ("desde cualquiera de tus comunidades").
    logo = await save_logo(owner, jpeg(600, 600), world.andres, community_id=world.aromos.id)
    assert logo.owner == owner
    entry = await AuditLog.get(action="logo.save")
    assert entry.administration_id == world.adm.id
    # Not without saying from where, nor from a community that is not theirs.
    await _refused(Denial.NO_COMMUNITY, save_logo(owner, jpeg(600, 600), world.andres))
    await _refused(
        Denial.SCOPE,
        save_logo(owner, jpeg(600, 600), world.andres, community_id=world.vista.id),
    )
    # Nobody changes another administración's logo, even from a community they manage.
    with pytest.raises(LogoOwnerMismatch):
        await save_logo(
            Owner.administration(world.sur.administration_id),
            jpeg(600, 600),
            world.sofia,
            community_id=world.aromos.id,
        )
    with pytest.raises(LogoOwnerMismatch):
        await save_logo(
            Owner.community(world.vista.id),
            jpeg(600, 600),
            world.sofia,
            community_id=world.aromos.id,
        )
    assert await Logo.all().count() == 1


# --- what each community shows -----------------------------------------------------------------


async def test_the_default_shows_the_administration_logo_in_every_community(
    world: World,
) -> None:
    assert await get_choice(world.aromos.id) is DEFAULT_CHOICE is LogoChoice.ADMINISTRATION
    assert await logo_for_community(world.aromos.id) is None
    admin_logo = await save_logo(
        Owner.administration(world.adm.id),
        jpeg(800, 800, BLUE),
        world.sofia,
        community_id=world.vista.id,
    )
    for community in (world.aromos, world.vista):
        shown = await logo_for_community(community.id)
        assert shown is not None
        assert shown.id == admin_logo.id
    # Another administración's community never shows it.
    assert await logo_for_community(world.sur.id) is None


async def test_each_choice_shows_its_logo_and_sin_logo_shows_none(world: World) -> None:
    admin_logo = await save_logo(
        Owner.administration(world.adm.id),
        jpeg(600, 600, BLUE),
        world.andres,
        community_id=world.aromos.id,
    )
    own = await save_logo(Owner.community(world.aromos.id), jpeg(600, 600, GREEN), world.andres)
    await set_choice(world.aromos.id, LogoChoice.COMMUNITY, world.andres)
    shown = await logo_for_community(world.aromos.id)
    assert shown is not None
    assert shown.id == own.id
    # Vista still uses the default: the administration's logo.
    vista_shown = await logo_for_community(world.vista.id)
    assert vista_shown is not None
    assert vista_shown.id == admin_logo.id
    await set_choice(world.aromos.id, LogoChoice.NONE, world.andres)
    assert await logo_for_community(world.aromos.id) is None
    assert await logo_for_notices(world.aromos.id) is None
    assert await notice_logo(world.aromos.id) is None
    await set_choice(world.aromos.id, LogoChoice.ADMINISTRATION, world.andres)
    shown = await logo_for_community(world.aromos.id)
    assert shown is not None
    assert shown.id == admin_logo.id


async def test_changing_the_choice_never_deletes_an_image(world: World) -> None:
    await save_logo(
        Owner.administration(world.adm.id),
        jpeg(600, 600),
        world.sofia,
        community_id=world.aromos.id,
    )
    await save_logo(Owner.community(world.aromos.id), jpeg(500, 500), world.sofia)
    before = await _snapshot()
    assert len(before) == 2
    for choice in (
        LogoChoice.NONE,
        LogoChoice.COMMUNITY,
        LogoChoice.NONE,
        LogoChoice.ADMINISTRATION,
    ):
        await set_choice(world.aromos.id, choice, world.andres)
        assert await _snapshot() == before
    state = await logo_state(world.aromos.id)
    assert state.administration_logo is not None
    assert state.community_logo is not None


async def test_the_community_choice_without_its_image_shows_nothing(world: World) -> None:
    await save_logo(
        Owner.administration(world.adm.id),
        jpeg(600, 600),
        world.sofia,
        community_id=world.aromos.id,
    )
    await set_choice(world.aromos.id, LogoChoice.COMMUNITY, world.andres)
    # No quiet fallback to the administration's logo: what is chosen is what is shown.
    assert await logo_for_community(world.aromos.id) is None
    assert await get_logo(Owner.community(world.aromos.id)) is None


async def test_set_choice_returns_the_previous_one_and_audits_only_changes(
    world: World, clock: FrozenClock
) -> None:
    assert await set_choice(world.aromos.id, LogoChoice.NONE, world.andres, clock=clock) is (
        LogoChoice.ADMINISTRATION
    )
    assert await set_choice(world.aromos.id, LogoChoice.NONE, world.andres, clock=clock) is (
        LogoChoice.NONE
    )
    assert await get_choice(world.aromos.id) is LogoChoice.NONE
    assert await get_choice(world.vista.id) is LogoChoice.ADMINISTRATION
    entries = await AuditLog.filter(action="logo.choice")
    assert len(entries) == 1
    assert entries[0].before == {"choice": "administracion"}
    assert entries[0].after == {"choice": "sin_logo"}
    assert entries[0].community_id == world.aromos.id
    branding = await CommunityBranding.get(community_id=world.aromos.id)
    assert branding.updated_by_id == world.andres.id
    assert branding.updated_at == T0
    with pytest.raises(ValueError, match="cualquiera"):
        await set_choice(world.aromos.id, "cualquiera", world.andres)  # type: ignore[arg-type]


async def test_notices_get_the_bytes_of_the_logo_shown(world: World) -> None:
    own = await save_logo(Owner.community(world.aromos.id), jpeg(900, 700), world.andres)
    assert await logo_for_notices(world.aromos.id) is None  # default: administration, none yet
    await set_choice(world.aromos.id, LogoChoice.COMMUNITY, world.andres)
    data = await logo_for_notices(world.aromos.id)
    assert data == bytes((await Logo.get(id=own.id)).jpeg)
    assert data is not None
    assert data.startswith(b"\xff\xd8\xff")
    found = await notice_logo(world.aromos.id)
    assert found is not None
    assert found.mime_type == "image/jpeg"
    assert found.content_id == f"logo-{own.sha256[:16]}@conserjeria"
    assert (found.width, found.height) == (600, 600)


async def test_two_first_uploads_at_once_leave_one_logo(
    world: World, require_postgres: None
) -> None:
    owner = Owner.community(world.aromos.id)
    results = await asyncio.gather(
        save_logo(owner, jpeg(600, 600, RED), world.andres),
        save_logo(owner, jpeg(600, 600, BLUE), world.sofia),
    )
    assert {r.id for r in results} == {results[0].id}
    assert await Logo.all().count() == 1
    assert await AuditLog.filter(action="logo.save").count() == 2
