"""/celular: a property's mobile for correspondence SMS (seed: "Ingresar número de celular").

Súper Administrador and Administrador: choose the property (typed number or name, or its
button) → its card with the current mobile → "Agregar celular" / "Editar" (the field starts
empty: type the number, with an example) → a card with "Aceptar" / "Cancelar"; "Eliminar" →
"Aceptar" / "Cancelar" (cancel keeps the number). Looking needs `VIEW_PROPERTIES`, every change
`MANAGE_MOBILES` (a test user looks and is refused on each change); the domain
(`models.mobile`) validates, writes the audit log and re-checks the scope.

Entry point for other features: a button with `pack("mob", "prop", property.id)` opens the
property's mobile card from any message (the /inmuebles property card's "Celular SMS"). Like
every id read from a button, it is re-checked against the person's communities and profile.

Callback data, namespace `mob`: `prop:<property>` (card), `pp:<page>` (property picker page),
`find` (choose another property), `edit:<property>`, `ok` / `no` (the typed number's card),
`del:<property>`, `delok:<property>`, `keep:<property>` (cancel the deletion).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_id, callback_of, pack
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import DRAFT, flow, user_data
from handlers.kit.guards import current_community, permit, property_in_scope
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.kit.widgets import picker, picker_text
from handlers.texts import correspondence as t
from models.core import Community, Property, StaffUser
from models.mobile import (
    EXAMPLE,
    InvalidMobile,
    PropertyNotFound,
    delete_mobile,
    format_mobile,
    parse_chilean_mobile,
    set_mobile,
)
from models.permissions import Action, NotAllowed
from models.properties import clean_query, search_properties

NS = "mob"
END = ConversationHandler.END
DRAFT_KIND = "mobile"
VIEW = "mob_view"  # the property search, per person (JSON only)
PICKER_SIZE = 8

# Flow states (strings: they are persisted as JSON).
SEARCH = "mob_search"
NUMBER = "mob_number"
CONFIRM = "mob_confirm"

TYPED = filters.TEXT & ~filters.COMMAND
NOT_TYPED = ~filters.TEXT & ~filters.COMMAND
MAX_SHOWN_INPUT = 40
MAX_OTHERS_SHOWN = 5


_button = Namespace(NS).button


def _typed(update: Update) -> str:
    message = update.effective_message
    return message.text if message is not None and message.text else ""


def _draft(context: BotContext) -> dict[str, Any] | None:
    draft = user_data(context).get(DRAFT)
    return draft if isinstance(draft, dict) and draft.get("kind") == DRAFT_KIND else None


def _drop_draft(context: BotContext) -> None:
    if _draft(context) is not None:
        user_data(context).pop(DRAFT, None)


def mobile_error_text(error: InvalidMobile, raw: str) -> str:
    """The Spanish refusal of a typed number, with an example of a valid one (HTML)."""
    shown = " ".join(raw.split())[:MAX_SHOWN_INPUT]
    return t.MOBILE_ERRORS[error.reason.value].format(numero=esc(shown), ejemplo=EXAMPLE)


# --- who may, and on what --------------------------------------------------------------------


# --- choosing the property -------------------------------------------------------------------


async def _picker_community(update: Update, context: BotContext) -> Community | None:
    community = await current_community(context)
    decision = await permit(
        update, context, Action.VIEW_PROPERTIES, community.id if community else None
    )
    return community if decision else None


async def _show_picker(
    update: Update, context: BotContext, community: Community, page: int, *, fresh: bool
) -> object:
    query = str(user_data(context).get(VIEW, {}).get("q") or "")
    found = await search_properties(community.id, query, page=page, page_size=PICKER_SIZE)
    if found.total == 0 and not query:
        await edit_or_reply(update, t.NO_PROPERTIES.format(comunidad=esc(community.name)))
        return END
    title = t.MOBILE_ASK_PROPERTY.format(comunidad=esc(community.name))
    keyboard = picker(
        found,
        lambda p: p.name,
        lambda p: pack(NS, "prop", p.id),
        lambda number: pack(NS, "pp", number),
    )
    send = reply if fresh else edit_or_reply
    await send(update, picker_text(title, found, query), reply_markup=keyboard)
    return SEARCH


async def start(update: Update, context: BotContext) -> object:
    """/celular: which property? (typed number or name, or its button)."""
    _drop_draft(context)
    community = await _picker_community(update, context)
    if community is None:
        return END
    user_data(context)[VIEW] = {"q": ""}
    typed = clean_query(" ".join(context.args or []))
    if typed:
        return await _search(update, context, community, typed)
    return await _show_picker(update, context, community, 0, fresh=True)


async def other_property(update: Update, context: BotContext) -> object:
    """ "Otro inmueble": back to choosing the property."""
    community = await _picker_community(update, context)
    if community is None:
        return None
    _drop_draft(context)
    user_data(context)[VIEW] = {"q": ""}
    return await _show_picker(update, context, community, 0, fresh=False)


async def picker_page(update: Update, context: BotContext) -> object:
    """A page button of the property picker."""
    callback = callback_of(update)
    raw = callback.args[0] if callback and callback.args else ""
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return None
    community = await _picker_community(update, context)
    if community is None:
        return None
    return await _show_picker(update, context, community, int(raw), fresh=False)


async def _search(update: Update, context: BotContext, community: Community, query: str) -> object:
    found = await search_properties(community.id, query, page_size=PICKER_SIZE)
    if found.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query), comunidad=esc(community.name)))
        return SEARCH
    if found.total == 1:
        allowed = await property_in_scope(
            update, context, found.items[0].id, Action.VIEW_PROPERTIES
        )
        if allowed is not None:
            await _render_card(update, allowed.prop, fresh=True)
        return END
    user_data(context)[VIEW] = {"q": query}
    return await _show_picker(update, context, community, 0, fresh=True)


async def search_typed(update: Update, context: BotContext) -> object:
    """The typed number or name: the property's card when only one matches."""
    community = await _picker_community(update, context)
    if community is None:
        return END
    query = clean_query(_typed(update))
    if not query:
        await reply(update, t.EXPECTED_PROPERTY_TEXT)
        return None
    return await _search(update, context, community, query)


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_PROPERTY_TEXT)


