"""/acceso and "Registrar ingreso": the access check's steps that wait for an answer.

- `/acceso 12.345.678-5`, or `/acceso` and then the number → the check (`handlers.access`).
- "Registrar ingreso": the property (several matches: choose one; in no list: search it by
  number or name) and, unless the lists authorize, the decision "Ingresó" / "No ingresó".

Callback data, namespace `acc` (`handlers.access.CHECK`): `reg:<n>` and `skip:<n>` on the
check, `vp:<property id>` (the property of the visit), `vs:<page>` (property search pages),
`dec:1|0` (entered or not), `no` (cancel). Every id is re-checked against the community where
the check was made.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler

from conversations.access.common import VisitDraft, property_picker, property_picker_text
from handlers import texts
from handlers.access import (
    CHECK,
    DOCUMENT_TEXT,
    RUT_TEXT,
    document_label,
    lookup,
    recall_check,
    run_check,
)
from handlers.kit.callbacks import callback_arg, callback_id, callback_of
from handlers.kit.context import BotContext
from handlers.kit.flow import END, NOT_TYPED, TYPED
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.texts import access as t
from models.access import (
    CheckResult,
    ListStatus,
    Match,
    Visit,
    natural_key,
    register_visit,
)
from models.core import Community, Property
from models.documents import DocumentType, InvalidName, validate_person_name
from models.errors import PropertyNotInCommunity
from models.permissions import Action
from models.properties import clean_query, get_property_in_community, search_properties

# Buttons on a step message, which the next step replaces.
STEP_VERBS = frozenset({"vp", "dec", "noname"})

# Flow states (strings: they are persisted as JSON).
MAX_MATCH_BUTTONS = 12  # more properties list the person: the property search instead

DOCUMENT = "acc_document"
PICK = "acc_pick"
SEARCH = "acc_search"
DECISION = "acc_decision"
VISITOR_NAME = "acc_visitor_name"


# --- the check -------------------------------------------------------------------------------


async def ask_document(update: Update, context: BotContext) -> object:
    """/acceso: check the number given with it, or ask for one."""
    VisitDraft.drop(context)
    if context.args:
        return END if await run_check(update, context, " ".join(context.args)) else DOCUMENT
    community = await current_community(context)
    if not await permit(update, context, Action.CHECK_ACCESS, community.id if community else None):
        return END
    await reply(update, t.ASK_DOCUMENT)
    return DOCUMENT


async def document_typed(update: Update, context: BotContext) -> object:
    """The number typed after /acceso: the check, or the same question again."""
    return END if await run_check(update, context, typed(update)) else None


async def document_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the document number was expected."""
    await reply(update, t.EXPECTED_DOCUMENT_TEXT)


async def check_again(update: Update, context: BotContext) -> object:
    """A new document typed in the middle of another step: leave that step, check this one."""
    VisitDraft.drop(context)
    return END if await run_check(update, context, typed(update)) else None


# --- registering the visit -------------------------------------------------------------------


async def _strip_buttons(update: Update) -> None:
    """Keep the check's verdict on screen, without its buttons (answered by the next step)."""
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_reply_markup(None)


def _status_for(result: CheckResult, property_id: int) -> tuple[ListStatus, str | None]:
    """What the lists say for this property, and the name on record there."""
    for match in result.denied:
        if match.property_id == property_id:
            return ListStatus.DENIED, match.full_name
    for match in result.authorized:
        if match.property_id == property_id:
            return ListStatus.AUTHORIZED, match.full_name
    return ListStatus.UNLISTED, None


def _candidates(result: CheckResult) -> list[tuple[Match, ListStatus]]:
    """The properties that list this person, one per property (a denial wins)."""
    seen: dict[int, tuple[Match, ListStatus]] = {}
    for match in result.denied:
        seen.setdefault(match.property_id, (match, ListStatus.DENIED))
    for match in result.authorized:
        seen.setdefault(match.property_id, (match, ListStatus.AUTHORIZED))
    return sorted(seen.values(), key=lambda pair: natural_key(pair[0].property_name))


async def _draft_result(draft: VisitDraft) -> CheckResult:
    return await lookup(draft.community_id, DocumentType(draft.doc_type), draft.number)


def _draft_document(draft: VisitDraft) -> str:
    return esc(document_label(draft.doc_type, draft.number))


