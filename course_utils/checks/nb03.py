"""Exercises of notebook 03 (padding and borders): the shape of a 'valid' output, a row
padded as OpenCV's default border does, the pixels a border mode can change, and a padding
function the learner writes (q4)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..borders import BORDER_MODES, pad
from ..filtering import correlate
from .compare import (
    compare_arrays,
    compare_numbers,
    not_own_function,
    read_array,
    read_number,
    read_whole_numbers,
    returned_none,
)
from .framework import CheckResult, Exercise
from .guard import PADDING, Forbid
from .mistakes import call_without_padding_helpers, pad_like, pad_mistake

__all__ = ["q1", "q2", "q3", "q4", "NB03_ROW", "NB03_IMAGE_SHAPE", "NB03_KERNEL_SHAPE",
           "NB03_PAD_SEED", "NB03_PAD_SHAPES"]

#: The row exercise q2 pads.
NB03_ROW = (5, 9, 2, 7, 3)

#: Exercise q3: a rectangular box blur on a rectangular image.
NB03_IMAGE_SHAPE, NB03_KERNEL_SHAPE = (120, 80), (5, 9)


def _check_q1(answer) -> CheckResult:
    # one output pixel per place where the kernel fits inside the image
    expected = sliding_window_view(np.zeros((512, 512)), (21, 21)).shape[:2]
    given = read_whole_numbers(answer, 2, "your (rows, columns)")
    if given != expected:
        mistake = _valid_shape_mistake(given, (512, 512), (21, 21))
        if mistake:
            return CheckResult(False, f"your (rows, columns) is wrong: {mistake}.")
    for axis, got, want in zip(("rows", "columns"), given, expected, strict=True):
        result = compare_numbers(got, want, f"your number of {axis}")
        if not result.ok:
            return result
    return CheckResult(True, "your (rows, columns) is right.")


def _valid_shape_mistake(given: tuple, image_shape, kernel_shape) -> str | None:
    """Name what a wrong 'valid' output shape did, by computing each slip."""
    (height, width), (rows, cols) = image_shape, kernel_shape
    slips = [
        ((height, width), "that is the 'same' size (the input's): 'valid' keeps only the "
                          "places where the whole kernel fits inside the image"),
        ((height + rows - 1, width + cols - 1), "that is the 'full' size (every overlap); "
                                                "'valid' is the smallest of the three"),
        ((height - rows, width - cols), "off by one, one short: count the places a "
                                        "3-row kernel fits in a 3-row image (there is one), "
                                        "then in a 4-row image"),
        ((height - rows + 2, width - cols + 2), "off by one, one too many: count the places "
                                                "a 3-row kernel fits in a 3-row image (there "
                                                "is one), then in a 4-row image"),
        ((height - (rows - 1) // 2, width - (cols - 1) // 2),
         "you took the kernel's half-size off one edge only; the centre stays as far from "
         "the far edge too"),
        ((height - 2 * rows, width - 2 * cols), "only half the kernel sticks out at each "
                                                "edge, not all of it"),
        ((width - cols + 1, height - rows + 1), "rows and columns are swapped"),
        ((height // rows, width // cols), "that is the number of windows that do not "
                                          "overlap; the kernel moves one pixel at a time"),
    ]
    return next((message for shape, message in slips if given == shape), None)


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
    if given.shape == (len(NB03_ROW),):
        return CheckResult(False, f"{what} is the row itself, not padded: a kernel 5 wide "
                                  "reaches past its centre on both sides.")
    if given.ndim == 1 and given.size in (len(NB03_ROW) + 2, len(NB03_ROW) + 1):
        return CheckResult(False, f"{what} is padded by too little: a kernel 5 wide reaches "
                                  "(5 - 1) // 2 pixels past its centre on each side.")
    if given.ndim == 1 and given.size in (len(NB03_ROW) + 10, len(NB03_ROW) + 5):
        return CheckResult(False, f"{what} is padded by too much: a kernel 5 wide reaches "
                                  "only (5 - 1) // 2 pixels past its centre on each side.")
    return compare_arrays(given, expected, what)


def _check_q3(answer) -> CheckResult:
    image = np.random.default_rng(3).integers(0, 256, size=NB03_IMAGE_SHAPE)
    box = np.full(NB03_KERNEL_SHAPE, 1 / np.prod(NB03_KERNEL_SHAPE))
    results = np.stack([correlate(image, box, mode=mode, cval=0) for mode in BORDER_MODES])
    differs = np.ptp(results, axis=0) > 1e-9
    result = compare_numbers(answer, int(differs.sum()), "your number of pixels")
    if result.ok:
        return result
    mistake = _margin_mistake(read_number(answer, "your number of pixels"),
                              NB03_IMAGE_SHAPE, NB03_KERNEL_SHAPE)
    return CheckResult(False, f"your number of pixels is wrong: {mistake}.") if mistake \
        else result


def _margin_mistake(value, image_shape, kernel_shape) -> str | None:
    """Name what a wrong count of the pixels within half a kernel of the edge did."""
    (height, width), (rows, cols) = image_shape, kernel_shape

    def margin(top, side):  # pixels within top rows of the top/bottom or side columns
        return height * width - max(height - 2 * top, 0) * max(width - 2 * side, 0)

    half_rows, half_cols = (rows - 1) // 2, (cols - 1) // 2
    slips = [
        (margin(half_cols, half_rows), "the half-sizes are swapped: the kernel's rows "
                                       "(its height) set the margin at the top and bottom, "
                                       "its columns the margin at the left and right"),
        (margin(half_rows, half_rows), "you took the kernel as square, with the rows' "
                                       "half-size on all four sides"),
        (margin(half_cols, half_cols), "you took the kernel as square, with the columns' "
                                       "half-size on all four sides"),
        (2 * half_rows * width + 2 * half_cols * height,
         "the four corners are counted twice: they lie in a top or bottom strip and in a "
         "left or right strip"),
        (2 * half_cols * width + 2 * half_rows * height,
         "the half-sizes are swapped and the four corners counted twice"),
        (margin(rows // 2 + 1, cols // 2 + 1), "the margins are one too wide: the kernel "
                                               "reaches (M - 1) // 2 rows past its centre"),
        (margin(rows, cols), "the margins are the whole kernel; only half of it, "
                             "(M - 1) // 2 rows, reaches past its centre"),
        (height * width - (height - half_rows) * (width - half_cols),
         "you counted one edge of each axis; the border mode changes both"),
        ((height - 2 * half_rows) * (width - 2 * half_cols),
         "that is the number of pixels no border mode changes; the question asks for the "
         "others"),
    ]
    return next((message for count, message in slips if value == count), None)


q1 = Exercise(
    _check_q1,
    ["In 'valid' mode the kernel stops only where it fits wholly inside the image: its centre "
     "can go no closer to an edge than half the kernel.",
     "Look at 'How big is the output?': the 'valid' size, one axis at a time, from the image's "
     "side and the kernel's.",
     "Skeleton: rows = <how many positions a 21-row kernel has inside 512 rows>; columns "
     "likewise; answer = (rows, columns). Count on a small case first: a 3-row kernel fits a "
     "5-row image at 3 positions."],
)

q2 = Exercise(
    _check_q2,
    ["OpenCV's default border is BORDER_REFLECT_101. Does it mirror about the edge pixel itself, "
     "or about the line between the edge pixel and the outside?",
     "Look at 'One table, three vocabularies': BORDER_MODES (or border_table()) gives its scipy "
     "name and its pattern; pad() takes the scipy name.",
     "Skeleton: answer = pad([[5, 9, 2, 7, 3]], <a kernel shape that needs 2 values on each side "
     "of a row>, <the scipy name>)[0]; or write the 9 values by hand from the pattern."],
)

q3 = Exercise(
    _check_q3,
    ["Only pixels within half a kernel of an edge read padding; the others never see the border "
     "mode.",
     "Look at 'Where the choice matters'. Here rows and columns need different margins: half the "
     "kernel's height at the top and bottom, half its width at the left and right.",
     "Skeleton: h, w = <half the height>, <half the width>; inner = <the pixels at least h rows "
     "and w columns away from every edge>; answer = <all pixels> - inner."],
)


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
            return returned_none(where)
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
    ["OpenCV's default border mirrors around the edge pixel without repeating it: for a row a b "
     "c d, two values on the left are c b.",
     "Look at 'Five ways to make up border pixels' (the 'mirror' picture), and do one axis at a "
     "time: the rows above are image rows 1, 2, ..., py in reverse order, the rows below are "
     "rows -2, -3, ...; then the same for the columns of the taller array.",
     "Skeleton: above = image[py:0:-1]; below = <image rows -2, -3, ..., py of them>; tall = "
     "np.concatenate([above, image, below]) (with py = 0 take no rows); then the same for the "
     "columns of tall, with axis=1."],
    forbid=Forbid(PADDING, "copy the edge rows and columns yourself."),
)
