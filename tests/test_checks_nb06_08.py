"""The checks of notebooks 06 and 07 name the realistic mistakes a learner makes (issue 14,
"Checks that judge like a teacher"): each wrong answer below is computed the way the
mistake computes it, and the check must refuse it with a message naming the mistake."""

import numpy as np
import pytest

from course_utils import KERNEL_BANK, correlate, load_image
from course_utils.checks import NB06_Q1_KERNELS, nb06, nb08
from course_utils.filtering import separable_factors


@pytest.fixture(scope="module")
def astronaut():
    return load_image("astronaut", gray=True)


@pytest.fixture(scope="module")
def relief_response(astronaut):
    relief = KERNEL_BANK["emboss"]
    relief[1, 1] -= 1
    return correlate(astronaut, relief, mode="mirror")


def variance(size=5, mode="reflect", clip=False):
    camera = load_image("camera")
    blurred = correlate(camera, np.full((size, size), 1 / size**2), mode=mode)
    response = correlate(blurred, KERNEL_BANK["laplacian"], mode=mode)
    return float((np.clip(response, 0, 255) if clip else response).var())


def test_nb06_q1_names_a_sum_compared_with_equals():
    exact = {name for name, K in NB06_Q1_KERNELS.items() if K.sum() == 1}
    close = {name for name, K in NB06_Q1_KERNELS.items() if np.isclose(K.sum(), 1)}
    assert exact < close                      # the trap is real: some sum to 1 only roughly
    result = nb06.q1.check(exact)
    assert not result.ok and "up to rounding" in result.message
    assert nb06.q1.check(close).ok


def test_nb06_q1_names_a_kernel_that_changes_brightness():
    positive = {name for name, K in NB06_Q1_KERNELS.items() if K.sum() > 0}
    result = nb06.q1.check(positive)
    assert not result.ok and "positive sum that is not 1" in result.message


def _magnitude(image):
    image = np.asarray(image, dtype=np.float64)
    return np.hypot(correlate(image, KERNEL_BANK["sobel_x"], mode="mirror"),
                    correlate(image, KERNEL_BANK["sobel_y"], mode="mirror"))


def test_nb06_q2_accepts_float32_and_opencvs_sobel(astronaut):
    import cv2
    magnitude = _magnitude(astronaut)
    assert not np.array_equal(magnitude.astype(np.float32), magnitude)
    assert nb06.q2.check(lambda image: _magnitude(image).astype(np.float32)).ok
    assert not nb06.q2.check(lambda image: _magnitude(image) + 0.5).ok
    # cv2.Sobel's default border is BORDER_REFLECT_101, scipy's 'mirror'
    assert nb06.q2.check(lambda image: np.hypot(cv2.Sobel(image, cv2.CV_64F, 1, 0),
                                                cv2.Sobel(image, cv2.CV_64F, 0, 1))).ok


def test_nb06_q2_names_one_response_and_a_uint8_magnitude():
    import cv2
    one = nb06.q2.check(lambda image: np.abs(correlate(image, KERNEL_BANK["sobel_x"],
                                                       mode="mirror")))
    assert "one Sobel response alone" in one.message
    capped = nb06.q2.check(lambda image: np.clip(_magnitude(image), 0, 255).astype(np.uint8))
    assert "stops at 255" in capped.message
    uint8 = nb06.q2.check(lambda image: np.hypot(cv2.filter2D(image, -1, KERNEL_BANK["sobel_x"]),
                                                 cv2.filter2D(image, -1, KERNEL_BANK["sobel_y"])))
    assert "clipped to 0-255" in uint8.message


