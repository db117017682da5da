"""Logo uploads: the cost of checking and normalising a camera-sized JPEG; refusing a huge one.

Figures, each taken in a fresh interpreter so one measurement's memory never hides another's:

- time to validate + normalise (`models.images.prepare_logo`) a 4000×3000 JPEG just under
  2 MB, as a ratio to a plain `Image.open().load()` of the same bytes in the same run;
- peak memory of both (growth of the process's peak RSS, plus tracemalloc's Python-side peak);
- a 40 MB upload: refused as too heavy before any decoding — the decoder is never called and
  the peak memory does not move.

No database is involved; `pg_server` is accepted only to fit `bench.__main__`'s runner shape.
"""

from __future__ import annotations

import gc
import io
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.common import Report, Target, in_fresh_process, median, ratio, table

NAME = "logos"
SIDE = (4000, 3000)
UPLOAD_MAX = 2 * 1024 * 1024
UPLOAD_MIN = int(UPLOAD_MAX * 0.9)
HUGE_BYTES = 40 * 1024 * 1024


@dataclass(frozen=True)
class LogoBenchConfig:
    repeats: int


FULL = LogoBenchConfig(repeats=15)
QUICK = LogoBenchConfig(repeats=3)


# --- the test image --------------------------------------------------------------------------


def camera_like_jpeg(width: int, height: int) -> bytes:
    """A photo-like 4000×3000 JPEG of just under 2 MB (smooth shapes plus sensor-like grain)."""
    from PIL import Image, ImageChops

    channels = [
        Image.effect_noise((width // step, height // step), 60 + 10 * i).resize(
            (width, height), Image.Resampling.BICUBIC
        )
        for i, step in enumerate((8, 11, 13))
    ]
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    picture = ImageChops.add(Image.merge("RGB", channels), grain, scale=1.0, offset=-20)
    low, high = 5, 95
    best = b""
    while low <= high:  # the highest quality that stays under the 2 MB limit
        quality = (low + high) // 2
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality)
        data = out.getvalue()
        if len(data) <= UPLOAD_MAX:
            best, low = data, quality + 1
        else:
            high = quality - 1
    if not UPLOAD_MIN <= len(best) <= UPLOAD_MAX:
        raise RuntimeError(f"could not make a ~2 MB test JPEG (got {len(best):,} bytes)")
    return best


# --- measurements in child processes -----------------------------------------------------------


class PeakMemory:
    """Growth of the process's resident memory high-water mark over a block of code.

    Linux's `VmHWM` (reset through `/proc/self/clear_refs`) measures this process alone;
    `ru_maxrss` would also carry the parent's peak into a freshly spawned child.
    """

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.resettable = _reset_peak()
        self.before_kib = _status_kib("VmRSS") if self.resettable else _maxrss_kib()
        self.growth_mib = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        after = _status_kib("VmHWM") if self.resettable else _maxrss_kib()
        self.growth_mib = max(0, after - self.before_kib) / 1024


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        _status_kib("VmHWM")
    except (OSError, KeyError):
        return False
    return True


