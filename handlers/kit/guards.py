"""Authorization at the edge: ask the one permission table, tell the person when refused.

Every id read from a button is untrusted; these guards re-check it against the person's
communities and profile and return named results, never tuples.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update

from handlers import texts
from handlers.kit.context import BotContext
from handlers.kit.replies import alert, reply
from models.core import Community, Property, StaffUser
from models.identity import working_community
from models.permissions import Action, Decision, authorize, community_ids_in_scope
from models.properties import find_property


def staff_of(context: BotContext) -> StaffUser | None:
    person = context.person
    return person.staff if person is not None else None


async def current_community(context: BotContext) -> Community | None:
    staff = staff_of(context)
    if staff is None:
        return None
    return await working_community(staff)


async def permit(
    update: Update, context: BotContext, action: Action, community_id: int | None
) -> Decision:
    """Ask the one authorization function; on refusal tell the person why."""
    decision = await authorize(staff_of(context), action, community_id)
    if not decision and decision.reason is not None:
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