def test_nb06_q5_tries_kernels_that_need_the_whole_route():
    """The 5×5 kernel needs two pixels of wrap, the 3×5 one is neither square nor the same
    turned by 180°; the worked route (copyMakeBorder, filter2D) agrees with scipy's
    'grid-wrap' convolution, a reference outside the course, on every case."""
    import cv2
    import scipy.ndimage as ndi

    from course_utils.checks.nb06 import NB06_Q5_KERNELS, _q5_cases
    shapes = [kernel.shape for kernel in NB06_Q5_KERNELS.values()]
    assert (5, 5) in shapes and (3, 5) in shapes
    for _, image, kernel in _q5_cases():
        assert not np.array_equal(kernel, kernel[::-1, ::-1])
        py, px = (kernel.shape[0] - 1) // 2, (kernel.shape[1] - 1) // 2
        padded = cv2.copyMakeBorder(image.astype(np.float64), py, py, px, px, cv2.BORDER_WRAP)
        route = cv2.filter2D(padded, cv2.CV_64F, kernel[::-1, ::-1])[py:-py or None,
                                                                       px:-px or None]
        reference = ndi.convolve(image.astype(np.float64), kernel, mode="grid-wrap")
        np.testing.assert_allclose(route, reference, rtol=0, atol=1e-9)


@pytest.mark.parametrize("mode", ["mirror", "constant", "wrap"])
def test_nb06_q3_names_the_border(mode):
    result = nb06.q3.check(round(variance(mode=mode), 1))
    assert not result.ok and f"'{mode}' border" in result.message
    assert "decimals" not in result.message


@pytest.mark.parametrize("wrong, said", [(dict(clip=True), "clipped"), (dict(size=7), "7×7"),
                                         (dict(size=1), "unblurred")])
def test_nb06_q3_names_the_recipe_mistake(wrong, said):
    result = nb06.q3.check(round(variance(**wrong), 1))
    assert not result.ok and said in result.message


@pytest.mark.parametrize("offset, said", [(127, "1 too small"), (129, "1 too large"),
                                          (100, "28 too small")])
def test_nb06_q4_compares_exactly_and_names_the_offset(relief_response, offset, said):
    answer = np.clip(relief_response + offset, 0, 255).astype(np.uint8)
    result = nb06.q4.check(answer)
    assert not result.ok and said in result.message


def test_nb06_q4_names_wrap_around_and_missing_offset(relief_response):
    assert (relief_response + 128 < 0).any()                   # wrapping is a real trap here
    result = nb06.q4.check(((relief_response + 128) % 256).astype(np.uint8))
    assert not result.ok and "wrapped around" in result.message
    result = nb06.q4.check(np.clip(relief_response, 0, 255).astype(np.uint8))
    assert not result.ok and "no grey offset" in result.message
    assert nb06.q4.check(np.clip(relief_response + 128, 0, 255).astype(np.uint8)).ok


def test_nb06_q4_refuses_one_pixel_off_by_one(relief_response):
    answer = np.clip(relief_response + 128, 0, 255).astype(np.uint8)
    answer[100, 100] = answer[100, 100] + 1 if answer[100, 100] < 255 else 254
    assert not nb06.q4.check(answer).ok


def gaussian(size, spread, offsets=None):
    """The Gaussian of nb06.q7, written out here on its own: a bell over the offsets from
    the centre pixel, outer-multiplied, divided by its sum."""
    x = np.arange(size) - size // 2 if offsets is None else offsets
    g = np.exp(-x**2 / (2 * spread**2))
    kernel = np.outer(g, g)
    return kernel / kernel.sum()


def test_nb06_q7_cases_are_new_and_odd():
    sizes = [size for size, _ in nb06.NB06_Q7_CASES]
    assert all(size % 2 == 1 for size in sizes) and len(set(sizes)) == len(sizes)
    assert 43 not in sizes and nb06.NB06_Q7_BOX != 21           # not the notebook's kernel
    assert nb06._Q7_EVEN[0] % 2 == 0


