"""/pendientes (staff) and /mis_paquetes (residents), and the views the correspondence flows share.

`/pendientes`: the working community's pending items, oldest first, in pages (property, kind,
sender, received date and time in the deployment's zone, pickup code), with an "Entregar
<código>" button per item that opens the /entregar flow on it (`cor:di:<item>`, see
`conversations.correspondence.deliver`). `/mis_paquetes`: a resident's pending items of every
property they are linked to. "🔔 Recordar a los residentes" (under /pendientes) e-mails and
messages the residents of every item waiting over a day, once a day at most, never by SMS.
Callback data, namespace `corl`: `pg:<page>`, `rem` (asks), `remok` (sends), `remno`,
`my:<page>` (a page of /mis_paquetes).

A person who may not deliver (a test user) sees the list without the delivery and reminder
buttons; the handlers behind them refuse anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg, pack
from handlers.kit.context import BotContext
from handlers.kit.guards import allowed, current_community, looks_only, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply
from handlers.kit.widgets import confirm_keyboard, page_buttons, paginate, picker
from handlers.texts import correspondence as t
from models.core import Community
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
FLOW_NS = "cor"  # the /entregar flow's namespace (`conversations.correspondence`)
PAGE_SIZE = 10
NAME_SHOWN = 60  # a property or sender in a list row

_ns = Namespace(NS)


# --- shared views ----------------------------------------------------------------------------


def when(value: datetime, context: BotContext, fmt: str = t.WHEN_FORMAT) -> str:
    """A moment in the deployment's zone, as the front desk reads it."""
    return value.astimezone(context.deps.clock.zone).strftime(fmt)


def kind_label(kind: ItemKind | str) -> str:
    """The kind as a label ("Paquete")."""
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


