"""/contactos: the administración's contacts (list, search, pages, card), creating, editing
and deleting one, associating it to communities, and «Mostrar» per community (seed 001
"Crear contactos", "informar a los copropietarios los datos de contacto").

Browsing, the card's tools and the association and «Mostrar» screens are plain button
handlers whose data carries the ids they need; the steps that wait for typed text (search,
create, edit) are one flow. Every id in a button is re-checked by the domain against the
person's administración and communities.

- `listing`: the list, its search, the card and deleting;
- `form`: creating and editing (nombre, correo, teléfono, review);
- `links`: associating communities and the «Mostrar» toggles.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler

from conversations.contacts import form, links, listing
from conversations.contacts.common import NS, Next, Step
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, TYPED, flow
from handlers.kit.menus import MenuEntry
from handlers.texts import contacts as t
from models.permissions import Action

Browse = Callable[[Update, BotContext], Awaitable[None]]

BROWSING: dict[str, Browse] = {
    "pg": listing.list_page,
    "clr": listing.clear_search,
    "card": listing.show_card,
    "com": links.show_communities,
}


def _ends_step(callback: Browse) -> Callable[[Update, BotContext], Awaitable[Next]]:
    async def browse_instead(update: Update, context: BotContext) -> Next:
        """A list or card button while a typed answer was awaited: browse, stop waiting."""
        await callback(update, context)
        return END

    return browse_instead


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    conversation = flow(
        "contacts",
        config=config,
        entry_points=[
            CommandHandler("contactos", listing.show_contacts),
            NS.on(listing.ask_search, "find"),
            NS.on(form.start_create, "new"),
            NS.on(form.start_edit, "edit"),
        ],
        states={
            Step.SEARCH: [
                MessageHandler(TYPED, listing.run_search),
                *(NS.on(_ends_step(fn), verb) for verb, fn in BROWSING.items()),
            ],
            Step.NAME: [
                MessageHandler(TYPED, form.type_name),
                NS.on(form.keep_name, "keep"),
            ],
            Step.EMAIL: [
                MessageHandler(TYPED, form.type_email),
                NS.on(form.keep_email, "keep"),
                NS.on(form.no_email, "none"),
            ],
            Step.PHONE: [
                MessageHandler(TYPED, form.type_phone),
                NS.on(form.keep_phone, "keep"),
                NS.on(form.no_phone, "none"),
            ],
            Step.REVIEW: [NS.on(form.save, "save")],
        },
        extra_fallbacks=[NS.on(form.drop, "drop")],
    )
    return [
        conversation,
        # Browsing and the card's tools work at any time, in or out of the flow.
        *(NS.on(fn, verb) for verb, fn in BROWSING.items()),
        NS.on(listing.ask_delete, "del"),
        NS.on(listing.confirm_delete, "delok"),
        NS.on(links.show_association, "as"),
        NS.on(links.link, "lk"),
        NS.on(links.replace, "rep"),
        NS.on(links.unlink, "ul"),
        NS.on(links.toggle_show, "sh"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("contactos", t.CMD_CONTACTS, Action.VIEW_CONTACTS),)
