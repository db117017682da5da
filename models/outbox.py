"""The durable outbox: every notice is written here in the same transaction as its cause.

The domain records *what happened*: a row names its `template` (e.g. ``"parcel_arrived"``)
and carries the `data` to render it (JSON values only: names, codes, ISO datetimes, enum
values, counts). `notifier.notices` renders it right before it is sent and the worker records
the exact subject, text and HTML on the row; until then `body` is ``""``. A row written
without a template (tests, benchmarks) carries its text from the start and is sent as is.

Some data is a one-time secret (`SECRET_DATA`: an invitation's link and code). It is kept only
while the notice may still be sent: once it is sent by a real transport, fails for good or is
written as not to be sent, the worker (or `enqueue_notice`) blanks it from `data` and from the
recorded text. Only the sandbox's outbox backends, which *are* the mailbox a developer reads,
keep it in the text they show.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.branding import BRANDING, notice_branding


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


INVITATION = "invitation"
"""Template of the e-mail inviting a staff user or a resident to the bot (one for both)."""
SMS_UNCONFIRMED = "sms_unconfirmed"
"""Template of the e-mail telling administrators an SMS was given up as not sent (refunded)."""

SECRET_DATA: dict[str, tuple[str, ...]] = {INVITATION: ("link", "code")}
"""Per template, the data keys holding a one-time secret (the invitation token and its link)."""
FINAL_STATUSES = frozenset(
    {OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.FAILED, OutboxStatus.SKIPPED}
)


def secrets_of(template: str | None, data: dict[str, Any] | None) -> dict[str, str]:
    """The one-time secrets a notice's data still holds, by key (empty once blanked)."""
    if template is None or not isinstance(data, dict):
        return {}
    return {
        key: value
        for key in SECRET_DATA.get(template, ())
        if isinstance(value := data.get(key), str) and value
    }


def without_secrets(template: str | None, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The data with its one-time secrets blanked (None), for a notice that will not be sent."""
    secret = secrets_of(template, data)
    if not secret or data is None:
        return data
    return {**data, **dict.fromkeys(secret)}


class OutboxMessage(Model):
    """A notice waiting to be sent, or the record of one sent (SMS, e-mail or chat)."""

    id = fields.IntField(primary_key=True)
    idempotency_key = fields.CharField(max_length=120, unique=True)
    channel = fields.CharEnumField(Channel, max_length=8)
    recipient = fields.CharField(max_length=254)
    template = fields.CharField(max_length=64, null=True)
    """The notice's template in `notifier.notices`; None for a row written with its text."""
    data = fields.JSONField[dict[str, Any] | None](null=True)
    """What the template needs (JSON values only)."""
    subject = fields.CharField(max_length=300, null=True)
    body = fields.TextField()
    """The text sent; ``""`` until a templated notice is rendered."""
    html = fields.TextField(null=True)
    attachments = fields.JSONField[dict[str, Any] | list[dict[str, Any]] | None](null=True)
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

    @property
    def needs_render(self) -> bool:
        """A templated notice whose text is not recorded yet."""
        return self.template is not None and not self.body


Attachments = dict[str, Any] | list[dict[str, Any]]


async def enqueue(
    *,
    key: str,
    channel: Channel,
    recipient: str,
    body: str,
    subject: str | None = None,
    html: str | None = None,
    attachments: Attachments | None = None,
    community_id: int | None = None,
) -> OutboxMessage:
    """Write a message with its text once: a second call with the same key returns the first."""
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


async def enqueue_notice(
    *,
    key: str,
    channel: Channel,
    recipient: str,
    template: str,
    data: dict[str, Any],
    attachments: Attachments | None = None,
    community_id: int | None = None,
    status: OutboxStatus = OutboxStatus.PENDING,
    last_error: str | None = None,
    resident_of: int | None = None,
) -> tuple[OutboxMessage, bool]:
    """Record a notice to render and send, once per key; True if this call wrote it.

    A second call with the same key writes nothing and returns the first record. A notice
    written already settled (SKIPPED, FAILED) never goes out, so its secrets are not kept.

    `resident_of` names the community whose residents the notice is for: an e-mail's data gets
    its administración's name and, with «Mostrar» on, its contact block, here, the one place
    every resident notice passes (`models.branding` says why at enqueue time).
    """
    if resident_of is not None and channel is Channel.EMAIL:
        branding = await notice_branding(resident_of)
        if branding is not None:
            data = {**data, BRANDING: branding}
    if status in FINAL_STATUSES:
        data = without_secrets(template, data) or {}
    return await OutboxMessage.get_or_create(
        idempotency_key=key,
        defaults={
            "channel": channel,
            "recipient": recipient,
            "template": template,
            "data": data,
            "body": "",
            "attachments": attachments,
            "community_id": community_id,
            "status": status,
            "last_error": last_error,
        },
    )
