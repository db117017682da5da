"""The users list (community filter, search, pages) and the user card with its tools."""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.users.common import (
    NS,
    ListView,
    Next,
    Step,
    actor,
    back_button,
    mark,
    may_manage,
    refuse,
    stale,
    target_id,
    when,
)
from handlers import texts
from handlers.kit.callbacks import callback_number, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import END, drop_draft
from handlers.kit.guards import looks_only
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, shorten, typed
from handlers.kit.widgets import picker
from handlers.texts import users as t
from models.core import StaffUser
from models.permissions import Action, community_ids_in_scope
from models.staff import (
    DEFAULT_PAGE_SIZE,
    StaffError,
    StaffRow,
    assignable_communities,
    clean_query,
    get_staff,
    list_staff,
    tools_refusal,
)

NAME_SHOWN = 60  # a name or an e-mail in a list row

# --- the list --------------------------------------------------------------------------------


async def render_list(
    update: Update, context: BotContext, staff: StaffUser, view: ListView, page: int
) -> None:
    """The list as `view` says, at `page`; the view is kept for the next button."""
    try:
        result = await list_staff(
            staff, community_id=view.community_id, query=view.query, page=page
        )
    except StaffError:
        # The filtered community is no longer theirs: fall back to all of them.
        view.community_id = None
        result = await list_staff(staff, query=view.query, page=page)
    view.page = result.page
    view.save(context)
    communities = await assignable_communities(staff)
    chosen = next((c for c in communities if c.id == view.community_id), None)
    lines = [
        t.LIST_HEADER.format(
            alcance=t.LIST_SCOPE_ONE.format(comunidad=esc(chosen.name))
            if chosen
            else t.LIST_SCOPE_ALL,
        )
    ]
    if view.query:
        lines.append(t.LIST_QUERY.format(busqueda=esc(view.query)))
    lines.append(
        t.LIST_COUNT.format(total=result.total, pagina=result.page + 1, paginas=result.pages)
    )
    lines.append("")
    first_number = result.page * DEFAULT_PAGE_SIZE + 1
    numbers = {row.id: n for n, row in enumerate(result.items, start=first_number)}
    for row in result.items:
        lines.append(
            t.LIST_ROW.format(
                numero=numbers[row.id],
                nombre=cut(row.full_name, NAME_SHOWN),
                marca=mark(row),
                perfil=role_label(row),
                correo=cut(row.email, NAME_SHOWN),
                acceso=when(row.last_access, context),
            )
        )
    writable = await may_manage(context, staff)
    lines.append("" if result.items else t.LIST_EMPTY)
    if result.items:
        lines.append(t.LIST_HINT if writable else t.LIST_HINT_READ_ONLY)
    if not writable and looks_only(context):
        lines += ["", t.READ_ONLY]
    tools = [NS.button(t.BUTTON_SEARCH, "find")]
    if len(communities) > 1:
        tools.append(NS.button(t.BUTTON_FILTER, "cf"))
    extra = [tools]
    if view.query:
        extra.append([NS.button(t.BUTTON_CLEAR_SEARCH, "clr")])
    if writable:
        extra.append([NS.button(t.BUTTON_CREATE, "new")])
    keyboard = picker(
        result,
        label=lambda row: t.BUTTON_ROW.format(
            numero=numbers[row.id], nombre=shorten(row.full_name, NAME_SHOWN)
        ),
        choose=lambda row: pack(NS.name, "card", row.id),
        turn=partial(pack, NS.name, "pg"),
        columns=1,
        extra=extra,
    )
    await edit_or_reply(
        update, "\n".join(lines).strip(), reply_markup=keyboard, disable_web_page_preview=True
    )


async def show_users(update: Update, context: BotContext) -> Next:
    """/usuarios: the users of all my communities, with search, filter and tools."""
    drop_draft(context)
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is not None:
        await render_list(update, context, staff, ListView(), 0)
    return END


async def list_page(update: Update, context: BotContext) -> None:
    """A page button of the users list."""
    page = callback_number(update)
    if page is None:
        await stale(update)
        return
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is not None:
        await render_list(update, context, staff, ListView.load(context), page)


