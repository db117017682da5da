"""Shortcuts at the front desk, outside any flow (issue 12, item 22).

- A pickup code typed as plain text opens that item's hand-over, the way a typed RUT opens
  an access check (a code that is no pending item, but looks like a document, is checked as
  one).
- A photo sent with a caption naming a property ("101") starts logging a parcel for it with
  the photo attached: photo with caption → kind → Guardar.

Both run the command a person would have typed (`/entregar CODE`, `/correspondencia 101`), so
the flows, their permissions and their steps are the same.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.access import looks_like_document, run_check
from handlers.kit.context import BotContext
from handlers.kit.flow import TYPED, rerun, user_data
from handlers.kit.guards import current_community
from handlers.kit.replies import reply, typed
from handlers.texts import correspondence as t
from models.correspondence import CODE_ALPHABET, CODE_LENGTH, find_by_code
from models.properties import clean_query

PENDING_PHOTO = "cor_pending_photo"
"""A photo waiting for the parcel log that its caption starts (read once by `start_log`)."""

_CODE = re.compile(rf"^\s*[{CODE_ALPHABET}]{{{CODE_LENGTH}}}\s*$", re.IGNORECASE)
CODE_TEXT = TYPED & filters.Regex(_CODE)
CAPTIONED_PHOTO = filters.PHOTO & filters.CAPTION


async def code_typed(update: Update, context: BotContext) -> None:
    """A pickup code typed outside any flow: that item's hand-over."""
    text = typed(update)
    code = "".join(text.split()).upper()
    community = await current_community(context)
    if community is not None and await find_by_code(community.id, code) is not None:
        await rerun(update, context, f"entregar {code}")
        return
    if looks_like_document(text):
        await run_check(update, context, text)
        return
    await reply(update, t.CODE_NOT_PENDING.format(codigo=code))


async def photo_with_caption(update: Update, context: BotContext) -> None:
    """A photo whose caption names a property: log a parcel for it with this photo."""
    message = update.effective_message
    if message is None or not message.photo:
        return
    query = clean_query(message.caption or "")
    if not query:
        await reply(update, t.PHOTO_CAPTION_HINT)
        return
    best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
    user_data(context)[PENDING_PHOTO] = best.file_id
    await rerun(update, context, f"correspondencia {query}")


def take_pending_photo(context: BotContext) -> str | None:
    """The photo a captioned-photo shortcut left for the log it started (once)."""
    photo = user_data(context).pop(PENDING_PHOTO, None)
    return photo if isinstance(photo, str) else None


def build_desk_handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Registered after every flow: they only see what no flow is waiting for."""
    return [
        MessageHandler(CODE_TEXT, code_typed),
        MessageHandler(CAPTIONED_PHOTO, photo_with_caption),
    ]
