"""What people type, made safe once, at the edge, before any handler or the database sees it."""

from __future__ import annotations

import re

from telegram import Update

# C0 controls but tab and line breaks, DEL, and C1 controls. PostgreSQL refuses NUL in text
# and in JSON; the others are never meant and only confuse searches and cards.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Control characters become spaces (one for one, so entity offsets stay right)."""
    return _CONTROL.sub(" ", text)


def clean_update(update: Update) -> None:
    """Clean the typed text and the caption of the update's message, in place."""
    message = update.message or update.edited_message
    if message is None:
        return
    text, caption = message.text, message.caption
    if (text is None or not _CONTROL.search(text)) and (
        caption is None or not _CONTROL.search(caption)
    ):
        return
    # python-telegram-bot freezes its objects; this is its own way to change one.
    with message._unfrozen():
        if text is not None:
            message.text = clean_text(text)
        if caption is not None:
            message.caption = clean_text(caption)
