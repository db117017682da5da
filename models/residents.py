"""A property's residents (seed: "Inmuebles en Kastor Conserjería"): the card, the resident
e-mails with their role, invitations to link Telegram, and the community's notice counters.

Rules the seeds leave open, decided here:
- a resident is an e-mail of one property; the same e-mail may be on several properties, never
  twice on one (the unique (property, e-mail) pair); e-mails are stored lower-cased;
- a property has at most one principal ("usuario principal", Kastor Plus's "responsable de
  deuda"); making someone principal turns the current principal into a secundario;
- removing a resident deletes the e-mail from the property (it stops receiving notices, its
  Telegram link to that property ends, its pending invitations go); the audit log keeps it;
- an invitation e-mail is an account message, not a community notice: it is queued without a
  community, so the notice counters (`notice_counters`) count correspondence notices only.

Every change re-checks the actor (`models.permissions.require`) and the community scope: a
property or resident outside `expected_community_ids` is reported as not found.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, Invitation, Property, Resident, ResidentRole, StaffUser
from models.correspondence_notices import PARCEL_ARRIVED, PARCEL_DELIVERED, PARCEL_REMINDER
from models.errors import DomainError
from models.identity import DEFAULT_TTL, IssuedInvitation, changes_identities, issue_invitation
from models.logos import NoticeLogo, notice_logo
from models.outbox import INVITATION, Channel, OutboxMessage, OutboxStatus, enqueue_notice
from models.permissions import Action, require

log = logging.getLogger(__name__)

EMAIL_MAX = 254
SENT_STATUSES = (OutboxStatus.SENT, OutboxStatus.DELIVERED)

_EMAIL_SEPARATORS = re.compile(r"[;,\s]+")


class ResidentErrorReason(StrEnum):
    """Why a residents operation was refused; handlers turn these into Spanish messages."""

    PROPERTY_NOT_FOUND = "property_not_found"
    RESIDENT_NOT_FOUND = "resident_not_found"
    INVALID_EMAIL = "invalid_email"
    DUPLICATE_EMAIL = "duplicate_email"
    INVALID_ROLE = "invalid_role"


class ResidentError(DomainError):
    """A refused residents operation; `reason` says why."""

    def __init__(self, reason: ResidentErrorReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def clean_resident_email(raw: str | None) -> str:
    """A syntactically valid address (no DNS lookup), lower-cased; `ResidentError` otherwise."""
    text = (raw or "").strip()
    if not text or len(text) > EMAIL_MAX:
        raise ResidentError(ResidentErrorReason.INVALID_EMAIL)
    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise ResidentError(ResidentErrorReason.INVALID_EMAIL) from exc
    email = result.normalized.lower()
    if len(email) > EMAIL_MAX:
        raise ResidentError(ResidentErrorReason.INVALID_EMAIL)
    return email


def split_emails(raw: str | None) -> list[str]:
    """The addresses of a cell or a typed list: separated by `;`, `,` or spaces (as typed)."""
    return [part for part in _EMAIL_SEPARATORS.split(raw or "") if part]


def parse_role(value: ResidentRole | str) -> ResidentRole:
    try:
        return ResidentRole(value)
    except ValueError as exc:
        raise ResidentError(ResidentErrorReason.INVALID_ROLE) from exc


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResidentView:
    id: int
    email: str
    name: str | None
    role: ResidentRole
    linked: bool  # has a Telegram account bound


@dataclass(frozen=True, slots=True)
class PropertyCard:
    id: int
    name: str
    community_id: int
    community_name: str
    mobile: str | None
    residents: tuple[ResidentView, ...]  # principal first, then by e-mail

    @property
    def principals(self) -> list[ResidentView]:
        return [r for r in self.residents if r.role is ResidentRole.PRINCIPAL]

    @property
    def secondaries(self) -> list[ResidentView]:
        return [r for r in self.residents if r.role is ResidentRole.SECONDARY]


def _view(resident: Resident) -> ResidentView:
    return ResidentView(
        id=resident.id,
        email=resident.email,
        name=resident.name,
        role=ResidentRole(resident.role),
        linked=resident.telegram_id is not None,
    )


def _order(residents: Iterable[ResidentView]) -> tuple[ResidentView, ...]:
    return tuple(
        sorted(residents, key=lambda r: (r.role is not ResidentRole.PRINCIPAL, r.email, r.id))
    )


async def residents_by_property(
    property_ids: Collection[int],
) -> dict[int, tuple[ResidentView, ...]]:
    """The residents of these properties (principal first), for the list's rows."""
    found: dict[int, list[ResidentView]] = {pid: [] for pid in property_ids}
    if not property_ids:
        return {}
    for resident in await Resident.filter(property_id__in=list(property_ids)):
        found.setdefault(resident.property_id, []).append(_view(resident))
    return {pid: _order(views) for pid, views in found.items()}


