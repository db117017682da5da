"""The role form, for "Nuevo rol" and for editing: kind, name, communities, permissions.

Creating asks every step in turn (communities only for kind Comunidad), then shows the review
card with "Guardar"; editing opens the step of the pressed field, then the review card.
Nothing is written until "Guardar", where the domain checks everything again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.roles.views import NS, back_row, card_text, manager, refuse
from handlers import texts
from handlers.kit.callbacks import callback_arg, callback_id, callback_number
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft, drop_draft
from handlers.kit.guards import staff_of
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import page_buttons, paginate
from handlers.texts import roles as t
from models.core import RoleKind, StaffUser
from models.permissions import Action
from models.roles import (
    RoleError,
    RoleErrorReason,
    clean_role_name,
    create_role,
    get_role,
    grantable_actions,
    name_available,
    role_community_choices,
    update_role,
)


class Step(StrEnum):
    KIND = "kind"
    NAME = "name"
    COMMUNITIES = "communities"
    PERMISSIONS = "permissions"
    REVIEW = "review"


Next: TypeAlias = Step | int | None

# What each field button of the review card asks again.
FIELDS = {"nm": Step.NAME, "cm": Step.COMMUNITIES, "pm": Step.PERMISSIONS}
# Refusals at "Guardar" the person can fix in the form; the others end the flow.
FIXABLE = frozenset(
    {
        RoleErrorReason.INVALID_NAME,
        RoleErrorReason.NAME_TAKEN,
        RoleErrorReason.NO_COMMUNITY,
        RoleErrorReason.COMMUNITY_OUT_OF_SCOPE,
        RoleErrorReason.PERMISSION_NOT_HELD,
        RoleErrorReason.UNKNOWN_PERMISSION,
    }
)


@dataclass
class RoleDraft(Draft):
    """A role being created (`role_id` 0) or edited."""

    KIND = "roles.form"

    role_id: int = 0
    role_kind: str | None = None  # ("kind" is the draft's own key)
    name: str | None = None
    community_ids: list[int] = field(default_factory=list)
    permissions: list[str] = field(default_factory=list)
    page: int = 0  # the permissions' page (one module per page)
    users: int = 0
    queue: list[str] = field(default_factory=list)


def _draft_kind(draft: RoleDraft) -> RoleKind:
    return RoleKind(draft.role_kind or RoleKind.ADMINISTRATION)


async def _step(update: Update, context: BotContext) -> tuple[StaffUser, RoleDraft] | None:
    """The person (still managing roles) and their draft; a lost draft is a stale button."""
    draft = RoleDraft.load(context)
    if draft is None:
        if staff_of(context) is not None:
            await alert(update, texts.STALE_BUTTON)
        return None
    staff = await manager(update, context)
    if staff is None:
        drop_draft(context)
        return None
    return staff, draft


def _cancel_row() -> list[InlineKeyboardButton]:
    return [NS.button(texts.BUTTON_CANCEL, "drop")]


async def _modules(staff: StaffUser, kind: RoleKind) -> list[tuple[str, tuple[Action, ...]]]:
    """The modules with permissions the person holds (only those may be given), without the
    administration-only ones for a role of kind Comunidad."""
    held = set(await grantable_actions(staff, kind))
    modules = []
    for module, actions in t.MODULES:
        mine = tuple(a for a in actions if a in held)
        if mine:
            modules.append((module, mine))
    return modules


async def advance(update: Update, context: BotContext, staff: StaffUser, draft: RoleDraft) -> Next:
    """Ask the next pending step, or show the review card when none is left."""
    step = Step(draft.queue.pop(0)) if draft.queue else Step.REVIEW
    draft.save(context)
    if step is Step.KIND:
        rows = [[NS.button(t.KIND_LABELS[k], "kd", k.value)] for k in RoleKind]
        await edit_or_reply(
            update, t.ASK_KIND, reply_markup=InlineKeyboardMarkup([*rows, _cancel_row()])
        )
    elif step is Step.NAME:
        await edit_or_reply(update, t.ASK_NAME, reply_markup=InlineKeyboardMarkup([_cancel_row()]))
    elif step is Step.COMMUNITIES:
        await _show_communities(update, staff, draft)
    elif step is Step.PERMISSIONS:
        await _show_permissions(update, staff, draft)
    else:
        await _show_review(update, staff, draft)
    return step


async def _show_communities(update: Update, staff: StaffUser, draft: RoleDraft) -> None:
    chosen = set(draft.community_ids)
    rows = [
        [
            NS.button(
                (t.TOGGLE_ON if c.id in chosen else t.TOGGLE_OFF).format(nombre=c.name),
                "tg",
                c.id,
            )
        ]
        for c in await role_community_choices(staff)
    ]
    rows.append([NS.button(t.BUTTON_DONE, "cok"), *_cancel_row()])
    await edit_or_reply(update, t.ASK_COMMUNITIES, reply_markup=InlineKeyboardMarkup(rows))


async def _show_permissions(update: Update, staff: StaffUser, draft: RoleDraft) -> None:
    modules = await _modules(staff, _draft_kind(draft))
    shown = paginate(modules, draft.page, 1)
    draft.page = shown.page
    chosen = set(draft.permissions)
    rows: list[list[InlineKeyboardButton]] = []
    title = ""
    for module, actions in shown.items:
        title = module
        for action in actions:
            label = t.PERMISSION_LABELS[action]
            toggle = t.TOGGLE_ON if action.value in chosen else t.TOGGLE_OFF
            rows.append([NS.button(toggle.format(nombre=label), "pm", action.value)])
    nav = page_buttons(shown, lambda p: NS.data("pp", p))
    if nav:
        rows.append(nav)
    rows.append([NS.button(t.BUTTON_DONE, "pok"), *_cancel_row()])
    text = t.ASK_PERMISSIONS.format(modulo=esc(title), pagina=shown.page + 1, paginas=shown.pages)
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup(rows))


async def _show_review(update: Update, staff: StaffUser, draft: RoleDraft) -> Step:
    kind = _draft_kind(draft)
    names = {c.id: c.name for c in await role_community_choices(staff)}
    chosen = {p for p in draft.permissions}
    text = card_text(
        draft.name or t.NO_COMMUNITIES,
        kind,
        [names.get(cid, "?") for cid in draft.community_ids],
        [a for a in Action if a.value in chosen],
        draft.users,
    )
    first = [NS.button(t.BUTTON_EDIT_NAME, "set", "nm")]
    if kind is RoleKind.COMMUNITY:
        first.append(NS.button(t.BUTTON_EDIT_COMMUNITIES, "set", "cm"))
    rows = [
        first,
        [NS.button(t.BUTTON_EDIT_PERMISSIONS, "set", "pm")],
        [NS.button(t.BUTTON_SAVE, "save")],
        _cancel_row(),
    ]
    await edit_or_reply(
        update, f"{t.REVIEW_TITLE}\n\n{text}", reply_markup=InlineKeyboardMarkup(rows)
    )
    return Step.REVIEW


# --- entry -----------------------------------------------------------------------------------


async def start_new(update: Update, context: BotContext) -> Next:
    """ "Nuevo rol": kind, name, (communities), permissions, then the review card."""
    staff = await manager(update, context)
    if staff is None:
        return END
    draft = RoleDraft(queue=[Step.KIND.value, Step.NAME.value, Step.PERMISSIONS.value])
    return await advance(update, context, staff, draft)


async def start_edit(update: Update, context: BotContext) -> Next:
    """A field button of a role's card: that step, then the review card."""
    staff = await manager(update, context)
    if staff is None:
        return END
    role_id = callback_id(update)
    step = FIELDS.get(callback_arg(update, 1))
    if role_id is None or step is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    try:
        row = await get_role(staff, role_id)
    except RoleError as error:
        await refuse(update, error.reason)
        return END
    draft = RoleDraft(
        role_id=row.id,
        role_kind=row.kind.value,
        name=row.name,
        community_ids=list(row.community_ids),
        permissions=[a.value for a in row.permissions],
        users=row.users,
        queue=[step.value],
    )
    return await advance(update, context, staff, draft)


