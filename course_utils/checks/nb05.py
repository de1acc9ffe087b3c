"""Exercises of notebook 05 (matching OpenCV): what truncation against rounding costs
under a 5×5 box (q1), a function that rebuilds OpenCV's default output with ``correlate``
(q2), and the Sobel responses that a uint8 output turns black (q3)."""

from __future__ import annotations

import functools

import cv2
import numpy as np

from ..classic import correlate_loop
from ..filtering import correlate
from ..i18n import N_, tr, translate
from ..images import load_image
from ..kernels import KERNEL_BANK
from .compare import (
    call_learner,
    compare_arrays,
    compare_numbers,
    is_uint8,
    not_own_function,
    not_uint8,
    read_array,
    read_number,
    returned_none,
)
from .framework import CheckResult, Exercise
from .guard import Forbid
from .nb04 import NB04_CROP

__all__ = ["q1", "q2", "q3", "NB05_CROP", "NB05_Q2_KERNELS"]

#: Exercise q2: the kernels the learner's filter2d_default is tried with, on images the
#: learner never sees (:func:`_q2_cases`). The blur's sums have fractions (rounding shows),
#: sharpen's leave 0-255 on both sides (clipping shows), the 3×7 box is not square and the
#: 3×5 kernel not symmetric (a convolution shows). The keys name the kernels in the
#: check's messages (translated there).
NB05_Q2_KERNELS = {
    "small_blur": KERNEL_BANK["small_blur"],
    "sharpen": KERNEL_BANK["sharpen"],
    N_("a 3×7 box"): np.full((3, 7), 1 / 21),
    N_("a 3×5 kernel that is not symmetric"): np.array([[1.0, 2, 0, -1, 3], [0, 4, 1, -2, 0],
                                                        [-1, 0, 2, 1, 1]]) / 8,
}

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
    what = tr("your count of differing pixels")
    result = compare_numbers(answer, _q1_expected(), what)
    if result.ok:
        return result
    value = read_number(answer, what)  # refused as compare_numbers did
    mistake = next((translate(message) for count, message in _q1_slips()
                    if _close(value, count)), None)
    if mistake is None and value == _q1_whole_photo():
        mistake = tr("that is the count on the whole photo; the question asks about crop")
    return (CheckResult(False, tr("{what} is wrong: {mistake}.", what=what, mistake=mistake))
            if mistake else result)


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
    """What each usual mistake of exercise q1 counts, with the message that names it
    (in English: cached, it is translated where it is shown)."""
    crop, box = _crop(), np.full((5, 5), 1 / 25)
    loop = correlate_loop(crop, box)
    opencv = cv2.filter2D(crop, -1, box, borderType=cv2.BORDER_REPLICATE)
    right = int(np.count_nonzero(loop != opencv))
    small_blur = KERNEL_BANK["small_blur"]
    with np.errstate(over="ignore"):
        wrapped = int(np.sum(loop - opencv))  # uint8 differences wrap: 0 - 1 is 255
    return (
        (int(np.count_nonzero(loop != cv2.filter2D(crop, -1, box))),
         N_("that is the count against cv2.filter2D's default border (BORDER_REFLECT_101); "
            "the question's call passes borderType=cv2.BORDER_REPLICATE, the lesson's "
            "border")),
        (crop.size - right, N_("that is the number of pixels that agree; count those that "
                               "differ")),
        (right / crop.size, N_("that is the share of pixels that differ, a fraction; count "
                               "them")),
        (100 * right / crop.size, N_("that is the percentage of pixels that differ; count "
                                     "them")),
        (-right, N_("that is the sum of the signed differences (the truncated loop is never "
                    "above OpenCV's rounding); count the pixels that differ")),
        (wrapped, N_("you summed uint8 differences, which wrap around 256 (0 - 1 is 255); "
                     "count the pixels that differ (np.count_nonzero(a != b))")),
        (int(np.count_nonzero(correlate(crop, box, mode="nearest") != opencv)),
         N_("every pixel differs: you compared float sums with OpenCV's uint8 output; "
            "correlate_loop gives the lesson's uint8 result")),
        (int(np.count_nonzero(correlate_loop(crop, small_blur)
                              != cv2.filter2D(crop, -1, small_blur,
                                              borderType=cv2.BORDER_REPLICATE))),
         N_("that is the count for the bank's 7×7 small_blur; the question uses the 5×5 box "
            "np.full((5, 5), 1 / 25)")),
        (0, N_("no pixel differs only if both sides round (or both truncate); the lesson's "
               "loop truncates, cv2.filter2D rounds")),
    )


