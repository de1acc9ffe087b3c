"""Exercises of notebook 04 (implementing convolve). The learner writes the replicate
padding (q1), the double loop (q2), the lesson's last step back to uint8 (q3), the flip
(q4) and a vectorised version (q5); then the padding each axis needs (q6), the work
the loop and the vectorised version do (q7), and, as the capstone, the lesson's whole
``convolve`` as it should have been (q8)."""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import textwrap
import warnings

import cv2
import numpy as np
import scipy.ndimage as ndi
from skimage.exposure import rescale_intensity

from ..borders import pad
from ..classic import correlate_loop
from ..filtering import convolve, correlate
from ..i18n import N_, tr, translate
from .compare import (
    call_learner,
    changed_inputs,
    compare_arrays,
    compare_tuples,
    is_uint8,
    lines_per_step,
    not_own_function,
    raised,
    read_array,
    read_whole_numbers,
    returned_none,
)
from .framework import CheckResult, Exercise, Refused
from .guard import CONVOLUTIONS, CORRELATIONS, FLIPS, PADDING, Forbid, guarded
from .mistakes import (
    BORDER_WORDS,
    call_without_padding_helpers,
    pad_like,
    pad_mistake,
    sums_mistake,
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "NB04_CROP",
           "NB04_CAPSTONE_SEED", "NB04_CAPSTONE_SPECS", "NB04_Q8_FORBIDDEN",
           "capstone_reference",
           "NB04_COST_CASE", "NB04_FUNCTION_SEED", "NB04_KERNEL_SHAPES"]

#: The crop of the camera photo that notebook 04 runs the double loop on.
NB04_CROP = (slice(90, 218), slice(190, 318))

