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
from .compare import (
    compare_arrays,
    compare_numbers,
    is_uint8,
    not_uint8,
    read_array,
    read_number,
)
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
    what = "your count of differing pixels"
    result = compare_numbers(answer, _q1_expected(), what)
    if result.ok:
        return result
    value = read_number(answer, what)  # refused as compare_numbers did
    mistake = next((message for count, message in _q1_slips() if _close(value, count)),
                   None)
    if mistake is None and value == _q1_whole_photo():
        mistake = "that is the count on the whole photo; the question asks about crop"
    return CheckResult(False, f"{what} is wrong: {mistake}.") if mistake else result


def _close(value, count) -> bool:
    """``value == count``, to float rounding when either is a fraction (a percentage)."""
    if isinstance(value, int) and isinstance(count, int):
        return value == count
    try:
        return abs(value - count) <= 1e-9 * max(1.0, abs(count))
    except OverflowError:  # an int beyond the range of floats is no count of pixels
        return False


@functools.cache
def _q1_slips() -> tuple[tuple[float, str], ...]:
    """What each usual mistake of exercise q1 counts, with the message that names it."""
    crop, box = _crop(), np.full((5, 5), 1 / 25)
    loop = correlate_loop(crop, box)
    opencv = cv2.filter2D(crop, -1, box, borderType=cv2.BORDER_REPLICATE)
    right = int(np.count_nonzero(loop != opencv))
    small_blur = KERNEL_BANK["small_blur"]
    with np.errstate(over="ignore"):
        wrapped = int(np.sum(loop - opencv))  # uint8 differences wrap: 0 - 1 is 255
    return (
        (int(np.count_nonzero(loop != cv2.filter2D(crop, -1, box))),
         "that is the count against cv2.filter2D's default border (BORDER_REFLECT_101); "
         "the question's call passes borderType=cv2.BORDER_REPLICATE, the lesson's border"),
        (crop.size - right, "that is the number of pixels that agree; count those that "
                            "differ"),
        (right / crop.size, "that is the share of pixels that differ, a fraction; count "
                            "them"),
        (100 * right / crop.size, "that is the percentage of pixels that differ; count "
                                  "them"),
        (-right, "that is the sum of the signed differences (the truncated loop is never "
                 "above OpenCV's rounding); count the pixels that differ"),
        (wrapped, "you summed uint8 differences, which wrap around 256 (0 - 1 is 255); "
                  "count the pixels that differ (np.count_nonzero(a != b))"),
        (int(np.count_nonzero(correlate(crop, box, mode="nearest") != opencv)),
         "every pixel differs: you compared float sums with OpenCV's uint8 output; "
         "correlate_loop gives the lesson's uint8 result"),
        (int(np.count_nonzero(correlate_loop(crop, small_blur)
                              != cv2.filter2D(crop, -1, small_blur,
                                              borderType=cv2.BORDER_REPLICATE))),
         "that is the count for the bank's 7×7 small_blur; the question uses the 5×5 box "
         "np.full((5, 5), 1 / 25)"),
        (0, "no pixel differs only if both sides round (or both truncate); the lesson's "
            "loop truncates, cv2.filter2D rounds"),
    )


@functools.cache
def _q1_whole_photo() -> int:
    camera, box = load_image("camera"), np.full((5, 5), 1 / 25)
    opencv = cv2.filter2D(camera, -1, box, borderType=cv2.BORDER_REPLICATE)
    return int(np.count_nonzero(correlate_loop(camera, box) != opencv))


def _check_q2(answer) -> CheckResult:
    expected = cv2.filter2D(_crop(), -1, KERNEL_BANK["small_blur"])
    given = read_array(answer, "your result")
    result = compare_arrays(given, expected, "your result", atol=0)
    if result.ok and not is_uint8(answer):
        return not_uint8(answer, "your result")
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
    if np.array_equal(given, correlate_loop(_crop(), KERNEL_BANK["small_blur"])):
        return ("that is the lesson's correlate_loop: the replicate border, truncation and "
                "its rescaling; rebuild OpenCV's default with correlate (its border, "
                "rounding)")
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
    camera = load_image("camera")
    if value == camera.size - _negatives("mirror", below_or_at=True):
        return CheckResult(False, "that counts the responses above 0; clipping turns black "
                                  "the ones below 0.")
    if 0 < value < 1 or (0 < value <= 100 and value != int(value)):
        return CheckResult(False, "that is a share (a fraction or a percentage); count the "
                                  "pixels.")
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
