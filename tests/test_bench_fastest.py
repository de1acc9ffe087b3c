"""The calls notebook 08's speed table times (benchmarks/bench_filtering.py) compute the job
they are listed for, with the types and rounding they state; the saved run
(benchmarks/results/ladder.json, bandwidth.json) holds what the notebook and INSTRUCTORS.md
read from it. No times are checked: the benchmark prints them side by side.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi

from course_utils import KERNEL_BANK, load_image

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench_filtering",
                                              ROOT / "benchmarks" / "bench_filtering.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
LADDER = json.loads((ROOT / "benchmarks" / "results" / "ladder.json").read_text())
BANDWIDTH = json.loads((ROOT / "benchmarks" / "results" / "bandwidth.json").read_text())
TYPES = {"uint8": np.uint8, "int16": np.int16, "float32": np.float32, "float64": np.float64}


@pytest.fixture(scope="module")
def photo():
    return load_image("camera")


@pytest.mark.parametrize("dtype", ["uint8", "float64"])
@pytest.mark.parametrize("name", list(KERNEL_BANK))
def test_every_call_computes_the_kernel_with_the_types_it_states(photo, name, dtype):
    # the reference is scipy, not the package: float64 sums of the mirror-padded photo
    reference = ndi.correlate(photo.astype(np.float64), KERNEL_BANK[name], mode="mirror")
    calls = bench.fastest_calls(photo, name, KERNEL_BANK[name], dtype)
    assert calls[0]["library"] == "package" and sum(bool(c.get("same_type")) for c in calls) == 1
    for call in calls:
        result = call["run"]()
        output = call["output"].split()[0]
        assert result.dtype == TYPES[output], call["call"]
        difference = np.abs(result.astype(np.float64) - reference).max()
        if output == "uint8":            # cv2.blur: rounded to the nearest grey level
            assert 0.4 < difference <= 0.5 + 1e-6, call["call"]
        elif output == "float32" or call["input"] == "float32":
            assert difference < 1e-3, call["call"]
        elif name == "large_blur" and call["call"].startswith("cv2.filter2D") and dtype == "uint8":
            assert difference < 1e-5, call["call"]      # its kernel in float32 (notebook 08)
        else:                            # int16 and float64 outputs: the exact numbers
            assert difference < 1e-9, call["call"]


def test_the_int16_calls_are_exact_because_the_kernels_are_whole_numbers(photo):
    for name in ("sharpen", "laplacian", "sobel_x", "sobel_y", "emboss"):
        kernel = KERNEL_BANK[name]
        assert np.array_equal(kernel, np.round(kernel))
        # the largest sum a uint8 image can give fits int16, so nothing saturates
        assert 255 * max(kernel[kernel > 0].sum(), -kernel[kernel < 0].sum()) < 2 ** 15


def test_the_dft_kernels_are_whole_numbers_and_the_rule_is_the_source_s():
    for size in bench.DFT_SIZES:
        kernel = bench.dft_kernel(size)
        assert kernel.shape == (size, size) and np.array_equal(kernel, np.round(kernel))
    # filter.dispatch.cpp: area >= 130 for 8U->8U/16S and 32F->32F with SSE3, else >= 50
    assert bench.DFT_FILTER_SIZE == {"uint8 -> int16": 130, "float32 -> float32": 130,
                                     "uint8 -> float64": 50, "float64 -> float64": 50}


def test_the_named_calls_are_the_bank_kernels(photo):
    for name, (_, function) in bench.NAMED_CALLS.items():
        expected = cv2.filter2D(photo, cv2.CV_16S, KERNEL_BANK[name],
                                borderType=cv2.BORDER_REFLECT_101)
        assert np.array_equal(function(photo, cv2.CV_16S), expected), name


def test_the_saved_run_holds_every_part_the_notebook_reads():
    assert {"ladder", "sweep", "bank", "fastest", "dft_switch", "threads"} <= set(LADDER)
    rows = LADDER["fastest"]
    assert {(r["dtype"], r["kernel"]) for r in rows} == {
        (d, k) for d in ("uint8", "float64") for k in KERNEL_BANK}
    for row in rows:
        calls = {c["call"]: c for c in row["calls"]}
        package = row["calls"][0]["seconds"]
        assert row["auto_over_fastest"] == pytest.approx(
            package / calls[row["fastest_opencv"]]["seconds"])
        assert calls[row["fastest_opencv_exact"]]["max_abs_difference"] < 1e-9
        opencv = [c["seconds"] for c in row["calls"] if c["library"] == "opencv"]
        assert calls[row["fastest_opencv"]]["seconds"] == min(opencv)
    large = BANDWIDTH["large"]["bytes"]
    cache = BANDWIDTH["machine"]["last_level_cache_bytes"]
    assert cache is None or large >= 4 * cache
    compute = BANDWIDTH["compute"]      # the compute roof: a matrix product of n×n float64 arrays
    assert compute["one_thread"] is not None, "the rungs' roof: one BLAS thread"
    for label in ("one_thread", "default"):
        rows = compute[label]
        for n, row in rows.items():
            assert row["gop_per_s"] == pytest.approx(2 * int(n) ** 3 / row["seconds"] / 1e9)
            assert cache is None or 3 * 8 * int(n) ** 2 <= cache, "its arrays fit the cache"
        assert compute[f"{label}_gop_per_s"] == max(row["gop_per_s"] for row in rows.values())
