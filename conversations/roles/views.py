"""/roles views: the list (built-in and custom roles, paged), a role's card, and deleting.

Plain button handlers; every id in a button is re-checked by `models.roles` against the
person's administración (another's role reads as not found).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg, callback_id, callback_number
from handlers.kit.context import BotContext
from handlers.kit.guards import staff_of
from handlers.kit.replies import alert, edit_or_reply, esc
from handlers.kit.widgets import page_buttons
from handlers.texts import roles as t
from models.core import Profile, RoleKind, StaffUser
from models.permissions import Action, builtin_grants
from models.roles import (
    RoleError,
    RoleErrorReason,
    RoleRow,
    delete_role,
    get_role,
    list_roles,
    may_manage_roles,
    may_view_roles,
    move_choices,
    parse_choice,
)

NS = Namespace("rol")


async def refuse(update: Update, reason: RoleErrorReason) -> None:
    """The domain's refusal, on the pressed button (or as a message when typed)."""
    await alert(update, t.ERRORS[reason])


async def viewer(update: Update, context: BotContext) -> StaffUser | None:
    """The person, if they may see the roles (a test Súper Administrador too)."""
    staff = staff_of(context)
    if staff is None or not await may_view_roles(staff):
        await refuse(update, RoleErrorReason.NOT_ALLOWED)
        return None
    return staff


async def manager(update: Update, context: BotContext) -> StaffUser | None:
    """The person, if they manage roles (told why not otherwise)."""
    staff = staff_of(context)
    if staff is None or not await may_manage_roles(staff):
        reason = (
            RoleErrorReason.READ_ONLY
            if staff is not None and staff.is_test_user
            else RoleErrorReason.NOT_ALLOWED
        )
        await refuse(update, reason)
        return None
    return staff


def permissions_text(actions: tuple[Action, ...] | list[Action]) -> str:
    """The permissions grouped by module, one line per module that has any."""
    held = set(actions)
    lines = []
    for module, members in t.MODULES:
        names = [t.PERMISSION_LABELS[a] for a in members if a in held]
        if names:
            lines.append(t.PERMISSION_LINE.format(modulo=module, permisos=", ".join(names)))
    return "\n".join(lines) or t.NO_PERMISSIONS


def card_text(
    name: str,
    kind: RoleKind,
    communities: tuple[str, ...] | list[str],
    permissions: tuple[Action, ...] | list[Action],
    users: int,
) -> str:
    where = ", ".join(communities) if kind is RoleKind.COMMUNITY else t.ALL_COMMUNITIES
    return t.CARD.format(
        nombre=esc(name),
        tipo=t.KIND_LABELS[kind],
        comunidades=esc(where or t.NO_COMMUNITIES),
        usuarios=users,
        permisos=esc(permissions_text(permissions)),
    )


async def render_list(update: Update, context: BotContext, staff: StaffUser, page: int) -> None:
    try:
        result = await list_roles(staff, page=page)
    except RoleError as error:
        await refuse(update, error.reason)
        return
    lines = [
        t.LIST_HEADER.format(total=result.total, pagina=result.page + 1, paginas=result.pages)
    ]
    lines += ["", t.LIST_BUILTIN_HEADER]
    for profile in Profile:
        lines.append(
            t.LIST_BUILTIN_ROW.format(
                nombre=texts.PROFILE_LABELS[profile] + t.BUILTIN_SUFFIX,
                permisos=len(builtin_grants(profile)),
            )
        )
    lines += ["", t.LIST_CUSTOM_HEADER]
    if not result.items:
        lines.append(t.LIST_EMPTY)
    for row in result.items:
        lines.append(
            t.LIST_CUSTOM_ROW.format(
                nombre=esc(row.name),
                tipo=t.KIND_SHORT[row.kind],
                permisos=len(row.permissions),
                usuarios=row.users,
            )
        )
    rows: list[list[InlineKeyboardButton]] = [
        [NS.button(row.name, "card", row.id)] for row in result.items
    ]
    nav = page_buttons(result, lambda p: NS.data("pg", p))
    if nav:
        rows.append(nav)
    if await may_manage_roles(staff):
        rows.append([NS.button(t.BUTTON_NEW, "new")])
    await edit_or_reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def show_roles(update: Update, context: BotContext) -> None:
    """/roles: the built-in roles, then the custom ones (paged), and "Nuevo rol"."""
    staff = await viewer(update, context)
    if staff is not None:
        await render_list(update, context, staff, 0)


