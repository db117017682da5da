"""Access lists per property, the concierge's check and the visit log (SPEC §4.2)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from tortoise.exceptions import IntegrityError

from models import access
from models.access import (
    AccessEntry,
    AddStatus,
    CheckStatus,
    EntryNotFound,
    ListStatus,
    ListType,
    Visit,
    add_entry,
    check_document,
    delete_entry,
    get_entry,
    list_entries,
    move_entry,
    natural_key,
    register_visit,
    visits_on,
)
from models.clock import DEFAULT_ZONE as SANTIAGO
from models.clock import FrozenClock
from models.core import Administration, AuditLog, Community, Profile, Property, StaffUser
from models.documents import DocumentType, InvalidDocument, InvalidName
from models.errors import PropertyNotFound, PropertyNotInCommunity

RUT = "12.345.678-5"
CANONICAL = "12345678-5"


@dataclass
class World:
    admin: StaffUser
    concierge: StaffUser
    community: Community
    depto_101: Property
    depto_102: Property
    other_community: Community
    other_property: Property
    other_admin: StaffUser


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Administradora Andes")
    community = await Community.create(administration=adm, name="Edificio Los Álamos")
    other_adm = await Administration.create(name="Otra Administradora")
    other_community = await Community.create(administration=other_adm, name="Condominio Sur")
    admin = await StaffUser.create(
        administration=adm,
        first_name="Ana",
        last_name="Rojas",
        email="ana@andes.cl",
        profile=Profile.ADMIN,
    )
    concierge = await StaffUser.create(
        administration=adm,
        first_name="Carlos",
        last_name="Soto",
        email="carlos@andes.cl",
        profile=Profile.CONCIERGE,
    )
    other_admin = await StaffUser.create(
        administration=other_adm,
        first_name="Olga",
        last_name="Díaz",
        email="olga@sur.cl",
        profile=Profile.ADMIN,
    )
    return World(
        admin=admin,
        concierge=concierge,
        community=community,
        depto_101=await Property.create(community=community, name="Depto 101"),
        depto_102=await Property.create(community=community, name="Depto 102"),
        other_community=other_community,
        other_property=await Property.create(community=other_community, name="Depto 101"),
        other_admin=other_admin,
    )


async def _rows(prop: Property, number: str = CANONICAL) -> list[AccessEntry]:
    return await AccessEntry.filter(
        property_id=prop.id, doc_type=DocumentType.RUT, doc_number=number
    )


def test_stored_values() -> None:
    assert ListType.DENIED == "no_autorizado"
    assert ListStatus.UNLISTED == "sin_lista"


def test_natural_key_orders_numbers_by_value() -> None:
    names = ["Depto 10", "depto 2", "Casa 1", "Depto 1A", "Depto 1", "2 Norte", "Depto 101"]
    assert sorted(names, key=natural_key) == [
        "2 Norte",
        "Casa 1",
        "Depto 1",
        "Depto 1A",
        "depto 2",
        "Depto 10",
        "Depto 101",
    ]


async def test_add_creates_an_entry_with_who_and_when(world: World) -> None:
    result = await add_entry(
        world.depto_101.id,
        ListType.AUTHORIZED,
        DocumentType.RUT,
        RUT,
        " Juana  Pérez ",
        world.admin,
    )
    assert result.status is AddStatus.CREATED
    entry = await AccessEntry.get(id=result.entry.id)
    assert entry.doc_number == CANONICAL
    assert entry.full_name == "Juana Pérez"
    assert entry.list_type is ListType.AUTHORIZED
    assert entry.registered_by_id == world.admin.id
    assert entry.registered_by_email == "ana@andes.cl"
    assert entry.created_at is not None
    assert entry.created_at.tzinfo is not None


async def test_one_number_under_two_document_types_is_one_document(world: World) -> None:
    """Issue 12 item 4: Pasaporte in Autorizado, then Otro in No autorizado: never both."""
    first = await add_entry(
        world.depto_101.id, "autorizado", "pasaporte", "ab 123456", "Juana Pérez", world.admin
    )
    other = await add_entry(
        world.depto_101.id, ListType.DENIED, "otro", "AB123456", "Juana Pérez", world.admin
    )
    assert other.status is AddStatus.IN_OTHER_LIST
    assert other.entry.id == first.entry.id
    rows = await AccessEntry.filter(property_id=world.depto_101.id)
    assert [(r.list_type, r.doc_type) for r in rows] == [
        (ListType.AUTHORIZED, DocumentType.PASSPORT)
    ]
    with pytest.raises(IntegrityError):  # the database refuses it too
        await AccessEntry.create(
            property_id=world.depto_101.id,
            list_type=ListType.DENIED,
            doc_type="otro",
            doc_number="AB123456",
            full_name="Juana Pérez",
            registered_by_email="",
        )


async def test_add_same_list_again_reports_it_and_creates_nothing(world: World) -> None:
    first = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    again = await add_entry(
        world.depto_101.id, "autorizado", "rut", "123456785", "Otra Persona", world.admin
    )
    assert again.status is AddStatus.ALREADY_IN_SAME_LIST
    assert again.entry.id == first.entry.id
    assert again.entry.full_name == "Juana Pérez"
    assert len(await _rows(world.depto_101)) == 1


async def test_add_to_other_list_reports_it_and_keeps_one_row(world: World) -> None:
    first = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    other = await add_entry(
        world.depto_101.id, ListType.DENIED, "rut", "12345678-5", "Juana Pérez", world.admin
    )
    assert other.status is AddStatus.IN_OTHER_LIST
    assert other.entry.id == first.entry.id
    assert other.entry.list_type is ListType.AUTHORIZED
    rows = await _rows(world.depto_101)
    assert [r.list_type for r in rows] == [ListType.AUTHORIZED]


async def test_add_refuses_bad_input_and_changes_nothing(world: World) -> None:
    with pytest.raises(InvalidDocument):
        await add_entry(world.depto_101.id, "autorizado", "rut", "12.345.678-9", "Juana", None)
    with pytest.raises(InvalidName):
        await add_entry(world.depto_101.id, "autorizado", "rut", RUT, "x" * 121, None)
    with pytest.raises(InvalidName):
        await add_entry(world.depto_101.id, "autorizado", "pasaporte", "AB123", "R2D2", None)
    with pytest.raises(PropertyNotFound):
        await add_entry(987654, "autorizado", "rut", RUT, "Juana Pérez", world.admin)
    assert await AccessEntry.all().count() == 0
    assert await AuditLog.all().count() == 0


async def test_a_rut_typed_as_otro_is_the_same_document(world: World) -> None:
    """One normalised number is one document of the property, whatever the type it was typed
    as (SPEC §4.2; issue 12 item 4 — this used to create a second entry)."""
    first = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    result = await add_entry(
        world.depto_101.id, "no_autorizado", "otro", CANONICAL, "Juana Pérez", world.admin
    )
    assert result.status is AddStatus.IN_OTHER_LIST
    assert result.entry.id == first.entry.id
    assert await AccessEntry.filter(property_id=world.depto_101.id).count() == 1


async def test_move_then_check_shows_denied_with_one_entry(world: World) -> None:
    added = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    check = await check_document(world.community.id, DocumentType.RUT, CANONICAL)
    assert check.status is CheckStatus.AUTHORIZED
    moved = await move_entry(added.entry.id, ListType.DENIED, world.admin)
    assert moved.list_type is ListType.DENIED
    check = await check_document(world.community.id, DocumentType.RUT, CANONICAL)
    assert check.status is CheckStatus.DENIED
    assert check.authorized == []
    assert [(m.property_name, m.full_name, m.entry_id) for m in check.denied] == [
        ("Depto 101", "Juana Pérez", added.entry.id)
    ]
    rows = await _rows(world.depto_101)
    assert [r.list_type for r in rows] == [ListType.DENIED]


async def test_move_updates_updated_at(world: World) -> None:
    added = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    before = (await AccessEntry.get(id=added.entry.id)).updated_at
    await asyncio.sleep(0.01)
    await move_entry(added.entry.id, "no_autorizado", world.admin)
    after = await AccessEntry.get(id=added.entry.id)
    assert after.updated_at > before
    assert after.created_at == added.entry.created_at


async def test_move_to_same_list_is_a_no_op(world: World) -> None:
    added = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    audits = await AuditLog.all().count()
    same = await move_entry(added.entry.id, ListType.AUTHORIZED, world.admin)
    assert same.id == added.entry.id
    assert same.list_type is ListType.AUTHORIZED
    assert await AuditLog.all().count() == audits


async def test_delete_removes_the_entry(world: World) -> None:
    added = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    await delete_entry(added.entry.id, world.admin)
    assert await _rows(world.depto_101) == []
    check = await check_document(world.community.id, "rut", RUT)
    assert check.status is CheckStatus.UNLISTED
    # and it can be added again afterwards
    again = await add_entry(world.depto_101.id, "no_autorizado", "rut", RUT, "Juana", world.admin)
    assert again.status is AddStatus.CREATED


async def test_stale_entry_id_raises_entry_not_found(world: World) -> None:
    added = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    await delete_entry(added.entry.id, world.admin)
    with pytest.raises(EntryNotFound):
        await move_entry(added.entry.id, ListType.DENIED, world.admin)
    with pytest.raises(EntryNotFound):
        await delete_entry(added.entry.id, world.admin)
    with pytest.raises(EntryNotFound):
        await get_entry(added.entry.id)
    assert await AuditLog.filter(action="access.move").count() == 0


async def test_entry_of_another_community_is_not_found(world: World) -> None:
    foreign = await add_entry(
        world.other_property.id, "autorizado", "rut", RUT, "Juana Pérez", world.other_admin
    )
    ours = {world.depto_101.id, world.depto_102.id}
    with pytest.raises(EntryNotFound):
        await get_entry(foreign.entry.id, expected_property_ids=ours)
    with pytest.raises(EntryNotFound):
        await move_entry(
            foreign.entry.id, "no_autorizado", world.admin, expected_property_ids=ours
        )
    with pytest.raises(EntryNotFound):
        await delete_entry(foreign.entry.id, world.admin, expected_property_ids=ours)
    untouched = await AccessEntry.get(id=foreign.entry.id)
    assert untouched.list_type is ListType.AUTHORIZED
    assert await AuditLog.filter(actor_id=world.admin.id).count() == 0
    # the owner still reaches it
    entry = await get_entry(foreign.entry.id, expected_property_ids={world.other_property.id})
    assert entry.property.name == "Depto 101"


async def test_same_document_in_two_properties_is_listed_for_both(world: World) -> None:
    depto_2 = await Property.create(community=world.community, name="Depto 2")
    depto_10 = await Property.create(community=world.community, name="Depto 10")
    await add_entry(depto_10.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin)
    await add_entry(depto_2.id, "autorizado", "rut", RUT, "Juana P.", world.admin)
    await add_entry(world.depto_102.id, "no_autorizado", "rut", RUT, "Juana Pérez", world.admin)
    check = await check_document(world.community.id, DocumentType.RUT, "123456785")
    assert check.status is CheckStatus.MIXED
    assert check.doc_number == CANONICAL
    assert [(m.property_name, m.full_name) for m in check.authorized] == [
        ("Depto 2", "Juana P."),
        ("Depto 10", "Juana Pérez"),
    ]
    assert [m.property_id for m in check.denied] == [world.depto_102.id]


async def test_another_communitys_lists_never_appear(world: World) -> None:
    await add_entry(
        world.other_property.id, "no_autorizado", "rut", RUT, "Juana", world.other_admin
    )
    check = await check_document(world.community.id, DocumentType.RUT, CANONICAL)
    assert check.status is CheckStatus.UNLISTED
    assert check.authorized == []
    assert check.denied == []
    theirs = await check_document(world.other_community.id, DocumentType.RUT, CANONICAL)
    assert theirs.status is CheckStatus.DENIED


async def test_check_passport_and_document_type(world: World) -> None:
    await add_entry(world.depto_101.id, "autorizado", "pasaporte", "ab123456", "John Doe", None)
    check = await check_document(world.community.id, DocumentType.PASSPORT, "AB123456")
    assert [m.full_name for m in check.authorized] == ["John Doe"]
    other_type = await check_document(world.community.id, DocumentType.OTHER, "AB123456")
    assert other_type.status is CheckStatus.UNLISTED


async def test_list_entries_pages_and_filter(world: World) -> None:
    names = [f"Persona {chr(ord('A') + i)}" for i in range(11)]
    for i, name in enumerate(reversed(names)):
        list_type = ListType.DENIED if i % 3 == 0 else ListType.AUTHORIZED
        await add_entry(world.depto_101.id, list_type, "pasaporte", f"P{i:07d}", name, world.admin)
    await add_entry(world.depto_102.id, "autorizado", "rut", RUT, "Persona Z", world.admin)

    first = await list_entries(world.depto_101.id, page_size=4)
    assert (first.total, first.pages, first.page) == (11, 3, 0)
    assert [e.full_name for e in first.items] == names[:4]
    last = await list_entries(world.depto_101.id, page=2, page_size=4)
    assert [e.full_name for e in last.items] == names[8:]
    past_end = await list_entries(world.depto_101.id, page=9, page_size=4)
    assert past_end.page == 2
    assert [e.id for e in past_end.items] == [e.id for e in last.items]

    denied = await list_entries(world.depto_101.id, list_type="no_autorizado")
    assert denied.total == 4
    assert all(e.list_type is ListType.DENIED for e in denied.items)
    authorized = await list_entries(world.depto_101.id, list_type=ListType.AUTHORIZED)
    assert authorized.total == 7
    assert [e.full_name for e in authorized.items] == sorted(e.full_name for e in authorized.items)

    empty = await list_entries(world.depto_102.id, list_type=ListType.DENIED)
    assert (empty.items, empty.total, empty.pages, empty.page) == ([], 0, 1, 0)


async def test_list_entries_orders_equal_names_by_id(world: World) -> None:
    a = await add_entry(world.depto_101.id, "autorizado", "pasaporte", "P2", "Juan", None)
    b = await add_entry(world.depto_101.id, "autorizado", "pasaporte", "P1", "Juan", None)
    page = await list_entries(world.depto_101.id)
    assert [e.id for e in page.items] == [a.entry.id, b.entry.id]


async def test_every_change_is_audited_with_before_and_after(world: World) -> None:
    added = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    await move_entry(added.entry.id, "no_autorizado", world.admin)
    await delete_entry(added.entry.id, world.admin)
    logs = await AuditLog.all().order_by("id")
    assert [log.action for log in logs] == ["access.add", "access.move", "access.delete"]
    add_log, move_log, delete_log = logs
    for log in logs:
        assert log.object_type == "access_entry"
        assert log.object_id == str(added.entry.id)
        assert log.actor_id == world.admin.id
        assert log.community_id == world.community.id
        assert log.administration_id == world.community.administration_id
    assert add_log.before is None
    assert add_log.after is not None
    assert add_log.after["doc_number"] == CANONICAL
    assert add_log.after["list_type"] == "autorizado"
    assert add_log.after["property"] == "Depto 101"
    assert move_log.before is not None
    assert move_log.after is not None
    assert move_log.before["list_type"] == "autorizado"
    assert move_log.after["list_type"] == "no_autorizado"
    assert delete_log.before is not None
    assert delete_log.before["list_type"] == "no_autorizado"
    assert delete_log.after is None


async def test_registered_by_email_survives_user_deletion(world: World) -> None:
    added = await add_entry(
        world.depto_101.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    await world.admin.delete()
    entry = await AccessEntry.get(id=added.entry.id)
    assert entry.registered_by_id is None
    assert entry.registered_by_email == "ana@andes.cl"


async def test_deleting_a_property_deletes_its_entries(world: World) -> None:
    await add_entry(world.depto_102.id, "autorizado", "rut", RUT, "Juana Pérez", world.admin)
    await world.depto_102.delete()
    assert await AccessEntry.all().count() == 0


# --- a lost race, made deterministic: the pre-check misses a row that already exists ---


async def test_add_that_loses_the_race_reports_the_winner(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner = await add_entry(
        world.depto_101.id, "no_autorizado", "rut", RUT, "Juana Pérez", world.admin
    )
    original = access._find
    calls = 0

    async def blind_first(*args: object) -> AccessEntry | None:
        nonlocal calls
        calls += 1
        if calls == 1:
            return None  # as if the other add committed just after our read
        return await original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(access, "_find", blind_first)
    result = await add_entry(world.depto_101.id, "autorizado", "rut", RUT, "Juana", world.admin)
    assert calls == 2
    assert result.status is AddStatus.IN_OTHER_LIST
    assert result.entry.id == winner.entry.id
    assert len(await _rows(world.depto_101)) == 1
    assert await AuditLog.filter(action="access.add").count() == 1


def _kinds(n: int) -> list[ListType]:
    return [ListType.AUTHORIZED if i % 2 else ListType.DENIED for i in range(n)]


async def _concurrent_adds(world: World, n: int) -> list[object]:
    return await asyncio.gather(
        *(
            add_entry(world.depto_101.id, kind, "rut", RUT, f"Juana {chr(65 + i)}", world.admin)
            for i, kind in enumerate(_kinds(n))
        ),
        return_exceptions=True,
    )


def _assert_one_winner(results: list[object], n: int) -> None:
    """No exception leaked, one CREATED, and every loser was told where the document is."""
    leaked = [r for r in results if isinstance(r, BaseException)]
    assert leaked == []
    assert len(results) == n
    adds = [r for r in results if isinstance(r, access.AddResult)]
    assert len(adds) == n
    assert [r.status for r in adds].count(AddStatus.CREATED) == 1
    assert len({r.entry.id for r in adds}) == 1
    stored = adds[0].entry.list_type
    for requested, result in zip(_kinds(n), adds, strict=True):
        if result.status is not AddStatus.CREATED:
            expected = (
                AddStatus.ALREADY_IN_SAME_LIST if requested == stored else AddStatus.IN_OTHER_LIST
            )
            assert result.status is expected
        else:
            assert requested == stored


async def test_concurrent_adds_leave_one_row_sqlite_or_postgres(world: World) -> None:
    results = await _concurrent_adds(world, 6)
    _assert_one_winner(results, 6)
    assert len(await _rows(world.depto_101)) == 1
    assert await AuditLog.filter(action="access.add").count() == 1


async def test_concurrent_adds_on_postgres(world: World, require_postgres: None) -> None:
    results = await _concurrent_adds(world, 10)
    _assert_one_winner(results, 10)
    assert len(await _rows(world.depto_101)) == 1
    assert await AuditLog.filter(action="access.add").count() == 1


async def test_concurrent_adds_all_past_the_precheck_on_postgres(
    world: World, require_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every add reads "not there" before any inserts: only the unique constraint saves us."""
    n = 10
    barrier = asyncio.Barrier(n)
    original = access._find
    calls = 0

    async def read_then_wait(*args: object) -> AccessEntry | None:
        nonlocal calls
        calls += 1
        found = await original(*args)  # type: ignore[arg-type]
        if calls <= n:
            await barrier.wait()
        return found

    monkeypatch.setattr(access, "_find", read_then_wait)
    results = await asyncio.wait_for(_concurrent_adds(world, n), timeout=30)
    _assert_one_winner(results, n)
    assert calls == 2 * n - 1, "every loser re-read after its insert failed"
    assert len(await _rows(world.depto_101)) == 1
    assert await AuditLog.filter(action="access.add").count() == 1


