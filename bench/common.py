"""What every benchmark shares: scratch databases, statistics, the report and its JSON file.

Benchmarks measure ratios against a baseline taken in the same run (never absolute timings
that depend on the machine), print a readable report and return plain dicts for JSON.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from bot.db import close_db, init_db, migrate, normalise_db_url

RESULTS_DIR = Path(__file__).resolve().parent / "results"
LATEST = RESULTS_DIR / "latest.json"
PG_ENV_VARS = ("BENCH_DATABASE_URL", "TEST_DATABASE_URL")
SQLITE = "sqlite"
POSTGRES = "postgres"

Report = dict[str, Any]
P = ParamSpec("P")
T = TypeVar("T")


def pg_server_from_env() -> str | None:
    """The PostgreSQL server to benchmark on (a scratch database is created there), if any."""
    for name in PG_ENV_VARS:
        value = os.environ.get(name)
        if value:
            return normalise_db_url(value)
    return None


def backends(pg_server: str | None) -> list[str]:
    """SQLite always; PostgreSQL when a server URL is known."""
    return [SQLITE, POSTGRES] if pg_server else [SQLITE]


@contextmanager
def scratch_database(backend: str, pg_server: str | None) -> Iterator[str]:
    """A database URL nobody else uses, removed afterwards (a temp file, or a dropped database)."""
    if backend == SQLITE:
        with tempfile.TemporaryDirectory(prefix="conserjeria-bench-") as folder:
            yield f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        return
    if pg_server is None:
        raise ValueError("PostgreSQL needs a server URL")
    from tests.dbutil import create_pg_database, drop_pg_database

    url = create_pg_database(pg_server, prefix="conserjeria_bench")
    try:
        yield url
    finally:
        drop_pg_database(pg_server, url)


def in_fresh_process(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `function` in a new interpreter and return its (picklable) result.

    Tortoise keeps per-process state built for the first database it saw (SQL dialect of
    cached queries), so each backend is measured in a process of its own — which also gives
    every measurement the same clean start.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args, **kwargs).result()


@asynccontextmanager
async def open_database(db_url: str) -> AsyncIterator[None]:
    """Migrate and connect exactly as the bot does at start; always close."""
    await migrate(db_url)
    await init_db(db_url)
    try:
        yield
    finally:
        await close_db()


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), linear between the closest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(samples: Sequence[float]) -> float:
    return float(statistics.median(samples))


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.inf


@dataclass(frozen=True, slots=True)
class Target:
    """A goal for one figure: `value <= limit` (or `>=` when `at_least`)."""

    label: str
    value: float
    limit: float
    at_least: bool = False

    @property
    def met(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def as_dict(self) -> Report:
        return {
            "label": self.label,
            "value": round(self.value, 3),
            "limit": self.limit,
            "at_least": self.at_least,
            "met": self.met,
        }

    def line(self) -> str:
        sign = "≥" if self.at_least else "≤"
        verdict = "met" if self.met else "NOT met"
        return f"  target {self.label}: {self.value:.2f} (want {sign} {self.limit:g}) — {verdict}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def render(row: list[str]) -> str:
        parts = [row[0].ljust(widths[0])]
        parts += [value.rjust(width) for value, width in zip(row[1:], widths[1:], strict=True)]
        return "  " + "  ".join(parts)

    lines = [render(cells[0]), "  " + "  ".join("-" * w for w in widths)]
    lines += [render(row) for row in cells[1:]]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine() -> Report:
    """Where the figures come from; ratios travel between machines, absolute numbers do not."""
    import sqlite3

    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "python-telegram-bot": _version("python-telegram-bot"),
        "tortoise-orm": _version("tortoise-orm"),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def write_results(results: Report, path: Path = LATEST) -> Path:
    """Write the run's figures as JSON (bench/results/ is git-ignored)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **results,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
