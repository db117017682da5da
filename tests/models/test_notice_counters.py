"""The properties list's counters count only what reached the residents (issue 12, item 21)."""

from __future__ import annotations

from models.core import Administration, Community
from models.correspondence_notices import PARCEL_ARRIVED
from models.outbox import Channel, OutboxStatus, enqueue_notice
from models.residents import notice_counters
from models.sms_purchases import SMS_LOW_BALANCE, SMS_PURCHASE


async def test_administrators_emails_are_not_counted_as_residents_emails(db: object) -> None:
    administration = await Administration.create(name="Administradora Andes")
    community = await Community.create(administration=administration, name="Los Aromos")
    rows = [
        ("resident", Channel.EMAIL, PARCEL_ARRIVED),
        ("purchase", Channel.EMAIL, SMS_PURCHASE),
        ("low", Channel.EMAIL, SMS_LOW_BALANCE),
        ("sms", Channel.SMS, PARCEL_ARRIVED),
    ]
    for key, channel, template in rows:
        message, _ = await enqueue_notice(
            key=key,
            channel=channel,
            recipient="x@example.com",
            template=template,
            data={},
            community_id=community.id,
        )
        message.status = OutboxStatus.SENT
        await message.save(update_fields=["status"])
    counters = await notice_counters(community.id)
    assert (counters.sms, counters.emails) == (1, 1)
