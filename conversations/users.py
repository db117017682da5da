"""/usuarios: the users list (filter, search, pages), the user card and its tools, and the
create and edit flows (seed: "Herramientas de usuarios", "Crear usuarios").

Browsing and the card's tools are plain button handlers whose data carries what they need;
the steps that wait for typed text (search, create, edit) are one flow. Every id in a button
is re-checked by the domain against the person's communities.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_of, pattern
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import DRAFT, flow, user_data
from handlers.kit.guards import permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.texts import users as t
from models.core import Profile, StaffUser
from models.identity import IssuedInvitation, expires_label
from models.permissions import Action, community_ids_in_scope, creatable_profiles
from models.staff import (
    DEFAULT_PAGE_SIZE,
    StaffError,
    StaffErrorReason,
    StaffRow,
    assignable_communities,
    clean_email,
    clean_name,
    clean_optional_name,
    clean_query,
    create_staff,
    delete_staff,
    editable_staff,
    email_in_use,
    get_staff,
    list_staff,
    reset_access,
    tools_refusal,
    update_staff,
)

log = logging.getLogger(__name__)

NS = "usr"
VIEW = "users_view"  # the list's filter, search and page, per person (JSON only)
END = ConversationHandler.END

# Flow states (strings: they are persisted as JSON).
SEARCH = "search"
PROFILE = "profile"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
SECOND_LAST_NAME = "second_last_name"
EMAIL = "email"
COMMUNITIES = "community_ids"
FORM = "form"

CREATE_STEPS = [PROFILE, FIRST_NAME, LAST_NAME, SECOND_LAST_NAME, EMAIL, COMMUNITIES]
# What each button of the form asks again.
FORM_FIELDS: dict[str, list[str]] = {
    "pf": [PROFILE],
    "fn": [FIRST_NAME],
    "ln": [LAST_NAME, SECOND_LAST_NAME],
    "em": [EMAIL],
    "cm": [COMMUNITIES],
}
REQUIRED = ("profile", "first_name", "last_name", "email", "community_ids")
# Refusals at "Guardar" that the person can fix in the form; the others end the flow.
FIXABLE = frozenset(
    {
        StaffErrorReason.INVALID_NAME,
        StaffErrorReason.INVALID_EMAIL,
        StaffErrorReason.EMAIL_TAKEN,
        StaffErrorReason.NO_COMMUNITY,
        StaffErrorReason.COMMUNITY_OUT_OF_SCOPE,
        StaffErrorReason.PROFILE_NOT_ALLOWED,
    }
)


_button = Namespace(NS).button


async def _stale(update: Update) -> None:
    await alert(update, texts.STALE_BUTTON)


async def _actor(update: Update, context: BotContext, action: Action) -> StaffUser | None:
    """The staff member asking, if their profile allows `action` (told why otherwise).

    Users are managed across all the person's communities, so any of them anchors the check;
    each target is re-checked by the domain.
    """
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, action, None)
        return None
    scope = await community_ids_in_scope(staff)
    if not scope:
        await alert(update, t.NO_COMMUNITIES)
        return None
    if not await permit(update, context, action, min(scope)):
        return None
    return staff


def _when(value: datetime | None, context: BotContext) -> str:
    if value is None:
        return t.NEVER
    return value.astimezone(context.deps.clock.zone).strftime("%d-%m-%Y %H:%M")


def _mark(row: StaffRow) -> str:
    return (t.LIST_MARK_SELF if row.is_self else "") + (
        t.LIST_MARK_TEST if row.is_test_user else ""
    )


def _view(context: BotContext) -> dict[str, Any]:
    view = user_data(context).get(VIEW)
    if not isinstance(view, dict):
        view = user_data(context)[VIEW] = {}
    for key, default in (("c", None), ("q", None), ("p", 0)):
        view.setdefault(key, default)
    return view


def _draft(context: BotContext) -> dict[str, Any] | None:
    draft = user_data(context).get(DRAFT)
    return draft if isinstance(draft, dict) and draft.get("kind") == "users" else None


def _drop_draft(context: BotContext) -> None:
    user_data(context).pop(DRAFT, None)


# --- the list --------------------------------------------------------------------------------


async def _render_list(update: Update, context: BotContext, staff: StaffUser, page: int) -> None:
    view = _view(context)
    try:
        result = await list_staff(staff, community_id=view["c"], query=view["q"], page=page)
    except StaffError:
        # The filtered community is no longer theirs: fall back to all of them.
        view["c"] = None
        result = await list_staff(staff, query=view["q"], page=page)
    view["p"] = result.page
    communities = await assignable_communities(staff)
    chosen = next((c for c in communities if c.id == view["c"]), None)
    lines = [
        t.LIST_HEADER.format(
            alcance=t.LIST_SCOPE_ONE.format(comunidad=esc(chosen.name))
            if chosen
            else t.LIST_SCOPE_ALL,
        )
    ]
    if view["q"]:
        lines.append(t.LIST_QUERY.format(busqueda=esc(view["q"])))
    lines.append(
        t.LIST_COUNT.format(total=result.total, pagina=result.page + 1, paginas=result.pages)
    )
    lines.append("")
    first_number = result.page * DEFAULT_PAGE_SIZE + 1
    for number, row in enumerate(result.items, start=first_number):
        lines.append(
            t.LIST_ROW.format(
                numero=number,
                nombre=esc(row.full_name),
                marca=_mark(row),
                perfil=texts.PROFILE_LABELS[row.profile],
                correo=esc(row.email),
                acceso=_when(row.last_access, context),
            )
        )
    lines.append("" if result.items else t.LIST_EMPTY)
    if result.items:
        lines.append(t.LIST_HINT)
    keyboard = [
        [_button(t.BUTTON_ROW.format(numero=number, nombre=row.full_name), "card", row.id)]
        for number, row in enumerate(result.items, start=first_number)
    ]
    nav = []
    if result.page > 0:
        nav.append(_button(t.BUTTON_PREV, "pg", result.page - 1))
    if result.page < result.pages - 1:
        nav.append(_button(t.BUTTON_NEXT, "pg", result.page + 1))
    if nav:
        keyboard.append(nav)
    tools = [_button(t.BUTTON_SEARCH, "find")]
    if len(communities) > 1:
        tools.append(_button(t.BUTTON_FILTER, "cf"))
    keyboard.append(tools)
    if view["q"]:
        keyboard.append([_button(t.BUTTON_CLEAR_SEARCH, "clr")])
    keyboard.append([_button(t.BUTTON_CREATE, "new")])
    await edit_or_reply(
        update,
        "\n".join(lines).strip(),
        reply_markup=InlineKeyboardMarkup(keyboard),
        disable_web_page_preview=True,
    )


async def show_users(update: Update, context: BotContext) -> object:
    """/usuarios: the users of all my communities, with search, filter and tools."""
    _drop_draft(context)
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is not None:
        user_data(context)[VIEW] = {"c": None, "q": None, "p": 0}
        await _render_list(update, context, staff, 0)
    return END


async def list_page(update: Update, context: BotContext) -> None:
    """A page button of the users list."""
    callback = callback_of(update)
    page = callback.args[0] if callback and callback.args else ""
    if not page.isdigit():
        await _stale(update)
        return
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is not None:
        await _render_list(update, context, staff, int(page))


async def choose_filter(update: Update, context: BotContext) -> None:
    """ "Comunidad": offer the person's communities to filter the list."""
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return
    current = _view(context)["c"]
    buttons = [[_button(t.FILTER_ALL, "flt", 0)]] + [
        [
            _button(
                t.FILTER_CURRENT_MARK.format(nombre=c.name) if c.id == current else c.name,
                "flt",
                c.id,
            )
        ]
        for c in await assignable_communities(staff)
    ]
    await edit_or_reply(update, t.FILTER_CHOOSE, reply_markup=InlineKeyboardMarkup(buttons))


