"""Notebook 08's prose and INSTRUCTORS.md quote the saved benchmark run
(benchmarks/results/ladder.json): every measured range they state is the one the file gives,
rounded as they round it (tests/notebook08_numbers.py computes them from the file alone)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from notebook08_numbers import LADDER, bank_table, fastest_table, prose_numbers, span, two_figures

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "08-making-it-fast.ipynb"
GUIDE = ROOT / "INSTRUCTORS.md"


@pytest.fixture(scope="module")
def markdown():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    return "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")


def test_the_rounding_helpers():
    assert two_figures(166.4) == "170" and two_figures(12_960) == "13,000"
    assert span([2.16, 11.76]) == "2.2× to 11.8×"


def test_the_intro_states_the_measured_range_not_a_guess(markdown):
    numbers = prose_numbers()
    assert "hundreds to thousands" not in markdown
    stated = f"takes {numbers['loop_lo']} to {numbers['loop_hi']}\ntimes as long as OpenCV"
    assert stated in markdown


def test_the_fastest_calls_ranges_are_the_saved_runs(markdown):
    numbers = prose_numbers()
    for key in ("same_u8", "fast_u8", "same_f64", "fast_f64", "scipy_all"):
        assert numbers[key] in markdown, key
    summary = markdown[markdown.index("## Summary"):]
    assert numbers["fast_all"] in summary and numbers["scipy_all"] in summary


def test_the_loop_range_is_computed_as_the_notebook_prints_it():
    results = json.loads(LADDER.read_text())
    ladder = results["ladder"]
    ratios = [row["seconds"]["loop"] / row["seconds"][name] for row in ladder
              for name in ("opencv", "opencv_tool")]
    assert prose_numbers(results)["loop_lo"] == two_figures(min(ratios))


def test_the_guide_shows_the_saved_run():
    guide = GUIDE.read_text()
    assert fastest_table() in guide
    assert bank_table() in guide
    numbers = prose_numbers()
    speed = guide[guide.index("## Speed, measured"):]
    for key in ("same_all", "fast_all", "scipy_all"):
        assert numbers[key] in speed, key
    results = json.loads(LADDER.read_text())
    sobel = next(row for row in results["optimizations"]["rows"] if "Sobel" in row["call"])
    assert f"about {sobel['cv2.ipp.setUseIPP(False)'] / sobel['default']:.1f}×" in speed
    assert all(0.85 < row["one_over_default"] < 1.15 for row in results["threads"]["rows"])
    inexact = {(r["dtype"], r["kernel"]) for r in results["fastest"]
               if r["fastest_opencv"] != r["fastest_opencv_exact"]}
    assert "Only the uint8\n`large_blur`'s fastest call" in speed
    assert inexact == {("uint8", "large_blur")}
    bandwidth = json.loads((ROOT / "benchmarks" / "results" / "bandwidth.json").read_text())
    for part in ("large", "photo"):
        assert f"{bandwidth[part]['copy_gb_per_s']:.0f} GB/s" in speed, part
    compute = bandwidth["compute"]
    assert f"{compute['one_thread_gop_per_s']:.0f} Gop/s with one BLAS thread" in speed
    assert f"{compute['default_gop_per_s']:.0f} Gop/s with the default two" in speed
    assert compute["default_threads"] == 2


def test_the_prose_names_every_kind_of_fastest_call_the_run_found(markdown):
    results = json.loads(LADDER.read_text())
    reading = markdown[markdown.index("So the comparison with `filter2D` on float64 flattered"):]
    reading = reading[:reading.index("## Why OpenCV is fast")]
    names = {"cv2.Sobel": "`Sobel`", "cv2.Laplacian": "`Laplacian`", "cv2.boxFilter": "`boxFilter`",
             "cv2.filter2D(img32": "float32 `filter2D`",
             "cv2.filter2D(img, cv2.CV_16S": "`filter2D`",
             "cv2.filter2D(img, cv2.CV_64F": "`filter2D` itself"}
    for row in results["fastest"]:
        start = next(key for key in names if row["fastest_opencv"].startswith(key))
        assert names[start] in reading, row["fastest_opencv"]
