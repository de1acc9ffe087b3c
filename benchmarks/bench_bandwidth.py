"""Memory bandwidth and a compute roof, for the roofline of notebook 08, in one run.

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

The compute roof, in the same run (``measure_compute``): float64 operations per second of
NumPy's matrix product ``a @ b`` of two n×n float64 arrays, counted as 2n³ operations (n³
multiplies, n³ adds; a fused multiply-add counts as two, as the roofline's rungs count a
product and a sum). Why that call: a matrix product reuses every number it loads about n
times, so memory does not limit it, and its BLAS (OpenBLAS here) is hand-written to keep
the vector units busy; it is the call an expert names as the machine's attainable float64
peak (HPL, the LINPACK benchmark of the TOP500 list, spends its time in it). It is what
NumPy attains here, not a data sheet's peak: the kernels OpenBLAS picked for this processor
are recorded (``blas_core``; on the course's AVX-512 machine, its AVX2 "Haswell" ones).
Sizes n = 128, 256 and 384: the three arrays (0.4 to 3.4 MiB) fit the last-level cache.
Measured with one BLAS thread (the rungs run in one thread: NumPy's elementwise passes do,
and OpenCV's pool gains nothing here, notebook 08) and with BLAS's default number of
threads (one per CPU), the two settings taking turns in blocks; the best size's minimum
is the roof. BLAS's threads are set through OpenBLAS's own ``set_num_threads`` (ctypes);
where that is not found, only the default is measured and ``one_thread`` is None.

    python benchmarks/bench_bandwidth.py            # or: ./course bench bandwidth
"""

from __future__ import annotations

import argparse
import ctypes
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
ROUNDS = {"large": 7, "photo": 51, "compute": 21}
MATMUL_SIZES = (128, 256, 384)


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


class OpenBLASThreads:
    """Get and set OpenBLAS's number of threads through its C functions (NumPy's wheels
    ship it as ``numpy.libs/libscipy_openblas64_*.so``); ``available`` is False elsewhere."""

    NAMES = (("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
             ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
             ("openblas_get_num_threads", "openblas_set_num_threads"))

    def __init__(self):
        self._get = self._set = None
        self.library = self.core = None
        folder = Path(np.__file__).resolve().parent.parent / "numpy.libs"
        for path in sorted(folder.glob("*openblas*.so*")):
            library = ctypes.CDLL(str(path))
            for get, set_ in self.NAMES:
                if hasattr(library, get) and hasattr(library, set_):
                    self._get, self._set = getattr(library, get), getattr(library, set_)
                    self._get.restype = ctypes.c_int
                    self.library = path.name
                    core = getattr(library, "scipy_openblas_get_corename64_", None)
                    if core is not None:
                        core.restype = ctypes.c_char_p
                        self.core = core().decode()
                    return

    @property
    def available(self) -> bool:
        return self._get is not None

    def get(self) -> int:
        return self._get()

    def set(self, threads: int) -> None:
        self._set(threads)


def measure_compute(rounds: int, sizes=MATMUL_SIZES, blocks: int = 3) -> dict:
    """Gop/s (10^9 float64 operations per second) of ``a @ b`` for n×n arrays, 2n³
    operations, with one BLAS thread and with the default; see the module's docstring."""
    blas = OpenBLASThreads()
    default = blas.get() if blas.available else None
    settings = {"default_threads": default, "one_thread": 1} if blas.available else {
        "default_threads": None}
    rng = np.random.default_rng(0)
    arrays = {n: (rng.random((n, n)), rng.random((n, n)), np.empty((n, n))) for n in sizes}
    tasks = {n: (lambda a, b, out: lambda: np.matmul(a, b, out=out))(*arrays[n]) for n in sizes}
    best = {key: dict.fromkeys(sizes, float("inf")) for key in settings}
    try:
        for _ in range(blocks):
            for key, threads in settings.items():
                if threads is not None:
                    blas.set(threads)
                times = interleaved_minimum(tasks, max(1, rounds // blocks))
                best[key] = {n: min(best[key][n], times[n]) for n in sizes}
    finally:
        if blas.available:
            blas.set(default)
    result = {"call": "np.matmul(a, b, out=c), a and b n×n float64, 2n³ operations",
              "blas": blas.library, "blas_core": blas.core, "rounds": rounds,
              "blocks": blocks, "default_threads": default}
    result["one_thread"] = result["one_thread_gop_per_s"] = None
    for key, label in (("one_thread", "one_thread"), ("default_threads", "default")):
        if key in best:
            rows = {str(n): {"seconds": best[key][n], "gop_per_s": 2 * n ** 3 / best[key][n] / 1e9}
                    for n in sizes}
            result[label] = rows
            result[f"{label}_gop_per_s"] = max(row["gop_per_s"] for row in rows.values())
    return result


def run() -> dict:
    cache = last_level_cache_bytes()
    return {"machine": {"python": platform.python_version(), "numpy": np.__version__,
                        "cpus": os.cpu_count(), "system": platform.system(),
                        "last_level_cache_bytes": cache},
            "statistic": "minimum over interleaved rounds, after one warm-up round",
            "large": measure(LARGE_BYTES, ROUNDS["large"]),
            "photo": measure(PHOTO_BYTES, ROUNDS["photo"]),
            "compute": measure_compute(ROUNDS["compute"])}


def report(results: dict) -> None:
    cache = results["machine"]["last_level_cache_bytes"]
    print(f"last-level cache: {'unknown' if cache is None else f'{cache / 2**20:.0f} MiB'}")
    for key, label in (("large", "main memory"), ("photo", "photo-sized, in cache")):
        row = results[key]
        print(f"  {label:<22} {row['bytes'] / 2**20:6.0f} MiB arrays: copy "
              f"{row['copy_gb_per_s']:6.1f} GB/s, sum {row['sum_gb_per_s']:6.1f} GB/s")
    compute = results["compute"]
    print(f"compute roof: {compute['call']} ({compute['blas']}, core {compute['blas_core']})")
    for label, threads in (("one_thread", 1), ("default", compute["default_threads"])):
        if compute.get(label) is None:
            continue
        sizes = "  ".join(f"n={n} {row['gop_per_s']:5.1f}" for n, row in compute[label].items())
        print(f"  {threads} BLAS thread(s): best {compute[label + '_gop_per_s']:6.1f} Gop/s   "
              f"({sizes})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args([] if argv is None else argv)     # benchmarks/run.py calls main()
    results = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    report(results)
    print(f"\nwrote {RESULTS.relative_to(RESULTS.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
