"""/entregar: hand an item over and tell the residents.

The pickup code (typed, or `/entregar <código>`), or "Buscar por inmueble" → the property's
pending items → one → who collects (typed) → "Confirmar entrega" → done. An "Entregar <código>"
button under /pendientes enters at "who collects".

Callback data (namespace `cor`): `dp` (search by property), `dh:<property>` / `dq:<page>`
(its picker), `di:<item>` (deliver this item — also the entry from /pendientes), `dok`
(confirm delivery).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.correspondence.common import (
    NS,
    PICKER_SIZE,
    DeliverDraft,
    InFlow,
    Next,
    State,
    button,
    cancel_row,
    denial_text,
    desk_for,
    drop_drafts,
    in_flow,
    property_keyboard,
    property_of_button,
    refusal_text,
)
from handlers import texts
from handlers.correspondence import item_card, kind_label, when
from handlers.kit.callbacks import callback_arg, callback_id, callback_of, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import END
from handlers.kit.guards import permit, staff_of
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard, page_buttons, picker_text
from handlers.texts import correspondence as t
from models.core import Community, Property
from models.correspondence import (
    CorrespondenceItem,
    CorrespondenceRefused,
    ItemStatus,
    Refusal,
    clean_collector,
    deliver,
    find_by_code,
    last_delivered_with_code,
    pending_items,
)
from models.permissions import Action, NotAllowed, community_ids_in_scope
from models.properties import clean_query, collectors, search_properties

log = logging.getLogger(__name__)


async def _in_flow(update: Update, context: BotContext) -> InFlow[DeliverDraft] | None:
    return await in_flow(update, context, DeliverDraft, Action.DELIVER_CORRESPONDENCE)


def _by_property_row() -> list[InlineKeyboardButton]:
    return [button(t.BUTTON_BY_PROPERTY, "dp"), *cancel_row()]


def delivered_refusal(item: CorrespondenceItem, context: BotContext) -> str:
    """An item already handed over: to whom and when."""
    detail = ""
    if item.delivered_at is not None:
        detail = t.ALREADY_DELIVERED_DETAIL.format(
            quien=esc(item.delivered_to or ""), fecha=when(item.delivered_at, context)
        )
    return t.REFUSALS[Refusal.ALREADY_DELIVERED.value].format(detalle=detail)


# --- the pickup code -------------------------------------------------------------------------


async def start_deliver(update: Update, context: BotContext) -> Next:
    """/entregar: the pickup code, or search by property."""
    drop_drafts(context)
    desk = await desk_for(update, context, Action.DELIVER_CORRESPONDENCE)
    if desk is None:
        return END
    draft = DeliverDraft(cid=desk.community.id).save(context)
    code = "".join(context.args or [])
    if code:
        return await _code(update, context, desk.community, draft, code)
    text = t.ASK_CODE.format(comunidad=esc(desk.community.name))
    await reply(update, text, reply_markup=InlineKeyboardMarkup([_by_property_row()]))
    return State.CODE


async def _code(
    update: Update, context: BotContext, community: Community, draft: DeliverDraft, code: str
) -> Next:
    item = await find_by_code(community.id, code)
    if item is None:
        delivered = await last_delivered_with_code(community.id, code)
        if delivered is not None:
            await reply(update, delivered_refusal(delivered, context))
        else:
            await reply(update, refusal_text(Refusal.UNKNOWN_CODE, " ".join(code.split())[:20]))
        return State.CODE
    return await _ask_who(update, context, draft, item)


async def code_typed(update: Update, context: BotContext) -> Next:
    """The typed pickup code: the item, then who collects it."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    return await _code(update, context, step.community, step.draft, typed(update))


