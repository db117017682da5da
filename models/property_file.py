"""Reading a property import file: a CSV or XLSX as a header and rows (SPEC §4.7).

The file: a header row, then one row per property. Headers are matched ignoring case, accents,
spaces and hyphens ("Correo principal" ≡ ``correo_principal``); unknown columns are ignored
(and reported). Columns:

- ``inmueble`` (required): the property's name, e.g. "Depto 101";
- ``correo_principal``: one e-mail, the principal resident;
- ``correos_secundarios`` (or ``correo_secundario``): e-mails separated by ``;``, ``,`` or spaces;
- ``celular``: a Chilean mobile as people type it (stored ``+569XXXXXXXX``).

CSV: UTF-8 with or without BOM (a file that is not UTF-8 is read as Windows-1252, what Excel in
Spanish saves), delimiter ``,`` or ``;`` sniffed from the header row. XLSX: the first sheet, cell
values only (formulas as their last computed value). Limits: 2 MB, 5,000 property rows,
`MAX_CELL_CHARS` per cell; an XLSX is a zip, so before it is parsed its members are checked
(`check_archive`): their summed unpacked size, their number and their compression ratio — a
small file that unpacks to gigabytes (a zip bomb) is refused without being unpacked.

A file that cannot be read at all raises `ImportRefused` with a `FileProblem` and its data.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from models.errors import DomainError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_PHYSICAL_ROWS = 4 * MAX_ROWS  # blank rows included: a sheet formatted down to row 1,048,576
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2_000  # a cell of e-mails for a whole family fits many times over
# An XLSX of 5,000 rows × 50 columns unpacks to a few tens of MB; Excel compresses ~5-20×.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR_BYTES = 1024 * 1024  # small members (styles, themes) may compress better

NAME = "inmueble"
PRINCIPAL = "correo_principal"
SECONDARIES = "correos_secundarios"
MOBILE = "celular"
COLUMN_ALIASES: dict[str, str] = {
    "inmueble": NAME,
    "correo_principal": PRINCIPAL,
    "correos_secundarios": SECONDARIES,
    "correo_secundario": SECONDARIES,
    "celular": MOBILE,
}
COLUMNS = (NAME, PRINCIPAL, SECONDARIES, MOBILE)

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_NON_WORD = re.compile(r"[^0-9a-z]+")


class FileProblem(StrEnum):
    """Why a whole file was refused (nothing imported)."""

    TOO_LARGE = "too_large"
    TOO_MANY_ROWS = "too_many_rows"
    UNREADABLE = "unreadable"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    EMPTY = "empty"
    CONFLICT = "conflict"
    ARCHIVE_TOO_LARGE = "archive_too_large"
    CELL_TOO_LONG = "cell_too_long"


class ArchiveLimit(StrEnum):
    """Which bound of an XLSX's zip was exceeded (the data of `FileProblem.ARCHIVE_TOO_LARGE`)."""

    UNPACKED_SIZE = "unpacked_size"
    MEMBERS = "members"
    RATIO = "ratio"


class Unreadable(StrEnum):
    """Why a file could not be read as a table (the data of `FileProblem.UNREADABLE`)."""

    NOT_TABLE = "not_table"
    OLD_XLS = "old_xls"
    BROKEN_XLSX = "broken_xlsx"
    NO_SHEET = "no_sheet"


class ImportRefused(DomainError):
    """The file cannot be imported at all (nothing was imported).

    `problem` says why; `data` holds what explains it: ``size`` and ``limit`` (bytes) for
    TOO_LARGE, ``limit`` (rows) for TOO_MANY_ROWS, ``detail`` (an `Unreadable`) for UNREADABLE,
    ``column`` for DUPLICATE_COLUMN, ``detail`` (an `ArchiveLimit`) and its ``limit`` for
    ARCHIVE_TOO_LARGE, ``row`` and ``limit`` (characters) for CELL_TOO_LONG.
    """

    def __init__(self, problem: FileProblem, **data: object) -> None:
        super().__init__(problem.value, data)
        self.problem = problem


# --- reading the file ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """The header (as written) and the data records with their row numbers."""

    header: tuple[str, ...]
    header_row: int
    records: tuple[tuple[int, tuple[str, ...]], ...]


def fold(text: str) -> str:
    """Case- and accent-insensitive form ("Díaz" ≡ "diaz")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def column_key(header: str) -> str:
    """ "Correos secundarios" → ``correos_secundarios``."""
    return _NON_WORD.sub("_", fold(header)).strip("_")


def name_key(name: str) -> str:
    """How a property's name is matched: case, accents and repeated spaces ignored."""
    return " ".join(fold(name).split())


