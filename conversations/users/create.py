"""Creating a user: the form asked step by step, then the user is created and invited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from telegram import Update

from conversations.users.common import Next, Step, actor, invitation_block
from conversations.users.form import UserFields, UserForm, advance, choice_label, role_choices
from handlers.kit.context import BotContext
from handlers.kit.flow import END
from handlers.kit.replies import esc
from handlers.texts import users as t
from models.core import StaffUser
from models.permissions import Action
from models.staff_changes import create_staff

CREATE_STEPS = (
    Step.PROFILE,
    Step.FIRST_NAME,
    Step.LAST_NAME,
    Step.SECOND_LAST_NAME,
    Step.EMAIL,
    Step.COMMUNITIES,
)


@dataclass
class NewUser(UserForm):
    """A user being created: every step is asked once, then the form is shown."""

    KIND: ClassVar[str] = "users.create"
    PROFILE_PROMPT: ClassVar[str] = t.CREATE_PROFILE
    FORM_TITLE: ClassVar[str] = t.FORM_CREATE_TITLE

    async def commit(self, context: BotContext, staff: StaffUser, fields: UserFields) -> str:
        """Create the user and send the invitation; the text repeats it for forwarding."""
        deps = context.deps
        created, issued = await create_staff(
            staff,
            profile=fields.profile,
            first_name=fields.first_name,
            last_name=fields.last_name,
            second_last_name=fields.second_last_name,
            email=fields.email,
            community_ids=fields.community_ids,
            ttl=deps.config.invitation_ttl,
            bot_username=deps.bot_username,
            clock=deps.clock,
        )
        return t.CREATED.format(
            nombre=esc(created.full_name),
            perfil=esc(await choice_label(staff, fields.profile)),
            correo=esc(created.email),
            invitacion=invitation_block(issued, context),
        )


async def start_create(update: Update, context: BotContext) -> Next:
    """ "Crear usuario": start the form with the profile."""
    staff = await actor(update, context, Action.MANAGE_USERS)
    if staff is None or not await role_choices(staff):
        return END
    draft = NewUser(queue=[step.value for step in CREATE_STEPS])
    return await advance(update, context, staff, draft)
