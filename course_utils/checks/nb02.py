"""Exercises of notebook 02 (convolution vs cross-correlation): the kernel that turns
correlate into convolve, the kernels for which the two agree, a combined kernel, and a
function that rotates a kernel by 180°."""

from __future__ import annotations

import numpy as np

from ..filtering import convolve, correlate
from ..images import load_image
from ..kernels import KERNEL_BANK
from .compare import (
    call_learner,
    compare_arrays,
    compare_names,
    not_own_function,
    read_array,
    read_names,
    read_whole_numbers,
)
from .framework import CheckResult, Exercise

__all__ = ["q1", "q2", "q3", "q4", "q5", "match_scene", "NB02_Q1_KERNEL", "NB02_KERNELS",
           "NB02_Q3_KERNEL", "NB02_Q4_SHAPES"]

#: The kernel S of exercise q1: no symmetry at all, so every slip shows.
NB02_Q1_KERNEL = np.array([[0, 1, 2], [-1, 0, 3], [-2, -3, 0]], dtype=float)

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
    kernel, what = NB02_Q1_KERNEL, "your kernel"
    given = read_array(answer, what)
    if given.shape == kernel.shape:
        if np.array_equal(given, kernel):
            return CheckResult(False, "that is S itself: correlate would then compute "
                                      "the correlation, not the convolution.")
        if np.array_equal(given, kernel[::-1]) or np.array_equal(given, kernel[:, ::-1]):
            return CheckResult(False, "you flipped only one axis; a 180° rotation flips "
                                      "both the rows and the columns.")
    return compare_arrays(given, kernel[::-1, ::-1], what)


def _names_where(test) -> set[str]:
    return {name for name, kernel in NB02_KERNELS.items() if test(kernel)}


def _check_q2(answer) -> CheckResult:
    image = load_image("camera")[:64, :64]
    expected = [name for name, kernel in NB02_KERNELS.items()
                if np.allclose(correlate(image, kernel), convolve(image, kernel))]
    result = compare_names(answer, expected, "your set of kernel names")
    if result.ok:
        return result
    given = read_names(answer, "your set of kernel names")
    mistakes = [
        (lambda k: np.array_equal(k, k.T),
         "these are the kernels equal to their transpose (k == k.T). A transpose swaps "
         "rows and columns; convolve rotates by 180°, which is not the same."),
        (lambda k: np.array_equal(k, k[:, ::-1]),
         "these are the kernels symmetric left to right. Convolve flips top to bottom "
         "as well: test the 180° rotation."),
        (lambda k: np.array_equal(k, k[::-1]),
         "these are the kernels symmetric top to bottom. Convolve flips left to right "
         "as well: test the 180° rotation."),
        (lambda k: np.array_equal(k, k[::-1]) and np.array_equal(k, k[:, ::-1]),
         "these are the kernels symmetric both ways. That is more than needed: a kernel "
         "can come back unchanged from a 180° rotation without either mirror symmetry."),
    ]
    for test, message in mistakes:
        if given == _names_where(test):
            return CheckResult(False, message)
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
    first, second, what = KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL, "your combined kernel"
    expected = _full_convolution(first, second)
    given = read_array(answer, what)
    if given.shape != expected.shape:
        return CheckResult(False, f"{what} has shape {given.shape}, which is not the right "
                                  "size: the combined kernel must reach as far from its "
                                  "centre as the two kernels together.")
    if compare_arrays(given, expected, what).ok:  # its tolerance, not np.allclose's relative one
        return CheckResult(True, f"{what} is right.")
    if np.allclose(given, expected[::-1, ::-1]):
        return CheckResult(False, "that is the combined kernel rotated by 180°: the two steps "
                                  "use convolve, not correlate.")
    correlated = (_full_convolution(first, second[::-1, ::-1]),  # correlating the two,
                  _full_convolution(second, first[::-1, ::-1]))  # in either order
    if any(np.allclose(given, c) for c in correlated):
        return CheckResult(False, "you combined the kernels by correlating them; "
                                  "combining needs the convolution (flips included).")
    return compare_arrays(given, expected, what)


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, "a function rotate180(kernel)")
    rng = np.random.default_rng(1302)
    for shape in NB02_Q4_SHAPES:
        kernel = rng.integers(-9, 10, size=shape).astype(float)
        while len(np.unique(kernel)) < kernel.size:  # distinct entries: every slip shows
            kernel = rng.integers(-9, 10, size=shape).astype(float)
        passed = kernel.copy()
        where = f"a {shape[0]}×{shape[1]} kernel"
        got = call_learner(answer, passed, where=where)
        if not np.array_equal(passed, kernel):
            return CheckResult(False, f"your function changed the kernel it was given (for "
                                      f"{where}): return a new array, leave the input alone.")
        given = read_array(got, f"your rotated kernel for {where}")
        if given.shape == kernel.shape and np.array_equal(given, kernel[::-1, ::-1]):
            continue
        mistakes = [
            (kernel, "not flipped: your function returns the kernel as it is"),
            (kernel.T, "transposed instead of rotated: k.T swaps the kernel's rows and "
                       "columns, a 180° rotation flips it top to bottom and left to right"),
            (kernel[::-1], "flipped one axis only: top to bottom; flip left to right too"),
            (kernel[:, ::-1], "flipped one axis only: left to right; flip top to bottom too"),
            (np.rot90(kernel), "rotated by 90°, not 180°"),
            (np.rot90(kernel, -1), "rotated by 90°, not 180°"),
            (kernel.T[::-1, ::-1], "rotated by 180° and transposed: drop the transpose"),
        ]
        for wrong, message in mistakes:
            if given.shape == wrong.shape and np.array_equal(given, wrong):
                return CheckResult(False, f"{message} (for {where}).")
        return compare_arrays(given, kernel[::-1, ::-1], f"your rotated kernel for {where}")
    return CheckResult(True, f"your function rotates all {len(NB02_Q4_SHAPES)} kernels "
                             "tried by 180°, non-square and even ones included.")


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
    return int(row), int(col)