async def set_filter(update: Update, context: BotContext) -> None:
    """A community (or "Todas") chosen as the list filter, re-checked against the person's."""
    callback = callback_of(update)
    raw = callback.args[0] if callback and callback.args else ""
    if not raw.isdigit():
        await _stale(update)
        return
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return
    community_id = int(raw) or None
    if community_id is not None and community_id not in await community_ids_in_scope(staff):
        await alert(update, texts.COMMUNITY_NOT_YOURS)
        return
    view = _view(context)
    view["c"] = community_id
    await _render_list(update, context, staff, 0)


async def clear_search(update: Update, context: BotContext) -> None:
    """ "Quitar búsqueda": the list without the text filter."""
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is not None:
        _view(context)["q"] = None
        await _render_list(update, context, staff, 0)


async def ask_search(update: Update, context: BotContext) -> object:
    """ "Buscar": the next text message is the search."""
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return END
    _drop_draft(context)
    await reply(update, t.SEARCH_ASK)
    return SEARCH


async def run_search(update: Update, context: BotContext) -> object:
    """The typed search: the list filtered by name or e-mail."""
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return END
    message = update.effective_message
    _view(context)["q"] = clean_query(message.text if message and message.text else "")
    await _render_list(update, context, staff, 0)
    return END


# --- the card and its tools ------------------------------------------------------------------


