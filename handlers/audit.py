"""/auditoria: the administración's latest changes, filterable by user (Súper Administrador)."""

from __future__ import annotations

from functools import partial
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg, callback_number, callback_of, pack
from handlers.kit.context import BotContext
from handlers.kit.guards import permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, shorten
from handlers.kit.widgets import page_buttons, paginate, picker
from handlers.texts import users as t
from models.core import AuditLog, Profile, StaffUser
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
VALUE_LIMIT = 40
OBJECT_LIMIT = 60
ACTOR_LIMIT = 40
ACTORS_PAGE_SIZE = 10  # users to filter by, per page
# Snapshot keys that are internal references, not something a person reads.
HIDDEN_KEYS = frozenset({"created_at", "expires_at"})
OBJECT_KEYS = ("name", "full_name", "bundle", "property")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return t.AUDIT_NONE
    if isinstance(value, bool):
        return t.AUDIT_YES if value else t.AUDIT_NO
    if key == "profile" and value in {p.value for p in Profile}:
        return texts.PROFILE_LABELS[Profile(value)]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _diff(before: dict[str, Any] | None, after: dict[str, Any] | None, limit: int) -> str:
    """A compact "campo: antes → después" of what changed (plain text, not escaped)."""
    if limit <= 0:
        return ""
    before, after = before or {}, after or {}
    parts: list[str] = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in HIDDEN_KEYS or key.endswith("_id"):
            continue
        label = t.AUDIT_FIELDS.get(key, key)
        old = _shorten(_value(key, before.get(key)), VALUE_LIMIT)
        new = _shorten(_value(key, after.get(key)), VALUE_LIMIT)
        if key in before and key in after:
            if before[key] != after[key]:
                parts.append(t.AUDIT_CHANGE.format(campo=label, antes=old, despues=new))
        elif key in after:
            parts.append(t.AUDIT_VALUE.format(campo=label, valor=new))
        else:
            parts.append(t.AUDIT_CHANGE.format(campo=label, antes=old, despues=t.AUDIT_NONE))
    return _shorten("; ".join(parts), limit)


def _object(entry: AuditLog, staff_names: dict[str, str]) -> str:
    """What the change was about, in words (plain text, not escaped)."""
    if entry.object_type == "staff_user":
        if entry.action == "identity.bind" and entry.object_id == str(entry.actor_id):
            return ""  # "vinculó su Telegram": the object is the actor
        name = staff_names.get(entry.object_id or "")
        if name:
            return _shorten(name, OBJECT_LIMIT)
    for snapshot in (entry.after or {}, entry.before or {}):
        label = next((snapshot[k] for k in OBJECT_KEYS if snapshot.get(k)), None)
        if label:
            return _shorten(str(label), OBJECT_LIMIT)
    return t.AUDIT_OBJECT_FALLBACK.format(
        tipo=t.AUDIT_OBJECT_TYPES.get(entry.object_type, entry.object_type),
        id=entry.object_id or "",
    )


def _action(entry: AuditLog) -> str:
    return t.AUDIT_ACTIONS.get(entry.action) or t.AUDIT_UNKNOWN_ACTION.format(accion=entry.action)


def _actor_name(entry: AuditLog) -> str:
    return _shorten(entry.actor_label.split(" <", 1)[0], ACTOR_LIMIT)


def _entry_text(
    entry: AuditLog, staff_names: dict[str, str], context: BotContext, diff_limit: int
) -> str:
    when = entry.created_at.astimezone(context.deps.clock.zone).strftime("%d-%m-%Y %H:%M")
    text = t.AUDIT_LINE.format(
        fecha=when,
        actor=esc(_actor_name(entry)),
        accion=esc(_action(entry)),
        objeto=esc(_object(entry, staff_names)),
    ).rstrip()
    diff = _diff(entry.before, entry.after, diff_limit)
    if diff:
        text += t.AUDIT_DIFF.format(cambios=esc(diff))
    return text


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
        body = [_entry_text(e, names, context, limit) for e in result.items] or [t.AUDIT_EMPTY]
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
