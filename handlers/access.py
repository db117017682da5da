"""The access check outside any flow, and the visit log (SPEC §4.2, issue 3).

- A document typed as plain text outside any flow → the check in the working community:
  ✅ the properties that authorize (with the name on record), ⛔ those that deny, ❓ in no list;
  then "Registrar ingreso" or "No registrar" (the same check `/acceso` runs).
- `/visitas`: today's visit log of the working community, in pages.

The check's steps that wait for an answer (/acceso without a number, "Registrar ingreso", the
property search) live in `conversations.access`, in the one flow shared with /listas. The
typed document is registered after every other feature, so it never takes an answer a flow is
waiting for.

Callback data, namespace `acc`: `reg:<n>` and `skip:<n>` for this person's check number n (the
checks are kept in `user_data`, see `recall_check`), `vis:<page>` (visit log pages); the steps
of `conversations.access.check` add theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from handlers import texts
from handlers.kit.callbacks import Callback, Namespace, callback_arg
from handlers.kit.context import BotContext
from handlers.kit.flow import TYPED, user_data
from handlers.kit.guards import allowed, current_community, looks_only, permit
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, cut, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import page_buttons, paginate
from handlers.texts import access as t
from models.access import (
    CheckResult,
    ListStatus,
    Match,
    check_document,
    natural_key,
    visits_on,
)
from models.audit import Source
from models.core import Community
from models.documents import (
    DocumentError,
    DocumentType,
    format_document,
    guess_document,
)
from models.permissions import Action

CHECK = Namespace("acc")
CHECKS = "access_checks"  # this person's recent checks, for their buttons (JSON only)
KEEP_CHECKS = 10
VISITS_PAGE_SIZE = 10
NAME_SHOWN = 60  # a visitor's or a concierge's name in a visit line
MAX_MATCHES_SHOWN = 15  # per list in a check's verdict (one person can be on every list)

# Digits with optional dots, an optional hyphen (or a look-alike) and a check digit or K:
# someone trying to type a RUT, even a wrong one.
_RUT_ATTEMPT = re.compile(r"^\d[\d.]*[-\u2010-\u2014\u2212]?[\dkK]$")
_MIN_RUT_DIGITS = 6


def looks_like_rut(text: str) -> bool:
    """Whether this text is an attempt at a RUT (valid or not), such as "12.345.678-9"."""
    compact = "".join(text.split())
    return bool(_RUT_ATTEMPT.match(compact)) and (
        sum(c.isdigit() for c in compact) >= _MIN_RUT_DIGITS
    )


def looks_like_document(text: str) -> bool:
    """Whether typed text is a document number, or a try at a RUT."""
    return looks_like_rut(text) or guess_document(text) is not None


class _DocumentText(filters.MessageFilter):
    """Text that is a document number (or a try at a RUT); ordinary words do not match."""

    def __init__(self, *, rut_only: bool = False) -> None:
        super().__init__(name="RutText" if rut_only else "DocumentText")
        self.rut_only = rut_only

    def filter(self, message: Message) -> bool:
        text = message.text
        if not text:
            return False
        if looks_like_rut(text):
            return True
        guess = guess_document(text)
        return guess is not None and (guess[0] is DocumentType.RUT or not self.rut_only)


DOCUMENT_TEXT = TYPED & _DocumentText()
# Where a property name is expected, only a RUT is surely a new visitor ("Casa12" is not).
RUT_TEXT = TYPED & _DocumentText(rut_only=True)


def document_label(doc_type: DocumentType | str, number: str) -> str:
    """ "RUT 12.345.678-5", "Pasaporte AB123456" (plain text, not escaped)."""
    kind = DocumentType(doc_type)
    return t.DOCUMENT.format(tipo=t.DOC_LABELS[kind], numero=format_document(kind, number))


def bad_document_text(reason: DocumentError, raw: str) -> str:
    """The Spanish message for a document number that cannot be used (HTML)."""
    return t.DOCUMENT_ERRORS[reason].format(numero=esc(" ".join(raw.split())[:40]))


# --- the check -------------------------------------------------------------------------------


async def lookup(community_id: int, doc_type: DocumentType, number: str) -> CheckResult:
    """The check; a non-RUT number is looked up as a passport and as an "Otro" document."""
    result = await check_document(community_id, doc_type, number)
    if doc_type is not DocumentType.PASSPORT:
        return result
    other = await check_document(community_id, DocumentType.OTHER, number)
    if not other.authorized and not other.denied:
        return result

    def key(match: Match) -> tuple[tuple[str | int, ...], int]:
        return natural_key(match.property_name), match.property_id

    return CheckResult(
        doc_type=result.doc_type,
        doc_number=result.doc_number,
        authorized=sorted([*result.authorized, *other.authorized], key=key),
        denied=sorted([*result.denied, *other.denied], key=key),
    )


def _check_text(result: CheckResult, community: Community) -> str:
    lines = [
        t.CHECK_HEADER.format(
            documento=esc(document_label(result.doc_type, result.doc_number)),
            comunidad=esc(community.name),
        ),
        "",
    ]
    for title, matches in (
        (t.CHECK_AUTHORIZED, result.authorized),
        (t.CHECK_DENIED, result.denied),
    ):
        if matches:
            lines.append(title)
            lines.extend(
                t.CHECK_LINE.format(inmueble=esc(m.property_name), nombre=esc(m.full_name))
                for m in matches[:MAX_MATCHES_SHOWN]
            )
            if len(matches) > MAX_MATCHES_SHOWN:
                lines.append(t.CHECK_MORE.format(n=len(matches) - MAX_MATCHES_SHOWN))
    if not result.authorized and not result.denied:
        lines.append(t.CHECK_UNLISTED)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class CheckedDocument:
    """A check shown to this person: where it was made and which document."""

    community_id: int
    doc_type: DocumentType
    number: str


def _remember(context: BotContext, checked: CheckedDocument) -> int:
    """Keep this check for its buttons; returns its number (only the last few are kept)."""
    store = user_data(context).get(CHECKS)
    if not isinstance(store, dict) or not isinstance(store.get("items"), dict):
        store = {"n": 0, "items": {}}
        user_data(context)[CHECKS] = store
    n = int(store.get("n") or 0) + 1
    store["n"] = n
    items: dict[str, Any] = store["items"]
    items[str(n)] = {"c": checked.community_id, "t": checked.doc_type.value, "d": checked.number}
    for old in sorted(items, key=int)[:-KEEP_CHECKS]:
        del items[old]
    return n


def recall_check(context: BotContext, callback: Callback | None) -> CheckedDocument | None:
    """The check a `reg:<n>` / `skip:<n>` button belongs to, if it is still kept."""
    if callback is None or not callback.args:
        return None
    store = user_data(context).get(CHECKS)
    items = store.get("items") if isinstance(store, dict) else None
    record = items.get(callback.args[0]) if isinstance(items, dict) else None
    if not isinstance(record, dict):
        return None
    try:
        return CheckedDocument(int(record["c"]), DocumentType(record["t"]), str(record["d"]))
    except (KeyError, TypeError, ValueError):
        return None


async def run_check(update: Update, context: BotContext, raw: str) -> bool:
    """Check a typed document in the working community; False when it was not usable."""
    community = await current_community(context)
    if not await permit(update, context, Action.CHECK_ACCESS, community.id if community else None):
        return True
    assert community is not None
    guess = guess_document(raw)
    if guess is None:
        if looks_like_rut(raw):
            await reply(update, bad_document_text(DocumentError.BAD_RUT, raw))
        else:
            await reply(update, t.NOT_A_DOCUMENT)
        return False
    doc_type, number = guess
    result = await lookup(community.id, doc_type, number)
    text = _check_text(result, community)
    n = _remember(context, CheckedDocument(community.id, doc_type, number))
    if not await allowed(context, Action.LOG_VISIT, community.id):
        if looks_only(context):
            text += "\n\n" + t.CHECK_READ_ONLY
        await reply(update, text)
        return True
    keyboard = InlineKeyboardMarkup(
        [[CHECK.button(t.BUTTON_REGISTER, "reg", n), CHECK.button(t.BUTTON_SKIP, "skip", n)]]
    )
    await reply(update, text, reply_markup=keyboard)
    return True


async def check_typed_document(update: Update, context: BotContext) -> None:
    """A document number typed as plain text outside any flow: the check."""
    await run_check(update, context, typed(update))


# --- the visit log ---------------------------------------------------------------------------


def _concierge_name(label: str) -> str:
    """ "Carla Conserje <carla@example.com>" → "Carla Conserje"; the system, by its name."""
    if label == Source.SYSTEM.value:
        return t.VISIT_BY_SYSTEM
    return label.split(" <", 1)[0]


async def _render_visits(
    update: Update, context: BotContext, community: Community, page: int
) -> None:
    tz = context.deps.clock.zone
    today = context.deps.clock.now().astimezone(tz).date()
    day = today.strftime(t.DAY_FORMAT)
    visits = await visits_on(community.id, today, tz=tz)
    if not visits:
        await edit_or_reply(update, t.VISITS_NONE.format(dia=day, comunidad=esc(community.name)))
        return
    shown = paginate(visits, page, VISITS_PAGE_SIZE)
    lines = [
        t.VISITS_HEADER.format(comunidad=esc(community.name), dia=day),
        t.VISITS_COUNT.format(total=shown.total, pagina=shown.page + 1, paginas=shown.pages),
        "",
    ]
    for visit in shown.items:
        lines.append(
            t.VISIT_LINE.format(
                hora=visit.created_at.astimezone(tz).strftime(t.TIME_FORMAT),
                nombre=cut(visit.full_name or t.VISIT_NO_NAME, NAME_SHOWN),
                documento=esc(document_label(visit.doc_type, visit.doc_number)),
                inmueble=cut(visit.property.name if visit.property else t.VISIT_NO_PROPERTY, 60),
                marca=t.VISIT_MARKS[visit.entered],
                resultado=t.ENTERED_LABELS[visit.entered],
                estado=t.STATUS_LABELS[ListStatus(visit.list_status)],
                conserje=cut(_concierge_name(visit.concierge_label), NAME_SHOWN),
            )
        )
    nav = page_buttons(shown, lambda number: CHECK.data("vis", number))
    await edit_or_reply(
        update, "\n".join(lines), reply_markup=InlineKeyboardMarkup([nav]) if nav else None
    )


async def show_visits(update: Update, context: BotContext) -> None:
    """/visitas: today's visit log of the working community."""
    community = await current_community(context)
    if await permit(update, context, Action.VIEW_VISITS, community.id if community else None):
        assert community is not None
        await _render_visits(update, context, community, 0)


async def visits_page(update: Update, context: BotContext) -> None:
    """A page button of the visit log."""
    raw = callback_arg(update)
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return
    community = await current_community(context)
    if await permit(update, context, Action.VIEW_VISITS, community.id if community else None):
        assert community is not None
        await _render_visits(update, context, community, int(raw))


# --- wiring ----------------------------------------------------------------------------------


def build_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("visitas", show_visits),
        CHECK.on(visits_page, "vis"),
        # Last of the features: outside every flow, a typed document is an access check.
        MessageHandler(DOCUMENT_TEXT, check_typed_document),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("visitas", texts.CMD_VISITS, Action.VIEW_VISITS),)
