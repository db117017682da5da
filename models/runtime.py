"""Bot runtime state kept in the database: conversation persistence and processed updates."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model


class PersistedState(Model):
    """One python-telegram-bot persistence record (user/chat/bot data or a conversation)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=20)
    key = fields.CharField(max_length=200)
    data: fields.JSONField[Any] = fields.JSONField()
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


CLAIM_CHUNK = 500
"""Update ids per INSERT (well under SQLite's and PostgreSQL's limits on parameters)."""
_RETURNING = sqlite3.sqlite_version_info >= (3, 35)


async def claim_updates(update_ids: Sequence[int]) -> set[int]:
    """Record these updates as handled; returns those no one had recorded before.

    One statement per batch (``INSERT … ON CONFLICT DO NOTHING RETURNING``): the database
    decides, so two processes never both claim one update, and a busy bot pays one round trip
    for many updates instead of one each.
    """
    ids = list(dict.fromkeys(int(i) for i in update_ids))
    if not ids:
        return set()
    db = ProcessedUpdate._meta.db
    if db.capabilities.dialect == "sqlite" and not _RETURNING:  # pragma: no cover - old SQLite
        return await _claim_one_by_one(ids)
    field = ProcessedUpdate._meta.fields_map["processed_at"]
    now = field.to_db_value(datetime.now(UTC), ProcessedUpdate)
    claimed: set[int] = set()
    for start in range(0, len(ids), CLAIM_CHUNK):
        chunk = ids[start : start + CLAIM_CHUNK]
        if db.capabilities.dialect == "postgres":
            rows = ", ".join(f"(${2 * n + 1}, ${2 * n + 2})" for n in range(len(chunk)))
        else:
            rows = ", ".join("(?, ?)" for _ in chunk)
        values: list[object] = []
        for update_id in chunk:
            values += [update_id, now]
        returned = await db.execute_query_dict(
            f'INSERT INTO "processed_update" ("update_id", "processed_at") VALUES {rows} '
            'ON CONFLICT ("update_id") DO NOTHING RETURNING "update_id"',
            values,
        )
        claimed.update(int(row["update_id"]) for row in returned)
    return claimed


async def _claim_one_by_one(ids: list[int]) -> set[int]:
    claimed = set()
    for update_id in ids:
        try:
            await ProcessedUpdate.create(update_id=update_id)
        except IntegrityError:
            continue
        claimed.add(update_id)
    return claimed