def test_nb06_q7_traps_are_real():
    """On the first case every mistaken spread gives its own kernel, none the right one, and
    the continuous area 2πσ² does not normalise; (5, 2.5) cuts off most of its bell."""
    size, sigma = nb06.NB06_Q7_CASES[0]
    spreads = [sigma, np.sqrt(sigma), sigma**2, sigma / np.sqrt(2), sigma * np.sqrt(2),
               1 / sigma]
    kernels = [gaussian(size, spread) for spread in spreads]
    for i, first in enumerate(kernels):
        for second in kernels[i + 1:]:
            assert np.abs(first - second).max() > 1e-3     # far beyond the check's 1e-7
    x = np.arange(size) - size // 2
    g = np.exp(-x**2 / (2 * sigma**2))
    assert abs(np.outer(g, g).sum() / (2 * np.pi * sigma**2) - 1) > 1e-3
    assert (5, 2.5) in nb06.NB06_Q7_CASES
    taps = np.exp(-np.arange(-2, 3) ** 2 / (2 * 2.5**2))
    assert taps.sum() / (2.5 * np.sqrt(2 * np.pi)) < 0.75    # a quarter of the bell cut off
    # off-centre offsets are real mistakes: each gives a kernel that is not symmetric
    for wrong in (np.arange(-size // 2, size // 2), np.arange(size) - size / 2):
        kernel = gaussian(size, sigma, offsets=wrong)
        assert not np.allclose(kernel, kernel[::-1, ::-1])
    # an even size has no centre pixel: offsets from size // 2 are lopsided
    even = nb06._Q7_EVEN[0]
    lopsided = gaussian(even, 2.0)
    assert not np.allclose(lopsided, lopsided[::-1, ::-1])


def test_nb06_q7_accepts_any_right_gaussian():
    def float32(size, sigma):
        if size % 2 == 0:
            raise ValueError("size must be odd")
        return gaussian(size, sigma).astype(np.float32)

    def radial(size, sigma):       # exp(-(x² + y²)/(2σ²)): the same kernel, not separated
        if size % 2 == 0:
            raise ValueError("size must be odd")
        y, x = np.mgrid[:size, :size] - size // 2
        kernel = np.exp(-(x**2 + y**2) / (2 * sigma**2))
        return (kernel / kernel.sum()).tolist()

    for right in (float32, radial):
        result = nb06.q7.check(right)
        assert result.ok, result.message


def test_nb06_q7_puts_the_kernel_to_work_as_claim_1_does():
    """The box's spread is the variance of its offsets, (n² - 1)/12; the 9×9 box swaps
    periods between half its side and its side, the Gaussian of its spread none (claim 1's
    21×21 box: 12-18, as notebook 06 prints)."""
    n = nb06.NB06_Q7_BOX
    assert np.isclose(np.var(np.arange(n)), (n * n - 1) / 12)
    spread = np.sqrt((n * n - 1) / 12)
    box = np.full((n, n), 1 / n**2)
    swapped = [p for p in nb06._Q7_PERIODS if nb06.stripe_contrast(box, p) < -0.005]
    assert swapped == [p for p in nb06._Q7_PERIODS if n / 2 < p < n] == [5, 6, 7, 8]
    assert min(nb06.stripe_contrast(gaussian(2 * n + 1, spread), p)
               for p in nb06._Q7_PERIODS) > -0.005
    large = KERNEL_BANK["large_blur"]
    assert [p for p in (8, 10, 12, 14, 16, 18, 21, 24)
            if nb06.stripe_contrast(large, p) < -0.005] == [12, 14, 16, 18]

    def gaussian_kernel(size, sigma):
        if size % 2 == 0:
            raise ValueError("size must be odd")
        return gaussian(size, sigma)

    message = nb06.q7.check(gaussian_kernel).message
    assert "periods 5, 6, 7 and 8" in message and "swaps none" in message


@pytest.mark.parametrize("wrong, said", [(441, "M·N"), (21, "one 1-D pass"),
                                         (40, "one short per pass"), (882, "doubles"),
                                         (42 * 512 * 512, "per pixel"), (43, "too large"),
                                         (1, "integer path"), (84, "additions too"),
                                         (2, "number of passes")])
def test_nb08_q1_names_the_mistake(wrong, said):
    result = nb08.q1.check(wrong)
    assert not result.ok and said in result.message


# notebook 08 q2's usual indexing mistakes, each with the words its diagnosis must use
NB08_Q2_WRONG = {
    "off by one at the bottom and at the right":
        lambda S, t, c, b, r: S[b, r] - S[t, r] - S[b, c] + S[t, c],
    "off by one at the bottom:":
        lambda S, t, c, b, r: S[b, r + 1] - S[t, r + 1] - S[b, c] + S[t, c],
    "off by one at the right:": lambda S, t, c, b, r: S[b + 1, r] - S[t, r] - S[b + 1, c] + S[t, c],
    "included row i and column j":
        lambda S, t, c, b, r: S[b, r] - S[t - 1, r] - S[b, c - 1] + S[t - 1, c - 1],
    "off by one at the top and the left":
        lambda S, t, c, b, r: S[b + 1, r + 1] - S[t - 1, r + 1] - S[b + 1, c - 1] + S[t - 1, c - 1],
    "corners' signs are swapped":
        lambda S, t, c, b, r: S[b + 1, r + 1] - S[t, c] - S[b + 1, c] + S[t, r + 1],
    "not added back": lambda S, t, c, b, r: S[b + 1, r + 1] - S[t, r + 1] - S[b + 1, c],
}


@pytest.mark.parametrize("said", list(NB08_Q2_WRONG))
def test_nb08_q2_names_the_indexing_mistake(said):
    result = nb08.q2.check(NB08_Q2_WRONG[said])
    assert not result.ok and said in result.message, result.message


@pytest.mark.parametrize("signs", [(1, -1, 1, -1), (1, 1, -1, -1), (1, 1, 1, -1)])
def test_nb08_q2_names_swapped_corners_whichever_pair(signs):
    def rect_sum(S, t, c, b, r):
        values = S[b + 1, r + 1], S[t, r + 1], S[b + 1, c], S[t, c]
        return sum(sign * value for sign, value in zip(signs, values, strict=True))

    result = nb08.q2.check(rect_sum)
    assert not result.ok and "corners' signs are swapped" in result.message, result.message


def test_nb08_q2_an_unnamed_wrong_sum_gets_the_general_nudge():
    result = nb08.q2.check(lambda S, t, c, b, r: S[b + 1, r + 1] - S[t, r + 1] - S[b + 1, c]
                           + S[t, c] + 1)
    assert not result.ok and "S[i, j] sums image[:i, :j]" in result.message


def naive_factors(kernel):
    kernel = np.asarray(kernel, dtype=float)
    if np.linalg.matrix_rank(kernel) != 1:
        return None
    return kernel[:, 0], kernel[0] / kernel[0, 0]


def exact_zero_test(kernel):
    u, s, vt = np.linalg.svd(kernel)
    if len(s) > 1 and s[1] != 0:
        return None
    return u[:, 0] * s[0], vt[0]


def loose_tolerance(kernel):
    u, s, vt = np.linalg.svd(kernel)
    if len(s) > 1 and s[1] > 1e-2 * s[0]:
        return None
    return u[:, 0] * s[0], vt[0]


@pytest.mark.parametrize("wrong, said", [
    (naive_factors, "NaN"),
    (exact_zero_test, "rounding noise"),
    (loose_tolerance, "one entry away from rank 1"),
    (lambda kernel: separable_factors(kernel),                # the package's, wrapped
     "called the package's separable_factors"),
])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_nb08_q3_names_the_mistake(wrong, said):
    result = nb08.q3.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb08_q3_naive_factoring_is_right_where_the_corner_is_not_zero():
    # so the zero-corner kernels are what catches it
    for name in ("sobel_y", "large_blur"):
        col, row = naive_factors(KERNEL_BANK[name])
        assert np.allclose(np.outer(col, row), KERNEL_BANK[name])


@pytest.mark.parametrize("kernel, said", [
    ([[2, 1, 0], [1, 0, -1], [0, -1, -2]], "Mirror it left to right"),  # the 135° one
    ([[-1, -1, 2], [-1, 2, -1], [2, -1, -1]], "not direction-selective"),  # a 45° line
    ([[2, -1, -1], [-1, 2, -1], [-1, -1, 2]], "not direction-selective"),  # mirrored
    ([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], "not near 45°"),          # sobel_x
    ([[1, 1, 2], [-1, 0, 1], [-2, -1, 0]], "add up to 1"),           # flat areas not 0
    ([[0, 2, 2], [-1, 0, 2], [-2, -1, 0]], None),                    # not blind at 135°
    (np.zeros((3, 3)), "all zeros"),
    (np.zeros((5, 5)), "3×3"),
])
def test_nb06_q6_measures_the_kernel(kernel, said):
    result = nb06.q6.check(np.array(kernel, dtype=float))
    assert not result.ok
    if said:
        assert said in result.message, result.message


@pytest.mark.parametrize("kernel", [[[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],
                                    [[0, 0, 1], [0, 0, 0], [-1, 0, 0]],
                                    [[0, -1, -1], [1, 0, -1], [1, 1, 0]]])
def test_nb06_q6_accepts_any_45_degree_detector(kernel):
    assert nb06.q6.check(np.array(kernel, dtype=float)).ok


def first_win(sizes, slow, fast):
    for size, a, b in sorted(zip(sizes, slow, fast, strict=True)):
        if b < a:
            return size
    return None


def ties_win(sizes, slow, fast):
    crossover = None
    for size, a, b in sorted(zip(sizes, slow, fast, strict=True), reverse=True):
        if b > a:
            break
        crossover = size
    return crossover


def unsorted_walk(sizes, slow, fast):
    crossover = None
    for size, a, b in reversed(list(zip(sizes, slow, fast, strict=True))):
        if b >= a:
            break
        crossover = size
    return crossover


@pytest.mark.parametrize("wrong, said", [
    (first_win, "first size where"),
    (ties_win, "counting a tie as a win"),
    (unsorted_walk, "may come in any order"),
    (lambda sizes, slow, fast: max(sizes) if fast[-1] < slow[-1] else None,
     "the largest size measured"),
    (lambda sizes, slow, fast: 7.0, "float"),
    (lambda sizes, slow, fast: sizes[-1], "returned"),
])
def test_nb08_q4_judges_the_method_not_the_number(wrong, said):
    result = nb08.q4.check(wrong)
    assert not result.ok and said in result.message, result.message


# issue 20's learner tally (tests/test_checks_learner_tally_0608.py): the diagnoses it needed

def _names(keep):
    return {name for name, K in NB06_Q1_KERNELS.items() if keep(K)}


@pytest.mark.parametrize("wrong, said", [
    (_names(lambda K: (K >= 0).all()), "even if all its weights are positive"),
    (_names(lambda K: np.isclose(K.sum(), 0)), "keeps only change"),
    ({"gauss_3", "motion_5"}, "a kernel with negative weights keeps brightness too"),
])
def test_nb06_q1_names_what_a_set_gets_wrong_without_naming_kernels(wrong, said):
    result = nb06.q1.check(wrong)
    assert not result.ok and said in result.message, result.message
    assert not any(name in result.message for name in NB06_Q1_KERNELS)   # no answer given


def _sobel(image, ky=KERNEL_BANK["sobel_y"]):
    return (correlate(image, KERNEL_BANK["sobel_x"], mode="mirror"),
            correlate(image, ky, mode="mirror"))


@pytest.mark.parametrize("wrong, said", [
    (lambda image: np.hypot(*_sobel(image, ky=KERNEL_BANK["sobel_x"])), "combined with itself"),
    (lambda image: np.hypot(*_sobel(image)) / 2, "the magnitude times 0.5"),
    (lambda image: np.hypot(*np.gradient(np.asarray(image, dtype=float))), "np.gradient"),
    (lambda image: (m := np.hypot(*_sobel(image))) / m.max() * 255, "rescaled for display"),
])
def test_nb06_q2_names_a_response_twice_and_a_rescaled_magnitude(wrong, said):
    result = nb06.q2.check(wrong)
    assert not result.ok and said in result.message, result.message
    assert not nb06.q2.check(lambda image: np.hypot(*_sobel(image)) * 1.01).ok


def test_nb06_q3_names_std_no_laplacian_and_an_unscaled_box():
    camera = load_image("camera")
    blurred = correlate(camera, np.full((5, 5), 1 / 25))
    right = correlate(blurred, KERNEL_BANK["laplacian"])
    unscaled = correlate(correlate(camera, np.ones((5, 5))), KERNEL_BANK["laplacian"])
    for wrong, said in ((right.std(), "standard deviation"),
                        (blurred.var(), "variance of the blurred photo itself"),
                        (right.mean(), "the mean of the Laplacian"),
                        (unscaled.var(), "weights add up to 25")):
        result = nb06.q3.check(round(float(wrong), 1))
        assert not result.ok and said in result.message, result.message
    assert nb06.q3.check(round(float(right.var()), 1)).ok


def test_nb06_q4_names_the_whole_emboss_a_wrong_relief_and_a_turned_one(astronaut,
                                                                        relief_response):
    emboss = KERNEL_BANK["emboss"]
    whole = correlate(astronaut, emboss, mode="mirror")
    minus_one = correlate(astronaut, emboss - 1, mode="mirror")
    for wrong, said in ((whole + 128, "the whole emboss"), (whole, "the whole emboss"),
                        (minus_one + 128, "took 1 from every weight"),
                        (128 - relief_response, "turned by 180°")):
        result = nb06.q4.check(np.clip(wrong, 0, 255).astype(np.uint8))
        assert not result.ok and said in result.message, result.message


def test_nb06_q5_names_padding_cut_at_the_start_only():
    import cv2

    def convolve_wrap(image, kernel):
        py, px = (kernel.shape[0] - 1) // 2, (kernel.shape[1] - 1) // 2
        padded = cv2.copyMakeBorder(image.astype(np.float64), py, py, px, px, cv2.BORDER_WRAP)
        return cv2.filter2D(padded, cv2.CV_64F, kernel[::-1, ::-1].copy())[py:, px:]

    result = nb06.q5.check(convolve_wrap)
    assert not result.ok and "from the top and the left only" in result.message, result.message


@pytest.mark.parametrize("wrong, said", [
    (lambda S, t, c, b, r: S[b + 1, r + 1] - S[t + 1, r + 1] - S[b + 1, c + 1] + S[t + 1, c + 1],
     "row top and column left belong to the box"),
    (lambda S, t, c, b, r: S[b + 1, r + 1], "the corner after the box alone"),
    (lambda S, t, c, b, r: S[t:b + 1, c:r + 1].sum(), "not a slice"),
])
def test_nb08_q2_names_one_corner_a_slice_and_top_left_inside(wrong, said):
    result = nb08.q2.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb08_q2_a_question_ends_with_one_mark():
    result = nb08.q2.check(NB08_Q2_WRONG["corners' signs are swapped"])
    assert result.message.endswith("added back once?"), result.message


def _svd_factors(split):
    def factors(kernel):
        u, s, vt = np.linalg.svd(kernel)
        return None if len(s) > 1 and s[1] > 1e-10 * s[0] else split(u, s, vt)
    return factors


@pytest.mark.parametrize("split, said", [
    (lambda u, s, vt: (u[:, 0], vt[0]), "a scale is missing"),
    (lambda u, s, vt: (vt[0], u[:, 0] * s[0]), "col and row are swapped"),
    (lambda u, s, vt: (u[0] * s[0], vt[0]), "a row of u (u[0]) for col"),
    (lambda u, s, vt: (u[:, 0] * s[0], vt[:, 0]), "a column of vt (vt[:, 0]) for row"),
])
def test_nb08_q3_names_wrong_singular_vectors(split, said):
    result = nb08.q3.check(_svd_factors(split))
    assert not result.ok and said in result.message, result.message
