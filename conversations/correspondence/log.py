"""/correspondencia: log an item and tell the residents.

Property (typed number or name → buttons for the matches; one match goes straight on) → kind
(buttons) → sender (a carrier button, typed, or "Omitir") → photo (send one, or "Omitir"; a
caption becomes the note) → summary card with "Guardar" / "Cancelar" (and "Agregar nota") →
saved: the pickup code and what was sent (SMS / correo / Telegram, or why not).

Callback data (namespace `cor`): `p:<property>` / `pp:<page>` (property picker), `k:<kind>`,
`s:<carrier index>`, `skip`, `note`, `save`, `more` (log another).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update

from conversations.correspondence.common import (
    PICKER_SIZE,
    InFlow,
    LogDraft,
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
from conversations.correspondence.desk import take_pending_photo
from handlers import texts
from handlers.correspondence import kind_label
from handlers.kit.callbacks import callback_arg
from handlers.kit.context import BotContext
from handlers.kit.flow import END
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard, picker_text
from handlers.texts import correspondence as t
from models.core import Community, Property
from models.correspondence import (
    MAX_NOTE,
    MAX_SENDER,
    CorrespondenceRefused,
    ItemKind,
    LogResult,
    Refusal,
    SmsOutcome,
    log_item,
)
from models.correspondence_notices import NoticePreview, preview
from models.mobile import format_mobile
from models.permissions import Action, NotAllowed
from models.properties import clean_query, search_properties

log = logging.getLogger(__name__)

CARRIERS: tuple[str, ...] = (
    "Starken",
    "Chilexpress",
    "Correos de Chile",
    "Blue Express",
    "Mercado Libre",
)


async def _in_flow(update: Update, context: BotContext) -> InFlow[LogDraft] | None:
    return await in_flow(update, context, LogDraft, Action.LOG_CORRESPONDENCE)


# --- the property ----------------------------------------------------------------------------


async def _show_picker(
    update: Update,
    context: BotContext,
    community: Community,
    query: str,
    page: int,
    *,
    fresh: bool = False,
) -> Next:
    found = await search_properties(community.id, query, page=page, page_size=PICKER_SIZE)
    if found.total == 0 and not query:
        drop_drafts(context)
        await edit_or_reply(update, t.NO_PROPERTIES.format(comunidad=esc(community.name)))
        return END
    title = t.ASK_PROPERTY.format(comunidad=esc(community.name))
    keyboard = property_keyboard(found, "p", "pp")
    send = reply if fresh else edit_or_reply
    await send(update, picker_text(title, found, query), reply_markup=keyboard)
    return State.PROPERTY


async def start_log(update: Update, context: BotContext) -> Next:
    """/correspondencia: which property? (typed number or name, or its button)."""
    drop_drafts(context)
    desk = await desk_for(update, context, Action.LOG_CORRESPONDENCE)
    if desk is None:
        return END
    draft = LogDraft(cid=desk.community.id, photo=take_pending_photo(context)).save(context)
    query = clean_query(" ".join(context.args or []))
    if query:
        return await _search(update, context, desk.community, draft, query)
    return await _show_picker(update, context, desk.community, "", 0, fresh=True)


async def _search(
    update: Update, context: BotContext, community: Community, draft: LogDraft, query: str
) -> Next:
    found = await search_properties(community.id, query, page_size=PICKER_SIZE)
    if found.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query), comunidad=esc(community.name)))
        return State.PROPERTY
    if found.total == 1:
        return await _ask_kind(update, context, draft, found.items[0])
    draft.q = query
    draft.save(context)
    return await _show_picker(update, context, community, query, 0, fresh=True)


async def property_typed(update: Update, context: BotContext) -> Next:
    """The typed number or name: straight on when only one property matches."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    query = clean_query(typed(update))
    if not query:
        await reply(update, t.EXPECTED_PROPERTY_TEXT)
        return None
    return await _search(update, context, step.community, step.draft, query)


async def property_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_PROPERTY_TEXT)


async def property_page(update: Update, context: BotContext) -> Next:
    """A page button of the property picker."""
    raw = callback_arg(update)
    step = await _in_flow(update, context)
    if step is None:
        return END
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return None
    return await _show_picker(update, context, step.community, step.draft.q or "", int(raw))


