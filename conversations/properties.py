"""/inmuebles: the working community's properties (seed: "Inmuebles en Kastor Conserjería").

Súper Administrador and Administrador: at the top the SMS and e-mails the community's notices
went out as (and the SMS available now); the properties in pages, natural order, with "Buscar";
per property its card (name, resident e-mails principal / secundarios with ✓ when linked to
Telegram, mobile) and the tools: "Listas de acceso" and "Celular SMS" (the flows of
`conversations.access_lists` and `conversations.mobile`, entered by their `prop:<id>` buttons),
"Residentes" (add, change role, remove, each confirmed; "Invitar" e-mails a deep link and a
code) and, on the list, "Importar inmuebles" (a CSV or XLSX sent as a document).

Looking needs `VIEW_PROPERTIES`, every change `MANAGE_PROPERTIES` (a test user looks and is
refused on each change); the domain (`models.residents`, `models.property_import`) re-checks
the actor and the scope and writes the audit log.

Callback data, namespace `prp`: `pg:<page>` (list page), `find` (search), `clr` (clear the
search), `card:<property>`, `res:<property>` (residents), `rs:<resident>` (a resident's card),
`role:<resident>` / `roleok:<resident>:<p|s>`, `rm:<resident>` / `rmok:<resident>`,
`inv:<resident>` / `invok:<resident>`, `add:<property>` then `ar:<p|s>`, `aok`, and `no`
(cancel the add), `imp` (import).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg, callback_id, pack
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import DRAFT, flow, user_data
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.texts import properties as t
from models.core import Community, Resident, ResidentRole, StaffUser
from models.identity import IssuedInvitation, expires_label
from models.mobile import format_mobile
from models.permissions import Action, NotAllowed, community_ids_in_scope
from models.properties import clean_query, search_properties
from models.property_import import (
    MAX_FILE_BYTES,
    FileProblem,
    ImportRefused,
    ImportReport,
    import_properties,
    size_label,
)
from models.residents import (
    PropertyCard,
    ResidentError,
    ResidentErrorReason,
    ResidentView,
    add_resident,
    clean_resident_email,
    current_principal,
    email_on_property,
    find_resident,
    invite_resident,
    notice_counters,
    property_card,
    remove_resident,
    residents_by_property,
    set_role,
)
from models.sms import balance as sms_balance

log = logging.getLogger(__name__)

NS = "prp"
ACCESS_LISTS_NS = "acl"  # conversations.access_lists: `acl:prop:<id>`
MOBILE_NS = "mob"  # conversations.mobile: `mob:prop:<id>`
END = ConversationHandler.END
VIEW = "prp_view"  # the list's community, search and page, per person (JSON only)
ADD_KIND = "prp_add"
IMPORT_KIND = "prp_import"
MAX_REJECTED_SHOWN = 30

# Flow states (strings: they are persisted as JSON).
SEARCH = "prp_search"
ADD_EMAIL = "prp_add_email"
ADD_ROLE = "prp_add_role"
ADD_CONFIRM = "prp_add_confirm"
IMPORT = "prp_import"

ROLE_CODES: dict[str, ResidentRole] = {"p": ResidentRole.PRINCIPAL, "s": ResidentRole.SECONDARY}
CODE_OF: dict[ResidentRole, str] = {role: code for code, role in ROLE_CODES.items()}

TYPED = filters.TEXT & ~filters.COMMAND
NOT_TYPED = ~filters.TEXT & ~filters.COMMAND


_button = Namespace(NS).button


def _view(context: BotContext) -> dict[str, Any]:
    view = user_data(context).get(VIEW)
    if not isinstance(view, dict):
        view = user_data(context)[VIEW] = {}
    for key, default in (("c", None), ("q", ""), ("p", 0)):
        view.setdefault(key, default)
    return view


def _draft(context: BotContext, kind: str) -> dict[str, Any] | None:
    draft = user_data(context).get(DRAFT)
    return draft if isinstance(draft, dict) and draft.get("kind") == kind else None


def _drop_draft(context: BotContext) -> None:
    user_data(context).pop(DRAFT, None)


def _typed(update: Update) -> str:
    message = update.effective_message
    return message.text if message is not None and message.text else ""


def _role_label(role: ResidentRole | str) -> str:
    return t.ROLE_LABELS[ResidentRole(role).value]


def _mobile_label(mobile: str | None) -> str:
    return format_mobile(mobile) if mobile else t.CARD_NO_MOBILE


async def _scope(context: BotContext) -> set[int]:
    staff = staff_of(context)
    return await community_ids_in_scope(staff) if staff is not None else set()


# --- the list --------------------------------------------------------------------------------


async def _list_community(update: Update, context: BotContext) -> Community | None:
    """The community the list shows (the working one), if the person may look at it."""
    community = await current_community(context)
    if not await permit(
        update, context, Action.VIEW_PROPERTIES, community.id if community else None
    ):
        return None
    return community


def _row_emails(residents: tuple[ResidentView, ...]) -> str:
    if not residents:
        return t.LIST_ROW_NO_EMAILS
    others = len(residents) - 1
    return t.LIST_ROW_EMAILS.format(
        principal=esc(residents[0].email),
        otros=t.LIST_ROW_MORE.format(n=others) if others else "",
    )


async def _render_list(
    update: Update, context: BotContext, community: Community, page: int
) -> None:
    view = _view(context)
    query = str(view.get("q") or "")
    found = await search_properties(community.id, query, page=page)
    view.update({"c": community.id, "p": found.page})
    counters = await notice_counters(community.id)
    available = (await sms_balance(community.id, clock=context.deps.clock)).available
    residents = await residents_by_property([p.id for p in found.items])
    lines = [
        t.LIST_HEADER.format(comunidad=esc(community.name)),
        t.LIST_COUNTERS.format(sms=counters.sms, correos=counters.emails),
        t.LIST_BALANCE.format(saldo=available),
        "",
    ]
    if query:
        lines.append(t.LIST_QUERY.format(busqueda=esc(query)))
    if found.total == 0:
        lines.append(t.LIST_EMPTY if query else t.LIST_EMPTY_COMMUNITY)
    else:
        lines.append(
            t.LIST_COUNT.format(total=found.total, pagina=found.page + 1, paginas=found.pages)
        )
        lines.extend(
            t.LIST_ROW.format(
                nombre=esc(p.name),
                correos=_row_emails(residents.get(p.id, ())),
                celular=esc(_mobile_label(p.mobile)),
            )
            for p in found.items
        )
        lines += ["", t.LIST_HINT]
    keyboard = [[_button(p.name, "card", p.id)] for p in found.items]
    nav = []
    if found.page > 0:
        nav.append(_button(t.BUTTON_PREV, "pg", found.page - 1))
    if found.page < found.pages - 1:
        nav.append(_button(t.BUTTON_NEXT, "pg", found.page + 1))
    if nav:
        keyboard.append(nav)
    tools = [_button(t.BUTTON_SEARCH, "find")]
    if query:
        tools.append(_button(t.BUTTON_CLEAR_SEARCH, "clr"))
    keyboard.append(tools)
    keyboard.append([_button(t.BUTTON_IMPORT, "imp")])
    await edit_or_reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(keyboard))


async def show_properties(update: Update, context: BotContext) -> object:
    """/inmuebles: the counters and the community's properties, in pages."""
    _drop_draft(context)
    community = await _list_community(update, context)
    if community is not None:
        user_data(context)[VIEW] = {"c": community.id, "q": "", "p": 0}
        await _render_list(update, context, community, 0)
    return END


