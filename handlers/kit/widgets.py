"""Reusable chat widgets: a paginated picker and a confirm step.

Flows compose these instead of building keyboards by hand, so every list pages the same way
and every confirmation looks alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import texts
from handlers.kit.replies import esc

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Paged(Protocol[T_co]):
    """One page of a longer list (the domain's `Page`)."""

    @property
    def items(self) -> Sequence[T_co]: ...
    @property
    def page(self) -> int: ...
    @property
    def pages(self) -> int: ...
    @property
    def total(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Slice(Generic[T]):
    """One page of a list already in memory (see `paginate`)."""

    items: Sequence[T]
    page: int
    pages: int
    total: int


def paginate(items: Sequence[T], page: int, size: int) -> Slice[T]:
    """Page `page` of `items` in pages of `size`; a page out of range shows the nearest."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    return Slice(items[page * size : (page + 1) * size], page, pages, len(items))


def page_buttons(
    page: Paged[object],
    turn: Callable[[int], str],
    *,
    prev_label: str = texts.BUTTON_PREV,
    next_label: str = texts.BUTTON_NEXT,
) -> list[InlineKeyboardButton]:
    """◀️ / ▶️ for the pages before and after this one (none on a single page)."""
    nav = []
    if page.page > 0:
        nav.append(InlineKeyboardButton(prev_label, callback_data=turn(page.page - 1)))
    if page.page < page.pages - 1:
        nav.append(InlineKeyboardButton(next_label, callback_data=turn(page.page + 1)))
    return nav


def picker(
    page: Paged[T],
    label: Callable[[T], str],
    choose: Callable[[T], str],
    turn: Callable[[int], str],
    *,
    columns: int = 2,
    extra: Sequence[Sequence[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """One button per item (`columns` per row), then the page buttons and any extra rows."""
    buttons = [
        InlineKeyboardButton(label(item), callback_data=choose(item)) for item in page.items
    ]
    rows: list[Sequence[InlineKeyboardButton]] = [
        buttons[i : i + columns] for i in range(0, len(buttons), columns)
    ]
    nav = page_buttons(page, turn)
    if nav:
        rows.append(nav)
    rows.extend(extra)
    return InlineKeyboardMarkup(rows)


def picker_text(
    title: str, page: Paged[object], query: str = "", *, page_of: str = texts.PAGE_OF
) -> str:
    """The picker's heading: what was searched, how many matched, which page (`page_of`
    has the placeholders {pagina} and {paginas})."""
    lines = [title]
    if query:
        lines += ["", texts.PICK_FOUND.format(total=page.total, busqueda=esc(query))]
    if page.pages > 1:
        lines.append(page_of.format(pagina=page.page + 1, paginas=page.pages))
    return "\n".join(lines)


def confirm_keyboard(
    confirm: InlineKeyboardButton,
    cancel: InlineKeyboardButton,
    *,
    extra: Sequence[Sequence[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """The last step of every flow: the data was shown; confirm saves, cancel saves nothing.
    `extra` rows (e.g. "Agregar nota") come below."""
    return InlineKeyboardMarkup([[confirm, cancel], *extra])
