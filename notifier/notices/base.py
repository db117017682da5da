"""What every notice renderer shares: the result, the errors, and typed reads of `data`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WHEN_FORMAT = "%d-%m-%Y %H:%M"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One notice as sent: the subject (e-mail only), the text, and the HTML (e-mail only).

    For a chat notice `text` is Telegram HTML; for an SMS it is GSM-7 text of one segment.
    """

    subject: str | None
    text: str
    html: str | None = None


class RenderError(ValueError):
    """The notice cannot be rendered from its data; it never will be (not retried)."""


class UnknownTemplate(RenderError):
    """No renderer for this template on this channel."""


@dataclass(frozen=True, slots=True)
class Notice:
    """What a renderer reads: the row's data, and the zone its dates are shown in."""

    data: Mapping[str, Any]
    zone: ZoneInfo

    def text(self, key: str) -> str:
        """A required text value."""
        value = self.data.get(key)
        if not isinstance(value, str):
            raise RenderError(f"data[{key!r}] must be text")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise RenderError(f"data[{key!r}] must be text or null")
        return value

    def number(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise RenderError(f"data[{key!r}] must be an integer")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RenderError(f"data[{key!r}] must be a list of texts")
        return list(value)

    def day(self, key: str) -> date:
        """An ISO date (``2027-05-15``)."""
        try:
            return date.fromisoformat(self.text(key))
        except ValueError as exc:
            raise RenderError(f"data[{key!r}] must be an ISO date") from exc

    def instant(self, key: str) -> datetime:
        """An aware ISO datetime, as a wall time in the notice's zone."""
        try:
            value = datetime.fromisoformat(self.text(key))
        except ValueError as exc:
            raise RenderError(f"data[{key!r}] must be an ISO datetime") from exc
        if value.tzinfo is None:
            raise RenderError(f"data[{key!r}] must carry its offset")
        return value.astimezone(self.zone)

    def when(self, key: str, fmt: str = WHEN_FORMAT) -> str:
        """An instant shown as ``22-11-2026 10:30`` in the notice's zone."""
        return self.instant(key).strftime(fmt)


def notice_zone(data: Mapping[str, Any], default: ZoneInfo) -> ZoneInfo:
    """The zone the data names (``"zone": "America/Santiago"``), else `default`."""
    name = data.get("zone")
    if name is None:
        return default
    if not isinstance(name, str):
        raise RenderError("data['zone'] must be a time zone name")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RenderError("data['zone'] is not a known time zone") from exc


Renderer = Callable[[Notice], Rendered]
"""Turns one notice's data into what is sent on one channel."""
