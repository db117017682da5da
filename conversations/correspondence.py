"""/correspondencia and /entregar: log an item and tell the residents; hand an item over.

Every staff profile. Logging and delivering are changes, so a test user is refused at the
command (and on any button of these flows); `/pendientes` stays open to them.

`/correspondencia [número]`: property (typed number or name → buttons for the matches; one match
goes straight on) → kind (buttons) → sender (a carrier button, typed, or "Omitir") → photo
(send one, or "Omitir"; a caption becomes the note) → summary card with "Guardar" / "Cancelar"
(and "Agregar nota") → saved: the pickup code and what was sent (SMS / correo / Telegram, or why
not). `/entregar [código]`: the pickup code, or "Buscar por inmueble" → the property's pending
items → one → who collects (typed) → "Confirmar entrega" → done; the residents are told.

Both flows are one conversation, so an answer typed for one is never taken by the other. The
draft is JSON in `user_data["draft"]`; the database is written only by "Guardar" and
"Confirmar entrega", which re-check the person's permission and scope.

Callback data, namespace `cor`: `p:<property>` / `pp:<page>` (property picker), `k:<kind>`,
`s:<carrier index>`, `skip`, `note`, `save`, `more` (log another), `no` (cancel);
`dp` (deliver: search by property), `dh:<property>` / `dq:<page>` (its picker), `di:<item>`
(deliver this item — also the entry from /pendientes), `dok` (confirm delivery).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import texts
from handlers.correspondence import item_card, kind_label, picker_text, property_picker, when
from handlers.kit.callbacks import Namespace, callback_arg, callback_id, pack
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import DRAFT, flow, user_data
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.texts import correspondence as t
from models.core import Community, Property, StaffUser
from models.correspondence import (
    MAX_COLLECTOR,
    MAX_NOTE,
    MAX_SENDER,
    CorrespondenceItem,
    CorrespondenceRefused,
    ItemKind,
    ItemStatus,
    LogResult,
    Refusal,
    SmsOutcome,
    clean_collector,
    deliver,
    find_by_code,
    last_delivered_with_code,
    log_item,
    pending_items,
)
from models.mobile import format_mobile
from models.permissions import Action, NotAllowed, community_ids_in_scope
from models.properties import clean_query, search_properties

log = logging.getLogger(__name__)

NS = "cor"
END = ConversationHandler.END
LOG_DRAFT = "cor_log"
DELIVER_DRAFT = "cor_deliver"

# Flow states (strings: they are persisted as JSON).
PROPERTY = "cor_property"
KIND = "cor_kind"
SENDER = "cor_sender"
PHOTO = "cor_photo"
CONFIRM = "cor_confirm"
NOTE = "cor_note"
CODE = "cor_code"
DELIVER_PROPERTY = "cor_dproperty"
DELIVER_ITEM = "cor_ditem"
WHO = "cor_who"
DELIVER_CONFIRM = "cor_dconfirm"

TYPED = filters.TEXT & ~filters.COMMAND
NOT_TYPED = ~filters.TEXT & ~filters.COMMAND
CARRIERS: tuple[str, ...] = (
    "Starken",
    "Chilexpress",
    "Correos de Chile",
    "Blue Express",
    "Mercado Libre",
)
PICKER_SIZE = 8


_button = Namespace(NS).button


def _typed(update: Update) -> str:
    message = update.effective_message
    return message.text if message is not None and message.text else ""


def _draft(context: BotContext, kind: str) -> dict[str, Any] | None:
    draft = user_data(context).get(DRAFT)
    return draft if isinstance(draft, dict) and draft.get("kind") == kind else None


def _drop_draft(context: BotContext) -> None:
    draft = user_data(context).get(DRAFT)
    if isinstance(draft, dict) and draft.get("kind") in (LOG_DRAFT, DELIVER_DRAFT):
        user_data(context).pop(DRAFT, None)


def _cancel_row() -> list[InlineKeyboardButton]:
    return [_button(t.BUTTON_CANCEL, "no")]


_LIMITS: dict[Refusal, int] = {
    Refusal.SENDER_TOO_LONG: MAX_SENDER,
    Refusal.NOTE_TOO_LONG: MAX_NOTE,
    Refusal.NAME_TOO_LONG: MAX_COLLECTOR,
}


def _refusal(reason: Refusal, code: str = "") -> str:
    """The Spanish message of a refusal (an already delivered item: see `_delivered_refusal`)."""
    return t.REFUSALS[reason.value].format(
        detalle="", max=_LIMITS.get(reason, ""), codigo=esc(code)
    )


# --- the community and permissions -----------------------------------------------------------


async def _community_for(
    update: Update, context: BotContext, action: Action, community_id: int | None = None
) -> tuple[StaffUser, Community] | None:
    """The staff member and the community (the draft's, else the working one), if allowed."""
    staff = staff_of(context)
    community: Community | None
    if community_id is not None:
        community = await Community.get_or_none(id=community_id)
    else:
        community = await current_community(context)
    if not await permit(update, context, action, community.id if community else None):
        return None
    if staff is None or community is None:  # permit() refuses both; this is for the types
        return None
    return staff, community


async def _log_draft(
    update: Update, context: BotContext, action: Action = Action.LOG_CORRESPONDENCE
) -> tuple[StaffUser, Community, dict[str, Any]] | None:
    """The logging draft and its community, still allowed; a stale button otherwise."""
    draft = _draft(context, LOG_DRAFT)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    allowed = await _community_for(update, context, action, int(draft["cid"]))
    if allowed is None:
        _drop_draft(context)
        return None
    return allowed[0], allowed[1], draft


async def _draft_property(draft: dict[str, Any]) -> Property | None:
    pid = draft.get("pid")
    if pid is None:
        return None
    return await Property.get_or_none(id=int(pid), community_id=int(draft["cid"]))


# --- /correspondencia: the property ----------------------------------------------------------


async def _show_log_picker(
    update: Update,
    context: BotContext,
    community: Community,
    query: str,
    page: int,
    *,
    fresh: bool = False,
) -> object:
    found = await search_properties(community.id, query, page=page, page_size=PICKER_SIZE)
    if found.total == 0 and not query:
        _drop_draft(context)
        await edit_or_reply(update, t.NO_PROPERTIES.format(comunidad=esc(community.name)))
        return END
    title = t.ASK_PROPERTY.format(comunidad=esc(community.name))
    keyboard = property_picker(
        found,
        lambda pid: pack(NS, "p", pid),
        lambda number: pack(NS, "pp", number),
        [_cancel_row()],
    )
    send = reply if fresh else edit_or_reply
    await send(update, picker_text(title, found, query), reply_markup=keyboard)
    return PROPERTY


async def start_log(update: Update, context: BotContext) -> object:
    """/correspondencia: which property? (typed number or name, or its button)."""
    _drop_draft(context)
    allowed = await _community_for(update, context, Action.LOG_CORRESPONDENCE)
    if allowed is None:
        return END
    community = allowed[1]
    draft: dict[str, Any] = {"kind": LOG_DRAFT, "cid": community.id, "q": ""}
    user_data(context)[DRAFT] = draft
    typed = clean_query(" ".join(context.args or []))
    if typed:
        return await _search(update, context, community, draft, typed)
    return await _show_log_picker(update, context, community, "", 0, fresh=True)


async def _search(
    update: Update,
    context: BotContext,
    community: Community,
    draft: dict[str, Any],
    query: str,
) -> object:
    found = await search_properties(community.id, query, page_size=PICKER_SIZE)
    if found.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query), comunidad=esc(community.name)))
        return PROPERTY
    if found.total == 1:
        return await _ask_kind(update, context, draft, found.items[0])
    draft["q"] = query
    return await _show_log_picker(update, context, community, query, 0, fresh=True)


