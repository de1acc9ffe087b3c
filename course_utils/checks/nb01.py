"""Exercises of notebook 01 (hand-computing a blur): a function that gives the stored
pixel of a box blur (q1), the nine products of the sharpen kernel (q2), a function that
gives the centre of a kernel (q3), and a function that cuts the window around a pixel out
of an image (q4)."""

from __future__ import annotations

import numpy as np

from ..classic import correlate_loop
from ..i18n import N_, tr, translate
from ..kernels import EXAMPLE_REGION, KERNEL_BANK
from ..windows import window_at
from .compare import (
    call_learner,
    compare_arrays,
    compare_numbers,
    not_own_function,
    read_array,
    read_whole_numbers,
    returned_none,
)
from .framework import CheckResult, Exercise
from .guard import Forbid

__all__ = ["q1", "q2", "q3", "q4", "NB01_REGION", "NB01_Q1_REGIONS", "NB01_SHAPES",
           "NB01_WINDOW_CASES"]

#: The region exercise q1's prompt gives the learner to try a function on (not the
#: lesson's); the check tries the function on NB01_Q1_REGIONS.
NB01_REGION = ((12, 200, 31), (45, 90, 77), (250, 3, 64))

#: The 3×3 regions exercise q1 tries the learner's blur_pixel on, none of them seen. Every
#: sum wraps past 256 as uint8; the first one's mean is 159.67 (rounding and truncating
#: differ); none sums to a multiple of 9, where the lesson's loop, which adds nine float
#: products of 1/9, can store one less than the exact mean (see the tests).
NB01_Q1_REGIONS = (((55, 227, 147), (18, 118, 208), (241, 229, 194)),
                   ((0, 128, 94), (170, 90, 169), (231, 171, 128)),
                   ((10, 223, 21), (57, 29, 54), (128, 84, 23)),
                   ((110, 171, 59), (20, 35, 101), (107, 48, 139)),
                   ((135, 225, 67), (63, 253, 91), (159, 143, 71)),
                   ((250, 251, 252), (253, 254, 255), (255, 255, 255)))

#: The kernel shapes exercise q3 tries the learner's function on.
NB01_SHAPES = ((3, 3), (5, 5), (3, 5), (7, 1), (1, 1), (2, 2), (4, 3), (3, 6))

#: The (row, col, kernel shape) cases of exercise q4, on a random 9×11 image the learner
#: never sees: inside first (row != col, non-square kernels), then at the edges.
NB01_WINDOW_CASES = ((4, 6, (3, 3)), (3, 7, (3, 5)), (5, 3, (5, 3)), (4, 2, (1, 3)),
                     (6, 5, (5, 7)), (0, 0, (3, 3)), (8, 10, (3, 5)), (1, 9, (5, 3)))


def _check_q1(answer) -> CheckResult:
    not_own_function(answer, N_("a function blur_pixel(region)"))
    for rows in NB01_Q1_REGIONS:
        region = np.array(rows, dtype=np.uint8)
        where = tr("the region {region}", region=region.tolist())
        got = call_learner(answer, region.copy(), where=where)
        if got is None:
            return returned_none(where, N_("the stored pixel"))
        result = _pixel_result(got, region, where)
        if not result.ok:
            return result
    return CheckResult(True, tr("your function is right for all {count} regions tried, none "
                                "of which you saw.", count=len(NB01_Q1_REGIONS)))


