"""/novedades: the logbook's last 48 hours (everyone) and search (administrators), an entry's
photos, the chain state, the categories, handovers not received, and "Recibir turno".

Callback data, namespace `novl`: `pg:<page>` (last 48 h), `sp:<page>` (the last search,
kept in `user_data`), `ph:<entry>` (its photos), `chain`, `unr`, `cfg`, `ct:<category>`
(toggle active), `rcv:<handover>`, `find` (how to search). Every id is re-checked against the
person's communities: a forged id of another community's entry or handover is refused.
The flows (`/novedad`, corrections, handover, category names) are in `conversations.logbook`
under the namespace `nov`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_id, callback_number, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import user_data
from handlers.kit.guards import allowed, current_community, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply
from handlers.kit.widgets import page_buttons
from handlers.texts import logbook as t
from models.core import Community
from models.local_time import local_to_utc
from models.logbook import (
    EntryKind,
    LogbookCategory,
    LogbookEntry,
    LogbookRefused,
    Priority,
    Search,
    ShiftHandover,
    categories,
    corrections_of,
    pending_handover,
    receive_handover,
    recent_entries,
    search_entries,
    sequences_of,
    set_category_active,
    unreceived_handovers,
    verify_chain,
)
from models.pages import Page
from models.permissions import Action, NotAllowed
from models.properties import search_properties

NS = "novl"
FLOW_NS = "nov"  # `conversations.logbook`
PAGE_SIZE = 5
SEARCH_KEY = "novl_search"
WHEN = "%d-%m %H:%M"
WHEN_LONG = "%d-%m-%Y %H:%M"

_ns = Namespace(NS)
button = _ns.button


def refusal_text(refused: LogbookRefused) -> str:
    values = {"max": "", "name": "", "by": "", **{k: esc(v) for k, v in refused.data.items()}}
    return t.REFUSALS[refused.reason.value].format(**values)


def denial_text(denied: NotAllowed) -> str:
    return texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON


def when(value: datetime, context: BotContext, fmt: str = WHEN) -> str:
    return value.astimezone(context.deps.clock.zone).strftime(fmt)


def handover_line(summary: dict[str, Any] | None) -> str:
    summary = summary or {}
    alta = summary.get("alta") or []
    return t.HANDOVER_LINE.format(
        paquetes=summary.get("parcels_waiting", 0),
        visitas=summary.get("visits", 0),
        altas=", ".join(f"#{n}" for n in alta) if alta else "0",
    )


async def entries_text(
    entries: list[LogbookEntry], context: BotContext, limit: int = t.LIST_SHOWN_TEXT
) -> str:
    """The entries of one page (HTML), each with its corrections both ways."""
    fixes = await corrections_of([e.id for e in entries])
    corrected = await sequences_of([e.corrects_id for e in entries if e.corrects_id])
    parts = []
    for entry in entries:
        extra = ""
        if entry.kind is EntryKind.HANDOVER:
            extra += "\n" + esc(handover_line(entry.summary))
        if entry.photos:
            extra += t.ENTRY_PHOTOS.format(fotos=len(entry.photos))
        if entry.corrects_id and entry.corrects_id in corrected:
            extra += t.ENTRY_CORRECTS.format(numero=corrected[entry.corrects_id])
        if entry.id in fixes:
            extra += t.ENTRY_CORRECTED.format(numeros=", #".join(map(str, fixes[entry.id])))
        category = (
            t.HANDOVER_CATEGORY if entry.kind is EntryKind.HANDOVER else esc(entry.category_name)
        )
        parts.append(
            t.ENTRY_LINE.format(
                numero=entry.sequence,
                fecha=when(entry.created_at, context),
                categoria=category,
                prioridad=t.ENTRY_ALTA if entry.priority is Priority.ALTA else "",
                inmueble=t.ENTRY_PROPERTY.format(inmueble=esc(entry.property_name))
                if entry.property_name
                else "",
                autor=esc(entry.author_label),
                texto=cut(entry.text, limit) if entry.text else t.NONE,
                extra=extra,
            )
        )
    return "".join(parts)


async def _keyboard(
    context: BotContext,
    community: Community,
    found: Page[LogbookEntry],
    turn: str,
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    writes = await allowed(context, Action.WRITE_LOGBOOK, community.id)
    for entry in found.items:
        row = []
        if entry.photos:
            row.append(button(t.BUTTON_PHOTOS.format(numero=entry.sequence), "ph", entry.id))
        if writes and entry.kind is EntryKind.NOTE:
            row.append(
                InlineKeyboardButton(
                    t.BUTTON_FIX.format(numero=entry.sequence),
                    callback_data=pack(FLOW_NS, "fix", entry.id),
                )
            )
        if row:
            rows.append(row)
    nav = page_buttons(found, lambda number: pack(NS, turn, number))
    if nav:
        rows.append(nav)
    if writes:
        rows.append(
            [
                InlineKeyboardButton(t.BUTTON_ANOTHER, callback_data=pack(FLOW_NS, "new")),
                InlineKeyboardButton(t.BUTTON_HANDOVER, callback_data=pack(FLOW_NS, "ho")),
            ]
        )
    if await allowed(context, Action.REVIEW_LOGBOOK, community.id):
        rows.append([button(t.BUTTON_SEARCH, "find"), button(t.BUTTON_CHAIN, "chain")])
        extra = [button(t.BUTTON_UNRECEIVED, "unr")]
        if await allowed(context, Action.CONFIGURE_LOGBOOK, community.id):
            extra.append(button(t.BUTTON_CONFIG, "cfg"))
        rows.append(extra)
    return InlineKeyboardMarkup(rows)


async def _community(update: Update, context: BotContext, action: Action) -> Community | None:
    community = await current_community(context)
    if not await permit(update, context, action, community.id if community else None):
        return None
    return community


# --- /novedades ------------------------------------------------------------------------------


async def show_recent(update: Update, context: BotContext, page: int = 0) -> None:
    community = await _community(update, context, Action.VIEW_LOGBOOK)
    staff = staff_of(context)
    if community is None or staff is None:
        return
    found = await recent_entries(
        staff, community.id, page=page, page_size=PAGE_SIZE, clock=context.deps.clock
    )
    text = t.LIST_TITLE.format(comunidad=esc(community.name), total=found.total)
    if found.pages > 1:
        text += "\n" + texts.PAGE_OF.format(pagina=found.page + 1, paginas=found.pages)
    text += await entries_text(found.items, context) if found.items else t.LIST_EMPTY
    keyboard = await _keyboard(context, community, found, "pg")
    send = edit_or_reply if update.callback_query else reply
    await send(update, text, reply_markup=keyboard)


async def novedades(update: Update, context: BotContext) -> None:
    """/novedades [búsqueda]: the last 48 hours, or (administrators) a search."""
    query = " ".join(context.args or []).strip()
    if not query:
        await show_recent(update, context)
        return
    community = await current_community(context)
    if community is None or not await allowed(context, Action.REVIEW_LOGBOOK, community.id):
        if community is not None and await allowed(context, Action.VIEW_LOGBOOK, community.id):
            await reply(update, t.SEARCH_ONLY_ADMINS)
        await show_recent(update, context)
        return
    user_data(context)[SEARCH_KEY] = {"cid": community.id, "q": query[:200]}
    await show_search(update, context, 0)


async def recent_page(update: Update, context: BotContext) -> None:
    page = callback_number(update)
    if page is None:
        await alert(update, texts.STALE_BUTTON)
        return
    await show_recent(update, context, page)


# --- search ----------------------------------------------------------------------------------


class BadSearch(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True, slots=True)
class Parsed:
    search: Search
    label: str


_DATE = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


def _day(raw: str) -> date:
    found = _DATE.match(raw)
    if found is None:
        raise BadSearch(t.SEARCH_BAD_DATE.format(fecha=esc(raw)))
    try:
        return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError as exc:
        raise BadSearch(t.SEARCH_BAD_DATE.format(fecha=esc(raw))) from exc


async def parse_search(query: str, community: Community, context: BotContext) -> Parsed:
    """`portón alta desde 01-12-2026 hasta 05-12-2026 #Seguridad @101` → the filters."""
    zone = context.deps.clock.zone
    words = query.split()
    text: list[str] = []
    labels: list[str] = []
    values: dict[str, Any] = {}
    i = 0
    while i < len(words):
        word = words[i]
        low = word.lower()
        if low in (Priority.ALTA.value, Priority.NORMAL.value):
            values["priority"] = Priority(low)
            labels.append(t.FILTER_PRIORITY.format(prioridad=low))
        elif low in ("desde", "hasta") and i + 1 < len(words):
            day = _day(words[i + 1])
            if low == "desde":
                values["since"] = local_to_utc(datetime.combine(day, datetime.min.time()), zone)
            else:
                end = datetime.combine(day + timedelta(days=1), datetime.min.time())
                values["until"] = local_to_utc(end, zone)
            labels.append(
                (t.FILTER_SINCE if low == "desde" else t.FILTER_UNTIL).format(
                    fecha=esc(words[i + 1])
                )
            )
            i += 1
        elif word.startswith("#") and len(word) > 1:
            name = word[1:].lower()
            every = await categories(community.id, active_only=False)
            match = next((c for c in every if c.name.lower() == name), None) or next(
                (c for c in every if c.name.lower().startswith(name)), None
            )
            if match is None:
                raise BadSearch(
                    t.SEARCH_NO_CATEGORY.format(
                        categoria=esc(word[1:]), comunidad=esc(community.name)
                    )
                )
            values["category_id"] = match.id
            labels.append(t.FILTER_CATEGORY.format(categoria=esc(match.name)))
        elif word.startswith("@") and len(word) > 1:
            found = await search_properties(community.id, word[1:], page_size=1)
            if not found.items:
                raise BadSearch(
                    t.SEARCH_NO_PROPERTY.format(
                        inmueble=esc(word[1:]), comunidad=esc(community.name)
                    )
                )
            values["property_id"] = found.items[0].id
            labels.append(t.FILTER_PROPERTY.format(inmueble=esc(found.items[0].name)))
        else:
            text.append(word)
        i += 1
    if text:
        values["text"] = " ".join(text)
        labels.insert(0, t.FILTER_TEXT.format(texto=esc(values["text"])))
    return Parsed(Search(**values), " · ".join(labels) or t.FILTER_ALL)


async def show_search(update: Update, context: BotContext, page: int) -> None:
    stored = user_data(context).get(SEARCH_KEY)
    staff = staff_of(context)
    if not isinstance(stored, dict) or staff is None:
        await alert(update, texts.STALE_BUTTON)
        return
    if not await permit(update, context, Action.REVIEW_LOGBOOK, stored.get("cid")):
        return
    community = await Community.get(id=stored["cid"])
    try:
        parsed = await parse_search(str(stored.get("q", "")), community, context)
        found = await search_entries(
            staff, community.id, parsed.search, page=page, page_size=PAGE_SIZE
        )
    except BadSearch as bad:
        await reply(update, bad.text)
        return
    except LogbookRefused as refused:
        await reply(update, refusal_text(refused))
        return
    text = t.SEARCH_TITLE.format(
        comunidad=esc(community.name), filtros=parsed.label, total=found.total
    )
    if found.pages > 1:
        text += "\n" + texts.PAGE_OF.format(pagina=found.page + 1, paginas=found.pages)
    text += await entries_text(found.items, context) if found.items else t.SEARCH_EMPTY
    keyboard = await _keyboard(context, community, found, "sp")
    send = edit_or_reply if update.callback_query else reply
    await send(update, text, reply_markup=keyboard)


async def search_page(update: Update, context: BotContext) -> None:
    page = callback_number(update)
    if page is None:
        await alert(update, texts.STALE_BUTTON)
        return
    await show_search(update, context, page)


async def how_to_search(update: Update, context: BotContext) -> None:
    community = await _community(update, context, Action.REVIEW_LOGBOOK)
    if community is None:
        return
    await reply(update, t.SEARCH_HELP)


# --- an entry's photos -------------------------------------------------------------------------


async def send_photos(update: Update, context: BotContext) -> None:
    entry_id = callback_id(update)
    entry = await LogbookEntry.get_or_none(id=entry_id) if entry_id is not None else None
    if entry is None:
        await alert(update, t.REFUSALS["entry_not_found"])
        return
    # A forged id of another community's entry is refused here (scope).
    if not await permit(update, context, Action.VIEW_LOGBOOK, entry.community_id):
        return
    chat = update.effective_chat
    if not entry.photos or chat is None:
        await alert(update, t.NO_PHOTOS)
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    total = len(entry.photos)
    for n, file_id in enumerate(entry.photos, start=1):
        await chat.send_photo(
            file_id, caption=t.PHOTO_CAPTION.format(numero=entry.sequence, n=n, total=total)
        )


# --- chain, handovers not received, categories -------------------------------------------------


async def chain_state(update: Update, context: BotContext) -> None:
    community = await _community(update, context, Action.REVIEW_LOGBOOK)
    if community is None:
        return
    state = await verify_chain(community.id)
    if state.intact:
        text = t.CHAIN_OK.format(comunidad=esc(community.name), entradas=state.entries)
    else:
        text = t.CHAIN_BROKEN.format(
            comunidad=esc(community.name),
            numero=state.broken_sequence,
            motivo=t.BREAKS[state.reason] if state.reason else "",
            entradas=state.entries,
        )
    await reply(update, text)


async def unreceived(update: Update, context: BotContext) -> None:
    community = await _community(update, context, Action.REVIEW_LOGBOOK)
    staff = staff_of(context)
    if community is None or staff is None:
        return
    page = callback_number(update, 0) or 0
    found = await unreceived_handovers(staff, community.id, page=page, page_size=20)
    text = t.UNRECEIVED_TITLE.format(comunidad=esc(community.name), total=found.total)
    if not found.items:
        text += t.UNRECEIVED_EMPTY
    for handover in found.items:
        text += t.UNRECEIVED_LINE.format(
            numero=handover.entry.sequence,
            quien=esc(handover.from_label),
            fecha=when(handover.handed_at, context, WHEN_LONG),
        )
    nav = page_buttons(found, lambda number: pack(NS, "unr", number))
    await reply(update, text, reply_markup=InlineKeyboardMarkup([nav]) if nav else None)


def config_keyboard(every: list[LogbookCategory]) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                (t.CATEGORY_ON if c.active else t.CATEGORY_OFF).format(nombre=c.name), "ct", c.id
            ),
            InlineKeyboardButton(
                t.BUTTON_RENAME.format(nombre=c.name)[:60],
                callback_data=pack(FLOW_NS, "cren", c.id),
            ),
        ]
        for c in every
    ]
    rows.append(
        [
            InlineKeyboardButton(t.BUTTON_ADD_CATEGORY, callback_data=pack(FLOW_NS, "cadd")),
            button(t.BUTTON_DONE, "done"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def show_config(update: Update, context: BotContext, community: Community) -> None:
    every = await categories(community.id, active_only=False)
    await edit_or_reply(
        update,
        t.CONFIG_TITLE.format(comunidad=esc(community.name)),
        reply_markup=config_keyboard(every),
    )


async def configure(update: Update, context: BotContext) -> None:
    community = await _community(update, context, Action.CONFIGURE_LOGBOOK)
    if community is None:
        return
    every = await categories(community.id, active_only=False)
    await reply(
        update,
        t.CONFIG_TITLE.format(comunidad=esc(community.name)),
        reply_markup=config_keyboard(every),
    )


async def toggle_category(update: Update, context: BotContext) -> None:
    category_id = callback_id(update)
    category = (
        await LogbookCategory.get_or_none(id=category_id) if category_id is not None else None
    )
    staff = staff_of(context)
    if category is None or staff is None:
        await alert(update, t.REFUSALS["category_not_found"])
        return
    if not await permit(update, context, Action.CONFIGURE_LOGBOOK, category.community_id):
        return
    try:
        await set_category_active(staff, category.community_id, category.id, not category.active)
    except LogbookRefused as refused:
        await alert(update, refusal_text(refused))
        return
    except NotAllowed as denied:
        await alert(update, denial_text(denied))
        return
    await show_config(update, context, await Community.get(id=category.community_id))


# --- shift handover: received ----------------------------------------------------------------


def handover_text(handover: ShiftHandover, context: BotContext) -> str:
    entry = handover.entry
    return t.PENDING_HANDOVER.format(
        quien=esc(handover.from_label),
        fecha=when(handover.handed_at, context, WHEN_LONG),
        numero=entry.sequence,
        resumen=esc(handover_line(entry.summary)),
        nota=t.PENDING_NOTE.format(nota=cut(entry.text, 1000)) if entry.text else "",
    )


async def pending_notice(context: BotContext) -> tuple[str, InlineKeyboardMarkup] | None:
    """For /start: the handover waiting for this person in their working community."""
    staff = staff_of(context)
    if staff is None:
        return None
    community = await current_community(context)
    handover = await pending_handover(staff, community.id if community else None)
    if handover is None:
        return None
    keyboard = InlineKeyboardMarkup([[button(t.BUTTON_RECEIVE, "rcv", handover.id)]])
    return handover_text(handover, context), keyboard


async def receive(update: Update, context: BotContext) -> None:
    handover_id = callback_id(update)
    handover = await ShiftHandover.get_or_none(id=handover_id) if handover_id is not None else None
    staff = staff_of(context)
    if handover is None or staff is None:
        await alert(update, t.REFUSALS["handover_not_found"])
        return
    if not await permit(update, context, Action.WRITE_LOGBOOK, handover.community_id):
        return
    try:
        done = await receive_handover(
            staff, handover.community_id, handover.id, clock=context.deps.clock
        )
    except LogbookRefused as refused:
        await alert(update, refusal_text(refused))
        return
    except NotAllowed as denied:
        await alert(update, denial_text(denied))
        return
    assert done.received_at is not None
    await edit_or_reply(
        update,
        t.RECEIVED.format(
            quien=esc(done.from_label), fecha=when(done.received_at, context, WHEN_LONG)
        ),
    )


async def config_done(update: Update, context: BotContext) -> None:
    await edit_or_reply(update, t.CONFIG_DONE)


def build_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("novedades", novedades),
        _ns.on(recent_page, "pg"),
        _ns.on(search_page, "sp"),
        _ns.on(how_to_search, "find"),
        _ns.on(send_photos, "ph"),
        _ns.on(chain_state, "chain"),
        _ns.on(unreceived, "unr"),
        _ns.on(configure, "cfg"),
        _ns.on(toggle_category, "ct"),
        _ns.on(config_done, "done"),
        _ns.on(receive, "rcv"),
    ]


MENU: tuple[MenuEntry, ...] = (MenuEntry("novedades", t.CMD_READ, Action.VIEW_LOGBOOK),)
