"""Correspondence: items received for a property, their pickup codes, notices and hand-over.

Rules (SPEC §4.4, §5, §6; seed "registrar la correspondencia"):

- an item belongs to a property of a community: kind (carta, paquete, documento, otro),
  optional sender/carrier, note and photo (the Telegram file id), who received it and when;
- it gets a short pickup code from an alphabet without look-alikes (no 0/O, 1/I/L), unique
  among the community's *pending* items: checked in code and guaranteed by the database through
  `pending_code` (the code while pending, NULL once delivered) under a unique constraint with
  the community — NULLs never collide, so this is portable between SQLite and PostgreSQL;
- logging an item writes, in ONE transaction, the item, its audit entry and every notice in the
  outbox: an SMS to the property's mobile (one GSM-7 segment, spent from the community's SMS
  ledger in that same transaction, or written as SKIPPED "sin saldo" when there is no balance),
  one e-mail per resident e-mail and one chat notice per resident linked to Telegram;
- delivering records who collected it, who handed it over and when (pending → entregada, once)
  and tells the residents by e-mail and chat (never SMS).

Outbox contract (the senders in `notifier/` read these):

- SMS: key ``corr:<item>:sms``, channel SMS, recipient the E.164 mobile, one SMS spent (the
  renderer keeps the text to one GSM-7 segment by shortening the names); the same key is the
  ledger `reference` of the spend, so a sender that gets a permanent rejection calls
  ``models.sms.refund(key)``. No balance: status SKIPPED, ``last_error = "sin saldo"``,
  nothing spent.
- Every row names its template (`PARCEL_ARRIVED`, `PARCEL_DELIVERED`, `PARCEL_REMINDER`) and
  carries its data (names, kind, code, sender, note, ISO instants, the clock's zone);
  `models.correspondence_notices` writes the rows and `notifier.notices.correspondence`
  renders them right before they are sent (the SMS as GSM-7 text of one segment, the e-mail
  as HTML + text in the one layout, the chat as Telegram HTML).
- E-mail: key ``corr:<item>:email:<resident>``; when the community shows a logo (SPEC §4.6),
  the data names it (``logo_cid``), the HTML shows it inline and ``attachments`` names it
  (``[NoticeLogo.email_attachment()]``, resolved by `notifier.email` when sending).
- Chat: key ``corr:<item>:chat:<resident>``, recipient ``str(telegram_id)``; with a
  photo, ``attachments = {"photo_file_id": "<Telegram file id>"}``; without one, the logo the
  community shows, if any: ``{"logo_sha256": ...}`` (`notifier.chat` sends it as the photo).
- Delivery notices: ``corr:<item>:delivered:email:<resident>`` and
  ``corr:<item>:delivered:chat:<resident>``, with the logo as above.
- Reminders of items still waiting (never SMS), at most one per item and day:
  ``corr:<item>:remind:<YYYY-MM-DD>:email:<resident>`` and ``…:chat:<resident>``.

Nothing here knows Telegram; authorization is checked with `models.permissions.require`.
"""

from __future__ import annotations