async def list_page(update: Update, context: BotContext) -> None:
    """A page button of the list (or "Volver a la lista")."""
    raw = callback_arg(update)
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return
    community = await _list_community(update, context)
    if community is not None:
        if _view(context).get("c") != community.id:
            _view(context)["q"] = ""  # the working community changed meanwhile
        await _render_list(update, context, community, int(raw))


async def clear_search(update: Update, context: BotContext) -> None:
    """ "Quitar búsqueda": the whole list again."""
    community = await _list_community(update, context)
    if community is not None:
        _view(context)["q"] = ""
        await _render_list(update, context, community, 0)


async def ask_search(update: Update, context: BotContext) -> object:
    """ "Buscar": the next text message is the search."""
    community = await _list_community(update, context)
    if community is None:
        return END
    _drop_draft(context)
    await reply(update, t.SEARCH_ASK)
    return SEARCH


async def run_search(update: Update, context: BotContext) -> object:
    """The typed number or name: the list filtered (the card itself when only one matches)."""
    community = await _list_community(update, context)
    if community is None:
        return END
    query = clean_query(_typed(update))
    found = await search_properties(community.id, query)
    if found.total == 1:
        card = await property_card(found.items[0].id, {community.id})
        if card is not None:
            _view(context).update({"c": community.id, "q": query, "p": 0})
            await _render_card(update, context, card)
            return END
    _view(context).update({"c": community.id, "q": query})
    await _render_list(update, context, community, 0)
    return END


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the search was expected."""
    await reply(update, t.EXPECTED_SEARCH_TEXT)


# --- the card --------------------------------------------------------------------------------


async def _card_for(
    update: Update, context: BotContext, property_id: int | None, action: Action
) -> PropertyCard | None:
    """The card of a button's property, if it is in the person's communities and `action` is
    allowed there (the person is told why not)."""
    card = (
        await property_card(property_id, await _scope(context))
        if property_id is not None
        else None
    )
    if card is None:
        if staff_of(context) is None:
            await permit(update, context, action, None)
        else:
            await alert(update, texts.PROPERTY_GONE)
        return None
    if not await permit(update, context, action, card.community_id):
        return None
    return card


def _emails_label(residents: list[ResidentView]) -> str:
    if not residents:
        return t.CARD_NONE
    return ", ".join(esc(r.email) + (t.CARD_LINKED if r.linked else "") for r in residents)


async def _render_card(update: Update, context: BotContext, card: PropertyCard) -> None:
    text = t.CARD.format(
        nombre=esc(card.name),
        comunidad=esc(card.community_name),
        principal=_emails_label(card.principals),
        secundarios=_emails_label(card.secondaries),
        celular=esc(_mobile_label(card.mobile)),
    )
    if any(r.linked for r in card.residents):
        text += "\n\n" + t.CARD_LEGEND
    keyboard = [
        [
            InlineKeyboardButton(
                t.BUTTON_ACCESS_LISTS, callback_data=pack(ACCESS_LISTS_NS, "prop", card.id)
            ),
            InlineKeyboardButton(t.BUTTON_MOBILE, callback_data=pack(MOBILE_NS, "prop", card.id)),
        ],
        [_button(t.BUTTON_RESIDENTS, "res", card.id)],
        [_button(t.BUTTON_BACK_TO_LIST, "pg", int(_view(context).get("p") or 0))],
    ]
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


async def show_card(update: Update, context: BotContext) -> None:
    """A property tapped in the list: its card and tools."""
    card = await _card_for(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if card is not None:
        await _render_card(update, context, card)


# --- residents -------------------------------------------------------------------------------


async def _render_residents(update: Update, card: PropertyCard) -> None:
    lines = [
        t.RESIDENTS_HEADER.format(inmueble=esc(card.name), comunidad=esc(card.community_name))
    ]
    if card.residents:
        lines.extend(
            t.RESIDENTS_ROW.format(
                numero=number,
                correo=esc(r.email),
                rol=_role_label(r.role),
                vinculo=t.CARD_LINKED if r.linked else "",
            )
            for number, r in enumerate(card.residents, start=1)
        )
        lines += ["", t.RESIDENTS_HINT]
    else:
        lines.append(t.RESIDENTS_EMPTY)
    keyboard = [[_button(r.email, "rs", r.id)] for r in card.residents]
    keyboard.append([_button(t.BUTTON_ADD_RESIDENT, "add", card.id)])
    keyboard.append([_button(t.BUTTON_BACK_TO_CARD, "card", card.id)])
    await edit_or_reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(keyboard))


async def show_residents(update: Update, context: BotContext) -> None:
    """ "Residentes": the property's resident e-mails, each with its tools."""
    card = await _card_for(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if card is not None:
        await _render_residents(update, card)


async def _resident_for(
    update: Update, context: BotContext, resident_id: int | None, action: Action
) -> tuple[StaffUser, Resident] | None:
    """The resident of a button, if in the person's communities and `action` allowed there."""
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, action, None)
        return None
    resident = (
        await find_resident(resident_id, await community_ids_in_scope(staff))
        if resident_id is not None
        else None
    )
    if resident is None:
        await alert(update, t.RESIDENT_GONE)
        return None
    if not await permit(update, context, action, resident.property.community_id):
        return None
    return staff, resident