# --- visits ---


async def test_register_visit_and_list_it(world: World) -> None:
    clock = FrozenClock(datetime(2026, 3, 10, 15, 0, tzinfo=UTC))
    visit = await register_visit(
        world.community.id,
        property_id=world.depto_101.id,
        doc_type="rut",
        doc_number="12.345.678-5",
        full_name="Juana Pérez",
        list_status=ListStatus.AUTHORIZED,
        entered=True,
        concierge=world.concierge,
        clock=clock,
    )
    stored = await Visit.get(id=visit.id)
    assert stored.doc_number == CANONICAL
    assert stored.list_status is ListStatus.AUTHORIZED
    assert stored.entered is True
    assert stored.concierge_id == world.concierge.id
    assert stored.concierge_label == "Carlos Soto <carlos@andes.cl>"
    assert stored.created_at == clock.now()
    log = await AuditLog.get(action="visit.register")
    assert log.object_id == str(visit.id)
    assert log.community_id == world.community.id
    assert log.after is not None
    assert log.after["entered"] is True
    assert log.after["list_status"] == "autorizado"
    day = await visits_on(world.community.id, date(2026, 3, 10), tz=SANTIAGO)
    assert [v.id for v in day] == [visit.id]
    assert day[0].property is not None
    assert day[0].property.name == "Depto 101"