def _check_q5(answer) -> CheckResult:
    not_own_function(answer, "a function find(image, template)")
    for seed in range(3):
        scene, pattern, where, _ = match_scene(seed)
        what = f"your function's answer for scene {seed + 1} of 3"
        got = call_learner(answer, scene.copy(), pattern.copy(),
                           where=f"scene {seed + 1} of 3 (a 40×50 image, a 5×5 template)")
        if isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_)):
            return CheckResult(False, f"{what} is one number, a flat index: "
                                      "np.unravel_index turns it into (row, col).")
        given = read_whole_numbers(got, 2, what)
        if given == where:
            continue
        centred = pattern - pattern.mean()
        named = [  # what each mistake finds, computed; the first that fits is named
            (where[::-1], "that is (col, row): np.unravel_index gives (row, col)"),
            ((where[0] - 2, where[1] - 2), "that is the top-left corner of the match; "
                                           "answer the pixel under the template's centre"),
            (_peak(convolve(scene, centred)), "it found the copy rotated by 180°: convolve "
                                              "turns the template; matching is a correlation"),
            (_peak(correlate(scene, pattern)), "it found a bright area, not the shape: with "
                                               "a template of 0s and 1s brightness alone "
                                               "scores high. Subtract the template's mean "
                                               "first, so that a flat area scores 0"),
            (_peak(convolve(scene, pattern)), "it found a bright area or the rotated copy, "
                                              "not the shape: subtract the template's mean, "
                                              "and correlate (convolve turns the template)"),
        ]
        for place, message in named:
            if given == place:
                return CheckResult(False, f"{what} is wrong: {message}.")
        return CheckResult(False, f"{what} is not where the template is.")
    return CheckResult(True, "your function finds the template in all 3 scenes, past a "
                             "rotated copy and a brightening background.")


q1 = Exercise(
    _check_q1,
    ["Recall what convolve does to its kernel before it correlates.",
     "Look at 'Two formulas, one sign': the only difference is the sign of the image index, and "
     "'Proof by impulse response' shows what that sign does to the kernel. Turned by how much, "
     "about which point?",
     "Skeleton: answer = S[<the rows in reverse order>, <the columns in reverse order>]; then "
     "test it: correlate(image, answer) and convolve(image, S) must agree on any image."],
)

q2 = Exercise(
    _check_q2,
    ["Ask what convolve does to a kernel before it correlates, and which kernels that leaves as "
     "they are.",
     "Look at 'When the flip matters': symmetric kernels give the same result both ways. Which "
     "symmetry counts? Mirror symmetry (left-right alone, or top-bottom alone) is not the test, "
     "nor is the transpose k.T.",
     "Skeleton: {name for name, k in NB02_KERNELS.items() if np.array_equal(k, <k turned the way "
     "convolve turns it>)}."],
)

q3 = Exercise(
    _check_q3,
    ["Convolution is associative, so the two kernels can be combined first into one. How far "
     "from its centre does each kernel reach, and so the two in a row?",
     "Look at 'Proof by impulse response' and 'Why flip at all? Convolution has the nice "
     "algebra': convolving an image that is a single 1 on zeros draws the kernel, so the two "
     "steps applied to it draw the combined kernel.",
     "Skeleton: impulse = <zeros, larger than both reaches together, with a 1 in the middle>; "
     "both = convolve(convolve(impulse, <the first kernel>, mode='constant'), <the second>, "
     "mode='constant'); answer = <the part of both around the 1, as far as the two reaches "
     "added>."],
)

q4 = Exercise(
    _check_q4,
    ["A 180° rotation is a flip top to bottom followed by a flip left to right.",
     "Look at 'Two formulas, one sign' and the summary: a slice with step -1 walks an axis "
     "backwards, one axis per place in the brackets. The transpose k.T is a different operation.",
     "Skeleton: return np.asarray(kernel)[<rows reversed>, <columns reversed>]."],
)

q5 = Exercise(
    _check_q5,
    ["Correlate the image with the template: the output is large where the window looks like the "
     "template. Where is it largest?",
     "Look at 'Correlation finds a pattern': a template of 0s and 1s also scores high on "
     "anything bright, so the notebook takes the template's mean off first, and a flat area then "
     "scores 0.",
     "Skeleton: response = correlate(image, <the template, its mean taken off>); "
     "np.argmax(response) gives the flat index of its largest value, np.unravel_index turns that "
     "into (row, col); return the two as ints."],
)