def _back_to_residents(property_id: int) -> list[InlineKeyboardButton]:
    return [_button(t.BUTTON_BACK_TO_RESIDENTS, "res", property_id)]


async def show_resident(update: Update, context: BotContext) -> None:
    """A resident e-mail tapped: its role, Telegram link and tools."""
    found = await _resident_for(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if found is None:
        return
    _, resident = found
    prop = resident.property
    role = ResidentRole(resident.role)
    other = ResidentRole.SECONDARY if role is ResidentRole.PRINCIPAL else ResidentRole.PRINCIPAL
    text = t.RESIDENT_CARD.format(
        correo=esc(resident.email),
        inmueble=esc(prop.name),
        comunidad=esc(prop.community.name),
        rol=_role_label(role),
        telegram=t.RESIDENT_LINKED if resident.telegram_id is not None else t.RESIDENT_NOT_LINKED,
    )
    switch = (
        t.BUTTON_MAKE_PRINCIPAL if other is ResidentRole.PRINCIPAL else t.BUTTON_MAKE_SECONDARY
    )
    keyboard = [
        [_button(t.BUTTON_INVITE, "inv", resident.id)],
        [_button(switch, "role", resident.id), _button(t.BUTTON_REMOVE, "rm", resident.id)],
        _back_to_residents(prop.id),
    ]
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


def _confirm(yes: str, *parts: str | int, back: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(t.BUTTON_ACCEPT, yes, *parts), _button(t.BUTTON_CANCEL, "rs", back)]]
    )


