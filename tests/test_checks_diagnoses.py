"""The diagnoses of particular mistakes: each wrong answer below gets a message that names
its mistake (``said``) and does not print the right answer. Then the facts the exercises
rest on, computed independently of the checks.

The harness of ``test_checks.py`` (solutions, missing answers, wrong types, hints) runs
every exercise; this file adds what only one exercise can be asked.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from conftest import check_unguarded
from scipy.signal import convolve2d, correlate2d
from test_checks import EXERCISES, solve

from course_utils import (
    EXAMPLE_REGION,
    KERNEL_BANK,
    convolve,
    correlate,
    correlate_loop,
    load_image,
    pad,
    separable_factors,
)
from course_utils.checks import (
    NB02_KERNELS,
    NB02_Q1_KERNEL,
    NB02_Q3_KERNEL,
    NB04_COST_CASE,
    NB04_CROP,
    NB06_Q1_KERNELS,
    NB07_Q8_KERNELS,
    nb02,
    nb03,
    nb04,
    nb05,
    nb06,
)
from course_utils.cnn import compose_kernels
from course_utils.cnn import conv2d as nb07_conv2d
from course_utils.cnn import conv_backward as nb07_conv_backward
from course_utils.cnn import max_pool as nb07_max_pool
from course_utils.fast import box_sum
from course_utils.learning import kernel_gradient

REGION = np.array([[12, 200, 31], [45, 90, 77], [250, 3, 64]], dtype=np.uint8)
SHARPEN_PRODUCTS = EXAMPLE_REGION.astype(float) * KERNEL_BANK["sharpen"]
COMBINED = convolve2d(KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL)
FIRST, SECOND = (KERNEL_BANK[name] for name in NB07_Q8_KERNELS)


def camera():
    return load_image("camera")


def astronaut():
    return load_image("astronaut", gray=True)


def crop():
    return camera()[NB04_CROP]


def sobel_negatives(mode, at_most=False):
    true = correlate(camera(), KERNEL_BANK["sobel_y"], mode=mode)
    return int(np.count_nonzero(true <= 0 if at_most else true < 0))


def opencv_wrap(pad=None, flip=True, ddepth=cv2.CV_64F, cut=True, as_float=True):
    """A convolve_wrap(image, kernel) for nb06.q5 by OpenCV's route, one step done wrong."""
    def convolve_wrap(image, kernel):
        py, px = ((kernel.shape[0] - 1) // 2, (kernel.shape[1] - 1) // 2) if pad is None \
            else pad
        image = image.astype(np.float64) if as_float else image
        padded = cv2.copyMakeBorder(image, py, py, px, px, cv2.BORDER_WRAP)
        full = cv2.filter2D(padded, ddepth, kernel[::-1, ::-1] if flip else kernel)
        return full[py:py + image.shape[0], px:px + image.shape[1]] if cut else full
    return convolve_wrap


def relief_kernel():
    relief = KERNEL_BANK["emboss"]
    relief[1, 1] -= 1
    return relief


def loop_vs_opencv_count():
    box = np.full((5, 5), 1 / 25)
    return int(np.count_nonzero(correlate_loop(crop(), box) != cv2.filter2D(
        crop(), -1, box, borderType=cv2.BORDER_REPLICATE)))


def blur_variance(size):
    blurred = correlate(camera(), np.full((size, size), 1 / size**2))
    return float(correlate(blurred, KERNEL_BANK["laplacian"]).var())


def rect_sum_exclusive(S, top, left, bottom, right):    # notebook 08's look-ups, copied
    return S[bottom, right] - S[top, right] - S[bottom, left] + S[top, left]


def rect_sum_inclusive_table(S, top, left, bottom, right):
    return S[bottom, right] - S[top - 1, right] - S[bottom, left - 1] + S[top - 1, left - 1]


def rect_sum_no_corner(S, top, left, bottom, right):    # forgot to add the corner back
    return S[bottom + 1, right + 1] - S[top, right + 1] - S[bottom + 1, left]


def factors_without_rank_test(kernel):
    u, s, vt = np.linalg.svd(kernel)
    return u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0])


def factors_swapped(kernel):
    found = separable_factors(kernel)
    return None if found is None else (found[1], found[0])


