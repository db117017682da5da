"""Communities (SPEC §4.9; seed 001 "Crear / editar / eliminar / ingresar a una comunidad").

A community has a name, e-mail, phone (any Chilean number, stored E.164), RUT and address,
all required, and an optional código unique within the administración (names and códigos
are compared without case or accents). Its firma is a JPEG kept uncropped (≤ 600 px wide), its
logo goes through `models.logos`. Deleting is soft: the community leaves everyone's scope at
once, can be restored for 30 days and is then purged by the daily job `purge_communities`.
Creating, deleting, restoring and purging change who works where, so the identity cache
forgets (`changes_identities`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from tortoise import fields
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import audit
from models.access import AccessEntry, Visit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Administration, Community, Invitation, Property, Resident, StaffUser
from models.correspondence import CorrespondenceItem, ItemStatus
from models.documents import DocumentError, DocumentType, InvalidDocument, normalise_document
from models.errors import DomainError
from models.identity import changes_identities
from models.images import PreparedLogo, PreparedSignature, prepare_logo, prepare_signature
from models.logbook import LogbookCategory, LogbookEntry, ShiftHandover
from models.logos import CommunityBranding, Logo, Owner, OwnerKind, save_logo
from models.meters import Meter, MeterReading, MeterRound
from models.outbox import OutboxMessage
from models.pages import Page
from models.permissions import (
    Action,
    community_ids_in_scope,
    require,
    require_administration,
)
from models.sms import SmsLowBalanceState
from models.sms import balance as sms_balance


class CommunitySignature(Model):
    """The administración's signature image for one community's reports (a clean JPEG)."""

    id = fields.IntField(primary_key=True)
    community: fields.OneToOneRelation[Community] = fields.OneToOneField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    jpeg = fields.BinaryField()
    width = fields.IntField()
    height = fields.IntField()
    byte_size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField()
    updated_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    updated_by_id: int | None

    class Meta:
        table = "community_signature"


__models__ = [CommunitySignature]


log = logging.getLogger(__name__)

RESTORE_DAYS = 30
"""A deleted community can be restored for this many days; then the purge job removes it."""
RESTORE_WINDOW = timedelta(days=RESTORE_DAYS)
DEFAULT_PAGE_SIZE = 8
MAX_QUERY_LENGTH = 100
PHONE_REGION = "CL"
PHONE_COUNTRY_CODE = 56
PHONE_EXAMPLE = "2 2345 6789"
_PHONE_ALLOWED = re.compile(r"^[\d\s+().\-]+$")


class CommunityField(StrEnum):
    """The community's data, as the create form asks it and the edit step changes it."""

    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    RUT = "rut"
    ADDRESS = "address"
    CODE = "code"


REQUIRED_FIELDS: tuple[CommunityField, ...] = (
    CommunityField.NAME,
    CommunityField.EMAIL,
    CommunityField.PHONE,
    CommunityField.RUT,
    CommunityField.ADDRESS,
)
MAX_LENGTHS: dict[CommunityField, int] = {
    CommunityField.NAME: 200,
    CommunityField.EMAIL: 254,
    CommunityField.PHONE: 40,
    CommunityField.RUT: 20,
    CommunityField.ADDRESS: 300,
    CommunityField.CODE: 50,
}


class CommunityProblem(StrEnum):
    """Why a community operation was refused (the chat says each in Spanish)."""

    MISSING = "missing"
    TOO_LONG = "too_long"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    INVALID_RUT = "invalid_rut"
    NAME_TAKEN = "name_taken"
    CODE_TAKEN = "code_taken"
    NOT_FOUND = "not_found"
    NAME_MISMATCH = "name_mismatch"
    RESTORE_EXPIRED = "restore_expired"


class CommunityError(DomainError):
    """A refused community operation; `field` names the input at fault, when there is one."""

    def __init__(self, problem: CommunityProblem, field: CommunityField | None = None) -> None:
        super().__init__(problem.value, {"field": field.value} if field is not None else None)
        self.problem = problem
        self.field = field


# --- validation ------------------------------------------------------------------------------


