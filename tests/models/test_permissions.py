"""Every profile × every action × in-scope / out-of-scope community, against SPEC §2."""

from __future__ import annotations

import itertools

import pytest

from models.core import Administration, Community, Profile, Role, RoleKind, StaffUser
from models.permissions import (
    RULES,
    Action,
    Denial,
    NotAllowed,
    assignable_profiles,
    authorize,
    authorize_administration,
    builtin_grants,
    community_ids_in_scope,
    decide,
    grants_of,
    may_give,
    profile_grants,
    require,
    role_grants,
)

# Written out by hand from SPEC §2's table, so a change to RULES must be a conscious one.
EVERY_STAFF = {
    Action.CHECK_ACCESS,
    Action.LOG_VISIT,
    Action.VIEW_VISITS,
    Action.VIEW_CORRESPONDENCE,
    Action.LOG_CORRESPONDENCE,
    Action.DELIVER_CORRESPONDENCE,
    Action.VIEW_LOGBOOK,
    Action.WRITE_LOGBOOK,
    Action.RECORD_METER_READING,
    Action.VIEW_REPORTS,
    Action.SWITCH_COMMUNITY,
}
ADMINS_ONLY = {
    Action.VIEW_ACCESS_LISTS,
    Action.MANAGE_ACCESS_LISTS,
    Action.VIEW_PROPERTIES,
    Action.MANAGE_PROPERTIES,
    Action.MANAGE_MOBILES,
    Action.VIEW_USERS,
    Action.MANAGE_USERS,
    Action.VIEW_SMS,
    Action.BUY_SMS,
    Action.VIEW_LOGOS,
    Action.MANAGE_LOGOS,
    Action.VIEW_ADMINISTRATION,
    Action.VIEW_COMMUNITIES,
    Action.EDIT_COMMUNITY,
    Action.VIEW_CONTACTS,
    Action.MANAGE_CONTACTS,
    Action.REVIEW_LOGBOOK,
    Action.CONFIGURE_LOGBOOK,
    Action.MANAGE_METERS,
    Action.EXPORT_METER_READINGS,
}
SUPER_ONLY = {
    Action.MANAGE_COMMUNITIES,
    Action.VIEW_ROLES,
    Action.MANAGE_ROLES,
    Action.VIEW_AUDIT,
    Action.MANAGE_CATALOGUE,
}
READS = {
    Action.CHECK_ACCESS,
    Action.VIEW_VISITS,
    Action.VIEW_CORRESPONDENCE,
    Action.VIEW_LOGBOOK,
    Action.VIEW_REPORTS,
    Action.SWITCH_COMMUNITY,
    Action.VIEW_ACCESS_LISTS,
    Action.VIEW_PROPERTIES,
    Action.VIEW_USERS,
    Action.VIEW_SMS,
    Action.VIEW_LOGOS,
    Action.VIEW_ADMINISTRATION,
    Action.VIEW_COMMUNITIES,
    Action.VIEW_CONTACTS,
    Action.VIEW_ROLES,
    Action.REVIEW_LOGBOOK,
    Action.VIEW_AUDIT,
    Action.EXPORT_METER_READINGS,
}

EXPECTED_PROFILE: dict[Profile, set[Action]] = {
    Profile.SUPER_ADMIN: EVERY_STAFF | ADMINS_ONLY | SUPER_ONLY,
    Profile.ADMIN: EVERY_STAFF | ADMINS_ONLY,
    Profile.CONCIERGE: EVERY_STAFF,
}


def test_every_action_is_classified() -> None:
    assert set(Action) == EVERY_STAFF | ADMINS_ONLY | SUPER_ONLY
    assert set(RULES) == set(Action)


@pytest.mark.parametrize(
    ("profile", "action", "in_scope", "test_user"),
    list(itertools.product(Profile, Action, [True, False], [False, True])),
)
def test_decision_table(profile: Profile, action: Action, in_scope: bool, test_user: bool) -> None:
    decision = decide(
        builtin_grants(profile),
        is_active=True,
        is_test_user=test_user,
        in_scope=in_scope,
        action=action,
    )
    if action not in EXPECTED_PROFILE[profile]:
        assert decision.reason is Denial.PROFILE
    elif not in_scope:
        assert decision.reason is Denial.SCOPE
    elif test_user and action not in READS:
        assert decision.reason is Denial.READ_ONLY
    else:
        assert decision.allowed
        assert decision.reason is None


