"""What logging and delivering share: the states, the drafts, the guard, the refusals."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Generic, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_id, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.replies import alert, edit_or_reply, esc
from handlers.kit.widgets import Paged, picker
from handlers.texts import correspondence as t
from models.core import Community, Property, StaffUser
from models.correspondence import MAX_COLLECTOR, MAX_NOTE, MAX_SENDER, Refusal
from models.permissions import Action, NotAllowed

NS = "cor"
PICKER_SIZE = 8

button = Namespace(NS).button
on = Namespace(NS).on


class State(StrEnum):
    """The flow's steps (strings: the conversation state is persisted as JSON)."""

    PROPERTY = "cor_property"
    KIND = "cor_kind"
    SENDER = "cor_sender"
    PHOTO = "cor_photo"
    CONFIRM = "cor_confirm"
    NOTE = "cor_note"
    CODE = "cor_code"
    DELIVER_PROPERTY = "cor_dproperty"
    DELIVER_ITEM = "cor_ditem"
    WHO = "cor_who"
    DELIVER_CONFIRM = "cor_dconfirm"


Next = State | int | None
"""What a step returns: the next state, `END`, or None to stay where the person is."""


@dataclass
class CommunityDraft(Draft):
    """A draft bound to the community it was started in (`cid`)."""

    cid: int


@dataclass
class LogDraft(CommunityDraft):
    """/correspondencia so far: the property, kind, sender, photo and note."""

    KIND: ClassVar[str] = "cor_log"
    q: str = ""
    pid: int | None = None
    item_kind: str | None = None
    sender: str | None = None
    photo: str | None = None
    note: str | None = None


@dataclass
class DeliverDraft(CommunityDraft):
    """/entregar so far: the property search, the item and who collects it."""

    KIND: ClassVar[str] = "cor_deliver"
    q: str = ""
    listing: bool = False
    item: int | None = None
    who: str | None = None


D = TypeVar("D", bound=CommunityDraft)


def drop_drafts(context: BotContext) -> None:
    """Forget this feature's draft (logging or delivering); another flow's is left alone."""
    LogDraft.drop(context)
    DeliverDraft.drop(context)


# --- the community and permissions -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Desk:
    """Who acts and the community they act in."""

    staff: StaffUser
    community: Community


@dataclass(frozen=True)
class InFlow(Generic[D]):
    """A step's draft, with who acts and its community, still allowed."""

    staff: StaffUser
    community: Community
    draft: D


async def desk_for(
    update: Update, context: BotContext, action: Action, community_id: int | None = None
) -> Desk | None:
    """The staff member and the community (the draft's, else the working one), if allowed."""
    staff = staff_of(context)
    community: Community | None
    if community_id is not None:
        community = await Community.get_or_none(id=community_id)
    else:
        community = await current_community(context)
    if not await permit(update, context, action, community.id if community else None):
        return None
    if staff is None or community is None:  # permit() refuses both; this is for the types
        return None
    return Desk(staff, community)


async def in_flow(
    update: Update, context: BotContext, kind: type[D], action: Action
) -> InFlow[D] | None:
    """The flow's draft and its community, still allowed; a stale button otherwise."""
    draft = kind.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    desk = await desk_for(update, context, action, draft.cid)
    if desk is None:
        drop_drafts(context)
        return None
    return InFlow(desk.staff, desk.community, draft)


async def property_of_button(
    update: Update, community: Community, index: int = 0
) -> Property | None:
    """The property a button names, if it is still in this community (else the person is told)."""
    pid = callback_id(update, index)
    prop = (
        await Property.get_or_none(id=pid, community_id=community.id) if pid is not None else None
    )
    if prop is None:
        await alert(update, texts.PROPERTY_GONE)
    return prop


# --- shared views ----------------------------------------------------------------------------


def cancel_row() -> list[InlineKeyboardButton]:
    return [button(texts.BUTTON_CANCEL, "no")]


def property_keyboard(page: Paged[Property], choose: str, turn: str) -> InlineKeyboardMarkup:
    """The property picker: `choose` and `turn` are this step's verbs."""
    return picker(
        page,
        lambda prop: prop.name,
        lambda prop: pack(NS, choose, prop.id),
        lambda number: pack(NS, turn, number),
        extra=[cancel_row()],
    )


_LIMITS: dict[Refusal, int] = {
    Refusal.SENDER_TOO_LONG: MAX_SENDER,
    Refusal.NOTE_TOO_LONG: MAX_NOTE,
    Refusal.NAME_TOO_LONG: MAX_COLLECTOR,
}


def refusal_text(reason: Refusal, code: str = "") -> str:
    """The Spanish message of a refusal (an already delivered item: `delivered_refusal`)."""
    return t.REFUSALS[reason.value].format(
        detalle="", max=_LIMITS.get(reason, ""), codigo=esc(code)
    )


def denial_text(denied: NotAllowed) -> str:
    """Why saving was refused at the last step."""
    return texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON


async def drop(update: Update, context: BotContext) -> int:
    """ "Cancelar": nothing is saved."""
    drop_drafts(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END
