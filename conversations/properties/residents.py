"""/inmuebles, a property's residents: the list, a resident's card, role, removal, invitation,
and adding an e-mail (e-mail → role → summary → Guardar)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.properties.common import PRP, Step
from conversations.properties.listing import card_for
from handlers import texts
from handlers.kit.callbacks import callback_arg, callback_id, callback_number
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft, drop_draft
from handlers.kit.guards import allowed, looks_only, permit, staff_of
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, shorten, typed
from handlers.kit.widgets import confirm_keyboard, paginate, picker
from handlers.texts import properties as t
from models.core import Resident, ResidentRole, StaffUser
from models.identity import IssuedInvitation, expires_label
from models.permissions import Action, NotAllowed, community_ids_in_scope
from models.residents import (
    PropertyCard,
    ResidentError,
    ResidentErrorReason,
    add_resident,
    clean_resident_email,
    current_principal,
    email_on_property,
    find_resident,
    invite_resident,
    remove_resident,
    set_role,
)

ROLE_CODES: dict[str, ResidentRole] = {"p": ResidentRole.PRINCIPAL, "s": ResidentRole.SECONDARY}
CODE_OF: dict[ResidentRole, str] = {role: code for code, role in ROLE_CODES.items()}
PAGE_SIZE = 10
EMAIL_SHOWN = 60  # an e-mail in the list and on its button


def _role_label(role: ResidentRole | str) -> str:
    return t.ROLE_LABELS[ResidentRole(role).value]


def _other(role: ResidentRole) -> ResidentRole:
    return ResidentRole.SECONDARY if role is ResidentRole.PRINCIPAL else ResidentRole.PRINCIPAL


# --- the residents of a property -------------------------------------------------------------


async def _render_residents(
    update: Update, context: BotContext, card: PropertyCard, page: int
) -> None:
    lines = [
        t.RESIDENTS_HEADER.format(inmueble=esc(card.name), comunidad=esc(card.community_name))
    ]
    writable = await allowed(context, Action.MANAGE_PROPERTIES, card.community_id)
    shown = paginate(card.residents, page, PAGE_SIZE)
    if card.residents:
        if shown.pages > 1:
            lines.append(
                t.RESIDENTS_PAGE.format(
                    total=shown.total, pagina=shown.page + 1, paginas=shown.pages
                )
            )
        first = shown.page * PAGE_SIZE + 1
        lines.extend(
            t.RESIDENTS_ROW.format(
                numero=number,
                correo=cut(r.email, EMAIL_SHOWN),
                rol=_role_label(r.role),
                vinculo=t.CARD_LINKED if r.linked else "",
            )
            for number, r in enumerate(shown.items, start=first)
        )
        lines += ["", t.RESIDENTS_HINT if writable else t.RESIDENTS_HINT_READ_ONLY]
    else:
        lines.append(t.RESIDENTS_EMPTY)
    extra = []
    if writable:
        extra.append([PRP.button(t.BUTTON_ADD_RESIDENT, "add", card.id)])
    elif looks_only(context):
        lines += ["", t.READ_ONLY]
    extra.append([PRP.button(t.BUTTON_BACK_TO_CARD, "card", card.id)])
    keyboard = picker(
        shown,
        label=lambda r: shorten(r.email, EMAIL_SHOWN),
        choose=lambda r: PRP.data("rs", r.id),
        turn=lambda number: PRP.data("res", card.id, number),
        columns=1,
        extra=extra,
    )
    await edit_or_reply(update, "\n".join(lines), reply_markup=keyboard)


async def show_residents(update: Update, context: BotContext) -> None:
    """ "Residentes": the property's resident e-mails in pages, each with its tools."""
    page = callback_number(update, 1) if len(callback_arg(update, 1)) else 0
    if page is None:
        await alert(update, texts.STALE_BUTTON)
        return
    card = await card_for(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if card is not None:
        await _render_residents(update, context, card, page)


@dataclass(frozen=True, slots=True)
class ResidentInScope:
    """A resident the person may act on, with who they are and their communities."""

    staff: StaffUser
    resident: Resident
    scope: set[int]


async def _resident_in_scope(
    update: Update, context: BotContext, resident_id: int | None, action: Action
) -> ResidentInScope | None:
    """The resident of a button, if in the person's communities and `action` allowed there."""
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, action, None)
        return None
    scope = await community_ids_in_scope(staff)
    resident = await find_resident(resident_id, scope) if resident_id is not None else None
    if resident is None:
        await alert(update, t.RESIDENT_GONE)
        return None
    if not await permit(update, context, action, resident.property.community_id):
        return None
    return ResidentInScope(staff, resident, scope)


def _back_to_residents(property_id: int) -> list[InlineKeyboardButton]:
    return [PRP.button(t.BUTTON_BACK_TO_RESIDENTS, "res", property_id)]


def _confirm(yes: str, *parts: str | int, back: int) -> InlineKeyboardMarkup:
    return confirm_keyboard(
        PRP.button(t.BUTTON_ACCEPT, yes, *parts), PRP.button(texts.BUTTON_CANCEL, "rs", back)
    )