async def choose_filter(update: Update, context: BotContext) -> None:
    """ "Comunidad": offer the person's communities to filter the list."""
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return
    current = ListView.load(context).community_id
    buttons = [[NS.button(t.FILTER_ALL, "flt", 0)]] + [
        [
            NS.button(
                t.FILTER_CURRENT_MARK.format(nombre=c.name) if c.id == current else c.name,
                "flt",
                c.id,
            )
        ]
        for c in await assignable_communities(staff)
    ]
    await edit_or_reply(update, t.FILTER_CHOOSE, reply_markup=InlineKeyboardMarkup(buttons))


async def set_filter(update: Update, context: BotContext) -> None:
    """A community (or "Todas") chosen as the list filter, re-checked against the person's."""
    chosen = callback_number(update)
    if chosen is None:
        await stale(update)
        return
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return
    community_id = chosen or None
    if community_id is not None and community_id not in await community_ids_in_scope(staff):
        await alert(update, texts.COMMUNITY_NOT_YOURS)
        return
    view = ListView.load(context)
    view.community_id = community_id
    await render_list(update, context, staff, view, 0)


async def clear_search(update: Update, context: BotContext) -> None:
    """ "Quitar búsqueda": the list without the text filter."""
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is not None:
        view = ListView.load(context)
        view.query = None
        await render_list(update, context, staff, view, 0)


async def ask_search(update: Update, context: BotContext) -> Next:
    """ "Buscar": the next text message is the search."""
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return END
    drop_draft(context)
    await reply(update, t.SEARCH_ASK)
    return Step.SEARCH


async def run_search(update: Update, context: BotContext) -> Next:
    """The typed search: the list filtered by name or e-mail."""
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return END
    view = ListView.load(context)
    view.query = clean_query(typed(update))
    await render_list(update, context, staff, view, 0)
    return END


# --- the card --------------------------------------------------------------------------------


def role_label(row: StaffRow) -> str:
    """The user's role: a custom role's name, else the profile (escaped)."""
    if row.role_name is not None:
        return esc(t.CUSTOM_ROLE_LABEL.format(nombre=row.role_name))
    return texts.PROFILE_LABELS[row.profile]


def _communities_label(row: StaffRow) -> str:
    names = ", ".join(row.communities) or t.FORM_EMPTY
    return t.CARD_ALL_COMMUNITIES.format(comunidades=names) if row.all_communities else names


async def _render_card(
    update: Update, context: BotContext, staff: StaffUser, row: StaffRow
) -> None:
    text = t.CARD.format(
        nombre=esc(row.full_name),
        marca=mark(row),
        perfil=role_label(row),
        correo=esc(row.email),
        comunidades=esc(_communities_label(row)),
        acceso=when(row.last_access, context),
        telegram=t.CARD_TELEGRAM_BOUND if row.has_telegram else t.CARD_TELEGRAM_PENDING,
    )
    keyboard: list[list[InlineKeyboardButton]] = []
    refusal = await tools_refusal(staff, row)
    if refusal is not None:
        text += "\n\n" + t.CARD_NO_TOOLS[refusal]
    elif not await may_manage(context, staff):
        if looks_only(context):
            text += "\n\n" + t.READ_ONLY
    elif row.is_self:
        keyboard.append([NS.button(t.BUTTON_EDIT, "edit", row.id)])
    else:
        keyboard.append([NS.button(t.BUTTON_RESET, "rst", row.id)])
        keyboard.append(
            [NS.button(t.BUTTON_EDIT, "edit", row.id), NS.button(t.BUTTON_DELETE, "del", row.id)]
        )
    keyboard.append(back_button(context))
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def show_card(update: Update, context: BotContext) -> None:
    """A user tapped in the list: their card, with the tools the person may use."""
    staff_id = await target_id(update)
    if staff_id is None:
        return
    staff = await actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return
    try:
        row = await get_staff(staff, staff_id)
    except StaffError as error:
        await refuse(update, error.reason)
        return
    await _render_card(update, context, staff, row)
