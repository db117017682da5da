"""/sms: the community's SMS balance, the bundle catalogue, the purchase card and the history.

The summary, catalogue and history are plain views (any of their buttons works at any time);
the purchase card is a flow whose draft (bundle, terms shown, "acepto" ticked) lives in
`user_data`, and nothing is bought until "Confirmar compra" with the conditions accepted.

Callback data (`sms:<verb>:<community>[:…]`; every id is re-checked server-side):
`home` summary · `cat` catalogue · `buy:<c>:<bundle>` card · `acc:<c>:<bundle>` tick ·
`conf:<c>:<bundle>` confirm · `no:<c>` cancel · `hist:<c>[:<year>[:<month>]]` history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from handlers import texts
from handlers.kit.callbacks import Callback, pack, parse, pattern
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import DRAFT, flow
from handlers.kit.guards import permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import edit_or_reply, esc, reply
from handlers.texts import sms as t
from models.clock import Clock
from models.core import Community
from models.identity import staff_communities, working_community
from models.permissions import Action, NotAllowed
from models.sms import (
    MONTHLY_ALLOWANCE,
    PURCHASE_VALIDITY_MONTHS,
    Balance,
    BundleUnavailable,
    LotKind,
    SmsBundle,
    SmsPurchase,
    balance,
    billing_period_for,
    format_clp,
    format_date,
    format_int,
    format_period,
    list_bundles,
    local_date,
    purchase,
    purchase_expiry,
    purchase_history,
)

log = logging.getLogger(__name__)

NS = "sms"
FLOW = "buy_sms"
CARD = "card"

HISTORY_MAX_ROWS = 40
HISTORY_MAX_MONTHS = 12
MIN_YEAR, MAX_YEAR = 2000, 2999


# --- what the person sees ------------------------------------------------------------------


def _last_valid_day(expires_at: datetime) -> date:
    """A monthly lot ends at the first instant of the next month: show the month's last day."""
    return local_date(expires_at - timedelta(microseconds=1))


def _summary_view(
    community: Community, current: Balance, bought: int
) -> tuple[str, InlineKeyboardMarkup]:
    lines = []
    for lot in current.lots:
        if lot.kind is LotKind.MONTHLY:
            lines.append(
                t.LOT_MONTHLY.format(
                    restantes=format_int(lot.remaining),
                    otorgados=format_int(lot.granted),
                    mes=format_period(local_date(lot.valid_from)),
                    vence=format_date(_last_valid_day(lot.expires_at)),
                )
            )
        else:
            lines.append(
                t.LOT_PURCHASE.format(
                    restantes=format_int(lot.remaining),
                    otorgados=format_int(lot.granted),
                    vence=format_date(local_date(lot.expires_at)),
                )
            )
    text = t.SUMMARY.format(
        comunidad=esc(community.name),
        disponible=format_int(current.available),
        lotes="\n".join(lines) if lines else t.SUMMARY_NO_LOTS,
        compradas=format_int(bought),
    )
    return text, _summary_buttons(community)


def _summary_buttons(community: Community) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t.BUTTON_BUY, callback_data=pack(NS, "cat", community.id))],
            [InlineKeyboardButton(t.BUTTON_HISTORY, callback_data=pack(NS, "hist", community.id))],
        ]
    )


async def _render_summary(community: Community, clock: Clock) -> tuple[str, InlineKeyboardMarkup]:
    current = await balance(community.id, clock=clock)
    bought = len(await purchase_history(community.id))
    return _summary_view(community, current, bought)


def _back_button(community: Community) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t.BUTTON_BACK, callback_data=pack(NS, "home", community.id))]


