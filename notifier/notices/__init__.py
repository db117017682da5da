"""Resident and administrator notices, rendered in one place.

The domain writes *what happened* to the outbox: a template name and its data
(`models.outbox.enqueue_notice`). Here each template has one renderer per channel it goes
out on (grouped by feature), every e-mail shares one layout (`layout.render_email`), and
`render` turns a row into the exact subject, text and HTML to send. The outbox worker renders
a row right before sending it and records the result on the row; the sandbox renders rows not
sent yet with `shown`.

Dates are shown in the zone the data names (``"zone"``), else in the zone passed in (the
notifier's clock zone).

`forget_secrets` blanks a notice's one-time secrets (`models.outbox.SECRET_DATA`) from its data
and from the text recorded on the row, leaving a placeholder where they were.
"""

from __future__ import annotations

import html
from typing import Any
from zoneinfo import ZoneInfo

from models.clock import DEFAULT_ZONE
from models.outbox import INVITATION, Channel, OutboxMessage, secrets_of, without_secrets
from notifier.notices import correspondence, invitations, logbook, sms
from notifier.notices.base import (
    Notice,
    Rendered,
    Renderer,
    RenderError,
    UnknownTemplate,
    notice_zone,
)
from notifier.notices.layout import EmailContact, render_email

RENDERERS: dict[tuple[str, Channel], Renderer] = {
    **correspondence.RENDERERS,
    **invitations.RENDERERS,
    **logbook.RENDERERS,
    **sms.RENDERERS,
}


def render(message: OutboxMessage, *, zone: ZoneInfo = DEFAULT_ZONE) -> Rendered:
    """The subject, text and HTML of a templated notice, from its template and data.

    Raises `UnknownTemplate` for a template (or channel) no renderer knows, and `RenderError`
    for data it cannot be rendered from. A row written with its text is returned as it is.
    """
    if message.template is None:
        return Rendered(subject=message.subject, text=message.body, html=message.html)
    channel = Channel(message.channel)
    renderer = RENDERERS.get((message.template, channel))
    if renderer is None:
        raise UnknownTemplate(f"unknown template {message.template!r} for {channel.value}")
    data = message.data
    if not isinstance(data, dict):
        raise RenderError(f"template {message.template!r} needs its data as an object")
    return renderer(Notice(data=data, zone=notice_zone(data, zone)))


PLACEHOLDERS: dict[str, dict[str, str]] = {INVITATION: invitations.SECRET_PLACEHOLDERS}
DEFAULT_PLACEHOLDER = "[dato de un solo uso]"


def forget_secrets(message: OutboxMessage) -> dict[str, Any]:
    """The field values that blank the row's one-time secrets; empty when it holds none.

    Each secret is replaced in the subject, text and HTML (as written and HTML-escaped) by its
    template's placeholder, the longest first (a link contains its code), and set to None in
    the data.
    """
    secret = secrets_of(message.template, message.data)
    if not secret:
        return {}
    placeholders = PLACEHOLDERS.get(message.template or "", {})
    pairs = sorted(
        ((value, placeholders.get(key, DEFAULT_PLACEHOLDER)) for key, value in secret.items()),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )

    def blank(text: str) -> str:
        for value, placeholder in pairs:
            text = text.replace(value, placeholder)
            text = text.replace(html.escape(value), html.escape(placeholder))
        return text

    values: dict[str, Any] = {"data": without_secrets(message.template, message.data)}
    for field in ("subject", "body", "html"):
        text = getattr(message, field)
        if text:
            values[field] = blank(text)
    return values


def shown(message: OutboxMessage, *, zone: ZoneInfo = DEFAULT_ZONE) -> Rendered:
    """What the row sent, or for one not rendered yet what it will send.

    A row that cannot be rendered shows what it holds (nothing): the worker fails it.
    """
    if not message.needs_render:
        return Rendered(subject=message.subject, text=message.body, html=message.html)
    try:
        return render(message, zone=zone)
    except RenderError:
        return Rendered(subject=message.subject, text=message.body, html=message.html)


__all__ = [
    "EmailContact",
    "RenderError",
    "Rendered",
    "UnknownTemplate",
    "forget_secrets",
    "render",
    "render_email",
    "shown",
]
