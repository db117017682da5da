"""The command menu: one registry for `setMyCommands` per person and for `/help`."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand

from bot import texts
from models.core import Profile
from models.identity import Person
from models.permissions import RULES, Action


@dataclass(frozen=True)
class MenuEntry:
    command: str
    description: str
    action: Action | None = None  # None: every staff profile
    staff: bool = True
    residents: bool = False


# Order is the order people see in the menu: the concierge's daily work first.
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("acceso", texts.CMD_ACCESS, Action.CHECK_ACCESS),
    MenuEntry("correspondencia", texts.CMD_CORRESPONDENCE, Action.LOG_CORRESPONDENCE),
    MenuEntry("entregar", texts.CMD_DELIVER, Action.DELIVER_CORRESPONDENCE),
    MenuEntry("pendientes", texts.CMD_PENDING, Action.VIEW_CORRESPONDENCE),
    MenuEntry("mis_paquetes", texts.CMD_MY_PARCELS, staff=False, residents=True),
    MenuEntry("visitas", texts.CMD_VISITS, Action.VIEW_VISITS),
    MenuEntry("listas", texts.CMD_LISTS, Action.VIEW_ACCESS_LISTS),
    MenuEntry("sms", texts.CMD_SMS, Action.VIEW_SMS),
    MenuEntry("celular", texts.CMD_MOBILE, Action.VIEW_PROPERTIES),
    MenuEntry("inmuebles", texts.CMD_PROPERTIES, Action.VIEW_PROPERTIES),
    MenuEntry("usuarios", texts.CMD_USERS, Action.VIEW_USERS),
    MenuEntry("logo", texts.CMD_LOGO, Action.VIEW_LOGOS),
    MenuEntry("auditoria", texts.CMD_AUDIT, Action.VIEW_AUDIT),
    MenuEntry("start", texts.CMD_START, residents=True),
    MenuEntry("comunidad", texts.CMD_COMMUNITY),
    MenuEntry("help", texts.CMD_HELP, residents=True),
    MenuEntry("cancel", texts.CMD_CANCEL, residents=True),
)


def _visible(entry: MenuEntry, profile: Profile) -> bool:
    return entry.staff and (entry.action is None or profile in RULES[entry.action].profiles)


def entries_for(person: Person) -> list[MenuEntry]:
    if person.staff is not None:
        return [e for e in MENU if _visible(e, person.staff.profile)]
    if person.residents:
        return [e for e in MENU if e.residents]
    return []


def commands_for(person: Person) -> list[BotCommand]:
    return [BotCommand(e.command, e.description) for e in entries_for(person)]


def menu_signature(person: Person) -> str:
    """Changes whenever this person's menu would change (profile or a new release)."""
    return "|".join(e.command for e in entries_for(person))


def help_lines(person: Person) -> str:
    return "\n".join(
        texts.HELP_LINE.format(comando=e.command, descripcion=e.description)
        for e in entries_for(person)
    )


PUBLIC_COMMANDS: tuple[BotCommand, ...] = (
    BotCommand("start", texts.CMD_START),
    BotCommand("help", texts.CMD_HELP),
)
