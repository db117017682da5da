"""What the /usuarios modules share: buttons, steps, the list's view, who may act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, TypeAlias

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_id
from handlers.kit.context import BotContext
from handlers.kit.flow import Kept
from handlers.kit.guards import allowed, permit, staff_of
from handlers.kit.replies import alert, esc
from handlers.texts import users as t
from models.core import StaffUser
from models.identity import IssuedInvitation, expires_label
from models.permissions import Action, community_ids_in_scope
from models.staff import StaffErrorReason, StaffRow

NS = Namespace("usr")


class Step(StrEnum):
    """The flow's states (strings: they are persisted as JSON)."""

    SEARCH = "search"
    PROFILE = "profile"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    SECOND_LAST_NAME = "second_last_name"
    EMAIL = "email"
    COMMUNITIES = "community_ids"
    FORM = "form"


Next: TypeAlias = Step | int | None
"""What a step handler returns: the next step, END, or None to stay."""


@dataclass
class ListView(Kept):
    """The users list as the person left it: community filter, search and page."""

    KEY: ClassVar[str] = "users_view"

    community_id: int | None = None
    query: str | None = None
    page: int = 0


async def stale(update: Update) -> None:
    await alert(update, texts.STALE_BUTTON)


async def refuse(update: Update, reason: StaffErrorReason) -> None:
    """The domain's refusal, on the pressed button (or as a message when typed)."""
    await alert(update, t.STAFF_ERRORS[reason])


async def actor(update: Update, context: BotContext, action: Action) -> StaffUser | None:
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


async def may_manage(context: BotContext, staff: StaffUser) -> bool:
    """Whether the person may create and change users (asked silently, for the buttons)."""
    scope = await community_ids_in_scope(staff)
    return bool(scope) and await allowed(context, Action.MANAGE_USERS, min(scope))


async def target_id(update: Update) -> int | None:
    """The user a button names (a forged or missing id is a stale button)."""
    staff_id = callback_id(update)
    if staff_id is None:
        await stale(update)
    return staff_id


def when(value: datetime | None, context: BotContext) -> str:
    if value is None:
        return t.NEVER
    return value.astimezone(context.deps.clock.zone).strftime("%d-%m-%Y %H:%M")


def mark(row: StaffRow) -> str:
    return (t.LIST_MARK_SELF if row.is_self else "") + (
        t.LIST_MARK_TEST if row.is_test_user else ""
    )


def back_button(context: BotContext) -> list[InlineKeyboardButton]:
    return [NS.button(t.BUTTON_BACK_TO_LIST, "pg", ListView.load(context).page)]


def back_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([back_button(context)])


def invitation_block(issued: IssuedInvitation, context: BotContext) -> str:
    deps = context.deps
    return t.INVITATION_BLOCK.format(
        enlace=esc(issued.deep_link(deps.bot_username)),
        codigo=esc(issued.token),
        vence=expires_label(issued.invitation.expires_at, deps.clock.zone),
    )