def _maxrss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def _plain_load(data: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()


def _prepare(data: bytes) -> None:
    from models.images import prepare_logo

    prepare_logo(data)


OPERATIONS: dict[str, Callable[[bytes], None]] = {"plain": _plain_load, "prepare": _prepare}


def time_in_process(path: str, repeats: int) -> Report:
    """Interleaved timings of a plain decode and of `prepare_logo`, after one warm-up each."""
    data = Path(path).read_bytes()
    samples: dict[str, list[float]] = {name: [] for name in OPERATIONS}
    for operation in OPERATIONS.values():
        operation(data)
    for _ in range(repeats):
        for name, operation in OPERATIONS.items():
            started = time.perf_counter()
            operation(data)
            samples[name].append(time.perf_counter() - started)
    return {name: median(values) * 1000 for name, values in samples.items()}


def memory_in_process(path: str, operation: str) -> Report:
    """Peak memory growth of one run of `operation` on the file, from a fresh start."""
    import PIL.Image  # noqa: F401  (imports are not what is measured)

    import models.images  # noqa: F401

    data = Path(path).read_bytes()
    tracemalloc.start()
    with PeakMemory() as peak:
        OPERATIONS[operation](data)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peak_rss_growth_mib": peak.growth_mib, "python_peak_mib": traced_peak / 1_048_576}


def huge_upload_in_process(size: int) -> Report:
    """A 40 MB "JPEG" is refused by weight: time, memory growth, and decoder calls (must be 0)."""
    from PIL import Image

    from models import images

    opened: list[int] = []
    real_open = Image.open

    def counting_open(*args: object, **kwargs: object) -> Image.Image:
        opened.append(1)
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    Image.open = counting_open  # type: ignore[assignment]
    data = images.JPEG_MAGIC + bytes(size - len(images.JPEG_MAGIC))
    tracemalloc.start()
    with PeakMemory() as peak:
        started = time.perf_counter()
        check = images.validate_logo(data)
        elapsed = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    Image.open = real_open  # type: ignore[assignment]
    return {
        "bytes": len(data),
        "refusal": check.refusal.value if check.refusal else None,
        "microseconds": elapsed * 1e6,
        "peak_rss_growth_mib": peak.growth_mib,
        "python_peak_kib": traced_peak / 1024,
        "decoder_calls": len(opened),
    }


# --- report ------------------------------------------------------------------------------------


def render(result: Report) -> str:
    image = result["image"]
    times, memory, huge = result["milliseconds"], result["memory"], result["huge_upload"]
    rows = [
        [
            "Image.open().load()",
            times["plain"],
            memory["plain"]["peak_rss_growth_mib"],
            memory["plain"]["python_peak_mib"],
        ],
        [
            "prepare_logo (check + square 600)",
            times["prepare"],
            memory["prepare"]["peak_rss_growth_mib"],
            memory["prepare"]["python_peak_mib"],
        ],
    ]
    lines = [
        f"Logos — a {image['width']}×{image['height']} JPEG of {image['bytes'] / 1e6:.2f} MB "
        f"(median of {result['config']['repeats']} runs, memory from a fresh process each)",
        table(["operation", "ms", "peak RSS +MiB", "Python peak MiB"], rows),
        f"  prepare / plain load: {result['ratio_time']:.2f}× the time, "
        f"{result['ratio_memory']:.2f}× the peak memory",
        f"  40 MB upload: refused as {huge['refusal']} in {huge['microseconds']:.0f} µs, "
        f"decoder calls {huge['decoder_calls']}, peak RSS +{huge['peak_rss_growth_mib']:.2f} MiB, "
        f"Python peak {huge['python_peak_kib']:.1f} KiB",
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
    data = camera_like_jpeg(*SIDE)
    with tempfile.TemporaryDirectory(prefix="conserjeria-bench-logos-") as folder:
        path = Path(folder) / "camera.jpg"
        path.write_bytes(data)
        times = in_fresh_process(time_in_process, str(path), config.repeats)
        memory = {
            name: in_fresh_process(memory_in_process, str(path), name) for name in OPERATIONS
        }
    huge = in_fresh_process(huge_upload_in_process, HUGE_BYTES)
    ratio_time = ratio(times["prepare"], times["plain"])
    ratio_memory = ratio(
        memory["prepare"]["peak_rss_growth_mib"], memory["plain"]["peak_rss_growth_mib"]
    )
    targets = [
        Target("prepare / plain load time", ratio_time, 1.0),
        Target("prepare / plain load peak memory", ratio_memory, 0.5),
        Target("40 MB upload: decoder calls", huge["decoder_calls"], 0),
        Target("40 MB upload: peak RSS growth MiB", huge["peak_rss_growth_mib"], 1.0),
    ]
    result: Report = {
        "config": asdict(config),
        "image": {"width": SIDE[0], "height": SIDE[1], "bytes": len(data)},
        "milliseconds": times,
        "memory": memory,
        "ratio_time": ratio_time,
        "ratio_memory": ratio_memory,
        "huge_upload": huge,
        "targets": [target.as_dict() for target in targets],
    }
    log(render(result) + "\n")
    return result


if __name__ == "__main__":
    run()
