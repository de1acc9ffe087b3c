"""Notebook 04's capstone (nb04.q8): the learner's whole ``convolve(image, K)``.

The worked solution passes bit for bit; each usual mistake, written as a learner would
write it, is named; every forbidden shortcut is refused, whatever name reaches it; and the
check's cases are such that any order of summation gives the same uint8 image."""

from fractions import Fraction

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi
import scipy.signal

import course_utils
from course_utils.checks import nb04
from course_utils.checks.nb04 import _capstone_cases, capstone_reference


def _solution():
    namespace = {"np": np}
    exec(nb04.q8.solution_text, namespace)  # noqa: S102 - our own worked solution
    return namespace["answer"]


def _replicate(image, py, px, border="edge"):
    """The learner's own padding (no np.pad): replicate, or zeros for border='zero'."""
    height, width = image.shape
    if border == "zero":
        padded = np.zeros((height + 2 * py, width + 2 * px))
        padded[py:py + height, px:px + width] = image
        return padded
    tall = np.concatenate([np.repeat(image[:1], py, axis=0), image,
                           np.repeat(image[-1:], py, axis=0)], axis=0)
    return np.concatenate([np.repeat(tall[:, :1], px, axis=1), tall,
                           np.repeat(tall[:, -1:], px, axis=1)], axis=1).astype(float)


