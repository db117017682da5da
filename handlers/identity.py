"""/start (with or without an invitation) and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.common import set_menu
from handlers.kit.context import BotContext
from handlers.kit.menus import help_lines
from handlers.kit.replies import esc, reply
from handlers.logbook import pending_notice
from models.identity import identify, redeem_invitation, staff_communities, working_community
from models.roles import role_name_of


async def start(update: Update, context: BotContext) -> None:
    """Greet a known person, or redeem the invitation token that came with /start."""
    user = update.effective_user
    assert user is not None
    assert context.person is not None
    token = context.args[0] if context.args else None
    if token:
        # Known people redeem too: a resident of a second property, a concierge who also
        # lives in the building.
        result = await redeem_invitation(token, user.id, clock=context.deps.clock)
        if result.error is not None:
            await reply(update, texts.REDEEM_ERRORS[result.error.value])
            if not context.person.known:
                return
        else:
            context.person = await identify(user.id, clock=context.deps.clock)
            await reply(update, texts.BOUND_STAFF if result.staff_user else texts.BOUND_RESIDENT)
            if update.effective_chat is not None:
                await set_menu(context, update.effective_chat.id)
    await reply(update, await welcome_text(context))
    # A shift handed over and not received yet: the next concierge receives it from here.
    handover = await pending_notice(context)
    if handover is not None:
        await reply(update, handover[0], reply_markup=handover[1])


async def welcome_text(context: BotContext) -> str:
    person = context.person
    assert person is not None
    commands = help_lines(context.deps.menu, person)
    if person.staff is not None:
        staff = person.staff
        community = await working_community(staff)
        if community is not None:
            community_name = esc(community.name)
        elif await staff_communities(staff):
            community_name = texts.WELCOME_STAFF_NO_COMMUNITY
        else:
            community_name = texts.WELCOME_STAFF_NONE_ASSIGNED
        role_name = await role_name_of(staff)
        return texts.WELCOME_STAFF.format(
            nombre=esc(staff.first_name),
            perfil=esc(role_name) if role_name else texts.PROFILE_LABELS[staff.profile],
            prueba=texts.TEST_USER_SUFFIX if staff.is_test_user else "",
            comunidad=community_name,
            comandos=commands,
        )
    properties = ", ".join(
        esc(f"{r.property.name} ({r.property.community.name})") for r in person.residents
    )
    return texts.WELCOME_RESIDENT.format(
        nombre=esc(person.first_name or "vecino/a"), inmuebles=properties, comandos=commands
    )


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what this person may do."""
    person = context.person
    if person is None or not person.known:
        await reply(update, texts.HELP_UNKNOWN)
        return
    await reply(
        update, texts.HELP_HEADER + help_lines(context.deps.menu, person) + texts.HELP_FOOTER
    )


def build_handlers() -> list[BaseHandler]:
    return [
        CommandHandler("start", start),
        CommandHandler(["help", "ayuda"], help_command),
    ]
