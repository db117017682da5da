"""The contacts list (search, pages), the contact card and deleting a contact."""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.contacts.common import (
    NS,
    ListView,
    Next,
    Step,
    actor,
    email_label,
    may_manage,
    phone_label,
    refuse,
    stale,
    target_id,
)
from handlers.kit.callbacks import callback_number, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import END, drop_draft
from handlers.kit.replies import cut, edit_or_reply, esc, reply, shorten, typed
from handlers.kit.widgets import confirm_keyboard, picker
from handlers.texts import contacts as t
from models.contacts import (
    DEFAULT_PAGE_SIZE,
    ContactError,
    ContactRow,
    clean_query,
    delete_contact,
    get_contact,
    list_contacts,
    may_change,
)
from models.core import StaffUser
from models.permissions import Action

NAME_SHOWN = 60

# --- the list --------------------------------------------------------------------------------


def _channels(row: ContactRow) -> str:
    """ "correo, teléfono" (escaped), whichever the contact has."""
    parts = []
    if row.email:
        parts.append(cut(row.email, NAME_SHOWN))
    if row.phone:
        parts.append(esc(phone_label(row.phone)))
    return ", ".join(parts)


async def render_list(
    update: Update, context: BotContext, staff: StaffUser, view: ListView, page: int
) -> None:
    """The list as `view` says, at `page`; the view is kept for the next button."""
    result = await list_contacts(staff, query=view.query, page=page)
    view.page = result.page
    view.save(context)
    lines = [t.LIST_HEADER]
    if view.query:
        lines.append(t.LIST_QUERY.format(busqueda=esc(view.query)))
    lines.append(
        t.LIST_COUNT.format(total=result.total, pagina=result.page + 1, paginas=result.pages)
    )
    lines.append("")
    first = result.page * DEFAULT_PAGE_SIZE + 1
    numbers = {row.id: n for n, row in enumerate(result.items, start=first)}
    for row in result.items:
        linked = len(row.communities) + row.others
        lines.append(
            t.LIST_ROW.format(
                numero=numbers[row.id], nombre=cut(row.name, NAME_SHOWN), medios=_channels(row)
            )
            + (t.LIST_ROW_COMMUNITIES.format(cantidad=linked) if linked else "")
        )
    writable = await may_manage(staff)
    if not result.items:
        lines.append(t.LIST_EMPTY_SEARCH if view.query else t.LIST_EMPTY)
    else:
        lines += ["", t.LIST_HINT]
    if not writable and staff.is_test_user:
        lines += ["", t.LIST_READ_ONLY]
    extra: list[list[InlineKeyboardButton]] = [[NS.button(t.BUTTON_SEARCH, "find")]]
    if view.query:
        extra[0].append(NS.button(t.BUTTON_CLEAR_SEARCH, "clr"))
    if writable:
        extra.append([NS.button(t.BUTTON_CREATE, "new")])
    extra.append([NS.button(t.BUTTON_COMMUNITIES, "com")])
    keyboard = picker(
        result,
        label=lambda row: t.BUTTON_ROW.format(
            numero=numbers[row.id], nombre=shorten(row.name, NAME_SHOWN)
        ),
        choose=lambda row: pack(NS.name, "card", row.id),
        turn=partial(pack, NS.name, "pg"),
        columns=1,
        extra=extra,
    )
    await edit_or_reply(update, "\n".join(lines).strip(), reply_markup=keyboard)


async def show_contacts(update: Update, context: BotContext) -> Next:
    """/contactos: the administración's contacts, with search and tools."""
    drop_draft(context)
    staff = await actor(update, context, Action.VIEW_CONTACTS)
    if staff is not None:
        await render_list(update, context, staff, ListView(), 0)
    return END


async def list_page(update: Update, context: BotContext) -> None:
    """A page button of the contacts list (or "Volver a la lista")."""
    page = callback_number(update)
    if page is None:
        await stale(update)
        return
    staff = await actor(update, context, Action.VIEW_CONTACTS)
    if staff is not None:
        await render_list(update, context, staff, ListView.load(context), page)


async def clear_search(update: Update, context: BotContext) -> None:
    """ "Quitar búsqueda": the list without the text filter."""
    staff = await actor(update, context, Action.VIEW_CONTACTS)
    if staff is not None:
        view = ListView.load(context)
        view.query = None
        await render_list(update, context, staff, view, 0)


