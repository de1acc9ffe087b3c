"""Exercises of notebook 01 (hand-computing a blur): the stored pixel of a box blur,
the nine products of the sharpen kernel, the centre of a kernel, and a function that
cuts the window around a pixel out of an image."""

from __future__ import annotations

import numpy as np

from ..classic import correlate_loop
from ..kernels import EXAMPLE_REGION, KERNEL_BANK
from ..windows import window_at
from .compare import (
    call_learner,
    compare_arrays,
    compare_numbers,
    not_own_function,
    read_array,
    read_whole_numbers,
)
from .framework import CheckResult, Exercise
from .guard import Forbid

__all__ = ["q1", "q2", "q3", "q4", "NB01_REGION", "NB01_SHAPES", "NB01_WINDOW_CASES"]

#: The region of exercise q1 (not the lesson's: the learner computes it).
NB01_REGION = ((12, 200, 31), (45, 90, 77), (250, 3, 64))

#: The kernel shapes exercise q3 tries the learner's function on.
NB01_SHAPES = ((3, 3), (5, 5), (3, 5), (7, 1), (1, 1), (2, 2), (4, 3), (3, 6))

#: The (row, col, kernel shape) cases of exercise q4, on a random 9×11 image the learner
#: never sees: inside first (row != col, non-square kernels), then at the edges.
NB01_WINDOW_CASES = ((4, 6, (3, 3)), (3, 7, (3, 5)), (5, 3, (5, 3)), (4, 2, (1, 3)),
                     (6, 5, (5, 7)), (0, 0, (3, 3)), (8, 10, (3, 5)), (1, 9, (5, 3)))


def _check_q1(answer) -> CheckResult:
    region = np.array(NB01_REGION, dtype=np.uint8)
    expected = int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])
    result = compare_numbers(answer, expected, "your stored pixel")
    wrapped = int(region.astype(int).sum()) % 256  # added up in uint8, which wraps at 256
    if not result.ok and any(compare_numbers(answer, f(wrapped / 9)).ok
                             for f in (int, round, float)):
        return CheckResult(False, "the sum of your nine pixels wrapped around 256: adding "
                                  "uint8 values overflows. Convert to int (or float) first.")
    exact = region.astype(float).sum() / 9
    if not result.ok and compare_numbers(answer, exact).ok:
        return CheckResult(False, "that is the exact sum; the uint8 image stores a "
                                  "whole number (astype truncates).")
    if not result.ok and round(exact) != expected and compare_numbers(answer, round(exact)).ok:
        return CheckResult(False, "your stored pixel is too large: did you round? "
                                  "astype('uint8') truncates towards 0.")
    if not result.ok:
        total = int(region.astype(int).sum())
        slips = [
            ((total,), "that is the sum of the nine pixels; the box blur's weights are 1/9 "
                       "each, so divide by 9"),
            ((total / 8, int(total / 8)), "that divides by 8; the box has nine pixels, the "
                                          "centre included"),
            ((int(region[1, 1]),), "that is the centre pixel itself; the blur weighs all "
                                   "nine pixels of the window"),
            ((float(np.median(region)), int(np.median(region))),
             "that is the median of the nine pixels; the box blur takes their mean"),
        ]
        for values, message in slips:
            if any(compare_numbers(answer, value).ok for value in values):
                return CheckResult(False, f"{message}.")
    return result


def _check_q2(answer) -> CheckResult:
    sharpen = KERNEL_BANK["sharpen"]
    what = "your array of products"
    given = read_array(answer, what)
    if given.shape == (3, 3) and np.allclose(given, EXAMPLE_REGION @ sharpen):
        return CheckResult(False, "that is the matrix product (@); the kernel multiplies "
                                  "element by element (*).")
    products = EXAMPLE_REGION.astype(float) * sharpen
    with np.errstate(over="ignore"):
        wrapped = EXAMPLE_REGION.astype(np.uint8) * sharpen.astype(int).astype(np.uint8)
    slips = [
        (wrapped, "your products wrapped around 256: as uint8, -1 is 255 and a product "
                  "above 255 loses its hundreds. Multiply as float (or int)"),
        (np.clip(products, 0, 255), "your products are clipped to 0-255; the nine products "
                                    "are raw numbers, negative and large ones included"),
        (EXAMPLE_REGION + sharpen, "you added the kernel to the region; multiply them, "
                                   "entry by entry"),
        *[(EXAMPLE_REGION * kernel, f"those are the products with the bank's {name}, not "
                                    "sharpen") for name, kernel in KERNEL_BANK.items()
          if name != "sharpen" and kernel.shape == (3, 3)],
    ]
    if given.shape == (3, 3):
        for wrong, message in slips:
            if np.allclose(given, wrong):
                return CheckResult(False, f"{message}.")
    return compare_arrays(given, window_at(EXAMPLE_REGION, sharpen, 1, 1).products, what)