async def _refuse(update: Update, error: ResidentError | NotAllowed) -> None:
    if isinstance(error, NotAllowed):
        await alert(update, texts.DENIALS[error.reason] if error.reason else texts.STALE_BUTTON)
    else:
        await alert(update, t.RESIDENT_ERRORS[error.reason])


async def ask_role(update: Update, context: BotContext) -> None:
    """ "Cambiar a principal / secundario": ask to confirm (Aceptar / Cancelar)."""
    found = await _resident_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if found is None:
        return
    _, resident = found
    role = ResidentRole(resident.role)
    target = ResidentRole.SECONDARY if role is ResidentRole.PRINCIPAL else ResidentRole.PRINCIPAL
    text = t.ROLE_CONFIRM.format(
        correo=esc(resident.email), inmueble=esc(resident.property.name), rol=_role_label(target)
    )
    if target is ResidentRole.PRINCIPAL:
        previous = await current_principal(resident.property_id, exclude_id=resident.id)
        if previous is not None:
            text += t.ROLE_CONFIRM_DEMOTES.format(anterior=esc(previous.email))
    await edit_or_reply(
        update,
        text,
        reply_markup=_confirm("roleok", resident.id, CODE_OF[target], back=resident.id),
    )


async def confirm_role(update: Update, context: BotContext) -> None:
    """ "Aceptar": the new role is saved (the previous principal becomes secundario)."""
    target = ROLE_CODES.get(callback_arg(update, 1))
    found = await _resident_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if found is None:
        return
    if target is None:
        await alert(update, texts.STALE_BUTTON)
        return
    staff, resident = found
    try:
        change = await set_role(
            staff, resident.id, target, expected_community_ids=await community_ids_in_scope(staff)
        )
    except (ResidentError, NotAllowed) as error:
        await _refuse(update, error)
        return
    values = {
        "correo": esc(change.resident.email),
        "inmueble": esc(change.property.name),
        "rol": _role_label(target),
    }
    if not change.changed:
        text = t.ROLE_UNCHANGED.format(**values)
    else:
        text = t.ROLE_DONE.format(**values)
        for email in change.demoted:
            text += t.ROLE_DONE_DEMOTED.format(anterior=esc(email))
    keyboard = InlineKeyboardMarkup([_back_to_residents(change.property.id)])
    await edit_or_reply(update, text, reply_markup=keyboard)


async def ask_remove(update: Update, context: BotContext) -> None:
    """ "Quitar": ask to confirm (Aceptar / Cancelar)."""
    found = await _resident_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if found is None:
        return
    _, resident = found
    text = t.REMOVE_CONFIRM.format(
        correo=esc(resident.email), inmueble=esc(resident.property.name)
    )
    await edit_or_reply(update, text, reply_markup=_confirm("rmok", resident.id, back=resident.id))


