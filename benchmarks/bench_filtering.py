"""The fast path against OpenCV, for every bank kernel and both input types, in one run.

On the 512×512 camera photo, as uint8 and as float64, for every kernel of
``KERNEL_BANK``, with the same border (``mode='mirror'`` is OpenCV's default
``BORDER_REFLECT_101``) and float64 output everywhere:

- ``correlate(image, k, mode='mirror')`` (method 'auto');
- ``cv2.filter2D(image, cv2.CV_64F, k)``, the image in the same type;
- OpenCV's right tool for the kernel (``course_utils.fast.correlate_opencv_tool``:
  ``cv2.boxFilter`` for the box blurs, ``cv2.sepFilter2D`` for the Sobels,
  ``cv2.filter2D`` otherwise), the image in the same type; only the OpenCV call is
  timed (``fast.plan_opencv_tool`` makes the choices and factors the kernel first);
- for reference, that tool on float32 in and out (not the same numbers: the report
  prints its largest difference from ``correlate``);

then the ratios ``correlate / filter2D`` and ``correlate / tool``. First, though,
the lesson's Python loop against ``correlate`` on notebook 04's crop (the claim
"orders of magnitude slower", at least ``LOOP_CLAIM`` times). Then what
OpenCV's threads do: OpenCV keeps a pool of ``cv2.getNumThreads()`` threads
(2 on the course's 2-CPU machine), and ``cv2.filter2D`` on a 512×512 image
runs on one of them, as fast with ``cv2.setNumThreads(1)`` as without (both
printed), while ``correlate`` runs in the calling thread: one thread against
one thread. Last, what the tuned engine (``course_utils._tuned``) buys over the
plain NumPy of the ladder's rungs (``fast.correlate_shift_add``,
``fast.correlate_separable``), for both input types. Run it as a fresh process
with default settings (``python benchmarks/bench_filtering.py``): the goal is
``correlate / filter2D`` below 2 for every kernel and both types. Each time is
the minimum over interleaved rounds (``timing.interleaved_minimum``); on a
shared machine, run it two or three times before believing a ratio.
"""

from __future__ import annotations

import os

import cv2
import numpy as np

from course_utils import KERNEL_BANK, choose_method, correlate, correlate_loop, load_image
from course_utils.fast import (
    choose_opencv_tool,
    correlate_opencv_tool,
    correlate_separable,
    correlate_shift_add,
    plan_opencv_tool,
)
from course_utils.timing import format_seconds, interleaved_minimum

#: Interleaved rounds: the calls take well under 20 ms each.
ROUNDS = 31
DTYPES = ("uint8", "float64")


def _call(function, *args, **kwargs):
    return lambda: function(*args, **kwargs)


def plan_opencv_tool_float32(image: np.ndarray, kernel: np.ndarray):
    """OpenCV's right tool with float32 in and out (BORDER_REFLECT_101), the same tool
    as :func:`course_utils.fast.plan_opencv_tool` picks (``fast.choose_opencv_tool``),
    chosen beforehand: returns the call alone."""
    border = cv2.BORDER_REFLECT_101
    tool, arguments = choose_opencv_tool(kernel)
    if tool == "boxFilter":
        value, mean = arguments
        size, weight = kernel.shape[::-1], np.float32(value)
        if mean:
            return lambda: cv2.boxFilter(image, -1, size, borderType=border)
        return lambda: weight * cv2.boxFilter(image, -1, size, normalize=False,
                                              borderType=border)
    if tool == "sepFilter2D":
        col, row = (factor.astype(np.float32) for factor in arguments)
        return lambda: cv2.sepFilter2D(image, -1, row, col, borderType=border)
    single = kernel.astype(np.float32)
    return lambda: cv2.filter2D(image, -1, single, borderType=border)


def bank_tasks(photo: np.ndarray) -> dict:
    """Every (dtype, kernel, implementation) to time, keyed by 'dtype/kernel/implementation'."""
    tasks = {}
    for dtype in DTYPES:
        image = photo.astype(dtype)
        as_float32 = photo.astype(np.float32)
        for name, kernel in KERNEL_BANK.items():
            key = f"{dtype}/{name}"
            tasks[f"{key}/correlate"] = _call(correlate, image, kernel, mode="mirror")
            tasks[f"{key}/filter2D"] = _call(cv2.filter2D, image, cv2.CV_64F, kernel,
                                             borderType=cv2.BORDER_REFLECT_101)
            tasks[f"{key}/tool"] = plan_opencv_tool(image, kernel, mode="mirror")
            if dtype == "float64":
                tasks[f"float32/{name}/tool"] = plan_opencv_tool_float32(as_float32, kernel)
    return tasks


