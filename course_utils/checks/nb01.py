"""Exercises of notebook 01 (hand-computing a blur): the stored pixel of a box blur,
the nine products of the sharpen kernel, and the centre of a kernel."""

from __future__ import annotations

import numpy as np

from ..classic import correlate_loop
from ..kernels import EXAMPLE_REGION, KERNEL_BANK
from ..windows import window_at
from .compare import (
    call_learner,
    compare_arrays,
    compare_numbers,
    not_own_function,
    read_array,
    read_whole_numbers,
)
from .framework import CheckResult, Exercise

__all__ = ["q1", "q2", "q3", "NB01_REGION", "NB01_SHAPES"]

#: The region of exercise q1 (not the lesson's: the learner computes it).
NB01_REGION = ((12, 200, 31), (45, 90, 77), (250, 3, 64))

#: The kernel shapes exercise q3 tries the learner's function on.
NB01_SHAPES = ((3, 3), (5, 5), (3, 5), (7, 1), (1, 1), (2, 2), (4, 3), (3, 6))


def _check_q1(answer) -> CheckResult:
    region = np.array(NB01_REGION, dtype=np.uint8)
    expected = int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])
    result = compare_numbers(answer, expected, "your stored pixel")
    exact = region.astype(float).sum() / 9
    if not result.ok and compare_numbers(answer, exact).ok:
        return CheckResult(False, "that is the exact sum; the uint8 image stores a "
                                  "whole number (astype truncates).")
    if not result.ok and round(exact) != expected and compare_numbers(answer, round(exact)).ok:
        return CheckResult(False, "your stored pixel is too large: did you round? "
                                  "astype('uint8') truncates towards 0.")
    return result


def _check_q2(answer) -> CheckResult:
    sharpen = KERNEL_BANK["sharpen"]
    what = "your array of products"
    given = read_array(answer, what)
    if given.shape == (3, 3) and np.allclose(given, EXAMPLE_REGION @ sharpen):
        return CheckResult(False, "that is the matrix product (@); the kernel multiplies "
                                  "element by element (*).")
    return compare_arrays(given, window_at(EXAMPLE_REGION, sharpen, 1, 1).products, what)


def _check_q3(answer) -> CheckResult:
    not_own_function(answer, "a function")
    for shape in NB01_SHAPES:
        rows, cols = shape
        expected = ((rows - 1) // 2, (cols - 1) // 2) if rows % 2 and cols % 2 else None
        got = call_learner(answer, shape, where=f"a kernel of shape {shape}")
        if expected is None:
            if got is not None:
                return CheckResult(False, f"a kernel of shape {shape} has no centre pixel; "
                                          "your function should return None for it.")
            continue
        wrong = CheckResult(False, f"your function gives the wrong centre for a kernel "
                                   f"of shape {shape}.")
        if got is None:
            return wrong
        if read_whole_numbers(got, 2, f"your function's centre for a kernel of shape "
                                      f"{shape}") != expected:
            return wrong
    return CheckResult(True, f"your function is right for all {len(NB01_SHAPES)} shapes "
                             "tried.")


q1 = Exercise(
    _check_q1,
    ["Add the nine pixels and divide by 9.",
     "Then do what astype('uint8') does to the fraction."],
    "answer = int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])\n"
    "# by hand: int(region.astype(int).sum() / 9)",
)

q2 = Exercise(
    _check_q2,
    "Element-wise multiplication is * in NumPy (@ is the matrix product). The "
    "kernel is float, so the products are float: nothing can overflow.",
    "answer = EXAMPLE_REGION * KERNEL_BANK['sharpen']\n"
    "# or: window_at(EXAMPLE_REGION, KERNEL_BANK['sharpen'], 1, 1).products",
)

q3 = Exercise(
    _check_q3,
    ["The centre of M rows is at (M - 1) / 2.",
     "That is a pixel only when it is a whole number; // keeps it an int."],
    "def centre(shape):\n"
    "    rows, cols = shape\n"
    "    if rows % 2 == 0 or cols % 2 == 0:\n"
    "        return None\n"
    "    return ((rows - 1) // 2, (cols - 1) // 2)\n"
    "answer = centre",
)