# --- the answers -----------------------------------------------------------------------------


async def choose_kind(update: Update, context: BotContext) -> Next:
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    try:
        kind = RoleKind(callback_arg(update))
    except ValueError:
        await alert(update, texts.STALE_BUTTON)
        return None
    draft.role_kind = kind.value
    if kind is RoleKind.COMMUNITY and Step.COMMUNITIES.value not in draft.queue:
        draft.queue.insert(draft.queue.index(Step.PERMISSIONS.value), Step.COMMUNITIES.value)
    return await advance(update, context, staff, draft)


async def type_name(update: Update, context: BotContext) -> Next:
    """The typed name: not empty, and not one already used (case and accents ignored)."""
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    try:
        name = clean_role_name(typed(update))
        if not await name_available(staff, name, exclude_id=draft.role_id or None):
            raise RoleError(RoleErrorReason.NAME_TAKEN, "name")
    except RoleError as error:
        await reply(update, t.ERRORS[error.reason])
        return None
    draft.name = name
    return await advance(update, context, staff, draft)


async def toggle_community(update: Update, context: BotContext) -> Next:
    """A ☐/☑ community: only the person's own communities (a forged id is refused)."""
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    community_id = callback_id(update)
    allowed = {c.id for c in await role_community_choices(staff)}
    if community_id is None or community_id not in allowed:
        await refuse(update, RoleErrorReason.COMMUNITY_OUT_OF_SCOPE)
        return None
    draft.community_ids = sorted(set(draft.community_ids) ^ {community_id})
    draft.save(context)
    await _show_communities(update, staff, draft)
    return None


