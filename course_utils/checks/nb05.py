"""Exercises of notebook 05 (the kernel bank): kernels that keep brightness, a gradient
magnitude, a blur's Laplacian variance, the relief part of emboss, and OpenCV's wrap."""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from ..filtering import convolve, correlate
from ..images import load_image
from ..kernels import KERNEL_BANK
from .compare import (
    compare_arrays,
    compare_names,
    compare_numbers,
    is_uint8,
    read_array,
    read_names,
)
from .framework import CheckResult, Exercise

__all__ = ["q1", "q2", "q3", "q4", "q5", "NB05_Q1_KERNELS"]

#: The kernels of exercise q1: new ones, not in the bank (the learner reads their numbers).
NB05_Q1_KERNELS = {
    "gauss_3": np.array([[1.0, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
    "outline": np.array([[-1.0, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    "motion_5": np.eye(5) / 5,
    "brighten": np.array([[0.0, 0, 0], [0, 1.2, 0], [0, 0, 0]]),
    "shift_right": np.array([[0.0, 0, 0], [1, 0, 0], [0, 0, 0]]),
    "dim_box": np.ones((3, 3)) / 12,
    "ridge": np.array([[0.0, -1, 0], [-1, 4, -1], [0, -1, 0]]),
    "unsharp": np.array([[-1.0, -1, -1], [-1, 17, -1], [-1, -1, -1]]) / 9,
}


@functools.cache
def _photo(name: str) -> np.ndarray:
    """The grayscale photo ``name``, read-only (it is shared by every check)."""
    photo = load_image(name, gray=True)
    photo.flags.writeable = False
    return photo


@functools.cache
def _magnitude(photo: str, mode: str) -> np.ndarray:
    """The gradient magnitude of exercise q2 on the photo named ``photo``."""
    image = _photo(photo)
    return _read_only(np.hypot(correlate(image, KERNEL_BANK["sobel_x"], mode=mode),
                               correlate(image, KERNEL_BANK["sobel_y"], mode=mode)))


@functools.cache
def _relief(photo: str, mode: str) -> np.ndarray:
    """The relief picture of exercise q4 on the photo named ``photo``."""
    relief = KERNEL_BANK["emboss"]
    relief[1, 1] -= 1  # emboss minus the identity: the part that sums to 0
    return _read_only(np.clip(correlate(_photo(photo), relief, mode=mode) + 128, 0, 255))


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _compare_recipe(answer, recipe: Callable[[str, str], np.ndarray], what: str,
                    atol: float) -> CheckResult:
    """Compare with ``recipe("astronaut", "mirror")``, saying so when the answer is the
    right recipe on the wrong photo or with the wrong border."""
    given = read_array(answer, what)
    if given.shape == _photo("astronaut").shape:
        if any(np.allclose(given, recipe("camera", mode), atol=1.0)
               for mode in ("mirror", "reflect")):
            return CheckResult(False, f"{what} is computed from the camera photo; this "
                                      "exercise asks for the astronaut.")
        if np.allclose(given, recipe("astronaut", "reflect"), atol=1.0):
            return CheckResult(False, f"{what} is right away from the borders; look at which "
                                      "border mode the exercise asks for.")
    return compare_arrays(given, recipe("astronaut", "mirror"), what, atol=atol)


def _check_q1(answer) -> CheckResult:
    keep = [name for name, K in NB05_Q1_KERNELS.items() if abs(K.sum() - 1) < 1e-9]
    names = read_names(answer, "your set of kernels")
    if names and names <= set(KERNEL_BANK):
        return CheckResult(False, "those are kernels of the bank; the question is about the "
                                  "new kernels in NB05_Q1_KERNELS.")
    return compare_names(names, keep, "your set of kernels")


def _check_q2(answer) -> CheckResult:
    return _compare_recipe(answer, _magnitude, "your gradient magnitude", atol=1e-6)


@functools.cache
def _q3_expected() -> float:
    blurred = correlate(_photo("camera"), np.full((5, 5), 1 / 25))
    return float(correlate(blurred, KERNEL_BANK["laplacian"]).var())


def _check_q3(answer) -> CheckResult:
    expected = _q3_expected()
    result = compare_numbers(answer, expected, "your variance", atol=0.05)
    if not result.ok and compare_numbers(answer, expected, atol=0.5).ok:
        return CheckResult(False, "close: your variance is within 0.5 of the right value, "
                                  "but one decimal is needed. How many decimals did you keep?")
    return result


def _check_q4(answer) -> CheckResult:
    result = _compare_recipe(answer, _relief, "your relief picture", atol=1.0)
    if result.ok and not is_uint8(answer):
        return CheckResult(False, "the values are right; now make the picture uint8.")
    return result


@functools.cache
def _q5_wrapped(operation: Callable) -> np.ndarray:
    """``operation`` (convolve or correlate) of the astronaut with emboss, 'wrap' border."""
    return _read_only(operation(_photo("astronaut"), KERNEL_BANK["emboss"], mode="wrap"))


def _check_q5(answer) -> CheckResult:
    expected, what = _q5_wrapped(convolve), "your OpenCV result"
    given = read_array(answer, what)
    if given.shape == expected.shape and not np.allclose(given, expected, atol=1e-9):
        if np.allclose(given, _q5_wrapped(correlate), atol=1e-9):
            return CheckResult(False, "your result is a correlation; the exercise asks for "
                                      "a convolution (notebook 02).")
        inside = (slice(1, -1), slice(1, -1))
        if np.allclose(given[inside], expected[inside], atol=1e-9):
            return CheckResult(False, "your result is right away from the borders; the "
                                      "border pixels should wrap around.")
    return compare_arrays(given, expected, what, atol=1e-9)


q1 = Exercise(
    _check_q1,
    ["What does each kernel make of a flat patch where every pixel is 100?",
     "The table of 'Read the numbers' asked the same question of the bank."],
    "from course_utils.checks import NB05_Q1_KERNELS\n"
    "answer = {name for name, K in NB05_Q1_KERNELS.items() if np.isclose(K.sum(), 1)}",
)

q2 = Exercise(
    _check_q2,
    "Section 'Signed outputs, honestly' combined the two Sobel responses into one edge "
    "strength; what has to stay unclipped for that to work?",
    "astronaut = load_image('astronaut', gray=True)\n"
    "gx = correlate(astronaut, KERNEL_BANK['sobel_x'], mode='mirror')\n"
    "gy = correlate(astronaut, KERNEL_BANK['sobel_y'], mode='mirror')\n"
    "answer = np.hypot(gx, gy)",
)

q3 = Exercise(
    _check_q3,
    "Claim 1 measured the same thing for the bank's blurs; what is the 5×5 version of "
    "small_blur?",
    "blurred = correlate(camera, np.full((5, 5), 1 / 25))\n"
    "answer = float(correlate(blurred, KERNEL_BANK['laplacian']).var())",
)

q4 = Exercise(
    _check_q4,
    ["Claim 3 found the relief part from the emboss numbers.",
     "A uint8 picture cannot hold values outside 0-255: decide what happens to them "
     "before converting."],
    "astronaut = load_image('astronaut', gray=True)\n"
    "relief = KERNEL_BANK['emboss']\n"
    "relief[1, 1] -= 1\n"
    "response = correlate(astronaut, relief, mode='mirror')\n"
    "answer = np.clip(response + 128, 0, 255).astype(np.uint8)",
)

q5 = Exercise(
    _check_q5,
    ["Two things to settle. First: where the wrapped-around pixels come from (the parity "
     "section did it for correlate).",
     "Second: what a convolution does to the kernel (notebook 02)."],
    "astronaut = load_image('astronaut', gray=True).astype(np.float64)\n"
    "flipped = KERNEL_BANK['emboss'][::-1, ::-1]   # convolution = correlation with "
    "the kernel rotated by 180°\n"
    "padded = cv2.copyMakeBorder(astronaut, 1, 1, 1, 1, cv2.BORDER_WRAP)\n"
    "answer = cv2.filter2D(padded, cv2.CV_64F, flipped)[1:-1, 1:-1]",
)
