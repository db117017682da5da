"""One way to build a multi-step flow: persistent, cancellable, with a time limit."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
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


# A command that starts something new must not leave an older flow waiting for text: the next
# answer would go to whichever flow was registered first.
FLOW_NEUTRAL_COMMANDS = frozenset({"cancel", "help", "ayuda"})


async def end_open_flows(update: Update, context: BotContext) -> None:
    """A new command ends any half-finished flow of this person (drafts are dropped)."""
    message = update.effective_message
    command = (message.text or "").split()[0][1:].split("@")[0].lower() if message else ""
    if command in FLOW_NEUTRAL_COMMANDS:
        return
    ended = False
    for group in context.application.handlers.values():
        for handler in group:
            if isinstance(handler, ConversationHandler) and _end(handler, update):
                ended = True
    if ended and context.user_data is not None:
        context.user_data.pop(DRAFT, None)


def _end(handler: ConversationHandler[Any], update: Update) -> bool:
    # python-telegram-bot has no public call to end a conversation from outside it; these are
    # the same steps it takes itself (state, then the timeout job). Covered by
    # tests/e2e/test_flows.py, which fails if the library changes them.
    key = handler._get_key(update)
    if key not in handler._conversations:
        return False
    handler._update_state(ConversationHandler.END, key)
    job = handler.timeout_jobs.pop(key, None)
    if job is not None:
        job.schedule_removal()
    return True


def user_data(context: BotContext) -> dict[str, Any]:
    """This person's data (drafts, views); every flow here is per user, so it always exists."""
    data = context.user_data
    if data is None:
        raise RuntimeError("flows need per-user data (the update has no user)")
    return data
