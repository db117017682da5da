"""`python -m bench [NAME ...] [--quick]`: run the benchmarks, print a report, write JSON.

Every benchmark runs on SQLite (a file in a temp dir) and, when `BENCH_DATABASE_URL` or
`TEST_DATABASE_URL` names a PostgreSQL server, on a scratch database there (dropped after).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import access_check, import_bomb, logbook, logos, meters, sms_dispatch, throughput
from bench.common import LATEST, Report, pg_server_from_env, write_results

Runner = Callable[[bool, str | None], Report]


def _throughput(quick: bool, pg_server: str | None) -> Report:
    return throughput.run(throughput.QUICK if quick else throughput.FULL, pg_server)


def _access_check(quick: bool, pg_server: str | None) -> Report:
    return access_check.run(access_check.QUICK if quick else access_check.FULL, pg_server)


def _meters(quick: bool, pg_server: str | None) -> Report:
    return meters.run(meters.QUICK if quick else meters.FULL, pg_server)


BENCHMARKS: dict[str, Runner] = {
    throughput.NAME: _throughput,
    access_check.NAME: _access_check,
    logos.NAME: logos.run,
    import_bomb.NAME: import_bomb.run,
    sms_dispatch.NAME: sms_dispatch.bench,
    logbook.NAME: logbook.bench,
    meters.NAME: _meters,
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: checks the harness, not the bot"
    )
    parser.add_argument(
        "--output", type=Path, default=LATEST, help=f"JSON results (default: {LATEST})"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )
    return args


def main(argv: Sequence[str] | None = None) -> Report:
    args = parse_args(argv)
    names: list[str] = args.names or list(BENCHMARKS)
    pg_server = pg_server_from_env()
    where = "SQLite and PostgreSQL" if pg_server else "SQLite (set BENCH_DATABASE_URL for PG)"
    print(f"Benchmarks: {', '.join(names)} on {where}; {os.cpu_count()} CPUs\n")
    results: dict[str, Any] = {
        "quick": args.quick,
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "benchmarks": {},
    }
    started = time.perf_counter()
    for name in names:
        results["benchmarks"][name] = BENCHMARKS[name](args.quick, pg_server)
    results["seconds"] = round(time.perf_counter() - started, 1)
    path = write_results(results, args.output)
    print(f"Done in {results['seconds']:.0f} s; figures written to {path}")
    return results


if __name__ == "__main__":
    main()