def learner(sign_m=-1, sign_n=-1, single_pad=False, border="edge", final="truncate",
            colour="each", dtype=np.uint8, mutate=False, square_only=False,
            centre_from_width=False, extra_pad=0):
    """A learner's convolve with one step done the mistaken way (the defaults: right)."""
    def convolve(image, K):
        K = np.asarray(K, dtype=np.float64)
        if mutate:
            image[0, 0] = 0
        if image.ndim == 3:
            if colour == "each":
                return np.dstack([convolve(image[:, :, c], K) for c in range(3)])
            if colour == "reversed":
                return np.dstack([convolve(image[:, :, c], K) for c in (2, 1, 0)])
            if colour == "first":
                return convolve(image[:, :, 0], K)
            if colour == "gray":
                return convolve(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), K)
        (H, W), (M, N) = image.shape, K.shape
        if square_only and M != N:
            raise ValueError("my kernel must be square")
        py, px = (M - 1) // 2, (N - 1) // 2
        if single_pad:
            py = px
        padded = _replicate(image, py + extra_pad, px, border)
        sums = np.zeros((H, W))
        for m in range(-((M - 1) // 2), (M - 1) // 2 + 1):
            for n in range(-((N - 1) // 2), (N - 1) // 2 + 1):
                r, c = (px if centre_from_width else py) + sign_m * m, px + sign_n * n
                sums += K[m + (M - 1) // 2, n + (N - 1) // 2] * padded[r:r + H, c:c + W]
        if final == "raw":
            return sums
        if final == "round":
            return np.clip(np.rint(sums), 0, 255).astype(dtype)
        if final == "no clip":
            with np.errstate(invalid="ignore"):
                return sums.astype(dtype)
        if final == "low only":
            return np.maximum(sums, 0).astype(dtype)
        return np.clip(sums, 0, 255).astype(dtype)
    return convolve


def flipped_twice(image, K):
    """Both minus signs, and the kernel reversed by index arithmetic as well."""
    K = np.asarray(K, dtype=np.float64)
    (H, W), (M, N) = image.shape, K.shape
    py, px = (M - 1) // 2, (N - 1) // 2
    padded = _replicate(image, py, px)
    sums = np.zeros((H, W))
    for m in range(-py, py + 1):
        for n in range(-px, px + 1):
            sums += K[py - m, px - n] * padded[py - m:py - m + H, px - n:px - n + W]
    return np.clip(sums, 0, 255).astype(np.uint8)


def test_the_worked_solution_passes_bit_for_bit():
    solution = _solution()
    result = nb04.q8.check(solution)
    assert result.ok, result.message
    for _, image, kernel in _capstone_cases():  # and it is the course's convolution
        np.testing.assert_array_equal(solution(image, kernel), capstone_reference(image,
                                                                                  kernel))


def test_the_reference_adds_in_the_worked_solution_s_order_on_photos():
    """Notebook 04 runs capstone_reference in place of the learner's convolve: on photos,
    where the order of summation shows (the blurs), it is the worked solution bit for bit."""
    from course_utils import KERNEL_BANK, load_image
    from course_utils.checks import NB04_CROP
    solution = _solution()
    images = (load_image("camera")[NB04_CROP], load_image("chelsea")[100:164, 100:164])
    for image in images:
        for kernel in KERNEL_BANK.values():
            np.testing.assert_array_equal(capstone_reference(image, kernel),
                                          solution(image, kernel))


def test_the_reference_is_scipy_s_convolution_clipped_and_truncated():
    for _, image, kernel in _capstone_cases():
        if image.ndim == 2:
            sums = ndi.convolve(image.astype(float), kernel, mode="nearest")
        else:
            sums = np.dstack([ndi.convolve(image[:, :, c].astype(float), kernel,
                                           mode="nearest") for c in range(3)])
        np.testing.assert_array_equal(capstone_reference(image, kernel),
                                      np.clip(sums, 0, 255).astype(np.uint8))


def test_the_cases_are_bit_for_bit_whatever_the_order_of_summation():
    """Exact rational sums, truncated, give the reference: no sum lies a hair from a
    whole number, so a learner's loop in any order gives the same image."""
    for _, image, kernel in _capstone_cases():
        flipped = kernel[::-1, ::-1]
        weights = [[Fraction(float(w)) for w in row] for row in flipped]
        rows, cols = kernel.shape
        py, px = (rows - 1) // 2, (cols - 1) // 2
        channels = image[:, :, None] if image.ndim == 2 else image
        reference = capstone_reference(image, kernel).reshape(channels.shape)
        height, width = channels.shape[:2]
        for c in range(channels.shape[2]):
            for y in range(height):
                for x in range(width):
                    total = sum(weights[m][n] * int(channels[min(max(y + m - py, 0),
                                                                 height - 1),
                                                             min(max(x + n - px, 0),
                                                                 width - 1), c])
                                for m in range(rows) for n in range(cols))
                    assert min(max(int(total // 1), 0), 255) == reference[y, x, c]
                    fraction = total - total // 1
                    # float64 noise here is below 1e-11, and the hair case 2**-25 or more from whole
                    assert fraction == 0 or 1e-8 < fraction < 1 - 1e-8


def variant(kernel_dtype=np.float64, m_range=None, colour="each"):
    """A right convolve but for one slip: an integer kernel, a loop over m that stops
    early or starts at 0, or a colour image filtered as one wide grayscale image."""
    def convolve(image, K):
        K = np.asarray(K, dtype=kernel_dtype)
        if image.ndim == 3:
            if colour == "wide":
                height, width, channels = image.shape
                return convolve(image.reshape(height, width * channels), K).reshape(
                    image.shape)
            if colour == "first":
                return np.stack([convolve(image[:, :, c], K) for c in range(3)])
            if colour == "fails":
                raise IndexError("too many indices for array")
            return np.dstack([convolve(image[:, :, c], K) for c in range(3)])
        (H, W), (M, N) = image.shape, K.shape
        py, px = (M - 1) // 2, (N - 1) // 2
        padded = _replicate(image, py, px)
        sums = np.zeros((H, W))
        for m in (range(-py, py + 1) if m_range is None else m_range(py)):
            for n in range(-px, px + 1):
                sums += K[m + py, n + px] * padded[py - m:py - m + H, px - n:px - n + W]
        return np.clip(sums, 0, 255).astype(np.uint8)
    return convolve


def float32_sums(image, K):
    """Right in every step, but the kernel, the padding and the sums are float32."""
    if image.ndim == 3:
        return np.dstack([float32_sums(image[:, :, c], K) for c in range(3)])
    K = np.asarray(K, dtype=np.float32)
    (H, W), (M, N) = image.shape, K.shape
    py, px = (M - 1) // 2, (N - 1) // 2
    padded = _replicate(image, py, px).astype(np.float32)
    sums = np.zeros((H, W), dtype=np.float32)
    for m in range(-py, py + 1):
        for n in range(-px, px + 1):
            sums += K[m + py, n + px] * padded[py - m:py - m + H, px - n:px - n + W]
    return np.clip(sums, 0, 255).astype(np.uint8)


def test_the_hair_case_puts_sums_a_hair_below_whole_numbers_that_float32_rounds_up():
    label, image, kernel = _capstone_cases()[-1]
    assert kernel.flat[0] == 1 - 2.0 ** -25 and np.float32(kernel.flat[0]) == 1
    exact = [[Fraction(float(w)) for w in row] for row in kernel[::-1, ::-1]]
    rows, cols = kernel.shape
    py, px = (rows - 1) // 2, (cols - 1) // 2
    height, width = image.shape
    below = 0
    for y in range(height):
        for x in range(width):
            total = sum(exact[m][n] * int(image[min(max(y + m - py, 0), height - 1),
                                                min(max(x + n - px, 0), width - 1)])
                        for m in range(rows) for n in range(cols))
            below += 0 < total < 255 and 1 - Fraction(1, 10**4) < total % 1 < 1
    assert below > 10
    assert not np.array_equal(float32_sums(image, kernel), capstone_reference(image, kernel))


def test_the_cases_hold_every_trap():
    """Clipping on both sides, fractions above a half, asymmetric non-square kernels."""
    cases = _capstone_cases()
    sums = [course_utils.convolve(image, kernel, mode="nearest", method="direct")
            for _, image, kernel in cases]
    assert any((s < 0).any() for s in sums) and any((s > 255).any() for s in sums)
    assert any(((s % 1) >= 0.5).any() for s in sums)
    assert any(image.ndim == 3 for _, image, _ in cases)
    non_square = [kernel for _, _, kernel in cases if kernel.shape[0] != kernel.shape[1]]
    assert len(non_square) >= 4
    for kernel in non_square:
        assert not np.array_equal(kernel, kernel[::-1, ::-1])


MISTAKES = [
    (learner(sign_m=1, sign_n=1), "not flipped: that is correlation"),
    (flipped_twice, "flipped twice"),
    (learner(sign_m=-1, sign_n=1), "the rows (upside down) but not the columns"),
    (learner(sign_m=1, sign_n=-1), "the columns (left to right) but not the rows"),
    (learner(single_pad=True), "an M×N kernel needs one pad per axis"),
    (learner(centre_from_width=True), "an M×N kernel needs one pad per axis"),
    (learner(extra_pad=1), "off by -1 row(s) and +0 column(s): the wrong pad size"),
    (learner(border="zero"), "zero padding"),
    (learner(final="round"), "rounded to the nearest grey level"),
    (learner(final="no clip"), "clip to 0-255 before the conversion"),
    (learner(final="low only"), "above 255"),
    (learner(final="raw"), "raw float64 sums"),
    (learner(colour="reversed"), "channels are mixed up"),
    (learner(colour="first"), "one channel (channel 0)"),
    (learner(colour="gray"), "one gray channel"),
    (learner(dtype=np.int64), "of dtype int64"),
    (learner(dtype=np.float64), "of dtype float64"),
    (learner(square_only=True), "it ran with the square kernel"),
    (learner(mutate=True), "changed the image or the kernel"),
    (float32_sums, "your sums are not float64"),
    (variant(kernel_dtype=int), "weights lost their fractions"),
    (variant(m_range=lambda py: range(-py, py)), "never uses K's row 2"),
    (variant(m_range=lambda py: range(0, py + 1)), "never uses K's row 0"),
    (variant(colour="wide"), "right for grayscale images, wrong for this colour one"),
    (variant(colour="fails"), "it ran on a grayscale image with such a kernel"),
    (variant(colour="first"), "channels first"),
    (lambda image, K: np.full(image.shape, np.nan), "NaN or infinite"),
]


@pytest.mark.parametrize(("wrong", "words"), MISTAKES, ids=[w for _, w in MISTAKES])
def test_each_usual_mistake_is_named(wrong, words):
    result = nb04.q8.check(wrong)
    assert not result.ok and words in result.message, result.message


def test_the_right_learner_passes_and_a_slicing_flip_is_refused():
    assert nb04.q8.check(learner()).ok

    def convolve(image, K):
        K = np.asarray(K)[::-1, ::-1]  # the slicing flip the prompt rules out
        return learner(sign_m=1, sign_n=1)(image, K)

    result = nb04.q8.check(convolve)
    assert not result.ok and "slicing flip" in result.message


FORBIDDEN = [
    (lambda image, K: np.clip(ndi.convolve(image.astype(float), K, mode="nearest"), 0,
                              255).astype(np.uint8), "scipy.ndimage.convolve"),
    (lambda image, K: cv2.filter2D(image, -1, cv2.flip(K, -1),
                                   borderType=cv2.BORDER_REPLICATE), "cv2."),
    (lambda image, K: learner(sign_m=1, sign_n=1)(image, np.flip(K)), "np.flip"),
    (lambda image, K: learner(sign_m=1, sign_n=1)(image, np.rot90(K, 2)), "np.rot90"),
    (lambda image, K: np.pad(image, 1, mode="edge"), "np.pad"),
    (lambda image, K: cv2.copyMakeBorder(image, 1, 1, 1, 1, cv2.BORDER_REPLICATE),
     "cv2.copyMakeBorder"),
    (lambda image, K: scipy.signal.convolve2d(image, K, mode="same"),
     "scipy.signal.convolve2d"),
    (lambda image, K: course_utils.correlate(image, K), "the package's correlate"),
    (lambda image, K: course_utils.correlate_loop(image, K),
     "the package's correlate_loop"),
    (lambda image, K: course_utils.window_at(image, K, 0, 0), "the package's window_at"),
    (lambda image, K: course_utils.pad(image, K.shape, "nearest"), "the package's pad"),
]


@pytest.mark.parametrize(("shortcut", "name"), FORBIDDEN, ids=[n for _, n in FORBIDDEN])
def test_forbidden_shortcuts_are_refused_by_name(shortcut, name):
    result = nb04.q8.check(shortcut)
    assert not result.ok and "refuses" in result.message and name in result.message, \
        result.message
    assert np.pad(np.ones((2, 2)), 1).shape == (4, 4)  # everything restored afterwards
    assert cv2.filter2D is not None and callable(course_utils.correlate)
    assert course_utils.correlate.__module__ == "course_utils.filtering"


def test_a_forbidden_function_under_another_name_is_refused():
    namespace = {"np": np}
    exec("from numpy import pad as grow\n"  # noqa: S102 - a learner's cell
         "from course_utils import convolve as theirs\n"
         "def by_alias(image, K):\n"
         "    return grow(image, 1)\n"
         "def by_package(image, K):\n"
         "    return theirs(image, K, mode='nearest')\n", namespace)
    assert "np.pad" in nb04.q8.check(namespace["by_alias"]).message
    assert namespace["grow"] is np.pad  # the learner's name is given back
    message = nb04.q8.check(namespace["by_package"]).message
    assert "the package's convolve" in message and "refuses" in message
    assert "package" in nb04.q8.check(course_utils.convolve).message


@pytest.mark.parametrize("spoiled, message", [
    ((1,), "channel 1 of your result is wrong while the others are right"),
    ((0, 2), "channels 0 and 2 of your result are wrong while the other is right"),
])
def test_wrong_channels_are_named_in_the_singular_or_the_plural(spoiled, message):
    """One channel off, or two: the message counts them right (the worked solution, its
    result spoiled by one grey level in those channels)."""
    from course_utils.checks.framework import stored_solution

    namespace = {}
    exec("import numpy as np\n" + stored_solution("nb04.q8"), namespace)
    right = namespace["answer"]

    def convolve(image, K):
        out = right(image, K).copy()
        if out.ndim == 3:
            for channel in spoiled:
                out[..., channel] ^= 1
        return out

    result = nb04.q8.check(convolve)
    assert not result.ok and message in result.message, result.message
