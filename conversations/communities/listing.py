"""The communities list (search, pages), the card and its tools, the deleted ones."""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.communities.common import NS, ListView, Next, Step, actor, may, refuse
from handlers import texts
from handlers.community import send_community_card
from handlers.kit.callbacks import callback_id, callback_number, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import END, drop_draft
from handlers.kit.guards import allowed, looks_only
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, shorten, typed
from handlers.kit.widgets import picker
from handlers.texts import communities as t
from models.communities import (
    DEFAULT_PAGE_SIZE,
    CommunityError,
    CommunityRow,
    clean_query,
    community_in_scope,
    deleted_community,
    format_phone,
    get_signature,
    list_communities,
    list_deleted,
    purge_date,
    restore_community,
)
from models.core import Contact, StaffUser
from models.documents import format_rut
from models.identity import switch_community
from models.permissions import Action, NotAllowed

NAME_SHOWN = 50


def _properties(n: int) -> str:
    return t.LIST_PROPERTIES.get(n) or t.LIST_PROPERTIES_MANY.format(n=n)


def _contact(row: CommunityRow) -> str:
    if row.contact_id is None:
        return t.LIST_NO_CONTACT
    return t.LIST_CONTACT_SHOWN if row.show_contact else t.LIST_CONTACT_HIDDEN


def _code(code: str | None) -> str:
    return t.LIST_CODE.format(codigo=cut(code, 20)) if code else ""


async def render_list(
    update: Update, context: BotContext, staff: StaffUser, view: ListView
) -> None:
    """The list as `view` says; the view is kept for the next button."""
    result = await list_communities(staff, query=view.query, page=view.page)
    view.page = result.page
    view.save(context)
    lines = [t.LIST_HEADER.format(total=result.total)]
    if view.query:
        lines.append(t.LIST_QUERY.format(busqueda=esc(view.query)))
    if result.pages > 1:
        lines.append(t.LIST_PAGE.format(pagina=result.page + 1, paginas=result.pages))
    lines.append("")
    first = result.page * DEFAULT_PAGE_SIZE + 1
    numbers = {row.id: n for n, row in enumerate(result.items, start=first)}
    for row in result.items:
        lines.append(
            t.LIST_ROW.format(
                numero=numbers[row.id],
                nombre=cut(row.name, NAME_SHOWN),
                codigo=_code(row.code),
                inmuebles=_properties(row.properties),
                contacto=_contact(row),
            )
        )
    lines += ["", t.LIST_HINT if result.items else t.LIST_EMPTY]
    if looks_only(context):
        lines += ["", t.READ_ONLY]
    extra: list[list[InlineKeyboardButton]] = [[NS.button(t.BUTTON_SEARCH, "find")]]
    if view.query:
        extra[0].append(NS.button(t.BUTTON_CLEAR_SEARCH, "clr"))
    if await may(context, Action.MANAGE_COMMUNITIES):
        extra.append([NS.button(t.BUTTON_CREATE, "new"), NS.button(t.BUTTON_DELETED, "gone", 0)])
    keyboard = picker(
        result,
        label=lambda row: t.BUTTON_ROW.format(
            numero=numbers[row.id], nombre=shorten(row.name, NAME_SHOWN)
        ),
        choose=lambda row: pack(NS.name, "card", row.id),
        turn=partial(pack, NS.name, "pg"),
        columns=1,
        extra=extra,
    )
    await edit_or_reply(update, "\n".join(lines).strip(), reply_markup=keyboard)


async def show_communities(update: Update, context: BotContext) -> Next:
    """/comunidades: the administration's communities in my scope, with search and tools."""
    drop_draft(context)
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is not None:
        await render_list(update, context, staff, ListView())
    return END


async def list_page(update: Update, context: BotContext) -> None:
    """A page button of the communities list (or "Volver a la lista")."""
    page = callback_number(update)
    if page is None:
        await alert(update, texts.STALE_BUTTON)
        return
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is not None:
        view = ListView.load(context)
        view.page = page
        await render_list(update, context, staff, view)


async def clear_search(update: Update, context: BotContext) -> None:
    """ "Quitar búsqueda": the whole list again."""
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is not None:
        await render_list(update, context, staff, ListView())


async def ask_search(update: Update, context: BotContext) -> Next:
    """ "Buscar": the next text message is the search."""
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None:
        return END
    drop_draft(context)
    await reply(update, t.SEARCH_ASK)
    return Step.SEARCH


async def run_search(update: Update, context: BotContext) -> Next:
    """The typed search: the list filtered by name or código."""
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is not None:
        await render_list(update, context, staff, ListView(clean_query(typed(update)), 0))
    return END


# --- the card --------------------------------------------------------------------------------


def back_row() -> list[InlineKeyboardButton]:
    return [NS.button(t.BUTTON_BACK_TO_LIST, "back")]


