"""/logo: the administration's and the community's logos, and what each community shows.

The summary, the choice, the community card and the gallery are plain views (`summary`);
uploading is a flow (`upload`). Callback data: `logo:<verb>:<community>[:…]`, every id
re-checked server-side.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CommandHandler

from conversations.logos import summary, upload
from handlers import texts
from handlers.kit.context import ChatConfig
from handlers.kit.menus import MenuEntry
from models.permissions import Action

LOGO = summary.LOGO


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    return [
        upload.build_upload_flow(config),
        CommandHandler("logo", summary.logo_command),
        LOGO.on(summary.show_summary, "home"),
        LOGO.on(summary.show_choices, "show"),
        LOGO.on(summary.choose, "set"),
        LOGO.on(summary.show_card, "card"),
        LOGO.on(summary.show_images, "see"),
        # After the flow: a preview button that no open preview took is refused, saves nothing.
        *(LOGO.on(upload.preview_button_outside_flow, verb) for verb in upload.PREVIEW_VERBS),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("logo", texts.CMD_LOGO, Action.VIEW_LOGOS),)