async def _refuse(update: Update, error: ResidentError | NotAllowed) -> None:
    if isinstance(error, NotAllowed):
        await alert(update, texts.DENIALS[error.reason] if error.reason else texts.STALE_BUTTON)
    else:
        await alert(update, t.RESIDENT_ERRORS[error.reason])


async def show_resident(update: Update, context: BotContext) -> None:
    """A resident e-mail tapped: its role, Telegram link and tools."""
    found = await _resident_in_scope(update, context, callback_id(update), Action.VIEW_PROPERTIES)
    if found is None:
        return
    resident = found.resident
    prop = resident.property
    role = ResidentRole(resident.role)
    text = t.RESIDENT_CARD.format(
        correo=cut(resident.email, 254),
        inmueble=esc(prop.name),
        comunidad=esc(prop.community.name),
        rol=_role_label(role),
        telegram=t.RESIDENT_LINKED if resident.telegram_id is not None else t.RESIDENT_NOT_LINKED,
    )
    switch = (
        t.BUTTON_MAKE_PRINCIPAL
        if _other(role) is ResidentRole.PRINCIPAL
        else t.BUTTON_MAKE_SECONDARY
    )
    keyboard = [_back_to_residents(prop.id)]
    if await allowed(context, Action.MANAGE_PROPERTIES, prop.community_id):
        keyboard[:0] = [
            [PRP.button(t.BUTTON_INVITE, "inv", resident.id)],
            [
                PRP.button(switch, "role", resident.id),
                PRP.button(t.BUTTON_REMOVE, "rm", resident.id),
            ],
        ]
    elif looks_only(context):
        text += "\n\n" + t.READ_ONLY
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(keyboard))


# --- role ------------------------------------------------------------------------------------


async def ask_role(update: Update, context: BotContext) -> None:
    """ "Cambiar a principal / secundario": ask to confirm (Aceptar / Cancelar)."""
    found = await _resident_in_scope(
        update, context, callback_id(update), Action.MANAGE_PROPERTIES
    )
    if found is None:
        return
    resident = found.resident
    target = _other(ResidentRole(resident.role))
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
    found = await _resident_in_scope(
        update, context, callback_id(update), Action.MANAGE_PROPERTIES
    )
    if found is None:
        return
    if target is None:
        await alert(update, texts.STALE_BUTTON)
        return
    try:
        change = await set_role(
            found.staff, found.resident.id, target, expected_community_ids=found.scope
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


# --- removal ---------------------------------------------------------------------------------


async def ask_remove(update: Update, context: BotContext) -> None:
    """ "Quitar": ask to confirm (Aceptar / Cancelar)."""
    found = await _resident_in_scope(
        update, context, callback_id(update), Action.MANAGE_PROPERTIES
    )
    if found is None:
        return
    resident = found.resident
    text = t.REMOVE_CONFIRM.format(
        correo=esc(resident.email), inmueble=esc(resident.property.name)
    )
    await edit_or_reply(update, text, reply_markup=_confirm("rmok", resident.id, back=resident.id))


async def confirm_remove(update: Update, context: BotContext) -> None:
    """ "Aceptar": the e-mail leaves the property; no more notices to it."""
    found = await _resident_in_scope(
        update, context, callback_id(update), Action.MANAGE_PROPERTIES
    )
    if found is None:
        return
    try:
        change = await remove_resident(
            found.staff, found.resident.id, expected_community_ids=found.scope
        )
    except (ResidentError, NotAllowed) as error:
        await _refuse(update, error)
        return
    text = t.REMOVED.format(correo=esc(change.resident.email), inmueble=esc(change.property.name))
    keyboard = InlineKeyboardMarkup([_back_to_residents(change.property.id)])
    await edit_or_reply(update, text, reply_markup=keyboard)


# --- invitation ------------------------------------------------------------------------------


async def ask_invite(update: Update, context: BotContext) -> None:
    """ "Invitar": ask to confirm sending the invitation e-mail."""
    found = await _resident_in_scope(
        update, context, callback_id(update), Action.MANAGE_PROPERTIES
    )
    if found is None:
        return
    resident = found.resident
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
        vence=expires_label(issued.invitation.expires_at, deps.clock.zone),
    )


