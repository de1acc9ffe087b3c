"""Exercises of notebook 02 (convolution vs cross-correlation): the kernel that turns
correlate into convolve, the kernels for which the two agree, a combined kernel, and a
function that rotates a kernel by 180°."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..filtering import convolve, correlate
from ..i18n import N_, tr, translate
from ..images import load_image
from ..kernels import KERNEL_BANK
from .compare import (
    call_learner,
    changed_inputs,
    compare_arrays,
    compare_names,
    not_own_function,
    read_array,
    read_names,
    read_whole_numbers,
    returned_none,
)
from .framework import CheckResult, Exercise
from .guard import FLIPS, Forbid
from .mistakes import rotation_mistake

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "match_scene", "ncc_scene", "ncc_reference",
           "NB02_Q1_KERNEL", "NB02_KERNELS", "NB02_Q3_KERNEL", "NB02_Q4_SHAPES",
           "NB02_Q6_CASES"]

#: The kernel S of exercise q1: no symmetry at all (not even S.T == -S), so every slip of
#: the rotation gives a different kernel and is named.
NB02_Q1_KERNEL = np.array([[0, 1, 3], [-1, 2, 4], [-3, -2, 5]], dtype=float)

#: The kernels of exercise q2 (not the bank's: the notebook measured those).
NB02_KERNELS = {
    "gaussian": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
    "prewitt_y": np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]], dtype=float),
    "diagonal": np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]) / 3,
    "shift": np.array([[0, 0, 0], [1, 0, 0], [0, 0, 0]], dtype=float),
    "ridge": np.array([[0, 1, 2], [1, 2, 1], [2, 1, 0]]) / 10,
    # equal to its transpose but not to its 180° rotation: the test k == k.T is wrong
    "corner": np.array([[4, 2, 1], [2, 1, 0], [1, 0, 0]]) / 11,
}

#: The kernel shapes exercise q4 tries the learner's function on (non-square first, so
#: that a transpose shows in the shape; even sizes too: a flip needs no centre).
NB02_Q4_SHAPES = ((3, 5), (5, 3), (3, 3), (1, 4), (2, 2))

#: The second kernel of exercise q3: a 5×5 motion trail towards the bottom left (no
#: symmetry, and bigger than the first kernel, so the combined size must be worked out).
NB02_Q3_KERNEL = np.array([[0, 0, 0, 0, 0],
                           [0, 0, 0, 0, 0],
                           [0, 0, 3, 0, 0],
                           [0, 2, 0, 0, 0],
                           [1, 0, 0, 0, 0]]) / 6


def _check_q1(answer) -> CheckResult:
    kernel, what = NB02_Q1_KERNEL, tr("your kernel")
    given = read_array(answer, what)
    if given.shape == kernel.shape and np.array_equal(given, kernel):
        return CheckResult(False, tr("that is S itself: correlate would then compute the "
                                     "correlation, not the convolution."))
    mistake = rotation_mistake(given, kernel)
    if mistake:
        return CheckResult(False, tr("your K is S {mistake}.", mistake=mistake))
    return compare_arrays(given, kernel[::-1, ::-1], what)


def _names_where(test) -> set[str]:
    return {name for name, kernel in NB02_KERNELS.items() if test(kernel)}


def _check_q2(answer) -> CheckResult:
    image = load_image("camera")[:64, :64]
    expected = [name for name, kernel in NB02_KERNELS.items()
                if np.allclose(correlate(image, kernel), convolve(image, kernel))]
    what = tr("your set of kernel names")
    result = compare_names(answer, expected, what)
    if result.ok:
        return result
    given = read_names(answer, what)
    mistakes = [
        (lambda k: np.array_equal(k, k.T),
         N_("these are the kernels equal to their transpose (k == k.T). A transpose swaps "
            "rows and columns; convolve rotates by 180°, which is not the same.")),
        (lambda k: np.array_equal(k, k[:, ::-1]),
         N_("these are the kernels symmetric left to right. Convolve flips top to bottom as "
            "well: test the 180° rotation.")),
        (lambda k: np.array_equal(k, k[::-1]),
         N_("these are the kernels symmetric top to bottom. Convolve flips left to right as "
            "well: test the 180° rotation.")),
        (lambda k: np.array_equal(k, k[::-1]) and np.array_equal(k, k[:, ::-1]),
         N_("these are the kernels symmetric both ways. That is more than needed: a kernel "
            "can come back unchanged from a 180° rotation without either mirror symmetry.")),
    ]
    for test, message in mistakes:
        if given == _names_where(test):
            return CheckResult(False, translate(message))
    if given == set(NB02_KERNELS):
        return CheckResult(False, tr("not every kernel: correlate and convolve agree only for "
                                     "a kernel that a 180° rotation leaves unchanged. Rotate "
                                     "each one and compare."))
    return result


def _full_convolution(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The kernel of convolving with ``first`` then ``second``, as the two steps stamp it
    on an impulse (notebook 02)."""
    reach = tuple((a - 1) // 2 + (b - 1) // 2 for a, b in zip(first.shape, second.shape,
                                                              strict=True))
    impulse = np.zeros(tuple(4 * r + 1 for r in reach))
    impulse[tuple(2 * r for r in reach)] = 1
    stamped = convolve(convolve(impulse, first, mode="constant"), second, mode="constant")
    return stamped[reach[0]:3 * reach[0] + 1, reach[1]:3 * reach[1] + 1]


