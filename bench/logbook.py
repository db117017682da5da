"""Verifying a community's logbook chain, next to a plain sequential read of the same rows.

One community with 100,000 entries (bulk-built with real hashes: the same `content_hash` the
domain uses, so the chain verifies). Then, alternating run by run so a busy machine slows
both alike: `models.logbook.read_chain` (the baseline: the same keyset batches of the same
columns, only read) and `models.logbook.verify_chain` (read + canonical JSON + SHA-256 +
link and sequence checks). The figure is the ratio of the medians; the target is ≤ 3×.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from bench.common import (
    Report,
    Target,
    backends,
    in_fresh_process,
    median,
    open_database,
    ratio,
    scratch_database,
    table,
)
from models.core import Administration, Community
from models.logbook import (
    GENESIS,
    HASHED,
    EntryKind,
    LogbookEntry,
    Priority,
    content_hash,
    fold,
    read_chain,
    verify_chain,
)

NAME = "logbook"
TARGET_RATIO = 3.0
TEXTS = (
    "Ronda perimetral sin novedad",
    "Se recibe llamado del Depto 1203 por ruidos molestos; se conversa con el residente",
    "Portón de estacionamientos queda abierto por falla del sensor; se avisa a mantención",
    "Entrega de llaves de la sala multiuso al Depto 504",
)


@dataclass(frozen=True, slots=True)
class LogbookBenchConfig:
    entries: int = 100_000
    repeats: int = 5
    batch_size: int = 5000


FULL = LogbookBenchConfig()
QUICK = LogbookBenchConfig(entries=300, repeats=2, batch_size=100)


async def _load(config: LogbookBenchConfig) -> int:
    administration = await Administration.create(name="Administradora Bench")
    community = await Community.create(administration=administration, name="Torre Bench")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    previous = GENESIS
    rows: list[LogbookEntry] = []
    for n in range(1, config.entries + 1):
        values = {
            "community_id": community.id,
            "sequence": n,
            "kind": EntryKind.NOTE,
            "author_label": "Conserje Bench",
            "category_name": "Seguridad" if n % 3 else "Mantención",
            "priority": Priority.ALTA if n % 50 == 0 else Priority.NORMAL,
            "property_name": f"Depto {n % 300 + 101}" if n % 4 == 0 else None,
            "text": f"{TEXTS[n % len(TEXTS)]} ({n})",
            "photos": ["AgACAgEAAxkBAAIBb2Zphoto"] if n % 10 == 0 else [],
            "summary": None,
            "corrects_id": None,
            "created_at": start + timedelta(minutes=5 * n),
            "prev_hash": previous,
        }
        digest = content_hash([values[name] for name in HASHED])
        rows.append(LogbookEntry(**values, hash=digest, search_text=fold(str(values["text"]))))
        previous = digest
        if len(rows) >= config.batch_size:
            async with in_transaction():
                await LogbookEntry.bulk_create(rows)
            rows = []
    if rows:
        async with in_transaction():
            await LogbookEntry.bulk_create(rows)
    return community.id


async def measure(db_url: str, backend: str, config: LogbookBenchConfig) -> Report:
    async with open_database(db_url):
        community_id = await _load(config)
        state = await verify_chain(community_id)
        if not state.intact or state.entries != config.entries:
            raise RuntimeError(f"the bench chain does not verify: {state}")
        reads: list[float] = []
        verifies: list[float] = []
        for _ in range(config.repeats):
            started = time.perf_counter()
            count = await read_chain(community_id)
            reads.append(time.perf_counter() - started)
            assert count == config.entries
            started = time.perf_counter()
            await verify_chain(community_id)
            verifies.append(time.perf_counter() - started)
    read_s, verify_s = median(reads), median(verifies)
    value = ratio(verify_s, read_s)
    return {
        "entries": config.entries,
        "read_s": round(read_s, 4),
        "verify_s": round(verify_s, 4),
        "ratio_verify_to_read": value,
        "target": Target("verify / plain read", value, TARGET_RATIO).as_dict(),
    }


def measure_in_process(db_url: str, backend: str, config: LogbookBenchConfig) -> Report:
    return asyncio.run(measure(db_url, backend, config))


def render(backend: str, result: Report) -> str:
    target = result["target"]
    rows = [
        ["plain sequential read", f"{result['read_s'] * 1000:.1f} ms"],
        ["verify_chain", f"{result['verify_s'] * 1000:.1f} ms"],
        ["ratio", f"{result['ratio_verify_to_read']:.2f}×"],
    ]
    verdict = "met" if target["met"] else "NOT met"
    return (
        f"Logbook chain, {result['entries']:,} entries — {backend}\n"
        + table(["", "median"], rows)
        + f"\n  target verify / read: {target['value']:.2f} "
        + f"(want ≤ {target['limit']:g}) — {verdict}"
    )


def run(
    config: LogbookBenchConfig = FULL,
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


def bench(quick: bool, pg_server: str | None) -> Report:
    return run(QUICK if quick else FULL, pg_server)
