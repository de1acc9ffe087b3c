"""Exercise checks: tell a learner whether an answer is right, and what is off,
without printing the answer.

Each exercise of a notebook is an :class:`Exercise` with ``check(answer)``,
``hint()`` and ``solution()`` (the way Kaggle's learntools does it). The notebooks
import them by notebook, e.g. ``from course_utils.checks import nb01`` and then
``nb01.q1.check(my_answer)``.

The right answer is never a stored constant: each exercise computes it from the
course's own functions, so the check and the lesson cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable

import numpy as np

__all__ = ["Exercise", "CheckResult", "compare_arrays", "compare_numbers",
           "compare_tuples", "compare_names",
           "nb01", "nb02", "nb03", "NB02_KERNELS", "NB02_Q1_KERNEL", "NB02_Q3_KERNEL",
           "nb04", "NB04_CROP", "NB04_RESPONSES", "nb05", "NB05_Q1_KERNELS", "nb06", "nb07"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``ok`` and a message for the learner.

    It prints as the learner should read it, and is true when the answer is right.

    Examples
    --------
    >>> result = CheckResult(False, "your answer is too small.")
    >>> result
    Not yet: Your answer is too small.
    >>> bool(result), bool(CheckResult(True, "your answer is right."))
    (False, True)
    """

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        message = self.message[:1].upper() + self.message[1:]
        return ("Correct! " if self.ok else "Not yet: ") + message


def compare_numbers(answer, expected: float, what: str = "your answer",
                    atol: float = 1e-6) -> CheckResult:
    """Compare a number without revealing the expected one.

    Examples
    --------
    >>> compare_numbers(132, 132)
    Correct! Your answer is right.
    >>> compare_numbers(131, 132)
    Not yet: Your answer is too small.
    >>> compare_numbers("132", 132)
    Not yet: Your answer should be a number, got str.
    """
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.number)):
        return CheckResult(False, f"{what} should be a number, got {type(answer).__name__}.")
    if not np.isfinite(answer):
        return CheckResult(False, f"{what} should be a finite number, got {answer}.")
    if abs(float(answer) - float(expected)) <= atol:
        return CheckResult(True, f"{what} is right.")
    side = "too large" if answer > expected else "too small"
    return CheckResult(False, f"{what} is {side}.")


def compare_arrays(answer, expected, what: str = "your array",
                   atol: float = 1e-6) -> CheckResult:
    """Compare an array without revealing the expected one: shape first, then values.

    Examples
    --------
    >>> compare_arrays(np.zeros((2, 2)), np.eye(2))
    Not yet: Your array differs in 2 of 4 entries (largest difference 1).
    >>> compare_arrays(np.zeros(3), np.zeros((3, 1)))
    Not yet: Your array has shape (3,), it should have shape (3, 1).
    >>> compare_arrays(np.eye(2)[::-1], np.eye(2)[:, ::-1])
    Correct! Your array is right.
    """
    if answer is None:
        return CheckResult(False, f"{what} is None: did you forget to return or assign it?")
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return CheckResult(False, f"{what} should be an array of numbers.")
    expected = np.asarray(expected, dtype=np.float64)
    if answer.shape != expected.shape:
        return CheckResult(False, f"{what} has shape {answer.shape}, it should have shape "
                                  f"{expected.shape}.")
    wrong = ~np.isclose(answer, expected, atol=atol, rtol=0)
    if not wrong.any():
        return CheckResult(True, f"{what} is right.")
    largest = float(np.max(np.abs(answer - expected)[wrong]))
    return CheckResult(False, f"{what} differs in {int(wrong.sum())} of {wrong.size} entries "
                              f"(largest difference {largest:.3g}).")


@dataclass
class Exercise:
    """One exercise: a checker, a hint and a worked solution.

    Parameters
    ----------
    prompt : str
        What the learner is asked (shown by ``repr``).
    checker : callable
        ``checker(answer) -> CheckResult``; computes the right answer itself.
    hint_text : str
        A nudge that does not give the answer away.
    solution_text : str
        The worked solution as code, printed by ``solution()``.

    Examples
    --------
    >>> q = Exercise("What is 2 + 2?", lambda a: compare_numbers(a, 2 + 2),
    ...              "Count on your fingers.", "answer = 2 + 2")
    >>> q.check(5)
    Not yet: Your answer is too large.
    >>> q.check(4)
    Correct! Your answer is right.
    """

    prompt: str
    checker: Callable[[Any], CheckResult]
    hint_text: str
    solution_text: str
    attempts: int = field(default=0, init=False)

    def check(self, answer) -> CheckResult:
        """Check an answer; the message says what is off without giving the answer."""
        self.attempts += 1
        return self.checker(answer)

    def hint(self) -> None:
        """Print a hint."""
        print("Hint:", self.hint_text)

    def solution(self) -> None:
        """Print the worked solution."""
        print(self.solution_text)

    def __repr__(self) -> str:
        return f"Exercise: {self.prompt}"


def _not_own_function(answer, usage: str, package_function=None,
                      instead: str = "") -> CheckResult | None:
    """A failed check when ``answer`` is not a function of the learner's own, else None.

    ``usage`` describes the function asked for ("a function factors(kernel)");
    ``package_function``, when given, is the course's own solution, which the
    learner must not hand in (``instead`` says what to write).
    """
    if package_function is not None and answer is package_function:
        return CheckResult(False, f"that is the package's {package_function.__name__}; "
                                  f"{instead}")
    if not callable(answer):
        return CheckResult(False, f"your answer should be {usage}, got "
                                  f"{type(answer).__name__}.")
    return None


def _raised(error: Exception, where: str) -> CheckResult:
    """The failed check when the learner's function raises ``error`` for ``where``."""
    return CheckResult(False, f"your function raised {type(error).__name__} for {where}.")


def exercises(**questions: Exercise) -> SimpleNamespace:
    """Group a notebook's exercises: ``nb01 = exercises(q1=..., q2=...)``.

    Examples
    --------
    >>> nb99 = exercises(q1=Exercise("What is 2 + 2?", lambda a: compare_numbers(a, 4),
    ...                              "Count on your fingers.", "answer = 2 + 2"))
    >>> nb99.q1.check(4)
    Correct! Your answer is right.
    """
    return SimpleNamespace(**questions)


