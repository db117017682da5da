"""The durable outbox: every notice is written here in the same transaction as its cause."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Channel(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    CHAT = "chat"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    IN_DOUBT = "in_doubt"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    SKIPPED = "skipped"


class OutboxMessage(Model):
    """A notice waiting to be sent, or the record of one sent (SMS, e-mail or chat)."""

    id = fields.IntField(primary_key=True)
    idempotency_key = fields.CharField(max_length=120, unique=True)
    channel = fields.CharEnumField(Channel, max_length=8)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300, null=True)
    body = fields.TextField()
    html = fields.TextField(null=True)
    attachments = fields.JSONField(null=True)
    community_id = fields.IntField(null=True, db_index=True)
    status = fields.CharEnumField(OutboxStatus, max_length=10, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True, db_index=True)
    last_error = fields.TextField(null=True)
    provider_id = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"


async def enqueue(
    *,
    key: str,
    channel: Channel,
    recipient: str,
    body: str,
    subject: str | None = None,
    html: str | None = None,
    attachments: dict[str, Any] | list[dict[str, Any]] | None = None,
    community_id: int | None = None,
) -> OutboxMessage:
    """Write a notice once: a second call with the same key returns the first record."""
    message, _ = await OutboxMessage.get_or_create(
        idempotency_key=key,
        defaults={
            "channel": channel,
            "recipient": recipient,
            "body": body,
            "subject": subject,
            "html": html,
            "attachments": attachments,
            "community_id": community_id,
        },
    )
    return message
