"""Property imports: a normal 5,000-row XLSX read, and an XLSX zip bomb refused with flat memory.

The bomb (issue 12 item 3) is a small, valid XLSX whose one sheet unpacks to 1.5 GB (a row of
tens of thousands of identical long cells; 100 MB with ``--quick``): under the 2 MB upload
limit, it once drove `read_table` to GBs of memory. Each figure comes from a fresh interpreter:

- `models.property_file.read_table` on a normal XLSX of 5,000 properties: time, growth of the
  process's peak RSS, tracemalloc's Python-side peak;
- the same on the bomb: refused (which code), time, the same two memory figures — the target is
  a peak no higher than reading the normal file.

The files are built on the fly, never stored. No database is involved; `pg_server` is accepted
only to fit `bench.__main__`'s runner shape.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass

from bench.common import Report, Target, in_fresh_process, table
from bench.logos import PeakMemory

NAME = "import_bomb"
# Cells of 32,000 letters (Excel's limit is 32,767): long runs compress ~1000×, so 1.5 GB of
# them fit in a 1.5 MB file, under the 2 MB upload limit.
CELL = b'<c t="inlineStr"><is><t>' + b"x" * 32_000 + b"</t></is></c>"


@dataclass(frozen=True)
class BombBenchConfig:
    unpacked_bytes: int
    rows: int


FULL = BombBenchConfig(unpacked_bytes=1_500 * 1024 * 1024, rows=5_000)
QUICK = BombBenchConfig(unpacked_bytes=100 * 1024 * 1024, rows=500)

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    b"</Relationships>"
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1">'
)
_SHEET_TAIL = b"</row></sheetData></worksheet>"


def xlsx_bomb(unpacked_bytes: int) -> bytes:
    """A valid XLSX whose sheet is one row of identical cells, `unpacked_bytes` long unpacked.

    Written in chunks, so building it never holds the unpacked sheet in memory.
    """
    chunk = CELL * 32
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD)
            written = len(_SHEET_HEAD) + len(_SHEET_TAIL)
            while written < unpacked_bytes:
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(_SHEET_TAIL)
    return out.getvalue()


def normal_xlsx(rows: int) -> bytes:
    """An import file as an administration sends it: one property per row, four columns."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["inmueble", "correo_principal", "correos_secundarios", "celular"])
    for n in range(1, rows + 1):
        sheet.append(
            [f"Depto {n}", f"r{n}@example.com", f"a{n}@example.com; b{n}@example.com", None]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_in_process(data: bytes) -> Report:
    """`read_table` on the file from a fresh start: outcome, time, peak memory."""
    import openpyxl  # noqa: F401  (imports are not what is measured)

    from models.property_file import ImportRefused, read_table

    refused: str | None = None
    rows = 0
    tracemalloc.start()
    with PeakMemory() as peak:
        started = time.perf_counter()
        try:
            rows = len(read_table(data, "inmuebles.xlsx").records)
        except ImportRefused as error:
            refused = error.problem.value
        elapsed = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "bytes": len(data),
        "rows": rows,
        "refused": refused,
        "milliseconds": elapsed * 1000,
        "peak_rss_growth_mib": peak.growth_mib,
        "python_peak_mib": traced_peak / 1_048_576,
    }


def render(result: Report) -> str:
    normal, bomb = result["normal"], result["bomb"]
    rows = [
        [
            f"normal XLSX, {normal['rows']:,} rows ({normal['bytes'] / 1e6:.2f} MB)",
            normal["refused"] or "read",
            normal["milliseconds"],
            normal["peak_rss_growth_mib"],
            normal["python_peak_mib"],
        ],
        [
            f"zip bomb ({bomb['bytes'] / 1e6:.2f} MB → "
            f"{result['config']['unpacked_bytes'] / 1e9:.2f} GB unpacked)",
            bomb["refused"] or "read",
            bomb["milliseconds"],
            bomb["peak_rss_growth_mib"],
            bomb["python_peak_mib"],
        ],
    ]
    lines = [
        "Import files — read_table, each in a fresh process",
        table(["file", "outcome", "ms", "peak RSS +MiB", "Python peak MiB"], rows),
    ]
    lines += [
        Target(t["label"], t["value"], t["limit"], t["at_least"]).line() for t in result["targets"]
    ]
    return "\n".join(lines)


def run(
    quick: bool = False,
    pg_server: str | None = None,
    *,
    log: Callable[[str], None] = print,
) -> Report:
    """Measure, print a short report and return the figures."""
    del pg_server  # no database here
    config = QUICK if quick else FULL
    normal = in_fresh_process(read_in_process, normal_xlsx(config.rows))
    bomb = in_fresh_process(read_in_process, xlsx_bomb(config.unpacked_bytes))
    targets = [
        Target("bomb refused (1 = yes)", float(bomb["refused"] is not None), 1.0, at_least=True),
        Target(
            "bomb peak RSS growth − normal file's, MiB",
            bomb["peak_rss_growth_mib"] - normal["peak_rss_growth_mib"],
            1.0,
        ),
        Target("bomb Python peak MiB", bomb["python_peak_mib"], 1.0),
    ]
    result: Report = {
        "config": asdict(config),
        "normal": normal,
        "bomb": bomb,
        "targets": [target.as_dict() for target in targets],
    }
    log(render(result) + "\n")
    return result


if __name__ == "__main__":
    run()
