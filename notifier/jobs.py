"""Scheduled work (being built)."""

from __future__ import annotations

from typing import Any


def schedule_jobs(app: Any) -> None:
    """Register every recurring job on the application's JobQueue."""
    return None
