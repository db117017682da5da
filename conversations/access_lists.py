"""/listas: the access lists of a property (seed: "Listas de acceso por inmueble", issue 3).

Súper Administrador and Administrador: choose the property (typed number or name, or its
button), see its name, a filter by list type (Todos / Autorizado / No autorizado) and the
entries in pages; per entry "Cambiar a …" and "Eliminar" (Aceptar / Cancelar); "Ingresar
acceso": list type → document type → number → full name → a card with "Ingresar" / "Cancelar".
A document already in a list of the property is never added again: the bot says where it is
and offers to move it. Looking needs `VIEW_ACCESS_LISTS`, every change `MANAGE_ACCESS_LISTS`
(so a test user looks and is refused on each change); the domain writes the audit log.

Entry point for other features: a button with `pack("acl", "prop", property.id)` opens that
property's lists from any message (the /inmuebles property card's "Listas de acceso"). Like
every id read from a button, it is re-checked against the person's communities and profile.

Callback data, namespace `acl`: `prop:<property>`, `pp:<page>` (property search pages), `find`
(choose another property), `ls:<property>:<t|a|n>:<page>` (filter and page), `ent:<entry>`
(entry card), `mv:<entry>:<a|n>`, `del:<entry>`, `delok:<entry>`, `add:<property>`, then the
add steps `lt:<a|n>`, `dt:<rut|pasaporte|otro>`, `ok`, `no`.

The access check's typed steps (`handlers.access`) share this one flow, so that an answer typed
for one is never taken by the other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
)

from handlers import access as check
from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg, callback_id, pack
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import DRAFT, flow, user_data
from handlers.kit.guards import current_community, permit, property_in_scope, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.texts import access as t
from models.access import (
    DEFAULT_PAGE_SIZE,
    LIST_LABELS,
    AccessEntry,
    AddResult,
    AddStatus,
    EntryNotFound,
    ListType,
    PropertyNotFound,
    add_entry,
    check_document,
    delete_entry,
    get_entry,
    list_entries,
    move_entry,
)
from models.core import Community, Property, StaffUser
from models.documents import (
    DocumentType,
    InvalidDocument,
    InvalidName,
    normalise_document,
    validate_person_name,
)
from models.permissions import Action, community_ids_in_scope
from models.properties import clean_query, find_property, property_ids_in, search_properties

NS = "acl"
END = ConversationHandler.END
VIEW = "acl_view"  # the property search and the list shown, per person (JSON only)
DRAFT_KIND = "acl_add"

# Flow states (strings: they are persisted as JSON).
SEARCH = "acl_search"
ADD_LIST = "acl_add_list"
ADD_DOC_TYPE = "acl_add_doc_type"
ADD_NUMBER = "acl_add_number"
ADD_NAME = "acl_add_name"
ADD_CONFIRM = "acl_add_confirm"

FILTERS: dict[str, ListType | None] = {"t": None, "a": ListType.AUTHORIZED, "n": ListType.DENIED}
LIST_CODES: dict[str, ListType] = {"a": ListType.AUTHORIZED, "n": ListType.DENIED}
CODE_OF: dict[ListType, str] = {kind: code for code, kind in LIST_CODES.items()}
OTHER_LIST: dict[ListType, ListType] = {
    ListType.AUTHORIZED: ListType.DENIED,
    ListType.DENIED: ListType.AUTHORIZED,
}


_button = Namespace(NS).button


def _view(context: BotContext) -> dict[str, Any]:
    view = user_data(context).get(VIEW)
    if not isinstance(view, dict):
        view = {"c": None, "q": "", "pid": None, "f": "t", "p": 0}
        user_data(context)[VIEW] = view
    return view


def _draft(context: BotContext) -> dict[str, Any] | None:
    draft = user_data(context).get(DRAFT)
    return draft if isinstance(draft, dict) and draft.get("kind") == DRAFT_KIND else None


def _drop_draft(context: BotContext) -> None:
    draft = user_data(context).get(DRAFT)
    if isinstance(draft, dict) and draft.get("kind") in (DRAFT_KIND, check.DRAFT_KIND):
        user_data(context).pop(DRAFT, None)


def _typed(update: Update) -> str:
    message = update.effective_message
    return message.text if message is not None and message.text else ""


def _when(value: datetime, context: BotContext) -> str:
    return value.astimezone(context.deps.clock.zone).strftime(t.WHEN_FORMAT)


def _list_label(kind: ListType | str) -> str:
    return LIST_LABELS[ListType(kind)]


def _mark(kind: ListType | str) -> str:
    return t.LIST_MARKS[ListType(kind)]


# --- who may, and on what --------------------------------------------------------------------


async def _scope_property_ids(staff: StaffUser) -> set[int]:
    return await property_ids_in(await community_ids_in_scope(staff))


async def _entry_for(
    update: Update, context: BotContext, action: Action
) -> tuple[StaffUser, AccessEntry, set[int]] | None:
    """The entry of a button, if it still exists in the person's communities and `action`
    is allowed there; also the property ids the person may touch (for the domain's guard)."""
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, action, None)
        return None
    entry_id = callback_id(update)
    allowed = await _scope_property_ids(staff)
    try:
        if entry_id is None:
            raise EntryNotFound(0)
        entry = await get_entry(entry_id, expected_property_ids=allowed)
    except EntryNotFound:
        await alert(update, t.ENTRY_GONE)
        return None
    if not await permit(update, context, action, entry.property.community_id):
        return None
    return staff, entry, allowed