def _check_q3(answer) -> CheckResult:
    not_own_function(answer, "a function")
    for shape in NB01_SHAPES:
        rows, cols = shape
        expected = ((rows - 1) // 2, (cols - 1) // 2) if rows % 2 and cols % 2 else None
        got = call_learner(answer, shape, where=f"a kernel of shape {shape}")
        if expected is None:
            if got is not None:
                return CheckResult(False, f"a kernel of shape {shape} has no centre pixel; "
                                          "your function should return None for it.")
            continue
        if got is None:  # a stub's answer, too: the message every learner sees first
            return CheckResult(False, f"your function gives the wrong centre for a kernel "
                                      f"of shape {shape}.")
        given = read_whole_numbers(got, 2, f"your function's centre for a kernel of shape "
                                           f"{shape}")
        if given != expected:
            mistake = _centre_mistake(given, shape)
            return CheckResult(False, f"your function gives the wrong centre for a kernel "
                                      f"of shape {shape}" + (f": {mistake}." if mistake
                                                             else "."))
    return CheckResult(True, f"your function is right for all {len(NB01_SHAPES)} shapes "
                             "tried.")


def _centre_mistake(given: tuple, shape) -> str | None:
    """Name what a wrong centre of an odd ``shape`` did, by computing each slip."""
    (rows, cols), (half_rows, half_cols) = shape, ((shape[0] - 1) // 2, (shape[1] - 1) // 2)
    slips = [
        ((half_cols, half_rows), "that is (col, row): the first number is the row, counted "
                                 "down the kernel's M rows"),
        ((half_rows + 1, half_cols + 1), "that is 1-based: NumPy counts rows and "
                                         "columns from 0"),
        ((half_cols + 1, half_rows + 1), "that is (col, row), and 1-based: answer (row, "
                                         "col), counted from 0"),
        ((half_rows, half_rows), "it uses the rows' half-size for the columns too: work "
                                 "out rows and columns apart"),
        ((half_cols, half_cols), "it uses the columns' half-size for the rows too: work "
                                 "out rows and columns apart"),
        ((rows, cols), "that is the shape itself; the centre is half of it, less a half"),
    ]
    return next((message for place, message in slips if given == place), None)


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
        return ("your window is cut around (col, row), not (row, col): in NumPy the row "
                "comes first.")
    if given.shape == shape and np.allclose(given, at(row, col, rows, cols)):
        return ("your window starts at (row, col) instead of being centred on it: start "
                "half the kernel's size before it.")
    for d_row, d_col in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1)]:
        nearby = at(row - half_rows + d_row, col - half_cols + d_col, rows, cols)
        if given.shape == shape and np.allclose(nearby, given):
            return ("your window is one pixel off: it is centred next to (row, col), "
                    "not on it. Check where each slice starts.")
    if given.shape == (cols, rows) and np.allclose(given, _cut(image, row, col, shape).T):
        return ("your window is transposed: its rows are the image's columns. Index the "
                "image as image[rows, cols].")
    if given.shape == (cols, rows):
        return (f"your window has shape {given.shape} for a kernel of shape {shape}: rows "
                "and columns are swapped (a kernel's shape is (rows, columns)).")
    if given.shape in {(rows, rows), (cols, cols)}:
        return (f"your window has shape {given.shape} for a kernel of shape {shape}: it "
                "uses the same half-size on both axes. Work out rows and columns apart.")
    if given.shape in {(rows - 1, cols - 1), (rows - 1, cols), (rows, cols - 1)}:
        return (f"your window has shape {given.shape} for a kernel of shape {shape}: one "
                "short. A slice's end is not included: a[r - h:r + h + 1].")
    if given.shape in {(rows + 1, cols + 1), (rows + 1, cols), (rows, cols + 1)}:
        return (f"your window has shape {given.shape} for a kernel of shape {shape}: one "
                "too many. A slice a[start:stop] has stop - start entries.")
    return None


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, "a function cut_window(image, row, col, shape)")
    image = _window_image()
    for row, col, shape in NB01_WINDOW_CASES:
        where = f"pixel ({row}, {col}) and a kernel of shape {shape}"
        inside = (row - (shape[0] - 1) // 2 >= 0 and col - (shape[1] - 1) // 2 >= 0
                  and row + (shape[0] - 1) // 2 < image.shape[0]
                  and col + (shape[1] - 1) // 2 < image.shape[1])
        got = call_learner(answer, image.copy(), row, col, shape, where=where)
        given = read_array(got, f"your window for {where}")
        expected = _cut(image, row, col, shape)
        if given.shape == expected.shape and np.allclose(given, expected):
            continue
        if not inside:
            if given.shape != expected.shape:
                return CheckResult(False, f"at {where} (near the edge) your window has shape "
                                          f"{given.shape}, not the kernel's: slicing stops "
                                          "at the image's edge. Pad the image first.")
            for mode, name in [("constant", "with zeros"), ("symmetric", "by mirroring"),
                               ("reflect", "by mirroring"), ("wrap", "by wrapping around")]:
                if np.allclose(given, _cut(image, row, col, shape, mode)):
                    return CheckResult(False, f"at {where} (near the edge) you padded {name}; "
                                              "the lesson repeats the edge pixel (replicate).")
        mistake = _window_mistake(image, row, col, shape, given)
        return CheckResult(False, mistake or compare_arrays(given, expected,
                                                            f"your window for {where}"
                                                            ).message)
    return CheckResult(True, f"your function cuts the right window in all "
                             f"{len(NB01_WINDOW_CASES)} cases tried, edges included.")


q1 = Exercise(
    _check_q1,
    ["The box blur's output pixel is the average of the nine pixels under it, and a uint8 image "
     "can only store a whole number.",
     "Look at 'The lesson's example, by hand' and its aside: the nine pixels added up, divided "
     "by 9, and what astype('uint8') keeps of 132.22. Add the pixels as int, not as uint8, which "
     "wraps around at 256.",
     "Skeleton: total = <the nine pixels of region, added up as int>; answer = <what "
     "astype('uint8') keeps of total / 9>."],
)

q2 = Exercise(
    _check_q2,
    ["Each pixel of the region meets the kernel entry on top of it: one product per pixel, nine "
     "in all, in a 3×3 array.",
     "Look at 'The lesson's example, by hand': the cell that computes the box blur's products. "
     "Which NumPy operator multiplies two arrays entry by entry, and which one is the matrix "
     "product, something else?",
     "Skeleton: answer = <the lesson's region> <the entry-by-entry operator> <the sharpen kernel "
     "from KERNEL_BANK>."],
)

q3 = Exercise(
    _check_q3,
    ["One axis at a time: where is the middle of M rows, counting from 0? And when is that "
     "middle a pixel rather than a point between two pixels?",
     "Look at 'Why kernels usually have odd sizes': the centre's formula, and the 2×2 kernel "
     "whose centre falls between pixels. The operators // and % keep the arithmetic in ints.",
     "Skeleton: rows, cols = shape; if <either side is even>: return None; return (<the centre "
     "row, an int>, <the centre column, an int>)."],
)

q4 = Exercise(
    _check_q4,
    ["An M×N kernel reaches (M - 1) // 2 rows above and below its centre and (N - 1) // 2 "
     "columns left and right: the window is the slice that reaches that far around (row, col).",
     "Look at the padding cell of 'The same number from the library': near the edge the slice "
     "would leave the image, so pad first. np.pad's name for the lesson's replicate border is "
     "mode='edge'; once the image is padded by h rows and w columns, its pixel (row, col) sits "
     "at (row + h, col + w).",
     "Skeleton: h, w = <the two half sizes>; padded = np.pad(image, <h rows and w columns on "
     "each side>, mode=<replicate>); return padded[<the M rows around the centre>, <the N "
     "columns around it>]."],
    forbid=Forbid(("course_utils.windows.window_at",), "cut the window with a slice yourself."),
)