def _collapse(raw: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", raw or "").split())


def fold(text: str) -> str:
    """Case- and accent-insensitive form for comparing, searching and sorting."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def parse_chilean_phone(raw: str | None) -> str:
    """The E.164 form of any Chilean phone (landline or mobile) typed any usual way."""
    text = _collapse(raw)
    if not text:
        raise CommunityError(CommunityProblem.MISSING, CommunityField.PHONE)
    if len(text) > MAX_LENGTHS[CommunityField.PHONE] or not _PHONE_ALLOWED.match(text):
        raise CommunityError(CommunityProblem.INVALID_PHONE, CommunityField.PHONE)
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise CommunityError(CommunityProblem.INVALID_PHONE, CommunityField.PHONE) from exc
    if number.country_code != PHONE_COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        raise CommunityError(CommunityProblem.INVALID_PHONE, CommunityField.PHONE)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def format_phone(e164: str) -> str:
    """``+56223456789`` → ``+56 2 2345 6789`` (as stored if it cannot be read)."""
    try:
        number = phonenumbers.parse(e164, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def clean_field(field: CommunityField, raw: str | None) -> str | None:
    """The stored form of one field, or `CommunityError` saying why not (None: empty código)."""
    field = CommunityField(field)
    if field is CommunityField.PHONE:
        return parse_chilean_phone(raw)
    text = _collapse(raw)
    if not text:
        if field is CommunityField.CODE:
            return None
        raise CommunityError(CommunityProblem.MISSING, field)
    if len(text) > MAX_LENGTHS[field]:
        raise CommunityError(CommunityProblem.TOO_LONG, field)
    if field is CommunityField.EMAIL:
        try:
            result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
        except EmailNotValidError as exc:
            raise CommunityError(CommunityProblem.INVALID_EMAIL, field) from exc
        return str(result.normalized).lower()
    if field is CommunityField.RUT:
        try:
            return normalise_document(DocumentType.RUT, text)
        except InvalidDocument as exc:
            problem = (
                CommunityProblem.MISSING
                if exc.reason is DocumentError.EMPTY
                else CommunityProblem.INVALID_RUT
            )
            raise CommunityError(problem, field) from exc
    return text


@dataclass(frozen=True, slots=True)
class CommunityData:
    """A community's data, every field already in its stored form."""

    name: str
    email: str
    phone: str
    rut: str
    address: str
    code: str | None = None

    @classmethod
    def clean(cls, values: Mapping[str, str | None]) -> CommunityData:
        """Every field cleaned; the first one at fault raises `CommunityError`."""
        cleaned = {f.value: clean_field(f, values.get(f.value)) for f in CommunityField}
        return cls(
            name=str(cleaned["name"]),
            email=str(cleaned["email"]),
            phone=str(cleaned["phone"]),
            rut=str(cleaned["rut"]),
            address=str(cleaned["address"]),
            code=cleaned["code"],
        )


def _view(community: Community) -> dict[str, object]:
    """What the audit log keeps of a community's data."""
    return {f.value: getattr(community, f.value) for f in CommunityField}


# --- lookups ---------------------------------------------------------------------------------


async def _taken(
    administration_id: int, field: CommunityField, value: str | None, exclude_id: int | None
) -> bool:
    """Whether another community of the administración (deleted ones too: they come back)
    already has this name or código, compared without case or accents."""
    if value is None:
        return False
    query = Community.filter(administration_id=administration_id)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    others = await query.values_list(field.value, flat=True)
    wanted = fold(value)
    return any(other is not None and fold(str(other)) == wanted for other in others)


async def _check_unique(
    administration_id: int, data: Mapping[CommunityField, str | None], exclude_id: int | None
) -> None:
    if await _taken(
        administration_id, CommunityField.NAME, data.get(CommunityField.NAME), exclude_id
    ):
        raise CommunityError(CommunityProblem.NAME_TAKEN, CommunityField.NAME)
    if await _taken(
        administration_id, CommunityField.CODE, data.get(CommunityField.CODE), exclude_id
    ):
        raise CommunityError(CommunityProblem.CODE_TAKEN, CommunityField.CODE)


async def name_or_code_taken(
    actor: StaffUser, field: CommunityField, value: str | None, *, exclude_id: int | None = None
) -> bool:
    """Whether the name or código is already used in the actor's administración (for a form
    that says so at the step, before the save checks it again)."""
    return await _taken(actor.administration_id, field, value, exclude_id)


async def community_in_scope(
    actor: StaffUser, community_id: int | None, action: Action
) -> Community:
    """A live community of the actor's scope once `action` is allowed there.

    `NotAllowed` when the action is refused; `CommunityError(NOT_FOUND)` for a community that
    is deleted, of another administración, or not the actor's."""
    if community_id is None:
        raise CommunityError(CommunityProblem.NOT_FOUND)
    await require(actor, action, community_id)
    community = await Community.get_or_none(
        id=community_id, administration_id=actor.administration_id, deleted_at=None
    )
    if community is None:
        raise CommunityError(CommunityProblem.NOT_FOUND)
    return community


async def deleted_community(actor: StaffUser, community_id: int | None, clock: Clock) -> Community:
    """A community of the actor's administración deleted within the restore window
    (`CommunityError` NOT_FOUND or RESTORE_EXPIRED otherwise)."""
    await require_administration(actor, Action.MANAGE_COMMUNITIES)
    community = (
        await Community.get_or_none(
            id=community_id,
            administration_id=actor.administration_id,
            deleted_at__isnull=False,
            purged_at=None,
        )
        if community_id is not None
        else None
    )
    if community is None:
        raise CommunityError(CommunityProblem.NOT_FOUND)
    assert community.deleted_at is not None
    if community.deleted_at <= clock.now() - RESTORE_WINDOW:
        raise CommunityError(CommunityProblem.RESTORE_EXPIRED)
    return community


# --- create and edit -------------------------------------------------------------------------


@changes_identities
async def create_community(
    actor: StaffUser,
    data: CommunityData,
    *,
    signature: bytes | PreparedSignature | None = None,
    logo: bytes | PreparedLogo | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Community:
    """Create a community in the actor's administración, with its optional firma and logo.

    Audited (the images by size and checksum, never their bytes). The actor sees it at once:
    if it is not in their scope by profile, it is assigned to them. Raises `NotAllowed`,
    `CommunityError` or `models.images.LogoRefused` (nothing is saved then)."""
    await require_administration(actor, Action.MANAGE_COMMUNITIES)
    data = CommunityData.clean({f.value: getattr(data, f.value) for f in CommunityField})
    prepared_signature = (
        signature
        if signature is None or isinstance(signature, PreparedSignature)
        else await asyncio.to_thread(prepare_signature, signature)
    )
    prepared_logo = (
        logo
        if logo is None or isinstance(logo, PreparedLogo)
        else await asyncio.to_thread(prepare_logo, logo)
    )
    async with in_transaction():
        await Administration.filter(id=actor.administration_id).select_for_update().first()
        await _check_unique(
            actor.administration_id,
            {CommunityField.NAME: data.name, CommunityField.CODE: data.code},
            None,
        )
        community = await Community.create(
            administration_id=actor.administration_id,
            name=data.name,
            email=data.email,
            phone=data.phone,
            rut=data.rut,
            address=data.address,
            code=data.code,
        )
        if community.id not in await community_ids_in_scope(actor):
            await actor.communities.add(community)
        after: dict[str, object] = _view(community)
        if prepared_signature is not None:
            await _store_signature(community.id, prepared_signature, actor, clock)
            after["signature"] = _image_view(prepared_signature)
        await audit.record(
            actor=actor,
            action="community.create",
            object_type="community",
            object_id=community.id,
            after=after,
            administration_id=actor.administration_id,
            community_id=community.id,
        )
        if prepared_logo is not None:
            await save_logo(Owner.community(community.id), prepared_logo, actor, clock=clock)
    log.info("community %s created by staff %s", community.id, actor.id)
    return community


def _image_view(image: PreparedSignature) -> dict[str, object]:
    return {
        "width": image.width,
        "height": image.height,
        "bytes": len(image.jpeg),
        "sha256": image.sha256,
    }


async def _store_signature(
    community_id: int, image: PreparedSignature, actor: StaffUser | None, clock: Clock
) -> dict[str, object] | None:
    """Keep `image` as the community's firma; returns a description of the one replaced."""
    values: dict[str, Any] = {
        "jpeg": image.jpeg,
        "width": image.width,
        "height": image.height,
        "byte_size": len(image.jpeg),
        "sha256": image.sha256,
        "updated_at": clock.now(),
        "updated_by_id": actor.id if actor is not None else None,
    }
    existing = await CommunitySignature.get_or_none(community_id=community_id)
    if existing is None:
        await CommunitySignature.create(community_id=community_id, **values)
        return None
    before: dict[str, object] = {
        "width": existing.width,
        "height": existing.height,
        "bytes": existing.byte_size,
        "sha256": existing.sha256,
    }
    existing.update_from_dict(values)
    await existing.save()
    return before


async def edit_community(
    actor: StaffUser,
    community_id: int,
    field: CommunityField,
    raw: str | None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> Community:
    """Change one field of a community in the actor's scope; audited with before and after.

    Raises `NotAllowed` or `CommunityError` (nothing changes then)."""
    field = CommunityField(field)
    community = await community_in_scope(actor, community_id, Action.EDIT_COMMUNITY)
    value = clean_field(field, raw)
    async with in_transaction():
        await Administration.filter(id=actor.administration_id).select_for_update().first()
        await _check_unique(community.administration_id, {field: value}, community.id)
        before = getattr(community, field.value)
        if before != value:
            await Community.filter(id=community.id).update(**{field.value: value})
            setattr(community, field.value, value)
            await audit.record(
                actor=actor,
                action="community.edit",
                object_type="community",
                object_id=community.id,
                before={"name": community.name, field.value: before},
                after={"name": community.name, field.value: value},
                administration_id=community.administration_id,
                community_id=community.id,
            )
    log.info("community %s: %s changed by staff %s", community.id, field.value, actor.id)
    return community


async def set_signature(
    actor: StaffUser,
    community_id: int,
    image: bytes | PreparedSignature,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> CommunitySignature:
    """Make `image` the community's firma (replacing any); audited without the bytes."""
    community = await community_in_scope(actor, community_id, Action.EDIT_COMMUNITY)
    prepared = (
        image
        if isinstance(image, PreparedSignature)
        else await asyncio.to_thread(prepare_signature, image)
    )
    async with in_transaction():
        await Community.filter(id=community.id).select_for_update().first()
        before = await _store_signature(community.id, prepared, actor, clock)
        await audit.record(
            actor=actor,
            action="community.signature",
            object_type="community",
            object_id=community.id,
            before={"name": community.name, "signature": before} if before else None,
            after={"name": community.name, "signature": _image_view(prepared)},
            administration_id=community.administration_id,
            community_id=community.id,
        )
    return await CommunitySignature.get(community_id=community.id)


async def get_signature(community_id: int) -> CommunitySignature | None:
    return await CommunitySignature.get_or_none(community_id=community_id)


# --- listing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommunityRow:
    """A community as the list shows it."""

    id: int
    name: str
    code: str | None
    properties: int
    contact_id: int | None
    show_contact: bool
    deleted_at: datetime | None = None

    @property
    def shows_contact(self) -> bool:
        """Whether resident e-mails carry a contact block: one associated and Mostrar on."""
        return self.contact_id is not None and self.show_contact


def clean_query(raw: str | None) -> str | None:
    text = _collapse(raw)[:MAX_QUERY_LENGTH]
    return text or None


async def _rows(communities: list[Community]) -> list[CommunityRow]:
    ids = [c.id for c in communities]
    counts: dict[int, int] = {}
    if ids:
        grouped = (
            await Property.filter(community_id__in=ids)
            .annotate(n=Count("id"))
            .group_by("community_id")
            .values_list("community_id", "n")
        )
        counts = {int(cid): int(n) for cid, n in grouped}
    return [
        CommunityRow(
            id=c.id,
            name=c.name,
            code=c.code,
            properties=counts.get(c.id, 0),
            contact_id=c.contact_id,
            show_contact=c.show_contact,
            deleted_at=c.deleted_at,
        )
        for c in communities
    ]


def _page(items: list[Community], page: int, size: int) -> tuple[list[Community], int, int]:
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    return items[page * size : (page + 1) * size], page, pages


def _matches(community: Community, query: str | None) -> bool:
    if not query:
        return True
    return fold(query) in fold(f"{community.name} {community.code or ''}")


async def list_communities(
    actor: StaffUser,
    *,
    query: str | None = None,
    page: int = 0,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[CommunityRow]:
    """The live communities of the actor's scope, by name, filtered by name or código."""
    await require_administration(actor, Action.VIEW_COMMUNITIES)
    scope = await community_ids_in_scope(actor)
    found = [
        c
        for c in await Community.filter(id__in=list(scope), deleted_at=None)
        if _matches(c, query)
    ]
    found.sort(key=lambda c: (fold(c.name), c.id))
    items, page, pages = _page(found, page, size)
    return Page(await _rows(items), page, pages, len(found))


async def list_deleted(
    actor: StaffUser,
    *,
    page: int = 0,
    size: int = DEFAULT_PAGE_SIZE,
    clock: Clock = SYSTEM_CLOCK,
) -> Page[CommunityRow]:
    """Communities of the administración deleted within the restore window, newest first."""
    await require_administration(actor, Action.MANAGE_COMMUNITIES)
    found = await Community.filter(
        administration_id=actor.administration_id,
        deleted_at__gt=clock.now() - RESTORE_WINDOW,
        purged_at=None,
    ).order_by("-deleted_at", "id")
    items, page, pages = _page(list(found), page, size)
    return Page(await _rows(items), page, pages, len(found))


def purge_date(deleted_at: datetime) -> datetime:
    """When a community deleted at `deleted_at` stops being restorable."""
    return deleted_at + RESTORE_WINDOW


# --- deletion, restore and purge -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeletionSummary:
    """What goes with a community when it is deleted (seed: "muestra lo que se va con ella")."""

    community: Community
    properties: int
    residents: int
    pending_items: int
    access_entries: int
    sms_balance: int


async def deletion_summary(
    actor: StaffUser, community_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> DeletionSummary:
    """Counts of what a deletion takes away; only for those who may delete."""
    await require_administration(actor, Action.MANAGE_COMMUNITIES)
    community = await community_in_scope(actor, community_id, Action.VIEW_COMMUNITIES)
    return DeletionSummary(
        community=community,
        properties=await Property.filter(community_id=community.id).count(),
        residents=await Resident.filter(property__community_id=community.id).count(),
        pending_items=await CorrespondenceItem.filter(
            community_id=community.id, status=ItemStatus.PENDING
        ).count(),
        access_entries=await AccessEntry.filter(property__community_id=community.id).count(),
        sms_balance=(await sms_balance(community.id, clock=clock)).available,
    )


def names_match(typed: str | None, name: str) -> bool:
    """Whether the typed name is the community's (trimmed, without case or accents)."""
    return bool(typed) and fold(_collapse(typed)) == fold(_collapse(name))


@changes_identities
async def delete_community(
    actor: StaffUser, community_id: int, typed_name: str | None, *, clock: Clock = SYSTEM_CLOCK
) -> Community:
    """Soft-delete a community once its name is typed: it leaves everyone's scope at once and is
    purged after 30 days unless restored. Audited with what went with it."""
    summary = await deletion_summary(actor, community_id, clock=clock)
    community = summary.community
    if not names_match(typed_name, community.name):
        raise CommunityError(CommunityProblem.NAME_MISMATCH)
    now = clock.now()
    async with in_transaction():
        updated = await Community.filter(id=community.id, deleted_at=None).update(deleted_at=now)
        if not updated:
            raise CommunityError(CommunityProblem.NOT_FOUND)
        community.deleted_at = now
        await audit.record(
            actor=actor,
            action="community.delete",
            object_type="community",
            object_id=community.id,
            before={"name": community.name},
            after={
                "name": community.name,
                "properties": summary.properties,
                "residents": summary.residents,
                "pending_items": summary.pending_items,
                "access_entries": summary.access_entries,
                "sms_balance": summary.sms_balance,
                "purge_after": purge_date(now).isoformat(),
            },
            administration_id=community.administration_id,
            community_id=community.id,
        )
    log.info("community %s deleted by staff %s", community.id, actor.id)
    return community


@changes_identities
async def restore_community(
    actor: StaffUser, community_id: int | None, *, clock: Clock = SYSTEM_CLOCK
) -> Community:
    """Bring back a community deleted less than 30 days ago, with everything it had."""
    community = await deleted_community(actor, community_id, clock)
    async with in_transaction():
        updated = await Community.filter(id=community.id, deleted_at__isnull=False).update(
            deleted_at=None
        )
        if not updated:
            raise CommunityError(CommunityProblem.NOT_FOUND)
        await audit.record(
            actor=actor,
            action="community.restore",
            object_type="community",
            object_id=community.id,
            before={
                "name": community.name,
                "deleted_at": community.deleted_at.isoformat() if community.deleted_at else None,
            },
            after={"name": community.name},
            administration_id=community.administration_id,
            community_id=community.id,
        )
        community.deleted_at = None
    log.info("community %s restored by staff %s", community.id, actor.id)
    return community


def tombstone_name(community: Community) -> str:
    """The purged community's name: frees the original for a new community, still readable."""
    suffix = f" [eliminada #{community.id}]"
    return community.name[: 200 - len(suffix)] + suffix


async def _purge_one(community: Community, now: datetime) -> dict[str, int]:
    """Remove everything that hangs from one community; call inside a transaction.

    Dependants go first, leaves before branches, so no foreign key decides for us, on either
    dialect. The outbox rows (residents' addresses) go. What stays: the audit log (the record
    of who did what; `community.purge` closes it) and the money — the SMS purchases and the
    SMS ledger are billing records, so the community row stays as a tombstone for them
    (`purged_at` set, renamed so its name and código are free again, never restorable)."""
    cid = community.id
    property_ids = list(await Property.filter(community_id=cid).values_list("id", flat=True))
    counts: dict[str, int] = {}
    counts["outbox"] = await OutboxMessage.filter(community_id=cid).delete()
    counts["correspondence"] = await CorrespondenceItem.filter(community_id=cid).delete()
    counts["visits"] = await Visit.filter(community_id=cid).delete()
    await ShiftHandover.filter(community_id=cid).delete()
    counts["logbook_entries"] = await LogbookEntry.filter(community_id=cid).delete()
    await LogbookCategory.filter(community_id=cid).delete()
    counts["access_entries"] = (
        await AccessEntry.filter(property_id__in=property_ids).delete() if property_ids else 0
    )
    if property_ids:
        await Invitation.filter(resident__property_id__in=property_ids).delete()
    counts["residents"] = (
        await Resident.filter(property_id__in=property_ids).delete() if property_ids else 0
    )
    counts["meter_readings"] = await MeterReading.filter(community_id=cid).delete()
    await MeterRound.filter(community_id=cid).delete()
    counts["meters"] = await Meter.filter(community_id=cid).delete()
    counts["properties"] = await Property.filter(community_id=cid).delete()
    await SmsLowBalanceState.filter(community_id=cid).delete()
    await Logo.filter(owner_kind=OwnerKind.COMMUNITY, owner_id=cid).delete()
    await CommunityBranding.filter(community_id=cid).delete()
    await CommunitySignature.filter(community_id=cid).delete()
    await StaffUser.filter(working_community_id=cid).update(working_community_id=None)
    # The reverse sides of StaffUser.communities and Role.communities (untyped in Tortoise).
    reverse: Any = community
    await reverse.staff.clear()
    await reverse.roles.clear()
    await Community.filter(id=cid).update(
        purged_at=now,
        name=tombstone_name(community),
        code=None,
        contact_id=None,
        show_contact=False,
    )
    return counts


@changes_identities
async def purge_deleted(*, clock: Clock = SYSTEM_CLOCK) -> int:
    """The daily job: remove communities deleted at least 30 days ago, each in its own
    transaction; idempotent (a purged community is gone, a restored one is not touched)."""
    cutoff = clock.now() - RESTORE_WINDOW
    due = (
        await Community.filter(deleted_at__lte=cutoff, purged_at=None)
        .order_by("id")
        .values_list("id", flat=True)
    )
    purged = 0
    for community_id in due:
        async with in_transaction():
            community = (
                await Community.filter(id=community_id, deleted_at__lte=cutoff, purged_at=None)
                .select_for_update()
                .first()
            )
            if community is None:
                continue  # restored (or purged) meanwhile
            counts = await _purge_one(community, clock.now())
            await audit.record(
                actor=None,
                actor_label=audit.Source.SYSTEM,
                action="community.purge",
                object_type="community",
                object_id=community.id,
                before={"name": community.name},
                after=dict(counts),
                administration_id=community.administration_id,
                community_id=community.id,
            )
        purged += 1
        log.info("community %s purged", community_id)
    return purged