# --- choosing the property -------------------------------------------------------------------


async def _show_picker(
    update: Update, context: BotContext, community: Community, page: int
) -> object:
    view = _view(context)
    query = str(view.get("q") or "")
    found = await search_properties(community.id, query, page=page)
    if found.total == 0 and not query:
        await edit_or_reply(update, t.PICK_EMPTY_COMMUNITY.format(comunidad=esc(community.name)))
        return END
    text = check.picker_text(found, query, community, t.PICK_PROPERTY)
    keyboard = check.picker_keyboard(
        found, lambda pid: pack(NS, "prop", pid), lambda number: pack(NS, "pp", number)
    )
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
    _drop_draft(context)
    community = await _picker_community(update, context)
    if community is None:
        return END
    user_data(context)[VIEW] = {"c": community.id, "q": "", "pid": None, "f": "t", "p": 0}
    return await _show_picker(update, context, community, 0)


async def other_property(update: Update, context: BotContext) -> object:
    """ "Otro inmueble": back to choosing the property."""
    community = await _picker_community(update, context)
    if community is None:
        return None
    _drop_draft(context)
    _view(context).update({"c": community.id, "q": ""})
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
    query = clean_query(_typed(update))
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
        await _render_list(update, context, allowed.prop, "t", 0)
        return END
    _view(context).update({"c": community.id, "q": query})
    return await _show_picker(update, context, community, 0)


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_SEARCH_TEXT)


# --- a property's lists ----------------------------------------------------------------------


async def _render_list(
    update: Update,
    context: BotContext,
    prop: Property,
    filter_code: str,
    page: int,
    notice: str | None = None,
) -> None:
    result = await list_entries(prop.id, list_type=FILTERS[filter_code], page=page)
    _view(context).update({"pid": prop.id, "f": filter_code, "p": result.page})
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
                documento=esc(check.document_label(entry.doc_type, entry.doc_number)),
                marca=_mark(entry.list_type),
                lista=_list_label(entry.list_type),
                registro=esc(entry.registered_by_email or t.REGISTERED_BY_NOBODY),
                fecha=_when(entry.created_at, context),
            )
        )
    lines.append(t.LIST_HINT if result.items else t.LIST_EMPTY)
    keyboard = [
        [_button(t.BUTTON_ROW.format(numero=number, nombre=entry.full_name), "ent", entry.id)]
        for number, entry in enumerate(result.items, start=first)
    ]
    nav = []
    if result.page > 0:
        nav.append(_button(t.BUTTON_PREV, "ls", prop.id, filter_code, result.page - 1))
    if result.page < result.pages - 1:
        nav.append(_button(t.BUTTON_NEXT, "ls", prop.id, filter_code, result.page + 1))
    if nav:
        keyboard.append(nav)
    keyboard.append(
        [
            _button(
                t.FILTER_CURRENT.format(nombre=label) if code == filter_code else label,
                "ls",
                prop.id,
                code,
                0,
            )
            for code, label in t.FILTER_LABELS.items()
        ]
    )
    keyboard.append([_button(t.BUTTON_ADD, "add", prop.id)])
    keyboard.append([_button(t.BUTTON_OTHER_PROPERTY, "find")])
    await edit_or_reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(keyboard))


async def open_property(update: Update, context: BotContext) -> object:
    """A property chosen (here or on its card elsewhere): its lists, all types, first page."""
    allowed = await property_in_scope(
        update, context, callback_id(update), Action.VIEW_ACCESS_LISTS
    )
    if allowed is None:
        return None
    _drop_draft(context)
    await _render_list(update, context, allowed.prop, "t", 0)
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
    _drop_draft(context)
    await _render_list(update, context, allowed.prop, filter_code, int(raw_page))
    return END