def _check_q6(answer) -> CheckResult:
    shape = (3, 7)
    expected = tuple((size - 1) // 2 for size in shape)
    what = tr("your (rows, columns) padding")
    if isinstance(answer, (tuple, list)) and len(answer) == 2 and all(
            isinstance(v, float) and v == e for v, e in zip(answer, expected, strict=True)):
        return CheckResult(False, tr("the values are right, but they are floats: (M - 1) / 2 "
                                     "gives floats, (M - 1) // 2 whole numbers (ints), which "
                                     "slicing and np.pad need."))
    result = compare_tuples(answer, expected, what)
    if result.ok:
        return result
    given = read_whole_numbers(answer, 2, what)  # refused as compare_tuples did
    if given == (expected[1],) * 2:
        return CheckResult(False, tr("that is the lesson's single pad, from the kernel's "
                                     "width, for both axes; the rows need the kernel's "
                                     "height."))
    if given == expected[::-1]:
        return CheckResult(False, tr("rows and columns swapped: a 3×7 kernel has 3 rows."))
    return result


#: The photo and the kernel of exercise q7: the whole camera photo and the 7×7 blur.
NB04_COST_CASE = ((512, 512), (7, 7))


def _check_q7(answer) -> CheckResult:
    (height, width), (rows, cols) = NB04_COST_CASE
    pixels, entries = height * width, rows * cols
    expected = (pixels, pixels * entries, entries)
    what = tr("your (loop trips, multiplications, whole-image operations)")
    given = read_whole_numbers(answer, 3, what)
    if given == expected:
        return CheckResult(True, tr("{what} is right.", what=what))
    trips, products, passes = given
    padded = (height + rows - 1) * (width + cols - 1)
    if trips == padded or products == padded * entries:
        return CheckResult(False, tr("you counted the padded image's pixels; the loop runs "
                                     "once per output pixel, and the output keeps the "
                                     "photo's size."))
    if trips == pixels * entries:
        return CheckResult(False, tr("the loop body runs once per output pixel; the window's "
                                     "multiplications happen inside it, in one NumPy call."))
    if 9 in (passes, products // max(trips, 1)) and trips == pixels:
        return CheckResult(False, tr("small_blur is 7×7, not 3×3."))
    if trips == pixels and products == pixels:
        return CheckResult(False, tr("the loop trips are right; each trip multiplies the "
                                     "whole window by the kernel, one product per kernel "
                                     "entry."))
    if trips == pixels and products == pixels * entries and passes in (1, pixels):
        return CheckResult(False, tr("the first two are right; the vectorised version makes "
                                     "one whole-image multiply-and-add per kernel entry."))
    return compare_tuples(given, expected, what)


# --- the learner writes it: padding, the loop, the flip, the vectorised version ----------

#: Seed of the images and kernels the function checks run the learner's code on.
NB04_FUNCTION_SEED = 2404

#: The kernel shapes the function checks try: odd, mostly not square.
NB04_KERNEL_SHAPES = ((3, 5), (5, 3), (1, 7), (7, 1), (3, 3), (5, 9))


def _cases(float_kernels: bool = True):
    """(label, image, kernel) triples the learner never sees: random uint8 images of
    odd and even sizes, and non-square odd kernels without any symmetry."""
    rng = np.random.default_rng(NB04_FUNCTION_SEED)
    cases = []
    for index, (rows, cols) in enumerate(NB04_KERNEL_SHAPES):
        height, width = rows + int(rng.integers(6, 11)), cols + int(rng.integers(6, 11))
        image = rng.integers(0, 256, size=(height, width), dtype=np.uint8)
        if float_kernels and index % 2 == 0:
            kernel = rng.normal(size=(rows, cols))
        else:
            kernel = rng.integers(-3, 4, size=(rows, cols)).astype(np.float64)
            kernel[0, 0], kernel[-1, -1] = 4.0, -2.0  # never symmetric
        cases.append((tr("a {height}×{width} image and a {rows}×{cols} kernel",
                         height=height, width=width, rows=rows, cols=cols), image, kernel))
    return cases


def _check_q1(answer) -> CheckResult:
    not_own_function(answer, tr("a function pad_replicate(image, kernel_shape)"), pad,
                     tr("write the padding yourself, without np.pad or cv2."))
    cases = _cases()
    for where, image, kernel in cases:
        got = call_without_padding_helpers(answer, image.copy(), kernel.shape, where=where)
        if got is None:
            return returned_none(where)
        if not isinstance(got, np.ndarray):
            return CheckResult(False, tr("your function returned a {kind} (for {where}); "
                                         "return a NumPy array, so that the loop can slice "
                                         "it (padded[y:y + M, x:x + N]).",
                                         kind=type(got).__name__, where=where))
        got = read_array(got, tr("what your function returned for {where}", where=where))
        expected = pad_like(image, kernel.shape, "nearest")
        if got.shape == expected.shape and np.array_equal(got, expected):
            continue
        if got.shape == expected.shape and _only_corners_differ(got, expected, kernel.shape):
            return CheckResult(False, tr("for {where}: right along the edges, wrong in the "
                                         "corners: a corner of the padding copies the "
                                         "image's corner pixel (pad the rows first, then "
                                         "the columns of that taller array).", where=where))
        mistake = pad_mistake(got, image, kernel.shape, "nearest")
        if mistake is None:
            return compare_arrays(got, expected,
                                  tr("your padded image for {where}", where=where), atol=0)
        return CheckResult(False, tr("for {where}: {mistake}.", where=where, mistake=mistake))
    return CheckResult(True, tr("your padding is right for all {count} images and kernel "
                                "shapes tried, none of which you saw.", count=len(cases)))




# --- q3: the lesson's step 4, written by the learner ------------------------------------

#: Sums the step-4 check converts: below 0, above 255, fractions just below and above .5,
#: whole numbers, and a sum a hair below a whole number, as float64 noise leaves it.
NB04_STEP4_SUMS = (-300.0, -0.6, 0.4, 17.8, 63.5, 99.999, 127.49, 200.5, 254.7, 255.0,
                   255.4, 256.0, 1000.0, 30.999999999999996)


def _step4_cases():
    """(label, sums) pairs the learner never sees: a row of traps, a random 2-D array
    with both tails, and a 3-D stack (the function must keep any shape)."""
    rng = np.random.default_rng(NB04_FUNCTION_SEED + 3)
    grid = np.round(rng.uniform(-90.0, 350.0, size=(7, 9)), 2)
    grid[0, :3] = (-0.5, 0.5, 255.5)
    stack = np.round(rng.uniform(-40.0, 300.0, size=(2, 4, 5)), 3)
    return [(tr("a row of 14 sums"), np.array(NB04_STEP4_SUMS)),
            (tr("a 7×9 array of sums"), grid), (tr("a 2×4×5 stack of sums"), stack)]


def _lesson_step4(sums: np.ndarray) -> np.ndarray:
    return (rescale_intensity(sums, in_range=(0, 255)) * 255).astype("uint8")


def _step4_mistake(got: np.ndarray, sums: np.ndarray, expected: np.ndarray) -> str | None:
    """Name what a wrong step 4 did, by comparing with what each mistake gives."""
    rounded = np.clip(np.rint(sums), 0, 255)
    if np.array_equal(got, rounded):
        return tr("your values are rounded to the nearest grey level (what OpenCV does); the "
                  "lesson's astype('uint8') truncates: it drops the fraction, so 17.8 becomes "
                  "17")
    if np.allclose(got, np.clip(sums, 0, 255), rtol=0, atol=1e-9) and \
            not np.array_equal(got, np.trunc(got)):
        return tr("you clipped, but kept the fractions: drop them (a uint8 holds whole "
                  "numbers only)")
    for low, high in ((0, 256), (1, 255), (0, 254)):
        if np.array_equal(got, np.clip(sums, low, high).astype(np.uint8)):
            return tr("you clipped to {low}-{high}; a uint8 holds 0 to 255, so those are the "
                      "bounds", low=low, high=high)
    if np.array_equal(got, np.ceil(np.clip(sums, 0, 255))):
        return tr("your values are rounded up; the lesson drops the fraction, so 17.8 "
                  "becomes 17")
    span = sums.max() - sums.min()
    stretched = [(sums - sums.min()) / span * 255, sums / sums.max() * 255]
    if any(np.array_equal(got, np.clip(s, 0, 255).astype(np.uint8)) or
           np.array_equal(got, np.clip(np.rint(s), 0, 255)) for s in stretched):
        return tr("you stretched the sums to fill 0-255; the lesson keeps them where they "
                  "are and clips at 0 and 255 (in_range=(0, 255) fixes the range, whatever "
                  "the sums)")
    if np.array_equal(got, np.clip(np.abs(sums), 0, 255).astype(np.uint8)):
        return tr("negative sums must become 0 (clipped), not their absolute value")
    inside = (sums >= 0) & (sums <= 255)
    wrong = got != expected
    if wrong.any() and not (wrong & inside).any():
        low, high = (wrong & (sums < 0)).any(), (wrong & (sums > 255)).any()
        which = (tr("below 0 and above 255") if low and high else tr("below 0") if low
                 else tr("above 255"))
        return tr("right inside 0-255, wrong for the sums {which}: clip them first "
                  "(astype('uint8') alone wraps them around or makes up a value)",
                  which=which)
    return None


def _check_q3(answer) -> CheckResult:
    not_own_function(answer, tr("a function to_uint8(sums)"))
    cases = _step4_cases()
    for where, sums in cases:
        given = sums.copy()
        with warnings.catch_warnings():  # uint8 casts of unclipped sums warn; judged below
            warnings.simplefilter("ignore", RuntimeWarning)
            got = call_learner(answer, given, where=where)
        if got is None:
            return returned_none(where)
        changed = changed_inputs([given], [sums], tr("the sums"), where)
        if changed is not None:
            return changed
        got_array = read_array(got, tr("what your function returned for {where}",
                                       where=where))
        truncated = np.clip(sums, 0, 255).astype(np.uint8)
        right = [truncated, _lesson_step4(sums)]  # equal but a hair below a whole number
        if got_array.shape == sums.shape and any(np.array_equal(got_array, r) for r in right):
            if not is_uint8(got):
                return CheckResult(False, tr("right values for {where}, but return them as "
                                             "uint8, the type of a grey image.",
                                             where=where))
            continue
        if got_array.shape == sums.shape:
            mistake = _step4_mistake(got_array, sums, truncated)
            if mistake:
                return CheckResult(False, tr("for {where}: {mistake}.", where=where,
                                             mistake=mistake))
        return compare_arrays(got_array, truncated,
                              tr("what your function returned for {where}", where=where),
                              atol=0)
    return CheckResult(True, tr("your step 4 is right for all {count} arrays of sums tried, "
                                "none of which you saw.", count=len(cases)))


def _only_corners_differ(got, expected, kernel_shape) -> bool:
    py, px = ((size - 1) // 2 for size in kernel_shape[:2])
    corners = np.zeros(expected.shape, dtype=bool)
    for rows in (slice(0, py), slice(expected.shape[0] - py, None)):
        for cols in (slice(0, px), slice(expected.shape[1] - px, None)):
            corners[rows, cols] = True
    wrong = got != expected
    return bool(wrong.any()) and not (wrong & ~corners).any()



def _judge_sums(answer, usage: str, package_function, flipped: bool) -> CheckResult:
    not_own_function(answer, usage, package_function,
                     tr("write it yourself (the course's functions are for later cells)."))
    cases = _cases()
    for where, image, kernel in cases:
        given_image, given_kernel = image.copy(), kernel.copy()
        try:
            got = guarded(answer, given_image, given_kernel)
        except Refused:  # a forbidden function ran
            raise
        except Exception as error:  # any failure of the learner's code is reported
            result = raised(error, where)
            if (kernel.shape[0] != kernel.shape[1] and isinstance(error, ValueError)
                    and _runs_on_square(answer, image)):
                return CheckResult(False, tr("{message}: it runs with a square kernel, so "
                                             "look at the padding and the window: a "
                                             "non-square kernel needs one pad per axis.",
                                             message=result.message[:-1]))
            return result
        if got is None:
            return returned_none(where)
        changed = changed_inputs([given_image, given_kernel], [image, kernel],
                                 tr("the image or the kernel"), where)
        if changed is not None:
            return changed
        if not isinstance(got, np.ndarray):
            return CheckResult(False, tr("your function returned a {kind} (for {where}); "
                                         "return a NumPy array (np.array(...) or "
                                         "np.zeros(...) filled in).",
                                         kind=type(got).__name__, where=where))
        kind, dtype = got.dtype.kind, got.dtype
        got = read_array(got, tr("what your function returned for {where}", where=where))
        if kind in "biu":
            return CheckResult(False, tr("for {where}: your function returned whole numbers "
                                         "({dtype}); return the raw float64 sums, before any "
                                         "clipping or conversion to uint8.",
                                         where=where, dtype=dtype))
        target = kernel[::-1, ::-1] if flipped else kernel
        expected = ndi.correlate(image.astype(np.float64), target, mode="nearest")
        if kind == "f" and dtype.itemsize < 8:
            return CheckResult(False, tr("for {where}: your sums are {dtype}, which keeps "
                                         "about 7 digits; accumulate in float64, as the "
                                         "lesson's dtype='float'.", where=where, dtype=dtype))
        if got.shape == expected.shape and np.allclose(got, expected, rtol=0, atol=1e-9):
            continue
        mistake = sums_mistake(got, image, kernel, flipped)
        if mistake is None:
            return compare_arrays(got, expected, tr("your sums for {where}", where=where),
                                  atol=1e-9)
        return CheckResult(False, tr("for {where}: {mistake}.", where=where, mistake=mistake))
    return CheckResult(True, tr("your function is right for all {count} images and kernels "
                                "tried, none of which you saw.", count=len(cases)))


def _runs_on_square(answer, image) -> bool:
    """Whether the learner's function returns for a 3×3 kernel on ``image``."""
    try:
        guarded(answer, image.copy(), np.ones((3, 3)))
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - any failure means: not only the non-square kernel
        return False
    return True


#: The images the loop-counting checks run on: the second has 1800 more pixels, enough
#: that one trip per pixel shows whatever fixed number of lines the function also runs.
NB04_COUNT_SHAPES = ((20, 30), (40, 60))


def _count_image(shape) -> np.ndarray:
    return np.zeros(shape, np.uint8)


def _lines_per_pixel(answer) -> float:
    """Lines of the learner's own code run per extra output pixel (3×3 kernel)."""
    (small, large), kernel = NB04_COUNT_SHAPES, np.ones((3, 3))
    steps = large[0] * large[1] - small[0] * small[1]
    return lines_per_step(answer, (_count_image(small), kernel),
                          (_count_image(large), kernel), steps,
                          where=tr("a {height}×{width} image", height=large[0],
                                   width=large[1]))


def _lines_per_entry(answer) -> float:
    """Lines of the learner's own code run per extra kernel entry (3×3 to 5×5)."""
    image = _count_image(NB04_COUNT_SHAPES[1])
    return lines_per_step(answer, (image, np.ones((3, 3))), (image, np.ones((5, 5))), 16,
                          where=tr("a 5×5 kernel"))


def _check_q2(answer) -> CheckResult:
    result = _judge_sums(answer, tr("a function correlate_double_loop(image, kernel)"),
                         correlate_loop, flipped=False)
    if not result.ok:
        return result
    per_pixel = _lines_per_pixel(answer)
    if per_pixel < 1:
        return CheckResult(False, tr("right numbers, but your function runs {per_pixel:.2g} "
                                     "lines of your own code per output pixel (measured on "
                                     "two image sizes): write the double loop yourself, one "
                                     "trip per output pixel.", per_pixel=per_pixel))
    return result


def _check_q4(answer) -> CheckResult:
    return _judge_sums(answer, tr("a function convolve_sums(image, kernel)"), convolve,
                       flipped=True)


def _check_q5(answer) -> CheckResult:
    result = _judge_sums(answer, tr("a function correlate_shift_and_add(image, kernel)"),
                         correlate, flipped=False)
    if not result.ok:
        return result
    # Vectorised: a trip per kernel entry, not per pixel (measured on two sizes each).
    per_pixel, per_entry = _lines_per_pixel(answer), _lines_per_entry(answer)
    if per_pixel >= 0.5:
        return CheckResult(False, tr("right numbers, but your function runs {per_pixel:.2g} "
                                     "lines of your own code per output pixel: loop over the "
                                     "kernel's entries, not over the image's pixels.",
                                     per_pixel=per_pixel))
    if per_entry < 1:
        return CheckResult(False, tr("right numbers, but your function runs {per_entry:.2g} "
                                     "lines of your own code per kernel entry: this exercise "
                                     "asks for the loop over the kernel's entries, each "
                                     "adding a whole shifted slice, not one NumPy "
                                     "expression.", per_entry=per_entry))
    return result


q1 = Exercise(
    _check_q1,
    [N_("An M×N kernel needs (M - 1) // 2 new rows above and below, and (N - 1) // 2 new "
        "columns left and right: each axis its own."),
     N_("Look at step 2 above: cv2.copyMakeBorder repeats the edge rows and columns. Build "
        "the same in two steps, first the rows (the first row repeated on top, the last one "
        "below), then the columns of that taller array: np.repeat with np.concatenate (or "
        "np.vstack/np.hstack) does it."),
     N_("Skeleton: top = np.repeat(image[:1], py, axis=0); bottom = ...; tall = "
        "np.concatenate([top, image, bottom]); then the same with axis=1 on tall.")],
    forbid=Forbid(PADDING, N_("copy the edge rows and columns yourself.")),
)

q2 = Exercise(
    _check_q2,
    [N_("Pad first, then visit every output pixel once: one loop over the rows, one over the "
        "columns."),
     N_("Look at step 3 above: the region of interest roi of pixel (40, 60) and the sum of "
        "roi * K. Your loop does that for every (y, x) of the image."),
     N_("Skeleton: padded = <the replicate padding>; sums = <float64 zeros of the image's "
        "shape>; for each y: for each x: sums[y, x] = <the sum of the M×N window of padded "
        "that starts at row y, column x, times the kernel>; return sums.")],
    forbid=Forbid(CORRELATIONS, N_("write the double loop's sums yourself (pad is "
                                   "allowed).")),
)

q3 = Exercise(
    _check_q3,
    [N_("Two things happen to every sum: it is kept inside 0-255, then it loses its "
        "fraction."),
     N_("Look at step 4 above, and for the NumPy function that limits values to a range; "
        "converting floats to an integer type then drops the fraction (it does not round). "
        "Limit first: the conversion alone does not."),
     N_("Skeleton: return <the sums, limited to 0 and 255>.astype(<the type of a grey "
        "image>)")],
)

q4 = Exercise(
    _check_q4,
    [N_("Convolution is correlation with the kernel rotated by 180°."),
     N_("Look at notebook 02: the rotation reverses the order of the rows and the order of "
        "the columns (a transpose is something else)."),
     N_("Skeleton: return correlate(image, <the kernel, rows and columns reversed>, "
        "mode=\"nearest\").")],
    forbid=Forbid((*CONVOLUTIONS, *FLIPS), N_("flip the kernel with slices yourself, then "
                                              "correlate.")),
)

q5 = Exercise(
    _check_q5,
    [N_("Turn the loop inside out: loop over the kernel's M×N entries, not over the pixels."),
     N_("Look at the formula above: entry K(m, n) multiplies the whole H×W slice of the "
        "padded image that starts at row m, column n; the M×N products add up to S."),
     N_("Skeleton: sums = <float64 zeros of the image's shape>; for each m: for each n: "
        "sums += <entry (m, n)> * <the H×W slice of padded at (m, n)>; return sums.")],
    forbid=Forbid(CORRELATIONS, N_("add the shifted slices yourself (pad is allowed).")),
)

q6 = Exercise(
    _check_q6,
    [N_("Each axis needs its own padding: the lesson took one pad from the kernel's width."),
     N_("Look at step 1 at the top of this notebook: it gives the padding for a kernel k "
        "pixels wide; use it once per axis, with the height for the rows."),
     N_("Skeleton: answer = (<rows, from the height>, <columns, from the width>), whole "
        "numbers.")],
)

q7 = Exercise(
    _check_q7,
    [N_("Count, don't time: how many times does the loop's body run for a 512×512 photo, and "
        "how many multiplications does one run make?"),
     N_("Look at step 3 (one region of interest times the kernel per output pixel) and at the "
        "formula above exercise 5 (one term per kernel entry, each a whole shifted image)."),
     N_("Skeleton: trips = <how many output pixels>; per_trip = <products in one window times "
        "the kernel>; answer = (trips, trips * per_trip, <the terms of exercise 5's double "
        "sum>).")],
)


# --- q8, the capstone: the lesson's convolve as it should have been ------------------

#: Seed of the images and kernels the capstone's check runs the learner's convolve on.
NB04_CAPSTONE_SEED = 2408

#: The capstone's cases: (image shape, kernel shape, kind of kernel weights). The square
#: kernel comes first, so that a function that fails only on M×N kernels is named; the
#: weights are whole numbers, sixteenths or random reals whose sums lie far from whole
#: numbers, so that any order of summation gives the same uint8 bit for bit. The last
#: ("hair") has the weights 1, 1 and -1 but for 2**-25 off the first: every sum is exact
#: in float64 in any order, and lies a hair below a whole number wherever that entry
#: covers a pixel above 0, which float32 sums round up to the whole number (float64 sums,
#: the prompt says).
NB04_CAPSTONE_SPECS = (((9, 11), (3, 3), "whole"), ((10, 12), (3, 5), "sixteenths"),
                       ((12, 10), (5, 3), "real"), ((8, 13), (1, 7), "sixteenths"),
                       ((10, 11, 3), (3, 5), "whole"), ((11, 9, 3), (5, 1), "sixteenths"),
                       ((9, 12), (3, 5), "hair"))

#: How far below a whole number the "hair" case puts a sum: 2**-25 per grey level.
NB04_CAPSTONE_HAIR = 2.0 ** -25

#: What the capstone refuses while the learner's function runs (the framework's guard,
#: :mod:`course_utils.checks.guard`): every padding, flip and correlation the other
#: exercises refuse, and the package's window_at.
NB04_Q8_FORBIDDEN = (*PADDING, *FLIPS, *CORRELATIONS, "course_utils.windows.window_at")


def _capstone_kernel(rng, shape, kind):
    if kind == "whole":
        kernel = rng.integers(-3, 4, size=shape).astype(np.float64)
        kernel.flat[0], kernel.flat[-1] = 4.0, -2.0  # never symmetric
    elif kind == "hair":  # I(0, 0) + I(a) - I(last), less 2**-25 I(0, 0): most sums in 0-255
        kernel = np.zeros(shape)
        kernel.flat[1 + rng.integers(kernel.size - 2)] = 1.0
        kernel.flat[0], kernel.flat[-1] = 1.0 - NB04_CAPSTONE_HAIR, -1.0  # 1 in float32
    elif kind == "sixteenths":
        kernel = rng.integers(-24, 41, size=shape) / 16.0
        kernel.flat[0], kernel.flat[-1] = 2.5, -0.75
    else:
        kernel = np.round(rng.normal(scale=0.6, size=shape), 3) + 0.0005
    return kernel


def _capstone_cases():
    """(label, image, kernel) triples the learner never sees, grayscale and colour."""
    rng = np.random.default_rng(NB04_CAPSTONE_SEED)
    cases = []
    for image_shape, kernel_shape, kind in NB04_CAPSTONE_SPECS:
        image = rng.integers(0, 256, size=image_shape, dtype=np.uint8)
        kernel = _capstone_kernel(rng, kernel_shape, kind)
        fields = {"height": image_shape[0], "width": image_shape[1],
                  "rows": kernel_shape[0], "cols": kernel_shape[1]}
        label = (tr("a {height}×{width} colour image and a {rows}×{cols} kernel", **fields)
                 if len(image_shape) == 3 else
                 tr("a {height}×{width} grayscale image and a {rows}×{cols} kernel",
                    **fields))
        cases.append((label, image, kernel))
    return cases


def capstone_reference(image, kernel) -> np.ndarray:
    """The capstone's answer, with the worked solution's arithmetic: replicate padding,
    each channel on its own, S(y, x) = Σ_m Σ_n I(y − m, x − n) K(m, n) summed in float64
    over m, then n (counted from the kernel's centre), each term a whole shifted image;
    then clipped to 0-255 and truncated to uint8.

    Notebook 04's comparison with OpenCV runs this in place of the learner's ``convolve``
    until that passes the check, so that the comparison never depends on the learner's code.

    >>> capstone_reference(np.full((3, 3), 100, np.uint8), [[0.5, 0, 2.0]])[0]
    array([250, 250, 250], dtype=uint8)
    """
    image, kernel = np.asarray(image), np.asarray(kernel, dtype=np.float64)
    if image.ndim == 3:
        return np.dstack([capstone_reference(image[:, :, c], kernel)
                          for c in range(image.shape[2])])
    (height, width), (rows, cols) = image.shape, kernel.shape
    py, px = (rows - 1) // 2, (cols - 1) // 2
    padded = pad_like(image, kernel.shape, "nearest").astype(np.float64)
    sums = np.zeros((height, width), dtype=np.float64)
    for m, n in itertools.product(range(-py, py + 1), range(-px, px + 1)):  # m, then n
        sums += kernel[m + py, n + px] * padded[py - m:py - m + height,
                                                px - n:px - n + width]
    np.clip(sums, 0, 255, out=sums)
    return sums.astype(np.uint8)


def _reversed_slice(function) -> bool:
    """Whether the learner's function's code holds a slice with a negative step."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return False  # code the check cannot read (a lambda's line, a string exec'd)

    def negative(node) -> bool:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return True
        return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and node.value < 0
    return any(isinstance(node, ast.Slice) and node.step is not None and negative(node.step)
               for node in ast.walk(tree))


def _per_channel(step, image):
    if image.ndim == 2:
        return step(image)
    return np.dstack([step(image[:, :, c]) for c in range(image.shape[2])])


def _shifted_sums(image2d, kernel, dy=0, dx=0, mode="nearest"):
    """Correlation sums whose window is off by (dy, dx), the image's edge replicated."""
    margin = max(kernel.shape) + 2
    big = pad_like(image2d.astype(np.float64), (2 * margin + 1, 2 * margin + 1), mode)
    full = ndi.correlate(big, kernel, mode="nearest")
    height, width = image2d.shape
    return full[margin + dy:margin + dy + height, margin + dx:margin + dx + width]


def _capstone_families(kernel):
    """(name, kernel used for a correlation, mode, shift) for each mistake of the sums."""
    rows, cols = kernel.shape
    py, px = (rows - 1) // 2, (cols - 1) // 2
    rotated = kernel[::-1, ::-1]
    families = [
        (tr("not flipped: that is correlation. The minus signs in I(y − m, x − n) are the "
            "flip; if you also reversed the kernel, the two flips undo each other (flipped "
            "twice)"),
         kernel, "nearest", (0, 0)),
        (tr("flipped on one axis only: the rows (upside down) but not the columns; the 180° "
            "rotation flips both, which I(y − m, x − n) does with both minus signs"),
         kernel[::-1, :], "nearest", (0, 0)),
        (tr("flipped on one axis only: the columns (left to right) but not the rows; the "
            "180° rotation flips both, which I(y − m, x − n) does with both minus signs"),
         kernel[:, ::-1], "nearest", (0, 0)),
    ]
    if rows != cols:
        families.append((tr("the kernel's rows and columns are swapped: m runs over its M "
                            "rows, n over its N columns"), rotated.T, "nearest", (0, 0)))
    for mode, words in BORDER_WORDS.items():
        if mode != "nearest":
            families.append((tr("right inside, wrong at the border: that is {border}, not "
                                "{replicate}", border=translate(words),
                                replicate=translate(BORDER_WORDS["nearest"])),
                             rotated, mode, (0, 0)))
    single = {(px - py, 0), (py - px, 0), (0, py - px), (0, px - py)} - {(0, 0)}
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            if (dy, dx) == (0, 0):
                continue
            if (dy, dx) in single:
                why = tr("that is what one pad for both axes gives (the lesson's single "
                         "pad): an M×N kernel needs (M − 1) // 2 rows and (N − 1) // 2 "
                         "columns, and its centre is row (M − 1) // 2, column (N − 1) // 2")
            else:
                why = tr("the wrong pad size or centre: with (M − 1) // 2 rows and "
                         "(N − 1) // 2 columns of padding, I(y − m, x − n) is padded row "
                         "y − m + (M − 1) // 2, column x − n + (N − 1) // 2")
            families.append((tr("every output pixel is off by {dy:+d} row(s) and {dx:+d} "
                                "column(s): {why}", dy=dy, dx=dx, why=why),
                             rotated, "nearest", (dy, dx)))
    return families


def _family_sums(image, kernel_used, mode, shift):
    return _per_channel(lambda channel: _shifted_sums(channel, kernel_used, *shift, mode),
                        image)


def _step4_of(got, sums, expected) -> str | None:
    """Name a wrong last step when the sums themselves are right."""
    if np.array_equal(got, np.clip(np.rint(sums), 0, 255)):
        return tr("your values are rounded to the nearest grey level; the lesson truncates: "
                  "it drops the fraction (17.8 becomes 17)")
    if np.array_equal(got, np.clip(np.ceil(sums), 0, 255)):
        return tr("your values are rounded up; truncation drops the fraction (17.8 becomes "
                  "17)")
    if np.array_equal(got, np.clip(np.abs(sums), 0, 255).astype(np.uint8)):
        return tr("negative sums must become 0 (clipped), not their absolute value")
    wrong = got != expected
    inside = (sums >= 0) & (sums < 256)
    if wrong.any() and not (wrong & inside).any():
        low, high = (wrong & (sums < 0)).any(), (wrong & (sums >= 256)).any()
        which = (tr("below 0 and above 255") if low and high else tr("below 0") if low
                 else tr("above 255"))
        return tr("right for sums inside 0-255, wrong for the sums {which}: clip to 0-255 "
                  "before the conversion to uint8 (which alone wraps them around)",
                  which=which)
    return None


def _channel_mistake(got, image, kernel, expected) -> str | None:
    """Name what a colour result did with the channels."""
    per_channel = [capstone_reference(image[:, :, c], kernel) for c in range(3)]
    gray = capstone_reference(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), kernel)
    mean = capstone_reference(image.mean(axis=2), kernel)
    if got.shape == (image.shape[2], *image.shape[:2]):
        return tr("your result has its channels first (3×H×W); an image keeps them last, "
                  "H×W×3: stack the channels along the last axis (np.dstack)")
    if got.ndim == 2 or (got.ndim == 3 and got.shape[2] == 1):
        flat = got.reshape(got.shape[:2])
        for c, channel in enumerate(per_channel):
            if np.array_equal(flat, channel):
                return tr("you returned one channel (channel {channel}) of a colour image: "
                          "colour in, colour out (H×W×3), each channel filtered on its own",
                          channel=c)
        if np.array_equal(flat, gray) or np.array_equal(flat, mean):
            return tr("you turned the colour image into one gray channel: colour in, colour "
                      "out (H×W×3), each channel filtered on its own")
        return tr("a colour image in should give a colour image out (H×W×3), each channel "
                  "filtered on its own")
    if got.shape != expected.shape:
        return None
    if all(np.array_equal(got[:, :, c], gray) or np.array_equal(got[:, :, c], mean)
           for c in range(3)):
        return tr("every channel holds the same gray result: filter each channel on its own "
                  "instead of mixing them into one")
    holds = []
    for c in range(3):
        match = [k for k in range(3) if np.array_equal(got[:, :, c], per_channel[k])]
        holds.append(match[0] if match else None)
    if None not in holds and holds != [0, 1, 2]:
        swaps = [tr("channel {channel} holds the result of channel {source}", channel=c,
                    source=k) for c, k in enumerate(holds) if c != k]
        which = functools.reduce(lambda clauses, clause: tr("{clauses}, {clause}",
                                                            clauses=clauses, clause=clause),
                                 swaps)
        return tr("the channels are mixed up: {which}; keep each result in its own channel",
                  which=which)
    right = [h == c for c, h in enumerate(holds)]
    if any(right) and not all(right):
        bad = [c for c, ok in enumerate(right) if not ok]
        if len(bad) == 1:
            return tr("channel {channels} of your result is wrong while the others are "
                      "right: filter every channel on its own, the same way",
                      channels=_listed(bad, final=False))
        return tr("channels {channels} of your result are wrong while the other is right: "
                  "filter every channel on its own, the same way", channels=_listed(bad))
    return None


def _capstone_mistake(got, image, kernel, expected, passed) -> str | None:
    """Name a wrong capstone result by computing what each usual mistake gives; ``passed``
    holds (image.ndim, kernel is square) for each case the function got right."""
    height, width = image.shape[:2]
    rows, cols = kernel.shape
    if image.ndim == 3:
        mistake = _channel_mistake(got, image, kernel, expected)
        if mistake:
            return mistake
    elif got.ndim == 3:
        return tr("a grayscale image in should give a grayscale image out (H×W, no channels)")
    if got.shape[:2] == (height - rows + 1, width - cols + 1):
        return tr("your output has the 'valid' size; pad first, so the output keeps the size")
    if got.shape[:2] == (height + rows - 1, width + cols - 1):
        return tr("your output has the 'full' size; it should keep the input's size")
    if rows != cols and got.shape[:2] in ((height + cols - rows, width),
                                          (height, width + rows - cols)):
        return tr("your output is the size of an image padded with one pad for both axes "
                  "(the lesson's single pad): pad (M − 1) // 2 rows and (N − 1) // 2 columns")
    if got.shape != expected.shape:
        return tr("your output has shape {shape}; it should keep the input's shape, "
                  "{expected}", shape=got.shape, expected=expected.shape)
    exact = convolve(image, kernel, mode="nearest", method="direct")
    if np.array_equal(got, image):
        return tr("your result is the image itself, unchanged: no kernel was applied")
    if not np.isfinite(got).all():
        return tr("your output holds NaN or infinite values: every output pixel is a finite "
                  "sum of products, then clipped to 0-255")
    if not np.array_equal(got, np.trunc(got)):
        return tr("your output holds fractions: clip to 0-255, then drop the fractions "
                  "(uint8)")
    if np.array_equal(got, expected):
        return None
    wrong = got != expected
    hair = (exact % 1) > 1 - 1e-4  # a hair below a whole number
    if wrong.any() and not (wrong & ~hair).any() and \
            np.array_equal(got[wrong], expected[wrong].astype(np.int64) + 1):
        return tr("right everywhere except where the exact sum lies a hair below a whole "
                  "number (99.999995, say), where yours is one level higher: your sums are not "
                  "float64. float32 keeps about 7 significant digits and rounds such a sum up "
                  "to the whole number; make the kernel, the padded image and the sums "
                  "float64, as the lesson's dtype='float'")
    mistake = _step4_of(got, exact, expected)
    if mistake:
        return mistake
    for words, used, mode, shift in _capstone_families(kernel):
        sums = _family_sums(image, used, mode, shift)
        if np.array_equal(got, np.clip(sums, 0, 255).astype(np.uint8)) or \
                np.array_equal(got, np.clip(np.rint(sums), 0, 255)):
            return words
    mistake = _kernel_mistake(got, image, kernel)
    if mistake:
        return mistake
    square = rows == cols
    if image.ndim == 3 and (2, square) in passed:
        return tr("right for grayscale images, wrong for this colour one: filter each "
                  "channel image[:, :, c] on its own, exactly as a grayscale image, and stack "
                  "the results")
    if not square and (image.ndim, True) in passed:
        return tr("right for the square kernel, wrong for this M×N one: each axis needs its "
                  "own pad, (M − 1) // 2 rows and (N − 1) // 2 columns, and its own centre")
    return None


def _listed(numbers: list[int], final: bool = True) -> str:
    """'2', '0 and 2', '0, 1 and 4' (``final``: the last joined with 'and', else with a
    comma too: '0, 1, 4'), in the learner's language."""
    words = [str(number) for number in numbers]
    head = words[0]
    for word in words[1:-1] if final else words[1:]:
        head = tr("{numbers}, {number}", numbers=head, number=word)
    if final and len(words) > 1:
        head = tr("{numbers} and {last}", numbers=head, last=words[-1])
    return head


def _numbered(axis: str, numbers: list[int]) -> str:
    """'row 2', 'rows 0 and 2', 'rows 0, 1 and 4' (``axis``: 'row' or 'column')."""
    if axis == "row":
        return (tr("row {number}", number=numbers[0]) if len(numbers) == 1 else
                tr("rows {numbers}", numbers=_listed(numbers)))
    return (tr("column {number}", number=numbers[0]) if len(numbers) == 1 else
            tr("columns {numbers}", numbers=_listed(numbers)))


def _kernel_mistake(got, image, kernel) -> str | None:
    """Name a result computed with the kernel's weights cut to whole numbers, or with some
    of its rows or columns left out of the loop."""
    for cut in (np.trunc(kernel), np.rint(kernel)):
        if not np.array_equal(cut, kernel) and np.array_equal(got, capstone_reference(image,
                                                                                      cut)):
            return tr("your kernel's weights lost their fractions (K became whole numbers: "
                      "an integer array?); keep K as float64")
    rows, cols = kernel.shape
    row_sets = [[k for k in range(rows) if mask >> k & 1] for mask in range(1, 2 ** rows)]
    col_sets = [[k for k in range(cols) if mask >> k & 1] for mask in range(1, 2 ** cols)]
    for used_rows in row_sets:
        for used_cols in col_sets:
            if len(used_rows) == rows and len(used_cols) == cols:
                continue
            part = np.zeros_like(kernel)
            part[np.ix_(used_rows, used_cols)] = kernel[np.ix_(used_rows, used_cols)]
            if np.array_equal(got, capstone_reference(image, part)):
                left_out = [_numbered(axis, sorted(set(range(size)) - set(used)))
                            for axis, size, used in (("row", rows, used_rows),
                                                     ("column", cols, used_cols))
                            if len(used) < size]
                parts = (left_out[0] if len(left_out) == 1 else
                         tr("{rows} and {columns}", rows=left_out[0], columns=left_out[1]))
                return tr("your loop leaves part of the kernel out: it never uses K's {parts} "
                          "(counted from 0). Every entry counts: m runs from -(M - 1) // 2 to "
                          "(M - 1) // 2 inclusive, n likewise (range(a, b) stops before b)",
                          parts=parts)
    return None


def _check_q8(answer) -> CheckResult:
    not_own_function(answer, tr("a function convolve(image, K)"), convolve,
                     tr("write it yourself: padding, loop and flip."))
    if _reversed_slice(answer):
        return CheckResult(False, tr("your function reverses something with a slice (a step "
                                     "of -1): that is a slicing flip. Write the flip as the "
                                     "minus signs of I(y − m, x − n) instead (the check reads "
                                     "your function's code for reversed slices)."))
    cases = _capstone_cases()
    passed: list[tuple[int, bool]] = []  # (image.ndim, kernel is square) of each case passed
    for where, image, kernel in cases:
        square = kernel.shape[0] == kernel.shape[1]
        given_image, given_kernel = image.copy(), kernel.copy()
        try:
            got = guarded(answer, given_image, given_kernel)
        except Refused:  # a forbidden function ran: the guard's message says which
            raise
        except Exception as error:  # the learner's own error, reported with a pointer
            message = raised(error, where).message
            if image.ndim == 3 and (2, square) in passed:
                return CheckResult(False, tr("{message}: it ran on a grayscale image with "
                                             "such a kernel, so look at the colour channels: "
                                             "filter each image[:, :, c] on its own and stack "
                                             "the results.", message=message[:-1]))
            if not square and (image.ndim, True) in passed:
                return CheckResult(False, tr("{message}: it ran with the square kernel, so "
                                             "look at the padding and the indices: an M×N "
                                             "kernel needs one pad per axis.",
                                             message=message[:-1]))
            return CheckResult(False, message)
        if got is None:
            return returned_none(where, tr("the uint8 image"))
        changed = changed_inputs([given_image, given_kernel], [image, kernel],
                                 tr("the image or the kernel"), where)
        if changed is not None:
            return changed
        if not isinstance(got, np.ndarray):
            return CheckResult(False, tr("your function returned a {kind} (for {where}); "
                                         "return a NumPy array of dtype uint8.",
                                         kind=type(got).__name__, where=where))
        dtype = got.dtype
        values = read_array(got, tr("what your function returned for {where}", where=where))
        expected = capstone_reference(image, kernel)
        if values.shape == expected.shape and np.array_equal(values, expected):
            if dtype != np.uint8:
                return CheckResult(False, tr("right values for {where}, but of dtype "
                                             "{dtype}: return them as uint8, the type of an "
                                             "image.", where=where, dtype=dtype))
            passed.append((image.ndim, square))
            continue
        sums = convolve(image, kernel, mode="nearest", method="direct")
        if values.shape == sums.shape and np.allclose(values, sums, rtol=0, atol=1e-6):
            return CheckResult(False, tr("for {where}: those are the raw float64 sums; "
                                         "finish with the lesson's last step: clip to 0-255, "
                                         "then truncate to uint8.", where=where))
        mistake = _capstone_mistake(values, image, kernel, expected, passed)
        if mistake:
            return CheckResult(False, tr("for {where}: {mistake}.", where=where,
                                         mistake=mistake))
        return compare_arrays(values, expected, tr("your image for {where}", where=where),
                              atol=0)
    per_pixel, per_entry = _lines_per_pixel(answer), _lines_per_entry(answer)
    if per_pixel < 1 and per_entry < 1:
        return CheckResult(False, tr("right images, but your function runs {per_entry:.2g} "
                                     "lines of your own code per kernel entry and "
                                     "{per_pixel:.2g} per output pixel (measured on two "
                                     "sizes of each): this exercise asks for your own loop "
                                     "over the kernel's entries (or the pixels), not one "
                                     "NumPy expression.",
                                     per_entry=per_entry, per_pixel=per_pixel))
    return CheckResult(True, tr("your convolve matches the course's bit for bit on all "
                                "{count} images and kernels tried (grayscale and colour, "
                                "square and not), none of which you saw.", count=len(cases)))


q8 = Exercise(
    _check_q8,
    [N_("Three pieces you have written in this notebook, put together without the shortcuts: "
        "the replicate padding (exercise 1), a loop of multiply-and-add (exercise 2 or 5) and "
        "step 4 (exercise 3). The new part is the flip: it lives in the minus signs of "
        "I(y − m, x − n)."),
     N_("Look at exercise 1's padding and exercise 5's slices. Count m and n from the "
        "kernel's centre, m from -(M - 1) // 2 to (M - 1) // 2. "
        "The padding moves every pixel: after py = (M - 1) // 2 rows and "
        "px = (N - 1) // 2 columns of padding, image pixel (r, c) is padded[r + py, c + px]. "
        "Exercise 5 shows how one slice of padded serves every (y, x) at once. For a colour "
        "image, call your function on each channel image[:, :, c] and stack the results "
        "(np.dstack)."),
     N_("Skeleton: if colour: return <your function on each channel, stacked>; padded = "
        "<exercise 1, as float64>; sums = <float64 zeros of the image's shape>; for m in "
        "<-py to py>: for n in <-px to px>: sums += <the entry K(m, n), stored at row m + py, "
        "column n + px> * <the H×W slice of padded that holds I(y − m, x − n) for every "
        "(y, x)>; return <step 4 of sums>.")],
    forbid=Forbid(NB04_Q8_FORBIDDEN, N_("write the padding, the loop and the flip "
                                        "yourself.")),
)
