"""Local fakes of outside services (never the internet), and the SMS side of an enqueue.

`tests.fakes.twilio_server.FakeTwilio` stands for Twilio's REST API. `sms_community` and
`enqueue_sms` write SMS notices the way the correspondence domain does: the SMS is spent from
the community's balance (reference = the notice's idempotency key) in the same transaction
that writes the outbox row.
"""

from __future__ import annotations

import itertools

from tortoise.transactions import in_transaction

from models import sms as ledger
from models.clock import Clock
from models.core import Administration, Community
from models.outbox import Channel, OutboxMessage

MOBILE = "+56961234567"

_tags = itertools.count(1)


async def sms_community(*, clock: Clock, allowance: bool = True) -> int:
    """A new community, with this month's 30 SMS unless `allowance` is False; its id."""
    tag = next(_tags)
    administration = await Administration.create(name=f"Administradora {tag}")
    community = await Community.create(administration=administration, name=f"Los Aromos {tag}")
    if allowance:
        await ledger.grant_monthly(community.id, clock=clock)
    return community.id


async def enqueue_sms(
    community_id: int,
    *,
    key: str,
    clock: Clock,
    recipient: str = MOBILE,
    body: str = "Conserjeria Los Aromos: llego un paquete para Depto 101. Codigo: K7M2Q.",
) -> OutboxMessage:
    """Spend one SMS and write its outbox row, atomically (as `models.correspondence` does)."""
    async with in_transaction():
        spent = await ledger.spend(community_id, 1, reference=key, clock=clock)
        assert spent is not None, "no SMS balance left in this community"
        return await OutboxMessage.create(
            idempotency_key=key,
            channel=Channel.SMS,
            recipient=recipient,
            body=body,
            community_id=community_id,
            created_at=clock.now(),
        )


async def available(community_id: int, *, clock: Clock) -> int:
    return (await ledger.balance(community_id, clock=clock)).available


__all__ = ["MOBILE", "available", "enqueue_sms", "sms_community"]