def _pixel_result(answer, region: np.ndarray, where: str) -> CheckResult:
    """Compare the stored centre pixel of the box blur of ``region`` (named ``where``),
    naming the usual mistakes by computing each of them."""
    what = tr("your stored pixel for {where}", where=where)
    expected = int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])
    result = compare_numbers(answer, expected, what)
    if result.ok:
        return result
    wrapped = int(region.astype(int).sum()) % 256  # added up in uint8, which wraps at 256
    if any(compare_numbers(answer, f(wrapped / 9)).ok for f in (int, round, float)):
        return CheckResult(False, tr("for {where}: the sum of your nine pixels wrapped around "
                                     "256: adding uint8 values overflows. Convert to int (or "
                                     "float) first.", where=where))
    exact = region.astype(float).sum() / 9
    if compare_numbers(answer, exact).ok:
        return CheckResult(False, tr("{what} is the exact mean, a fraction; the uint8 image "
                                     "stores a whole number (astype truncates).", what=what))
    if round(exact) != expected and compare_numbers(answer, round(exact)).ok:
        return CheckResult(False, tr("{what} is too large: did you round? astype('uint8') "
                                     "truncates towards 0.", what=what))
    total = int(region.astype(int).sum())
    slips = [
        ((total,), N_("{what} is the sum of the nine pixels; the box blur's weights are 1/9 "
                      "each, so divide by 9.")),
        ((total / 8, int(total / 8)), N_("{what} divides by 8; the box has nine pixels, the "
                                         "centre included.")),
        ((int(region[1, 1]),), N_("{what} is the centre pixel itself; the blur weighs all "
                                  "nine pixels of the window.")),
        ((float(np.median(region)), int(np.median(region))),
         N_("{what} is the median of the nine pixels; the box blur takes their mean.")),
    ]
    for values, message in slips:
        if any(compare_numbers(answer, value).ok for value in values):
            return CheckResult(False, translate(message).format(what=what))
    return result


def _check_q2(answer) -> CheckResult:
    sharpen = KERNEL_BANK["sharpen"]
    what = tr("your array of products")
    given = read_array(answer, what)
    if given.shape == (3, 3) and np.allclose(given, EXAMPLE_REGION @ sharpen):
        return CheckResult(False, tr("that is the matrix product (@); the kernel multiplies "
                                     "element by element (*)."))
    products = EXAMPLE_REGION.astype(float) * sharpen
    with np.errstate(over="ignore"):
        wrapped = EXAMPLE_REGION.astype(np.uint8) * sharpen.astype(int).astype(np.uint8)
    slips = [
        (wrapped, tr("your products wrapped around 256: as uint8, -1 is 255 and a product "
                     "above 255 loses its hundreds. Multiply as float (or int).")),
        (np.clip(products, 0, 255), tr("your products are clipped to 0-255; the nine "
                                       "products are raw numbers, negative and large ones "
                                       "included.")),
        (EXAMPLE_REGION + sharpen, tr("you added the kernel to the region; multiply them, "
                                      "entry by entry.")),
        *[(EXAMPLE_REGION * kernel, tr("those are the products with the bank's {name}, not "
                                       "sharpen.", name=name))
          for name, kernel in KERNEL_BANK.items()
          if name != "sharpen" and kernel.shape == (3, 3)],
    ]
    if given.shape == (3, 3):
        for wrong, message in slips:
            if np.allclose(given, wrong):
                return CheckResult(False, message)
    return compare_arrays(given, window_at(EXAMPLE_REGION, sharpen, 1, 1).products, what)