def _back_button(context: BotContext) -> list[InlineKeyboardButton]:
    return [_button(t.BUTTON_BACK_TO_LIST, "pg", int(_view(context).get("p") or 0))]


def _communities_label(row: StaffRow) -> str:
    names = ", ".join(row.communities) or t.FORM_EMPTY
    return t.CARD_ALL_COMMUNITIES.format(comunidades=names) if row.all_communities else names


async def _render_card(
    update: Update, context: BotContext, staff: StaffUser, row: StaffRow
) -> None:
    text = t.CARD.format(
        nombre=esc(row.full_name),
        marca=_mark(row),
        perfil=texts.PROFILE_LABELS[row.profile],
        correo=esc(row.email),
        comunidades=esc(_communities_label(row)),
        acceso=_when(row.last_access, context),
        telegram=t.CARD_TELEGRAM_BOUND if row.has_telegram else t.CARD_TELEGRAM_PENDING,
    )
    keyboard: list[list[InlineKeyboardButton]] = []
    refusal = await tools_refusal(staff, row)
    if refusal is not None:
        text += "\n\n" + t.CARD_NO_TOOLS[refusal]
    elif row.is_self:
        keyboard.append([_button(t.BUTTON_EDIT, "edit", row.id)])
    else:
        keyboard.append([_button(t.BUTTON_RESET, "rst", row.id)])
        keyboard.append(
            [_button(t.BUTTON_EDIT, "edit", row.id), _button(t.BUTTON_DELETE, "del", row.id)]
        )
    keyboard.append(_back_button(context))
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def _target_id(update: Update) -> int | None:
    callback = callback_of(update)
    target_id = callback.int_arg() if callback else None
    if target_id is None:
        await _stale(update)
    return target_id


async def show_card(update: Update, context: BotContext) -> None:
    """A user tapped in the list: their card, with the tools the person may use."""
    target_id = await _target_id(update)
    if target_id is None:
        return
    staff = await _actor(update, context, Action.VIEW_USERS)
    if staff is None:
        return
    try:
        row = await get_staff(staff, target_id)
    except StaffError as error:
        await alert(update, t.STAFF_ERRORS[error.reason])
        return
    await _render_card(update, context, staff, row)


async def _tool_target(update: Update, context: BotContext) -> tuple[StaffUser, StaffRow] | None:
    """The person and the user a tool is for, if the person may use tools on them."""
    target_id = await _target_id(update)
    if target_id is None:
        return None
    staff = await _actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return None
    try:
        row = await editable_staff(staff, target_id)
    except StaffError as error:
        await alert(update, t.STAFF_ERRORS[error.reason])
        return None
    if row.is_self:
        await alert(update, t.STAFF_ERRORS[StaffErrorReason.SELF])
        return None
    return staff, row


def _confirm_keyboard(yes: str, no: str, target_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(t.BUTTON_ACCEPT, yes, target_id), _button(t.BUTTON_CANCEL, no, target_id)]]
    )


async def ask_delete(update: Update, context: BotContext) -> None:
    """ "Eliminar": ask to confirm (Aceptar / Cancelar)."""
    found = await _tool_target(update, context)
    if found is None:
        return
    _, row = found
    await edit_or_reply(
        update,
        t.DELETE_CONFIRM.format(nombre=esc(row.full_name), correo=esc(row.email)),
        reply_markup=_confirm_keyboard("delok", "card", row.id),
    )


