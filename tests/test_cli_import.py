"""`conserjeria import-properties`, run as an operator would (a real subprocess)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from bot.db import database
from bot.demo import LOS_AROMOS
from bot.settings import PROJECT_ROOT
from handlers.audit_text import actor_text
from models import audit
from models.core import AuditLog, Community, Property, Resident, ResidentRole
from tests.dbutil import settings_for

SAMPLE = PROJECT_ROOT / "docs" / "import-sample.csv"
BAD_ROW_CSV = (
    "inmueble;correo_principal;correos_secundarios;celular\n"
    "Depto 301;ana@example.com;;9 8765 4321\n"
    "Depto 302;;;\n"
    "Depto 303;malo@;;\n"
)


def _cli(*args: str, db_url: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _import(path: Path, db_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return _cli("import-properties", str(path), "--community", LOS_AROMOS, *extra, db_url=db_url)


async def test_import_reports_rejections_with_exit_zero_and_is_idempotent(
    tmp_path: Path, scratch_db_url: str
) -> None:
    db_url = scratch_db_url
    assert _cli("demo-data", db_url=db_url).returncode == 0
    csv_file = tmp_path / "inmuebles.csv"
    csv_file.write_text(BAD_ROW_CSV, encoding="utf-8")

    first = _import(csv_file, db_url)
    assert first.returncode == 0, first.stderr
    assert f"Importación en {LOS_AROMOS} (inmuebles.csv): 3 fila(s)" in first.stdout
    assert "Creados: 2 · Actualizados: 0 · Sin cambios: 0 · Rechazadas: 1" in first.stdout
    assert "Fila 4: correo inválido: malo@" in first.stdout
    assert "Traceback" not in first.stderr

    again = _import(csv_file, db_url, "--administration", "Administradora Demo SpA")
    assert again.returncode == 0, again.stderr
    assert "Creados: 0 · Actualizados: 0 · Sin cambios: 2 · Rechazadas: 1" in again.stdout
    assert (
        "Sin cambios: las filas válidas ya estaban así; las rechazadas no se importaron."
        in again.stdout
    )
    assert "todo ya estaba así" not in again.stdout

    async with database(settings_for(db_url), apply_migrations=False):
        aromos = await Community.get(name=LOS_AROMOS)
        depto = await Property.get(community=aromos, name="Depto 301")
        assert depto.mobile == "+56987654321"
        principal = await Resident.get(property=depto)
        assert (principal.email, principal.role) == ("ana@example.com", ResidentRole.PRINCIPAL)
        assert not await Property.exists(name="Depto 303")
        entries = await AuditLog.filter(action="property.import").order_by("id")
        assert [e.actor_label for e in entries] == [audit.Source.CLI] * 2
        # /auditoria names the source in Spanish.
        assert [actor_text(e) for e in entries] == ["Línea de comandos"] * 2
        assert [(e.after or {}).get("created") for e in entries] == [2, 0]


async def test_the_published_sample_and_an_xlsx_import_cleanly(
    tmp_path: Path, scratch_db_url: str
) -> None:
    db_url = scratch_db_url
    assert _cli("demo-data", db_url=db_url).returncode == 0
    sample = _import(SAMPLE, db_url)
    assert sample.returncode == 0, sample.stderr
    assert "Creados: 4 · Actualizados: 0 · Sin cambios: 0 · Rechazadas: 0" in sample.stdout
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Inmueble", "Celular"])
    sheet.append(["Depto 201", 987654321])  # in the sample with another mobile
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = tmp_path / "cambios.xlsx"
    xlsx.write_bytes(buffer.getvalue())
    update = _import(xlsx, db_url)
    assert update.returncode == 0, update.stderr
    assert "Creados: 0 · Actualizados: 1 · Sin cambios: 0 · Rechazadas: 0" in update.stdout
    async with database(settings_for(db_url), apply_migrations=False):
        depto = await Property.get(name="Depto 201")
        assert depto.mobile == "+56987654321"
        emails = sorted(r.email for r in await Resident.filter(property=depto))
        assert emails == [
            "ana.rojas@example.com",
            "pedro.rojas@example.com",
            "sofia.rojas@example.com",
        ]


async def test_unreadable_files_and_unknown_communities_exit_two(
    tmp_path: Path, scratch_db_url: str
) -> None:
    db_url = scratch_db_url
    assert _cli("demo-data", db_url=db_url).returncode == 0
    picture = tmp_path / "foto.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    unreadable = _import(picture, db_url)
    assert unreadable.returncode == 2
    assert "No pude leer el archivo: no es un CSV ni un XLSX." in unreadable.stderr
    missing = _import(tmp_path / "no-existe.csv", db_url)
    assert missing.returncode == 2
    assert "No pude abrir" in missing.stderr
    heavy = tmp_path / "grande.csv"
    heavy.write_bytes(b"inmueble\n" + b"x" * (2 * 1024 * 1024))
    too_large = _import(heavy, db_url)
    assert too_large.returncode == 2
    assert "el máximo es 2 MB" in too_large.stderr
    csv_file = tmp_path / "ok.csv"
    csv_file.write_text("inmueble\nDepto 900\n", encoding="utf-8")
    unknown = _cli(
        "import-properties", str(csv_file), "--community", "Edificio Inventado", db_url=db_url
    )
    assert unknown.returncode == 2
    assert "No existe la comunidad «Edificio Inventado»" in unknown.stderr
    for result in (unreadable, missing, too_large, unknown):
        assert "Traceback" not in result.stderr
    async with database(settings_for(db_url), apply_migrations=False):
        assert not await Property.exists(name="Depto 900")
        assert not await AuditLog.filter(action="property.import").exists()
