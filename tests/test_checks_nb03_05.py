"""Notebooks 03 and 04's function exercises, and notebook 05's border and rounding exercises,
name the usual mistakes: each wrong answer below is what a learner might write, and the check
must say what is off (not just "differs")."""

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import check_unguarded

from course_utils import KERNEL_BANK, correlate, load_image
from course_utils.checks import NB04_CROP, nb03, nb04, nb05
from course_utils.checks.mistakes import pad_like


def _solution(exercise):
    namespace = {"np": np, "pad": __import__("course_utils").pad, "correlate": correlate}
    exec(exercise.solution_text, namespace)  # noqa: S102 - our own worked solution
    return namespace["answer"]


def _pad_to(image, rows, cols, mode):
    return np.pad(image, ((rows, rows), (cols, cols)), mode=mode)


def _half(shape):
    return (shape[0] - 1) // 2, (shape[1] - 1) // 2


PAD_MISTAKES = [
    (lambda image, shape: _pad_to(image, *_half(shape), "constant"), "zero padding"),
    (lambda image, shape: _pad_to(image, *_half(shape), "reflect"), "'mirror'"),
    (lambda image, shape: _pad_to(image, *_half(shape), "symmetric"), "'reflect'"),
    (lambda image, shape: _pad_to(image, *_half(shape), "wrap"), "'wrap'"),
    (lambda image, shape: _pad_to(image, _half(shape)[1], _half(shape)[1], "edge"),
     "columns' half-size"),
    (lambda image, shape: _pad_to(image, _half(shape)[0], _half(shape)[0], "edge"),
     "rows' half-size"),
    (lambda image, shape: _pad_to(image, _half(shape)[1], _half(shape)[0], "edge"),
     "swapped"),
    (lambda image, shape: _pad_to(image, _half(shape)[0], 0, "edge"), "rows only"),
    (lambda image, shape: _pad_to(image, 0, _half(shape)[1], "edge"), "columns only"),
    (lambda image, shape: _pad_to(image, _half(shape)[0] + 1, _half(shape)[1] + 1, "edge"),
     "off by one"),
]


@pytest.mark.parametrize(("wrong", "words"), PAD_MISTAKES)
def test_q1_names_the_padding_mistake(wrong, words):
    result = check_unguarded(nb04.q1, wrong)   # built with np.pad, which q1 refuses
    assert not result.ok and words in result.message, result.message


def test_q1_refuses_np_pad_and_shows_the_learners_own_error():
    result = nb04.q1.check(lambda image, shape: np.pad(image, 1, mode="edge"))
    assert not result.ok and "your function called np.pad," in result.message
    assert np.pad(np.ones((2, 2)), 1).shape == (4, 4)  # still works afterwards
    result = nb04.q1.check(lambda image, shape: image[99])
    assert "IndexError" in result.message and "index 99" in result.message


def test_q1_accepts_the_worked_solution_and_it_is_replicate():
    solution = _solution(nb04.q1)
    image = np.arange(12, dtype=np.uint8).reshape(3, 4)
    np.testing.assert_array_equal(solution(image, (3, 5)), np.pad(image, ((1, 1), (2, 2)),
                                                                   mode="edge"))
    assert nb04.q1.check(solution).ok


def _loop(image, kernel, pad_rows=None, pad_cols=None, dtype="float", origin=(0, 0)):
    """A learner's double loop, with the mistakes as options."""
    (height, width), (rows, cols) = image.shape, kernel.shape
    py = (rows - 1) // 2 if pad_rows is None else pad_rows
    px = (cols - 1) // 2 if pad_cols is None else pad_cols
    padded = np.pad(image.astype(np.float64), ((py, py), (px, px)), mode="edge")
    out = np.zeros((height, width), dtype=dtype)
    for y in range(height):
        for x in range(width):
            top, left = y + origin[0], x + origin[1]
            top, left = min(max(top, 0), 2 * py), min(max(left, 0), 2 * px)
            out[y, x] = (padded[top:top + rows, left:left + cols] * kernel).sum()
    return out