async def ask_search(update: Update, context: BotContext) -> Next:
    """ "Buscar": the next text message is the search."""
    staff = await actor(update, context, Action.VIEW_CONTACTS)
    if staff is None:
        return END
    drop_draft(context)
    await reply(update, t.SEARCH_ASK)
    return Step.SEARCH


async def run_search(update: Update, context: BotContext) -> Next:
    """The typed search: the list filtered by name, e-mail or phone."""
    staff = await actor(update, context, Action.VIEW_CONTACTS)
    if staff is None:
        return END
    view = ListView.load(context)
    view.query = clean_query(typed(update))
    await render_list(update, context, staff, view, 0)
    return END


# --- the card --------------------------------------------------------------------------------


def communities_label(row: ContactRow) -> str:
    names = ", ".join(c.name for c in row.communities)
    if row.others:
        return t.CARD_OTHERS.format(comunidades=names or t.CARD_NONE, otras=row.others)
    return names or t.CARD_NONE


async def render_card(
    update: Update, context: BotContext, staff: StaffUser, row: ContactRow, *, fresh: bool = False
) -> None:
    """The contact's data and the tools the person may use on it (`fresh`: as a new message)."""
    text = t.CARD.format(
        nombre=esc(row.name),
        correo=esc(email_label(row.email)),
        telefono=esc(phone_label(row.phone)),
        comunidades=esc(communities_label(row)),
    )
    keyboard: list[list[InlineKeyboardButton]] = []
    if await may_manage(staff):
        if await may_change(staff, row.id):
            keyboard.append(
                [
                    NS.button(t.BUTTON_EDIT, "edit", row.id),
                    NS.button(t.BUTTON_DELETE, "del", row.id),
                ]
            )
        else:
            text += "\n\n" + t.CARD_OUTSIDE_SCOPE
        keyboard.append([NS.button(t.BUTTON_ASSOCIATE, "as", row.id)])
    elif staff.is_test_user:
        text += "\n\n" + t.LIST_READ_ONLY
    keyboard.append([NS.button(t.BUTTON_BACK_TO_LIST, "pg", ListView.load(context).page)])
    markup = InlineKeyboardMarkup(keyboard)
    chat = update.effective_chat
    if fresh and chat is not None:
        await chat.send_message(text, reply_markup=markup)
    else:
        await edit_or_reply(update, text, reply_markup=markup)


async def show_card(update: Update, context: BotContext) -> None:
    """A contact tapped in the list: its card, with Editar / Asociar comunidades / Eliminar."""
    contact_id = await target_id(update)
    if contact_id is None:
        return
    staff = await actor(update, context, Action.VIEW_CONTACTS)
    if staff is None:
        return
    try:
        row = await get_contact(staff, contact_id)
    except ContactError as error:
        await refuse(update, error.reason)
        return
    await render_card(update, context, staff, row)


# --- delete ----------------------------------------------------------------------------------


async def ask_delete(update: Update, context: BotContext) -> None:
    """ "Eliminar": the warning lists the communities that lose the contact."""
    contact_id = await target_id(update)
    if contact_id is None:
        return
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return
    try:
        row = await get_contact(staff, contact_id)
    except ContactError as error:
        await refuse(update, error.reason)
        return
    if row.communities or row.others:
        text = t.DELETE_WARNING.format(
            nombre=esc(row.name), comunidades=esc(communities_label(row))
        )
    else:
        text = t.DELETE_WARNING_NONE.format(nombre=esc(row.name))
    keyboard = confirm_keyboard(
        NS.button(t.BUTTON_DELETE_CONFIRM, "delok", row.id),
        NS.button(t.BUTTON_DELETE_CANCEL, "card", row.id),
    )
    await edit_or_reply(update, text, reply_markup=keyboard)


async def confirm_delete(update: Update, context: BotContext) -> None:
    """ "Sí, eliminar": the contact is deleted and its communities stop showing it."""
    contact_id = await target_id(update)
    if contact_id is None:
        return
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return
    try:
        row = await get_contact(staff, contact_id)
        removed = await delete_contact(staff, contact_id)
    except ContactError as error:
        await refuse(update, error.reason)
        return
    text = t.DELETED.format(nombre=esc(row.name))
    if removed:
        text += t.DELETED_FROM.format(comunidades=esc(", ".join(c.name for c in removed)))
    back = InlineKeyboardMarkup([[NS.button(t.BUTTON_BACK_TO_LIST, "pg", 0)]])
    await edit_or_reply(update, text, reply_markup=back)
