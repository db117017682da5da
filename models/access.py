"""Access lists per property (Autorizado / No autorizado) and the concierge's visit log.

SPEC §4.2. A document is in at most one list of a property, whatever type it was typed as
(a number typed as Pasaporte and as Otro is one document): the database enforces it with a
unique constraint on (property, doc_number), so concurrent adds leave one row.
No authorization happens here — handlers authorize first; every write is audited inside the
transaction that makes it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, Property, StaffUser
from models.documents import DocumentType, normalise_document, validate_person_name
from models.errors import DomainError, PropertyNotFound, PropertyNotInCommunity
from models.local_time import day_bounds
from models.pages import Page

DEFAULT_PAGE_SIZE = 8
_ADD_ATTEMPTS = 3


class ListType(StrEnum):
    AUTHORIZED = "autorizado"
    DENIED = "no_autorizado"


class ListStatus(StrEnum):
    """What the lists said for the visit's property when the concierge registered it."""

    AUTHORIZED = "autorizado"
    DENIED = "no_autorizado"
    UNLISTED = "sin_lista"


class CheckStatus(StrEnum):
    AUTHORIZED = "autorizado"
    DENIED = "no_autorizado"
    MIXED = "mixto"
    UNLISTED = "sin_lista"


class AddStatus(StrEnum):
    CREATED = "created"
    ALREADY_IN_SAME_LIST = "already_in_same_list"
    IN_OTHER_LIST = "in_other_list"


class AccessError(DomainError):
    """Base of the refusals of this module."""


class EntryNotFound(AccessError):
    """The entry does not exist (deleted meanwhile) or is outside the caller's properties."""

    def __init__(self, entry_id: int) -> None:
        super().__init__("entry_not_found", {"entry_id": entry_id})
        self.entry_id = entry_id


class CommunityNotFound(AccessError):
    """The community does not exist."""

    def __init__(self, community_id: int) -> None:
        super().__init__("community_not_found", {"community_id": community_id})
        self.community_id = community_id


class AccessEntry(Model):
    """A person on a property's Autorizado or No autorizado list."""

    id = fields.IntField(primary_key=True)
    property: fields.ForeignKeyRelation[Property] = fields.ForeignKeyField(
        "models.Property", related_name="access_entries", on_delete=fields.CASCADE
    )
    property_id: int
    list_type = fields.CharEnumField(ListType, max_length=16)
    doc_type = fields.CharEnumField(DocumentType, max_length=12)
    doc_number = fields.CharField(max_length=20)
    full_name = fields.CharField(max_length=120)
    registered_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    registered_by_id: int | None
    registered_by_email = fields.CharField(max_length=254)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "access_entry"
        unique_together = (("property", "doc_number"),)
        indexes = (("doc_type", "doc_number"),)


class Visit(Model):
    """One line of the visit log: who came, for which property, what the lists said, outcome."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name="visits", on_delete=fields.CASCADE
    )
    community_id: int
    property: fields.ForeignKeyNullableRelation[Property] = fields.ForeignKeyField(
        "models.Property", related_name="visits", null=True, on_delete=fields.SET_NULL
    )
    property_id: int | None
    doc_type = fields.CharEnumField(DocumentType, max_length=12)
    doc_number = fields.CharField(max_length=20)
    full_name = fields.CharField(max_length=120, default="")
    list_status = fields.CharEnumField(ListStatus, max_length=16)
    entered = fields.BooleanField()
    concierge: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    concierge_id: int | None
    concierge_label = fields.CharField(max_length=300)
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "visit"
        indexes = (("community", "created_at"),)


__models__ = [AccessEntry, Visit]


@dataclass(frozen=True, slots=True)
class AddResult:
    status: AddStatus
    entry: AccessEntry


@dataclass(frozen=True, slots=True)
class Match:
    property_id: int
    property_name: str
    full_name: str
    entry_id: int


@dataclass(frozen=True, slots=True)
class CheckResult:
    doc_type: DocumentType
    doc_number: str
    authorized: list[Match] = field(default_factory=list)
    denied: list[Match] = field(default_factory=list)

    @property
    def status(self) -> CheckStatus:
        if self.authorized and self.denied:
            return CheckStatus.MIXED
        if self.authorized:
            return CheckStatus.AUTHORIZED
        if self.denied:
            return CheckStatus.DENIED
        return CheckStatus.UNLISTED


_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[str | int, ...]:
    """Sort key so that "Depto 2" < "Depto 10" (case-insensitive; text and numbers alternate)."""
    parts = _DIGITS.split(name.casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def _staff_label(user: StaffUser | None) -> str:
    """Who registered a visit: the person, or the system's code (the chat layer names it)."""
    return f"{user.full_name} <{user.email}>" if user else audit.Source.SYSTEM.value