@pytest.mark.parametrize("action", list(Action))
def test_inactive_users_may_do_nothing(action: Action) -> None:
    for profile in Profile:
        decision = decide(
            builtin_grants(profile),
            is_active=False,
            is_test_user=False,
            in_scope=True,
            action=action,
        )
        assert not decision.allowed


@pytest.fixture
async def world(db):
    admin_co = await Administration.create(name="Adm A")
    other_co = await Administration.create(name="Adm B")
    aromos = await Community.create(administration=admin_co, name="Aromos")
    vista = await Community.create(administration=admin_co, name="Vista")
    foreign = await Community.create(administration=other_co, name="Ajena")

    async def staff(profile: Profile, *communities: Community, test: bool = False) -> StaffUser:
        user = await StaffUser.create(
            administration=admin_co,
            first_name=profile.value,
            last_name="X",
            email=f"{profile.value}{test}@example.com",
            profile=profile,
            is_test_user=test,
        )
        await user.communities.add(*communities)
        return user

    return {
        "aromos": aromos,
        "vista": vista,
        "foreign": foreign,
        "super": await staff(Profile.SUPER_ADMIN),
        "admin": await staff(Profile.ADMIN, aromos),
        "concierge": await staff(Profile.CONCIERGE, aromos),
        "tester": await staff(Profile.ADMIN, aromos, test=True),
    }


async def test_scope_super_admin_has_every_community_of_its_administration(world) -> None:
    assert await authorize(world["super"], Action.BUY_SMS, world["vista"].id)
    assert await authorize(world["super"], Action.BUY_SMS, world["aromos"].id)
    denied = await authorize(world["super"], Action.BUY_SMS, world["foreign"].id)
    assert denied.reason is Denial.SCOPE


async def test_scope_admin_and_concierge_only_assigned(world) -> None:
    assert await authorize(world["admin"], Action.MANAGE_ACCESS_LISTS, world["aromos"].id)
    refused = await authorize(world["admin"], Action.MANAGE_ACCESS_LISTS, world["vista"].id)
    assert refused.reason is Denial.SCOPE
    assert await authorize(world["concierge"], Action.CHECK_ACCESS, world["aromos"].id)
    refused = await authorize(world["concierge"], Action.CHECK_ACCESS, world["vista"].id)
    assert refused.reason is Denial.SCOPE
    refused = await authorize(world["concierge"], Action.MANAGE_ACCESS_LISTS, world["aromos"].id)
    assert refused.reason is Denial.PROFILE


async def test_test_user_reads_but_never_writes(world) -> None:
    tester = world["tester"]
    assert await authorize(tester, Action.VIEW_ACCESS_LISTS, world["aromos"].id)
    for action in ADMINS_ONLY - READS:
        decision = await authorize(tester, action, world["aromos"].id)
        assert decision.reason is Denial.READ_ONLY, action


async def test_deleted_user_and_unknown_person_are_refused(world, caplog) -> None:
    admin = world["admin"]
    admin.is_active = False
    await admin.save()
    assert not await authorize(admin, Action.CHECK_ACCESS, world["aromos"].id)
    assert not await authorize(None, Action.CHECK_ACCESS, world["aromos"].id)
    missing = await authorize(world["concierge"], Action.CHECK_ACCESS, None)
    assert missing.reason is Denial.NO_COMMUNITY
    assert any("refused" in r.getMessage() for r in caplog.records), "refusals are logged"


async def test_require_raises_with_the_reason(world) -> None:
    with pytest.raises(NotAllowed) as caught:
        await require(world["concierge"], Action.BUY_SMS, world["aromos"].id)
    assert caught.value.reason is Denial.PROFILE


async def test_who_may_create_which_profile(world) -> None:
    assert await assignable_profiles(world["super"]) == (
        Profile.SUPER_ADMIN,
        Profile.ADMIN,
        Profile.CONCIERGE,
    )
    assert await assignable_profiles(world["admin"]) == (Profile.ADMIN, Profile.CONCIERGE)
    assert await assignable_profiles(world["concierge"]) == ()
    assert await assignable_profiles(world["tester"]) == ()


