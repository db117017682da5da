"""Latency of the concierge's access check on a large community, next to a one-row SELECT.

One community with 1,000 properties and 100,000 access-list entries (RUT, passports and other
documents; both lists; some people on several properties). Then, interleaved call by call so a
busy machine slows them alike: `models.access.check_document` for RUTs that are on some list
and RUTs that are on none, and the baseline — one row of `access_entry` by primary key through
the ORM (`AccessEntry.filter(id=…).first()`) and as raw SQL (shown for reference).

The PostgreSQL database is ANALYZEd after the bulk load (autovacuum would do the same within a
minute); SQLite is left as production leaves it (no ANALYZE).
"""

from __future__ import annotations

import asyncio
import gc
import random
import string
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from stdnum.cl import rut as stdnum_rut
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bench.common import (
    POSTGRES,
    Report,
    Target,
    backends,
    in_fresh_process,
    open_database,
    percentile,
    ratio,
    scratch_database,
    table,
)
from models.access import AccessEntry, CheckStatus, ListType, check_document
from models.core import Administration, Community, Property
from models.documents import DocumentType

NAME = "access_check"
TARGET_P99_MS = 5.0
TARGET_RATIO = 3.0
# fmt: off
FIRST_NAMES = (
    "Juana", "María", "José", "Luis", "Camila", "Diego", "Valentina", "Matías", "Catalina",
    "Benjamín", "Francisca", "Tomás", "Isidora", "Vicente", "Sofía", "Agustín", "Antonia",
)
LAST_NAMES = (
    "González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez",
    "Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya",
)
# fmt: on
SERIES = ("check", "check_listed", "check_unlisted", "baseline_orm", "baseline_raw")
SERIES_LABELS = {
    "check": "check_document (all)",
    "check_listed": "  RUT on some list",
    "check_unlisted": "  RUT on no list",
    "baseline_orm": "baseline: one row by id (ORM)",
    "baseline_raw": "baseline: one row by id (raw SQL)",
}


@dataclass(frozen=True, slots=True)
class AccessCheckConfig:
    properties: int = 1000
    entries: int = 100_000
    calls: int = 2000  # timed check_document calls (half listed, half unlisted RUTs)
    warmup: int = 200
    batch_size: int = 5000
    shared_people: float = 0.1  # share of people on 2–5 properties
    seed: int = 2024


FULL = AccessCheckConfig()
QUICK = AccessCheckConfig(properties=20, entries=300, calls=60, warmup=10, batch_size=100)


@dataclass(slots=True)
class Dataset:
    """What was loaded, and RUTs that are on some list or on none (canonical form)."""

    community_id: int
    properties: int = 0
    entries: int = 0
    people: int = 0
    people_on_several: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    listed_ruts: list[str] = field(default_factory=list)
    unlisted_ruts: list[str] = field(default_factory=list)
    entry_ids: tuple[int, int] = (0, 0)


def canonical_rut(body: int) -> str:
    """`12345678-5`: the stored form (`models.documents.normalise_document`)."""
    return f"{body}-{stdnum_rut.calc_check_digit(str(body)).upper()}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"


def choose_document(rng: random.Random, n: int, rut_bodies: list[int]) -> tuple[DocumentType, str]:
    """Mostly RUTs; some passports and other documents (unique by construction)."""
    roll = rng.random()
    if roll < 0.85:
        return DocumentType.RUT, canonical_rut(rut_bodies[n])
    if roll < 0.95:
        letters = "".join(rng.choices(string.ascii_uppercase, k=2))
        return DocumentType.PASSPORT, f"{letters}{n:07d}"
    return DocumentType.OTHER, f"DNI{n:08d}"


async def load(config: AccessCheckConfig) -> Dataset:
    """Bulk-insert the community, its properties and the access-list entries."""
    rng = random.Random(config.seed)
    administration = await Administration.create(name="Administradora Benchmark SpA")
    community = await Community.create(administration=administration, name="Condominio Grande")
    await Property.bulk_create(
        [Property(community=community, name=f"Depto {n}") for n in range(1, config.properties + 1)]
    )
    property_ids = await Property.filter(community=community).values_list("id", flat=True)
    data = Dataset(community_id=community.id, properties=len(property_ids))
    # Unique RUT bodies: enough for every person, plus the unlisted ones to look up.
    lookups = config.warmup + config.calls
    rut_bodies = rng.sample(range(1_000_000, 30_000_000), config.entries + lookups)
    pending: list[AccessEntry] = []
    n = 0
    while data.entries < config.entries:
        doc_type, number = choose_document(rng, n, rut_bodies)
        several = rng.random() < config.shared_people
        count = rng.randint(2, 5) if several else 1
        count = min(count, config.entries - data.entries, len(property_ids))
        name = person_name(rng)
        for property_id in rng.sample(property_ids, count):
            list_type = ListType.AUTHORIZED if rng.random() < 0.85 else ListType.DENIED
            pending.append(
                AccessEntry(
                    property_id=property_id,
                    list_type=list_type,
                    doc_type=doc_type,
                    doc_number=number,
                    full_name=name,
                    registered_by_email="benchmark@example.com",
                )
            )
        data.entries += count
        data.people += 1
        data.people_on_several += count > 1
        data.by_type[doc_type.value] = data.by_type.get(doc_type.value, 0) + count
        if doc_type is DocumentType.RUT:
            data.listed_ruts.append(number)
        if len(pending) >= config.batch_size:
            await insert(pending)
            pending = []
        n += 1
    await insert(pending)
    data.unlisted_ruts = [canonical_rut(body) for body in rut_bodies[n : n + lookups]]
    first = await AccessEntry.all().order_by("id").first()
    last = await AccessEntry.all().order_by("-id").first()
    if first is None or last is None:
        raise RuntimeError("no access entries were loaded")
    data.entry_ids = (first.id, last.id)
    return data


