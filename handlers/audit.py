"""/auditoria: the administración's latest changes, filterable by user (Súper Administrador)."""

from __future__ import annotations

from functools import partial
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.audit_text import entry_text
from handlers.kit.callbacks import Namespace, callback_arg, callback_number, callback_of, pack
from handlers.kit.context import BotContext
from handlers.kit.guards import permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, shorten
from handlers.kit.widgets import page_buttons, paginate, picker
from handlers.texts import users as t
from models.core import StaffUser
from models.permissions import Action, community_ids_in_scope
from models.staff import (
    StaffError,
    audit_actors,
    audit_entries,
    audit_staff_names,
)

NS = Namespace("aud")
MAX_MESSAGE = 4000  # Telegram's limit is 4096 characters
DIFF_LIMITS = (140, 70, 0)  # shorter before→after summaries until the page fits
ACTOR_LIMIT = 40
ACTORS_PAGE_SIZE = 10  # users to filter by, per page


async def _allowed(update: Update, context: BotContext) -> StaffUser | None:
    """The Súper Administrador asking (anyone else is told why)."""
    staff = staff_of(context)
    scope = await community_ids_in_scope(staff) if staff is not None else set()
    decision = await permit(update, context, Action.VIEW_AUDIT, min(scope) if scope else None)
    return staff if decision else None


async def _render(
    update: Update, context: BotContext, staff: StaffUser, who: int | None, page: int
) -> None:
    try:
        result = await audit_entries(staff, actor_id=who, page=page)
    except StaffError as error:
        if update.callback_query is not None:
            await alert(update, t.STAFF_ERRORS[error.reason])
        return
    names = await audit_staff_names(staff, result.items)
    if who is None:
        quien = t.AUDIT_EVERYONE
    else:
        quien = next((a.full_name for a in await audit_actors(staff) if a.id == who), "")
        quien = esc(quien)
    header = [
        t.AUDIT_HEADER.format(quien=quien),
        t.AUDIT_PAGE.format(pagina=result.page + 1, paginas=result.pages, total=result.total),
        "",
    ]
    body: list[str] = []
    for limit in DIFF_LIMITS:
        zone = context.deps.clock.zone
        body = [entry_text(e, names, zone, limit) for e in result.items] or [t.AUDIT_EMPTY]
        if len("\n".join(header) + "\n\n".join(body)) <= MAX_MESSAGE:
            break
    while len(body) > 1 and len("\n".join(header) + "\n\n".join(body)) > MAX_MESSAGE:
        body.pop()  # only with absurdly long names; the next page still has the rest
    text = "\n".join(header) + "\n\n".join(body)
    nav = page_buttons(
        result,
        partial(pack, NS.name, "pg", who or 0),
        prev_label=t.BUTTON_AUDIT_NEWER,
        next_label=t.BUTTON_AUDIT_MORE,
    )
    keyboard = [nav] if nav else []
    keyboard.append([NS.button(t.BUTTON_AUDIT_FILTER, "who")])
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def show_audit(update: Update, context: BotContext) -> None:
    """/auditoria: the latest 20 changes of the administración."""
    staff = await _allowed(update, context)
    if staff is not None:
        await _render(update, context, staff, None, 0)


async def audit_page(update: Update, context: BotContext) -> None:
    """ "Más" / "Más recientes": another page of changes (of everyone or one user)."""
    callback = callback_of(update)
    who, page = callback_number(update, 0), callback_number(update, 1)
    if callback is None or len(callback.args) != 2 or who is None or page is None:
        await alert(update, texts.STALE_BUTTON)
        return
    staff = await _allowed(update, context)
    if staff is not None:
        await _render(update, context, staff, who or None, page)


async def choose_user(update: Update, context: BotContext) -> None:
    """ "Filtrar por usuario": the users who have changes, as buttons, in pages."""
    page = callback_number(update) if callback_arg(update) else 0
    if page is None:
        await alert(update, texts.STALE_BUTTON)
        return
    staff = await _allowed(update, context)
    if staff is None:
        return
    actors = paginate(await audit_actors(staff), page, ACTORS_PAGE_SIZE)
    keyboard = picker(
        actors,
        label=lambda a: shorten(
            a.full_name if a.is_active else t.AUDIT_DELETED_USER.format(nombre=a.full_name),
            ACTOR_LIMIT,
        ),
        choose=lambda a: NS.data("u", a.id),
        turn=partial(pack, NS.name, "who"),
        columns=1,
    )
    rows = [[NS.button(t.BUTTON_AUDIT_EVERYONE, "u", 0)], *keyboard.inline_keyboard]
    text = t.AUDIT_CHOOSE_USER if actors.total else t.AUDIT_NO_ACTORS
    if actors.pages > 1:
        text += "\n" + texts.PAGE_OF.format(pagina=actors.page + 1, paginas=actors.pages)
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(rows))


async def user_chosen(update: Update, context: BotContext) -> None:
    """A user button: their changes only (the id is re-checked against the administración)."""
    who = callback_number(update)
    if who is None:
        await alert(update, texts.STALE_BUTTON)
        return
    staff = await _allowed(update, context)
    if staff is not None:
        await _render(update, context, staff, who or None, 0)


def build_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("auditoria", show_audit),
        NS.on(audit_page, "pg"),
        NS.on(choose_user, "who"),
        NS.on(user_chosen, "u"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("auditoria", texts.CMD_AUDIT, Action.VIEW_AUDIT),)
