"""/sms: the community's SMS balance, the bundle catalogue, the purchase card and the history.

The summary, catalogue and history are plain views (`balance`); the purchase card is a flow
(`purchase`). Callback data: `sms:<verb>:<community>[:…]`, every id re-checked server-side.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CommandHandler

from conversations.sms import balance, purchase
from handlers import texts
from handlers.kit.context import ChatConfig
from handlers.kit.menus import MenuEntry
from models.permissions import Action

SMS = balance.SMS


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    return [
        purchase.build_card_flow(config),
        CommandHandler("sms", balance.sms_command),
        SMS.on(balance.show_summary, "home"),
        SMS.on(balance.show_catalogue, "cat"),
        SMS.on(balance.show_history, "hist"),
        SMS.on(balance.history_page, "hp"),
        # After the flow: a card button that no open card took is refused, buys nothing.
        *(SMS.on(purchase.card_button_outside_flow, verb) for verb in purchase.CARD_VERBS),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("sms", texts.CMD_SMS, Action.VIEW_SMS),)
