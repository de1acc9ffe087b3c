"""A learner's wrong answers to every exercise of notebooks 06 and 08, tried in one go
(issue 20: "no wrong answer is accepted; at least 85% are told what is off").

Modelled on test_checks_learner_tally.py (notebooks 01-05), with its GENERIC messages, plus
the catch-all nudges of these two notebooks' checks that name no mistake ("np.outer(col,
row) is not the kernel", "which rows and columns of the table bound the rectangle?", "is
the second method strictly faster there ...?"). Each answer is what a learner might hand in:
a slip of the idea (the standard deviation for the variance, the first win for the
crossover), of NumPy (uint8 wrapping, == on floats, u[0] for u[:, 0]), or of the lesson
(the default border, a correlation for a convolution).
"""

from __future__ import annotations

import re

import cv2
import numpy as np
from test_checks_learner_tally import assert_tally, print_tally, tally_of

from course_utils import KERNEL_BANK, convolve, correlate, load_image
from course_utils.checks import NB06_Q1_KERNELS, nb06, nb08

#: The catch-all refusals of nb06 and nb08 that name no mistake.
GENERIC_0608 = re.compile(
    r"(np\.outer\(col, row\) is not the kernel\.$|which rows and columns of the table bound "
    r"the rectangle\?|is the second method strictly faster there)")

SOBEL_X, SOBEL_Y, LAPLACIAN, EMBOSS = (KERNEL_BANK[n] for n in
                                       ("sobel_x", "sobel_y", "laplacian", "emboss"))
RELIEF = EMBOSS - np.pad([[1.0]], 1)


def _names(keep):
    return {name for name, K in NB06_Q1_KERNELS.items() if keep(K)}


def _magnitude(combine=np.hypot, mode="mirror", kx=SOBEL_X, ky=SOBEL_Y):
    """A gradient_magnitude(image) with one slip."""
    def gradient_magnitude(image):
        return combine(correlate(image, kx, mode=mode), correlate(image, ky, mode=mode))
    return gradient_magnitude


def _variance(size=5, mode="reflect", ones=False, stat=np.var, laplacian=True):
    camera = load_image("camera")
    box = np.ones((size, size)) if ones else np.full((size, size), 1 / size**2)
    blurred = correlate(camera, box, mode=mode)
    return float(stat(correlate(blurred, LAPLACIAN, mode=mode) if laplacian else blurred))


def _relief(kernel=RELIEF, offset=128, mode="mirror", filt=correlate, photo="astronaut"):
    response = filt(load_image(photo, gray=True), kernel, mode=mode)
    return np.clip(response + offset, 0, 255).astype(np.uint8)


#: Both axes reversed: the flip of a true convolution.
BOTH_AXES = (slice(None, None, -1), slice(None, None, -1))


