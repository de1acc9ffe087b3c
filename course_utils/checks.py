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
           "compare_tuples", "compare_names", "NB04_CROP", "NB04_RESPONSES", "nb04", "nb05"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``ok`` and a message for the learner.

    It prints as the learner should read it, and is true when the answer is right.

    Examples
    --------
    >>> result = CheckResult(False, "your answer is too small.")
    >>> result
    Not yet: your answer is too small.
    >>> bool(result), bool(CheckResult(True, "your answer is right."))
    (False, True)
    """

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("Correct! " if self.ok else "Not yet: ") + self.message


def compare_numbers(answer, expected: float, what: str = "your answer",
                    atol: float = 1e-6) -> CheckResult:
    """Compare a number without revealing the expected one.

    Examples
    --------
    >>> compare_numbers(132, 132)
    Correct! your answer is right.
    >>> compare_numbers(131, 132)
    Not yet: your answer is too small.
    >>> compare_numbers("132", 132)
    Not yet: your answer should be a number, got str.
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
    Not yet: your array differs in 2 of 4 entries (largest difference 1).
    >>> compare_arrays(np.zeros(3), np.zeros((3, 1)))
    Not yet: your array has shape (3,), it should have shape (3, 1).
    >>> compare_arrays(np.eye(2)[::-1], np.eye(2)[:, ::-1])
    Correct! your array is right.
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
    Not yet: your answer is too large.
    >>> q.check(4)
    Correct! your answer is right.
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


def exercises(**questions: Exercise) -> SimpleNamespace:
    """Group a notebook's exercises: ``nb01 = exercises(q1=..., q2=...)``.

    Examples
    --------
    >>> nb99 = exercises(q1=Exercise("What is 2 + 2?", lambda a: compare_numbers(a, 4),
    ...                              "Count on your fingers.", "answer = 2 + 2"))
    >>> nb99.q1.check(4)
    Correct! your answer is right.
    """
    return SimpleNamespace(**questions)


# ---------------------------------------------------------------------------
# The exercises of each notebook follow, one section per notebook, in order.
# Each section defines ``nbNN = exercises(q1=Exercise(...), ...)``.
# ---------------------------------------------------------------------------

# === nb01 ===

