"""Invitations, binding Telegram accounts, and who a Telegram user is."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from models.clock import FrozenClock
from models.core import (
    Administration,
    AuditLog,
    Community,
    Invitation,
    Profile,
    Property,
    Resident,
    StaffUser,
)
from models.identity import (
    IdentityCache,
    Person,
    RedeemError,
    create_super_admin,
    hash_token,
    identify,
    identities_changed,
    identity_cache,
    issue_invitation,
    redeem_invitation,
    switch_community,
    working_community,
)

T0 = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


async def _staff(email: str = "ana@example.com", profile: Profile = Profile.ADMIN) -> StaffUser:
    administration, _ = await Administration.get_or_create(name="Adm")
    return await StaffUser.create(
        administration=administration,
        first_name="Ana",
        last_name="Rojas",
        email=email,
        profile=profile,
    )


async def test_token_is_random_long_and_stored_only_hashed(db) -> None:
    staff = await _staff()
    first = await issue_invitation(staff_user=staff)
    second = await issue_invitation(staff_user=staff)
    assert first.token != second.token
    assert len(first.token) >= 22  # 16 random bytes, urlsafe base64
    stored = await Invitation.get(id=second.invitation.id)
    assert stored.token_hash == hash_token(second.token)
    assert second.token not in stored.token_hash
    assert first.deep_link("mi_bot") == f"https://t.me/mi_bot?start={first.token}"


async def test_redeem_binds_once(db) -> None:
    staff = await _staff()
    issued = await issue_invitation(staff_user=staff)
    result = await redeem_invitation(issued.token, 5001)
    assert result.error is None
    assert result.staff_user is not None
    assert (await StaffUser.get(id=staff.id)).telegram_id == 5001
    again = await redeem_invitation(issued.token, 5002)
    assert again.error is RedeemError.USED
    assert (await StaffUser.get(id=staff.id)).telegram_id == 5001
    assert await AuditLog.filter(action="identity.bind", object_id=str(staff.id)).count() == 1


async def test_expired_unknown_and_replaced_tokens_are_refused(db) -> None:
    clock = FrozenClock(T0)
    staff = await _staff()
    old = await issue_invitation(staff_user=staff, clock=clock, ttl=timedelta(hours=72))
    clock.advance(timedelta(hours=72, seconds=1))
    assert (await redeem_invitation(old.token, 1, clock=clock)).error is RedeemError.EXPIRED
    fresh = await issue_invitation(staff_user=staff, clock=clock)
    assert (await redeem_invitation(old.token, 1, clock=clock)).error is RedeemError.REVOKED
    assert (await redeem_invitation("nope", 1, clock=clock)).error is RedeemError.UNKNOWN
    assert (await redeem_invitation("x" * 65, 1, clock=clock)).error is RedeemError.UNKNOWN
    assert (await redeem_invitation(fresh.token, 1, clock=clock)).error is None


async def test_an_account_bound_to_an_active_user_cannot_take_another(db) -> None:
    ana = await _staff("ana@example.com")
    bea = await _staff("bea@example.com")
    assert (
        await redeem_invitation((await issue_invitation(staff_user=ana)).token, 77)
    ).error is None
    result = await redeem_invitation((await issue_invitation(staff_user=bea)).token, 77)
    assert result.error is RedeemError.ACCOUNT_TAKEN
    assert (await StaffUser.get(id=bea.id)).telegram_id is None


async def test_deleted_user_invitation_is_refused(db) -> None:
    staff = await _staff()
    issued = await issue_invitation(staff_user=staff)
    staff.is_active = False
    await staff.save()
    assert (await redeem_invitation(issued.token, 1)).error is RedeemError.INACTIVE


async def test_concurrent_redeems_bind_exactly_one_account(db) -> None:
    staff = await _staff()
    issued = await issue_invitation(staff_user=staff)
    results = await asyncio.gather(*(redeem_invitation(issued.token, 9000 + i) for i in range(8)))
    winners = [r for r in results if r.error is None]
    assert len(winners) == 1
    assert all(r.error is RedeemError.USED for r in results if r.error is not None)
    bound = (await StaffUser.get(id=staff.id)).telegram_id
    assert bound is not None
    assert 9000 <= bound < 9008


async def test_resident_invitation_binds_the_resident(db) -> None:
    administration = await Administration.create(name="Adm")
    community = await Community.create(administration=administration, name="C")
    unit = await Property.create(community=community, name="Depto 1")
    resident = await Resident.create(property=unit, email="r@example.com", name="Rita Pérez")
    issued = await issue_invitation(resident=resident)
    result = await redeem_invitation(issued.token, 4242)
    assert result.resident is not None
    person = await identify(4242)
    assert person.staff is None
    assert [r.id for r in person.residents] == [resident.id]
    assert person.first_name == "Rita"


async def test_identify_stamps_last_access_and_ignores_inactive(db) -> None:
    clock = FrozenClock(T0)
    staff = await _staff()
    staff.telegram_id = 31
    await staff.save()
    person = await identify(31, clock=clock)
    assert person.known
    assert (await StaffUser.get(id=staff.id)).last_access == T0
    clock.advance(timedelta(seconds=30))
    await identify(31, clock=clock)
    assert (await StaffUser.get(id=staff.id)).last_access == T0, "written at most once a minute"
    clock.advance(timedelta(seconds=31))
    await identify(31, clock=clock)
    assert (await StaffUser.get(id=staff.id)).last_access == T0 + timedelta(seconds=61)
    staff.is_active = False
    await staff.save()  # behind the domain's back, as another instance would
    assert (await identify(31, clock=clock)).known, "remembered until the cache forgets"
    identities_changed()
    assert not (await identify(31, clock=clock)).known
    assert not (await identify(999_999, clock=clock)).known


@pytest.mark.parametrize("ttl", [0.05, 0])
async def test_a_change_from_elsewhere_applies_once_the_cache_expires(
    db, ttl: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a short TTL the change shows after it; with none, at the very next update."""
    monkeypatch.setattr(identity_cache, "ttl", ttl)
    staff = await _staff()
    await StaffUser.filter(id=staff.id).update(telegram_id=32)
    assert (await identify(32)).known
    await StaffUser.filter(id=staff.id).update(is_active=False)
    await asyncio.sleep(ttl * 1.2)
    assert not (await identify(32)).known
    assert len(identity_cache) == (0 if ttl == 0 else 1)


