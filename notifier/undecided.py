"""What follows when the worker gives up an in-doubt send (`notifier.outbox.IN_DOUBT_DEADLINE`).

Only an SMS has consequences: it was paid from the community's balance when it was written, so
it is refunded through `models.sms.refund` (idempotent per reference: the notice's idempotency
key), and the community's administrators get one e-mail (`models.outbox.SMS_UNCONFIRMED`,
rendered by `notifier.notices.sms`) saying which notice may not have reached its resident.
Both happen in the worker's transaction that records the notice FAILED, so they happen once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

from models import sms as ledger
from models.clock import Clock
from models.core import Community
from models.outbox import SMS_UNCONFIRMED, Channel, OutboxMessage, enqueue_notice
from models.sms_purchases import administrator_emails
from notifier.base import attempt_time

log = logging.getLogger(__name__)


def _notice_key(message: OutboxMessage, email: str) -> str:
    """One notice per given-up SMS and administrator (hashed: keys hold no addresses)."""
    digest = hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]
    return f"sms-unconfirmed:{message.id}:{digest}"


def _notice_data(
    message: OutboxMessage, community: Community, *, refunded: int, hours: int
) -> dict[str, Any]:
    sms_data = message.data if isinstance(message.data, dict) else {}
    attempted = attempt_time(message) or message.created_at
    return {
        "community": community.name,
        "property": sms_data.get("property")
        if isinstance(sms_data.get("property"), str)
        else None,
        "code": sms_data.get("code") if isinstance(sms_data.get("code"), str) else None,
        "attempted_at": attempted.isoformat(),
        "hours": hours,
        "refunded": refunded,
    }


async def given_up(message: OutboxMessage, *, after: timedelta, clock: Clock) -> None:
    """Refund a given-up SMS and tell its community's administrators; nothing for other channels.

    `after` is how long it stayed undecided. Runs inside the transaction that marks it FAILED.
    """
    if message.channel is not Channel.SMS or message.community_id is None:
        return
    refunded = await ledger.refund(message.idempotency_key, clock=clock)
    community = await Community.get_or_none(id=message.community_id)
    if community is None:
        return
    hours = int(after.total_seconds() // 3600)
    data = _notice_data(message, community, refunded=refunded, hours=hours)
    emails = await administrator_emails(community)
    for email in emails:
        await enqueue_notice(
            key=_notice_key(message, email),
            channel=Channel.EMAIL,
            recipient=email,
            template=SMS_UNCONFIRMED,
            data=data,
            community_id=community.id,
        )
    log.warning(
        "sms #%s: given up as not sent; %s SMS refunded to community %s, %s administrators told",
        message.id,
        refunded,
        community.id,
        len(emails),
    )
