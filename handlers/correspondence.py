"""/pendientes (staff) and /mis_paquetes (residents), and the views the correspondence flows share.

`/pendientes`: the working community's pending items, oldest first, in pages (property, kind,
sender, received date and time in Santiago, pickup code), with an "Entregar <código>" button
per item that opens the /entregar flow on it (`cor:di:<item>`, see
`conversations.correspondence`). `/mis_paquetes`: a resident's pending items of every property
they are linked to. "🔔 Recordar a los residentes" (under /pendientes) e-mails and messages
the residents of every item waiting over a day, once a day at most, never by SMS. Callback
data, namespace `corl`: `pg:<page>`, `rem` (asks), `remok` (sends), `remno`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import texts
from handlers.kit.callbacks import pack, parse, pattern
from handlers.kit.context import BotContext
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.texts import correspondence as t
from models.access import Page
from models.core import Community, Property
from models.correspondence import (
    CorrespondenceItem,
    ItemKind,
    pending_items,
    remind_pending,
    remindable_count,
    resident_pending,
)
from models.permissions import Action, NotAllowed

NS = "corl"
FLOW_NS = "cor"
PAGE_SIZE = 10


# --- shared views ----------------------------------------------------------------------------


def when(value: datetime, context: BotContext, fmt: str = t.WHEN_FORMAT) -> str:
    return value.astimezone(context.deps.clock.zone).strftime(fmt)


def kind_label(kind: ItemKind | str) -> str:
    return t.KIND_LABELS[ItemKind(kind).value]


def item_card(item: CorrespondenceItem, context: BotContext) -> str:
    """An item's data (HTML); its property must be fetched."""
    return t.ITEM_CARD.format(
        tipo=kind_label(item.kind),
        inmueble=esc(item.property.name),
        remitente=esc(item.sender or t.NO_SENDER),
        fecha=when(item.received_at, context),
        nota=t.ITEM_CARD_NOTE.format(nota=esc(item.note)) if item.note else "",
        codigo=item.pickup_code,
    )


def property_picker(
    page: Page[Property],
    choose: Callable[[int], str],
    turn: Callable[[int], str],
    extra: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    """Two properties per row, then the page buttons and any extra rows."""
    buttons = [InlineKeyboardButton(p.name, callback_data=choose(p.id)) for p in page.items]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if page.page > 0:
        nav.append(InlineKeyboardButton(t.BUTTON_PREV, callback_data=turn(page.page - 1)))
    if page.page < page.pages - 1:
        nav.append(InlineKeyboardButton(t.BUTTON_NEXT, callback_data=turn(page.page + 1)))
    if nav:
        rows.append(nav)
    rows.extend(extra or [])
    return InlineKeyboardMarkup(rows)


def picker_text(title: str, page: Page[Property], query: str) -> str:
    lines = [title]
    if query:
        lines += ["", t.PICK_FOUND.format(total=page.total, busqueda=esc(query))]
    if page.pages > 1:
        lines.append(t.PICK_PAGE.format(pagina=page.page + 1, paginas=page.pages))
    return "\n".join(lines)


# --- /pendientes -----------------------------------------------------------------------------


async def _pending_view(
    community: Community, page: int, context: BotContext
) -> tuple[str, InlineKeyboardMarkup | None]:
    found = await pending_items(community.id, page=page, page_size=PAGE_SIZE)
    if found.total == 0:
        return t.PENDING_NONE.format(comunidad=esc(community.name)), None
    lines = [t.PENDING_HEADER.format(comunidad=esc(community.name), total=found.total)]
    if found.pages > 1:
        lines.append(t.PICK_PAGE.format(pagina=found.page + 1, paginas=found.pages))
    first = found.page * PAGE_SIZE + 1
    for number, item in enumerate(found.items, start=first):
        lines.append(
            t.PENDING_ROW.format(
                numero=number,
                inmueble=esc(item.property.name),
                tipo=kind_label(item.kind),
                remitente=esc(item.sender or t.SUMMARY_NONE),
                fecha=when(item.received_at, context, t.SHORT_WHEN_FORMAT),
                codigo=item.pickup_code,
            )
        )
    lines.append(t.PENDING_HINT)
    buttons = [
        InlineKeyboardButton(
            t.BUTTON_DELIVER.format(codigo=item.pickup_code),
            callback_data=pack(FLOW_NS, "di", item.id),
        )
        for item in found.items
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if found.page > 0:
        nav.append(
            InlineKeyboardButton(t.BUTTON_PREV, callback_data=pack(NS, "pg", found.page - 1))
        )
    if found.page < found.pages - 1:
        nav.append(
            InlineKeyboardButton(t.BUTTON_NEXT, callback_data=pack(NS, "pg", found.page + 1))
        )
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(t.BUTTON_REMIND, callback_data=pack(NS, "rem"))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def _community_for(
    update: Update, context: BotContext, action: Action = Action.VIEW_CORRESPONDENCE
) -> Community | None:
    """The working community, if this person may do `action` there (else told why)."""
    community = await current_community(context)
    decision = await permit(update, context, action, community.id if community else None)
    return community if decision else None


async def pending(update: Update, context: BotContext) -> None:
    """/pendientes: what is waiting to be collected, oldest first."""
    community = await _community_for(update, context)
    if community is None:
        return
    text, markup = await _pending_view(community, 0, context)
    await reply(update, text, reply_markup=markup)


async def pending_page(update: Update, context: BotContext) -> None:
    """A page button of /pendientes."""
    query = update.callback_query
    assert query is not None
    callback = parse(query.data)
    raw = callback.args[0] if callback and callback.args else ""
    if not raw.isdigit():
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    community = await _community_for(update, context)
    if community is None:
        return
    text, markup = await _pending_view(community, int(raw), context)
    await edit_or_reply(update, text, reply_markup=markup)


# --- reminders -------------------------------------------------------------------------------


async def ask_remind(update: Update, context: BotContext) -> None:
    """ "Recordar a los residentes": how many items, and a confirmation."""
    community = await _community_for(update, context, Action.LOG_CORRESPONDENCE)
    if community is None:
        return
    total = await remindable_count(community.id, clock=context.deps.clock)
    if total == 0:
        await edit_or_reply(update, t.REMIND_NONE.format(comunidad=esc(community.name)))
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t.BUTTON_REMIND_SEND, callback_data=pack(NS, "remok")),
                InlineKeyboardButton(t.BUTTON_CANCEL, callback_data=pack(NS, "remno")),
            ]
        ]
    )
    text = t.REMIND_CONFIRM.format(total=total, comunidad=esc(community.name))
    await edit_or_reply(update, text, reply_markup=keyboard)


