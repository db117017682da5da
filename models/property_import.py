"""Bulk import of a community's properties from a CSV or XLSX file (SPEC §4.7).

The seed loads properties "de forma automática" from the accounting platform; here an
administrator sends the platform's export in the chat, or an operator runs
``conserjeria import-properties FILE --community NAME``. Both call `import_properties`.

The file's format and how it is read: `models.property_file`. Here the rows are checked
(a rejected row carries its `RejectReason`s and their data, never a message) and applied.

Decisions:
- **Per row, one transaction.** Each valid row is applied; each invalid row is rejected with its
  row number and reasons; every valid row is written in one transaction, so a failure midway
  leaves the community as it was.
- **Idempotent.** A property is matched by name ignoring case, accents and repeated spaces (its
  name in the bot is kept); only what differs is written. The same file twice: "sin cambios".
- **Nothing is deleted.** Properties and resident e-mails that are not in the file stay; an
  empty cell changes nothing (an e-mail or a mobile is removed in the chat, never by import).
- **Roles from the file.** The ``correo_principal`` becomes the principal (a property has one:
  the previous principal becomes secundario); e-mails listed as secundarios become secundarios.
- **Repeated properties.** Rows naming the same property with the same data: the first is used,
  the others reported as repeated; with different data, all of them are rejected.
- One audit log entry per import, with the counts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import audit
from models.core import Community, Property, Resident, ResidentRole, StaffUser
from models.identity import changes_identities
from models.mobile import InvalidMobile, parse_chilean_mobile
from models.permissions import Action, require
from models.property_file import (
    MOBILE,
    NAME,
    PRINCIPAL,
    SECONDARIES,
    FileProblem,
    ImportRefused,
    Table,
    map_columns,
    name_key,
    read_table,
)
from models.residents import ResidentError, clean_resident_email, split_emails

log = logging.getLogger(__name__)

NAME_MAX = 100
AUDIT_NAMES_MAX = 50
SHOWN_MAX = 60
BATCH = 500


class RejectReason(StrEnum):
    MISSING_NAME = "missing_name"
    NAME_TOO_LONG = "name_too_long"
    INVALID_EMAIL = "invalid_email"
    INVALID_MOBILE = "invalid_mobile"
    DUPLICATE = "duplicate"  # the same property on several rows, with different data
    REPEATED = "repeated"  # an exact repetition of an earlier row
    AMBIGUOUS = "ambiguous"  # the name matches several existing properties


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a row was rejected, with what it names."""

    reason: RejectReason
    cell: str = ""  # INVALID_EMAIL, INVALID_MOBILE: the cell as the file had it (cut)
    limit: int = 0  # NAME_TOO_LONG: the longest name allowed
    rows: tuple[int, ...] = ()  # DUPLICATE: every row naming the property; REPEATED: the first
    names: tuple[str, ...] = ()  # AMBIGUOUS: the existing properties the name matches


@dataclass(frozen=True, slots=True)
class Rejection:
    row: int  # as the spreadsheet numbers it: the header is row 1
    problems: tuple[Problem, ...]

    @property
    def reasons(self) -> tuple[RejectReason, ...]:
        return tuple(p.reason for p in self.problems)


class ImportOutcome(StrEnum):
    """What an import did, as a whole."""

    CHANGED = "changed"  # something was created or updated
    NO_CHANGES = "no_changes"  # every row was valid and already so
    SOME_REJECTED = "some_rejected"  # the valid rows were already so; the others were rejected
    ALL_REJECTED = "all_rejected"  # every row was rejected: nothing could be imported


@dataclass(frozen=True, slots=True)
class ImportReport:
    community_id: int
    community_name: str
    filename: str
    rows: int  # property rows read (blank rows not counted)
    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    rejected: tuple[Rejection, ...]
    residents_added: int = 0
    roles_changed: int = 0
    mobiles_set: int = 0
    ignored_columns: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    @property
    def outcome(self) -> ImportOutcome:
        if self.changed:
            return ImportOutcome.CHANGED
        if not self.rejected:
            return ImportOutcome.NO_CHANGES
        return ImportOutcome.SOME_REJECTED if self.unchanged else ImportOutcome.ALL_REJECTED

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
            "residents_added": self.residents_added,
            "roles_changed": self.roles_changed,
            "mobiles_set": self.mobiles_set,
        }


