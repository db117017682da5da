"""/listas: choose a property, browse its access lists, move or delete an entry.

Súper Administrador and Administrador: choose the property (typed number or name, or its
button), see its name, a filter by list type (Todos / Autorizado / No autorizado) and the
entries in pages; per entry "Cambiar a …" and "Eliminar" (Aceptar / Cancelar). Looking needs
`VIEW_ACCESS_LISTS`, every change `MANAGE_ACCESS_LISTS` (so a test user sees the lists without
the tools, and a forged tool is refused); the domain writes the audit log.

Entry point for other features: a button with `pack("acl", "prop", property.id)` opens that
property's lists from any message (the /inmuebles property card's "Listas de acceso"). Like
every id read from a button, it is re-checked against the person's communities and profile.

Callback data, namespace `acl`: `prop:<property>`, `pp:<page>` (property search pages), `find`
(choose another property), `ls:<property>:<t|a|n>:<page>` (filter and page), `ent:<entry>`
(entry card), `mv:<entry>:<a|n>`, `del:<entry>`, `delok:<entry>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler

from conversations.access.check import check_again
from conversations.access.common import (
    CODE_OF,
    FILTERS,
    LIST_CODES,
    LISTS,
    OTHER_LIST,
    ListView,
    drop_drafts,
    list_label,
    mark,
    property_picker,
    property_picker_text,
    when,
)
from handlers import texts
from handlers.access import RUT_TEXT, document_label
from handlers.kit.callbacks import callback_arg, callback_id
from handlers.kit.context import BotContext
from handlers.kit.flow import END, NOT_TYPED, TYPED
from handlers.kit.guards import (
    allowed,
    current_community,
    looks_only,
    permit,
    property_in_scope,
    staff_of,
)
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard, page_buttons
from handlers.texts import access as t
from models.access import (
    DEFAULT_PAGE_SIZE,
    AccessEntry,
    EntryNotFound,
    ListType,
    delete_entry,
    get_entry,
    list_entries,
    move_entry,
)
from models.core import Community, Property, StaffUser
from models.permissions import Action, community_ids_in_scope
from models.properties import clean_query, find_property, property_ids_in, search_properties

# Flow state (a string: it is persisted as JSON).
SEARCH = "acl_search"


# --- who may, and on what --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryInScope:
    """An entry the person may act on, who they are, and the property ids they may touch."""

    staff: StaffUser
    entry: AccessEntry
    property_ids: set[int]


async def _entry_for(update: Update, context: BotContext, action: Action) -> EntryInScope | None:
    """The entry of a button, if it still exists in the person's communities and `action`
    is allowed there (otherwise the person is told and None is returned)."""
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, action, None)
        return None
    entry_id = callback_id(update)
    allowed = await property_ids_in(await community_ids_in_scope(staff))
    try:
        if entry_id is None:
            raise EntryNotFound(0)
        entry = await get_entry(entry_id, expected_property_ids=allowed)
    except EntryNotFound:
        await alert(update, t.ENTRY_GONE)
        return None
    if not await permit(update, context, action, entry.property.community_id):
        return None
    return EntryInScope(staff, entry, allowed)


# --- choosing the property -------------------------------------------------------------------


async def _show_picker(
    update: Update, context: BotContext, community: Community, page: int
) -> object:
    query = ListView.load(context).query
    found = await search_properties(community.id, query, page=page)
    if found.total == 0 and not query:
        await edit_or_reply(update, t.PICK_EMPTY_COMMUNITY.format(comunidad=esc(community.name)))
        return END
    text = property_picker_text(found, query, community, t.PICK_PROPERTY)
    cancel = [[LISTS.button(texts.BUTTON_CANCEL, "no")]]
    keyboard = property_picker(found, LISTS, "prop", "pp", extra=cancel)
    await edit_or_reply(update, text, reply_markup=keyboard)
    return SEARCH


async def _picker_community(update: Update, context: BotContext) -> Community | None:
    """The community being searched (the working one), if the person may see its lists."""
    community = await current_community(context)
    if not await permit(
        update, context, Action.VIEW_ACCESS_LISTS, community.id if community else None
    ):
        return None
    return community


async def show_lists(update: Update, context: BotContext) -> object:
    """/listas: which property? (typed number or name, or its button)."""
    drop_drafts(context)
    community = await _picker_community(update, context)
    if community is None:
        return END
    ListView().save(context)
    return await _show_picker(update, context, community, 0)


async def other_property(update: Update, context: BotContext) -> object:
    """ "Otro inmueble": back to choosing the property."""
    community = await _picker_community(update, context)
    if community is None:
        return None
    drop_drafts(context)
    view = ListView.load(context)
    view.query = ""
    view.save(context)
    return await _show_picker(update, context, community, 0)


async def picker_page(update: Update, context: BotContext) -> object:
    """A page button of the property picker."""
    raw = callback_arg(update)
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return None
    community = await _picker_community(update, context)
    if community is None:
        return None
    return await _show_picker(update, context, community, int(raw))


async def search_typed(update: Update, context: BotContext) -> object:
    """The typed number or name: the property itself when only one matches."""
    community = await _picker_community(update, context)
    if community is None:
        return END
    query = clean_query(typed(update))
    found = await search_properties(community.id, query)
    if found.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query)))
        return None
    if found.total == 1:
        allowed = await property_in_scope(
            update, context, found.items[0].id, Action.VIEW_ACCESS_LISTS
        )
        if allowed is None:
            return END
        await render_list(update, context, allowed.prop, "t", 0)
        return END
    view = ListView.load(context)
    view.query = query
    view.save(context)
    return await _show_picker(update, context, community, 0)


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_SEARCH_TEXT)


# --- a property's lists ----------------------------------------------------------------------


async def render_list(
    update: Update,
    context: BotContext,
    prop: Property,
    filter_code: str,
    page: int,
    notice: str | None = None,
) -> None:
    """A property's lists, one filter and page, with the tools to change them (when the
    person may)."""
    result = await list_entries(prop.id, list_type=FILTERS[filter_code], page=page)
    writable = await allowed(context, Action.MANAGE_ACCESS_LISTS, prop.community_id)
    view = ListView.load(context)
    view.property_id, view.filter_code, view.page = prop.id, filter_code, result.page
    view.save(context)
    lines = [notice, ""] if notice else []
    lines.append(
        t.LIST_HEADER.format(
            inmueble=esc(prop.name),
            comunidad=esc(prop.community.name),
            filtro=t.FILTER_LABELS[filter_code],
        )
    )
    lines.append(
        t.LIST_COUNT.format(total=result.total, pagina=result.page + 1, paginas=result.pages)
    )
    lines.append("")
    first = result.page * DEFAULT_PAGE_SIZE + 1
    for number, entry in enumerate(result.items, start=first):
        lines.append(
            t.LIST_ROW.format(
                numero=number,
                nombre=esc(entry.full_name),
                documento=esc(document_label(entry.doc_type, entry.doc_number)),
                marca=mark(entry.list_type),
                lista=list_label(entry.list_type),
                registro=cut(entry.registered_by_email or t.REGISTERED_BY_NOBODY, 60),
                fecha=when(entry.created_at, context),
            )
        )
    if not result.items:
        lines.append(t.LIST_EMPTY)
    else:
        lines.append(t.LIST_HINT if writable else t.LIST_HINT_READ_ONLY)
    if not writable and looks_only(context):
        lines += ["", t.READ_ONLY]
    keyboard = [
        [LISTS.button(t.BUTTON_ROW.format(numero=number, nombre=entry.full_name), "ent", entry.id)]
        for number, entry in enumerate(result.items, start=first)
    ]
    nav = page_buttons(result, lambda number: LISTS.data("ls", prop.id, filter_code, number))
    if nav:
        keyboard.append(nav)
    keyboard.append(
        [
            LISTS.button(
                t.FILTER_CURRENT.format(nombre=label) if code == filter_code else label,
                "ls",
                prop.id,
                code,
                0,
            )
            for code, label in t.FILTER_LABELS.items()
        ]
    )
    if writable:
        keyboard.append([LISTS.button(t.BUTTON_ADD, "add", prop.id)])
    keyboard.append([LISTS.button(t.BUTTON_OTHER_PROPERTY, "find")])
    await edit_or_reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(keyboard))


async def open_property(update: Update, context: BotContext) -> object:
    """A property chosen (here or on its card elsewhere): its lists, all types, first page."""
    allowed = await property_in_scope(
        update, context, callback_id(update), Action.VIEW_ACCESS_LISTS
    )
    if allowed is None:
        return None
    drop_drafts(context)
    await render_list(update, context, allowed.prop, "t", 0)
    return END


async def list_page(update: Update, context: BotContext) -> object:
    """A filter or page button of a property's lists."""
    filter_code, raw_page = callback_arg(update, 1), callback_arg(update, 2)
    if filter_code not in FILTERS or not raw_page.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return None
    allowed = await property_in_scope(
        update, context, callback_id(update), Action.VIEW_ACCESS_LISTS
    )
    if allowed is None:
        return None
    drop_drafts(context)
    await render_list(update, context, allowed.prop, filter_code, int(raw_page))
    return END