async def property_card(property_id: int, community_ids: Collection[int]) -> PropertyCard | None:
    """The property's card if it belongs to one of these communities (None otherwise)."""
    if not community_ids:
        return None
    prop = await Property.get_or_none(
        id=property_id, community_id__in=list(community_ids)
    ).select_related("community")
    if prop is None:
        return None
    residents = await residents_by_property([prop.id])
    return PropertyCard(
        id=prop.id,
        name=prop.name,
        community_id=prop.community_id,
        community_name=prop.community.name,
        mobile=prop.mobile,
        residents=residents.get(prop.id, ()),
    )


async def find_resident(resident_id: int, community_ids: Collection[int]) -> Resident | None:
    """The resident, with its property and community, if it is in one of these communities."""
    if not community_ids:
        return None
    return await Resident.get_or_none(
        id=resident_id, property__community_id__in=list(community_ids)
    ).select_related("property__community")


async def current_principal(property_id: int, *, exclude_id: int | None = None) -> Resident | None:
    """The property's principal (another one than `exclude_id`), if it has one."""
    query = Resident.filter(property_id=property_id, role=ResidentRole.PRINCIPAL)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    return await query.order_by("id").first()


async def email_on_property(property_id: int, email: str) -> bool:
    return await Resident.exists(property_id=property_id, email=email.strip().lower())


@dataclass(frozen=True, slots=True)
class NoticeCounters:
    """What the community sent (the seed's indicator at the top of "Inmuebles")."""

    sms: int
    emails: int


RESIDENT_EMAIL_TEMPLATES = (PARCEL_ARRIVED, PARCEL_DELIVERED, PARCEL_REMINDER, INVITATION)
"""E-mails to residents; purchase and low-balance e-mails go to the administrators."""


async def notice_counters(community_id: int) -> NoticeCounters:
    """SMS and e-mails sent to the community's residents (sent or delivered), all time."""
    sent = OutboxMessage.filter(community_id=community_id, status__in=list(SENT_STATUSES))
    return NoticeCounters(
        sms=await sent.filter(channel=Channel.SMS).count(),
        emails=await sent.filter(
            channel=Channel.EMAIL, template__in=list(RESIDENT_EMAIL_TEMPLATES)
        ).count(),
    )


# --- changes ---------------------------------------------------------------------------------


async def _property_for_change(
    actor: StaffUser, property_id: int, expected_community_ids: Collection[int]
) -> Property:
    prop = (
        await Property.get_or_none(
            id=property_id, community_id__in=list(expected_community_ids)
        ).select_related("community")
        if expected_community_ids
        else None
    )
    if prop is None:
        raise ResidentError(ResidentErrorReason.PROPERTY_NOT_FOUND)
    await require(actor, Action.MANAGE_PROPERTIES, prop.community_id)
    await _lock(prop.id)
    return prop


async def _lock(property_id: int) -> None:
    """Serialise changes to one property's residents (PostgreSQL; SQLite serialises anyway),
    so two people naming a principal at once never leave two principals."""
    await Property.filter(id=property_id).select_for_update().first()