# --- /pendientes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class View:
    """A message to show: its text and its buttons (none for an empty list)."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def _pending_page(number: int) -> str:
    return pack(NS, "pg", number)


async def _pending_view(community: Community, page: int, context: BotContext) -> View:
    found = await pending_items(community.id, page=page, page_size=PAGE_SIZE)
    if found.total == 0:
        return View(t.PENDING_NONE.format(comunidad=esc(community.name)))
    lines = [t.PENDING_HEADER.format(comunidad=esc(community.name), total=found.total)]
    if found.pages > 1:
        lines.append(texts.PAGE_OF.format(pagina=found.page + 1, paginas=found.pages))
    first = found.page * PAGE_SIZE + 1
    for number, item in enumerate(found.items, start=first):
        lines.append(
            t.PENDING_ROW.format(
                numero=number,
                inmueble=cut(item.property.name, NAME_SHOWN),
                tipo=kind_label(item.kind),
                remitente=cut(item.sender or t.SUMMARY_NONE, NAME_SHOWN),
                fecha=when(item.received_at, context, t.SHORT_WHEN_FORMAT),
                codigo=item.pickup_code,
            )
        )
    if not await allowed(context, Action.DELIVER_CORRESPONDENCE, community.id):
        if looks_only(context):
            lines.append(t.PENDING_READ_ONLY)
        nav = page_buttons(found, _pending_page)
        return View("\n".join(lines), InlineKeyboardMarkup([nav]) if nav else None)
    lines.append(t.PENDING_HINT)
    extra = []
    if await allowed(context, Action.LOG_CORRESPONDENCE, community.id):
        extra.append([_ns.button(t.BUTTON_REMIND, "rem")])
    markup = picker(
        found,
        lambda item: t.BUTTON_DELIVER.format(codigo=item.pickup_code),
        lambda item: pack(FLOW_NS, "di", item.id),
        _pending_page,
        extra=extra,
    )
    return View("\n".join(lines), markup)


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
    view = await _pending_view(community, 0, context)
    await reply(update, view.text, reply_markup=view.markup)


async def pending_page(update: Update, context: BotContext) -> None:
    """A page button of /pendientes."""
    raw = callback_arg(update)
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return
    community = await _community_for(update, context)
    if community is None:
        return
    view = await _pending_view(community, int(raw), context)
    await edit_or_reply(update, view.text, reply_markup=view.markup)


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
    keyboard = confirm_keyboard(
        _ns.button(t.BUTTON_REMIND_SEND, "remok"), _ns.button(texts.BUTTON_CANCEL, "remno")
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
    back = InlineKeyboardMarkup([[_ns.button(t.BUTTON_SHOW_PENDING, "pg", 0)]])
    if result.items == 0:
        # Nothing went: either every old item was handed over meanwhile, or each already has
        # today's reminder. Say which.
        if await remindable_count(community.id, clock=context.deps.clock) == 0:
            text = t.REMIND_NONE.format(comunidad=esc(community.name))
            await edit_or_reply(update, text, reply_markup=back)
            return
        await edit_or_reply(update, t.REMIND_ALREADY, reply_markup=back)
        return
    text = t.REMIND_DONE.format(items=result.items, correos=result.emails, chats=result.chats)
    await edit_or_reply(update, text, reply_markup=back)


async def cancel_remind(update: Update, context: BotContext) -> None:
    """ "Cancelar" the reminders: nothing is sent."""
    back = InlineKeyboardMarkup([[_ns.button(t.BUTTON_SHOW_PENDING, "pg", 0)]])
    await edit_or_reply(update, t.REMIND_CANCELLED, reply_markup=back)


# --- /mis_paquetes ---------------------------------------------------------------------------


async def _my_parcels_view(telegram_id: int, page: int, context: BotContext) -> View:
    items = await resident_pending(telegram_id)
    if not items:
        return View(t.MY_PARCELS_NONE)
    shown = paginate(items, page, PAGE_SIZE)
    lines = [t.MY_PARCELS_HEADER]
    if shown.pages > 1:
        lines.insert(
            1,
            t.MY_PARCELS_PAGE.format(
                pagina=shown.page + 1, paginas=shown.pages, total=shown.total
            ),
        )
    for item in shown.items:
        lines.append(
            t.MY_PARCELS_ROW.format(
                inmueble=cut(item.property.name, NAME_SHOWN),
                comunidad=cut(item.community.name, NAME_SHOWN),
                tipo=kind_label(item.kind),
                fecha=when(item.received_at, context),
                codigo=item.pickup_code,
            )
        )
    lines.append(t.MY_PARCELS_FOOTER)
    nav = page_buttons(shown, lambda number: pack(NS, "my", number))
    return View("\n".join(lines), InlineKeyboardMarkup([nav]) if nav else None)


async def my_parcels(update: Update, context: BotContext) -> None:
    """/mis_paquetes: a resident's correspondence waiting at the front desk, in pages."""
    person = context.person
    user = update.effective_user
    if person is None or user is None or not person.residents:
        await reply(update, t.MY_PARCELS_STAFF)
        return
    view = await _my_parcels_view(user.id, 0, context)
    await reply(update, view.text, reply_markup=view.markup)


async def my_parcels_page(update: Update, context: BotContext) -> None:
    """A page button of /mis_paquetes."""
    raw = callback_arg(update)
    person = context.person
    user = update.effective_user
    if not raw.isdigit() or person is None or user is None or not person.residents:
        await alert(update, texts.STALE_BUTTON)
        return
    view = await _my_parcels_view(user.id, int(raw), context)
    await edit_or_reply(update, view.text, reply_markup=view.markup)


def build_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("pendientes", pending),
        CommandHandler(["mis_paquetes", "mispaquetes"], my_parcels),
        _ns.on(pending_page, "pg"),
        _ns.on(my_parcels_page, "my"),
        _ns.on(ask_remind, "rem"),
        _ns.on(send_reminders, "remok"),
        _ns.on(cancel_remind, "remno"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("pendientes", texts.CMD_PENDING, Action.VIEW_CORRESPONDENCE),
    MenuEntry("mis_paquetes", texts.CMD_MY_PARCELS, staff=False, residents=True),
)
