"""/inmuebles, "Importar inmuebles": a CSV or XLSX sent as a document, and the report.

The domain (`models.property_file`, `models.property_import`) refuses with codes and data;
the functions here turn them into Spanish, for the chat and for the command line
(`conserjeria import-properties`).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from conversations.properties.common import PRP, ListView, Step
from handlers import texts
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft, drop_draft
from handlers.kit.guards import current_community, permit, staff_of
from handlers.kit.replies import cut, esc, reply
from handlers.texts import properties as t
from models.permissions import Action, NotAllowed
from models.property_file import MAX_FILE_BYTES, ArchiveLimit, FileProblem, ImportRefused
from models.property_import import (
    ImportOutcome,
    ImportReport,
    Problem,
    Rejection,
    RejectReason,
    import_properties,
)

log = logging.getLogger(__name__)

MAX_REJECTED_SHOWN = 30
REPORT_BUDGET = 3800  # characters of HTML; Telegram refuses a message over 4,096
FILE_NAME_SHOWN = 80
COLUMN_SHOWN = 40  # an ignored header, as the file had it
MAX_COLUMNS_NAMED = 10
REASON_SHOWN = 200  # why one row was rejected (it quotes cells and names)
MAX_ROWS_NAMED = 10  # a property repeated on many rows names the first ten


# --- the domain's codes in Spanish (plain text: the chat escapes it) -------------------------


def size_label(size: int) -> str:
    """Bytes as people read a file's weight: "2,5 MB"."""
    tenths = math.ceil(size * 10 / (1024 * 1024))  # rounded up: 2 MB and a byte is not "2,0"
    return f"{tenths // 10},{tenths % 10} MB"


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def refusal_text(refused: ImportRefused) -> str:
    """Why the whole file was refused."""
    data = refused.data
    detail = ""
    if refused.problem is FileProblem.TOO_LARGE:
        detail = size_label(_int(data.get("size")))
    elif refused.problem is FileProblem.TOO_MANY_ROWS:
        detail = t.IMPORT_ROWS_OVER.format(n=_thousands(_int(data.get("limit"))))
    elif refused.problem is FileProblem.UNREADABLE:
        detail = t.UNREADABLE_DETAILS[str(data.get("detail"))]
    elif refused.problem is FileProblem.DUPLICATE_COLUMN:
        detail = str(data.get("column", ""))
    elif refused.problem is FileProblem.ARCHIVE_TOO_LARGE:
        kind = ArchiveLimit(str(data.get("detail")))
        limit = _int(data.get("limit"))
        shown = size_label(limit) if kind is ArchiveLimit.UNPACKED_SIZE else _thousands(limit)
        detail = t.ARCHIVE_DETAILS[kind].format(limite=shown)
    elif refused.problem is FileProblem.CELL_TOO_LONG:
        detail = t.CELL_TOO_LONG_DETAIL.format(
            fila=_int(data.get("row")), limite=_thousands(_int(data.get("limit")))
        )
    return t.FILE_PROBLEMS[refused.problem].format(valor=detail)


def _problem_text(problem: Problem) -> str:
    value = problem.cell
    if problem.reason is RejectReason.NAME_TOO_LONG:
        value = str(problem.limit)
    elif problem.reason in (RejectReason.DUPLICATE, RejectReason.REPEATED):
        value = ", ".join(str(n) for n in problem.rows[:MAX_ROWS_NAMED])
        if len(problem.rows) > MAX_ROWS_NAMED:
            value += "…"
    elif problem.reason is RejectReason.AMBIGUOUS:
        value = ", ".join(problem.names)
    return t.REJECT_REASONS[problem.reason].format(valor=value)


def rejection_text(rejection: Rejection) -> str:
    """Every reason a row was rejected, in one line."""
    return t.REJECT_JOIN.join(_problem_text(p) for p in rejection.problems)