def _back_to_list(context: BotContext, property_id: int) -> list[InlineKeyboardButton]:
    view = ListView.load(context)
    filter_code, page = (view.filter_code, view.page) if view.shows(property_id) else ("t", 0)
    return [LISTS.button(t.BUTTON_BACK_TO_LIST, "ls", property_id, filter_code, page)]


async def _render_entry(
    update: Update, context: BotContext, entry: AccessEntry, notice: str | None = None
) -> None:
    other = OTHER_LIST[ListType(entry.list_type)]
    text = t.ENTRY_CARD.format(
        nombre=esc(entry.full_name),
        documento=esc(document_label(entry.doc_type, entry.doc_number)),
        marca=mark(entry.list_type),
        lista=list_label(entry.list_type),
        inmueble=esc(entry.property.name),
        registro=esc(entry.registered_by_email or t.REGISTERED_BY_NOBODY),
        fecha=when(entry.created_at, context),
    )
    if notice:
        text = f"{notice}\n\n{text}"
    keyboard = [_back_to_list(context, entry.property_id)]
    if await allowed(context, Action.MANAGE_ACCESS_LISTS, entry.property.community_id):
        tools = [
            LISTS.button(
                t.BUTTON_MOVE_TO.format(lista=list_label(other)), "mv", entry.id, CODE_OF[other]
            ),
            LISTS.button(t.BUTTON_DELETE, "del", entry.id),
        ]
        keyboard.insert(0, tools)
    elif looks_only(context):
        text += "\n\n" + t.READ_ONLY
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def show_entry(update: Update, context: BotContext) -> object:
    """A person tapped in the list: the entry's data and its tools."""
    found = await _entry_for(update, context, Action.VIEW_ACCESS_LISTS)
    if found is None:
        return None
    drop_drafts(context)
    await _render_entry(update, context, found.entry)
    return END


