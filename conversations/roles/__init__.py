"""/roles: custom roles (seed 001 "Roles"), for whoever holds MANAGE_ROLES.

The list, a role's card and deleting are plain button handlers (`views`); creating and
editing are one flow (`form`) whose only typed step is the name. Callback data:
`rol:<verb>[:<role>[:…]]`; every id is re-checked by `models.roles` in the person's
administración.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CommandHandler, MessageHandler

from conversations.roles import form, views
from conversations.roles.form import Step
from conversations.roles.views import NS
from handlers.kit.context import ChatConfig
from handlers.kit.flow import TYPED, flow
from handlers.kit.menus import MenuEntry
from handlers.texts import roles as t
from models.permissions import Action


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    conversation = flow(
        "roles",
        config=config,
        entry_points=[NS.on(form.start_new, "new"), NS.on(form.start_edit, "edit")],
        states={
            Step.KIND: [NS.on(form.choose_kind, "kd")],
            Step.NAME: [MessageHandler(TYPED, form.type_name)],
            Step.COMMUNITIES: [
                NS.on(form.toggle_community, "tg"),
                NS.on(form.communities_done, "cok"),
            ],
            Step.PERMISSIONS: [
                NS.on(form.toggle_permission, "pm"),
                NS.on(form.permissions_page, "pp"),
                NS.on(form.permissions_done, "pok"),
            ],
            Step.REVIEW: [NS.on(form.change_field, "set"), NS.on(form.save, "save")],
        },
        extra_fallbacks=[NS.on(form.drop, "drop")],
    )
    return [
        conversation,
        CommandHandler("roles", views.show_roles),
        NS.on(views.list_page, "pg"),
        NS.on(views.show_card, "card"),
        NS.on(views.ask_delete, "del"),
        NS.on(views.confirm_delete, "delok"),
        NS.on(views.confirm_delete, "mv"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("roles", t.CMD_ROLES, Action.VIEW_ROLES),)
