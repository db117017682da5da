"""Bulk import of properties from CSV / XLSX (models/property_file.py, property_import.py)."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from conversations.properties.importing import refusal_text, rejection_text
from models import audit
from models.core import (
    Administration,
    AuditLog,
    Community,
    Profile,
    Property,
    Resident,
    ResidentRole,
    StaffUser,
)
from models.errors import DomainError
from models.permissions import Denial, NotAllowed
from models.property_file import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    FileProblem,
    ImportRefused,
    column_key,
    read_table,
    sniff_delimiter,
)
from models.property_import import ImportReport, Problem, RejectReason, import_properties

PRINCIPAL, SECONDARY = ResidentRole.PRINCIPAL, ResidentRole.SECONDARY

SAMPLE = (
    "inmueble,correo_principal,correos_secundarios,celular\n"
    "Depto 201,ana@example.com,beto@example.com; carla@example.com,9 6123 4567\n"
    "Depto 202,,,\n"
    "Depto 203,malo@,,\n"
)


@dataclass
class World:
    community: Community
    other: Community
    andres: StaffUser
    pablo: StaffUser


@pytest.fixture
async def world(db: object) -> World:
    adm = await Administration.create(name="Administradora Andes")
    community = await Community.create(administration=adm, name="Edificio Los Aromos")
    other = await Community.create(administration=adm, name="Condominio Sur")
    andres = await StaffUser.create(
        administration=adm,
        first_name="Andrés",
        last_name="Admin",
        email="andres@example.com",
        profile=Profile.ADMIN,
    )
    pablo = await StaffUser.create(
        administration=adm,
        first_name="Pablo",
        last_name="Prueba",
        email="pablo@example.com",
        profile=Profile.ADMIN,
        is_test_user=True,
    )
    await andres.communities.add(community)
    await pablo.communities.add(community)
    return World(community, other, andres, pablo)


async def _import(world: World, text: str | bytes, name: str = "inmuebles.csv") -> ImportReport:
    data = text.encode() if isinstance(text, str) else text
    return await import_properties(world.community.id, data, name, actor=world.andres)


async def _residents(community: Community, name: str) -> dict[str, ResidentRole]:
    prop = await Property.get(community=community, name=name)
    return {r.email: r.role for r in await Resident.filter(property=prop)}


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_csv_creates_valid_rows_and_rejects_a_bad_email(world: World) -> None:
    report = await _import(world, SAMPLE)
    assert report.created == ("Depto 201", "Depto 202")
    assert (report.updated, report.unchanged) == ((), ())
    assert report.rows == 3
    assert [(r.row, r.reasons) for r in report.rejected] == [(4, (RejectReason.INVALID_EMAIL,))]
    assert rejection_text(report.rejected[0]) == "correo inválido: malo@"
    assert report.changed
    depto = await Property.get(community=world.community, name="Depto 201")
    assert depto.mobile == "+56961234567"
    assert await _residents(world.community, "Depto 201") == {
        "ana@example.com": PRINCIPAL,
        "beto@example.com": SECONDARY,
        "carla@example.com": SECONDARY,
    }
    assert (await Property.get(community=world.community, name="Depto 202")).mobile is None
    assert not await Property.exists(name="Depto 203")
    assert (report.residents_added, report.mobiles_set) == (3, 1)


async def test_the_same_file_twice_changes_nothing(world: World) -> None:
    await _import(world, SAMPLE)
    snapshot = sorted((p.name, p.mobile) for p in await Property.filter(community=world.community))
    residents = sorted((r.property_id, r.email, r.role) for r in await Resident.all())
    again = await _import(world, SAMPLE)
    assert not again.changed
    assert (again.created, again.updated) == ((), ())
    assert again.unchanged == ("Depto 201", "Depto 202")
    assert len(again.rejected) == 1
    assert snapshot == sorted(
        (p.name, p.mobile) for p in await Property.filter(community=world.community)
    )
    assert residents == sorted((r.property_id, r.email, r.role) for r in await Resident.all())
    entries = await AuditLog.filter(action="property.import").order_by("id")
    assert len(entries) == 2
    assert entries[0].after is not None
    assert entries[1].after is not None
    assert (entries[0].after["created"], entries[0].after["rejected"]) == (2, 1)
    assert (entries[1].after["created"], entries[1].after["unchanged"]) == (0, 2)
    assert entries[1].actor_id == world.andres.id
    assert entries[1].community_id == world.community.id


async def test_semicolon_csv_with_bom_and_accented_headers(world: World) -> None:
    text = (
        "Inmueble;Correo Principal;Correos Secundarios;Celular;Observación\n"
        "Casa 1;ANA@Example.com;b@example.com, c@example.com;+56 9 6123 4567;x\n"
        "\n"
        "Casa 2;;;;\n"
    )
    report = await _import(world, "\ufeff".encode() + text.encode("utf-8"))
    assert report.created == ("Casa 1", "Casa 2")
    assert report.rejected == ()
    assert report.ignored_columns == ("Observación",)
    assert await _residents(world.community, "Casa 1") == {
        "ana@example.com": PRINCIPAL,
        "b@example.com": SECONDARY,
        "c@example.com": SECONDARY,
    }


async def test_windows_1252_csv_from_excel_in_spanish(world: World) -> None:
    text = "inmueble;celular\nDepto Ñandú 1;961234567\n"
    report = await _import(world, text.encode("cp1252"))
    assert report.created == ("Depto Ñandú 1",)


async def test_xlsx_first_sheet_values_only(world: World) -> None:
    data = _xlsx(
        [
            ["INMUEBLE", "correo_principal", "correo secundario", "Celular"],
            ["Depto 301", "ana@example.com", "beto@example.com;carla@example.com", 961234567],
            [None, None, None, None],
            [302, None, None, None],
            ["Depto 303", "ana@example.com", None, "22 123 4567"],
        ]
    )
    report = await _import(world, data, "inmuebles.xlsx")
    assert report.created == ("Depto 301", "302")
    assert [(r.row, rejection_text(r)) for r in report.rejected] == [
        (5, "celular inválido: 22 123 4567")
    ]
    assert (await Property.get(name="Depto 301")).mobile == "+56961234567"
    assert await _residents(world.community, "Depto 301") == {
        "ana@example.com": PRINCIPAL,
        "beto@example.com": SECONDARY,
        "carla@example.com": SECONDARY,
    }
    again = await _import(world, data, "inmuebles.xlsx")
    assert not again.changed


async def test_existing_properties_are_matched_and_completed_never_deleted(world: World) -> None:
    depto = await Property.create(community=world.community, name="Depto 101")
    await Property.create(community=world.community, name="Depto 999")
    await Resident.create(property=depto, email="vieja@example.com", role=PRINCIPAL)
    await Resident.create(property=depto, email="otro@example.com", role=SECONDARY)
    text = (
        "inmueble,correo_principal,correos_secundarios,celular\n"
        "  DEPTO   101 ,nueva@example.com,otro@example.com,961234567\n"
    )
    report = await _import(world, text)
    assert report.updated == ("Depto 101",)
    assert report.created == ()
    names = sorted(p.name for p in await Property.filter(community=world.community))
    assert names == ["Depto 101", "Depto 999"]  # the name as it was; nothing deleted
    assert await _residents(world.community, "Depto 101") == {
        "vieja@example.com": SECONDARY,  # the previous principal stays, as secundario
        "otro@example.com": SECONDARY,
        "nueva@example.com": PRINCIPAL,
    }
    assert (await Property.get(id=depto.id)).mobile == "+56961234567"
    assert (report.residents_added, report.roles_changed, report.mobiles_set) == (1, 1, 1)
    # Empty cells change nothing: no mobile or e-mail is erased.
    blank = await _import(world, "inmueble,correo_principal,celular\nDepto 101,,\n")
    assert blank.unchanged == ("Depto 101",)
    assert (await Property.get(id=depto.id)).mobile == "+56961234567"


async def test_role_changes_from_the_file(world: World) -> None:
    depto = await Property.create(community=world.community, name="Depto 1")
    await Resident.create(property=depto, email="a@example.com", role=PRINCIPAL)
    await Resident.create(property=depto, email="b@example.com", role=SECONDARY)
    report = await _import(world, "inmueble,correo_principal\nDepto 1,b@example.com\n")
    assert report.updated == ("Depto 1",)
    assert await _residents(world.community, "Depto 1") == {
        "a@example.com": SECONDARY,
        "b@example.com": PRINCIPAL,
    }


async def test_each_rejection_reason(world: World) -> None:
    long_name = "D" * 101
    text = (
        "inmueble,correo_principal,correos_secundarios,celular\n"
        ",a@example.com,,\n"  # 2: no name
        f"{long_name},,,\n"  # 3
        "Depto 1,no-es-correo,,\n"  # 4
        "Depto 2,,ok@example.com;mal@,\n"  # 5
        "Depto 3,,,12345\n"  # 6
        "Depto 4,,,+1 650 253 0000\n"  # 7: foreign
        "Depto 5,x@example.com,,\n"  # 8
        "depto 5,y@example.com,,\n"  # 9: same property, different data
        "Depto 6,z@example.com,,\n"  # 10
        "Depto 6,z@example.com,,\n"  # 11: an exact repetition
        "Depto 7,malo,,22 123 4567\n"  # 12: two reasons
    )
    report = await _import(world, text)
    messages = {r.row: rejection_text(r) for r in report.rejected}
    assert messages == {
        2: "falta el nombre del inmueble",
        3: "el nombre del inmueble tiene más de 100 caracteres",
        4: "correo inválido: no-es-correo",
        5: "correo inválido: mal@",
        6: "celular inválido: 12345",
        7: "celular inválido: +1 650 253 0000",
        8: "inmueble repetido en el archivo con datos distintos (filas 8, 9)",
        9: "inmueble repetido en el archivo con datos distintos (filas 8, 9)",
        11: "fila repetida (igual a la fila 10)",
        12: "correo inválido: malo; celular inválido: 22 123 4567",
    }
    problems = {r.row: r.problems for r in report.rejected}
    assert problems[8] == (Problem(RejectReason.DUPLICATE, rows=(8, 9)),)
    assert problems[11] == (Problem(RejectReason.REPEATED, rows=(10,)),)
    assert problems[3] == (Problem(RejectReason.NAME_TOO_LONG, limit=100),)
    assert report.created == ("Depto 6",)
    assert await Property.filter(community=world.community).count() == 1


async def test_names_matching_several_properties(world: World) -> None:
    await Property.create(community=world.community, name="Local 1")
    await Property.create(community=world.community, name="LOCAL 1")
    exact = await _import(world, "inmueble,celular\nLocal 1,961234567\n")
    assert exact.updated == ("Local 1",)  # an exact name picks that one
    assert (await Property.get(name="Local 1")).mobile == "+56961234567"
    loose = await _import(world, "inmueble,celular\nlocal  1,987654321\n")
    assert [(r.row, rejection_text(r)) for r in loose.rejected] == [
        (2, "el nombre coincide con varios inmuebles: LOCAL 1, Local 1")
    ]
    assert not await Property.filter(mobile="+56987654321").exists()


@pytest.mark.parametrize(
    ("data", "name", "problem"),
    [
        (b"", "x.csv", FileProblem.EMPTY),
        (b"\n\n", "x.csv", FileProblem.EMPTY),
        (b"inmueble,celular\n", "x.csv", FileProblem.EMPTY),
        (b"nombre,celular\nDepto 1,\n", "x.csv", FileProblem.MISSING_COLUMN),
        (b"inmueble,Inmueble\nDepto 1,\n", "x.csv", FileProblem.DUPLICATE_COLUMN),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "foto.png", FileProblem.UNREADABLE),
        (b"PK\x03\x04 not really a zip", "x.xlsx", FileProblem.UNREADABLE),
        (b"inmueble\nDepto 1\n", "x.xlsx", FileProblem.UNREADABLE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "viejo.xls", FileProblem.UNREADABLE),
    ],
)
async def test_unusable_files_are_refused_whole(
    world: World, data: bytes, name: str, problem: FileProblem
) -> None:
    with pytest.raises(ImportRefused) as refused:
        await _import(world, data, name)
    assert refused.value.problem is problem
    assert isinstance(refused.value, DomainError)
    assert refused.value.code == problem.value
    assert refusal_text(refused.value)
    assert not await Property.exists()
    assert not await AuditLog.exists()


async def test_limits_size_and_rows(world: World) -> None:
    big = b"inmueble\n" + b"x" * MAX_FILE_BYTES
    with pytest.raises(ImportRefused) as heavy:
        await _import(world, big)
    assert heavy.value.problem is FileProblem.TOO_LARGE
    assert refusal_text(heavy.value) == "El archivo pesa 2,1 MB; el máximo es 2 MB."
    assert heavy.value.data == {"size": len(big), "limit": MAX_FILE_BYTES}
    rows = "".join(f"Depto {n}\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(ImportRefused) as many:
        await _import(world, "inmueble\n" + rows)
    assert many.value.problem is FileProblem.TOO_MANY_ROWS
    assert "5.000" in refusal_text(many.value)
    assert many.value.data == {"limit": MAX_ROWS}
    assert not await Property.exists()


async def test_the_maximum_of_rows_is_accepted(world: World) -> None:
    rows = "".join(f"Depto {n},r{n}@example.com\n" for n in range(MAX_ROWS))
    report = await _import(world, "inmueble,correo_principal\n" + rows)
    assert len(report.created) == MAX_ROWS
    assert await Property.filter(community=world.community).count() == MAX_ROWS
    assert await Resident.filter(role=PRINCIPAL).count() == MAX_ROWS
    resident = await Resident.get(email="r4321@example.com").select_related("property")
    assert resident.property.name == "Depto 4321"


async def test_test_user_and_other_community_are_refused(world: World) -> None:
    with pytest.raises(NotAllowed) as read_only:
        await import_properties(world.community.id, SAMPLE.encode(), "x.csv", actor=world.pablo)
    assert read_only.value.reason is Denial.READ_ONLY
    with pytest.raises(NotAllowed) as scope:
        await import_properties(world.other.id, SAMPLE.encode(), "x.csv", actor=world.andres)
    assert scope.value.reason is Denial.SCOPE
    assert not await Property.exists()


async def test_command_line_import_is_audited_as_such(world: World) -> None:
    report = await import_properties(world.other.id, SAMPLE.encode(), "x.csv")
    assert len(report.created) == 2
    entry = await AuditLog.get(action="property.import")
    assert (entry.actor_id, entry.actor_label) == (None, audit.Source.CLI)
    assert entry.administration_id == world.other.administration_id


def test_headers_and_delimiters() -> None:
    assert column_key(" Correos  Secundarios ") == "correos_secundarios"
    assert column_key("CELULAR") == "celular"
    assert column_key("Correo-Principal") == "correo_principal"
    assert sniff_delimiter("inmueble;correo_principal;celular") == ";"
    assert sniff_delimiter("inmueble,correo_principal,celular") == ","
    assert sniff_delimiter("inmueble") == ","


def test_quoted_fields_with_commas_stay_in_one_cell() -> None:
    table = read_table(b'inmueble,correos_secundarios\n"Depto 1","a@x.cl, b@x.cl"\n')
    assert table.records == ((2, ("Depto 1", "a@x.cl, b@x.cl")),)


async def test_concurrent_imports_of_one_file_create_once_on_postgres(
    world: World, require_postgres: None
) -> None:
    reports = await asyncio.gather(*(_import(world, SAMPLE) for _ in range(5)))
    assert sorted(len(r.created) for r in reports) == [0, 0, 0, 0, 2]
    assert await Property.filter(community=world.community).count() == 2
    assert await Resident.all().count() == 3
    assert await AuditLog.filter(action="property.import").count() == 5
