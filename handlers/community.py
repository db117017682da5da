"""/comunidad: the navbar's community selector, by chat, and the community card."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import texts
from handlers.administration import home_button, may_see_home
from handlers.kit.callbacks import parse, pattern
from handlers.kit.context import BotContext
from handlers.kit.flow import rerun
from handlers.kit.guards import COMMUNITY_NS, community_keyboard, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import edit_or_reply, esc, reply
from handlers.texts import logos as t
from models.core import Administration
from models.identity import staff_communities, switch_community, working_community
from models.logos import LogoChoice, LogoState, logo_state

NS = COMMUNITY_NS


async def _administration_name(state: LogoState) -> str:
    administration = await Administration.get(id=state.community.administration_id)
    return administration.name


async def community_card(community_id: int) -> tuple[str, bytes | None]:
    """The community card: its data and the logo its residents see (None: no logo shown).

    Other features may call this (e.g. `/comunidad`) to show the same card.
    """
    state = await logo_state(community_id)
    community = state.community
    rows = [
        (t.CARD_ADMINISTRATION, await _administration_name(state)),
        (t.CARD_ADDRESS, community.address),
        (t.CARD_RUT, community.rut),
        (t.CARD_EMAIL, community.email),
        (t.CARD_PHONE, community.phone),
        (t.CARD_CODE, community.code),
    ]
    data = "".join(t.CARD_LINE.format(campo=k, valor=esc(v)) for k, v in rows if v)
    shown = state.shown
    if state.choice is not LogoChoice.NONE and shown is None:
        logo_label = t.CARD_LOGO_MISSING
    else:
        logo_label = t.CARD_LOGO[state.choice]
    text = t.CARD.format(comunidad=esc(community.name), datos=data, logo=logo_label)
    return text, bytes(shown.jpeg) if shown is not None else None


async def send_community_card(update: Update, community_id: int) -> None:
    """Send the community card to this chat: the logo in use as a photo, or text without one.

    It authorises nothing (call it for a community the person may see, e.g. their working
    one) and leaves a pressed button's query for the caller to answer.
    """
    text, photo = await community_card(community_id)
    chat = update.effective_chat
    if chat is None:
        return
    if photo is None:
        await chat.send_message(text)
    else:
        await chat.send_photo(photo, caption=text)


async def _back_home(context: BotContext) -> InlineKeyboardMarkup | None:
    """ "Volver a la administración" under a chosen community, for those who may open it."""
    return InlineKeyboardMarkup([[home_button()]]) if await may_see_home(context) else None


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
        await reply(
            update,
            texts.COMMUNITY_ONLY_ONE.format(comunidad=esc(communities[0].name)),
            reply_markup=await _back_home(context),
        )
        await send_community_card(update, communities[0].id)
        return
    await reply(
        update,
        texts.COMMUNITY_CHOOSE.format(
            actual=esc(current.name) if current else texts.COMMUNITY_NONE_CHOSEN
        ),
        reply_markup=community_keyboard(communities, current.id if current else None),
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
    await edit_or_reply(
        update,
        texts.COMMUNITY_SWITCHED.format(comunidad=esc(chosen.name)),
        reply_markup=await _back_home(context),
    )
    await send_community_card(update, chosen.id)


async def community_then_command(update: Update, context: BotContext) -> None:
    """A community chosen because a command needed one: switch, then run that command."""
    query = update.callback_query
    assert query is not None
    staff = staff_of(context)
    callback = parse(query.data)
    community_id = callback.int_arg() if callback else None
    command = callback.args[1] if callback and len(callback.args) > 1 else ""
    known = {entry.command for entry in context.deps.menu}
    if staff is None or community_id is None or command not in known:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    chosen = await switch_community(staff, community_id)
    if chosen is None:
        await query.answer(texts.COMMUNITY_NOT_YOURS, show_alert=True)
        return
    await edit_or_reply(update, texts.COMMUNITY_SWITCHED.format(comunidad=esc(chosen.name)))
    await rerun(update, context, command)


def build_handlers() -> list[BaseHandler]:
    return [
        CommandHandler("comunidad", choose_community),
        CallbackQueryHandler(community_selected, pattern=pattern(NS, "sel")),
        CallbackQueryHandler(community_then_command, pattern=pattern(NS, "go")),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("comunidad", texts.CMD_COMMUNITY),)
