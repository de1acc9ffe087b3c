"""Exercises of notebook 05 (matching OpenCV): what truncation against rounding costs
under a 5×5 box (q1), OpenCV's default output rebuilt with ``correlate`` (q2), and the
Sobel responses that a uint8 output turns black (q3)."""

from __future__ import annotations

import functools

import cv2
import numpy as np

from ..classic import correlate_loop
from ..filtering import correlate
from ..images import load_image
from ..kernels import KERNEL_BANK
from .compare import compare_arrays, compare_numbers, is_uint8, read_array, read_number
from .framework import CheckResult, Exercise
from .nb04 import NB04_CROP

__all__ = ["q1", "q2", "q3", "NB05_CROP"]

#: The crop notebook 05 compares on: the same part of the camera photo as notebook 04's.
NB05_CROP = NB04_CROP


def _crop() -> np.ndarray:
    return load_image("camera")[NB05_CROP]


@functools.cache
def _q1_expected() -> int:
    crop, box = _crop(), np.full((5, 5), 1 / 25)
    loop = correlate_loop(crop, box).astype(int)
    opencv = cv2.filter2D(crop, -1, box, borderType=cv2.BORDER_REPLICATE).astype(int)
    return int(np.count_nonzero(loop != opencv))


def _check_q1(answer) -> CheckResult:
    return compare_numbers(answer, _q1_expected(), "your count of differing pixels")


def _check_q2(answer) -> CheckResult:
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
    if not result.ok and given.shape == expected.shape:
        mistake = _q2_mistake(given)
        if mistake:
            return CheckResult(False, mistake)
    return result


@functools.cache
def _q2_outputs() -> dict:
    """What each border mode, rounded or truncated, gives for exercise q2."""
    outputs = {}
    for mode in ("reflect", "mirror", "nearest", "wrap", "constant"):
        response = correlate(_crop(), KERNEL_BANK["small_blur"], mode=mode)
        outputs[mode, "rounded"] = np.clip(np.rint(response), 0, 255)
        outputs[mode, "truncated"] = np.clip(response, 0, 255).astype(np.uint8)
    return outputs


def _q2_mistake(given: np.ndarray) -> str | None:
    matches = [key for key, output in _q2_outputs().items()
               if np.array_equal(given, output)]
    modes = sorted({mode for mode, _ in matches})
    if not matches:
        return None
    if modes == ["mirror"]:
        return ("the border is right ('mirror' is BORDER_REFLECT_101), but OpenCV rounds "
                "to the nearest grey level where you truncated.")
    names = " or ".join(f"'{mode}'" for mode in modes)
    return (f"your result is what the {names} border gives; cv2.filter2D's default border "
            "is BORDER_REFLECT_101 (look up its scipy name in BORDER_MODES).")


@functools.cache
def _negatives(mode: str, below_or_at: bool = False) -> int:
    """How many responses of sobel_y on the camera photo are below 0 (or at most 0)."""
    true = correlate(load_image("camera"), KERNEL_BANK["sobel_y"], mode=mode)
    return int(np.count_nonzero(true <= 0 if below_or_at else true < 0))


def _check_q3(answer) -> CheckResult:
    what = "your count of pixels turned black"
    result = compare_numbers(answer, _negatives("mirror"), what)  # BORDER_REFLECT_101
    if result.ok:
        return result
    value = read_number(answer, what)  # refused as compare_numbers did
    if value == _negatives("mirror", below_or_at=True):
        return CheckResult(False, "your count also holds the pixels whose response is exactly "
                                  "0; they are black anyway, but not turned black by clipping.")
    modes = [mode for mode in ("reflect", "nearest", "wrap", "constant")
             if value == _negatives(mode)]
    if modes:
        names = " or ".join(f"'{mode}'" for mode in modes)
        return CheckResult(False, f"that is the count with the {names} border; "
                                  "cv2.filter2D's default border is BORDER_REFLECT_101 "
                                  "(look it up in BORDER_MODES).")
    return result


q1 = Exercise(
    _check_q1,
    ["Both sides use the replicate border, so only truncation against rounding is left.",
     "Look at 'Compare with cv2.filter2D, and count': correlate_loop(crop, K) gives the lesson's "
     "uint8 output; cv2.filter2D with borderType=cv2.BORDER_REPLICATE gives OpenCV's, also "
     "uint8.",
     "Skeleton: answer = <how many entries of the two uint8 arrays are not equal> "
     "(np.count_nonzero counts the True values of a comparison)."],
)

q2 = Exercise(
    _check_q2,
    ["Two causes make correlate's result differ from OpenCV's here; this notebook removed them "
     "one at a time.",
     "Look at 'Cause 1 · The border' and 'Cause 2 · Truncation vs rounding': OpenCV's default "
     "border is BORDER_REFLECT_101 (BORDER_MODES gives its scipy name), and OpenCV rounds where "
     "the lesson truncates.",
     "Skeleton: result = correlate(crop, KERNEL_BANK['small_blur'], mode=<scipy's name for "
     "BORDER_REFLECT_101>); answer = <result, rounded to whole numbers and kept inside 0-255, as "
     "uint8>."],
)

q3 = Exercise(
    _check_q3,
    ["A uint8 output stores every negative response as 0: count the true responses below 0.",
     "Look at 'Not a difference, a loss: negative responses clipped to 0': the true response is "
     "the float one, correlate(..., mode=...) on the whole photo, with the scipy name of "
     "OpenCV's default border (BORDER_MODES says which).",
     "Skeleton: answer = <how many values of the float response are below 0>"],
)
