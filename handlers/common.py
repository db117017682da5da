"""Cross-cutting handlers: who is writing (once per update), cancel, fallbacks, errors."""

from __future__ import annotations

import html
import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot import texts
from bot.callbacks import Callback, parse
from bot.context import BotContext
from bot.menus import commands_for, menu_signature
from models.core import Community, Property, StaffUser
from models.identity import identify, working_community
from models.permissions import Action, Decision, authorize, community_ids_in_scope
from models.properties import find_property

log = logging.getLogger(__name__)

MENU_KEY = "menu"


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


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


def callback_of(update: Update) -> Callback | None:
    """The pressed button's data, parsed (untrusted: re-check every id in it)."""
    query = update.callback_query
    return parse(query.data) if query is not None else None


def callback_arg(update: Update, index: int = 0) -> str:
    callback = callback_of(update)
    return callback.args[index] if callback and len(callback.args) > index else ""


def callback_id(update: Update) -> int | None:
    """The button's first argument as a positive id, or None when missing or forged."""
    callback = callback_of(update)
    return callback.int_arg() if callback else None


async def alert(update: Update, text: str) -> None:
    """A refusal: an alert on the pressed button, or a message when the person typed."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


async def identity_gate(update: Update, context: BotContext) -> None:
    """Resolve the person once per update; unknown accounts get a polite refusal only."""
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
    signature = menu_signature(person)
    if context.user_data.get(MENU_KEY) == signature:
        return
    await set_menu(context, chat.id)
    context.user_data[MENU_KEY] = signature


async def set_menu(context: BotContext, chat_id: int) -> None:
    from telegram import BotCommandScopeChat

    person = context.person
    if person is None:
        return
    await context.bot.set_my_commands(commands_for(person), scope=BotCommandScopeChat(chat_id))


def staff_of(context: BotContext) -> StaffUser | None:
    person = context.person
    return person.staff if person is not None else None


async def current_community(context: BotContext) -> Community | None:
    staff = staff_of(context)
    if staff is None:
        return None
    return await working_community(staff)


async def permit(
    update: Update, context: BotContext, action: Action, community_id: int | None
) -> Decision:
    """Ask the one authorization function; on refusal tell the person why."""
    decision = await authorize(staff_of(context), action, community_id)
    if not decision and decision.reason is not None:
        text = texts.DENIALS[decision.reason]
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await reply(update, text)
    return decision


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel inside any flow: drop the draft, save nothing."""
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    await reply(update, texts.CANCELLED)
    return ConversationHandler.END


async def cancel_outside(update: Update, context: BotContext) -> None:
    """/cancel with no flow open."""
    await reply(update, texts.NOTHING_TO_CANCEL)


async def expected_text(update: Update, context: BotContext) -> None:
    """Inside a flow, something the current step does not take."""
    await reply(update, texts.UNEXPECTED_IN_FLOW)


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


async def conversation_timeout(update: Update, context: BotContext) -> None:
    """A flow left unanswered too long."""
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    await reply(update, texts.CONVERSATION_TIMEOUT)


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
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await update.effective_chat.send_message(texts.ERROR_GENERIC)
        except Exception:  # the error path must never raise
            log.exception("could not tell the person about the error")


async def property_in_scope(
    update: Update, context: BotContext, property_id: int | None, action: Action
) -> tuple[StaffUser, Property, set[int]] | None:
    """The property a button names, if it is in the person's communities and `action` is
    allowed there; also those communities (the domain's guard). Otherwise the person is told
    why (a refusal, or that the property is gone) and None is returned."""
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, action, None)
        return None
    scope = await community_ids_in_scope(staff)
    prop = await find_property(property_id, scope) if property_id is not None else None
    if prop is None:
        await alert(update, texts.PROPERTY_GONE)
        return None
    if not await permit(update, context, action, prop.community_id):
        return None
    return staff, prop, scope