async def confirm_remove(update: Update, context: BotContext) -> None:
    """ "Aceptar": the e-mail leaves the property; no more notices to it."""
    found = await _resident_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if found is None:
        return
    staff, resident = found
    try:
        change = await remove_resident(
            staff, resident.id, expected_community_ids=await community_ids_in_scope(staff)
        )
    except (ResidentError, NotAllowed) as error:
        await _refuse(update, error)
        return
    text = t.REMOVED.format(correo=esc(change.resident.email), inmueble=esc(change.property.name))
    keyboard = InlineKeyboardMarkup([_back_to_residents(change.property.id)])
    await edit_or_reply(update, text, reply_markup=keyboard)


async def ask_invite(update: Update, context: BotContext) -> None:
    """ "Invitar": ask to confirm sending the invitation e-mail."""
    found = await _resident_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if found is None:
        return
    _, resident = found
    text = t.INVITE_CONFIRM.format(
        correo=esc(resident.email), inmueble=esc(resident.property.name)
    )
    await edit_or_reply(
        update, text, reply_markup=_confirm("invok", resident.id, back=resident.id)
    )


def _invitation_block(issued: IssuedInvitation, context: BotContext) -> str:
    deps = context.deps
    return t.INVITATION_BLOCK.format(
        enlace=esc(issued.deep_link(deps.bot_username)),
        codigo=esc(issued.token),
        vence=expires_label(issued.invitation.expires_at, deps.clock.zone.key),
    )


async def confirm_invite(update: Update, context: BotContext) -> None:
    """ "Aceptar": e-mail the deep link and the code; also shown here to forward."""
    found = await _resident_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if found is None:
        return
    staff, resident = found
    deps = context.deps
    try:
        invited, issued = await invite_resident(
            staff,
            resident.id,
            expected_community_ids=await community_ids_in_scope(staff),
            ttl=deps.config.invitation_ttl,
            bot_username=deps.bot_username,
            tz=deps.clock.zone.key,
            clock=deps.clock,
        )
    except (ResidentError, NotAllowed) as error:
        await _refuse(update, error)
        return
    text = t.INVITED.format(
        correo=esc(invited.email), invitacion=_invitation_block(issued, context)
    )
    await edit_or_reply(
        update,
        text,
        reply_markup=InlineKeyboardMarkup([_back_to_residents(invited.property_id)]),
        disable_web_page_preview=True,
    )


# --- adding a resident: e-mail → role → summary → Guardar ------------------------------------


def _cancel_row() -> list[InlineKeyboardButton]:
    return [_button(t.BUTTON_CANCEL, "no")]


async def start_add(update: Update, context: BotContext) -> object:
    """ "Agregar correo": ask for the e-mail."""
    card = await _card_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if card is None:
        return END
    user_data(context)[DRAFT] = {"kind": ADD_KIND, "pid": card.id, "email": None, "role": None}
    await edit_or_reply(
        update,
        t.ADD_ASK_EMAIL.format(inmueble=esc(card.name)),
        reply_markup=InlineKeyboardMarkup([_cancel_row()]),
    )
    return ADD_EMAIL


async def _add_context(
    update: Update, context: BotContext
) -> tuple[dict[str, Any], PropertyCard] | None:
    """The add draft and its property, re-checked; a lost draft or property ends the flow."""
    draft = _draft(context, ADD_KIND)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    card = await _card_for(update, context, int(draft["pid"]), Action.MANAGE_PROPERTIES)
    if card is None:
        _drop_draft(context)
        return None
    return draft, card


async def type_email(update: Update, context: BotContext) -> object:
    """The typed e-mail: valid and not already on the property, then the role."""
    found = await _add_context(update, context)
    if found is None:
        return END
    draft, card = found
    try:
        email = clean_resident_email(_typed(update))
    except ResidentError as error:
        await reply(update, t.RESIDENT_ERRORS[error.reason])
        return None
    if await email_on_property(card.id, email):
        await reply(update, t.RESIDENT_ERRORS[ResidentErrorReason.DUPLICATE_EMAIL])
        return None
    draft["email"] = email
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(t.ADD_ROLE_PRINCIPAL, "ar", "p"),
                _button(t.ADD_ROLE_SECONDARY, "ar", "s"),
            ],
            _cancel_row(),
        ]
    )
    await reply(
        update,
        t.ADD_ASK_ROLE.format(correo=esc(email), inmueble=esc(card.name)),
        reply_markup=keyboard,
    )
    return ADD_ROLE