def _check_q3(answer) -> CheckResult:
    first, second = KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL
    what = tr("your combined kernel")
    expected = _full_convolution(first, second)
    given = read_array(answer, what)
    if given.shape != expected.shape:
        return CheckResult(False, tr("{what} has shape {shape}, which is not the right size: "
                                     "the combined kernel must reach as far from its centre "
                                     "as the two kernels together.", what=what,
                                     shape=given.shape))
    if compare_arrays(given, expected, what).ok:  # its tolerance, not np.allclose's relative one
        return CheckResult(True, tr("{what} is right.", what=what))
    if np.allclose(given, expected[::-1, ::-1]):
        return CheckResult(False, tr("that is the combined kernel rotated by 180°: the two "
                                     "steps use convolve, not correlate."))
    correlated = (_full_convolution(first, second[::-1, ::-1]),  # correlating the two,
                  _full_convolution(second, first[::-1, ::-1]))  # in either order
    if any(np.allclose(given, c) for c in correlated):
        return CheckResult(False, tr("you combined the kernels by correlating them; combining "
                                     "needs the convolution (flips included)."))
    scale = float(np.sum(given * expected) / np.sum(expected * expected))
    if abs(scale) > 1e-9 and not np.isclose(scale, 1) and np.allclose(given, scale * expected):
        return CheckResult(False, tr("{what} is {scale:.3g} times the right one: the shape is "
                                     "right, the scale is not (T is printed times 6).",
                                     what=what, scale=scale))
    return compare_arrays(given, expected, what)


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, N_("a function rotate180(kernel)"))
    rng = np.random.default_rng(1302)
    for shape in NB02_Q4_SHAPES:
        kernel = rng.integers(-9, 10, size=shape).astype(float)
        while len(np.unique(kernel)) < kernel.size:  # distinct entries: every slip shows
            kernel = rng.integers(-9, 10, size=shape).astype(float)
        passed = kernel.copy()
        where = tr("a {rows}×{cols} kernel", rows=shape[0], cols=shape[1])
        got = call_learner(answer, passed, where=where)
        changed = changed_inputs([passed], [kernel], N_("the kernel"), where)
        if changed is not None:
            return changed
        what = tr("your rotated kernel for {where}", where=where)
        given = read_array(got, what)
        if given.shape == kernel.shape and np.array_equal(given, kernel[::-1, ::-1]):
            continue
        mistake = rotation_mistake(given, kernel)
        if mistake:
            return CheckResult(False, tr("{mistake} (for {where}).", mistake=mistake,
                                         where=where))
        return compare_arrays(given, kernel[::-1, ::-1], what)
    return CheckResult(True, tr("your function rotates all {count} kernels tried by 180°, "
                                "non-square and even ones included.",
                                count=len(NB02_Q4_SHAPES)))


