"""Creating and editing a contact: nombre, correo, teléfono asked in turn, reviewed, saved.

Each typed answer is checked at once by the domain's validators, so a bad one is asked again
with its reason; nothing is written until "Guardar".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.contacts.common import (
    NS,
    Next,
    Step,
    actor,
    email_label,
    phone_label,
    refuse,
    target_id,
)
from conversations.contacts.listing import render_card
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard
from handlers.texts import contacts as t
from models.contacts import (
    ContactError,
    ContactErrorReason,
    clean_email,
    clean_name,
    create_contact,
    edit_contact,
    get_contact,
    may_change,
    parse_chilean_phone,
)
from models.permissions import Action


@dataclass
class ContactForm(Draft):
    """The contact being created (`contact_id` None) or edited, as typed so far."""

    KIND: ClassVar[str] = "contacts.form"

    contact_id: int | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    # While editing: the values before, offered as "Mantener el actual".
    current_name: str | None = None
    current_email: str | None = None
    current_phone: str | None = None


def _keep(draft: ContactForm, current: str | None) -> list[InlineKeyboardButton]:
    return [NS.button(t.BUTTON_KEEP, "keep")] if draft.contact_id and current else []


async def ask_name(update: Update, draft: ContactForm) -> Step:
    if draft.contact_id and draft.current_name:
        text = t.ASK_NAME_EDIT.format(actual=esc(draft.current_name))
    else:
        text = t.ASK_NAME
    keep = _keep(draft, draft.current_name)
    await reply(update, text, reply_markup=InlineKeyboardMarkup([keep]) if keep else None)
    return Step.NAME


async def ask_email(update: Update, draft: ContactForm) -> Step:
    text = t.ASK_EMAIL
    if draft.contact_id:
        text += t.ASK_CURRENT.format(actual=esc(email_label(draft.current_email)))
    row = [*_keep(draft, draft.current_email), NS.button(t.BUTTON_NO_EMAIL, "none")]
    await reply(update, text, reply_markup=InlineKeyboardMarkup([row]))
    return Step.EMAIL


async def ask_phone(update: Update, draft: ContactForm) -> Step:
    text = t.ASK_PHONE
    if draft.contact_id:
        text += t.ASK_CURRENT.format(actual=esc(phone_label(draft.current_phone)))
    row = [*_keep(draft, draft.current_phone), NS.button(t.BUTTON_NO_PHONE, "none")]
    await reply(update, text, reply_markup=InlineKeyboardMarkup([row]))
    return Step.PHONE


async def show_review(update: Update, draft: ContactForm) -> Step:
    text = t.REVIEW.format(
        nombre=esc(draft.name or ""),
        correo=esc(email_label(draft.email)),
        telefono=esc(phone_label(draft.phone)),
    )
    if draft.contact_id:
        text += t.REVIEW_EDIT_WARNING
    keyboard = confirm_keyboard(NS.button(t.BUTTON_SAVE, "save"), NS.button(t.BUTTON_DROP, "drop"))
    await reply(update, text, reply_markup=keyboard)
    return Step.REVIEW


# --- entry -----------------------------------------------------------------------------------


async def start_create(update: Update, context: BotContext) -> Next:
    """ "Crear contacto": ask the name first."""
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return END
    draft = ContactForm().save(context)
    return await ask_name(update, draft)


async def start_edit(update: Update, context: BotContext) -> Next:
    """ "Editar": the same steps, each offering to keep the current value."""
    contact_id = await target_id(update)
    if contact_id is None:
        return END
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return END
    try:
        row = await get_contact(staff, contact_id)
    except ContactError as error:
        await refuse(update, error.reason)
        return END
    if not await may_change(staff, contact_id):
        await refuse(update, ContactErrorReason.OUTSIDE_SCOPE)
        return END
    draft = ContactForm(
        contact_id=row.id,
        current_name=row.name,
        current_email=row.email,
        current_phone=row.phone,
    ).save(context)
    return await ask_name(update, draft)


# --- steps -----------------------------------------------------------------------------------


async def _draft(update: Update, context: BotContext) -> ContactForm | None:
    draft = ContactForm.load(context)
    if draft is None:
        await alert(update, t.DROPPED)
    return draft


async def type_name(update: Update, context: BotContext) -> Next:
    """The typed name (asked again if empty)."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    try:
        draft.name = clean_name(typed(update))
    except ContactError as error:
        await refuse(update, error.reason)
        return None
    draft.save(context)
    return await ask_email(update, draft)


async def type_email(update: Update, context: BotContext) -> Next:
    """The typed e-mail (asked again if invalid)."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    try:
        draft.email = clean_email(typed(update))
    except ContactError as error:
        await refuse(update, error.reason)
        return None
    draft.save(context)
    return await ask_phone(update, draft)


async def type_phone(update: Update, context: BotContext) -> Next:
    """The typed phone (asked again if it is not a Chilean number)."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    try:
        draft.phone = parse_chilean_phone(typed(update))
    except ContactError as error:
        await refuse(update, error.reason)
        return None
    return await _after_phone(update, context, draft)


async def _after_phone(update: Update, context: BotContext, draft: ContactForm) -> Next:
    if draft.email is None and draft.phone is None:
        await refuse(update, ContactErrorReason.NO_CHANNEL)
        draft.save(context)
        return None
    draft.save(context)
    return await show_review(update, draft)


async def keep_name(update: Update, context: BotContext) -> Next:
    """ "Mantener el actual" at the name: on to the e-mail."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    draft.name = draft.current_name
    draft.save(context)
    return await ask_email(update, draft)


async def keep_email(update: Update, context: BotContext) -> Next:
    """ "Mantener el actual" at the e-mail: on to the phone."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    draft.email = draft.current_email
    draft.save(context)
    return await ask_phone(update, draft)


async def no_email(update: Update, context: BotContext) -> Next:
    """ "Sin correo": the contact has no e-mail; on to the phone."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    draft.email = None
    draft.save(context)
    return await ask_phone(update, draft)


async def keep_phone(update: Update, context: BotContext) -> Next:
    """ "Mantener el actual" at the phone: on to the review."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    draft.phone = draft.current_phone
    return await _after_phone(update, context, draft)


async def no_phone(update: Update, context: BotContext) -> Next:
    """ "Sin teléfono": the contact has no phone (it needs an e-mail then)."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    draft.phone = None
    return await _after_phone(update, context, draft)


async def save(update: Update, context: BotContext) -> Next:
    """ "Guardar": create or update the contact, then show its card."""
    draft = await _draft(update, context)
    if draft is None:
        return END
    staff = await actor(update, context, Action.MANAGE_CONTACTS)
    if staff is None:
        return END
    try:
        if draft.contact_id is None:
            contact = await create_contact(
                staff, name=draft.name, email=draft.email, phone=draft.phone
            )
            done = t.CREATED
        else:
            contact = await edit_contact(
                staff, draft.contact_id, name=draft.name, email=draft.email, phone=draft.phone
            )
            done = t.UPDATED
    except ContactError as error:
        await refuse(update, error.reason)
        ContactForm.drop(context)
        return END
    ContactForm.drop(context)
    await edit_or_reply(update, done.format(nombre=esc(contact.name)))
    await render_card(update, context, staff, await get_contact(staff, contact.id), fresh=True)
    return END


async def drop(update: Update, context: BotContext) -> Next:
    """ "Cancelar" on the review: nothing is saved."""
    ContactForm.drop(context)
    await edit_or_reply(update, t.DROPPED)
    return END