import logging
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, cast

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import audit
from models import correspondence_notices as notices
from models.clock import SYSTEM_CLOCK, Clock, local
from models.core import Community, Property, Resident, StaffUser
from models.correspondence_notices import NO_BALANCE_ERROR as NO_BALANCE_ERROR
from models.errors import DomainError
from models.logos import notice_logo
from models.pages import Page
from models.permissions import Action, require

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""31 symbols: no 0/O, 1/I/L, so a code read aloud or from a screen is not misread."""
CODE_LENGTH = 6
MAX_CODE_ATTEMPTS = 20
MAX_SENDER = 100
MAX_NOTE = 500
MAX_COLLECTOR = 200
MAX_LABEL = 300
DEFAULT_PAGE_SIZE = 10


class ItemKind(StrEnum):
    LETTER = "carta"
    PARCEL = "paquete"
    DOCUMENT = "documento"
    OTHER = "otro"


class ItemStatus(StrEnum):
    PENDING = "pendiente"
    DELIVERED = "entregada"


class SmsOutcome(StrEnum):
    QUEUED = "queued"
    NO_MOBILE = "no_mobile"
    NO_BALANCE = "no_balance"


class Refusal(StrEnum):
    """Why a correspondence action was refused; handlers turn it into Spanish."""

    PROPERTY_NOT_FOUND = "property_not_found"
    ITEM_NOT_FOUND = "item_not_found"
    UNKNOWN_CODE = "unknown_code"
    ALREADY_DELIVERED = "already_delivered"
    WRONG_COMMUNITY = "wrong_community"
    SENDER_TOO_LONG = "sender_too_long"
    NOTE_TOO_LONG = "note_too_long"
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    BAD_KIND = "bad_kind"


class CorrespondenceRefused(DomainError):
    """Nothing was changed; `reason` says why and `item` is the item concerned, if known."""

    def __init__(self, reason: Refusal, item: CorrespondenceItem | None = None) -> None:
        super().__init__(reason.value, {"item_id": item.id} if item is not None else None)
        self.reason = reason
        self.item = item


class CodeSpaceExhausted(RuntimeError):
    """No free pickup code after many tries (would need ~10^8 pending items)."""


# --- model ---------------------------------------------------------------------------------


class CorrespondenceItem(Model):
    """A letter, parcel, document or other item waiting for (or handed to) a resident."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    property: fields.ForeignKeyRelation[Property] = fields.ForeignKeyField(
        "models.Property", related_name=False, on_delete=fields.CASCADE
    )
    property_id: int
    kind = fields.CharEnumField(ItemKind, max_length=10)
    sender = fields.CharField(max_length=MAX_SENDER, null=True)
    note = fields.CharField(max_length=MAX_NOTE, null=True)
    photo_file_id = fields.CharField(max_length=255, null=True)
    received_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    received_by_id: int | None
    received_by_label = fields.CharField(max_length=MAX_LABEL)
    received_at = fields.DatetimeField(db_index=True)
    pickup_code = fields.CharField(max_length=CODE_LENGTH)
    pending_code = fields.CharField(max_length=CODE_LENGTH, null=True)
    """The pickup code while pending, NULL once delivered: unique per community (see above)."""
    status = fields.CharEnumField(ItemStatus, max_length=10, default=ItemStatus.PENDING)
    delivered_at = fields.DatetimeField(null=True)
    delivered_to = fields.CharField(max_length=MAX_COLLECTOR, null=True)
    delivered_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    delivered_by_id: int | None
    delivered_by_label = fields.CharField(max_length=MAX_LABEL, null=True)

    class Meta:
        table = "correspondence_item"
        unique_together = (("community", "pending_code"),)
        indexes = (("community", "status", "received_at"),)


__models__ = [CorrespondenceItem]


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogResult:
    """The saved item and what was queued for the residents (or why not)."""

    item: CorrespondenceItem
    sms: SmsOutcome
    sms_recipient: str | None
    emails: int
    chats: int


@dataclass(frozen=True, slots=True)
class DeliverResult:
    item: CorrespondenceItem
    emails: int
    chats: int