def match_scene(seed: int):
    """A scene for exercise q5: dark noise that brightens from left to right, holding a
    5×5 pattern of 0s and 1s and, elsewhere, the pattern rotated by 180°; returns
    ``(scene, pattern, where, rotated_at)``, the places as (row, col) of the centres.

    Examples
    --------
    >>> scene, pattern, where, rotated_at = match_scene(0)
    >>> scene.shape, pattern.shape, where != rotated_at
    ((40, 50), (5, 5), True)
    """
    rng = np.random.default_rng(1305 + seed)
    while True:
        pattern = (rng.random((5, 5)) < 0.45).astype(float)
        if 8 <= pattern.sum() <= 14 and not np.array_equal(pattern, pattern[::-1, ::-1]) \
                and not np.array_equal(pattern, pattern.T):
            break
    scene = rng.uniform(0, 0.3, size=(40, 50)) + np.linspace(0, 1.5, 50)[None, :]
    while True:  # two places apart from each other and from the edges
        (r1, r2), (c1, c2) = rng.integers(2, 34, size=2), rng.integers(2, 44, size=2)
        if max(abs(r1 - r2), abs(c1 - c2)) > 8:
            break
    r1, r2, c1, c2 = int(r1), int(r2), int(c1), int(c2)
    scene[r1:r1 + 5, c1:c1 + 5] += pattern
    scene[r2:r2 + 5, c2:c2 + 5] += pattern[::-1, ::-1]
    return scene, pattern, (r1 + 2, c1 + 2), (r2 + 2, c2 + 2)


def _peak(response: np.ndarray) -> tuple[int, int]:
    row, col = np.unravel_index(int(np.argmax(response)), response.shape)
    return (int(row), int(col))


def _check_q5(answer) -> CheckResult:
    not_own_function(answer, N_("a function find(image, template)"))
    for seed in range(3):
        scene, pattern, where, _ = match_scene(seed)
        what = tr("your function's answer for scene {number} of 3", number=seed + 1)
        got = call_learner(answer, scene.copy(), pattern.copy(),
                           where=tr("scene {number} of 3 (a 40×50 image, a 5×5 template)",
                                    number=seed + 1))
        if isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_)):
            return CheckResult(False, tr("{what} is one number, a flat index: "
                                         "np.unravel_index turns it into (row, col).",
                                         what=what))
        given = read_whole_numbers(got, 2, what)
        if given == where:
            continue
        centred = pattern - pattern.mean()
        ssd = ((sliding_window_view(scene, pattern.shape) - pattern) ** 2).sum(axis=(2, 3))
        ssd_corner = _peak(-ssd)
        ssd_words = N_("it scores by the sum of squared differences (SSD), smallest where a "
                       "window equals the template: the brightening background adds to every "
                       "difference, so the smallest SSD is not on the pattern. Correlate with "
                       "the zero-mean template instead")
        named = [  # what each mistake finds, computed; the first that fits is named
            (where[::-1], N_("that is (col, row): np.unravel_index gives (row, col)")),
            ((where[0] - 2, where[1] - 2), N_("that is the top-left corner of the match; "
                                              "answer the pixel under the template's centre")),
            ((where[0] + 1, where[1] + 1), N_("that is 1-based: NumPy counts rows and columns "
                                              "from 0")),
            ((where[1] + 1, where[0] + 1), N_("that is (col, row), and 1-based: answer (row, "
                                              "col), counted from 0")),
            ((ssd_corner[0] + 2, ssd_corner[1] + 2), ssd_words),
            (ssd_corner, ssd_words),
            (_peak(convolve(scene, centred)), N_("it found the copy rotated by 180°: convolve "
                                                 "turns the template; matching is a "
                                                 "correlation")),
            (_peak(correlate(scene, pattern)), N_("it found a bright area, not the shape: with "
                                                  "a template of 0s and 1s brightness alone "
                                                  "scores high. Subtract the template's mean "
                                                  "first, so that a flat area scores 0")),
            (_peak(convolve(scene, pattern)), N_("it found a bright area or the rotated copy, "
                                                 "not the shape: subtract the template's "
                                                 "mean, and correlate (convolve turns the "
                                                 "template)")),
        ]
        for place, message in named:
            if given == place:
                return CheckResult(False, tr("{what} is wrong: {mistake}.", what=what,
                                             mistake=translate(message)))
        return CheckResult(False, tr("{what} is not where the template is.", what=what))
    return CheckResult(True, tr("your function finds the template in all 3 scenes, past a "
                                "rotated copy and a brightening background."))