def measure_bank(photo: np.ndarray, rounds: int = ROUNDS) -> list[dict]:
    """One row per (dtype, kernel): times, ratios and the largest differences from correlate."""
    times = interleaved_minimum(bank_tasks(photo), rounds)
    # what does not depend on the input type: the plain path and the float32 tool
    as_float64, as_float32 = photo.astype(np.float64), photo.astype(np.float32)
    plains = {name: correlate(as_float64, kernel, mode="mirror", method="direct")
              for name, kernel in KERNEL_BANK.items()}
    singles = {name: plan_opencv_tool_float32(as_float32, kernel)()
               for name, kernel in KERNEL_BANK.items()}
    rows = []
    for dtype in DTYPES:
        image = photo.astype(dtype)
        for name, kernel in KERNEL_BANK.items():
            key = f"{dtype}/{name}"
            ours = correlate(image, kernel, mode="mirror")
            plain, single = plains[name], singles[name]
            filter2d = cv2.filter2D(image, cv2.CV_64F, kernel, borderType=cv2.BORDER_REFLECT_101)
            tool = correlate_opencv_tool(image, kernel, mode="mirror")
            rows.append({
                "dtype": dtype,
                "kernel": name,
                "shape": list(kernel.shape),
                "method": choose_method(kernel),
                "correlate_auto": times[f"{key}/correlate"],
                "cv2_filter2D": times[f"{key}/filter2D"],
                "opencv_tool": times[f"{key}/tool"],
                "opencv_tool_float32": times[f"float32/{name}/tool"],
                "ratio_filter2D": times[f"{key}/correlate"] / times[f"{key}/filter2D"],
                "ratio_tool": times[f"{key}/correlate"] / times[f"{key}/tool"],
                "correlate_vs_plain_below_1e-9": bool(np.abs(ours - plain).max() < 1e-9),
                "max_abs_difference_filter2D": float(np.abs(filter2d - ours).max()),
                "max_abs_difference_tool": float(np.abs(tool - ours).max()),
                "max_abs_difference_tool_float32": float(np.abs(single - ours).max()),
            })
    return rows


def report(rows: list[dict]) -> None:
    print("512x512 camera photo, mode='mirror' = BORDER_REFLECT_101, float64 output; "
          f"minimum of {ROUNDS} interleaved rounds")
    print("tool: cv2.boxFilter (box blurs), cv2.sepFilter2D (Sobels), cv2.filter2D (others)")
    header = (f"{'input':<8} {'kernel':<11} {'auto':<10} {'correlate':>10} {'filter2D':>10} "
              f"{'tool':>10} {'tool f32':>10} {'/filter2D':>10} {'/tool':>7}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['dtype']:<8} {row['kernel']:<11} {row['method']:<10} "
              f"{format_seconds(row['correlate_auto']):>10} "
              f"{format_seconds(row['cv2_filter2D']):>10} "
              f"{format_seconds(row['opencv_tool']):>10} "
              f"{format_seconds(row['opencv_tool_float32']):>10} "
              f"{row['ratio_filter2D']:>10.2f} {row['ratio_tool']:>7.2f}")
    worst = {dtype: max(r["ratio_filter2D"] for r in rows if r["dtype"] == dtype)
             for dtype in DTYPES}
    print("largest correlate / filter2D: "
          + ", ".join(f"{dtype} {value:.2f}" for dtype, value in worst.items()))
    print("correlate equal to the plain float64 path to 1e-9 for every row:",
          all(r["correlate_vs_plain_below_1e-9"] for r in rows))
    if all("max_abs_difference_tool_float32" in r for r in rows):
        print("largest |float32 tool - correlate| over the bank: "
              f"{max(r['max_abs_difference_tool_float32'] for r in rows):.1e} grey levels")


