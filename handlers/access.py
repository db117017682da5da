"""The concierge's access check and the visit log (SPEC §4.2, issue 3).

- `/acceso 12.345.678-5`, or `/acceso` and then the number, or simply a document typed as
  plain text outside any flow → for the working community: ✅ the properties that authorize
  (with the name on record), ⛔ those that deny, ❓ in no list; then "Registrar ingreso" or
  "No registrar".
- "Registrar ingreso": the property (several matches: choose one; in no list: search it by
  number or name) and, unless the lists authorize, the decision "Ingresó" / "No ingresó".
- `/visitas`: today's visit log of the working community, in pages.

The steps that wait for typed text (/acceso without a number, the property search) belong to
the one access flow built in `conversations.access_lists` (registered first), so that /listas
and the check never take each other's typed answers; this module gives that flow
`check_entry_points()`, `check_states()` and `check_fallbacks()`. `build_handlers()` holds what
works outside any flow: /visitas and the typed document (registered after every other feature,
so it never takes an answer a flow is waiting for).

Callback data, namespace `acc`: `reg:<n>` and `skip:<n>` for this person's check number n (the
checks are kept in `user_data`), `vp:<property id>` (the property of the visit), `vs:<page>`
(property search pages), `dec:1|0` (entered or not), `no` (cancel), `vis:<page>` (visit log
pages). Every id is re-checked against the community where the check was made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import texts
from handlers.kit.callbacks import Callback, Namespace, callback_of, pack
from handlers.kit.context import BotContext
from handlers.kit.flow import DRAFT, user_data
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.texts import access as t
from models.access import (
    CheckResult,
    Decision,
    Match,
    Page,
    PropertyNotInCommunity,
    Visit,
    check_document,
    natural_key,
    register_visit,
    visits_on,
)
from models.core import Community, Property
from models.documents import (
    DocumentError,
    DocumentType,
    format_document,
    guess_document,
)
from models.permissions import Action
from models.properties import clean_query, get_property_in_community, search_properties

NS = "acc"
END = ConversationHandler.END
CHECKS = "access_checks"  # this person's recent checks, for their buttons (JSON only)
KEEP_CHECKS = 10
VISITS_PAGE_SIZE = 10
DRAFT_KIND = "acc_visit"
STEP_VERBS = frozenset({"vp", "dec"})  # buttons on a step message, which the next step replaces

# Flow states (strings: they are persisted as JSON).
DOCUMENT = "acc_document"
PICK = "acc_pick"
SEARCH = "acc_search"
DECISION = "acc_decision"

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


TYPED = filters.TEXT & ~filters.COMMAND
NOT_TYPED = ~filters.TEXT & ~filters.COMMAND
DOCUMENT_TEXT = TYPED & _DocumentText()
# Where a property name is expected, only a RUT is surely a new visitor ("Casa12" is not).
RUT_TEXT = TYPED & _DocumentText(rut_only=True)


_button = Namespace(NS).button


def _typed(update: Update) -> str:
    message = update.effective_message
    return message.text if message is not None and message.text else ""


def document_label(doc_type: DocumentType | str, number: str) -> str:
    """ "RUT 12.345.678-5", "Pasaporte AB123456" (plain text, not escaped)."""
    kind = DocumentType(doc_type)
    return t.DOCUMENT.format(tipo=t.DOC_LABELS[kind], numero=format_document(kind, number))


def bad_document_text(reason: DocumentError, raw: str) -> str:
    """The Spanish message for a document number that cannot be used (HTML)."""
    return t.DOCUMENT_ERRORS[reason].format(numero=esc(" ".join(raw.split())[:40]))


# --- the property picker (shared with /listas) -----------------------------------------------


def picker_text(page: Page[Property], query: str, community: Community, title: str) -> str:
    """The picker's message: the question, then what the search found."""
    if query:
        found = t.PICK_QUERY.format(busqueda=esc(query), total=page.total)
    else:
        found = t.PICK_ALL.format(total=page.total, comunidad=esc(community.name))
    lines = [title, "", found]
    if page.pages > 1:
        lines.append(t.PAGE.format(pagina=page.page + 1, paginas=page.pages))
    return "\n".join(lines)


