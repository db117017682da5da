"""A stored logo for notifier and sandbox tests (no community or permission needed)."""

from __future__ import annotations

from datetime import UTC, datetime

from models import logos
from models.images import prepare_logo
from models.logos import Logo, NoticeLogo, Owner
from tests.models.test_images import RED, jpeg


async def stored_logo(
    color: tuple[int, int, int] = RED, *, community_id: int = 1
) -> tuple[Logo, NoticeLogo]:
    """A 600×600 logo kept in the store, and how notices name it."""
    prepared = prepare_logo(jpeg(600, 600, color))
    logo, _ = await logos.store.put(
        Owner.community(community_id), prepared, None, datetime(2026, 3, 2, tzinfo=UTC)
    )
    notice = NoticeLogo(
        jpeg=prepared.jpeg, sha256=prepared.sha256, width=prepared.width, height=prepared.height
    )
    return logo, notice
