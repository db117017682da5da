"""/usuarios: the users list (filter, search, pages), the user card and its tools, and the
create and edit flows (seed: "Herramientas de usuarios", "Crear usuarios").

Browsing and the card's tools are plain button handlers whose data carries what they need;
the steps that wait for typed text (search, create, edit) are one flow. Every id in a button
is re-checked by the domain against the person's communities.

- `listing`: the list, its filter and search, the card;
- `form`: the form shared by create and edit, and its steps;
- `create`: creating a user with an invitation;
- `edit`: editing, deleting and resetting a user's access.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler

from conversations.users import form, listing
from conversations.users.common import NS, Next, Step
from conversations.users.create import start_create
from conversations.users.edit import (
    answer_unlink,
    ask_delete,
    ask_reset,
    confirm_delete,
    confirm_reset,
    start_edit,
)
from handlers import texts
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, TYPED, flow
from handlers.kit.menus import MenuEntry
from models.permissions import Action

Browse = Callable[[Update, BotContext], Awaitable[None]]

BROWSING: dict[str, Browse] = {
    "pg": listing.list_page,
    "cf": listing.choose_filter,
    "flt": listing.set_filter,
    "clr": listing.clear_search,
    "card": listing.show_card,
}


def _ends_search(callback: Browse) -> Callable[[Update, BotContext], Awaitable[Next]]:
    async def browse_instead(update: Update, context: BotContext) -> Next:
        """A list or card button while a search was awaited: browse, and stop waiting."""
        await callback(update, context)
        return END

    return browse_instead


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    conversation = flow(
        "users",
        config=config,
        entry_points=[
            CommandHandler("usuarios", listing.show_users),
            NS.on(listing.ask_search, "find"),
            NS.on(start_create, "new"),
            NS.on(start_edit, "edit"),
        ],
        states={
            Step.SEARCH: [
                MessageHandler(TYPED, listing.run_search),
                *(NS.on(_ends_search(fn), verb) for verb, fn in BROWSING.items()),
            ],
            Step.PROFILE: [NS.on(form.choose_profile, "pf")],
            Step.FIRST_NAME: [MessageHandler(TYPED, form.type_first_name)],
            Step.LAST_NAME: [MessageHandler(TYPED, form.type_last_name)],
            Step.SECOND_LAST_NAME: [
                MessageHandler(TYPED, form.type_second_last_name),
                NS.on(form.skip_second_last_name, "skip"),
            ],
            Step.EMAIL: [MessageHandler(TYPED, form.type_email)],
            Step.COMMUNITIES: [
                NS.on(form.toggle_community, "tg"),
                NS.on(form.communities_done, "ok"),
            ],
            Step.FORM: [
                NS.on(form.change_field, "set"),
                NS.on(form.save, "save"),
                NS.on(answer_unlink, "unl"),
            ],
        },
        extra_fallbacks=[NS.on(form.drop, "drop")],
    )
    return [
        conversation,
        # Browsing and the card's tools work at any time, in or out of the flow.
        *(NS.on(fn, verb) for verb, fn in BROWSING.items()),
        NS.on(ask_delete, "del"),
        NS.on(confirm_delete, "delok"),
        NS.on(ask_reset, "rst"),
        NS.on(confirm_reset, "rstok"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("usuarios", texts.CMD_USERS, Action.VIEW_USERS),)