def _check_q3(answer) -> CheckResult:
    not_own_function(answer, N_("a function"))
    for shape in NB01_SHAPES:
        rows, cols = shape
        expected = ((rows - 1) // 2, (cols - 1) // 2) if rows % 2 and cols % 2 else None
        got = call_learner(answer, shape, where=tr("a kernel of shape {shape}", shape=shape))
        if expected is None:
            if got is not None:
                return CheckResult(False, tr("a kernel of shape {shape} has no centre pixel; "
                                             "your function should return None for it.",
                                             shape=shape))
            continue
        if got is None:  # a stub's answer, too: the message every learner sees first
            return CheckResult(False, tr("your function gives the wrong centre for a kernel "
                                         "of shape {shape}.", shape=shape))
        given = read_whole_numbers(got, 2, tr("your function's centre for a kernel of shape "
                                              "{shape}", shape=shape))
        if given != expected:
            mistake = _centre_mistake(given, shape)
            if mistake:
                return CheckResult(False, tr("your function gives the wrong centre for a "
                                             "kernel of shape {shape}: {mistake}.",
                                             shape=shape, mistake=mistake))
            return CheckResult(False, tr("your function gives the wrong centre for a kernel "
                                         "of shape {shape}.", shape=shape))
    return CheckResult(True, tr("your function is right for all {count} shapes tried.",
                                count=len(NB01_SHAPES)))


def _centre_mistake(given: tuple, shape) -> str | None:
    """Name what a wrong centre of an odd ``shape`` did, by computing each slip."""
    (rows, cols), (half_rows, half_cols) = shape, ((shape[0] - 1) // 2, (shape[1] - 1) // 2)
    slips = [
        ((half_cols, half_rows), N_("that is (col, row): the first number is the row, "
                                    "counted down the kernel's M rows")),
        ((half_rows + 1, half_cols + 1), N_("that is 1-based: NumPy counts rows and columns "
                                            "from 0")),
        ((half_cols + 1, half_rows + 1), N_("that is (col, row), and 1-based: answer (row, "
                                            "col), counted from 0")),
        ((half_rows, half_rows), N_("it uses the rows' half-size for the columns too: work "
                                    "out rows and columns apart")),
        ((half_cols, half_cols), N_("it uses the columns' half-size for the rows too: work "
                                    "out rows and columns apart")),
        ((rows, cols), N_("that is the shape itself; the centre is half of it, less a half")),
    ]
    return next((translate(message) for place, message in slips if given == place), None)


def _window_image() -> np.ndarray:
    return np.random.default_rng(1301).integers(0, 256, size=(9, 11)).astype(np.uint8)


def _cut(image: np.ndarray, row: int, col: int, shape, mode: str = "edge") -> np.ndarray:
    """The ``shape`` window centred on ``(row, col)`` of ``image`` padded by ``mode``
    (a numpy.pad mode), or what a mistake reads when the arguments are the mistake's."""
    half_rows, half_cols = (shape[0] - 1) // 2, (shape[1] - 1) // 2
    padded = np.pad(image.astype(float), ((half_rows, half_rows), (half_cols, half_cols)),
                    mode=mode)
    return padded[row:row + shape[0], col:col + shape[1]]


def _window_mistake(image, row, col, shape, given) -> str | None:
    """Name the mistake whose window equals ``given``, or None."""
    rows, cols = shape
    half_rows, half_cols = (rows - 1) // 2, (cols - 1) // 2
    big = np.pad(image.astype(float), 12, mode="edge")  # room for any slip near the edge

    def at(top, left, height, width):
        return big[top + 12:top + 12 + height, left + 12:left + 12 + width]

    if (col < image.shape[0] and row < image.shape[1]
            and given.shape == shape and np.allclose(given, _cut(image, col, row, shape))):
        return tr("your window is cut around (col, row), not (row, col): in NumPy the row "
                  "comes first.")
    if given.shape == shape and np.allclose(given, at(row, col, rows, cols)):
        return tr("your window starts at (row, col) instead of being centred on it: start "
                  "half the kernel's size before it.")
    for d_row, d_col in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1)]:
        nearby = at(row - half_rows + d_row, col - half_cols + d_col, rows, cols)
        if given.shape == shape and np.allclose(nearby, given):
            return tr("your window is one pixel off: it is centred next to (row, col), not "
                      "on it. Check where each slice starts.")
    if given.shape == (cols, rows) and np.allclose(given, _cut(image, row, col, shape).T):
        return tr("your window is transposed: its rows are the image's columns. Index the "
                  "image as image[rows, cols].")
    if given.shape == (cols, rows):
        return tr("your window has shape {given} for a kernel of shape {shape}: rows and "
                  "columns are swapped (a kernel's shape is (rows, columns)).",
                  given=given.shape, shape=shape)
    if given.shape in {(rows, rows), (cols, cols)}:
        return tr("your window has shape {given} for a kernel of shape {shape}: it uses the "
                  "same half-size on both axes. Work out rows and columns apart.",
                  given=given.shape, shape=shape)
    if given.shape in {(rows - 1, cols - 1), (rows - 1, cols), (rows, cols - 1)}:
        return tr("your window has shape {given} for a kernel of shape {shape}: one short. "
                  "A slice's end is not included: a[r - h:r + h + 1].",
                  given=given.shape, shape=shape)
    if given.shape in {(rows + 1, cols + 1), (rows + 1, cols), (rows, cols + 1)}:
        return tr("your window has shape {given} for a kernel of shape {shape}: one too "
                  "many. A slice a[start:stop] has stop - start entries.",
                  given=given.shape, shape=shape)
    return None


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, N_("a function cut_window(image, row, col, shape)"))
    image = _window_image()
    for row, col, shape in NB01_WINDOW_CASES:
        where = tr("pixel ({row}, {col}) and a kernel of shape {shape}", row=row, col=col,
                   shape=shape)
        inside = (row - (shape[0] - 1) // 2 >= 0 and col - (shape[1] - 1) // 2 >= 0
                  and row + (shape[0] - 1) // 2 < image.shape[0]
                  and col + (shape[1] - 1) // 2 < image.shape[1])
        got = call_learner(answer, image.copy(), row, col, shape, where=where)
        what = tr("your window for {where}", where=where)
        given = read_array(got, what)
        expected = _cut(image, row, col, shape)
        if given.shape == expected.shape and np.allclose(given, expected):
            continue
        if not inside:
            if given.shape != expected.shape:
                return CheckResult(False, tr("at {where} (near the edge) your window has shape "
                                             "{given}, not the kernel's: slicing stops at the "
                                             "image's edge. Pad the image first.",
                                             where=where, given=given.shape))
            mirrored = N_("at {where} (near the edge) you padded by mirroring; the lesson "
                          "repeats the edge pixel (replicate).")
            for mode, message in [
                    ("constant", N_("at {where} (near the edge) you padded with zeros; the "
                                    "lesson repeats the edge pixel (replicate).")),
                    ("symmetric", mirrored), ("reflect", mirrored),
                    ("wrap", N_("at {where} (near the edge) you padded by wrapping around; "
                                "the lesson repeats the edge pixel (replicate)."))]:
                if np.allclose(given, _cut(image, row, col, shape, mode)):
                    return CheckResult(False, translate(message).format(where=where))
        mistake = _window_mistake(image, row, col, shape, given)
        return CheckResult(False, mistake or compare_arrays(given, expected, what).message)
    return CheckResult(True, tr("your function cuts the right window in all {count} cases "
                                "tried, edges included.", count=len(NB01_WINDOW_CASES)))


q1 = Exercise(
    _check_q1,
    [N_("The box blur's output pixel is the average of the nine pixels under it, and a uint8 "
        "image can only store a whole number."),
     N_("Look at 'The lesson's example, by hand' and its aside: the nine pixels added up, "
        "divided by 9, and what astype('uint8') keeps of 132.22. Add the pixels as int, not as "
        "uint8, which wraps around at 256."),
     N_("Skeleton: total = <the nine pixels of region, added up as int>; return <what "
        "astype('uint8') keeps of total / 9, as an int>.")],
)

q2 = Exercise(
    _check_q2,
    [N_("Each pixel of the region meets the kernel entry on top of it: one product per pixel, "
        "nine in all, in a 3×3 array."),
     N_("Look at 'The lesson's example, by hand': the cell that computes the box blur's "
        "products. Which NumPy operator multiplies two arrays entry by entry, and which one is "
        "the matrix product, something else?"),
     N_("Skeleton: answer = <the lesson's region> <the entry-by-entry operator> <the sharpen "
        "kernel from KERNEL_BANK>.")],
)

q3 = Exercise(
    _check_q3,
    [N_("One axis at a time: where is the middle of M rows, counting from 0? And when is that "
        "middle a pixel rather than a point between two pixels?"),
     N_("Look at 'Why kernels usually have odd sizes': the centre's formula, and the 2×2 "
        "kernel whose centre falls between pixels. The operators // and % keep the arithmetic "
        "in ints."),
     N_("Skeleton: rows, cols = shape; if <either side is even>: return None; return (<the "
        "centre row, an int>, <the centre column, an int>).")],
)

q4 = Exercise(
    _check_q4,
    [N_("An M×N kernel reaches (M - 1) // 2 rows above and below its centre and (N - 1) // 2 "
        "columns left and right: the window is the slice that reaches that far around (row, "
        "col)."),
     N_("Look at the padding cell of 'The same number from the library': near the edge the "
        "slice would leave the image, so pad first. np.pad's name for the lesson's replicate "
        "border is mode='edge'; once the image is padded by h rows and w columns, its pixel "
        "(row, col) sits at (row + h, col + w)."),
     N_("Skeleton: h, w = <the two half sizes>; padded = np.pad(image, <h rows and w columns "
        "on each side>, mode=<replicate>); return padded[<the M rows around the centre>, <the "
        "N columns around it>].")],
    forbid=Forbid(("course_utils.windows.window_at",),
                  N_("cut the window with a slice yourself.")),
)