def _catalogue_view(
    community: Community, bundles: list[SmsBundle]
) -> tuple[str, InlineKeyboardMarkup]:
    if not bundles:
        return t.CATALOGUE_EMPTY, InlineKeyboardMarkup([_back_button(community)])
    lines = [
        t.CATALOGUE_LINE.format(
            bolsa=esc(b.name), sms=format_int(b.sms_count), costo=format_clp(b.price_clp)
        )
        for b in bundles
    ]
    buttons = [
        [
            InlineKeyboardButton(
                t.BUTTON_BUY_BUNDLE.format(bolsa=b.name),
                callback_data=pack(NS, "buy", community.id, b.id),
            )
        ]
        for b in bundles
    ]
    text = t.CATALOGUE.format(comunidad=esc(community.name), bolsas="\n".join(lines))
    return text, InlineKeyboardMarkup([*buttons, _back_button(community)])


@dataclass(frozen=True)
class Terms:
    """What the card promised; the purchase goes ahead only if it still holds on confirm."""

    bundle_id: int
    bundle_name: str
    sms_count: int
    price_clp: int
    billing_period: date
    expires_on: date

    def same_deal(self, other: Terms) -> bool:
        return (self.bundle_id, self.sms_count, self.price_clp, self.billing_period) == (
            other.bundle_id,
            other.sms_count,
            other.price_clp,
            other.billing_period,
        )


def _terms(bundle: SmsBundle, clock: Clock) -> Terms:
    now = clock.now()
    return Terms(
        bundle_id=bundle.id,
        bundle_name=bundle.name,
        sms_count=bundle.sms_count,
        price_clp=bundle.price_clp,
        billing_period=billing_period_for(now),
        expires_on=local_date(purchase_expiry(now)),
    )


def _card_view(
    community: Community, terms: Terms, accepted: bool
) -> tuple[str, InlineKeyboardMarkup]:
    text = t.CARD.format(
        comunidad=esc(community.name),
        bolsa=esc(terms.bundle_name),
        sms=format_int(terms.sms_count),
        costo=format_clp(terms.price_clp),
        periodo=format_period(terms.billing_period),
        meses=PURCHASE_VALIDITY_MONTHS,
        vence=format_date(terms.expires_on),
        mensuales=MONTHLY_ALLOWANCE,
    )
    text += t.CARD_HINT_CONFIRM if accepted else t.CARD_HINT_TICK
    toggle = InlineKeyboardButton(
        t.BUTTON_ACCEPT_ON if accepted else t.BUTTON_ACCEPT_OFF,
        callback_data=pack(NS, "acc", community.id, terms.bundle_id),
    )
    last_row = [InlineKeyboardButton(t.BUTTON_CANCEL, callback_data=pack(NS, "no", community.id))]
    if accepted:
        confirm = InlineKeyboardButton(
            t.BUTTON_CONFIRM, callback_data=pack(NS, "conf", community.id, terms.bundle_id)
        )
        last_row.insert(0, confirm)
    return text, InlineKeyboardMarkup([[toggle], last_row])


def _purchase_row(record: SmsPurchase) -> str:
    return t.HISTORY_ROW.format(
        fecha=format_date(local_date(record.purchased_at)),
        bolsa=esc(record.bundle_name),
        sms=format_int(record.sms_count),
        costo=format_clp(record.price_clp),
        comprador=esc(record.buyer_label),
    )


