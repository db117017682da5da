"""/novedad, corrections, "Entregar turno" and the category names: the logbook's flows.

Writing is built for a concierge with one hand on the phone: `/novedad` → a category button →
type the text *or* send a photo whose caption is the text → a "listo para guardar" card →
"Guardar". Four interactions for a Seguridad entry with a photo, and nothing else is
mandatory: priority Alta, a property tag and more photos are buttons on that card (or just
send more photos, or type another line, which is added to the text), so the common case never
pays for the rare one. The card is kept because it is the only place a mistyped category or a
wrong photo can still be caught: the book is append-only, so a confirm tap is cheaper than a
correction entry.

A text over `MAX_TEXT` is cut and the card says so (never a crash, never silently); empty
text is refused; a sticker, voice note or file where text is expected gets a hint.

Callback data, namespace `nov`: `c:<category>`, `save`, `alta`, `prop`, `pp:<property>`,
`nop`, `no` (cancel), `new` (another entry), `fix:<entry>` (correct it), `ho` / `hos`
(handover card / hand over), `cadd`, `cren:<category>` (category names). Every id is
re-checked against the draft's community.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_id
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, NOT_TYPED, TYPED, Draft, flow
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, typed
from handlers.logbook import denial_text, handover_line, refusal_text, show_config, when
from handlers.texts import logbook as t
from models.core import Community, Property, StaffUser
from models.logbook import (
    MAX_CATEGORY,
    MAX_PHOTOS,
    MAX_TEXT,
    LogbookRefused,
    Priority,
    Refusal,
    add_category,
    categories,
    clean_text,
    get_category,
    get_entry,
    hand_over,
    handover_summary,
    rename_category,
    write_entry,
)
from models.permissions import Action, NotAllowed
from models.properties import clean_query, search_properties

NS = "nov"
PICKER_SIZE = 8
CARD_TEXT = 1500
"""Characters of the text the card repeats (the whole text is saved)."""

_ns = Namespace(NS)
button = _ns.button
on = _ns.on


class State(StrEnum):
    CATEGORY = "nov_category"
    TEXT = "nov_text"
    CARD = "nov_card"
    PROPERTY = "nov_property"
    HANDOVER = "nov_handover"
    CATEGORY_NAME = "nov_category_name"


Next = State | int | None


@dataclass
class EntryDraft(Draft):
    """/novedad so far."""

    KIND: ClassVar[str] = "nov_entry"
    cid: int
    cat: int | None = None
    text: str = ""
    photos: list[str] = field(default_factory=list)
    alta: bool = False
    pid: int | None = None
    corrects: int | None = None
    cut_from: int = 0


@dataclass
class HandoverDraft(Draft):
    KIND: ClassVar[str] = "nov_handover"
    cid: int
    note: str = ""


@dataclass
class CategoryDraft(Draft):
    KIND: ClassVar[str] = "nov_category"
    cid: int
    rename: int | None = None


def drop_drafts(context: BotContext) -> None:
    EntryDraft.drop(context)
    HandoverDraft.drop(context)
    CategoryDraft.drop(context)


@dataclass(frozen=True, slots=True)
class Desk:
    staff: StaffUser
    community: Community


async def desk_for(
    update: Update, context: BotContext, action: Action, community_id: int | None = None
) -> Desk | None:
    staff = staff_of(context)
    community = (
        await Community.get_or_none(id=community_id, deleted_at=None)
        if community_id is not None
        else await current_community(context)
    )
    if not await permit(update, context, action, community.id if community else None):
        return None
    if staff is None or community is None:
        return None
    return Desk(staff, community)


def cancel_row() -> list[InlineKeyboardButton]:
    return [button(texts.BUTTON_CANCEL, "no")]


async def drop(update: Update, context: BotContext) -> int:
    drop_drafts(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END


# --- /novedad: category ------------------------------------------------------------------------


async def start_entry(update: Update, context: BotContext) -> Next:
    """/novedad (or "Escribir otra"): the category buttons."""
    drop_drafts(context)
    desk = await desk_for(update, context, Action.WRITE_LOGBOOK)
    if desk is None:
        return END
    active = await categories(desk.community.id)
    if not active:
        await reply(update, t.NO_CATEGORIES.format(comunidad=esc(desk.community.name)))
        return END
    EntryDraft(cid=desk.community.id).save(context)
    buttons = [button(c.name, "c", c.id) for c in active]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(cancel_row())
    await reply(
        update,
        t.ASK_CATEGORY.format(comunidad=esc(desk.community.name)),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return State.CATEGORY


async def _step(update: Update, context: BotContext) -> tuple[Desk, EntryDraft] | None:
    draft = EntryDraft.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    desk = await desk_for(update, context, Action.WRITE_LOGBOOK, draft.cid)
    if desk is None:
        drop_drafts(context)
        return None
    return desk, draft


async def category_chosen(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    try:
        category = await get_category(desk.community.id, callback_id(update))
        if not category.active:
            raise LogbookRefused(Refusal.CATEGORY_INACTIVE, name=category.name)
    except LogbookRefused as refused:
        await alert(update, refusal_text(refused))
        return None
    draft.cat = category.id
    draft.save(context)
    await edit_or_reply(update, t.ASK_TEXT.format(categoria=esc(category.name)))
    return State.TEXT


async def fix_entry(update: Update, context: BotContext) -> Next:
    """ "Corregir #12": a new entry pointing to #12, in its category when still active."""
    drop_drafts(context)
    desk = await desk_for(update, context, Action.WRITE_LOGBOOK)
    if desk is None:
        return END
    try:
        entry = await get_entry(desk.community.id, callback_id(update))
    except LogbookRefused as refused:
        await alert(update, refusal_text(refused))
        return END
    draft = EntryDraft(cid=desk.community.id, corrects=entry.id, pid=entry.property_id)
    active = {c.id: c for c in await categories(desk.community.id)}
    chosen = active.get(entry.category_id or 0) or next(iter(active.values()), None)
    if chosen is None:
        await reply(update, t.NO_CATEGORIES.format(comunidad=esc(desk.community.name)))
        return END
    draft.cat = chosen.id
    draft.save(context)
    await reply(
        update,
        t.ASK_CORRECTION.format(numero=entry.sequence, categoria=esc(chosen.name)),
        reply_markup=InlineKeyboardMarkup([cancel_row()]),
    )
    return State.TEXT