def _back_to_list(context: BotContext, property_id: int) -> list[InlineKeyboardButton]:
    view = _view(context)
    if view.get("pid") == property_id and view.get("f") in FILTERS:
        filter_code, page = str(view["f"]), int(view.get("p") or 0)
    else:
        filter_code, page = "t", 0
    return [_button(t.BUTTON_BACK_TO_LIST, "ls", property_id, filter_code, page)]


async def _render_entry(
    update: Update, context: BotContext, entry: AccessEntry, notice: str | None = None
) -> None:
    other = OTHER_LIST[ListType(entry.list_type)]
    text = t.ENTRY_CARD.format(
        nombre=esc(entry.full_name),
        documento=esc(check.document_label(entry.doc_type, entry.doc_number)),
        marca=_mark(entry.list_type),
        lista=_list_label(entry.list_type),
        inmueble=esc(entry.property.name),
        registro=esc(entry.registered_by_email or t.REGISTERED_BY_NOBODY),
        fecha=_when(entry.created_at, context),
    )
    if notice:
        text = f"{notice}\n\n{text}"
    keyboard = [
        [
            _button(
                t.BUTTON_MOVE_TO.format(lista=_list_label(other)), "mv", entry.id, CODE_OF[other]
            ),
            _button(t.BUTTON_DELETE, "del", entry.id),
        ],
        _back_to_list(context, entry.property_id),
    ]
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def show_entry(update: Update, context: BotContext) -> object:
    """A person tapped in the list: the entry's data and its tools."""
    found = await _entry_for(update, context, Action.VIEW_ACCESS_LISTS)
    if found is None:
        return None
    _drop_draft(context)
    await _render_entry(update, context, found[1])
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
    staff, entry, allowed = found
    was = ListType(entry.list_type)
    try:
        await move_entry(entry.id, to_list, staff, expected_property_ids=allowed)
        entry = await get_entry(entry.id, expected_property_ids=allowed)
    except EntryNotFound:
        await alert(update, t.ENTRY_GONE)
        return None
    _drop_draft(context)
    template = t.NOTICE_ALREADY if was is to_list else t.NOTICE_MOVED
    await _render_entry(update, context, entry, template.format(lista=_list_label(to_list)))
    return END


async def ask_delete(update: Update, context: BotContext) -> object:
    """ "Eliminar": confirm with Aceptar / Cancelar."""
    found = await _entry_for(update, context, Action.MANAGE_ACCESS_LISTS)
    if found is None:
        return None
    _drop_draft(context)
    entry = found[1]
    text = t.DELETE_CONFIRM.format(
        nombre=esc(entry.full_name),
        documento=esc(check.document_label(entry.doc_type, entry.doc_number)),
        lista=_list_label(entry.list_type),
        inmueble=esc(entry.property.name),
    )
    keyboard = [
        [_button(t.BUTTON_ACCEPT, "delok", entry.id), _button(t.BUTTON_CANCEL, "ent", entry.id)]
    ]
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))
    return END


async def confirm_delete(update: Update, context: BotContext) -> object:
    """ "Aceptar": the person leaves the list (audited); back to the list."""
    found = await _entry_for(update, context, Action.MANAGE_ACCESS_LISTS)
    if found is None:
        return None
    staff, entry, allowed = found
    try:
        await delete_entry(entry.id, staff, expected_property_ids=allowed)
    except EntryNotFound:
        await alert(update, t.ENTRY_GONE)
        return None
    prop = await find_property(entry.property_id, await community_ids_in_scope(staff))
    if prop is None:
        await alert(update, texts.PROPERTY_GONE)
        return END
    view = _view(context)
    same = view.get("pid") == prop.id and view.get("f") in FILTERS
    notice = t.NOTICE_DELETED.format(
        nombre=esc(entry.full_name), lista=_list_label(entry.list_type)
    )
    await _render_list(
        update,
        context,
        prop,
        str(view["f"]) if same else "t",
        int(view.get("p") or 0) if same else 0,
        notice,
    )
    return END


# --- adding a person -------------------------------------------------------------------------


