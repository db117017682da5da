"""The audit log: every change records actor, action, object, before and after."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from models.core import AuditLog, StaffUser


class Source(StrEnum):
    """Who acted when no person did; stored as `actor_label` (the chat layer names it)."""

    SYSTEM = "system"
    CLI = "cli"


async def record(
    *,
    actor: StaffUser | None,
    action: str,
    object_type: str,
    object_id: int | str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    administration_id: int | None = None,
    community_id: int | None = None,
    actor_label: str | None = None,
) -> AuditLog:
    """Append one entry; call it inside the transaction of the change it describes.

    `actor_label` names who acted when `actor` is None: a `Source` code, or a caller's label.
    """
    label = actor_label or (f"{actor.full_name} <{actor.email}>" if actor else Source.SYSTEM)
    return await AuditLog.create(
        administration_id=administration_id
        if administration_id is not None
        else (actor.administration_id if actor else None),
        community_id=community_id,
        actor=actor,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before,
        after=after,
    )