async def list_page(update: Update, context: BotContext) -> None:
    staff = await viewer(update, context)
    if staff is not None:
        await render_list(update, context, staff, callback_number(update) or 0)


def back_row() -> list[InlineKeyboardButton]:
    return [NS.button(t.BUTTON_BACK, "pg", 0)]


async def render_card(update: Update, row: RoleRow, *, tools: bool = True) -> None:
    """The card; with `tools` (a manager of roles) its edit and delete buttons."""
    rows: list[list[InlineKeyboardButton]] = []
    if tools:
        rows = [
            [NS.button(t.BUTTON_EDIT_NAME, "edit", row.id, "nm")],
            [NS.button(t.BUTTON_EDIT_PERMISSIONS, "edit", row.id, "pm")],
        ]
        if row.kind is RoleKind.COMMUNITY:
            rows[0].append(NS.button(t.BUTTON_EDIT_COMMUNITIES, "edit", row.id, "cm"))
        rows.append([NS.button(t.BUTTON_DELETE, "del", row.id)])
    rows.append(back_row())
    await edit_or_reply(
        update,
        card_text(row.name, row.kind, row.communities, row.permissions, row.users),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def show_card(update: Update, context: BotContext) -> None:
    """A custom role's card: kind, communities, users, permissions by module; its tools."""
    staff = await viewer(update, context)
    role_id = callback_id(update)
    if staff is None:
        return
    if role_id is None:
        await alert(update, texts.STALE_BUTTON)
        return
    try:
        row = await get_role(staff, role_id)
    except RoleError as error:
        await refuse(update, error.reason)
        return
    await render_card(update, row, tools=await may_manage_roles(staff))


async def ask_delete(update: Update, context: BotContext) -> None:
    """ "Eliminar": confirm; a role in use first asks where its users go."""
    staff = await manager(update, context)
    role_id = callback_id(update)
    if staff is None:
        return
    if role_id is None:
        await alert(update, texts.STALE_BUTTON)
        return
    try:
        row = await get_role(staff, role_id)
    except RoleError as error:
        await refuse(update, error.reason)
        return
    if row.users == 0:
        markup = InlineKeyboardMarkup(
            [
                [NS.button(t.BUTTON_CONFIRM_DELETE, "delok", row.id)],
                [NS.button(texts.BUTTON_CANCEL, "card", row.id)],
            ]
        )
        await edit_or_reply(
            update, t.DELETE_CONFIRM.format(nombre=esc(row.name)), reply_markup=markup
        )
        return
    choices = await move_choices(staff, row.id)
    rows = [
        [NS.button(_choice_label(choice, name), "mv", row.id, choice)] for choice, name in choices
    ]
    rows.append([NS.button(texts.BUTTON_CANCEL, "card", row.id)])
    await edit_or_reply(
        update,
        t.DELETE_MOVE.format(nombre=esc(row.name), usuarios=row.users),
        reply_markup=InlineKeyboardMarkup(rows),
    )


def _choice_label(choice: str, name: str | None) -> str:
    if name is not None:
        return name
    parsed = parse_choice(choice)
    return (
        texts.PROFILE_LABELS[parsed] + t.BUILTIN_SUFFIX if isinstance(parsed, Profile) else choice
    )


async def confirm_delete(update: Update, context: BotContext) -> None:
    """ "Sí, eliminar" (nobody holds it) or a destination role (its users move there)."""
    staff = await manager(update, context)
    role_id = callback_id(update)
    if staff is None:
        return
    if role_id is None:
        await alert(update, texts.STALE_BUTTON)
        return
    move_to = callback_arg(update, 1) or None
    try:
        row = await get_role(staff, role_id)
        await delete_role(staff, role_id, move_to=move_to)
    except RoleError as error:
        await refuse(update, error.reason)
        return
    if move_to is None:
        text = t.DELETED.format(nombre=esc(row.name))
    else:
        names = dict(await move_choices(staff, 0))
        label = _choice_label(move_to, names.get(move_to))
        text = t.DELETED_MOVED.format(nombre=esc(row.name), destino=esc(label))
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup([back_row()]))
