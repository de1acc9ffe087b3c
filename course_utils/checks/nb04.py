"""Exercises of notebook 04 (implementing convolve). The learner writes the replicate
padding (q1), the double loop (q2), the lesson's last step back to uint8 (q3), the flip
(q4) and a vectorised version (q5); then the padding each axis needs (q6) and the last
step, clipping and truncation, by hand (q7)."""

from __future__ import annotations

import warnings

import numpy as np
import scipy.ndimage as ndi
from skimage.exposure import rescale_intensity

from ..borders import pad
from ..classic import correlate_loop
from ..filtering import convolve, correlate
from .compare import (
    call_learner,
    compare_arrays,
    compare_tuples,
    is_uint8,
    not_own_function,
    raised,
    read_array,
)
from .framework import CheckResult, Exercise
from .mistakes import (
    call_without_padding_helpers,
    pad_like,
    pad_mistake,
    sums_mistake,
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "NB04_CROP",
           "NB04_RESPONSES", "NB04_FUNCTION_SEED", "NB04_KERNEL_SHAPES"]

#: The crop of the camera photo that notebook 04 runs the double loop on.
NB04_CROP = (slice(90, 218), slice(190, 318))

#: The float responses of exercise q7 (none next to a value notebook 04 prints).
NB04_RESPONSES = (-0.6, 63.5, 99.999, 254.7, 256.0)


