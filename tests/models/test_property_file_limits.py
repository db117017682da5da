"""An import file cannot make the bot unpack or hold more than a property list needs.

Issue 12 item 3: a 1.5 MB XLSX that unpacks to 1.5 GB drove `read_table` to GBs of memory.
The bomb is built on the fly (bench/import_bomb.py), smaller here: the ratio bound catches it.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from bench.import_bomb import xlsx_bomb
from conversations.properties.importing import refusal_text
from models import property_file
from models.property_file import (
    MAX_CELL_CHARS,
    ArchiveLimit,
    FileProblem,
    ImportRefused,
    read_table,
)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refusal(data: bytes, name: str = "inmuebles.xlsx") -> ImportRefused:
    with pytest.raises(ImportRefused) as refused:
        read_table(data, name)
    return refused.value


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = xlsx_bomb(24 * 1024 * 1024)
    assert len(bomb) < property_file.MAX_FILE_BYTES  # it passes the upload limit
    tracemalloc.start()
    try:
        refused = _refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.problem is FileProblem.ARCHIVE_TOO_LARGE
    assert refused.data == {
        "detail": ArchiveLimit.RATIO,
        "limit": property_file.MAX_COMPRESSION_RATIO,
    }
    assert peak < 4 * 1024 * 1024  # nothing of the 24 MB sheet was unpacked
    assert refusal_text(refused) == (
        "El XLSX es demasiado grande por dentro: está comprimido más de 100 veces, algo que "
        "una planilla normal no hace. Guárdalo de nuevo solo con las columnas de inmuebles, "
        "o envíalo como CSV."
    )


def test_the_summed_unpacked_size_and_the_member_count_are_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _xlsx([["inmueble"], ["Depto 1"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    unpacked = sum(m.file_size for m in members)
    monkeypatch.setattr(property_file, "MAX_UNPACKED_BYTES", unpacked - 1)
    refused = _refusal(data)
    assert refused.data == {"detail": ArchiveLimit.UNPACKED_SIZE, "limit": unpacked - 1}
    monkeypatch.setattr(property_file, "MAX_UNPACKED_BYTES", unpacked)
    ((row, cells),) = read_table(data, "x.xlsx").records
    assert (row, cells[0]) == (2, "Depto 1")
    monkeypatch.setattr(property_file, "MAX_ARCHIVE_MEMBERS", len(members) - 1)
    refused = _refusal(data)
    assert refused.data == {"detail": ArchiveLimit.MEMBERS, "limit": len(members) - 1}
    assert "contiene más de" in refusal_text(refused)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_cell_too_long_is_refused_naming_its_row(kind: str) -> None:
    long_cell = "a" * (MAX_CELL_CHARS + 1)
    if kind == "xlsx":
        data = _xlsx(
            [
                ["inmueble", "correos_secundarios"],
                ["Depto 1", "x@example.com"],
                ["Depto 2", long_cell],
            ]
        )
    else:
        data = f"inmueble;correos_secundarios\nDepto 1;x@example.com\nDepto 2;{long_cell}\n"
        data = data.encode()
    refused = _refusal(data, f"inmuebles.{kind}")
    assert refused.problem is FileProblem.CELL_TOO_LONG
    assert refused.data == {"row": 3, "limit": MAX_CELL_CHARS}
    assert refusal_text(refused) == (
        "La fila 3 tiene una celda de más de 2.000 caracteres. Revisa esa fila y envía el "
        "archivo de nuevo."
    )
    fits = "a" * MAX_CELL_CHARS
    ((row, cells),) = read_table(_xlsx([["inmueble"], [fits]]), "x.xlsx").records
    assert (row, cells[0]) == (2, fits)