async def property_chosen(update: Update, context: BotContext) -> Next:
    """A property button: then the kind."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    prop = await property_of_button(update, step.community)
    if prop is None:
        return None
    return await _ask_kind(update, context, step.draft, prop)


async def _ask_kind(update: Update, context: BotContext, draft: LogDraft, prop: Property) -> Next:
    draft.pid = prop.id
    draft.save(context)
    kinds = [button(kind_label(kind), "k", kind.value) for kind in ItemKind]
    keyboard = InlineKeyboardMarkup([kinds[:2], kinds[2:], cancel_row()])
    await edit_or_reply(update, t.ASK_KIND.format(inmueble=esc(prop.name)), reply_markup=keyboard)
    return State.KIND


# --- kind, sender, photo, note -------------------------------------------------------------


async def kind_chosen(update: Update, context: BotContext) -> Next:
    """A kind button: then the sender."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    try:
        kind = ItemKind(callback_arg(update))
    except ValueError:
        await alert(update, texts.STALE_BUTTON)
        return None
    step.draft.item_kind = kind.value
    step.draft.save(context)
    if step.draft.photo:
        # Started from a photo: its review card comes next (the sender can still be added).
        return await _show_summary(update, context, step.draft)
    return await _ask_sender(update)


async def ask_sender(update: Update, context: BotContext) -> Next:
    """ "Agregar remitente" on the review card."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    return await _ask_sender(update)


async def _ask_sender(update: Update) -> Next:
    carriers = [button(name, "s", index) for index, name in enumerate(CARRIERS)]
    rows = [carriers[i : i + 2] for i in range(0, len(carriers), 2)]
    rows.append([button(t.BUTTON_SKIP, "skip"), *cancel_row()])
    await edit_or_reply(update, t.ASK_SENDER, reply_markup=InlineKeyboardMarkup(rows))
    return State.SENDER


async def _ask_photo(update: Update, context: BotContext, draft: LogDraft) -> Next:
    if draft.photo:
        return await _show_summary(update, context, draft)
    draft.save(context)
    keyboard = InlineKeyboardMarkup([[button(t.BUTTON_SKIP, "skip"), *cancel_row()]])
    await edit_or_reply(update, t.ASK_PHOTO, reply_markup=keyboard)
    return State.PHOTO


async def sender_typed(update: Update, context: BotContext) -> Next:
    """The sender as typed: then the photo."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    sender = " ".join(typed(update).split())
    if len(sender) > MAX_SENDER:
        await reply(update, refusal_text(Refusal.SENDER_TOO_LONG))
        return None
    step.draft.sender = sender or None
    return await _ask_photo(update, context, step.draft)


async def carrier_chosen(update: Update, context: BotContext) -> Next:
    """A carrier button: then the photo."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    raw = callback_arg(update)
    if not raw.isdigit() or int(raw) >= len(CARRIERS):
        await alert(update, texts.STALE_BUTTON)
        return None
    step.draft.sender = CARRIERS[int(raw)]
    return await _ask_photo(update, context, step.draft)


async def sender_skipped(update: Update, context: BotContext) -> Next:
    """ "Omitir" the sender: then the photo."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    step.draft.sender = None
    return await _ask_photo(update, context, step.draft)


async def sender_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the sender was expected."""
    await reply(update, t.EXPECTED_SENDER_TEXT)


async def photo_received(update: Update, context: BotContext) -> Next:
    """The photo (its caption, if any, becomes the note): then the summary."""
    step = await _in_flow(update, context)
    message = update.effective_message
    if step is None or message is None or not message.photo:
        return END
    draft = step.draft
    # Telegram sends several sizes of a photo; the largest is the one worth showing.
    best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
    draft.photo = best.file_id
    caption = " ".join((message.caption or "").split())
    if caption:
        draft.note = caption[:MAX_NOTE]
    return await _show_summary(update, context, draft)


async def photo_skipped(update: Update, context: BotContext) -> Next:
    """ "Omitir" the photo: then the summary."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    step.draft.photo = None
    return await _show_summary(update, context, step.draft)


async def photo_as_text(update: Update, context: BotContext) -> None:
    """Text where the photo was expected."""
    await reply(update, t.EXPECTED_PHOTO)


