"""Libro de novedades: a community's append-only, tamper-evident log, and shift handovers.

Rules (issue 14, SPEC §2 "llevar el libro de novedades"):

- categories are per community; the defaults ("Administrativa", "Copropietarios", "Seguridad",
  "Mantención") are created on first use (idempotent, unique per community and name).
  Administrators add, rename and deactivate them; one in use is never deleted;
- an entry is never edited or deleted. A correction is a new entry pointing to the one it
  corrects (`corrects_id`), in the same community;
- every entry gets the community's next `sequence` and stores `prev_hash` (the previous
  entry's `hash`, or `GENESIS`) and `hash` = SHA-256 of a canonical JSON of its content and
  `prev_hash` (`content_hash`). Appends are serialised per community: the community row is
  locked (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers itself) and
  (community, sequence) is unique, so two concurrent appends never fork the chain;
- what is hashed are snapshots (author, category and property *names*), never foreign keys a
  later rename or deletion could change: the chain stays verifiable for ever;
- `verify_chain` walks the chain in order and names the first entry whose hash, link or
  sequence does not match (a changed row, a removed row, a reordered one);
- priority alta tells every person who may review the community's logbook
  (`Action.REVIEW_LOGBOOK`) by chat, through the outbox, in the same transaction;
- a shift handover is an entry of kind `handover` whose `summary` holds what the bot counted
  (parcels waiting, visits and alta entries of the shift) and whose text is the concierge's
  own; another person of the community receives it once (`receive_handover`).

Outbox: ``logbook:<entry>:alta:chat:<staff>`` (template `LOGBOOK_ALTA`); the daily digest is in
`models.logbook_digest`. Nothing here knows Telegram or Spanish.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import audit
from models.access import Visit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, Property, StaffUser
from models.correspondence import CorrespondenceItem, ItemStatus
from models.errors import DomainError
from models.outbox import Channel, enqueue_notice
from models.pages import Page
from models.permissions import Action, authorize, require

log = logging.getLogger(__name__)

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "Administrativa",
    "Copropietarios",
    "Seguridad",
    "Mantención",
)
MAX_CATEGORY = 40
MAX_TEXT = 3500
"""Characters of an entry's text (a Telegram message holds 4096; the card needs the rest)."""
MAX_PHOTOS = 10
MAX_LABEL = 300
GENESIS = "0" * 64
RECENT_WINDOW = timedelta(hours=48)
SHIFT_WINDOW = timedelta(hours=12)
"""A handover without an earlier one of the same person counts the last 12 hours."""
MAX_SHIFT = timedelta(hours=24)
DEFAULT_PAGE_SIZE = 10
VERIFY_BATCH = 2000

LOGBOOK_ALTA = "logbook_alta"
"""Template of the chat notice to reviewers about an alta-priority entry."""


class Priority(StrEnum):
    NORMAL = "normal"
    ALTA = "alta"


class EntryKind(StrEnum):
    NOTE = "nota"
    HANDOVER = "turno"


class Refusal(StrEnum):
    """Why a logbook action was refused; the chat layer turns it into Spanish."""

    EMPTY_TEXT = "empty_text"
    TEXT_TOO_LONG = "text_too_long"
    TOO_MANY_PHOTOS = "too_many_photos"
    CATEGORY_NOT_FOUND = "category_not_found"
    CATEGORY_INACTIVE = "category_inactive"
    CATEGORY_NAME_MISSING = "category_name_missing"
    CATEGORY_NAME_TOO_LONG = "category_name_too_long"
    CATEGORY_EXISTS = "category_exists"
    CATEGORY_IN_USE = "category_in_use"
    ENTRY_NOT_FOUND = "entry_not_found"
    PROPERTY_NOT_FOUND = "property_not_found"
    HANDOVER_NOT_FOUND = "handover_not_found"
    OWN_HANDOVER = "own_handover"
    ALREADY_RECEIVED = "already_received"
    BAD_RANGE = "bad_range"


class LogbookRefused(DomainError):
    """Nothing was changed; `reason` says why."""

    def __init__(self, reason: Refusal, **data: object) -> None:
        super().__init__(reason.value, data)
        self.reason = reason


