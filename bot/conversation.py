"""One way to build a multi-step flow: persistent, cancellable, with a time limit."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.settings import Settings
from handlers.common import cancel, conversation_timeout, expected_text

DRAFT = "draft"


def flow(
    name: str,
    *,
    settings: Settings,
    entry_points: Sequence[BaseHandler[Any, Any, Any]],
    states: dict[object, Sequence[BaseHandler[Any, Any, Any]]],
    extra_fallbacks: Sequence[BaseHandler[Any, Any, Any]] = (),
) -> ConversationHandler[Any]:
    """A ConversationHandler with the house rules.

    - persisted under `name` (survives restarts), per user and chat;
    - `/cancel` leaves at any step; re-entering the command restarts the flow;
    - after CONVERSATION_TIMEOUT_MINUTES without an answer the draft is dropped and said;
    - anything unexpected inside the flow gets a hint instead of falling out silently.
    Keep drafts JSON-only in `context.user_data[DRAFT]`; write to the database only on confirm.
    """
    with warnings.catch_warnings():
        # Buttons are tracked per chat on purpose: one flow per person at a time.
        warnings.filterwarnings("ignore", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=list(entry_points),
            states={
                **{state: list(handlers) for state, handlers in states.items()},
                ConversationHandler.TIMEOUT: [TypeHandler(object, conversation_timeout)],
            },
            fallbacks=[
                CommandHandler("cancel", cancel),
                *extra_fallbacks,
                MessageHandler(filters.ALL & ~filters.COMMAND, expected_text),
            ],
            name=name,
            persistent=True,
            allow_reentry=True,
            conversation_timeout=timedelta(minutes=settings.conversation_timeout_minutes),
        )