# ---------------------------------------------------------------------------
# The exercises of each notebook follow, one section per notebook, in order.
# Each section defines ``nbNN = exercises(q1=Exercise(...), ...)``.
# ---------------------------------------------------------------------------

# === nb01 ===

#: The region of exercise nb01.q1 (not the lesson's: the learner computes it).
NB01_REGION = ((12, 200, 31), (45, 90, 77), (250, 3, 64))


def _nb01_q1(answer) -> CheckResult:
    from .classic import correlate_loop

    region = np.array(NB01_REGION, dtype=np.uint8)
    expected = int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])
    result = compare_numbers(answer, expected, "your stored pixel")
    exact = region.astype(float).sum() / 9
    if not result.ok and isinstance(answer, (int, float, np.number)) \
            and not isinstance(answer, (bool, np.bool_)):
        if abs(float(answer) - exact) < 1e-6:
            return CheckResult(False, "that is the exact sum; the uint8 image stores a "
                                      "whole number (astype truncates).")
        if float(answer) == round(exact) and round(exact) != expected:
            return CheckResult(False, "your stored pixel is too large: did you round? "
                                      "astype('uint8') truncates towards 0.")
    return result


def _nb01_q2(answer) -> CheckResult:
    from .kernels import EXAMPLE_REGION, KERNEL_BANK
    from .windows import window_at

    sharpen = KERNEL_BANK["sharpen"]
    expected = window_at(EXAMPLE_REGION, sharpen, 1, 1).products
    if answer is not None and np.shape(answer) == (3, 3):
        summed = np.asarray(answer, dtype=float)
        if np.allclose(summed, EXAMPLE_REGION @ sharpen):
            return CheckResult(False, "that is the matrix product (@); the kernel multiplies "
                                      "element by element (*).")
    return compare_arrays(answer, expected, "your array of products")


#: The kernel shapes exercise nb01.q3 tries the learner's function on.
NB01_SHAPES = ((3, 3), (5, 5), (3, 5), (7, 1), (1, 1), (2, 2), (4, 3), (3, 6))


def _nb01_q3(answer) -> CheckResult:
    rejected = _not_own_function(answer, "a function")
    if rejected is not None:
        return rejected
    for shape in NB01_SHAPES:
        rows, cols = shape
        expected = ((rows - 1) // 2, (cols - 1) // 2) if rows % 2 and cols % 2 else None
        try:
            got = answer(shape)
        except Exception as error:  # any failure of the learner's code is reported
            return _raised(error, f"a kernel of shape {shape}")
        if expected is None and got is not None:
            return CheckResult(False, f"a kernel of shape {shape} has no centre pixel; "
                                      "your function should return None for it.")
        if expected is not None and (got is None or tuple(got) != expected):
            return CheckResult(False, f"your function gives the wrong centre for a kernel "
                                      f"of shape {shape}.")
        if expected is not None and not all(
                isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
                for v in got):
            return CheckResult(False, f"your function's centre for a kernel of shape {shape} "
                                      "holds floats; a pixel index is a pair of ints, which "
                                      "NumPy can index with.")
    return CheckResult(True, f"your function is right for all {len(NB01_SHAPES)} shapes "
                             "tried.")


nb01 = exercises(
    q1=Exercise(
        "The 3×3 box blur is applied to region = np.array([[12, 200, 31], [45, 90, 77], "
        "[250, 3, 64]], dtype=np.uint8). Which value does the lesson's uint8 output store "
        "at the centre pixel (1, 1)?",
        _nb01_q1,
        "Add the nine pixels, divide by 9, then do what astype('uint8') does.",
        "answer = int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])\n"
        "# by hand: int(region.astype(int).sum() / 9)",
    ),
    q2=Exercise(
        "Compute the nine products of the sharpen kernel KERNEL_BANK['sharpen'] with the "
        "lesson's region EXAMPLE_REGION (the window at its centre), as a 3×3 array.",
        _nb01_q2,
        "Element-wise multiplication is * in NumPy (@ is the matrix product). The "
        "kernel is float, so the products are float: nothing can overflow.",
        "answer = EXAMPLE_REGION * KERNEL_BANK['sharpen']\n"
        "# or: window_at(EXAMPLE_REGION, KERNEL_BANK['sharpen'], 1, 1).products",
    ),
    q3=Exercise(
        "Write a function centre(shape) that returns the (row, col) of the centre pixel "
        "of a kernel of shape (M, N) as two ints, or None when the kernel has no centre "
        "pixel.",
        _nb01_q3,
        "The centre of M rows is at (M - 1) / 2; that is a pixel only when it is a whole "
        "number.",
        "def centre(shape):\n"
        "    rows, cols = shape\n"
        "    if rows % 2 == 0 or cols % 2 == 0:\n"
        "        return None\n"
        "    return ((rows - 1) // 2, (cols - 1) // 2)\n"
        "answer = centre",
    ),
)

# === nb02 ===


#: The kernel S of exercise nb02.q1: no symmetry at all, so every slip shows.
NB02_Q1_KERNEL = np.array([[0, 1, 2], [-1, 0, 3], [-2, -3, 0]], dtype=float)


def _nb02_q1(answer) -> CheckResult:
    kernel = NB02_Q1_KERNEL
    expected = kernel[::-1, ::-1]
    if answer is not None and np.shape(answer) == (3, 3):
        given = np.asarray(answer, dtype=float)
        if np.array_equal(given, kernel):
            return CheckResult(False, "that is S itself: correlate would then compute "
                                      "the correlation, not the convolution.")
        if np.array_equal(given, kernel[::-1]) or np.array_equal(given, kernel[:, ::-1]):
            return CheckResult(False, "you flipped only one axis; a 180° rotation flips "
                                      "both the rows and the columns.")
    return compare_arrays(answer, expected, "your kernel")


#: The kernels of exercise nb02.q2 (not the bank's: the notebook measured those).
NB02_KERNELS = {
    "gaussian": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
    "prewitt_y": np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]], dtype=float),
    "diagonal": np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]) / 3,
    "shift": np.array([[0, 0, 0], [1, 0, 0], [0, 0, 0]], dtype=float),
    "ridge": np.array([[0, 1, 2], [1, 2, 1], [2, 1, 0]]) / 10,
}