async def test_unlisted_visit_without_property_or_name(world: World) -> None:
    clock = FrozenClock(datetime(2026, 3, 10, 15, 0, tzinfo=UTC))
    visit = await register_visit(
        world.community.id,
        property_id=None,
        doc_type=DocumentType.PASSPORT,
        doc_number="ab123456",
        full_name=None,
        list_status="sin_lista",
        entered=False,
        concierge=world.concierge,
        clock=clock,
    )
    assert (visit.doc_number, visit.full_name, visit.list_status) == (
        "AB123456",
        "",
        ListStatus.UNLISTED,
    )
    day = await visits_on(world.community.id, date(2026, 3, 10), tz=SANTIAGO)
    assert [v.property for v in day] == [None]


async def test_visits_on_uses_santiagos_calendar_day(world: World) -> None:
    clock = FrozenClock(datetime(2026, 3, 10, 1, 0, tzinfo=UTC))  # 9 Mar 22:00 in Santiago
    kwargs = {
        "property_id": world.depto_101.id,
        "doc_type": "rut",
        "doc_number": RUT,
        "full_name": "Juana Pérez",
        "list_status": "autorizado",
        "entered": True,
        "concierge": world.concierge,
        "clock": clock,
    }
    late_evening = await register_visit(world.community.id, **kwargs)  # type: ignore[arg-type]
    clock.set(datetime(2026, 3, 10, 3, 0, tzinfo=UTC))  # 10 Mar 00:00 in Santiago
    midnight = await register_visit(world.community.id, **kwargs)  # type: ignore[arg-type]
    clock.set(datetime(2026, 3, 10, 20, 0, tzinfo=UTC))
    afternoon = await register_visit(world.community.id, **kwargs)  # type: ignore[arg-type]
    clock.set(datetime(2026, 3, 11, 2, 59, tzinfo=UTC))  # 10 Mar 23:59 in Santiago
    last_minute = await register_visit(world.community.id, **kwargs)  # type: ignore[arg-type]

    assert [v.id for v in await visits_on(world.community.id, date(2026, 3, 9), tz=SANTIAGO)] == [
        late_evening.id
    ]
    assert [v.id for v in await visits_on(world.community.id, date(2026, 3, 10), tz=SANTIAGO)] == [
        last_minute.id,
        afternoon.id,
        midnight.id,
    ]
    utc_day = await visits_on(world.community.id, date(2026, 3, 10), tz=UTC)  # type: ignore[arg-type]
    assert [v.id for v in utc_day] == [afternoon.id, midnight.id, late_evening.id]
    assert await visits_on(world.other_community.id, date(2026, 3, 10), tz=SANTIAGO) == []


