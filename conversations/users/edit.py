"""The card's tools: edit a user (the form with their data), delete them, reset their access."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from telegram import InlineKeyboardMarkup, Update

from conversations.users.common import (
    NS,
    Next,
    actor,
    back_keyboard,
    invitation_block,
    refuse,
    stale,
    target_id,
)
from conversations.users.form import UserFields, UserForm, save, show_form
from handlers import texts
from handlers.kit.callbacks import callback_arg
from handlers.kit.context import BotContext
from handlers.kit.flow import END
from handlers.kit.replies import edit_or_reply, esc
from handlers.kit.widgets import confirm_keyboard
from handlers.texts import users as t
from models.core import StaffUser
from models.permissions import Action
from models.roles import choice_of
from models.staff import (
    StaffError,
    StaffErrorReason,
    StaffRow,
    editable_staff,
)
from models.staff_changes import delete_staff, reset_access, update_staff

# --- edit ------------------------------------------------------------------------------------


@dataclass
class UserEdit(UserForm):
    """A user being edited: the form opens with their data; `original` is what they had."""

    KIND: ClassVar[str] = "users.edit"
    PROFILE_PROMPT: ClassVar[str] = t.ASK_PROFILE
    FORM_TITLE: ClassVar[str] = t.FORM_EDIT_TITLE

    staff_id: int = 0
    is_self: bool = False
    original: UserFields | None = None
    bound: bool = False  # their Telegram account was linked when the edit began
    unlink: bool | None = None  # the answer to "¿Desvincular también su Telegram?"
    everywhere: bool = False  # the user worked in every community when the edit began

    def __post_init__(self) -> None:
        # Kept as JSON between steps: the snapshot comes back as a dict.
        stored: Any = self.original
        if isinstance(stored, dict):
            self.original = UserFields(**stored)

    def existing_id(self) -> int | None:
        return self.staff_id

    def own(self) -> bool:
        return self.is_self

    def _new_email(self, fields: UserFields) -> bool:
        return self.original is not None and fields.email != self.original.email

    def question(self, fields: UserFields) -> tuple[str, InlineKeyboardMarkup] | None:
        """A new e-mail for a linked account: unlink their Telegram too? (Sí / No)."""
        if self.is_self or not self.bound or self.unlink is not None:
            return None
        if not self._new_email(fields):
            return None
        name = " ".join(p for p in (fields.first_name, fields.last_name) if p)
        text = t.UNLINK_QUESTION.format(
            nombre=esc(name), correo=esc(fields.email), pregunta=t.UNLINK_ASK
        )
        markup = InlineKeyboardMarkup(
            [
                [
                    NS.button(t.BUTTON_UNLINK_YES, "unl", 1),
                    NS.button(t.BUTTON_UNLINK_NO, "unl", 0),
                ],
                [NS.button(texts.BUTTON_CANCEL, "drop")],
            ]
        )
        return text, markup

    async def commit(self, context: BotContext, staff: StaffUser, fields: UserFields) -> str:
        """Save only what changed; nothing changed is said, not written."""
        before = asdict(self.original) if self.original is not None else {}
        after = asdict(fields)
        community_ids = after.pop("community_ids")
        changes = {name: value for name, value in after.items() if value != before.get(name)}
        # Someone who worked everywhere (Súper Administrador, or a role of kind Administración)
        # and gets another role: the communities shown become theirs.
        leaves_everywhere = "profile" in changes and self.everywhere
        if leaves_everywhere or sorted(community_ids) != sorted(before.get("community_ids") or []):
            # A Súper Administrador works everywhere; a new profile gets the communities shown.
            changes["community_ids"] = community_ids
        deps = context.deps
        result = await update_staff(
            staff,
            self.staff_id,
            unlink_telegram=bool(self.unlink),
            ttl=deps.config.invitation_ttl,
            bot_username=deps.bot_username,
            clock=deps.clock,
            **changes,
        )
        if not result.changed:
            return t.NOTHING_CHANGED
        text = t.UPDATED.format(nombre=esc(result.staff.full_name))
        if result.invitation is not None:
            text += "\n" + t.UPDATED_INVITED.format(
                correo=esc(result.staff.email),
                invitacion=invitation_block(result.invitation, context),
            )
        elif "email" in result.changed and result.staff.telegram_id is not None:
            text += "\n" + t.UPDATED_KEPT_TELEGRAM
        return text


async def start_edit(update: Update, context: BotContext) -> Next:
    """ "Editar": the form with the user's current data; each field can be changed."""
    staff_id = await target_id(update)
    if staff_id is None:
        return END
    staff = await actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return END
    try:
        row = await editable_staff(staff, staff_id)
    except StaffError as error:
        await refuse(update, error.reason)
        return END
    current = UserFields(
        profile=choice_of(row.profile, row.role_id),
        first_name=row.first_name,
        last_name=row.last_name,
        second_last_name=row.second_last_name,
        email=row.email,
        community_ids=list(row.community_ids),
    )
    draft = UserEdit(
        staff_id=row.id,
        is_self=row.is_self,
        original=current,
        bound=row.has_telegram,
        role_name=row.role_name,
        everywhere=row.all_communities,
        **asdict(current),
    )
    draft.save(context)
    return await show_form(update, context, staff, draft)


