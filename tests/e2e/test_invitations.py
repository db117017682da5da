"""Invitations as people use them: a known person opening a second one, a deleted user's link
(issue 12, items 6 and 14)."""

from __future__ import annotations

from handlers import texts
from models.core import Community, Profile, Property, Resident, ResidentRole, StaffUser
from models.identity import issue_invitation
from models.staff_changes import delete_staff
from tests.chat import text_of

RODRIGO = 1004  # resident of Depto 101, Los Aromos
CARLA = 1003  # concierge, Los Aromos
ANDRES = 1002


async def resident_invitation(property_name: str, email: str) -> str:
    prop = await Property.get(name=property_name)
    resident = await Resident.create(
        property=prop, name="Rodrigo Residente", email=email, role=ResidentRole.SECONDARY
    )
    return (await issue_invitation(resident=resident)).token


async def test_a_resident_links_a_second_property_with_its_invitation(sim) -> None:
    rodrigo = sim.person(RODRIGO)
    token = await resident_invitation("Depto 102", "rodrigo@example.com")
    answer = text_of(await rodrigo.send(f"/start {token}"))
    assert texts.BOUND_RESIDENT in answer
    assert "Depto 101" in answer
    assert "Depto 102" in answer
    assert await Resident.filter(telegram_id=RODRIGO).count() == 2
    # Opening it again says it is already theirs, and still greets.
    again = text_of(await rodrigo.send(f"/start {token}"))
    assert texts.REDEEM_ERRORS["already_yours"] in again
    assert "Depto 102" in again


async def test_a_concierge_who_lives_in_the_building_links_a_home(sim) -> None:
    carla = sim.person(CARLA)
    token = await resident_invitation("Depto 103", "carla.casa@example.com")
    answer = text_of(await carla.send(f"/start {token}"))
    assert texts.BOUND_RESIDENT in answer
    assert "Perfil: Conserje" in answer  # still the concierge
    assert await Resident.filter(telegram_id=CARLA, property__name="Depto 103").exists()


async def test_a_deleted_users_invitation_says_the_account_has_no_access(sim) -> None:
    andres = await StaffUser.get(telegram_id=ANDRES)
    aromos = await Community.get(name="Edificio Los Aromos")
    tomas = await StaffUser.create(
        administration_id=aromos.administration_id,
        first_name="Tomás",
        last_name="Tapia",
        email="tomas.tapia@example.com",
        profile=Profile.CONCIERGE,
    )
    await tomas.communities.add(aromos)
    token = (await issue_invitation(staff_user=tomas, created_by=andres)).token
    await delete_staff(andres, tomas.id)
    answer = text_of(await sim.person(5555).send(f"/start {token}"))
    assert texts.REDEEM_ERRORS["inactive"] in answer
    assert "reemplazada" not in answer
    assert (await StaffUser.get(id=tomas.id)).telegram_id is None
