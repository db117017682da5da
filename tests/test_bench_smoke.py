"""The benchmark harness works: each benchmark, tiny, gives sane figures (no timing asserted)."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import pytest

from bench import access_check, import_bomb, logbook, meters, throughput
from bench.__main__ import main
from bench.common import PG_ENV_VARS, SQLITE, percentile
from tests.dbutil import pg_server_url


def expected_backends() -> set[str]:
    return {SQLITE, "postgres"} if pg_server_url() else {SQLITE}


def positive(value: float) -> bool:
    return math.isfinite(value) and value > 0


def test_percentile_interpolates_between_ranks() -> None:
    samples = [4.0, 1.0, 3.0, 2.0]
    assert percentile(samples, 0) == 1.0
    assert percentile(samples, 50) == 2.5
    assert percentile(samples, 100) == 4.0
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 50)


def test_throughput_tiny_run_reports_every_figure() -> None:
    lines: list[str] = []
    config = throughput.QUICK
    report = throughput.run(config, pg_server_url(), log=lines.append)

    assert set(report["backends"]) == expected_backends()
    for backend, result in report["backends"].items():
        bots = result["bots"]
        assert set(bots) == set(throughput.VARIANTS)
        for figures in bots.values():
            assert positive(figures["updates_per_s"])
            assert figures["ms_per_update"] == pytest.approx(1000 / figures["updates_per_s"])
            assert len(figures["runs"]) == config.runs
        ratio = statistics.median(
            ours / echo
            for echo, ours in zip(
                bots[throughput.ECHO]["runs"], bots[throughput.OURS]["runs"], strict=True
            )
        )
        assert result["ratio_ours_to_echo"] == pytest.approx(ratio)
        assert result["cost_ours_to_echo"] == pytest.approx(1 / ratio)
        assert result["target"]["limit"] == throughput.TARGET_RATIO
        assert result["target"]["met"] == (ratio >= throughput.TARGET_RATIO)

        slow = result["slow_dependency"]
        assert set(slow["levels"]) == {str(level) for level in config.slow_levels}
        for level in slow["levels"].values():
            assert positive(level["updates_per_s"])
            assert level["updates"] == level["chats"] * config.slow_per_chat
        # One chat's updates run one after another, each sleeping 50 ms: never above 20/s.
        assert slow["levels"]["1"]["updates_per_s"] <= 1 / config.slow_delay
        assert positive(slow["growth"]["ratio"])
        assert any(f"Throughput on {backend}" in line for line in lines)


def test_access_check_tiny_run_reports_every_figure() -> None:
    lines: list[str] = []
    config = access_check.QUICK
    report = access_check.run(config, pg_server_url(), log=lines.append)

    assert set(report["backends"]) == expected_backends()
    for backend, result in report["backends"].items():
        data = result["data"]
        assert data["properties"] == config.properties
        assert data["entries"] == config.entries
        assert sum(data["entries_by_document_type"].values()) == config.entries
        assert 0 < data["people_on_several_properties"] < data["people"] < config.entries
        latency = result["latency"]
        assert set(latency) == set(access_check.SERIES)
        for name in ("check", "baseline_orm", "baseline_raw"):
            assert latency[name]["calls"] == config.calls
        assert latency["check_listed"]["calls"] + latency["check_unlisted"]["calls"] == (
            config.calls
        )
        for figures in latency.values():
            assert positive(figures["p50_ms"])
            assert figures["p50_ms"] <= figures["p99_ms"]
        assert result["ratio_p99_to_baseline_p99"] == pytest.approx(
            latency["check"]["p99_ms"] / latency["baseline_orm"]["p99_ms"]
        )
        assert [t["label"] for t in result["targets"]] == [
            "check p99 (ms)",
            "check p99 / baseline p99",
        ]
        assert any(f"Access check on {backend}" in line for line in lines)


def test_import_bomb_tiny_run_refuses_the_bomb_and_reads_the_normal_file() -> None:
    lines: list[str] = []
    report = import_bomb.run(quick=True, log=lines.append)
    assert report["normal"]["refused"] is None
    assert report["normal"]["rows"] == import_bomb.QUICK.rows
    assert report["bomb"]["refused"] == "archive_too_large"
    assert report["bomb"]["bytes"] < 2 * 1024 * 1024
    for figures in (report["normal"], report["bomb"]):
        assert figures["peak_rss_growth_mib"] >= 0
        assert figures["python_peak_mib"] >= 0
    assert report["targets"][0]["label"] == "bomb refused (1 = yes)"
    assert report["targets"][0]["met"]
    assert any("zip bomb" in line for line in lines)


def test_logbook_tiny_run_verifies_the_chain_and_reports_the_ratio() -> None:
    lines: list[str] = []
    report = logbook.run(logbook.QUICK, pg_server_url(), log=lines.append)
    assert set(report["backends"]) == expected_backends()
    for result in report["backends"].values():
        assert result["entries"] == logbook.QUICK.entries
        assert positive(result["read_s"])
        assert positive(result["verify_s"])
        assert result["ratio_verify_to_read"] == pytest.approx(
            result["verify_s"] / result["read_s"], rel=0.01
        )
        assert result["target"]["limit"] == logbook.TARGET_RATIO
    assert any("Logbook chain" in line for line in lines)


def test_command_line_prints_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in PG_ENV_VARS:  # PostgreSQL is covered above; SQLite is enough here
        monkeypatch.delenv(name, raising=False)
    output = tmp_path / "results.json"
    main(["access_check", "--quick", "--output", str(output)])

    printed = capsys.readouterr().out
    assert "Access check on sqlite" in printed
    assert "on postgres" not in printed
    assert str(output) in printed
    saved = json.loads(output.read_text(encoding="utf-8"))
    assert saved["quick"] is True
    assert list(saved["benchmarks"]) == ["access_check"]
    assert saved["machine"]["cpus"] >= 1


def test_command_line_refuses_an_unknown_benchmark() -> None:
    with pytest.raises(SystemExit):
        main(["nonexistent"])


def test_meters_tiny_run_reads_every_meter_and_reports_the_ratio() -> None:
    lines: list[str] = []
    config = meters.QUICK
    report = meters.run(config, pg_server_url(), log=lines.append)

    assert set(report["backends"]) == expected_backends()
    for backend, result in report["backends"].items():
        data = result["data"]
        assert data["properties"] == config.properties
        assert data["meters"] == 2 * config.properties
        assert data["readings"] == data["meters"]  # every meter of both rounds was read
        assert result["baseline_trips"] == data["readings"]  # one after every reading
        assert positive(result["ms_per_reading"])
        assert positive(result["ms_per_baseline"])
        assert result["ratio"] == pytest.approx(
            result["ms_per_reading"] / result["ms_per_baseline"]
        )
        assert result["target"]["limit"] == meters.TARGET_RATIO
        assert any(f"Meter reading round on {backend}" in line for line in lines)
