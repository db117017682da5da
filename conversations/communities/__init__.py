"""/comunidades: the administración's communities (seed 001 "editar, eliminar o ingresar a
una comunidad", "crear una comunidad").

Browsing, the card and its tools are plain button handlers; the steps that wait for typed text
or an image (search, create, edit, the typed name that confirms a deletion) are one flow.
Every id in a button is re-checked by the domain against the person's scope and
administración; a deleted community is in nobody's scope.

- `listing`: the list, its search and pages, the card, "Ingresar", the deleted ones and
  "Restaurar";
- `create`: the create form, its review card and the save;
- `edit`: editing one field (or the firma) and deleting.

Callback data, namespace `cmn`: `pg:<page>`, `find`, `clr`, `back`, `card:<c>`, `in:<c>`,
`ed:<c>`, `ef:<c>:<field>`, `ecl`, `eok`, `eno`, `del:<c>`, `new`, `skip:<what>`, `save`,
`drop`, `fix`, `fx:<what>`, `gone:<page>`, `rs:<c>`, `rsok:<c>`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from conversations.communities import create, edit, listing
from conversations.communities.common import NS, Next, Step
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, NOT_TYPED, TYPED, drop_draft, flow
from handlers.kit.menus import MenuEntry
from handlers.texts import communities as t
from models.permissions import Action

Button = Callable[[Update, BotContext], Awaitable[None]]
IMAGES = filters.PHOTO | filters.Document.ALL

BROWSING: dict[str, Button] = {
    "pg": listing.list_page,
    "clr": listing.clear_search,
    "back": listing.back_to_list,
    "card": listing.show_card,
    "in": listing.enter,
    "gone": listing.show_deleted,
    "rs": listing.ask_restore,
    "rsok": listing.confirm_restore,
}


def _ends_wait(callback: Button) -> Callable[[Update, BotContext], Awaitable[Next]]:
    async def browse_instead(update: Update, context: BotContext) -> Next:
        """A list or card button while text or an image was awaited: do it, stop waiting."""
        drop_draft(context)
        await callback(update, context)
        return END

    return browse_instead


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    waiting = [NS.on(_ends_wait(fn), verb) for verb, fn in BROWSING.items()]
    typed_field = {
        Step.NAME: create.type_name,
        Step.EMAIL: create.type_email,
        Step.PHONE: create.type_phone,
        Step.RUT: create.type_rut,
        Step.ADDRESS: create.type_address,
    }
    states: dict[object, list[BaseHandler[Any, Any, Any]]] = {
        step: [
            MessageHandler(TYPED, fn),
            MessageHandler(NOT_TYPED, create.expected_text),
            *waiting,
        ]
        for step, fn in typed_field.items()
    }
    conversation = flow(
        "communities",
        config=config,
        entry_points=[
            CommandHandler("comunidades", listing.show_communities),
            NS.on(listing.ask_search, "find"),
            NS.on(create.start_create, "new"),
            NS.on(edit.choose_field, "ef"),
            NS.on(edit.ask_delete, "del"),
        ],
        states={
            **states,
            Step.SEARCH: [MessageHandler(TYPED, listing.run_search), *waiting],
            Step.CODE: [
                MessageHandler(TYPED, create.type_code),
                NS.on(create.skip, "skip"),
                *waiting,
            ],
            Step.SIGNATURE: [
                MessageHandler(IMAGES, create.receive_signature),
                MessageHandler(TYPED, create.expected_image),
                NS.on(create.skip, "skip"),
                *waiting,
            ],
            Step.LOGO: [
                MessageHandler(IMAGES, create.receive_logo),
                MessageHandler(TYPED, create.expected_image),
                NS.on(create.skip, "skip"),
                *waiting,
            ],
            Step.REVIEW: [
                NS.on(create.save, "save"),
                NS.on(create.drop, "drop"),
                NS.on(create.choose_fix, "fix"),
                NS.on(create.fix_field, "fx"),
                *waiting,
            ],
            Step.EDIT_VALUE: [
                MessageHandler(TYPED, edit.type_value),
                NS.on(edit.clear_code, "ecl"),
                *waiting,
            ],
            Step.EDIT_CONFIRM: [
                NS.on(edit.save_edit, "eok"),
                NS.on(edit.drop_edit, "eno"),
                *waiting,
            ],
            Step.EDIT_SIGNATURE: [
                MessageHandler(IMAGES, edit.receive_signature),
                MessageHandler(TYPED, create.expected_image),
                *waiting,
            ],
            Step.DELETE_NAME: [MessageHandler(TYPED, edit.type_delete_name), *waiting],
        },
    )
    return [
        conversation,
        # Browsing and the card's tools work at any time, in or out of the flow.
        *(NS.on(fn, verb) for verb, fn in BROWSING.items()),
        NS.on(edit.start_edit, "ed"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("comunidades", t.CMD_COMMUNITIES, Action.VIEW_COMMUNITIES),
)