async def send_reminders(update: Update, context: BotContext) -> None:
    """ "Enviar recordatorios": queue them (e-mail and chat) and say how many went."""
    community = await _community_for(update, context, Action.LOG_CORRESPONDENCE)
    staff = staff_of(context)
    if community is None or staff is None:
        return
    try:
        result = await remind_pending(staff, community.id, clock=context.deps.clock)
    except NotAllowed as refused:
        await alert(
            update, texts.DENIALS[refused.reason] if refused.reason else t.REMIND_CANCELLED
        )
        return
    if result.items == 0:
        await edit_or_reply(update, t.REMIND_ALREADY)
        return
    text = t.REMIND_DONE.format(items=result.items, correos=result.emails, chats=result.chats)
    await edit_or_reply(update, text)


async def cancel_remind(update: Update, context: BotContext) -> None:
    await edit_or_reply(update, t.REMIND_CANCELLED)


# --- /mis_paquetes ---------------------------------------------------------------------------


async def my_parcels(update: Update, context: BotContext) -> None:
    """/mis_paquetes: a resident's correspondence waiting at the front desk."""
    person = context.person
    user = update.effective_user
    if person is None or user is None or not person.residents:
        await reply(update, t.MY_PARCELS_STAFF)
        return
    items = await resident_pending(user.id)
    if not items:
        await reply(update, t.MY_PARCELS_NONE)
        return
    lines = [t.MY_PARCELS_HEADER]
    for item in items:
        lines.append(
            t.MY_PARCELS_ROW.format(
                inmueble=esc(item.property.name),
                comunidad=esc(item.community.name),
                tipo=kind_label(item.kind),
                fecha=when(item.received_at, context),
                codigo=item.pickup_code,
            )
        )
    lines.append(t.MY_PARCELS_FOOTER)
    await reply(update, "\n".join(lines))


def build_handlers() -> list[BaseHandler]:
    return [
        CommandHandler("pendientes", pending),
        CommandHandler(["mis_paquetes", "mispaquetes"], my_parcels),
        CallbackQueryHandler(pending_page, pattern=pattern(NS, "pg")),
        CallbackQueryHandler(ask_remind, pattern=pattern(NS, "rem")),
        CallbackQueryHandler(send_reminders, pattern=pattern(NS, "remok")),
        CallbackQueryHandler(cancel_remind, pattern=pattern(NS, "remno")),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("pendientes", texts.CMD_PENDING, Action.VIEW_CORRESPONDENCE),
    MenuEntry("mis_paquetes", texts.CMD_MY_PARCELS, staff=False, residents=True),
)