async def start_register(update: Update, context: BotContext) -> object:
    """ "Registrar ingreso": straight to the log, or first the property and the decision."""
    checked = recall_check(context, callback_of(update))
    if checked is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    if not await permit(update, context, Action.LOG_VISIT, checked.community_id):
        return END
    draft = VisitDraft(checked.community_id, checked.doc_type.value, checked.number)
    draft.save(context)
    await _strip_buttons(update)
    candidates = _candidates(await _draft_result(draft))
    if len(candidates) == 1:
        return await _property_chosen(update, context, draft, candidates[0][0].property_id)
    if len(candidates) > MAX_MATCH_BUTTONS:
        # Listed almost everywhere: the property search instead of a button per property.
        return await _show_search(update, context, draft, page=0, edit=False)
    cancel_row = [CHECK.button(texts.BUTTON_CANCEL, "no")]
    if candidates:
        rows = [
            [
                CHECK.button(
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
    update: Update, context: BotContext, draft: VisitDraft, *, page: int, edit: bool
) -> object:
    community = await Community.get_or_none(id=draft.community_id)
    if community is None:
        VisitDraft.drop(context)
        await alert(update, texts.STALE_BUTTON)
        return END
    found = await search_properties(community.id, draft.query, page=page)
    listed = len(_candidates(await _draft_result(draft)))
    if listed:  # on too many lists for a button each
        heading = t.PICK_FOR_MANY.format(documento=_draft_document(draft), total=listed)
    else:
        heading = t.PICK_FOR_UNLISTED.format(documento=_draft_document(draft))
    title = heading + "\n" + t.PICK_PROPERTY
    text = property_picker_text(found, draft.query, community, title)
    keyboard = property_picker(
        found, CHECK, "vp", "vs", [[CHECK.button(texts.BUTTON_CANCEL, "no")]]
    )
    if edit:
        await edit_or_reply(update, text, reply_markup=keyboard)
    else:
        await reply(update, text, reply_markup=keyboard)
    return SEARCH


async def search_typed(update: Update, context: BotContext) -> object:
    """The property typed for an unlisted visitor: open it if only one matches."""
    draft = VisitDraft.load(context)
    if draft is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    query = clean_query(typed(update))
    found = await search_properties(draft.community_id, query)
    if found.total == 0:
        await reply(update, t.PICK_NONE.format(busqueda=esc(query)))
        return None
    if found.total == 1:
        return await _property_chosen(update, context, draft, found.items[0].id)
    draft.query = query
    draft.save(context)
    return await _show_search(update, context, draft, page=0, edit=False)


async def search_page(update: Update, context: BotContext) -> object:
    """A page button of the property search."""
    draft = VisitDraft.load(context)
    raw = callback_arg(update)
    if draft is None or not raw.isdigit():
        await alert(update, texts.STALE_BUTTON)
        return END if draft is None else None
    return await _show_search(update, context, draft, page=int(raw), edit=True)


async def search_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the property was expected."""
    await reply(update, t.EXPECTED_SEARCH_TEXT)


async def property_button(update: Update, context: BotContext) -> object:
    """A property button of the visit: re-checked against the check's community."""
    draft = VisitDraft.load(context)
    property_id = callback_id(update)
    if draft is None or property_id is None:
        await alert(update, texts.STALE_BUTTON)
        return END if draft is None else None
    return await _property_chosen(update, context, draft, property_id)


async def _property_chosen(
    update: Update, context: BotContext, draft: VisitDraft, property_id: int
) -> object:
    prop = await get_property_in_community(draft.community_id, property_id)
    if prop is None:
        await alert(update, t.VISIT_PROPERTY_NOT_HERE)
        return None
    draft.property_id = prop.id
    draft.save(context)
    status, _ = _status_for(await _draft_result(draft), prop.id)
    if status is ListStatus.AUTHORIZED:
        return await _register(update, context, draft, prop.id, entered=True)
    keyboard = InlineKeyboardMarkup(
        [
            [
                CHECK.button(t.BUTTON_ENTERED, "dec", 1),
                CHECK.button(t.BUTTON_NOT_ENTERED, "dec", 0),
            ],
            [CHECK.button(texts.BUTTON_CANCEL, "no")],
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
    draft = VisitDraft.load(context)
    raw = callback_arg(update)
    if draft is None or draft.property_id is None or raw not in {"0", "1"}:
        await alert(update, texts.STALE_BUTTON)
        return END
    entered = raw == "1"
    _, name = _status_for(await _draft_result(draft), draft.property_id)
    if name is None:
        # In no list of this property: the log would say "sin nombre"; ask once.
        draft.entered = entered
        draft.save(context)
        keyboard = InlineKeyboardMarkup([[CHECK.button(t.BUTTON_NO_NAME, "noname")]])
        await _say(update, t.ASK_VISITOR_NAME.format(documento=_draft_document(draft)), keyboard)
        return VISITOR_NAME
    return await _register(update, context, draft, draft.property_id, entered=entered)


async def visitor_name_typed(update: Update, context: BotContext) -> object:
    """The visitor's name, typed: the visit is written with it."""
    draft = VisitDraft.load(context)
    if draft is None or draft.property_id is None or draft.entered is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    try:
        name = validate_person_name(typed(update))
    except InvalidName as error:
        await reply(update, t.NAME_ERRORS[error.reason])
        return None
    return await _register(
        update, context, draft, draft.property_id, entered=draft.entered, typed_name=name
    )


async def visitor_name_skipped(update: Update, context: BotContext) -> object:
    """ "Sin nombre": the visit is written without one."""
    draft = VisitDraft.load(context)
    if draft is None or draft.property_id is None or draft.entered is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    return await _register(update, context, draft, draft.property_id, entered=draft.entered)


async def visitor_name_not_text(update: Update, context: BotContext) -> None:
    """A photo or file where the name was expected."""
    await reply(update, t.EXPECTED_VISITOR_NAME)


async def _register(
    update: Update,
    context: BotContext,
    draft: VisitDraft,
    property_id: int,
    *,
    entered: bool,
    typed_name: str | None = None,
) -> object:
    if not await permit(update, context, Action.LOG_VISIT, draft.community_id):
        VisitDraft.drop(context)
        return END
    # What the lists say now, not when the check was shown.
    status, name = _status_for(await _draft_result(draft), property_id)
    name = name or typed_name
    try:
        visit = await register_visit(
            draft.community_id,
            property_id=property_id,
            doc_type=draft.doc_type,
            doc_number=draft.number,
            full_name=name,
            list_status=status,
            entered=entered,
            concierge=staff_of(context),
            clock=context.deps.clock,
        )
    except PropertyNotInCommunity:
        VisitDraft.drop(context)
        await alert(update, t.VISIT_PROPERTY_NOT_HERE)
        return END
    VisitDraft.drop(context)
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
    VisitDraft.drop(context)
    if query is not None:
        await query.answer(t.SKIPPED)
        if query.message is not None:
            await query.edit_message_reply_markup(None)
    return END


async def cancel_visit(update: Update, context: BotContext) -> object:
    """ "Cancelar" while registering a visit: nothing is written."""
    VisitDraft.drop(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END


# --- wiring (into the one access flow, see `conversations.access`) ---------------------------


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    """Where the check starts inside the access flow."""
    return [
        CommandHandler("acceso", ask_document),
        CHECK.on(start_register, "reg"),
        CHECK.on(skip, "skip"),
    ]


def states() -> dict[object, list[BaseHandler[Any, Any, Any]]]:
    """The check's steps that wait for an answer."""
    return {
        DOCUMENT: [
            MessageHandler(TYPED, document_typed),
            MessageHandler(NOT_TYPED, document_not_text),
        ],
        PICK: [CHECK.on(property_button, "vp"), MessageHandler(DOCUMENT_TEXT, check_again)],
        SEARCH: [
            MessageHandler(RUT_TEXT, check_again),
            MessageHandler(TYPED, search_typed),
            MessageHandler(NOT_TYPED, search_not_text),
            CHECK.on(property_button, "vp"),
            CHECK.on(search_page, "vs"),
        ],
        DECISION: [CHECK.on(decision_button, "dec"), MessageHandler(DOCUMENT_TEXT, check_again)],
        VISITOR_NAME: [
            CHECK.on(visitor_name_skipped, "noname"),
            MessageHandler(TYPED, visitor_name_typed),
            MessageHandler(NOT_TYPED, visitor_name_not_text),
        ],
    }


def fallbacks() -> list[BaseHandler[Any, Any, Any]]:
    """Leaving the registration of a visit."""
    return [CHECK.on(cancel_visit, "no")]