async def confirm_delete(update: Update, context: BotContext) -> None:
    """ "Aceptar": delete the user; their access ends now, their history stays."""
    target_id = await _target_id(update)
    if target_id is None:
        return
    staff = await _actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return
    try:
        deleted = await delete_staff(staff, target_id, clock=context.deps.clock)
    except StaffError as error:
        await alert(update, t.STAFF_ERRORS[error.reason])
        return
    await edit_or_reply(
        update,
        t.DELETED.format(nombre=esc(deleted.full_name)),
        reply_markup=InlineKeyboardMarkup([_back_button(context)]),
    )


async def ask_reset(update: Update, context: BotContext) -> None:
    """ "Restablecer acceso": ask to confirm (Aceptar / Cancelar)."""
    found = await _tool_target(update, context)
    if found is None:
        return
    _, row = found
    await edit_or_reply(
        update,
        t.RESET_CONFIRM.format(nombre=esc(row.full_name), correo=esc(row.email)),
        reply_markup=_confirm_keyboard("rstok", "card", row.id),
    )


def _invitation_block(issued: IssuedInvitation, context: BotContext) -> str:
    deps = context.deps
    return t.INVITATION_BLOCK.format(
        enlace=esc(issued.deep_link(deps.bot_username)),
        codigo=esc(issued.token),
        vence=expires_label(issued.invitation.expires_at, deps.clock.zone.key),
    )


def _ttl(context: BotContext) -> timedelta:
    return context.deps.config.invitation_ttl


async def confirm_reset(update: Update, context: BotContext) -> None:
    """ "Aceptar": unbind their Telegram and send a fresh invitation."""
    target_id = await _target_id(update)
    if target_id is None:
        return
    staff = await _actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return
    deps = context.deps
    try:
        target, issued = await reset_access(
            staff,
            target_id,
            _ttl(context),
            bot_username=deps.bot_username,
            tz=deps.clock.zone.key,
            clock=deps.clock,
        )
    except StaffError as error:
        await alert(update, t.STAFF_ERRORS[error.reason])
        return
    await edit_or_reply(
        update,
        t.RESET_DONE.format(
            nombre=esc(target.full_name),
            correo=esc(target.email),
            invitacion=_invitation_block(issued, context),
        ),
        reply_markup=InlineKeyboardMarkup([_back_button(context)]),
        disable_web_page_preview=True,
    )


# --- create and edit: one form, filled step by step ------------------------------------------


def _new_draft(mode: str, **values: Any) -> dict[str, Any]:
    draft: dict[str, Any] = {
        "kind": "users",
        "mode": mode,
        "staff_id": None,
        "profile": None,
        "first_name": None,
        "last_name": None,
        "second_last_name": None,
        "email": None,
        "community_ids": [],
        "queue": [],
        "original": None,
    }
    draft.update(values)
    return draft


async def start_create(update: Update, context: BotContext) -> object:
    """ "Crear usuario": start the form with the profile."""
    staff = await _actor(update, context, Action.MANAGE_USERS)
    if staff is None or not creatable_profiles(staff):
        return END
    draft = _new_draft("create", queue=list(CREATE_STEPS))
    user_data(context)[DRAFT] = draft
    return await _advance(update, context, staff, draft)


async def start_edit(update: Update, context: BotContext) -> object:
    """ "Editar": the form with the user's current data; each field can be changed."""
    target_id = await _target_id(update)
    if target_id is None:
        return END
    staff = await _actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return END
    try:
        row = await editable_staff(staff, target_id)
    except StaffError as error:
        await alert(update, t.STAFF_ERRORS[error.reason])
        return END
    values = {
        "profile": row.profile.value,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "second_last_name": row.second_last_name,
        "email": row.email,
        "community_ids": list(row.community_ids),
    }
    draft = _new_draft(
        "edit", staff_id=row.id, is_self=row.is_self, original=dict(values), **values
    )
    user_data(context)[DRAFT] = draft
    return await _show_form(update, context, staff, draft)