def report_text(report: ImportReport) -> str:
    """The chat's report (HTML): counts, ignored columns, the first rejected rows."""
    outcome = report.outcome
    title = {
        ImportOutcome.CHANGED: t.IMPORT_DONE_TITLE,
        ImportOutcome.ALL_REJECTED: t.IMPORT_ALL_REJECTED_TITLE,
    }.get(outcome, t.IMPORT_NO_CHANGES_TITLE)
    lines = [
        title.format(comunidad=esc(report.community_name)),
        t.IMPORT_FILE.format(archivo=cut(report.filename, FILE_NAME_SHOWN), filas=report.rows),
        t.IMPORT_COUNTS.format(
            creados=len(report.created),
            actualizados=len(report.updated),
            sin_cambios=len(report.unchanged),
            rechazadas=len(report.rejected),
        ),
    ]
    if report.changed:
        lines.append(
            t.IMPORT_DETAILS.format(
                correos=report.residents_added,
                roles=report.roles_changed,
                celulares=report.mobiles_set,
            )
        )
    else:
        lines.append(t.IMPORT_OUTCOME_NOTES[outcome])
    if report.ignored_columns:
        named = report.ignored_columns[:MAX_COLUMNS_NAMED]
        columns = ", ".join(cut(c, COLUMN_SHOWN) for c in named)
        more = len(report.ignored_columns) - len(named)
        if more > 0:
            columns += t.IMPORT_IGNORED_MORE.format(n=more)
        lines.append(t.IMPORT_IGNORED_COLUMNS.format(columnas=columns))
    if report.rejected:
        lines.append(t.IMPORT_REJECTED_TITLE)
        used = len("\n".join(lines))
        shown = 0
        for rejection in report.rejected[:MAX_REJECTED_SHOWN]:
            row = t.IMPORT_REJECTED_ROW.format(
                fila=rejection.row, motivo=cut(rejection_text(rejection), REASON_SHOWN)
            )
            if used + 1 + len(row) > REPORT_BUDGET:
                break  # one message: the rest are counted below
            lines.append(row)
            used += 1 + len(row)
            shown += 1
        hidden = len(report.rejected) - shown
        if hidden > 0:
            lines.append(t.IMPORT_REJECTED_MORE.format(n=hidden))
    return "\n".join(lines)


# --- the flow --------------------------------------------------------------------------------


@dataclass
class ImportFile(Draft):
    """The community the next document is imported into."""

    KIND: ClassVar[str] = "prp_import"
    community_id: int


async def ask_import(update: Update, context: BotContext) -> object:
    """ "Importar inmuebles": ask for the CSV or XLSX file, as a document."""
    community = await current_community(context)
    if not await permit(
        update, context, Action.MANAGE_PROPERTIES, community.id if community else None
    ):
        return END
    assert community is not None  # permit() refuses without a community
    ImportFile(community.id).save(context)
    await reply(update, t.IMPORT_ASK.format(comunidad=esc(community.name)))
    return Step.IMPORT


async def _refuse_file(update: Update, refused: ImportRefused) -> None:
    await reply(
        update,
        t.IMPORT_REFUSED.format(motivo=esc(refusal_text(refused))) + "\n" + t.IMPORT_SEND_ANOTHER,
    )


async def receive_file(update: Update, context: BotContext) -> object:
    """The file: import it into the community and report created, updated, rejected rows."""
    message = update.effective_message
    draft = ImportFile.load(context)
    staff = staff_of(context)
    if message is None or message.document is None or draft is None or staff is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    community_id = draft.community_id
    if not await permit(update, context, Action.MANAGE_PROPERTIES, community_id):
        drop_draft(context)
        return END
    document = message.document
    size = document.file_size
    if size is not None and size > MAX_FILE_BYTES:
        too_large = ImportRefused(FileProblem.TOO_LARGE, size=size, limit=MAX_FILE_BYTES)
        await _refuse_file(update, too_large)
        return None
    await message.reply_chat_action(ChatAction.TYPING)
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        log.warning("could not download a property import", exc_info=True)
        await reply(update, t.IMPORT_DOWNLOAD_FAILED)
        return None
    try:
        report = await import_properties(community_id, data, document.file_name or "", actor=staff)
    except ImportRefused as refused:
        await _refuse_file(update, refused)
        return None
    except NotAllowed as denied:
        drop_draft(context)
        await reply(update, texts.DENIALS[denied.reason] if denied.reason else texts.STALE_BUTTON)
        return END
    drop_draft(context)
    ListView(community_id).save(context)
    await reply(
        update,
        report_text(report),
        reply_markup=InlineKeyboardMarkup([[PRP.button(t.BUTTON_SHOW_LIST, "pg", 0)]]),
    )
    return END


async def file_expected(update: Update, context: BotContext) -> None:
    """Text or a photo where the file was expected."""
    await reply(update, t.IMPORT_EXPECTED_DOCUMENT)
