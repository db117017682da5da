"""What the steps of the one access flow share: its drafts, the list view, the property picker.

Callback data of /listas lives in namespace `acl`; the check's buttons in `acc`
(`handlers.access.CHECK`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.kit.callbacks import Namespace
from handlers.kit.context import BotContext
from handlers.kit.flow import Draft, Kept
from handlers.kit.replies import esc
from handlers.kit.widgets import picker, picker_text
from handlers.texts import access as t
from models.access import ListType
from models.core import Community, Property
from models.pages import Page

LISTS = Namespace("acl")

FILTERS: dict[str, ListType | None] = {"t": None, "a": ListType.AUTHORIZED, "n": ListType.DENIED}
LIST_CODES: dict[str, ListType] = {"a": ListType.AUTHORIZED, "n": ListType.DENIED}
CODE_OF: dict[ListType, str] = {kind: code for code, kind in LIST_CODES.items()}
OTHER_LIST: dict[ListType, ListType] = {
    ListType.AUTHORIZED: ListType.DENIED,
    ListType.DENIED: ListType.AUTHORIZED,
}


def list_label(kind: ListType | str) -> str:
    return t.LIST_LABELS[ListType(kind)]


def mark(kind: ListType | str) -> str:
    return t.LIST_MARKS[ListType(kind)]


def when(value: datetime, context: BotContext) -> str:
    return value.astimezone(context.deps.clock.zone).strftime(t.WHEN_FORMAT)


# --- drafts ------------------------------------------------------------------------------------


@dataclass
class VisitDraft(Draft):
    """ "Registrar ingreso": the check's community and document, then the property."""

    KIND: ClassVar[str] = "acc_visit"

    community_id: int
    doc_type: str
    number: str
    property_id: int | None = None
    query: str = ""
    entered: bool | None = None


@dataclass
class AddDraft(Draft):
    """ "Ingresar acceso": the property, then the list, the document and the name."""

    KIND: ClassVar[str] = "acl_add"

    property_id: int
    list_type: str = ""
    doc_type: str = ""
    number: str = ""
    name: str = ""


def drop_drafts(context: BotContext) -> None:
    """Forget a half-done visit or addition (another flow's draft stays)."""
    AddDraft.drop(context)
    VisitDraft.drop(context)


# --- what /listas shows ------------------------------------------------------------------------


@dataclass
class ListView(Kept):
    """The property search and the list shown, per person (kept for "back" buttons)."""

    KEY: ClassVar[str] = "acl_view"

    query: str = ""
    property_id: int | None = None
    filter_code: str = "t"
    page: int = 0

    def shows(self, property_id: int) -> bool:
        """Whether this view is of that property, with a filter that still exists."""
        return self.property_id == property_id and self.filter_code in FILTERS


# --- the property picker (/listas and the property of a visit) ---------------------------------


def property_picker_text(
    page: Page[Property], query: str, community: Community, title: str
) -> str:
    """The picker's message: the question, then what the search found."""
    if query:
        found = t.PICK_QUERY.format(busqueda=esc(query), total=page.total)
    else:
        found = t.PICK_ALL.format(total=page.total, comunidad=esc(community.name))
    return picker_text(f"{title}\n\n{found}", page, page_of=t.PAGE)


def property_picker(
    page: Page[Property],
    namespace: Namespace,
    choose: str,
    turn: str,
    extra: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    """Two properties per row (`<choose>:<id>`), the page buttons (`<turn>:<page>`), `extra`."""
    return picker(
        page,
        lambda prop: prop.name,
        lambda prop: namespace.data(choose, prop.id),
        lambda number: namespace.data(turn, number),
        extra=extra or [],
    )
