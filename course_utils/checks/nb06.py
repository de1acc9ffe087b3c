"""Exercises of notebook 06 (the kernel bank): kernels that keep brightness (q1), a function
for the gradient magnitude (q2), a blur's Laplacian variance (q3), the relief part of emboss
(q4), a function for a convolution with the 'wrap' border by OpenCV's route (q5), a 45° edge
kernel (q6), and a Gaussian kernel the learner writes and puts to work against a box (q7)."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable

import cv2
import numpy as np
import scipy.ndimage as ndi

from ..borders import BORDER_MODES
from ..filtering import convolve, correlate
from ..i18n import N_, tr, translate
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
from .guard import CORRELATIONS, Forbid, guarded

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "NB06_Q1_KERNELS", "NB06_Q5_KERNELS",
           "NB06_Q7_CASES", "NB06_Q7_BOX", "rim_responses", "stripe_contrast"]

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
    identity = np.pad([[1.0]], 1)  # 3×3: 1 in the centre, 0 around it
    relief = KERNEL_BANK["emboss"] - identity  # the part of emboss that sums to 0
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
            return CheckResult(False, tr("{what} is computed from the camera photo; this "
                                         "exercise asks for the astronaut.", what=what))
        if np.allclose(given, recipe("astronaut", "reflect"), atol=1.0):
            return CheckResult(False, tr("{what} is right away from the borders; look at which "
                                         "border mode the exercise asks for.", what=what))
    return compare_arrays(given, recipe("astronaut", "mirror"), what, atol=atol)


def _check_q1(answer) -> CheckResult:
    keep = {name for name, K in NB06_Q1_KERNELS.items() if abs(K.sum() - 1) < 1e-9}
    what = tr("your set of kernels")
    names = read_names(answer, what)
    if names and names <= set(KERNEL_BANK):
        return CheckResult(False, tr("those are kernels of the bank; the question is about the "
                                     "new kernels in NB06_Q1_KERNELS."))
    # sum exactly 1 in floating point: a kernel like ones / 9 or eye(5) / 5 adds up to
    # 0.9999999999999999 or 1.0000000000000002, and `K.sum() == 1` drops it
    exact = {name for name, K in NB06_Q1_KERNELS.items() if K.sum() == 1}
    if names != keep and names <= keep and (keep - names) <= (keep - exact):
        return CheckResult(False, tr("you left out {count} kernel(s) whose entries add up to 1 "
                                     "only up to rounding: floating-point sums of fractions "
                                     "like 1/9 are rarely exactly 1. Compare with a tolerance "
                                     "(np.isclose) instead of ==.",
                                     count=len((keep - exact) - names)))
    if names != keep and keep <= names and (names - keep) <= {n for n, K in NB06_Q1_KERNELS.items()
                                            if K.sum() > 0}:
        return CheckResult(False, tr("{count} kernel(s) in your set have a positive sum that "
                                     "is not 1: a flat patch of 100 comes out brighter or "
                                     "darker.", count=len(names - keep)))
    result = compare_names(names, keep, what)
    mistake = _q1_mistake(names, keep) if not result.ok else None
    if not mistake:
        return result
    return CheckResult(False, tr("{message}: {mistake}", message=result.message[:-1],
                                 mistake=mistake))


def _q1_mistake(names: set, keep: set) -> str | None:
    """What the learner's set of q1 kernels gets wrong, from the kernels it misses and the
    ones that do not belong (counted, never named: naming them would give the answer)."""
    sums = {name: float(K.sum()) for name, K in NB06_Q1_KERNELS.items()}
    missed = {n for n in keep - names if n in NB06_Q1_KERNELS}
    extra = {n for n in names - keep if n in NB06_Q1_KERNELS}
    parts = []
    if any(abs(sums[n]) < 1e-9 for n in extra):
        parts.append(tr("a kernel whose weights add up to 0 sends a flat patch of 100 to 0: "
                        "it keeps only change, not brightness"))
    elif extra:
        parts.append(tr("a kernel whose weights add up to more or less than 1 makes a flat "
                        "patch of 100 brighter or darker, even if all its weights are "
                        "positive"))
    if any((NB06_Q1_KERNELS[n] < 0).any() for n in missed):
        parts.append(tr("a kernel with negative weights keeps brightness too when its weights "
                        "add up to 1: it is the sum that decides"))
    elif missed:
        parts.append(tr("a kernel that does not blur (it moves or sharpens) keeps brightness "
                        "too when its weights add up to 1: it is the sum that decides"))
    if len(parts) == 2:
        return tr("{first}; {second}.", first=parts[0], second=parts[1])
    return tr("{only}.", only=parts[0]) if parts else None


@functools.cache
def _q2_images() -> tuple[tuple[str, np.ndarray], ...]:
    """The images exercise q2 tries, none of them the astronaut: a part of the camera photo
    (uint8), random grey levels (float) and a soft-edged disk (its edges in every direction),
    each with its label in English (translated where it is shown)."""
    part = _photo("camera")[200:260, 300:380]
    noise = np.random.default_rng(602).uniform(0, 255, size=(19, 27))
    yy, xx = np.mgrid[:41, :41] - 20
    disk = 30 + 200 / (1 + np.exp(np.hypot(yy, xx) - 12))
    return tuple((label, _read_only(image)) for label, image in (
        (N_("rows 200-259, columns 300-379 of the camera photo"), part.copy()),
        (N_("a 19×27 image of random grey levels"), noise),
        (N_("a 41×41 soft-edged disk"), disk)))


def _q2_sobel(image: np.ndarray, mode: str = "mirror") -> tuple[np.ndarray, np.ndarray]:
    """gx and gy of exercise q2, from scipy.ndimage (its 'mirror' is BORDER_REFLECT_101)."""
    image = np.asarray(image, dtype=np.float64)
    return (ndi.correlate(image, KERNEL_BANK["sobel_x"], mode=mode),
            ndi.correlate(image, KERNEL_BANK["sobel_y"], mode=mode))


#: Exercise q2: how far (grey levels) a magnitude may be from the right one: float32
#: arithmetic on magnitudes up to ~1e3 is right to ~1e-4.
_Q2_ATOL = 1e-3


def _check_q2(answer) -> CheckResult:
    not_own_function(answer, tr("a function gradient_magnitude(image)"))
    images = _q2_images()
    for label, image in images:
        label = translate(label)
        got = call_learner(answer, image.copy(), where=label)
        if got is None:
            return returned_none(label, tr("the magnitude"))
        what = tr("your magnitude for {where}", where=label)
        given = read_array(got, what)
        gx, gy = _q2_sobel(image)
        expected = np.hypot(gx, gy)
        result = compare_arrays(given, expected, what, atol=_Q2_ATOL)
        if result.ok:
            continue
        mistake = _q2_mistake(given, image, gx, gy) if given.shape == expected.shape else None
        if not mistake:
            return result
        return CheckResult(False, tr("{what}: {mistake}", what=what, mistake=mistake))
    return CheckResult(True, tr("your function is right for all {count} images tried, none "
                                "of which you saw.", count=len(images)))


def _q2_mistake(given: np.ndarray, image: np.ndarray, gx: np.ndarray,
                gy: np.ndarray) -> str | None:
    """Name the mistake whose magnitude equals ``given``, or None."""
    def close(other):
        return np.allclose(given, other, rtol=0, atol=_Q2_ATOL)

    def clipped(response):
        return np.clip(response, 0, 255)

    inside = (slice(1, -1), slice(1, -1))
    right = np.hypot(gx, gy)
    if close(np.abs(gx) + np.abs(gy)):
        return tr("that is |gx| + |gy|; the magnitude is the length of the vector (gx, gy), "
                  "the square root of gx² + gy².")
    if close(gx**2 + gy**2):
        return tr("that is gx² + gy², without the square root.")
    if close(np.abs(gx)) or close(np.abs(gy)) or close(gx) or close(gy):
        return tr("that is one Sobel response alone; the magnitude combines sobel_x's and "
                  "sobel_y's.")
    if close(np.hypot(gx, gx)) or close(np.hypot(gy, gy)):
        return tr("that is one Sobel response combined with itself: the magnitude combines "
                  "sobel_x's response with sobel_y's.")
    if close(np.hypot(*np.gradient(np.asarray(image, dtype=np.float64)))):
        return tr("that is the magnitude of np.gradient's central differences (one pixel "
                  "each side, no smoothing); the exercise asks for the Sobel kernels' "
                  "responses.")
    scale = float(np.vdot(given, right) / np.vdot(right, right)) if right.any() else 0.0
    if abs(scale - 1) > 1e-3 and abs(scale) > 1e-9 and close(scale * right):
        return tr("that is the magnitude times {scale:.3g}: the shape of it is right, its "
                  "size is not. Return sqrt(gx² + gy²) itself, neither halved nor rescaled "
                  "for display.", scale=scale)
    # clipped responses combined in a small float type (np.hypot of two uint8 arrays is
    # float16): compared to about 3 significant digits
    if any(np.allclose(given, np.hypot(clipped(a), clipped(b)), rtol=2e-3, atol=0.5)
           for a, b in ((gx, gy), (np.rint(gx), np.rint(gy)))):
        return tr("the two responses were clipped to 0-255 (uint8, as cv2.filter2D(image, "
                  "-1, ...) returns them) before they were combined: every negative response, "
                  "half of each edge, is lost. Keep them float.")
    if close(np.clip(right, 0, 255)) or close(np.clip(np.rint(right), 0, 255)) \
            or close(np.clip(right, 0, 255).astype(np.uint8)):
        return tr("your magnitude stops at 255 (stored as uint8?): the magnitude of strong "
                  "edges is larger. Return the float array.")
    if np.allclose(given[inside], right[inside], rtol=0, atol=_Q2_ATOL):
        return tr("right away from the borders, wrong on them: the exercise asks for the "
                  "'mirror' border (correlate's default is 'reflect').")
    return None


@functools.cache
def _q3_variance(size: int = 5, mode: str = "reflect", clip: bool = False) -> float:
    """The Laplacian variance of the camera photo blurred by a size×size box, with
    ``mode`` for both filters (q3 asks for 5, the default 'reflect', no clipping)."""
    blurred = correlate(_photo("camera"), np.full((size, size), 1 / size**2), mode=mode)
    response = correlate(blurred, KERNEL_BANK["laplacian"], mode=mode)
    if clip:
        response = np.clip(response, 0, 255)
    return float(response.var())


@functools.cache
def _q3_recipe_mistakes() -> tuple[tuple[float, str], ...]:
    """(what a slip of the recipe answers, its message in English), for exercise q3: the
    message is translated where it is shown (this is cached)."""
    camera = _photo("camera")
    blurred = correlate(camera, np.ones((5, 5)) / 25)
    unscaled = correlate(correlate(camera, np.ones((5, 5))), KERNEL_BANK["laplacian"])
    return (
        (math.sqrt(_q3_variance()), N_("that is the standard deviation of the Laplacian, "
                                       "the square root of the variance the exercise asks "
                                       "for.")),
        (float(correlate(blurred, KERNEL_BANK["laplacian"]).mean()),
         N_("that is the mean of the Laplacian (near 0: a sum-0 kernel's responses balance); "
            "the exercise asks for their variance, the mean of the squared distances from "
            "it.")),
        (float(blurred.var()), N_("that is the variance of the blurred photo itself; the "
                                  "exercise asks for the variance of its Laplacian.")),
        (float(unscaled.var()), N_("that is the variance after a box whose 25 weights are all "
                                   "1: its weights add up to 25, so the blur is 25 times too "
                                   "bright. A box blur's weights add up to 1.")),
    )


def _q3_expected() -> float:
    return _q3_variance()


def _check_q3(answer) -> CheckResult:
    expected = _q3_expected()
    what = tr("your variance")
    result = compare_numbers(answer, expected, what, atol=0.05)
    if result.ok:
        return result
    try:
        value = float(read_number(answer, what))
    except OverflowError:  # an int beyond the range of floats is simply too large
        return result
    # each realistic mistake, computed, and compared to the same 0.05
    for mode in BORDER_MODES:
        if mode != "reflect" and abs(value - _q3_variance(5, mode)) <= 0.05:
            return CheckResult(False, tr("that is the variance with the '{mode}' border; the "
                                         "exercise asks for correlate's default border.",
                                         mode=mode))
    if abs(value - _q3_variance(5, clip=True)) <= 0.05:
        return CheckResult(False, tr("that is the variance of the Laplacian clipped to 0-255; "
                                     "keep the float results, negative ones included."))
    for size, blur in ((7, tr("the 7×7 small_blur")), (3, tr("a 3×3 box")),
                       (1, tr("the unblurred photo"))):
        if abs(value - _q3_variance(size)) <= 0.05:
            return CheckResult(False, tr("that is the variance after {blur}; the exercise asks "
                                         "for a 5×5 box.", blur=blur))
    for other, message in _q3_recipe_mistakes():
        if abs(value - other) <= 0.05 * max(1.0, abs(other) / 1e3):
            return CheckResult(False, translate(message))
    if abs(value - expected) <= 0.5:
        return CheckResult(False, tr("close: your variance is within 0.5 of the right value, "
                                     "but one decimal is needed. How many decimals did you "
                                     "keep?"))
    return result


def _q4_mistake(given: np.ndarray) -> str | None:
    """Name a relief picture made with the wrong kernel or the kernel turned, or None."""
    photo, emboss = _photo("astronaut"), KERNEL_BANK["emboss"]
    whole = correlate(photo, emboss, mode="mirror")
    if any(np.array_equal(given, np.clip(whole + offset, 0, 255)) for offset in (0, 128)):
        return tr("that is the whole emboss: the photo is still in it (emboss = the photo + "
                  "the relief). Take the photo's part out of the kernel first.")
    if np.array_equal(given, np.clip(correlate(photo, emboss - 1, mode="mirror") + 128, 0, 255)):
        return tr("you took 1 from every weight of the emboss; the photo's part is the "
                  "identity kernel, whose only 1 is at the centre.")
    if np.array_equal(given, np.clip(128 - _relief_response("astronaut", "mirror"), 0, 255)):
        return tr("your relief is lit from the other side: the kernel was turned by 180° (a "
                  "convolution, or the kernel flipped). The exercise correlates with it.")
    return None


def _check_q4(answer) -> CheckResult:
    # the relief part has whole-number weights, so every right answer is a whole number:
    # compare exactly (an offset of 127 or 129 is a different picture)
    what = tr("your relief picture")
    given = read_array(answer, what)
    expected = _relief("astronaut", "mirror")
    if given.shape == expected.shape and not np.array_equal(given, expected):
        response = _relief_response("astronaut", "mirror")
        for offset in range(96, 161):
            if offset != 128 and np.array_equal(given, np.clip(response + offset, 0, 255)):
                if offset > 128:
                    return CheckResult(False, tr("your grey offset is {amount} too large: "
                                                 "which value lies in the middle of 0-255?",
                                                 amount=offset - 128))
                return CheckResult(False, tr("your grey offset is {amount} too small: which "
                                             "value lies in the middle of 0-255?",
                                             amount=128 - offset))
        if np.array_equal(given, (response + 128) % 256):
            return CheckResult(False, tr("values outside 0-255 wrapped around (-3 became 253): "
                                         "clip before converting to uint8."))
        if np.array_equal(given, np.clip(response, 0, 255)):
            return CheckResult(False, tr("the relief has no grey offset: its negative half is "
                                         "all black."))
        mistake = _q4_mistake(given)
        if mistake:
            return CheckResult(False, mistake)
    result = _compare_recipe(given, _relief, what, atol=0)
    if result.ok and not is_uint8(answer):
        return CheckResult(False, tr("the values are right; now make the picture uint8."))
    return result


#: Exercise q5: the kernels the learner's convolve_wrap is tried with (on images the
#: learner never sees): the emboss of the notebook, a 5×5 kernel (two pixels of wrap on each
#: side), and a 3×5 one that is neither square nor symmetric (a correlation shows). The
#: names are the learner's labels of the kernels, in English: the bank's name, or a
#: description translated where it is shown.
NB06_Q5_KERNELS = {
    "emboss": KERNEL_BANK["emboss"],
    N_("a 5×5 kernel"): np.arange(25.0).reshape(5, 5) % 7 - 3,
    N_("a 3×5 kernel"): np.array([[1.0, 0, 2, -1, 0], [3, 1, 0, 0, -2], [0, -1, 1, 2, 1]]),
}


@functools.cache
def _q5_images() -> tuple[tuple[str, np.ndarray], ...]:
    """The images of exercise q5: a part of the camera photo (uint8) and random floats,
    each with its label in English (translated where it is shown)."""
    part = _photo("camera")[120:170, 40:110].copy()
    noise = np.random.default_rng(605).normal(100, 40, size=(17, 23))
    return ((N_("rows 120-169, columns 40-109 of the camera photo (uint8)"), _read_only(part)),
            (N_("a 17×23 image of random floats"), _read_only(noise)))


def _q5_cases():
    images = _q5_images()
    for index, (name, kernel) in enumerate(NB06_Q5_KERNELS.items()):
        label, image = images[index % len(images)]
        shown = name if name in KERNEL_BANK else translate(name)
        yield tr("{image} and {kernel}", image=translate(label), kernel=shown), image, kernel


def _check_q5(answer) -> CheckResult:
    not_own_function(answer, tr("a function convolve_wrap(image, kernel)"))
    cases = list(_q5_cases())
    for where, image, kernel in cases:
        got = call_learner(answer, image.copy(), kernel.copy(), where=where)
        if got is None:
            return returned_none(where, tr("the float64 result"))
        what = tr("your result for {where}", where=where)
        given = read_array(got, what)
        expected = convolve(image, kernel, mode="wrap")
        if given.shape == expected.shape and np.allclose(given, expected, rtol=0, atol=1e-9):
            if isinstance(got, np.ndarray) and got.dtype.kind in "iub":
                return CheckResult(False, tr("{what} is right but stored as {dtype}; return "
                                             "the float64 result (cv2.CV_64F).", what=what,
                                             dtype=got.dtype))
            continue
        mistake = _q5_mistake(given, image, kernel)
        if mistake is None and isinstance(got, np.ndarray) and got.dtype.kind in "iub":
            mistake = tr("it is stored as {dtype}, which cannot hold the signed, fractional "
                         "results: return the float64 result (cv2.CV_64F).", dtype=got.dtype)
        if mistake is None:
            return compare_arrays(given, expected, what, atol=1e-9)
        return CheckResult(False, tr("{what}: {mistake}", what=what, mistake=mistake))
    return CheckResult(True, tr("your function is right for all {count} images and kernels "
                                "tried, none of which you saw.", count=len(cases)))


def _q5_mistake(given: np.ndarray, image: np.ndarray, kernel: np.ndarray) -> str | None:
    """Name the mistake of an OpenCV route to convolve(image, kernel, mode='wrap')."""
    rows, cols = kernel.shape
    py, px = (rows - 1) // 2, (cols - 1) // 2
    expected = convolve(image, kernel, mode="wrap")
    if given.shape == (image.shape[0] + 2 * py, image.shape[1] + 2 * px):
        return tr("it still holds the padding (shape {shape}): cut {py} from the top and the "
                  "bottom and {px} from the left and the right.", shape=given.shape, py=py,
                  px=px)
    if given.shape == (image.shape[0] + py, image.shape[1] + px) and (py or px):
        return tr("it has shape {shape}: you cut the padding from the top and the left only; "
                  "cut {py} from the bottom and {px} from the right too.", shape=given.shape,
                  py=py, px=px)
    if given.shape != expected.shape:
        return None

    def same(other, atol=1e-9):
        return np.allclose(given, other, rtol=0, atol=atol)

    if same(np.clip(np.rint(expected), 0, 255)):
        return tr("whole numbers 0-255: cv2.filter2D(..., -1, ...) on a uint8 image returns "
                  "uint8 (rounded and clipped); ask for the float64 result with cv2.CV_64F.")
    if same(expected, atol=1e-3):
        return tr("close, but off by up to {difference:.1g}: float32 somewhere? Compute in "
                  "float64 (image.astype(np.float64), cv2.CV_64F).",
                  difference=float(np.abs(given - expected).max()))
    turned = ((tr("a correlation: the kernel is not turned"), kernel),
              (tr("the kernel flipped upside down only"), kernel[::-1]),
              (tr("the kernel flipped left to right only"), kernel[:, ::-1]))
    for name, other in turned:
        if not np.array_equal(other, kernel[::-1, ::-1]) and same(
                correlate(image, other, mode="wrap")):
            return tr("that is {name}; a convolution is a correlation with the kernel turned "
                      "by 180° (flipped both ways, notebook 02).", name=name)
    if any(same(_wrapped_by(image, kernel, top, side)) for top, side in
           {(1, 1), (px, py), (py, py), (px, px)} - {(py, px)}
           if top <= image.shape[0] and side <= image.shape[1]):
        return tr("your wrap is too narrow somewhere: a {rows}×{cols} kernel reaches "
                  "(M - 1) // 2 = {py} rows above and below and (N - 1) // 2 = {px} columns "
                  "left and right, and each needs wrapped pixels.", rows=rows, cols=cols,
                  py=py, px=px)
    inside = (slice(py, image.shape[0] - py), slice(px, image.shape[1] - px))
    if np.allclose(given[inside], expected[inside], rtol=0, atol=1e-9):
        return tr("right away from the borders; the border pixels should wrap around "
                  "(cv2.filter2D refuses BORDER_WRAP: pad with it first).")
    return None


def _wrapped_by(image: np.ndarray, kernel: np.ndarray, top: int, side: int) -> np.ndarray:
    """The OpenCV route with ``top`` rows and ``side`` columns of wrap (a mistake when they
    are not the kernel's half sizes): pad, correlate the turned kernel, cut back."""
    height, width = image.shape
    padded = np.pad(np.asarray(image, dtype=np.float64), ((top, top), (side, side)),
                    mode="wrap")
    full = cv2.filter2D(padded, cv2.CV_64F, kernel[::-1, ::-1],
                        borderType=cv2.BORDER_REFLECT_101)
    return full[top:top + height, side:side + width]


q1 = Exercise(
    _check_q1,
    [N_("What does each kernel make of a flat patch where every pixel is 100?"),
     N_("Look at 'Read the numbers': its table asked the same question of the bank, with the "
        "sum of the weights."),
     N_("Skeleton: {name for name, K in NB06_Q1_KERNELS.items() if <K's sum is 1, with a "
        "tolerance>}.")],
)

q2 = Exercise(
    _check_q2,
    [N_("An edge strength combines the horizontal and the vertical change at each pixel; what "
        "has to stay unclipped for that to work?"),
     N_("Look at 'Signed outputs, honestly': it combined the two Sobel responses into one edge "
        "strength. Here both need the 'mirror' border, and the image may be uint8 or float."),
     N_("Skeleton: gx = correlate(image, <sobel_x>, mode='mirror'); gy likewise with sobel_y; "
        "return <the square root of gx² + gy², as float>.")],
)

q3 = Exercise(
    _check_q3,
    [N_("A 5×5 box sits between two of the bank's blurs in size: before computing, say where "
        "its Laplacian variance should fall."),
     N_("Look at 'Claim 1 · The bigger blur removes more detail': the blur, the Laplacian of "
        "the blurred photo, its variance. A 5×5 box has 25 equal weights that add up to 1; "
        "keep correlate's default border for both filters."),
     N_("Skeleton: blur with a 5×5 array of 1 / 25, correlate the result with the Laplacian, "
        "and take the variance of that.")],
)

q4 = Exercise(
    _check_q4,
    [N_("The emboss is the photo plus a relief: take the photo's part out of the kernel."),
     N_("Look at 'Claim 3 · Emboss: relief, and the grey it needs': which part of the emboss "
        "numbers is the photo, and what the offset of 128 is for. A uint8 picture cannot hold "
        "values outside 0-255: decide what happens to them before converting."),
     N_("Skeleton: relief = <the emboss with 1 taken off its centre>; response = correlate(<the "
        "photo>, relief, mode='mirror'); answer = <response plus 128, limited to 0-255, as "
        "uint8>.")],
)

q5 = Exercise(
    _check_q5,
    [N_("Two things to settle: where the wrapped-around pixels come from, and what a "
        "convolution does to the kernel. A bigger kernel reaches further past the edge."),
     N_("Look at 'Parity: course_utils, scipy.ndimage and cv2.filter2D': for 'wrap' it padded "
        "the photo with OpenCV's own border function before cv2.filter2D, by the kernel's half "
        "sizes. Notebook 02 says what a convolution does to the kernel."),
     N_("Skeleton: py, px = <the kernel's half sizes>; padded = <the image as float64, given py "
        "rows and px columns of OpenCV's wrap border>; full = cv2.filter2D(padded, cv2.CV_64F, "
        "<the kernel turned by 180°>); return <full without py rows and px columns on each "
        "side>.")],
    forbid=Forbid(tuple(name for name in CORRELATIONS
                        if name not in ("cv2.filter2D", "cv2.sepFilter2D")),
                  N_("take OpenCV's route: cv2.copyMakeBorder, then cv2.filter2D.")),
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
    what = tr("your kernel")
    kernel = read_array(answer, what)
    if kernel.shape != (3, 3):
        return CheckResult(False, tr("{what} has shape {shape}; the exercise asks for 3×3.",
                                     what=what, shape=kernel.shape))
    if not np.isfinite(kernel).all():
        return CheckResult(False, tr("{what} holds values that are not finite (NaN or "
                                     "infinity).", what=what))
    scale = float(np.abs(kernel).max())
    if scale == 0:
        return CheckResult(False, tr("{what} is all zeros: it answers nothing.", what=what))
    if abs(float(kernel.sum())) > 1e-9 * scale:
        return CheckResult(False, tr("the weights of {what} add up to {total:.3g}, so a flat "
                                     "area does not give 0; an edge kernel's weights add up "
                                     "to 0.", what=what, total=kernel.sum()))
    angles, largest = rim_responses(kernel)
    strongest = int(angles[largest.argmax()])
    ratio = float(largest[(angles == 135) | (angles == 315)].max() / largest.max())

    def near(angle, targets):
        return any(min(abs(angle - t), 360 - abs(angle - t)) <= 10 for t in targets)

    if np.allclose(kernel, kernel[::-1, ::-1], rtol=0, atol=1e-9 * scale):
        return CheckResult(False, tr("{what} is the same turned by 180°: it is a line "
                                     "detector (a second difference, as the Laplacian), not "
                                     "an edge kernel. A line detector is not "
                                     "direction-selective: it answers brightness rising and "
                                     "falling alike, so on the rim it answers most at "
                                     "{strongest}° and the opposite side as strongly, and "
                                     "mirroring it does not help. An edge kernel is a "
                                     "difference: turned by 180° it changes sign, as sobel_x "
                                     "does.", what=what, strongest=strongest))
    blind_45 = float(largest[(angles == 45) | (angles == 225)].max() / largest.max())
    if near(strongest, (135, 315)):
        if blind_45 <= 0.05:
            return CheckResult(False, tr("{what} answers most at {strongest}°: it sees the "
                                         "other diagonal. Mirror it left to right.",
                                         what=what, strongest=strongest))
        return CheckResult(False, tr("{what} answers most at {strongest}°: it sees the other "
                                     "diagonal. It also gives {share:.0%} of that at 45° and "
                                     "225°: it is not selective for one diagonal yet.",
                                     what=what, strongest=strongest, share=blind_45))
    if not near(strongest, (45, 225)):
        return CheckResult(False, tr("{what} answers most at {strongest}° on the disk's rim, "
                                     "not near 45° or 225°: which pixels of the window differ "
                                     "along the diagonal from bottom-left to top-right?",
                                     what=what, strongest=strongest))
    if ratio > 0.05:
        return CheckResult(False, tr("{what} answers most near 45°, but at 135° and 315° it "
                                     "still gives {share:.0%} of its strongest response; it "
                                     "should be (almost) blind there, as sobel_x is blind at "
                                     "90°.", what=what, share=ratio))
    return CheckResult(True, tr("{what} answers most at {strongest}° and gives less than "
                                "{share:.1%} of that at 135° and 315°: a 45° edge detector, "
                                "measured.", what=what, strongest=strongest,
                                share=max(ratio, 0.001)))


q6 = Exercise(
    _check_q6,
    [N_("sobel_x is a smoothing [1, 2, 1] across a difference; turn the idea by 45°."),
     N_("Look at sobel_x's numbers in 'Claim 2 · sobel_x sees vertical edges, sobel_y "
        "horizontal ones': which pixels of the 3×3 window lie on the diagonal from bottom-left "
        "to top-right, and which two corners lie across it? Weight the side toward the "
        "top-right positive."),
     N_("Skeleton: a 3×3 array with 0 on the top-left-to-bottom-right diagonal, positive "
        "numbers above it and the same numbers, negative, mirrored below it.")],
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
            return tr("your function returned the profile squared entry by entry: still "
                      "{size} numbers in a row, not a {size}×{size} kernel. The 2-D weight at "
                      "(row r, column c) is the profile's weight at r times its weight at c: "
                      "the outer product.", size=size)
        return tr("your function returned a 1-D profile ({size} numbers), not the "
                  "{size}×{size} kernel: the 2-D Gaussian is the outer product of the profile "
                  "with itself.", size=size)
    if given.shape == (2 * size + 1, 2 * size + 1):
        return tr("your kernel is {side}×{side} for size {size}: you took size as the radius "
                  "(offsets from -size to size). size is the whole width.",
                  side=2 * size + 1, size=size)
    if given.ndim == 2 and given.shape[0] == given.shape[1] and abs(given.shape[0] - size) == 1:
        side = given.shape[0]
        even = tr(" (an even side has no centre pixel)") if side % 2 == 0 else ""
        if side > size:
            return tr("your kernel is {side}×{side} for size {size}: one offset too many. "
                      "Count the offsets your x holds: size of them, 0 in the middle{even}.",
                      side=side, size=size, even=even)
        return tr("your kernel is {side}×{side} for size {size}: one offset too few. Count "
                  "the offsets your x holds: size of them, 0 in the middle{even}.",
                  side=side, size=size, even=even)
    return None


def _q7_value_mistake(given: np.ndarray, size: int, sigma: float) -> str | None:
    """The mistake a size×size kernel of the wrong values shows, or None."""
    largest = float(np.abs(given).max())
    if largest > 0 and float(np.ptp(given)) <= 1e-12 * largest:
        return tr("your kernel is a box: every weight is the same. A Gaussian's weights fall "
                  "off from the centre as exp(-x²/(2σ²)).")
    total = float(given.sum())
    if total == 0 or largest == 0:
        return None
    if _close(given / total, _bell(size, sigma)):
        return tr("your kernel has the right shape, but its weights add up to {total:.4g}, "
                  "not 1, so a blur with it changes the brightness: divide by the sum of the "
                  "weights you actually have (the bell is cut off at the kernel's edge).",
                  total=total)
    tol = 1e-9 * largest
    if not (np.allclose(given, given[::-1], atol=tol)
            and np.allclose(given, given[:, ::-1], atol=tol)):
        row, col = (int(i) for i in np.unravel_index(int(np.argmax(given)), given.shape))
        peak = (tr("; its largest weight is at row {row}, column {col}", row=row, col=col)
                if (row, col) != (size // 2, size // 2) else "")
        return tr("your kernel is not symmetric about its centre pixel (row {centre}, column "
                  "{centre}){peak}. Is the offset x exactly 0 at the centre, with as many "
                  "whole offsets on each side?", centre=size // 2, peak=peak)
    if np.allclose(given, given[:1], atol=tol) or np.allclose(given, given[:, :1], atol=tol):
        return tr("your kernel changes along one axis only (its rows, or its columns, are all "
                  "alike): a 2-D Gaussian falls off across the rows AND down the columns.")
    note = ("" if abs(total - 1) <= 1e-6 else
            tr("; its weights also add up to {total:.4g}, not 1", total=total))
    normalised = given / total
    candidates = (
        (math.sqrt(sigma), tr("you used sigma where the variance belongs (sigma is the "
                              "standard deviation; the exponent divides x² by twice its "
                              "square, 2σ²)")),
        (sigma**2, tr("the exponent divides x² by 2σ⁴: sigma is squared once too often "
                      "(sigma is the standard deviation, its square the variance)")),
        (sigma / math.sqrt(2), tr("it is too narrow, as exp(-x²/σ²) is (is the 2 of 2σ² "
                                  "missing, or did you square the kernel?)")),
        (sigma * math.sqrt(2), tr("it is too wide, as exp(-x²/(4σ²)) is (the exponent "
                                  "divides by 2σ², not (2σ)²)")),
        (1 / sigma, tr("your exponent multiplies x² by σ² instead of dividing: in Python, "
                       "-x**2 / 2 * sigma**2 is (-x²/2)·σ². Put the whole 2σ² in "
                       "parentheses")),
    )
    for spread, message in candidates:
        if abs(spread - sigma) > 1e-9 and _close(normalised, _bell(size, spread)):
            return tr("your kernel is a Gaussian of the wrong spread: {mistake}{note}.",
                      mistake=message, note=note)
    centre = normalised[size // 2, size // 2]
    step = normalised[size // 2, size // 2 + 1] if size > 1 else 0.0
    if 0 < step < centre:
        spread = math.sqrt(-1 / (2 * math.log(step / centre)))
        if _close(normalised, _bell(size, spread)):
            return tr("your kernel is a centred Gaussian, but of spread sigma ≈ {spread:.3g}, "
                      "not {sigma}: look at the exponent, -x²/(2σ²), and at the offsets x "
                      "(whole pixels, one apart){note}.", spread=spread, sigma=sigma,
                      note=note)
    return None


def _refuse_a_library_gaussian(answer) -> None:
    """Refuse OpenCV's and SciPy's Gaussians handed in as they are."""
    import cv2  # the package imports OpenCV anyway; here only to recognise its function

    module = getattr(answer, "__module__", "") or ""
    if answer is cv2.getGaussianKernel:
        raise Refused(tr("that is OpenCV's cv2.getGaussianKernel, which returns a 1-D "
                         "column: write gaussian_kernel yourself, with NumPy."))
    if getattr(answer, "__name__", "") == "gaussian" and module.startswith("scipy"):
        raise Refused(tr("that is SciPy's gaussian window (1-D, and its weights do not add up "
                         "to 1): write gaussian_kernel yourself, with NumPy."))


@functools.cache
def _q7_box_swaps() -> tuple[int, ...]:
    box = np.full((NB06_Q7_BOX, NB06_Q7_BOX), 1 / NB06_Q7_BOX**2)
    return tuple(p for p in _Q7_PERIODS if stripe_contrast(box, p) < _SWAPPED)


def _listed(periods) -> str:
    names = [str(p) for p in periods]
    if not names:
        return tr("none")
    if len(names) == 1:
        return names[0]
    return tr("{items} and {last}", items=", ".join(names[:-1]), last=names[-1])


def _check_q7(answer) -> CheckResult:
    not_own_function(answer, tr("a function gaussian_kernel(size, sigma)"))
    _refuse_a_library_gaussian(answer)
    n = NB06_Q7_BOX
    box_spread = math.sqrt((n * n - 1) / 12)   # the variance of an n-wide box's weights
    cases = (*NB06_Q7_CASES, (2 * n + 1, box_spread))   # the last one is put to work below
    for size, sigma in cases:
        where = tr("size {size}, sigma {sigma:.3g}", size=size, sigma=sigma)
        got = call_learner(answer, size, sigma, where=where)
        if got is None:
            return returned_none(where, tr("the kernel"))
        if isinstance(got, numbers.Real) and not isinstance(got, (bool, np.bool_)):
            return CheckResult(False, tr("for {where}: your function returned one number, not "
                                         "a kernel. The 1-D profile times itself with @ or "
                                         "np.dot adds the products up; the kernel is the table "
                                         "of every row weight times every column weight (the "
                                         "outer product).", where=where))
        what = tr("your kernel for {where}", where=where)
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
            return CheckResult(False, tr("for {where}: {mistake}", where=where, mistake=mistake))
        return compare_arrays(given, expected, what, atol=1e-7)
    even, sigma = _Q7_EVEN
    try:
        got = guarded(answer, even, sigma)
    except Refused:
        raise
    except ValueError:
        pass
    except Exception as error:  # any failure of the learner's code is reported
        message = raised(error, tr("size {size}, which is even", size=even)).message[:-1]
        return CheckResult(False, tr("{message}: for a bad value, raise a ValueError that says "
                                     "what is wrong.", message=message))
    else:
        if got is None:
            return CheckResult(False, tr("for size {size} your function returned None instead "
                                         "of raising a ValueError: an even size has no centre "
                                         "pixel, so the kernel would be shifted by half a "
                                         "pixel.", size=even))
        return CheckResult(False, tr("for size {size} your function returned a kernel instead "
                                     "of raising a ValueError: an even size has no centre "
                                     "pixel, so the kernel would be shifted by half a pixel.",
                                     size=even))
    box_swaps = _q7_box_swaps()
    own_swaps = [p for p in _Q7_PERIODS if stripe_contrast(given, p) < _SWAPPED]
    side = 2 * n + 1
    return CheckResult(True, tr("your function is right for all {count} sizes and sigmas "
                                "tried ({unseen} you never saw, and the 9×9 box's own), and "
                                "refuses an even size. Put to work as in claim 1, on stripes "
                                "of periods {shortest}-{longest} px: the {n}×{n} box swaps "
                                "bright and dark for periods {box_swaps}; your {side}×{side} "
                                "Gaussian of the same spread (sigma = √(({n}² − 1)/12) ≈ "
                                "{spread:.2f}) swaps {own_swaps}.", count=len(cases),
                                unseen=len(NB06_Q7_CASES), shortest=_Q7_PERIODS[0],
                                longest=_Q7_PERIODS[-1], n=n, box_swaps=_listed(box_swaps),
                                side=side, spread=box_spread, own_swaps=_listed(own_swaps)))


q7 = Exercise(
    _check_q7,
    [N_("A 2-D Gaussian is a 1-D bell curve across the rows times the same bell down the "
        "columns. Start with the 1-D bell over the offsets from the centre pixel; settle the "
        "even sizes first."),
     N_("Look at the first cell under 'Why big box blurs look blocky': it built one for the "
        "21×21 box (taps, np.outer, a division); there the offsets ran from -21 to 21 and sigma "
        "was fixed. Here size sets the offsets, and sigma is the standard deviation: the "
        "exponent divides x² by twice its square."),
     N_("Skeleton: if size is even, raise ValueError(...); x = the size whole offsets, 0 in the "
        "middle; g = exp(-x² / (2σ²)); kernel = the outer product of g with itself; return the "
        "kernel divided by its own sum.")],
    forbid=Forbid(("cv2.getGaussianKernel", "scipy.signal.windows.gaussian",
                   "scipy.ndimage.gaussian_filter", "scipy.ndimage.gaussian_filter1d"),
                  N_("compute the bell with NumPy yourself.")),
)
