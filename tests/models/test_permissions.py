"""Every profile × every action × in-scope / out-of-scope community, against SPEC §2."""

from __future__ import annotations

import itertools

import pytest

from models.core import Administration, Community, Profile, StaffUser
from models.permissions import (
    RULES,
    Action,
    Denial,
    NotAllowed,
    assignable_profiles,
    authorize,
    builtin_grants,
    decide,
    require,
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
}
SUPER_ONLY = {
    Action.MANAGE_COMMUNITIES,
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
    Action.VIEW_AUDIT,
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
