"""A property's mobile: parsing what people type, and setting / deleting it with audit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.core import Administration, AuditLog, Community, Profile, Property, StaffUser
from models.errors import PropertyNotFound
from models.mobile import (
    InvalidMobile,
    MobileError,
    delete_mobile,
    format_mobile,
    parse_chilean_mobile,
    set_mobile,
)
from models.permissions import Denial, NotAllowed


@pytest.mark.parametrize(
    "raw",
    [
        "9 6123 4567",
        "+56 9 6123 4567",
        "961234567",
        "56961234567",
        "+56961234567",
        "9-6123-4567",
        "9.6123.4567",
        "(9) 6123 4567",
        "  +56  9 6123-4567 ",
        "0056961234567",
    ],
)
def test_accepts_what_people_type(raw: str) -> None:
    assert parse_chilean_mobile(raw) == "+56961234567"


def test_other_valid_mobile() -> None:
    assert parse_chilean_mobile("9 8765 4321") == "+56987654321"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", MobileError.EMPTY),
        ("   ", MobileError.EMPTY),
        (None, MobileError.EMPTY),
        ("22 123 4567", MobileError.LANDLINE),
        ("+56 2 2123 4567", MobileError.LANDLINE),
        ("800 123 456", MobileError.LANDLINE),
        ("+56 9 1234 5678", MobileError.INVALID),  # unallocated range
        ("9 6123 456", MobileError.INVALID),
        ("9 6123 45678", MobileError.INVALID),
        ("61234567", MobileError.INVALID),
        ("+1 650 253 0000", MobileError.FOREIGN),
        ("+54 9 11 1234 5678", MobileError.FOREIGN),
        ("hola", MobileError.NOT_A_NUMBER),
        ("9 6123 ABCD", MobileError.NOT_A_NUMBER),
        ("9 6123 4567; DROP", MobileError.NOT_A_NUMBER),
        ("56+961234567", MobileError.NOT_A_NUMBER),
        ("1", MobileError.NOT_A_NUMBER),
        ("9" * 41, MobileError.NOT_A_NUMBER),
    ],
)
def test_refuses_with_a_reason(raw: str | None, reason: MobileError) -> None:
    with pytest.raises(InvalidMobile) as caught:
        parse_chilean_mobile(raw)
    assert caught.value.reason is reason


def test_format_for_people() -> None:
    assert format_mobile("+56961234567") == "+56 9 6123 4567"


@dataclass
class World:
    community: Community
    other: Community
    admin: StaffUser
    concierge: StaffUser
    tester: StaffUser
    prop: Property
    second: Property
    elsewhere: Property


@pytest.fixture
async def world(db: object) -> World:
    administration = await Administration.create(name="Administradora Celulares")
    community = await Community.create(administration=administration, name="Los Aromos")
    other = await Community.create(administration=administration, name="El Roble")

    async def staff(email: str, profile: Profile, test: bool = False) -> StaffUser:
        user = await StaffUser.create(
            administration=administration,
            first_name="Ana",
            last_name=email.split("@")[0],
            email=email,
            profile=profile,
            is_test_user=test,
        )
        await user.communities.add(community)
        return user

    return World(
        community=community,
        other=other,
        admin=await staff("admin@example.cl", Profile.ADMIN),
        concierge=await staff("conserje@example.cl", Profile.CONCIERGE),
        tester=await staff("prueba@example.cl", Profile.ADMIN, test=True),
        prop=await Property.create(community=community, name="Depto 102"),
        second=await Property.create(community=community, name="Depto 103"),
        elsewhere=await Property.create(community=other, name="Casa 1"),
    )


async def test_set_edit_and_delete_with_audit(world: World) -> None:
    scope = {world.community.id}
    change = await set_mobile(
        world.admin, world.prop.id, "9 8765 4321", expected_community_ids=scope
    )
    assert change.before is None
    assert change.after == "+56987654321"
    assert change.changed
    assert (await Property.get(id=world.prop.id)).mobile == "+56987654321"

    change = await set_mobile(
        world.admin, world.prop.id, "+56 9 6123 4567", expected_community_ids=scope
    )
    assert change.before == "+56987654321"
    assert change.after == "+56961234567"

    change = await delete_mobile(world.admin, world.prop.id, expected_community_ids=scope)
    assert change.before == "+56961234567"
    assert change.after is None
    assert (await Property.get(id=world.prop.id)).mobile is None

    entries = await AuditLog.filter(object_type="property").order_by("id")
    assert [e.action for e in entries] == [
        "property.mobile_set",
        "property.mobile_set",
        "property.mobile_delete",
    ]
    assert entries[0].before == {"property": "Depto 102", "mobile": None}
    assert entries[0].after == {"property": "Depto 102", "mobile": "+56987654321"}
    assert entries[2].after == {"property": "Depto 102", "mobile": None}
    assert all(
        e.actor_id == world.admin.id and e.community_id == world.community.id for e in entries
    )


async def test_same_number_on_several_properties(world: World) -> None:
    scope = {world.community.id}
    await set_mobile(world.admin, world.prop.id, "961234567", expected_community_ids=scope)
    await set_mobile(world.admin, world.second.id, "9 6123 4567", expected_community_ids=scope)
    mobiles = await Property.filter(mobile="+56961234567").values_list("name", flat=True)
    assert sorted(mobiles) == ["Depto 102", "Depto 103"]


async def test_setting_the_same_number_again_changes_nothing(world: World) -> None:
    scope = {world.community.id}
    await set_mobile(world.admin, world.prop.id, "961234567", expected_community_ids=scope)
    change = await set_mobile(
        world.admin, world.prop.id, "+56 9 6123 4567", expected_community_ids=scope
    )
    assert not change.changed
    assert await AuditLog.filter(object_type="property").count() == 1


async def test_invalid_number_changes_nothing(world: World) -> None:
    scope = {world.community.id}
    await set_mobile(world.admin, world.prop.id, "961234567", expected_community_ids=scope)
    with pytest.raises(InvalidMobile) as caught:
        await set_mobile(world.admin, world.prop.id, "22 123 4567", expected_community_ids=scope)
    assert caught.value.reason is MobileError.LANDLINE
    assert (await Property.get(id=world.prop.id)).mobile == "+56961234567"
    assert await AuditLog.filter(object_type="property").count() == 1


@pytest.mark.parametrize(
    ("who", "denial"), [("concierge", Denial.PROFILE), ("tester", Denial.READ_ONLY)]
)
async def test_who_may_not(world: World, who: str, denial: Denial) -> None:
    actor = getattr(world, who)
    scope = {world.community.id}
    with pytest.raises(NotAllowed) as caught:
        await set_mobile(actor, world.prop.id, "961234567", expected_community_ids=scope)
    assert caught.value.reason is denial
    await Property.filter(id=world.prop.id).update(mobile="+56961234567")
    with pytest.raises(NotAllowed):
        await delete_mobile(actor, world.prop.id, expected_community_ids=scope)
    assert (await Property.get(id=world.prop.id)).mobile == "+56961234567"
    assert await AuditLog.filter(object_type="property").count() == 0


async def test_property_outside_the_expected_communities(world: World) -> None:
    with pytest.raises(PropertyNotFound):
        await set_mobile(
            world.admin,
            world.elsewhere.id,
            "961234567",
            expected_community_ids={world.community.id},
        )
    # Even when the caller passes the other community, the admin has no scope there.
    with pytest.raises(NotAllowed) as caught:
        await set_mobile(
            world.admin, world.elsewhere.id, "961234567", expected_community_ids={world.other.id}
        )
    assert caught.value.reason is Denial.SCOPE
    with pytest.raises(PropertyNotFound):
        await delete_mobile(world.admin, 999_999, expected_community_ids={world.community.id})
    with pytest.raises(PropertyNotFound):
        await set_mobile(world.admin, world.prop.id, "961234567", expected_community_ids=set())
    assert (await Property.get(id=world.elsewhere.id)).mobile is None