async def _advance(
    update: Update, context: BotContext, staff: StaffUser, draft: dict[str, Any]
) -> object:
    """Ask the next pending step, or show the form when none is left."""
    queue: list[str] = draft["queue"]
    if not queue:
        return await _show_form(update, context, staff, draft)
    step = queue.pop(0)
    cancel_row = [_button(t.BUTTON_CANCEL, "drop")]
    if step == PROFILE:
        rows = [
            [_button(texts.PROFILE_LABELS[p], "pf", p.value)] for p in creatable_profiles(staff)
        ]
        title = t.CREATE_PROFILE if draft["mode"] == "create" else t.ASK_PROFILE
        markup = InlineKeyboardMarkup([*rows, cancel_row])
        await edit_or_reply(update, title, reply_markup=markup)
    elif step == SECOND_LAST_NAME:
        markup = InlineKeyboardMarkup([[_button(t.BUTTON_SKIP, "skip")], cancel_row])
        await edit_or_reply(update, t.ASK_SECOND_LAST_NAME, reply_markup=markup)
    elif step == COMMUNITIES:
        await _show_communities(update, staff, draft)
    else:
        prompt = {FIRST_NAME: t.ASK_FIRST_NAME, LAST_NAME: t.ASK_LAST_NAME, EMAIL: t.ASK_EMAIL}
        markup = InlineKeyboardMarkup([cancel_row])
        await edit_or_reply(update, prompt[step], reply_markup=markup)
    return step


async def _show_communities(update: Update, staff: StaffUser, draft: dict[str, Any]) -> None:
    chosen = set(draft["community_ids"])
    rows = [
        [
            _button(
                (t.TOGGLE_ON if c.id in chosen else t.TOGGLE_OFF).format(nombre=c.name),
                "tg",
                c.id,
            )
        ]
        for c in await assignable_communities(staff)
    ]
    rows.append([_button(t.BUTTON_DONE, "ok"), _button(t.BUTTON_CANCEL, "drop")])
    await edit_or_reply(update, t.ASK_COMMUNITIES, reply_markup=InlineKeyboardMarkup(rows))


def _missing(draft: dict[str, Any]) -> list[str]:
    return [field for field in REQUIRED if not draft.get(field)]


async def _form_text(staff: StaffUser, draft: dict[str, Any]) -> str:
    names = {c.id: c.name for c in await assignable_communities(staff)}
    communities = ", ".join(names.get(cid, "?") for cid in draft["community_ids"])
    profile = draft["profile"]
    body = t.FORM_BODY.format(
        perfil=texts.PROFILE_LABELS[Profile(profile)] if profile else t.FORM_EMPTY,
        nombre=esc(draft["first_name"] or t.FORM_EMPTY),
        apellido_paterno=esc(draft["last_name"] or t.FORM_EMPTY),
        apellido_materno=esc(draft["second_last_name"] or t.FORM_OPTIONAL_EMPTY),
        correo=esc(draft["email"] or t.FORM_EMPTY),
        comunidades=esc(communities or t.FORM_EMPTY),
    )
    title = t.FORM_CREATE_TITLE if draft["mode"] == "create" else t.FORM_EDIT_TITLE
    text = f"{title}\n\n{body}"
    missing = _missing(draft)
    if missing:
        faltan = ", ".join(t.FIELD_LABELS[field] for field in missing)
        text += "\n\n" + t.FORM_MISSING.format(faltan=faltan)
    return text


async def _show_form(
    update: Update, context: BotContext, staff: StaffUser, draft: dict[str, Any]
) -> object:
    """The summary card: every field, a button to change each, "Guardar" only when complete."""
    own = bool(draft.get("is_self"))
    first_row = [_button(t.BUTTON_SET_FIRST_NAME, "set", "fn")]
    if not own:
        first_row.insert(0, _button(t.BUTTON_SET_PROFILE, "set", "pf"))
    rows = [
        first_row,
        [_button(t.BUTTON_SET_LAST_NAMES, "set", "ln"), _button(t.BUTTON_SET_EMAIL, "set", "em")],
    ]
    if not own:
        rows.append([_button(t.BUTTON_SET_COMMUNITIES, "set", "cm")])
    if not _missing(draft):
        rows.append([_button(t.BUTTON_SAVE, "save")])
    rows.append([_button(t.BUTTON_CANCEL, "drop")])
    await edit_or_reply(
        update, await _form_text(staff, draft), reply_markup=InlineKeyboardMarkup(rows)
    )
    return FORM


async def _flow_context(
    update: Update, context: BotContext
) -> tuple[StaffUser, dict[str, Any]] | None:
    """The person and their draft; a lost draft ends the flow as a stale step."""
    staff = staff_of(context)
    draft = _draft(context)
    if staff is None or draft is None:
        await _stale(update)
        return None
    return staff, draft


def _typed(update: Update) -> str:
    message = update.effective_message
    return message.text if message is not None and message.text else ""


