"""What the /contactos modules share: buttons, steps, the list's view, who may act."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, TypeAlias

from telegram import Update

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_id
from handlers.kit.context import BotContext
from handlers.kit.flow import Kept
from handlers.kit.guards import staff_of
from handlers.kit.replies import alert
from handlers.texts import contacts as t
from models.contacts import ContactErrorReason, format_phone
from models.core import StaffUser
from models.permissions import Action, Denial, authorize_administration

NS = Namespace("ctc")


class Step(StrEnum):
    """The flow's states (strings: they are persisted as JSON)."""

    SEARCH = "search"
    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    REVIEW = "review"


Next: TypeAlias = Step | int | None
"""What a step handler returns: the next step, END, or None to stay."""


@dataclass
class ListView(Kept):
    """The contacts list as the person left it: search and page."""

    KEY: ClassVar[str] = "contacts_view"

    query: str | None = None
    page: int = 0


async def stale(update: Update) -> None:
    await alert(update, texts.STALE_BUTTON)


async def refuse(update: Update, reason: ContactErrorReason) -> None:
    """The domain's refusal, on the pressed button (or as a message when typed)."""
    await alert(update, t.ERRORS[reason])


async def actor(update: Update, context: BotContext, action: Action) -> StaffUser | None:
    """The staff member asking, if `action` is theirs administration-wide (told otherwise).

    Each contact and community a button names is re-checked by the domain."""
    staff = staff_of(context)
    decision = await authorize_administration(staff, action)
    if staff is None or not decision:
        await alert(update, texts.DENIALS[decision.reason or Denial.PROFILE])
        return None
    return staff


async def may_manage(staff: StaffUser) -> bool:
    """Whether the person may create and change contacts (asked silently, for the buttons)."""
    return bool(await authorize_administration(staff, Action.MANAGE_CONTACTS, quiet=True))


async def target_id(update: Update, index: int = 0) -> int | None:
    """The id a button names (a forged or missing id is a stale button)."""
    value = callback_id(update, index)
    if value is None:
        await stale(update)
    return value


def email_label(email: str | None) -> str:
    return email or t.NO_EMAIL


def phone_label(phone: str | None) -> str:
    return format_phone(phone) if phone else t.NO_PHONE