async def communities_done(update: Update, context: BotContext) -> Next:
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    if not draft.community_ids:
        await alert(update, t.PICK_ONE_COMMUNITY)
        return None
    return await advance(update, context, staff, draft)


async def toggle_permission(update: Update, context: BotContext) -> Next:
    """A ☐/☑ permission: only those the person holds (a forged one is refused)."""
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    value = callback_arg(update)
    if value not in {a.value for a in Action}:
        await refuse(update, RoleErrorReason.UNKNOWN_PERMISSION)
        return None
    if value not in {a.value for a in await grantable_actions(staff)}:
        await refuse(update, RoleErrorReason.PERMISSION_NOT_HELD)
        return None
    if value not in {a.value for a in await grantable_actions(staff, _draft_kind(draft))}:
        await refuse(update, RoleErrorReason.ADMINISTRATION_ONLY)
        return None
    chosen = set(draft.permissions) ^ {value}
    draft.permissions = [a.value for a in Action if a.value in chosen]
    draft.save(context)
    await _show_permissions(update, staff, draft)
    return None


async def permissions_page(update: Update, context: BotContext) -> Next:
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    draft.page = callback_number(update) or 0
    draft.save(context)
    await _show_permissions(update, staff, draft)
    return None


async def permissions_done(update: Update, context: BotContext) -> Next:
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    return await advance(update, context, staff, draft)


async def change_field(update: Update, context: BotContext) -> Next:
    """A field button of the review card: ask that field again, then back to the card."""
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    step = FIELDS.get(callback_arg(update))
    if step is None or (step is Step.COMMUNITIES and _draft_kind(draft) is not RoleKind.COMMUNITY):
        await alert(update, texts.STALE_BUTTON)
        return None
    draft.queue = [step.value]
    return await advance(update, context, staff, draft)


async def save(update: Update, context: BotContext) -> Next:
    """ "Guardar": create or update the role, every rule checked again by the domain."""
    found = await _step(update, context)
    if found is None:
        return END
    staff, draft = found
    if not draft.name:
        return await advance(update, context, staff, draft)
    try:
        if draft.role_id:
            changed = await update_role(
                staff,
                draft.role_id,
                name=draft.name,
                permissions=draft.permissions,
                community_ids=draft.community_ids,
            )
            text = t.SAVED.format(nombre=esc(draft.name)) if changed else t.NOTHING_CHANGED
        else:
            role = await create_role(
                staff,
                name=draft.name,
                kind=_draft_kind(draft),
                permissions=draft.permissions,
                community_ids=draft.community_ids,
            )
            text = t.SAVED.format(nombre=esc(role.name))
    except RoleError as error:
        await refuse(update, error.reason)
        if error.reason in FIXABLE:
            return None
        drop_draft(context)
        return END
    drop_draft(context)
    await edit_or_reply(update, text, reply_markup=InlineKeyboardMarkup([back_row()]))
    return END


async def drop(update: Update, context: BotContext) -> Next:
    """ "Cancelar": nothing is saved."""
    drop_draft(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END
