"""Exercises of notebook 03 (padding and borders): a function that gives the shape of a
'valid' output (q1), a row padded as OpenCV's default border does (q2), a function that
counts the pixels a border mode can change (q3), and a padding function (q4)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..borders import BORDER_MODES, pad
from ..filtering import correlate
from ..i18n import N_, tr, translate
from .compare import (
    call_learner,
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

__all__ = ["q1", "q2", "q3", "q4", "NB03_ROW", "NB03_SHAPE_CASES", "NB03_MARGIN_CASES",
           "NB03_PAD_SEED", "NB03_PAD_SHAPES"]

#: The row exercise q2 pads.
NB03_ROW = (5, 9, 2, 7, 3)

#: Exercise q1: the (image shape, kernel shape) pairs the learner's valid_shape is tried on,
#: none of them the prompt's 512×512 and 21×21. The first is not square, and each of its
#: usual mistakes gives a different shape; the last is a kernel as large as the image.
NB03_SHAPE_CASES = (((120, 80), (5, 9)), ((37, 53), (7, 3)), ((64, 31), (1, 11)),
                    ((15, 200), (13, 5)), ((9, 9), (9, 9)))

#: Exercise q3: the (image shape, kernel shape) pairs the learner's border_pixels is tried
#: on, none of them the prompt's. The first is not square (each usual mistake gives a
#: different count); a 1×1 kernel reads no padding, and in the last case only two rows
#: of the image are out of the kernel's reach of the top and bottom edges.
NB03_MARGIN_CASES = (((90, 70), (7, 3)), ((47, 61), (3, 11)), ((30, 30), (5, 5)),
                     ((50, 20), (1, 1)), ((6, 40), (5, 7)))


def _shape_where(image_shape, kernel_shape) -> str:
    return tr("a {height}×{width} image and a {rows}×{cols} kernel", height=image_shape[0],
              width=image_shape[1], rows=kernel_shape[0], cols=kernel_shape[1])


def _check_q1(answer) -> CheckResult:
    not_own_function(answer, N_("a function valid_shape(image_shape, kernel_shape)"))
    for image_shape, kernel_shape in NB03_SHAPE_CASES:
        where = _shape_where(image_shape, kernel_shape)
        got = call_learner(answer, image_shape, kernel_shape, where=where)
        if got is None:
            return returned_none(where, N_("the (rows, columns)"))
        # one output pixel per place where the kernel fits inside the image
        expected = sliding_window_view(np.zeros(image_shape), kernel_shape).shape[:2]
        given = read_whole_numbers(got, 2, tr("your (rows, columns) for {where}", where=where))
        if given == expected:
            continue
        mistake = _valid_shape_mistake(given, image_shape, kernel_shape)
        if mistake:
            return CheckResult(False, tr("your (rows, columns) for {where} is wrong: "
                                         "{mistake}.", where=where, mistake=mistake))
        names = (tr("your number of rows for {where}", where=where),
                 tr("your number of columns for {where}", where=where))
        for what, value, want in zip(names, given, expected, strict=True):
            result = compare_numbers(value, want, what)
            if not result.ok:
                return result
    return CheckResult(True, tr("your function is right for all {count} image and kernel "
                                "shapes tried, none of which you saw.",
                                count=len(NB03_SHAPE_CASES)))


def _valid_shape_mistake(given: tuple, image_shape, kernel_shape) -> str | None:
    """Name what a wrong 'valid' output shape did, by computing each slip."""
    (height, width), (rows, cols) = image_shape, kernel_shape
    slips = [
        ((height, width), N_("that is the 'same' size (the input's): 'valid' keeps only the "
                             "places where the whole kernel fits inside the image")),
        ((height + rows - 1, width + cols - 1), N_("that is the 'full' size (every overlap); "
                                                   "'valid' is the smallest of the three")),
        ((height - rows, width - cols), N_("off by one, one short: count the places a 3-row "
                                           "kernel fits in a 3-row image (there is one), "
                                           "then in a 4-row image")),
        ((height - rows + 2, width - cols + 2), N_("off by one, one too many: count the "
                                                   "places a 3-row kernel fits in a 3-row "
                                                   "image (there is one), then in a 4-row "
                                                   "image")),
        ((height - (rows - 1) // 2, width - (cols - 1) // 2),
         N_("you took the kernel's half-size off one edge only; the centre stays as far from "
            "the far edge too")),
        ((height - 2 * rows, width - 2 * cols), N_("only half the kernel sticks out at each "
                                                   "edge, not all of it")),
        ((width - cols + 1, height - rows + 1), N_("rows and columns are swapped")),
        ((height // rows, width // cols), N_("that is the number of windows that do not "
                                             "overlap; the kernel moves one pixel at a time")),
    ]
    return next((translate(message) for shape, message in slips if given == shape), None)


def _check_q2(answer) -> CheckResult:
    row, what = [NB03_ROW], tr("your padded row")
    default = next(m.name for m in BORDER_MODES.values()
                   if m.opencv_name == "BORDER_REFLECT_101")
    expected = pad(row, (1, 5), default)[0]
    given = read_array(answer, what)
    if given.shape == expected.shape:
        for mode in BORDER_MODES.values():
            if mode.name != default and np.array_equal(given, pad(row, (1, 5), mode.name)[0]):
                return CheckResult(False, tr("that is {opencv} (scipy {scipy}), not "
                                             "OpenCV's default border.",
                                             opencv=mode.opencv_name, scipy=repr(mode.name)))
    if given.shape == (len(NB03_ROW),):
        return CheckResult(False, tr("{what} is the row itself, not padded: a kernel 5 wide "
                                     "reaches past its centre on both sides.", what=what))
    if given.ndim == 1 and given.size in (len(NB03_ROW) + 2, len(NB03_ROW) + 1):
        return CheckResult(False, tr("{what} is padded by too little: a kernel 5 wide reaches "
                                     "(5 - 1) // 2 pixels past its centre on each side.",
                                     what=what))
    if given.ndim == 1 and given.size in (len(NB03_ROW) + 10, len(NB03_ROW) + 5):
        return CheckResult(False, tr("{what} is padded by too much: a kernel 5 wide reaches "
                                     "only (5 - 1) // 2 pixels past its centre on each side.",
                                     what=what))
    return compare_arrays(given, expected, what)


def _changeable(image_shape, kernel_shape) -> int:
    """How many output pixels differ between the border modes, measured: a box blur of
    ``kernel_shape`` on a random image of ``image_shape``, once per border mode."""
    image = np.random.default_rng(3).integers(0, 256, size=image_shape)
    box = np.full(kernel_shape, 1 / np.prod(kernel_shape))
    results = np.stack([correlate(image, box, mode=mode, cval=0) for mode in BORDER_MODES])
    return int((np.ptp(results, axis=0) > 1e-9).sum())


def _check_q3(answer) -> CheckResult:
    not_own_function(answer, N_("a function border_pixels(image_shape, kernel_shape)"))
    for image_shape, kernel_shape in NB03_MARGIN_CASES:
        where = _shape_where(image_shape, kernel_shape)
        got = call_learner(answer, image_shape, kernel_shape, where=where)
        if got is None:
            return returned_none(where, N_("the number of pixels"))
        what = tr("your number of pixels for {where}", where=where)
        expected = _changeable(image_shape, kernel_shape)
        result = compare_numbers(got, expected, what)
        if result.ok:
            continue
        mistake = _margin_mistake(read_number(got, what), image_shape, kernel_shape)
        if mistake:
            return CheckResult(False, tr("{what} is wrong: {mistake}.", what=what,
                                         mistake=mistake))
        return result
    return CheckResult(True, tr("your function is right for all {count} image and kernel "
                                "shapes tried, none of which you saw.",
                                count=len(NB03_MARGIN_CASES)))


def _margin_mistake(value, image_shape, kernel_shape) -> str | None:
    """Name what a wrong count of the pixels within half a kernel of the edge did."""
    (height, width), (rows, cols) = image_shape, kernel_shape

    def margin(top, side):  # pixels within top rows of the top/bottom or side columns
        return height * width - max(height - 2 * top, 0) * max(width - 2 * side, 0)

    half_rows, half_cols = (rows - 1) // 2, (cols - 1) // 2
    slips = [
        (margin(half_cols, half_rows), N_("the half-sizes are swapped: the kernel's rows (its "
                                          "height) set the margin at the top and bottom, its "
                                          "columns the margin at the left and right")),
        (margin(half_rows, half_rows), N_("you took the kernel as square, with the rows' "
                                          "half-size on all four sides")),
        (margin(half_cols, half_cols), N_("you took the kernel as square, with the columns' "
                                          "half-size on all four sides")),
        (2 * half_rows * width + 2 * half_cols * height,
         N_("the four corners are counted twice: they lie in a top or bottom strip and in a "
            "left or right strip")),
        (2 * half_cols * width + 2 * half_rows * height,
         N_("the half-sizes are swapped and the four corners counted twice")),
        (margin(rows // 2 + 1, cols // 2 + 1), N_("the margins are one too wide: the kernel "
                                                  "reaches (M - 1) // 2 rows past its "
                                                  "centre")),
        (margin(rows, cols), N_("the margins are the whole kernel; only half of it, "
                                "(M - 1) // 2 rows, reaches past its centre")),
        (height * width - (height - half_rows) * (width - half_cols),
         N_("you counted one edge of each axis; the border mode changes both")),
        (height * width, N_("that is every pixel of the image; only those within half a "
                            "kernel of an edge read padding")),
        ((height - 2 * half_rows) * (width - 2 * half_cols),
         N_("that is the number of pixels no border mode changes; the question asks for the "
            "others")),
    ]
    return next((translate(message) for count, message in slips if value == count), None)


q1 = Exercise(
    _check_q1,
    [N_("In 'valid' mode the kernel stops only where it fits wholly inside the image: its "
        "centre can go no closer to an edge than half the kernel. Rows and columns are counted "
        "apart."),
     N_("Look at 'How big is the output?': the 'valid' size, one axis at a time, from the "
        "image's side and the kernel's."),
     N_("Skeleton: take the sides apart (H, W from image_shape; M, N from kernel_shape); "
        "return (<how many positions an M-row kernel has inside H rows>, <likewise for N "
        "columns inside W>). Count on a small case first: a 3-row kernel fits a 5-row image at "
        "3 positions.")],
)

q2 = Exercise(
    _check_q2,
    [N_("OpenCV's default border is BORDER_REFLECT_101. Does it mirror about the edge pixel "
        "itself, or about the line between the edge pixel and the outside?"),
     N_("Look at 'One table, three vocabularies': BORDER_MODES (or border_table()) gives its "
        "scipy name and its pattern; pad() takes the scipy name."),
     N_("Skeleton: answer = pad([[5, 9, 2, 7, 3]], <a kernel shape that needs 2 values on each "
        "side of a row>, <the scipy name>)[0]; or write the 9 values by hand from the pattern.")],
)

q3 = Exercise(
    _check_q3,
    [N_("Only pixels within half a kernel of an edge read padding; the others never see the "
        "border mode."),
     N_("Look at 'Where the choice matters'. Rows and columns need different margins: half the "
        "kernel's height at the top and bottom, half its width at the left and right."),
     N_("Skeleton: h, w = <half the height>, <half the width>; inner = <the pixels at least h "
        "rows and w columns away from every edge>; return <all pixels> - inner.")],
)


#: Seed and kernel shapes of the images the padding check q4 tries.
NB03_PAD_SEED, NB03_PAD_SHAPES = 303, ((3, 5), (5, 3), (1, 7), (7, 1), (5, 5))


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, N_("a function pad_opencv_default(image, kernel_shape)"), pad,
                     N_("write the padding yourself, without np.pad or cv2."))
    rng = np.random.default_rng(NB03_PAD_SEED)
    for rows, cols in NB03_PAD_SHAPES:
        image = rng.integers(0, 256, size=(rows + int(rng.integers(4, 9)),
                                           cols + int(rng.integers(4, 9))), dtype=np.uint8)
        where = _shape_where(image.shape, (rows, cols))
        got = call_without_padding_helpers(answer, image.copy(), (rows, cols), where=where)
        if got is None:
            return returned_none(where)
        got = read_array(got, tr("what your function returned for {where}", where=where))
        expected = pad_like(image, (rows, cols), "mirror")
        if got.shape == expected.shape and np.array_equal(got, expected):
            continue
        mistake = pad_mistake(got, image, (rows, cols), "mirror")
        if mistake is None:
            return compare_arrays(got, expected, tr("your padded image for {where}",
                                                    where=where), atol=0)
        return CheckResult(False, tr("for {where}: {mistake}.", where=where, mistake=mistake))
    return CheckResult(True, tr("your padding is right for all {count} images and kernel "
                                "shapes tried, none of which you saw.",
                                count=len(NB03_PAD_SHAPES)))


q4 = Exercise(
    _check_q4,
    [N_("OpenCV's default border mirrors around the edge pixel without repeating it: for a row "
        "a b c d, two values on the left are c b."),
     N_("Look at 'Five ways to make up border pixels' (the 'mirror' picture), and do one axis "
        "at a time: the rows above are image rows 1, 2, ..., py in reverse order, the rows "
        "below are rows -2, -3, ...; then the same for the columns of the taller array."),
     N_("Skeleton: above = image[py:0:-1]; below = <image rows -2, -3, ..., py of them>; tall "
        "= np.concatenate([above, image, below]) (with py = 0 take no rows); then the same for "
        "the columns of tall, with axis=1.")],
    forbid=Forbid(PADDING, N_("copy the edge rows and columns yourself.")),
)
