"""Cross-cutting handlers: who is writing (once per update), the fallbacks, errors."""

from __future__ import annotations

import logging

from telegram import BotCommandScopeChat, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from handlers import texts
from handlers.kit.context import BotContext
from handlers.kit.inputs import clean_update
from handlers.kit.menus import commands_for, menu_signature
from handlers.kit.replies import reply
from models.identity import identify

log = logging.getLogger(__name__)

MENU_KEY = "menu"


async def identity_gate(update: Update, context: BotContext) -> None:
    """Resolve the person once per update; unknown accounts get a polite refusal only."""
    clean_update(update)
    user = update.effective_user
    if user is None:
        raise ApplicationHandlerStop
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        # The bot is personal: groups see nothing of any community.
        raise ApplicationHandlerStop
    try:
        person = await identify(user.id, clock=context.deps.clock)
    except Exception as exc:
        # Without knowing who this is, no later handler may run: report once and stop.
        context.error = exc
        await on_error(update, context)
        raise ApplicationHandlerStop from exc
    context.person = person
    if person.known:
        await _refresh_menu(update, context)
        return
    message = update.effective_message
    if message is not None and message.text and message.text.startswith("/start "):
        return  # an invitation being redeemed; /start decides
    if update.callback_query is not None:
        await update.callback_query.answer(texts.UNKNOWN_PERSON_ALERT, show_alert=True)
    elif chat is not None:
        await chat.send_message(texts.UNKNOWN_PERSON)
    log.info("refused unknown telegram account")
    raise ApplicationHandlerStop


async def _refresh_menu(update: Update, context: BotContext) -> None:
    """Give this chat its own command menu when it is new or its profile changed."""
    person = context.person
    chat = update.effective_chat
    if person is None or chat is None or context.user_data is None:
        return
    signature = menu_signature(context.deps.menu, person)
    if context.user_data.get(MENU_KEY) == signature:
        return
    await set_menu(context, chat.id)
    context.user_data[MENU_KEY] = signature


async def set_menu(context: BotContext, chat_id: int) -> None:
    person = context.person
    if person is None:
        return
    await context.bot.set_my_commands(
        commands_for(context.deps.menu, person), scope=BotCommandScopeChat(chat_id)
    )


async def cancel_outside(update: Update, context: BotContext) -> None:
    """/cancel with no flow open."""
    await reply(update, texts.NOTHING_TO_CANCEL)


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not have."""
    await reply(update, texts.UNKNOWN_COMMAND)


async def free_text(update: Update, context: BotContext) -> None:
    """Text outside any flow: a short hint instead of silence."""
    await reply(update, texts.FREE_TEXT_HINT)


async def stale_button(update: Update, context: BotContext) -> None:
    """A button from an old message or a finished flow."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


async def on_error(update: object, context: BotContext) -> None:
    """Log with the update's context; tell the person something failed, without internals."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("chat unreachable (%s)", error)
        return
    user_id = (
        update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    )
    log.error(
        "error handling update %s (user %s)",
        getattr(update, "update_id", None),
        user_id,
        exc_info=error,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.callback_query is not None:
        # Stop the button's spinner; the handler may have answered already (Telegram then
        # refuses a second answer), which must not keep the message below from being sent.
        try:
            await update.callback_query.answer()
        except TelegramError:
            log.debug("button already answered before the error")
    try:
        await update.effective_chat.send_message(texts.ERROR_GENERIC)
    except Exception:  # the error path must never raise
        log.exception("could not tell the person about the error")