@functools.cache
def _q1_whole_photo() -> int:
    camera, box = load_image("camera"), np.full((5, 5), 1 / 25)
    opencv = cv2.filter2D(camera, -1, box, borderType=cv2.BORDER_REPLICATE)
    return int(np.count_nonzero(correlate_loop(camera, box) != opencv))


@functools.cache
def _q2_images() -> tuple[tuple[str, np.ndarray], ...]:
    """The images exercise q2 tries: a part of the camera photo that is not ``crop``, and
    random grey levels (their labels in English: cached, they are translated where shown)."""
    part = load_image("camera")[300:360, 100:180]
    noise = np.random.default_rng(505).integers(0, 256, size=(23, 31)).astype(np.uint8)
    for image in (part, noise):
        image.flags.writeable = False
    return ((N_("rows 300-359, columns 100-179 of the camera photo"), part),
            (N_("a 23×31 image of random grey levels"), noise))


def _q2_cases():
    """(where, image, kernel) of exercise q2: every kernel, on alternating images."""
    images = _q2_images()
    for index, (name, kernel) in enumerate(NB05_Q2_KERNELS.items()):
        label, image = images[index % len(images)]
        yield (tr("{image} and {kernel}", image=translate(label), kernel=translate(name)),
               image, kernel)


def _check_q2(answer) -> CheckResult:
    not_own_function(answer, tr("a function filter2d_default(image, kernel)"))
    cases = list(_q2_cases())
    for where, image, kernel in cases:
        got = call_learner(answer, image.copy(), kernel.copy(), where=where)
        if got is None:
            return returned_none(where, tr("the uint8 picture"))
        result = _q2_result(got, image, kernel, tr("your result for {where}", where=where))
        if not result.ok:
            return result
    return CheckResult(True, tr("your function gives cv2.filter2D's default output, pixel for "
                                "pixel, for all {count} images and kernels tried, none of "
                                "which you saw.", count=len(cases)))


def _q2_result(answer, image: np.ndarray, kernel: np.ndarray, what: str) -> CheckResult:
    """Compare with cv2.filter2D(image, -1, kernel), naming the usual mistakes."""
    expected = cv2.filter2D(image, -1, kernel)
    given = read_array(answer, what)
    result = compare_arrays(given, expected, what, atol=0)
    if result.ok:
        return not_uint8(answer, what) if not is_uint8(answer) else result
    if given.shape != expected.shape:
        return result
    if np.isfinite(given).all() and not np.array_equal(given, np.rint(given)):
        return CheckResult(False, tr("{message}: your array holds fractions, but "
                                     "cv2.filter2D(image, -1, ...) stores whole grey levels "
                                     "0-255 as uint8. Round, clip and convert.",
                                     message=result.message[:-1]))
    mistake = _q2_mistake(given, image, kernel)
    return (CheckResult(False, tr("{what}: {mistake}", what=what, mistake=mistake))
            if mistake else result)


def _q2_outputs(image: np.ndarray, kernel: np.ndarray) -> dict:
    """What each border mode, rounded or truncated, clipped or wrapped, gives."""
    outputs = {}
    for mode in ("reflect", "mirror", "nearest", "wrap", "constant"):
        response = correlate(image, kernel, mode=mode)
        outputs[mode, "rounded"] = np.clip(np.rint(response), 0, 255)
        outputs[mode, "truncated"] = np.clip(response, 0, 255).astype(np.uint8)
    return outputs


def _q2_mistake(given: np.ndarray, image: np.ndarray, kernel: np.ndarray) -> str | None:
    if image.shape[0] >= kernel.shape[0] and np.array_equal(given,
                                                            correlate_loop(image, kernel)):
        return tr("that is the lesson's correlate_loop: the replicate border, truncation and "
                  "its rescaling; rebuild OpenCV's default with correlate (its border, "
                  "rounding).")
    response = correlate(image, kernel, mode="mirror")
    with np.errstate(invalid="ignore"):
        wrapped = np.rint(response).astype(np.int64) % 256
    if not np.array_equal(given, np.clip(np.rint(response), 0, 255)) \
            and np.array_equal(given, wrapped):
        return tr("values outside 0-255 wrapped around (-3 became 253): clip to 0-255 before "
                  "converting to uint8, as OpenCV saturates.")
    flipped = kernel[::-1, ::-1]
    if not np.array_equal(flipped, kernel) and any(
            np.array_equal(given, np.clip(np.rint(correlate(image, flipped, mode=mode)),
                                          0, 255)) for mode in ("mirror", "reflect")):
        return tr("that is a convolution (the kernel turned by 180°): cv2.filter2D "
                  "correlates, as correlate does; hand it the kernel as it is.")
    matches = [key for key, output in _q2_outputs(image, kernel).items()
               if np.array_equal(given, output)]
    modes = sorted({mode for mode, _ in matches})
    if not matches:
        return None
    if modes == ["mirror"]:
        return tr("the border is right ('mirror' is BORDER_REFLECT_101), but OpenCV rounds "
                  "to the nearest grey level where you truncated.")
    return tr("that is what the {names} border gives; cv2.filter2D's default border is "
              "BORDER_REFLECT_101 (look up its scipy name in BORDER_MODES).",
              names=_either(modes))


