"""Exercises of notebook 06 (the kernel bank): kernels that keep brightness, a gradient
magnitude, a blur's Laplacian variance, the relief part of emboss, OpenCV's wrap, a 45°
edge kernel, and a Gaussian kernel the learner writes and puts to work against a box (q7)."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable

import numpy as np

from ..borders import BORDER_MODES
from ..filtering import convolve, correlate
from ..images import load_image
from ..kernels import KERNEL_BANK
from .compare import (
    call_learner,
    compare_arrays,
    compare_names,
    compare_numbers,
    is_uint8,
    not_own_function,
    raised,
    read_array,
    read_names,
    read_number,
    returned_none,
)
from .framework import CheckResult, Exercise, Refused
from .guard import Forbid, guarded

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "NB06_Q1_KERNELS", "NB06_Q7_CASES",
           "NB06_Q7_BOX", "rim_responses", "stripe_contrast"]

#: The kernels of exercise q1: new ones, not in the bank (the learner reads their numbers).
NB06_Q1_KERNELS = {
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
def _relief_response(photo: str, mode: str) -> np.ndarray:
    """The relief part of emboss (emboss minus the identity) on the photo named ``photo``."""
    relief = KERNEL_BANK["emboss"]
    relief[1, 1] -= 1  # emboss minus the identity: the part that sums to 0
    return _read_only(correlate(_photo(photo), relief, mode=mode))


@functools.cache
def _relief(photo: str, mode: str) -> np.ndarray:
    """The relief picture of exercise q4 on the photo named ``photo``."""
    return _read_only(np.clip(_relief_response(photo, mode) + 128, 0, 255))


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
    keep = {name for name, K in NB06_Q1_KERNELS.items() if abs(K.sum() - 1) < 1e-9}
    names = read_names(answer, "your set of kernels")
    if names and names <= set(KERNEL_BANK):
        return CheckResult(False, "those are kernels of the bank; the question is about the "
                                  "new kernels in NB06_Q1_KERNELS.")
    # sum exactly 1 in floating point: a kernel like ones / 9 or eye(5) / 5 adds up to
    # 0.9999999999999999 or 1.0000000000000002, and `K.sum() == 1` drops it
    exact = {name for name, K in NB06_Q1_KERNELS.items() if K.sum() == 1}
    if names != keep and names <= keep and (keep - names) <= (keep - exact):
        return CheckResult(False, f"you left out {len((keep - exact) - names)} kernel(s) whose "
                                  "entries add up to 1 only up to rounding: floating-point sums "
                                  "of fractions like 1/9 are rarely exactly 1. Compare with a "
                                  "tolerance (np.isclose) instead of ==.")
    if names != keep and keep <= names and (names - keep) <= {n for n, K in NB06_Q1_KERNELS.items()
                                            if K.sum() > 0}:
        return CheckResult(False, f"{len(names - keep)} kernel(s) in your set have a positive "
                                  "sum that is not 1: a flat patch of 100 comes out brighter "
                                  "or darker.")
    return compare_names(names, keep, "your set of kernels")


def _check_q2(answer) -> CheckResult:
    # relative tolerance: a float32 answer is right to about 1e-7 of the largest magnitude
    # (about 1000 here), i.e. to 1e-4 grey levels, and that is right
    largest = float(np.abs(_magnitude("astronaut", "mirror")).max())
    return _compare_recipe(answer, _magnitude, "your gradient magnitude", atol=1e-6 * largest)


@functools.cache
def _q3_variance(size: int = 5, mode: str = "reflect", clip: bool = False) -> float:
    """The Laplacian variance of the camera photo blurred by a size×size box, with
    ``mode`` for both filters (q3 asks for 5, the default 'reflect', no clipping)."""
    blurred = correlate(_photo("camera"), np.full((size, size), 1 / size**2), mode=mode)
    response = correlate(blurred, KERNEL_BANK["laplacian"], mode=mode)
    if clip:
        response = np.clip(response, 0, 255)
    return float(response.var())


def _q3_expected() -> float:
    return _q3_variance()


def _check_q3(answer) -> CheckResult:
    expected = _q3_expected()
    result = compare_numbers(answer, expected, "your variance", atol=0.05)
    if result.ok:
        return result
    try:
        value = float(read_number(answer, "your variance"))
    except OverflowError:  # an int beyond the range of floats is simply too large
        return result
    # each realistic mistake, computed, and compared to the same 0.05
    for mode in BORDER_MODES:
        if mode != "reflect" and abs(value - _q3_variance(5, mode)) <= 0.05:
            return CheckResult(False, f"that is the variance with the '{mode}' border; the "
                                      "exercise asks for correlate's default border.")
    if abs(value - _q3_variance(5, clip=True)) <= 0.05:
        return CheckResult(False, "that is the variance of the Laplacian clipped to 0-255; "
                                  "keep the float results, negative ones included.")
    for size, what in ((7, "the 7×7 small_blur"), (3, "a 3×3 box"), (1, "the unblurred photo")):
        if abs(value - _q3_variance(size)) <= 0.05:
            return CheckResult(False, f"that is the variance after {what}; the exercise asks "
                                      "for a 5×5 box.")
    if abs(value - expected) <= 0.5:
        return CheckResult(False, "close: your variance is within 0.5 of the right value, "
                                  "but one decimal is needed. How many decimals did you keep?")
    return result


def _check_q4(answer) -> CheckResult:
    # the relief part has whole-number weights, so every right answer is a whole number:
    # compare exactly (an offset of 127 or 129 is a different picture)
    what = "your relief picture"
    given = read_array(answer, what)
    expected = _relief("astronaut", "mirror")
    if given.shape == expected.shape and not np.array_equal(given, expected):
        response = _relief_response("astronaut", "mirror")
        for offset in range(96, 161):
            if offset != 128 and np.array_equal(given, np.clip(response + offset, 0, 255)):
                return CheckResult(False, f"your grey offset is {abs(offset - 128)} "
                                          f"{'too large' if offset > 128 else 'too small'}: "
                                          "which value lies in the middle of 0-255?")
        if np.array_equal(given, (response + 128) % 256):
            return CheckResult(False, "values outside 0-255 wrapped around (-3 became 253): "
                                      "clip before converting to uint8.")
        if np.array_equal(given, np.clip(response, 0, 255)):
            return CheckResult(False, "the relief has no grey offset: its negative half "
                                      "is all black.")
    result = _compare_recipe(given, _relief, what, atol=0)
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
     "Look at 'Read the numbers': its table asked the same question of the bank, with the sum of "
     "the weights.",
     "Skeleton: {name for name, K in NB06_Q1_KERNELS.items() if <K's sum is 1, with a "
     "tolerance>}."],
)

q2 = Exercise(
    _check_q2,
    ["An edge strength combines the horizontal and the vertical change at each pixel; what has "
     "to stay unclipped for that to work?",
     "Look at 'Signed outputs, honestly': it combined the two Sobel responses into one edge "
     "strength. Here both need the 'mirror' border, on the grayscale astronaut photo.",
     "Skeleton: the edge strength is the square root of gx² + gy², with gx and gy from "
     "correlate(..., mode='mirror')."],
)

q3 = Exercise(
    _check_q3,
    ["A 5×5 box sits between two of the bank's blurs in size: before computing, say where its "
     "Laplacian variance should fall.",
     "Look at 'Claim 1 · The bigger blur removes more detail': the blur, the Laplacian of the "
     "blurred photo, its variance. A 5×5 box has 25 equal weights that add up to 1; keep "
     "correlate's default border for both filters.",
     "Skeleton: blur with a 5×5 array of 1 / 25, correlate the result with the Laplacian, and "
     "take the variance of that."],
)

q4 = Exercise(
    _check_q4,
    ["The emboss is the photo plus a relief: take the photo's part out of the kernel.",
     "Look at 'Claim 3 · Emboss: relief, and the grey it needs': which part of the emboss "
     "numbers is the photo, and what the offset of 128 is for. A uint8 picture cannot hold "
     "values outside 0-255: decide what happens to them before converting.",
     "Skeleton: relief = <the emboss with 1 taken off its centre>; response = correlate(<the "
     "photo>, relief, mode='mirror'); answer = <response plus 128, limited to 0-255, as uint8>."],
)

q5 = Exercise(
    _check_q5,
    ["Two things to settle: where the wrapped-around pixels come from, and what a convolution "
     "does to the kernel.",
     "Look at 'Parity: course_utils, scipy.ndimage and cv2.filter2D': for 'wrap' it padded the "
     "photo with OpenCV's own border function before cv2.filter2D. Notebook 02 says what a "
     "convolution does to the kernel.",
     "Skeleton: pad one pixel on each side with OpenCV's wrap border, cv2.filter2D with the "
     "kernel rotated by 180°, then cut one pixel off each side."],
)


def rim_responses(kernel, step: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """The largest |response| of ``kernel`` across the rim of a soft-edged disk, in each
    direction (degrees, 0 = right, 90 = top), as claim 2 of notebook 06 measures it.

    Returns ``(angles, largest)``.

    Examples
    --------
    >>> angles, largest = rim_responses(KERNEL_BANK["sobel_x"])
    >>> int(angles[largest.argmin()]), bool(largest.min() < 1e-9 * largest.max())
    (90, True)
    """
    size, radius = 129, 40
    yy, xx = np.mgrid[:size, :size] - size // 2
    disk = 30 + 200 / (1 + np.exp((np.hypot(yy, xx) - radius) / 1.0))
    response = np.abs(correlate(disk, kernel))
    angles = np.arange(0, 360, step)
    r = np.linspace(radius - 5, radius + 5, 41)
    largest = []
    for angle in np.deg2rad(angles):
        rows = np.rint(size // 2 - r * np.sin(angle)).astype(int)
        cols = np.rint(size // 2 + r * np.cos(angle)).astype(int)
        largest.append(response[rows, cols].max())
    return angles, np.array(largest)


def _check_q6(answer) -> CheckResult:
    what = "your kernel"
    kernel = read_array(answer, what)
    if kernel.shape != (3, 3):
        return CheckResult(False, f"{what} has shape {kernel.shape}; the exercise asks for 3×3.")
    if not np.isfinite(kernel).all():
        return CheckResult(False, f"{what} holds values that are not finite (NaN or infinity).")
    scale = float(np.abs(kernel).max())
    if scale == 0:
        return CheckResult(False, f"{what} is all zeros: it answers nothing.")
    if abs(float(kernel.sum())) > 1e-9 * scale:
        return CheckResult(False, f"the weights of {what} add up to {kernel.sum():.3g}, so a "
                                  "flat area does not give 0; an edge kernel's weights add up "
                                  "to 0.")
    angles, largest = rim_responses(kernel)
    strongest = int(angles[largest.argmax()])
    ratio = float(largest[(angles == 135) | (angles == 315)].max() / largest.max())

    def near(angle, targets):
        return any(min(abs(angle - t), 360 - abs(angle - t)) <= 10 for t in targets)

    if near(strongest, (135, 315)):
        return CheckResult(False, f"{what} answers most at {strongest}°: it sees the other "
                                  "diagonal. Mirror it left to right.")
    if not near(strongest, (45, 225)):
        return CheckResult(False, f"{what} answers most at {strongest}° on the disk's rim, not "
                                  "near 45° or 225°: which pixels of the window differ along "
                                  "the diagonal from bottom-left to top-right?")
    if ratio > 0.05:
        return CheckResult(False, f"{what} answers most near 45°, but at 135° and 315° it "
                                  f"still gives {ratio:.0%} of its strongest response; it "
                                  "should be (almost) blind there, as sobel_x is blind at "
                                  "90°.")
    return CheckResult(True, f"{what} answers most at {strongest}° and gives less than "
                             f"{max(ratio, 0.001):.1%} of that at 135° and 315°: a 45° edge "
                             "detector, measured.")


q6 = Exercise(
    _check_q6,
    ["sobel_x is a smoothing [1, 2, 1] across a difference; turn the idea by 45°.",
     "Look at sobel_x's numbers in 'Claim 2 · sobel_x sees vertical edges, sobel_y horizontal "
     "ones': which pixels of the 3×3 window lie on the diagonal from bottom-left to top-right, "
     "and which two corners lie across it? Weight the side toward the top-right positive.",
     "Skeleton: a 3×3 array with 0 on the top-left-to-bottom-right diagonal, positive numbers "
     "above it and the same numbers, negative, mirrored below it."],
)


# --- q7: a Gaussian kernel the learner writes, put to work against a box ------------------

#: Exercise q7: the (size, sigma) pairs tried, none of them the notebook's. The first has a
#: sigma far from 1 (sigma and its square differ) and a bell cut off at 2.7 sigma, so a
#: kernel divided by the bell's continuous area, 2πσ², does not add up to 1; (5, 2.5) cuts
#: off most of its bell.
NB06_Q7_CASES = ((9, 1.5), (5, 2.5), (13, 2.2), (7, 0.8), (15, 3.7), (11, 1.0))

#: Exercise q7: the box the learner's Gaussian is put to work against (its side), as
#: claim 1 did with the 21×21 box: a Gaussian of the box's spread, 2·side + 1 wide.
NB06_Q7_BOX = 9

#: Exercise q7: an even size (and a sigma) the learner's function must refuse.
_Q7_EVEN = (10, 2.0)

#: Exercise q7: the stripe periods (pixels) the box and the Gaussian are measured on.
_Q7_PERIODS = (4, 5, 6, 7, 8, 9, 10, 12, 14, 18)

#: Below this contrast, claim 1 calls the stripes swapped (rounded to 2 decimals, 0 is 0).
_SWAPPED = -0.005


def stripe_contrast(kernel, period: int) -> float:
    """What ``kernel`` leaves of vertical stripes of ``period`` pixels, measured as claim 1
    of notebook 06 does: 1 = untouched, 0 = flat grey, below 0 = bright and dark swapped.

    Examples
    --------
    >>> box = KERNEL_BANK["large_blur"]
    >>> round(stripe_contrast(box, 16), 2), round(stripe_contrast(box, 42), 2)
    (-0.17, 0.5)
    """
    column = np.arange(16 * period)   # 16 whole periods: 'wrap' repeats them exactly
    bright = (column % period) < period / 2
    stripes = np.tile(np.where(bright, 200.0, 50.0), (48, 1))
    sign = np.where(bright, 1.0, -1.0)
    row = correlate(stripes, kernel, mode="wrap")[24]
    return float(((row - row.mean()) * sign).sum() / (75.0 * sign.size))


def _bell(size: int, spread: float) -> np.ndarray:
    """The size×size outer product of exp(-x²/(2·spread²)) over the offsets x from the
    centre pixel, divided by its sum: the Gaussian of standard deviation ``spread``."""
    x = np.arange(size) - size // 2
    g = np.exp(-x**2 / (2 * spread**2))
    kernel = np.outer(g, g)
    return kernel / kernel.sum()


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=0, atol=1e-7))


def _q7_shape_mistake(given: np.ndarray, size: int, sigma: float) -> str | None:
    """The mistake a kernel of the wrong shape shows, or None."""
    if given.size == size and given.ndim <= 2 and max(given.shape) == size:
        flat = given.ravel()
        x = np.arange(size) - size // 2
        squared = np.exp(-x**2 / sigma**2)
        if flat.sum() != 0 and _close(flat / flat.sum(), squared / squared.sum()):
            return (f"your function returned the profile squared entry by entry: still "
                    f"{size} numbers in a row, not a {size}×{size} kernel. The 2-D weight "
                    "at (row r, column c) is the profile's weight at r times its weight at "
                    "c: the outer product.")
        return (f"your function returned a 1-D profile ({size} numbers), not the "
                f"{size}×{size} kernel: the 2-D Gaussian is the outer product of the "
                "profile with itself.")
    if given.shape == (2 * size + 1, 2 * size + 1):
        return (f"your kernel is {2 * size + 1}×{2 * size + 1} for size {size}: you took "
                "size as the radius (offsets from -size to size). size is the whole width.")
    if given.ndim == 2 and given.shape[0] == given.shape[1] and abs(given.shape[0] - size) == 1:
        side = given.shape[0]
        even = " (an even side has no centre pixel)" if side % 2 == 0 else ""
        return (f"your kernel is {side}×{side} for size {size}: one offset too "
                f"{'many' if side > size else 'few'}. Count the offsets your x holds: "
                f"size of them, 0 in the middle{even}.")
    return None


def _q7_value_mistake(given: np.ndarray, size: int, sigma: float) -> str | None:
    """The mistake a size×size kernel of the wrong values shows, or None."""
    largest = float(np.abs(given).max())
    if largest > 0 and float(np.ptp(given)) <= 1e-12 * largest:
        return ("your kernel is a box: every weight is the same. A Gaussian's weights fall "
                "off from the centre as exp(-x²/(2σ²)).")
    total = float(given.sum())
    if total == 0 or largest == 0:
        return None
    if _close(given / total, _bell(size, sigma)):
        return (f"your kernel has the right shape, but its weights add up to {total:.4g}, "
                "not 1, so a blur with it changes the brightness: divide by the sum of "
                "the weights you actually have (the bell is cut off at the kernel's edge).")
    tol = 1e-9 * largest
    if not (np.allclose(given, given[::-1], atol=tol)
            and np.allclose(given, given[:, ::-1], atol=tol)):
        row, col = (int(i) for i in np.unravel_index(int(np.argmax(given)), given.shape))
        peak = (f"; its largest weight is at row {row}, column {col}"
                if (row, col) != (size // 2, size // 2) else "")
        return (f"your kernel is not symmetric about its centre pixel (row {size // 2}, "
                f"column {size // 2}){peak}. Is the offset x exactly 0 at the centre, with "
                "as many whole offsets on each side?")
    if np.allclose(given, given[:1], atol=tol) or np.allclose(given, given[:, :1], atol=tol):
        return ("your kernel changes along one axis only (its rows, or its columns, are all "
                "alike): a 2-D Gaussian falls off across the rows AND down the columns.")
    note = "" if abs(total - 1) <= 1e-6 else f"; its weights also add up to {total:.4g}, not 1"
    normalised = given / total
    candidates = (
        (math.sqrt(sigma), "you used sigma where the variance belongs (sigma is the "
                           "standard deviation; the exponent divides x² by twice its "
                           "square, 2σ²)"),
        (sigma**2, "the exponent divides x² by 2σ⁴: sigma is squared once too often (sigma "
                   "is the standard deviation, its square the variance)"),
        (sigma / math.sqrt(2), "it is too narrow, as exp(-x²/σ²) is (is the 2 of 2σ² "
                               "missing, or did you square the kernel?)"),
        (sigma * math.sqrt(2), "it is too wide, as exp(-x²/(4σ²)) is (the exponent divides "
                               "by 2σ², not (2σ)²)"),
        (1 / sigma, "your exponent multiplies x² by σ² instead of dividing: in Python, "
                    "-x**2 / 2 * sigma**2 is (-x²/2)·σ². Put the whole 2σ² in parentheses"),
    )
    for spread, message in candidates:
        if abs(spread - sigma) > 1e-9 and _close(normalised, _bell(size, spread)):
            return f"your kernel is a Gaussian of the wrong spread: {message}{note}."
    centre = normalised[size // 2, size // 2]
    step = normalised[size // 2, size // 2 + 1] if size > 1 else 0.0
    if 0 < step < centre:
        spread = math.sqrt(-1 / (2 * math.log(step / centre)))
        if _close(normalised, _bell(size, spread)):
            return (f"your kernel is a centred Gaussian, but of spread sigma ≈ {spread:.3g}, "
                    f"not {sigma}: look at the exponent, -x²/(2σ²), and at the offsets x "
                    f"(whole pixels, one apart){note}.")
    return None


def _refuse_a_library_gaussian(answer) -> None:
    """Refuse OpenCV's and SciPy's Gaussians handed in as they are."""
    import cv2  # the package imports OpenCV anyway; here only to recognise its function

    module = getattr(answer, "__module__", "") or ""
    if answer is cv2.getGaussianKernel:
        raise Refused("that is OpenCV's cv2.getGaussianKernel, which returns a 1-D column: "
                      "write gaussian_kernel yourself, with NumPy.")
    if getattr(answer, "__name__", "") == "gaussian" and module.startswith("scipy"):
        raise Refused("that is SciPy's gaussian window (1-D, and its weights do not add up "
                      "to 1): write gaussian_kernel yourself, with NumPy.")


@functools.cache
def _q7_box_swaps() -> tuple[int, ...]:
    box = np.full((NB06_Q7_BOX, NB06_Q7_BOX), 1 / NB06_Q7_BOX**2)
    return tuple(p for p in _Q7_PERIODS if stripe_contrast(box, p) < _SWAPPED)


def _listed(periods) -> str:
    names = [str(p) for p in periods]
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _check_q7(answer) -> CheckResult:
    not_own_function(answer, "a function gaussian_kernel(size, sigma)")
    _refuse_a_library_gaussian(answer)
    n = NB06_Q7_BOX
    box_spread = math.sqrt((n * n - 1) / 12)   # the variance of an n-wide box's weights
    cases = (*NB06_Q7_CASES, (2 * n + 1, box_spread))   # the last one is put to work below
    for size, sigma in cases:
        where = f"size {size}, sigma {sigma:.3g}"
        got = call_learner(answer, size, sigma, where=where)
        if got is None:
            return returned_none(where, "the kernel")
        if isinstance(got, numbers.Real) and not isinstance(got, (bool, np.bool_)):
            return CheckResult(False, f"for {where}: your function returned one number, not a "
                                      "kernel. The 1-D profile times itself with @ or np.dot "
                                      "adds the products up; the kernel is the table of every "
                                      "row weight times every column weight (the outer "
                                      "product).")
        what = f"your kernel for {where}"
        given = read_array(got, what)
        expected = _bell(size, sigma)
        if _close(given, expected):
            continue
        if given.shape != expected.shape:
            mistake = _q7_shape_mistake(given, size, sigma)
        elif np.isfinite(given).all():
            mistake = _q7_value_mistake(given, size, sigma)
        else:
            mistake = None
        if mistake:
            return CheckResult(False, f"for {where}: {mistake}")
        return compare_arrays(given, expected, what, atol=1e-7)
    even, sigma = _Q7_EVEN
    try:
        got = guarded(answer, even, sigma)
    except Refused:
        raise
    except ValueError:
        pass
    except Exception as error:  # any failure of the learner's code is reported
        return CheckResult(False, raised(error, f"size {even}, which is even").message[:-1]
                           + ": for a bad value, raise a ValueError that says what is wrong.")
    else:
        returned = "None" if got is None else "a kernel"
        return CheckResult(False, f"for size {even} your function returned {returned} instead "
                                  "of raising a ValueError: an even size has no centre pixel, "
                                  "so the kernel would be shifted by half a pixel.")
    box_swaps = _q7_box_swaps()
    own_swaps = [p for p in _Q7_PERIODS if stripe_contrast(given, p) < _SWAPPED]
    side = 2 * n + 1
    return CheckResult(True, f"your function is right for all {len(cases)} sizes and sigmas "
                             f"tried ({len(NB06_Q7_CASES)} you never saw, and the 9×9 box's "
                             "own), and refuses an even size. Put to "
                             f"work as in claim 1, on stripes of periods {_Q7_PERIODS[0]}-"
                             f"{_Q7_PERIODS[-1]} px: the {n}×{n} box swaps bright and dark for "
                             f"periods {_listed(box_swaps)}; your {side}×{side} Gaussian of the "
                             f"same spread (sigma = √(({n}² − 1)/12) ≈ {box_spread:.2f}) swaps "
                             f"{'none' if not own_swaps else _listed(own_swaps)}.")


q7 = Exercise(
    _check_q7,
    ["A 2-D Gaussian is a 1-D bell curve across the rows times the same bell down the columns. "
     "Start with the 1-D bell over the offsets from the centre pixel; settle the even sizes "
     "first.",
     "Look at the first cell under 'Why big box blurs look blocky': it built one for the 21×21 "
     "box (taps, np.outer, a division); there the offsets ran from -21 to 21 and sigma was "
     "fixed. Here size sets the offsets, and sigma is the standard deviation: the exponent "
     "divides x² by twice its square.",
     "Skeleton: if size is even, raise ValueError(...); x = the size whole offsets, 0 in the "
     "middle; g = exp(-x² / (2σ²)); kernel = the outer product of g with itself; return the "
     "kernel divided by its own sum."],
    forbid=Forbid(("cv2.getGaussianKernel", "scipy.signal.windows.gaussian",
                   "scipy.ndimage.gaussian_filter", "scipy.ndimage.gaussian_filter1d"),
                  "compute the bell with NumPy yourself."),
)