# --- the card --------------------------------------------------------------------------------


async def _render_card(
    update: Update, prop: Property, notice: str | None = None, *, fresh: bool = False
) -> None:
    community = await Community.get(id=prop.community_id)
    text = t.MOBILE_CARD.format(
        inmueble=esc(prop.name),
        comunidad=esc(community.name),
        celular=f"<b>{esc(format_mobile(prop.mobile))}</b>" if prop.mobile else t.MOBILE_NONE,
    )
    if notice:
        text = f"{notice}\n\n{text}"
    if prop.mobile:
        tools = [
            _button(t.BUTTON_MOBILE_EDIT, "edit", prop.id),
            _button(t.BUTTON_MOBILE_DELETE, "del", prop.id),
        ]
    else:
        tools = [_button(t.BUTTON_MOBILE_ADD, "edit", prop.id)]
    keyboard = InlineKeyboardMarkup([tools, [_button(t.BUTTON_OTHER_PROPERTY, "find")]])
    send = reply if fresh else edit_or_reply
    await send(update, text, reply_markup=keyboard)


async def open_card(update: Update, context: BotContext) -> object:
    """A property chosen (here or on its card elsewhere): its mobile and the tools."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if allowed is None:
        return None
    _drop_draft(context)
    await _render_card(update, allowed.prop)
    return END


# --- add / edit ------------------------------------------------------------------------------


async def start_edit(update: Update, context: BotContext) -> object:
    """ "Agregar celular" / "Editar": the field starts empty — type the number."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.MANAGE_MOBILES)
    if allowed is None:
        return None
    prop = allowed.prop
    user_data(context)[DRAFT] = {"kind": DRAFT_KIND, "pid": prop.id}
    text = t.MOBILE_ASK_NUMBER.format(inmueble=esc(prop.name), ejemplo=EXAMPLE)
    if prop.mobile:
        text += t.MOBILE_ASK_NUMBER_REPLACES.format(actual=esc(format_mobile(prop.mobile)))
    keyboard = InlineKeyboardMarkup([[_button(t.BUTTON_CANCEL, "no")]])
    await edit_or_reply(update, text, reply_markup=keyboard)
    return NUMBER