def _check_q6(answer) -> CheckResult:
    shape = (3, 7)
    return compare_tuples(answer, tuple((size - 1) // 2 for size in shape),
                          "your (rows, columns) padding")


def _check_q7(answer) -> CheckResult:
    output = np.array(NB04_RESPONSES, dtype=np.float64)  # the lesson stores float64
    expected = (rescale_intensity(output, in_range=(0, 255)) * 255).astype("uint8")
    given = read_array(answer, "your array")
    result = compare_arrays(given, expected, "your array", atol=0)
    if result.ok and not is_uint8(answer):
        return CheckResult(False, "the values are right, but the lesson stores them as uint8.")
    if not result.ok and np.array_equal(given, np.clip(np.rint(output), 0, 255)):
        return CheckResult(False, "those are rounded (what OpenCV does); the lesson's "
                                  "astype('uint8') truncates: it drops the fraction.")
    return result


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
        cases.append((f"a {height}×{width} image and a {rows}×{cols} kernel", image, kernel))
    return cases


def _check_q1(answer) -> CheckResult:
    not_own_function(answer, "a function pad_replicate(image, kernel_shape)", pad,
                     "write the padding yourself, without np.pad or cv2.")
    cases = _cases()
    for where, image, kernel in cases:
        got = call_without_padding_helpers(answer, image.copy(), kernel.shape, where=where)
        if got is None:
            return _returned_none(where)
        got = read_array(got, f"what your function returned for {where}")
        expected = pad_like(image, kernel.shape, "nearest")
        if got.shape == expected.shape and np.array_equal(got, expected):
            continue
        mistake = pad_mistake(got, image, kernel.shape, "nearest")
        if mistake is None:
            return compare_arrays(got, expected, f"your padded image for {where}", atol=0)
        return CheckResult(False, f"for {where}: {mistake}.")
    return CheckResult(True, f"your padding is right for all {len(cases)} images and "
                             "kernel shapes tried, none of which you saw.")




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
    return [("a row of 14 sums", np.array(NB04_STEP4_SUMS)),
            ("a 7×9 array of sums", grid), ("a 2×4×5 stack of sums", stack)]


def _lesson_step4(sums: np.ndarray) -> np.ndarray:
    return (rescale_intensity(sums, in_range=(0, 255)) * 255).astype("uint8")


def _step4_mistake(got: np.ndarray, sums: np.ndarray, expected: np.ndarray) -> str | None:
    """Name what a wrong step 4 did, by comparing with what each mistake gives."""
    rounded = np.clip(np.rint(sums), 0, 255)
    if np.array_equal(got, rounded):
        return ("your values are rounded to the nearest grey level (what OpenCV does); the "
                "lesson's astype('uint8') truncates: it drops the fraction, so 17.8 becomes 17")
    if np.array_equal(got, np.ceil(np.clip(sums, 0, 255))):
        return "your values are rounded up; the lesson drops the fraction, so 17.8 becomes 17"
    span = sums.max() - sums.min()
    stretched = [(sums - sums.min()) / span * 255, sums / sums.max() * 255]
    if any(np.array_equal(got, np.clip(s, 0, 255).astype(np.uint8)) or
           np.array_equal(got, np.clip(np.rint(s), 0, 255)) for s in stretched):
        return ("you stretched the sums to fill 0-255; the lesson keeps them where they are "
                "and clips at 0 and 255 (in_range=(0, 255) fixes the range, whatever the sums)")
    if np.array_equal(got, np.clip(np.abs(sums), 0, 255).astype(np.uint8)):
        return "negative sums must become 0 (clipped), not their absolute value"
    inside = (sums >= 0) & (sums <= 255)
    wrong = got != expected
    if wrong.any() and not (wrong & inside).any():
        low, high = (wrong & (sums < 0)).any(), (wrong & (sums > 255)).any()
        which = ("below 0 and above 255" if low and high else "below 0" if low
                 else "above 255")
        return (f"right inside 0-255, wrong for the sums {which}: clip them first "
                "(astype('uint8') alone wraps them around or makes up a value)")
    return None


def _check_q3(answer) -> CheckResult:
    not_own_function(answer, "a function to_uint8(sums)")
    cases = _step4_cases()
    for where, sums in cases:
        given = sums.copy()
        with warnings.catch_warnings():  # uint8 casts of unclipped sums warn; judged below
            warnings.simplefilter("ignore", RuntimeWarning)
            got = call_learner(answer, given, where=where)
        if got is None:
            return _returned_none(where)
        if not np.array_equal(given, sums):
            return CheckResult(False, f"your function changed the sums it was given (for "
                                      f"{where}); leave them as they are and return a new "
                                      "array.")
        got_array = read_array(got, f"what your function returned for {where}")
        truncated = np.clip(sums, 0, 255).astype(np.uint8)
        right = [truncated, _lesson_step4(sums)]  # equal but a hair below a whole number
        if got_array.shape == sums.shape and any(np.array_equal(got_array, r) for r in right):
            if not is_uint8(got):
                return CheckResult(False, f"right values for {where}, but return them as "
                                          "uint8, the type of a grey image.")
            continue
        if got_array.shape == sums.shape:
            mistake = _step4_mistake(got_array, sums, truncated)
            if mistake:
                return CheckResult(False, f"for {where}: {mistake}.")
        return compare_arrays(got_array, truncated, f"what your function returned for {where}",
                              atol=0)
    return CheckResult(True, f"your step 4 is right for all {len(cases)} arrays of sums "
                             "tried, none of which you saw.")


def _returned_none(where: str) -> CheckResult:
    return CheckResult(False, f"your function returned None (for {where}): write its body "
                              "in place of the ... and return the array.")


def _judge_sums(answer, usage: str, package_function, flipped: bool) -> CheckResult:
    not_own_function(answer, usage, package_function,
                     "write it yourself (the course's functions are for later cells).")
    cases = _cases()
    for where, image, kernel in cases:
        try:
            got = answer(image.copy(), kernel.copy())
        except Exception as error:  # any failure of the learner's code is reported
            result = raised(error, where)
            if kernel.shape[0] != kernel.shape[1] and isinstance(error, ValueError):
                return CheckResult(False, result.message[:-1] + ": a non-square kernel "
                                          "needs one pad per axis.")
            return result
        if got is None:
            return _returned_none(where)
        kind = getattr(getattr(got, "dtype", None), "kind", "f")
        size = getattr(getattr(got, "dtype", None), "itemsize", 8)
        got = read_array(got, f"what your function returned for {where}")
        if kind in "biu":
            return CheckResult(False, f"for {where}: your function returned whole numbers "
                                      f"({np.asarray(got).dtype}); return the raw float64 "
                                      "sums, before any clipping or conversion to uint8.")
        target = kernel[::-1, ::-1] if flipped else kernel
        expected = ndi.correlate(image.astype(np.float64), target, mode="nearest")
        if kind == "f" and size < 8:
            return CheckResult(False, f"for {where}: your sums are {np.dtype(f'f{size}')}, "
                                      "which keeps about 7 digits; accumulate in float64, "
                                      "as the lesson's dtype='float'.")
        if got.shape == expected.shape and np.allclose(got, expected, rtol=0, atol=1e-9):
            continue
        mistake = sums_mistake(got, image, kernel, flipped)
        if mistake is None:
            return compare_arrays(got, expected, f"your sums for {where}", atol=1e-9)
        return CheckResult(False, f"for {where}: {mistake}.")
    return CheckResult(True, f"your function is right for all {len(cases)} images and "
                             "kernels tried, none of which you saw.")


def _check_q2(answer) -> CheckResult:
    return _judge_sums(answer, "a function correlate_double_loop(image, kernel)",
                       correlate_loop, flipped=False)


def _check_q4(answer) -> CheckResult:
    return _judge_sums(answer, "a function convolve_sums(image, kernel)", convolve,
                       flipped=True)


def _check_q5(answer) -> CheckResult:
    result = _judge_sums(answer, "a function correlate_shift_and_add(image, kernel)",
                         correlate, flipped=False)
    if not result.ok:
        return result
    # Vectorised: one pass over a kernel's entries, not over a big image's pixels.
    image = np.zeros((100, 150), np.uint8)
    calls = []
    kernel = _CountingKernel(np.ones((3, 3)), calls)
    call_learner(answer, image, kernel, where="a 100×150 image")
    if len(calls) > 1000:
        return CheckResult(False, f"right numbers, but your function indexed the kernel "
                                  f"{len(calls)} times for a 3×3 kernel: loop over the "
                                  "kernel's 9 entries, not over the image's pixels.")
    return result


class _CountingKernel(np.ndarray):
    """A kernel that counts how often it is indexed or multiplied."""

    def __new__(cls, values, calls):
        array = np.asarray(values, dtype=np.float64).view(cls)
        array.calls = calls
        return array

    def __array_finalize__(self, obj):
        self.calls = getattr(obj, "calls", [])

    def __getitem__(self, key):
        self.calls.append(key)
        return np.asarray(self).__getitem__(key)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        self.calls.append(ufunc)
        inputs = tuple(np.asarray(x) if isinstance(x, _CountingKernel) else x for x in inputs)
        return getattr(ufunc, method)(*inputs, **kwargs)


q1 = Exercise(
    _check_q1,
    ["An M×N kernel needs (M - 1) // 2 new rows above and below, and (N - 1) // 2 new "
     "columns left and right: each axis its own.",
     "Build it in two steps: first the rows (repeat the first row on top, the last one "
     "below), then the columns of that taller array. np.repeat, np.concatenate or "
     "np.vstack/np.hstack do it.",
     "Skeleton: top = np.repeat(image[:1], py, axis=0); bottom = ...; tall = "
     "np.concatenate([top, image, bottom]); then the same with axis=1 on tall."],
    "def pad_replicate(image, kernel_shape):  # one way to write it\n"
    "    py, px = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
    "    tall = np.concatenate([np.repeat(image[:1], py, axis=0), image,\n"
    "                           np.repeat(image[-1:], py, axis=0)], axis=0)\n"
    "    return np.concatenate([np.repeat(tall[:, :1], px, axis=1), tall,\n"
    "                           np.repeat(tall[:, -1:], px, axis=1)], axis=1)\n"
    "answer = pad_replicate",
)

q2 = Exercise(
    _check_q2,
    ["Pad first (pad(image, kernel.shape, mode=\"nearest\") does the replicate border), "
     "then one loop over output rows and one over output columns.",
     "Output pixel (y, x) is the sum of padded[y:y + M, x:x + N] * kernel; store it in "
     "np.zeros(image.shape, dtype='float').",
     "Skeleton: for y in range(H): for x in range(W): out[y, x] gets the sum of the "
     "M×N window of padded that starts at row y, column x, times the kernel."],
    "def correlate_double_loop(image, kernel):  # one way to write it\n"
    "    (H, W), (M, N) = image.shape, kernel.shape\n"
    "    padded = pad(image, kernel.shape, mode='nearest')\n"
    "    sums = np.zeros((H, W), dtype='float')\n"
    "    for y in range(H):\n"
    "        for x in range(W):\n"
    "            sums[y, x] = (padded[y:y + M, x:x + N] * kernel).sum()\n"
    "    return sums\n"
    "answer = correlate_double_loop",
)

q3 = Exercise(
    _check_q3,
    ["Two things happen to every sum: it is kept inside 0-255, then it loses its fraction.",
     "np.clip(sums, 0, 255) keeps the range; converting floats with astype(np.uint8) drops "
     "the fraction (truncation, not rounding). Clip first: astype alone does not clip.",
     "Skeleton: return <the sums clipped to 0 and 255>.astype(<the type of a grey image>)"],
    "def to_uint8(sums):  # one way to write it\n"
    "    return np.clip(sums, 0, 255).astype(np.uint8)\n"
    "answer = to_uint8",
)

q4 = Exercise(
    _check_q4,
    ["Convolution is correlation with the kernel rotated by 180°.",
     "A 180° rotation reverses the rows AND the columns: kernel[::-1, ::-1] (not kernel.T).",
     "Skeleton: return correlate(image, <the rotated kernel>, mode=\"nearest\")."],
    "def convolve_sums(image, kernel):  # one way to write it\n"
    "    return correlate(image, np.asarray(kernel)[::-1, ::-1], mode='nearest')\n"
    "answer = convolve_sums",
)

q5 = Exercise(
    _check_q5,
    ["Turn the loop inside out: loop over the kernel's M×N entries, not over the pixels.",
     "Entry K[m, n] multiplies the whole shifted slice padded[m:m + H, n:n + W]; add the "
     "M×N products into a float64 output.",
     "Skeleton: for m in range(M): for n in range(N): add kernel[m, n] times the H×W "
     "slice of padded that starts at row m, column n."],
    "def correlate_shift_and_add(image, kernel):  # one way to write it\n"
    "    (H, W), (M, N) = image.shape, kernel.shape\n"
    "    padded = pad(image, kernel.shape, mode='nearest')\n"
    "    sums = np.zeros((H, W))\n"
    "    for m in range(M):\n"
    "        for n in range(N):\n"
    "            sums += kernel[m, n] * padded[m:m + H, n:n + W]\n"
    "    return sums\n"
    "answer = correlate_shift_and_add",
)

q6 = Exercise(
    _check_q6,
    "The lesson used one pad, taken from the kernel's width; what does each axis need?",
    "answer = ((3 - 1) // 2, (7 - 1) // 2)",
)

q7 = Exercise(
    _check_q7,
    ["rescale_intensity(..., in_range=(0, 255)) clips to 0-255 and divides by 255.",
     "Then * 255, and astype('uint8') truncates towards 0."],
    "# clip to 0-255, then drop the fraction\n"
    "answer = np.array([0, 63, 99, 254, 255], dtype=np.uint8)\n"
    "# confirm: (rescale_intensity(sums, in_range=(0, 255)) * 255).astype('uint8')",
)