def _nb02_q2(answer) -> CheckResult:
    from .filtering import convolve, correlate
    from .images import load_image

    image = load_image("camera")[:64, :64]
    expected = [name for name, kernel in NB02_KERNELS.items()
                if np.allclose(correlate(image, kernel), convolve(image, kernel))]
    if isinstance(answer, str):
        return CheckResult(False, "your answer should be a collection of names (a set or "
                                  "a list), not one string.")
    return compare_names(answer, expected, "your set of kernel names")


#: The second kernel of exercise nb02.q3: a 5×5 motion trail towards the bottom left
#: (no symmetry, and bigger than the first kernel, so the combined size must be worked out).
NB02_Q3_KERNEL = np.array([[0, 0, 0, 0, 0],
                           [0, 0, 0, 0, 0],
                           [0, 0, 3, 0, 0],
                           [0, 2, 0, 0, 0],
                           [1, 0, 0, 0, 0]]) / 6


def _nb02_q3_expected() -> np.ndarray:
    """The combined kernel, as the two steps stamp it on an impulse (notebook 02)."""
    from .filtering import convolve
    from .kernels import KERNEL_BANK

    first, second = KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL
    reach = tuple((a - 1) // 2 + (b - 1) // 2 for a, b in zip(first.shape, second.shape,
                                                              strict=True))
    impulse = np.zeros(tuple(4 * r + 1 for r in reach))
    impulse[tuple(2 * r for r in reach)] = 1
    stamped = convolve(convolve(impulse, first, mode="constant"), second, mode="constant")
    return stamped[reach[0]:3 * reach[0] + 1, reach[1]:3 * reach[1] + 1]


def _nb02_q3(answer) -> CheckResult:
    from scipy.signal import correlate2d

    from .kernels import KERNEL_BANK

    expected = _nb02_q3_expected()
    if answer is None:
        return compare_arrays(answer, expected, "your combined kernel")
    try:
        given = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return CheckResult(False, "your combined kernel should be an array of numbers.")
    if given.shape != expected.shape:
        return CheckResult(False, f"your combined kernel has shape {given.shape}, which is "
                                  "not the right size: the combined kernel must reach as far "
                                  "from its centre as the two kernels together.")
    if np.allclose(given, expected):
        return CheckResult(True, "your combined kernel is right.")
    first, second = KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL
    if np.allclose(given, expected[::-1, ::-1]):
        return CheckResult(False, "that is the combined kernel rotated by 180°: the two steps "
                                  "use convolve, not correlate.")
    if any(np.allclose(given, c) for c in (correlate2d(first, second, mode="full"),
                                           correlate2d(second, first, mode="full"))):
        return CheckResult(False, "you combined the kernels by correlating them; "
                                  "combining needs the convolution (flips included).")
    return compare_arrays(given, expected, "your combined kernel")


nb02 = exercises(
    q1=Exercise(
        "Which kernel K makes correlate(image, K) equal to convolve(image, S) for the "
        "kernel S = NB02_Q1_KERNEL? Answer the 3×3 array K.",
        _nb02_q1,
        "Recall what convolve does to its kernel before it correlates. Check your K on "
        "any image: correlate(image, K) and convolve(image, S) must agree.",
        "answer = NB02_Q1_KERNEL[::-1, ::-1]   # or np.rot90(NB02_Q1_KERNEL, 2)",
    ),
    q2=Exercise(
        "Which kernels of NB02_KERNELS give the same result with correlate and with "
        "convolve? Answer a set of their names.",
        _nb02_q2,
        "Ask what convolve does to a kernel before it correlates, and which kernels "
        "that leaves as they are. Mirror symmetry (left-right alone, or top-bottom alone) "
        "is not the test: picture each kernel rotated by 180°, i.e. flipped top-bottom "
        "and left-right.",
        "answer = {name for name, k in NB02_KERNELS.items() "
        "if np.array_equal(k, k[::-1, ::-1])}",
    ),
    q3=Exercise(
        "Find the single kernel K with convolve(convolve(image, KERNEL_BANK['sobel_y'], "
        "mode='wrap'), NB02_Q3_KERNEL, mode='wrap') == convolve(image, K, mode='wrap'): "
        "first the 3×3 sobel_y, then the 5×5 motion trail NB02_Q3_KERNEL. Its size is "
        "part of the question.",
        _nb02_q3,
        "Convolution is associative, so the two kernels can be combined first. How far "
        "from its centre does each kernel reach, and so the two in a row? If the algebra "
        "gets in the way, let the two steps draw the combined kernel for you: what does "
        "convolving with a kernel do to an image that is a single 1 on zeros?",
        "answer = convolve2d(KERNEL_BANK['sobel_y'], NB02_Q3_KERNEL, mode='full')  # 7×7\n"
        "# or stamp it on an impulse: the two steps, mode='constant', then crop to 7×7",
    ),
)

# === nb03 ===


def _nb03_q1(answer) -> CheckResult:
    from scipy.signal import correlate2d

    image, kernel = np.zeros((512, 512)), np.zeros((21, 21))
    expected = correlate2d(image, kernel, mode="valid").shape
    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = tuple(answer.tolist())  # an array of two numbers is fine too
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return compare_tuples(answer, expected, "your (rows, columns)")
    for axis, got, want in zip(("rows", "columns"), answer, expected, strict=True):
        result = compare_numbers(got, want, f"your number of {axis}")
        if not result.ok:
            return result
    return CheckResult(True, "your (rows, columns) is right.")


#: The row exercise nb03.q2 pads.
NB03_ROW = (5, 9, 2, 7, 3)


def _nb03_q2(answer) -> CheckResult:
    from .borders import BORDER_MODES, pad

    row = [NB03_ROW]
    default = [m.name for m in BORDER_MODES.values() if m.opencv_name == "BORDER_REFLECT_101"]
    expected = pad(row, (1, 5), default[0])[0]
    if answer is not None and np.shape(answer) == expected.shape:
        given = np.asarray(answer, dtype=float)
        for mode in BORDER_MODES.values():
            if mode.name != default[0] and np.array_equal(given, pad(row, (1, 5),
                                                                     mode.name)[0]):
                return CheckResult(False, f"that is {mode.opencv_name} (scipy "
                                          f"{mode.name!r}), not OpenCV's default border.")
    return compare_arrays(answer, expected, "your padded row")