async def test_an_unknown_account_is_known_right_after_redeeming(db) -> None:
    staff = await _staff()
    issued = await issue_invitation(staff_user=staff)
    assert not (await identify(34)).known  # remembered as unknown…
    assert (await redeem_invitation(issued.token, 34)).staff_user is not None
    assert (await identify(34)).known  # …until the binding, which forgets it


def test_a_lookup_that_raced_a_change_is_not_kept() -> None:
    cache = IdentityCache(ttl=30)
    nobody = Person(staff=None, residents=[])
    read_at = cache.generation
    cache.clear()  # a change committed while the lookup was reading
    cache.put(1, nobody, read_at)
    assert cache.get(1) is None
    cache.put(1, nobody, cache.generation)
    assert cache.get(1) is nobody


def test_the_cache_keeps_only_the_most_recent_accounts() -> None:
    cache = IdentityCache(ttl=30, size=2)
    people = {n: Person(staff=None, residents=[]) for n in (1, 2, 3)}
    cache.put(1, people[1], cache.generation)
    cache.put(2, people[2], cache.generation)
    assert cache.get(1) is people[1]  # 1 is now the most recent
    cache.put(3, people[3], cache.generation)
    assert len(cache) == 2
    assert cache.get(2) is None
    assert cache.get(1) is people[1]
    assert cache.get(3) is people[3]


async def test_working_community_and_switch(db) -> None:
    staff = await _staff(profile=Profile.SUPER_ADMIN)
    aromos = await Community.create(administration_id=staff.administration_id, name="Aromos")
    vista = await Community.create(administration_id=staff.administration_id, name="Vista")
    other_adm = await Administration.create(name="Otra")
    foreign = await Community.create(administration=other_adm, name="Ajena")
    assert await working_community(staff) is None, "two communities and none chosen"
    assert (await switch_community(staff, vista.id)).id == vista.id
    assert (await working_community(await StaffUser.get(id=staff.id))).id == vista.id
    assert await switch_community(staff, foreign.id) is None
    assert (await StaffUser.get(id=staff.id)).working_community_id == vista.id
    concierge = await _staff("c@example.com", Profile.CONCIERGE)
    await concierge.communities.add(aromos)
    assert (await working_community(concierge)).id == aromos.id, "one community is implicit"
    assert await switch_community(concierge, vista.id) is None


async def test_create_super_admin_bootstraps_and_is_rerunnable(db) -> None:
    staff, issued = await create_super_admin(
        administration_name="Nueva Adm", first_name="Eva", last_name="Soto", email="EVA@x.cl"
    )
    assert staff.profile is Profile.SUPER_ADMIN
    assert staff.email == "eva@x.cl"
    again, second = await create_super_admin(
        administration_name="Nueva Adm", first_name="Eva", last_name="Soto", email="eva@x.cl"
    )
    assert again.id == staff.id
    assert await StaffUser.filter(email="eva@x.cl").count() == 1
    assert (await redeem_invitation(issued.token, 1)).error is RedeemError.REVOKED
    assert (await redeem_invitation(second.token, 1)).error is None