async def move(update: Update, context: BotContext) -> object:
    """ "Cambiar a …" / "Mover a …": the entry goes to the other list (audited)."""
    to_list = LIST_CODES.get(callback_arg(update, 1))
    if to_list is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    found = await _entry_for(update, context, Action.MANAGE_ACCESS_LISTS)
    if found is None:
        return None
    was = ListType(found.entry.list_type)
    try:
        await move_entry(
            found.entry.id, to_list, found.staff, expected_property_ids=found.property_ids
        )
        entry = await get_entry(found.entry.id, expected_property_ids=found.property_ids)
    except EntryNotFound:
        await alert(update, t.ENTRY_GONE)
        return None
    drop_drafts(context)
    template = t.NOTICE_ALREADY if was is to_list else t.NOTICE_MOVED
    await _render_entry(update, context, entry, template.format(lista=list_label(to_list)))
    return END


async def ask_delete(update: Update, context: BotContext) -> object:
    """ "Eliminar": confirm with Aceptar / Cancelar."""
    found = await _entry_for(update, context, Action.MANAGE_ACCESS_LISTS)
    if found is None:
        return None
    drop_drafts(context)
    entry = found.entry
    text = t.DELETE_CONFIRM.format(
        nombre=esc(entry.full_name),
        documento=esc(document_label(entry.doc_type, entry.doc_number)),
        lista=list_label(entry.list_type),
        inmueble=esc(entry.property.name),
    )
    keyboard = confirm_keyboard(
        LISTS.button(t.BUTTON_ACCEPT, "delok", entry.id),
        LISTS.button(texts.BUTTON_CANCEL, "ent", entry.id),
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return END


async def confirm_delete(update: Update, context: BotContext) -> object:
    """ "Aceptar": the person leaves the list (audited); back to the list."""
    found = await _entry_for(update, context, Action.MANAGE_ACCESS_LISTS)
    if found is None:
        return None
    entry = found.entry
    try:
        await delete_entry(entry.id, found.staff, expected_property_ids=found.property_ids)
    except EntryNotFound:
        await alert(update, t.ENTRY_GONE)
        return None
    prop = await find_property(entry.property_id, await community_ids_in_scope(found.staff))
    if prop is None:
        await alert(update, texts.PROPERTY_GONE)
        return END
    view = ListView.load(context)
    same = view.shows(prop.id)
    notice = t.NOTICE_DELETED.format(
        nombre=esc(entry.full_name), lista=list_label(entry.list_type)
    )
    await render_list(
        update,
        context,
        prop,
        view.filter_code if same else "t",
        view.page if same else 0,
        notice,
    )
    return END


# --- wiring (into the one access flow, see `conversations.access`) ---------------------------


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    """Where /listas and its buttons start inside the access flow."""
    return [
        CommandHandler("listas", show_lists),
        LISTS.on(open_property, "prop"),
        LISTS.on(picker_page, "pp"),
        LISTS.on(other_property, "find"),
        LISTS.on(list_page, "ls"),
        LISTS.on(show_entry, "ent"),
        LISTS.on(move, "mv"),
        LISTS.on(ask_delete, "del"),
        LISTS.on(confirm_delete, "delok"),
    ]


def states() -> dict[object, list[BaseHandler[Any, Any, Any]]]:
    """The property search waits for typed text; a RUT typed there is a new check."""
    return {
        SEARCH: [
            MessageHandler(RUT_TEXT, check_again),
            MessageHandler(TYPED, search_typed),
            MessageHandler(NOT_TYPED, search_not_text),
        ],
    }
