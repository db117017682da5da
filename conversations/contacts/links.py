"""Associating a contact to communities, and «Mostrar» per community (seed 001).

The association screen shows, for one contact, the person's communities in three groups:
associated to it, available (no contact) and with another contact; tapping associates or
dissociates, any number of times; a community with another contact asks before replacing it.
"Comunidades" lists the person's communities with their contact and a ☑/☐ «Mostrar» toggle.
"""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.contacts.common import NS, ListView, actor, refuse, stale, target_id
from handlers.kit.callbacks import callback_number, pack
from handlers.kit.context import BotContext
from handlers.kit.replies import edit_or_reply, esc, shorten
from handlers.kit.widgets import confirm_keyboard, page_buttons, paginate
from handlers.texts import contacts as t
from models.contacts import (
    CommunityContact,
    ContactError,
    ContactErrorReason,
    ContactRow,
    associate,
    community_contacts,
    dissociate,
    get_contact,
    set_show_contact,
)
from models.core import StaffUser
from models.permissions import Action

PAGE_SIZE = 10
NAME_SHOWN = 40


def _names(rows: list[CommunityContact]) -> str:
    return esc(", ".join(r.name for r in rows)) or t.NONE_LISTED


# --- association -----------------------------------------------------------------------------


async def _render_association(
    update: Update, context: BotContext, staff: StaffUser, row: ContactRow, page: int
) -> None:
    communities = [c for c in await community_contacts(staff) if c.manageable]
    linked = [c for c in communities if c.contact_id == row.id]
    available = [c for c in communities if c.contact_id is None]
    taken = [c for c in communities if c.contact_id not in (None, row.id)]
    text = (
        t.ASSOCIATE.format(nombre=esc(row.name))
        + t.ASSOCIATED_HEADER.format(comunidades=_names(linked))
        + t.AVAILABLE_HEADER.format(comunidades=_names(available))
        + t.TAKEN_HEADER.format(
            comunidades=esc(
                ", ".join(
                    t.TAKEN_ROW.format(comunidad=c.name, contacto=c.contact_name or "")
                    for c in taken
                )
            )
            or t.NONE_LISTED
        )
    )
    ordered = [*linked, *available, *taken]
    shown = paginate(ordered, page, PAGE_SIZE)
    rows: list[list[InlineKeyboardButton]] = []
    for c in shown.items:
        name = shorten(c.name, NAME_SHOWN)
        if c.contact_id == row.id:
            rows.append([NS.button(t.BUTTON_LINKED.format(comunidad=name), "ul", row.id, c.id)])
        elif c.contact_id is None:
            rows.append([NS.button(t.BUTTON_AVAILABLE.format(comunidad=name), "lk", row.id, c.id)])
        else:
            label = t.BUTTON_TAKEN.format(
                comunidad=name, contacto=shorten(c.contact_name or "", NAME_SHOWN)
            )
            rows.append([NS.button(label, "lk", row.id, c.id)])
    nav = page_buttons(shown, partial(pack, NS.name, "as", row.id))
    if nav:
        rows.append(nav)
    rows.append([NS.button(t.BUTTON_BACK_TO_CARD, "card", row.id)])
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(rows))


async def _contact(update: Update, staff: StaffUser, contact_id: int) -> ContactRow | None:
    try:
        return await get_contact(staff, contact_id)
    except ContactError as error:
        await refuse(update, error.reason)
        return None


async def show_association(update: Update, context: BotContext) -> None:
    """ "Asociar comunidades": the person's communities, grouped, to tap."""
    contact_id = await target_id(update)
    if contact_id is None:
        return
    page = callback_number(update, 1) or 0
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return
    row = await _contact(update, staff, contact_id)
    if row is not None:
        await _render_association(update, context, staff, row, page)


async def _link(update: Update, context: BotContext, *, replace: bool) -> None:
    contact_id = await target_id(update, 0)
    community_id = await target_id(update, 1) if contact_id is not None else None
    if contact_id is None or community_id is None:
        return
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return
    try:
        await associate(staff, contact_id, community_id, replace=replace)
    except ContactError as error:
        if error.reason is ContactErrorReason.COMMUNITY_TAKEN:
            await _ask_replace(update, staff, contact_id, community_id, str(error.data["contact"]))
        else:
            await refuse(update, error.reason)
        return
    row = await _contact(update, staff, contact_id)
    if row is not None:
        await _render_association(update, context, staff, row, 0)


