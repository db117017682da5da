"""Users administration rules (SPEC §2, §3, §4.7): scope, profiles, invitations, audit."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from models.clock import FrozenClock
from models.core import Administration, AuditLog, Community, Invitation, Profile, StaffUser
from models.identity import RedeemError, identify, issue_invitation, redeem_invitation
from models.outbox import Channel, OutboxMessage
from models.staff import (
    StaffError,
    StaffErrorReason,
    assignable_communities,
    audit_actors,
    audit_entries,
    clean_email,
    clean_name,
    clean_query,
    editable_staff,
    email_in_use,
    fold,
    get_staff,
    list_staff,
    tools_refusal,
)
from models.staff_changes import create_staff, delete_staff, reset_access, update_staff
from tests.notices import rendered

T0 = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
R = StaffErrorReason


@dataclass
class World:
    aromos: Community
    vista: Community
    sofia: StaffUser  # Súper Administrador
    andres: StaffUser  # Administrador, Los Aromos
    carla: StaffUser  # Conserje, Los Aromos
    pablo: StaffUser  # Administrador, test user, Los Aromos
    valentina: StaffUser  # Conserje, Vista Cordillera
    mixto: StaffUser  # Conserje in both communities
    outsider: StaffUser  # another administración
    other_community: Community


async def _staff(
    adm: Administration,
    first: str,
    last: str,
    email: str,
    profile: Profile,
    communities: list[Community],
    *,
    telegram_id: int | None = None,
    is_test_user: bool = False,
) -> StaffUser:
    staff = await StaffUser.create(
        administration=adm,
        first_name=first,
        last_name=last,
        email=email,
        profile=profile,
        telegram_id=telegram_id,
        is_test_user=is_test_user,
    )
    await staff.communities.add(*communities)
    return staff


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Administradora Demo")
    aromos = await Community.create(administration=adm, name="Edificio Los Aromos")
    vista = await Community.create(administration=adm, name="Condominio Vista Cordillera")
    other_adm = await Administration.create(name="Otra Administradora")
    other_community = await Community.create(administration=other_adm, name="Condominio Sur")
    return World(
        aromos=aromos,
        vista=vista,
        sofia=await _staff(
            adm, "Sofía", "Súper", "sofia@example.com", Profile.SUPER_ADMIN, [aromos, vista]
        ),
        andres=await _staff(
            adm, "Andrés", "Admin", "andres@example.com", Profile.ADMIN, [aromos], telegram_id=1
        ),
        carla=await _staff(
            adm, "Carla", "Conserje", "carla@example.com", Profile.CONCIERGE, [aromos]
        ),
        pablo=await _staff(
            adm,
            "Pablo",
            "Prueba",
            "pablo@example.com",
            Profile.ADMIN,
            [aromos],
            is_test_user=True,
        ),
        valentina=await _staff(
            adm, "Valentina", "Conserje", "valentina@example.com", Profile.CONCIERGE, [vista]
        ),
        mixto=await _staff(
            adm, "Mario", "Mixto", "mario@example.com", Profile.CONCIERGE, [aromos, vista]
        ),
        outsider=await _staff(
            other_adm, "Olga", "Otra", "olga@example.com", Profile.SUPER_ADMIN, [other_community]
        ),
        other_community=other_community,
    )


async def _create(actor: StaffUser, community: Community, **overrides: object):
    values: dict[str, object] = {
        "profile": Profile.CONCIERGE,
        "first_name": "Marta",
        "last_name": "Soto",
        "second_last_name": "Díaz",
        "email": "marta@example.com",
        "community_ids": [community.id],
        "bot_username": "mi_bot",
    }
    values.update(overrides)
    return await create_staff(actor, **values)  # type: ignore[arg-type]


async def _refused(reason: StaffErrorReason, coro: object) -> StaffError:
    with pytest.raises(StaffError) as caught:
        await coro  # type: ignore[misc]
    assert caught.value.reason is reason
    return caught.value


def _emails(rows: list) -> set[str]:
    return {r.email for r in rows}


# --- listing ---------------------------------------------------------------------------------


async def test_super_admin_lists_the_whole_administracion_by_name(world: World) -> None:
    page = await list_staff(world.sofia, page_size=50)
    names = [r.full_name for r in page.items]
    assert names == sorted(names, key=fold)
    assert _emails(page.items) == {
        "sofia@example.com",
        "andres@example.com",
        "carla@example.com",
        "pablo@example.com",
        "valentina@example.com",
        "mario@example.com",
    }
    assert "olga@example.com" not in _emails(page.items)
    sofia = next(r for r in page.items if r.email == "sofia@example.com")
    assert sofia.is_self
    assert sofia.all_communities
    assert set(sofia.communities) == {"Edificio Los Aromos", "Condominio Vista Cordillera"}


async def test_admin_lists_only_users_sharing_its_communities(world: World) -> None:
    emails = _emails((await list_staff(world.andres, page_size=50)).items)
    assert "valentina@example.com" not in emails
    assert {"carla@example.com", "mario@example.com", "sofia@example.com"} <= emails
    with pytest.raises(StaffError) as caught:
        await get_staff(world.andres, world.valentina.id)
    assert caught.value.reason is R.NOT_FOUND
    assert (await get_staff(world.sofia, world.valentina.id)).email == "valentina@example.com"


async def test_community_filter_and_scope(world: World) -> None:
    vista = await list_staff(world.sofia, community_id=world.vista.id, page_size=50)
    assert "carla@example.com" not in _emails(vista.items)
    assert {"valentina@example.com", "mario@example.com"} <= _emails(vista.items)
    await _refused(R.COMMUNITY_OUT_OF_SCOPE, list_staff(world.andres, community_id=world.vista.id))
    await _refused(
        R.COMMUNITY_OUT_OF_SCOPE,
        list_staff(world.sofia, community_id=world.other_community.id),
    )


async def test_search_ignores_case_and_accents_and_matches_every_word(world: World) -> None:
    await _create(world.andres, world.aromos)
    for query in ("marta", "MARTA", "diaz", "Díaz", "soto díaz", "marta@example"):
        page = await list_staff(world.andres, query=query)
        assert [r.email for r in page.items] == ["marta@example.com"], query
    assert (await list_staff(world.andres, query="marta carla")).items == []
    assert (await list_staff(world.andres, query="andres")).items[0].is_self


async def test_pages_are_clamped(world: World) -> None:
    first = await list_staff(world.sofia, page_size=4)
    assert (first.total, first.pages, len(first.items)) == (6, 2, 4)
    past = await list_staff(world.sofia, page=9, page_size=4)
    assert past.page == 1
    assert len(past.items) == 2
    assert {r.id for r in first.items}.isdisjoint({r.id for r in past.items})
    with pytest.raises(ValueError, match="page_size"):
        await list_staff(world.sofia, page_size=0)


async def test_concierge_cannot_list_but_a_test_user_can(world: World) -> None:
    await _refused(R.NOT_ALLOWED, list_staff(world.carla))
    assert (await list_staff(world.pablo)).total == 5


# --- creating --------------------------------------------------------------------------------


async def test_create_sends_the_invitation_and_records_the_change(world: World) -> None:
    clock = FrozenClock(T0)
    staff, issued = await _create(
        world.andres, world.aromos, email=" Marta@Example.COM ", clock=clock
    )
    assert staff.full_name == "Marta Soto Díaz"
    assert staff.email == "marta@example.com"
    assert staff.profile is Profile.CONCIERGE
    assert [c.id for c in await staff.communities.all()] == [world.aromos.id]
    assert staff.telegram_id is None
    assert issued.invitation.expires_at == T0 + timedelta(hours=72)
    mail = rendered(await OutboxMessage.get(idempotency_key=f"invite:{issued.invitation.id}"))
    assert mail.channel is Channel.EMAIL
    assert mail.recipient == "marta@example.com"
    assert mail.subject == "Invitación a Conserjería — Edificio Los Aromos"
    assert issued.deep_link("mi_bot") in mail.body
    assert f"/start {issued.token}" in mail.body
    assert "25-11-2026 12:00" in mail.body  # 72 h later, Santiago summer time (UTC−3)
    assert "Conserje" in mail.body
    assert mail.html is not None
    assert issued.token in mail.html
    entry = await AuditLog.get(action="staff.create", object_id=str(staff.id))
    assert entry.actor_id == world.andres.id
    assert entry.after is not None
    assert entry.after["email"] == "marta@example.com"
    assert entry.after["communities"] == ["Edificio Los Aromos"]
    bound = await redeem_invitation(issued.token, 2001, clock=clock)
    assert bound.staff_user is not None
    assert bound.staff_user.id == staff.id


async def test_super_admin_creates_any_profile_and_admin_only_admin_and_concierge(
    world: World,
) -> None:
    await _refused(
        R.PROFILE_NOT_ALLOWED, _create(world.andres, world.aromos, profile="super_admin")
    )
    await _refused(R.PROFILE_NOT_ALLOWED, _create(world.andres, world.aromos, profile="jefe"))
    admin, _ = await _create(world.andres, world.aromos, profile=Profile.ADMIN)
    assert admin.profile is Profile.ADMIN
    boss, _ = await _create(
        world.sofia, world.vista, profile=Profile.SUPER_ADMIN, email="jefa@example.com"
    )
    assert boss.profile is Profile.SUPER_ADMIN


async def test_create_refusals_save_nothing(world: World) -> None:
    before = (await StaffUser.all().count(), await OutboxMessage.all().count())
    cases = [
        (R.INVALID_NAME, {"first_name": "  "}),
        (R.INVALID_NAME, {"first_name": "Marta2"}),
        (R.INVALID_NAME, {"last_name": "x" * 101}),
        (R.INVALID_NAME, {"last_name": "<b>"}),
        (R.INVALID_NAME, {"second_last_name": "123"}),
        (R.INVALID_EMAIL, {"email": "marta@"}),
        (R.INVALID_EMAIL, {"email": "no es correo"}),
        (R.NO_COMMUNITY, {"community_ids": []}),
        (R.COMMUNITY_OUT_OF_SCOPE, {"community_ids": [world.aromos.id, world.vista.id]}),
        (R.COMMUNITY_OUT_OF_SCOPE, {"community_ids": [world.other_community.id]}),
        (R.EMAIL_TAKEN, {"email": "CARLA@example.com"}),
    ]
    for reason, overrides in cases:
        error = await _refused(reason, _create(world.andres, world.aromos, **overrides))
        assert error.field is not None, reason
    await _refused(R.READ_ONLY, _create(world.pablo, world.aromos))
    await _refused(R.NOT_ALLOWED, _create(world.carla, world.aromos))
    assert (await StaffUser.all().count(), await OutboxMessage.all().count()) == before
    assert not await AuditLog.filter(action="staff.create").exists()


async def test_names_are_tidied_and_the_second_surname_is_optional(world: World) -> None:
    staff, _ = await _create(
        world.andres,
        world.aromos,
        first_name="  María   José ",
        last_name="O'Higgins-Riquelme",
        second_last_name=" ",
    )
    assert (staff.first_name, staff.last_name, staff.second_last_name) == (
        "María José",
        "O'Higgins-Riquelme",
        None,
    )
    assert clean_name("Ñuñoa Jr.") == "Ñuñoa Jr."
    assert clean_email("Ana.Rojas@Ejemplo.CL") == "ana.rojas@ejemplo.cl"


async def test_same_email_is_fine_in_another_administracion(world: World) -> None:
    staff, _ = await _create(world.sofia, world.aromos, email="olga@example.com")
    assert staff.administration_id != world.outsider.administration_id


async def test_two_admins_creating_the_same_email_at_once_make_one_user(world: World) -> None:
    results = await asyncio.gather(
        _create(world.andres, world.aromos),
        _create(world.sofia, world.vista),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 1
    assert isinstance(errors[0], StaffError)
    assert errors[0].reason is R.EMAIL_TAKEN
    assert await StaffUser.filter(email="marta@example.com").count() == 1
    assert await OutboxMessage.filter(recipient="marta@example.com").count() == 1


async def test_creating_a_deleted_users_email_brings_the_account_back(world: World) -> None:
    marta, _ = await _create(world.andres, world.aromos)
    await delete_staff(world.andres, marta.id)
    assert not await email_in_use(world.andres, "marta@example.com")
    again, issued = await _create(
        world.sofia, world.vista, first_name="Martina", profile=Profile.ADMIN
    )
    assert again.id == marta.id
    assert again.is_active
    assert again.first_name == "Martina"
    assert [c.id for c in await again.communities.all()] == [world.vista.id]
    assert (await redeem_invitation(issued.token, 2001)).error is None


# --- editing ---------------------------------------------------------------------------------


async def test_update_changes_fields_and_audits_before_and_after(world: World) -> None:
    updated = await update_staff(
        world.andres,
        world.carla.id,
        first_name="Carla Andrea",
        email="CARLA.C@example.com",
        profile=Profile.ADMIN,
        community_ids=[world.aromos.id],
    )
    assert set(updated.changed) == {"first_name", "email", "profile"}
    assert updated.staff.id == world.carla.id
    fresh = await StaffUser.get(id=world.carla.id)
    assert (fresh.first_name, fresh.email, fresh.profile) == (
        "Carla Andrea",
        "carla.c@example.com",
        Profile.ADMIN,
    )
    entry = await AuditLog.get(action="staff.update", object_id=str(world.carla.id))
    assert entry.before == {
        "name": "Carla Conserje",
        "email": "carla@example.com",
        "profile": "conserje",
    }
    assert entry.after == {
        "name": "Carla Andrea Conserje",
        "email": "carla.c@example.com",
        "profile": "admin",
    }
    nothing = await update_staff(world.andres, world.carla.id, first_name="Carla Andrea")
    assert nothing.changed == ()
    assert await AuditLog.filter(action="staff.update").count() == 1


async def test_super_admin_moves_a_user_between_communities(world: World) -> None:
    moved = await update_staff(world.sofia, world.carla.id, community_ids=[world.vista.id])
    assert moved.changed == ("community_ids",)
    assert [c.id for c in await world.carla.communities.all()] == [world.vista.id]
    entry = await AuditLog.get(action="staff.update")
    assert entry.before == {"communities": ["Edificio Los Aromos"]}
    assert entry.after == {"communities": ["Condominio Vista Cordillera"]}
    # Now outside Andrés's communities: he no longer sees her.
    await _refused(R.NOT_FOUND, update_staff(world.andres, world.carla.id, first_name="X"))


async def test_update_refusals(world: World) -> None:
    cases = [
        (R.NOT_FOUND, world.andres, world.valentina.id, {"first_name": "Vale"}),
        (R.NOT_FOUND, world.andres, world.outsider.id, {"first_name": "Olguita"}),
        (R.NOT_FOUND, world.sofia, 999_999, {"first_name": "Nadie"}),
        (R.TARGET_PROFILE, world.andres, world.sofia.id, {"first_name": "Sofi"}),
        (R.TARGET_OUTSIDE_SCOPE, world.andres, world.mixto.id, {"first_name": "Mario"}),
        (R.TEST_USER, world.sofia, world.pablo.id, {"first_name": "Pablito"}),
        (R.TEST_USER, world.andres, world.pablo.id, {"first_name": "Pablito"}),
        (R.READ_ONLY, world.pablo, world.carla.id, {"first_name": "Carlita"}),
        (R.NOT_ALLOWED, world.carla, world.andres.id, {"first_name": "Andy"}),
        (R.PROFILE_NOT_ALLOWED, world.andres, world.carla.id, {"profile": "super_admin"}),
        (R.EMAIL_TAKEN, world.andres, world.carla.id, {"email": "andres@example.com"}),
        (R.INVALID_EMAIL, world.andres, world.carla.id, {"email": "carla"}),
        (R.INVALID_NAME, world.andres, world.carla.id, {"last_name": ""}),
        (R.NO_COMMUNITY, world.andres, world.carla.id, {"community_ids": []}),
        (R.COMMUNITY_OUT_OF_SCOPE, world.andres, world.carla.id, {"community_ids": [999]}),
        (R.SELF, world.andres, world.andres.id, {"profile": "conserje"}),
        (R.SELF, world.sofia, world.sofia.id, {"community_ids": [world.aromos.id]}),
    ]
    for reason, actor, target_id, changes in cases:
        await _refused(reason, update_staff(actor, target_id, **changes))
    assert not await AuditLog.filter(action="staff.update").exists()
    with pytest.raises(TypeError):
        await update_staff(world.sofia, world.carla.id, is_test_user=True)


async def test_a_deleted_users_email_stays_taken_for_edits(world: World) -> None:
    await delete_staff(world.sofia, world.valentina.id)
    assert await email_in_use(world.sofia, "valentina@example.com", exclude_id=world.carla.id)
    await _refused(
        R.EMAIL_TAKEN,
        update_staff(world.sofia, world.carla.id, email="valentina@example.com"),
    )


async def test_people_edit_their_own_names_and_email(world: World) -> None:
    updated = await update_staff(
        world.andres,
        world.andres.id,
        last_name="Administrador",
        email="andres.a@example.com",
        profile=Profile.ADMIN,  # unchanged: allowed
    )
    assert set(updated.changed) == {"last_name", "email"}
    assert (await editable_staff(world.andres, world.andres.id)).is_self


# --- deleting and resetting access -----------------------------------------------------------


async def test_delete_revokes_access_at_once_and_keeps_history(world: World) -> None:
    marta, issued = await _create(world.andres, world.aromos)
    assert (await redeem_invitation(issued.token, 2001)).error is None
    assert (await identify(2001)).staff is not None
    pending = await issue_invitation(staff_user=marta)
    deleted = await delete_staff(world.andres, marta.id)
    assert not deleted.is_active
    fresh = await StaffUser.get(id=marta.id)
    assert (fresh.is_active, fresh.telegram_id) == (False, None)
    assert not (await identify(2001)).known
    # Its pending invitation says the account has no access (not "replaced by a newer one").
    assert (await redeem_invitation(pending.token, 2001)).error is RedeemError.INACTIVE
    assert "marta@example.com" not in _emails((await list_staff(world.andres)).items)
    assert await AuditLog.filter(object_id=str(marta.id)).count() == 3  # create, bind, delete
    entry = await AuditLog.get(action="staff.delete")
    assert entry.before is not None
    assert entry.before["name"] == "Marta Soto Díaz"
    await _refused(R.NOT_FOUND, delete_staff(world.andres, marta.id))


async def test_delete_refusals(world: World) -> None:
    cases = [
        (R.SELF, world.andres, world.andres.id),
        (R.SELF, world.sofia, world.sofia.id),
        (R.NOT_FOUND, world.andres, world.valentina.id),
        (R.TARGET_PROFILE, world.andres, world.sofia.id),
        (R.TARGET_OUTSIDE_SCOPE, world.andres, world.mixto.id),
        (R.TEST_USER, world.sofia, world.pablo.id),
        (R.READ_ONLY, world.pablo, world.carla.id),
        (R.NOT_ALLOWED, world.carla, world.carla.id),
    ]
    for reason, actor, target_id in cases:
        await _refused(reason, delete_staff(actor, target_id))
    assert await StaffUser.filter(is_active=False).count() == 0


async def test_super_admin_deletes_another_super_admin(world: World) -> None:
    other, _ = await _create(
        world.sofia, world.aromos, profile=Profile.SUPER_ADMIN, email="otra@example.com"
    )
    await delete_staff(world.sofia, other.id)
    assert not (await StaffUser.get(id=other.id)).is_active


async def test_reset_access_unbinds_and_sends_a_new_invitation(world: World) -> None:
    clock = FrozenClock(T0)
    staff, reissued = await reset_access(
        world.sofia, world.andres.id, timedelta(hours=24), bot_username="mi_bot", clock=clock
    )
    assert staff.telegram_id is None
    assert (await StaffUser.get(id=world.andres.id)).telegram_id is None
    assert not (await identify(1)).known
    mail = rendered(await OutboxMessage.get(idempotency_key=f"invite:{reissued.invitation.id}"))
    assert mail.recipient == "andres@example.com"
    assert f"/start {reissued.token}" in mail.body
    assert reissued.invitation.expires_at == T0 + timedelta(hours=24)
    entry = await AuditLog.get(action="staff.reset_access")
    assert entry.before == {"name": "Andrés Admin", "telegram": True}
    assert entry.after == {"name": "Andrés Admin", "telegram": False}
    assert (await redeem_invitation(reissued.token, 3001, clock=clock)).error is None
    assert (await identify(3001)).staff is not None


async def test_reset_access_revokes_the_previous_invitation(world: World) -> None:
    _, first = await _create(world.andres, world.aromos)
    marta = await StaffUser.get(email="marta@example.com")
    _, second = await reset_access(world.andres, marta.id)
    assert (await redeem_invitation(first.token, 2001)).error is RedeemError.REVOKED
    assert (await redeem_invitation(second.token, 2001)).error is None
    mails = await OutboxMessage.filter(recipient="marta@example.com").order_by("id")
    assert [m.idempotency_key for m in mails] == [
        f"invite:{first.invitation.id}",
        f"invite:{second.invitation.id}",
    ]
    assert await Invitation.filter(staff_user_id=marta.id).count() == 2


async def test_reset_access_refusals(world: World) -> None:
    cases = [
        (R.SELF, world.sofia, world.sofia.id),
        (R.NOT_FOUND, world.andres, world.valentina.id),
        (R.TARGET_PROFILE, world.andres, world.sofia.id),
        (R.TEST_USER, world.sofia, world.pablo.id),
        (R.READ_ONLY, world.pablo, world.carla.id),
    ]
    for reason, actor, target_id in cases:
        await _refused(reason, reset_access(actor, target_id))
    assert not await Invitation.exists()
    assert not await OutboxMessage.exists()


# --- what the card offers --------------------------------------------------------------------


async def test_tools_are_hidden_for_test_users_and_unmanageable_rows(world: World) -> None:
    rows = {r.email: r for r in (await list_staff(world.andres, page_size=50)).items}
    assert await tools_refusal(world.andres, rows["carla@example.com"]) is None
    assert await tools_refusal(world.andres, rows["andres@example.com"]) is None
    assert await tools_refusal(world.andres, rows["pablo@example.com"]) is R.TEST_USER
    assert await tools_refusal(world.andres, rows["sofia@example.com"]) is R.TARGET_PROFILE
    assert await tools_refusal(world.andres, rows["mario@example.com"]) is (R.TARGET_OUTSIDE_SCOPE)
    seen_by_test_user = {r.email: r for r in (await list_staff(world.pablo, page_size=50)).items}
    assert await tools_refusal(world.pablo, seen_by_test_user["carla@example.com"]) is None
    assert await tools_refusal(world.pablo, seen_by_test_user["pablo@example.com"]) is (
        R.TEST_USER
    )


async def test_assignable_communities_are_the_actors(world: World) -> None:
    assert [c.name for c in await assignable_communities(world.andres)] == ["Edificio Los Aromos"]
    assert [c.name for c in await assignable_communities(world.sofia)] == [
        "Condominio Vista Cordillera",
        "Edificio Los Aromos",
    ]


# --- the audit trail -------------------------------------------------------------------------


async def test_audit_entries_newest_first_filtered_by_user(world: World) -> None:
    marta, _ = await _create(world.andres, world.aromos)
    await update_staff(world.sofia, marta.id, first_name="Martina")
    await delete_staff(world.sofia, marta.id)
    page = await audit_entries(world.sofia)
    assert [e.action for e in page.items] == ["staff.delete", "staff.update", "staff.create"]
    by_andres = await audit_entries(world.sofia, actor_id=world.andres.id)
    assert [e.action for e in by_andres.items] == ["staff.create"]
    actors = await audit_actors(world.sofia)
    assert [a.full_name for a in actors] == ["Andrés Admin", "Sofía Súper"]
    await _refused(R.NOT_FOUND, audit_entries(world.sofia, actor_id=world.outsider.id))
    await _refused(R.NOT_ALLOWED, audit_entries(world.andres))
    await _refused(R.NOT_ALLOWED, audit_actors(world.carla))
    assert (await audit_entries(world.outsider)).total == 0


async def test_audit_pages(world: World) -> None:
    for n in range(25):
        await update_staff(world.sofia, world.carla.id, first_name=f"Carla {'I' * (n + 1)}")
    first = await audit_entries(world.sofia)
    second = await audit_entries(world.sofia, page=1)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (25, 2, 20, 5)
    assert first.items[0].after == {"name": "Carla " + "I" * 25 + " Conserje"}


def test_clean_query_and_fold() -> None:
    assert clean_query("  Marta   Soto ") == "Marta Soto"
    assert clean_query("   ") is None
    assert len(clean_query("x" * 500) or "") == 60
    assert fold("ÁRBOL Ñandú") == "arbol nandu"
    assert re.fullmatch(r"[a-z ]+", fold("Díaz Peña"))


async def test_demoting_a_super_admin_needs_communities(world: World) -> None:
    bare = await _staff(
        await Administration.get(id=world.sofia.administration_id),
        "Bruno",
        "Base",
        "bruno@example.com",
        Profile.SUPER_ADMIN,
        [],  # the command line's first Súper Administrador has no assigned communities
    )
    row = await get_staff(world.sofia, bare.id)
    assert row.all_communities
    assert set(row.community_ids) == {world.aromos.id, world.vista.id}
    await _refused(R.NO_COMMUNITY, update_staff(world.sofia, bare.id, profile=Profile.ADMIN))
    updated = await update_staff(
        world.sofia, bare.id, profile=Profile.ADMIN, community_ids=[world.vista.id]
    )
    assert set(updated.changed) == {"profile", "community_ids"}
    assert "bruno@example.com" not in _emails((await list_staff(world.andres)).items)
