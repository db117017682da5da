"""/lecturas: reading rounds for every staff profile; meters and the export for administrators.

`/lecturas` → the kinds of the working community with "leídos de total" (plus "Configurar" and
"Exportar" for those allowed) → a kind → the round walks the meters in natural order, one
message per meter ("Depto 101 · agua fría · última 1.234,5 m³ el 05-11", "12 de 110") → type
the value, or send a photo of the dial with the value as caption → the next one. "Saltar" and
"Terminar" at any time; "Corregir la anterior" within the author's 10 minutes.

The round's position lives in the database (`models.meters.MeterRound`), not in this flow: a
round left by "Terminar", `/cancel`, the conversation timeout or a restart continues where it
stopped the next time anyone of the community chooses that kind this month. Meters already read
this period are passed over (a second reading would be a correction, which has its own path).

A value below the previous one gets "Cambio de medidor" (then a reason); a consumption over 3×
the median asks "¿es correcta?" and is flagged once confirmed. The next 20 meters of the round
and their last readings are kept in the draft (`ahead`), so a reading costs its own save and one
message; a meter read or deactivated meanwhile is refused on saving and passed over.

Administrators also get "Corregir una lectura" (a property's readings of this month or the
last → the new value → a reason), "Configurar" and "Exportar" (a month's XLSX).

"Configurar": a kind → "Todos los inmuebles", or "Elegir inmuebles" (☐/☑ pages of the
community's properties, a typed text searches them) → "Listo" → review → "Guardar"; adding a
kind again for more properties leaves the existing meters alone. "Medidor común" asks a name.
"Ver medidores" pages every meter by property (deactivated ones last, marked) → a meter's card
→ "Número de serie" (typed, or "Quitar") or "Desactivar" (confirmed; it leaves the rounds).

Callback data (namespace `lec`): `k:<kind>`, `skip:<meter>`, `end`, `chg`, `jok`, `retype`,
`fix:<reading>`, `cor`, `cfg`, `ck:<kind>`, `ca`, `cp:<page>`, `ct:<property>`, `cq`, `cd`,
`cs`, `cc`, `cm:<page>`, `mc:<meter>`, `ms`, `mq`, `md`, `mdy`, `exp`, `em:<yyyymm>`, `no`.
Every id is re-checked against the draft's community (a forged one is refused); the round's
meters come from the database, never from a button.
"""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from handlers import texts
from handlers.kit.callbacks import Namespace, callback_arg, callback_id, callback_number
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, NOT_TYPED, TYPED, Draft, flow
from handlers.kit.guards import allowed, current_community, permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard, paginate, picker
from handlers.meters import (
    build_xlsx,
    format_value,
    kind_label,
    period_label,
    refusal_text,
)
from handlers.texts import meters as t
from models import meters as domain
from models.clock import local
from models.core import Community, StaffUser
from models.local_time import add_months
from models.meters import MeterKind, MeterReading, MeterRefused, MeterRound, MeterUnit, Refusal
from models.permissions import Action, NotAllowed
from models.properties import clean_query, get_property_in_community, search_properties

log = logging.getLogger(__name__)

NS = Namespace("lec")
button = NS.button
on = NS.on
PROPERTY_KINDS = (
    MeterKind.COLD_WATER,
    MeterKind.HOT_WATER,
    MeterKind.GAS,
    MeterKind.ELECTRICITY,
)
EXPORT_MONTHS = 6
PAGE_SIZE = 10
"""Properties (to choose) and meters (to configure) per page."""
REVIEW_SHOWN = 20


class State(StrEnum):
    """The flow's steps (strings: the conversation state is persisted as JSON)."""

    MENU = "lec_menu"
    READING = "lec_reading"
    REASON = "lec_reason"
    FIX = "lec_fix"
    FIX_REASON = "lec_fix_reason"
    FIX_PROPERTY = "lec_fix_property"
    CONFIG = "lec_config"
    COMMON_NAME = "lec_common"
    SCOPE = "lec_scope"
    CHOOSE = "lec_choose"
    REVIEW = "lec_review"
    METERS = "lec_meters"
    CARD = "lec_card"
    SERIAL = "lec_serial"
    EXPORT = "lec_export"


Next = State | int | None


@dataclass
class MeterDraft(Draft):
    """Where this person is: the community, the round and its meter, a value waiting for a
    confirmation or a reason, the last reading saved (offered for correction)."""

    KIND: ClassVar[str] = "lec"
    cid: int
    round_id: int | None = None
    meter_id: int | None = None
    pending: str | None = None
    photo: str | None = None
    fix_id: int | None = None
    fix_reason: bool = False
    last_id: int | None = None
    index: int = 0
    total: int = 0
    place: str = ""
    unit: str = ""
    ahead: list[dict[str, Any]] = field(default_factory=list)
    current: dict[str, Any] | None = None
    """The next meters of the round with what their prompts show (`domain.Upcoming`)."""
    new_kind: str | None = None
    """Configuring: the kind being added, the properties chosen for it (empty for all)."""
    chosen: list[int] = field(default_factory=list)
    query: str = ""
    page: int = 0
    card_id: int | None = None
    """Configuring: the meter whose card is shown."""


@dataclass(frozen=True, slots=True)
class Step:
    staff: StaffUser
    cid: int
    draft: MeterDraft


async def _step(update: Update, context: BotContext, action: Action | None) -> Step | None:
    """The draft and its community, if `action` is still allowed there (else told why).

    `None` for a step whose domain call asks the same question itself (a typed reading: the
    save refuses with `NotAllowed`, said like a denial here), so a reading asks it once."""
    draft = MeterDraft.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    if action is not None and not await permit(update, context, action, draft.cid):
        MeterDraft.drop(context)
        return None
    staff = staff_of(context)
    if staff is None:  # permit() refuses it; this is for the types
        return None
    return Step(staff, draft.cid, draft)


