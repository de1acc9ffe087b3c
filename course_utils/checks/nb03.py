"""Exercises of notebook 03 (padding and borders): the shape of a 'valid' output, a row
padded as OpenCV's default border does, and the pixels a border mode can change."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..borders import BORDER_MODES, pad
from ..filtering import correlate
from .compare import compare_arrays, compare_numbers, read_array, read_whole_numbers
from .framework import CheckResult, Exercise

__all__ = ["q1", "q2", "q3", "NB03_ROW", "NB03_IMAGE_SHAPE", "NB03_KERNEL_SHAPE"]

#: The row exercise q2 pads.
NB03_ROW = (5, 9, 2, 7, 3)

#: Exercise q3: a rectangular box blur on a rectangular image.
NB03_IMAGE_SHAPE, NB03_KERNEL_SHAPE = (120, 80), (5, 9)


def _check_q1(answer) -> CheckResult:
    # one output pixel per place where the kernel fits inside the image
    expected = sliding_window_view(np.zeros((512, 512)), (21, 21)).shape[:2]
    given = read_whole_numbers(answer, 2, "your (rows, columns)")
    for axis, got, want in zip(("rows", "columns"), given, expected, strict=True):
        result = compare_numbers(got, want, f"your number of {axis}")
        if not result.ok:
            return result
    return CheckResult(True, "your (rows, columns) is right.")


def _check_q2(answer) -> CheckResult:
    row, what = [NB03_ROW], "your padded row"
    default = next(m.name for m in BORDER_MODES.values()
                   if m.opencv_name == "BORDER_REFLECT_101")
    expected = pad(row, (1, 5), default)[0]
    given = read_array(answer, what)
    if given.shape == expected.shape:
        for mode in BORDER_MODES.values():
            if mode.name != default and np.array_equal(given, pad(row, (1, 5), mode.name)[0]):
                return CheckResult(False, f"that is {mode.opencv_name} (scipy "
                                          f"{mode.name!r}), not OpenCV's default border.")
    return compare_arrays(given, expected, what)


def _check_q3(answer) -> CheckResult:
    image = np.random.default_rng(3).integers(0, 256, size=NB03_IMAGE_SHAPE)
    box = np.full(NB03_KERNEL_SHAPE, 1 / np.prod(NB03_KERNEL_SHAPE))
    results = np.stack([correlate(image, box, mode=mode, cval=0) for mode in BORDER_MODES])
    differs = np.ptp(results, axis=0) > 1e-9
    return compare_numbers(answer, int(differs.sum()), "your number of pixels")


q1 = Exercise(
    _check_q1,
    "The kernel's centre can go no closer to an edge than half the kernel.",
    "answer = (512 - 21 + 1, 512 - 21 + 1)",
)

q2 = Exercise(
    _check_q2,
    ["OpenCV's default is BORDER_REFLECT_101.",
     "Look it up in BORDER_MODES (or border_table()) for its scipy name and pattern, then "
     "use pad()."],
    "answer = pad([[5, 9, 2, 7, 3]], (1, 5), 'mirror')[0]",
)

q3 = Exercise(
    _check_q3,
    ["Rows and columns need different margins here: half the kernel's height at the "
     "top and bottom, half its width at the left and right.",
     "Count the pixels that need no padding first."],
    "half_rows, half_cols = (5 - 1) // 2, (9 - 1) // 2\n"
    "answer = 120 * 80 - (120 - 2 * half_rows) * (80 - 2 * half_cols)",
)