async def property_typed(update: Update, context: BotContext) -> object:
    """The typed number or name: straight on when only one property matches."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    _, community, draft = found
    query = clean_query(_typed(update))
    if not query:
        await reply(update, t.EXPECTED_PROPERTY_TEXT)
        return None
    return await _search(update, context, community, draft, query)


async def property_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_PROPERTY_TEXT)


async def property_page(update: Update, context: BotContext) -> object:
    """A page button of the property picker."""
    raw = callback_arg(update)
    found = await _log_draft(update, context)
    if found is None:
        return END
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return None
    _, community, draft = found
    return await _show_log_picker(update, context, community, str(draft.get("q") or ""), int(raw))


async def property_chosen(update: Update, context: BotContext) -> object:
    """A property button: then the kind."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    _, community, draft = found
    pid = callback_id(update)
    prop = (
        await Property.get_or_none(id=pid, community_id=community.id) if pid is not None else None
    )
    if prop is None:
        await alert(update, texts.PROPERTY_GONE)
        return None
    return await _ask_kind(update, context, draft, prop)


async def _ask_kind(
    update: Update, context: BotContext, draft: dict[str, Any], prop: Property
) -> object:
    draft["pid"] = prop.id
    kinds = [_button(kind_label(kind), "k", kind.value) for kind in ItemKind]
    keyboard = InlineKeyboardMarkup([kinds[:2], kinds[2:], _cancel_row()])
    await edit_or_reply(update, t.ASK_KIND.format(inmueble=esc(prop.name)), reply_markup=keyboard)
    return KIND