# --- custom roles -----------------------------------------------------------------------------


async def _custom(world, kind: RoleKind, actions: set[Action], *communities: Community) -> Role:
    role = await Role.create(
        administration_id=world["super"].administration_id,
        name=f"Rol {await Role.all().count()}",
        kind=kind,
        permissions=[a.value for a in actions],
    )
    if communities:
        await role.communities.add(*communities)
    return role


async def _holder(world, role: Role, *communities: Community, test: bool = False) -> StaffUser:
    user = await StaffUser.create(
        administration_id=world["super"].administration_id,
        first_name="Con",
        last_name="Rol",
        email=f"rol{role.id}-{await StaffUser.all().count()}@example.com",
        profile=Profile.CONCIERGE,
        role=role,
        is_test_user=test,
    )
    await user.communities.add(*communities)
    return user


@pytest.mark.parametrize(
    ("action", "in_scope", "test_user"),
    list(itertools.product(Action, [True, False], [False, True])),
)
def test_decision_table_for_a_custom_set_of_grants(
    action: Action, in_scope: bool, test_user: bool
) -> None:
    granted = frozenset({Action.CHECK_ACCESS, Action.LOG_CORRESPONDENCE, Action.BUY_SMS})
    decision = decide(
        granted, is_active=True, is_test_user=test_user, in_scope=in_scope, action=action
    )
    if action not in granted:
        assert decision.reason is Denial.PROFILE
    elif not in_scope:
        assert decision.reason is Denial.SCOPE
    elif test_user and action not in READS:
        assert decision.reason is Denial.READ_ONLY
    else:
        assert decision.allowed


async def test_a_role_with_no_permissions_may_do_nothing_anywhere(world) -> None:
    role = await _custom(world, RoleKind.ADMINISTRATION, set())
    user = await _holder(world, role, world["aromos"])
    for action in Action:
        for community in (world["aromos"], world["vista"]):
            decision = await authorize(user, action, community.id)
            assert decision.reason is Denial.PROFILE, action
        assert not await authorize_administration(user, action)
    # It still works everywhere (kind Administración): only the grants are empty.
    assert await community_ids_in_scope(user) == {world["aromos"].id, world["vista"].id}


async def test_a_community_role_is_refused_outside_its_communities(world) -> None:
    role = await _custom(world, RoleKind.COMMUNITY, {Action.CHECK_ACCESS}, world["aromos"])
    # Assigned to both communities, but the role only reaches Aromos.
    user = await _holder(world, role, world["aromos"], world["vista"])
    assert await authorize(user, Action.CHECK_ACCESS, world["aromos"].id)
    outside = await authorize(user, Action.CHECK_ACCESS, world["vista"].id)
    assert outside.reason is Denial.SCOPE
    foreign = await authorize(user, Action.CHECK_ACCESS, world["foreign"].id)
    assert foreign.reason is Denial.SCOPE
    not_granted = await authorize(user, Action.DELIVER_CORRESPONDENCE, world["aromos"].id)
    assert not_granted.reason is Denial.PROFILE
    assert await community_ids_in_scope(user) == {world["aromos"].id}
    # A role's community not assigned to the person is not theirs either.
    narrow = await _holder(world, role, world["vista"])
    assert await community_ids_in_scope(narrow) == set()
    # Administration-wide actions are never a Comunidad role's, even when listed in it.
    wide = await _custom(world, RoleKind.COMMUNITY, {Action.VIEW_AUDIT}, world["aromos"])
    auditor = await _holder(world, wide, world["aromos"])
    refused = await authorize_administration(auditor, Action.VIEW_AUDIT)
    assert refused.reason is Denial.SCOPE