#: The cases exercise q6 tries the learner's NCC on: (image shape, template shape), seeded.
#: Non-square templates (a transposed map shows in its shape), an even template size, a
#: scene under a light gradient with a brightened block, and flat windows (which score 0).
NB02_Q6_CASES = (((9, 12), (3, 5)), ((11, 8), (4, 3)), ((14, 16), (5, 4)),
                 ((12, 13), (3, 3)))


def ncc_scene(case: int):
    """Image and template of exercise q6's case ``case`` (float64, whole grey levels):
    random pixels; case 2 is lit by a gradient and has a brightened block, with the
    template cut from the unlit image; case 3 holds a flat block, where windows score 0.

    Examples
    --------
    >>> image, template = ncc_scene(0)
    >>> image.shape, template.shape
    ((9, 12), (3, 5))
    """
    (height, width), (rows, cols) = NB02_Q6_CASES[case]
    rng = np.random.default_rng(1306 + case)
    image = rng.integers(0, 200, size=(height, width)).astype(float)
    template = rng.integers(0, 200, size=(rows, cols)).astype(float)
    if case == 2:
        template = image[6:6 + rows, 7:7 + cols].copy()
        image = np.floor(image * np.linspace(0.5, 1.5, width)[None, :])
        image[:5, :6] += 55
    if case == 3:
        image[3:9, 2:9] = 77.0
    while np.ptp(template) == 0:  # pragma: no cover - a template has a pattern
        template = rng.integers(0, 200, size=(rows, cols)).astype(float)
    return image, template


def ncc_reference(image, template) -> np.ndarray:
    """Normalised cross-correlation, 'valid' size, indexed by the window's top-left
    corner, 0 where the window is flat: what ``cv2.matchTemplate(..., TM_CCOEFF_NORMED)``
    computes, in float64 (the tests compare the two).

    Examples
    --------
    >>> image = np.array([[0, 1, 0, 2], [0, 1, 0, 2], [5, 5, 5, 5]], dtype=float)
    >>> ncc_reference(image, np.array([[0.0, 1.0]])).round(3)
    array([[ 1., -1.,  1.],
           [ 1., -1.,  1.],
           [ 0.,  0.,  0.]])
    """
    windows = sliding_window_view(np.asarray(image, dtype=np.float64), np.shape(template))
    centred = windows - windows.mean(axis=(2, 3), keepdims=True)
    pattern = np.asarray(template, dtype=np.float64)
    pattern = pattern - pattern.mean()
    products = np.einsum("rcij,ij->rc", centred, pattern)
    norms = np.sqrt((centred ** 2).sum(axis=(2, 3))) * np.sqrt((pattern ** 2).sum())
    flat = norms <= 1e-9 * max(float(norms.max()), 1.0)
    return np.where(flat, 0.0, products / np.where(flat, 1.0, norms))