# --- text and photos ---------------------------------------------------------------------------


def _photo_of(message: Message | None) -> str | None:
    if message is None or not message.photo:
        return None
    return message.photo[-1].file_id


def _add_text(draft: EntryDraft, raw: str) -> LogbookRefused | None:
    """Add typed text (or a caption) to the draft: cut at MAX_TEXT (remembered for the card)."""
    combined = f"{draft.text}\n{raw}" if draft.text else raw
    try:
        draft.text = clean_text(combined)
    except LogbookRefused as refused:
        if refused.reason is not Refusal.TEXT_TOO_LONG:
            return refused
        draft.cut_from = max(draft.cut_from, len(combined))
        draft.text = clean_text(combined[:MAX_TEXT])
    return None


async def text_typed(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    problem = _add_text(draft, typed(update))
    if problem is not None:
        await reply(update, refusal_text(problem))
        return None
    draft.save(context)
    return await _card(update, context, desk, draft, fresh=True)


async def photo_sent(update: Update, context: BotContext) -> Next:
    """A photo: its caption is the text; without one, the text is asked next."""
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    message = update.effective_message
    photo = _photo_of(message)
    if photo is None:
        await reply(update, t.EXPECTED_TEXT)
        return None
    if len(draft.photos) >= MAX_PHOTOS:
        await reply(update, t.PHOTOS_FULL.format(max=MAX_PHOTOS))
    else:
        draft.photos.append(photo)
    caption = (message.caption or "") if message is not None else ""
    if caption.strip():
        problem = _add_text(draft, caption)
        if problem is not None:
            await reply(update, refusal_text(problem))
    draft.save(context)
    if not draft.text:
        await reply(update, t.ASK_CAPTION)
        return State.TEXT
    return await _card(update, context, desk, draft, fresh=True)


async def not_text(update: Update, context: BotContext) -> None:
    """A sticker, voice note or file where text (or a photo) was expected."""
    await reply(update, t.EXPECTED_TEXT)


async def _card(
    update: Update, context: BotContext, desk: Desk, draft: EntryDraft, *, fresh: bool = False
) -> Next:
    category = await get_category(desk.community.id, draft.cat)
    prop = (
        await Property.get_or_none(id=draft.pid, community_id=desk.community.id)
        if draft.pid
        else None
    )
    corrects = ""
    if draft.corrects is not None:
        fixed = await get_entry(desk.community.id, draft.corrects)
        corrects = t.CARD_CORRECTS.format(numero=fixed.sequence)
    text = t.CARD.format(
        categoria=esc(category.name),
        prioridad=t.PRIORITY_LABELS["alta" if draft.alta else "normal"],
        inmueble=esc(prop.name) if prop else t.NONE,
        fotos=len(draft.photos),
        corrige=corrects,
        texto=cut(draft.text, CARD_TEXT),
    )
    if draft.cut_from:
        text += t.CARD_CUT.format(largo=draft.cut_from, max=MAX_TEXT)
    text += "\n\n" + t.CARD_HINT
    keyboard = InlineKeyboardMarkup(
        [
            [button(t.BUTTON_SAVE, "save"), button(texts.BUTTON_CANCEL, "no")],
            [
                button(t.BUTTON_NORMAL if draft.alta else t.BUTTON_ALTA, "alta"),
                button(t.BUTTON_NO_PROPERTY, "nop") if prop else button(t.BUTTON_PROPERTY, "prop"),
            ],
        ]
    )
    send = reply if fresh else edit_or_reply
    await send(update, text, reply_markup=keyboard)
    return State.CARD


async def toggle_alta(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    draft.alta = not draft.alta
    draft.save(context)
    return await _card(update, context, desk, draft)


async def no_property(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    draft.pid = None
    draft.save(context)
    return await _card(update, context, desk, draft)


async def ask_property(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    await edit_or_reply(update, t.ASK_PROPERTY, reply_markup=InlineKeyboardMarkup([cancel_row()]))
    return State.PROPERTY


async def property_typed(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    query = clean_query(typed(update))
    found = await search_properties(desk.community.id, query, page_size=PICKER_SIZE)
    if not query or found.total == 0:
        await reply(update, t.PROPERTY_NONE.format(busqueda=esc(query)))
        return None
    if found.total == 1:
        draft.pid = found.items[0].id
        draft.save(context)
        return await _card(update, context, desk, draft, fresh=True)
    buttons = [button(p.name, "pp", p.id) for p in found.items]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(cancel_row())
    await reply(update, t.PROPERTY_PICK, reply_markup=InlineKeyboardMarkup(rows))
    return None


async def property_chosen(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    pid = callback_id(update)
    prop = (
        await Property.get_or_none(id=pid, community_id=desk.community.id)
        if pid is not None
        else None
    )
    if prop is None:  # gone, or a forged id of another community
        await alert(update, texts.PROPERTY_GONE)
        return None
    draft.pid = prop.id
    draft.save(context)
    return await _card(update, context, desk, draft)


async def card_text(update: Update, context: BotContext) -> Next:
    """Typed on the card: one more line of the text."""
    return await text_typed(update, context)


async def save(update: Update, context: BotContext) -> Next:
    step = await _step(update, context)
    if step is None:
        return END
    desk, draft = step
    if draft.cat is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    try:
        entry = await write_entry(
            desk.staff,
            desk.community.id,
            draft.cat,
            draft.text,
            priority=Priority.ALTA if draft.alta else Priority.NORMAL,
            property_id=draft.pid,
            photos=draft.photos,
            corrects_id=draft.corrects,
            clock=context.deps.clock,
        )
    except LogbookRefused as refused:
        if refused.reason in (Refusal.CATEGORY_INACTIVE, Refusal.CATEGORY_NOT_FOUND):
            # Deactivated while the card waited: the card says so, the draft is dropped.
            drop_drafts(context)
            await edit_or_reply(update, refusal_text(refused))
            return END
        await alert(update, refusal_text(refused))
        return None
    except NotAllowed as denied:
        drop_drafts(context)
        await alert(update, denial_text(denied))
        return END
    drop_drafts(context)
    text = t.SAVED.format(
        numero=entry.sequence,
        comunidad=esc(desk.community.name),
        fecha=when(entry.created_at, context),
    )
    if draft.alta:
        text += t.SAVED_ALTA
    if draft.cut_from:
        text += t.SAVED_CUT.format(max=MAX_TEXT)
    await edit_or_reply(
        update, text, reply_markup=InlineKeyboardMarkup([[button(t.BUTTON_ANOTHER, "new")]])
    )
    return END


# --- shift handover ----------------------------------------------------------------------------


async def _handover_card(
    update: Update, context: BotContext, desk: Desk, draft: HandoverDraft, *, fresh: bool
) -> Next:
    summary = await handover_summary(desk.staff, desk.community.id, clock=context.deps.clock)
    alta = summary.get("alta") or []
    text = t.HANDOVER_CARD.format(
        comunidad=esc(desk.community.name),
        desde=when(datetime.fromisoformat(summary["since"]), context),
        paquetes=summary["parcels_waiting"],
        visitas=summary["visits"],
        altas=", ".join(f"#{n}" for n in alta) if alta else "0",
        nota=cut(draft.note, 600) if draft.note else t.NONE,
    )
    keyboard = InlineKeyboardMarkup([[button(t.BUTTON_HAND_OVER, "hos"), *cancel_row()]])
    await (reply if fresh else edit_or_reply)(update, text, reply_markup=keyboard)
    return State.HANDOVER


async def start_handover(update: Update, context: BotContext) -> Next:
    """/turno or "Entregar turno": the summary the bot prepared, a note, then hand over."""
    drop_drafts(context)
    desk = await desk_for(update, context, Action.WRITE_LOGBOOK)
    if desk is None:
        return END
    draft = HandoverDraft(cid=desk.community.id).save(context)
    return await _handover_card(update, context, desk, draft, fresh=True)


async def _handover_step(update: Update, context: BotContext) -> tuple[Desk, HandoverDraft] | None:
    draft = HandoverDraft.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    desk = await desk_for(update, context, Action.WRITE_LOGBOOK, draft.cid)
    if desk is None:
        drop_drafts(context)
        return None
    return desk, draft


async def handover_note(update: Update, context: BotContext) -> Next:
    step = await _handover_step(update, context)
    if step is None:
        return END
    desk, draft = step
    combined = f"{draft.note}\n{typed(update)}" if draft.note else typed(update)
    try:
        draft.note = clean_text(combined[:MAX_TEXT])
    except LogbookRefused as refused:
        await reply(update, refusal_text(refused))
        return None
    draft.save(context)
    return await _handover_card(update, context, desk, draft, fresh=True)


async def do_handover(update: Update, context: BotContext) -> Next:
    step = await _handover_step(update, context)
    if step is None:
        return END
    desk, draft = step
    try:
        entry, _ = await hand_over(
            desk.staff, desk.community.id, draft.note, clock=context.deps.clock
        )
    except NotAllowed as denied:
        drop_drafts(context)
        await alert(update, denial_text(denied))
        return END
    drop_drafts(context)
    await edit_or_reply(
        update,
        t.HANDED_OVER.format(numero=entry.sequence) + "\n" + esc(handover_line(entry.summary)),
    )
    return END


# --- category names ----------------------------------------------------------------------------


async def ask_new_category(update: Update, context: BotContext) -> Next:
    drop_drafts(context)
    desk = await desk_for(update, context, Action.CONFIGURE_LOGBOOK)
    if desk is None:
        return END
    CategoryDraft(cid=desk.community.id).save(context)
    await reply(update, t.ASK_CATEGORY_NAME.format(max=MAX_CATEGORY))
    return State.CATEGORY_NAME


async def ask_rename(update: Update, context: BotContext) -> Next:
    drop_drafts(context)
    desk = await desk_for(update, context, Action.CONFIGURE_LOGBOOK)
    if desk is None:
        return END
    try:
        category = await get_category(desk.community.id, callback_id(update))
    except LogbookRefused as refused:
        await alert(update, refusal_text(refused))
        return END
    CategoryDraft(cid=desk.community.id, rename=category.id).save(context)
    await reply(update, t.ASK_RENAME.format(nombre=esc(category.name)))
    return State.CATEGORY_NAME


async def category_named(update: Update, context: BotContext) -> Next:
    draft = CategoryDraft.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    desk = await desk_for(update, context, Action.CONFIGURE_LOGBOOK, draft.cid)
    if desk is None:
        drop_drafts(context)
        return END
    try:
        if draft.rename is None:
            category = await add_category(desk.staff, desk.community.id, typed(update))
            done = t.CATEGORY_ADDED
        else:
            category = await rename_category(
                desk.staff, desk.community.id, draft.rename, typed(update)
            )
            done = t.CATEGORY_RENAMED
    except LogbookRefused as refused:
        await reply(update, refusal_text(refused))
        if refused.reason is Refusal.CATEGORY_NOT_FOUND:
            drop_drafts(context)
            return END
        return None
    except NotAllowed as denied:
        drop_drafts(context)
        await reply(update, denial_text(denied))
        return END
    drop_drafts(context)
    await reply(update, done.format(nombre=esc(category.name)))
    await show_config(update, context, desk.community)
    return END


async def category_not_text(update: Update, context: BotContext) -> None:
    await reply(update, t.ASK_CATEGORY_NAME.format(max=MAX_CATEGORY))


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    conversation = flow(
        "logbook",
        config=config,
        entry_points=[
            CommandHandler("novedad", start_entry),
            CommandHandler("turno", start_handover),
            on(start_entry, "new"),
            on(fix_entry, "fix"),
            on(start_handover, "ho"),
            on(ask_new_category, "cadd"),
            on(ask_rename, "cren"),
        ],
        states={
            State.CATEGORY: [on(category_chosen, "c")],
            State.TEXT: [
                MessageHandler(TYPED, text_typed),
                MessageHandler(filters.PHOTO, photo_sent),
                MessageHandler(NOT_TYPED, not_text),
            ],
            State.CARD: [
                on(save, "save"),
                on(toggle_alta, "alta"),
                on(ask_property, "prop"),
                on(no_property, "nop"),
                MessageHandler(filters.PHOTO, photo_sent),
                MessageHandler(TYPED, card_text),
                MessageHandler(NOT_TYPED, not_text),
            ],
            State.PROPERTY: [
                MessageHandler(TYPED, property_typed),
                MessageHandler(NOT_TYPED, not_text),
                on(property_chosen, "pp"),
            ],
            State.HANDOVER: [
                on(do_handover, "hos"),
                MessageHandler(TYPED, handover_note),
                MessageHandler(NOT_TYPED, not_text),
            ],
            State.CATEGORY_NAME: [
                MessageHandler(TYPED, category_named),
                MessageHandler(NOT_TYPED, category_not_text),
            ],
        },
        extra_fallbacks=[on(drop, "no")],
    )
    return [conversation]


MENU: tuple[MenuEntry, ...] = (
    MenuEntry("novedad", t.CMD_WRITE, Action.WRITE_LOGBOOK),
    MenuEntry("turno", t.CMD_HANDOVER, Action.WRITE_LOGBOOK),
)
