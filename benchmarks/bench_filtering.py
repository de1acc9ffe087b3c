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
import scipy.ndimage as ndi

from course_utils import KERNEL_BANK, choose_method, correlate, correlate_loop, load_image
from course_utils.fast import (
    choose_opencv_tool,
    correlate_opencv_tool,
    correlate_separable,
    correlate_shift_add,
    plan_opencv_tool,
)
from course_utils.filtering import separable_factors
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


def measure_bank(photo: np.ndarray, rounds: int = ROUNDS, times: dict | None = None) -> list[dict]:
    """One row per (dtype, kernel): times, ratios and the largest differences from correlate.

    ``times``: the times of :func:`bank_tasks`, measured already (by
    :func:`measure_bank_and_fastest`); measured here if not given."""
    if times is None:
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
    report_tuning(measure_tuning(photo))
    report_fastest(measure_fastest(photo))
    report_dft_switch(measure_dft_switch(photo))
    report_threads(measure_threads(photo))
    report_optimizations(measure_optimizations(photo))


if __name__ == "__main__":
    main()


# ---------------------------------------------------------------------------------------
# OpenCV's fastest calls, each with its input and output types (notebook 08's speed table)
# ---------------------------------------------------------------------------------------

BORDER = cv2.BORDER_REFLECT_101
#: The Sobel and Laplacian calls that compute a bank kernel exactly (checked in
#: tests/test_bench_fastest.py against correlate): name -> (call text, function of the image
#: and the output depth).
NAMED_CALLS = {
    "sobel_x": ("cv2.Sobel(img, {depth}, 1, 0, ksize=3)",
                lambda img, depth: cv2.Sobel(img, depth, 1, 0, ksize=3, borderType=BORDER)),
    "sobel_y": ("cv2.Sobel(img, {depth}, 0, 1, ksize=3)",
                lambda img, depth: cv2.Sobel(img, depth, 0, 1, ksize=3, borderType=BORDER)),
    "laplacian": ("cv2.Laplacian(img, {depth}, ksize=1)",
                  lambda img, depth: cv2.Laplacian(img, depth, ksize=1, borderType=BORDER)),
}
_DEPTH_NAMES = {cv2.CV_16S: "cv2.CV_16S", cv2.CV_32F: "cv2.CV_32F", cv2.CV_64F: "cv2.CV_64F",
                -1: "-1"}


def _is_whole(kernel: np.ndarray) -> bool:
    return bool(np.all(kernel == np.round(kernel)))


def _box_side(kernel: np.ndarray) -> int | None:
    """The side of a square box kernel whose entries are 1/size (a mean), else None."""
    rows, cols = kernel.shape
    if rows == cols and np.allclose(kernel, 1 / kernel.size, rtol=0, atol=1e-15):
        return rows
    return None