# --- kind, sender, photo, note -------------------------------------------------------------


async def kind_chosen(update: Update, context: BotContext) -> object:
    """A kind button: then the sender."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    try:
        kind = ItemKind(callback_arg(update))
    except ValueError:
        await alert(update, texts.STALE_BUTTON)
        return None
    found[2]["item_kind"] = kind.value
    carriers = [_button(name, "s", index) for index, name in enumerate(CARRIERS)]
    rows = [carriers[i : i + 2] for i in range(0, len(carriers), 2)]
    rows.append([_button(t.BUTTON_SKIP, "skip"), _button(t.BUTTON_CANCEL, "no")])
    await edit_or_reply(update, t.ASK_SENDER, reply_markup=InlineKeyboardMarkup(rows))
    return SENDER


async def _ask_photo(update: Update, draft: dict[str, Any]) -> object:
    keyboard = InlineKeyboardMarkup([[_button(t.BUTTON_SKIP, "skip"), *_cancel_row()]])
    await edit_or_reply(update, t.ASK_PHOTO, reply_markup=keyboard)
    return PHOTO


async def sender_typed(update: Update, context: BotContext) -> object:
    """The sender as typed: then the photo."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    sender = " ".join(_typed(update).split())
    if len(sender) > MAX_SENDER:
        await reply(update, _refusal(Refusal.SENDER_TOO_LONG))
        return None
    found[2]["sender"] = sender or None
    return await _ask_photo(update, found[2])


async def carrier_chosen(update: Update, context: BotContext) -> object:
    """A carrier button: then the photo."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    raw = callback_arg(update)
    if not raw.isdigit() or int(raw) >= len(CARRIERS):
        await alert(update, texts.STALE_BUTTON)
        return None
    found[2]["sender"] = CARRIERS[int(raw)]
    return await _ask_photo(update, found[2])


async def sender_skipped(update: Update, context: BotContext) -> object:
    """ "Omitir" the sender: then the photo."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    found[2]["sender"] = None
    return await _ask_photo(update, found[2])


async def sender_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the sender was expected."""
    await reply(update, t.EXPECTED_SENDER_TEXT)


async def photo_received(update: Update, context: BotContext) -> object:
    """The photo (its caption, if any, becomes the note): then the summary."""
    found = await _log_draft(update, context)
    message = update.effective_message
    if found is None or message is None or not message.photo:
        return END
    draft = found[2]
    # Telegram sends several sizes of a photo; the largest is the one worth showing.
    best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
    draft["photo"] = best.file_id
    caption = " ".join((message.caption or "").split())
    if caption:
        draft["note"] = caption[:MAX_NOTE]
    return await _show_summary(update, context, found[1], draft)


async def photo_skipped(update: Update, context: BotContext) -> object:
    """ "Omitir" the photo: then the summary."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    found[2]["photo"] = None
    return await _show_summary(update, context, found[1], found[2])


