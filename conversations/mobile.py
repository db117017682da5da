"""/celular: a property's mobile for correspondence SMS (seed: "Ingresar número de celular").

Súper Administrador and Administrador: choose the property (typed number or name, or its
button) → its card with the current mobile → "Agregar celular" / "Editar" (the field starts
empty: type the number, with an example) → a card with "Aceptar" / "Cancelar"; "Eliminar" →
"Aceptar" / "Cancelar" (cancel keeps the number). Looking needs `VIEW_PROPERTIES`, every change
`MANAGE_MOBILES` (a test user sees the card without its tools, and a forged tool is refused);
the domain (`models.mobile`) validates, writes the audit log and re-checks the scope.

Entry point for other features: a button with `pack("mob", "prop", property.id)` opens the
property's mobile card from any message (the /inmuebles property card's "Celular SMS"). Like
every id read from a button, it is re-checked against the person's communities and profile.

Callback data, namespace `mob`: `prop:<property>` (card), `pp:<page>` (property picker page),
`find` (choose another property), `edit:<property>`, `ok` / `no` (the typed number's card),
`del:<property>`, `delok:<property>`, `keep:<property>` (cancel the deletion).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg, callback_id, pack
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, NOT_TYPED, TYPED, Draft, flow, user_data
from handlers.kit.guards import (
    PropertyInScope,
    allowed,
    current_community,
    looks_only,
    permit,
    property_in_scope,
)
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard, picker, picker_text
from handlers.texts import correspondence as t
from models.core import Community, Property
from models.errors import PropertyNotFound
from models.mobile import (
    EXAMPLE,
    InvalidMobile,
    delete_mobile,
    format_mobile,
    parse_chilean_mobile,
    set_mobile,
)
from models.permissions import Action, NotAllowed
from models.properties import clean_query, search_properties

MOB = Namespace("mob")
VIEW = "mob_view"  # the property search, per person (JSON only)
PICKER_SIZE = 8
MAX_SHOWN_INPUT = 40
MAX_OTHERS_SHOWN = 5


class Step(StrEnum):
    """The steps that wait for the person (strings: they are persisted as JSON)."""

    SEARCH = "mob_search"
    NUMBER = "mob_number"
    CONFIRM = "mob_confirm"


@dataclass
class MobileDraft(Draft):
    """The property whose mobile is being typed, and the number once it is valid."""

    KIND: ClassVar[str] = "mobile"
    property_id: int
    mobile: str | None = None


def mobile_error_text(error: InvalidMobile, raw: str) -> str:
    """The Spanish refusal of a typed number, with an example of a valid one (HTML)."""
    shown = " ".join(raw.split())[:MAX_SHOWN_INPUT]
    return t.MOBILE_ERRORS[error.reason.value].format(numero=esc(shown), ejemplo=EXAMPLE)


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
        label=lambda p: p.name,
        choose=lambda p: pack(MOB.name, "prop", p.id),
        turn=lambda number: pack(MOB.name, "pp", number),
        extra=[[MOB.button(texts.BUTTON_CANCEL, "no")]],
    )
    send = reply if fresh else edit_or_reply
    await send(update, picker_text(title, found, query), reply_markup=keyboard)
    return Step.SEARCH


async def start(update: Update, context: BotContext) -> object:
    """/celular: which property? (typed number or name, or its button)."""
    MobileDraft.drop(context)
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
    MobileDraft.drop(context)
    user_data(context)[VIEW] = {"q": ""}
    return await _show_picker(update, context, community, 0, fresh=False)


async def picker_page(update: Update, context: BotContext) -> object:
    """A page button of the property picker."""
    raw = callback_arg(update)
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
        return Step.SEARCH
    if found.total == 1:
        allowed = await property_in_scope(
            update, context, found.items[0].id, Action.VIEW_PROPERTIES
        )
        if allowed is not None:
            await _render_card(update, context, allowed.prop, fresh=True)
        return END
    user_data(context)[VIEW] = {"q": query}
    return await _show_picker(update, context, community, 0, fresh=True)


async def search_typed(update: Update, context: BotContext) -> object:
    """The typed number or name: the property's card when only one matches."""
    community = await _picker_community(update, context)
    if community is None:
        return END
    query = clean_query(typed(update))
    if not query:
        await reply(update, t.EXPECTED_PROPERTY_TEXT)
        return None
    return await _search(update, context, community, query)


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_PROPERTY_TEXT)


