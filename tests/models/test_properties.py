"""Finding a community's properties by number or name (models/properties.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.core import Administration, Community, Property
from models.properties import (
    clean_query,
    find_property,
    get_property_in_community,
    property_ids_in,
    search_properties,
)


@dataclass
class World:
    community: Community
    other: Community
    other_property: Property


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Administradora Andes")
    community = await Community.create(administration=adm, name="Edificio Los Álamos")
    other = await Community.create(administration=adm, name="Condominio Sur")
    for name in (
        "Depto 10",
        "Depto 2",
        "Depto 101",
        "Depto 1010",
        "Casa 1",
        "Bodega 101",
        "LOCAL 3",
    ):
        await Property.create(community=community, name=name)
    other_property = await Property.create(community=other, name="Depto 101")
    return World(community=community, other=other, other_property=other_property)


async def _names(community_id: int, query: str | None, **kwargs: int) -> list[str]:
    page = await search_properties(community_id, query, **kwargs)
    return [p.name for p in page.items]


async def test_all_properties_in_natural_order(world: World) -> None:
    page = await search_properties(world.community.id, page_size=50)
    assert [p.name for p in page.items] == [
        "Bodega 101",
        "Casa 1",
        "Depto 2",
        "Depto 10",
        "Depto 101",
        "Depto 1010",
        "LOCAL 3",
    ]
    assert (page.total, page.pages, page.page) == (7, 1, 0)


async def test_a_number_finds_the_exact_unit_first(world: World) -> None:
    assert await _names(world.community.id, "101") == ["Bodega 101", "Depto 101", "Depto 1010"]
    assert await _names(world.community.id, "10") == [
        "Depto 10",
        "Bodega 101",
        "Depto 101",
        "Depto 1010",
    ]


async def test_every_typed_word_must_match_case_insensitively(world: World) -> None:
    assert await _names(world.community.id, "depto   101") == ["Depto 101", "Depto 1010"]
    assert await _names(world.community.id, "local") == ["LOCAL 3"]
    assert await _names(world.community.id, "101 bodega") == ["Bodega 101"]
    assert await _names(world.community.id, "piscina") == []


async def test_other_communities_are_never_searched(world: World) -> None:
    names = await _names(world.other.id, "101")
    assert names == ["Depto 101"]
    page = await search_properties(world.other.id, "101")
    assert [p.id for p in page.items] == [world.other_property.id]


async def test_pages_and_a_page_past_the_end(world: World) -> None:
    first = await search_properties(world.community.id, page_size=3)
    assert [p.name for p in first.items] == ["Bodega 101", "Casa 1", "Depto 2"]
    assert (first.pages, first.total) == (3, 7)
    last = await search_properties(world.community.id, page=99, page_size=3)
    assert last.page == 2
    assert [p.name for p in last.items] == ["LOCAL 3"]
    with pytest.raises(ValueError, match="page_size"):
        await search_properties(world.community.id, page_size=0)


async def test_query_is_trimmed_and_bounded() -> None:
    assert clean_query("  depto\t 101 ") == "depto 101"
    assert clean_query(None) == ""
    assert len(clean_query("x" * 500)) == 100


async def test_properties_are_found_only_in_the_given_communities(world: World) -> None:
    pid = world.other_property.id
    assert await get_property_in_community(world.community.id, pid) is None
    found = await get_property_in_community(world.other.id, pid)
    assert found is not None
    assert found.id == pid
    assert await find_property(pid, {world.community.id}) is None
    assert await find_property(pid, set()) is None
    with_community = await find_property(pid, {world.community.id, world.other.id})
    assert with_community is not None
    assert with_community.community.name == "Condominio Sur"
    assert await find_property(999_999, {world.other.id}) is None


async def test_property_ids_of_communities(world: World) -> None:
    assert await property_ids_in({world.other.id}) == {world.other_property.id}
    assert len(await property_ids_in({world.community.id, world.other.id})) == 8
    assert await property_ids_in(set()) == set()


async def test_a_residents_email_finds_its_property(world: World) -> None:
    from models.core import Resident

    depto = await Property.get(community=world.community, name="Depto 2")
    await Resident.create(property=depto, name="Rosa Pérez", email="rosa.perez@example.com")
    await Resident.create(
        property=world.other_property, name="Otra", email="rosa.perez@otro.example.com"
    )
    assert await _names(world.community.id, "rosa.perez") == ["Depto 2"]
    assert await _names(world.community.id, "PEREZ@example") == ["Depto 2"]
    # Every word must match, in the name or in an e-mail.
    assert await _names(world.community.id, "depto rosa") == ["Depto 2"]
    assert await _names(world.community.id, "casa rosa") == []