async def photo_as_text(update: Update, context: BotContext) -> None:
    """Text where the photo was expected."""
    await reply(update, t.EXPECTED_PHOTO)


async def photo_as_file(update: Update, context: BotContext) -> None:
    """A file (or anything else) where the photo was expected."""
    message = update.effective_message
    await reply(update, t.PHOTO_AS_FILE if message and message.document else t.EXPECTED_PHOTO)


async def ask_note(update: Update, context: BotContext) -> object:
    """ "Agregar nota": ask for it."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    await edit_or_reply(update, t.ASK_NOTE, reply_markup=InlineKeyboardMarkup([_cancel_row()]))
    return NOTE


async def note_typed(update: Update, context: BotContext) -> object:
    """The note: back to the summary."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    note = " ".join(_typed(update).split())
    if len(note) > MAX_NOTE:
        await reply(update, _refusal(Refusal.NOTE_TOO_LONG))
        return None
    found[2]["note"] = note or None
    return await _show_summary(update, context, found[1], found[2])


async def note_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the note was expected."""
    await reply(update, t.EXPECTED_NOTE_TEXT)


async def _show_summary(
    update: Update, context: BotContext, community: Community, draft: dict[str, Any]
) -> object:
    prop = await _draft_property(draft)
    if prop is None:
        _drop_draft(context)
        await alert(update, texts.PROPERTY_GONE)
        return END
    text = t.SUMMARY.format(
        inmueble=esc(prop.name),
        tipo=kind_label(draft["item_kind"]),
        remitente=esc(draft.get("sender") or t.SUMMARY_NONE),
        foto=t.SUMMARY_PHOTO_YES if draft.get("photo") else t.SUMMARY_PHOTO_NO,
        nota=esc(draft.get("note") or t.SUMMARY_NONE),
    )
    keyboard = InlineKeyboardMarkup(
        [
            [_button(t.BUTTON_SAVE, "save"), _button(t.BUTTON_CANCEL, "no")],
            [_button(t.BUTTON_EDIT_NOTE if draft.get("note") else t.BUTTON_ADD_NOTE, "note")],
        ]
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return CONFIRM


# --- saving ----------------------------------------------------------------------------------


def notices_text(result: LogResult) -> str:
    """What went out for a logged item, or why not, one line per channel (HTML)."""
    if result.sms is SmsOutcome.QUEUED:
        sms = t.NOTICE_SMS_QUEUED.format(celular=esc(format_mobile(result.sms_recipient or "")))
    elif result.sms is SmsOutcome.NO_BALANCE:
        sms = t.NOTICE_SMS_NO_BALANCE
    else:
        sms = t.NOTICE_SMS_NO_MOBILE
    email = t.NOTICE_EMAIL_SENT.format(n=result.emails) if result.emails else t.NOTICE_EMAIL_NONE
    chat = t.NOTICE_CHAT_SENT.format(n=result.chats) if result.chats else t.NOTICE_CHAT_NONE
    return "\n".join([sms, email, chat])


async def save(update: Update, context: BotContext) -> object:
    """ "Guardar": the item is saved and the residents notified; say the code and what went."""
    found = await _log_draft(update, context)
    if found is None:
        return END
    staff, community, draft = found
    try:
        result = await log_item(
            staff,
            community.id,
            int(draft["pid"]),
            draft["item_kind"],
            draft.get("sender"),
            draft.get("note"),
            draft.get("photo"),
            clock=context.deps.clock,
        )
    except NotAllowed as denied:
        _drop_draft(context)
        await alert(update, texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON)
        return END
    except CorrespondenceRefused as refused:
        _drop_draft(context)
        await alert(update, _refusal(refused.reason))
        return END
    _drop_draft(context)
    item = result.item
    prop = await Property.get(id=item.property_id)
    text = t.LOGGED.format(
        tipo=kind_label(item.kind),
        inmueble=esc(prop.name),
        codigo=item.pickup_code,
        avisos=notices_text(result),
    )
    keyboard = InlineKeyboardMarkup([[_button(t.BUTTON_ANOTHER, "more")]])
    await edit_or_reply(update, text, reply_markup=keyboard)
    return END


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar": nothing is saved."""
    _drop_draft(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END


# --- /entregar -------------------------------------------------------------------------------


async def _deliver_draft(
    update: Update, context: BotContext, action: Action = Action.DELIVER_CORRESPONDENCE
) -> tuple[StaffUser, Community, dict[str, Any]] | None:
    draft = _draft(context, DELIVER_DRAFT)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    allowed = await _community_for(update, context, action, int(draft["cid"]))
    if allowed is None:
        _drop_draft(context)
        return None
    return allowed[0], allowed[1], draft


async def start_deliver(update: Update, context: BotContext) -> object:
    """/entregar: the pickup code, or search by property."""
    _drop_draft(context)
    allowed = await _community_for(update, context, Action.DELIVER_CORRESPONDENCE)
    if allowed is None:
        return END
    community = allowed[1]
    draft: dict[str, Any] = {"kind": DELIVER_DRAFT, "cid": community.id, "q": ""}
    user_data(context)[DRAFT] = draft
    typed = "".join(context.args or [])
    if typed:
        return await _code(update, context, community, draft, typed)
    keyboard = InlineKeyboardMarkup([[_button(t.BUTTON_BY_PROPERTY, "dp"), *_cancel_row()]])
    await reply(update, t.ASK_CODE.format(comunidad=esc(community.name)), reply_markup=keyboard)
    return CODE


async def _code(
    update: Update,
    context: BotContext,
    community: Community,
    draft: dict[str, Any],
    typed: str,
) -> object:
    item = await find_by_code(community.id, typed)
    if item is None:
        delivered = await last_delivered_with_code(community.id, typed)
        if delivered is not None:
            await reply(update, _delivered_refusal(delivered, context))
        else:
            await reply(update, _refusal(Refusal.UNKNOWN_CODE, " ".join(typed.split())[:20]))
        return CODE
    return await _ask_who(update, context, draft, item)


def _delivered_refusal(item: CorrespondenceItem, context: BotContext) -> str:
    detail = ""
    if item.delivered_at is not None:
        detail = t.ALREADY_DELIVERED_DETAIL.format(
            quien=esc(item.delivered_to or ""), fecha=when(item.delivered_at, context)
        )
    return t.REFUSALS[Refusal.ALREADY_DELIVERED.value].format(detalle=detail)


async def code_typed(update: Update, context: BotContext) -> object:
    """The typed pickup code: the item, then who collects it."""
    found = await _deliver_draft(update, context)
    if found is None:
        return END
    return await _code(update, context, found[1], found[2], _typed(update))


async def code_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the code was expected."""
    await reply(update, t.EXPECTED_CODE_TEXT)


async def _show_deliver_picker(
    update: Update, context: BotContext, community: Community, query: str, page: int
) -> object:
    found = await search_properties(community.id, query, page=page, page_size=PICKER_SIZE)
    keyboard = property_picker(
        found,
        lambda pid: pack(NS, "dh", pid),
        lambda number: pack(NS, "dq", number),
        [_cancel_row()],
    )
    await edit_or_reply(
        update, picker_text(t.ASK_DELIVER_PROPERTY, found, query), reply_markup=keyboard
    )
    return DELIVER_PROPERTY


async def by_property(update: Update, context: BotContext) -> object:
    """ "Buscar por inmueble": which property?"""
    found = await _deliver_draft(update, context)
    if found is None:
        return END
    found[2].update({"q": "", "listing": False})
    return await _show_deliver_picker(update, context, found[1], "", 0)


async def deliver_property_typed(update: Update, context: BotContext) -> object:
    """The typed number or name: the property's pending items when only one matches."""
    found = await _deliver_draft(update, context)
    if found is None:
        return END
    _, community, draft = found
    query = clean_query(_typed(update))
    matches = await search_properties(community.id, query, page_size=PICKER_SIZE)
    if matches.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query), comunidad=esc(community.name)))
        return None
    if matches.total == 1:
        return await _show_property_items(update, context, draft, matches.items[0])
    draft["q"] = query
    return await _show_deliver_picker(update, context, community, query, 0)


