"""The command menu: `setMyCommands` per person and `/help`, from one ordered registry.

Each feature module declares its `MenuEntry`s next to its handlers; the composition root
(`bot/routes.py`) puts them in the order people see and hands the tuple to the handlers
through `AppDeps.menu`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import BotCommand

from handlers import texts
from models.identity import Person
from models.permissions import Action


@dataclass(frozen=True)
class MenuEntry:
    command: str
    description: str
    action: Action | None = None  # None: every staff profile
    staff: bool = True
    residents: bool = False


def _visible(entry: MenuEntry, grants: frozenset[Action]) -> bool:
    """Staff see the entries their role grants (built-in or custom) and those of no action."""
    return entry.staff and (entry.action is None or entry.action in grants)


def entries_for(menu: Sequence[MenuEntry], person: Person) -> list[MenuEntry]:
    if person.staff is not None:
        return [e for e in menu if _visible(e, person.grants)]
    if person.residents:
        return [e for e in menu if e.residents]
    return []


def commands_for(menu: Sequence[MenuEntry], person: Person) -> list[BotCommand]:
    return [BotCommand(e.command, e.description) for e in entries_for(menu, person)]


def menu_signature(menu: Sequence[MenuEntry], person: Person) -> str:
    """Changes whenever this person's menu would change (their role, its permissions, or a
    new release): the visible commands themselves are the signature."""
    return "|".join(e.command for e in entries_for(menu, person))


def help_lines(menu: Sequence[MenuEntry], person: Person) -> str:
    return "\n".join(
        texts.HELP_LINE.format(comando=e.command, descripcion=e.description)
        for e in entries_for(menu, person)
    )


# Shared entries that belong to no feature.
START = MenuEntry("start", texts.CMD_START, residents=True)
HELP = MenuEntry("help", texts.CMD_HELP, residents=True)
CANCEL = MenuEntry("cancel", texts.CMD_CANCEL, residents=True)

PUBLIC_COMMANDS: tuple[BotCommand, ...] = (
    BotCommand("start", texts.CMD_START),
    BotCommand("help", texts.CMD_HELP),
)
