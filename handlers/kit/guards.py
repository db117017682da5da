"""Authorization at the edge: ask the one permission table, tell the person when refused.

Every id read from a button is untrusted; these guards re-check it against the person's
communities and profile and return named results, never tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers import texts
from handlers.kit.callbacks import Callback, callback_of, pack
from handlers.kit.context import BotContext
from handlers.kit.replies import alert, reply
from models.core import Community, Property, StaffUser
from models.identity import staff_communities, working_community
from models.permissions import Action, Decision, Denial, authorize, community_ids_in_scope
from models.properties import find_property


def staff_of(context: BotContext) -> StaffUser | None:
    person = context.person
    return person.staff if person is not None else None


async def current_community(context: BotContext) -> Community | None:
    staff = staff_of(context)
    if staff is None:
        return None
    return await working_community(staff)


COMMUNITY_NS = "com"
"""The community selector's buttons (`handlers.community` answers them)."""


def typed_command(update: Update) -> str | None:
    """The command of a typed message (`/correspondencia@bot args` → `correspondencia`)."""
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text.split()[0][1:].split("@")[0].lower() or None


def community_keyboard(
    communities: Sequence[Community], current_id: int | None, then: str | None = None
) -> InlineKeyboardMarkup:
    """One button per community; with `then`, choosing one also runs that command."""
    rows = []
    for community in communities:
        label = community.name
        if community.id == current_id:
            label = texts.COMMUNITY_CURRENT_MARK.format(nombre=community.name)
        data = pack(COMMUNITY_NS, "go", community.id, then) if then else None
        rows.append(
            [
                InlineKeyboardButton(
                    label, callback_data=data or pack(COMMUNITY_NS, "sel", community.id)
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


async def _ask_community(update: Update, context: BotContext) -> bool:
    """A command needs a working community: offer the person's, then carry on with it."""
    staff = staff_of(context)
    command = typed_command(update)
    if staff is None or command is None:
        return False
    communities = await staff_communities(staff)
    if len(communities) < 2:
        return False
    await reply(
        update,
        texts.COMMUNITY_FIRST,
        reply_markup=community_keyboard(communities, None, then=command),
    )
    return True


async def allowed(context: BotContext, action: Action, community_id: int | None) -> bool:
    """Whether the person may do `action` there, asked silently (nothing is said or logged).

    Views ask this to leave out the buttons of what the person may not do (a test user's
    writes, a profile's missing tools); the handler behind each button still asks `permit`."""
    return bool(await authorize(staff_of(context), action, community_id, quiet=True))


def looks_only(context: BotContext) -> bool:
    """A test user: may look at everything their profile shows, change nothing."""
    staff = staff_of(context)
    return staff is not None and staff.is_test_user


async def permit(
    update: Update, context: BotContext, action: Action, community_id: int | None
) -> Decision:
    """Ask the one authorization function; on refusal tell the person why.

    Without a working community, a typed command gets the person's communities as buttons
    and runs again once one is chosen."""
    decision = await authorize(staff_of(context), action, community_id)
    asked = decision.reason is Denial.NO_COMMUNITY and await _ask_community(update, context)
    if not decision and not asked and decision.reason is not None:
        text = texts.DENIALS[decision.reason]
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await reply(update, text)
    return decision


@dataclass(frozen=True, slots=True)
class PropertyInScope:
    """A property the person may act on, with who they are and their communities."""

    staff: StaffUser
    prop: Property
    scope: set[int]


async def property_in_scope(
    update: Update, context: BotContext, property_id: int | None, action: Action
) -> PropertyInScope | None:
    """The property a button names, if it is in the person's communities and `action` is
    allowed there. Otherwise the person is told why (a refusal, or that the property is gone)
    and None is returned."""
    staff = staff_of(context)
    if staff is None:
        await permit(update, context, action, None)
        return None
    scope = await community_ids_in_scope(staff)
    prop = await find_property(property_id, scope) if property_id is not None else None
    if prop is None:
        await alert(update, texts.PROPERTY_GONE)
        return None
    if not await permit(update, context, action, prop.community_id):
        return None
    return PropertyInScope(staff, prop, scope)


async def own_community(context: BotContext, community_id: int) -> Community | None:
    """That community, if it is one of the person's (None for anyone else's, or no staff)."""
    staff = staff_of(context)
    if staff is None:
        return None
    return next((c for c in await staff_communities(staff) if c.id == community_id), None)


@dataclass(frozen=True, slots=True)
class CommunityButton:
    """A pressed button that names a community the person may act on, and that community."""

    callback: Callback
    community: Community


async def community_button(
    update: Update, context: BotContext, action: Action
) -> CommunityButton | None:
    """The community a button names as its first argument (`ns:verb:<community>[:…]`), once
    `action` is allowed there and it is one of the person's. Otherwise the person is told
    (a refusal, or that the button no longer works) and None is returned."""
    callback = callback_of(update)
    community_id = callback.int_arg(0) if callback is not None else None
    if callback is None or community_id is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    if not await permit(update, context, action, community_id):
        return None
    community = await own_community(context, community_id)
    if community is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    return CommunityButton(callback, community)