async def test_visits_on_a_dst_change_day(world: World) -> None:
    """6 Sep 2026 starts at 04:00 UTC (clocks jump 00:00 → 01:00): a 23-hour day."""
    clock = FrozenClock(datetime(2026, 9, 6, 3, 30, tzinfo=UTC))  # 5 Sep 23:30 (-04)
    kwargs = {
        "property_id": None,
        "doc_type": "otro",
        "doc_number": "X1",
        "full_name": "",
        "list_status": "sin_lista",
        "entered": False,
        "concierge": world.concierge,
        "clock": clock,
    }
    saturday = await register_visit(world.community.id, **kwargs)  # type: ignore[arg-type]
    clock.set(datetime(2026, 9, 6, 4, 0, tzinfo=UTC))  # 6 Sep 01:00 (-03)
    sunday = await register_visit(world.community.id, **kwargs)  # type: ignore[arg-type]
    assert [v.id for v in await visits_on(world.community.id, date(2026, 9, 5), tz=SANTIAGO)] == [
        saturday.id
    ]
    assert [v.id for v in await visits_on(world.community.id, date(2026, 9, 6), tz=SANTIAGO)] == [
        sunday.id
    ]


async def test_register_visit_refuses_a_property_of_another_community(world: World) -> None:
    with pytest.raises(PropertyNotInCommunity):
        await register_visit(
            world.community.id,
            property_id=world.other_property.id,
            doc_type="rut",
            doc_number=RUT,
            full_name="Juana Pérez",
            list_status="autorizado",
            entered=True,
            concierge=world.concierge,
        )
    with pytest.raises(PropertyNotInCommunity):
        await register_visit(
            world.community.id,
            property_id=999_999,
            doc_type="rut",
            doc_number=RUT,
            full_name="Juana Pérez",
            list_status="autorizado",
            entered=True,
            concierge=world.concierge,
        )
    assert await Visit.all().count() == 0
    assert await AuditLog.filter(action="visit.register").count() == 0


async def test_register_visit_refuses_bad_document(world: World) -> None:
    with pytest.raises(InvalidDocument):
        await register_visit(
            world.community.id,
            property_id=world.depto_101.id,
            doc_type="rut",
            doc_number="12.345.678-9",
            full_name="Juana Pérez",
            list_status="autorizado",
            entered=True,
            concierge=world.concierge,
        )
    assert await Visit.all().count() == 0
