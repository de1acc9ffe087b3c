"""Exercises of notebook 06 (from kernels to CNNs): a layer's output size, its number of
learned parameters, and the single kernel of two correlations in a row."""

from __future__ import annotations

import numpy as np

from ..cnn import compose_kernels, conv_parameter_count
from ..kernels import KERNEL_BANK
from ..valid import conv_output_size
from .compare import compare_arrays, compare_numbers, read_array
from .framework import CheckResult, Exercise

__all__ = ["q1", "q2", "q3", "NB06_Q3_KERNELS"]

#: Exercise q3: correlate with the first kernel, then with the second (both asymmetric).
NB06_Q3_KERNELS = ("sobel_x", "emboss")


def _check_q1(answer) -> CheckResult:
    return compare_numbers(answer, conv_output_size(224, 7, stride=2, padding=3),
                           "your output size")


def _check_q2(answer) -> CheckResult:
    return compare_numbers(answer, conv_parameter_count(3, 16, (5, 5)), "your parameter count")


def _check_q3(answer) -> CheckResult:
    first, second = (KERNEL_BANK[name] for name in NB06_Q3_KERNELS)
    expected, what = compose_kernels(first, second), "your 5×5 kernel"
    given = read_array(answer, what)
    if given.shape == expected.shape and not np.allclose(given, expected):
        if np.allclose(given, expected[::-1, ::-1]):
            return CheckResult(False, "your kernel is the right one rotated by 180°. "
                                      "Correlating a single 1 stamps a kernel rotated "
                                      "by 180° (notebook 02): rotate it back.")
        correlated = (compose_kernels(first, second[::-1, ::-1]),  # correlating the two,
                      compose_kernels(second, first[::-1, ::-1]))  # in either order
        if any(np.allclose(given, c) or np.allclose(given, c[::-1, ::-1]) for c in correlated):
            return CheckResult(False, "you combined the kernels by correlating one with "
                                      "the other; two correlations in a row add their "
                                      "offsets, and adding offsets is a convolution.")
    return compare_arrays(given, expected, what)


q1 = Exercise(
    _check_q1,
    ["Use the output-size formula of the notebook: decide which of its letters is 224, "
     "which 7, which 2 and which 3.",
     "Remember the floor."],
    "from course_utils.cnn import conv_output_size\n"
    "answer = conv_output_size(224, 7, stride=2, padding=3)   # (224 + 6 - 7) // 2 + 1",
)

q2 = Exercise(
    _check_q2,
    "Each filter covers all 3 input channels and has one bias.",
    "answer = 16 * (3 * 5 * 5 + 1)",
)

q3 = Exercise(
    _check_q3,
    ["A kernel can be read off the response to a single 1 in a blank image.",
     "Try it on one 3×3 kernel first and compare what comes out with the kernel."],
    "impulse = np.zeros((9, 9)); impulse[4, 4] = 1\n"
    "two = correlate(correlate(impulse, KERNEL_BANK['sobel_x'], mode='wrap'), "
    "KERNEL_BANK['emboss'], mode='wrap')\n"
    "answer = two[2:7, 2:7][::-1, ::-1]   # the response is the kernel rotated by 180°\n"
    "# the same: scipy.signal.convolve2d(KERNEL_BANK['sobel_x'], KERNEL_BANK['emboss'])",
)