def fastest_calls(photo: np.ndarray, name: str, kernel: np.ndarray, dtype: str) -> list[dict]:
    """Every call timed for one bank kernel and one input type: the package, scipy.ndimage
    and OpenCV, each with the call as written, its input and output types and a function of
    no arguments that runs it (``run``). All use the border BORDER_REFLECT_101 (scipy's and
    the package's 'mirror'); uint8 input means the photo as it is, float64 input the photo
    converted once beforehand (not timed), likewise the float32 rows.
    """
    image = photo.astype(dtype)
    as_float32 = photo.astype(np.float32)
    calls = [
        {"library": "package", "call": "correlate(img, k, mode='mirror')",
         "input": dtype, "output": "float64",
         "run": _call(correlate, image, kernel, mode="mirror")},
        {"library": "scipy", "call": "scipy.ndimage.correlate(img, k, output=np.float64, "
                                     "mode='mirror')",
         "input": dtype, "output": "float64",
         "run": _call(ndi.correlate, image, kernel, output=np.float64, mode="mirror")},
        {"library": "opencv", "call": "cv2.filter2D(img, cv2.CV_64F, k)", "same_type": True,
         "input": dtype, "output": "float64",
         "run": _call(cv2.filter2D, image, cv2.CV_64F, kernel, borderType=BORDER)},
    ]
    side = _box_side(kernel)
    if side is not None:
        calls.append({"library": "scipy", "call": f"scipy.ndimage.uniform_filter(img, {side}, "
                                                  "output=np.float64, mode='mirror')",
                      "input": dtype, "output": "float64",
                      "run": _call(ndi.uniform_filter, image, side, output=np.float64,
                                   mode="mirror")})
    if dtype == "uint8":
        if _is_whole(kernel) and name not in NAMED_CALLS:
            calls.append({"library": "opencv", "call": "cv2.filter2D(img, cv2.CV_16S, k)",
                          "input": "uint8", "output": "int16",
                          "run": _call(cv2.filter2D, image, cv2.CV_16S, kernel,
                                       borderType=BORDER)})
        if name in NAMED_CALLS:
            text, function = NAMED_CALLS[name]
            calls.append({"library": "opencv", "call": text.format(depth="cv2.CV_16S"),
                          "input": "uint8", "output": "int16",
                          "run": _call(function, image, cv2.CV_16S)})
        if side is not None:
            calls.append({"library": "opencv", "call": f"cv2.blur(img, ({side}, {side}))",
                          "input": "uint8", "output": "uint8 (rounded to the nearest level)",
                          "run": _call(cv2.blur, image, (side, side), borderType=BORDER)})
            calls.append({"library": "opencv",
                          "call": f"cv2.boxFilter(img, cv2.CV_32F, ({side}, {side}))",
                          "input": "uint8", "output": "float32",
                          "run": _call(cv2.boxFilter, image, cv2.CV_32F, (side, side),
                                       borderType=BORDER)})
            calls.append({"library": "opencv",
                          "call": f"cv2.boxFilter(img, cv2.CV_64F, ({side}, {side}))",
                          "input": "uint8", "output": "float64",
                          "run": _call(cv2.boxFilter, image, cv2.CV_64F, (side, side),
                                       borderType=BORDER)})
        tool, _ = choose_opencv_tool(kernel)
        written = {"boxFilter": f"cv2.boxFilter(img32, -1, ({side}, {side}))",
                   "sepFilter2D": "cv2.sepFilter2D(img32, -1, row32, col32)",
                   "filter2D": "cv2.filter2D(img32, -1, k32)"}[tool]
        calls.append({"library": "opencv", "call": written,
                      "input": "float32", "output": "float32",
                      "run": plan_opencv_tool_float32(as_float32, kernel)})
    else:
        if side is not None:
            calls.append({"library": "opencv",
                          "call": f"cv2.boxFilter(img, cv2.CV_64F, ({side}, {side}))",
                          "input": "float64", "output": "float64",
                          "run": _call(cv2.boxFilter, image, cv2.CV_64F, (side, side),
                                       borderType=BORDER)})
        factors = separable_factors(kernel)
        if factors is not None:
            _, (col, row) = choose_opencv_tool(kernel) if side is None else (None, factors)
            calls.append({"library": "opencv", "call": "cv2.sepFilter2D(img, cv2.CV_64F, row, col)",
                          "input": "float64", "output": "float64",
                          "run": _call(cv2.sepFilter2D, image, cv2.CV_64F, row, col,
                                       borderType=BORDER)})
        if name in NAMED_CALLS:
            text, function = NAMED_CALLS[name]
            calls.append({"library": "opencv", "call": text.format(depth="cv2.CV_64F"),
                          "input": "float64", "output": "float64",
                          "run": _call(function, image, cv2.CV_64F)})
    return calls


def _fastest_plans(photo: np.ndarray) -> dict:
    return {(dtype, name): fastest_calls(photo, name, kernel, dtype)
            for dtype in DTYPES for name, kernel in KERNEL_BANK.items()}


def _fastest_key(dtype: str, name: str, index: int, call: dict) -> str:
    """The task's key; the package's call and the same-type ``filter2D`` are the very tasks of
    :func:`bank_tasks` (the same calls), so both tables read one measurement of each."""
    if index == 0:
        return f"{dtype}/{name}/correlate"
    if call.get("same_type"):
        return f"{dtype}/{name}/filter2D"
    return f"{dtype}/{name}/{index}"


