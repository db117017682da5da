"""The SMS purchase card: a flow whose draft (bundle, terms shown, "acepto" ticked) lives in
`user_data`; nothing is bought until "Confirmar compra" with the conditions accepted.

Callback data (`sms:<verb>:<community>:<bundle>`; every id is re-checked server-side):
`buy` card · `acc` tick · `conf` confirm · `no:<c>` cancel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler

from conversations.sms.balance import SMS, back_button, period_label, summary_buttons
from handlers import texts
from handlers.kit.callbacks import Callback
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, Draft, flow
from handlers.kit.guards import community_button, staff_of
from handlers.kit.replies import alert, edit_or_reply, esc
from handlers.kit.widgets import confirm_keyboard
from handlers.texts import sms as t
from models.clock import Clock
from models.core import Community
from models.local_time import local_date
from models.permissions import Action, NotAllowed
from models.sms import MONTHLY_ALLOWANCE, BundleUnavailable, SmsBundle, balance
from models.sms_purchases import (
    PURCHASE_VALIDITY_MONTHS,
    billing_period_for,
    format_clp,
    format_date,
    format_int,
    list_bundles,
    purchase,
    purchase_expiry,
)

log = logging.getLogger(__name__)

FLOW = "buy_sms"
CARD = "card"
CARD_VERBS = ("acc", "conf", "no")


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
        billing_period=billing_period_for(now, clock.zone),
        expires_on=local_date(purchase_expiry(now, clock.zone), clock.zone),
    )


@dataclass
class CardDraft(Draft):
    """The open purchase card: its community and message, the terms shown, the tick."""

    KIND: ClassVar[str] = FLOW

    community_id: int
    message_id: int
    bundle_id: int
    bundle_name: str
    sms_count: int
    price_clp: int
    billing_period: str  # ISO dates: the draft is stored as JSON
    expires_on: str
    accepted: bool = False

    @classmethod
    def of(cls, community_id: int, message_id: int, terms: Terms) -> CardDraft:
        draft = cls(community_id, message_id, 0, "", 0, 0, "", "")
        draft.promise(terms)
        return draft

    def promise(self, terms: Terms) -> None:
        """Show these terms on the card (the tick is cleared by the caller when they change)."""
        self.bundle_id, self.bundle_name = terms.bundle_id, terms.bundle_name
        self.sms_count, self.price_clp = terms.sms_count, terms.price_clp
        self.billing_period = terms.billing_period.isoformat()
        self.expires_on = terms.expires_on.isoformat()

    def terms(self) -> Terms:
        return Terms(
            bundle_id=self.bundle_id,
            bundle_name=self.bundle_name,
            sms_count=self.sms_count,
            price_clp=self.price_clp,
            billing_period=date.fromisoformat(self.billing_period),
            expires_on=date.fromisoformat(self.expires_on),
        )


def _card_view(
    community: Community, terms: Terms, accepted: bool
) -> tuple[str, InlineKeyboardMarkup]:
    text = t.CARD.format(
        comunidad=esc(community.name),
        bolsa=esc(terms.bundle_name),
        sms=format_int(terms.sms_count),
        costo=format_clp(terms.price_clp),
        periodo=period_label(terms.billing_period),
        meses=PURCHASE_VALIDITY_MONTHS,
        vence=format_date(terms.expires_on),
        mensuales=MONTHLY_ALLOWANCE,
    )
    text += t.CARD_HINT_CONFIRM if accepted else t.CARD_HINT_TICK
    toggle = SMS.button(
        t.BUTTON_ACCEPT_ON if accepted else t.BUTTON_ACCEPT_OFF,
        "acc",
        community.id,
        terms.bundle_id,
    )
    cancel = SMS.button(texts.BUTTON_CANCEL, "no", community.id)
    if not accepted:
        return text, InlineKeyboardMarkup([[toggle], [cancel]])
    confirm = SMS.button(t.BUTTON_CONFIRM, "conf", community.id, terms.bundle_id)
    last_row = confirm_keyboard(confirm, cancel).inline_keyboard
    return text, InlineKeyboardMarkup([[toggle], *last_row])


def _draft_for(update: Update, context: BotContext, callback: Callback) -> CardDraft | None:
    """The open card this button belongs to: same community, bundle and message."""
    draft = CardDraft.load(context)
    query = update.callback_query
    if draft is None or query is None or query.message is None:
        return None
    if draft.community_id != callback.int_arg(0):
        return None
    if draft.message_id != query.message.message_id:
        return None
    if callback.verb != "no" and draft.bundle_id != callback.int_arg(1):
        return None
    return draft


async def _active_bundle(bundle_id: int | None) -> SmsBundle | None:
    return next((b for b in await list_bundles() if b.id == bundle_id), None)


async def open_card(update: Update, context: BotContext) -> str | None:
    """«Comprar <bolsa>»: the confirmation card, conditions not yet accepted."""
    found = await community_button(update, context, Action.BUY_SMS)
    query = update.callback_query
    if found is None or query is None:
        return None
    if query.message is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    bundle = await _active_bundle(found.callback.int_arg(1))
    if bundle is None:
        await alert(update, t.BUNDLE_UNAVAILABLE)
        return None
    terms = _terms(bundle, context.deps.clock)
    CardDraft.of(found.community.id, query.message.message_id, terms).save(context)
    text, markup = _card_view(found.community, terms, accepted=False)
    await edit_or_reply(update, text, reply_markup=markup)
    return CARD


async def toggle_accept(update: Update, context: BotContext) -> str | None:
    """«Acepto las condiciones»: tick or untick; "Confirmar compra" shows only when ticked."""
    found = await community_button(update, context, Action.BUY_SMS)
    if found is None:
        return None
    draft = _draft_for(update, context, found.callback)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    draft.accepted = not draft.accepted
    draft.save(context)
    text, markup = _card_view(found.community, draft.terms(), draft.accepted)
    await edit_or_reply(update, text, reply_markup=markup)
    return CARD


async def confirm_purchase(update: Update, context: BotContext) -> str | int | None:
    """«Confirmar compra»: buy the bundle on the card, if the conditions were accepted."""
    found = await community_button(update, context, Action.BUY_SMS)
    query = update.callback_query
    if found is None or query is None:
        return None
    community = found.community
    draft = _draft_for(update, context, found.callback)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    if not draft.accepted:
        # Only a forged or stale button gets here: the card offers no confirm until ticked.
        await alert(update, t.NOT_ACCEPTED)
        return None
    promised = draft.terms()
    bundle = await _active_bundle(promised.bundle_id)
    if bundle is None:
        CardDraft.drop(context)
        await alert(update, t.BUNDLE_UNAVAILABLE)
        return END
    current = _terms(bundle, context.deps.clock)
    if not current.same_deal(promised):
        draft.promise(current)
        draft.accepted = False
        draft.save(context)
        await alert(update, t.TERMS_CHANGED)
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
            await alert(update, texts.DENIALS[refused.reason])
        return None
    except BundleUnavailable:
        CardDraft.drop(context)
        await alert(update, t.BUNDLE_UNAVAILABLE)
        return END
    CardDraft.drop(context)
    now = await balance(community.id, clock=context.deps.clock)
    zone = context.deps.clock.zone
    text = t.PURCHASE_DONE.format(
        bolsa=esc(record.bundle_name),
        sms=format_int(record.sms_count),
        costo=format_clp(record.price_clp),
        periodo=period_label(record.billing_period),
        vence=format_date(local_date(purchase_expiry(record.purchased_at, zone), zone)),
        disponible=format_int(now.available),
    )
    await edit_or_reply(update, text, reply_markup=summary_buttons(community))
    return END


async def cancel_card(update: Update, context: BotContext) -> int | None:
    """«Cancelar» on the card: close it, buy nothing."""
    found = await community_button(update, context, Action.VIEW_SMS)
    if found is None:
        return None
    if _draft_for(update, context, found.callback) is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    CardDraft.drop(context)
    markup = InlineKeyboardMarkup([back_button(found.community)])
    await edit_or_reply(update, t.PURCHASE_CANCELLED, reply_markup=markup)
    return END


async def card_button_outside_flow(update: Update, context: BotContext) -> None:
    """A card button with no card open (old, finished or forged): refuse, buy nothing."""
    if await community_button(update, context, Action.BUY_SMS) is None:
        return
    await alert(update, texts.STALE_BUTTON)


def build_card_flow(config: ChatConfig) -> BaseHandler[Any, Any, Any]:
    """The purchase card, from «Comprar <bolsa>» to «Confirmar compra» or «Cancelar»."""
    return flow(
        FLOW,
        config=config,
        entry_points=[SMS.on(open_card, "buy")],
        states={
            CARD: [
                SMS.on(toggle_accept, "acc"),
                SMS.on(confirm_purchase, "conf"),
                SMS.on(cancel_card, "no"),
            ]
        },
    )
