""" "Ingresar acceso": add a person to a property's access list.

List type → document type → number → full name → a card with "Ingresar" / "Cancelar". A
document already in a list of the property is never added again: the bot says where it is and
offers to move it. Every step needs `MANAGE_ACCESS_LISTS` to save; the domain writes the audit.

Callback data, namespace `acl`: `add:<property>`, then `lt:<a|n>`, `dt:<rut|pasaporte|otro>`,
`ok`, `no`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, MessageHandler

from conversations.access.common import CODE_OF, LIST_CODES, LISTS, AddDraft, list_label, mark
from handlers import texts
from handlers.access import bad_document_text, document_label
from handlers.kit.callbacks import callback_arg, callback_id
from handlers.kit.context import BotContext
from handlers.kit.flow import END, NOT_TYPED, TYPED
from handlers.kit.guards import property_in_scope
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard
from handlers.texts import access as t
from models.access import (
    AddResult,
    AddStatus,
    ListType,
    add_entry,
    entry_of_number,
)
from models.core import Property, StaffUser
from models.documents import (
    DocumentType,
    InvalidDocument,
    InvalidName,
    normalise_document,
    validate_person_name,
)
from models.errors import PropertyNotFound
from models.permissions import Action

# Flow states (strings: they are persisted as JSON).
ADD_LIST = "acl_add_list"
ADD_DOC_TYPE = "acl_add_doc_type"
ADD_NUMBER = "acl_add_number"
ADD_NAME = "acl_add_name"
ADD_CONFIRM = "acl_add_confirm"


def _cancel_row() -> list[InlineKeyboardButton]:
    return [LISTS.button(texts.BUTTON_CANCEL, "no")]


async def start_add(update: Update, context: BotContext) -> object:
    """ "Ingresar acceso": first, which list."""
    allowed = await property_in_scope(
        update, context, callback_id(update), Action.MANAGE_ACCESS_LISTS
    )
    if allowed is None:
        return None
    prop = allowed.prop
    AddDraft(prop.id).save(context)
    keyboard = [
        [
            LISTS.button(
                t.BUTTON_LIST_TYPE.format(marca=mark(kind), lista=list_label(kind)), "lt", code
            )
            for code, kind in LIST_CODES.items()
        ],
        _cancel_row(),
    ]
    await edit_or_reply(
        update,
        t.ADD_LIST_TYPE.format(inmueble=esc(prop.name)),
        reply_markup=InlineKeyboardMarkup(keyboard),
    )
    return ADD_LIST


@dataclass(frozen=True, slots=True)
class DraftInScope:
    """The addition being typed, its property (still in the person's communities), who."""

    staff: StaffUser
    draft: AddDraft
    prop: Property


async def _draft_property(
    update: Update, context: BotContext, action: Action = Action.VIEW_ACCESS_LISTS
) -> DraftInScope | None:
    """The draft of the add and its property, still in the person's communities."""
    draft = AddDraft.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    allowed = await property_in_scope(update, context, draft.property_id, action)
    if allowed is None:
        AddDraft.drop(context)
        return None
    return DraftInScope(allowed.staff, draft, allowed.prop)


async def choose_list(update: Update, context: BotContext) -> object:
    """A list type: then the document type."""
    list_type = LIST_CODES.get(callback_arg(update))
    found = await _draft_property(update, context)
    if found is None:
        return END
    if list_type is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    found.draft.list_type = list_type.value
    found.draft.save(context)
    keyboard = [
        [LISTS.button(label, "dt", kind.value) for kind, label in t.DOC_CHOICES.items()],
        _cancel_row(),
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
    found.draft.doc_type = doc_type.value
    found.draft.save(context)
    keyboard = InlineKeyboardMarkup([_cancel_row()])
    await edit_or_reply(update, t.ASK_NUMBER[doc_type], reply_markup=keyboard)
    return ADD_NUMBER


@dataclass(frozen=True, slots=True)
class ListedEntry:
    """Where a document already is in a property's lists."""

    entry_id: int
    list_type: ListType
    full_name: str


async def _existing(prop: Property, doc_type: DocumentType, number: str) -> ListedEntry | None:
    """The entry of this number in this property's lists, if any (of any document type)."""
    entry = await entry_of_number(prop.id, number)
    if entry is None:
        return None
    return ListedEntry(entry.id, ListType(entry.list_type), entry.full_name)


async def _say_exists(
    update: Update,
    prop: Property,
    doc_type: DocumentType | str,
    number: str,
    existing: ListedEntry,
    wanted: ListType,
) -> None:
    """Where the document already is, and the offer to move it (never a second entry)."""
    values = {
        "documento": esc(document_label(doc_type, number)),
        "lista": list_label(existing.list_type),
        "inmueble": esc(prop.name),
        "nombre": esc(existing.full_name),
    }
    show_list = LISTS.button(t.BUTTON_SHOW_LIST, "ls", prop.id, "t", 0)
    if existing.list_type is wanted:
        text = t.EXISTS_SAME.format(**values)
        keyboard = [[show_list]]
    else:
        text = t.EXISTS_OTHER.format(nueva=list_label(wanted), **values)
        keyboard = [
            [
                LISTS.button(
                    t.BUTTON_MOVE.format(lista=list_label(wanted)),
                    "mv",
                    existing.entry_id,
                    CODE_OF[wanted],
                )
            ],
            [LISTS.button(t.BUTTON_KEEP, "ls", prop.id, "t", 0)],
        ]
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def number_typed(update: Update, context: BotContext) -> object:
    """The document number: checked, and looked up in this property's lists."""
    found = await _draft_property(update, context)
    if found is None:
        return END
    draft, prop = found.draft, found.prop
    doc_type = DocumentType(draft.doc_type)
    raw = typed(update)
    try:
        number = normalise_document(doc_type, raw)
    except InvalidDocument as error:
        await reply(update, bad_document_text(error.reason, raw))
        return None
    existing = await _existing(prop, doc_type, number)
    if existing is not None:
        AddDraft.drop(context)
        await _say_exists(update, prop, doc_type, number, existing, ListType(draft.list_type))
        return END
    draft.number = number
    draft.save(context)
    await reply(update, t.ASK_NAME, reply_markup=InlineKeyboardMarkup([_cancel_row()]))
    return ADD_NAME


async def number_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the number was expected."""
    await reply(update, t.EXPECTED_DOCUMENT_TEXT)


async def name_typed(update: Update, context: BotContext) -> object:
    """The full name: then the card to confirm."""
    found = await _draft_property(update, context)
    if found is None:
        return END
    draft, prop = found.draft, found.prop
    try:
        name = validate_person_name(typed(update))
    except InvalidName as error:
        await reply(update, t.NAME_ERRORS[error.reason])
        return None
    draft.name = name
    draft.save(context)
    kind = ListType(draft.list_type)
    text = t.ADD_CARD.format(
        inmueble=esc(prop.name),
        marca=mark(kind),
        lista=list_label(kind),
        documento=esc(document_label(draft.doc_type, draft.number)),
        nombre=esc(name),
    )
    keyboard = confirm_keyboard(
        LISTS.button(t.BUTTON_SAVE, "ok"), LISTS.button(texts.BUTTON_CANCEL, "no")
    )
    await reply(update, text, reply_markup=keyboard)
    return ADD_CONFIRM


async def name_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the name was expected."""
    await reply(update, t.EXPECTED_NAME_TEXT)


async def save(update: Update, context: BotContext) -> object:
    """ "Ingresar": save the person in the list, re-checking everything (audited)."""
    found = await _draft_property(update, context, Action.MANAGE_ACCESS_LISTS)
    if found is None:
        return END
    draft, prop = found.draft, found.prop
    kind = ListType(draft.list_type)
    doc_type = DocumentType(draft.doc_type)
    try:
        result: AddResult = await add_entry(
            prop.id, kind, doc_type, draft.number, draft.name, found.staff
        )
    except (InvalidDocument, InvalidName, PropertyNotFound):
        AddDraft.drop(context)
        await alert(update, texts.PROPERTY_GONE)
        return END
    AddDraft.drop(context)
    entry = result.entry
    if result.status is not AddStatus.CREATED:
        existing = ListedEntry(entry.id, ListType(entry.list_type), entry.full_name)
        await _say_exists(update, prop, doc_type, entry.doc_number, existing, kind)
        return END
    keyboard = [
        [
            LISTS.button(t.BUTTON_SHOW_LIST, "ls", prop.id, "t", 0),
            LISTS.button(t.BUTTON_ADD_ANOTHER, "add", prop.id),
        ]
    ]
    await edit_or_reply(
        update,
        t.ADDED.format(
            nombre=esc(entry.full_name),
            documento=esc(document_label(entry.doc_type, entry.doc_number)),
            lista=list_label(kind),
            inmueble=esc(prop.name),
        ),
        reply_markup=InlineKeyboardMarkup(keyboard),
    )
    return END


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar" while adding: nothing is saved."""
    draft = AddDraft.load(context)
    AddDraft.drop(context)
    keyboard = None
    if draft is not None:
        keyboard = InlineKeyboardMarkup(
            [[LISTS.button(t.BUTTON_SHOW_LIST, "ls", draft.property_id, "t", 0)]]
        )
    await edit_or_reply(update, texts.CANCELLED, reply_markup=keyboard)
    return END


# --- wiring (into the one access flow, see `conversations.access`) ---------------------------


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    """ "Ingresar acceso" starts an addition from any list message."""
    return [LISTS.on(start_add, "add")]


def states() -> dict[object, list[BaseHandler[Any, Any, Any]]]:
    """One step per answer: buttons for the list and document type, typed number and name."""
    return {
        ADD_LIST: [LISTS.on(choose_list, "lt")],
        ADD_DOC_TYPE: [LISTS.on(choose_doc_type, "dt")],
        ADD_NUMBER: [
            MessageHandler(TYPED, number_typed),
            MessageHandler(NOT_TYPED, number_not_text),
        ],
        ADD_NAME: [
            MessageHandler(TYPED, name_typed),
            MessageHandler(NOT_TYPED, name_not_text),
        ],
        ADD_CONFIRM: [LISTS.on(save, "ok")],
    }


def fallbacks() -> list[BaseHandler[Any, Any, Any]]:
    """ "Cancelar" on any step of the addition."""
    return [LISTS.on(drop, "no")]
