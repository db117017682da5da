"""The logbook's daily digest: yesterday's entries of each community, to its reviewers.

Once a day (job ``daily_digest``) every community with entries in the previous 24 hours gets
one e-mail per reviewer with an address and one chat notice per reviewer linked to Telegram
(the reviewers: everyone `Action.REVIEW_LOGBOOK` allows there). Nothing is sent for a
community without entries. Idempotent per community and day (the wall date of the run in the
clock's zone): ``logbook:digest:<community>:<YYYY-MM-DD>:email:<staff>`` and ``…:chat:<staff>``.
The e-mail carries the community's logo when it shows one (``logo_cid`` and the inline
attachment, as the correspondence notices do) and its name.

Data (template `LOGBOOK_DIGEST`): ``community``, ``day``, ``since``, ``until`` (ISO),
``zone``, ``total`` and ``groups``: a list of ``{"priority", "category", "entries": [{"sequence",
"created_at", "author", "text", "property", "kind"}]}``, alta first, then by category name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from models.clock import SYSTEM_CLOCK, Clock, today
from models.core import Community
from models.logbook import EntryKind, LogbookEntry, Priority, reviewers
from models.logos import notice_logo
from models.outbox import Channel, enqueue_notice

log = logging.getLogger(__name__)

LOGBOOK_DIGEST = "logbook_digest"
DIGEST_WINDOW = timedelta(hours=24)
DIGEST_TEXT = 300
"""Characters of each entry's text the digest carries (the rest is in the book)."""


@dataclass(frozen=True, slots=True)
class DigestResult:
    communities: int
    emails: int
    chats: int


def _groups(entries: list[LogbookEntry]) -> list[dict[str, Any]]:
    order = {Priority.ALTA.value: 0, Priority.NORMAL.value: 1}
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in entries:
        category = entry.category_name if entry.kind is not EntryKind.HANDOVER else ""
        text = (
            entry.text if len(entry.text) <= DIGEST_TEXT else entry.text[: DIGEST_TEXT - 1] + "…"
        )
        grouped.setdefault((str(entry.priority), category), []).append(
            {
                "sequence": entry.sequence,
                "created_at": entry.created_at.isoformat(),
                "author": entry.author_label,
                "text": text,
                "property": entry.property_name,
                "kind": str(entry.kind),
            }
        )
    return [
        {"priority": priority, "category": category, "entries": rows}
        for (priority, category), rows in sorted(
            grouped.items(), key=lambda item: (order.get(item[0][0], 9), item[0][1].lower())
        )
    ]


async def send_digest(community_id: int, *, clock: Clock = SYSTEM_CLOCK) -> tuple[int, int]:
    """Queue one community's digest of the previous 24 hours; (e-mails, chats) newly queued."""
    now = clock.now()
    since = now - DIGEST_WINDOW
    entries = await LogbookEntry.filter(
        community_id=community_id, created_at__gte=since, created_at__lt=now
    ).order_by("sequence")
    if not entries:
        return 0, 0
    community = await Community.get(id=community_id)
    day = today(clock).isoformat()
    data: dict[str, Any] = {
        "community": community.name,
        "day": day,
        "since": since.isoformat(),
        "until": now.isoformat(),
        "zone": clock.zone.key,
        "total": len(entries),
        "groups": _groups(list(entries)),
    }
    logo = await notice_logo(community_id)
    email_data = {**data, "logo_cid": logo.content_id} if logo is not None else data
    email_attachments = [logo.email_attachment()] if logo is not None else None
    key = f"logbook:digest:{community_id}:{day}"
    emails = chats = 0
    for person in await reviewers(community_id):
        address = (person.email or "").strip()
        if "@" in address:
            _, created = await enqueue_notice(
                key=f"{key}:email:{person.id}",
                channel=Channel.EMAIL,
                recipient=address,
                template=LOGBOOK_DIGEST,
                data=email_data,
                attachments=email_attachments,
                community_id=community_id,
            )
            emails += int(created)
        if person.telegram_id is not None:
            _, created = await enqueue_notice(
                key=f"{key}:chat:{person.id}",
                channel=Channel.CHAT,
                recipient=str(person.telegram_id),
                template=LOGBOOK_DIGEST,
                data=data,
                community_id=community_id,
            )
            chats += int(created)
    return emails, chats


async def send_all_digests(*, clock: Clock = SYSTEM_CLOCK) -> DigestResult:
    """The daily job: every live community with entries in the previous 24 hours."""
    now = clock.now()
    ids = await (
        LogbookEntry.filter(
            created_at__gte=now - DIGEST_WINDOW,
            created_at__lt=now,
            community__deleted_at=None,
        )
        .distinct()
        .values_list("community_id", flat=True)
    )
    communities = emails = chats = 0
    for community_id in sorted({int(cast(int, i)) for i in ids}):
        sent = await send_digest(community_id, clock=clock)
        if sent != (0, 0):
            communities += 1
        emails += sent[0]
        chats += sent[1]
    log.info("logbook: digest communities=%s emails=%s chats=%s", communities, emails, chats)
    return DigestResult(communities, emails, chats)