def _either(modes) -> str:
    """"'reflect' or 'wrap'", in the learner's language."""
    return functools.reduce(lambda names, name: tr("{names} or {name}", names=names,
                                                   name=name),
                            (f"'{mode}'" for mode in modes))


@functools.cache
def _negatives(mode: str, below_or_at: bool = False) -> int:
    """How many responses of sobel_y on the camera photo are below 0 (or at most 0)."""
    true = correlate(load_image("camera"), KERNEL_BANK["sobel_y"], mode=mode)
    return int(np.count_nonzero(true <= 0 if below_or_at else true < 0))


def _check_q3(answer) -> CheckResult:
    what = tr("your count of pixels turned black")
    result = compare_numbers(answer, _negatives("mirror"), what)  # BORDER_REFLECT_101
    if result.ok:
        return result
    value = read_number(answer, what)  # refused as compare_numbers did
    if value == _negatives("mirror", below_or_at=True):
        return CheckResult(False, tr("your count also holds the pixels whose response is "
                                     "exactly 0; they are black anyway, but not turned black "
                                     "by clipping."))
    camera = load_image("camera")
    if value == camera.size - _negatives("mirror", below_or_at=True):
        return CheckResult(False, tr("that counts the responses above 0; clipping turns black "
                                     "the ones below 0."))
    if 0 < value < 1 or (0 < value <= 100 and value != int(value)):
        return CheckResult(False, tr("that is a share (a fraction or a percentage); count the "
                                     "pixels."))
    modes = [mode for mode in ("reflect", "nearest", "wrap", "constant")
             if value == _negatives(mode)]
    if modes:
        return CheckResult(False, tr("that is the count with the {names} border; "
                                     "cv2.filter2D's default border is BORDER_REFLECT_101 "
                                     "(look it up in BORDER_MODES).", names=_either(modes)))
    return result


q1 = Exercise(
    _check_q1,
    [N_("Both sides use the replicate border, so only truncation against rounding is left."),
     N_("Look at 'Compare with cv2.filter2D, and count': correlate_loop(crop, K) gives the "
        "lesson's uint8 output; cv2.filter2D with borderType=cv2.BORDER_REPLICATE gives "
        "OpenCV's, also uint8."),
     N_("Skeleton: answer = <how many entries of the two uint8 arrays are not equal> "
        "(np.count_nonzero counts the True values of a comparison).")],
)

q2 = Exercise(
    _check_q2,
    [N_("Two causes make correlate's result differ from OpenCV's; this notebook removed them "
        "one at a time. A third thing happens to every response on its way to uint8."),
     N_("Look at 'Cause 1 · The border' and 'Cause 2 · Truncation vs rounding': OpenCV's "
        "default border is BORDER_REFLECT_101 (BORDER_MODES gives its scipy name), and OpenCV "
        "rounds where the lesson truncates. A response below 0 or above 255 is stored as 0 or "
        "255."),
     N_("Skeleton: response = correlate(image, kernel, mode=<scipy's name for "
        "BORDER_REFLECT_101>); return <response, rounded to whole numbers and kept inside "
        "0-255, as uint8>.")],
    forbid=Forbid(("cv2.filter2D", "cv2.sepFilter2D", "cv2.boxFilter", "cv2.blur",
                   "course_utils.fast.correlate_opencv", "course_utils.fast.correlate_opencv_tool"),
                  N_("build the output with correlate, the border and the rounding "
                     "yourself.")),
)

q3 = Exercise(
    _check_q3,
    [N_("A uint8 output stores every negative response as 0: count the true responses below "
        "0."),
     N_("Look at 'Not a difference, a loss: negative responses clipped to 0': the true "
        "response is the float one, correlate(..., mode=...) on the whole photo, with the "
        "scipy name of OpenCV's default border (BORDER_MODES says which)."),
     N_("Skeleton: answer = <how many values of the float response are below 0>")],
)