async def answer_unlink(update: Update, context: BotContext) -> Next:
    """ "Sí" / "No" to unlinking their Telegram with the new e-mail: then save."""
    draft = UserEdit.load(context)
    answer = callback_arg(update)
    if draft is None or answer not in {"0", "1"}:
        await stale(update)
        return None if draft is not None else END
    draft.unlink = answer == "1"
    draft.save(context)
    step = await save(update, context)
    left = UserEdit.load(context)
    if left is not None:
        # Not saved (a fixable refusal): the question is asked again at the next "Guardar".
        left.unlink = None
        left.save(context)
    return step


# --- delete and reset access -----------------------------------------------------------------


async def _tool_target(update: Update, context: BotContext) -> StaffRow | None:
    """The user a tool is for, if the person may use tools on them (told why otherwise)."""
    staff_id = await target_id(update)
    if staff_id is None:
        return None
    staff = await actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return None
    try:
        row = await editable_staff(staff, staff_id)
    except StaffError as error:
        await refuse(update, error.reason)
        return None
    if row.is_self:
        await refuse(update, StaffErrorReason.SELF)
        return None
    return row


def _confirm(verb: str, staff_id: int) -> InlineKeyboardMarkup:
    """Aceptar does `verb`; Cancelar goes back to the card."""
    return confirm_keyboard(
        NS.button(t.BUTTON_ACCEPT, verb, staff_id),
        NS.button(texts.BUTTON_CANCEL, "card", staff_id),
    )


async def ask_delete(update: Update, context: BotContext) -> None:
    """ "Eliminar": ask to confirm (Aceptar / Cancelar)."""
    row = await _tool_target(update, context)
    if row is not None:
        await edit_or_reply(
            update,
            t.DELETE_CONFIRM.format(nombre=esc(row.full_name), correo=esc(row.email)),
            reply_markup=_confirm("delok", row.id),
        )


async def confirm_delete(update: Update, context: BotContext) -> None:
    """ "Aceptar": delete the user; their access ends now, their history stays."""
    staff_id = await target_id(update)
    if staff_id is None:
        return
    staff = await actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return
    try:
        deleted = await delete_staff(staff, staff_id, clock=context.deps.clock)
    except StaffError as error:
        await refuse(update, error.reason)
        return
    await edit_or_reply(
        update,
        t.DELETED.format(nombre=esc(deleted.full_name)),
        reply_markup=back_keyboard(context),
    )


async def ask_reset(update: Update, context: BotContext) -> None:
    """ "Restablecer acceso": ask to confirm (Aceptar / Cancelar)."""
    row = await _tool_target(update, context)
    if row is not None:
        await edit_or_reply(
            update,
            t.RESET_CONFIRM.format(nombre=esc(row.full_name), correo=esc(row.email)),
            reply_markup=_confirm("rstok", row.id),
        )


async def confirm_reset(update: Update, context: BotContext) -> None:
    """ "Aceptar": unbind their Telegram and send a fresh invitation."""
    staff_id = await target_id(update)
    if staff_id is None:
        return
    staff = await actor(update, context, Action.MANAGE_USERS)
    if staff is None:
        return
    deps = context.deps
    try:
        target, issued = await reset_access(
            staff,
            staff_id,
            deps.config.invitation_ttl,
            bot_username=deps.bot_username,
            clock=deps.clock,
        )
    except StaffError as error:
        await refuse(update, error.reason)
        return
    await edit_or_reply(
        update,
        t.RESET_DONE.format(
            nombre=esc(target.full_name),
            correo=esc(target.email),
            invitacion=invitation_block(issued, context),
        ),
        reply_markup=back_keyboard(context),
        disable_web_page_preview=True,
    )