async def email_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the e-mail was expected."""
    await reply(update, t.EXPECTED_EMAIL_TEXT)


async def choose_role(update: Update, context: BotContext) -> object:
    """Principal or secundario: the summary with "Guardar" / "Cancelar"."""
    role = ROLE_CODES.get(callback_arg(update))
    if role is None:
        await alert(update, t.RESIDENT_ERRORS[ResidentErrorReason.INVALID_ROLE])
        return None
    found = await _add_context(update, context)
    if found is None:
        return END
    draft, card = found
    draft["role"] = role.value
    text = t.ADD_SUMMARY.format(
        inmueble=esc(card.name), correo=esc(draft["email"]), rol=_role_label(role)
    )
    if role is ResidentRole.PRINCIPAL and card.principals:
        text += t.ADD_SUMMARY_DEMOTES.format(anterior=esc(card.principals[0].email))
    keyboard = InlineKeyboardMarkup([[_button(t.BUTTON_SAVE, "aok"), *_cancel_row()]])
    await edit_or_reply(update, text, reply_markup=keyboard)
    return ADD_CONFIRM


async def save_add(update: Update, context: BotContext) -> object:
    """ "Guardar": add the e-mail, re-checking everything; then offer the invitation."""
    found = await _add_context(update, context)
    if found is None:
        return END
    draft, card = found
    staff = staff_of(context)
    if staff is None or not draft.get("email") or draft.get("role") is None:
        _drop_draft(context)
        await alert(update, texts.STALE_BUTTON)
        return END
    try:
        change = await add_resident(
            staff,
            card.id,
            str(draft["email"]),
            str(draft["role"]),
            expected_community_ids=await community_ids_in_scope(staff),
        )
    except (ResidentError, NotAllowed) as error:
        _drop_draft(context)
        await _refuse(update, error)
        return END
    _drop_draft(context)
    text = t.ADDED.format(
        correo=esc(change.resident.email),
        rol=_role_label(change.resident.role),
        inmueble=esc(card.name),
    )
    for email in change.demoted:
        text += t.ROLE_DONE_DEMOTED.format(anterior=esc(email))
    keyboard = InlineKeyboardMarkup(
        [[_button(t.BUTTON_INVITE, "inv", change.resident.id)], _back_to_residents(card.id)]
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return END


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar" while adding: nothing is saved."""
    draft = _draft(context, ADD_KIND)
    _drop_draft(context)
    keyboard = None
    if draft is not None:
        keyboard = InlineKeyboardMarkup([_back_to_residents(int(draft["pid"]))])
    await edit_or_reply(update, texts.CANCELLED, reply_markup=keyboard)
    return END


# --- import ----------------------------------------------------------------------------------


async def ask_import(update: Update, context: BotContext) -> object:
    """ "Importar inmuebles": ask for the CSV or XLSX file, as a document."""
    community = await current_community(context)
    if not await permit(
        update, context, Action.MANAGE_PROPERTIES, community.id if community else None
    ):
        return END
    assert community is not None  # permit() refuses without a community
    user_data(context)[DRAFT] = {"kind": IMPORT_KIND, "c": community.id}
    await reply(update, t.IMPORT_ASK.format(comunidad=esc(community.name)))
    return IMPORT


def _report_text(report: ImportReport) -> str:
    title = t.IMPORT_DONE_TITLE if report.changed else t.IMPORT_NO_CHANGES_TITLE
    lines = [
        title.format(comunidad=esc(report.community_name)),
        t.IMPORT_FILE.format(archivo=esc(report.filename), filas=report.rows),
        t.IMPORT_COUNTS.format(
            creados=len(report.created),
            actualizados=len(report.updated),
            sin_cambios=len(report.unchanged),
            rechazadas=len(report.rejected),
        ),
    ]
    if report.changed:
        lines.append(
            t.IMPORT_DETAILS.format(
                correos=report.residents_added,
                roles=report.roles_changed,
                celulares=report.mobiles_set,
            )
        )
    else:
        lines.append(t.IMPORT_NO_CHANGES_NOTE)
    if report.ignored_columns:
        columns = ", ".join(report.ignored_columns)
        lines.append(t.IMPORT_IGNORED_COLUMNS.format(columnas=esc(columns)))
    if report.rejected:
        lines.append(t.IMPORT_REJECTED_TITLE)
        lines.extend(
            t.IMPORT_REJECTED_ROW.format(fila=r.row, motivo=esc(r.message))
            for r in report.rejected[:MAX_REJECTED_SHOWN]
        )
        hidden = len(report.rejected) - MAX_REJECTED_SHOWN
        if hidden > 0:
            lines.append(t.IMPORT_REJECTED_MORE.format(n=hidden))
    return "\n".join(lines)