async def deliver_property_page(update: Update, context: BotContext) -> object:
    """A page button of the property picker (delivery)."""
    raw = callback_arg(update)
    found = await _deliver_draft(update, context)
    if found is None:
        return END
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return None
    return await _show_deliver_picker(
        update, context, found[1], str(found[2].get("q") or ""), int(raw)
    )


async def deliver_property_chosen(update: Update, context: BotContext) -> object:
    """A property button: its pending items."""
    found = await _deliver_draft(update, context)
    if found is None:
        return END
    pid = callback_id(update)
    prop = (
        await Property.get_or_none(id=pid, community_id=found[1].id) if pid is not None else None
    )
    if prop is None:
        await alert(update, texts.PROPERTY_GONE)
        return None
    return await _show_property_items(update, context, found[2], prop)


async def _show_property_items(
    update: Update, context: BotContext, draft: dict[str, Any], prop: Property
) -> object:
    items = await pending_items(prop.community_id, property_id=prop.id, page_size=20)
    draft["listing"] = items.total > 0
    if items.total == 0:
        keyboard = InlineKeyboardMarkup([[_button(t.BUTTON_BY_PROPERTY, "dp"), *_cancel_row()]])
        await edit_or_reply(
            update,
            t.PROPERTY_NOTHING_PENDING.format(inmueble=esc(prop.name)),
            reply_markup=keyboard,
        )
        return DELIVER_PROPERTY
    rows = [
        [
            _button(
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
    rows.append(_cancel_row())
    await edit_or_reply(
        update,
        t.PROPERTY_PENDING.format(inmueble=esc(prop.name), total=items.total),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return DELIVER_ITEM


async def item_chosen(update: Update, context: BotContext) -> object:
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
        await alert(update, _refusal(Refusal.ITEM_NOT_FOUND))
        return None
    if not await permit(update, context, Action.DELIVER_CORRESPONDENCE, item.community_id):
        return None
    if item.status is not ItemStatus.PENDING:
        await alert(update, _delivered_refusal(item, context))
        return None
    previous = _draft(context, DELIVER_DRAFT)
    # From this flow's list of a property the list becomes the question; from /pendientes the
    # list stays and the question comes below it.
    fresh = previous is None or not previous.get("listing")
    draft: dict[str, Any] = {"kind": DELIVER_DRAFT, "cid": item.community_id, "q": ""}
    user_data(context)[DRAFT] = draft
    return await _ask_who(update, context, draft, item, fresh=fresh)


async def _ask_who(
    update: Update,
    context: BotContext,
    draft: dict[str, Any],
    item: CorrespondenceItem,
    *,
    fresh: bool = False,
) -> object:
    draft["item"] = item.id
    text = t.ASK_WHO.format(tarjeta=item_card(item, context))
    send = reply if fresh else edit_or_reply
    await send(update, text, reply_markup=InlineKeyboardMarkup([_cancel_row()]))
    return WHO


async def _draft_item(
    update: Update, context: BotContext, draft: dict[str, Any], community: Community
) -> CorrespondenceItem | None:
    item = await CorrespondenceItem.get_or_none(
        id=int(draft["item"]), community_id=community.id
    ).select_related("property")
    if item is None:
        _drop_draft(context)
        await alert(update, _refusal(Refusal.ITEM_NOT_FOUND))
        return None
    if item.status is not ItemStatus.PENDING:
        _drop_draft(context)
        await alert(update, _delivered_refusal(item, context))
        return None
    return item


async def who_typed(update: Update, context: BotContext) -> object:
    """Who collects: then the confirmation."""
    found = await _deliver_draft(update, context)
    if found is None:
        return END
    _, community, draft = found
    try:
        name = clean_collector(_typed(update))
    except CorrespondenceRefused as refused:
        await reply(update, _refusal(refused.reason))
        return None
    item = await _draft_item(update, context, draft, community)
    if item is None:
        return END
    draft["who"] = name
    text = t.CONFIRM_DELIVERY.format(tarjeta=item_card(item, context), quien=esc(name))
    keyboard = InlineKeyboardMarkup(
        [[_button(t.BUTTON_CONFIRM_DELIVERY, "dok"), _button(t.BUTTON_CANCEL, "no")]]
    )
    await reply(update, text, reply_markup=keyboard)
    return DELIVER_CONFIRM


async def who_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the name was expected."""
    await reply(update, t.EXPECTED_WHO_TEXT)


async def confirm_delivery(update: Update, context: BotContext) -> object:
    """ "Confirmar entrega": recorded, and the residents are told."""
    found = await _deliver_draft(update, context)
    if found is None:
        return END
    staff, community, draft = found
    try:
        result = await deliver(
            staff,
            community.id,
            item_id=int(draft["item"]),
            collected_by=str(draft.get("who") or ""),
            clock=context.deps.clock,
        )
    except NotAllowed as denied:
        _drop_draft(context)
        await alert(update, texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON)
        return END
    except CorrespondenceRefused as refused:
        _drop_draft(context)
        if refused.reason is Refusal.ALREADY_DELIVERED and refused.item is not None:
            await alert(update, _delivered_refusal(refused.item, context))
        else:
            await alert(update, _refusal(refused.reason))
        return END
    _drop_draft(context)
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


# --- wiring ----------------------------------------------------------------------------------


_on = Namespace(NS).on


def build_handlers(config: ChatConfig) -> list[BaseHandler]:
    conversation = flow(
        "correspondence",
        config=config,
        entry_points=[
            CommandHandler("correspondencia", start_log),
            CommandHandler("entregar", start_deliver),
            _on(start_log, "more"),
            _on(item_chosen, "di"),
        ],
        states={
            PROPERTY: [
                MessageHandler(TYPED, property_typed),
                MessageHandler(NOT_TYPED, property_not_text),
                _on(property_chosen, "p"),
                _on(property_page, "pp"),
            ],
            KIND: [_on(kind_chosen, "k")],
            SENDER: [
                MessageHandler(TYPED, sender_typed),
                MessageHandler(NOT_TYPED, sender_not_text),
                _on(carrier_chosen, "s"),
                _on(sender_skipped, "skip"),
            ],
            PHOTO: [
                MessageHandler(filters.PHOTO, photo_received),
                MessageHandler(TYPED, photo_as_text),
                MessageHandler(NOT_TYPED, photo_as_file),
                _on(photo_skipped, "skip"),
            ],
            CONFIRM: [_on(save, "save"), _on(ask_note, "note")],
            NOTE: [
                MessageHandler(TYPED, note_typed),
                MessageHandler(NOT_TYPED, note_not_text),
            ],
            CODE: [
                MessageHandler(TYPED, code_typed),
                MessageHandler(NOT_TYPED, code_not_text),
                _on(by_property, "dp"),
            ],
            DELIVER_PROPERTY: [
                MessageHandler(TYPED, deliver_property_typed),
                MessageHandler(NOT_TYPED, property_not_text),
                _on(deliver_property_chosen, "dh"),
                _on(deliver_property_page, "dq"),
                _on(by_property, "dp"),
            ],
            DELIVER_ITEM: [_on(by_property, "dp")],
            WHO: [
                MessageHandler(TYPED, who_typed),
                MessageHandler(NOT_TYPED, who_not_text),
            ],
            DELIVER_CONFIRM: [_on(confirm_delivery, "dok")],
        },
        extra_fallbacks=[_on(drop, "no")],
    )
    return [conversation]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("correspondencia", texts.CMD_CORRESPONDENCE, Action.LOG_CORRESPONDENCE),
    MenuEntry("entregar", texts.CMD_DELIVER, Action.DELIVER_CORRESPONDENCE),
)