__all__ += ["nb01", "nb02", "nb03"]  # names of notebooks 01-03

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
    if not callable(answer):
        return CheckResult(False, f"your answer should be a function, got "
                                  f"{type(answer).__name__}.")
    for shape in NB01_SHAPES:
        rows, cols = shape
        expected = ((rows - 1) // 2, (cols - 1) // 2) if rows % 2 and cols % 2 else None
        try:
            got = answer(shape)
        except Exception as error:  # any failure of the learner's code is reported
            return CheckResult(False, f"your function raised {type(error).__name__} for a "
                                      f"kernel of shape {shape}.")
        if expected is None and got is not None:
            return CheckResult(False, f"a kernel of shape {shape} has no centre pixel; "
                                      "your function should return None for it.")
        if expected is not None and (got is None or tuple(got) != expected):
            return CheckResult(False, f"your function gives the wrong centre for a kernel "
                                      f"of shape {shape}.")
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
        "Element-wise multiplication is * in NumPy; convert the uint8 region to int or "
        "float first so that nothing overflows.",
        "answer = EXAMPLE_REGION.astype(float) * KERNEL_BANK['sharpen']\n"
        "# or: window_at(EXAMPLE_REGION, KERNEL_BANK['sharpen'], 1, 1).products",
    ),
    q3=Exercise(
        "Write a function centre(shape) that returns the (row, col) of the centre pixel "
        "of a kernel of shape (M, N), or None when the kernel has no centre pixel.",
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


def _nb02_q1(answer) -> CheckResult:
    from .kernels import KERNEL_BANK

    emboss = KERNEL_BANK["emboss"]
    expected = emboss[::-1, ::-1]
    if answer is not None and np.shape(answer) == (3, 3):
        given = np.asarray(answer, dtype=float)
        if np.array_equal(given, emboss):
            return CheckResult(False, "that is emboss itself: correlate would then compute "
                                      "the correlation, not the convolution.")
        if np.array_equal(given, emboss[::-1]) or np.array_equal(given, emboss[:, ::-1]):
            return CheckResult(False, "you flipped only one axis; a 180° rotation flips "
                                      "both the rows and the columns.")
    return compare_arrays(answer, expected, "your kernel")


def _nb02_q2(answer) -> CheckResult:
    from .filtering import convolve, correlate
    from .images import load_image
    from .kernels import KERNEL_BANK

    image = load_image("camera")[:64, :64]
    expected = [name for name, kernel in KERNEL_BANK.items()
                if np.allclose(correlate(image, kernel), convolve(image, kernel))]
    if isinstance(answer, str):
        return CheckResult(False, "your answer should be a collection of names (a set or "
                                  "a list), not one string.")
    return compare_names(answer, expected, "your set of kernel names")


def _nb02_q3(answer) -> CheckResult:
    from scipy.signal import convolve2d

    from .kernels import KERNEL_BANK

    box = np.full((3, 3), 1 / 9)
    expected = convolve2d(KERNEL_BANK["sobel_y"], box, mode="full")
    if answer is not None and np.shape(answer) == (5, 5):
        from scipy.signal import correlate2d

        given = np.asarray(answer, dtype=float)
        correlated = (correlate2d(KERNEL_BANK["sobel_y"], box, mode="full"),
                      correlate2d(box, KERNEL_BANK["sobel_y"], mode="full"))
        if any(np.allclose(given, c) for c in correlated) and not np.allclose(given, expected):
            return CheckResult(False, "you combined the kernels by correlating them; "
                                      "combining needs the convolution (flips included).")
    return compare_arrays(answer, expected, "your combined kernel")


nb02 = exercises(
    q1=Exercise(
        "Which kernel K makes correlate(image, K) equal to convolve(image, "
        "KERNEL_BANK['emboss'])? Answer the 3×3 array K.",
        _nb02_q1,
        "convolve is correlate with the kernel rotated by 180°: flip the rows and the "
        "columns.",
        "answer = KERNEL_BANK['emboss'][::-1, ::-1]   # or np.rot90(emboss, 2)",
    ),
    q2=Exercise(
        "Which kernels of KERNEL_BANK give the same result with correlate and with "
        "convolve? Answer a set of their names.",
        _nb02_q2,
        "A kernel gives the same result both ways when rotating it by 180° leaves it "
        "unchanged; test each one with np.array_equal(k, k[::-1, ::-1]).",
        "answer = {name for name, k in KERNEL_BANK.items() "
        "if np.array_equal(k, k[::-1, ::-1])}",
    ),
    q3=Exercise(
        "Find the single 5×5 kernel K with convolve(convolve(image, "
        "KERNEL_BANK['sobel_y'], mode='wrap'), box, mode='wrap') == convolve(image, K, "
        "mode='wrap') for the 3×3 box blur box = np.full((3, 3), 1 / 9).",
        _nb02_q3,
        "Associativity: the combined kernel is the full 2-D convolution of the two "
        "kernels (scipy.signal.convolve2d with mode='full').",
        "box = np.full((3, 3), 1 / 9)\n"
        "answer = convolve2d(KERNEL_BANK['sobel_y'], box, mode='full')",
    ),
)

# === nb03 ===


def _nb03_q1(answer) -> CheckResult:
    from scipy.signal import correlate2d

    image, kernel = np.zeros((512, 512)), np.zeros((21, 21))
    expected = correlate2d(image, kernel, mode="valid").shape
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return compare_tuples(answer, expected, "your (rows, columns)")
    for axis, got, want in zip(("rows", "columns"), answer, expected, strict=True):
        result = compare_numbers(got, want, f"your number of {axis}")
        if not result.ok:
            return result
    return CheckResult(True, "your (rows, columns) is right.")


def _nb03_q2(answer) -> CheckResult:
    from .borders import BORDER_MODES, pad

    row = [[1, 2, 3, 4, 5]]
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


def _nb03_q3(answer) -> CheckResult:
    from .borders import BORDER_MODES
    from .filtering import correlate

    image = np.random.default_rng(3).integers(0, 256, size=(100, 100))
    box = np.full((9, 9), 1 / 81)
    results = np.stack([correlate(image, box, mode=mode, cval=0) for mode in BORDER_MODES])
    differs = np.ptp(results, axis=0) > 1e-9
    return compare_numbers(answer, int(differs.sum()), "your number of pixels")


nb03 = exercises(
    q1=Exercise(
        "A 512×512 image is correlated with a 21×21 kernel in 'valid' mode (no padding: "
        "the kernel only where it fits). What is the output's shape? Answer (rows, "
        "columns).",
        _nb03_q1,
        "The kernel's centre can go no closer to an edge than half the kernel, "
        "(21 - 1) / 2 pixels: output size = image size - kernel size + 1.",
        "answer = (512 - 21 + 1, 512 - 21 + 1)",
    ),
    q2=Exercise(
        "Pad the row [1, 2, 3, 4, 5] by 2 values on each side the way cv2.filter2D's "
        "default border does. Answer the 9 values.",
        _nb03_q2,
        "OpenCV's default is BORDER_REFLECT_101; look it up in BORDER_MODES (or "
        "border_table()) for its scipy name and pattern, then use pad().",
        "answer = pad([[1, 2, 3, 4, 5]], (1, 5), 'mirror')[0]",
    ),
    q3=Exercise(
        "A 9×9 box blur runs over a 100×100 image. How many of the output pixels can "
        "change when you switch the border mode? (The rest never read a padded value.)",
        _nb03_q3,
        "A pixel reads padding when it is less than half a kernel, (9 - 1) / 2 pixels, "
        "from an edge; count the pixels of the inner block that does not, and subtract.",
        "half = (9 - 1) // 2\n"
        "answer = 100 * 100 - (100 - 2 * half) * (100 - 2 * half)",
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
    Not yet: your answer is wrong in position 1 of 2.
    >>> compare_tuples([1, 3], (1, 3))
    Correct! your answer is right.
    >>> compare_tuples(3, (1, 3))
    Not yet: your answer should be a tuple of 2 numbers, got int.
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


#: The float responses of exercise nb04.q2.
NB04_RESPONSES = (-3.5, 0.4, 131.99, 254.999, 300.0)


def _nb04_q2(answer) -> CheckResult:
    from skimage.exposure import rescale_intensity

    output = np.array(NB04_RESPONSES, dtype=np.float32)
    expected = (rescale_intensity(output, in_range=(0, 255)) * 255).astype("uint8")
    result = compare_arrays(answer, expected, "your array", atol=0)
    if result.ok and np.asarray(answer).dtype != np.uint8:
        return CheckResult(False, "the values are right, but the lesson stores them as uint8.")
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
    return result


def _nb04_q5(answer) -> CheckResult:
    from .filtering import correlate
    from .images import load_image
    from .kernels import KERNEL_BANK

    true = correlate(load_image("camera"), KERNEL_BANK["sobel_y"], mode="nearest")
    return compare_numbers(answer, int(np.count_nonzero(true < 0)),
                           "your count of pixels turned black")


nb04 = exercises(
    q1=Exercise(
        "A 3×7 kernel (3 rows, 7 columns) is legal. How many rows and how many columns "
        "must be added on EACH side of the image so that the output keeps the input's "
        "size? Answer a tuple (rows, columns).",
        _nb04_q1,
        "Each axis needs half of (its kernel size - 1); the lesson used the width for both.",
        "answer = ((3 - 1) // 2, (7 - 1) // 2)",
    ),
    q2=Exercise(
        "The loop produced the float32 responses "
        "np.array([-3.5, 0.4, 131.99, 254.999, 300.0], dtype=np.float32). Which uint8 "
        "values does the lesson's last step store for them? Answer the uint8 array.",
        _nb04_q2,
        "rescale_intensity(..., in_range=(0, 255)) clips to 0-255 and divides by 255; then "
        "* 255 and astype('uint8') truncates towards 0.",
        "responses = np.array([-3.5, 0.4, 131.99, 254.999, 300.0], dtype=np.float32)\n"
        "answer = (rescale_intensity(responses, in_range=(0, 255)) * 255).astype('uint8')",
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
        "Using course_utils.correlate (no OpenCV), make a uint8 array equal, pixel for "
        "pixel, to cv2.filter2D(crop, -1, KERNEL_BANK['small_blur']) with OpenCV's "
        "DEFAULT border.",
        _nb04_q4,
        "Two causes to remove: OpenCV's default border is BORDER_REFLECT_101 (which scipy "
        "name is that? see BORDER_MODES), and OpenCV rounds where the lesson truncates.",
        "result = correlate(crop, KERNEL_BANK['small_blur'], mode='mirror')\n"
        "answer = np.clip(np.rint(result), 0, 255).astype(np.uint8)",
    ),
    q5=Exercise(
        "On the full camera photo, how many pixels have a negative true sobel_y response "
        "(replicate border), i.e. how many does the lesson's uint8 output turn black?",
        _nb04_q5,
        "Compute the float response with correlate(..., mode='nearest') and count the "
        "values below 0.",
        "true = correlate(load_image('camera'), KERNEL_BANK['sobel_y'], mode='nearest')\n"
        "answer = int(np.count_nonzero(true < 0))",
    ),
)


# === nb05 ===


def compare_names(answer, expected, what: str = "your set of names") -> CheckResult:
    """Compare a collection of names, saying how many are missing or extra (not which).

    Examples
    --------
    >>> compare_names({"a", "c"}, ["a", "b"])
    Not yet: your set of names misses 1 and has 1 that does not belong.
    >>> compare_names(["b", "a"], {"a", "b"})
    Correct! your set of names is right.
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


def _nb05_q1(answer) -> CheckResult:
    from .kernels import KERNEL_BANK

    keep = [name for name in KERNEL_BANK if abs(KERNEL_BANK[name].sum() - 1) < 1e-9]
    return compare_names(answer, keep, "your set of kernels")


def _nb05_camera() -> np.ndarray:
    from .images import load_image

    return load_image("camera")


def _nb05_q2(answer) -> CheckResult:
    from .filtering import correlate
    from .kernels import KERNEL_BANK

    camera = _nb05_camera()
    expected = np.hypot(correlate(camera, KERNEL_BANK["sobel_x"]),
                        correlate(camera, KERNEL_BANK["sobel_y"]))
    return compare_arrays(answer, expected, "your gradient magnitude", atol=1e-6)


def _nb05_q3(answer) -> CheckResult:
    from .filtering import correlate
    from .kernels import KERNEL_BANK

    blurred = correlate(_nb05_camera(), np.full((5, 5), 1 / 25))
    expected = float(correlate(blurred, KERNEL_BANK["laplacian"]).var())
    return compare_numbers(answer, expected, "your variance", atol=1e-6 * expected)


def _nb05_q4(answer) -> CheckResult:
    from .filtering import correlate
    from .kernels import KERNEL_BANK

    relief = KERNEL_BANK["emboss"]
    relief[1, 1] -= 1  # emboss minus the identity: the part that sums to 0
    expected = np.clip(correlate(_nb05_camera(), relief) + 128, 0, 255)
    result = compare_arrays(answer, expected, "your relief picture", atol=1.0)
    if result.ok and np.asarray(answer).dtype != np.uint8:
        return CheckResult(False, "the values are right; now make the picture uint8.")
    return result


def _nb05_q5(answer) -> CheckResult:
    from .filtering import correlate
    from .kernels import KERNEL_BANK

    expected = correlate(_nb05_camera(), KERNEL_BANK["sobel_x"], mode="wrap")
    return compare_arrays(answer, expected, "your OpenCV result", atol=1e-9)


nb05 = exercises(
    q1=Exercise(
        "Which kernels of KERNEL_BANK keep the average brightness of a photo? Answer a set "
        "of names.",
        _nb05_q1,
        "A kernel keeps the average brightness when its entries add up to 1.",
        "answer = {name for name in KERNEL_BANK if np.isclose(KERNEL_BANK[name].sum(), 1)}",
    ),
    q2=Exercise(
        "Compute the gradient magnitude of the camera photo (load_image('camera')) from "
        "sobel_x and sobel_y with correlate's default border. Answer the float array.",
        _nb05_q2,
        "Magnitude = sqrt(gx**2 + gy**2), with gx and gy the two signed (unclipped) "
        "responses.",
        "gx = correlate(camera, KERNEL_BANK['sobel_x'])\n"
        "gy = correlate(camera, KERNEL_BANK['sobel_y'])\n"
        "answer = np.hypot(gx, gy)",
    ),
    q3=Exercise(
        "Blur the camera photo with a 5×5 box blur, then take the variance of its "
        "Laplacian (correlate's default border, float results, no clipping). "
        "Answer the number.",
        _nb05_q3,
        "Two correlate calls, then .var() of the second result; the 5×5 box blur is "
        "np.full((5, 5), 1 / 25).",
        "blurred = correlate(camera, np.full((5, 5), 1 / 25))\n"
        "answer = float(correlate(blurred, KERNEL_BANK['laplacian']).var())",
    ),
    q4=Exercise(
        "The emboss kernel is the identity plus a 'relief' kernel whose entries sum to 0. "
        "Make the relief alone visible on the camera photo: its response plus a grey "
        "offset of 128, clipped to 0-255, as uint8.",
        _nb05_q4,
        "relief = emboss with 1 subtracted from its centre entry; correlate, add 128, "
        "np.clip to 0-255, astype(np.uint8).",
        "relief = KERNEL_BANK['emboss']\n"
        "relief[1, 1] -= 1\n"
        "answer = np.clip(correlate(camera, relief) + 128, 0, 255).astype(np.uint8)",
    ),
    q5=Exercise(
        "cv2.filter2D refuses BORDER_WRAP. Reproduce correlate(camera, "
        "KERNEL_BANK['sobel_x'], mode='wrap') with OpenCV alone (float64 result).",
        _nb05_q5,
        "Pad first with cv2.copyMakeBorder(..., cv2.BORDER_WRAP), filter the padded "
        "image with ddepth cv2.CV_64F, then cut the padding off.",
        "padded = cv2.copyMakeBorder(camera.astype(np.float64), 1, 1, 1, 1, "
        "cv2.BORDER_WRAP)\n"
        "answer = cv2.filter2D(padded, cv2.CV_64F, KERNEL_BANK['sobel_x'])[1:-1, 1:-1]",
    ),
)


# === nb06 ===

__all__ += ["nb06", "nb07"]  # names of notebooks 06-07


def _nb06_output_size(answer) -> CheckResult:
    from .cnn import conv_output_size

    return compare_numbers(answer, conv_output_size(224, 7, stride=2, padding=3),
                           "your output size")


def _nb06_parameters(answer) -> CheckResult:
    from .cnn import conv_parameter_count

    return compare_numbers(answer, conv_parameter_count(3, 16, (5, 5)), "your parameter count")


def _nb06_composed(answer) -> CheckResult:
    from .cnn import compose_kernels
    from .kernels import KERNEL_BANK

    expected = compose_kernels(KERNEL_BANK["sharpen"], KERNEL_BANK["laplacian"])
    return compare_arrays(answer, expected, "your 5×5 kernel")


nb06 = exercises(
    q1=Exercise(
        "A layer takes a 224×224 image, has 7×7 kernels, stride 2 and padding 3. "
        "How many rows does its output have?",
        _nb06_output_size,
        "floor((H + 2P - K) / S) + 1, with H = 224, K = 7, S = 2, P = 3.",
        "from course_utils.cnn import conv_output_size\n"
        "answer = conv_output_size(224, 7, stride=2, padding=3)",
    ),
    q2=Exercise(
        "How many learned numbers (weights and biases) has a layer of 16 filters of 5×5 "
        "on an RGB input?",
        _nb06_parameters,
        "Each filter covers all 3 input channels and has one bias.",
        "answer = 16 * (3 * 5 * 5 + 1)",
    ),
    q3=Exercise(
        "Which single 5×5 kernel does 'sharpen, then laplacian' (two correlations)?",
        _nb06_composed,
        "compose_kernels(first, second) adds the two kernels' offsets.",
        "from course_utils.cnn import compose_kernels\n"
        "answer = compose_kernels(KERNEL_BANK['sharpen'], KERNEL_BANK['laplacian'])",
    ),
)


# === nb07 ===

def _nb07_separable_count(answer) -> CheckResult:
    from .filtering import separable_factors
    from .kernels import KERNEL_BANK

    col, row = separable_factors(KERNEL_BANK["large_blur"])
    return compare_numbers(answer, len(col) + len(row), "your number of multiplications")


#: The rectangle of the camera photo whose sum notebook 07's exercise asks for.
NB07_BOX = (slice(100, 150), slice(200, 260))


def _nb07_box_sum(answer) -> CheckResult:
    from .images import load_image

    expected = float(load_image("camera")[NB07_BOX].astype(np.int64).sum())
    return compare_numbers(answer, expected, "your sum")


def _nb07_factors(answer) -> CheckResult:
    from .kernels import KERNEL_BANK

    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return CheckResult(False, "your answer should be a pair (col, row) of 1-D arrays.")
    try:
        col, row = (np.asarray(a, dtype=np.float64).ravel() for a in answer)
    except (TypeError, ValueError):
        return CheckResult(False, "col and row should be arrays of numbers.")
    if col.shape != (3,) or row.shape != (3,):
        return CheckResult(False, f"col and row should hold 3 numbers each, got {col.size} "
                                  f"and {row.size}.")
    return compare_arrays(np.outer(col, row), KERNEL_BANK["sobel_y"], "np.outer(col, row)")


nb07 = exercises(
    q1=Exercise(
        "How many multiplications per pixel does the separable large_blur (21×21) need?",
        _nb07_separable_count,
        "One 1-D pass along the rows, one down the columns.",
        "col, row = separable_factors(KERNEL_BANK['large_blur'])\n"
        "answer = len(col) + len(row)",
    ),
    q2=Exercise(
        "With integral_image and four look-ups, find the sum of camera[100:150, 200:260].",
        _nb07_box_sum,
        "box_sum(table, top, left, height, width) does the four look-ups.",
        "table = integral_image(load_image('camera'))\n"
        "answer = box_sum(table, 100, 200, 50, 60)",
    ),
    q3=Exercise(
        "Find 1-D kernels col and row with np.outer(col, row) equal to sobel_y.",
        _nb07_factors,
        "np.linalg.svd gives u, s, vt; the first column of u and first row of vt, "
        "scaled by the square root of s[0], are the factors.",
        "u, s, vt = np.linalg.svd(KERNEL_BANK['sobel_y'])\n"
        "answer = (u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0]))",
    ),
)
