"""What the correspondence domain writes to the outbox: recipients, templates and their data.

The outbox contract is in `models.correspondence`'s docstring; the texts are rendered by
`notifier.notices.correspondence`. Residents are told once per distinct e-mail address and
once per Telegram account; every row is written once per key (a repeated key writes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.clock import Clock
from models.core import Community, Property, Resident
from models.logos import NoticeLogo
from models.outbox import Attachments, Channel, OutboxStatus, enqueue_notice
from models.sms import balance, spend
from models.sms_purchases import check_low_balance

if TYPE_CHECKING:
    from models.correspondence import CorrespondenceItem

NO_BALANCE_ERROR = "sin saldo"
SMS_PER_NOTICE = 1
"""SMS spent per arrival SMS: its renderer keeps it to one GSM-7 segment."""

PARCEL_ARRIVED = "parcel_arrived"
PARCEL_DELIVERED = "parcel_delivered"
PARCEL_REMINDER = "parcel_reminder"


async def write(
    *,
    key: str,
    channel: Channel,
    recipient: str,
    template: str,
    data: dict[str, Any],
    community_id: int,
    attachments: Attachments | None = None,
    status: OutboxStatus = OutboxStatus.PENDING,
    last_error: str | None = None,
) -> bool:
    """Write one outbox row once; True if this call wrote it (a repeated key writes nothing).

    Every row here is for the community's residents: an e-mail carries its branding."""
    _, created = await enqueue_notice(
        key=key,
        channel=channel,
        recipient=recipient,
        template=template,
        data=data,
        attachments=attachments,
        community_id=community_id,
        status=status,
        last_error=last_error,
        resident_of=community_id,
    )
    return created


def item_data(
    item: CorrespondenceItem, community: Community, prop: Property, clock: Clock
) -> dict[str, Any]:
    """What every notice of this item shows (JSON values, instants in ISO)."""
    return {
        "community": community.name,
        "property": prop.name,
        "kind": str(item.kind),
        "code": item.pickup_code,
        "sender": item.sender,
        "note": item.note,
        "received_at": item.received_at.isoformat(),
        "zone": clock.zone.key,
    }


async def queue_sms(
    item: CorrespondenceItem, community_id: int, mobile: str, data: dict[str, Any], clock: Clock
) -> bool:
    """Spend one SMS and queue the arrival SMS in the same transaction; False without balance.

    Without balance the row is still written, SKIPPED with ``last_error = "sin saldo"``. A spend
    that takes the balance down to the threshold queues the administrators' low-balance e-mail
    in the same transaction (once per crossing), not at the next hourly check.
    """
    key = f"corr:{item.id}:sms"
    spent = await spend(community_id, SMS_PER_NOTICE, reference=key, clock=clock)
    if spent is not None and not spent.repeated:
        await check_low_balance(community_id, clock=clock)
    await write(
        key=key,
        channel=Channel.SMS,
        recipient=mobile,
        template=PARCEL_ARRIVED,
        data=data,
        community_id=community_id,
        status=OutboxStatus.PENDING if spent is not None else OutboxStatus.SKIPPED,
        last_error=None if spent is not None else NO_BALANCE_ERROR,
    )
    return spent is not None


def _email_attachments(logo: NoticeLogo | None) -> list[dict[str, Any]] | None:
    """The community's logo, inline, when it shows one ("sin logo": none)."""
    return [logo.email_attachment()] if logo is not None else None


def _chat_attachments(logo: NoticeLogo | None) -> dict[str, Any] | None:
    return logo.chat_attachment() if logo is not None else None


async def _queue_emails(
    recipients: list[tuple[Resident, str]],
    key: str,
    *,
    template: str,
    data: dict[str, Any],
    logo: NoticeLogo | None,
    community_id: int,
) -> int:
    """One e-mail per recipient under ``{key}:email:<resident>``, with the community's logo
    when it shows one; how many were new."""
    if logo is not None:
        data = {**data, "logo_cid": logo.content_id}
    new = 0
    for resident, email in recipients:
        if await write(
            key=f"{key}:email:{resident.id}",
            channel=Channel.EMAIL,
            recipient=email,
            template=template,
            data=data,
            attachments=_email_attachments(logo),
            community_id=community_id,
        ):
            new += 1
    return new


async def _queue_chats(
    recipients: list[Resident],
    key: str,
    *,
    template: str,
    data: dict[str, Any],
    attachments: dict[str, Any] | None,
    community_id: int,
) -> int:
    """One chat notice per recipient under ``{key}:chat:<resident>``; how many were new."""
    new = 0
    for resident in recipients:
        if await write(
            key=f"{key}:chat:{resident.id}",
            channel=Channel.CHAT,
            recipient=str(resident.telegram_id),
            template=template,
            data=data,
            attachments=attachments,
            community_id=community_id,
        ):
            new += 1
    return new