def _wrap(flip=BOTH_AXES, pad=None, border=cv2.BORDER_WRAP,
          depth=cv2.CV_64F, crop=True, start_only=False):
    """A convolve_wrap(image, kernel) with one slip."""
    def convolve_wrap(image, kernel):
        py, px = pad if pad else ((kernel.shape[0] - 1) // 2, (kernel.shape[1] - 1) // 2)
        source = image if depth == -1 else image.astype(np.float64)
        padded = cv2.copyMakeBorder(source, py, py, px, px, border)
        full = cv2.filter2D(padded, depth, np.ascontiguousarray(kernel[flip]))
        if not crop:
            return full
        if start_only:
            return full[py:, px:]
        return full[py:py + image.shape[0], px:px + image.shape[1]]
    return convolve_wrap


def _gaussian(offsets=lambda size: np.arange(size) - size // 2,
              profile=lambda x, s: np.exp(-x**2 / (2 * s**2)), normalise=True, even=True,
              outer=np.outer):
    """A gaussian_kernel(size, sigma) with one slip."""
    def gaussian_kernel(size, sigma):
        if even and size % 2 == 0:
            raise ValueError(f"size must be odd, got {size}")
        g = profile(offsets(size), sigma)
        kernel = outer(g, g)
        return kernel / kernel.sum() if normalise else kernel
    return gaussian_kernel


def _rect(formula):
    return lambda S, t, left, b, r: formula(S, t, left, b, r)


def _factors(split, rank=lambda s: len(s) > 1 and s[1] > 1e-10 * s[0]):
    """A factors(kernel) with one slip, from the SVD."""
    def factors(kernel):
        u, s, vt = np.linalg.svd(kernel)
        if rank(s):
            return None
        return split(u, s, vt)
    return factors


def _crossover(sort=True, tie_wins=False, first=False):
    """A find_crossover(sizes, slow, fast) with one slip."""
    def find_crossover(sizes, slow, fast):
        runs = list(zip(sizes, slow, fast, strict=True))
        if sort:
            runs.sort()
        if first:
            return next((size for size, a, b in runs if b < a), None)
        crossover = None
        for size, a, b in reversed(runs):
            if b > a or (b == a and not tie_wins):
                break
            crossover = size
        return crossover
    return find_crossover


def wrong_answers():
    """{exercise: [wrong answers]} for notebooks 06 and 08."""
    astronaut = load_image("astronaut", gray=True)
    response = correlate(astronaut, RELIEF, mode="mirror")
    return {
        "nb06.q1": [_names(lambda K: K.sum() == 1), _names(lambda K: K.sum() > 0),
                    _names(lambda K: round(K.sum()) == 1), _names(lambda K: (K >= 0).all()),
                    _names(lambda K: np.isclose(np.abs(K).sum(), 1)),
                    _names(lambda K: np.isclose(K.sum(), 0)), {"gauss_3", "motion_5"},
                    {"small_blur", "sharpen", "emboss", "large_blur"}, set(NB06_Q1_KERNELS)],
        "nb06.q2": [_magnitude(lambda a, b: np.abs(a) + np.abs(b)),
                    _magnitude(lambda a, b: a**2 + b**2), _magnitude(lambda a, b: np.abs(a)),
                    lambda i: np.hypot(cv2.filter2D(i, -1, SOBEL_X), cv2.filter2D(i, -1, SOBEL_Y)),
                    _magnitude(mode="reflect"), _magnitude(mode="nearest"),
                    _magnitude(ky=SOBEL_X), _magnitude(lambda a, b: np.hypot(a, b) / 2),
                    lambda i: (m := _magnitude()(i)) / m.max() * 255,
                    lambda i: np.clip(_magnitude()(i), 0, 255).astype(np.uint8),
                    lambda i: np.hypot(*np.gradient(np.asarray(i, dtype=float)))],
        "nb06.q3": [round(_variance(mode="mirror"), 1),
                    round(_variance(size=7), 1), round(_variance(size=3), 1),
                    round(_variance(size=1), 1), float(round(_variance())),
                    round(_variance(stat=np.std), 1), round(_variance(laplacian=False), 1),
                    round(_variance(ones=True), 1), round(_variance(stat=np.mean), 1)],
        "nb06.q4": [_relief(offset=127), ((response + 128) % 256).astype(np.uint8),
                    _relief(offset=0), _relief(kernel=EMBOSS), _relief(kernel=EMBOSS, offset=0),
                    _relief(mode="reflect"), _relief(photo="camera"),
                    np.clip(response + 128, 0, 255), _relief(kernel=EMBOSS - 1),
                    _relief(filt=convolve), (response + 128).astype(np.uint8)],
        "nb06.q5": [_wrap(flip=(slice(None), slice(None))), _wrap(flip=(slice(None, None, -1),)),
                    _wrap(depth=-1), _wrap(crop=False), _wrap(pad=(1, 1)),
                    _wrap(border=cv2.BORDER_REFLECT_101), _wrap(border=cv2.BORDER_REFLECT),
                    lambda i, k: _wrap()(i, k).astype(np.float32), _wrap(start_only=True),
                    _wrap(flip=(slice(None), slice(None, None, -1)))],
        "nb06.q6": [SOBEL_X, np.fliplr(nb06_solution()), LAPLACIAN, SOBEL_X + SOBEL_Y,
                    np.array([[1.0, 0], [0, -1]]), np.zeros((3, 3)),
                    np.array([[0.0, 1, 2], [-1, 1, 1], [-2, -1, 0]]),
                    np.rot90(nb06_solution()), np.array([[1.0, 1, 2], [-1, 0, 1], [-2, -1, -1]]),
                    SOBEL_Y],
        "nb06.q7": [_gaussian(profile=lambda x, s: np.exp(-x**2 / (2 * s))),
                    _gaussian(normalise=False), _gaussian(outer=lambda a, b: a),
                    _gaussian(offsets=lambda size: np.arange(-size, size + 1)),
                    _gaussian(even=False),
                    _gaussian(offsets=lambda size: np.arange(size) - size / 2),
                    _gaussian(profile=lambda x, s: np.exp(-x**2 / 2 * s**2)),
                    _gaussian(offsets=lambda size: np.arange(-size // 2, size // 2)),
                    _gaussian(outer=np.dot),
                    _gaussian(offsets=lambda size: np.linspace(-1, 1, size)),
                    lambda size, sigma: np.full((size, size), 1 / size**2),
                    _gaussian(profile=lambda x, s: np.exp(-x**2 / (2 * s**4))),
                    _gaussian(profile=lambda x, s: np.exp(-x**2 / (2 * s**2)) / (2 * np.pi * s**2),
                              normalise=False)],
        "nb08.q1": [441, 21, 40, 882, 1, 84, 2, 43, 20],
        "nb08.q2": [_rect(lambda S, t, c, b, r: S[b, r] - S[t, r] - S[b, c] + S[t, c]),
                    _rect(lambda S, t, c, b, r: S[b + 1, r] - S[t, r] - S[b + 1, c] + S[t, c]),
                    _rect(lambda S, t, c, b, r: S[b + 1, r + 1] - S[t, r + 1] - S[b + 1, c]),
                    _rect(lambda S, t, c, b, r: S[b + 1, r + 1] + S[t, r + 1] - S[b + 1, c]
                          - S[t, c]),
                    _rect(lambda S, t, c, b, r: S[b + 1, r + 1] - S[t - 1, r + 1]
                          - S[b + 1, c - 1] + S[t - 1, c - 1]),
                    _rect(lambda S, t, c, b, r: S[b + 1, r + 1]),
                    _rect(lambda S, t, c, b, r: S[t:b + 1, c:r + 1].sum()),
                    _rect(lambda S, t, c, b, r: S[b + 1, r + 1] - S[t + 1, r + 1]
                          - S[b + 1, c + 1] + S[t + 1, c + 1]),
                    _rect(lambda S, t, c, b, r: S[r + 1, b + 1] - S[r + 1, t] - S[c, b + 1]
                          + S[c, t])],
        "nb08.q3": [lambda k: (k[:, 0], k[0] / k[0, 0]),
                    _factors(lambda u, s, vt: (u[:, 0], vt[0])),
                    _factors(lambda u, s, vt: (vt[0], u[:, 0] * s[0])),
                    _factors(lambda u, s, vt: (u[0] * s[0], vt[0])),
                    _factors(lambda u, s, vt: (u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0]))),
                    _factors(lambda u, s, vt: (u[:, 0] * s[0], vt[0]),
                             rank=lambda s: len(s) > 1 and s[1] != 0),
                    _factors(lambda u, s, vt: (u[:, 0] * s[0], vt[0]),
                             rank=lambda s: len(s) > 1 and s[1] > 0.1 * s[0]),
                    _factors(lambda u, s, vt: (u[:, 0] * s[0], vt[:, 0])),
                    lambda k: None if np.linalg.det(k) != 0 else _factors(
                        lambda u, s, vt: (u[:, 0] * s[0], vt[0]))(k)],
        "nb08.q4": [_crossover(first=True), _crossover(sort=False), _crossover(tie_wins=True),
                    lambda sizes, slow, fast: max(sizes) if fast[-1] < slow[-1] else None,
                    lambda sizes, slow, fast: sizes[int(np.argmax(np.array(slow) > fast))],
                    _crossover(sort=False, first=True),
                    lambda sizes, slow, fast: _crossover()(list(range(len(sizes))), slow, fast)],
    }


def nb06_solution():
    """A 45° edge kernel (the one the worked solution gives)."""
    return np.array([[0.0, 1, 2], [-1, 0, 1], [-2, -1, 0]])


def tally():
    modules = {"nb06": nb06, "nb08": nb08}
    return tally_of(lambda name: getattr(modules[name[:4]], name[5:]), wrong_answers(),
                    GENERIC_0608)


def test_no_wrong_answer_is_accepted_and_at_least_85_percent_are_named():
    rows = tally()
    assert_tally(rows, least=100)
    every = {f"{m}.{q}" for m, module in (("nb06", nb06), ("nb08", nb08)) for q in vars(module)
             if isinstance(getattr(module, q), type(nb06.q1))}
    assert set(rows) == every     # every exercise of the two notebooks is tried


if __name__ == "__main__":      # the per-exercise numbers: python tests/test_..._0608.py
    print_tally(tally())