def _ncc_mistakes(image: np.ndarray, template: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """What each usual mistake computes for ``image`` and ``template``, 'valid' size,
    with the message that names it (NaN where the mistake divides by 0)."""
    windows = sliding_window_view(image, template.shape)
    count = template.size

    def dot(a, b):
        return np.einsum("rcij,ij->rc", a, b) if a.ndim == 4 else (a * b).sum(axis=(2, 3))

    def norm(a):
        return np.sqrt((a ** 2).sum(axis=(2, 3)) if a.ndim == 4 else (a ** 2).sum())

    def ratio(top, bottom):
        with np.errstate(all="ignore"):
            return top / bottom

    window_c = windows - windows.mean(axis=(2, 3), keepdims=True)
    template_c = template - template.mean()
    right = ratio(dot(window_c, template_c), norm(window_c) * norm(template_c))
    global_c = windows - image.mean()
    ssd = ((windows - template) ** 2).sum(axis=(2, 3))
    ssd_words = N_("that is the sum of squared differences (SSD), not NCC: it scores a "
                   "match low, not high, and any change of light adds to it, so it is no "
                   "longer low where the template is. Subtract the means and divide by the "
                   "norms")
    return [
        (dot(windows, template), N_("not normalised and no mean subtracted: that is plain "
                                    "correlation, which grows with the light (a brighter "
                                    "window scores higher). Subtract both means and divide by "
                                    "both norms")),
        (dot(window_c, template_c), N_("not normalised: that is the sum of products of the "
                                       "centred window and template, n × their covariance "
                                       "(and find's score: subtracting one mean gives the "
                                       "same sum), which still grows with the contrast. "
                                       "Divide by the two norms, so that the score lies "
                                       "between -1 and 1")),
        (dot(window_c, template_c) / count, N_("not normalised: that is the covariance of the "
                                               "window and the template. Divide the sum of "
                                               "products by the two norms instead")),
        (ratio(dot(windows, template), norm(windows) * norm(template)),
         N_("the means are not subtracted: that is the cosine of the raw window and template "
            "(OpenCV's TM_CCORR_NORMED), which a brighter window still changes. Subtract each "
            "one's mean first")),
        (ratio(dot(windows, template_c), norm(windows) * norm(template_c)),
         N_("divided by the wrong norm: the norm of the window as it is, but the product "
            "uses the window minus its mean. Take both norms after subtracting the means")),
        (ratio(dot(window_c, template), norm(window_c) * norm(template)),
         N_("divided by the wrong norm: the norm of the template as it is, but the product "
            "uses the template minus its mean. Take both norms after subtracting the means")),
        (ratio(dot(window_c, template_c), norm(windows) * norm(template)),
         N_("divided by the wrong norms: those of the window and template as they are. Take "
            "them after subtracting the means")),
        (ratio(dot(global_c, template_c), norm(global_c) * norm(template_c)),
         N_("the mean subtracted is the whole image's: each window needs its own mean, or a "
            "region in brighter light still scores differently")),
        (ratio(dot(window_c, template_c), norm(window_c) ** 2 * norm(template_c) ** 2),
         N_("divided by the wrong norm: by the sums of squares; the norm is their square "
            "root")),
        (ratio(dot(window_c, template_c), (norm(window_c) * norm(template_c)) ** 0.5),
         N_("divided by the wrong norm: by the square root of the norms' product; divide by "
            "the product of the two norms")),
        (right * count, N_("divided by the wrong norm: your scores are n times too large (n, "
                           "the template's size). np.std divides by n: the sum of products "
                           "over the two standard deviations is n × NCC. Divide by the two "
                           "norms, or divide the mean of the products by the standard "
                           "deviations")),
        (right / count, N_("divided by the wrong norm: your scores are n times too small (n, "
                           "the template's size): the sum of products over the two norms is "
                           "already NCC")),
        (ratio(dot(window_c, template_c), norm(window_c)),
         N_("divided by the wrong norm: by the window's only; divide by the template's too")),
        (ratio(dot(window_c, template_c), norm(template_c)),
         N_("divided by the wrong norm: by the template's only; divide by the window's too")),
        (np.abs(right), N_("you took the absolute value: a negative score is a window that "
                           "looks like the template's negative, not a match")),
        (_ncc_turned(image, template), N_("the template is turned by 180° (that is "
                                          "convolving): matching is a correlation, the "
                                          "template as it is")),
        (ssd, ssd_words), (-ssd, ssd_words),
        (ratio(ssd, norm(windows) * norm(template)), ssd_words),
        (((window_c - template_c) ** 2).sum(axis=(2, 3)),
         N_("that is the sum of squared differences (SSD) of the centred window and "
            "template: the light's offset is gone but not its strength. Divide the product by "
            "the norms instead")),
    ]


def _ncc_turned(image, template):
    return ncc_reference(image, template[::-1, ::-1])


def _ncc_size_mistake(shape, image_shape, template_shape) -> str | None:
    (height, width), (rows, cols) = image_shape, template_shape
    valid = (height - rows + 1, width - cols + 1)
    if shape == (height, width):
        return tr("your map has the image's size ('same'): NCC is computed only where the "
                  "template fits inside the image, the 'valid' size, H - h + 1 by W - w + 1, "
                  "entry [r, c] for the window whose top-left corner is (r, c)")
    if shape == (height + rows - 1, width + cols - 1):
        return tr("your map has the 'full' size (every overlap): keep only the windows that "
                  "lie inside the image, H - h + 1 by W - w + 1")
    if shape == valid[::-1] and valid[0] != valid[1]:
        return tr("your map is transposed: its rows should follow the image's rows")
    if len(shape) == 2 and all(abs(a - b) <= 1 for a, b in zip(shape, valid, strict=True)):
        return tr("your map is {rows}×{cols}, off by one: a template of h rows fits in "
                  "H - h + 1 places (range(H - h + 1) stops one before its end)",
                  rows=shape[0], cols=shape[1])
    return None


def _check_q6(answer) -> CheckResult:
    not_own_function(answer, N_("a function ncc(image, template)"))
    for case in range(len(NB02_Q6_CASES)):
        image, template = ncc_scene(case)
        passed_image, passed_template = image.copy(), template.copy()
        where = tr("case {number} of {count}: a {height}×{width} image, a {rows}×{cols} "
                   "template", number=case + 1, count=len(NB02_Q6_CASES),
                   height=image.shape[0], width=image.shape[1], rows=template.shape[0],
                   cols=template.shape[1])
        got = call_learner(answer, passed_image, passed_template, where=where)
        changed = changed_inputs([passed_image, passed_template], [image, template],
                                 N_("the image or the template"), where)
        if changed is not None:
            return changed
        if got is None:
            return returned_none(where, N_("the map of scores"))
        if isinstance(got, tuple) and len(got) == 2 and all(np.ndim(g) == 0 for g in got):
            return CheckResult(False, tr("your function returned a position (for {where}): "
                                         "return the whole map of scores, one per window.",
                                         where=where))
        what = tr("your map for {where}", where=where)
        given = read_array(got, what)
        expected = ncc_reference(image, template)
        if given.shape != expected.shape:
            mistake = _ncc_size_mistake(given.shape, image.shape, template.shape)
            if mistake:
                return CheckResult(False, tr("for {where}: {mistake}.", where=where,
                                             mistake=mistake))
            return compare_arrays(given, expected, what)
        flat = sliding_window_view(image, template.shape).std(axis=(2, 3)) == 0
        if np.isnan(given[flat]).any() and compare_arrays(
                np.where(flat, 0.0, given), expected, what, atol=1e-8).ok:
            return CheckResult(False, tr("for {where}: your map holds NaN where a window is "
                                         "flat (all its pixels equal: 0 / 0). Give such a "
                                         "window the score 0, as the docstring says.",
                                         where=where))
        if compare_arrays(given, expected, what, atol=1e-8).ok:
            continue
        inside = ~flat
        if flat.any() and np.allclose(given[inside], expected[inside], rtol=0, atol=1e-8):
            return CheckResult(False, tr("for {where}: right wherever the window has a "
                                         "pattern, wrong where it is flat (all its pixels "
                                         "equal): give such a window the score 0.",
                                         where=where))
        for wrong, message in _ncc_mistakes(image, template):
            usable = inside & np.isfinite(wrong)
            if usable.sum() >= inside.sum() // 2 and np.allclose(
                    given[usable], wrong[usable], rtol=1e-5, atol=1e-6):
                return CheckResult(False, tr("for {where}: {mistake}.", where=where,
                                             mistake=translate(message)))
        if np.isfinite(given).all() and np.allclose(given, expected, rtol=0, atol=1e-4):
            return CheckResult(False, tr("for {where}: your scores are slightly off (by up to "
                                         "{error:.1g}), as float32 stores them: compute in "
                                         "float64.", where=where,
                                         error=np.abs(given - expected).max()))
        return compare_arrays(given, expected, what, atol=1e-8)
    return CheckResult(True, tr("your NCC is right in all {count} cases tried, under changing "
                                "light and flat windows included.", count=len(NB02_Q6_CASES)))