# --- checking the rows -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PropertyRow:
    """A valid row: what the file says about one property."""

    row: int
    name: str
    principal: str | None
    secondaries: tuple[str, ...]
    mobile: str | None

    @property
    def key(self) -> str:
        return name_key(self.name)

    def data(self) -> tuple[str | None, tuple[str, ...], str | None]:
        return self.principal, self.secondaries, self.mobile


def _cell(cells: Sequence[str], positions: dict[str, int], column: str) -> str:
    index = positions.get(column)
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _shown(raw: str) -> str:
    """A cell as quoted in a rejection: cut, so one huge cell cannot flood the report."""
    return raw if len(raw) <= SHOWN_MAX else raw[: SHOWN_MAX - 1] + "…"


def _email(raw: str, problems: list[Problem]) -> str | None:
    try:
        return clean_resident_email(raw)
    except ResidentError:
        problems.append(Problem(RejectReason.INVALID_EMAIL, cell=_shown(raw)))
        return None


def check_row(
    number: int, cells: Sequence[str], positions: dict[str, int]
) -> PropertyRow | Rejection:
    """One record as a property row, or its rejection with every reason found."""
    problems: list[Problem] = []
    name = " ".join(_cell(cells, positions, NAME).split())
    if not name:
        problems.append(Problem(RejectReason.MISSING_NAME))
    elif len(name) > NAME_MAX:
        problems.append(Problem(RejectReason.NAME_TOO_LONG, limit=NAME_MAX))
    raw_principal = _cell(cells, positions, PRINCIPAL)
    principal = _email(raw_principal, problems) if raw_principal else None
    secondaries: list[str] = []
    for raw in split_emails(_cell(cells, positions, SECONDARIES)):
        address = _email(raw, problems)
        if address is not None and address != principal and address not in secondaries:
            secondaries.append(address)
    raw_mobile = _cell(cells, positions, MOBILE)
    mobile: str | None = None
    if raw_mobile:
        try:
            mobile = parse_chilean_mobile(raw_mobile)
        except InvalidMobile:
            problems.append(Problem(RejectReason.INVALID_MOBILE, cell=_shown(raw_mobile)))
    if problems:
        return Rejection(number, tuple(problems))
    return PropertyRow(number, name, principal, tuple(secondaries), mobile)


def check_rows(table: Table) -> tuple[list[PropertyRow], list[Rejection], tuple[str, ...]]:
    """The valid rows (one per property), the rejections by row, the ignored columns."""
    positions, ignored = map_columns(table.header)
    if not table.records:
        raise ImportRefused(FileProblem.EMPTY)
    by_name: dict[str, list[int]] = {}
    for number, cells in table.records:
        key = name_key(_cell(cells, positions, NAME))
        if key:
            by_name.setdefault(key, []).append(number)
    valid: list[PropertyRow] = []
    rejected: list[Rejection] = []
    first_of: dict[str, PropertyRow] = {}
    conflicting: dict[str, Problem] = {}
    cells_of = dict(table.records)
    for key, numbers in by_name.items():
        if len(numbers) > 1:
            values = {tuple(c.casefold() for c in cells_of[n]) for n in numbers}
            if len(values) > 1:
                conflicting[key] = Problem(RejectReason.DUPLICATE, rows=tuple(numbers))
    for number, cells in table.records:
        key = name_key(_cell(cells, positions, NAME))
        if key in conflicting:
            rejected.append(Rejection(number, (conflicting[key],)))
            continue
        if key in first_of:
            earlier = first_of[key].row
            rejected.append(Rejection(number, (Problem(RejectReason.REPEATED, rows=(earlier,)),)))
            continue
        checked = check_row(number, cells, positions)
        if isinstance(checked, Rejection):
            rejected.append(checked)
            if key:
                # An invalid first occurrence still makes identical later rows repetitions.
                first_of[key] = PropertyRow(number, "", None, (), None)
            continue
        valid.append(checked)
        first_of[key] = checked
    rejected.sort(key=lambda r: r.row)
    return valid, rejected, ignored