async def choose_profile(update: Update, context: BotContext) -> object:
    """A profile button: only those the person may give (a forged one is refused)."""
    found = await _flow_context(update, context)
    if found is None:
        return END
    staff, draft = found
    callback = callback_of(update)
    value = callback.args[0] if callback and callback.args else ""
    if value not in {p.value for p in creatable_profiles(staff)}:
        await alert(update, t.STAFF_ERRORS[StaffErrorReason.PROFILE_NOT_ALLOWED])
        return None
    draft["profile"] = value
    return await _advance(update, context, staff, draft)


async def _take_text(
    update: Update, context: BotContext, field: str, *, optional: bool = False
) -> object:
    found = await _flow_context(update, context)
    if found is None:
        return END
    staff, draft = found
    text = _typed(update)
    try:
        if field == EMAIL:
            value: str | None = clean_email(text)
            if await email_in_use(staff, value, exclude_id=draft["staff_id"]):
                raise StaffError(StaffErrorReason.EMAIL_TAKEN, EMAIL)
        elif optional:
            value = clean_optional_name(text, field)
        else:
            value = clean_name(text, field)
    except StaffError as error:
        await reply(update, t.STAFF_ERRORS[error.reason])
        return None
    draft[field] = value
    return await _advance(update, context, staff, draft)


async def type_first_name(update: Update, context: BotContext) -> object:
    """The typed nombre."""
    return await _take_text(update, context, FIRST_NAME)


async def type_last_name(update: Update, context: BotContext) -> object:
    """The typed apellido paterno."""
    return await _take_text(update, context, LAST_NAME)


async def type_second_last_name(update: Update, context: BotContext) -> object:
    """The typed apellido materno."""
    return await _take_text(update, context, SECOND_LAST_NAME, optional=True)


async def skip_second_last_name(update: Update, context: BotContext) -> object:
    """ "Omitir": no apellido materno."""
    found = await _flow_context(update, context)
    if found is None:
        return END
    staff, draft = found
    draft[SECOND_LAST_NAME] = None
    return await _advance(update, context, staff, draft)


async def type_email(update: Update, context: BotContext) -> object:
    """The typed e-mail (valid and not already used in the administración)."""
    return await _take_text(update, context, EMAIL)


async def toggle_community(update: Update, context: BotContext) -> object:
    """A ☐/☑ community button: add or remove it (only the person's communities)."""
    found = await _flow_context(update, context)
    if found is None:
        return END
    staff, draft = found
    callback = callback_of(update)
    community_id = callback.int_arg() if callback else None
    allowed = {c.id for c in await assignable_communities(staff)}
    if community_id is None or community_id not in allowed:
        await alert(update, t.STAFF_ERRORS[StaffErrorReason.COMMUNITY_OUT_OF_SCOPE])
        return None
    chosen: list[int] = draft["community_ids"]
    if community_id in chosen:
        chosen.remove(community_id)
    else:
        chosen.append(community_id)
    draft["community_ids"] = sorted(chosen)
    await _show_communities(update, staff, draft)
    return None


async def communities_done(update: Update, context: BotContext) -> object:
    """ "Listo": at least one community, then the next step."""
    found = await _flow_context(update, context)
    if found is None:
        return END
    staff, draft = found
    if not draft["community_ids"]:
        await alert(update, t.PICK_ONE_COMMUNITY)
        return None
    return await _advance(update, context, staff, draft)


async def change_field(update: Update, context: BotContext) -> object:
    """A field button of the form: ask that field again, then back to the form."""
    found = await _flow_context(update, context)
    if found is None:
        return END
    staff, draft = found
    callback = callback_of(update)
    key = callback.args[0] if callback and callback.args else ""
    steps = FORM_FIELDS.get(key)
    if steps is None:
        await _stale(update)
        return None
    if draft.get("is_self") and key in ("pf", "cm"):
        await alert(update, t.STAFF_ERRORS[StaffErrorReason.SELF])
        return None
    draft["queue"] = list(steps)
    return await _advance(update, context, staff, draft)