def _period(context: BotContext) -> date:
    clock = context.deps.clock
    return domain.period_of(clock.now(), clock)


# --- the menu --------------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> Next:
    """/lecturas: the kinds to read (and, for administrators, configure and export)."""
    MeterDraft.drop(context)
    community = await current_community(context)
    community_id = community.id if community else None
    export = await allowed(context, Action.EXPORT_METER_READINGS, community_id)
    # A test administrator may not read meters but may take the export (it changes nothing).
    if not export and not await permit(update, context, Action.RECORD_METER_READING, community_id):
        return END
    if community is None:
        return END
    MeterDraft(cid=community.id).save(context)
    period = _period(context)
    summary = await domain.kind_summary(community.id, period)
    manage = await allowed(context, Action.MANAGE_METERS, community.id)
    record = await allowed(context, Action.RECORD_METER_READING, community.id)
    lines = [
        t.MENU_LINE.format(
            icono=t.KIND_ICONS[s.kind], tipo=kind_label(s.kind), leidos=s.read, total=s.total
        )
        for s in summary
    ]
    if not lines:
        lines = [t.MENU_NONE_ADMIN if manage else t.MENU_NONE]
    elif record:
        lines += ["", t.MENU_ASK]
    rows: list[list[InlineKeyboardButton]] = [
        [
            button(
                t.BUTTON_KIND.format(icono=t.KIND_ICONS[s.kind], tipo=kind_label(s.kind)),
                "k",
                s.kind.value,
            )
        ]
        for s in summary
        if record
    ]
    admin_row = []
    if manage:
        admin_row.append(button(t.BUTTON_CONFIGURE, "cfg"))
        rows.append([button(t.BUTTON_CORRECT_ANY, "cor")])
    if export:
        admin_row.append(button(t.BUTTON_EXPORT, "exp"))
    if admin_row:
        rows.append(admin_row)
    rows.append([button(texts.BUTTON_CANCEL, "no")])
    text = t.MENU.format(
        comunidad=esc(community.name), periodo=period_label(period), resumen="\n".join(lines)
    )
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))
    return State.MENU