def picker_keyboard(
    page: Page[Property],
    choose: Callable[[int], str],
    turn: Callable[[int], str],
    extra: Sequence[list[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """Two properties per row, then the page buttons and any extra rows."""
    buttons = [InlineKeyboardButton(p.name, callback_data=choose(p.id)) for p in page.items]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if page.page > 0:
        nav.append(InlineKeyboardButton(t.BUTTON_PREV, callback_data=turn(page.page - 1)))
    if page.page < page.pages - 1:
        nav.append(InlineKeyboardButton(t.BUTTON_NEXT, callback_data=turn(page.page + 1)))
    if nav:
        rows.append(nav)
    rows.extend(extra)
    return InlineKeyboardMarkup(rows)


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
                for m in matches
            )
    if not result.authorized and not result.denied:
        lines.append(t.CHECK_UNLISTED)
    return "\n".join(lines)


def _remember(context: BotContext, community_id: int, doc_type: DocumentType, number: str) -> int:
    """Keep this check for its buttons; returns its number (only the last few are kept)."""
    store = user_data(context).get(CHECKS)
    if not isinstance(store, dict) or not isinstance(store.get("items"), dict):
        store = {"n": 0, "items": {}}
        user_data(context)[CHECKS] = store
    n = int(store.get("n") or 0) + 1
    store["n"] = n
    items: dict[str, Any] = store["items"]
    items[str(n)] = {"c": community_id, "t": doc_type.value, "d": number}
    for old in sorted(items, key=int)[:-KEEP_CHECKS]:
        del items[old]
    return n


def _recall(context: BotContext, callback: Callback | None) -> dict[str, Any] | None:
    if callback is None or not callback.args:
        return None
    store = user_data(context).get(CHECKS)
    items = store.get("items") if isinstance(store, dict) else None
    record = items.get(callback.args[0]) if isinstance(items, dict) else None
    return record if isinstance(record, dict) else None


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
    n = _remember(context, community.id, doc_type, number)
    keyboard = InlineKeyboardMarkup(
        [[_button(t.BUTTON_REGISTER, "reg", n), _button(t.BUTTON_SKIP, "skip", n)]]
    )
    await reply(update, _check_text(result, community), reply_markup=keyboard)
    return True


async def ask_document(update: Update, context: BotContext) -> object:
    """/acceso: check the number given with it, or ask for one."""
    _drop_draft(context)
    if context.args:
        return END if await run_check(update, context, " ".join(context.args)) else DOCUMENT
    community = await current_community(context)
    if not await permit(update, context, Action.CHECK_ACCESS, community.id if community else None):
        return END
    await reply(update, t.ASK_DOCUMENT)
    return DOCUMENT


async def document_typed(update: Update, context: BotContext) -> object:
    """The number typed after /acceso: the check, or the same question again."""
    return END if await run_check(update, context, _typed(update)) else None


async def document_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the document number was expected."""
    await reply(update, t.EXPECTED_DOCUMENT_TEXT)


async def check_typed_document(update: Update, context: BotContext) -> None:
    """A document number typed as plain text outside any flow: the check."""
    await run_check(update, context, _typed(update))


async def check_again(update: Update, context: BotContext) -> object:
    """A new document typed in the middle of another step: leave that step, check this one."""
    _drop_draft(context)
    return END if await run_check(update, context, _typed(update)) else None


# --- registering the visit -------------------------------------------------------------------


def _draft(context: BotContext) -> dict[str, Any] | None:
    draft = user_data(context).get(DRAFT)
    return draft if isinstance(draft, dict) and draft.get("kind") == DRAFT_KIND else None


def _drop_draft(context: BotContext) -> None:
    if _draft(context) is not None:
        user_data(context).pop(DRAFT, None)


async def _strip_buttons(update: Update) -> None:
    """Keep the check's verdict on screen, without its buttons (answered by the next step)."""
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_reply_markup(None)


def _status_for(result: CheckResult, property_id: int) -> tuple[Decision, str | None]:
    """What the lists say for this property, and the name on record there."""
    for match in result.denied:
        if match.property_id == property_id:
            return Decision.DENIED, match.full_name
    for match in result.authorized:
        if match.property_id == property_id:
            return Decision.AUTHORIZED, match.full_name
    return Decision.UNLISTED, None


def _candidates(result: CheckResult) -> list[tuple[Match, Decision]]:
    """The properties that list this person, one per property (a denial wins)."""
    seen: dict[int, tuple[Match, Decision]] = {}
    for match in result.denied:
        seen.setdefault(match.property_id, (match, Decision.DENIED))
    for match in result.authorized:
        seen.setdefault(match.property_id, (match, Decision.AUTHORIZED))
    return sorted(seen.values(), key=lambda pair: natural_key(pair[0].property_name))


async def _draft_result(draft: dict[str, Any]) -> CheckResult:
    return await lookup(int(draft["c"]), DocumentType(draft["t"]), str(draft["d"]))


def _draft_document(draft: dict[str, Any]) -> str:
    return esc(document_label(draft["t"], draft["d"]))


async def start_register(update: Update, context: BotContext) -> object:
    """ "Registrar ingreso": straight to the log, or first the property and the decision."""
    record = _recall(context, callback_of(update))
    if record is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    if not await permit(update, context, Action.LOG_VISIT, int(record["c"])):
        return END
    draft = {"kind": DRAFT_KIND, "c": record["c"], "t": record["t"], "d": record["d"]}
    user_data(context)[DRAFT] = draft
    await _strip_buttons(update)
    candidates = _candidates(await _draft_result(draft))
    if len(candidates) == 1:
        return await _property_chosen(update, context, draft, candidates[0][0].property_id)
    cancel_row = [_button(t.BUTTON_CANCEL, "no")]
    if candidates:
        rows = [
            [
                _button(
                    t.BUTTON_MATCH.format(
                        marca=t.DECISION_MARKS[decision],
                        inmueble=match.property_name,
                    ),
                    "vp",
                    match.property_id,
                )
            ]
            for match, decision in candidates
        ]
        await reply(
            update,
            t.PICK_MATCH.format(documento=_draft_document(draft)),
            reply_markup=InlineKeyboardMarkup([*rows, cancel_row]),
        )
        return PICK
    return await _show_search(update, context, draft, page=0, edit=False)


async def _show_search(
    update: Update, context: BotContext, draft: dict[str, Any], *, page: int, edit: bool
) -> object:
    community = await Community.get_or_none(id=int(draft["c"]))
    if community is None:
        _drop_draft(context)
        await alert(update, texts.STALE_BUTTON)
        return END
    query = str(draft.get("q") or "")
    found = await search_properties(community.id, query, page=page)
    title = t.PICK_FOR_UNLISTED.format(documento=_draft_document(draft)) + "\n" + t.PICK_PROPERTY
    text = picker_text(found, query, community, title)
    keyboard = picker_keyboard(
        found,
        lambda pid: pack(NS, "vp", pid),
        lambda number: pack(NS, "vs", number),
        [[_button(t.BUTTON_CANCEL, "no")]],
    )
    if edit:
        await edit_or_reply(update, text, reply_markup=keyboard)
    else:
        await reply(update, text, reply_markup=keyboard)
    return SEARCH


async def search_typed(update: Update, context: BotContext) -> object:
    """The property typed for an unlisted visitor: open it if only one matches."""
    draft = _draft(context)
    if draft is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    query = clean_query(_typed(update))
    found = await search_properties(int(draft["c"]), query)
    if found.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query)))
        return None
    if found.total == 1:
        return await _property_chosen(update, context, draft, found.items[0].id)
    draft["q"] = query
    return await _show_search(update, context, draft, page=0, edit=False)


