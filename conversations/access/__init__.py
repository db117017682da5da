"""/acceso and /listas: ONE flow for the access check and the access lists (SPEC §4.2).

Both have steps that wait for typed text (a document number, a property's number or name, a
person's name). Two separate flows would both be waiting at once, and python-telegram-bot
gives a typed answer to whichever was registered first; so the check's steps (`check`), the
lists (`lists`) and the addition of a person (`add`) are the states of this one conversation,
and whatever starts one of them leaves the other. Outside this flow, a document typed as plain
text is a check too (`handlers.access`, registered after every flow).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler

from conversations.access import add, check, lists
from handlers import texts
from handlers.kit.context import ChatConfig
from handlers.kit.flow import flow
from handlers.kit.menus import MenuEntry
from models.permissions import Action


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    conversation = flow(
        "access",
        config=config,
        entry_points=[*lists.entry_points(), *add.entry_points(), *check.entry_points()],
        states={**lists.states(), **add.states(), **check.states()},
        extra_fallbacks=[*add.fallbacks(), *check.fallbacks()],
    )
    return [conversation]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("acceso", texts.CMD_ACCESS, Action.CHECK_ACCESS),
    MenuEntry("listas", texts.CMD_LISTS, Action.VIEW_ACCESS_LISTS),
)
