"""The performance ladder of notebook 08, measured side by side in one run.

Writes ``benchmarks/results/ladder.json`` (notebook 08 plots it; it never runs
this) and prints:

1. the ladder on the 512×512 camera photo for 3×3, 7×7 and 21×21 box blurs
   (every rung applies to a box): time and speed-up over the Python loop;
2. cost against kernel size, 3×3 to 31×31, for a box and a dense random
   kernel, and the size from which the FFT wins;
3. for every bank kernel and both input types (uint8 and float64),
   ``correlate(img, k, mode='mirror')`` (the package's 'auto' path) against
   ``cv2.filter2D(img, cv2.CV_64F, k, borderType=cv2.BORDER_REFLECT_101)`` and
   against OpenCV's right tool for the kernel (``cv2.boxFilter``,
   ``cv2.sepFilter2D``): the same border, the ratios of times
   (``bench_filtering.measure_bank``);
4. OpenCV's fastest calls for every bank kernel, each with its input and output types
   (``cv2.filter2D`` with int16 output, ``cv2.Sobel``/``cv2.Laplacian`` with int16,
   ``cv2.blur``, ``cv2.boxFilter``, ``cv2.sepFilter2D``, float32 in and out), with
   ``scipy.ndimage`` and the package (``bench_filtering.measure_fastest``); the DFT switch
   of ``cv2.filter2D`` (``measure_dft_switch``), OpenCV's threads (``measure_threads``) and
   its SIMD and IPP code switched off (``measure_optimizations``).

    python benchmarks/bench_ladder.py            # or: ./course bench ladder

How the noise of a shared machine is kept out:

- every measurement is the *minimum* over several rounds, and the rounds are
  interleaved: one round times every method once, so a slow spell of the
  machine hits all methods alike instead of one method's whole series;
- one warm-up round is run and thrown away;
- the pure-Python loop is timed on a 128×128 crop (in every round, like the
  rest) and its cost per pixel is scaled to the 512×512 photo;
- the ladder's box blurs are the same measurements as the sweep's, not a
  second run.

Times depend on the machine and on what else runs: the numbers are from one
machine; the notebook quotes only trends that hold with a margin.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import sys
from pathlib import Path

import cv2
import numpy as np

from course_utils import correlate, correlate_loop, load_image
from course_utils.fast import LADDER, applicable_rungs
from course_utils.filtering import FFT_MIN_ENTRIES, SEPARABLE_MIN_ENTRIES, choose_method
from course_utils.timing import format_seconds, interleaved_minimum

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "ladder.json"
LADDER_SIZES = (3, 7, 21)
SWEEP_SIZES = (3, 5, 7, 9, 11, 15, 21, 31)
#: im2col copies the image once per kernel entry; above this many bytes it is not run.
#: (At 120 MB the 7×7 box's 103 MB matrix timed 7× slower than the same product for the
#: dense kernel of the same size: memory pressure on a 2-CPU machine, not the method.)
IM2COL_MAX_BYTES = 64e6
#: A method "wins" from a size on only if it is at least this much faster (0.15 = 15 %)
#: at that size and every larger one: a 1 % lead in noisy timings is no crossover.
CROSSOVER_MARGIN = 0.15
#: Interleaved rounds of the ladder and sweep (the minimum over them is kept).
ROUNDS = 11
#: Interleaved rounds of the bank comparison (fast calls).
BANK_ROUNDS = 31
#: The loop runs on a CROP×CROP crop; its time per pixel is scaled to the photo.
CROP = 128


def _bench_filtering():
    """benchmarks/bench_filtering.py as a module (the bank comparison lives there)."""
    spec = importlib.util.spec_from_file_location("bench_filtering", HERE / "bench_filtering.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def box(size: int) -> np.ndarray:
    return np.full((size, size), 1.0 / size ** 2)


def dense(size: int) -> np.ndarray:
    """A non-separable kernel of the given size (seeded random numbers)."""
    return np.random.default_rng(size).normal(size=(size, size))


def _call(function, *args, **kwargs):
    return lambda: function(*args, **kwargs)


def sweep_tasks(image: np.ndarray, crop: np.ndarray) -> dict:
    """Every (kind, size, method) to time, keyed by 'kind/size/method'."""
    tasks = {}
    for kind, make in (("box", box), ("dense", dense)):
        for size in SWEEP_SIZES:
            kernel = make(size)
            for name in applicable_rungs(kernel):
                if name == "im2col" and image.size * kernel.size * 8 > IM2COL_MAX_BYTES:
                    continue
                if name == "opencv_tool" and kind == "dense":
                    continue  # for a dense kernel OpenCV's tool is filter2D: the 'opencv' rung
                tasks[f"{kind}/{size}/{name}"] = _call(LADDER[name], image, kernel)
            tasks[f"{kind}/{size}/correlate_auto"] = _call(correlate, image, kernel)
            tasks[f"{kind}/{size}/package_direct"] = _call(correlate, image, kernel,
                                                           method="direct")
            tasks[f"{kind}/{size}/package_fft"] = _call(correlate, image, kernel, method="fft")
            if kind == "box" and size in LADDER_SIZES:
                tasks[f"{kind}/{size}/loop_crop"] = _call(correlate_loop, crop, kernel)
    return tasks


def measure_sweep(image: np.ndarray, crop: np.ndarray) -> dict:
    times = interleaved_minimum(sweep_tasks(image, crop), ROUNDS)
    sweep = {}
    for kind, make in (("box", box), ("dense", dense)):
        sweep[kind] = []
        for size in SWEEP_SIZES:
            kernel = make(size)
            seconds = {}
            for name in [*applicable_rungs(kernel), "correlate_auto", "package_direct",
                         "package_fft", "loop_crop"]:
                key = f"{kind}/{size}/{name}"
                if key in times:
                    seconds[name] = times[key]
                elif name == "im2col":
                    seconds[name] = None  # skipped: the matrix would be too large
            sweep[kind].append({"size": size, "method_auto_picks": choose_method(kernel),
                                "seconds": seconds})
    return sweep


def ladder_from_sweep(sweep: dict, image: np.ndarray) -> list[dict]:
    """The box rows of the sweep at LADDER_SIZES, with the loop scaled to the photo."""
    rows = []
    for row in sweep["box"]:
        if row["size"] not in LADDER_SIZES:
            continue
        seconds = dict(row["seconds"])
        loop_crop = seconds.pop("loop_crop")
        per_pixel = loop_crop / CROP ** 2
        seconds = {"loop": per_pixel * image.size, **seconds}
        seconds.pop("package_direct")
        seconds.pop("package_fft")
        rows.append({"size": row["size"], "kernel": f"{row['size']}x{row['size']} box blur",
                     "loop_seconds_per_pixel": per_pixel,
                     "loop_crop_seconds": loop_crop,
                     "seconds": seconds})
    for row in sweep["box"]:
        row["seconds"].pop("loop_crop", None)
    return rows


def first_size_where(rows: list[dict], fast: str, slow: str,
                     margin: float = CROSSOVER_MARGIN) -> int | None:
    """The first kernel size from which ``fast`` beats ``slow`` by ``margin``, for good.

    ``fast`` must take at most ``1 - margin`` of ``slow``'s time at that size and
    at every larger one.

    >>> rows = [{"size": s, "seconds": {"a": a, "b": 1.0}}
    ...         for s, a in ((3, 1.2), (5, 0.99), (7, 0.8), (9, 0.7))]
    >>> first_size_where(rows, "a", "b"), first_size_where(rows, "a", "b", margin=0)
    (7, 5)
    """
    for index, row in enumerate(rows):
        if all(r["seconds"][fast] <= (1 - margin) * r["seconds"][slow] for r in rows[index:]):
            return row["size"]
    return None


def run() -> dict:
    image = load_image("camera")
    crop = image[200:200 + CROP, 200:200 + CROP]
    sweep = measure_sweep(image, crop)
    ladder = ladder_from_sweep(sweep, image)
    filtering = _bench_filtering()
    bank, fastest = filtering.measure_bank_and_fastest(image, BANK_ROUNDS)
    dft_switch = filtering.measure_dft_switch(image, BANK_ROUNDS)
    threads = filtering.measure_threads(image, BANK_ROUNDS)
    optimizations = filtering.measure_optimizations(image, BANK_ROUNDS)
    dense_rows = sweep["dense"]
    return {
        "image": {"name": "camera", "shape": list(image.shape), "dtype": str(image.dtype)},
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "opencv": cv2.__version__,
            "cpus": os.cpu_count(),
            "system": platform.system(),
        },
        "method": {
            "rounds": ROUNDS,
            "bank_rounds": BANK_ROUNDS,
            "statistic": "minimum over interleaved rounds (each round times every method "
                         "once), after one warm-up round",
            "loop": f"timed on a {CROP}x{CROP} crop in every round; seconds per pixel "
                    "scaled to the photo",
            "im2col_max_bytes": IM2COL_MAX_BYTES,
            "crossover_margin": CROSSOVER_MARGIN,
        },
        "package_thresholds": {"SEPARABLE_MIN_ENTRIES": SEPARABLE_MIN_ENTRIES,
                               "FFT_MIN_ENTRIES": FFT_MIN_ENTRIES},
        "ladder": ladder,
        "sweep": sweep,
        "crossover": {
            "fft_vs_shift_add": first_size_where(dense_rows, "fft", "shift_add"),
            "fft_vs_windows": first_size_where(dense_rows, "fft", "windows"),
            "package_fft_vs_direct": first_size_where(dense_rows, "package_fft",
                                                      "package_direct"),
        },
        "bank": bank,
        "fastest": fastest,
        "dft_switch": dft_switch,
        "threads": threads,
        "optimizations": optimizations,
    }


def _cell(seconds) -> str:
    return "-" if seconds is None else format_seconds(seconds)


def report(results: dict) -> None:
    print(f"image: camera {results['image']['shape']} uint8; numpy {results['machine']['numpy']}, "
          f"OpenCV {results['machine']['opencv']}, {results['machine']['cpus']} CPUs; "
          f"minimum of {results['method']['rounds']} interleaved rounds")
    print(f"\n1. The ladder (box blurs; speed-up = loop time / time; loop timed on a "
          f"{CROP}×{CROP} crop, scaled per pixel)")
    for row in results["ladder"]:
        loop = row["seconds"]["loop"]
        print(f"  {row['kernel']}")
        for name, seconds in row["seconds"].items():
            if seconds is None:
                print(f"    {name:<15} {'skipped (memory)':>12}")
                continue
            print(f"    {name:<15} {format_seconds(seconds):>12} {loop / seconds:>10.0f}×")
    for kind in ("box", "dense"):
        print(f"\n2. Cost against kernel size ({kind} kernels)")
        rows = results["sweep"][kind]
        names = list(dict.fromkeys(name for row in rows for name in row["seconds"]))
        print("    size " + "".join(f"{n:>15}" for n in names))
        for row in rows:
            cells = "".join(f"{_cell(row['seconds'].get(name)):>15}" for name in names)
            print(f"    {row['size']:>4} {cells}")
    cross = results["crossover"]
    print(f"  dense, winning by at least {CROSSOVER_MARGIN:.0%} from that size on: the FFT "
          f"rung beats shift-and-add from {cross['fft_vs_shift_add']}, the package's fft "
          f"beats its direct from {cross['package_fft_vs_direct']} "
          f"(FFT_MIN_ENTRIES = {FFT_MIN_ENTRIES})")
    print("\n3. Every bank kernel, both input types:")
    filtering = _bench_filtering()
    filtering.report(results["bank"])
    print("\n4. OpenCV's fastest calls, scipy.ndimage and the package, each call's types:")
    filtering.report_fastest(results["fastest"])
    filtering.report_dft_switch(results["dft_switch"])
    filtering.report_threads(results["threads"])
    filtering.report_optimizations(results["optimizations"])


def main(argv=None) -> int:
    results = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    report(results)
    print(f"\nwrote {RESULTS.relative_to(RESULTS.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