async def _ask_replace(
    update: Update, staff: StaffUser, contact_id: int, community_id: int, current: str
) -> None:
    row = await _contact(update, staff, contact_id)
    community = next((c for c in await community_contacts(staff) if c.id == community_id), None)
    if row is None or community is None:
        await stale(update)
        return
    text = t.REPLACE_ASK.format(
        comunidad=esc(community.name), actual=esc(current), nuevo=esc(row.name)
    )
    keyboard = confirm_keyboard(
        NS.button(t.BUTTON_REPLACE, "rep", contact_id, community_id),
        NS.button(t.BUTTON_REPLACE_CANCEL, "as", contact_id),
    )
    await edit_or_reply(update, text, reply_markup=keyboard)


async def link(update: Update, context: BotContext) -> None:
    """A community tapped to associate (asks first when it has another contact)."""
    await _link(update, context, replace=False)


async def replace(update: Update, context: BotContext) -> None:
    """ "Sí, reemplazar": the community's contact becomes this one."""
    await _link(update, context, replace=True)


async def unlink(update: Update, context: BotContext) -> None:
    """An associated community tapped: dissociate it («Mostrar» turns off)."""
    contact_id = await target_id(update, 0)
    community_id = await target_id(update, 1) if contact_id is not None else None
    if contact_id is None or community_id is None:
        return
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return
    try:
        await dissociate(staff, contact_id, community_id)
    except ContactError as error:
        await refuse(update, error.reason)
        return
    row = await _contact(update, staff, contact_id)
    if row is not None:
        await _render_association(update, context, staff, row, 0)


# --- communities and «Mostrar» ---------------------------------------------------------------


async def _render_communities(
    update: Update, context: BotContext, staff: StaffUser, page: int
) -> None:
    communities = await community_contacts(staff)
    shown = paginate(communities, page, PAGE_SIZE)
    text = t.COMMUNITIES
    if not communities:
        text += "\n\n" + t.NO_COMMUNITIES
    else:
        text += "\n"
    rows: list[list[InlineKeyboardButton]] = []
    for c in shown.items:
        mark = t.SHOW_ON if c.show_contact else t.SHOW_OFF
        text += t.COMMUNITY_ROW.format(
            comunidad=esc(c.name),
            contacto=esc(c.contact_name) if c.contact_name else t.COMMUNITY_NO_CONTACT,
            marca=mark,
        )
        if c.manageable and c.contact_id is not None:
            label = t.BUTTON_SHOW.format(marca=mark, comunidad=shorten(c.name, NAME_SHOWN))
            flip = 0 if c.show_contact else 1
            rows.append([NS.button(label, "sh", c.id, flip, shown.page)])
    if shown.pages > 1:
        text += "\n\n" + t.COMMUNITIES_PAGE.format(pagina=shown.page + 1, paginas=shown.pages)
    nav = page_buttons(shown, partial(pack, NS.name, "com"))
    if nav:
        rows.append(nav)
    rows.append([NS.button(t.BUTTON_BACK_TO_LIST, "pg", ListView.load(context).page)])
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(rows))


async def show_communities(update: Update, context: BotContext) -> None:
    """ "Comunidades y «Mostrar»": each community's contact and its ☑/☐ toggle."""
    page = callback_number(update) or 0
    staff = await actor(update, context, Action.VIEW_CONTACTS)
    if staff is not None:
        await _render_communities(update, context, staff, page)


async def toggle_show(update: Update, context: BotContext) -> None:
    """☑/☐ tapped: «Mostrar» on or off in that community, then the list again."""
    community_id = await target_id(update, 0)
    flip = callback_number(update, 1)
    page = callback_number(update, 2) or 0
    if community_id is None:
        return
    if flip not in (0, 1):
        await stale(update)
        return
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return
    try:
        await set_show_contact(staff, community_id, bool(flip))
    except ContactError as error:
        await refuse(update, error.reason)
        return
    await _render_communities(update, context, staff, page)
