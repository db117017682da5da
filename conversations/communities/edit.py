"""Editing a community (pick a field → type the new value → confirm; the firma by image) and
deleting one (what goes with it → type its name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.communities.common import (
    NS,
    Next,
    Step,
    actor,
    download,
    image_file,
    refuse,
)
from conversations.communities.listing import back_row
from handlers import texts
from handlers.kit.callbacks import callback_arg, callback_id
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard
from handlers.texts import communities as t
from models.communities import (
    CommunityError,
    CommunityField,
    CommunityProblem,
    clean_field,
    community_in_scope,
    delete_community,
    deletion_summary,
    edit_community,
    format_phone,
    name_or_code_taken,
    purge_date,
    set_signature,
)
from models.documents import format_rut
from models.images import LogoRefused
from models.permissions import Action, NotAllowed

SIGNATURE = "signature"


@dataclass
class EditDraft(Draft):
    """Which community and field are being changed, and the new value once typed."""

    KIND: ClassVar[str] = "community_edit"

    community_id: int
    field: str
    value: str | None = None


@dataclass
class DeleteDraft(Draft):
    """The community whose name is awaited to delete it."""

    KIND: ClassVar[str] = "community_delete"

    community_id: int


def _shown(field: CommunityField, value: str | None) -> str:
    if not value:
        return t.CARD_EMPTY
    if field is CommunityField.PHONE:
        return format_phone(value)
    if field is CommunityField.RUT:
        return format_rut(value)
    return value


async def start_edit(update: Update, context: BotContext) -> Next:
    """ "Editar": which field of this community."""
    community_id = callback_id(update)
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None:
        return END
    try:
        community = await community_in_scope(staff, community_id, Action.EDIT_COMMUNITY)
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return END
    rows: list[list[InlineKeyboardButton]] = [
        [NS.button(t.FIELD_LABELS[f], "ef", community.id, f.value)] for f in CommunityField
    ]
    rows.append([NS.button(t.SIGNATURE_LABEL, "ef", community.id, SIGNATURE)])
    rows.append(back_row())
    text = t.EDIT_CHOOSE.format(nombre=esc(community.name)) + "\n" + t.EDIT_LOGO_HINT
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(rows))
    return END


async def choose_field(update: Update, context: BotContext) -> Next:
    """A field chosen: ask its new value (the firma: an image)."""
    community_id = callback_id(update)
    what = callback_arg(update, 1)
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None:
        return END
    try:
        community = await community_in_scope(staff, community_id, Action.EDIT_COMMUNITY)
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return END
    if what == SIGNATURE:
        EditDraft(community.id, SIGNATURE).save(context)
        await reply(update, t.EDIT_ASK_SIGNATURE)
        return Step.EDIT_SIGNATURE
    try:
        field = CommunityField(what)
    except ValueError:
        await alert(update, texts.STALE_BUTTON)
        return END
    EditDraft(community.id, field.value).save(context)
    markup = (
        InlineKeyboardMarkup([[NS.button(t.EDIT_CLEAR_CODE, "ecl")]])
        if field is CommunityField.CODE
        else None
    )
    question = t.ASK_FIELD[field] if field is not CommunityField.CODE else t.FIELD_LABELS[field]
    current = esc(_shown(field, getattr(community, field.value)))
    await reply(update, t.EDIT_ASK.format(pregunta=question, actual=current), reply_markup=markup)
    return Step.EDIT_VALUE


async def _confirm(update: Update, context: BotContext, raw: str | None) -> Next:
    draft = EditDraft.load(context)
    if draft is None or draft.field == SIGNATURE:
        await alert(update, texts.STALE_BUTTON)
        return END
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None:
        return END
    field = CommunityField(draft.field)
    try:
        community = await community_in_scope(staff, draft.community_id, Action.EDIT_COMMUNITY)
        value = clean_field(field, raw)
        if field in (CommunityField.NAME, CommunityField.CODE) and await name_or_code_taken(
            staff, field, value, exclude_id=community.id
        ):
            problem = (
                CommunityProblem.NAME_TAKEN
                if field is CommunityField.NAME
                else CommunityProblem.CODE_TAKEN
            )
            raise CommunityError(problem, field)
    except NotAllowed as error:
        await refuse(update, error)
        return END
    except CommunityError as error:
        await refuse(update, error)
        return None if error.field is not None else END
    before = getattr(community, field.value)
    if before == value:
        EditDraft.drop(context)
        await reply(update, t.EDIT_UNCHANGED)
        return END
    draft.value = value
    draft.save(context)
    text = t.EDIT_CONFIRM.format(
        campo=t.FIELD_LABELS[field].lower(),
        nombre=esc(community.name),
        antes=esc(_shown(field, before)),
        despues=esc(_shown(field, value)),
    )
    keyboard = confirm_keyboard(
        NS.button(t.BUTTON_SAVE, "eok"), NS.button(texts.BUTTON_CANCEL, "eno")
    )
    await reply(update, text, reply_markup=keyboard)
    return Step.EDIT_CONFIRM


async def type_value(update: Update, context: BotContext) -> Next:
    """The field's new value, typed: show before → after and ask to confirm."""
    return await _confirm(update, context, typed(update))