def measure_bank_and_fastest(photo: np.ndarray, rounds: int = ROUNDS) -> tuple[list, list]:
    """:func:`measure_bank` and :func:`measure_fastest` from one set of interleaved rounds."""
    plans = _fastest_plans(photo)
    tasks = bank_tasks(photo)
    for (dtype, name), calls in plans.items():
        for index, call in enumerate(calls):
            tasks.setdefault(_fastest_key(dtype, name, index, call), call["run"])
    times = interleaved_minimum(tasks, rounds)
    return measure_bank(photo, times=times), measure_fastest(photo, plans=plans, times=times)


def measure_fastest(photo: np.ndarray, rounds: int = ROUNDS, plans: dict | None = None,
                    times: dict | None = None) -> list[dict]:
    """One row per (input type, bank kernel): every call of :func:`fastest_calls`, timed in
    interleaved rounds, with its largest difference from ``correlate``; then the package's
    ratios to the same-type call (``cv2.filter2D`` with float64 output), to OpenCV's fastest
    call, to OpenCV's fastest call that gives the same numbers (to 1e-9), and scipy's to it.
    """
    plans = plans or _fastest_plans(photo)
    if times is None:
        times = interleaved_minimum({_fastest_key(dtype, name, index, call): call["run"]
                                     for (dtype, name), calls in plans.items()
                                     for index, call in enumerate(calls)}, rounds)
    rows = []
    for (dtype, name), calls in plans.items():
        exact = correlate(photo.astype(dtype), KERNEL_BANK[name], mode="mirror")
        entries = []
        for index, call in enumerate(calls):
            result = np.asarray(call["run"](), dtype=np.float64)
            entries.append({key: value for key, value in call.items() if key != "run"}
                           | {"seconds": times[_fastest_key(dtype, name, index, call)],
                              "max_abs_difference": float(np.abs(result - exact).max())})
        package = entries[0]
        opencv = [e for e in entries if e["library"] == "opencv"]
        same = next(e for e in opencv if e.get("same_type"))
        fastest = min(opencv, key=lambda e: e["seconds"])
        fastest_exact = min((e for e in opencv if e["max_abs_difference"] < 1e-9),
                            key=lambda e: e["seconds"])
        scipy = next(e for e in entries if e["call"].startswith("scipy.ndimage.correlate"))
        rows.append({
            "dtype": dtype, "kernel": name, "method": choose_method(KERNEL_BANK[name]),
            "calls": entries,
            "fastest_opencv": fastest["call"], "fastest_opencv_exact": fastest_exact["call"],
            "auto_over_same_type": package["seconds"] / same["seconds"],
            "auto_over_fastest": package["seconds"] / fastest["seconds"],
            "auto_over_fastest_exact": package["seconds"] / fastest_exact["seconds"],
            "scipy_over_auto": scipy["seconds"] / package["seconds"],
        })
    return rows


def report_fastest(rows: list[dict]) -> None:
    print("Every call on the 512x512 camera photo, BORDER_REFLECT_101 (mode='mirror'); "
          "difference: largest |call - correlate| in grey levels")
    for row in rows:
        print(f"\n  {row['kernel']}, {row['dtype']} photo (auto: {row['method']})")
        for call in row["calls"]:
            print(f"    {call['call']:<62} {call['input']:>7} -> {call['output']:<11.11} "
                  f"{format_seconds(call['seconds']):>9}  "
                  f"difference {call['max_abs_difference']:.1e}")
        print(f"    auto / same-type filter2D {row['auto_over_same_type']:.2f}; auto / OpenCV's "
              f"fastest {row['auto_over_fastest']:.2f} ({row['fastest_opencv']}); "
              f"auto / fastest exact {row['auto_over_fastest_exact']:.2f}; "
              f"scipy.ndimage.correlate / auto {row['scipy_over_auto']:.1f}")


# ---------------------------------------------------------------------------------------
# Why OpenCV is fast: the DFT switch, and threads
# ---------------------------------------------------------------------------------------

