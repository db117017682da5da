"""Sending: answer in the chat, replace the pressed message, refuse on the button."""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.error import BadRequest

MAX_SHOWN = 200
"""Free text typed by people is cut to this many characters wherever the bot repeats it."""


def esc(value: object) -> str:
    """A value for HTML parse mode: escaped, never interpreted."""
    return html.escape(str(value), quote=False)


def shorten(value: object, limit: int = MAX_SHOWN) -> str:
    """A free-text value shortened to `limit` characters (with …), not escaped: for button
    labels and for text escaped later."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def cut(value: object, limit: int = MAX_SHOWN) -> str:
    """A free-text value shortened to `limit` characters (with …), then escaped."""
    return esc(shorten(value, limit))


async def reply(update: Update, text: str, **kwargs: Any) -> None:
    """Answer in the chat the update came from (message or button)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, **kwargs)


async def edit_or_reply(update: Update, text: str, **kwargs: Any) -> None:
    """Replace the message whose button was pressed; otherwise send a new one."""
    query = update.callback_query
    if query is None:
        await reply(update, text, **kwargs)
        return
    await query.answer()
    try:
        await query.edit_message_text(text, **kwargs)
    except BadRequest as exc:
        if "not modified" not in str(exc):
            raise


async def alert(update: Update, text: str) -> None:
    """A refusal: an alert on the pressed button, or a message when the person typed."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


def typed(update: Update) -> str:
    """The text the person typed ('' for a photo, a sticker or a button)."""
    message = update.effective_message
    return message.text if message is not None and message.text else ""