async def residents(property_id: int) -> list[Resident]:
    return await Resident.filter(property_id=property_id).order_by("id")


def _email_recipients(residents: list[Resident]) -> list[tuple[Resident, str]]:
    """One e-mail per distinct address (principal first, as stored)."""
    seen: set[str] = set()
    result = []
    for resident in residents:
        email = resident.email.strip().lower()
        if email and "@" in email and email not in seen:
            seen.add(email)
            result.append((resident, email))
    return result


def _chat_recipients(residents: list[Resident]) -> list[Resident]:
    seen: set[int] = set()
    result = []
    for resident in residents:
        if resident.telegram_id is not None and resident.telegram_id not in seen:
            seen.add(resident.telegram_id)
            result.append(resident)
    return result


async def queue_arrival(
    item: CorrespondenceItem,
    community: Community,
    data: dict[str, Any],
    residents: list[Resident],
    logo: NoticeLogo | None,
) -> tuple[int, int]:
    """E-mail and chat notices of an item just logged; (e-mails, chats) recipients."""
    emails = _email_recipients(residents)
    if emails:
        await _queue_emails(
            emails,
            f"corr:{item.id}",
            template=PARCEL_ARRIVED,
            data=data,
            logo=logo,
            community_id=community.id,
        )
    chats = _chat_recipients(residents)
    if chats:
        # The parcel's own photo says more to the resident than the logo, so it wins.
        attachments = (
            {"photo_file_id": item.photo_file_id}
            if item.photo_file_id
            else _chat_attachments(logo)
        )
        await _queue_chats(
            chats,
            f"corr:{item.id}",
            template=PARCEL_ARRIVED,
            data=data,
            attachments=attachments,
            community_id=community.id,
        )
    return len(emails), len(chats)


async def queue_delivery(
    item: CorrespondenceItem,
    community: Community,
    prop: Property,
    residents: list[Resident],
    name: str,
    logo: NoticeLogo | None,
    clock: Clock,
) -> tuple[int, int]:
    """E-mail and chat notices of an item handed over; (e-mails, chats) recipients."""
    assert item.delivered_at is not None
    data = {
        "community": community.name,
        "property": prop.name,
        "kind": str(item.kind),
        "code": item.pickup_code,
        "collected_by": name,
        "delivered_at": item.delivered_at.isoformat(),
        "zone": clock.zone.key,
    }
    emails = _email_recipients(residents)
    if emails:
        await _queue_emails(
            emails,
            f"corr:{item.id}:delivered",
            template=PARCEL_DELIVERED,
            data=data,
            logo=logo,
            community_id=community.id,
        )
    chats = _chat_recipients(residents)
    if chats:
        await _queue_chats(
            chats,
            f"corr:{item.id}:delivered",
            template=PARCEL_DELIVERED,
            data=data,
            attachments=_chat_attachments(logo),
            community_id=community.id,
        )
    return len(emails), len(chats)


async def queue_reminder(
    item: CorrespondenceItem,
    community: Community,
    data: dict[str, Any],
    residents: list[Resident],
    logo: NoticeLogo | None,
    day: str,
) -> tuple[int, int]:
    """Queue today's reminder of one item; (e-mails, chats) newly queued (0 if done today)."""
    new_emails = new_chats = 0
    recipients = _email_recipients(residents)
    if recipients:
        new_emails = await _queue_emails(
            recipients,
            f"corr:{item.id}:remind:{day}",
            template=PARCEL_REMINDER,
            data=data,
            logo=logo,
            community_id=community.id,
        )
    chat_recipients = _chat_recipients(residents)
    if chat_recipients:
        new_chats = await _queue_chats(
            chat_recipients,
            f"corr:{item.id}:remind:{day}",
            template=PARCEL_REMINDER,
            data=data,
            attachments=_chat_attachments(logo),
            community_id=community.id,
        )
    return new_emails, new_chats


@dataclass(frozen=True, slots=True)
class NoticePreview:
    """Who an item logged now for a property would tell, and how (the review card says it)."""

    mobile: str | None
    sms_balance: bool
    emails: int
    chats: int


async def preview(property_id: int, *, clock: Clock) -> NoticePreview | None:
    """What logging an item for this property would send right now (None: property gone)."""
    prop = await Property.get_or_none(id=property_id)
    if prop is None:
        return None
    people = await residents(property_id)
    has_balance = prop.mobile is not None and (
        (await balance(prop.community_id, clock=clock)).available >= SMS_PER_NOTICE
    )
    return NoticePreview(
        mobile=prop.mobile,
        sms_balance=has_balance,
        emails=len(_email_recipients(people)),
        chats=len(_chat_recipients(people)),
    )