# --- the card --------------------------------------------------------------------------------


async def _render_card(
    update: Update,
    context: BotContext,
    prop: Property,
    notice: str | None = None,
    *,
    fresh: bool = False,
) -> None:
    community = await Community.get(id=prop.community_id)
    text = t.MOBILE_CARD.format(
        inmueble=esc(prop.name),
        comunidad=esc(community.name),
        celular=f"<b>{esc(format_mobile(prop.mobile))}</b>" if prop.mobile else t.MOBILE_NONE,
    )
    if notice:
        text = f"{notice}\n\n{text}"
    rows = [[MOB.button(t.BUTTON_OTHER_PROPERTY, "find")]]
    if not await allowed(context, Action.MANAGE_MOBILES, prop.community_id):
        if looks_only(context):
            text += "\n\n" + t.MOBILE_READ_ONLY
    elif prop.mobile:
        rows.insert(
            0,
            [
                MOB.button(t.BUTTON_MOBILE_EDIT, "edit", prop.id),
                MOB.button(t.BUTTON_MOBILE_DELETE, "del", prop.id),
            ],
        )
    else:
        rows.insert(0, [MOB.button(t.BUTTON_MOBILE_ADD, "edit", prop.id)])
    keyboard = InlineKeyboardMarkup(rows)
    send = reply if fresh else edit_or_reply
    await send(update, text, reply_markup=keyboard)


async def open_card(update: Update, context: BotContext) -> object:
    """A property chosen (here or on its card elsewhere): its mobile and the tools."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if allowed is None:
        return None
    MobileDraft.drop(context)
    await _render_card(update, context, allowed.prop)
    return END


# --- add / edit ------------------------------------------------------------------------------


async def start_edit(update: Update, context: BotContext) -> object:
    """ "Agregar celular" / "Editar": the field starts empty — type the number."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.MANAGE_MOBILES)
    if allowed is None:
        return None
    prop = allowed.prop
    MobileDraft(prop.id).save(context)
    text = t.MOBILE_ASK_NUMBER.format(inmueble=esc(prop.name), ejemplo=EXAMPLE)
    if prop.mobile:
        text += t.MOBILE_ASK_NUMBER_REPLACES.format(actual=esc(format_mobile(prop.mobile)))
    keyboard = InlineKeyboardMarkup([[MOB.button(texts.BUTTON_CANCEL, "no")]])
    await edit_or_reply(update, text, reply_markup=keyboard)
    return Step.NUMBER


@dataclass(frozen=True, slots=True)
class Editing:
    """The mobile draft with its property, re-checked."""

    draft: MobileDraft
    allowed: PropertyInScope


async def _editing(update: Update, context: BotContext, action: Action) -> Editing | None:
    """The draft and its property, re-checked; a lost draft or property ends the flow."""
    draft = MobileDraft.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    allowed = await property_in_scope(update, context, draft.property_id, action)
    if allowed is None:
        MobileDraft.drop(context)
        return None
    return Editing(draft, allowed)


async def number_typed(update: Update, context: BotContext) -> object:
    """The typed number: checked, then a card to confirm."""
    found = await _editing(update, context, Action.MANAGE_MOBILES)
    if found is None:
        return END
    draft, prop = found.draft, found.allowed.prop
    raw = typed(update)
    try:
        mobile = parse_chilean_mobile(raw)
    except InvalidMobile as error:
        await reply(update, mobile_error_text(error, raw))
        return None
    draft.mobile = mobile
    draft.save(context)
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
    keyboard = confirm_keyboard(
        MOB.button(t.BUTTON_ACCEPT, "ok"), MOB.button(texts.BUTTON_CANCEL, "no")
    )
    await reply(update, text, reply_markup=keyboard)
    return Step.CONFIRM