def _snapshot(entry: AccessEntry, property_name: str) -> dict[str, Any]:
    return {
        "property_id": entry.property_id,
        "property": property_name,
        "list_type": str(entry.list_type),
        "doc_type": str(entry.doc_type),
        "doc_number": entry.doc_number,
        "full_name": entry.full_name,
        "registered_by": entry.registered_by_email,
    }


async def _find(property_id: int, doc_number: str) -> AccessEntry | None:
    """The property's entry of this normalised number, whatever its document type."""
    return await AccessEntry.get_or_none(property_id=property_id, doc_number=doc_number)


async def entry_of_number(property_id: int, doc_number: str) -> AccessEntry | None:
    """The list entry a property already has for this normalised number, of any type (a
    document is in at most one list of a property, whatever type it was typed as)."""
    return await _find(property_id, doc_number)


def _existing_result(entry: AccessEntry, list_type: ListType) -> AddResult:
    status = (
        AddStatus.ALREADY_IN_SAME_LIST if entry.list_type == list_type else AddStatus.IN_OTHER_LIST
    )
    return AddResult(status=status, entry=entry)


async def add_entry(
    property_id: int,
    list_type: ListType | str,
    doc_type: DocumentType | str,
    doc_number_raw: str,
    full_name_raw: str,
    actor: StaffUser | None,
) -> AddResult:
    """Put a person on a property's list — or report the list the document is already in.

    Raises `InvalidDocument` / `InvalidName` for bad input and `PropertyNotFound` when the
    property is gone; never creates a duplicate, even when racing another add.
    """
    list_type = ListType(list_type)
    doc_type = DocumentType(doc_type)
    doc_number = normalise_document(doc_type, doc_number_raw)
    full_name = validate_person_name(full_name_raw)

    for _ in range(_ADD_ATTEMPTS):
        existing = await _find(property_id, doc_number)
        if existing is not None:
            return _existing_result(existing, list_type)
        prop = await Property.get_or_none(id=property_id).select_related("community")
        if prop is None:
            raise PropertyNotFound(property_id)
        try:
            async with in_transaction():
                entry = await AccessEntry.create(
                    property_id=property_id,
                    list_type=list_type,
                    doc_type=doc_type,
                    doc_number=doc_number,
                    full_name=full_name,
                    registered_by=actor,
                    registered_by_email=actor.email if actor else "",
                )
                await audit.record(
                    actor=actor,
                    action="access.add",
                    object_type="access_entry",
                    object_id=entry.id,
                    before=None,
                    after=_snapshot(entry, prop.name),
                    administration_id=prop.community.administration_id,
                    community_id=prop.community_id,
                )
            return AddResult(status=AddStatus.CREATED, entry=entry)
        except IntegrityError:
            # Another add of the same document won the race (or the property vanished):
            # read again and report what is there now.
            continue
    existing = await _find(property_id, doc_number)
    if existing is not None:
        return _existing_result(existing, list_type)
    raise PropertyNotFound(property_id)


async def _locked_entry(
    entry_id: int, expected_property_ids: set[int] | None
) -> tuple[AccessEntry, Property]:
    """The entry, locked for this transaction, with its property; or `EntryNotFound`."""
    entry = await AccessEntry.filter(id=entry_id).select_for_update().first()
    if entry is None or (
        expected_property_ids is not None and entry.property_id not in expected_property_ids
    ):
        raise EntryNotFound(entry_id)
    prop = await Property.get(id=entry.property_id).select_related("community")
    return entry, prop


async def get_entry(
    entry_id: int, *, expected_property_ids: set[int] | None = None
) -> AccessEntry:
    """One entry with its property loaded; `EntryNotFound` if gone or outside the given ids."""
    entry = await AccessEntry.get_or_none(id=entry_id).select_related("property")
    if entry is None or (
        expected_property_ids is not None and entry.property_id not in expected_property_ids
    ):
        raise EntryNotFound(entry_id)
    return entry


async def move_entry(
    entry_id: int,
    to_list: ListType | str,
    actor: StaffUser | None,
    *,
    expected_property_ids: set[int] | None = None,
) -> AccessEntry:
    """Change an entry to the other list ("Cambiar a …"); a no-op if it is already there."""
    to_list = ListType(to_list)
    async with in_transaction():
        entry, prop = await _locked_entry(entry_id, expected_property_ids)
        if entry.list_type == to_list:
            return entry
        before = _snapshot(entry, prop.name)
        entry.list_type = to_list
        await entry.save(update_fields=["list_type", "updated_at"])
        await audit.record(
            actor=actor,
            action="access.move",
            object_type="access_entry",
            object_id=entry.id,
            before=before,
            after=_snapshot(entry, prop.name),
            administration_id=prop.community.administration_id,
            community_id=prop.community_id,
        )
    return entry


