"""The performance ladder of notebook 07, measured side by side in one run.

Writes ``benchmarks/results/ladder.json`` (notebook 07 plots it; it never runs
this) and prints:

1. the ladder on the 512×512 camera photo for 3×3, 7×7 and 21×21 box blurs
   (every rung applies to a box): time and speed-up over the Python loop;
2. cost against kernel size, 3×3 to 31×31, for a box and a dense random
   kernel, and the size from which the FFT wins;
3. the memory floor: the least any filter with a float64 output must do
   (read the uint8 photo once, write 8 bytes per pixel), and how close
   ``cv2.filter2D`` and ``correlate`` come to it;
4. for every bank kernel, ``correlate(img, k, method='auto')`` against
   ``cv2.filter2D(img, cv2.CV_64F, k)``: the ratio of their times.

    python benchmarks/bench_ladder.py            # or: ./course bench ladder

Times depend on the machine and on what else runs; the ratios, measured in one
run, are what the course quotes.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
from pathlib import Path

import cv2
import numpy as np

from course_utils import KERNEL_BANK, correlate, correlate_loop, load_image
from course_utils.fast import LADDER, applicable_rungs
from course_utils.filtering import FFT_MIN_ENTRIES, SEPARABLE_MIN_ENTRIES, choose_method
from course_utils.timing import best_time, format_seconds

RESULTS = Path(__file__).resolve().parent / "results" / "ladder.json"
LADDER_SIZES = (3, 7, 21)
SWEEP_SIZES = (3, 5, 7, 9, 11, 15, 21, 31)
#: im2col copies the image once per kernel entry; above this it is not run.
IM2COL_MAX_BYTES = 120e6


def _repeat(seconds_guess: float) -> int:
    return 7 if seconds_guess < 0.01 else 3 if seconds_guess < 0.2 else 1


def timed(function, *args, **kwargs) -> float:
    """Best time of a few runs, more runs for fast functions."""
    first = best_time(function, *args, repeat=1, **kwargs)
    return min(first, best_time(function, *args, repeat=_repeat(first), **kwargs))


def box(size: int) -> np.ndarray:
    return np.full((size, size), 1.0 / size ** 2)


def dense(size: int) -> np.ndarray:
    """A non-separable kernel of the given size (seeded random numbers)."""
    return np.random.default_rng(size).normal(size=(size, size))


def rung_times(image: np.ndarray, kernel: np.ndarray) -> dict[str, float | None]:
    """Seconds per call of every rung that applies (None: skipped for memory)."""
    times: dict[str, float | None] = {}
    for name in applicable_rungs(kernel):
        if name == "im2col" and image.size * kernel.size * 8 > IM2COL_MAX_BYTES:
            times[name] = None
            continue
        times[name] = timed(LADDER[name], image, kernel)
    times["correlate_auto"] = timed(correlate, image, kernel)
    return times


def measure_ladder(image: np.ndarray) -> list[dict]:
    rows = []
    for size in LADDER_SIZES:
        kernel = box(size)
        times = {"loop": best_time(correlate_loop, image, kernel, repeat=1)}
        times.update(rung_times(image, kernel))
        rows.append({"size": size, "kernel": f"{size}x{size} box blur", "seconds": times})
    return rows


def measure_sweep(image: np.ndarray) -> dict:
    sweep = {}
    for kind, make in (("box", box), ("dense", dense)):
        sweep[kind] = []
        for size in SWEEP_SIZES:
            kernel = make(size)
            times = rung_times(image, kernel)
            times["package_direct"] = timed(correlate, image, kernel, method="direct")
            times["package_fft"] = timed(correlate, image, kernel, method="fft")
            sweep[kind].append({"size": size, "seconds": times})
    return sweep


def first_size_where(rows: list[dict], fast: str, slow: str) -> int | None:
    """The first kernel size from which ``fast`` beats ``slow`` for good."""
    for index, row in enumerate(rows):
        if all(r["seconds"][fast] < r["seconds"][slow] for r in rows[index:]):
            return row["size"]
    return None


def memory_floor(image: np.ndarray) -> dict:
    """The least work of any filter with a float64 output, and the bandwidth behind it."""
    big = np.ones(8_000_000)  # 64 MB: far larger than any cache
    copy_seconds = best_time(np.copy, big, repeat=5)
    bandwidth = 2 * big.nbytes / copy_seconds  # read + write
    convert_seconds = best_time(image.astype, np.float64, repeat=20)
    traffic = image.size * (image.itemsize + 8)
    return {
        "bytes_moved": int(traffic),
        "bandwidth_bytes_per_second": bandwidth,
        "bandwidth_bound_seconds": traffic / bandwidth,
        "convert_seconds": convert_seconds,
    }


def faults_per_call(function, *args, calls: int = 10) -> float:
    """Minor page faults per call: each first touch of fresh memory is one."""
    function(*args)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(calls):
        function(*args)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / calls


def measure_bank(image: np.ndarray) -> list[dict]:
    """correlate(method='auto') against cv2.filter2D(img, cv2.CV_64F, k) for every bank kernel."""
    rows = []
    for name in KERNEL_BANK:
        kernel = KERNEL_BANK[name]
        opencv = best_time(cv2.filter2D, image, cv2.CV_64F, kernel, repeat=25)
        ours = best_time(correlate, image, kernel, repeat=25)
        opencv = min(opencv, best_time(cv2.filter2D, image, cv2.CV_64F, kernel, repeat=25))
        same_border = cv2.filter2D(image, cv2.CV_64F, kernel, borderType=cv2.BORDER_REFLECT)
        rows.append({
            "kernel": name,
            "shape": list(kernel.shape),
            "method": choose_method(kernel),
            "correlate_auto": ours,
            "cv2_filter2D": opencv,
            "ratio": ours / opencv,
            "max_abs_difference": float(np.abs(correlate(image, kernel) - same_border).max()),
            "page_faults_per_call": faults_per_call(correlate, image, kernel),
        })
    return rows


def run() -> dict:
    image = load_image("camera")
    return {
        "image": {"name": "camera", "shape": list(image.shape), "dtype": str(image.dtype)},
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "opencv": cv2.__version__,
            "cpus": os.cpu_count(),
            "system": platform.system(),
        },
        "package_thresholds": {"SEPARABLE_MIN_ENTRIES": SEPARABLE_MIN_ENTRIES,
                               "FFT_MIN_ENTRIES": FFT_MIN_ENTRIES},
        "ladder": measure_ladder(image),
        "sweep": measure_sweep(image),
        "memory_floor": memory_floor(image),
        "bank": measure_bank(image),
    }


def report(results: dict) -> None:
    floor = results["memory_floor"]
    print(f"image: camera {results['image']['shape']} uint8; numpy {results['machine']['numpy']}, "
          f"OpenCV {results['machine']['opencv']}, {results['machine']['cpus']} CPUs")
    print("\n1. The ladder (box blurs; speed-up = loop time / time)")
    for row in results["ladder"]:
        loop = row["seconds"]["loop"]
        print(f"  {row['kernel']}")
        for name, seconds in row["seconds"].items():
            if seconds is None:
                print(f"    {name:<15} {'skipped (memory)':>12}")
                continue
            print(f"    {name:<15} {format_seconds(seconds):>12} {loop / seconds:>10.0f}×")
    print("\n2. Cost against kernel size (dense kernels)")
    dense_rows = results["sweep"]["dense"]
    names = [n for n in dense_rows[0]["seconds"]]
    print("    size " + "".join(f"{n:>15}" for n in names))
    for row in dense_rows:
        cells = "".join(f"{format_seconds(s) if s is not None else '-':>15}"
                        for s in row["seconds"].values())
        print(f"    {row['size']:>4} {cells}")
    cross = results["crossover"]
    print(f"  FFT beats shift-and-add from {cross['fft_vs_shift_add']}×"
          f"{cross['fft_vs_shift_add']}, the package's fft beats its direct from "
          f"{cross['package_fft_vs_direct']}×{cross['package_fft_vs_direct']} "
          f"(FFT_MIN_ENTRIES = {FFT_MIN_ENTRIES}), cv2.filter2D beats the FFT rung at "
          f"every size: {cross['opencv_always_beats_fft']}")
    print("\n3. Memory floor: read 1 byte, write 8 bytes per pixel "
          f"({floor['bytes_moved'] / 1e6:.2f} MB)")
    print(f"    bandwidth (64 MB copy) {floor['bandwidth_bytes_per_second'] / 1e9:.1f} GB/s -> "
          f"{format_seconds(floor['bandwidth_bound_seconds'])}; uint8 -> float64 conversion "
          f"{format_seconds(floor['convert_seconds'])}")
    print("\n4. correlate(img, k, method='auto') / cv2.filter2D(img, cv2.CV_64F, k), 512x512")
    for row in results["bank"]:
        print(f"    {row['kernel']:<11} {row['method']:<10} ours "
              f"{format_seconds(row['correlate_auto']):>9}  OpenCV "
              f"{format_seconds(row['cv2_filter2D']):>9}  ratio {row['ratio']:.2f}  "
              f"(OpenCV / floor {row['cv2_filter2D'] / floor['convert_seconds']:.1f}, "
              f"max |diff| {row['max_abs_difference']:.1e})")


def main(argv=None) -> int:
    results = run()
    dense_rows = results["sweep"]["dense"]
    results["crossover"] = {
        "fft_vs_shift_add": first_size_where(dense_rows, "fft", "shift_add"),
        "fft_vs_windows": first_size_where(dense_rows, "fft", "windows"),
        "package_fft_vs_direct": first_size_where(dense_rows, "package_fft", "package_direct"),
        "opencv_always_beats_fft": all(r["seconds"]["opencv"] < r["seconds"]["fft"]
                                       for r in dense_rows),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    report(results)
    print(f"\nwrote {RESULTS.relative_to(RESULTS.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