def _history_view(
    community: Community,
    every: list[SmsPurchase],
    shown: list[SmsPurchase],
    year: int | None,
    month: int | None,
) -> tuple[str, InlineKeyboardMarkup]:
    if year is not None and month is not None:
        period = format_period(date(year, month, 1))
    elif year is not None:
        period = str(year)
    else:
        period = t.HISTORY_ALL
    if not every:
        rows = t.HISTORY_NONE
    elif not shown:
        rows = t.HISTORY_EMPTY
    else:
        rows = "\n".join(_purchase_row(p) for p in shown[:HISTORY_MAX_ROWS])
        if len(shown) > HISTORY_MAX_ROWS:
            rows += "\n" + t.HISTORY_MORE.format(cantidad=len(shown) - HISTORY_MAX_ROWS)
    text = t.HISTORY.format(comunidad=esc(community.name), periodo=period, filas=rows)

    def button(label: str, selected: bool, *when: int) -> InlineKeyboardButton:
        shown_label = t.BUTTON_CURRENT.format(periodo=label) if selected else label
        return InlineKeyboardButton(
            shown_label, callback_data=pack(NS, "hist", community.id, *when)
        )

    # `every` is newest first, so the months come out newest first too.
    months = list(dict.fromkeys(month_of(p) for p in every))
    years = list(dict.fromkeys(y for y, _ in months))
    buttons = [
        button(format_period(date(y, m, 1)), (y, m) == (year, month), y, m)
        for y, m in months[:HISTORY_MAX_MONTHS]
    ]
    rows_of_buttons = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if len(years) > 1:
        rows_of_buttons.append([button(str(y), (y, None) == (year, month), y) for y in years])
    rows_of_buttons.append([button(t.BUTTON_ALL, year is None)])
    rows_of_buttons.append(_back_button(community))
    return text, InlineKeyboardMarkup(rows_of_buttons)


def month_of(record: SmsPurchase) -> tuple[int, int]:
    day = local_date(record.purchased_at)
    return day.year, day.month


# --- checks shared by the buttons ----------------------------------------------------------


