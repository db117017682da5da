"""/administracion: the administration home (seed 001 "Home de la administración").

The administración's name and RUT come from the contract and are shown read-only; the home's
menu continues with the commands behind it (/comunidades, /contactos, /roles, /logo). A
button appears only for a command this deployment has and the person may use.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg
from handlers.kit.context import BotContext
from handlers.kit.flow import rerun
from handlers.kit.guards import staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, esc, reply
from handlers.texts import communities as t
from models.core import Administration
from models.documents import format_rut
from models.logos import Owner, has_logo
from models.permissions import Action, authorize_administration

ADMINISTRATION = Namespace("adm")

# The home's buttons: the command each continues with, and what the person must hold for it.
SECTIONS: tuple[tuple[str, str, Action], ...] = (
    ("comunidades", t.BUTTON_COMMUNITIES, Action.VIEW_COMMUNITIES),
    ("contactos", t.BUTTON_CONTACTS, Action.VIEW_CONTACTS),
    ("roles", t.BUTTON_ROLES, Action.VIEW_ROLES),
    ("logo", t.BUTTON_LOGO, Action.VIEW_LOGOS),
)


async def may_see_home(context: BotContext) -> bool:
    """Whether the person may open the administration home (asked silently, for a button)."""
    return bool(
        await authorize_administration(staff_of(context), Action.VIEW_ADMINISTRATION, quiet=True)
    )


def home_button() -> InlineKeyboardButton:
    """ "Volver a la administración", for those who may open the home."""
    return ADMINISTRATION.button(t.BUTTON_BACK_HOME, "home")


async def _sections(context: BotContext) -> list[list[InlineKeyboardButton]]:
    staff = staff_of(context)
    known = {entry.command for entry in context.deps.menu}
    rows: list[list[InlineKeyboardButton]] = []
    for command, label, action in SECTIONS:
        if command in known and await authorize_administration(staff, action, quiet=True):
            rows.append([ADMINISTRATION.button(label, "go", command)])
    return rows


async def show_home(update: Update, context: BotContext) -> None:
    """/administracion: the administración's data, read-only, and the home's menu."""
    staff = staff_of(context)
    decision = await authorize_administration(staff, Action.VIEW_ADMINISTRATION)
    if not decision or staff is None:
        await alert(
            update, texts.DENIALS[decision.reason] if decision.reason else texts.HELP_UNKNOWN
        )
        return
    administration = await Administration.get(id=staff.administration_id)
    has_administration_logo = await has_logo(Owner.administration(administration.id))
    may_change = await authorize_administration(staff, Action.MANAGE_COMMUNITIES, quiet=True)
    text = t.HOME.format(
        nombre=esc(administration.name),
        rut=esc(format_rut(administration.rut)) if administration.rut else t.HOME_NO_RUT,
        logo=t.HOME_LOGO_YES if has_administration_logo else t.HOME_LOGO_NO,
        soporte=esc(context.deps.config.support_email),
        solo_lectura="" if may_change else t.HOME_READ_ONLY,
    )
    await reply(update, text, reply_markup=InlineKeyboardMarkup(await _sections(context)))


async def go_to_section(update: Update, context: BotContext) -> None:
    """A home button: continue with its command (which checks the person again)."""
    command = callback_arg(update, 0)
    if command not in {section[0] for section in SECTIONS}:
        await alert(update, texts.STALE_BUTTON)
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    await rerun(update, context, command)


def build_handlers() -> list[BaseHandler]:
    return [
        CommandHandler("administracion", show_home),
        ADMINISTRATION.on(show_home, "home"),
        ADMINISTRATION.on(go_to_section, "go"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("administracion", t.CMD_ADMINISTRATION, Action.VIEW_ADMINISTRATION),
)