async def save(update: Update, context: BotContext) -> object:
    """ "Guardar": create the user (and invite them) or save the edit, re-checking everything."""
    found = await _flow_context(update, context)
    if found is None:
        return END
    staff, draft = found
    if _missing(draft):
        return await _show_form(update, context, staff, draft)
    if await _actor(update, context, Action.MANAGE_USERS) is None:
        _drop_draft(context)
        return END
    try:
        if draft["mode"] == "create":
            text = await _save_new(context, staff, draft)
        else:
            text = await _save_edit(staff, draft)
    except StaffError as error:
        await alert(update, t.STAFF_ERRORS[error.reason])
        if error.reason in FIXABLE:
            return None
        _drop_draft(context)
        return END
    _drop_draft(context)
    await edit_or_reply(
        update,
        text,
        reply_markup=InlineKeyboardMarkup([_back_button(context)]),
        disable_web_page_preview=True,
    )
    return END


async def _save_new(context: BotContext, staff: StaffUser, draft: dict[str, Any]) -> str:
    deps = context.deps
    created, issued = await create_staff(
        staff,
        profile=draft["profile"],
        first_name=draft["first_name"],
        last_name=draft["last_name"],
        second_last_name=draft["second_last_name"],
        email=draft["email"],
        community_ids=draft["community_ids"],
        ttl=_ttl(context),
        bot_username=deps.bot_username,
        tz=deps.clock.zone.key,
        clock=deps.clock,
    )
    return t.CREATED.format(
        nombre=esc(created.full_name),
        perfil=texts.PROFILE_LABELS[created.profile],
        correo=esc(created.email),
        invitacion=_invitation_block(issued, context),
    )


async def _save_edit(staff: StaffUser, draft: dict[str, Any]) -> str:
    original: dict[str, Any] = draft["original"] or {}
    changes = {
        field: draft[field]
        for field in ("profile", "first_name", "last_name", "second_last_name", "email")
        if draft[field] != original.get(field)
    }
    leaves_super = "profile" in changes and original.get("profile") == Profile.SUPER_ADMIN.value
    if leaves_super or sorted(draft["community_ids"]) != sorted(
        original.get("community_ids") or []
    ):
        # A Súper Administrador works everywhere; a new profile gets the communities shown.
        changes["community_ids"] = draft["community_ids"]
    target, changed = await update_staff(staff, int(draft["staff_id"]), **changes)
    if not changed:
        return t.NOTHING_CHANGED
    return t.UPDATED.format(nombre=esc(target.full_name))


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar" in the form: nothing is saved."""
    _drop_draft(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END


BROWSING: dict[str, Any] = {
    "pg": list_page,
    "cf": choose_filter,
    "flt": set_filter,
    "clr": clear_search,
    "card": show_card,
}


def _ends_search(callback: Any) -> Any:
    async def browse_instead(update: Update, context: BotContext) -> object:
        """A list or card button while a search was awaited: browse, and stop waiting."""
        await callback(update, context)
        return END

    return browse_instead


def build_handlers(config: ChatConfig) -> list[BaseHandler]:
    text = filters.TEXT & ~filters.COMMAND

    def button(callback: Any, verb: str) -> CallbackQueryHandler:
        return CallbackQueryHandler(callback, pattern=pattern(NS, verb))

    conversation = flow(
        "users",
        config=config,
        entry_points=[
            CommandHandler("usuarios", show_users),
            button(ask_search, "find"),
            button(start_create, "new"),
            button(start_edit, "edit"),
        ],
        states={
            SEARCH: [
                MessageHandler(text, run_search),
                *(button(_ends_search(fn), verb) for verb, fn in BROWSING.items()),
            ],
            PROFILE: [button(choose_profile, "pf")],
            FIRST_NAME: [MessageHandler(text, type_first_name)],
            LAST_NAME: [MessageHandler(text, type_last_name)],
            SECOND_LAST_NAME: [
                MessageHandler(text, type_second_last_name),
                button(skip_second_last_name, "skip"),
            ],
            EMAIL: [MessageHandler(text, type_email)],
            COMMUNITIES: [button(toggle_community, "tg"), button(communities_done, "ok")],
            FORM: [button(change_field, "set"), button(save, "save")],
        },
        extra_fallbacks=[button(drop, "drop")],
    )
    return [
        conversation,
        # Browsing and the card's tools work at any time, in or out of the flow.
        *(button(fn, verb) for verb, fn in BROWSING.items()),
        button(ask_delete, "del"),
        button(confirm_delete, "delok"),
        button(ask_reset, "rst"),
        button(confirm_reset, "rstok"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("usuarios", texts.CMD_USERS, Action.VIEW_USERS),)