# --- applying --------------------------------------------------------------------------------


@dataclass
class _Plan:
    new_properties: list[PropertyRow] = field(default_factory=list)
    mobiles: dict[int, str] = field(default_factory=dict)  # property id → new mobile
    # (existing property id, or the name of a property this import creates), e-mail, role
    new_residents: list[tuple[int | str, str, ResidentRole]] = field(default_factory=list)
    roles: dict[int, ResidentRole] = field(default_factory=dict)  # resident id → role
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def has_writes(self) -> bool:
        return bool(self.new_properties or self.mobiles or self.new_residents or self.roles)


def _match(
    existing: dict[str, list[Property]], row: PropertyRow
) -> Property | list[Property] | None:
    candidates = existing.get(row.key, [])
    if len(candidates) == 1:
        return candidates[0]
    exact = [p for p in candidates if p.name == row.name]
    if len(exact) == 1:
        return exact[0]
    return candidates or None


def _wanted_residents(row: PropertyRow) -> list[tuple[str, ResidentRole]]:
    wanted = [(row.principal, ResidentRole.PRINCIPAL)] if row.principal else []
    wanted += [(email, ResidentRole.SECONDARY) for email in row.secondaries]
    return wanted


def _plan_existing(
    plan: _Plan, prop: Property, row: PropertyRow, residents: list[Resident]
) -> bool:
    """Plan the changes the row brings to an existing property; whether there are any."""
    changed = False
    if row.mobile is not None and prop.mobile != row.mobile:
        plan.mobiles[prop.id] = row.mobile
        changed = True
    by_email = {r.email.strip().lower(): r for r in residents}
    for email, role in _wanted_residents(row):
        resident = by_email.get(email)
        if resident is None:
            plan.new_residents.append((prop.id, email, role))
            changed = True
        elif ResidentRole(resident.role) is not role:
            plan.roles[resident.id] = role
            changed = True
    if row.principal:
        for resident in residents:
            other = resident.email.strip().lower() != row.principal
            if other and ResidentRole(resident.role) is ResidentRole.PRINCIPAL:
                plan.roles[resident.id] = ResidentRole.SECONDARY
                changed = True
    return changed


async def _plan(community_id: int, rows: Iterable[PropertyRow]) -> _Plan:
    existing: dict[str, list[Property]] = {}
    for prop in await Property.filter(community_id=community_id):
        existing.setdefault(name_key(prop.name), []).append(prop)
    residents: dict[int, list[Resident]] = {}
    for resident in await Resident.filter(property__community_id=community_id):
        residents.setdefault(resident.property_id, []).append(resident)
    plan = _Plan()
    for row in rows:
        found = _match(existing, row)
        if isinstance(found, list):
            names = tuple(sorted(p.name for p in found))
            plan.rejected.append(
                Rejection(row.row, (Problem(RejectReason.AMBIGUOUS, names=names),))
            )
        elif found is None:
            plan.new_properties.append(row)
            plan.new_residents += [(row.name, e, role) for e, role in _wanted_residents(row)]
            plan.created.append(row.name)
        elif _plan_existing(plan, found, row, residents.get(found.id, [])):
            plan.updated.append(found.name)
        else:
            plan.unchanged.append(found.name)
    return plan


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _write(community_id: int, plan: _Plan) -> None:
    if plan.new_properties:
        await Property.bulk_create(
            [
                Property(community_id=community_id, name=row.name, mobile=row.mobile)
                for row in plan.new_properties
            ],
            batch_size=BATCH,
        )
    for property_id, mobile in plan.mobiles.items():
        await Property.filter(id=property_id).update(mobile=mobile)
    for role in ResidentRole:
        ids = [rid for rid, wanted in plan.roles.items() if wanted is role]
        for chunk in _chunks(ids):
            await Resident.filter(id__in=list(chunk)).update(role=role)
    if plan.new_residents:
        new_ids: dict[str, int] = {}
        names = [row.name for row in plan.new_properties]
        for chunk in _chunks(names):
            found = await Property.filter(community_id=community_id, name__in=list(chunk))
            new_ids.update({p.name: p.id for p in found})
        await Resident.bulk_create(
            [
                Resident(
                    property_id=owner if isinstance(owner, int) else new_ids[owner],
                    email=email,
                    role=role,
                )
                for owner, email, role in plan.new_residents
            ],
            batch_size=BATCH,
        )


