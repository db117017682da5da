"""Every handler and every menu entry, registered in one place, in order.

python-telegram-bot tries the handlers of a group in the order they were added and runs the
first that matches, so order is behaviour here: each line says why it stands where it does.
Adding a command means one line below (and one in `MENU` if people should see it).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from conversations import access as access_flows
from conversations import communities as community_flows
from conversations import contacts, logos, meters, mobile, properties, roles, sms, users
from conversations import correspondence as correspondence_flows
from conversations import logbook as logbook_flows
from handlers import (
    access,
    administration,
    audit,
    common,
    community,
    correspondence,
    identity,
    logbook,
)
from handlers.kit import menus
from handlers.kit.context import ChatConfig
from handlers.kit.flow import end_open_flows
from handlers.kit.menus import MenuEntry

# Handler groups: lower runs first; a handler may stop later groups (ApplicationHandlerStop).
GROUP_IDENTITY = -10  # who is writing, before anything else looks at the update
GROUP_FLOWS = -5  # a new command closes half-finished flows before anything handles it
GROUP_MAIN = 0

# The command menu in the order people see it: the concierge's daily work first.
MENU: tuple[MenuEntry, ...] = (
    access_flows.MENU[0],  # /acceso
    *correspondence_flows.MENU,  # /correspondencia, /entregar
    *correspondence.MENU,  # /pendientes, /mis_paquetes
    *access.MENU,  # /visitas
    *logbook_flows.MENU,  # /novedad, /turno
    *logbook.MENU,  # /novedades
    *meters.MENU,  # /lecturas
    access_flows.MENU[1],  # /listas
    *sms.MENU,  # /sms
    *mobile.MENU,  # /celular
    *properties.MENU,  # /inmuebles
    *users.MENU,  # /usuarios
    *roles.MENU,  # /roles
    *logos.MENU,  # /logo
    *administration.MENU,  # /administracion
    *community_flows.MENU,  # /comunidades
    *contacts.MENU,  # /contactos
    *audit.MENU,  # /auditoria
    menus.START,
    *community.MENU,  # /comunidad
    menus.HELP,
    menus.CANCEL,
)


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any], config: ChatConfig) -> None:
    """Every handler, in one place. Note: order matters within a group."""
    app.add_handler(TypeHandler(Update, common.identity_gate), group=GROUP_IDENTITY)
    app.add_handler(MessageHandler(filters.COMMAND, end_open_flows), group=GROUP_FLOWS)
    for handler in [
        # Conversations first, so their /cancel and typed steps win over the fallbacks below.
        *correspondence_flows.build_handlers(config),  # /correspondencia, /entregar
        # /acceso and /listas share one flow, so neither takes the other's typed answer.
        *access_flows.build_handlers(config),  # /acceso, /listas
        *mobile.build_handlers(config),  # /celular
        *sms.build_handlers(config),  # /sms
        *users.build_handlers(config),  # /usuarios
        *roles.build_handlers(config),  # /roles
        *properties.build_handlers(config),  # /inmuebles
        *logos.build_handlers(config),  # /logo
        *community_flows.build_handlers(config),  # /comunidades
        *contacts.build_handlers(config),  # /contactos
        *logbook_flows.build_handlers(config),  # /novedad, /turno, corrections, categories
        *meters.build_handlers(config),  # /lecturas
        # Plain commands and buttons: they wait for no typed text, so their order is free.
        *audit.build_handlers(),  # /auditoria
        *identity.build_handlers(),  # /start, /help
        *community.build_handlers(),  # /comunidad
        *administration.build_handlers(),  # /administracion
        *correspondence.build_handlers(),  # /pendientes, /mis_paquetes
        *logbook.build_handlers(),  # /novedades, photos, chain, "Recibir turno"
        # Last of the features: shortcuts for what is typed or sent outside any flow. They must
        # never take an answer that a flow above is waiting for. A pickup code comes before
        # the typed document, since a code can look like a passport (it checks one itself
        # when no pending item has that code).
        *correspondence_flows.build_desk_handlers(),  # a typed pickup code, a captioned photo
        *access.build_handlers(),  # /visitas, a typed RUT
    ]:
        app.add_handler(handler, group=GROUP_MAIN)
    # Fallbacks last: outside every flow nothing goes unanswered.
    app.add_handler(CommandHandler("cancel", common.cancel_outside), group=GROUP_MAIN)
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command), group=GROUP_MAIN)
    app.add_handler(MessageHandler(filters.ALL, common.free_text), group=GROUP_MAIN)
    app.add_handler(CallbackQueryHandler(common.stale_button), group=GROUP_MAIN)
    app.add_error_handler(common.on_error)