async def delete_entry(
    entry_id: int,
    actor: StaffUser | None,
    *,
    expected_property_ids: set[int] | None = None,
) -> None:
    """Remove a person from a property's list ("Eliminar" → "Aceptar")."""
    async with in_transaction():
        entry, prop = await _locked_entry(entry_id, expected_property_ids)
        before = _snapshot(entry, prop.name)
        deleted = await AccessEntry.filter(id=entry.id).delete()
        if not deleted:
            raise EntryNotFound(entry_id)
        await audit.record(
            actor=actor,
            action="access.delete",
            object_type="access_entry",
            object_id=entry_id,
            before=before,
            after=None,
            administration_id=prop.community.administration_id,
            community_id=prop.community_id,
        )


async def list_entries(
    property_id: int,
    *,
    list_type: ListType | str | None = None,
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[AccessEntry]:
    """A page of a property's entries, by name then id; a page past the end shows the last."""
    if page_size < 1:
        raise ValueError("page_size must be positive")
    query = AccessEntry.filter(property_id=property_id)
    if list_type is not None:
        query = query.filter(list_type=ListType(list_type))
    total = await query.count()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    items = (
        await query.order_by("full_name", "id").offset(page * page_size).limit(page_size)
        if total
        else []
    )
    return Page(items=list(items), page=page, pages=pages, total=total)


async def check_document(
    community_id: int, doc_type: DocumentType | str, doc_number: str
) -> CheckResult:
    """Which properties of the community authorize or deny this document (the hot path).

    `doc_number` may be canonical or as typed; `InvalidDocument` if it cannot be a document.
    """
    doc_type = DocumentType(doc_type)
    number = normalise_document(doc_type, doc_number)
    rows = await AccessEntry.filter(
        property__community_id=community_id, doc_type=doc_type, doc_number=number
    ).values("id", "list_type", "full_name", "property_id", "property__name")
    authorized: list[Match] = []
    denied: list[Match] = []
    for row in rows:
        match = Match(
            property_id=row["property_id"],
            property_name=row["property__name"],
            full_name=row["full_name"],
            entry_id=row["id"],
        )
        (authorized if row["list_type"] == ListType.AUTHORIZED else denied).append(match)
    key = _match_key
    return CheckResult(
        doc_type=doc_type,
        doc_number=number,
        authorized=sorted(authorized, key=key),
        denied=sorted(denied, key=key),
    )


def _match_key(match: Match) -> tuple[tuple[str | int, ...], int]:
    return natural_key(match.property_name), match.property_id


def _visit_snapshot(visit: Visit) -> dict[str, Any]:
    return {
        "community_id": visit.community_id,
        "property_id": visit.property_id,
        "doc_type": str(visit.doc_type),
        "doc_number": visit.doc_number,
        "full_name": visit.full_name,
        "list_status": str(visit.list_status),
        "entered": visit.entered,
        "concierge": visit.concierge_label,
        "created_at": visit.created_at.isoformat(),
    }


async def register_visit(
    community_id: int,
    *,
    property_id: int | None,
    doc_type: DocumentType | str,
    doc_number: str,
    full_name: str | None,
    list_status: ListStatus | str,
    entered: bool,
    concierge: StaffUser | None,
    clock: Clock = SYSTEM_CLOCK,
) -> Visit:
    """Write one line of the visit log ("Registrar ingreso").

    The property, when given, must belong to the community (`PropertyNotInCommunity`).
    The document is normalised; a blank name is stored as "" (unlisted visitors).
    """
    doc_type = DocumentType(doc_type)
    number = normalise_document(doc_type, doc_number)
    name = validate_person_name(full_name) if full_name and full_name.strip() else ""
    status = ListStatus(list_status)
    community = await Community.get_or_none(id=community_id)
    if community is None:
        raise CommunityNotFound(community_id)
    if property_id is not None and not await Property.exists(
        id=property_id, community_id=community_id
    ):
        raise PropertyNotInCommunity(property_id)
    async with in_transaction():
        visit = await Visit.create(
            community_id=community_id,
            property_id=property_id,
            doc_type=doc_type,
            doc_number=number,
            full_name=name,
            list_status=status,
            entered=entered,
            concierge=concierge,
            concierge_label=_staff_label(concierge),
            created_at=clock.now(),
        )
        await audit.record(
            actor=concierge,
            action="visit.register",
            object_type="visit",
            object_id=visit.id,
            before=None,
            after=_visit_snapshot(visit),
            administration_id=community.administration_id,
            community_id=community_id,
        )
    return visit


async def visits_on(community_id: int, day: date, *, tz: ZoneInfo) -> list[Visit]:
    """The community's visits on that calendar day in `tz`, newest first, property loaded."""
    start, end = day_bounds(day, tz)
    return (
        await Visit.filter(community_id=community_id, created_at__gte=start, created_at__lt=end)
        .order_by("-created_at", "-id")
        .prefetch_related("property")
    )