async def code_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the code was expected."""
    await reply(update, t.EXPECTED_CODE_TEXT)


# --- by property -----------------------------------------------------------------------------


async def _show_picker(
    update: Update, context: BotContext, community: Community, query: str, page: int
) -> Next:
    found = await search_properties(community.id, query, page=page, page_size=PICKER_SIZE)
    keyboard = property_keyboard(found, "dh", "dq")
    await edit_or_reply(
        update, picker_text(t.ASK_DELIVER_PROPERTY, found, query), reply_markup=keyboard
    )
    return State.DELIVER_PROPERTY


async def by_property(update: Update, context: BotContext) -> Next:
    """ "Buscar por inmueble": which property?"""
    step = await _in_flow(update, context)
    if step is None:
        return END
    step.draft.q = ""
    step.draft.listing = False
    step.draft.save(context)
    return await _show_picker(update, context, step.community, "", 0)


async def property_typed(update: Update, context: BotContext) -> Next:
    """The typed number or name: the property's pending items when only one matches."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    community = step.community
    query = clean_query(typed(update))
    matches = await search_properties(community.id, query, page_size=PICKER_SIZE)
    if matches.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query), comunidad=esc(community.name)))
        return None
    if matches.total == 1:
        return await _show_property_items(update, context, step.draft, matches.items[0])
    step.draft.q = query
    step.draft.save(context)
    return await _show_picker(update, context, community, query, 0)


async def property_page(update: Update, context: BotContext) -> Next:
    """A page button of the property picker (delivery)."""
    raw = callback_arg(update)
    step = await _in_flow(update, context)
    if step is None:
        return END
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return None
    return await _show_picker(update, context, step.community, step.draft.q or "", int(raw))


async def property_chosen(update: Update, context: BotContext) -> Next:
    """A property button: its pending items."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    prop = await property_of_button(update, step.community)
    if prop is None:
        return None
    return await _show_property_items(update, context, step.draft, prop)


ITEMS_PER_PAGE = 10


async def _show_property_items(
    update: Update, context: BotContext, draft: DeliverDraft, prop: Property, page: int = 0
) -> Next:
    items = await pending_items(
        prop.community_id, property_id=prop.id, page=page, page_size=ITEMS_PER_PAGE
    )
    draft.listing = items.total > 0
    draft.save(context)
    if items.total == 0:
        await edit_or_reply(
            update,
            t.PROPERTY_NOTHING_PENDING.format(inmueble=esc(prop.name)),
            reply_markup=InlineKeyboardMarkup([_by_property_row()]),
        )
        return State.DELIVER_PROPERTY
    rows = [
        [
            button(
                t.ITEM_BUTTON.format(
                    codigo=item.pickup_code,
                    tipo=kind_label(item.kind),
                    fecha=when(item.received_at, context, t.SHORT_WHEN_FORMAT),
                ),
                "di",
                item.id,
            )
        ]
        for item in items.items
    ]
    nav = page_buttons(items, lambda number: pack(NS, "dip", prop.id, number))
    if nav:
        rows.append(nav)
    rows.append(cancel_row())
    await edit_or_reply(
        update,
        t.PROPERTY_PENDING.format(inmueble=esc(prop.name), total=items.total),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return State.DELIVER_ITEM


async def items_page(update: Update, context: BotContext) -> Next:
    """A page button of a property's pending items."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    callback = callback_of(update)
    page = callback.number_arg(1) if callback else None
    if page is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    prop = await property_of_button(update, step.community)
    if prop is None:
        return None
    return await _show_property_items(update, context, step.draft, prop, page)


# --- the item and who collects it ------------------------------------------------------------


async def item_chosen(update: Update, context: BotContext) -> Next:
    """An item button (here or in /pendientes): who collects it?"""
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, Action.DELIVER_CORRESPONDENCE, None)
        return None
    item_id = callback_id(update)
    item = (
        await CorrespondenceItem.get_or_none(id=item_id).select_related("property")
        if item_id is not None
        else None
    )
    if item is None or item.community_id not in await community_ids_in_scope(staff):
        await alert(update, refusal_text(Refusal.ITEM_NOT_FOUND))
        return None
    if not await permit(update, context, Action.DELIVER_CORRESPONDENCE, item.community_id):
        return None
    if item.status is not ItemStatus.PENDING:
        await alert(update, delivered_refusal(item, context))
        return None
    previous = DeliverDraft.load(context)
    # From this flow's list of a property the list becomes the question; from /pendientes the
    # list stays and the question comes below it.
    fresh = previous is None or not previous.listing
    draft = DeliverDraft(cid=item.community_id).save(context)
    return await _ask_who(update, context, draft, item, fresh=fresh)