def _cell_text(value: object, row: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value)
    if len(text) > MAX_CELL_CHARS:  # before splitting: no copies of a huge cell
        raise ImportRefused(FileProblem.CELL_TOO_LONG, row=row, limit=MAX_CELL_CHARS)
    return " ".join(text.split())


def _blank(cells: Sequence[str]) -> bool:
    return not any(cells)


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.NOT_TABLE)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.NOT_TABLE) from exc


def sniff_delimiter(header_line: str) -> str:
    """`;` when the header row has more of them than commas (Excel in Spanish), else `,`."""
    try:
        dialect = csv.Sniffer().sniff(header_line, delimiters=",;")
    except csv.Error:
        return ";" if header_line.count(";") > header_line.count(",") else ","
    return dialect.delimiter


def _csv_records(data: bytes) -> Iterator[tuple[int, tuple[str, ...]]]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first))
    try:
        for number, record in enumerate(reader, start=1):
            yield number, tuple(_cell_text(c, number) for c in record[:MAX_COLUMNS])
    except csv.Error as exc:
        raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.NOT_TABLE) from exc


def check_archive(data: bytes) -> None:
    """Refuse an XLSX whose zip would unpack too much, before anything is unpacked.

    The sizes come from the zip's central directory; `zipfile` never unpacks more than a
    member declares, so a lying header cannot get past these bounds either.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.BROKEN_XLSX) from exc
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise _archive_refused(ArchiveLimit.MEMBERS, MAX_ARCHIVE_MEMBERS)
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise _archive_refused(ArchiveLimit.UNPACKED_SIZE, MAX_UNPACKED_BYTES)
    for member in members:
        packed = max(member.compress_size, 1)
        if (
            member.file_size > _RATIO_FLOOR_BYTES
            and member.file_size > packed * MAX_COMPRESSION_RATIO
        ):
            raise _archive_refused(ArchiveLimit.RATIO, MAX_COMPRESSION_RATIO)


def _archive_refused(detail: ArchiveLimit, limit: int) -> ImportRefused:
    return ImportRefused(FileProblem.ARCHIVE_TOO_LARGE, detail=detail, limit=limit)


def _xlsx_records(data: bytes) -> Iterator[tuple[int, tuple[str, ...]]]:
    from openpyxl import load_workbook

    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.BROKEN_XLSX) from exc
    try:
        if not workbook.worksheets:
            raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.NO_SHEET)
        sheet = workbook.worksheets[0]
        try:
            rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            for number, values in enumerate(rows, start=1):
                yield number, tuple(_cell_text(v, number) for v in values)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
            raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.BROKEN_XLSX) from exc
    finally:
        workbook.close()


def _is_xlsx(data: bytes, filename: str) -> bool:
    if data.startswith(_XLSX_MAGIC):
        return True
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.BROKEN_XLSX)
    return False


def read_table(data: bytes, filename: str = "") -> Table:
    """The header and the non-blank records of a CSV or XLSX file (the format by content).

    Raises `ImportRefused` for a file over the limits, unreadable, or without a header.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(FileProblem.TOO_LARGE, size=len(data), limit=MAX_FILE_BYTES)
    if data.startswith(_OLE_MAGIC):
        raise ImportRefused(FileProblem.UNREADABLE, detail=Unreadable.OLD_XLS)
    source = _xlsx_records(data) if _is_xlsx(data, filename) else _csv_records(data)
    header: tuple[str, ...] | None = None
    header_row = 0
    records: list[tuple[int, tuple[str, ...]]] = []
    for number, cells in source:
        if number > MAX_PHYSICAL_ROWS:
            raise ImportRefused(FileProblem.TOO_MANY_ROWS, limit=MAX_PHYSICAL_ROWS)
        if _blank(cells):
            continue
        if header is None:
            header, header_row = cells, number
            continue
        records.append((number, cells))
        if len(records) > MAX_ROWS:
            raise ImportRefused(FileProblem.TOO_MANY_ROWS, limit=MAX_ROWS)
    if header is None:
        raise ImportRefused(FileProblem.EMPTY)
    return Table(header=header, header_row=header_row, records=tuple(records))


def map_columns(header: Sequence[str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Which position holds each known column, and the headers that were ignored."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        column = COLUMN_ALIASES.get(column_key(title))
        if column is None:
            if title:
                ignored.append(title)
            continue
        if column in positions:
            raise ImportRefused(FileProblem.DUPLICATE_COLUMN, column=column)
        positions[column] = index
    if NAME not in positions:
        raise ImportRefused(FileProblem.MISSING_COLUMN)
    return positions, tuple(ignored)
