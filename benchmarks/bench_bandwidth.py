"""Memory bandwidth, for the roofline of notebook 08: NumPy copies and sums, in one run.

Writes ``benchmarks/results/bandwidth.json`` (notebook 08 draws its roofline from it; it
never runs this) and prints it:

- on float64 arrays of ``LARGE_BYTES`` (128 MiB, at least four times the last-level cache
  of the course's machine, which ``os.sysconf`` reports where it can), so the bytes come
  from and go to main memory: ``np.copyto(dst, src)`` (reads and writes the array: 2 × its
  bytes counted) and ``src.sum()`` (reads it once);
- the same on arrays the size of notebook 08's float64 photo (512×512, 2 MiB), which stay in
  the cache between repeats: the bandwidth a pass over the photo sees.

Bandwidth = bytes counted / time, the minimum over interleaved rounds (one warm-up round).
The count is what the program asks for; a copy's writes can cost the memory system a read
too (write-allocate), which this does not count.

    python benchmarks/bench_bandwidth.py            # or: ./course bench bandwidth
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

import numpy as np

from course_utils.timing import interleaved_minimum

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "bandwidth.json"
LARGE_BYTES = 128 * 2 ** 20
PHOTO_BYTES = 512 * 512 * 8
ROUNDS = {"large": 7, "photo": 51}


def last_level_cache_bytes() -> int | None:
    """The last-level cache's size as the system reports it (Linux: ``os.sysconf``, else
    ``/sys/devices/system/cpu/cpu0/cache``), else None."""
    for name in ("SC_LEVEL3_CACHE_SIZE", "SC_LEVEL2_CACHE_SIZE"):
        try:
            size = os.sysconf(name)
        except (ValueError, OSError, AttributeError):
            continue
        if size and size > 0:
            return int(size)
    sizes = []
    for entry in Path("/sys/devices/system/cpu/cpu0/cache").glob("index*/size"):
        text = entry.read_text().strip()          # e.g. "32768K"
        units = {"K": 2 ** 10, "M": 2 ** 20}
        sizes.append(int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text))
    return max(sizes) if sizes else None


def measure(nbytes: int, rounds: int) -> dict:
    """GB/s (10^9 bytes per second) of a copy and a sum of float64 arrays of ``nbytes``."""
    src = np.random.default_rng(0).random(nbytes // 8)
    dst = np.empty_like(src)
    times = interleaved_minimum({"copy": lambda: np.copyto(dst, src), "sum": src.sum}, rounds)
    return {"bytes": nbytes, "rounds": rounds,
            "copy_seconds": times["copy"], "sum_seconds": times["sum"],
            "copy_gb_per_s": 2 * nbytes / times["copy"] / 1e9,
            "sum_gb_per_s": nbytes / times["sum"] / 1e9}


def run() -> dict:
    cache = last_level_cache_bytes()
    return {"machine": {"python": platform.python_version(), "numpy": np.__version__,
                        "cpus": os.cpu_count(), "system": platform.system(),
                        "last_level_cache_bytes": cache},
            "statistic": "minimum over interleaved rounds, after one warm-up round",
            "large": measure(LARGE_BYTES, ROUNDS["large"]),
            "photo": measure(PHOTO_BYTES, ROUNDS["photo"])}


def report(results: dict) -> None:
    cache = results["machine"]["last_level_cache_bytes"]
    print(f"last-level cache: {'unknown' if cache is None else f'{cache / 2**20:.0f} MiB'}")
    for key, label in (("large", "main memory"), ("photo", "photo-sized, in cache")):
        row = results[key]
        print(f"  {label:<22} {row['bytes'] / 2**20:6.0f} MiB arrays: copy "
              f"{row['copy_gb_per_s']:6.1f} GB/s, sum {row['sum_gb_per_s']:6.1f} GB/s")


def main(argv=None) -> int:
    results = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    report(results)
    print(f"\nwrote {RESULTS.relative_to(RESULTS.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
