"""Libro de novedades: categories, the append-only hash chain, reading, alta notices, the
shift handover and the daily digest — the rules, without Telegram."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from tortoise import connections

from models.clock import DEFAULT_ZONE as TZ
from models.clock import FrozenClock
from models.core import Administration, AuditLog, Community, Profile, Property, StaffUser
from models.correspondence import ItemKind, log_item
from models.logbook import (
    DEFAULT_CATEGORIES,
    GENESIS,
    LOGBOOK_ALTA,
    MAX_TEXT,
    Break,
    EntryKind,
    LogbookCategory,
    LogbookEntry,
    LogbookRefused,
    Priority,
    Refusal,
    Search,
    add_category,
    categories,
    delete_category,
    hand_over,
    pending_handover,
    receive_handover,
    recent_entries,
    rename_category,
    reviewers,
    search_entries,
    set_category_active,
    unreceived_handovers,
    verify_chain,
    write_entry,
)
from models.logbook_digest import LOGBOOK_DIGEST, DigestResult, send_all_digests
from models.outbox import Channel, OutboxMessage
from models.permissions import Denial, NotAllowed
from tests.notices import rendered

PHOTO = "AgACAgEAAxkBAAIBb2Zphoto"


def santiago(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


@dataclass
class World:
    clock: FrozenClock
    community: Community
    other: Community
    admin: StaffUser
    concierge: StaffUser
    night: StaffUser
    tester: StaffUser
    prop: Property
    elsewhere: Property


_names = itertools.count()


@pytest.fixture
async def world(db: object) -> World:
    tag = next(_names)
    clock = FrozenClock(santiago(2026, 12, 7, 10, 30))
    administration = await Administration.create(name=f"Administradora {tag}")
    community = await Community.create(administration=administration, name="Los Aromos")
    other = await Community.create(administration=administration, name="Vista Cordillera")
    telegram = itertools.count(50_000 + tag * 100)

    async def staff(
        name: str, profile: Profile, where: Community, test: bool = False
    ) -> StaffUser:
        user = await StaffUser.create(
            administration=administration,
            first_name=name,
            last_name="Prueba",
            email=f"{name.lower()}{tag}@example.com",
            profile=profile,
            telegram_id=next(telegram),
            is_test_user=test,
        )
        await user.communities.add(where)
        return user

    admin = await staff("Andres", Profile.ADMIN, community)
    await admin.communities.add(other)
    return World(
        clock=clock,
        community=community,
        other=other,
        admin=admin,
        concierge=await staff("Carla", Profile.CONCIERGE, community),
        night=await staff("Tomas", Profile.CONCIERGE, community),
        tester=await staff("Pablo", Profile.CONCIERGE, community, test=True),
        prop=await Property.create(community=community, name="Depto 101"),
        elsewhere=await Property.create(community=other, name="Casa 1"),
    )


async def category(world: World, name: str = "Seguridad", where: Community | None = None) -> int:
    found = await categories((where or world.community).id)
    return next(c.id for c in found if c.name == name)


async def write(world: World, text: str = "Portón abierto", **kwargs: object) -> LogbookEntry:
    return await write_entry(
        world.concierge,
        world.community.id,
        await category(world),
        text,
        clock=world.clock,
        **kwargs,  # type: ignore[arg-type]
    )


# --- categories ----------------------------------------------------------------------------


async def test_default_categories_are_created_once_on_first_use(world: World) -> None:
    assert [c.name for c in await categories(world.community.id)] == list(DEFAULT_CATEGORIES)
    await asyncio.gather(*(categories(world.community.id) for _ in range(5)))
    assert await LogbookCategory.filter(community_id=world.community.id).count() == 4
    assert await LogbookCategory.filter(community_id=world.other.id).count() == 0


async def test_administrators_add_rename_and_deactivate_but_never_delete_one_in_use(
    world: World,
) -> None:
    added = await add_category(world.admin, world.community.id, "  Conserjería   nocturna ")
    assert added.name == "Conserjería nocturna"
    with pytest.raises(LogbookRefused) as exists:
        await add_category(world.admin, world.community.id, "seguridad")
    assert exists.value.reason is Refusal.CATEGORY_EXISTS
    for bad, reason in (
        ("", Refusal.CATEGORY_NAME_MISSING),
        ("x" * 41, Refusal.CATEGORY_NAME_TOO_LONG),
    ):
        with pytest.raises(LogbookRefused) as refused:
            await add_category(world.admin, world.community.id, bad)
        assert refused.value.reason is reason
    with pytest.raises(NotAllowed):
        await add_category(world.concierge, world.community.id, "Otra")

    entry = await write(world)
    seguridad = await category(world)
    await rename_category(world.admin, world.community.id, seguridad, "Seguridad y accesos")
    # The entry keeps the name it was written with (it is hashed), and the chain holds.
    assert (await LogbookEntry.get(id=entry.id)).category_name == "Seguridad"
    assert (await verify_chain(world.community.id)).intact

    with pytest.raises(LogbookRefused) as in_use:
        await delete_category(world.admin, world.community.id, seguridad)
    assert in_use.value.reason is Refusal.CATEGORY_IN_USE
    await delete_category(world.admin, world.community.id, added.id)
    assert not await LogbookCategory.exists(id=added.id)

    await set_category_active(world.admin, world.community.id, seguridad, False)
    assert seguridad not in [c.id for c in await categories(world.community.id)]
    with pytest.raises(LogbookRefused) as inactive:
        await write_entry(world.concierge, world.community.id, seguridad, "x", clock=world.clock)
    assert inactive.value.reason is Refusal.CATEGORY_INACTIVE
    actions = await AuditLog.filter(action__startswith="logbook.category").values_list(
        "action", flat=True
    )
    assert sorted(actions) == [
        "logbook.category_active",
        "logbook.category_add",
        "logbook.category_delete",
        "logbook.category_rename",
    ]


# --- writing and refusals ------------------------------------------------------------------


async def test_an_entry_is_stamped_chained_and_audited(world: World) -> None:
    first = await write(world, photos=[PHOTO], property_id=world.prop.id)
    world.clock.advance(timedelta(minutes=5))
    second = await write(world, "Ronda sin novedad\n\n\n\ncon  espacios ")
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert second.text == "Ronda sin novedad\n\ncon espacios"
    assert first.author_label == "Carla Prueba"
    assert first.property_name == "Depto 101"
    assert first.photos == [PHOTO]
    assert first.created_at == santiago(2026, 12, 7, 10, 30)
    state = await verify_chain(world.community.id)
    assert state.intact
    assert state.entries == 2
    assert await AuditLog.filter(action="logbook.write").count() == 2


async def test_bad_input_is_refused_and_nothing_is_written(world: World) -> None:
    seguridad = await category(world)
    cases = [
        ({"text": "   \n "}, Refusal.EMPTY_TEXT),
        ({"text": "x" * (MAX_TEXT + 1)}, Refusal.TEXT_TOO_LONG),
        ({"text": "x" * 10_000}, Refusal.TEXT_TOO_LONG),
        ({"text": "ok", "photos": [PHOTO] * 11}, Refusal.TOO_MANY_PHOTOS),
        ({"text": "ok", "property_id": world.elsewhere.id}, Refusal.PROPERTY_NOT_FOUND),
    ]
    for kwargs, reason in cases:
        with pytest.raises(LogbookRefused) as refused:
            await write_entry(
                world.concierge,
                world.community.id,
                seguridad,
                clock=world.clock,
                **kwargs,  # type: ignore[arg-type]
            )
        assert refused.value.reason is reason
    # A category of another community (a forged button).
    foreign = await category(world, where=world.other)
    with pytest.raises(LogbookRefused) as forged:
        await write_entry(world.concierge, world.community.id, foreign, "x", clock=world.clock)
    assert forged.value.reason is Refusal.CATEGORY_NOT_FOUND
    # A test user and someone of another community.
    with pytest.raises(NotAllowed) as tester:
        await write_entry(world.tester, world.community.id, seguridad, "x", clock=world.clock)
    assert tester.value.reason is Denial.READ_ONLY
    with pytest.raises(NotAllowed) as scope:
        await write_entry(world.concierge, world.other.id, foreign, "x", clock=world.clock)
    assert scope.value.reason is Denial.SCOPE
    assert await LogbookEntry.all().count() == 0


async def test_a_correction_is_a_new_entry_in_the_same_community(world: World) -> None:
    wrong = await write(world, "Depto 110 sin agua")
    fixed = await write(world, "Era el Depto 101", corrects_id=wrong.id)
    assert fixed.corrects_id == wrong.id
    assert (await LogbookEntry.get(id=wrong.id)).text == "Depto 110 sin agua"
    elsewhere = await write_entry(
        world.admin,
        world.other.id,
        await category(world, where=world.other),
        "x",
        clock=world.clock,
    )
    assert elsewhere.sequence == 1
    with pytest.raises(LogbookRefused) as forged:
        await write(world, "x", corrects_id=elsewhere.id)
    assert forged.value.reason is Refusal.ENTRY_NOT_FOUND


# --- the chain -----------------------------------------------------------------------------


async def test_a_tampered_removed_or_relinked_row_is_detected(world: World) -> None:
    entries = []
    for n in range(6):
        entries.append(await write(world, f"Novedad {n}"))
        world.clock.advance(timedelta(minutes=1))
    assert (await verify_chain(world.community.id, batch=4)).intact

    conn = connections.get("default")
    target = entries[3]
    await conn.execute_query(
        "UPDATE logbook_entry SET text = 'Nada que reportar' WHERE id = " + str(target.id)
    )
    state = await verify_chain(world.community.id, batch=4)
    assert not state.intact
    assert (state.broken_sequence, state.broken_id, state.reason) == (4, target.id, Break.HASH)
    assert state.entries == 3

    # Recomputing the tampered row's own hash is not enough: the next one no longer links.
    await conn.execute_query(
        "UPDATE logbook_entry SET hash = 'f' || substr(hash, 2) WHERE id = " + str(target.id)
    )
    state = await verify_chain(world.community.id)
    assert state.reason is Break.HASH
    assert state.broken_sequence == 4

    await LogbookEntry.filter(id=target.id).update(text=target.text, hash=target.hash)
    assert (await verify_chain(world.community.id)).intact
    # A removed row leaves a gap.
    await conn.execute_query("DELETE FROM logbook_entry WHERE id = " + str(entries[1].id))
    state = await verify_chain(world.community.id)
    assert (state.broken_sequence, state.reason) == (2, Break.GAP)


async def test_a_link_to_another_previous_hash_is_detected(world: World) -> None:
    for n in range(3):
        await write(world, f"Novedad {n}")
    last = await LogbookEntry.get(community_id=world.community.id, sequence=3)
    await LogbookEntry.filter(id=last.id).update(prev_hash=GENESIS)
    state = await verify_chain(world.community.id)
    assert (state.broken_sequence, state.reason) == (3, Break.LINK)


async def test_concurrent_appends_never_fork_the_chain_on_postgres(
    world: World, require_postgres: None
) -> None:
    seguridad = await category(world)
    writers = [world.concierge, world.night, world.admin] * 10
    await asyncio.gather(
        *(
            write_entry(w, world.community.id, seguridad, f"n{i}", clock=world.clock)
            for i, w in enumerate(writers)
        )
    )
    sequences = await LogbookEntry.filter(community_id=world.community.id).values_list(
        "sequence", flat=True
    )
    assert sorted(sequences) == list(range(1, 31))
    state = await verify_chain(world.community.id)
    assert state.intact
    assert state.entries == 30


# --- reading -------------------------------------------------------------------------------


async def test_concierges_read_48_hours_newest_first_in_pages(world: World) -> None:
    old = await write(world, "Hace tres días")
    await LogbookEntry.filter(id=old.id).update(created_at=world.clock.now() - timedelta(days=3))
    for n in range(500):  # ten times a busy two days
        await write(world, f"Novedad {n}")
    first = await recent_entries(
        world.concierge, world.community.id, page_size=10, clock=world.clock
    )
    assert (first.total, first.pages) == (500, 50)
    assert first.items[0].text == "Novedad 499"
    last = await recent_entries(
        world.concierge, world.community.id, page=99, page_size=10, clock=world.clock
    )
    assert last.page == 49
    assert last.items[-1].text == "Novedad 0"


async def test_administrators_search_by_text_dates_category_property_priority(
    world: World,
) -> None:
    await write(
        world, "Portón de acceso trabado", priority=Priority.ALTA, property_id=world.prop.id
    )
    world.clock.advance(timedelta(days=5))
    await write(world, "Se arregló el portón")
    since = world.clock.now() - timedelta(days=1)
    found = await search_entries(world.admin, world.community.id, Search(text="PORTÓN"))
    assert found.total == 2
    assert (
        await search_entries(world.admin, world.community.id, Search(priority=Priority.ALTA))
    ).total == 1
    assert (await search_entries(world.admin, world.community.id, Search(since=since))).total == 1
    assert (await search_entries(world.admin, world.community.id, Search(until=since))).total == 1
    assert (
        await search_entries(world.admin, world.community.id, Search(property_id=world.prop.id))
    ).total == 1
    mantencion = await category(world, "Mantención")
    assert (
        await search_entries(world.admin, world.community.id, Search(category_id=mantencion))
    ).total == 0
    with pytest.raises(LogbookRefused) as bad:
        await search_entries(world.admin, world.community.id, Search(since=since, until=since))
    assert bad.value.reason is Refusal.BAD_RANGE
    with pytest.raises(NotAllowed):
        await search_entries(world.concierge, world.community.id, Search(text="portón"))


# --- alta ----------------------------------------------------------------------------------


async def test_alta_tells_every_reviewer_by_chat_in_the_same_transaction(world: World) -> None:
    assert [u.id for u in await reviewers(world.community.id)] == [world.admin.id]
    entry = await write(world, "Olor a gas en el 3er piso", priority=Priority.ALTA, photos=[PHOTO])
    (notice,) = await OutboxMessage.filter(template=LOGBOOK_ALTA)
    assert notice.channel is Channel.CHAT
    assert notice.recipient == str(world.admin.telegram_id)
    assert notice.idempotency_key == f"logbook:{entry.id}:alta:chat:{world.admin.id}"
    assert notice.attachments == {"photo_file_id": PHOTO}
    text = rendered(notice).body
    assert "prioridad alta" in text
    assert "Olor a gas" in text
    assert "#1" in text
    await write(world, "Normal")
    assert await OutboxMessage.filter(template=LOGBOOK_ALTA).count() == 1


# --- shift handover ------------------------------------------------------------------------


async def test_handover_counts_the_shift_and_is_received_once_by_someone_else(
    world: World,
) -> None:
    await log_item(
        world.concierge, world.community.id, world.prop.id, ItemKind.PARCEL, clock=world.clock
    )
    alta = await write(world, "Corte de luz", priority=Priority.ALTA)
    world.clock.advance(timedelta(hours=8))
    entry, handover = await hand_over(
        world.concierge, world.community.id, " Llaves en el cajón ", clock=world.clock
    )
    assert entry.kind is EntryKind.HANDOVER
    assert entry.text == "Llaves en el cajón"
    assert entry.summary is not None
    assert entry.summary["parcels_waiting"] == 1
    assert entry.summary["alta"] == [alta.sequence]
    assert (await verify_chain(world.community.id)).intact

    assert await pending_handover(world.concierge, world.community.id) is None
    assert (await pending_handover(world.night, world.community.id)).id == handover.id  # type: ignore[union-attr]
    assert await pending_handover(world.tester, world.community.id) is None
    admin_view = await unreceived_handovers(world.admin, world.community.id)
    assert admin_view.total == 1

    with pytest.raises(LogbookRefused) as own:
        await receive_handover(world.concierge, world.community.id, handover.id, clock=world.clock)
    assert own.value.reason is Refusal.OWN_HANDOVER
    with pytest.raises(LogbookRefused) as forged:  # the id of another community's handover
        await receive_handover(world.admin, world.other.id, handover.id, clock=world.clock)
    assert forged.value.reason is Refusal.HANDOVER_NOT_FOUND
    done = await receive_handover(world.night, world.community.id, handover.id, clock=world.clock)
    assert done.received_label == "Tomas Prueba"
    assert done.received_at == world.clock.now()
    with pytest.raises(LogbookRefused) as again:
        await receive_handover(world.admin, world.community.id, handover.id, clock=world.clock)
    assert again.value.reason is Refusal.ALREADY_RECEIVED
    assert await pending_handover(world.night, world.community.id) is None
    assert (await unreceived_handovers(world.admin, world.community.id)).total == 0

    # The next handover of the same person counts from the previous one.
    world.clock.advance(timedelta(hours=12))
    second, _ = await hand_over(world.concierge, world.community.id, "", clock=world.clock)
    assert second.summary is not None
    assert second.summary["alta"] == []
    assert second.text == ""


# --- daily digest --------------------------------------------------------------------------


async def test_the_digest_goes_once_a_day_and_only_where_there_is_something(world: World) -> None:
    assert await send_all_digests(clock=world.clock) == DigestResult(0, 0, 0)
    await write(world, "Portón", priority=Priority.ALTA)
    await write_entry(
        world.concierge,
        world.community.id,
        await category(world, "Mantención"),
        "Ampolleta",
        clock=world.clock,
    )
    await hand_over(world.concierge, world.community.id, "Todo bien", clock=world.clock)
    world.clock.advance(timedelta(hours=20))
    done = await send_all_digests(clock=world.clock)
    assert (done.communities, done.emails, done.chats) == (1, 1, 1)
    again = await send_all_digests(clock=world.clock)
    assert (again.emails, again.chats) == (0, 0)
    mail = rendered(await OutboxMessage.get(template=LOGBOOK_DIGEST, channel=Channel.EMAIL))
    assert mail.recipient == world.admin.email
    assert "Los Aromos" in str(mail.subject)
    body = mail.body
    assert body.index("Prioridad alta · Seguridad") < body.index("Prioridad normal · Mantención")
    assert "Entregas de turno" in body
    assert "Todo bien" in body
    chat = rendered(await OutboxMessage.get(template=LOGBOOK_DIGEST, channel=Channel.CHAT))
    assert chat.recipient == str(world.admin.telegram_id)
    assert "Portón" in chat.body
    # A day later, nothing new was written: nothing is sent.
    world.clock.advance(timedelta(days=1))
    assert await send_all_digests(clock=world.clock) == DigestResult(0, 0, 0)


async def test_the_digest_email_shows_the_community_logo_and_name(world: World) -> None:
    from models.logos import LogoChoice, Owner, save_logo, set_choice
    from tests.models.test_images import jpeg

    logo = await save_logo(Owner.community(world.community.id), jpeg(700, 700), world.admin)
    await set_choice(world.community.id, LogoChoice.COMMUNITY, world.admin)
    await write(world, "Portón")
    world.clock.advance(timedelta(hours=1))
    await send_all_digests(clock=world.clock)
    row = await OutboxMessage.get(template=LOGBOOK_DIGEST, channel=Channel.EMAIL)
    cid = f"logo-{logo.sha256[:16]}@conserjeria"
    assert row.data is not None
    assert row.data["logo_cid"] == cid
    assert isinstance(row.attachments, list)
    assert row.attachments[0]["sha256"] == logo.sha256
    mail = rendered(row)
    assert f'src="cid:{cid}"' in str(mail.html)
    assert "Los Aromos" in str(mail.subject)
    chat = await OutboxMessage.get(template=LOGBOOK_DIGEST, channel=Channel.CHAT)
    assert chat.attachments is None


async def test_the_handover_counts_only_the_shifts_visits(world: World) -> None:
    from models.access import ListStatus, Visit
    from models.documents import DocumentType

    async def visit(at: datetime) -> None:
        await Visit.create(
            community=world.community,
            doc_type=DocumentType.RUT,
            doc_number="11111111-1",
            list_status=ListStatus.UNLISTED,
            entered=True,
            concierge_label="Carla Prueba",
            created_at=at,
        )

    await visit(world.clock.now() - timedelta(hours=13))  # before the 12-hour shift
    await visit(world.clock.now() - timedelta(hours=2))
    await visit(world.clock.now())
    entry, _ = await hand_over(world.concierge, world.community.id, None, clock=world.clock)
    assert entry.summary is not None
    assert entry.summary["visits"] == 2
    assert entry.summary["parcels_waiting"] == 0