async def insert(entries: list[AccessEntry]) -> None:
    if entries:
        async with in_transaction():
            await AccessEntry.bulk_create(entries)


async def timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await call()
    return (time.perf_counter() - started) * 1000, result


async def measure(db_url: str, backend: str, config: AccessCheckConfig) -> Report:
    async with open_database(db_url):
        started = time.perf_counter()
        data = await load(config)
        conn = Tortoise.get_connection("default")
        if backend == POSTGRES:
            await conn.execute_script("ANALYZE")
        load_seconds = time.perf_counter() - started
        gc.collect()  # the loader's garbage is not the check's to pay for
        placeholder = "$1" if backend == POSTGRES else "?"
        raw_sql = (
            "SELECT id, property_id, list_type, doc_type, doc_number, full_name "
            f"FROM access_entry WHERE id = {placeholder}"
        )
        rng = random.Random(config.seed + 1)
        total = config.warmup + config.calls
        unlisted = total // 2
        plan = [(rng.choice(data.listed_ruts), True) for _ in range(total - unlisted)]
        plan += [(number, False) for number in data.unlisted_ruts[:unlisted]]
        rng.shuffle(plan)
        samples: dict[str, list[float]] = {name: [] for name in SERIES}
        for k, (number, listed) in enumerate(plan):
            entry_id = rng.randint(*data.entry_ids)
            check_ms, result = await timed(
                lambda number=number: check_document(data.community_id, DocumentType.RUT, number)
            )
            orm_ms, row = await timed(lambda i=entry_id: AccessEntry.filter(id=i).first())
            raw_ms, (_, raw_rows) = await timed(
                lambda i=entry_id: conn.execute_query(raw_sql, [i])
            )
            # A wrong answer would make the timing meaningless.
            if (result.status is CheckStatus.UNLISTED) == listed or row is None or not raw_rows:
                raise RuntimeError(f"unexpected result for {number} / entry {entry_id}")
            if k < config.warmup:
                continue
            samples["check"].append(check_ms)
            samples["check_listed" if listed else "check_unlisted"].append(check_ms)
            samples["baseline_orm"].append(orm_ms)
            samples["baseline_raw"].append(raw_ms)
    return summarise(data, samples, load_seconds)


def summarise(data: Dataset, samples: dict[str, list[float]], load_seconds: float) -> Report:
    latency = {
        name: {
            "calls": len(values),
            "p50_ms": percentile(values, 50),
            "p99_ms": percentile(values, 99),
            "mean_ms": sum(values) / len(values),
        }
        for name, values in samples.items()
    }
    p99 = latency["check"]["p99_ms"]
    return {
        "data": {
            "properties": data.properties,
            "entries": data.entries,
            "people": data.people,
            "people_on_several_properties": data.people_on_several,
            "entries_by_document_type": data.by_type,
            "load_seconds": load_seconds,
        },
        "latency": latency,
        "ratio_p99_to_baseline_p99": ratio(p99, latency["baseline_orm"]["p99_ms"]),
        "ratio_p99_to_raw_p99": ratio(p99, latency["baseline_raw"]["p99_ms"]),
        "targets": [
            Target("check p99 (ms)", p99, TARGET_P99_MS).as_dict(),
            Target(
                "check p99 / baseline p99",
                ratio(p99, latency["baseline_orm"]["p99_ms"]),
                TARGET_RATIO,
            ).as_dict(),
        ],
    }


def render(backend: str, result: Report) -> str:
    data = result["data"]
    rows = [
        [
            SERIES_LABELS[name],
            result["latency"][name]["calls"],
            result["latency"][name]["p50_ms"],
            result["latency"][name]["p99_ms"],
        ]
        for name in SERIES
    ]
    lines = [
        f"Access check on {backend} — {data['properties']:,} properties, "
        f"{data['entries']:,} entries ({data['people']:,} people, "
        f"{data['people_on_several_properties']:,} on several properties; "
        f"loaded in {data['load_seconds']:.1f} s)",
        table(["call", "calls", "p50 ms", "p99 ms"], rows),
        f"  p99 / baseline p99: {result['ratio_p99_to_baseline_p99']:.2f}× "
        f"(against raw SQL: {result['ratio_p99_to_raw_p99']:.2f}×)",
    ]
    lines += [
        Target(t["label"], t["value"], t["limit"], t["at_least"]).line() for t in result["targets"]
    ]
    return "\n".join(lines)


def run(
    config: AccessCheckConfig = FULL,
    pg_server: str | None = None,
    *,
    log: Callable[[str], None] = print,
) -> Report:
    """The figures on SQLite (a file in a temp dir) and, with a server URL, on PostgreSQL."""
    report: Report = {"config": asdict(config), "backends": {}}
    for backend in backends(pg_server):
        with scratch_database(backend, pg_server) as db_url:
            result = in_fresh_process(measure_in_process, db_url, backend, config)
        report["backends"][backend] = result
        log(render(backend, result) + "\n")
    return report


def measure_in_process(db_url: str, backend: str, config: AccessCheckConfig) -> Report:
    """Entry point of the child process (see `bench.common.in_fresh_process`)."""
    return asyncio.run(measure(db_url, backend, config))