#: modules/imgproc/src/filter.dispatch.cpp, dftFilter2D (read at opencv/opencv commit
#: 02eb4fadd0af16d23ffb7cb1df2d598d234847ec): cv2.filter2D goes through the DFT when
#: kernel_width * kernel_height >= dft_filter_size, which is 130 for 8-bit input with 8-bit or
#: int16 output and for float32 in and out (on a CPU with SSE3), and 50 otherwise.
DFT_FILTER_SIZE = {"uint8 -> int16": 130, "float32 -> float32": 130,
                   "uint8 -> float64": 50, "float64 -> float64": 50}
DFT_SIZES = (5, 7, 9, 11, 13, 15)


def dft_kernel(size: int) -> np.ndarray:
    """A dense size×size kernel of small whole numbers (seeded), so int16 output is exact."""
    return np.random.default_rng(size).integers(-3, 4, size=(size, size)).astype(np.float64)


def measure_dft_switch(photo: np.ndarray, rounds: int = ROUNDS) -> dict:
    """``cv2.filter2D`` on dense whole-number kernels, 5×5 to 15×15, for the four type pairs
    of :data:`DFT_FILTER_SIZE`: the time, and the largest step between neighbouring sizes."""
    images = {"uint8": photo, "float64": photo.astype(np.float64),
              "float32": photo.astype(np.float32)}
    depths = {"int16": cv2.CV_16S, "float64": cv2.CV_64F, "float32": cv2.CV_32F}
    tasks = {}
    for pair in DFT_FILTER_SIZE:
        source, target = pair.split(" -> ")
        for size in DFT_SIZES:
            kernel = dft_kernel(size)
            if source == "float32":
                kernel = kernel.astype(np.float32)
            tasks[f"{pair}/{size}"] = _call(cv2.filter2D, images[source], depths[target], kernel,
                                            borderType=BORDER)
    times = interleaved_minimum(tasks, rounds)
    rows = {}
    for pair, threshold in DFT_FILTER_SIZE.items():
        seconds = [times[f"{pair}/{size}"] for size in DFT_SIZES]
        steps = {size: b / a for size, a, b in
                 zip(DFT_SIZES[1:], seconds[:-1], seconds[1:], strict=True)}
        first_dft = next(size for size in DFT_SIZES if size * size >= threshold)
        rows[pair] = {"dft_filter_size": threshold, "first_dft_size": first_dft,
                      "seconds": dict(zip(map(str, DFT_SIZES), seconds, strict=True)),
                      "step_into_dft": steps[first_dft],
                      "largest_other_step": max(v for k, v in steps.items() if k != first_dft)}
    return {"sizes": list(DFT_SIZES), "pairs": rows,
            "source": "opencv/opencv modules/imgproc/src/filter.dispatch.cpp, dftFilter2D"}


def report_dft_switch(result: dict) -> None:
    print("\ncv2.filter2D on dense whole-number kernels (the DFT switch of filter.dispatch.cpp)")
    print("    pair                 rule   " + "".join(f"{s:>9}" for s in result["sizes"]))
    for pair, row in result["pairs"].items():
        print(f"    {pair:<20} >={row['dft_filter_size']:<4} "
              + "".join(f"{format_seconds(t):>9}" for t in row["seconds"].values())
              + f"   DFT from {row['first_dft_size']}: step into it x{row['step_into_dft']:.1f}, "
                f"largest other step x{row['largest_other_step']:.1f}")


def thread_tasks(photo: np.ndarray) -> dict:
    """OpenCV's calls whose threads are compared: key -> call, one of each kind."""
    as_float64 = photo.astype(np.float64)
    return {
        "uint8 sharpen cv2.filter2D(img, cv2.CV_64F, k)":
            _call(cv2.filter2D, photo, cv2.CV_64F, KERNEL_BANK["sharpen"], borderType=BORDER),
        "uint8 sobel_x cv2.Sobel(img, cv2.CV_16S, 1, 0, ksize=3)":
            _call(cv2.Sobel, photo, cv2.CV_16S, 1, 0, ksize=3, borderType=BORDER),
        "uint8 large_blur cv2.blur(img, (21, 21))":
            _call(cv2.blur, photo, (21, 21), borderType=BORDER),
        "float64 sharpen cv2.filter2D(img, cv2.CV_64F, k)":
            _call(cv2.filter2D, as_float64, cv2.CV_64F, KERNEL_BANK["sharpen"], borderType=BORDER),
        "float64 large_blur cv2.filter2D(img, cv2.CV_64F, k) (DFT)":
            _call(cv2.filter2D, as_float64, cv2.CV_64F, KERNEL_BANK["large_blur"],
                  borderType=BORDER),
    }