#: Exercise nb03.q3: a rectangular box blur on a rectangular image.
NB03_IMAGE_SHAPE, NB03_KERNEL_SHAPE = (120, 80), (5, 9)


def _nb03_q3(answer) -> CheckResult:
    from .borders import BORDER_MODES
    from .filtering import correlate

    image = np.random.default_rng(3).integers(0, 256, size=NB03_IMAGE_SHAPE)
    box = np.full(NB03_KERNEL_SHAPE, 1 / np.prod(NB03_KERNEL_SHAPE))
    results = np.stack([correlate(image, box, mode=mode, cval=0) for mode in BORDER_MODES])
    differs = np.ptp(results, axis=0) > 1e-9
    return compare_numbers(answer, int(differs.sum()), "your number of pixels")


nb03 = exercises(
    q1=Exercise(
        "A 512×512 image is correlated with a 21×21 kernel in 'valid' mode (no padding: "
        "the kernel only where it fits). What is the output's shape? Answer (rows, "
        "columns).",
        _nb03_q1,
        "The kernel's centre can go no closer to an edge than half the kernel.",
        "answer = (512 - 21 + 1, 512 - 21 + 1)",
    ),
    q2=Exercise(
        "Pad the row [5, 9, 2, 7, 3] by 2 values on each side the way cv2.filter2D's "
        "default border does. Answer the 9 values.",
        _nb03_q2,
        "OpenCV's default is BORDER_REFLECT_101; look it up in BORDER_MODES (or "
        "border_table()) for its scipy name and pattern, then use pad().",
        "answer = pad([[5, 9, 2, 7, 3]], (1, 5), 'mirror')[0]",
    ),
    q3=Exercise(
        "A box blur 5 rows tall and 9 columns wide runs over an image of 120 rows and "
        "80 columns. How many of the output pixels can change when you switch the border "
        "mode? (The rest never read a padded value.)",
        _nb03_q3,
        "Rows and columns need different margins here: half the kernel's height at the "
        "top and bottom, half its width at the left and right. Count the pixels that "
        "need no padding first.",
        "half_rows, half_cols = (5 - 1) // 2, (9 - 1) // 2\n"
        "answer = 120 * 80 - (120 - 2 * half_rows) * (80 - 2 * half_cols)",
    ),
)

# === nb04 ===

#: The crop of the camera photo that notebook 04 runs the double loop on.
NB04_CROP = (slice(90, 218), slice(190, 318))


def _nb04_crop() -> np.ndarray:
    from .images import load_image

    return load_image("camera")[NB04_CROP]


def compare_tuples(answer, expected: tuple, what: str = "your answer") -> CheckResult:
    """Compare a tuple of whole numbers without revealing the expected one.

    Examples
    --------
    >>> compare_tuples((1, 2), (1, 3))
    Not yet: Your answer is wrong in position 1 of 2.
    >>> compare_tuples([1, 3], (1, 3))
    Correct! Your answer is right.
    >>> compare_tuples(3, (1, 3))
    Not yet: Your answer should be a tuple of 2 numbers, got int.
    """
    if not isinstance(answer, (tuple, list)) or len(answer) != len(expected):
        return CheckResult(False, f"{what} should be a tuple of {len(expected)} numbers, "
                                  f"got {type(answer).__name__}.")
    wrong = [i for i, (a, e) in enumerate(zip(answer, expected, strict=True)) if a != e]
    if not wrong:
        return CheckResult(True, f"{what} is right.")
    return CheckResult(False, f"{what} is wrong in position "
                              f"{', '.join(map(str, wrong))} of {len(expected)}.")


