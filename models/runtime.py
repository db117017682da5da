"""Bot runtime state kept in the database: conversation persistence and processed updates."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
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
    """A Telegram update already handled, so a redelivery has no second effect.

    Telegram's update ids only grow, but they start again (at random after a week without
    updates; from 1 when a sandbox's emulator starts on an old database): an id alone does not
    name one update. `fingerprint` is a digest of the update's content; a redelivery carries
    the same. Rows written before fingerprints existed have an empty one.
    """

    update_id = fields.BigIntField(primary_key=True, generated=False)
    processed_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    fingerprint = fields.CharField(max_length=64, default="")

    class Meta:
        table = "processed_update"


CLAIM_CHUNK = 400
"""Update ids per INSERT (well under SQLite's and PostgreSQL's limits on parameters)."""
_RETURNING = sqlite3.sqlite_version_info >= (3, 35)

# A row already there is this update unless both fingerprints are known and differ: then the id
# was given again to another update, which replaces the row and is handled.
_UPSERT = (
    'INSERT INTO "processed_update" ("update_id", "processed_at", "fingerprint") VALUES {rows} '
    'ON CONFLICT ("update_id") DO UPDATE SET "fingerprint" = EXCLUDED."fingerprint", '
    '"processed_at" = EXCLUDED."processed_at" '
    'WHERE "processed_update"."fingerprint" <> \'\' AND EXCLUDED."fingerprint" <> \'\' '
    'AND "processed_update"."fingerprint" <> EXCLUDED."fingerprint" '
    'RETURNING "update_id"'
)


def same_update(recorded: str, arrived: str) -> bool:
    """Whether an update with a recorded id is the one recorded (unknown fingerprints: yes)."""
    return not recorded or not arrived or recorded == arrived


async def claim_updates(updates: Mapping[int, str] | Iterable[int]) -> set[int]:
    """Record these updates as handled; returns those no one had recorded before.

    `updates`: update id → the update's fingerprint (or bare ids, when the content is
    unknown). Only a genuine redelivery is refused: an id recorded with another fingerprint
    was reused for a new update (see `ProcessedUpdate`).

    One statement per batch (``INSERT … ON CONFLICT … RETURNING``): the database decides, so
    two processes never both claim one update, and a busy bot pays one round trip for many
    updates instead of one each.
    """
    if isinstance(updates, Mapping):
        fingerprints = {int(i): str(f) for i, f in updates.items()}
    else:
        fingerprints = dict.fromkeys((int(i) for i in updates), "")
    if not fingerprints:
        return set()
    db = ProcessedUpdate._meta.db
    if db.capabilities.dialect == "sqlite" and not _RETURNING:  # pragma: no cover - old SQLite
        return await _claim_one_by_one(fingerprints)
    field = ProcessedUpdate._meta.fields_map["processed_at"]
    now = field.to_db_value(datetime.now(UTC), ProcessedUpdate)
    ids = list(fingerprints)
    claimed: set[int] = set()
    for start in range(0, len(ids), CLAIM_CHUNK):
        chunk = ids[start : start + CLAIM_CHUNK]
        if db.capabilities.dialect == "postgres":
            rows = ", ".join(
                f"(${3 * n + 1}, ${3 * n + 2}, ${3 * n + 3})" for n in range(len(chunk))
            )
        else:
            rows = ", ".join("(?, ?, ?)" for _ in chunk)
        values: list[object] = []
        for update_id in chunk:
            values += [update_id, now, fingerprints[update_id]]
        returned = await db.execute_query_dict(_UPSERT.format(rows=rows), values)
        claimed.update(int(row["update_id"]) for row in returned)
    return claimed


async def last_update_id() -> int:
    """The highest update id recorded (0 when none): where a new Bot API must continue."""
    highest = await ProcessedUpdate.all().order_by("-update_id").first()
    return highest.update_id if highest is not None else 0


async def _claim_one_by_one(fingerprints: dict[int, str]) -> set[int]:
    claimed = set()
    for update_id, fingerprint in fingerprints.items():
        try:
            await ProcessedUpdate.create(update_id=update_id, fingerprint=fingerprint)
        except IntegrityError:
            row = await ProcessedUpdate.get(update_id=update_id)
            if same_update(row.fingerprint, fingerprint):
                continue
            replaced = await ProcessedUpdate.filter(
                update_id=update_id, fingerprint=row.fingerprint
            ).update(fingerprint=fingerprint, processed_at=datetime.now(UTC))
            if not replaced:
                continue
        claimed.add(update_id)
    return claimed
