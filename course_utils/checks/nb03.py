"""Exercises of notebook 03 (padding and borders): the shape of a 'valid' output, a row
padded as OpenCV's default border does, the pixels a border mode can change, and a padding
function the learner writes (q4)."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..borders import BORDER_MODES, pad
from ..filtering import correlate
from .compare import (
    call_learner,
    compare_arrays,
    compare_numbers,
    not_own_function,
    read_array,
    read_whole_numbers,
)
from .framework import CheckResult, Exercise

__all__ = ["q1", "q2", "q3", "q4", "NB03_ROW", "NB03_IMAGE_SHAPE", "NB03_KERNEL_SHAPE",
           "NB03_PAD_SEED", "NB03_PAD_SHAPES", "BORDER_WORDS", "pad_like", "pad_mistake",
           "call_without_padding_helpers"]

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


# --- padding written by the learner (shared with notebook 04's exercise q1) -------------

#: What each border mode does, in the words the padding checks use.
BORDER_WORDS = {
    "constant": "zero padding (scipy 'constant', BORDER_CONSTANT: 0 0 0 | a b c d)",
    "reflect": "the 'reflect' border (BORDER_REFLECT: c b a | a b c d, the edge pixel "
               "repeated)",
    "mirror": "the 'mirror' border (BORDER_REFLECT_101: d c b | a b c d, the edge pixel "
              "not repeated)",
    "nearest": "the replicate border (scipy 'nearest', BORDER_REPLICATE: a a a | a b c d)",
    "wrap": "the 'wrap' border (BORDER_WRAP: the opposite edge comes round)",
}

_NUMPY_NAMES = {"constant": "constant", "reflect": "symmetric", "mirror": "reflect",
                "nearest": "edge", "wrap": "wrap"}


def pad_like(image, kernel_shape, mode: str) -> np.ndarray:
    """The reference padding of the padding exercises (numpy.pad under its own name).

    >>> pad_like(np.array([[1, 2, 3]]), (1, 5), "mirror")
    array([[3, 2, 1, 2, 3, 2, 1]])
    """
    rows, cols = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2
    return np.pad(image, ((rows, rows), (cols, cols)), mode=_NUMPY_NAMES[mode])


def pad_mistake(got: np.ndarray, image: np.ndarray, shape, mode: str) -> str | None:
    """Name what a wrong padding did, by computing what each mistake gives.

    >>> image = np.arange(12).reshape(3, 4)
    >>> pad_mistake(pad_like(image, (3, 5), "reflect"), image, (3, 5), "mirror")[:29]
    "that is the 'reflect' border "
    """
    (height, width), (rows, cols) = image.shape, shape
    py, px = (rows - 1) // 2, (cols - 1) // 2
    if got.shape == (height + 2 * px, width + 2 * px) and px != py:
        return ("you padded both axes by the columns' half-size (the lesson's single pad): "
                "each axis needs half of its own kernel size")
    if got.shape == (height + 2 * py, width + 2 * py) and px != py:
        return ("you padded both axes by the rows' half-size: each axis needs half of its "
                "own kernel size")
    if got.shape == (height + 2 * px, width + 2 * py) and px != py:
        return ("rows and columns are swapped: an M×N kernel needs (M - 1) // 2 rows and "
                "(N - 1) // 2 columns on each side")
    if got.shape == (height + 2 * py, width) and px:
        return "you padded the rows only; the columns need padding too"
    if got.shape == (height, width + 2 * px) and py:
        return "you padded the columns only; the rows need padding too"
    if got.shape in ((height + 2 * py + 2, width + 2 * px + 2),
                     (height + 2 * py - 2, width + 2 * px - 2)):
        return "your padding is off by one on each side: an M-row kernel needs (M - 1) // 2"
    if got.shape == (height + rows, width + cols) or got.shape == (height + 2 * rows,
                                                                  width + 2 * cols):
        return ("your padding is as wide as the kernel; each side needs only (M - 1) // 2 "
                "rows and (N - 1) // 2 columns")
    if got.shape != (height + 2 * py, width + 2 * px):
        return (f"your padded image is {got.shape[0]}×{got.shape[1]}; for a {height}×{width} "
                f"image and a {rows}×{cols} kernel it should be "
                f"{height + 2 * py}×{width + 2 * px}")
    if not np.array_equal(got[py:py + height, px:px + width], image):
        return "the middle of the padded image should be the image itself, unchanged"
    for other, words in BORDER_WORDS.items():
        if other != mode and np.array_equal(got, pad_like(image, shape, other)):
            return f"that is {words}, not {BORDER_WORDS[mode]}"
    return None


class _Forbidden:
    """Stands in for np.pad and cv2.copyMakeBorder while a padding function runs."""

    def __init__(self, name):
        self.name = name

    def __call__(self, *args, **kwargs):
        raise RuntimeError(f"{self.name} is off for this exercise: copy the edge rows and "
                           "columns yourself")


def call_without_padding_helpers(function, *args, where):
    """Call the learner's padding function with np.pad and cv2.copyMakeBorder switched off.

    >>> call_without_padding_helpers(lambda a: a + 1, np.ones(2), where="x")
    array([2., 2.])
    """
    saved = np.pad, cv2.copyMakeBorder
    np.pad, cv2.copyMakeBorder = _Forbidden("np.pad"), _Forbidden("cv2.copyMakeBorder")
    try:
        return call_learner(function, *args, where=where)
    finally:
        np.pad, cv2.copyMakeBorder = saved


#: Seed and kernel shapes of the images the padding check q4 tries.
NB03_PAD_SEED, NB03_PAD_SHAPES = 303, ((3, 5), (5, 3), (1, 7), (7, 1), (5, 5))


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, "a function pad_opencv_default(image, kernel_shape)", pad,
                     "write the padding yourself, without np.pad or cv2.")
    rng = np.random.default_rng(NB03_PAD_SEED)
    for rows, cols in NB03_PAD_SHAPES:
        image = rng.integers(0, 256, size=(rows + int(rng.integers(4, 9)),
                                           cols + int(rng.integers(4, 9))), dtype=np.uint8)
        where = f"a {image.shape[0]}×{image.shape[1]} image and a {rows}×{cols} kernel"
        got = call_without_padding_helpers(answer, image.copy(), (rows, cols), where=where)
        if got is None:
            return CheckResult(False, f"your function returned None (for {where}): write its "
                                      "body in place of the ... and return the array.")
        got = read_array(got, f"what your function returned for {where}")
        expected = pad_like(image, (rows, cols), "mirror")
        if got.shape == expected.shape and np.array_equal(got, expected):
            continue
        mistake = pad_mistake(got, image, (rows, cols), "mirror")
        if mistake is None:
            return compare_arrays(got, expected, f"your padded image for {where}", atol=0)
        return CheckResult(False, f"for {where}: {mistake}.")
    return CheckResult(True, f"your padding is right for all {len(NB03_PAD_SHAPES)} images "
                             "and kernel shapes tried, none of which you saw.")


q4 = Exercise(
    _check_q4,
    ["OpenCV's default border mirrors around the edge pixel without repeating it: for a "
     "row a b c d, two values on the left are c b.",
     "Rows first, then columns: the rows above are image rows 1, 2, ..., py in reverse "
     "order; the rows below are rows -2, -3, ... Then do the same to the columns of the "
     "taller array.",
     "Skeleton: above = image[py:0:-1]; below = image[-2:-py - 2:-1]; tall = "
     "np.concatenate([above, image, below]) (with py = 0 take no rows); then axis=1."],
    "def pad_opencv_default(image, kernel_shape):  # one way to write it\n"
    "    py, px = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
    "    rows = np.r_[py:0:-1, 0:image.shape[0], image.shape[0] - 2:image.shape[0] - 2 - py:-1]\n"
    "    cols = np.r_[px:0:-1, 0:image.shape[1], image.shape[1] - 2:image.shape[1] - 2 - px:-1]\n"
    "    return image[np.ix_(rows, cols)]\n"
    "answer = pad_opencv_default",
)
