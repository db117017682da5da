"""/comunidad: the navbar's community selector, by chat."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import texts
from bot.callbacks import pack, parse, pattern
from bot.context import BotContext
from conversations.logos import send_community_card
from handlers.common import edit_or_reply, esc, reply, staff_of
from models.identity import staff_communities, switch_community, working_community

NS = "com"


async def choose_community(update: Update, context: BotContext) -> None:
    """/comunidad: list the person's communities as buttons."""
    staff = staff_of(context)
    if staff is None:
        await reply(update, texts.RESIDENTS_NO_COMMUNITY_SWITCH)
        return
    communities = await staff_communities(staff)
    if not communities:
        await reply(update, texts.COMMUNITY_NONE)
        return
    current = await working_community(staff)
    if len(communities) == 1:
        await reply(update, texts.COMMUNITY_ONLY_ONE.format(comunidad=esc(communities[0].name)))
        await send_community_card(update, communities[0].id)
        return
    buttons = [
        [
            InlineKeyboardButton(
                texts.COMMUNITY_CURRENT_MARK.format(nombre=c.name)
                if current is not None and c.id == current.id
                else c.name,
                callback_data=pack(NS, "sel", c.id),
            )
        ]
        for c in communities
    ]
    await reply(
        update,
        texts.COMMUNITY_CHOOSE.format(
            actual=esc(current.name) if current else texts.COMMUNITY_NONE_CHOSEN
        ),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def community_selected(update: Update, context: BotContext) -> None:
    """A community button: switch, re-checking that it is one of the person's."""
    query = update.callback_query
    assert query is not None
    staff = staff_of(context)
    callback = parse(query.data)
    community_id = callback.int_arg() if callback else None
    if staff is None or community_id is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    chosen = await switch_community(staff, community_id)
    if chosen is None:
        await query.answer(texts.COMMUNITY_NOT_YOURS, show_alert=True)
        return
    await edit_or_reply(update, texts.COMMUNITY_SWITCHED.format(comunidad=esc(chosen.name)))
    await send_community_card(update, chosen.id)


def build_handlers() -> list[BaseHandler]:
    return [
        CommandHandler(["comunidad", "comunidades"], choose_community),
        CallbackQueryHandler(community_selected, pattern=pattern(NS, "sel")),
    ]