# --- models --------------------------------------------------------------------------------


class LogbookCategory(Model):
    """A category of the community's logbook ("Seguridad"…)."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    name = fields.CharField(max_length=MAX_CATEGORY)
    active = fields.BooleanField(default=True)
    position = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "logbook_category"
        unique_together = (("community", "name"),)


class LogbookEntry(Model):
    """One line of the book: never edited, never deleted; chained by `prev_hash` / `hash`."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    sequence = fields.IntField()
    """1, 2, 3… per community: what people call it ("la #12")."""
    kind = fields.CharEnumField(EntryKind, max_length=8, default=EntryKind.NOTE)
    author: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    author_label = fields.CharField(max_length=MAX_LABEL)
    category: fields.ForeignKeyNullableRelation[LogbookCategory] = fields.ForeignKeyField(
        "models.LogbookCategory", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    category_id: int | None
    category_name = fields.CharField(max_length=MAX_CATEGORY, default="")
    priority = fields.CharEnumField(Priority, max_length=8, default=Priority.NORMAL)
    property: fields.ForeignKeyNullableRelation[Property] = fields.ForeignKeyField(
        "models.Property", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    property_id: int | None
    property_name = fields.CharField(max_length=MAX_LABEL, null=True)
    text = fields.TextField()
    search_text = fields.TextField(default="")
    """The text folded for search (lower case, no accents: "porton" finds "Portón"); derived,
    so not hashed."""
    photos = fields.JSONField[list[str]](default=list)
    """Telegram file ids, in the order sent."""
    summary = fields.JSONField[dict[str, Any] | None](null=True)
    """A handover's counts (see `handover_summary`); None for a note."""
    corrects_id = fields.IntField(null=True, db_index=True)
    """The entry (same community) this one corrects."""
    created_at = fields.DatetimeField(db_index=True)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)

    class Meta:
        table = "logbook_entry"
        unique_together = (("community", "sequence"),)
        indexes = (("community", "created_at"),)


class ShiftHandover(Model):
    """A shift handed over (its entry) and who received it, once."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    entry: fields.ForeignKeyRelation[LogbookEntry] = fields.ForeignKeyField(
        "models.LogbookEntry", related_name=False, on_delete=fields.CASCADE
    )
    entry_id: int
    from_staff: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    from_staff_id: int | None
    from_label = fields.CharField(max_length=MAX_LABEL)
    handed_at = fields.DatetimeField(db_index=True)
    received_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    received_by_id: int | None
    received_label = fields.CharField(max_length=MAX_LABEL, null=True)
    received_at = fields.DatetimeField(null=True)

    class Meta:
        table = "logbook_handover"
        indexes = (("community", "received_at"),)


__models__ = [LogbookCategory, LogbookEntry, ShiftHandover]


# --- the hash chain ------------------------------------------------------------------------


HASHED = (
    "community_id",
    "sequence",
    "kind",
    "author_label",
    "category_name",
    "priority",
    "property_name",
    "text",
    "photos",
    "summary",
    "corrects_id",
    "created_at",
    "prev_hash",
)
"""The columns an entry's hash covers, in the order `verify_chain` reads them."""


def _instant(value: datetime | str) -> str:
    """An instant as the hash sees it: UTC, microseconds, whatever the driver returned."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def content_hash(row: Sequence[Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of one entry's `HASHED` values (prev_hash last)."""
    (
        community_id,
        sequence,
        kind,
        author,
        category,
        priority,
        prop,
        text,
        photos,
        summary,
        corrects,
        created,
        prev,
    ) = row
    canonical = json.dumps(
        [
            int(community_id),
            int(sequence),
            str(kind),
            author,
            category,
            str(priority),
            prop,
            text,
            _json_value(photos) or [],
            _json_value(summary),
            corrects,
            _instant(created),
            prev,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class Break(StrEnum):
    """How the chain is broken at the first bad entry."""

    HASH = "hash"  # the row's content no longer matches its hash
    LINK = "link"  # prev_hash is not the previous entry's hash
    GAP = "gap"  # a sequence number is missing (a row removed) or repeated


@dataclass(frozen=True, slots=True)
class ChainState:
    """The result of `verify_chain`: intact, or the first broken entry and how."""

    community_id: int
    entries: int
    broken_sequence: int | None = None
    broken_id: int | None = None
    reason: Break | None = None

    @property
    def intact(self) -> bool:
        return self.reason is None


async def verify_chain(community_id: int, *, batch: int = VERIFY_BATCH) -> ChainState:
    """Walk the community's chain in order and report the first entry that does not check.

    Reads in keyset batches of plain values (no model objects), so 100,000 entries cost about
    what reading them does."""
    previous = GENESIS
    expected = 1
    checked = 0
    last = 0
    while True:
        rows = (
            await LogbookEntry.filter(community_id=community_id, sequence__gt=last)
            .order_by("sequence")
            .limit(batch)
            .values_list("id", "hash", *HASHED)
        )
        if not rows:
            return ChainState(community_id, checked)
        for row in rows:
            entry_id, stored, values = row[0], row[1], row[2:]
            sequence = int(values[1])
            if sequence != expected:
                return ChainState(community_id, checked, expected, entry_id, Break.GAP)
            if values[-1] != previous:
                return ChainState(community_id, checked, sequence, entry_id, Break.LINK)
            if content_hash(values) != stored:
                return ChainState(community_id, checked, sequence, entry_id, Break.HASH)
            previous = stored
            expected += 1
            checked += 1
        last = int(rows[-1][3])


async def read_chain(community_id: int, *, batch: int = VERIFY_BATCH) -> int:
    """The same rows `verify_chain` reads, only read (the bench's baseline)."""
    count = 0
    last = 0
    while True:
        rows = (
            await LogbookEntry.filter(community_id=community_id, sequence__gt=last)
            .order_by("sequence")
            .limit(batch)
            .values_list("id", "hash", *HASHED)
        )
        if not rows:
            return count
        count += len(rows)
        last = int(rows[-1][3])


# --- categories ----------------------------------------------------------------------------


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


async def categories(community_id: int, *, active_only: bool = True) -> list[LogbookCategory]:
    """The community's categories (the defaults are created the first time anyone asks)."""
    if not await LogbookCategory.exists(community_id=community_id):
        for position, name in enumerate(DEFAULT_CATEGORIES):
            try:
                async with in_transaction():
                    await LogbookCategory.get_or_create(
                        community_id=community_id, name=name, defaults={"position": position}
                    )
            except IntegrityError:
                pass  # created meanwhile by a concurrent first use
    query = LogbookCategory.filter(community_id=community_id)
    if active_only:
        query = query.filter(active=True)
    return await query.order_by("position", "id")


async def get_category(community_id: int, category_id: int | None) -> LogbookCategory:
    """The category if it belongs to the community (a forged id from elsewhere is refused)."""
    category = (
        await LogbookCategory.get_or_none(id=category_id, community_id=community_id)
        if category_id is not None
        else None
    )
    if category is None:
        raise LogbookRefused(Refusal.CATEGORY_NOT_FOUND)
    return category


def _category_name(raw: str | None) -> str:
    name = _clean(raw)
    if not name:
        raise LogbookRefused(Refusal.CATEGORY_NAME_MISSING)
    if len(name) > MAX_CATEGORY:
        raise LogbookRefused(Refusal.CATEGORY_NAME_TOO_LONG, max=MAX_CATEGORY)
    return name


async def _name_taken(community_id: int, name: str, but: int | None = None) -> bool:
    query = LogbookCategory.filter(community_id=community_id, name__iexact=name)
    if but is not None:
        query = query.exclude(id=but)
    return await query.exists()


async def _audit_category(
    actor: StaffUser,
    action: str,
    category: LogbookCategory,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    await audit.record(
        actor=actor,
        action=action,
        object_type="logbook_category",
        object_id=category.id,
        before=before,
        after=after,
        community_id=category.community_id,
    )


async def add_category(actor: StaffUser, community_id: int, name: str) -> LogbookCategory:
    await require(actor, Action.CONFIGURE_LOGBOOK, community_id)
    clean = _category_name(name)
    existing = await categories(community_id, active_only=False)
    if await _name_taken(community_id, clean):
        raise LogbookRefused(Refusal.CATEGORY_EXISTS, name=clean)
    async with in_transaction():
        try:
            category = await LogbookCategory.create(
                community_id=community_id,
                name=clean,
                position=max((c.position for c in existing), default=-1) + 1,
            )
        except IntegrityError as exc:
            raise LogbookRefused(Refusal.CATEGORY_EXISTS, name=clean) from exc
        await _audit_category(actor, "logbook.category_add", category, None, {"name": clean})
    return category


async def rename_category(
    actor: StaffUser, community_id: int, category_id: int, name: str
) -> LogbookCategory:
    """A new name for new entries (entries already written keep the name they were written
    with: it is part of their hash)."""
    await require(actor, Action.CONFIGURE_LOGBOOK, community_id)
    clean = _category_name(name)
    async with in_transaction():
        category = await get_category(community_id, category_id)
        if await _name_taken(community_id, clean, but=category.id):
            raise LogbookRefused(Refusal.CATEGORY_EXISTS, name=clean)
        before = category.name
        category.name = clean
        await category.save(update_fields=["name"])
        await _audit_category(
            actor, "logbook.category_rename", category, {"name": before}, {"name": clean}
        )
    return category


async def set_category_active(
    actor: StaffUser, community_id: int, category_id: int, active: bool
) -> LogbookCategory:
    await require(actor, Action.CONFIGURE_LOGBOOK, community_id)
    async with in_transaction():
        category = await get_category(community_id, category_id)
        if category.active != active:
            category.active = active
            await category.save(update_fields=["active"])
            await _audit_category(
                actor,
                "logbook.category_active",
                category,
                {"name": category.name, "active": not active},
                {"name": category.name, "active": active},
            )
    return category


async def delete_category(actor: StaffUser, community_id: int, category_id: int) -> None:
    """Only a category no entry uses; one in use can be deactivated instead."""
    await require(actor, Action.CONFIGURE_LOGBOOK, community_id)
    async with in_transaction():
        category = await get_category(community_id, category_id)
        if await LogbookEntry.exists(category_id=category.id):
            raise LogbookRefused(Refusal.CATEGORY_IN_USE, name=category.name)
        await _audit_category(
            actor, "logbook.category_delete", category, {"name": category.name}, None
        )
        await category.delete()


# --- writing -------------------------------------------------------------------------------


def clean_text(raw: str | None) -> str:
    """The entry's text: line breaks kept, blanks trimmed; refusals for none or too long."""
    lines = [" ".join(line.split()) for line in (raw or "").strip().splitlines()]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    if not text:
        raise LogbookRefused(Refusal.EMPTY_TEXT)
    if len(text) > MAX_TEXT:
        raise LogbookRefused(Refusal.TEXT_TOO_LONG, max=MAX_TEXT, length=len(text))
    return text


def fold(text: str) -> str:
    """Lower case without accents, for a search that forgives both ("PORTON" ~ "portón")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def staff_label(user: StaffUser) -> str:
    return user.full_name[:MAX_LABEL]


async def _append(community_id: int, values: dict[str, Any], clock: Clock) -> LogbookEntry:
    """Append one entry to the community's chain; call inside a transaction."""
    # Serialise appends per community: a row lock on PostgreSQL (SQLite has one writer).
    await Community.filter(id=community_id).select_for_update().first()
    last = (
        await LogbookEntry.filter(community_id=community_id)
        .order_by("-sequence")
        .first()
        .values("sequence", "hash")
    )
    sequence = int(last["sequence"]) + 1 if last else 1
    prev = str(last["hash"]) if last else GENESIS
    now = clock.now()
    row = {
        "community_id": community_id,
        "sequence": sequence,
        "kind": EntryKind(values.get("kind", EntryKind.NOTE)),
        "author_label": values["author_label"],
        "category_name": values.get("category_name", ""),
        "priority": Priority(values.get("priority", Priority.NORMAL)),
        "property_name": values.get("property_name"),
        "text": values["text"],
        "photos": list(values.get("photos") or []),
        "summary": values.get("summary"),
        "corrects_id": values.get("corrects_id"),
        "created_at": now,
        "prev_hash": prev,
    }
    digest = content_hash([row[name] for name in HASHED])
    return await LogbookEntry.create(
        **row,
        hash=digest,
        search_text=fold(f"{row['text']} {row['property_name'] or ''}"),
        author_id=values.get("author_id"),
        category_id=values.get("category_id"),
        property_id=values.get("property_id"),
    )


async def get_entry(community_id: int, entry_id: int | None) -> LogbookEntry:
    """The entry if it belongs to the community (a forged id from elsewhere is refused)."""
    entry = (
        await LogbookEntry.get_or_none(id=entry_id, community_id=community_id)
        if entry_id is not None
        else None
    )
    if entry is None:
        raise LogbookRefused(Refusal.ENTRY_NOT_FOUND)
    return entry


async def write_entry(
    actor: StaffUser,
    community_id: int,
    category_id: int,
    text: str | None,
    *,
    priority: Priority | str = Priority.NORMAL,
    property_id: int | None = None,
    photos: Sequence[str] = (),
    corrects_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> LogbookEntry:
    """Append an entry (author, community and time stamped here); alta tells the reviewers.

    Refused (`LogbookRefused`, nothing written) for empty or too long text, a category of
    another community or deactivated meanwhile, a property elsewhere, a correction of an entry
    elsewhere; `NotAllowed` for a person who may not write here (a test user)."""
    await require(actor, Action.WRITE_LOGBOOK, community_id)
    clean = clean_text(text)
    chosen = Priority(priority)
    files = [p.strip()[:255] for p in photos if p and p.strip()]
    if len(files) > MAX_PHOTOS:
        raise LogbookRefused(Refusal.TOO_MANY_PHOTOS, max=MAX_PHOTOS)
    async with in_transaction():
        category = await get_category(community_id, category_id)
        if not category.active:
            raise LogbookRefused(Refusal.CATEGORY_INACTIVE, name=category.name)
        prop = None
        if property_id is not None:
            prop = await Property.get_or_none(id=property_id, community_id=community_id)
            if prop is None:
                raise LogbookRefused(Refusal.PROPERTY_NOT_FOUND)
        if corrects_id is not None:
            await get_entry(community_id, corrects_id)
        entry = await _append(
            community_id,
            {
                "author_id": actor.id,
                "author_label": staff_label(actor),
                "category_id": category.id,
                "category_name": category.name,
                "priority": chosen,
                "property_id": prop.id if prop else None,
                "property_name": prop.name if prop else None,
                "text": clean,
                "photos": files,
                "corrects_id": corrects_id,
            },
            clock,
        )
        await audit.record(
            actor=actor,
            action="logbook.write",
            object_type="logbook_entry",
            object_id=entry.id,
            after={
                "sequence": entry.sequence,
                "category": category.name,
                "priority": chosen.value,
                "property": entry.property_name,
                "photos": len(files),
                "corrects": corrects_id,
            },
            community_id=community_id,
        )
        if chosen is Priority.ALTA:
            await _notify_alta(entry, clock)
    log.info(
        "logbook: entry %s (#%s) community=%s priority=%s",
        entry.id,
        entry.sequence,
        community_id,
        chosen.value,
    )
    return entry


async def reviewers(community_id: int, action: Action = Action.REVIEW_LOGBOOK) -> list[StaffUser]:
    """Everyone of the community's administración allowed `action` there (the one table
    decides: built-in profiles and custom roles alike)."""
    community = await Community.get(id=community_id)
    candidates = await StaffUser.filter(
        administration_id=community.administration_id, is_active=True
    ).order_by("id")
    return [u for u in candidates if await authorize(u, action, community_id, quiet=True)]


def entry_data(entry: LogbookEntry, community_name: str, clock: Clock) -> dict[str, Any]:
    return {
        "community": community_name,
        "sequence": entry.sequence,
        "category": entry.category_name,
        "priority": str(entry.priority),
        "property": entry.property_name,
        "author": entry.author_label,
        "text": entry.text,
        "photos": len(entry.photos or []),
        "created_at": entry.created_at.isoformat(),
        "zone": clock.zone.key,
    }


async def _notify_alta(entry: LogbookEntry, clock: Clock) -> int:
    community = await Community.get(id=entry.community_id)
    data = entry_data(entry, community.name, clock)
    attachments = {"photo_file_id": entry.photos[0]} if entry.photos else None
    sent = 0
    for person in await reviewers(entry.community_id):
        if person.telegram_id is None:
            continue
        _, created = await enqueue_notice(
            key=f"logbook:{entry.id}:alta:chat:{person.id}",
            channel=Channel.CHAT,
            recipient=str(person.telegram_id),
            template=LOGBOOK_ALTA,
            data=data,
            attachments=attachments,
            community_id=entry.community_id,
        )
        sent += int(created)
    return sent


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Search:
    """What an administrator looks for; every field optional."""

    text: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    category_id: int | None = None
    property_id: int | None = None
    priority: Priority | None = None


async def _page(query: Any, page: int, page_size: int) -> Page[LogbookEntry]:
    if page_size < 1:
        raise ValueError("page_size must be positive")
    total = await query.count()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    items = await query.order_by("-sequence").offset(page * page_size).limit(page_size)
    return Page(items=list(items), page=page, pages=pages, total=total)


async def recent_entries(
    actor: StaffUser,
    community_id: int,
    *,
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
    clock: Clock = SYSTEM_CLOCK,
) -> Page[LogbookEntry]:
    """The last 48 hours, newest first (every staff profile that may view the book)."""
    await require(actor, Action.VIEW_LOGBOOK, community_id)
    query = LogbookEntry.filter(
        community_id=community_id, created_at__gte=clock.now() - RECENT_WINDOW
    )
    return await _page(query, page, page_size)


async def search_entries(
    actor: StaffUser,
    community_id: int,
    search: Search,
    *,
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[LogbookEntry]:
    """Any entry of the community, by text, dates, category, property and priority."""
    await require(actor, Action.REVIEW_LOGBOOK, community_id)
    if search.since and search.until and search.since >= search.until:
        raise LogbookRefused(Refusal.BAD_RANGE)
    query = LogbookEntry.filter(community_id=community_id)
    text = _clean(search.text)
    if text:
        for word in fold(text).split():
            query = query.filter(search_text__contains=word)
    if search.since is not None:
        query = query.filter(created_at__gte=search.since)
    if search.until is not None:
        query = query.filter(created_at__lt=search.until)
    if search.category_id is not None:
        query = query.filter(category_id=search.category_id)
    if search.property_id is not None:
        query = query.filter(property_id=search.property_id)
    if search.priority is not None:
        query = query.filter(priority=search.priority)
    return await _page(query, page, page_size)


async def corrections_of(entry_ids: Sequence[int]) -> dict[int, list[int]]:
    """For each entry id, the sequence numbers of the entries correcting it."""
    if not entry_ids:
        return {}
    rows = await LogbookEntry.filter(corrects_id__in=list(entry_ids)).order_by("sequence")
    found: dict[int, list[int]] = {}
    for row in rows:
        found.setdefault(cast(int, row.corrects_id), []).append(row.sequence)
    return found


async def sequences_of(entry_ids: Sequence[int]) -> dict[int, int]:
    """Entry id → its sequence number (to show "Corrige la #12")."""
    if not entry_ids:
        return {}
    rows = await LogbookEntry.filter(id__in=list(entry_ids)).values_list("id", "sequence")
    return {int(cast(int, i)): int(cast(int, s)) for i, s in rows}


# --- shift handover ------------------------------------------------------------------------


async def handover_summary(
    actor: StaffUser, community_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> dict[str, Any]:
    """What the bot counts for the handover card: since this person's previous handover in
    the community (at most 24 h back), else the last 12 hours."""
    now = clock.now()
    previous = (
        await ShiftHandover.filter(community_id=community_id, from_staff_id=actor.id)
        .order_by("-handed_at")
        .first()
    )
    since = previous.handed_at if previous is not None else now - SHIFT_WINDOW
    since = max(since, now - MAX_SHIFT)
    parcels = await CorrespondenceItem.filter(
        community_id=community_id, status=ItemStatus.PENDING
    ).count()
    visits = await Visit.filter(community_id=community_id, created_at__gte=since).count()
    alta = (
        await LogbookEntry.filter(
            community_id=community_id, priority=Priority.ALTA, created_at__gte=since
        )
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    return {
        "since": since.isoformat(),
        "parcels_waiting": parcels,
        "visits": visits,
        "alta": [int(cast(int, s)) for s in alta],
    }


async def hand_over(
    actor: StaffUser, community_id: int, text: str | None, *, clock: Clock = SYSTEM_CLOCK
) -> tuple[LogbookEntry, ShiftHandover]:
    """Write the end-of-shift entry (summary counted now, the concierge's text, may be empty)
    and the handover waiting to be received."""
    await require(actor, Action.WRITE_LOGBOOK, community_id)
    clean = _clean_optional(text)
    async with in_transaction():
        summary = await handover_summary(actor, community_id, clock=clock)
        entry = await _append(
            community_id,
            {
                "kind": EntryKind.HANDOVER,
                "author_id": actor.id,
                "author_label": staff_label(actor),
                "text": clean,
                "summary": summary,
            },
            clock,
        )
        handover = await ShiftHandover.create(
            community_id=community_id,
            entry_id=entry.id,
            from_staff_id=actor.id,
            from_label=staff_label(actor),
            handed_at=entry.created_at,
        )
        await audit.record(
            actor=actor,
            action="logbook.handover",
            object_type="logbook_entry",
            object_id=entry.id,
            after={
                "sequence": entry.sequence,
                **{k: v for k, v in summary.items() if k != "since"},
            },
            community_id=community_id,
        )
    return entry, handover


def _clean_optional(text: str | None) -> str:
    try:
        return clean_text(text)
    except LogbookRefused as refused:
        if refused.reason is Refusal.EMPTY_TEXT:
            return ""
        raise


async def pending_handover(actor: StaffUser, community_id: int | None) -> ShiftHandover | None:
    """The community's latest handover not received yet, if this person may receive it (not
    the one who gave it; someone who writes in the book there)."""
    if community_id is None or not await authorize(
        actor, Action.WRITE_LOGBOOK, community_id, quiet=True
    ):
        return None
    return (
        await ShiftHandover.filter(community_id=community_id, received_at=None)
        .exclude(from_staff_id=actor.id)
        .order_by("-handed_at", "-id")
        .select_related("entry")
        .first()
    )


async def receive_handover(
    actor: StaffUser, community_id: int, handover_id: int | None, *, clock: Clock = SYSTEM_CLOCK
) -> ShiftHandover:
    """Record who received the shift and when (once; never the one who handed it over)."""
    await require(actor, Action.WRITE_LOGBOOK, community_id)
    now = clock.now()
    async with in_transaction():
        handover = (
            await ShiftHandover.get_or_none(id=handover_id, community_id=community_id)
            if handover_id is not None
            else None
        )
        if handover is None:
            raise LogbookRefused(Refusal.HANDOVER_NOT_FOUND)
        if handover.from_staff_id == actor.id:
            raise LogbookRefused(Refusal.OWN_HANDOVER)
        claimed = await ShiftHandover.filter(id=handover.id, received_at=None).update(
            received_by_id=actor.id, received_label=staff_label(actor), received_at=now
        )
        if claimed != 1:
            await handover.refresh_from_db()
            raise LogbookRefused(Refusal.ALREADY_RECEIVED, by=handover.received_label or "")
        await handover.refresh_from_db()
        await audit.record(
            actor=actor,
            action="logbook.receive",
            object_type="logbook_handover",
            object_id=handover.id,
            after={"from": handover.from_label},
            community_id=community_id,
        )
    return handover


async def unreceived_handovers(
    actor: StaffUser, community_id: int, *, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE
) -> Page[ShiftHandover]:
    """Handovers nobody received, oldest first (for administrators)."""
    await require(actor, Action.REVIEW_LOGBOOK, community_id)
    query = ShiftHandover.filter(community_id=community_id, received_at=None)
    total = await query.count()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    items = (
        await query.order_by("handed_at", "id")
        .offset(page * page_size)
        .limit(page_size)
        .select_related("entry")
    )
    return Page(items=list(items), page=page, pages=pages, total=total)