q1 = Exercise(
    _check_q1,
    [N_("Recall what convolve does to its kernel before it correlates."),
     N_("Look at 'Two formulas, one sign': the only difference is the sign of the image index, "
        "and 'Proof by impulse response' shows what that sign does to the kernel. Turned by "
        "how much, about which point?"),
     N_("Skeleton: answer = S[<the rows in reverse order>, <the columns in reverse order>]; "
        "then test it: correlate(image, answer) and convolve(image, S) must agree on any image.")],
)

q2 = Exercise(
    _check_q2,
    [N_("Ask what convolve does to a kernel before it correlates, and which kernels that "
        "leaves as they are."),
     N_("Look at 'When the flip matters': symmetric kernels give the same result both ways. "
        "Which symmetry counts? Mirror symmetry (left-right alone, or top-bottom alone) is not "
        "the test, nor is the transpose k.T."),
     N_("Skeleton: {name for name, k in NB02_KERNELS.items() if np.array_equal(k, <k turned "
        "the way convolve turns it>)}.")],
)

q3 = Exercise(
    _check_q3,
    [N_("Convolution is associative, so the two kernels can be combined first into one. How "
        "far from its centre does each kernel reach, and so the two in a row?"),
     N_("Look at 'Proof by impulse response' and 'Why flip at all? Convolution has the nice "
        "algebra': convolving an image that is a single 1 on zeros draws the kernel, so the "
        "two steps applied to it draw the combined kernel."),
     N_("Skeleton: impulse = <zeros, larger than both reaches together, with a 1 in the "
        "middle>; both = convolve(convolve(impulse, <the first kernel>, mode='constant'), <the "
        "second>, mode='constant'); answer = <the part of both around the 1, as far as the two "
        "reaches added>.")]
)