async def _resident_for_change(
    actor: StaffUser, resident_id: int, expected_community_ids: Collection[int]
) -> Resident:
    resident = await find_resident(resident_id, expected_community_ids)
    if resident is None:
        raise ResidentError(ResidentErrorReason.RESIDENT_NOT_FOUND)
    await require(actor, Action.MANAGE_PROPERTIES, resident.property.community_id)
    await _lock(resident.property_id)
    fresh = await Resident.get_or_none(id=resident.id)
    if fresh is None:
        raise ResidentError(ResidentErrorReason.RESIDENT_NOT_FOUND)
    resident.role = fresh.role  # as it is now that the property is locked
    return resident


def _snapshot(resident: Resident, property_name: str) -> dict[str, Any]:
    return {
        "property": property_name,
        "email": resident.email,
        "role": ResidentRole(resident.role).value,
    }


async def _demote_other_principals(property_id: int, keep_id: int) -> list[str]:
    """Make every other principal of the property a secundario; their e-mails."""
    others = await Resident.filter(property_id=property_id, role=ResidentRole.PRINCIPAL).exclude(
        id=keep_id
    )
    if others:
        await Resident.filter(id__in=[r.id for r in others]).update(role=ResidentRole.SECONDARY)
    return sorted(r.email for r in others)