def _lesson_single_pad(image, kernel):
    """The lesson's loop: one pad, from the kernel's width, for both axes."""
    (height, width), pad = image.shape, (kernel.shape[1] - 1) // 2
    padded = np.pad(image.astype(np.float64), pad, mode="edge")
    out = np.zeros((height, width))
    for y in range(pad, height + pad):
        for x in range(pad, width + pad):
            roi = padded[y - pad:y + pad + 1, x - pad:x + pad + 1]
            out[y - pad, x - pad] = (roi * kernel).sum()
    return out


def _near(image, kernel, **options):
    return ndi.correlate(image.astype(np.float64), kernel, mode="nearest", **options)


SUM_MISTAKES = [
    (lambda i, k: _near(i, k[::-1, ::-1]), "flips the kernel"),
    (lambda i, k: _near(i, k.T), "transposed"),
    (lambda i, k: ndi.correlate(i.astype(float), k, mode="constant"), "zero padding"),
    (lambda i, k: ndi.correlate(i.astype(float), k, mode="mirror"), "'mirror'"),
    (lambda i, k: _near(i, k)[(k.shape[0] - 1) // 2:i.shape[0] - (k.shape[0] - 1) // 2,
                              (k.shape[1] - 1) // 2:i.shape[1] - (k.shape[1] - 1) // 2],
     "'valid' size"),
    (lambda i, k: ndi.correlate(np.pad(i.astype(float), ((k.shape[0] - 1,) * 2,
                                                         (k.shape[1] - 1,) * 2), mode="edge"),
                                k, mode="nearest")[(k.shape[0] - 1) // 2:-((k.shape[0] - 1) // 2)
                                                   or None,
                                                   (k.shape[1] - 1) // 2:-((k.shape[1] - 1) // 2)
                                                   or None],
     "'full' size"),
    (lambda i, k: _near(i, k).astype(np.float32), "float32"),
    (lambda i, k: _loop(i, k, dtype="float32"), "float32"),
    (lambda i, k: np.clip(_near(i, k), 0, 255).astype(np.uint8), "whole numbers"),
    (lambda i, k: _lesson_single_pad(i, k), "one pad per axis"),
    (lambda i, k: _near(i, k, origin=(0, 1)), "off by one"),
    (lambda i, k: _near(i, k, origin=(-1, 0)), "off by one"),
]


@pytest.mark.parametrize(("wrong", "words"), SUM_MISTAKES)
@pytest.mark.parametrize("exercise", ["q2", "q5"])
def test_nb04_q2_and_q5_name_the_correlation_mistake(exercise, wrong, words):
    # built with scipy's correlation, which q2 and q5 refuse
    result = check_unguarded(getattr(nb04, exercise), wrong)
    assert not result.ok and words in result.message, result.message


CONVOLUTION_MISTAKES = [
    (lambda i, k: _near(i, k), "does not flip"),
    (lambda i, k: _near(i, k[::-1, :]), "rows only"),
    (lambda i, k: _near(i, k[:, ::-1]), "columns only"),
    (lambda i, k: _near(i, k.T), "not the 180° rotation"),
    (lambda i, k: ndi.convolve(i.astype(float), k, mode="constant"), "zero padding"),
]


@pytest.mark.parametrize(("wrong", "words"), CONVOLUTION_MISTAKES)
def test_q3_names_the_flip_mistake(wrong, words):
    result = check_unguarded(nb04.q4, wrong)   # one is built with ndi.convolve
    assert not result.ok and words in result.message, result.message


def test_q3_agrees_with_scipy_convolve_and_refuses_it():
    def scipy_convolve(i, k):
        return ndi.convolve(i.astype(float), k, mode="nearest")

    assert check_unguarded(nb04.q4, scipy_convolve).ok
    message = nb04.q4.check(scipy_convolve).message
    assert "your function called scipy.ndimage.convolve," in message, message


def test_the_package_functions_are_refused():
    from course_utils import convolve, correlate_loop, pad
    assert "package" in nb04.q1.check(pad).message
    assert "package" in nb04.q2.check(correlate_loop).message
    assert "package" in nb04.q4.check(convolve).message
    assert "package" in nb04.q5.check(correlate).message


def test_q4_wants_a_loop_over_the_kernel_not_the_pixels():
    assert nb04.q5.check(_solution(nb04.q5)).ok
    assert nb04.q2.check(_solution(nb04.q2)).ok
    result = nb04.q5.check(_solution(nb04.q2))  # right numbers, one trip per pixel
    assert not result.ok and "loop over the kernel's entries" in result.message


def _filter2d_with(mode="mirror", rounding=np.rint, clip=True, flip=False):
    """A filter2d_default(image, kernel) built with correlate, one step done a mistaken way."""
    def filter2d_default(image, kernel):
        response = correlate(image, kernel[::-1, ::-1] if flip else kernel, mode=mode)
        response = rounding(response)
        return (np.clip(response, 0, 255) if clip else response).astype(np.uint8)
    return filter2d_default


def test_nb05_q2_names_the_border_and_the_rounding():
    for mode in ("nearest", "reflect", "constant"):
        result = nb05.q2.check(_filter2d_with(mode=mode))
        assert not result.ok and f"'{mode}'" in result.message, result.message
    assert "rounds" in nb05.q2.check(_filter2d_with(rounding=lambda r: r)).message
    assert "wrapped around" in nb05.q2.check(_filter2d_with(clip=False)).message
    assert "convolution" in nb05.q2.check(_filter2d_with(flip=True)).message
    assert nb05.q2.check(_filter2d_with()).ok


def test_nb05_q2_tries_kernels_that_show_each_mistake():
    """Each mistake changes OpenCV's output on the case the check meets it at: the blur's
    sums have fractions, sharpen's leave 0-255 on both sides, the 3×5 kernel is not
    symmetric; cv2.filter2D itself (the reference) is what the worked solution matches."""
    from course_utils.checks import NB05_Q2_KERNELS
    from course_utils.checks.nb05 import _q2_cases
    cases = {name: (image, kernel) for (where, image, kernel), name
             in zip(_q2_cases(), NB05_Q2_KERNELS, strict=True)}
    image, blur = cases["small_blur"]
    exact = correlate(image, blur, mode="mirror")
    assert (np.rint(exact) != np.floor(exact)).any()
    image, sharpen = cases["sharpen"]
    response = correlate(image, sharpen, mode="mirror")
    assert (response < 0).any() and (response > 255).any()
    _, kernel = cases["a 3×5 kernel that is not symmetric"]
    assert not np.array_equal(kernel, kernel[::-1, ::-1]) and kernel.shape == (3, 5)
    for image, kernel in cases.values():
        assert np.array_equal(_filter2d_with()(image, kernel), cv2.filter2D(image, -1, kernel))


def test_nb05_q3_reports_every_mode_that_gives_the_count():
    camera = load_image("camera")
    counts = {mode: int(np.count_nonzero(correlate(camera, KERNEL_BANK["sobel_y"],
                                                   mode=mode) < 0))
              for mode in ("reflect", "nearest", "wrap", "constant", "mirror")}
    for mode, count in counts.items():
        if mode == "mirror":
            continue
        message = nb05.q3.check(count).message
        sharing = [other for other, value in counts.items() if value == count]
        assert all(f"'{other}'" in message for other in sharing), message
    # 'reflect' and 'nearest' give the same count here, so a learner who used 'nearest'
    # must not be told they used 'reflect' alone.
    if counts["nearest"] == counts["reflect"]:
        message = nb05.q3.check(counts["nearest"]).message
        assert "'nearest'" in message and "'reflect'" in message


NB03_MISTAKES = [
    ("reflect", None, "'reflect' border"),      # the edge pixel repeated: scipy's name trap
    ("nearest", None, "replicate border"),
    ("constant", None, "zero padding"),
    ("wrap", None, "'wrap' border"),
    ("mirror", lambda shape: (shape[0], 1), "rows only"),
    ("mirror", lambda shape: (1, shape[1]), "columns only"),
    ("mirror", lambda shape: (2 * shape[0] + 1, 2 * shape[1] + 1), "as wide as the kernel"),
    ("mirror", lambda shape: (shape[1], shape[1]), "columns' half-size"),
]


@pytest.mark.parametrize(("mode", "reshape", "words"), NB03_MISTAKES)
def test_nb03_q4_names_the_padding_mistake(mode, reshape, words):
    def learner(image, shape):   # pad_like uses np.pad, which q4 refuses
        return pad_like(image, reshape(shape) if reshape else shape, mode)

    result = check_unguarded(nb03.q4, learner)
    assert not result.ok and words in result.message, result.message


def test_nb03_q4_accepts_its_solution_and_agrees_with_opencv():
    import cv2
    solution = _solution(nb03.q4)
    image = np.random.default_rng(5).integers(0, 256, size=(6, 9), dtype=np.uint8)
    np.testing.assert_array_equal(solution(image, (5, 7)),
                                  cv2.copyMakeBorder(image, 2, 2, 3, 3, cv2.BORDER_DEFAULT))
    assert nb03.q4.check(solution).ok
    assert "your function called np.pad," in nb03.q4.check(lambda i, s: np.pad(i, 1)).message


# --- notebook 04, exercise 3: the lesson's step 4 --------------------------------------

def _in_place(sums):
    np.clip(sums, 0, 255, out=sums)
    return sums.astype(np.uint8)


STEP4_MISTAKES = [
    (lambda s: np.clip(np.rint(s), 0, 255).astype(np.uint8), "rounded to the nearest"),
    (lambda s: np.round(s).clip(0, 255).astype(np.uint8), "rounded to the nearest"),
    (lambda s: np.ceil(np.clip(s, 0, 255)).astype(np.uint8), "rounded up"),
    (lambda s: s.astype(np.uint8), "below 0 and above 255"),
    (lambda s: np.maximum(s, 0).astype(np.uint8), "sums above 255"),
    (lambda s: np.minimum(s, 255).astype(np.uint8), "sums below 0"),
    (lambda s: ((s - s.min()) / (s.max() - s.min()) * 255).astype(np.uint8), "stretched"),
    (lambda s: np.clip(s / s.max() * 255, 0, 255).astype(np.uint8), "stretched"),
    (lambda s: np.clip(np.abs(s), 0, 255).astype(np.uint8), "absolute value"),
    (lambda s: np.floor(np.clip(s, 0, 255)), "uint8"),
    (lambda s: np.clip(s, 0, 255).astype(np.int64), "uint8"),
    (_in_place, "changed the sums"),
    (lambda s: np.clip(s, 0, 255).astype(np.uint8).ravel(), "shape"),
    (lambda s: s.nonexistent, "AttributeError"),
]


@pytest.mark.parametrize(("wrong", "said"), STEP4_MISTAKES)
def test_nb04_q3_names_the_step4_mistake(wrong, said):
    with np.errstate(invalid="ignore"):
        result = nb04.q3.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb04_q3_accepts_truncation_either_way_and_its_traps_are_real():
    from skimage.exposure import rescale_intensity

    from course_utils.checks.nb04 import NB04_STEP4_SUMS
    assert nb04.q3.check(_solution(nb04.q3)).ok
    lesson = lambda s: (rescale_intensity(s, in_range=(0, 255)) * 255).astype("uint8")  # noqa: E731
    assert nb04.q3.check(lesson).ok  # the lesson's own pipeline passes too
    sums = np.array(NB04_STEP4_SUMS)
    truncated = np.clip(sums, 0, 255).astype(np.uint8)
    assert not np.array_equal(truncated, np.clip(np.rint(sums), 0, 255))   # rounding shows
    assert (sums < 0).any() and (sums > 255).any()                          # clipping shows
    assert truncated[list(sums).index(30.999999999999996)] == 30            # a hair below 31


# --- §3: the usual mistakes named in 03 q1, 03 q3 and 05 q1 -----------------------------


def _valid_shape_with(rows, cols):
    """A valid_shape(image_shape, kernel_shape) that computes each side by a formula of
    (image side, kernel side)."""
    return lambda image, kernel: (rows(image[0], kernel[0]), cols(image[1], kernel[1]))


@pytest.mark.parametrize("wrong, said", [
    (_valid_shape_with(lambda h, m: h, lambda w, n: w), "'same' size"),
    (_valid_shape_with(lambda h, m: h + m - 1, lambda w, n: w + n - 1), "'full' size"),
    (_valid_shape_with(lambda h, m: h - m, lambda w, n: w - n), "off by one, one short"),
    (_valid_shape_with(lambda h, m: h - m + 2, lambda w, n: w - n + 2),
     "off by one, one too many"),
    (_valid_shape_with(lambda h, m: h - (m - 1) // 2, lambda w, n: w - (n - 1) // 2),
     "off one edge only"),
    (_valid_shape_with(lambda h, m: h - 2 * m, lambda w, n: w - 2 * n),
     "only half the kernel sticks out"),
    (_valid_shape_with(lambda h, m: h // m, lambda w, n: w // n), "do not overlap"),
    (lambda image, kernel: (image[1] - kernel[1] + 1, image[0] - kernel[0] + 1),
     "rows and columns are swapped"),
    (_valid_shape_with(lambda h, m: h - m + 5, lambda w, n: w - n + 1),
     "your number of rows for a 120×80 image and a 5×9 kernel is too large"),
    (lambda image, kernel: None, "returned None"),
    ((492, 492), "should be a function valid_shape(image_shape, kernel_shape)"),
])
def test_nb03_q1_names_the_output_size(wrong, said):
    result = nb03.q1.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb03_q1_sizes_are_scipys():
    """The right sizes are what scipy.signal.correlate2d gives in 'valid' mode, on shapes
    the check tries and on the prompt's."""
    from scipy.signal import correlate2d

    from course_utils.checks import NB03_SHAPE_CASES
    image, kernel = np.zeros((40, 40)), np.ones((21, 21))
    assert correlate2d(image, kernel, mode="valid").shape == (20, 20)
    assert correlate2d(image, kernel, mode="same").shape == (40, 40)
    assert correlate2d(image, kernel, mode="full").shape == (60, 60)
    scipys = {case: correlate2d(np.zeros(case[0]), np.ones(case[1]), mode="valid").shape
              for case in NB03_SHAPE_CASES}
    assert nb03.q1.check(lambda i, k: scipys[(tuple(i), tuple(k))]).ok
    assert len({shape for shape, _ in NB03_SHAPE_CASES}) == len(NB03_SHAPE_CASES)
    assert any(h != w for (h, w), _ in NB03_SHAPE_CASES)   # rows and columns apart


def _margin(height, width, top, side):
    """Count, pixel by pixel, those within top rows of the top or bottom edge or side
    columns of the left or right edge."""
    rows, cols = np.indices((height, width))
    near = (rows < top) | (rows >= height - top) | (cols < side) | (cols >= width - side)
    return int(near.sum())


def _border_pixels_with(top, side):
    """A border_pixels(image_shape, kernel_shape) that counts, pixel by pixel, a margin
    of top(M) rows and side(N) columns."""
    return lambda image, kernel: _margin(*image, top(*kernel), side(*kernel))


@pytest.mark.parametrize("wrong, said", [
    (_border_pixels_with(lambda m, n: (n - 1) // 2, lambda m, n: (m - 1) // 2),
     "half-sizes are swapped"),
    (_border_pixels_with(lambda m, n: (m - 1) // 2, lambda m, n: (m - 1) // 2),
     "as square, with the rows' half-size"),
    (_border_pixels_with(lambda m, n: (n - 1) // 2, lambda m, n: (n - 1) // 2),
     "as square, with the columns' half-size"),
    (lambda i, k: 2 * ((k[0] - 1) // 2) * i[1] + 2 * ((k[1] - 1) // 2) * i[0],
     "corners are counted twice"),
    (lambda i, k: 2 * ((k[1] - 1) // 2) * i[1] + 2 * ((k[0] - 1) // 2) * i[0],
     "swapped and the four corners counted twice"),
    (_border_pixels_with(lambda m, n: m // 2 + 1, lambda m, n: n // 2 + 1), "one too wide"),
    (_border_pixels_with(lambda m, n: m, lambda m, n: n), "the whole kernel"),
    (lambda i, k: i[0] * i[1] - _border_pixels_with(lambda m, n: (m - 1) // 2,
                                                    lambda m, n: (n - 1) // 2)(i, k),
     "no border mode changes"),
    (lambda i, k: i[0] * i[1] - (i[0] - (k[0] - 1) // 2) * (i[1] - (k[1] - 1) // 2),
     "one edge of each axis"),
    (lambda i, k: i[0] * i[1], "every pixel of the image"),
    (lambda i, k: 100, "too small"),
    (lambda i, k: None, "returned None"),
    (1248, "should be a function border_pixels(image_shape, kernel_shape)"),
])
def test_nb03_q3_names_the_margin_mistake(wrong, said):
    result = nb03.q3.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb03_q3_answer_is_the_margin_counted_pixel_by_pixel():
    """The check's count (measured by filtering with every border mode) is the margin of
    half a kernel, counted pixel by pixel, on every case it tries."""
    assert nb03.q3.check(_border_pixels_with(lambda m, n: (m - 1) // 2,
                                             lambda m, n: (n - 1) // 2)).ok


def _box5():
    return np.full((5, 5), 1 / 25)


def _nb05_crop():
    return load_image("camera")[NB04_CROP]


def _nb05_q1_sides(image=None, kernel=None, border=True):
    import cv2

    from course_utils import correlate_loop
    image = _nb05_crop() if image is None else image
    kernel = _box5() if kernel is None else kernel
    loop = correlate_loop(image, kernel)
    opencv = (cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REPLICATE) if border
              else cv2.filter2D(image, -1, kernel))
    return loop, opencv


def test_nb05_q1_the_loop_is_never_above_opencv():
    """The fact the 'signed differences' diagnosis states: truncation against rounding
    makes the loop's pixels equal to or one below OpenCV's, on the exercise's crop."""
    loop, opencv = _nb05_q1_sides()
    difference = loop.astype(int) - opencv
    assert set(np.unique(difference)) <= {-1, 0} and (difference == -1).any()


@pytest.mark.parametrize("make, said", [
    (lambda loop, opencv: int(np.count_nonzero(loop == opencv)), "agree"),
    (lambda loop, opencv: float(np.mean(loop != opencv)), "share"),
    (lambda loop, opencv: float(np.mean(loop != opencv) * 100), "percentage"),
    (lambda loop, opencv: int(np.sum(loop.astype(int) - opencv)), "signed differences"),
    (lambda loop, opencv: int(np.sum(loop - opencv)), "wrap around 256"),
    (lambda loop, opencv: int(np.count_nonzero(
        correlate(_nb05_crop(), _box5(), mode="nearest") != opencv)), "float sums"),
    (lambda loop, opencv: 0, "both sides round"),
    (lambda loop, opencv: int(np.count_nonzero(loop != opencv)) + 3, "too large"),
])
def test_nb05_q1_names_the_counting_mistake(make, said):
    loop, opencv = _nb05_q1_sides()
    with np.errstate(over="ignore"):
        wrong = make(loop, opencv)
    result = nb05.q1.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb05_q1_names_the_wrong_border_kernel_and_image():
    loop, opencv = _nb05_q1_sides(border=False)
    assert "default border" in nb05.q1.check(int(np.count_nonzero(loop != opencv))).message
    small_blur = KERNEL_BANK["small_blur"]
    loop, opencv = _nb05_q1_sides(kernel=small_blur)
    assert "7×7 small_blur" in nb05.q1.check(int(np.count_nonzero(loop != opencv))).message
    loop, opencv = _nb05_q1_sides(image=load_image("camera"))
    assert "whole photo" in nb05.q1.check(int(np.count_nonzero(loop != opencv))).message
    loop, opencv = _nb05_q1_sides()
    assert nb05.q1.check(int(np.count_nonzero(loop != opencv))).ok


# --- answers of one kind are treated the same everywhere --------------------------------


def _listed(value):
    return value.tolist() if isinstance(value, np.ndarray) else value


def test_a_list_of_lists_is_accepted_wherever_an_array_is_asked_in_01_to_05():
    """Every array exercise of 01, 02, 03 and 05 (values and functions' results) takes the
    right answer as a list of lists; the one that asks for a uint8 picture refuses it with
    the one uint8 message, the same as for an int64 array."""
    from test_checks import EXERCISES, solve

    values = ["nb01.q2", "nb02.q1", "nb02.q3", "nb03.q2"]
    functions = ["nb01.q4", "nb02.q4", "nb02.q6", "nb03.q4"]
    for name in values:
        assert EXERCISES[name].check(_listed(np.asarray(solve(name)))).ok, name
    for name in functions:
        right = solve(name)
        assert EXERCISES[name].check(lambda *args, f=right: _listed(np.asarray(f(*args)))).ok, \
            name
    picture = solve("nb05.q2")
    as_list = nb05.q2.check(lambda *args: picture(*args).tolist()).message
    as_int64 = nb05.q2.check(lambda *args: picture(*args).astype(np.int64)).message
    assert "make it a uint8 array" in as_list and "make it a uint8 array" in as_int64
    assert as_list.replace("a list", "int64") == as_int64


@pytest.mark.parametrize("wrong, said", [
    ([5, 9, 2, 7, 3], "not padded"),
    (np.pad([5, 9, 2, 7, 3], 1, mode="reflect"), "too little"),
    (np.pad([5, 9, 2, 7, 3], 5, mode="reflect"), "too much"),
])
def test_nb03_q2_names_the_padding_width(wrong, said):
    result = nb03.q2.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb03_q2_accepts_numpys_reflect_by_two():
    """OpenCV's default is numpy's 'reflect' (the edge not repeated), two per side."""
    assert nb03.q2.check(np.pad([5, 9, 2, 7, 3], 2, mode="reflect")).ok


def test_nb05_q2_names_the_lessons_loop():
    from course_utils import correlate_loop
    result = nb05.q2.check(correlate_loop)
    assert not result.ok and "correlate_loop" in result.message, result.message


@pytest.mark.parametrize("make, said", [
    (lambda true: int(np.count_nonzero(true > 0)), "above 0"),
    (lambda true: float(np.mean(true < 0)), "a share"),
    (lambda true: float(np.mean(true < 0) * 100), "a share"),
])
def test_nb05_q3_names_the_counting_mistake(make, said):
    true = correlate(load_image("camera"), KERNEL_BANK["sobel_y"], mode="mirror")
    result = nb05.q3.check(make(true))
    assert not result.ok and said in result.message, result.message