def _nb04_q1(answer) -> CheckResult:
    shape = (3, 7)
    return compare_tuples(answer, tuple((size - 1) // 2 for size in shape),
                          "your (rows, columns) padding")


#: The float responses of exercise nb04.q2 (none next to a value notebook 04 prints).
NB04_RESPONSES = (-0.6, 63.5, 99.999, 254.7, 256.0)


def _nb04_q2(answer) -> CheckResult:
    from skimage.exposure import rescale_intensity

    output = np.array(NB04_RESPONSES, dtype=np.float32)
    expected = (rescale_intensity(output, in_range=(0, 255)) * 255).astype("uint8")
    result = compare_arrays(answer, expected, "your array", atol=0)
    if result.ok and np.asarray(answer).dtype != np.uint8:
        return CheckResult(False, "the values are right, but the lesson stores them as uint8.")
    rounded = np.clip(np.rint(output), 0, 255)
    if not result.ok and np.shape(answer) == output.shape and np.array_equal(
            np.asarray(answer, dtype=np.float64), rounded):
        return CheckResult(False, "those are rounded (what OpenCV does); the lesson's "
                                  "astype('uint8') truncates: it drops the fraction.")
    return result


def _nb04_q3(answer) -> CheckResult:
    import cv2

    from .classic import correlate_loop

    crop = _nb04_crop()
    box = np.full((5, 5), 1 / 25)
    loop = correlate_loop(crop, box).astype(int)
    opencv = cv2.filter2D(crop, -1, box, borderType=cv2.BORDER_REPLICATE).astype(int)
    return compare_numbers(answer, int(np.count_nonzero(loop != opencv)),
                           "your count of differing pixels")


def _nb04_q4(answer) -> CheckResult:
    import cv2

    from .kernels import KERNEL_BANK

    crop = _nb04_crop()
    expected = cv2.filter2D(crop, -1, KERNEL_BANK["small_blur"])
    result = compare_arrays(answer, expected, "your result", atol=0)
    if result.ok and np.asarray(answer).dtype != np.uint8:
        return CheckResult(False, "the values are right; now make the array uint8, "
                                  "as cv2.filter2D(crop, -1, ...) returns it.")
    if not result.ok and answer is not None:
        try:
            values = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            return result
        if values.shape == expected.shape and not np.array_equal(values, np.rint(values)):
            return CheckResult(False, f"{result.message[:-1]}: your array holds fractions, "
                                      "but cv2.filter2D(crop, -1, ...) stores whole grey "
                                      "levels 0-255 as uint8. Round, clip and convert.")
    return result


def _nb04_q5(answer) -> CheckResult:
    from .filtering import correlate
    from .images import load_image
    from .kernels import KERNEL_BANK

    camera = load_image("camera")
    true = correlate(camera, KERNEL_BANK["sobel_y"], mode="mirror")  # BORDER_REFLECT_101
    expected = int(np.count_nonzero(true < 0))
    result = compare_numbers(answer, expected, "your count of pixels turned black")
    if result.ok or not isinstance(answer, (int, np.integer)) or isinstance(answer, bool):
        return result
    if int(answer) == int(np.count_nonzero(true <= 0)):
        return CheckResult(False, "your count also holds the pixels whose response is exactly "
                                  "0; they are black anyway, but not turned black by clipping.")
    for mode in ("reflect", "nearest", "wrap", "constant"):
        other = correlate(camera, KERNEL_BANK["sobel_y"], mode=mode)
        if int(answer) == int(np.count_nonzero(other < 0)):
            return CheckResult(False, f"that is the count with the '{mode}' border; "
                                      "cv2.filter2D's default border is BORDER_REFLECT_101 "
                                      "(look it up in BORDER_MODES).")
    return result


nb04 = exercises(
    q1=Exercise(
        "A 3×7 kernel (3 rows, 7 columns) is legal. How many rows and how many columns "
        "must be added on EACH side of the image so that the output keeps the input's "
        "size? Answer a tuple (rows, columns).",
        _nb04_q1,
        "The lesson used one pad, taken from the kernel's width; what does each axis "
        "need?",
        "answer = ((3 - 1) // 2, (7 - 1) // 2)",
    ),
    q2=Exercise(
        "The loop produced the float32 responses "
        "np.array(NB04_RESPONSES, dtype=np.float32), that is "
        f"{list(NB04_RESPONSES)}. Which uint8 "
        "values does the lesson's last step store for them? Work them out by hand and "
        "type them in as a uint8 array.",
        _nb04_q2,
        "rescale_intensity(..., in_range=(0, 255)) clips to 0-255 and divides by 255; then "
        "* 255 and astype('uint8') truncates towards 0.",
        "# clip to 0-255, then drop the fraction\n"
        "answer = np.array([0, 63, 99, 254, 255], dtype=np.uint8)\n"
        "# confirm: (rescale_intensity(sums, in_range=(0, 255)) * 255).astype('uint8')",
    ),
    q3=Exercise(
        "On crop = load_image('camera')[90:218, 190:318], how many pixels differ between "
        "correlate_loop(crop, K) and cv2.filter2D(crop, -1, K, "
        "borderType=cv2.BORDER_REPLICATE) for the 5×5 box blur K = np.full((5, 5), 1 / 25)?",
        _nb04_q3,
        "Same border, so only truncation vs rounding is left; count where the two uint8 "
        "arrays are not equal (np.count_nonzero).",
        "K = np.full((5, 5), 1 / 25)\n"
        "opencv = cv2.filter2D(crop, -1, K, borderType=cv2.BORDER_REPLICATE)\n"
        "answer = int(np.count_nonzero(correlate_loop(crop, K) != opencv))",
    ),
    q4=Exercise(
        "Make, with course_utils.correlate, a uint8 array equal pixel for pixel to "
        "cv2.filter2D(crop, -1, KERNEL_BANK['small_blur']) (OpenCV's DEFAULT border). "
        "The check compares values only: it cannot tell how you computed them.",
        _nb04_q4,
        "Two causes to remove: OpenCV's default border is BORDER_REFLECT_101 (which scipy "
        "name is that? see BORDER_MODES), and OpenCV rounds where the lesson truncates.",
        "result = correlate(crop, KERNEL_BANK['small_blur'], mode='mirror')\n"
        "answer = np.clip(np.rint(result), 0, 255).astype(np.uint8)",
    ),
    q5=Exercise(
        "cv2.filter2D(gray, -1, KERNEL_BANK['sobel_y']), as the lesson called it on the "
        "whole camera photo, stores uint8. How many pixels does it turn black because "
        "their true (float) response is negative?",
        _nb04_q5,
        "Compute the float response with correlate and the scipy name of OpenCV's default "
        "border (BORDER_MODES says which), then count the values below 0.",
        "true = correlate(load_image('camera'), KERNEL_BANK['sobel_y'], mode='mirror')\n"
        "answer = int(np.count_nonzero(true < 0))",
    ),
)


# === nb05 ===


def compare_names(answer, expected, what: str = "your set of names") -> CheckResult:
    """Compare a collection of names, saying how many are missing or extra (not which).

    Examples
    --------
    >>> compare_names({"a", "c"}, ["a", "b"])
    Not yet: Your set of names misses 1 and has 1 that does not belong.
    >>> compare_names(["b", "a"], {"a", "b"})
    Correct! Your set of names is right.
    """
    if isinstance(answer, str) or not isinstance(answer, (set, frozenset, list, tuple)):
        return CheckResult(False, f"{what} should be a set or list of names, "
                                  f"got {type(answer).__name__}.")
    given, wanted = set(answer), set(expected)
    if given == wanted:
        return CheckResult(True, f"{what} is right.")
    parts = []
    if wanted - given:
        parts.append(f"misses {len(wanted - given)}")
    if given - wanted:
        parts.append(f"has {len(given - wanted)} that does not belong")
    return CheckResult(False, f"{what} {' and '.join(parts)}.")


#: The kernels of exercise nb05.q1: new ones, not in the bank (the learner reads their numbers).
NB05_Q1_KERNELS = {
    "gauss_3": np.array([[1.0, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
    "outline": np.array([[-1.0, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    "motion_5": np.eye(5) / 5,
    "brighten": np.array([[0.0, 0, 0], [0, 1.2, 0], [0, 0, 0]]),
    "shift_right": np.array([[0.0, 0, 0], [1, 0, 0], [0, 0, 0]]),
    "dim_box": np.ones((3, 3)) / 12,
    "ridge": np.array([[0.0, -1, 0], [-1, 4, -1], [0, -1, 0]]),
    "unsharp": np.array([[-1.0, -1, -1], [-1, 17, -1], [-1, -1, -1]]) / 9,
}



def _nb05_q1(answer) -> CheckResult:
    from .kernels import KERNEL_BANK

    keep = [name for name, K in NB05_Q1_KERNELS.items() if abs(K.sum() - 1) < 1e-9]
    if (isinstance(answer, (set, frozenset, list, tuple)) and len(answer)
            and all(isinstance(name, str) for name in answer)
            and set(answer) <= set(KERNEL_BANK)):
        return CheckResult(False, "those are kernels of the bank; the question is about the "
                                  "new kernels in NB05_Q1_KERNELS.")
    return compare_names(answer, keep, "your set of kernels")


def _nb05_astronaut() -> np.ndarray:
    from .images import load_image

    return load_image("astronaut", gray=True)


def _nb05_wrong_source(answer, expected_from, what: str) -> CheckResult | None:
    """A targeted message when ``answer`` is the right recipe on the wrong photo or border.

    ``expected_from(photo, mode)`` computes the answer; the exercise wants
    ``(astronaut, 'mirror')``.
    """
    from .images import load_image

    try:
        given = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    astronaut, camera = _nb05_astronaut(), load_image("camera")
    if given.shape != astronaut.shape:
        return None
    if np.allclose(given, expected_from(camera, "mirror"), atol=1.0) or np.allclose(
            given, expected_from(camera, "reflect"), atol=1.0):
        return CheckResult(False, f"{what} is computed from the camera photo; this exercise "
                                  "asks for the astronaut.")
    if np.allclose(given, expected_from(astronaut, "reflect"), atol=1.0):
        return CheckResult(False, f"{what} is right away from the borders; look at which "
                                  "border mode the exercise asks for.")
    return None


def _nb05_magnitude(photo, mode):
    from .filtering import correlate
    from .kernels import KERNEL_BANK

    return np.hypot(correlate(photo, KERNEL_BANK["sobel_x"], mode=mode),
                    correlate(photo, KERNEL_BANK["sobel_y"], mode=mode))


def _nb05_q2(answer) -> CheckResult:
    expected = _nb05_magnitude(_nb05_astronaut(), "mirror")
    wrong = _nb05_wrong_source(answer, _nb05_magnitude, "your gradient magnitude")
    if wrong is not None:
        return wrong
    return compare_arrays(answer, expected, "your gradient magnitude", atol=1e-6)


def _nb05_q3(answer) -> CheckResult:
    from .filtering import correlate
    from .images import load_image
    from .kernels import KERNEL_BANK

    blurred = correlate(load_image("camera"), np.full((5, 5), 1 / 25))
    expected = float(correlate(blurred, KERNEL_BANK["laplacian"]).var())
    result = compare_numbers(answer, expected, "your variance", atol=0.05)
    if not result.ok and isinstance(answer, (int, float, np.number)) and abs(
            float(answer) - expected) <= 0.5 and not isinstance(answer, (bool, np.bool_)):
        return CheckResult(False, "close: your variance is within 0.5 of the right value, "
                                  "but one decimal is needed. How many decimals did you keep?")
    return result


def _nb05_relief(photo, mode):
    from .filtering import correlate
    from .kernels import KERNEL_BANK

    relief = KERNEL_BANK["emboss"]
    relief[1, 1] -= 1  # emboss minus the identity: the part that sums to 0
    return np.clip(correlate(photo, relief, mode=mode) + 128, 0, 255)


def _nb05_q4(answer) -> CheckResult:
    expected = _nb05_relief(_nb05_astronaut(), "mirror")
    wrong = _nb05_wrong_source(answer, _nb05_relief, "your relief picture")
    if wrong is not None:
        return wrong
    result = compare_arrays(answer, expected, "your relief picture", atol=1.0)
    if result.ok and np.asarray(answer).dtype != np.uint8:
        return CheckResult(False, "the values are right; now make the picture uint8.")
    return result


def _nb05_q5(answer) -> CheckResult:
    from .filtering import convolve, correlate
    from .kernels import KERNEL_BANK

    astronaut, kernel = _nb05_astronaut(), KERNEL_BANK["emboss"]
    expected = convolve(astronaut, kernel, mode="wrap")
    if answer is not None and np.shape(answer) == expected.shape:
        try:
            given = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            given = None
        if given is not None and not np.allclose(given, expected, atol=1e-9):
            if np.allclose(given, correlate(astronaut, kernel, mode="wrap"), atol=1e-9):
                return CheckResult(False, "your result is a correlation; the exercise asks for "
                                          "a convolution (notebook 02).")
            inside = (slice(1, -1), slice(1, -1))
            if np.allclose(given[inside], expected[inside], atol=1e-9):
                return CheckResult(False, "your result is right away from the borders; the "
                                          "border pixels should wrap around.")
    return compare_arrays(answer, expected, "your OpenCV result", atol=1e-9)


nb05 = exercises(
    q1=Exercise(
        "Which of the new kernels in NB05_Q1_KERNELS (none of them is in the bank) keep the "
        "average brightness of a photo? Answer a set of names.",
        _nb05_q1,
        "What does each kernel make of a flat patch where every pixel is 100? The table of "
        "'Read the numbers' asked the same question of the bank.",
        "from course_utils.checks import NB05_Q1_KERNELS\n"
        "answer = {name for name, K in NB05_Q1_KERNELS.items() if np.isclose(K.sum(), 1)}",
    ),
    q2=Exercise(
        "Compute the gradient magnitude of the grayscale astronaut photo "
        "(load_image('astronaut', gray=True)) from sobel_x and sobel_y, with the 'mirror' "
        "border. Answer the float array.",
        _nb05_q2,
        "Section 'Signed outputs, honestly' combined the two Sobel responses into one edge "
        "strength; what has to stay unclipped for that to work?",
        "astronaut = load_image('astronaut', gray=True)\n"
        "gx = correlate(astronaut, KERNEL_BANK['sobel_x'], mode='mirror')\n"
        "gy = correlate(astronaut, KERNEL_BANK['sobel_y'], mode='mirror')\n"
        "answer = np.hypot(gx, gy)",
    ),
    q3=Exercise(
        "Blur the camera photo with a 5×5 box blur, then take the variance of its "
        "Laplacian (correlate's default border, float results, no clipping). "
        "Answer the number (one decimal is enough).",
        _nb05_q3,
        "Claim 1 measured the same thing for the bank's blurs; what is the 5×5 version of "
        "small_blur?",
        "blurred = correlate(camera, np.full((5, 5), 1 / 25))\n"
        "answer = float(correlate(blurred, KERNEL_BANK['laplacian']).var())",
    ),
    q4=Exercise(
        "The emboss kernel is the identity plus a 'relief' kernel whose entries sum to 0. "
        "Make the relief alone visible on the grayscale astronaut photo with the 'mirror' "
        "border: its response plus a grey offset of 128, clipped to 0-255, as uint8.",
        _nb05_q4,
        "Claim 3 found the relief part from the emboss numbers. A uint8 picture cannot hold "
        "values outside 0-255: decide what happens to them before converting.",
        "astronaut = load_image('astronaut', gray=True)\n"
        "relief = KERNEL_BANK['emboss']\n"
        "relief[1, 1] -= 1\n"
        "response = correlate(astronaut, relief, mode='mirror')\n"
        "answer = np.clip(response + 128, 0, 255).astype(np.uint8)",
    ),
    q5=Exercise(
        "cv2.filter2D refuses BORDER_WRAP and computes a correlation. Reproduce "
        "convolve(astronaut, KERNEL_BANK['emboss'], mode='wrap') with OpenCV and NumPy "
        "(no course_utils filtering), as a float64 array.",
        _nb05_q5,
        "Two things to settle: where the wrapped-around pixels come from (the parity "
        "section did it for correlate), and what a convolution does to the kernel "
        "(notebook 02).",
        "astronaut = load_image('astronaut', gray=True).astype(np.float64)\n"
        "flipped = KERNEL_BANK['emboss'][::-1, ::-1]   # convolution = correlation with "
        "the kernel rotated by 180°\n"
        "padded = cv2.copyMakeBorder(astronaut, 1, 1, 1, 1, cv2.BORDER_WRAP)\n"
        "answer = cv2.filter2D(padded, cv2.CV_64F, flipped)[1:-1, 1:-1]",
    ),
)


# === nb06 ===


def _nb06_output_size(answer) -> CheckResult:
    from .cnn import conv_output_size

    return compare_numbers(answer, conv_output_size(224, 7, stride=2, padding=3),
                           "your output size")


def _nb06_parameters(answer) -> CheckResult:
    from .cnn import conv_parameter_count

    return compare_numbers(answer, conv_parameter_count(3, 16, (5, 5)), "your parameter count")


#: Exercise nb06.q3: correlate with the first kernel, then with the second (both asymmetric).
NB06_Q3_KERNELS = ("sobel_x", "emboss")


def _nb06_composed(answer) -> CheckResult:
    from scipy.signal import correlate2d

    from .cnn import compose_kernels
    from .kernels import KERNEL_BANK

    first, second = (KERNEL_BANK[name] for name in NB06_Q3_KERNELS)
    expected = compose_kernels(first, second)
    if answer is not None and np.shape(answer) == expected.shape:
        try:
            given = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            given = None
        if given is not None and not np.allclose(given, expected):
            if np.allclose(given, expected[::-1, ::-1]):
                return CheckResult(False, "your kernel is the right one rotated by 180°. "
                                          "Correlating a single 1 stamps a kernel rotated "
                                          "by 180° (notebook 02): rotate it back.")
            correlated = (correlate2d(first, second, mode="full"),
                          correlate2d(second, first, mode="full"))
            if any(np.allclose(given, c) or np.allclose(given, c[::-1, ::-1])
                   for c in correlated):
                return CheckResult(False, "you combined the kernels by correlating one with "
                                          "the other; two correlations in a row add their "
                                          "offsets, and adding offsets is a convolution.")
    return compare_arrays(answer, expected, "your 5×5 kernel")


nb06 = exercises(
    q1=Exercise(
        "A layer takes a 224×224 image, has 7×7 kernels, stride 2 and padding 3. "
        "How many rows does its output have?",
        _nb06_output_size,
        "Use the output-size formula of the notebook: decide which of its letters is 224, "
        "which 7, which 2 and which 3, and remember the floor.",
        "from course_utils.cnn import conv_output_size\n"
        "answer = conv_output_size(224, 7, stride=2, padding=3)   # (224 + 6 - 7) // 2 + 1",
    ),
    q2=Exercise(
        "How many learned numbers (weights and biases) has a layer of 16 filters of 5×5 "
        "on an RGB input?",
        _nb06_parameters,
        "Each filter covers all 3 input channels and has one bias.",
        "answer = 16 * (3 * 5 * 5 + 1)",
    ),
    q3=Exercise(
        "Without compose_kernels: find the 5×5 kernel K with correlate(correlate(image, "
        "KERNEL_BANK['sobel_x'], mode='wrap'), KERNEL_BANK['emboss'], mode='wrap') == "
        "correlate(image, K, mode='wrap').",
        _nb06_composed,
        "A kernel can be read off the response to a single 1 in a blank image. Try it on "
        "one 3×3 kernel first and compare what comes out with the kernel.",
        "impulse = np.zeros((9, 9)); impulse[4, 4] = 1\n"
        "two = correlate(correlate(impulse, KERNEL_BANK['sobel_x'], mode='wrap'), "
        "KERNEL_BANK['emboss'], mode='wrap')\n"
        "answer = two[2:7, 2:7][::-1, ::-1]   # the response is the kernel rotated by 180°\n"
        "# the same: scipy.signal.convolve2d(KERNEL_BANK['sobel_x'], KERNEL_BANK['emboss'])",
    ),
)


# === nb07 ===

def _nb07_separable_count(answer) -> CheckResult:
    from .filtering import separable_factors
    from .kernels import KERNEL_BANK

    col, row = separable_factors(KERNEL_BANK["large_blur"])
    return compare_numbers(answer, len(col) + len(row), "your number of multiplications")


#: The image whose integral table exercise nb07.q2 hands to the learner's function
#: (rows, columns, seed): the learner never sees the image, only its table.
NB07_Q2_IMAGE = (37, 53, 7)


def _nb07_q2_boxes(rows: int, cols: int, rng) -> list[tuple[int, int, int, int]]:
    """Boxes (top, left, bottom, right), all four inclusive, to try: corners, single
    pixels, the whole image."""
    boxes = [(0, 0, rows - 1, cols - 1), (0, 0, 0, 0), (rows - 1, cols - 1, rows - 1, cols - 1),
             (0, 5, 2, 11), (4, 0, 9, 1)]
    for _ in range(12):
        top, left = int(rng.integers(0, rows)), int(rng.integers(0, cols))
        boxes.append((top, left, int(rng.integers(top, rows)), int(rng.integers(left, cols))))
    return boxes


def _nb07_box_sum(answer) -> CheckResult:
    from .fast import box_sum, integral_image

    rejected = _not_own_function(answer, "a function rect_sum(table, top, left, bottom, "
                                         "right)", box_sum, "write the four look-ups yourself.")
    if rejected is not None:
        return rejected
    rows, cols, seed = NB07_Q2_IMAGE
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 256, size=(rows, cols))
    table = integral_image(image)
    boxes = _nb07_q2_boxes(rows, cols, rng)
    for top, left, bottom, right in boxes:
        where = f"the box top={top}, left={left}, bottom={bottom}, right={right}"
        try:
            got = answer(table.copy(), top, left, bottom, right)
        except Exception as error:  # any failure of the learner's code is reported
            return _raised(error, f"{where} of a {rows}×{cols} image (its table is "
                                  f"{rows + 1}×{cols + 1})")
        expected = int(image[top:bottom + 1, left:right + 1].sum())
        result = compare_numbers(got, expected, f"your sum for {where}")
        if not result.ok:
            return CheckResult(False, result.message[:-1] + ": which rows and columns of "
                                      "the table bound the rectangle? S[i, j] sums "
                                      "image[:i, :j].")
    return CheckResult(True, f"your function is right for all {len(boxes)} boxes tried, "
                             "on a table whose image you never saw.")


#: The kernels exercise nb07.q3 tries the learner's factors() on, as (name, kernel).
def _nb07_q3_kernels():
    from .kernels import KERNEL_BANK

    rng = np.random.default_rng(17)
    return [
        ("sobel_y", KERNEL_BANK["sobel_y"]),
        ("large_blur", KERNEL_BANK["large_blur"]),
        ("a random rank-1 5×3 kernel", np.outer(rng.normal(size=5), rng.normal(size=3))),
        ("[[1, 4, 6, 4, 1]]", np.array([[1.0, 4, 6, 4, 1]])),
        ("laplacian", KERNEL_BANK["laplacian"]),
        ("emboss", KERNEL_BANK["emboss"]),
        ("a random 3×5 kernel", rng.normal(size=(3, 5))),
    ]


def _nb07_factors(answer) -> CheckResult:
    from .filtering import separable_factors

    rejected = _not_own_function(answer, "a function factors(kernel)", separable_factors,
                                 "write the rank test and the split yourself.")
    if rejected is not None:
        return rejected
    kernels = _nb07_q3_kernels()
    for name, kernel in kernels:
        separable = np.linalg.matrix_rank(kernel) == 1
        try:
            got = answer(kernel.copy())
        except Exception as error:  # any failure of the learner's code is reported
            return _raised(error, name)
        if not separable:
            if got is not None:
                return CheckResult(False, f"your function returned factors for {name}, which "
                                          "is not separable: it should return None.")
            continue
        if got is None:
            return CheckResult(False, f"your function returned None for {name}, which is "
                                      "separable.")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return CheckResult(False, f"for {name} your function should return a pair "
                                      "(col, row).")
        try:
            col, row = (np.asarray(a, dtype=np.float64).ravel() for a in got)
        except (TypeError, ValueError):
            return CheckResult(False, f"for {name}, col and row should be arrays of numbers.")
        if col.size != kernel.shape[0] or row.size != kernel.shape[1]:
            return CheckResult(False, f"for {name} ({kernel.shape[0]}×{kernel.shape[1]}) col "
                                      f"should hold {kernel.shape[0]} numbers and row "
                                      f"{kernel.shape[1]}, got {col.size} and {row.size}.")
        if not np.allclose(np.outer(col, row), kernel, atol=1e-9 * np.abs(kernel).max()):
            return CheckResult(False, f"for {name}, np.outer(col, row) is not the kernel.")
    return CheckResult(True, f"your function is right for all {len(kernels)} kernels tried.")


nb07 = exercises(
    q1=Exercise(
        "How many multiplications per pixel does the separable large_blur (21×21) need?",
        _nb07_separable_count,
        "Count the entries of the two 1-D kernels.",
        "col, row = separable_factors(KERNEL_BANK['large_blur'])\n"
        "answer = len(col) + len(row)",
    ),
    q2=Exercise(
        "Write rect_sum(table, top, left, bottom, right) that returns the sum of the "
        "rectangle whose top row, left column, bottom row and right column are all "
        "included, image[top:bottom+1, left:right+1], from table = integral_image(image) "
        "alone.",
        _nb07_box_sum,
        "Sketch the rectangle and the four regions that start at the top-left corner of the "
        "image; then write down which pixels S[i, j] covers, and check your indices on a "
        "single-pixel box.",
        "def rect_sum(S, top, left, bottom, right):\n"
        "    # S[i, j] sums image[:i, :j]: the first row and column after the box are\n"
        "    # bottom + 1 and right + 1\n"
        "    b, r = bottom + 1, right + 1\n"
        "    return S[b, r] - S[top, r] - S[b, left] + S[top, left]\n"
        "answer = rect_sum",
    ),
    q3=Exercise(
        "Write factors(kernel) that returns (col, row) with np.outer(col, row) equal to "
        "kernel when the kernel is separable (rank 1), and None otherwise.",
        _nb07_factors,
        "Decide the rank from the singular values (which of them are zero up to "
        "rounding?); the SVD step of the notebook does the rest.",
        "def factors(kernel):\n"
        "    u, s, vt = np.linalg.svd(kernel)\n"
        "    if len(s) > 1 and s[1] > 1e-10 * s[0]:\n"
        "        return None\n"
        "    return u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0])\n"
        "answer = factors",
    ),
)