async def start_add(update: Update, context: BotContext) -> object:
    """ "Ingresar acceso": first, which list."""
    allowed = await property_in_scope(
        update, context, callback_id(update), Action.MANAGE_ACCESS_LISTS
    )
    if allowed is None:
        return None
    prop = allowed.prop
    user_data(context)[DRAFT] = {"kind": DRAFT_KIND, "pid": prop.id}
    keyboard = [
        [
            _button(
                t.BUTTON_LIST_TYPE.format(marca=_mark(kind), lista=_list_label(kind)), "lt", code
            )
            for code, kind in LIST_CODES.items()
        ],
        [_button(t.BUTTON_CANCEL, "no")],
    ]
    await edit_or_reply(
        update,
        t.ADD_LIST_TYPE.format(inmueble=esc(prop.name)),
        reply_markup=InlineKeyboardMarkup(keyboard),
    )
    return ADD_LIST


async def _draft_property(
    update: Update, context: BotContext, action: Action = Action.VIEW_ACCESS_LISTS
) -> tuple[StaffUser, dict[str, Any], Property] | None:
    """The draft of the add and its property, still in the person's communities."""
    draft = _draft(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    allowed = await property_in_scope(update, context, int(draft["pid"]), action)
    if allowed is None:
        _drop_draft(context)
        return None
    return allowed.staff, draft, allowed.prop


async def choose_list(update: Update, context: BotContext) -> object:
    """A list type: then the document type."""
    list_type = LIST_CODES.get(callback_arg(update))
    found = await _draft_property(update, context)
    if found is None:
        return END
    if list_type is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    found[1]["list"] = list_type.value
    keyboard = [
        [_button(label, "dt", kind.value) for kind, label in t.DOC_CHOICES.items()],
        [_button(t.BUTTON_CANCEL, "no")],
    ]
    await edit_or_reply(update, t.ADD_DOC_TYPE, reply_markup=InlineKeyboardMarkup(keyboard))
    return ADD_DOC_TYPE


async def choose_doc_type(update: Update, context: BotContext) -> object:
    """A document type: then the number."""
    found = await _draft_property(update, context)
    if found is None:
        return END
    try:
        doc_type = DocumentType(callback_arg(update))
    except ValueError:
        await alert(update, texts.STALE_BUTTON)
        return None
    found[1]["doc_type"] = doc_type.value
    keyboard = InlineKeyboardMarkup([[_button(t.BUTTON_CANCEL, "no")]])
    await edit_or_reply(update, t.ASK_NUMBER[doc_type], reply_markup=keyboard)
    return ADD_NUMBER


async def _existing(
    prop: Property, doc_type: DocumentType, number: str
) -> tuple[int, ListType, str] | None:
    """The entry of this document in this property's lists, if any: (id, list, name)."""
    result = await check_document(prop.community_id, doc_type, number)
    for kind, matches in (
        (ListType.AUTHORIZED, result.authorized),
        (ListType.DENIED, result.denied),
    ):
        for match in matches:
            if match.property_id == prop.id:
                return match.entry_id, kind, match.full_name
    return None


async def _say_exists(
    update: Update,
    prop: Property,
    doc_type: DocumentType,
    number: str,
    existing: tuple[int, ListType, str],
    wanted: ListType,
) -> None:
    """Where the document already is, and the offer to move it (never a second entry)."""
    entry_id, kind, name = existing
    values = {
        "documento": esc(check.document_label(doc_type, number)),
        "lista": _list_label(kind),
        "inmueble": esc(prop.name),
        "nombre": esc(name),
    }
    show_list = _button(t.BUTTON_SHOW_LIST, "ls", prop.id, "t", 0)
    if kind is wanted:
        text = t.EXISTS_SAME.format(**values)
        keyboard = [[show_list]]
    else:
        text = t.EXISTS_OTHER.format(nueva=_list_label(wanted), **values)
        keyboard = [
            [
                _button(
                    t.BUTTON_MOVE.format(lista=_list_label(wanted)),
                    "mv",
                    entry_id,
                    CODE_OF[wanted],
                )
            ],
            [_button(t.BUTTON_KEEP, "ls", prop.id, "t", 0)],
        ]
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def number_typed(update: Update, context: BotContext) -> object:
    """The document number: checked, and looked up in this property's lists."""
    found = await _draft_property(update, context)
    if found is None:
        return END
    _, draft, prop = found
    doc_type = DocumentType(draft["doc_type"])
    raw = _typed(update)
    try:
        number = normalise_document(doc_type, raw)
    except InvalidDocument as error:
        await reply(update, check.bad_document_text(error.reason, raw))
        return None
    existing = await _existing(prop, doc_type, number)
    if existing is not None:
        _drop_draft(context)
        await _say_exists(update, prop, doc_type, number, existing, ListType(draft["list"]))
        return END
    draft["number"] = number
    await reply(
        update, t.ASK_NAME, reply_markup=InlineKeyboardMarkup([[_button(t.BUTTON_CANCEL, "no")]])
    )
    return ADD_NAME


async def number_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the number was expected."""
    await reply(update, t.EXPECTED_DOCUMENT_TEXT)


async def name_typed(update: Update, context: BotContext) -> object:
    """The full name: then the card to confirm."""
    found = await _draft_property(update, context)
    if found is None:
        return END
    _, draft, prop = found
    try:
        name = validate_person_name(_typed(update))
    except InvalidName as error:
        await reply(update, t.NAME_ERRORS[error.reason])
        return None
    draft["name"] = name
    kind = ListType(draft["list"])
    text = t.ADD_CARD.format(
        inmueble=esc(prop.name),
        marca=_mark(kind),
        lista=_list_label(kind),
        documento=esc(check.document_label(draft["doc_type"], draft["number"])),
        nombre=esc(name),
    )
    keyboard = [[_button(t.BUTTON_SAVE, "ok"), _button(t.BUTTON_CANCEL, "no")]]
    await reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))
    return ADD_CONFIRM


async def name_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the name was expected."""
    await reply(update, t.EXPECTED_NAME_TEXT)


async def save(update: Update, context: BotContext) -> object:
    """ "Ingresar": save the person in the list, re-checking everything (audited)."""
    found = await _draft_property(update, context, Action.MANAGE_ACCESS_LISTS)
    if found is None:
        return END
    staff, draft, prop = found
    kind = ListType(draft["list"])
    doc_type = DocumentType(draft["doc_type"])
    try:
        result: AddResult = await add_entry(
            prop.id, kind, doc_type, draft["number"], draft["name"], staff
        )
    except (InvalidDocument, InvalidName, PropertyNotFound):
        _drop_draft(context)
        await alert(update, texts.PROPERTY_GONE)
        return END
    _drop_draft(context)
    entry = result.entry
    if result.status is not AddStatus.CREATED:
        existing = (entry.id, ListType(entry.list_type), entry.full_name)
        await _say_exists(update, prop, doc_type, entry.doc_number, existing, kind)
        return END
    keyboard = [
        [
            _button(t.BUTTON_SHOW_LIST, "ls", prop.id, "t", 0),
            _button(t.BUTTON_ADD_ANOTHER, "add", prop.id),
        ]
    ]
    await edit_or_reply(
        update,
        t.ADDED.format(
            nombre=esc(entry.full_name),
            documento=esc(check.document_label(entry.doc_type, entry.doc_number)),
            lista=_list_label(kind),
            inmueble=esc(prop.name),
        ),
        reply_markup=InlineKeyboardMarkup(keyboard),
    )
    return END


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar" while adding: nothing is saved."""
    draft = _draft(context)
    _drop_draft(context)
    keyboard = None
    if draft is not None:
        keyboard = InlineKeyboardMarkup(
            [[_button(t.BUTTON_SHOW_LIST, "ls", int(draft["pid"]), "t", 0)]]
        )
    await edit_or_reply(update, texts.CANCELLED, reply_markup=keyboard)
    return END


# --- wiring ----------------------------------------------------------------------------------


_on = Namespace(NS).on


def build_handlers(config: ChatConfig) -> list[BaseHandler]:
    conversation = flow(
        "access",
        config=config,
        entry_points=[
            CommandHandler("listas", show_lists),
            _on(open_property, "prop"),
            _on(picker_page, "pp"),
            _on(other_property, "find"),
            _on(list_page, "ls"),
            _on(show_entry, "ent"),
            _on(move, "mv"),
            _on(ask_delete, "del"),
            _on(confirm_delete, "delok"),
            _on(start_add, "add"),
            *check.check_entry_points(),
        ],
        states={
            SEARCH: [
                MessageHandler(check.RUT_TEXT, check.check_again),
                MessageHandler(check.TYPED, search_typed),
                MessageHandler(check.NOT_TYPED, search_not_text),
            ],
            ADD_LIST: [_on(choose_list, "lt")],
            ADD_DOC_TYPE: [_on(choose_doc_type, "dt")],
            ADD_NUMBER: [
                MessageHandler(check.TYPED, number_typed),
                MessageHandler(check.NOT_TYPED, number_not_text),
            ],
            ADD_NAME: [
                MessageHandler(check.TYPED, name_typed),
                MessageHandler(check.NOT_TYPED, name_not_text),
            ],
            ADD_CONFIRM: [_on(save, "ok")],
            **check.check_states(),
        },
        extra_fallbacks=[_on(drop, "no"), *check.check_fallbacks()],
    )
    return [conversation]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("listas", texts.CMD_LISTS, Action.VIEW_ACCESS_LISTS),)
