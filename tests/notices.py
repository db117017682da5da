"""Outbox rows as they will be sent: rendered by `notifier.notices`, as the worker does."""

from __future__ import annotations

from models.outbox import OutboxMessage
from notifier.notices import render


def rendered(message: OutboxMessage) -> OutboxMessage:
    """The row with the subject, text and HTML its template renders to (not saved)."""
    notice = render(message)
    message.subject, message.body, message.html = notice.subject, notice.text, notice.html
    return message


def all_rendered(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    return [rendered(m) for m in messages]