async def _ask_who(
    update: Update,
    context: BotContext,
    draft: DeliverDraft,
    item: CorrespondenceItem,
    *,
    fresh: bool = False,
) -> Next:
    draft.item = item.id
    draft.save(context)
    known = await collectors(item.property_id)
    rows = [[button(cut(c.name, 40), "wr", c.resident_id)] for c in known]
    text = t.ASK_WHO_OR_PICK if known else t.ASK_WHO
    send = reply if fresh else edit_or_reply
    await send(
        update,
        text.format(tarjeta=item_card(item, context)),
        reply_markup=InlineKeyboardMarkup([*rows, cancel_row()]),
    )
    return State.WHO


async def _draft_item(
    update: Update, context: BotContext, draft: DeliverDraft, community: Community
) -> CorrespondenceItem | None:
    """The draft's item, if it is still there and still pending (else told, draft dropped)."""
    item = (
        await CorrespondenceItem.get_or_none(
            id=draft.item, community_id=community.id
        ).select_related("property")
        if draft.item is not None
        else None
    )
    if item is None:
        drop_drafts(context)
        await alert(update, refusal_text(Refusal.ITEM_NOT_FOUND))
        return None
    if item.status is not ItemStatus.PENDING:
        drop_drafts(context)
        await alert(update, delivered_refusal(item, context))
        return None
    return item


async def who_typed(update: Update, context: BotContext) -> Next:
    """Who collects, typed: then the confirmation."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    try:
        name = clean_collector(typed(update))
    except CorrespondenceRefused as refused:
        await reply(update, refusal_text(refused.reason))
        return None
    return await _confirm_who(update, context, step, name)


async def who_chosen(update: Update, context: BotContext) -> Next:
    """A resident's button: they collect it; then the confirmation."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    item = await _draft_item(update, context, step.draft, step.community)
    if item is None:
        return END
    chosen = {c.resident_id: c.name for c in await collectors(item.property_id)}
    name = chosen.get(callback_id(update) or 0)
    if name is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    return await _confirm_who(update, context, step, clean_collector(name))


async def _confirm_who(
    update: Update, context: BotContext, step: InFlow[DeliverDraft], name: str
) -> Next:
    item = await _draft_item(update, context, step.draft, step.community)
    if item is None:
        return END
    step.draft.who = name
    step.draft.save(context)
    text = t.CONFIRM_DELIVERY.format(tarjeta=item_card(item, context), quien=esc(name))
    keyboard = confirm_keyboard(
        button(t.BUTTON_CONFIRM_DELIVERY, "dok"), button(texts.BUTTON_CANCEL, "no")
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return State.DELIVER_CONFIRM


async def who_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the name was expected."""
    await reply(update, t.EXPECTED_WHO_TEXT)


async def confirm_delivery(update: Update, context: BotContext) -> Next:
    """ "Confirmar entrega": recorded, and the residents are told."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    draft = step.draft
    if draft.item is None:  # only a forged button gets here
        drop_drafts(context)
        await alert(update, texts.STALE_BUTTON)
        return END
    try:
        result = await deliver(
            step.staff,
            step.community.id,
            item_id=draft.item,
            collected_by=draft.who or "",
            clock=context.deps.clock,
        )
    except NotAllowed as denied:
        drop_drafts(context)
        await alert(update, denial_text(denied))
        return END
    except CorrespondenceRefused as refused:
        drop_drafts(context)
        if refused.reason is Refusal.ALREADY_DELIVERED and refused.item is not None:
            await alert(update, delivered_refusal(refused.item, context))
        else:
            await alert(update, refusal_text(refused.reason))
        return END
    drop_drafts(context)
    item = result.item
    assert item.delivered_at is not None
    notices = (
        t.DELIVERED_NOTICES.format(correos=result.emails, chats=result.chats)
        if result.emails or result.chats
        else ""
    )
    text = t.DELIVERED.format(
        tipo=kind_label(item.kind),
        inmueble=esc(item.property.name),
        codigo=item.pickup_code,
        quien=esc(item.delivered_to or ""),
        fecha=when(item.delivered_at, context),
        avisos=notices,
    )
    await edit_or_reply(update, text)
    return END
