"""/inmuebles, looking: the notice counters, the properties in pages, the search, the card."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from conversations.properties.common import ACCESS_LISTS, MOBILE, PRP, ListView, Step
from handlers import texts
from handlers.kit.callbacks import callback_arg, callback_id, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import END, drop_draft
from handlers.kit.guards import allowed, current_community, looks_only, permit, property_in_scope
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import picker
from handlers.texts import properties as t
from models.core import Community
from models.mobile import format_mobile
from models.permissions import Action
from models.properties import clean_query, search_properties
from models.residents import (
    PropertyCard,
    ResidentView,
    notice_counters,
    property_card,
    residents_by_property,
)
from models.sms import balance as sms_balance

EMAIL_SHOWN = 60  # one e-mail in a list row or on the card
CARD_EMAILS_SHOWN = 10  # per role on the card; "Residentes" lists every one, in pages


def mobile_label(mobile: str | None) -> str:
    return format_mobile(mobile) if mobile else t.CARD_NO_MOBILE


# --- the list --------------------------------------------------------------------------------


async def _list_community(update: Update, context: BotContext) -> Community | None:
    """The community the list shows (the working one), if the person may look at it."""
    community = await current_community(context)
    if not await permit(
        update, context, Action.VIEW_PROPERTIES, community.id if community else None
    ):
        return None
    return community


def _row_emails(residents: tuple[ResidentView, ...]) -> str:
    if not residents:
        return t.LIST_ROW_NO_EMAILS
    others = len(residents) - 1
    return t.LIST_ROW_EMAILS.format(
        principal=cut(residents[0].email, EMAIL_SHOWN),
        otros=t.LIST_ROW_MORE.format(n=others) if others else "",
    )


async def _render_list(
    update: Update, context: BotContext, community: Community, view: ListView, page: int
) -> None:
    found = await search_properties(community.id, view.query, page=page)
    view.community_id, view.page = community.id, found.page
    view.save(context)
    counters = await notice_counters(community.id)
    available = (await sms_balance(community.id, clock=context.deps.clock)).available
    residents = await residents_by_property([p.id for p in found.items])
    lines = [
        t.LIST_HEADER.format(comunidad=esc(community.name)),
        t.LIST_COUNTERS.format(sms=counters.sms, correos=counters.emails),
        t.LIST_BALANCE.format(saldo=available),
        "",
    ]
    if view.query:
        lines.append(t.LIST_QUERY.format(busqueda=esc(view.query)))
    if found.total == 0:
        lines.append(t.LIST_EMPTY if view.query else t.LIST_EMPTY_COMMUNITY)
    else:
        lines.append(
            t.LIST_COUNT.format(total=found.total, pagina=found.page + 1, paginas=found.pages)
        )
        lines.extend(
            t.LIST_ROW.format(
                nombre=esc(p.name),
                correos=_row_emails(residents.get(p.id, ())),
                celular=esc(mobile_label(p.mobile)),
            )
            for p in found.items
        )
        lines += ["", t.LIST_HINT]
    tools = [PRP.button(t.BUTTON_SEARCH, "find")]
    if view.query:
        tools.append(PRP.button(t.BUTTON_CLEAR_SEARCH, "clr"))
    extra = [tools]
    if await allowed(context, Action.MANAGE_PROPERTIES, community.id):
        extra.append([PRP.button(t.BUTTON_IMPORT, "imp")])
    elif looks_only(context):
        lines += ["", t.READ_ONLY]
    keyboard = picker(
        found,
        label=lambda p: p.name,
        choose=lambda p: pack(PRP.name, "card", p.id),
        turn=lambda number: pack(PRP.name, "pg", number),
        columns=1,
        extra=extra,
    )
    await edit_or_reply(update, "\n".join(lines), reply_markup=keyboard)


async def show_properties(update: Update, context: BotContext) -> object:
    """/inmuebles: the counters and the community's properties, in pages."""
    drop_draft(context)
    community = await _list_community(update, context)
    if community is not None:
        view = ListView(community.id).save(context)
        await _render_list(update, context, community, view, 0)
    return END


async def list_page(update: Update, context: BotContext) -> None:
    """A page button of the list (or "Volver a la lista")."""
    raw = callback_arg(update)
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return
    community = await _list_community(update, context)
    if community is not None:
        view = ListView.load(context)
        if view.community_id != community.id:
            view.query = ""  # the working community changed meanwhile
        await _render_list(update, context, community, view, int(raw))


async def clear_search(update: Update, context: BotContext) -> None:
    """ "Quitar búsqueda": the whole list again."""
    community = await _list_community(update, context)
    if community is not None:
        view = ListView.load(context)
        view.query = ""
        await _render_list(update, context, community, view, 0)


async def ask_search(update: Update, context: BotContext) -> object:
    """ "Buscar": the next text message is the search."""
    community = await _list_community(update, context)
    if community is None:
        return END
    drop_draft(context)
    await reply(update, t.SEARCH_ASK)
    return Step.SEARCH


async def run_search(update: Update, context: BotContext) -> object:
    """The typed number or name: the list filtered (the card itself when only one matches)."""
    community = await _list_community(update, context)
    if community is None:
        return END
    query = clean_query(typed(update))
    found = await search_properties(community.id, query)
    view = ListView.load(context)
    view.community_id, view.query = community.id, query
    if found.total == 1:
        card = await property_card(found.items[0].id, {community.id})
        if card is not None:
            view.page = 0
            view.save(context)
            await render_card(update, context, card)
            return END
    await _render_list(update, context, community, view, 0)
    return END


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the search was expected."""
    await reply(update, t.EXPECTED_SEARCH_TEXT)


# --- the card --------------------------------------------------------------------------------


async def card_for(
    update: Update, context: BotContext, property_id: int | None, action: Action
) -> PropertyCard | None:
    """The card of a button's property, if it is in the person's communities and `action` is
    allowed there (the person is told why not)."""
    allowed = await property_in_scope(update, context, property_id, action)
    if allowed is None:
        return None
    card = await property_card(allowed.prop.id, allowed.scope)
    if card is None:  # deleted since the guard looked
        await alert(update, texts.PROPERTY_GONE)
    return card


def _emails_label(residents: list[ResidentView]) -> str:
    if not residents:
        return t.CARD_NONE
    shown = ", ".join(
        cut(r.email, EMAIL_SHOWN) + (t.CARD_LINKED if r.linked else "")
        for r in residents[:CARD_EMAILS_SHOWN]
    )
    hidden = len(residents) - CARD_EMAILS_SHOWN
    return shown + (t.CARD_EMAILS_MORE.format(n=hidden) if hidden > 0 else "")


async def render_card(update: Update, context: BotContext, card: PropertyCard) -> None:
    text = t.CARD.format(
        nombre=esc(card.name),
        comunidad=esc(card.community_name),
        principal=_emails_label(card.principals),
        secundarios=_emails_label(card.secondaries),
        celular=esc(mobile_label(card.mobile)),
    )
    if any(r.linked for r in card.residents):
        text += "\n\n" + t.CARD_LEGEND
    keyboard = [
        [
            ACCESS_LISTS.button(t.BUTTON_ACCESS_LISTS, "prop", card.id),
            MOBILE.button(t.BUTTON_MOBILE, "prop", card.id),
        ],
        [PRP.button(t.BUTTON_RESIDENTS, "res", card.id)],
        [PRP.button(t.BUTTON_BACK_TO_LIST, "pg", ListView.load(context).page)],
    ]
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def show_card(update: Update, context: BotContext) -> None:
    """A property tapped in the list: its card and tools."""
    card = await card_for(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if card is not None:
        await render_card(update, context, card)
