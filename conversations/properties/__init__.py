"""/inmuebles: the working community's properties (seed: "Inmuebles en Kastor Conserjería").

Súper Administrador and Administrador: at the top the SMS and e-mails the community's notices
went out as (and the SMS available now); the properties in pages, natural order, with "Buscar";
per property its card (name, resident e-mails principal / secundarios with ✓ when linked to
Telegram, mobile) and the tools: "Listas de acceso" and "Celular SMS" (the flows of
`conversations.access_lists` and `conversations.mobile`, entered by their `prop:<id>` buttons),
"Residentes" (add, change role, remove, each confirmed; "Invitar" e-mails a deep link and a
code) and, on the list, "Importar inmuebles" (a CSV or XLSX sent as a document).

By job: `listing` (counters, list, search, card), `residents` (residents and invitations on
the card), `importing` (the CSV / XLSX import and its report); `common` holds what they share.

Looking needs `VIEW_PROPERTIES`, every change `MANAGE_PROPERTIES` (a test user sees the views
without their write buttons, and is refused on a forged one); the domain (`models.residents`,
`models.property_import`) re-checks the actor and the scope and writes the audit log.

Callback data, namespace `prp`: `pg:<page>` (list page), `find` (search), `clr` (clear the
search), `card:<property>`, `res:<property>[:<page>]` (residents, in pages), `rs:<resident>`
(a resident's card), `role:<resident>` / `roleok:<resident>:<p|s>`, `rm:<resident>` /
`rmok:<resident>`, `inv:<resident>` / `invok:<resident>`, `add:<property>` then `ar:<p|s>`,
`aok`, and `no` (cancel the add), `imp` (import).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from conversations.properties import importing, listing, residents
from conversations.properties.common import PRP, Step
from handlers import texts
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, NOT_TYPED, TYPED, drop_draft, flow
from handlers.kit.menus import MenuEntry
from models.permissions import Action

Button = Callable[[Update, BotContext], Awaitable[None]]

BROWSING: dict[str, Button] = {
    "pg": listing.list_page,
    "clr": listing.clear_search,
    "card": listing.show_card,
    "res": residents.show_residents,
    "rs": residents.show_resident,
}
TOOLS: dict[str, Button] = {
    "role": residents.ask_role,
    "roleok": residents.confirm_role,
    "rm": residents.ask_remove,
    "rmok": residents.confirm_remove,
    "inv": residents.ask_invite,
    "invok": residents.confirm_invite,
}


def _ends_wait(callback: Button) -> Callable[[Update, BotContext], Awaitable[object]]:
    async def browse_instead(update: Update, context: BotContext) -> object:
        """A list or card button while text or a file was awaited: do it, stop waiting."""
        drop_draft(context)
        await callback(update, context)
        return END

    return browse_instead


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    buttons = {**BROWSING, **TOOLS}
    waiting_buttons = [PRP.on(_ends_wait(fn), verb) for verb, fn in buttons.items()]
    conversation = flow(
        "properties",
        config=config,
        entry_points=[
            CommandHandler("inmuebles", listing.show_properties),
            PRP.on(listing.ask_search, "find"),
            PRP.on(residents.start_add, "add"),
            PRP.on(importing.ask_import, "imp"),
        ],
        states={
            Step.SEARCH: [
                MessageHandler(TYPED, listing.run_search),
                MessageHandler(NOT_TYPED, listing.search_not_text),
                *waiting_buttons,
            ],
            Step.ADD_EMAIL: [
                MessageHandler(TYPED, residents.type_email),
                MessageHandler(NOT_TYPED, residents.email_not_text),
                *waiting_buttons,
            ],
            Step.ADD_ROLE: [PRP.on(residents.choose_role, "ar"), *waiting_buttons],
            Step.ADD_CONFIRM: [PRP.on(residents.save_add, "aok"), *waiting_buttons],
            Step.IMPORT: [
                MessageHandler(filters.Document.ALL, importing.receive_file),
                MessageHandler(~filters.COMMAND, importing.file_expected),
                *waiting_buttons,
            ],
        },
        extra_fallbacks=[PRP.on(residents.drop, "no")],
    )
    return [
        conversation,
        # Browsing and the residents' tools work at any time, in or out of the flow.
        *(PRP.on(fn, verb) for verb, fn in buttons.items()),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("inmuebles", texts.CMD_PROPERTIES, Action.VIEW_PROPERTIES),
)
