"""The numbers notebook 04 prints and its prose states, computed here independently.

Two comparisons: exercise 5's shift and add (and ``correlate(method="direct")``) against the
lesson's loop, where the order of summation moves float64 noise from pixel to pixel; and the
capstone's convolution against ``cv2.filter2D``, where every difference is truncation against
rounding or float64 noise. Exact sums are whole numbers in int64 here, never floats; the
lesson's loop is written out as the lesson wrote it.
"""

from __future__ import annotations

import contextlib
import io
import re
from fractions import Fraction
from pathlib import Path

import cv2
import nbformat
import numpy as np
import pytest
from skimage.exposure import rescale_intensity

from course_utils import KERNEL_BANK, correlate, load_image
from course_utils.checks import NB04_CROP, nb04
from course_utils.checks.nb04 import NB04_CAPSTONE_SPECS
from course_utils.fast import correlate_shift_add

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "04-implementing-convolve.ipynb"
BLURS = {"small_blur": 49, "large_blur": 441}
VERSIONS = ("shift and add (ex. 5)", 'correlate("direct")')


@pytest.fixture(scope="module")
def cells():
    return {cell.id: cell for cell in nbformat.read(NOTEBOOK, as_version=4).cells}


def _printed(cell) -> str:
    return "".join(output.get("text", "") for output in cell.outputs)


def _solution(exercise, name):
    namespace = {"np": np, "pad": __import__("course_utils").pad}
    exec(exercise.solution_text, namespace)  # noqa: S102 - the course's own worked solution
    return namespace[name]


def _crop():
    return load_image("camera")[NB04_CROP]


def lesson_step4(sums):
    return (rescale_intensity(sums, in_range=(0, 255)) * 255).astype("uint8")


def lesson_loop(image, K):
    """The lesson's double loop (square kernels), as it wrote it, then its step 4."""
    pad = (K.shape[1] - 1) // 2
    padded = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    output = np.zeros(image.shape, dtype="float")
    for y in range(image.shape[0]):
        for x in range(image.shape[1]):
            output[y, x] = (padded[y:y + K.shape[0], x:x + K.shape[1]] * K).sum()
    return lesson_step4(output)


def exact_window_sums(image, shape):
    """The whole-number sum of every replicate-padded window of ``shape``, in int64."""
    rows, cols = shape
    py, px = (rows - 1) // 2, (cols - 1) // 2
    padded = cv2.copyMakeBorder(image, py, py, px, px, cv2.BORDER_REPLICATE).astype(np.int64)
    height, width = image.shape
    return sum(padded[m:m + height, n:n + width] for m in range(rows) for n in range(cols))


def _table_rows(text, firsts):
    """{(first field, second field): [the numbers after them]} for the printed table's rows
    that start with one of ``firsts``."""
    rows = {}
    for line in text.splitlines():
        for first in firsts:
            if line.startswith(first + " "):
                second, *rest = line[len(first):].split()
                rows[first, second] = [int(n) for n in re.findall(r"\d+", " ".join(rest))]
    return rows


# --- exercise 5's comparison (cells 38-40) --------------------------------------------

def test_the_package_s_shift_and_add_is_exercise_5_s_worked_solution_bit_for_bit():
    """The cell runs course_utils.fast.correlate_shift_add as exercise 5's worked solution."""
    solution = _solution(nb04.q5, "correlate_shift_and_add")
    crop = _crop()
    for K in KERNEL_BANK.values():
        np.testing.assert_array_equal(correlate_shift_add(crop, K, mode="nearest"),
                                      solution(crop, K))


def test_shift_and_add_and_direct_against_the_loop_counts_and_causes(cells):
    crop = _crop()
    solution = _solution(nb04.q5, "correlate_shift_and_add")
    printed = _printed(cells["fed20c61"])
    found = {}
    for name, K in KERNEL_BANK.items():
        loop = lesson_loop(crop, K)
        versions = {"shift and add (ex. 5)": lesson_step4(solution(crop, K)),
                    'correlate("direct")': lesson_step4(correlate(crop, K, mode="nearest",
                                                                  method="direct"))}
        if name not in BLURS:  # whole numbers: exact in any order
            assert all(np.array_equal(out, loop) for out in versions.values())
            continue
        d = BLURS[name]
        whole = exact_window_sums(crop, K.shape)
        k = whole // d
        for version, out in versions.items():
            differ = out != loop
            # every pixel that differs has a whole-number exact sum, and exactly one of the
            # two stored one level below it
            assert np.all(whole[differ] % d == 0)
            assert np.array_equal(differ, (loop == k - 1) ^ (out == k - 1))
            assert np.all((loop == k) | (loop == k - 1)) and np.all((out == k) | (out == k - 1))
            found[version, name] = [int(differ.sum()), differ.size, int(differ.sum()),
                                    int((differ & (loop == k - 1)).sum()),
                                    int((differ & (out == k - 1)).sum())]
    rows = {(version, name): numbers for (version, name), numbers
            in _table_rows(printed, VERSIONS).items()}
    assert rows == found
    identical = [name for name in KERNEL_BANK if name not in BLURS]
    assert f"both identical to the loop: {', '.join(identical)}" in printed
    # the order matters: the two versions miss in other pixels than the loop, and than
    # each other (the counts the issue quoted for the shift and add and for 'direct')
    assert found["shift and add (ex. 5)", "small_blur"][0] != \
        found['correlate("direct")', "small_blur"][0]