def gaussian_with(offsets=lambda size: np.arange(size) - size // 2,
                  bell=lambda x, sigma: np.exp(-x**2 / (2 * sigma**2)),
                  combine=np.outer, divide=lambda kernel, sigma: kernel.sum(),
                  even=ValueError):
    """A gaussian_kernel(size, sigma) for nb06.q7 with one step done the mistaken way."""
    def gaussian_kernel(size, sigma):
        if size % 2 == 0 and even is not None:
            raise even(f"size must be odd, got {size}")
        g = bell(offsets(size), sigma)
        kernel = combine(g, g)
        return kernel / divide(kernel, sigma)
    return gaussian_kernel


#: (exercise, a function making the wrong answer, what the message must say)
def _reflect_index(size, margin):
    """Indices of scipy's 'reflect' padding (the edge pixel repeated), without np.pad."""
    return [-i - 1 if i < 0 else 2 * size - 1 - i if i >= size else i
            for i in range(-margin, size + margin)]


DIAGNOSES = [
    ("nb01.q1", lambda: (lambda r: int(r.astype(int).sum()) / 9), "exact mean"),
    ("nb01.q1", lambda: (lambda r: round(int(r.astype(int).sum()) / 9)), "did you round"),
    ("nb01.q1", lambda: (lambda r: 80), "too small"),
    ("nb01.q1", lambda: (lambda r: "85"), "should be a number"),
    ("nb01.q1", lambda: 85, "should be a function"),
    ("nb01.q2", lambda: EXAMPLE_REGION.astype(float) @ KERNEL_BANK["sharpen"], "matrix product"),
    ("nb01.q2", lambda: SHARPEN_PRODUCTS + np.eye(3), "differs in 3 of 9 entries"),
    ("nb01.q2", lambda: SHARPEN_PRODUCTS[:2], "shape"),
    ("nb01.q3", lambda: lambda shape: (shape[0] // 2, shape[1] // 2), "no centre pixel"),
    ("nb01.q3", lambda: lambda shape: (shape[0] // 2 + 1, 0) if shape[0] % 2 else None,
     "wrong centre"),
    ("nb01.q3", lambda: lambda shape: shape[3], "raised IndexError"),
    ("nb01.q3", lambda: (1, 1), "should be a function"),
    ("nb01.q3", lambda: lambda shape: ((shape[0] - 1) / 2, (shape[1] - 1) / 2)
     if shape[0] % 2 and shape[1] % 2 else None, "holds floats"),
    ("nb01.q3", lambda: lambda shape: (True, True) if shape[0] % 2 and shape[1] % 2 else None,
     "True/False"),
    ("nb01.q4", lambda: lambda image, row, col, shape: image[row:row + shape[0],
                                                         col:col + shape[1]],
     "instead of being centred"),
    ("nb01.q4", lambda: lambda image, row, col, shape: image[
        max(row - shape[0] // 2, 0):row + shape[0] // 2 + 1,
        max(col - shape[1] // 2, 0):col + shape[1] // 2 + 1], "Pad the image first"),
    ("nb02.q1", lambda: NB02_Q1_KERNEL, "S itself"),
    ("nb02.q1", lambda: NB02_Q1_KERNEL[:, ::-1], "one axis only"),
    ("nb02.q1", lambda: NB02_Q1_KERNEL[::-1], "one axis only"),
    ("nb02.q1", lambda: NB02_Q1_KERNEL.T, "transposed"),
    ("nb02.q1", lambda: np.rot90(NB02_Q1_KERNEL), "turned by 90° once"),
    ("nb02.q1", lambda: -NB02_Q1_KERNEL, "negated"),
    ("nb02.q1", lambda: NB02_Q1_KERNEL[::-1, ::-1] * 2, "differs"),
    ("nb02.q2", lambda: {"gaussian"}, "symmetric both ways"),
    ("nb02.q2", lambda: {"gaussian", "ridge"}, "misses"),
    ("nb02.q2", lambda: set(NB02_KERNELS), "not every kernel"),
    ("nb02.q2", lambda: {"gaussian", "prewitt_y", "shift"}, "does not belong"),
    # mirror symmetry is the trap: the left-right symmetric kernels are the wrong set
    ("nb02.q2", lambda: {name for name, k in NB02_KERNELS.items()
                         if np.array_equal(k, k[:, ::-1])}, "symmetric left to right"),
    # the transpose is the other trap: 'corner' equals its transpose, not its rotation
    ("nb02.q2", lambda: {name for name, k in NB02_KERNELS.items()
                         if np.array_equal(k, k.T)}, "transpose"),
    ("nb02.q2", lambda: "sharpen", "not one string"),
    ("nb02.q4", lambda: lambda kernel: kernel.T, "transposed instead of rotated"),
    ("nb02.q4", lambda: lambda kernel: kernel[::-1], "flipped one axis only"),
    ("nb02.q4", lambda: lambda kernel: kernel, "not flipped"),
    ("nb02.q6", lambda: lambda image, template: cv2.matchTemplate(
        image.astype(np.float32), template.astype(np.float32), cv2.TM_SQDIFF),
     "sum of squared differences"),
    ("nb02.q5", lambda: lambda image, template: tuple(
        int(i) for i in np.unravel_index(np.argmax(convolve(image, template - template.mean())),
                                         image.shape)), "rotated by 180°"),
    ("nb02.q3", lambda: correlate2d(NB02_Q3_KERNEL, KERNEL_BANK["sobel_y"]), "correlating"),
    ("nb02.q3", lambda: correlate2d(KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL), "correlating"),
    ("nb02.q3", lambda: COMBINED[::-1, ::-1], "rotated by 180°"),
    ("nb02.q3", lambda: COMBINED[1:6, 1:6], "not the right size"),  # the lesson pair's 5×5
    ("nb02.q3", lambda: convolve2d(KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL, mode="same"),
     "not the right size"),
    ("nb02.q3", lambda: COMBINED + np.eye(7), "differs in 7 of 49 entries"),
    ("nb02.q3", lambda: "K", "array of numbers"),
    ("nb03.q1", lambda: (lambda i, k: i), "'same' size"),
    ("nb03.q1", lambda: (lambda i, k: (i[0] + k[0] - 1, i[1] + k[1] - 1)), "'full' size"),
    ("nb03.q1", lambda: (lambda i, k: (i[0] - k[0], i[1] - k[1])), "off by one"),
    ("nb03.q1", lambda: (lambda i, k: (i[1] - k[1] + 1, i[0] - k[0] + 1)), "swapped"),
    ("nb03.q1", lambda: (lambda i, k: (i[0] - k[0] + 1, i[1] - k[1])),
     "your number of columns for a 120×80 image and a 5×9 kernel is too small"),
    ("nb03.q1", lambda: (lambda i, k: i[0] - k[0] + 1), "tuple"),
    ("nb03.q1", lambda: (lambda i, k: np.array(i) - k), "off by one"),
    ("nb03.q1", lambda: (lambda i, k: (i[0] / 1 - k[0] + 1, i[1] - k[1] + 1.0)),
     "whole numbers"),
    ("nb03.q1", lambda: (492, 492), "should be a function valid_shape"),
    ("nb03.q2", lambda: pad([[5, 9, 2, 7, 3]], (1, 5), "reflect")[0], "BORDER_REFLECT "),
    ("nb03.q2", lambda: pad([[5, 9, 2, 7, 3]], (1, 5), "nearest")[0], "BORDER_REPLICATE"),
    ("nb03.q2", lambda: pad([[1, 2, 3, 4, 5]], (1, 5), "mirror")[0], "differs"),
    ("nb03.q2", lambda: [1, 2, 3], "shape"),
    ("nb03.q3", lambda: (lambda i, k: i[0] * i[1]), "every pixel of the image"),
    ("nb03.q3", lambda: (lambda i, k: i[0] * i[1] - (i[0] - (k[0] - 1) // 2)
                         * (i[1] - (k[1] - 1) // 2)), "one edge of each axis"),
    ("nb03.q3", lambda: (lambda i, k: i[0] * i[1] - (i[0] - 2 * ((k[1] - 1) // 2))
                         * (i[1] - 2 * ((k[0] - 1) // 2))), "half-sizes are swapped"),
    ("nb03.q3", lambda: (lambda i, k: 2 * ((k[0] - 1) // 2) * i[1]
                         + 2 * ((k[1] - 1) // 2) * i[0]), "corners are counted twice"),
    ("nb03.q3", lambda: (lambda i, k: i[0] * i[1] - (i[0] - k[0] + 1) * (i[1] - k[0] + 1)),
     "as square"),
    ("nb03.q3", lambda: (lambda i, k: 1000), "too large"),
    ("nb03.q3", lambda: 1248, "should be a function border_pixels"),
    ("nb03.q4", lambda: (lambda image, shape: image[np.ix_(
        _reflect_index(image.shape[0], (shape[0] - 1) // 2),
        _reflect_index(image.shape[1], (shape[1] - 1) // 2))]), "'reflect' border"),
    ("nb04.q1", lambda: (lambda image, shape: image), "should be"),
    ("nb04.q2", lambda: (lambda i, k: correlate(i, k[::-1, ::-1], mode="nearest")),
     "flips the kernel"),
    ("nb04.q3", lambda: (lambda s: np.clip(np.rint(s), 0, 255).astype(np.uint8)), "rounded"),
    ("nb04.q3", lambda: (lambda s: np.minimum(s, 255).astype(np.uint8)), "below 0"),
    ("nb04.q4", lambda: (lambda i, k: correlate(i, k, mode="nearest")), "does not flip"),
    ("nb04.q5", lambda: (lambda i, k: correlate(i, k, mode="constant")), "zero padding"),
    ("nb04.q6", lambda: (3, 3), "single pad"),               # the lesson's single pad
    ("nb04.q6", lambda: (True, 3), "True/False"),
    ("nb04.q7", lambda: (518 * 518, 518 * 518 * 49, 49), "padded"),
    ("nb04.q7", lambda: (512 * 512 * 49, 512 * 512 * 49, 49), "once per output pixel"),
    ("nb04.q7", lambda: (512 * 512, 512 * 512 * 9, 9), "7×7"),
    ("nb04.q7", lambda: (512 * 512, 512 * 512, 49), "one product per kernel entry"),
    ("nb04.q7", lambda: (512 * 512, 512 * 512 * 49, 1), "per kernel entry"),
    ("nb04.q8", lambda: (lambda i, k: correlate(i, k, mode="nearest")), "refuses"),
    ("nb04.q8", lambda: (lambda i, k: i.copy()), "unchanged"),
    ("nb05.q1", lambda: loop_vs_opencv_count() + 1, "too large"),
    ("nb05.q1", lambda: int(np.count_nonzero(correlate_loop(crop(), np.full((5, 5), 1 / 25))
                                             != cv2.filter2D(crop(), -1,
                                                             np.full((5, 5), 1 / 25)))),
     "default border"),
    ("nb05.q1", lambda: crop().size - loop_vs_opencv_count(), "agree"),
    ("nb05.q2", lambda: (lambda i, k: np.clip(correlate(i, k, mode="mirror"), 0, 255)
                         .astype(np.uint8)), "rounds"),                     # truncated
    ("nb05.q2", lambda: (lambda i, k: np.clip(np.rint(correlate(i, k, mode="nearest")), 0, 255)
                         .astype(np.uint8)), "'nearest' border"),           # wrong border
    ("nb05.q2", lambda: (lambda i, k: correlate(i, k, mode="mirror")), "fractions"),
    ("nb05.q2", lambda: (lambda i, k: np.rint(correlate(i, k, mode="mirror"))), "uint8"),
    ("nb05.q2", lambda: (lambda i, k: np.rint(correlate(i, k, mode="mirror")).astype(np.uint8)),
     "wrapped around"),                                                     # not clipped
    ("nb05.q2", lambda: (lambda i, k: np.clip(np.rint(convolve(i, k, mode="mirror")), 0, 255)
                         .astype(np.uint8)), "convolution"),
    ("nb05.q2", lambda: (lambda i, k: cv2.filter2D(i, -1, k)), "refuses"),
    ("nb05.q2", lambda: np.clip(np.rint(correlate(crop(), KERNEL_BANK["small_blur"],
                                                  mode="mirror")), 0, 255).astype(np.uint8),
     "should be a function filter2d_default"),
    ("nb05.q3", lambda: sobel_negatives("mirror", at_most=True), "exactly 0"),
    ("nb05.q3", lambda: sobel_negatives("nearest"), "BORDER_REFLECT_101"),
    ("nb06.q1", lambda: {"small_blur", "large_blur", "sharpen", "emboss"}, "bank"),
    ("nb06.q1", lambda: "gauss_3", "not one string"),
    ("nb06.q1", lambda: {"gauss_3", "motion_5", "shift_right", "brighten"},
     "misses 1 and has 1 that does not belong"),
    ("nb06.q2", lambda: (lambda i: np.hypot(*(np.clip(correlate(i, KERNEL_BANK[k], mode="mirror"),
                                                      0, 255) for k in ("sobel_x", "sobel_y")))),
     "clipped to 0-255"),
    ("nb06.q2", lambda: (lambda i: sum(np.abs(correlate(i, KERNEL_BANK[k], mode="mirror"))
                                       for k in ("sobel_x", "sobel_y"))), "|gx| + |gy|"),
    ("nb06.q2", lambda: (lambda i: np.hypot(correlate(i, KERNEL_BANK["sobel_x"]),
                                            correlate(i, KERNEL_BANK["sobel_y"]))), "'mirror'"),
    ("nb06.q2", lambda: (lambda i: correlate(i, KERNEL_BANK["sobel_x"], mode="mirror") ** 2
                         + correlate(i, KERNEL_BANK["sobel_y"], mode="mirror") ** 2),
     "without the square root"),
    ("nb06.q2", lambda: np.hypot(correlate(astronaut(), KERNEL_BANK["sobel_x"], mode="mirror"),
                                 correlate(astronaut(), KERNEL_BANK["sobel_y"], mode="mirror")),
     "should be a function gradient_magnitude"),
    ("nb06.q3", lambda: blur_variance(3), "3×3 box"),
    ("nb06.q3", lambda: float(round(blur_variance(5))), "decimals"),
    ("nb06.q3", lambda: blur_variance(5) + 3, "too large"),
    ("nb06.q4", lambda: np.clip(correlate(astronaut(), relief_kernel(), mode="mirror") + 128,
                                0, 255), "uint8"),
    ("nb06.q4", lambda: np.clip(correlate(astronaut(), KERNEL_BANK["emboss"], mode="mirror"),
                                0, 255).astype(np.uint8), "the whole emboss"),
    ("nb06.q4", lambda: np.clip(correlate(camera(), relief_kernel()) + 128, 0, 255)
     .astype(np.uint8), "camera"),
    ("nb06.q5", lambda: opencv_wrap(flip=False), "a correlation"),
    ("nb06.q5", lambda: opencv_wrap(pad=(1, 1)), "wrap is too narrow"),
    ("nb06.q5", lambda: opencv_wrap(cut=False), "still holds the padding"),
    ("nb06.q5", lambda: opencv_wrap(ddepth=-1, as_float=False), "returns uint8"),
    ("nb06.q5", lambda: (lambda i, k: cv2.filter2D(i.astype(float), cv2.CV_64F, k[::-1, ::-1])),
     "wrap around"),
    ("nb06.q5", lambda: (lambda i, k: convolve(i, k, mode="wrap")), "refuses"),
    ("nb06.q5", lambda: convolve(astronaut(), KERNEL_BANK["emboss"], mode="wrap"),
     "should be a function convolve_wrap"),
    ("nb06.q6", lambda: np.array([[2.0, 1, 0], [1, 0, -1], [0, -1, -2]]), "other diagonal"),
    ("nb06.q6", lambda: KERNEL_BANK["sobel_x"], "not near 45°"),
    ("nb06.q6", lambda: np.array([[-1.0, -1, 2], [-1, 2, -1], [2, -1, -1]]),
     "not direction-selective"),
    ("nb06.q7", lambda: gaussian_with(divide=lambda k, s: 1), "add up to 14.07"),
    ("nb06.q7", lambda: gaussian_with(divide=lambda k, s: 2 * np.pi * s**2), "add up to 0.99"),
    ("nb06.q7", lambda: gaussian_with(bell=lambda x, s: np.exp(-x**2 / (2 * s))),
     "where the variance belongs"),
    ("nb06.q7", lambda: gaussian_with(bell=lambda x, s: np.exp(-x**2 / (2 * s**4))), "2σ⁴"),
    ("nb06.q7", lambda: gaussian_with(bell=lambda x, s: np.exp(-x**2 / s**2)), "too narrow"),
    ("nb06.q7", lambda: gaussian_with(bell=lambda x, s: np.exp(-x**2 / (2 * s)**2)), "too wide"),
    ("nb06.q7", lambda: gaussian_with(bell=lambda x, s: np.exp(-x**2 / 2 * s**2)),
     "in parentheses"),
    ("nb06.q7", lambda: gaussian_with(bell=lambda x, s: np.exp(-x**2 / (3 * s**2))),
     "spread sigma ≈"),
    ("nb06.q7", lambda: gaussian_with(even=None), "even size has no centre pixel"),
    ("nb06.q7", lambda: gaussian_with(even=AssertionError), "AssertionError: size must be odd"),
    ("nb06.q7", lambda: gaussian_with(combine=lambda g, h: g), "1-D profile"),
    ("nb06.q7", lambda: gaussian_with(combine=lambda g, h: g * h), "squared entry by entry"),
    ("nb06.q7", lambda: gaussian_with(combine=np.dot, divide=lambda k, s: 1), "one number"),
    ("nb06.q7", lambda: gaussian_with(combine=lambda g, h: np.tile(g, (g.size, 1))),
     "one axis only"),
    ("nb06.q7", lambda: gaussian_with(offsets=lambda n: np.arange(-n, n + 1)), "radius"),
    ("nb06.q7", lambda: gaussian_with(offsets=lambda n: np.arange(-n // 2, n // 2)),
     "not symmetric about its centre pixel"),
    ("nb06.q7", lambda: gaussian_with(offsets=lambda n: np.arange(n) - n / 2),
     "not symmetric about its centre pixel"),
    ("nb06.q7", lambda: gaussian_with(offsets=lambda n: np.arange(-(n // 2), n // 2 + 2)),
     "one offset too many"),
    ("nb06.q7", lambda: lambda size, sigma: np.ones((size, size)) / size**2, "is a box"),
    ("nb06.q7", lambda: cv2.getGaussianKernel, "getGaussianKernel"),
    ("nb06.q7", lambda: lambda size, sigma: 1 / (size - 9), "ZeroDivisionError: division by zero"),
    ("nb07.q6", lambda: 113, "rounded up"),
    ("nb07.q6", lambda: 114, "too large"),
    ("nb07.q7", lambda: 16 * 3 * 5 * 5, "one bias"),                      # biases forgotten
    ("nb07.q8", lambda: np.zeros((3, 3)), "shape"),
    ("nb07.q1", lambda: lambda x, w, b, s, p: nb07_conv2d(x, w, None, s, p), "no bias"),
    ("nb07.q1", lambda: nb07_conv2d, "package's conv2d"),
    ("nb07.q2", lambda: lambda a, s, st=None, p=0: nb07_max_pool(a, s, stride=1, padding=p),
     "overlap"),
    ("nb07.q3", lambda: lambda C_in, H, W, C_out, K, s=1, p=0: (
        C_out * C_in * K * K * ((H + 2 * p - K) // s + 1) * ((W + 2 * p - K) // s + 1),
        C_out * ((H + 2 * p - K) // s + 1) * ((W + 2 * p - K) // s + 1),
        C_out * C_in * K * K), "one bias"),                                # biases forgotten
    ("nb07.q4", lambda: lambda x, y, K, eta: K + eta * kernel_gradient(x, y, K), "uphill"),
    ("nb07.q5", lambda: nb07_conv_backward, "package's conv_backward"),
    ("nb07.q5", lambda: lambda x, w, b, g, s, p: nb07_conv_backward(x, w[..., ::-1, ::-1], b,
                                                                    g, s, p), "180°"),
    ("nb07.q8", lambda: compose_kernels(FIRST, SECOND)[::-1, ::-1], "180°"),
    ("nb07.q8", lambda: correlate2d(FIRST, SECOND), "correlating"),
    ("nb07.q8", lambda: correlate2d(SECOND, FIRST), "correlating"),
    ("nb07.q8", lambda: compose_kernels(FIRST, SECOND) + np.eye(5), "differs"),
    ("nb08.q1", lambda: 441, "M·N"),
    ("nb08.q2", lambda: 177205.0, "function"),                            # a number is not enough
    ("nb08.q2", lambda: box_sum, "box_sum"),                              # the package's own
    ("nb08.q2", lambda: rect_sum_exclusive, "off by one at the bottom and at the right"),
    ("nb08.q2", lambda: rect_sum_inclusive_table, "included row i and column j"),
    ("nb08.q2", lambda: rect_sum_no_corner, "not added back"),
    ("nb08.q2", lambda: lambda S, top, left, bottom, right: S[bottom + 2, right + 1],
     "raised IndexError"),
    ("nb08.q3", lambda: factors_without_rank_test, "not separable"),
    ("nb08.q3", lambda: lambda kernel: None, "returned None for sobel_y"),
    ("nb08.q3", lambda: factors_swapped, "sobel_y"),
    ("nb08.q3", lambda: ([1, 2, 1], [-1, 0, 1]), "function"),
    ("nb08.q3", lambda: separable_factors, "separable_factors"),          # the package's own
    ("nb08.q4", lambda: lambda sizes, slow, fast: next(           # the first win
        (s for s, a, b in sorted(zip(sizes, slow, fast, strict=True)) if b < a), None),
     "first size where"),
    ("nb08.q4", lambda: 7, "function"),
]


def _secrets(name: str) -> list[str]:
    """Ways the right answer could be printed in a message."""
    right = solve(name)
    if callable(right):
        return [str(right(shape)) for shape in [(3, 3), (5, 3), (3, 5)]] \
            if name == "nb01.q3" else []
    if isinstance(right, (set, frozenset)):
        return sorted(right)
    if isinstance(right, tuple):
        return [str(right)] + [str(v) for v in right]
    array = np.asarray(right)
    if array.ndim == 0:
        return [str(right)]
    if array.size > 49:
        return []
    return [str(array), str(array.tolist()), np.array2string(array, precision=1)]


@pytest.mark.parametrize("name, make_wrong, said", DIAGNOSES,
                         ids=[f"{name}-{said}" for name, _, said in DIAGNOSES])
def test_a_mistake_is_named_without_giving_the_answer(name, make_wrong, said):
    result = EXERCISES[name].check(make_wrong())
    if "which this exercise refuses" in result.message and said not in result.message:
        # built with a function the exercise forbids, for brevity: the guard refuses it
        # first (test_checks_guard.py), the diagnosis behind it shows with the guard off
        result = check_unguarded(EXERCISES[name], make_wrong())
    assert not result.ok and repr(result).startswith("Not yet: ")
    assert said in result.message, result.message
    for secret in _secrets(name):
        assert secret not in result.message


def test_every_exercise_has_a_diagnosis():
    assert {name for name, _, _ in DIAGNOSES} == set(EXERCISES)


# --- the facts the exercises rest on, computed independently of the checks -------------

def test_the_right_answers_are_what_the_notebooks_teach():
    assert solve("nb01.q1")(REGION) == 85  # the prompt's region: 772 / 9 = 85.78, truncated
    assert solve("nb01.q2").dtype == np.float64  # uint8 region × float kernel is float
    centre = solve("nb01.q3")                    # any pair of ints will do, an array too
    assert EXERCISES["nb01.q3"].check(lambda shape: None if centre(shape) is None
                                      else np.array(centre(shape))).ok
    assert solve("nb03.q1")((512, 512), (21, 21)) == (492, 492)   # the prompt's case
    assert nb03.q1.check(lambda i, k: np.array(i) - k + 1).ok             # an array will do
    assert nb03.q1.check(lambda i, k: [i[0] - k[0] + 1, i[1] - k[1] + 1]).ok   # a list too
    np.testing.assert_array_equal(solve("nb03.q2"), np.pad([5, 9, 2, 7, 3], 2, mode="reflect"))
    assert solve("nb03.q3")((120, 80), (5, 9)) == 120 * 80 - (120 - 4) * (80 - 8)
    assert solve("nb02.q2") == {"gaussian", "diagonal", "ridge"}
    image = np.random.default_rng(0).normal(size=(16, 16))  # measured, not by symmetry
    assert solve("nb02.q2") == {name for name, k in NB02_KERNELS.items()
                                if np.allclose(correlate(image, k), convolve(image, k))}
    image = np.random.default_rng(1).normal(size=(9, 9))
    np.testing.assert_allclose(correlate(image, solve("nb02.q1")),
                               convolve(image, NB02_Q1_KERNEL))
    # the combined kernel: scipy's full convolution, and the two steps on a photo crop
    np.testing.assert_allclose(solve("nb02.q3"), COMBINED)
    part = camera()[:40, :50].astype(float)
    two_steps = convolve(convolve(part, KERNEL_BANK["sobel_y"], mode="wrap"), NB02_Q3_KERNEL,
                         mode="wrap")
    np.testing.assert_allclose(convolve(part, solve("nb02.q3"), mode="wrap"), two_steps,
                               atol=1e-9)


def test_the_size_of_the_combined_kernel_is_not_given_away(capsys):
    size = str(solve("nb02.q3").shape[0])  # 3 + 5 - 1
    message = nb02.q3.check(np.zeros((5, 5))).message
    for _ in nb02.q3.hints:
        nb02.q3.hint()
    assert size not in message + capsys.readouterr().out


def test_no_hint_holds_a_line_of_its_solution():
    for name, exercise in EXERCISES.items():
        code = [line.split("=", 1)[-1].strip() for line in exercise.solution_text.splitlines()
                if "=" in line and not line.lstrip().startswith("#")]
        assert not any(len(line) > 8 and line in hint for line in code
                       for hint in exercise.hints), name
    for word in ("np.clip", "astype", "copyMakeBorder", "hypot", ".var()", "[::-1"):
        assert not any(word in hint for q in (nb06.q1, nb06.q2, nb06.q3, nb06.q4, nb06.q5)
                       for hint in q.hints)


def test_nb04_q7_counts_what_the_loop_and_the_vectorised_version_do():
    (height, width), kernel_shape = NB04_COST_CASE
    assert (height, width) == camera().shape and kernel_shape == KERNEL_BANK["small_blur"].shape
    rows = []  # the loop reports each output row: one trip per pixel of that row
    image = camera()[:12, :20]
    correlate_loop(image, KERNEL_BANK["small_blur"], progress=lambda done, total: rows.append(done))
    assert rows == list(range(1, 13))
    assert nb04.q7.check(solve("nb04.q7")).ok


def test_nb05_exercises_rest_on_real_differences():
    assert loop_vs_opencv_count() > 1000  # about half the pixels: truncation vs rounding
    float_opencv = cv2.filter2D(camera().astype(np.float64), cv2.CV_64F, KERNEL_BANK["sobel_y"])
    assert int((float_opencv < 0).sum()) == sobel_negatives("mirror")  # OpenCV's own border
    assert int((cv2.filter2D(camera(), -1, KERNEL_BANK["sobel_y"]) == 0).sum()) \
        >= sobel_negatives("mirror")
    assert sobel_negatives("nearest") != sobel_negatives("mirror")  # the border matters here
    assert nb05.q3.check(sobel_negatives("mirror")).ok


def test_nb06_kernels_and_variance_are_real_traps():
    keep = {name for name, K in NB06_Q1_KERNELS.items() if abs(K.sum() - 1) < 1e-9}
    assert keep and keep != set(NB06_Q1_KERNELS)        # some keep brightness, some do not
    assert not set(NB06_Q1_KERNELS) & set(KERNEL_BANK)  # none of them is in the bank
    variance = blur_variance(5)
    assert nb06.q3.check(round(variance, 1)).ok         # the value as the notebook prints it
    assert 0.05 < abs(round(variance) - variance) <= 0.5


def test_nb07_and_nb08_traps_are_real():
    expected = convolve2d(FIRST, SECOND)                     # scipy: the composed kernel
    assert not np.allclose(expected, expected[::-1, ::-1])   # the pair must be asymmetric
    for wrong in (correlate2d(FIRST, SECOND), correlate2d(SECOND, FIRST)):
        assert not np.allclose(wrong, expected)
    assert EXERCISES["nb07.q8"].check(convolve2d(FIRST, SECOND)).ok   # composition commutes
    assert separable_factors(KERNEL_BANK["emboss"]) is None  # the package's own would pass