async def show_card(update: Update, context: BotContext) -> None:
    """A community tapped in the list: its data and the tools the person may use."""
    community_id = callback_id(update)
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None:
        return
    try:
        community = await community_in_scope(staff, community_id, Action.VIEW_COMMUNITIES)
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return
    contact = await Contact.get_or_none(id=community.contact_id) if community.contact_id else None
    properties = await community.properties.all().count()
    text = t.CARD.format(
        nombre=esc(community.name),
        codigo=esc(community.code or t.CARD_EMPTY),
        rut=esc(format_rut(community.rut) if community.rut else t.CARD_EMPTY),
        direccion=esc(community.address or t.CARD_EMPTY),
        correo=esc(community.email or t.CARD_EMPTY),
        telefono=esc(format_phone(community.phone) if community.phone else t.CARD_EMPTY),
        inmuebles=_properties(properties),
        contacto=esc(contact.name) if contact else t.LIST_NO_CONTACT,
        firma=t.CARD_SIGNATURE_YES if await get_signature(community.id) else t.CARD_SIGNATURE_NO,
    )
    tools: list[InlineKeyboardButton] = []
    if await allowed(context, Action.EDIT_COMMUNITY, community.id):
        tools.append(NS.button(t.BUTTON_EDIT, "ed", community.id))
    if await allowed(context, Action.SWITCH_COMMUNITY, community.id):
        tools.append(NS.button(t.BUTTON_ENTER, "in", community.id))
    rows = [tools] if tools else []
    if await may(context, Action.MANAGE_COMMUNITIES):
        rows.append([NS.button(t.BUTTON_DELETE, "del", community.id)])
    rows.append(back_row())
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(rows))


async def back_to_list(update: Update, context: BotContext) -> None:
    """ "Volver a la lista": the list as the person left it."""
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is not None:
        await render_list(update, context, staff, ListView.load(context))


async def enter(update: Update, context: BotContext) -> None:
    """ "Ingresar": work in this community from now on (the same as choosing it in /comunidad)."""
    community_id = callback_id(update)
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None or community_id is None:
        if staff is not None:
            await alert(update, texts.STALE_BUTTON)
        return
    chosen = await switch_community(staff, community_id)
    if chosen is None:
        await alert(update, texts.COMMUNITY_NOT_YOURS)
        return
    await reply(update, texts.COMMUNITY_SWITCHED.format(comunidad=esc(chosen.name)))
    await send_community_card(update, chosen.id)


# --- deleted communities -----------------------------------------------------------------------


def _when(context: BotContext, row: CommunityRow) -> str:
    assert row.deleted_at is not None
    return purge_date(row.deleted_at).astimezone(context.deps.clock.zone).strftime("%d-%m-%Y")


async def show_deleted(update: Update, context: BotContext) -> None:
    """ "Eliminadas": communities deleted in the last 30 days, each with "Restaurar"."""
    page = callback_number(update) or 0
    staff = await actor(update, context, Action.MANAGE_COMMUNITIES)
    if staff is None:
        return
    result = await list_deleted(staff, page=page, clock=context.deps.clock)
    lines = [t.DELETED_HEADER.format(total=result.total), ""]
    first = result.page * DEFAULT_PAGE_SIZE + 1
    for n, row in enumerate(result.items, start=first):
        lines.append(
            t.DELETED_ROW.format(
                numero=n,
                nombre=cut(row.name, NAME_SHOWN),
                codigo=_code(row.code),
                fecha=_when(context, row),
            )
        )
    if not result.items:
        lines.append(t.DELETED_EMPTY)
    keyboard = picker(
        result,
        label=lambda row: t.BUTTON_RESTORE.format(nombre=shorten(row.name, NAME_SHOWN)),
        choose=lambda row: pack(NS.name, "rs", row.id),
        turn=partial(pack, NS.name, "gone"),
        columns=1,
        extra=[back_row()],
    )
    await edit_or_reply(update, "\n".join(lines).strip(), reply_markup=keyboard)


async def ask_restore(update: Update, context: BotContext) -> None:
    """ "Restaurar <comunidad>": confirm first."""
    community_id = callback_id(update)
    staff = await actor(update, context, Action.MANAGE_COMMUNITIES)
    if staff is None:
        return
    try:
        row = await deleted_community(staff, community_id, context.deps.clock)
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                NS.button(t.BUTTON_RESTORE_OK, "rsok", row.id),
                NS.button(texts.BUTTON_CANCEL, "gone", 0),
            ]
        ]
    )
    await edit_or_reply(
        update, t.RESTORE_CONFIRM.format(nombre=esc(row.name)), reply_markup=keyboard
    )


async def confirm_restore(update: Update, context: BotContext) -> None:
    """ "Restaurar" confirmed: the community comes back with everything it had."""
    community_id = callback_id(update)
    staff = await actor(update, context, Action.MANAGE_COMMUNITIES)
    if staff is None:
        return
    try:
        community = await restore_community(staff, community_id, clock=context.deps.clock)
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return
    await edit_or_reply(update, t.RESTORED.format(nombre=esc(community.name)))
