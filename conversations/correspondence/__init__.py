"""/correspondencia and /entregar: log an item and tell the residents; hand an item over.

Every staff profile. Logging and delivering are changes, so a test user is refused at the
command (and on any button of these flows); `/pendientes` stays open to them.

- `log`: `/correspondencia [número]`, property → kind → sender → photo → review → saved;
- `deliver`: `/entregar [código]`, by code or by property → the item → who collects → confirm;
- `common`: the states, the typed drafts, the guard and the refusals both use.

Both flows are one conversation, so an answer typed for one is never taken by the other. The
draft is a typed `Draft` in `user_data`; the database is written only by "Guardar" and
"Confirmar entrega", which re-check the person's permission and scope. Callback data use the
namespace `cor` (see each module); `no` cancels either flow.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from conversations.correspondence import deliver, desk, log
from conversations.correspondence.common import State, drop, on
from handlers import texts
from handlers.kit.context import ChatConfig
from handlers.kit.flow import NOT_TYPED, TYPED, flow
from handlers.kit.menus import MenuEntry
from models.permissions import Action


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    conversation = flow(
        "correspondence",
        config=config,
        entry_points=[
            CommandHandler("correspondencia", log.start_log),
            CommandHandler("entregar", deliver.start_deliver),
            on(log.start_log, "more"),
            on(deliver.item_chosen, "di"),
        ],
        states={
            State.PROPERTY: [
                MessageHandler(TYPED, log.property_typed),
                MessageHandler(NOT_TYPED, log.property_not_text),
                on(log.property_chosen, "p"),
                on(log.property_page, "pp"),
            ],
            State.KIND: [on(log.kind_chosen, "k")],
            State.SENDER: [
                MessageHandler(TYPED, log.sender_typed),
                MessageHandler(NOT_TYPED, log.sender_not_text),
                on(log.carrier_chosen, "s"),
                on(log.sender_skipped, "skip"),
            ],
            State.PHOTO: [
                MessageHandler(filters.PHOTO, log.photo_received),
                MessageHandler(TYPED, log.photo_as_text),
                MessageHandler(NOT_TYPED, log.photo_as_file),
                on(log.photo_skipped, "skip"),
            ],
            State.CONFIRM: [
                on(log.save, "save"),
                on(log.ask_note, "note"),
                on(log.ask_sender, "sender"),
            ],
            State.NOTE: [
                MessageHandler(TYPED, log.note_typed),
                MessageHandler(NOT_TYPED, log.note_not_text),
            ],
            State.CODE: [
                MessageHandler(TYPED, deliver.code_typed),
                MessageHandler(NOT_TYPED, deliver.code_not_text),
                on(deliver.by_property, "dp"),
            ],
            State.DELIVER_PROPERTY: [
                MessageHandler(TYPED, deliver.property_typed),
                MessageHandler(NOT_TYPED, log.property_not_text),
                on(deliver.property_chosen, "dh"),
                on(deliver.property_page, "dq"),
                on(deliver.by_property, "dp"),
            ],
            State.DELIVER_ITEM: [on(deliver.by_property, "dp"), on(deliver.items_page, "dip")],
            State.WHO: [
                on(deliver.who_chosen, "wr"),
                MessageHandler(TYPED, deliver.who_typed),
                MessageHandler(NOT_TYPED, deliver.who_not_text),
            ],
            State.DELIVER_CONFIRM: [on(deliver.confirm_delivery, "dok")],
        },
        extra_fallbacks=[on(drop, "no")],
    )
    return [conversation]


build_desk_handlers = desk.build_desk_handlers

# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("correspondencia", texts.CMD_CORRESPONDENCE, Action.LOG_CORRESPONDENCE),
    MenuEntry("entregar", texts.CMD_DELIVER, Action.DELIVER_CORRESPONDENCE),
)