async def _refuse_file(update: Update, refused: ImportRefused) -> None:
    await reply(
        update,
        t.IMPORT_REFUSED.format(motivo=esc(refused.message)) + "\n" + t.IMPORT_SEND_ANOTHER,
    )


async def receive_file(update: Update, context: BotContext) -> object:
    """The file: import it into the community and report created, updated, rejected rows."""
    message = update.effective_message
    draft = _draft(context, IMPORT_KIND)
    staff = staff_of(context)
    if message is None or message.document is None or draft is None or staff is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    community_id = int(draft["c"])
    if not await permit(update, context, Action.MANAGE_PROPERTIES, community_id):
        _drop_draft(context)
        return END
    document = message.document
    size = document.file_size
    if size is not None and size > MAX_FILE_BYTES:
        await _refuse_file(update, ImportRefused(FileProblem.TOO_LARGE, size_label(size)))
        return None
    await message.reply_chat_action(ChatAction.TYPING)
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        log.warning("could not download a property import", exc_info=True)
        await reply(update, t.IMPORT_DOWNLOAD_FAILED)
        return None
    try:
        report = await import_properties(community_id, data, document.file_name or "", actor=staff)
    except ImportRefused as refused:
        await _refuse_file(update, refused)
        return None
    except NotAllowed as denied:
        _drop_draft(context)
        await reply(update, texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON)
        return END
    _drop_draft(context)
    user_data(context)[VIEW] = {"c": community_id, "q": "", "p": 0}
    await reply(
        update,
        _report_text(report),
        reply_markup=InlineKeyboardMarkup([[_button(t.BUTTON_SHOW_LIST, "pg", 0)]]),
    )
    return END


async def file_expected(update: Update, context: BotContext) -> None:
    """Text or a photo where the file was expected."""
    await reply(update, t.IMPORT_EXPECTED_DOCUMENT)


# --- wiring ----------------------------------------------------------------------------------

BROWSING: dict[str, Any] = {
    "pg": list_page,
    "clr": clear_search,
    "card": show_card,
    "res": show_residents,
    "rs": show_resident,
}
TOOLS: dict[str, Any] = {
    "role": ask_role,
    "roleok": confirm_role,
    "rm": ask_remove,
    "rmok": confirm_remove,
    "inv": ask_invite,
    "invok": confirm_invite,
}


_on = Namespace(NS).on


def _ends_wait(callback: Any) -> Any:
    async def browse_instead(update: Update, context: BotContext) -> object:
        """A list or card button while text or a file was awaited: do it, stop waiting."""
        _drop_draft(context)
        await callback(update, context)
        return END

    return browse_instead


def build_handlers(config: ChatConfig) -> list[BaseHandler]:
    waiting_buttons = [_on(_ends_wait(fn), verb) for verb, fn in {**BROWSING, **TOOLS}.items()]
    conversation = flow(
        "properties",
        config=config,
        entry_points=[
            CommandHandler("inmuebles", show_properties),
            _on(ask_search, "find"),
            _on(start_add, "add"),
            _on(ask_import, "imp"),
        ],
        states={
            SEARCH: [
                MessageHandler(TYPED, run_search),
                MessageHandler(NOT_TYPED, search_not_text),
                *waiting_buttons,
            ],
            ADD_EMAIL: [
                MessageHandler(TYPED, type_email),
                MessageHandler(NOT_TYPED, email_not_text),
                *waiting_buttons,
            ],
            ADD_ROLE: [_on(choose_role, "ar"), *waiting_buttons],
            ADD_CONFIRM: [_on(save_add, "aok"), *waiting_buttons],
            IMPORT: [
                MessageHandler(filters.Document.ALL, receive_file),
                MessageHandler(~filters.COMMAND, file_expected),
                *waiting_buttons,
            ],
        },
        extra_fallbacks=[_on(drop, "no")],
    )
    return [
        conversation,
        # Browsing and the residents' tools work at any time, in or out of the flow.
        *(_on(fn, verb) for verb, fn in {**BROWSING, **TOOLS}.items()),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("inmuebles", texts.CMD_PROPERTIES, Action.VIEW_PROPERTIES),
)
