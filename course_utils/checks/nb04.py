"""Exercises of notebook 04 (implementing convolve): padding per axis, the lesson's
last step, truncation against rounding, matching cv2.filter2D, and clipped Sobel."""

from __future__ import annotations

import functools

import cv2
import numpy as np
from skimage.exposure import rescale_intensity

from ..classic import correlate_loop
from ..filtering import correlate
from ..images import load_image
from ..kernels import KERNEL_BANK
from .compare import (
    compare_arrays,
    compare_numbers,
    compare_tuples,
    is_uint8,
    read_array,
    read_number,
)
from .framework import CheckResult, Exercise

__all__ = ["q1", "q2", "q3", "q4", "q5", "NB04_CROP", "NB04_RESPONSES"]

#: The crop of the camera photo that notebook 04 runs the double loop on.
NB04_CROP = (slice(90, 218), slice(190, 318))

#: The float responses of exercise q2 (none next to a value notebook 04 prints).
NB04_RESPONSES = (-0.6, 63.5, 99.999, 254.7, 256.0)


def _crop() -> np.ndarray:
    return load_image("camera")[NB04_CROP]


def _check_q1(answer) -> CheckResult:
    shape = (3, 7)
    return compare_tuples(answer, tuple((size - 1) // 2 for size in shape),
                          "your (rows, columns) padding")


def _check_q2(answer) -> CheckResult:
    output = np.array(NB04_RESPONSES, dtype=np.float64)  # the lesson stores float64
    expected = (rescale_intensity(output, in_range=(0, 255)) * 255).astype("uint8")
    given = read_array(answer, "your array")
    result = compare_arrays(given, expected, "your array", atol=0)
    if result.ok and not is_uint8(answer):
        return CheckResult(False, "the values are right, but the lesson stores them as uint8.")
    if not result.ok and np.array_equal(given, np.clip(np.rint(output), 0, 255)):
        return CheckResult(False, "those are rounded (what OpenCV does); the lesson's "
                                  "astype('uint8') truncates: it drops the fraction.")
    return result


@functools.cache
def _q3_expected() -> int:
    crop, box = _crop(), np.full((5, 5), 1 / 25)
    loop = correlate_loop(crop, box).astype(int)
    opencv = cv2.filter2D(crop, -1, box, borderType=cv2.BORDER_REPLICATE).astype(int)
    return int(np.count_nonzero(loop != opencv))


def _check_q3(answer) -> CheckResult:
    return compare_numbers(answer, _q3_expected(), "your count of differing pixels")


def _check_q4(answer) -> CheckResult:
    expected = cv2.filter2D(_crop(), -1, KERNEL_BANK["small_blur"])
    given = read_array(answer, "your result")
    result = compare_arrays(given, expected, "your result", atol=0)
    if result.ok and not is_uint8(answer):
        return CheckResult(False, "the values are right; now make the array uint8, "
                                  "as cv2.filter2D(crop, -1, ...) returns it.")
    if (not result.ok and given.shape == expected.shape and np.isfinite(given).all()
            and not np.array_equal(given, np.rint(given))):
        return CheckResult(False, f"{result.message[:-1]}: your array holds fractions, "
                                  "but cv2.filter2D(crop, -1, ...) stores whole grey "
                                  "levels 0-255 as uint8. Round, clip and convert.")
    return result


@functools.cache
def _q5_negatives(mode: str, below_or_at: bool = False) -> int:
    """How many responses of sobel_y on the camera photo are below 0 (or at most 0)."""
    true = correlate(load_image("camera"), KERNEL_BANK["sobel_y"], mode=mode)
    return int(np.count_nonzero(true <= 0 if below_or_at else true < 0))


def _check_q5(answer) -> CheckResult:
    what = "your count of pixels turned black"
    result = compare_numbers(answer, _q5_negatives("mirror"), what)  # BORDER_REFLECT_101
    if result.ok:
        return result
    value = read_number(answer, what)  # refused as compare_numbers did
    if value == _q5_negatives("mirror", below_or_at=True):
        return CheckResult(False, "your count also holds the pixels whose response is exactly "
                                  "0; they are black anyway, but not turned black by clipping.")
    for mode in ("reflect", "nearest", "wrap", "constant"):
        if value == _q5_negatives(mode):
            return CheckResult(False, f"that is the count with the '{mode}' border; "
                                      "cv2.filter2D's default border is BORDER_REFLECT_101 "
                                      "(look it up in BORDER_MODES).")
    return result


q1 = Exercise(
    _check_q1,
    "The lesson used one pad, taken from the kernel's width; what does each axis need?",
    "answer = ((3 - 1) // 2, (7 - 1) // 2)",
)

q2 = Exercise(
    _check_q2,
    ["rescale_intensity(..., in_range=(0, 255)) clips to 0-255 and divides by 255.",
     "Then * 255, and astype('uint8') truncates towards 0."],
    "# clip to 0-255, then drop the fraction\n"
    "answer = np.array([0, 63, 99, 254, 255], dtype=np.uint8)\n"
    "# confirm: (rescale_intensity(sums, in_range=(0, 255)) * 255).astype('uint8')",
)

q3 = Exercise(
    _check_q3,
    "Same border, so only truncation vs rounding is left; count where the two uint8 "
    "arrays are not equal (np.count_nonzero).",
    "K = np.full((5, 5), 1 / 25)\n"
    "opencv = cv2.filter2D(crop, -1, K, borderType=cv2.BORDER_REPLICATE)\n"
    "answer = int(np.count_nonzero(correlate_loop(crop, K) != opencv))",
)

q4 = Exercise(
    _check_q4,
    ["Two causes to remove. First: OpenCV's default border is BORDER_REFLECT_101 (which "
     "scipy name is that? see BORDER_MODES).",
     "Second: OpenCV rounds where the lesson truncates."],
    "result = correlate(crop, KERNEL_BANK['small_blur'], mode='mirror')\n"
    "answer = np.clip(np.rint(result), 0, 255).astype(np.uint8)",
)

q5 = Exercise(
    _check_q5,
    "Compute the float response with correlate and the scipy name of OpenCV's default "
    "border (BORDER_MODES says which), then count the values below 0.",
    "true = correlate(load_image('camera'), KERNEL_BANK['sobel_y'], mode='mirror')\n"
    "answer = int(np.count_nonzero(true < 0))",
)