async def confirm_invite(update: Update, context: BotContext) -> None:
    """ "Aceptar": e-mail the deep link and the code; also shown here to forward."""
    found = await _resident_in_scope(
        update, context, callback_id(update), Action.MANAGE_PROPERTIES
    )
    if found is None:
        return
    deps = context.deps
    try:
        invited, issued = await invite_resident(
            found.staff,
            found.resident.id,
            expected_community_ids=found.scope,
            ttl=deps.config.invitation_ttl,
            bot_username=deps.bot_username,
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


@dataclass
class AddResident(Draft):
    """The e-mail being added to a property, and its role once chosen."""

    KIND: ClassVar[str] = "prp_add"
    property_id: int
    email: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Adding:
    """The add draft with its property's card, re-checked."""

    draft: AddResident
    card: PropertyCard


def _cancel_button() -> InlineKeyboardButton:
    return PRP.button(texts.BUTTON_CANCEL, "no")


async def start_add(update: Update, context: BotContext) -> object:
    """ "Agregar correo": ask for the e-mail."""
    card = await card_for(update, context, callback_id(update), Action.MANAGE_PROPERTIES)
    if card is None:
        return END
    AddResident(card.id).save(context)
    await edit_or_reply(
        update,
        t.ADD_ASK_EMAIL.format(inmueble=esc(card.name)),
        reply_markup=InlineKeyboardMarkup([[_cancel_button()]]),
    )
    return Step.ADD_EMAIL


async def _adding(update: Update, context: BotContext) -> Adding | None:
    """The add draft and its property, re-checked; a lost draft or property ends the flow."""
    draft = AddResident.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    card = await card_for(update, context, draft.property_id, Action.MANAGE_PROPERTIES)
    if card is None:
        drop_draft(context)
        return None
    return Adding(draft, card)


async def type_email(update: Update, context: BotContext) -> object:
    """The typed e-mail: valid and not already on the property, then the role."""
    found = await _adding(update, context)
    if found is None:
        return END
    draft, card = found.draft, found.card
    try:
        email = clean_resident_email(typed(update))
    except ResidentError as error:
        await reply(update, t.RESIDENT_ERRORS[error.reason])
        return None
    if await email_on_property(card.id, email):
        await reply(update, t.RESIDENT_ERRORS[ResidentErrorReason.DUPLICATE_EMAIL])
        return None
    draft.email = email
    draft.save(context)
    keyboard = InlineKeyboardMarkup(
        [
            [
                PRP.button(t.ADD_ROLE_PRINCIPAL, "ar", CODE_OF[ResidentRole.PRINCIPAL]),
                PRP.button(t.ADD_ROLE_SECONDARY, "ar", CODE_OF[ResidentRole.SECONDARY]),
            ],
            [_cancel_button()],
        ]
    )
    await reply(
        update,
        t.ADD_ASK_ROLE.format(correo=esc(email), inmueble=esc(card.name)),
        reply_markup=keyboard,
    )
    return Step.ADD_ROLE


async def email_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the e-mail was expected."""
    await reply(update, t.EXPECTED_EMAIL_TEXT)


async def choose_role(update: Update, context: BotContext) -> object:
    """Principal or secundario: the summary with "Guardar" / "Cancelar"."""
    role = ROLE_CODES.get(callback_arg(update))
    if role is None:
        await alert(update, t.RESIDENT_ERRORS[ResidentErrorReason.INVALID_ROLE])
        return None
    found = await _adding(update, context)
    if found is None:
        return END
    draft, card = found.draft, found.card
    draft.role = role.value
    draft.save(context)
    text = t.ADD_SUMMARY.format(
        inmueble=esc(card.name), correo=esc(draft.email), rol=_role_label(role)
    )
    if role is ResidentRole.PRINCIPAL and card.principals:
        text += t.ADD_SUMMARY_DEMOTES.format(anterior=esc(card.principals[0].email))
    keyboard = confirm_keyboard(PRP.button(t.BUTTON_SAVE, "aok"), _cancel_button())
    await edit_or_reply(update, text, reply_markup=keyboard)
    return Step.ADD_CONFIRM


async def save_add(update: Update, context: BotContext) -> object:
    """ "Guardar": add the e-mail, re-checking everything; then offer the invitation."""
    found = await _adding(update, context)
    if found is None:
        return END
    draft, card = found.draft, found.card
    staff = staff_of(context)
    if staff is None or not draft.email or draft.role is None:
        drop_draft(context)
        await alert(update, texts.STALE_BUTTON)
        return END
    try:
        change = await add_resident(
            staff,
            card.id,
            draft.email,
            draft.role,
            expected_community_ids=await community_ids_in_scope(staff),
        )
    except (ResidentError, NotAllowed) as error:
        drop_draft(context)
        await _refuse(update, error)
        return END
    drop_draft(context)
    text = t.ADDED.format(
        correo=esc(change.resident.email),
        rol=_role_label(change.resident.role),
        inmueble=esc(card.name),
    )
    for email in change.demoted:
        text += t.ROLE_DONE_DEMOTED.format(anterior=esc(email))
    keyboard = InlineKeyboardMarkup(
        [[PRP.button(t.BUTTON_INVITE, "inv", change.resident.id)], _back_to_residents(card.id)]
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return END


async def drop(update: Update, context: BotContext) -> object:
    """ "Cancelar" while adding: nothing is saved."""
    draft = AddResident.load(context)
    drop_draft(context)
    keyboard = None
    if draft is not None:
        keyboard = InlineKeyboardMarkup([_back_to_residents(draft.property_id)])
    await edit_or_reply(update, texts.CANCELLED, reply_markup=keyboard)
    return END