async def _community(community_id: int) -> Community:
    community = await Community.get_or_none(id=community_id)
    if community is None:
        raise LookupError(f"no community {community_id}")
    return community


@changes_identities
async def import_properties(
    community_id: int,
    data: bytes,
    filename: str = "",
    *,
    actor: StaffUser | None = None,
    actor_label: str | None = None,
) -> ImportReport:
    """Create and complete the community's properties from a CSV or XLSX file.

    `actor` is the staff member importing (checked for `MANAGE_PROPERTIES` in the community);
    None for the command line, named by `actor_label` in the audit log. Raises `ImportRefused`
    (nothing imported) or `models.permissions.NotAllowed`.
    """
    if actor is not None:
        await require(actor, Action.MANAGE_PROPERTIES, community_id)
    community = await _community(community_id)
    # Parsing is CPU work (up to 5,000 rows): keep the event loop free for other chats.
    table = await asyncio.to_thread(read_table, data, filename)
    valid, rejected, ignored = await asyncio.to_thread(check_rows, table)
    for attempt in (1, 2):
        try:
            async with in_transaction():
                # One import per community at a time (PostgreSQL; SQLite serialises anyway).
                await Community.filter(id=community.id).select_for_update().first()
                plan = await _plan(community.id, valid)
                if plan.has_writes:
                    await _write(community.id, plan)
                report = _report(community, filename, table, plan, rejected, ignored)
                await audit.record(
                    actor=actor,
                    actor_label=None if actor is not None else (actor_label or audit.Source.CLI),
                    action="property.import",
                    object_type="community",
                    object_id=community.id,
                    after=_audit_summary(report),
                    administration_id=community.administration_id,
                    community_id=community.id,
                )
            break
        except IntegrityError as exc:
            # Someone created one of these properties or e-mails meanwhile: plan again once.
            log.warning("property import: conflict on attempt %s", attempt)
            if attempt == 2:
                raise ImportRefused(FileProblem.CONFLICT) from exc
    log.info(
        "property import: community=%s rows=%s created=%s updated=%s rejected=%s",
        community.id,
        report.rows,
        len(report.created),
        len(report.updated),
        len(report.rejected),
    )
    return report


def _report(
    community: Community,
    filename: str,
    table: Table,
    plan: _Plan,
    rejected: list[Rejection],
    ignored: tuple[str, ...],
) -> ImportReport:
    return ImportReport(
        community_id=community.id,
        community_name=community.name,
        filename=filename,
        rows=len(table.records),
        created=tuple(plan.created),
        updated=tuple(plan.updated),
        unchanged=tuple(plan.unchanged),
        rejected=tuple(sorted([*rejected, *plan.rejected], key=lambda r: r.row)),
        residents_added=len(plan.new_residents),
        roles_changed=len(plan.roles),
        mobiles_set=len(plan.mobiles) + sum(1 for r in plan.new_properties if r.mobile),
        ignored_columns=ignored,
    )


def _audit_summary(report: ImportReport) -> dict[str, Any]:
    return {
        "file": report.filename,
        **report.counts(),
        "created_properties": list(report.created[:AUDIT_NAMES_MAX]),
        "updated_properties": list(report.updated[:AUDIT_NAMES_MAX]),
        "rejected_rows": [r.row for r in report.rejected[:AUDIT_NAMES_MAX]],
    }
