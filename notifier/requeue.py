"""Notices that failed for good, queued again once their cause is fixed (`outbox-retry`).

A notice fails for good after `notifier.outbox.MAX_ATTEMPTS` (an SMTP server down for hours,
wrong credentials) or at a permanent refusal. Once the operator has fixed the cause,
`requeue_failed` puts them back as PENDING with their attempts reset, due at once; the error
that failed them stays in `last_error` as a note until the next attempt writes its own. Two
kinds stay failed, and are counted apart:

- an invitation: its one-time token was blanked when it failed (`models.outbox.SECRET_DATA`),
  so only a fresh invitation can help;
- an SMS whose cost was given back to the community (`models.sms.refund`): sending it again
  would be free. An SMS that failed without a refund (it could not be rendered, say) goes back.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from models.outbox import SECRET_DATA, Channel, OutboxMessage, OutboxStatus
from models.sms import MovementKind, SmsMovement

log = logging.getLogger(__name__)

NOTE = "re-queued after: {error}"


@dataclass(frozen=True)
class Requeued:
    """How many failed notices went back to the queue, per channel, and how many stayed."""

    by_channel: Counter[Channel] = field(default_factory=Counter)
    invitations: int = 0
    """Failed invitations left as they are: their token is gone, invite again."""
    refunded_sms: int = 0
    """Failed SMS whose balance was refunded: not sent again for free."""

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


async def _refunded(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    found = await SmsMovement.filter(kind=MovementKind.REFUND, reference__in=keys).values_list(
        "reference", flat=True
    )
    return {str(reference) for reference in found}


async def requeue_failed(
    channel: Channel | None = None, since: datetime | None = None
) -> Requeued:
    """Queue again the FAILED notices (of one channel, written since `since`, if given)."""
    query = OutboxMessage.filter(status=OutboxStatus.FAILED)
    if channel is not None:
        query = query.filter(channel=channel)
    if since is not None:
        query = query.filter(created_at__gte=since)
    rows = await query.order_by("id")
    paid = [m.idempotency_key for m in rows if m.channel is Channel.SMS and m.community_id]
    refunded = await _refunded(paid)
    requeued: Counter[Channel] = Counter()
    invitations = refunded_sms = 0
    for message in rows:
        if message.template in SECRET_DATA:
            invitations += 1
            continue
        if message.idempotency_key in refunded:
            refunded_sms += 1
            continue
        changed = await OutboxMessage.filter(id=message.id, status=OutboxStatus.FAILED).update(
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=None,
            last_error=NOTE.format(error=message.last_error or "failed")[:2000],
        )
        if changed == 1:
            requeued[message.channel] += 1
    log.info(
        "outbox: %s failed notices re-queued (%s); left: %s invitations, %s refunded SMS",
        sum(requeued.values()),
        ", ".join(f"{c.value} {n}" for c, n in sorted(requeued.items())) or "none",
        invitations,
        refunded_sms,
    )
    return Requeued(by_channel=requeued, invitations=invitations, refunded_sms=refunded_sms)
