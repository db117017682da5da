"""Resident and administrator notices, rendered in one place.

The domain writes *what happened* to the outbox: a template name and its data
(`models.outbox.enqueue_notice`). Here each template has one renderer per channel it goes
out on (grouped by feature), every e-mail shares one layout (`layout.render_email`), and
`render` turns a row into the exact subject, text and HTML to send. The outbox worker renders
a row right before sending it and records the result on the row; the sandbox renders rows not
sent yet with `shown`.

Dates are shown in the zone the data names (``"zone"``), else in the zone passed in (the
notifier's clock zone).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from models.clock import DEFAULT_ZONE
from models.outbox import Channel, OutboxMessage
from notifier.notices import correspondence, invitations, sms
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
    "render",
    "render_email",
    "shown",
]
