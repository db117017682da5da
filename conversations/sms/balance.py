"""/sms: the community's SMS balance, the bundle catalogue and the purchase history.

Plain views: any of their buttons works at any time, and each re-checks the community it
names. Callback data (`sms:<verb>:<community>[:…]`): `home` summary · `cat` catalogue ·
`hist:<c>[:<year>[:<month>]]` history · `hp:<c>:<year|0>:<month|0>:<page>` its pages.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers import texts
from handlers.kit.callbacks import Namespace
from handlers.kit.context import BotContext
from handlers.kit.guards import allowed, community_button, current_community, permit
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply
from handlers.kit.widgets import page_buttons, paginate
from handlers.texts import sms as t
from models.core import Community
from models.local_time import local_date
from models.permissions import Action
from models.sms import Balance, LotKind, SmsBundle, SmsPurchase, balance
from models.sms_purchases import (
    format_clp,
    format_date,
    format_int,
    list_bundles,
    purchase_history,
)

SMS = Namespace("sms")

HISTORY_MAX_ROWS = 20  # per page
NAME_SHOWN = 60  # a bundle or a buyer in a history row
HISTORY_MAX_MONTHS = 12
MIN_YEAR, MAX_YEAR = 2000, 2999


# --- what the person sees ------------------------------------------------------------------


def period_label(value: date) -> str:
    """date(2026, 12, 1) → "diciembre 2026"."""
    return texts.month_label(value)


def _last_valid_day(expires_at: datetime, zone: ZoneInfo) -> date:
    """A monthly lot ends at the first instant of the next month: show the month's last day."""
    return local_date(expires_at - timedelta(microseconds=1), zone)


def _summary_view(
    community: Community, current: Balance, bought: int, zone: ZoneInfo, *, can_buy: bool
) -> tuple[str, InlineKeyboardMarkup]:
    lines = []
    for lot in current.lots:
        if lot.kind is LotKind.MONTHLY:
            lines.append(
                t.LOT_MONTHLY.format(
                    restantes=format_int(lot.remaining),
                    otorgados=format_int(lot.granted),
                    mes=period_label(local_date(lot.valid_from, zone)),
                    vence=format_date(_last_valid_day(lot.expires_at, zone)),
                )
            )
        else:
            lines.append(
                t.LOT_PURCHASE.format(
                    restantes=format_int(lot.remaining),
                    otorgados=format_int(lot.granted),
                    vence=format_date(local_date(lot.expires_at, zone)),
                )
            )
    text = t.SUMMARY.format(
        comunidad=esc(community.name),
        disponible=format_int(current.available),
        lotes="\n".join(lines) if lines else t.SUMMARY_NO_LOTS,
        compradas=format_int(bought),
    )
    return text, summary_buttons(community, can_buy=can_buy)


def summary_buttons(community: Community, *, can_buy: bool = True) -> InlineKeyboardMarkup:
    """ "Comprar SMS" (or, for who may not buy, "Ver bolsas") and "Historial de compras"."""
    return InlineKeyboardMarkup(
        [
            [SMS.button(t.BUTTON_BUY if can_buy else t.BUTTON_SEE_BUNDLES, "cat", community.id)],
            [SMS.button(t.BUTTON_HISTORY, "hist", community.id)],
        ]
    )


async def _render_summary(
    context: BotContext, community: Community
) -> tuple[str, InlineKeyboardMarkup]:
    clock = context.deps.clock
    current = await balance(community.id, clock=clock)
    bought = len(await purchase_history(community.id, clock=clock))
    can_buy = await allowed(context, Action.BUY_SMS, community.id)
    return _summary_view(community, current, bought, clock.zone, can_buy=can_buy)


def back_button(community: Community) -> list[InlineKeyboardButton]:
    """ "Volver" to this community's SMS summary."""
    return [SMS.button(t.BUTTON_BACK, "home", community.id)]


def _catalogue_view(
    community: Community, bundles: list[SmsBundle], *, can_buy: bool
) -> tuple[str, InlineKeyboardMarkup]:
    if not bundles:
        return t.CATALOGUE_EMPTY, InlineKeyboardMarkup([back_button(community)])
    lines = [
        t.CATALOGUE_LINE.format(
            bolsa=esc(b.name), sms=format_int(b.sms_count), costo=format_clp(b.price_clp)
        )
        for b in bundles
    ]
    if not can_buy:
        text = t.CATALOGUE_READ_ONLY.format(comunidad=esc(community.name), bolsas="\n".join(lines))
        return text, InlineKeyboardMarkup([back_button(community)])
    buttons = [
        [SMS.button(t.BUTTON_BUY_BUNDLE.format(bolsa=b.name), "buy", community.id, b.id)]
        for b in bundles
    ]
    text = t.CATALOGUE.format(comunidad=esc(community.name), bolsas="\n".join(lines))
    return text, InlineKeyboardMarkup([*buttons, back_button(community)])


def _purchase_row(record: SmsPurchase, zone: ZoneInfo) -> str:
    return t.HISTORY_ROW.format(
        fecha=format_date(local_date(record.purchased_at, zone)),
        bolsa=cut(record.bundle_name, NAME_SHOWN),
        sms=format_int(record.sms_count),
        costo=format_clp(record.price_clp),
        comprador=cut(record.buyer_label, NAME_SHOWN),
    )