q4 = Exercise(
    _check_q4,
    [N_("A 180° rotation is a flip top to bottom followed by a flip left to right."),
     N_("Look at 'Two formulas, one sign' and the summary: a slice with step -1 walks an axis "
        "backwards, one axis per place in the brackets. The transpose k.T is a different "
        "operation."),
     N_("Skeleton: return np.asarray(kernel)[<rows reversed>, <columns reversed>].")],
    forbid=Forbid(FLIPS, N_("reverse the rows and the columns with slices yourself.")),
)

q5 = Exercise(
    _check_q5,
    [N_("Correlate the image with the template: the output is large where the window looks "
        "like the template. Where is it largest?"),
     N_("Look at 'Correlation finds a pattern': a template of 0s and 1s also scores high on "
        "anything bright, so the notebook takes the template's mean off first, and a flat area "
        "then scores 0."),
     N_("Skeleton: response = correlate(image, <the template, its mean taken off>); "
        "np.argmax(response) gives the flat index of its largest value, np.unravel_index turns "
        "that into (row, col); return the two as ints.")],
)

q6 = Exercise(
    _check_q6,
    [N_("Take one window at a time, as the formula does: what is left of the window and of the "
        "template once each has lost its own mean? Their sum of products says how alike they "
        "are; dividing by how strong each one is makes the light's strength cancel."),
     N_("Look at the formula above the exercise, and at numpy's sliding_window_view(image, "
        "template.shape), which gives every window at once; with two loops over r and c, the "
        "window at (r, c) is the slice of h rows from row r and w columns from column c. "
        "a.mean() is the mean of a, np.sqrt((a ** 2).sum()) its norm. The map has H - h + 1 "
        "rows and W - w + 1 columns, [r, c] for the window whose top-left corner is (r, c). A "
        "flat window has norm 0: give it 0."),
     N_("Skeleton: t = <the template minus its mean>; out = <zeros, the map's shape>; for each "
        "(r, c): d = <the window at (r, c)> minus its mean; out[r, c] = <sum of the products d "
        "* t> / (<norm of d> * <norm of t>), or 0 where that product of norms is 0; return out.")],
    forbid=Forbid(("cv2.matchTemplate", "skimage.feature.match_template"),
                  N_("compute each window's NCC yourself, from the formula.")),
)
