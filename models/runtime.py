"""Bot runtime state kept in the database: conversation persistence and processed updates."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class PersistedState(Model):
    """One python-telegram-bot persistence record (user/chat/bot data or a conversation)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=20)
    key = fields.CharField(max_length=200)
    data = fields.JSONField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "persisted_state"
        unique_together = (("kind", "key"),)


class ProcessedUpdate(Model):
    """A Telegram update already handled, so a redelivery has no second effect."""

    update_id = fields.BigIntField(primary_key=True, generated=False)
    processed_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "processed_update"