async def photo_as_file(update: Update, context: BotContext) -> None:
    """A file (or anything else) where the photo was expected."""
    message = update.effective_message
    await reply(update, t.PHOTO_AS_FILE if message and message.document else t.EXPECTED_PHOTO)


async def ask_note(update: Update, context: BotContext) -> Next:
    """ "Agregar nota": ask for it."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    await edit_or_reply(update, t.ASK_NOTE, reply_markup=InlineKeyboardMarkup([cancel_row()]))
    return State.NOTE


async def note_typed(update: Update, context: BotContext) -> Next:
    """The note: back to the summary."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    note = " ".join(typed(update).split())
    if len(note) > MAX_NOTE:
        await reply(update, refusal_text(Refusal.NOTE_TOO_LONG))
        return None
    step.draft.note = note or None
    return await _show_summary(update, context, step.draft)


async def note_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the note was expected."""
    await reply(update, t.EXPECTED_NOTE_TEXT)


async def _show_summary(update: Update, context: BotContext, draft: LogDraft) -> Next:
    draft.save(context)
    prop = (
        await Property.get_or_none(id=draft.pid, community_id=draft.cid)
        if draft.pid is not None
        else None
    )
    if prop is None or draft.item_kind is None:
        drop_drafts(context)
        await alert(update, texts.PROPERTY_GONE)
        return END
    text = t.SUMMARY.format(
        inmueble=esc(prop.name),
        tipo=kind_label(draft.item_kind),
        remitente=esc(draft.sender or t.SUMMARY_NONE),
        foto=t.SUMMARY_PHOTO_YES if draft.photo else t.SUMMARY_PHOTO_NO,
        nota=esc(draft.note or t.SUMMARY_NONE),
        avisos=preview_text(await preview(prop.id, clock=context.deps.clock)),
    )
    more = [button(t.BUTTON_EDIT_NOTE if draft.note else t.BUTTON_ADD_NOTE, "note")]
    if draft.sender is None:
        more.append(button(t.BUTTON_ADD_SENDER, "sender"))
    keyboard = confirm_keyboard(
        button(t.BUTTON_SAVE, "save"), button(texts.BUTTON_CANCEL, "no"), extra=[more]
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return State.CONFIRM


def preview_text(coming: NoticePreview | None) -> str:
    """Before saving: who will be told and how, or why not, one line per channel (HTML)."""
    if coming is None:
        return ""
    if coming.mobile is None:
        sms = t.PREVIEW_SMS_NO_MOBILE
    elif not coming.sms_balance:
        sms = t.PREVIEW_SMS_NO_BALANCE
    else:
        sms = t.PREVIEW_SMS.format(celular=esc(format_mobile(coming.mobile)))
    email = t.PREVIEW_EMAIL.format(n=coming.emails) if coming.emails else t.PREVIEW_EMAIL_NONE
    chat = t.PREVIEW_CHAT.format(n=coming.chats) if coming.chats else t.PREVIEW_CHAT_NONE
    return "\n".join([sms, email, chat])


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


async def save(update: Update, context: BotContext) -> Next:
    """ "Guardar": the item is saved and the residents notified; say the code and what went."""
    step = await _in_flow(update, context)
    if step is None:
        return END
    draft = step.draft
    if draft.pid is None or draft.item_kind is None:  # only a forged button gets here
        drop_drafts(context)
        await alert(update, texts.STALE_BUTTON)
        return END
    try:
        result = await log_item(
            step.staff,
            step.community.id,
            draft.pid,
            draft.item_kind,
            draft.sender,
            draft.note,
            draft.photo,
            clock=context.deps.clock,
        )
    except NotAllowed as denied:
        drop_drafts(context)
        await alert(update, denial_text(denied))
        return END
    except CorrespondenceRefused as refused:
        drop_drafts(context)
        await alert(update, refusal_text(refused.reason))
        return END
    drop_drafts(context)
    item = result.item
    prop = await Property.get(id=item.property_id)
    text = t.LOGGED.format(
        tipo=kind_label(item.kind),
        inmueble=esc(prop.name),
        codigo=item.pickup_code,
        avisos=notices_text(result),
    )
    keyboard = InlineKeyboardMarkup([[button(t.BUTTON_ANOTHER, "more")]])
    await edit_or_reply(update, text, reply_markup=keyboard)
    return END