async def _stale(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


async def _button_community(
    update: Update, context: BotContext, action: Action
) -> tuple[Callback, Community] | None:
    """The button's community, once the person may do `action` there (else they are told)."""
    query = update.callback_query
    callback = parse(query.data if query is not None else None)
    community_id = callback.int_arg(0) if callback is not None else None
    staff = staff_of(context)
    if callback is None or community_id is None:
        await _stale(update)
        return None
    if not await permit(update, context, action, community_id):
        return None
    assert staff is not None  # permit refuses anyone who is not staff
    community = next((c for c in await staff_communities(staff) if c.id == community_id), None)
    if community is None:
        await _stale(update)
        return None
    return callback, community


def _draft(context: BotContext) -> dict[str, Any] | None:
    draft = context.user_data.get(DRAFT) if context.user_data is not None else None
    if isinstance(draft, dict) and draft.get("flow") == FLOW:
        return draft
    return None


def _drop_draft(context: BotContext) -> None:
    if _draft(context) is not None and context.user_data is not None:
        context.user_data.pop(DRAFT, None)


def _draft_for(update: Update, context: BotContext, callback: Callback) -> dict[str, Any] | None:
    """The open card this button belongs to: same community, bundle and message."""
    draft = _draft(context)
    query = update.callback_query
    if draft is None or query is None or query.message is None:
        return None
    if draft.get("community_id") != callback.int_arg(0):
        return None
    if draft.get("message_id") != query.message.message_id:
        return None
    terms = draft.get("terms")
    if not isinstance(terms, dict):
        return None
    if callback.verb != "no" and terms.get("bundle_id") != callback.int_arg(1):
        return None
    return draft


def _terms_to_json(terms: Terms) -> dict[str, Any]:
    return {
        "bundle_id": terms.bundle_id,
        "bundle_name": terms.bundle_name,
        "sms_count": terms.sms_count,
        "price_clp": terms.price_clp,
        "billing_period": terms.billing_period.isoformat(),
        "expires_on": terms.expires_on.isoformat(),
    }


def _terms_from_json(data: dict[str, Any]) -> Terms:
    return Terms(
        bundle_id=int(data["bundle_id"]),
        bundle_name=str(data["bundle_name"]),
        sms_count=int(data["sms_count"]),
        price_clp=int(data["price_clp"]),
        billing_period=date.fromisoformat(data["billing_period"]),
        expires_on=date.fromisoformat(data["expires_on"]),
    )


async def _active_bundle(bundle_id: int | None) -> SmsBundle | None:
    return next((b for b in await list_bundles() if b.id == bundle_id), None)


# --- views ---------------------------------------------------------------------------------


async def sms_command(update: Update, context: BotContext) -> None:
    """/sms: the working community's SMS available, where they come from, bundles bought."""
    staff = staff_of(context)
    community = await working_community(staff) if staff is not None else None
    community_id = community.id if community is not None else None
    if not await permit(update, context, Action.VIEW_SMS, community_id):
        return
    assert community is not None
    text, markup = await _render_summary(community, context.deps.clock)
    await reply(update, text, reply_markup=markup)


async def show_summary(update: Update, context: BotContext) -> None:
    """«Volver»: back to the SMS summary of the button's community."""
    found = await _button_community(update, context, Action.VIEW_SMS)
    if found is None:
        return
    _, community = found
    text, markup = await _render_summary(community, context.deps.clock)
    await edit_or_reply(update, text, reply_markup=markup)


async def show_catalogue(update: Update, context: BotContext) -> None:
    """«Comprar SMS»: the bundles on sale, each with its own "Comprar" button."""
    found = await _button_community(update, context, Action.VIEW_SMS)
    if found is None:
        return
    _, community = found
    text, markup = _catalogue_view(community, await list_bundles())
    await edit_or_reply(update, text, reply_markup=markup)


async def show_history(update: Update, context: BotContext) -> None:
    """«Historial de compras»: purchases of all time, of a year or of a month."""
    found = await _button_community(update, context, Action.VIEW_SMS)
    if found is None:
        return
    callback, community = found
    year = callback.int_arg(1) if len(callback.args) > 1 else None
    month = callback.int_arg(2) if len(callback.args) > 2 else None
    if (len(callback.args) > 1 and (year is None or not MIN_YEAR <= year <= MAX_YEAR)) or (
        len(callback.args) > 2 and (month is None or not 1 <= month <= 12)
    ):
        await _stale(update)
        return
    every = await purchase_history(community.id)
    shown = every if year is None else await purchase_history(community.id, year=year, month=month)
    text, markup = _history_view(community, every, shown, year, month)
    await edit_or_reply(update, text, reply_markup=markup)


# --- the purchase card (a flow) ------------------------------------------------------------


async def open_card(update: Update, context: BotContext) -> str | None:
    """«Comprar <bolsa>»: the confirmation card, conditions not yet accepted."""
    found = await _button_community(update, context, Action.BUY_SMS)
    query = update.callback_query
    if found is None or query is None:
        return None
    callback, community = found
    if query.message is None:
        await _stale(update)
        return None
    bundle = await _active_bundle(callback.int_arg(1))
    if bundle is None:
        await query.answer(str(BundleUnavailable()), show_alert=True)
        return None
    terms = _terms(bundle, context.deps.clock)
    assert context.user_data is not None
    context.user_data[DRAFT] = {
        "flow": FLOW,
        "community_id": community.id,
        "message_id": query.message.message_id,
        "terms": _terms_to_json(terms),
        "accepted": False,
    }
    text, markup = _card_view(community, terms, accepted=False)
    await edit_or_reply(update, text, reply_markup=markup)
    return CARD


async def toggle_accept(update: Update, context: BotContext) -> str | None:
    """«Acepto las condiciones»: tick or untick; "Confirmar compra" shows only when ticked."""
    found = await _button_community(update, context, Action.BUY_SMS)
    if found is None:
        return None
    callback, community = found
    draft = _draft_for(update, context, callback)
    if draft is None:
        await _stale(update)
        return None
    draft["accepted"] = not draft.get("accepted")
    text, markup = _card_view(community, _terms_from_json(draft["terms"]), draft["accepted"])
    await edit_or_reply(update, text, reply_markup=markup)
    return CARD


async def confirm_purchase(update: Update, context: BotContext) -> str | int | None:
    """«Confirmar compra»: buy the bundle on the card, if the conditions were accepted."""
    found = await _button_community(update, context, Action.BUY_SMS)
    query = update.callback_query
    if found is None or query is None:
        return None
    callback, community = found
    draft = _draft_for(update, context, callback)
    if draft is None:
        await _stale(update)
        return None
    if not draft.get("accepted"):
        # Only a forged or stale button gets here: the card offers no confirm until ticked.
        await query.answer(t.NOT_ACCEPTED, show_alert=True)
        return None
    promised = _terms_from_json(draft["terms"])
    bundle = await _active_bundle(promised.bundle_id)
    if bundle is None:
        _drop_draft(context)
        await query.answer(str(BundleUnavailable()), show_alert=True)
        return ConversationHandler.END
    current = _terms(bundle, context.deps.clock)
    if not current.same_deal(promised):
        draft["terms"] = _terms_to_json(current)
        draft["accepted"] = False
        await query.answer(t.TERMS_CHANGED, show_alert=True)
        text, markup = _card_view(community, current, accepted=False)
        await query.edit_message_text(text, reply_markup=markup)
        return CARD
    staff = staff_of(context)
    assert staff is not None
    try:
        record = await purchase(
            community.id,
            bundle.id,
            staff,
            support_email=context.deps.config.support_email,
            clock=context.deps.clock,
        )
    except NotAllowed as refused:
        if refused.reason is not None:
            await query.answer(texts.DENIALS[refused.reason], show_alert=True)
        return None
    except BundleUnavailable as gone:
        _drop_draft(context)
        await query.answer(str(gone), show_alert=True)
        return ConversationHandler.END
    _drop_draft(context)
    now = await balance(community.id, clock=context.deps.clock)
    text = t.PURCHASE_DONE.format(
        bolsa=esc(record.bundle_name),
        sms=format_int(record.sms_count),
        costo=format_clp(record.price_clp),
        periodo=format_period(record.billing_period),
        vence=format_date(local_date(purchase_expiry(record.purchased_at))),
        disponible=format_int(now.available),
    )
    await edit_or_reply(update, text, reply_markup=_summary_buttons(community))
    return ConversationHandler.END


async def cancel_card(update: Update, context: BotContext) -> int | None:
    """«Cancelar» on the card: close it, buy nothing."""
    found = await _button_community(update, context, Action.VIEW_SMS)
    if found is None:
        return None
    callback, community = found
    if _draft_for(update, context, callback) is None:
        await _stale(update)
        return None
    _drop_draft(context)
    markup = InlineKeyboardMarkup([_back_button(community)])
    await edit_or_reply(update, t.PURCHASE_CANCELLED, reply_markup=markup)
    return ConversationHandler.END


async def card_button_outside_flow(update: Update, context: BotContext) -> None:
    """A card button with no card open (old, finished or forged): refuse, buy nothing."""
    if await _button_community(update, context, Action.BUY_SMS) is None:
        return
    await _stale(update)


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    card_flow = flow(
        FLOW,
        config=config,
        entry_points=[CallbackQueryHandler(open_card, pattern=pattern(NS, "buy"))],
        states={
            CARD: [
                CallbackQueryHandler(toggle_accept, pattern=pattern(NS, "acc")),
                CallbackQueryHandler(confirm_purchase, pattern=pattern(NS, "conf")),
                CallbackQueryHandler(cancel_card, pattern=pattern(NS, "no")),
            ]
        },
    )
    return [
        card_flow,
        CommandHandler("sms", sms_command),
        CallbackQueryHandler(show_summary, pattern=pattern(NS, "home")),
        CallbackQueryHandler(show_catalogue, pattern=pattern(NS, "cat")),
        CallbackQueryHandler(show_history, pattern=pattern(NS, "hist")),
        CallbackQueryHandler(card_button_outside_flow, pattern=r"^sms:(?:acc|conf|no)(?::|$)"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("sms", texts.CMD_SMS, Action.VIEW_SMS),)