def test_direct_rounds_once_below_for_1_49_and_never_below_for_1_441(cells):
    """'direct' is the exact whole-number sum times the stored 1/d: one rounding, which
    never lands above the whole number for 1/49 and never below it for 1/441."""
    crop = _crop()
    assert Fraction(1 / 49) < Fraction(1, 49) and Fraction(1 / 441) > Fraction(1, 441)
    assert "stored 1/49 < 1/49, stored 1/441 > 1/441" in _printed(cells["fed20c61"])
    for name, d in BLURS.items():
        whole = exact_window_sums(crop, KERNEL_BANK[name].shape)
        direct = correlate(crop, KERNEL_BANK[name], mode="nearest", method="direct")
        np.testing.assert_array_equal(direct, whole * (1 / d))
        exact = whole % d == 0
        if d == 49:
            assert np.all(direct[exact] <= whole[exact] // d)
        else:
            assert np.all(direct[exact] >= whole[exact] // d)
    prose = cells["0e4db193"].source
    assert "order of summation" in prose and "never land below" in prose


# --- the capstone against OpenCV (cells 51-57) ----------------------------------------

def test_the_capstone_prompt_counts_the_check_s_cases(cells):
    assert len(NB04_CAPSTONE_SPECS) == 7
    assert "seven images and kernels" in cells["c8000001"].source


def _capstone_table():
    """(image, kernel) -> [differ, size, rounding, noise, other, negative, negative & differ]
    for the worked solution against cv2.filter2D with the rotated kernel, replicate border."""
    solution = _solution(nb04.q8, "convolve")
    images = {"crop": _crop(), "chelsea": load_image("chelsea")[100:228, 100:228]}
    table = {}
    for label, image in images.items():
        channels = image[:, :, None] if image.ndim == 2 else image
        for name, K in KERNEL_BANK.items():
            d = BLURS.get(name, 1)
            weights = np.rint(K * d).astype(np.int64)[::-1, ::-1]  # the convolution's
            ours = solution(image, K).reshape(channels.shape)
            opencv = cv2.filter2D(image, -1, cv2.flip(K, -1),
                                  borderType=cv2.BORDER_REPLICATE).reshape(channels.shape)
            rows, cols = K.shape
            whole = np.zeros(channels.shape, np.int64)
            for c in range(channels.shape[2]):
                padded = cv2.copyMakeBorder(channels[:, :, c], (rows - 1) // 2, (rows - 1) // 2,
                                            (cols - 1) // 2, (cols - 1) // 2,
                                            cv2.BORDER_REPLICATE).astype(np.int64)
                height, width = channels.shape[:2]
                whole[:, :, c] = sum(weights[m, n] * padded[m:m + height, n:n + width]
                                     for m in range(rows) for n in range(cols))
            truncated = np.clip(whole // d, 0, 255)
            rounded = np.clip((2 * whole + d) // (2 * d), 0, 255)  # floor(exact + 1/2)
            differ = ours != opencv
            rounding = differ & (ours == truncated) & (opencv == rounded) & (rounded != truncated)
            noise = differ & (whole % d == 0) & (ours == truncated - 1) & (opencv == truncated)
            other = differ & ~rounding & ~noise
            assert np.abs(ours.astype(int) - opencv).max() <= 1
            table[label, name] = [int(differ.sum()), differ.size, int(rounding.sum()),
                                  int(noise.sum()), int(other.sum()), int((whole < 0).sum()),
                                  int((differ & (whole < 0)).sum())]
    return table


def test_the_capstone_table_is_what_the_worked_solution_and_opencv_give(cells):
    table = _capstone_table()
    printed = _printed(cells["c8000006"])
    assert _table_rows(printed, ("crop", "chelsea")) == table
    assert printed.startswith("which ran: convolve, defined above, which passes")
    # the prose of cell 57
    for (_label, name), (differ, _, rounding, noise, other, negative, neg_differ) in \
            table.items():
        assert other == 0 and neg_differ == 0                  # "nothing is left for other"
        if name in BLURS:
            assert differ > 0 and noise < rounding / 10        # "far fewer"
        else:
            assert differ == 0 and negative > 0                # "agree on every value"
    assert "largest difference: 1 grey level" in printed


def test_the_comparison_runs_the_reference_for_a_learner_who_has_not_passed(cells):
    """What the learner edition runs: the exercise cell's empty convolve fails the check,
    so the cell runs nb04.capstone_reference and prints the same table."""
    def convolve(image, K):  # the exercise cell as handed out
        ...

    namespace = {"np": np, "cv2": cv2, "nb04": nb04, "KERNEL_BANK": KERNEL_BANK,
                 "correlate": correlate, "load_image": load_image, "crop": _crop(),
                 "convolve": convolve}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(cells["c8000006"].source, namespace)  # noqa: S102 - the notebook's own cell
    first, _, rest = out.getvalue().partition("\n")
    assert first.startswith("which ran: nb04.capstone_reference")
    assert rest == _printed(cells["c8000006"]).partition("\n")[2]