async def search_page(update: Update, context: BotContext) -> object:
    """A page button of the property search."""
    draft = _draft(context)
    callback = callback_of(update)
    raw = callback.args[0] if callback and callback.args else ""
    if draft is None or not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return END if draft is None else None
    return await _show_search(update, context, draft, page=int(raw), edit=True)


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_SEARCH_TEXT)


async def property_button(update: Update, context: BotContext) -> object:
    """A property button of the visit: re-checked against the check's community."""
    draft = _draft(context)
    callback = callback_of(update)
    property_id = callback.int_arg() if callback else None
    if draft is None or property_id is None:
        await alert(update, texts.STALE_BUTTON)
        return END if draft is None else None
    return await _property_chosen(update, context, draft, property_id)


async def _property_chosen(
    update: Update, context: BotContext, draft: dict[str, Any], property_id: int
) -> object:
    prop = await get_property_in_community(int(draft["c"]), property_id)
    if prop is None:
        await alert(update, t.VISIT_PROPERTY_NOT_HERE)
        return None
    draft["pid"] = prop.id
    status, _ = _status_for(await _draft_result(draft), prop.id)
    if status is Decision.AUTHORIZED:
        return await _register(update, context, draft, entered=True)
    keyboard = InlineKeyboardMarkup(
        [
            [_button(t.BUTTON_ENTERED, "dec", 1), _button(t.BUTTON_NOT_ENTERED, "dec", 0)],
            [_button(t.BUTTON_CANCEL, "no")],
        ]
    )
    text = t.ASK_DECISION.format(
        documento=_draft_document(draft),
        inmueble=esc(prop.name),
        estado=t.STATUS_LABELS[status],
    )
    await _say(update, text, keyboard)
    return DECISION