# --- small helpers -------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str | None:
    """What was typed as a code, upper-cased without spaces or dashes; None if it cannot be one."""
    code = "".join((raw or "").split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def staff_label(user: StaffUser) -> str:
    return user.full_name[:MAX_LABEL]


# --- logging an item -----------------------------------------------------------------------


async def _create_with_code(values: dict[str, Any], community_id: int) -> CorrespondenceItem:
    """Insert the item with a pickup code no pending item of the community has."""
    for _attempt in range(MAX_CODE_ATTEMPTS):
        code = new_code()
        if await CorrespondenceItem.exists(community_id=community_id, pending_code=code):
            continue
        try:
            async with in_transaction():  # a savepoint: a lost race leaves the rest intact
                return await CorrespondenceItem.create(
                    **values, community_id=community_id, pickup_code=code, pending_code=code
                )
        except IntegrityError:
            continue  # taken meanwhile by a concurrent item
    raise CodeSpaceExhausted(community_id)


async def log_item(
    actor: StaffUser,
    community_id: int,
    property_id: int,
    kind: ItemKind | str,
    sender: str | None = None,
    note: str | None = None,
    photo_file_id: str | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> LogResult:
    """Save an item and queue its notices, all in one transaction (see the module docstring).

    Raises `models.permissions.NotAllowed` when `actor` may not log correspondence in the
    community and `CorrespondenceRefused` for a property elsewhere or bad input.
    """
    await require(actor, Action.LOG_CORRESPONDENCE, community_id)
    try:
        kind = ItemKind(kind)
    except ValueError as exc:
        raise CorrespondenceRefused(Refusal.BAD_KIND) from exc
    sender, note = _clean(sender), _clean(note)
    if sender is not None and len(sender) > MAX_SENDER:
        raise CorrespondenceRefused(Refusal.SENDER_TOO_LONG)
    if note is not None and len(note) > MAX_NOTE:
        raise CorrespondenceRefused(Refusal.NOTE_TOO_LONG)
    photo_file_id = (photo_file_id or "").strip()[:255] or None
    now = clock.now()
    async with in_transaction():
        prop = await Property.get_or_none(id=property_id, community_id=community_id)
        if prop is None:
            raise CorrespondenceRefused(Refusal.PROPERTY_NOT_FOUND)
        community = await Community.get(id=community_id)
        item = await _create_with_code(
            {
                "property_id": prop.id,
                "kind": kind,
                "sender": sender,
                "note": note,
                "photo_file_id": photo_file_id,
                "received_by": actor,
                "received_by_label": staff_label(actor),
                "received_at": now,
                "status": ItemStatus.PENDING,
            },
            community_id,
        )
        await audit.record(
            actor=actor,
            action="correspondence.log",
            object_type="correspondence_item",
            object_id=item.id,
            after={
                "property": prop.name,
                "kind": kind.value,
                "sender": sender,
                "note": note,
                "photo": photo_file_id is not None,
                "pickup_code": item.pickup_code,
            },
            administration_id=community.administration_id,
            community_id=community_id,
        )
        data = notices.item_data(item, community, prop, clock)
        if not prop.mobile:
            sms = SmsOutcome.NO_MOBILE
        elif await notices.queue_sms(item, community.id, prop.mobile, data, clock):
            sms = SmsOutcome.QUEUED
        else:
            sms = SmsOutcome.NO_BALANCE
        residents = await notices.residents(prop.id)
        logo = await notice_logo(community_id)
        emails, chats = await notices.queue_arrival(item, community, data, residents, logo)
    log.info(
        "correspondence: item %s logged community=%s sms=%s emails=%s chats=%s",
        item.id,
        community_id,
        sms.value,
        emails,
        chats,
    )
    return LogResult(
        item=item,
        sms=sms,
        sms_recipient=prop.mobile if sms is SmsOutcome.QUEUED else None,
        emails=emails,
        chats=chats,
    )


# --- delivering ----------------------------------------------------------------------------


async def find_by_code(community_id: int, code: str | None) -> CorrespondenceItem | None:
    """The community's pending item with this pickup code (case-insensitive, spaces trimmed)."""
    clean = normalise_code(code)
    if clean is None:
        return None
    return await CorrespondenceItem.get_or_none(
        community_id=community_id, pending_code=clean
    ).select_related("property")


async def last_delivered_with_code(
    community_id: int, code: str | None
) -> CorrespondenceItem | None:
    """The most recently delivered item of the community with this code (to explain a refusal)."""
    clean = normalise_code(code)
    if clean is None:
        return None
    return (
        await CorrespondenceItem.filter(
            community_id=community_id, pickup_code=clean, status=ItemStatus.DELIVERED
        )
        .order_by("-delivered_at", "-id")
        .select_related("property")
        .first()
    )


async def get_item(item_id: int, community_id: int) -> CorrespondenceItem:
    """The item, with its property, if it belongs to the community (else a refusal)."""
    item = await CorrespondenceItem.get_or_none(id=item_id).select_related("property")
    if item is None:
        raise CorrespondenceRefused(Refusal.ITEM_NOT_FOUND)
    if item.community_id != community_id:
        raise CorrespondenceRefused(Refusal.WRONG_COMMUNITY)
    return item


def clean_collector(raw: str | None) -> str:
    """Who collects, as typed (spaces collapsed); refusals for none or too long."""
    name = _clean(raw)
    if name is None:
        raise CorrespondenceRefused(Refusal.NAME_MISSING)
    if len(name) > MAX_COLLECTOR:
        raise CorrespondenceRefused(Refusal.NAME_TOO_LONG)
    return name


async def deliver(
    actor: StaffUser,
    community_id: int,
    *,
    code: str | None = None,
    item_id: int | None = None,
    collected_by: str,
    clock: Clock = SYSTEM_CLOCK,
) -> DeliverResult:
    """Hand a pending item over (by pickup code or id): record it and tell the residents.

    Refused (`CorrespondenceRefused`, nothing changed) for an unknown code, an item of another
    community, or one already delivered — also when two people deliver it at the same time.
    """
    await require(actor, Action.DELIVER_CORRESPONDENCE, community_id)
    if (code is None) == (item_id is None):
        raise ValueError("deliver needs exactly one of code or item_id")
    name = clean_collector(collected_by)
    now = clock.now()
    async with in_transaction():
        if item_id is not None:
            item = await get_item(item_id, community_id)
        else:
            found = await find_by_code(community_id, code)
            if found is None:
                delivered = await last_delivered_with_code(community_id, code)
                if delivered is not None:
                    raise CorrespondenceRefused(Refusal.ALREADY_DELIVERED, delivered)
                raise CorrespondenceRefused(Refusal.UNKNOWN_CODE)
            item = found
        claimed = await CorrespondenceItem.filter(id=item.id, status=ItemStatus.PENDING).update(
            status=ItemStatus.DELIVERED,
            pending_code=None,
            delivered_at=now,
            delivered_to=name,
            delivered_by_id=actor.id,
            delivered_by_label=staff_label(actor),
        )
        if claimed != 1:
            await item.refresh_from_db()
            raise CorrespondenceRefused(Refusal.ALREADY_DELIVERED, item)
        await item.refresh_from_db()
        prop = await Property.get(id=item.property_id)
        item.property = prop
        community = await Community.get(id=community_id)
        await audit.record(
            actor=actor,
            action="correspondence.deliver",
            object_type="correspondence_item",
            object_id=item.id,
            before={"property": prop.name, "status": ItemStatus.PENDING.value},
            after={
                "property": prop.name,
                "status": ItemStatus.DELIVERED.value,
                "delivered_to": name,
                "pickup_code": item.pickup_code,
            },
            administration_id=community.administration_id,
            community_id=community_id,
        )
        residents = await notices.residents(prop.id)
        logo = await notice_logo(community_id)
        emails, chats = await notices.queue_delivery(
            item, community, prop, residents, name, logo, clock
        )
    log.info("correspondence: item %s delivered community=%s", item.id, community_id)
    return DeliverResult(item=item, emails=emails, chats=chats)


# --- reminders -----------------------------------------------------------------------------


REMIND_AFTER = timedelta(days=1)
"""Items waiting at least this long are reminded (an item logged this morning is not)."""


@dataclass(frozen=True, slots=True)
class RemindResult:
    """What a reminder round queued: items reminded, e-mails and chat notices."""

    items: int
    emails: int
    chats: int


async def remindable_count(
    community_id: int, *, clock: Clock = SYSTEM_CLOCK, older_than: timedelta = REMIND_AFTER
) -> int:
    """Pending items old enough to remind (whether or not they were reminded today)."""
    return await CorrespondenceItem.filter(
        community_id=community_id,
        status=ItemStatus.PENDING,
        received_at__lte=clock.now() - older_than,
    ).count()


async def remind_pending(
    actor: StaffUser,
    community_id: int,
    *,
    clock: Clock = SYSTEM_CLOCK,
    older_than: timedelta = REMIND_AFTER,
) -> RemindResult:
    """Remind the residents of every item waiting `older_than` or more: e-mail and chat only.

    Never SMS (SPEC §4.4: reminders cost no balance). At most one reminder per item and day
    (in the clock's zone): the outbox keys carry the date, so pressing twice sends nothing new.
    """
    await require(actor, Action.LOG_CORRESPONDENCE, community_id)
    return await _remind(community_id, actor, clock=clock, older_than=older_than)


async def remind_all(*, clock: Clock = SYSTEM_CLOCK, older_than: timedelta) -> RemindResult:
    """The scheduled round: every community's items waiting `older_than` or more (no actor)."""
    cutoff = clock.now() - older_than
    community_ids = await (
        CorrespondenceItem.filter(
            status=ItemStatus.PENDING, received_at__lte=cutoff, community__deleted_at=None
        )
        .distinct()
        .values_list("community_id", flat=True)
    )
    items = emails = chats = 0
    for community_id in sorted(set(community_ids)):
        done = await _remind(
            int(cast(int, community_id)), None, clock=clock, older_than=older_than
        )
        items, emails, chats = items + done.items, emails + done.emails, chats + done.chats
    return RemindResult(items=items, emails=emails, chats=chats)


async def _remind(
    community_id: int, actor: StaffUser | None, *, clock: Clock, older_than: timedelta
) -> RemindResult:
    now = clock.now()
    day = local(clock, now).date().isoformat()
    items = (
        await CorrespondenceItem.filter(
            community_id=community_id,
            status=ItemStatus.PENDING,
            received_at__lte=now - older_than,
        )
        .order_by("received_at", "id")
        .select_related("property")
    )
    emails = chats = reminded = 0
    async with in_transaction():
        community = await Community.get(id=community_id)
        logo = await notice_logo(community_id)
        for item in items:
            residents = await notices.residents(item.property_id)
            data = notices.item_data(item, community, item.property, clock)
            sent = await notices.queue_reminder(item, community, data, residents, logo, day)
            if sent != (0, 0):
                reminded += 1
            emails += sent[0]
            chats += sent[1]
        if reminded:
            await audit.record(
                actor=actor,
                action="correspondence.remind",
                object_type="community",
                object_id=community_id,
                after={"items": reminded, "emails": emails, "chats": chats, "day": day},
                administration_id=community.administration_id,
                community_id=community_id,
            )
    log.info("correspondence: %s item(s) reminded community=%s", reminded, community_id)
    return RemindResult(items=reminded, emails=emails, chats=chats)


# --- lists ---------------------------------------------------------------------------------


async def pending_items(
    community_id: int,
    *,
    property_id: int | None = None,
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[CorrespondenceItem]:
    """A page of the community's pending items, oldest first (property prefetched).

    A page past the end shows the last one.
    """
    if page_size < 1:
        raise ValueError("page_size must be positive")
    query = CorrespondenceItem.filter(community_id=community_id, status=ItemStatus.PENDING)
    if property_id is not None:
        query = query.filter(property_id=property_id)
    total = await query.count()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    items = (
        await query.order_by("received_at", "id")
        .offset(page * page_size)
        .limit(page_size)
        .select_related("property")
    )
    return Page(items=list(items), page=page, pages=pages, total=total)


async def resident_pending(telegram_id: int) -> list[CorrespondenceItem]:
    """Pending items of every property this Telegram account is a resident of, oldest first."""
    property_ids = await Resident.filter(
        telegram_id=telegram_id, property__community__deleted_at=None
    ).values_list("property_id", flat=True)
    if not property_ids:
        return []
    return (
        await CorrespondenceItem.filter(
            property_id__in=list({int(cast(int, p)) for p in property_ids}),
            status=ItemStatus.PENDING,
        )
        .order_by("received_at", "id")
        .select_related("property", "community")
    )
