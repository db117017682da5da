"""Meter readings in the chat: numbers the Chilean way, labels, refusals and the XLSX export."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from handlers import texts
from handlers.kit.replies import esc
from handlers.texts import meters as t
from models.meters import MeterKind, MeterRefused, PeriodExport


def format_value(value: Decimal | None) -> str:
    """1234.5 → "1.234,5" (dots for thousands, decimal comma, no trailing zeros)."""
    if value is None:
        return "—"
    normal = value.normalize()
    text = f"{normal:f}"
    integer, _, decimals = text.partition(".")
    sign = "-" if integer.startswith("-") else ""
    digits = integer.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    grouped = sign + ".".join(groups)
    return f"{grouped},{decimals}" if decimals else grouped


def kind_label(kind: MeterKind | str) -> str:
    return t.KIND_LABELS[MeterKind(kind)]


def period_label(period: date) -> str:
    return texts.month_label(period)


def refusal_text(refused: MeterRefused, typed: str = "") -> str:
    """The Spanish message of a refusal (the typed text shortened and escaped)."""
    template = t.REFUSALS[refused.reason]
    return template.format(max=refused.data.get("max", ""), texto=esc(typed[:30]))


def build_xlsx(export: PeriodExport, zone: ZoneInfo) -> bytes:
    """The period's readings (one sheet) and the meters without one (another sheet)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = t.EXPORT_SHEET
    sheet.append(list(t.EXPORT_HEADERS))
    for row in export.rows:
        reasons = [r for r in (row.change_reason, row.correction_reason) if r]
        sheet.append(
            [
                row.property_name,
                row.meter_name
                if row.kind == MeterKind.COMMON and row.meter_name
                else kind_label(row.kind),
                t.UNIT_LABELS[row.unit],
                row.serial or "",
                None if row.previous is None else float(row.previous),
                float(row.current),
                None if row.consumption is None else float(row.consumption),
                row.read_at.astimezone(zone).replace(tzinfo=None),
                row.author,
                ", ".join(t.FLAG_LABELS[f] for f in row.flags),
                " / ".join(reasons),
            ]
        )
    for cell in sheet["H"][1:]:
        cell.number_format = "dd-mm-yyyy hh:mm"
    missing = book.create_sheet(t.EXPORT_MISSING_SHEET)
    missing.append(list(t.EXPORT_MISSING_HEADERS))
    for gap in export.missing:
        label = (
            gap.meter_name
            if gap.kind == MeterKind.COMMON and gap.meter_name
            else kind_label(gap.kind)
        )
        missing.append([gap.property_name, label])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