async def clear_code(update: Update, context: BotContext) -> Next:
    """ "Quitar el código"."""
    return await _confirm(update, context, None)


async def save_edit(update: Update, context: BotContext) -> Next:
    """ "Guardar" on the change: the domain re-checks and saves it, audited."""
    draft = EditDraft.load(context)
    if draft is None or draft.field == SIGNATURE:
        await alert(update, texts.STALE_BUTTON)
        return END
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None:
        return END
    field = CommunityField(draft.field)
    EditDraft.drop(context)
    try:
        community = await edit_community(
            staff, draft.community_id, field, draft.value, clock=context.deps.clock
        )
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return END
    text = t.EDITED.format(campo=t.FIELD_LABELS[field], nombre=esc(community.name))
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup([back_row()]))
    return END


async def drop_edit(update: Update, context: BotContext) -> Next:
    """ "Cancelar" on the change."""
    EditDraft.drop(context)
    await edit_or_reply(update, t.EDIT_DROPPED)
    return END


async def receive_signature(update: Update, context: BotContext) -> Next:
    """The new firma, as a photo or a JPEG file: saved at once (the image is the answer)."""
    draft = EditDraft.load(context)
    message = update.effective_message
    if draft is None or draft.field != SIGNATURE or message is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    found = image_file(message)
    if found is None:
        await reply(update, t.NOT_AN_IMAGE)
        return None
    staff = await actor(update, context, Action.VIEW_COMMUNITIES)
    if staff is None:
        return END
    try:
        data = await download(context, *found)
        stored = await set_signature(staff, draft.community_id, data, clock=context.deps.clock)
        community = await community_in_scope(staff, draft.community_id, Action.EDIT_COMMUNITY)
    except LogoRefused as refused:
        await reply(update, t.IMAGE_REFUSALS[refused.reason])
        return None
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return END
    EditDraft.drop(context)
    await reply(
        update,
        t.SIGNATURE_SAVED.format(
            nombre=esc(community.name), ancho=stored.width, alto=stored.height
        ),
    )
    return END


# --- delete ----------------------------------------------------------------------------------


async def ask_delete(update: Update, context: BotContext) -> Next:
    """ "Eliminar": what goes with the community, then its name is asked to confirm."""
    community_id = callback_id(update)
    staff = await actor(update, context, Action.MANAGE_COMMUNITIES)
    if staff is None:
        return END
    try:
        if community_id is None:
            raise CommunityError(CommunityProblem.NOT_FOUND)
        summary = await deletion_summary(staff, community_id, clock=context.deps.clock)
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return END
    DeleteDraft(summary.community.id).save(context)
    await reply(
        update,
        t.DELETE_SUMMARY.format(
            nombre=esc(summary.community.name),
            inmuebles=summary.properties,
            residentes=summary.residents,
            pendientes=summary.pending_items,
            listas=summary.access_entries,
            sms=summary.sms_balance,
        ),
    )
    return Step.DELETE_NAME


async def type_delete_name(update: Update, context: BotContext) -> Next:
    """The community's name, typed to confirm the deletion (anything else deletes nothing)."""
    draft = DeleteDraft.load(context)
    if draft is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    DeleteDraft.drop(context)
    staff = await actor(update, context, Action.MANAGE_COMMUNITIES)
    if staff is None:
        return END
    try:
        community = await delete_community(
            staff, draft.community_id, typed(update), clock=context.deps.clock
        )
    except (NotAllowed, CommunityError) as error:
        await refuse(update, error)
        return END
    assert community.deleted_at is not None
    until = purge_date(community.deleted_at).astimezone(context.deps.clock.zone)
    await reply(
        update,
        t.DELETED.format(nombre=esc(community.name), fecha=until.strftime("%d-%m-%Y")),
    )
    return END