async def number_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the number was expected."""
    await reply(update, t.MOBILE_EXPECTED_TEXT.format(ejemplo=EXAMPLE))


async def save(update: Update, context: BotContext) -> object:
    """ "Aceptar": the number is saved (audited); back to the card."""
    found = await _editing(update, context, Action.MANAGE_MOBILES)
    if found is None:
        return END
    draft, allowed = found.draft, found.allowed
    MobileDraft.drop(context)
    mobile = draft.mobile or ""
    try:
        change = await set_mobile(
            allowed.staff, allowed.prop.id, mobile, expected_community_ids=allowed.scope
        )
    except InvalidMobile as error:
        await alert(update, mobile_error_text(error, mobile))
        return END
    except PropertyNotFound:
        await alert(update, texts.PROPERTY_GONE)
        return END
    except NotAllowed as denied:
        await alert(update, texts.DENIALS[denied.reason] if denied.reason else texts.PROPERTY_GONE)
        return END
    notice = t.MOBILE_SAVED if change.changed else t.MOBILE_UNCHANGED
    await _render_card(update, context, change.property, notice)
    return END


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar" while typing or confirming: the number stays as it was."""
    draft = MobileDraft.load(context)
    MobileDraft.drop(context)
    allowed = (
        await property_in_scope(update, context, draft.property_id, Action.VIEW_PROPERTIES)
        if draft is not None
        else None
    )
    if allowed is None:
        await edit_or_reply(update, texts.CANCELLED)
        return END
    await _render_card(update, context, allowed.prop, t.MOBILE_KEPT)
    return END


# --- delete ----------------------------------------------------------------------------------


async def ask_delete(update: Update, context: BotContext) -> object:
    """ "Eliminar": confirm with Aceptar / Cancelar."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.MANAGE_MOBILES)
    if allowed is None:
        return None
    MobileDraft.drop(context)
    prop = allowed.prop
    if not prop.mobile:
        await _render_card(update, context, prop)
        return END
    text = t.MOBILE_DELETE_CONFIRM.format(
        celular=esc(format_mobile(prop.mobile)), inmueble=esc(prop.name)
    )
    keyboard = confirm_keyboard(
        MOB.button(t.BUTTON_ACCEPT, "delok", prop.id),
        MOB.button(texts.BUTTON_CANCEL, "keep", prop.id),
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return END


async def confirm_delete(update: Update, context: BotContext) -> object:
    """ "Aceptar": the property has no mobile any more (audited)."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.MANAGE_MOBILES)
    if allowed is None:
        return None
    try:
        change = await delete_mobile(
            allowed.staff, allowed.prop.id, expected_community_ids=allowed.scope
        )
    except PropertyNotFound:
        await alert(update, texts.PROPERTY_GONE)
        return END
    except NotAllowed as denied:
        await alert(update, texts.DENIALS[denied.reason] if denied.reason else texts.PROPERTY_GONE)
        return END
    await _render_card(
        update, context, change.property, t.MOBILE_DELETED if change.changed else None
    )
    return END


async def keep(update: Update, context: BotContext) -> object:
    """ "Cancelar" on the deletion: the number stays."""
    allowed = await property_in_scope(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if allowed is None:
        return None
    await _render_card(update, context, allowed.prop, t.MOBILE_KEPT)
    return END


# --- wiring ----------------------------------------------------------------------------------


_on = MOB.on


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
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
            Step.SEARCH: [
                MessageHandler(TYPED, search_typed),
                MessageHandler(NOT_TYPED, search_not_text),
            ],
            Step.NUMBER: [
                MessageHandler(TYPED, number_typed),
                MessageHandler(NOT_TYPED, number_not_text),
            ],
            Step.CONFIRM: [_on(save, "ok")],
        },
        extra_fallbacks=[_on(drop, "no")],
    )
    return [conversation]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("celular", texts.CMD_MOBILE, Action.VIEW_PROPERTIES),)