async def drop(update: Update, context: BotContext) -> int:
    """ "Cancelar": nothing more is saved (readings already saved stay)."""
    MeterDraft.drop(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END


# --- the round -------------------------------------------------------------------------------


async def kind_chosen(update: Update, context: BotContext) -> Next:
    """A kind: its round of this month (a new one, or where the last one stopped)."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    try:
        kind = MeterKind(callback_arg(update))
        round_ = await domain.open_round(step.staff, step.cid, kind, clock=context.deps.clock)
    except (ValueError, MeterRefused):
        await alert(update, texts.STALE_BUTTON)
        return None
    step.draft.round_id = round_.id
    step.draft.total = len(round_.meter_ids)
    step.draft.ahead = []
    step.draft.save(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await _show_next(update, context, step, round_)


def _last_text(context: BotContext, upcoming: domain.Upcoming, unit: str) -> str:
    if upcoming.last_value is None or upcoming.last_read_at is None:
        return t.NO_LAST_READING
    when = local(context.deps.clock, datetime.fromisoformat(upcoming.last_read_at))
    return t.LAST_READING.format(
        valor=format_value(Decimal(upcoming.last_value)), unidad=unit, fecha=when.strftime("%d-%m")
    )


async def _show_next(
    update: Update,
    context: BotContext,
    step: Step,
    round_: MeterRound | None = None,
    before: str = "",
) -> Next:
    """The round's next meter (one message: what was saved, then what to read), or its end.

    The next stretch of the round is read from the database only when the draft's look-ahead
    runs out, so a reading costs its own save and one message."""
    draft = step.draft
    head = f"{before}\n\n" if before else ""
    chat = update.effective_chat
    if not draft.ahead:
        round_ = round_ or await _round_of(update, step)
        if round_ is None:
            return END
        draft.ahead = [asdict(u) for u in await domain.look_ahead(round_)]
        if draft.ahead:
            # Where a resumed round starts looking: meters read before it are passed over
            # again cheaply, so the position is saved once per stretch, not per reading.
            await domain.move_round(step.cid, round_.id, draft.ahead[0]["index"])
        if not draft.ahead:
            read = await domain.count_read(round_)
            await domain.finish_round(round_, clock=context.deps.clock)
            MeterDraft.drop(context)
            text = t.ROUND_DONE.format(
                tipo=kind_label(round_.kind), leidos=read, total=len(round_.meter_ids)
            )
            if chat is not None:
                await chat.send_message(head + text)
            return END
    draft.current = draft.ahead.pop(0)
    upcoming = domain.Upcoming(**draft.current)
    unit = t.UNIT_LABELS[MeterUnit(upcoming.unit)]
    draft.meter_id = upcoming.meter_id
    draft.index = upcoming.index
    draft.place = upcoming.place
    draft.unit = unit
    draft.pending = None
    draft.photo = None
    draft.save(context)
    kind = MeterKind(upcoming.kind)
    label = upcoming.name if kind is MeterKind.COMMON and upcoming.name else kind_label(kind)
    text = t.ASK_READING.format(
        inmueble=esc(upcoming.place),
        tipo=esc(label),
        ultima=_last_text(context, upcoming, unit),
        numero=upcoming.index + 1,
        total=draft.total,
    )
    if not before:  # the first meter of a sitting; after that the person knows
        text += t.READING_HINT
    rows = [[button(t.BUTTON_SKIP, "skip", upcoming.meter_id), button(t.BUTTON_END, "end")]]
    if draft.last_id is not None:
        rows.append([button(t.BUTTON_CORRECT, "fix", draft.last_id)])
    if chat is not None:
        await chat.send_message(head + text, reply_markup=InlineKeyboardMarkup(rows))
    return State.READING


async def _round_of(update: Update, step: Step) -> MeterRound | None:
    try:
        return await domain.get_round(step.cid, step.draft.round_id)
    except MeterRefused as refused:
        await alert(update, refusal_text(refused))
        return None


def _photo_of(update: Update) -> str | None:
    message = update.effective_message
    if message is None or not message.photo:
        return None
    return message.photo[-1].file_id


async def value_typed(update: Update, context: BotContext) -> Next:
    """The typed reading (or a photo's caption): saved, then the next meter."""
    step = await _step(update, context, None)  # record_reading() authorizes
    if step is None:
        return END
    message = update.effective_message
    raw = typed(update) or (message.caption if message is not None and message.caption else "")
    step.draft.photo = _photo_of(update) or step.draft.photo
    return await _save(update, context, step, raw)


async def photo_received(update: Update, context: BotContext) -> Next:
    """A photo of the dial: its caption is the reading."""
    message = update.effective_message
    if message is None or not message.caption:
        await reply(update, t.PHOTO_NO_CAPTION)
        return None
    return await value_typed(update, context)


async def not_a_value(update: Update, context: BotContext) -> None:
    """A sticker, a file or a voice note where the reading was expected."""
    await reply(update, t.EXPECTED_VALUE)


async def _save(
    update: Update,
    context: BotContext,
    step: Step,
    raw: str,
    *,
    meter_change_reason: str | None = None,
    confirm_jump: bool = False,
) -> Next:
    meter_id = step.draft.meter_id
    if meter_id is None or step.draft.round_id is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    draft = step.draft
    try:
        value = domain.parse_value(raw)
        reading = await domain.record_reading(
            step.staff,
            step.cid,
            meter_id,
            value,
            photo_file_id=draft.photo,
            meter_change=meter_change_reason is not None,
            meter_change_reason=meter_change_reason,
            confirm_jump=confirm_jump,
            clock=context.deps.clock,
        )
    except NotAllowed as denied:
        MeterDraft.drop(context)
        await reply(update, texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON)
        return END
    except MeterRefused as refused:
        return await _refused(update, context, step, refused, raw)
    draft.last_id = reading.id
    return await _show_next(update, context, step, before=_saved_text(draft, reading))


def _saved_text(draft: MeterDraft, reading: MeterReading) -> str:
    unit = draft.unit
    consumption = (
        t.SAVED_CONSUMPTION.format(consumo=format_value(reading.consumption), unidad=unit)
        if reading.consumption is not None
        else ""
    )
    text = t.SAVED.format(
        inmueble=esc(draft.place),
        valor=format_value(reading.value),
        unidad=unit,
        consumo=consumption,
    )
    flags = [
        t.FLAG_LABELS[flag]
        for flag, on_ in (
            (domain.Flag.METER_CHANGE, reading.meter_change),
            (domain.Flag.JUMP, reading.jump_confirmed),
        )
        if on_
    ]
    if flags:
        text += t.SAVED_FLAGGED.format(marcas=", ".join(flags))
    return text


async def _refused(
    update: Update,
    context: BotContext,
    step: Step,
    refused: MeterRefused,
    raw: str,
) -> Next:
    draft = step.draft
    unit = draft.unit
    value = refused.data.get("value")
    shown = format_value(value) if isinstance(value, Decimal) else esc(raw[:30])
    if refused.reason is Refusal.BELOW_PREVIOUS:
        draft.pending = raw
        draft.save(context)
        previous = refused.data.get("previous")
        text = t.BELOW_PREVIOUS.format(
            valor=shown,
            anterior=format_value(previous if isinstance(previous, Decimal) else None),
            unidad=unit,
        )
        keyboard = InlineKeyboardMarkup(
            [[button(t.BUTTON_METER_CHANGE, "chg")], _round_row(draft)]
        )
        await reply(update, text, reply_markup=keyboard)
        return State.READING
    if refused.reason is Refusal.JUMP_UNCONFIRMED:
        draft.pending = raw
        draft.save(context)
        consumption, median = refused.data.get("consumption"), refused.data.get("median")
        text = t.JUMP.format(
            consumo=format_value(consumption if isinstance(consumption, Decimal) else None),
            mediana=format_value(median if isinstance(median, Decimal) else None),
            unidad=unit,
            valor=shown,
        )
        keyboard = InlineKeyboardMarkup(
            [
                [button(t.BUTTON_CONFIRM_JUMP, "jok"), button(t.BUTTON_RETYPE, "retype")],
                _round_row(draft),
            ]
        )
        await reply(update, text, reply_markup=keyboard)
        return State.READING
    if refused.reason in (Refusal.ALREADY_READ, Refusal.METER_NOT_FOUND):
        if draft.round_id is not None:
            await domain.move_round(step.cid, draft.round_id, draft.index + 1)
        return await _show_next(update, context, step, before=refusal_text(refused))
    await reply(update, refusal_text(refused, raw))
    return State.READING


def _round_row(draft: MeterDraft) -> list[InlineKeyboardButton]:
    return [button(t.BUTTON_SKIP, "skip", draft.meter_id or 0), button(t.BUTTON_END, "end")]


async def meter_change(update: Update, context: BotContext) -> Next:
    """ "Cambio de medidor" after a lower value: ask the reason."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    if step.draft.pending is None or step.draft.meter_id is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    value = domain.parse_value(step.draft.pending)
    await reply(
        update, t.ASK_CHANGE_REASON.format(valor=format_value(value), unidad=step.draft.unit)
    )
    return State.REASON


async def reason_typed(update: Update, context: BotContext) -> Next:
    """The meter change's reason: the lower value is saved, flagged."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    if step.draft.pending is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    reason = typed(update)
    if len(reason) > domain.MAX_REASON or not reason.strip():
        code = Refusal.REASON_TOO_LONG if reason.strip() else Refusal.REASON_MISSING
        await reply(update, refusal_text(MeterRefused(code, {"max": domain.MAX_REASON})))
        return None
    return await _save(
        update,
        context,
        step,
        step.draft.pending,
        meter_change_reason=reason,
        confirm_jump=True,
    )


async def reason_not_text(update: Update, context: BotContext) -> None:
    """Something else where the reason was expected."""
    await reply(update, t.EXPECTED_REASON)


async def jump_confirmed(update: Update, context: BotContext) -> Next:
    """ "Sí, es correcta": the high consumption is saved and flagged."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    if step.draft.pending is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await _save(update, context, step, step.draft.pending, confirm_jump=True)


async def retype(update: Update, context: BotContext) -> Next:
    """ "La escribo de nuevo": forget the value waiting for confirmation."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    step.draft.pending = None
    step.draft.save(context)
    await reply(update, t.EXPECTED_VALUE)
    return State.READING


async def skip(update: Update, context: BotContext) -> Next:
    """ "Saltar": this meter stays without a reading; the next one."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    meter_id = callback_id(update)
    if meter_id is None or meter_id != step.draft.meter_id:
        await alert(update, t.NOT_YOUR_TURN)
        return None
    if update.callback_query is not None:
        await update.callback_query.answer()
    if step.draft.round_id is not None:
        await domain.move_round(step.cid, step.draft.round_id, step.draft.index + 1)
    return await _show_next(update, context, step)


async def end_round(update: Update, context: BotContext) -> Next:
    """ "Terminar": the round waits where it stopped."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    round_ = await _round_of(update, step)
    MeterDraft.drop(context)
    if round_ is None:
        return END
    await reply(
        update,
        t.ROUND_STOPPED.format(
            tipo=kind_label(round_.kind), numero=step.draft.index + 1, total=step.draft.total
        ),
    )
    return END


# --- corrections -----------------------------------------------------------------------------


async def ask_fix(update: Update, context: BotContext) -> Next:
    """ "Corregir": the reading's new value (and, past the author's 10 minutes, a reason)."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    try:
        reading = await domain.get_reading(step.cid, callback_id(update))
    except MeterRefused as refused:
        await alert(update, refusal_text(refused))
        return None
    own = await domain.may_correct(step.staff, reading, context.deps.clock)
    if not own and not await allowed(context, Action.MANAGE_METERS, step.cid):
        await alert(update, t.REFUSALS[Refusal.CORRECTION_WINDOW])
        return None
    step.draft.fix_id = reading.id
    step.draft.fix_reason = not own
    step.draft.pending = None
    step.draft.save(context)
    await reply(
        update,
        t.ASK_FIX.format(
            inmueble=esc(domain.place_of(reading.meter)),
            valor=format_value(reading.value),
            unidad=t.UNIT_LABELS[reading.meter.unit],
        ),
    )
    return State.FIX


async def fix_typed(update: Update, context: BotContext) -> Next:
    """The corrected value: saved as a new version (or, when one is needed, the reason next)."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    raw = typed(update)
    try:
        domain.parse_value(raw)
    except MeterRefused as refused:
        await reply(update, refusal_text(refused, raw))
        return None
    if step.draft.fix_reason:
        step.draft.pending = raw
        step.draft.save(context)
        await reply(update, t.ASK_FIX_REASON)
        return State.FIX_REASON
    return await _apply_fix(update, context, step, raw, None)


async def fix_reason_typed(update: Update, context: BotContext) -> Next:
    """The correction's reason: saved, audited with it."""
    step = await _step(update, context, Action.RECORD_METER_READING)
    if step is None:
        return END
    if step.draft.pending is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    return await _apply_fix(update, context, step, step.draft.pending, typed(update))


async def _apply_fix(
    update: Update, context: BotContext, step: Step, raw: str, reason: str | None
) -> Next:
    try:
        fixed = await domain.correct_reading(
            step.staff,
            step.cid,
            step.draft.fix_id or 0,
            raw,
            reason=reason,
            clock=context.deps.clock,
        )
    except NotAllowed as denied:
        MeterDraft.drop(context)
        await reply(update, texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON)
        return END
    except MeterRefused as refused:
        await reply(update, refusal_text(refused, raw))
        if refused.reason in _FINAL_FIX_REFUSALS:
            MeterDraft.drop(context)
            return END
        return None
    step.draft.fix_id = None
    step.draft.pending = None
    meter = await domain.get_meter(step.cid, fixed.meter_id)
    await meter.fetch_related("property")
    done = t.FIXED.format(
        inmueble=esc(domain.place_of(meter)),
        valor=format_value(fixed.value),
        unidad=t.UNIT_LABELS[meter.unit],
    )
    if step.draft.round_id is None or step.draft.current is None:  # not in a round
        MeterDraft.drop(context)
        await reply(update, done)
        return END
    step.draft.last_id = fixed.id
    # Back to the meter the round was asking for.
    step.draft.ahead.insert(0, step.draft.current)
    return await _show_next(update, context, step, before=done)


async def fix_reason_not_text(update: Update, context: BotContext) -> None:
    """Something else where the correction's reason was expected."""
    await reply(update, t.ASK_FIX_REASON)


async def fix_property_not_text(update: Update, context: BotContext) -> None:
    """Something else where the property was expected."""
    await reply(update, t.ASK_FIX_PROPERTY)


async def ask_fix_property(update: Update, context: BotContext) -> Next:
    """ "Corregir una lectura" (administrators): which property."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    await edit_or_reply(update, t.ASK_FIX_PROPERTY)
    return State.FIX_PROPERTY


async def fix_property_typed(update: Update, context: BotContext) -> Next:
    """The property typed: its readings of this month and the last, as buttons."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    query = clean_query(typed(update))
    found = await search_properties(step.cid, query, page_size=8) if query else None
    period = _period(context)
    periods = [period, add_months(period, -1)]
    readings = (
        await domain.readings_of_properties(step.cid, [p.id for p in found.items], periods)
        if found is not None and found.items
        else []
    )
    if not readings:
        await reply(update, t.FIX_NONE.format(busqueda=esc(query)))
        return None
    rows = [
        [
            button(
                t.FIX_BUTTON.format(
                    inmueble=domain.place_of(r.meter),
                    tipo=kind_label(r.meter.kind),
                    valor=format_value(r.value),
                    mes=period_label(r.period),
                ),
                "fix",
                r.id,
            )
        ]
        for r in readings
    ]
    rows.append([button(texts.BUTTON_CANCEL, "no")])
    await reply(update, t.FIX_PICK, reply_markup=InlineKeyboardMarkup(rows))
    return State.FIX_PROPERTY


_FINAL_FIX_REFUSALS = frozenset(
    {Refusal.READING_NOT_FOUND, Refusal.ALREADY_SUPERSEDED, Refusal.CORRECTION_WINDOW}
)


# --- configuring -----------------------------------------------------------------------------


async def configure(update: Update, context: BotContext) -> Next:
    """ "Configurar": the meters there are, buttons to add more and to see each one."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    community = await Community.get(id=step.cid)
    summary = await domain.kind_summary(step.cid, _period(context))
    lines = [t.CONFIGURE_LINE.format(tipo=kind_label(s.kind), cantidad=s.total) for s in summary]
    rows = [
        [button(t.BUTTON_KIND.format(icono=t.KIND_ICONS[k], tipo=kind_label(k)), "ck", k.value)]
        for k in PROPERTY_KINDS
    ]
    rows.append([button(t.BUTTON_COMMON, "cc")])
    rows.append([button(t.BUTTON_METERS, "cm", 0)])
    rows.append([button(texts.BUTTON_CANCEL, "no")])
    await edit_or_reply(
        update,
        t.CONFIGURE.format(
            comunidad=esc(community.name), resumen="\n".join(lines) or t.CONFIGURE_EMPTY
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return State.CONFIG


def _new_kind(update: Update, draft: MeterDraft, raw: str | None = None) -> MeterKind | None:
    """The kind being added: from the button (`raw`) or the draft; only a property kind."""
    try:
        kind = MeterKind(raw if raw is not None else (draft.new_kind or ""))
    except ValueError:
        return None
    return kind if kind in PROPERTY_KINDS else None


def _kind_title(kind: MeterKind) -> dict[str, str]:
    return {"icono": t.KIND_ICONS[kind], "tipo": kind_label(kind)}


async def create_kind(update: Update, context: BotContext) -> Next:
    """A kind: for every property, or for some chosen ones?"""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    kind = _new_kind(update, step.draft, callback_arg(update))
    if kind is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    step.draft.new_kind = kind.value
    step.draft.chosen, step.draft.query, step.draft.page = [], "", 0
    step.draft.save(context)
    rows = [
        [button(t.BUTTON_ALL, "ca"), button(t.BUTTON_CHOOSE, "cp", 0)],
        [button(texts.BUTTON_CANCEL, "no")],
    ]
    await edit_or_reply(
        update, t.ASK_SCOPE.format(**_kind_title(kind)), reply_markup=InlineKeyboardMarkup(rows)
    )
    return State.SCOPE


async def _create(
    update: Update, context: BotContext, step: Step, property_ids: list[int] | None
) -> Next:
    kind = _new_kind(update, step.draft)
    if kind is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    try:
        made = await domain.create_meters(step.staff, step.cid, kind, property_ids=property_ids)
    except MeterRefused as refused:
        await alert(update, refusal_text(refused))
        return None
    MeterDraft.drop(context)
    await edit_or_reply(
        update,
        t.CREATED.format(tipo=kind_label(kind), creados=made.created, existentes=made.existing),
    )
    return END


async def create_all(update: Update, context: BotContext) -> Next:
    """ "Todos los inmuebles": one meter of the kind for every property of the community."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    return await _create(update, context, step, None)


async def _show_choice(update: Update, draft: MeterDraft, *, new: bool = False) -> None:
    """A page of the community's properties as ☐/☑ toggles (searched when a text was typed)."""
    kind = _new_kind(update, draft)
    assert kind is not None  # checked by every caller
    found = await search_properties(draft.cid, draft.query, page=draft.page, page_size=PAGE_SIZE)
    draft.page = found.page
    chosen = set(draft.chosen)
    lines = [t.ASK_PROPERTIES.format(elegidos=len(chosen), **_kind_title(kind))]
    if draft.query:
        lines.append(
            t.PROPERTIES_QUERY.format(busqueda=esc(draft.query), total=found.total)
            if found.total
            else t.PROPERTIES_NONE.format(busqueda=esc(draft.query))
        )
    if found.pages > 1:
        lines.append(texts.PAGE_OF.format(pagina=found.page + 1, paginas=found.pages))
    if found.pages > 1 or draft.query:
        lines.append(t.ASK_PROPERTIES_SEARCH)
    extra = [[button(t.BUTTON_DONE, "cd"), button(texts.BUTTON_CANCEL, "no")]]
    if draft.query:
        extra.insert(0, [button(t.BUTTON_CLEAR_SEARCH, "cq")])
    keyboard = picker(
        found,
        label=lambda p: (t.TOGGLE_ON if p.id in chosen else t.TOGGLE_OFF).format(nombre=p.name),
        choose=lambda p: NS.data("ct", p.id),
        turn=lambda number: NS.data("cp", number),
        extra=extra,
    )
    text = "\n".join(lines)
    if new:
        await reply(update, text, reply_markup=keyboard)
    else:
        await edit_or_reply(update, text, reply_markup=keyboard)


async def _choosing(update: Update, context: BotContext) -> Step | None:
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return None
    if _new_kind(update, step.draft) is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    return step


async def choice_page(update: Update, context: BotContext) -> Next:
    """ "Elegir inmuebles", a page turn, or "Cambiar inmuebles" from the review."""
    step = await _choosing(update, context)
    if step is None:
        return END if MeterDraft.load(context) is None else None
    page = callback_number(update)
    step.draft.page = page if page is not None else 0
    step.draft.save(context)
    await _show_choice(update, step.draft)
    step.draft.save(context)
    return State.CHOOSE


async def toggle_property(update: Update, context: BotContext) -> Next:
    """A ☐/☑ property: only one of the draft's community (a forged id is refused)."""
    step = await _choosing(update, context)
    if step is None:
        return END if MeterDraft.load(context) is None else None
    property_id = callback_id(update)
    found = (
        await get_property_in_community(step.cid, property_id) if property_id is not None else None
    )
    if found is None:
        await alert(update, t.PROPERTY_GONE)
        return None
    step.draft.chosen = sorted(set(step.draft.chosen) ^ {found.id})
    await _show_choice(update, step.draft)
    step.draft.save(context)
    return None


async def search_choice(update: Update, context: BotContext) -> Next:
    """A typed text while choosing: the properties that match it."""
    step = await _choosing(update, context)
    if step is None:
        return END if MeterDraft.load(context) is None else None
    step.draft.query, step.draft.page = clean_query(typed(update)), 0
    await _show_choice(update, step.draft, new=True)
    step.draft.save(context)
    return None


async def clear_choice_search(update: Update, context: BotContext) -> Next:
    """ "Quitar búsqueda": every property again."""
    step = await _choosing(update, context)
    if step is None:
        return END if MeterDraft.load(context) is None else None
    step.draft.query, step.draft.page = "", 0
    await _show_choice(update, step.draft)
    step.draft.save(context)
    return None


async def choice_not_text(update: Update, context: BotContext) -> None:
    """Something else than a search while choosing."""
    await reply(update, t.ASK_PROPERTIES_SEARCH)


async def choice_done(update: Update, context: BotContext) -> Next:
    """ "Listo": the review of what will be created."""
    step = await _choosing(update, context)
    if step is None:
        return END if MeterDraft.load(context) is None else None
    kind = _new_kind(update, step.draft)
    assert kind is not None
    names = await domain.property_names(step.cid, step.draft.chosen)
    if not names:
        await alert(update, t.PICK_ONE_PROPERTY)
        return None
    shown = [f"• {esc(n)}" for n in names[:REVIEW_SHOWN]]
    if len(names) > REVIEW_SHOWN:
        shown.append(t.REVIEW_MORE.format(mas=len(names) - REVIEW_SHOWN))
    text = t.REVIEW.format(
        unidad=t.UNIT_LABELS[domain.DEFAULT_UNIT[kind]],
        cantidad=len(names),
        inmuebles="\n".join(shown),
        **_kind_title(kind),
    )
    keyboard = confirm_keyboard(
        button(t.BUTTON_SAVE, "cs"),
        button(texts.BUTTON_CANCEL, "no"),
        extra=[[button(t.BUTTON_EDIT_CHOICE, "cp", step.draft.page)]],
    )
    await edit_or_reply(update, text, reply_markup=keyboard)
    return State.REVIEW


async def save_choice(update: Update, context: BotContext) -> Next:
    """ "Guardar": the kind for the chosen properties (the domain checks them again)."""
    step = await _choosing(update, context)
    if step is None:
        return END if MeterDraft.load(context) is None else None
    if not step.draft.chosen:
        await alert(update, t.PICK_ONE_PROPERTY)
        return None
    return await _create(update, context, step, list(step.draft.chosen))


# --- configuring: a meter's card -------------------------------------------------------------


def _meter_title(meter: domain.Meter) -> dict[str, str]:
    return {"inmueble": esc(domain.place_of(meter)), "tipo": kind_label(meter.kind)}


async def list_meters(update: Update, context: BotContext) -> Next:
    """ "Ver medidores" or a page turn: every meter of the community, by property."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    page = callback_number(update)
    step.draft.page = page if page is not None else 0
    await _show_meters(update, context, step)
    return State.METERS


async def search_meters(update: Update, context: BotContext) -> Next:
    """A typed text on the meters' list: those of the matching properties."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    step.draft.query, step.draft.page = clean_query(typed(update)), 0
    await _show_meters(update, context, step, new=True)
    return None


async def _show_meters(
    update: Update, context: BotContext, step: Step, *, new: bool = False
) -> None:
    community = await Community.get(id=step.cid)
    meters = await domain.configured_meters(step.cid)
    words = step.draft.query.lower().split()
    if words:
        meters = [m for m in meters if all(w in domain.place_of(m).lower() for w in words)]
    shown = paginate(meters, step.draft.page, PAGE_SIZE)
    step.draft.page = shown.page
    step.draft.save(context)
    lines = [t.METERS_LIST.format(comunidad=esc(community.name), total=shown.total)]
    if step.draft.query:
        lines.append(
            t.METERS_QUERY.format(busqueda=esc(step.draft.query), total=shown.total)
            if shown.total
            else t.PROPERTIES_NONE.format(busqueda=esc(step.draft.query))
        )
    elif not meters:
        lines.append(t.METERS_EMPTY)
    if shown.pages > 1:
        lines.append(texts.PAGE_OF.format(pagina=shown.page + 1, paginas=shown.pages))
    if shown.pages > 1 or step.draft.query:
        lines.append(t.METERS_SEARCH)
    keyboard = picker(
        shown,
        label=lambda m: t.METER_BUTTON.format(
            inmueble=domain.place_of(m),
            tipo=kind_label(m.kind),
            estado="" if m.active else t.METER_INACTIVE_MARK,
        ),
        choose=lambda m: NS.data("mc", m.id),
        turn=lambda number: NS.data("cm", number),
        columns=1,
        extra=[[button(texts.BUTTON_CANCEL, "no")]],
    )
    text = "\n".join(lines)
    if new:
        await reply(update, text, reply_markup=keyboard)
    else:
        await edit_or_reply(update, text, reply_markup=keyboard)


async def _card_step(
    update: Update, context: BotContext, meter_id: int | None
) -> tuple[Step, domain.Meter] | None:
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return None
    try:
        meter = await domain.configured_meter(step.cid, meter_id)
    except MeterRefused as refused:
        await alert(update, refusal_text(refused))
        return None
    step.draft.card_id = meter.id
    step.draft.save(context)
    return step, meter


def _card_text(meter: domain.Meter) -> str:
    return t.METER_CARD.format(
        unidad=t.UNIT_LABELS[meter.unit],
        serie=esc(meter.serial) if meter.serial else t.NO_SERIAL,
        estado=t.STATE_ACTIVE if meter.active else t.STATE_INACTIVE,
        **_meter_title(meter),
    )


def _card_keyboard(step: Step, meter: domain.Meter) -> InlineKeyboardMarkup:
    first = [button(t.BUTTON_SERIAL, "ms")]
    if meter.active:
        first.append(button(t.BUTTON_DEACTIVATE, "md"))
    return InlineKeyboardMarkup(
        [
            first,
            [button(t.BUTTON_BACK_TO_METERS, "cm", step.draft.page)],
            [button(texts.BUTTON_CANCEL, "no")],
        ]
    )


async def meter_card(update: Update, context: BotContext) -> Next:
    """A meter: its serial number and state, "Número de serie", "Desactivar"."""
    found = await _card_step(update, context, callback_id(update))
    if found is None:
        return END if MeterDraft.load(context) is None else None
    step, meter = found
    await edit_or_reply(update, _card_text(meter), reply_markup=_card_keyboard(step, meter))
    return State.CARD


async def ask_serial(update: Update, context: BotContext) -> Next:
    """ "Número de serie": type it, or "Quitar"."""
    draft = MeterDraft.load(context)
    found = await _card_step(update, context, draft.card_id if draft else None)
    if found is None:
        return END if MeterDraft.load(context) is None else None
    _, meter = found
    await edit_or_reply(
        update,
        t.ASK_SERIAL.format(max=domain.MAX_SERIAL, **_meter_title(meter)),
        reply_markup=InlineKeyboardMarkup(
            [[button(t.BUTTON_CLEAR_SERIAL, "mq"), button(texts.BUTTON_CANCEL, "no")]]
        ),
    )
    return State.SERIAL


async def _set_serial(update: Update, context: BotContext, raw: str | None) -> Next:
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    try:
        meter = await domain.set_serial(step.staff, step.cid, step.draft.card_id or 0, raw)
    except MeterRefused as refused:
        if refused.reason is Refusal.METER_NOT_FOUND:
            MeterDraft.drop(context)
            await edit_or_reply(update, refusal_text(refused))
            return END
        await reply(update, refusal_text(refused))
        return None
    meter = await domain.configured_meter(step.cid, meter.id)
    MeterDraft.drop(context)
    done = (
        t.SERIAL_SAVED.format(serie=esc(meter.serial), **_meter_title(meter))
        if meter.serial
        else t.SERIAL_CLEARED.format(**_meter_title(meter))
    )
    await edit_or_reply(update, done)
    return END


async def serial_typed(update: Update, context: BotContext) -> Next:
    """The serial number typed: validated and saved."""
    return await _set_serial(update, context, typed(update))


async def clear_serial(update: Update, context: BotContext) -> Next:
    """ "Quitar": the meter without a serial number."""
    return await _set_serial(update, context, None)


async def serial_not_text(update: Update, context: BotContext) -> None:
    """Something else where the serial number was expected."""
    await reply(update, t.EXPECTED_SERIAL)


async def ask_deactivate(update: Update, context: BotContext) -> Next:
    """ "Desactivar": asked once more."""
    draft = MeterDraft.load(context)
    found = await _card_step(update, context, draft.card_id if draft else None)
    if found is None:
        return END if MeterDraft.load(context) is None else None
    step, meter = found
    keyboard = confirm_keyboard(
        button(t.BUTTON_CONFIRM_DEACTIVATE, "mdy"),
        button(texts.BUTTON_CANCEL, "no"),
        extra=[[button(t.BUTTON_BACK_TO_METERS, "cm", step.draft.page)]],
    )
    await edit_or_reply(
        update, t.ASK_DEACTIVATE.format(**_meter_title(meter)), reply_markup=keyboard
    )
    return State.CARD


async def deactivate(update: Update, context: BotContext) -> Next:
    """ "Sí, desactivar": the meter leaves the rounds (its readings stay)."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    try:
        meter = await domain.deactivate_meter(step.staff, step.cid, step.draft.card_id or 0)
        meter = await domain.configured_meter(step.cid, meter.id)
    except MeterRefused as refused:
        MeterDraft.drop(context)
        await edit_or_reply(update, refusal_text(refused))
        return END
    MeterDraft.drop(context)
    await edit_or_reply(update, t.DEACTIVATED.format(**_meter_title(meter)))
    return END


async def ask_common(update: Update, context: BotContext) -> Next:
    """ "Medidor común": its name."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    await edit_or_reply(update, t.ASK_COMMON_NAME)
    return State.COMMON_NAME


async def common_typed(update: Update, context: BotContext) -> Next:
    """The common meter's name: created."""
    step = await _step(update, context, Action.MANAGE_METERS)
    if step is None:
        return END
    try:
        meter = await domain.create_common_meter(step.staff, step.cid, typed(update))
    except MeterRefused as refused:
        await reply(update, refusal_text(refused))
        return None
    MeterDraft.drop(context)
    await reply(update, t.COMMON_CREATED.format(nombre=esc(meter.name)))
    return END


async def name_not_text(update: Update, context: BotContext) -> None:
    """Something else where the common meter's name was expected."""
    await reply(update, t.ASK_COMMON_NAME)


# --- export ----------------------------------------------------------------------------------


async def ask_month(update: Update, context: BotContext) -> Next:
    """ "Exportar": which month."""
    step = await _step(update, context, Action.EXPORT_METER_READINGS)
    if step is None:
        return END
    periods = [_period(context)]
    for period in await domain.periods_with_readings(step.cid, limit=EXPORT_MONTHS):
        if period not in periods:
            periods.append(period)
    rows = [
        [button(period_label(p), "em", f"{p.year:04d}{p.month:02d}")]
        for p in sorted(periods, reverse=True)[:EXPORT_MONTHS]
    ]
    rows.append([button(texts.BUTTON_CANCEL, "no")])
    await edit_or_reply(update, t.EXPORT_ASK, reply_markup=InlineKeyboardMarkup(rows))
    return State.EXPORT


async def export_month(update: Update, context: BotContext) -> Next:
    """A month: the XLSX of its readings, sent as a document."""
    step = await _step(update, context, Action.EXPORT_METER_READINGS)
    if step is None:
        return END
    raw = callback_arg(update)
    try:
        period = date(int(raw[:4]), int(raw[4:6]), 1)
    except ValueError:
        await alert(update, texts.STALE_BUTTON)
        return None
    export = await domain.export_period(step.staff, step.cid, period)
    community = export.community
    data = build_xlsx(export, context.deps.clock.zone)
    MeterDraft.drop(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
    chat = update.effective_chat
    if chat is not None:
        name = t.EXPORT_FILENAME.format(
            codigo=step.cid, periodo=f"{period.year:04d}-{period.month:02d}"
        )
        await chat.send_document(
            InputFile(io.BytesIO(data), filename=name),
            caption=t.EXPORT_CAPTION.format(
                periodo=period_label(period),
                comunidad=esc(community.name),
                leidas=len(export.rows),
                faltan=len(export.missing),
            ),
        )
    log.info("meters: export community=%s period=%s", step.cid, period.isoformat())
    return END


# --- wiring ----------------------------------------------------------------------------------


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    round_buttons = [
        on(skip, "skip"),
        on(end_round, "end"),
        on(ask_fix, "fix"),
        on(meter_change, "chg"),
        on(jump_confirmed, "jok"),
        on(retype, "retype"),
    ]
    conversation = flow(
        "meters",
        config=config,
        entry_points=[CommandHandler("lecturas", start)],
        states={
            State.MENU: [
                on(kind_chosen, "k"),
                on(configure, "cfg"),
                on(ask_month, "exp"),
                on(ask_fix_property, "cor"),
            ],
            State.READING: [
                MessageHandler(filters.PHOTO, photo_received),
                MessageHandler(TYPED, value_typed),
                MessageHandler(NOT_TYPED, not_a_value),
                *round_buttons,
            ],
            State.REASON: [
                MessageHandler(TYPED, reason_typed),
                MessageHandler(NOT_TYPED, reason_not_text),
                *round_buttons,
            ],
            State.FIX: [
                MessageHandler(TYPED, fix_typed),
                MessageHandler(NOT_TYPED, not_a_value),
                *round_buttons,
            ],
            State.FIX_REASON: [
                MessageHandler(TYPED, fix_reason_typed),
                MessageHandler(NOT_TYPED, fix_reason_not_text),
                *round_buttons,
            ],
            State.FIX_PROPERTY: [
                MessageHandler(TYPED, fix_property_typed),
                MessageHandler(NOT_TYPED, fix_property_not_text),
                on(ask_fix, "fix"),
            ],
            State.CONFIG: [on(create_kind, "ck"), on(ask_common, "cc"), on(list_meters, "cm")],
            State.SCOPE: [on(create_all, "ca"), on(choice_page, "cp")],
            State.CHOOSE: [
                on(toggle_property, "ct"),
                on(choice_page, "cp"),
                on(clear_choice_search, "cq"),
                on(choice_done, "cd"),
                MessageHandler(TYPED, search_choice),
                MessageHandler(NOT_TYPED, choice_not_text),
            ],
            State.REVIEW: [on(save_choice, "cs"), on(choice_page, "cp")],
            State.METERS: [
                on(list_meters, "cm"),
                on(meter_card, "mc"),
                MessageHandler(TYPED, search_meters),
            ],
            State.CARD: [
                on(ask_serial, "ms"),
                on(ask_deactivate, "md"),
                on(deactivate, "mdy"),
                on(list_meters, "cm"),
            ],
            State.SERIAL: [
                MessageHandler(TYPED, serial_typed),
                MessageHandler(NOT_TYPED, serial_not_text),
                on(clear_serial, "mq"),
            ],
            State.COMMON_NAME: [
                MessageHandler(TYPED, common_typed),
                MessageHandler(NOT_TYPED, name_not_text),
            ],
            State.EXPORT: [on(export_month, "em")],
        },
        extra_fallbacks=[on(drop, "no")],
    )
    return [conversation]


MENU: tuple[MenuEntry, ...] = (MenuEntry("lecturas", t.CMD_METERS, Action.RECORD_METER_READING),)