async def _draft_property(
    update: Update, context: BotContext, action: Action
) -> tuple[StaffUser, dict[str, Any], Property, set[int]] | None:
    draft = _draft(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    allowed = await property_in_scope(update, context, int(draft["pid"]), action)
    if allowed is None:
        _drop_draft(context)
        return None
    staff, prop, scope = allowed.staff, allowed.prop, allowed.scope
    return staff, draft, prop, scope


async def number_typed(update: Update, context: BotContext) -> object:
    """The typed number: checked, then a card to confirm."""
    found = await _draft_property(update, context, Action.MANAGE_MOBILES)
    if found is None:
        return END
    _, draft, prop, _scope = found
    raw = _typed(update)
    try:
        mobile = parse_chilean_mobile(raw)
    except InvalidMobile as error:
        await reply(update, mobile_error_text(error, raw))
        return None
    draft["mobile"] = mobile
    text = t.MOBILE_CONFIRM.format(celular=esc(format_mobile(mobile)), inmueble=esc(prop.name))
    others = (
        await Property.filter(community_id=prop.community_id, mobile=mobile)
        .exclude(id=prop.id)
        .order_by("name")
        .limit(MAX_OTHERS_SHOWN)
        .values_list("name", flat=True)
    )
    if others:
        text += t.MOBILE_CONFIRM_ALSO_ON.format(otros=esc(", ".join(str(o) for o in others)))
    keyboard = InlineKeyboardMarkup(
        [[_button(t.BUTTON_ACCEPT, "ok"), _button(t.BUTTON_CANCEL, "no")]]
    )
    await reply(update, text, reply_markup=keyboard)
    return CONFIRM


async def number_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the number was expected."""
    await reply(update, t.MOBILE_EXPECTED_TEXT.format(ejemplo=EXAMPLE))


async def save(update: Update, context: BotContext) -> object:
    """ "Aceptar": the number is saved (audited); back to the card."""
    found = await _draft_property(update, context, Action.MANAGE_MOBILES)
    if found is None:
        return END
    staff, draft, prop, scope = found
    _drop_draft(context)
    try:
        change = await set_mobile(
            staff, prop.id, str(draft.get("mobile") or ""), expected_community_ids=scope
        )
    except InvalidMobile as error:
        await alert(update, mobile_error_text(error, str(draft.get("mobile") or "")))
        return END
    except PropertyNotFound:
        await alert(update, texts.PROPERTY_GONE)
        return END
    except NotAllowed as denied:
        await alert(update, texts.DENIALS[denied.reason] if denied.reason else texts.PROPERTY_GONE)
        return END
    notice = t.MOBILE_SAVED if change.changed else t.MOBILE_UNCHANGED
    await _render_card(update, change.property, notice)
    return END


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar" while typing or confirming: the number stays as it was."""
    draft = _draft(context)
    _drop_draft(context)
    allowed = (
        await property_in_scope(update, context, int(draft["pid"]), Action.VIEW_PROPERTIES)
        if draft is not None
        else None
    )
    if allowed is None:
        await edit_or_reply(update, texts.CANCELLED)
        return END
    await _render_card(update, allowed.prop, t.MOBILE_KEPT)
    return END


# --- delete ----------------------------------------------------------------------------------


async def ask_delete(update: Update, context: BotContext) -> object:
    """ "Eliminar": confirm with Aceptar / Cancelar."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.MANAGE_MOBILES)
    if allowed is None:
        return None
    _drop_draft(context)
    prop = allowed.prop
    if not prop.mobile:
        await _render_card(update, prop)
        return END
    text = t.MOBILE_DELETE_CONFIRM.format(
        celular=esc(format_mobile(prop.mobile)), inmueble=esc(prop.name)
    )
    keyboard = InlineKeyboardMarkup(
        [[_button(t.BUTTON_ACCEPT, "delok", prop.id), _button(t.BUTTON_CANCEL, "keep", prop.id)]]
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return END


async def confirm_delete(update: Update, context: BotContext) -> object:
    """ "Aceptar": the property has no mobile any more (audited)."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.MANAGE_MOBILES)
    if allowed is None:
        return None
    staff, prop, scope = allowed.staff, allowed.prop, allowed.scope
    try:
        change = await delete_mobile(staff, prop.id, expected_community_ids=scope)
    except PropertyNotFound:
        await alert(update, texts.PROPERTY_GONE)
        return END
    except NotAllowed as denied:
        await alert(update, texts.DENIALS[denied.reason] if denied.reason else texts.PROPERTY_GONE)
        return END
    await _render_card(update, change.property, t.MOBILE_DELETED if change.changed else None)
    return END


async def keep(update: Update, context: BotContext) -> object:
    """ "Cancelar" on the deletion: the number stays."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if allowed is None:
        return None
    await _render_card(update, allowed.prop, t.MOBILE_KEPT)
    return END


# --- wiring ----------------------------------------------------------------------------------


_on = Namespace(NS).on


def build_handlers(config: ChatConfig) -> list[BaseHandler]:
    conversation = flow(
        "mobile",
        config=config,
        entry_points=[
            CommandHandler("celular", start),
            _on(open_card, "prop"),
            _on(picker_page, "pp"),
            _on(other_property, "find"),
            _on(start_edit, "edit"),
            _on(ask_delete, "del"),
            _on(confirm_delete, "delok"),
            _on(keep, "keep"),
        ],
        states={
            SEARCH: [
                MessageHandler(TYPED, search_typed),
                MessageHandler(NOT_TYPED, search_not_text),
            ],
            NUMBER: [
                MessageHandler(TYPED, number_typed),
                MessageHandler(NOT_TYPED, number_not_text),
            ],
            CONFIRM: [_on(save, "ok")],
        },
        extra_fallbacks=[_on(drop, "no")],
    )
    return [conversation]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("celular", texts.CMD_MOBILE, Action.VIEW_PROPERTIES),)