def measure_threads(photo: np.ndarray, rounds: int = ROUNDS) -> dict:
    """The calls of :func:`thread_tasks` with OpenCV's default threads and with
    ``cv2.setNumThreads(1)``; the settings take turns, three blocks each, minimum kept."""
    default = cv2.getNumThreads()
    tasks = thread_tasks(photo)
    best = {threads: dict.fromkeys(tasks, float("inf")) for threads in (default, 1)}
    try:
        for _ in range(3):
            for threads in (default, 1):
                cv2.setNumThreads(threads)
                times = interleaved_minimum(tasks, max(1, rounds // 3))
                best[threads] = {key: min(best[threads][key], times[key]) for key in tasks}
    finally:
        cv2.setNumThreads(default)
    return {"default_threads": default, "cpus": os.cpu_count(),
            "rows": [{"call": key, "default": best[default][key], "one_thread": best[1][key],
                      "one_over_default": best[1][key] / best[default][key]} for key in tasks]}


def report_threads(result: dict) -> None:
    print(f"\nOpenCV's threads: cv2.getNumThreads() = {result['default_threads']} "
          f"({result['cpus']} CPUs) against cv2.setNumThreads(1)")
    for row in result["rows"]:
        print(f"  {row['call']:<58} default {format_seconds(row['default']):>9}  1 thread "
              f"{format_seconds(row['one_thread']):>9}  ratio {row['one_over_default']:4.2f}")


def _ipp_off():
    cv2.ipp.setUseIPP(False)


def _ipp_on():
    cv2.ipp.setUseIPP(True)


def _optimized_off():
    cv2.setUseOptimized(False)


def _optimized_on():
    cv2.setUseOptimized(True)


#: The settings compared by :func:`measure_optimizations`: name -> (switch on, switch back).
OPTIMIZATION_SETTINGS = {
    "default": (lambda: None, lambda: None),
    "cv2.ipp.setUseIPP(False)": (_ipp_off, _ipp_on),
    "cv2.setUseOptimized(False)": (_optimized_off, _optimized_on),
}


def measure_optimizations(photo: np.ndarray, rounds: int = ROUNDS) -> dict:
    """The calls of :func:`thread_tasks` with OpenCV's defaults, with Intel IPP switched off
    (``cv2.ipp.setUseIPP(False)``) and with OpenCV's optimized code switched off
    (``cv2.setUseOptimized(False)``: the SIMD code dispatched beyond the build's baseline,
    and IPP). The settings take turns, three blocks each; the minimum of each is kept."""
    tasks = thread_tasks(photo)
    best = {name: dict.fromkeys(tasks, float("inf")) for name in OPTIMIZATION_SETTINGS}
    before = (cv2.useOptimized(), cv2.ipp.useIPP())
    try:
        for _ in range(3):
            for name, (enter, leave) in OPTIMIZATION_SETTINGS.items():
                enter()
                try:
                    times = interleaved_minimum(tasks, max(1, rounds // 3))
                finally:
                    leave()
                best[name] = {key: min(best[name][key], times[key]) for key in tasks}
    finally:
        cv2.setUseOptimized(before[0])
        cv2.ipp.setUseIPP(before[1])
    return {"ipp": cv2.ipp.useIPP(), "ipp_version": cv2.ipp.getIppVersion(),
            "rows": [{"call": key, **{name: best[name][key] for name in best}}
                     for key in tasks]}


def report_optimizations(result: dict) -> None:
    print(f"\nOpenCV's optimizations (IPP in use by default: {result['ipp']}): time with the "
          "setting / default time")
    for row in result["rows"]:
        print(f"  {row['call']:<58} default {format_seconds(row['default']):>9}"
              + "".join(f"  {name} x{row[name] / row['default']:4.2f}"
                        for name in OPTIMIZATION_SETTINGS if name != "default"))