async def _say(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Edit the step message whose button was pressed; the check's own message stays."""
    callback = callback_of(update)
    if callback is not None and callback.verb in STEP_VERBS:
        await edit_or_reply(update, text, reply_markup=keyboard)
    else:
        await reply(update, text, reply_markup=keyboard)


async def decision_button(update: Update, context: BotContext) -> object:
    """ "Ingresó" / "No ingresó": write the visit."""
    draft = _draft(context)
    callback = callback_of(update)
    raw = callback.args[0] if callback and callback.args else ""
    if draft is None or draft.get("pid") is None or raw not in {"0", "1"}:
        await alert(update, texts.STALE_BUTTON)
        return END
    return await _register(update, context, draft, entered=raw == "1")


async def _register(
    update: Update, context: BotContext, draft: dict[str, Any], *, entered: bool
) -> object:
    community_id = int(draft["c"])
    if not await permit(update, context, Action.LOG_VISIT, community_id):
        _drop_draft(context)
        return END
    property_id = int(draft["pid"])
    # What the lists say now, not when the check was shown.
    status, name = _status_for(await _draft_result(draft), property_id)
    try:
        visit = await register_visit(
            community_id,
            property_id=property_id,
            doc_type=draft["t"],
            doc_number=draft["d"],
            full_name=name,
            list_status=status,
            entered=entered,
            concierge=staff_of(context),
            clock=context.deps.clock,
        )
    except PropertyNotInCommunity:
        _drop_draft(context)
        await alert(update, t.VISIT_PROPERTY_NOT_HERE)
        return END
    _drop_draft(context)
    prop = await Property.get_or_none(id=property_id)
    text = t.REGISTERED.format(
        hora=_local(visit, context).strftime(t.TIME_FORMAT),
        nombre=t.REGISTERED_NAME.format(nombre=esc(name)) if name else "",
        documento=_draft_document(draft),
        inmueble=esc(prop.name if prop else t.VISIT_NO_PROPERTY),
        resultado=t.ENTERED_LABELS[entered],
        estado=t.STATUS_LABELS[status],
    )
    await _say(update, text)
    return END


def _local(visit: Visit, context: BotContext) -> datetime:
    return visit.created_at.astimezone(context.deps.clock.zone)


async def skip(update: Update, context: BotContext) -> object:
    """ "No registrar": the verdict stays on screen, nothing is written."""
    query = update.callback_query
    _drop_draft(context)
    if query is not None:
        await query.answer(t.SKIPPED)
        if query.message is not None:
            await query.edit_message_reply_markup(None)
    return END


async def cancel_visit(update: Update, context: BotContext) -> object:
    """ "Cancelar" while registering a visit: nothing is written."""
    _drop_draft(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END


# --- the visit log ---------------------------------------------------------------------------


def _concierge_name(label: str) -> str:
    """ "Carla Conserje <carla@example.com>" → "Carla Conserje"."""
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
    pages = max(1, -(-len(visits) // VISITS_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = visits[page * VISITS_PAGE_SIZE : (page + 1) * VISITS_PAGE_SIZE]
    lines = [
        t.VISITS_HEADER.format(comunidad=esc(community.name), dia=day),
        t.VISITS_COUNT.format(total=len(visits), pagina=page + 1, paginas=pages),
        "",
    ]
    for visit in shown:
        lines.append(
            t.VISIT_LINE.format(
                hora=visit.created_at.astimezone(tz).strftime(t.TIME_FORMAT),
                nombre=esc(visit.full_name or t.VISIT_NO_NAME),
                documento=esc(document_label(visit.doc_type, visit.doc_number)),
                inmueble=esc(visit.property.name if visit.property else t.VISIT_NO_PROPERTY),
                marca=t.VISIT_MARKS[visit.entered],
                resultado=t.ENTERED_LABELS[visit.entered],
                estado=t.STATUS_LABELS[Decision(visit.list_status)],
                conserje=esc(_concierge_name(visit.concierge_label)),
            )
        )
    nav = []
    if page > 0:
        nav.append(_button(t.BUTTON_PREV, "vis", page - 1))
    if page < pages - 1:
        nav.append(_button(t.BUTTON_NEXT, "vis", page + 1))
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
    callback = callback_of(update)
    raw = callback.args[0] if callback and callback.args else ""
    if not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return
    community = await current_community(context)
    if await permit(update, context, Action.VIEW_VISITS, community.id if community else None):
        assert community is not None
        await _render_visits(update, context, community, int(raw))


# --- wiring ----------------------------------------------------------------------------------


_on = Namespace(NS).on


def check_entry_points() -> list[BaseHandler]:
    """Where the check starts inside the access flow (see `conversations.access_lists`)."""
    return [
        CommandHandler("acceso", ask_document),
        _on(start_register, "reg"),
        _on(skip, "skip"),
    ]


def check_states() -> dict[object, list[BaseHandler]]:
    """The check's steps that wait for an answer."""
    return {
        DOCUMENT: [
            MessageHandler(TYPED, document_typed),
            MessageHandler(NOT_TYPED, document_not_text),
        ],
        PICK: [_on(property_button, "vp"), MessageHandler(DOCUMENT_TEXT, check_again)],
        SEARCH: [
            MessageHandler(RUT_TEXT, check_again),
            MessageHandler(TYPED, search_typed),
            MessageHandler(NOT_TYPED, search_not_text),
            _on(property_button, "vp"),
            _on(search_page, "vs"),
        ],
        DECISION: [_on(decision_button, "dec"), MessageHandler(DOCUMENT_TEXT, check_again)],
    }


def check_fallbacks() -> list[BaseHandler]:
    return [_on(cancel_visit, "no")]


def build_handlers() -> list[BaseHandler]:
    return [
        CommandHandler("visitas", show_visits),
        _on(visits_page, "vis"),
        # Last of the features: outside every flow, a typed document is an access check.
        MessageHandler(DOCUMENT_TEXT, check_typed_document),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("acceso", texts.CMD_ACCESS, Action.CHECK_ACCESS),
    MenuEntry("visitas", texts.CMD_VISITS, Action.VIEW_VISITS),
)
