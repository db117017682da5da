"""Custom roles (seed 001 "Roles", issue 13): who manages them, names, kinds, the subset rule,
deleting a role in use, and what /usuarios may give."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.core import Administration, AuditLog, Community, Profile, Role, RoleKind, StaffUser
from models.identity import identify
from models.permissions import ADMINISTRATION_ONLY, Action, authorize
from models.roles import (
    RoleError,
    RoleErrorReason,
    assignable_roles,
    choice_of,
    create_role,
    delete_role,
    get_role,
    grantable_actions,
    list_roles,
    move_choices,
    update_role,
)
from models.staff import StaffError, StaffErrorReason, editable_staff, get_staff, list_staff
from models.staff_changes import create_staff, update_staff

R = RoleErrorReason
NIGHT = [Action.CHECK_ACCESS.value, Action.LOG_VISIT.value, Action.LOG_CORRESPONDENCE.value]


@dataclass
class World:
    aromos: Community
    vista: Community
    foreign: Community
    sofia: StaffUser  # Súper Administrador
    andres: StaffUser  # Administrador, Los Aromos
    carla: StaffUser  # Conserje, Los Aromos
    tester: StaffUser  # Súper Administrador, test user
    outsider: StaffUser  # Súper Administrador of another administración


async def _staff(adm, email, profile, *communities, test=False, telegram_id=None) -> StaffUser:
    staff = await StaffUser.create(
        administration=adm,
        first_name="Nombre",
        last_name="Apellido",
        email=email,
        profile=profile,
        is_test_user=test,
        telegram_id=telegram_id,
    )
    await staff.communities.add(*communities)
    return staff


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Adm")
    other = await Administration.create(name="Otra")
    aromos = await Community.create(administration=adm, name="Edificio Los Aromos")
    vista = await Community.create(administration=adm, name="Vista Cordillera")
    foreign = await Community.create(administration=other, name="Ajena")
    return World(
        aromos=aromos,
        vista=vista,
        foreign=foreign,
        sofia=await _staff(adm, "sofia@x.cl", Profile.SUPER_ADMIN),
        andres=await _staff(adm, "andres@x.cl", Profile.ADMIN, aromos),
        carla=await _staff(adm, "carla@x.cl", Profile.CONCIERGE, aromos, telegram_id=3003),
        tester=await _staff(adm, "tester@x.cl", Profile.SUPER_ADMIN, test=True),
        outsider=await _staff(other, "otra@x.cl", Profile.SUPER_ADMIN),
    )


async def _night(w: World, name: str = "Conserje nocturno") -> Role:
    return await create_role(
        w.sofia,
        name=name,
        kind=RoleKind.COMMUNITY,
        permissions=NIGHT,
        community_ids=[w.aromos.id],
    )


async def _refused(reason: RoleErrorReason, call) -> None:
    with pytest.raises(RoleError) as caught:
        await call
    assert caught.value.reason is reason


async def test_super_admin_creates_a_community_role_and_it_is_audited(world: World) -> None:
    role = await _night(world)
    row = await get_role(world.sofia, role.id)
    assert row.kind is RoleKind.COMMUNITY
    assert row.communities == ("Edificio Los Aromos",)
    assert [a.value for a in row.permissions] == NIGHT
    entry = await AuditLog.get(action="role.create")
    assert entry.after == {
        "name": "Conserje nocturno",
        "role_kind": "comunidad",
        "permissions": NIGHT,
        "communities": ["Edificio Los Aromos"],
    }
    assert entry.actor_id == world.sofia.id


@pytest.mark.parametrize("actor", ["andres", "carla"])
async def test_only_a_holder_of_manage_roles_manages_roles(world: World, actor: str) -> None:
    someone = getattr(world, actor)
    await _refused(R.NOT_ALLOWED, _night_by(someone, world))
    await _refused(R.NOT_ALLOWED, list_roles(someone))
    role = await _night(world)
    await _refused(R.NOT_ALLOWED, update_role(someone, role.id, name="Otro"))
    await _refused(R.NOT_ALLOWED, delete_role(someone, role.id))
    assert await Role.filter(id=role.id).exists()


def _night_by(actor: StaffUser, w: World):
    return create_role(
        actor, name="X", kind=RoleKind.COMMUNITY, permissions=NIGHT, community_ids=[w.aromos.id]
    )


async def test_a_test_user_changes_no_role(world: World) -> None:
    await _refused(R.READ_ONLY, _night_by(world.tester, world))
    assert not await Role.exists()


async def test_a_test_super_admin_looks_at_the_roles_and_an_administrador_does_not(
    world: World,
) -> None:
    night = await _night(world)
    assert [r.name for r in (await list_roles(world.tester)).items] == ["Conserje nocturno"]
    assert (await get_role(world.tester, night.id)).name == "Conserje nocturno"
    await _refused(R.NOT_ALLOWED, list_roles(world.andres))
    await _refused(R.NOT_ALLOWED, get_role(world.andres, night.id))


async def test_managing_something_includes_seeing_it(world: World) -> None:
    # Only "Administrar usuarios" ticked: the holder may open the users list too.
    role = await create_role(
        world.sofia,
        name="Personal",
        kind=RoleKind.COMMUNITY,
        permissions=[Action.MANAGE_USERS.value],
        community_ids=[world.aromos.id],
    )
    assert role.permissions == [Action.MANAGE_USERS.value]  # stored as chosen
    await StaffUser.filter(id=world.carla.id).update(role_id=role.id)
    carla = await StaffUser.get(id=world.carla.id)
    assert await authorize(carla, Action.VIEW_USERS, world.aromos.id)
    assert await authorize(carla, Action.MANAGE_USERS, world.aromos.id)
    assert not await authorize(carla, Action.VIEW_SMS, world.aromos.id)


@pytest.mark.parametrize(
    "name", ["Conserje nocturno", "conserje NOCTURNO", "Consérje  nocturno", " conserje nocturno "]
)
async def test_a_name_already_used_is_refused_ignoring_case_and_accents(
    world: World, name: str
) -> None:
    await _night(world)
    await _refused(R.NAME_TAKEN, _night(world, name))
    assert await Role.all().count() == 1


@pytest.mark.parametrize("name", ["", "   ", "—", "x" * 101])
async def test_an_empty_or_bad_name_is_refused(world: World, name: str) -> None:
    await _refused(R.INVALID_NAME, _night(world, name))
    assert not await Role.exists()


async def test_a_community_role_needs_a_community_of_the_administration(world: World) -> None:
    await _refused(
        R.NO_COMMUNITY,
        create_role(world.sofia, name="A", kind=RoleKind.COMMUNITY, permissions=NIGHT),
    )
    await _refused(
        R.COMMUNITY_OUT_OF_SCOPE,
        create_role(
            world.sofia,
            name="A",
            kind=RoleKind.COMMUNITY,
            permissions=NIGHT,
            community_ids=[world.foreign.id],
        ),
    )
    world.vista.deleted_at = world.vista.created_at
    await world.vista.save()
    await _refused(
        R.COMMUNITY_OUT_OF_SCOPE,
        create_role(
            world.sofia,
            name="A",
            kind=RoleKind.COMMUNITY,
            permissions=NIGHT,
            community_ids=[world.vista.id],
        ),
    )
    assert not await Role.exists()


@pytest.mark.parametrize("action", sorted(ADMINISTRATION_ONLY))
async def test_a_community_role_holds_no_administration_only_permission(
    world: World, action: Action
) -> None:
    # It could never use it (those are asked for the whole administración), and its holders'
    # menus would show a command that always refuses.
    await _refused(
        R.ADMINISTRATION_ONLY,
        create_role(
            world.sofia,
            name="Auditor local",
            kind=RoleKind.COMMUNITY,
            permissions=[action.value],
            community_ids=[world.aromos.id],
        ),
    )
    assert action not in await grantable_actions(world.sofia, RoleKind.COMMUNITY)
    assert action in await grantable_actions(world.sofia, RoleKind.ADMINISTRATION)
    wide = await create_role(
        world.sofia, name="Auditor", kind=RoleKind.ADMINISTRATION, permissions=[action.value]
    )
    assert wide.permissions == [action.value]


async def test_an_unknown_permission_is_refused(world: World) -> None:
    await _refused(
        R.UNKNOWN_PERMISSION,
        create_role(
            world.sofia, name="A", kind=RoleKind.ADMINISTRATION, permissions=["fly_to_the_moon"]
        ),
    )


async def test_another_administrations_role_reads_as_not_found(world: World) -> None:
    role = await _night(world)
    await _refused(R.NOT_FOUND, get_role(world.outsider, role.id))
    await _refused(R.NOT_FOUND, update_role(world.outsider, role.id, name="Mío"))
    await _refused(R.NOT_FOUND, delete_role(world.outsider, role.id))
    assert (await Role.get(id=role.id)).name == "Conserje nocturno"
    # …nor can its users be given it.
    with pytest.raises(StaffError) as caught:
        await create_staff(
            world.outsider,
            profile=choice_of(Profile.CONCIERGE, role.id),
            first_name="Ana",
            last_name="Ruiz",
            second_last_name=None,
            email="ana@x.cl",
            community_ids=[world.foreign.id],
        )
    assert caught.value.reason is StaffErrorReason.PROFILE_NOT_ALLOWED


async def test_editing_a_role_is_audited_and_nothing_changed_writes_nothing(
    world: World,
) -> None:
    role = await _night(world)
    changed = await update_role(
        world.sofia,
        role.id,
        name="Conserje de noche",
        permissions=[*NIGHT, Action.DELIVER_CORRESPONDENCE.value],
        community_ids=[world.aromos.id, world.vista.id],
    )
    assert set(changed) == {"name", "permissions", "communities"}
    entry = await AuditLog.get(action="role.update")
    assert entry.before["name"] == "Conserje nocturno"
    assert entry.after["name"] == "Conserje de noche"
    assert entry.after["communities"] == ["Edificio Los Aromos", "Vista Cordillera"]
    assert Action.DELIVER_CORRESPONDENCE.value in entry.after["permissions"]
    assert await update_role(world.sofia, role.id, name="conserje de noche ") == ("name",)
    assert await update_role(world.sofia, role.id, name="conserje de noche") == ()
    assert await AuditLog.filter(action="role.update").count() == 2
    # Renaming onto another role's name is refused.
    await _night(world, "Portero")
    await _refused(R.NAME_TAKEN, update_role(world.sofia, role.id, name="PORTERO"))


async def test_a_role_edit_reaches_its_users_at_their_next_message(world: World) -> None:
    role = await _night(world)
    await update_staff(world.sofia, world.carla.id, profile=choice_of(Profile.CONCIERGE, role.id))
    person = await identify(3003)
    assert person.grants == frozenset(Action(v) for v in NIGHT)
    await update_role(world.sofia, role.id, permissions=[Action.CHECK_ACCESS.value])
    person = await identify(3003)
    assert person.grants == {Action.CHECK_ACCESS}
    assert person.staff is not None
    assert not await authorize(person.staff, Action.LOG_VISIT, world.aromos.id)


async def test_deleting_an_unused_role_is_audited(world: World) -> None:
    role = await _night(world)
    assert await delete_role(world.sofia, role.id) == 0
    assert not await Role.exists()
    entry = await AuditLog.get(action="role.delete")
    assert entry.before["name"] == "Conserje nocturno"


async def test_deleting_a_role_in_use_moves_its_users_first(world: World) -> None:
    role = await _night(world)
    portero = await create_role(
        world.sofia, name="Portero", kind=RoleKind.ADMINISTRATION, permissions=NIGHT[:1]
    )
    await update_staff(world.sofia, world.carla.id, profile=choice_of(Profile.CONCIERGE, role.id))
    gone = await _staff(
        await world.sofia.administration, "ex@x.cl", Profile.CONCIERGE, world.aromos
    )
    gone.role_id, gone.is_active = role.id, False  # a deleted user keeps the reference
    await gone.save()
    await _refused(R.MOVE_REQUIRED, delete_role(world.sofia, role.id))
    await _refused(
        R.MOVE_INVALID, delete_role(world.sofia, role.id, move_to=choice_of("conserje", role.id))
    )
    await _refused(R.MOVE_INVALID, delete_role(world.sofia, role.id, move_to="role-999999"))
    await _refused(R.MOVE_INVALID, delete_role(world.sofia, role.id, move_to="nobody"))
    assert await Role.filter(id=role.id).exists()
    offered = [choice for choice, _ in await move_choices(world.sofia, role.id)]
    assert offered == ["super_admin", "admin", "conserje", choice_of("conserje", portero.id)]
    moved = await delete_role(world.sofia, role.id, move_to=choice_of("conserje", portero.id))
    assert moved == 1
    assert not await Role.filter(id=role.id).exists()
    assert (await StaffUser.get(id=world.carla.id)).role_id == portero.id
    assert (await StaffUser.get(id=gone.id)).role_id == portero.id
    entry = await AuditLog.get(action="role.delete")
    assert entry.after == {"moved_to": "Portero", "users": 1}


async def test_users_of_a_deleted_role_may_move_to_a_built_in_role(world: World) -> None:
    role = await _night(world)
    await update_staff(world.sofia, world.carla.id, profile=choice_of(Profile.CONCIERGE, role.id))
    await delete_role(world.sofia, role.id, move_to=Profile.ADMIN.value)
    carla = await StaffUser.get(id=world.carla.id)
    assert carla.role_id is None
    assert carla.profile is Profile.ADMIN
    assert await authorize(carla, Action.BUY_SMS, world.aromos.id)


async def test_roles_list_is_paged_by_name_at_ten_times_the_usual_size(world: World) -> None:
    for n in range(80):
        await Role.create(
            administration_id=world.sofia.administration_id,
            name=f"Rol {n:03d}",
            kind=RoleKind.ADMINISTRATION,
            permissions=[],
        )
    first = await list_roles(world.sofia, page=0, page_size=8)
    assert first.total == 80
    assert first.pages == 10
    assert [r.name for r in first.items] == [f"Rol {n:03d}" for n in range(8)]
    last = await list_roles(world.sofia, page=99, page_size=8)
    assert last.page == 9
    assert last.items[-1].name == "Rol 079"


# --- /usuarios: giving a role ----------------------------------------------------------------


async def test_an_admin_may_give_only_roles_within_its_grants_and_communities(
    world: World,
) -> None:
    night = await _night(world)
    vista_role = await create_role(
        world.sofia,
        name="Vista",
        kind=RoleKind.COMMUNITY,
        permissions=NIGHT,
        community_ids=[world.vista.id],
    )
    wide = await create_role(
        world.sofia, name="Todo", kind=RoleKind.ADMINISTRATION, permissions=NIGHT
    )
    auditor = await create_role(
        world.sofia,
        name="Auditor",
        kind=RoleKind.ADMINISTRATION,
        permissions=[Action.VIEW_AUDIT.value],
    )
    assert [r.name for r in await assignable_roles(world.sofia)] == [
        "Auditor",
        "Conserje nocturno",
        "Todo",
        "Vista",
    ]
    assert [r.id for r in await assignable_roles(world.andres)] == [night.id]
    assert await assignable_roles(world.carla) == []
    assert await assignable_roles(world.tester) == []
    for role in (vista_role, wide, auditor):
        with pytest.raises(StaffError) as caught:
            await create_staff(
                world.andres,
                profile=choice_of(Profile.CONCIERGE, role.id),
                first_name="Ana",
                last_name="Ruiz",
                second_last_name=None,
                email="ana@x.cl",
                community_ids=[world.aromos.id],
            )
        assert caught.value.reason is StaffErrorReason.PROFILE_NOT_ALLOWED
    created, _ = await create_staff(
        world.andres,
        profile=choice_of(Profile.CONCIERGE, night.id),
        first_name="Ana",
        last_name="Ruiz",
        second_last_name=None,
        email="ana@x.cl",
        community_ids=[world.aromos.id],
    )
    assert created.role_id == night.id
    assert created.profile is Profile.CONCIERGE
    row = await get_staff(world.andres, created.id)
    assert row.role_name == "Conserje nocturno"
    entry = await AuditLog.get(action="staff.create", object_id=str(created.id))
    assert entry.after["staff_role"] == "Conserje nocturno"


async def test_an_admin_may_not_change_a_user_holding_more_than_it(world: World) -> None:
    wide = await create_role(
        world.sofia,
        name="Compras",
        kind=RoleKind.COMMUNITY,
        permissions=[Action.BUY_SMS.value],
        community_ids=[world.aromos.id, world.vista.id],  # Vista is not Andrés's
    )
    await update_staff(world.sofia, world.carla.id, profile=choice_of(Profile.CONCIERGE, wide.id))
    with pytest.raises(StaffError) as caught:
        await editable_staff(world.andres, world.carla.id)
    assert caught.value.reason is StaffErrorReason.TARGET_PROFILE
    # Still visible in the list, with the role's name.
    rows = (await list_staff(world.andres)).items
    assert any(r.id == world.carla.id and r.role_name == "Compras" for r in rows)


async def test_changing_a_users_role_is_audited_and_back_to_built_in_works(
    world: World,
) -> None:
    night = await _night(world)
    result = await update_staff(
        world.andres, world.carla.id, profile=choice_of(Profile.CONCIERGE, night.id)
    )
    assert result.changed == ("role_id",)
    entry = await AuditLog.filter(action="staff.update").order_by("-id").first()
    assert entry is not None
    assert entry.before == {"staff_role": None}
    assert entry.after == {"staff_role": "Conserje nocturno"}
    result = await update_staff(world.andres, world.carla.id, profile=Profile.ADMIN.value)
    assert set(result.changed) == {"profile", "role_id"}
    carla = await StaffUser.get(id=world.carla.id)
    assert (carla.profile, carla.role_id) == (Profile.ADMIN, None)


async def test_a_role_manager_creates_only_roles_within_its_own_grants(world: World) -> None:
    keeper = await create_role(
        world.sofia,
        name="Encargado",
        kind=RoleKind.ADMINISTRATION,
        permissions=[Action.MANAGE_ROLES.value, Action.CHECK_ACCESS.value],
    )
    await update_staff(
        world.sofia, world.carla.id, profile=choice_of(Profile.CONCIERGE, keeper.id)
    )
    carla = await StaffUser.get(id=world.carla.id)
    await _refused(
        R.PERMISSION_NOT_HELD,
        create_role(
            carla,
            name="Más",
            kind=RoleKind.ADMINISTRATION,
            permissions=[Action.CHECK_ACCESS.value, Action.BUY_SMS.value],
        ),
    )
    role = await create_role(
        carla,
        name="Menos",
        kind=RoleKind.COMMUNITY,
        permissions=[Action.CHECK_ACCESS.value],
        community_ids=[world.vista.id],
    )
    await _refused(
        R.PERMISSION_NOT_HELD,
        update_role(carla, role.id, permissions=[Action.LOG_VISIT.value]),
    )
    assert (await Role.get(id=role.id)).permissions == [Action.CHECK_ACCESS.value]


async def test_a_role_manager_changes_no_role_stronger_than_itself(world: World) -> None:
    keeper = await create_role(
        world.sofia,
        name="Encargado",
        kind=RoleKind.ADMINISTRATION,
        permissions=[Action.MANAGE_ROLES.value, Action.CHECK_ACCESS.value],
    )
    strong = await create_role(
        world.sofia, name="Fuerte", kind=RoleKind.ADMINISTRATION, permissions=NIGHT
    )
    await update_staff(
        world.sofia, world.carla.id, profile=choice_of(Profile.CONCIERGE, keeper.id)
    )
    carla = await StaffUser.get(id=world.carla.id)
    await _refused(
        R.PERMISSION_NOT_HELD,
        update_role(carla, strong.id, permissions=[Action.CHECK_ACCESS.value]),
    )
    await _refused(R.PERMISSION_NOT_HELD, delete_role(carla, strong.id))
    assert (await Role.get(id=strong.id)).permissions == NIGHT