async def _record(
    actor: StaffUser,
    action: str,
    prop: Property,
    resident_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    await audit.record(
        actor=actor,
        action=action,
        object_type="resident",
        object_id=resident_id,
        before=before,
        after=after,
        administration_id=prop.community.administration_id,
        community_id=prop.community_id,
    )


@dataclass(frozen=True, slots=True)
class ResidentChange:
    resident: Resident
    property: Property
    demoted: tuple[str, ...] = ()  # e-mails that stopped being principal
    changed: bool = True


@changes_identities
async def add_resident(
    actor: StaffUser,
    property_id: int,
    email: str,
    role: ResidentRole | str,
    *,
    expected_community_ids: Collection[int],
    name: str | None = None,
) -> ResidentChange:
    """Add a resident e-mail to the property (audited); a duplicate on it is refused."""
    address = clean_resident_email(email)
    chosen = parse_role(role)
    try:
        async with in_transaction():
            prop = await _property_for_change(actor, property_id, expected_community_ids)
            if await email_on_property(prop.id, address):
                raise ResidentError(ResidentErrorReason.DUPLICATE_EMAIL)
            resident = await Resident.create(
                property_id=prop.id, email=address, role=chosen, name=(name or "").strip() or None
            )
            demoted: list[str] = []
            if chosen is ResidentRole.PRINCIPAL:
                demoted = await _demote_other_principals(prop.id, resident.id)
            after = {**_snapshot(resident, prop.name), **({"demoted": demoted} if demoted else {})}
            await _record(actor, "resident.add", prop, resident.id, None, after)
    except IntegrityError as exc:
        # The same e-mail added twice at once: the unique pair decides.
        raise ResidentError(ResidentErrorReason.DUPLICATE_EMAIL) from exc
    log.info(
        "residents: resident %s added to property %s by staff=%s", resident.id, prop.id, actor.id
    )
    return ResidentChange(resident=resident, property=prop, demoted=tuple(demoted))


@changes_identities
async def set_role(
    actor: StaffUser,
    resident_id: int,
    role: ResidentRole | str,
    *,
    expected_community_ids: Collection[int],
) -> ResidentChange:
    """Make the resident principal or secundario (audited); the same role changes nothing."""
    chosen = parse_role(role)
    async with in_transaction():
        resident = await _resident_for_change(actor, resident_id, expected_community_ids)
        prop = resident.property
        before = _snapshot(resident, prop.name)
        if ResidentRole(resident.role) is chosen:
            return ResidentChange(resident=resident, property=prop, changed=False)
        await Resident.filter(id=resident.id).update(role=chosen)
        resident.role = chosen
        demoted: list[str] = []
        if chosen is ResidentRole.PRINCIPAL:
            demoted = await _demote_other_principals(prop.id, resident.id)
        after = {**_snapshot(resident, prop.name), **({"demoted": demoted} if demoted else {})}
        await _record(actor, "resident.role", prop, resident.id, before, after)
    log.info("residents: role of resident %s set by staff=%s", resident.id, actor.id)
    return ResidentChange(resident=resident, property=prop, demoted=tuple(demoted))


@changes_identities
async def remove_resident(
    actor: StaffUser, resident_id: int, *, expected_community_ids: Collection[int]
) -> ResidentChange:
    """Take the e-mail off the property (audited): no more notices, no Telegram link to it."""
    async with in_transaction():
        resident = await _resident_for_change(actor, resident_id, expected_community_ids)
        prop = resident.property
        before = {**_snapshot(resident, prop.name), "telegram": resident.telegram_id is not None}
        # SQLite counts the rows the delete cascaded to (invitations) too: any count means gone.
        deleted = await Resident.filter(id=resident.id).delete()
        if not deleted:
            raise ResidentError(ResidentErrorReason.RESIDENT_NOT_FOUND)
        await _record(actor, "resident.remove", prop, resident.id, before, None)
    log.info("residents: resident %s removed by staff=%s", resident.id, actor.id)
    return ResidentChange(resident=resident, property=prop)


def _invitation_data(
    prop: Property,
    community: Community,
    issued: IssuedInvitation,
    *,
    inviter: StaffUser,
    bot_username: str,
    tz: str,
    logo: NoticeLogo | None,
) -> dict[str, Any]:
    """What a resident's invitation e-mail shows (`INVITATION`, with the community's logo)."""
    data: dict[str, Any] = {
        "inviter": inviter.full_name,
        "community": community.name,
        "property": prop.name,
        "link": issued.deep_link(bot_username),
        "bot": bot_username,
        "code": issued.token,
        "expires_at": issued.invitation.expires_at.isoformat(),
        "zone": tz,
    }
    if logo is not None:
        data["logo_cid"] = logo.content_id
    return data


async def invite_resident(
    actor: StaffUser,
    resident_id: int,
    *,
    expected_community_ids: Collection[int],
    ttl: timedelta = DEFAULT_TTL,
    bot_username: str = "conserjeria_bot",
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[Resident, IssuedInvitation]:
    """E-mail the resident a one-time deep link and code to receive the notices in Telegram.

    Older unused invitations of the resident stop working; queued in the same transaction.
    """
    async with in_transaction():
        resident = await _resident_for_change(actor, resident_id, expected_community_ids)
        prop = resident.property
        issued = await issue_invitation(resident=resident, created_by=actor, ttl=ttl, clock=clock)
        logo = await notice_logo(prop.community_id)
        await enqueue_notice(
            key=f"invite:{issued.invitation.id}",
            channel=Channel.EMAIL,
            recipient=resident.email,
            template=INVITATION,
            data=_invitation_data(
                prop,
                prop.community,
                issued,
                inviter=actor,
                bot_username=bot_username,
                tz=clock.zone.key,
                logo=logo,
            ),
            attachments=[logo.email_attachment()] if logo is not None else None,
            community_id=None,
            resident_of=prop.community_id,
        )
        await _record(
            actor,
            "resident.invite",
            prop,
            resident.id,
            None,
            {
                **_snapshot(resident, prop.name),
                "expires_at": issued.invitation.expires_at.isoformat(),
            },
        )
    log.info("residents: invitation %s for resident %s", issued.invitation.id, resident.id)
    return resident, issued


async def pending_invitations(resident_id: int) -> int:
    """How many unused, unrevoked invitations the resident has (for tests and the card)."""
    return await Invitation.filter(resident_id=resident_id, used_at=None, revoked_at=None).count()