def _history_view(
    community: Community,
    every: list[SmsPurchase],
    shown: list[SmsPurchase],
    year: int | None,
    month: int | None,
    zone: ZoneInfo,
    page: int = 0,
) -> tuple[str, InlineKeyboardMarkup]:
    if year is not None and month is not None:
        period = period_label(date(year, month, 1))
    elif year is not None:
        period = str(year)
    else:
        period = t.HISTORY_ALL
    one_page = paginate(shown, page, HISTORY_MAX_ROWS)
    if not every:
        rows = t.HISTORY_NONE
    elif not shown:
        rows = t.HISTORY_EMPTY
    else:
        rows = "\n".join(_purchase_row(p, zone) for p in one_page.items)
        if one_page.pages > 1:
            rows += "\n\n" + texts.PAGE_OF.format(pagina=one_page.page + 1, paginas=one_page.pages)
    text = t.HISTORY.format(comunidad=esc(community.name), periodo=period, filas=rows)

    def button(label: str, selected: bool, *when: int) -> InlineKeyboardButton:
        shown_label = t.BUTTON_CURRENT.format(periodo=label) if selected else label
        return SMS.button(shown_label, "hist", community.id, *when)

    # `every` is newest first, so the months come out newest first too.
    months = list(dict.fromkeys(month_of(p, zone) for p in every))
    years = list(dict.fromkeys(y for y, _ in months))
    buttons = [
        button(period_label(date(y, m, 1)), (y, m) == (year, month), y, m)
        for y, m in months[:HISTORY_MAX_MONTHS]
    ]
    rows_of_buttons = []
    nav = page_buttons(
        one_page, lambda number: SMS.data("hp", community.id, year or 0, month or 0, number)
    )
    if nav:
        rows_of_buttons.append(nav)
    rows_of_buttons += [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if len(years) > 1:
        rows_of_buttons.append(
            [button(str(y), (y, None) == (year, month), y) for y in years[:HISTORY_MAX_MONTHS]]
        )
    rows_of_buttons.append([button(t.BUTTON_ALL, year is None)])
    rows_of_buttons.append(back_button(community))
    return text, InlineKeyboardMarkup(rows_of_buttons)


def month_of(record: SmsPurchase, zone: ZoneInfo) -> tuple[int, int]:
    day = local_date(record.purchased_at, zone)
    return day.year, day.month


# --- views ---------------------------------------------------------------------------------


async def sms_command(update: Update, context: BotContext) -> None:
    """/sms: the working community's SMS available, where they come from, bundles bought."""
    community = await current_community(context)
    if not await permit(update, context, Action.VIEW_SMS, community.id if community else None):
        return
    assert community is not None
    text, markup = await _render_summary(context, community)
    await reply(update, text, reply_markup=markup)


async def show_summary(update: Update, context: BotContext) -> None:
    """«Volver»: back to the SMS summary of the button's community."""
    found = await community_button(update, context, Action.VIEW_SMS)
    if found is None:
        return
    text, markup = await _render_summary(context, found.community)
    await edit_or_reply(update, text, reply_markup=markup)


async def show_catalogue(update: Update, context: BotContext) -> None:
    """«Comprar SMS»: the bundles on sale, each with its own "Comprar" button."""
    found = await community_button(update, context, Action.VIEW_SMS)
    if found is None:
        return
    can_buy = await allowed(context, Action.BUY_SMS, found.community.id)
    text, markup = _catalogue_view(found.community, await list_bundles(), can_buy=can_buy)
    await edit_or_reply(update, text, reply_markup=markup)


async def _render_history(
    update: Update,
    context: BotContext,
    community: Community,
    year: int | None,
    month: int | None,
    page: int,
) -> None:
    clock = context.deps.clock
    every = await purchase_history(community.id, clock=clock)
    shown = (
        every
        if year is None
        else await purchase_history(community.id, year=year, month=month, clock=clock)
    )
    text, markup = _history_view(community, every, shown, year, month, clock.zone, page)
    await edit_or_reply(update, text, reply_markup=markup)


def _period_ok(year: int | None, month: int | None) -> bool:
    return (year is None or MIN_YEAR <= year <= MAX_YEAR) and (month is None or 1 <= month <= 12)


async def show_history(update: Update, context: BotContext) -> None:
    """«Historial de compras»: purchases of all time, of a year or of a month."""
    found = await community_button(update, context, Action.VIEW_SMS)
    if found is None:
        return
    callback, community = found.callback, found.community
    year = callback.int_arg(1) if len(callback.args) > 1 else None
    month = callback.int_arg(2) if len(callback.args) > 2 else None
    if (len(callback.args) > 1 and (year is None or not MIN_YEAR <= year <= MAX_YEAR)) or (
        len(callback.args) > 2 and (month is None or not 1 <= month <= 12)
    ):
        await alert(update, texts.STALE_BUTTON)
        return
    await _render_history(update, context, community, year, month, 0)


async def history_page(update: Update, context: BotContext) -> None:
    """A page button of the history (`hp:<c>:<year|0>:<month|0>:<page>`)."""
    found = await community_button(update, context, Action.VIEW_SMS)
    if found is None:
        return
    callback = found.callback
    year, month, page = (callback.number_arg(i) for i in (1, 2, 3))
    if len(callback.args) != 4 or year is None or month is None or page is None:
        await alert(update, texts.STALE_BUTTON)
        return
    period = (year or None, month or None)
    if not _period_ok(*period) or (period[1] is not None and period[0] is None):
        await alert(update, texts.STALE_BUTTON)
        return
    await _render_history(update, context, found.community, *period, page)
