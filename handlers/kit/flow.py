"""One way to build a multi-step flow: persistent, cancellable, with a time limit.

A flow keeps what the person typed so far in a typed draft (`Draft` subclass, a dataclass
stored as JSON in `user_data`) and writes to the database only when the person confirms.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar, Self

from telegram import Message, MessageEntity, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers import texts
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.replies import reply

DRAFT = "draft"
END = ConversationHandler.END

TYPED = filters.TEXT & ~filters.COMMAND
"""A step that waits for typed text takes this…"""
NOT_TYPED = ~filters.TEXT & ~filters.COMMAND
"""…and answers this (a photo, a sticker) with a hint."""


def user_data(context: BotContext) -> dict[str, Any]:
    """This person's data (drafts, views); every flow here is per user, so it always exists."""
    data = context.user_data
    if data is None:
        raise RuntimeError("flows need per-user data (the update has no user)")
    return data


@dataclass
class Draft:
    """A flow's half-typed data. Subclass as a `@dataclass` with JSON-friendly fields and a
    `KIND`; `load` returns None when the person has no draft of this flow (it expired, was
    cancelled, or belongs to another flow), so a stale button cannot act on another's data."""

    KIND: ClassVar[str]

    @classmethod
    def load(cls, context: BotContext) -> Self | None:
        stored = user_data(context).get(DRAFT)
        if not isinstance(stored, dict) or stored.get("kind") != cls.KIND:
            return None
        names = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in stored.items() if k in names})
        except TypeError:
            return None

    def save(self, context: BotContext) -> Self:
        user_data(context)[DRAFT] = {"kind": self.KIND, **asdict(self)}
        return self

    @classmethod
    def drop(cls, context: BotContext) -> None:
        stored = user_data(context).get(DRAFT)
        if isinstance(stored, dict) and stored.get("kind") == cls.KIND:
            user_data(context).pop(DRAFT, None)


@dataclass
class Kept:
    """What a view keeps between updates outside any flow (a list's search, filter and page),
    so "back" buttons return to the list as the person left it. Subclass as a `@dataclass` with
    JSON-friendly fields and a `KEY`; `load` gives the defaults when nothing (or something
    unreadable) is kept."""

    KEY: ClassVar[str]

    @classmethod
    def load(cls, context: BotContext) -> Self:
        stored = user_data(context).get(cls.KEY)
        if isinstance(stored, dict):
            names = {f.name for f in fields(cls)}
            try:
                return cls(**{k: v for k, v in stored.items() if k in names})
            except TypeError:
                pass
        return cls()

    def save(self, context: BotContext) -> Self:
        user_data(context)[self.KEY] = asdict(self)
        return self


def drop_draft(context: BotContext) -> None:
    """Forget whatever draft this person had."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel inside any flow: drop the draft, save nothing."""
    drop_draft(context)
    await reply(update, texts.CANCELLED)
    return END


async def conversation_timeout(update: Update, context: BotContext) -> None:
    """A flow left unanswered too long."""
    drop_draft(context)
    await reply(update, texts.CONVERSATION_TIMEOUT)


async def expected_text(update: Update, context: BotContext) -> None:
    """Inside a flow, something the current step does not take."""
    await reply(update, texts.UNEXPECTED_IN_FLOW)


def flow(
    name: str,
    *,
    config: ChatConfig,
    entry_points: Sequence[BaseHandler[Any, Any, Any]],
    states: dict[object, Sequence[BaseHandler[Any, Any, Any]]],
    extra_fallbacks: Sequence[BaseHandler[Any, Any, Any]] = (),
) -> ConversationHandler[Any]:
    """A ConversationHandler with the house rules.

    - persisted under `name` (survives restarts), per user and chat;
    - `/cancel` leaves at any step; re-entering the command restarts the flow;
    - after the conversation timeout without an answer the draft is dropped and said;
    - anything unexpected inside the flow gets a hint instead of falling out silently.
    """
    with warnings.catch_warnings():
        # Buttons are tracked per chat on purpose: one flow per person at a time.
        warnings.filterwarnings("ignore", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=list(entry_points),
            states={
                **{state: list(handlers) for state, handlers in states.items()},
                ConversationHandler.TIMEOUT: [TypeHandler(Update, conversation_timeout)],
            },
            fallbacks=[
                CommandHandler("cancel", cancel),
                *extra_fallbacks,
                MessageHandler(filters.ALL & ~filters.COMMAND, expected_text),
            ],
            name=name,
            persistent=True,
            allow_reentry=True,
            conversation_timeout=config.conversation_timeout,
        )


async def rerun(update: Update, context: BotContext, command: str) -> None:
    """Handle `/command args` as if the person had just typed it (a shortcut or a button that
    continues with a command), through every handler group, flows included."""
    query = update.callback_query
    source = query.message if query is not None else update.effective_message
    user = update.effective_user
    if not isinstance(source, Message) or user is None:
        return
    text = f"/{command}"
    length = len(command.split()[0]) + 1
    again = Update(
        update_id=update.update_id,
        message=Message(
            message_id=source.message_id,
            date=source.date,
            chat=source.chat,
            from_user=user,
            text=text,
            entities=(MessageEntity(MessageEntity.BOT_COMMAND, 0, length),),
        ),
    )
    again.set_bot(context.bot)
    if again.message is not None:
        again.message.set_bot(context.bot)
    # Straight to the handlers: the update processor already took this update.
    await context.application.process_update(again)


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
    if ended:
        drop_draft(context)


def _end(handler: ConversationHandler[Any], update: Update) -> bool:
    # python-telegram-bot has no public call to end a conversation from outside it; these are
    # the same steps it takes itself (state, then the timeout job). Covered by
    # tests/e2e/test_flows.py, which fails if the library changes them.
    key = handler._get_key(update)
    if key not in handler._conversations:
        return False
    handler._update_state(END, key)
    job = handler.timeout_jobs.pop(key, None)
    if job is not None:
        job.schedule_removal()
    return True
