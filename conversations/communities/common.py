"""What the /comunidades modules share: buttons, steps, the list's view, refusals."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, TypeAlias

from telegram import Message, Update

from handlers import texts
from handlers.kit.callbacks import Namespace
from handlers.kit.context import BotContext
from handlers.kit.flow import Kept
from handlers.kit.guards import staff_of
from handlers.kit.replies import alert
from handlers.texts import communities as t
from models.communities import CommunityError, CommunityField
from models.core import StaffUser
from models.images import MAX_BYTES, ImageRefusal, LogoRefused, validate_logo
from models.permissions import Action, Denial, NotAllowed, authorize_administration

NS = Namespace("cmn")


class Step(StrEnum):
    """The flow's states (strings: they are persisted as JSON)."""

    SEARCH = "search"
    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    RUT = "rut"
    ADDRESS = "address"
    CODE = "code"
    SIGNATURE = "signature"
    LOGO = "logo"
    REVIEW = "review"
    EDIT_VALUE = "edit_value"
    EDIT_SIGNATURE = "edit_signature"
    EDIT_CONFIRM = "edit_confirm"
    DELETE_NAME = "delete_name"


Next: TypeAlias = Step | int | None
"""What a step handler returns: the next step, END, or None to stay."""

FIELD_STEPS: dict[CommunityField, Step] = {
    CommunityField.NAME: Step.NAME,
    CommunityField.EMAIL: Step.EMAIL,
    CommunityField.PHONE: Step.PHONE,
    CommunityField.RUT: Step.RUT,
    CommunityField.ADDRESS: Step.ADDRESS,
    CommunityField.CODE: Step.CODE,
}


@dataclass
class ListView(Kept):
    """The communities list as the person left it: search and page."""

    KEY: ClassVar[str] = "communities_view"

    query: str | None = None
    page: int = 0


async def actor(update: Update, context: BotContext, action: Action) -> StaffUser | None:
    """The staff member asking, if the administration-wide `action` is theirs (told why not).

    Per-community actions are re-checked by the domain for the community a button names."""
    staff = staff_of(context)
    decision = await authorize_administration(staff, action)
    if not decision or staff is None:
        await alert(update, texts.DENIALS[decision.reason] if decision.reason else t.GONE)
        return None
    return staff


async def may(context: BotContext, action: Action) -> bool:
    """Whether the person may do the administration-wide `action` (asked silently, for the
    buttons a view shows)."""
    return bool(await authorize_administration(staff_of(context), action, quiet=True))


async def refuse(update: Update, error: Exception) -> None:
    """A domain refusal in Spanish, on the pressed button or as a message."""
    if isinstance(error, NotAllowed):
        text = texts.DENIALS[error.reason] if error.reason else texts.DENIALS[Denial.PROFILE]
    elif isinstance(error, CommunityError):
        label = t.FIELD_LABELS[error.field] if error.field else ""
        text = t.PROBLEMS[error.problem].format(campo=label)
    elif isinstance(error, LogoRefused):
        text = t.IMAGE_REFUSALS[error.reason]
    else:
        raise error
    await alert(update, text)


def image_file(message: Message) -> tuple[str, int | None] | None:
    """The file id and size of a photo (its largest size) or a document, if the message has one."""
    if message.photo:
        best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        return best.file_id, best.file_size
    if message.document is not None:
        return message.document.file_id, message.document.file_size
    return None


async def download(context: BotContext, file_id: str, size: int | None) -> bytes:
    """The file's bytes, refusing anything over 2 MB before it is fetched."""
    if size is not None and size > MAX_BYTES:
        raise LogoRefused(ImageRefusal.TOO_HEAVY)
    telegram_file = await context.bot.get_file(file_id)
    if telegram_file.file_size is not None and telegram_file.file_size > MAX_BYTES:
        raise LogoRefused(ImageRefusal.TOO_HEAVY)
    return bytes(await telegram_file.download_as_bytearray())


async def checked(data: bytes) -> tuple[int, int]:
    """The upload's size if it is an acceptable JPEG; `LogoRefused` otherwise."""
    verdict = await asyncio.to_thread(validate_logo, data)
    if verdict.refusal is not None:
        raise LogoRefused(verdict.refusal)
    return verdict.width, verdict.height