async def test_an_administration_role_works_in_every_live_community(world) -> None:
    role = await _custom(
        world, RoleKind.ADMINISTRATION, {Action.BUY_SMS, Action.VIEW_AUDIT, Action.CHECK_ACCESS}
    )
    user = await _holder(world, role)  # no assigned community: the kind says everywhere
    assert await authorize(user, Action.BUY_SMS, world["vista"].id)
    assert await authorize(user, Action.BUY_SMS, world["aromos"].id)
    assert (await authorize(user, Action.BUY_SMS, world["foreign"].id)).reason is Denial.SCOPE
    assert await authorize_administration(user, Action.VIEW_AUDIT)
    denied = await authorize(user, Action.MANAGE_USERS, world["aromos"].id)
    assert denied.reason is Denial.PROFILE
    world["vista"].deleted_at = world["vista"].created_at
    await world["vista"].save()
    gone = await authorize(user, Action.BUY_SMS, world["vista"].id)
    assert gone.reason is Denial.SCOPE


async def test_a_test_user_with_a_custom_role_only_reads(world) -> None:
    role = await _custom(
        world, RoleKind.COMMUNITY, {Action.CHECK_ACCESS, Action.LOG_VISIT}, world["aromos"]
    )
    tester = await _holder(world, role, world["aromos"], test=True)
    assert await authorize(tester, Action.CHECK_ACCESS, world["aromos"].id)
    write = await authorize(tester, Action.LOG_VISIT, world["aromos"].id)
    assert write.reason is Denial.READ_ONLY


async def test_an_inactive_custom_role_user_may_do_nothing(world) -> None:
    role = await _custom(world, RoleKind.ADMINISTRATION, set(Action))
    user = await _holder(world, role)
    user.is_active = False
    await user.save()
    for action in Action:
        assert not await authorize(user, action, world["aromos"].id)
        assert not await authorize_administration(user, action)


async def test_a_custom_role_replaces_the_stored_profile(world) -> None:
    role = await _custom(world, RoleKind.COMMUNITY, {Action.CHECK_ACCESS}, world["aromos"])
    user = await _holder(world, role, world["aromos"])
    user.profile = Profile.SUPER_ADMIN  # whatever is stored, the role decides
    await user.save()
    grants = await grants_of(user)
    assert grants.actions == {Action.CHECK_ACCESS}
    assert not await authorize(user, Action.LOG_VISIT, world["aromos"].id)
    assert not await authorize_administration(user, Action.MANAGE_ROLES)


async def test_nobody_gives_more_than_they_hold(world) -> None:
    small = await _custom(world, RoleKind.COMMUNITY, {Action.CHECK_ACCESS}, world["aromos"])
    in_vista = await _custom(world, RoleKind.COMMUNITY, {Action.CHECK_ACCESS}, world["vista"])
    wide = await _custom(world, RoleKind.ADMINISTRATION, {Action.CHECK_ACCESS})
    buyer = await _custom(world, RoleKind.COMMUNITY, {Action.BUY_SMS}, world["aromos"])
    admin, concierge, tester = world["admin"], world["concierge"], world["tester"]
    # Súper: everything; Administrador (Aromos): a subset of its grants, inside its scope.
    for role in (small, in_vista, wide, buyer):
        assert await may_give(world["super"], await role_grants(role))
    assert await may_give(admin, await role_grants(small))
    assert await may_give(admin, await role_grants(buyer))
    assert not await may_give(admin, await role_grants(in_vista)), "outside its communities"
    assert not await may_give(admin, await role_grants(wide)), "every community is more"
    assert not await may_give(admin, profile_grants(Profile.SUPER_ADMIN))
    assert await may_give(admin, profile_grants(Profile.ADMIN))
    # A test user gives nothing; a concierge's own grants are not a buyer's.
    assert not await may_give(tester, await role_grants(small))
    assert not await may_give(concierge, await role_grants(buyer))
    # A custom-role holder of MANAGE_USERS gives only what its role holds.
    manager_role = await _custom(
        world,
        RoleKind.COMMUNITY,
        {Action.MANAGE_USERS, Action.VIEW_USERS, Action.CHECK_ACCESS},
        world["aromos"],
    )
    manager = await _holder(world, manager_role, world["aromos"])
    assert await may_give(manager, await role_grants(small))
    assert not await may_give(manager, await role_grants(buyer))
    assert not await may_give(manager, profile_grants(Profile.CONCIERGE))
    assert await assignable_profiles(manager) == ()