def measure_opencv_threads(photo: np.ndarray, rounds: int = ROUNDS) -> dict:
    """``cv2.filter2D`` on the 3×3 kernels with OpenCV's default threads and with one thread.

    ``cv2.setNumThreads`` changes a global setting, so the two settings take
    turns, three blocks each, and the minimum of each is kept.
    """
    default = cv2.getNumThreads()
    tasks = {}
    for dtype in DTYPES:
        image = photo.astype(dtype)
        for name in ("sharpen", "emboss"):
            tasks[f"{dtype}/{name}"] = _call(cv2.filter2D, image, cv2.CV_64F, KERNEL_BANK[name],
                                             borderType=cv2.BORDER_REFLECT_101)
    best = {threads: dict.fromkeys(tasks, float("inf")) for threads in (default, 1)}
    try:
        for _ in range(3):
            for threads in (default, 1):
                cv2.setNumThreads(threads)
                times = interleaved_minimum(tasks, max(1, rounds // 3))
                best[threads] = {key: min(best[threads][key], times[key]) for key in tasks}
    finally:
        cv2.setNumThreads(default)
    return {"threads": default, "times": best}


def report_opencv_threads(result: dict) -> None:
    threads = result["threads"]
    print(f"\nOpenCV's threads: cv2.getNumThreads() = {threads}; cv2.filter2D with {threads} "
          "and with 1 thread (cv2.setNumThreads(1)):")
    for key, seconds in result["times"][threads].items():
        alone = result["times"][1][key]
        print(f"  {key:<17} {threads} threads {format_seconds(seconds):>9}  1 thread "
              f"{format_seconds(alone):>9}  ratio {alone / seconds:4.2f}")


def measure_tuning(photo: np.ndarray, rounds: int = ROUNDS) -> list[dict]:
    """Plain NumPy rung against correlate's tuned path, same method, both input types."""
    cases = [("sharpen", "direct", correlate_shift_add),
             ("sobel_x", "direct", correlate_shift_add),
             ("large_blur", "separable", correlate_separable)]
    tasks = {}
    for dtype in DTYPES:
        image = photo.astype(dtype)
        for name, method, plain in cases:
            kernel = KERNEL_BANK[name]
            tasks[f"{dtype}/{name}/plain"] = _call(plain, image, kernel, mode="mirror")
            tasks[f"{dtype}/{name}/tuned"] = _call(correlate, image, kernel, mode="mirror",
                                                   method=method)
    times = interleaved_minimum(tasks, rounds)
    return [{"dtype": dtype, "kernel": name, "method": method,
             "plain": times[f"{dtype}/{name}/plain"], "tuned": times[f"{dtype}/{name}/tuned"]}
            for dtype in DTYPES for name, method, _ in cases]


def report_tuning(rows: list[dict]) -> None:
    print("\nwhat course_utils._tuned buys: plain NumPy rung / correlate, the same method")
    for row in rows:
        print(f"  {row['dtype']:<8} {row['kernel']:<11} {row['method']:<10} plain "
              f"{format_seconds(row['plain']):>9}  tuned {format_seconds(row['tuned']):>9}  "
              f"{row['plain'] / row['tuned']:5.1f}×")


#: The lesson's loop against correlate (these were timing asserts in the unit tests, which
#: now check no time): notebook 04's crop and kernel, and a random 96×96 uint8 image.
#: The claim: the loop is orders of magnitude slower, at least this many times.
LOOP_CLAIM = 30
LOOP_ROUNDS = 5


def loop_cases(photo: np.ndarray) -> dict:
    """name -> (image, kernel, mode) of the loop-vs-correlate comparisons."""
    random = np.random.default_rng(1).integers(0, 256, size=(96, 96)).astype(np.uint8)
    return {"notebook 04: camera[200:264, 200:264], sharpen, 'nearest'":
            (photo[200:264, 200:264], KERNEL_BANK["sharpen"], "nearest"),
            "random 96x96 uint8, sharpen, 'reflect'": (random, KERNEL_BANK["sharpen"], "reflect")}


def measure_loop(photo: np.ndarray, rounds: int = LOOP_ROUNDS) -> list[dict]:
    """``correlate_loop`` (the lesson's double loop, replicate border) and ``correlate``
    on the same uint8 image, interleaved; the ratio of the minimum times."""
    tasks = {}
    for name, (image, kernel, mode) in loop_cases(photo).items():
        tasks[f"{name}/loop"] = _call(correlate_loop, image, kernel)
        tasks[f"{name}/correlate"] = _call(correlate, image, kernel, mode=mode)
    times = interleaved_minimum(tasks, rounds)
    return [{"case": name, "loop": times[f"{name}/loop"],
             "correlate": times[f"{name}/correlate"],
             "ratio": times[f"{name}/loop"] / times[f"{name}/correlate"]}
            for name in loop_cases(photo)]


def report_loop(rows: list[dict]) -> None:
    print(f"\nThe lesson's loop (correlate_loop) against correlate, minimum of {LOOP_ROUNDS} "
          f"interleaved rounds; the course claims the loop is at least {LOOP_CLAIM}x slower:")
    for row in rows:
        verdict = "holds" if row["ratio"] >= LOOP_CLAIM else "DOES NOT HOLD"
        print(f"  {row['case']:<55} loop {format_seconds(row['loop']):>9}  correlate "
              f"{format_seconds(row['correlate']):>9}  ratio {row['ratio']:6.0f}  {verdict}")


def main() -> None:
    photo = load_image("camera")
    print("load average (1, 5, 15 min) at the start: "
          + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    report_loop(measure_loop(photo))
    report(measure_bank(photo))
    report_opencv_threads(measure_opencv_threads(photo))
    report_tuning(measure_tuning(photo))


if __name__ == "__main__":
    main()
