"""correlate and convolve against scipy.ndimage and cv2.filter2D, and their properties."""

import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import MODES, opencv_correlate, random_image, scipy_answer

from course_utils import KERNEL_BANK, convolve, correlate
from course_utils.fast import LADDER, applicable_rungs
from course_utils.filtering import METHODS, choose_method, separable_factors
from course_utils.playground import apply_kernel

# Generated shapes, dtypes, modes, cval and methods against scipy: test_properties_filtering.py.


# --------------------------------------------------------------------------- the one table
# Every way the course computes a filter, on every bank kernel and border mode, against
# scipy.ndimage and OpenCV (cv2.filter2D, wrap by padding first): correlate's methods,
# convolve, the performance ladder's rungs (course_utils.fast) and the playground's
# apply_kernel. (Generated images, kernels, cval and dtypes: test_properties_filtering.py.)


def _implementations():
    """name -> (call(image, kernel, mode), convolution?, applies to kernel?)."""
    def methods(method):
        return lambda i, k, m: correlate(i, k, mode=m, method=method)

    def rung(name):
        return lambda i, k, m: LADDER[name](i, k, mode=m)

    table = {f"correlate-{m}": (methods(m), False,
                                (lambda k: separable_factors(k) is not None)
                                if m == "separable" else (lambda k: True))
             for m in METHODS}
    table["convolve"] = (lambda i, k, m: convolve(i, k, mode=m), True, lambda k: True)
    table |= {f"ladder-{name}": (rung(name), False,
                                 lambda k, name=name: name in applicable_rungs(k))
              for name in LADDER}
    for flip in (False, True):
        table[f"apply_kernel-flip={flip}"] = (
            lambda i, k, m, flip=flip: apply_kernel(i, k, flip, m), flip, lambda k: True)
    return table


IMPLEMENTATIONS = _implementations()
BANK_CASES = [pytest.param(how, name, mode, id=f"{how}-{name}-{mode}")
              for how, (_, _, applies) in IMPLEMENTATIONS.items()
              for name in KERNEL_BANK if applies(KERNEL_BANK[name]) for mode in MODES]


@pytest.fixture(scope="module")
def bank_image():
    return random_image(np.random.default_rng(20260101), (40, 45), np.uint8)


@pytest.mark.parametrize("how, name, mode", BANK_CASES)
def test_every_implementation_equals_scipy_and_opencv_on_the_bank(bank_image, how, name, mode):
    call, flip, _ = IMPLEMENTATIONS[how]
    kernel = KERNEL_BANK[name]
    result = call(bank_image, kernel, mode)
    assert result.shape == bank_image.shape
    np.testing.assert_allclose(result, scipy_answer(bank_image, kernel, mode, flip=flip),
                               atol=1e-9, rtol=0)
    applied = kernel[::-1, ::-1] if flip else kernel
    np.testing.assert_allclose(result, opencv_correlate(bank_image, applied, mode),
                               atol=1e-9, rtol=0)


def test_the_table_has_every_rung_and_method():
    """Each rung and method meets at least one bank kernel (the box blurs: all)."""
    covered = {case.values[0] for case in BANK_CASES}
    assert covered == set(IMPLEMENTATIONS)
    assert {case.values[1] for case in BANK_CASES if case.values[0] == "ladder-integral"} == {
        "small_blur", "large_blur"}


@pytest.mark.parametrize("name", ["small_blur", "large_blur", "sobel_x", "sobel_y"])
@pytest.mark.parametrize("mode", MODES)
def test_separable_method_on_rank_one_kernels(rng, name, mode):
    image = random_image(rng, (30, 33, 3), np.uint8)
    kernel = KERNEL_BANK[name]
    expected = scipy_answer(image, kernel, mode)
    np.testing.assert_allclose(correlate(image, kernel, mode=mode, method="separable"),
                               expected, atol=1e-9, rtol=0)


def test_separable_factors_rebuild_the_kernel_and_refuse_rank_two():
    for name in ("small_blur", "large_blur", "sobel_x", "sobel_y"):
        col, row = separable_factors(KERNEL_BANK[name])
        np.testing.assert_allclose(np.outer(col, row), KERNEL_BANK[name], atol=1e-12)
    for name in ("sharpen", "laplacian", "emboss"):
        assert separable_factors(KERNEL_BANK[name]) is None
    with pytest.raises(ValueError, match="rank-1 kernel"):
        correlate(np.zeros((5, 5)), KERNEL_BANK["laplacian"], method="separable")


def test_auto_picks_by_kernel():
    assert choose_method(KERNEL_BANK["large_blur"]) == "separable"
    assert choose_method(KERNEL_BANK["sharpen"]) == "direct"
    assert choose_method(np.random.default_rng(0).normal(size=(15, 15))) == "fft"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kernel_shape", [(3, 3), (5, 5), (3, 7), (7, 1), (13, 13)])
@pytest.mark.parametrize("image_shape", [(20, 24), (16, 18, 3)])
def test_correlate_equals_opencv_filter2d(rng, mode, kernel_shape, image_shape):
    image = random_image(rng, image_shape, np.uint8)
    kernel = rng.normal(size=kernel_shape)
    expected = opencv_correlate(image, kernel, mode)
    np.testing.assert_allclose(correlate(image, kernel, mode=mode, cval=0.0), expected,
                               atol=1e-9, rtol=0)


@pytest.mark.parametrize("kernel_shape", [(3, 3), (5, 3), (1, 7)])
def test_impulse_response_is_flipped_kernel_for_correlate_and_kernel_for_convolve(
        rng, kernel_shape):
    kernel = rng.normal(size=kernel_shape)
    impulse = np.zeros((11, 11))
    impulse[5, 5] = 1
    rows, cols = kernel_shape
    region = (slice(5 - rows // 2, 5 + rows // 2 + 1), slice(5 - cols // 2, 5 + cols // 2 + 1))
    for mode in MODES:
        assert np.array_equal(correlate(impulse, kernel, mode=mode, method="direct")[region],
                              kernel[::-1, ::-1])
        assert np.array_equal(convolve(impulse, kernel, mode=mode, method="direct")[region],
                              kernel)


@pytest.mark.parametrize("method", ["direct", "fft", "auto"])
def test_linearity(rng, method):
    a, b = random_image(rng, (14, 16)), random_image(rng, (14, 16))
    k1, k2 = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    lhs = correlate(2.5 * a - 0.5 * b, k1, method=method)
    rhs = 2.5 * correlate(a, k1, method=method) - 0.5 * correlate(b, k1, method=method)
    np.testing.assert_allclose(lhs, rhs, atol=1e-9)
    np.testing.assert_allclose(correlate(a, k1 + k2, method=method),
                               correlate(a, k1, method=method) + correlate(a, k2, method=method),
                               atol=1e-9)


def test_symmetric_kernels_agree_and_asymmetric_ones_differ(rng):
    image = random_image(rng, (30, 30), np.uint8)
    for name in ("small_blur", "large_blur", "sharpen", "laplacian"):
        np.testing.assert_allclose(correlate(image, KERNEL_BANK[name]),
                                   convolve(image, KERNEL_BANK[name]), atol=1e-9)
    for name in ("sobel_x", "sobel_y", "emboss"):
        assert not np.allclose(correlate(image, KERNEL_BANK[name]),
                               convolve(image, KERNEL_BANK[name]))


def test_convolve_is_correlate_with_the_kernel_rotated(rng):
    image = random_image(rng, (12, 12))
    kernel = rng.normal(size=(3, 5))
    np.testing.assert_array_equal(convolve(image, kernel, method="direct"),
                                  correlate(image, np.rot90(kernel, 2), method="direct"))


def test_input_is_not_modified(rng):
    image = random_image(rng, (8, 8), np.uint8)
    kernel = rng.normal(size=(3, 3))
    image_copy, kernel_copy = image.copy(), kernel.copy()
    correlate(image, kernel)
    convolve(image, kernel)
    assert np.array_equal(image, image_copy) and np.array_equal(kernel, kernel_copy)


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint8, np.int16, np.uint16])
@pytest.mark.parametrize("method", ["direct", "auto"])
@pytest.mark.parametrize("mode", MODES)
def test_exact_integer_paths_at_the_limits_of_each_dtype(rng, dtype, method, mode):
    """Small integer images may be summed in integers: no overflow even at the extremes."""
    info = np.iinfo(dtype) if dtype != np.bool_ else None
    if info is None:
        image = rng.random((30, 30)) > 0.5
    else:
        image = rng.choice([info.min, info.max, 0, 1], size=(30, 30)).astype(dtype)
    kernels = [KERNEL_BANK[name] for name in KERNEL_BANK] + [
        np.full((5, 5), 30000.0), np.array([[-32768.0, 1.0, 32767.0]])]
    for kernel in kernels:
        cval = -7 if mode == "constant" else 0.0
        expected = ndi.correlate(image.astype(np.float64), kernel, mode=mode, cval=cval)
        result = correlate(image, kernel, mode=mode, cval=cval, method=method)
        np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-9)


# Inputs where a fast method alone would not give scipy's answer (issue 10, "Wrong numbers").

@pytest.mark.parametrize("method", ["auto", "fft", "separable", "direct"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_pixel_reaches_only_what_the_kernel_reaches(rng, method, bad):
    image = random_image(rng, (40, 40))
    image[20, 11] = bad
    if method == "separable":
        kernel = np.outer([1.0, 0.0, 2.0, 0.0, 1.0], [1.0, 2.0, 0.0, 2.0, 1.0, 0.0, 3.0]) / 7
    else:
        kernel = rng.normal(size=(9, 9))        # 81 entries: 'auto' picks the FFT
    result = correlate(image, kernel, method=method)
    expected = ndi.correlate(image, kernel)
    assert np.isfinite(result).sum() == np.isfinite(expected).sum() >= 40 * 40 - 81
    np.testing.assert_array_equal(np.isnan(result), np.isnan(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(result[finite], expected[finite], atol=1e-9, rtol=0)


def test_separable_factors_are_exactly_zero_where_the_kernel_is():
    kernel = np.outer([0.0, 1.0, 0.0, 3.0, 0.0], [2.0, 0.0, 1.0])
    col, row = separable_factors(kernel)
    assert np.array_equal(col == 0, ~kernel.any(axis=1))
    assert np.array_equal(row == 0, ~kernel.any(axis=0))
    np.testing.assert_allclose(np.outer(col, row), kernel, atol=1e-12)


@pytest.mark.parametrize("method", ["auto", "fft"])
def test_huge_finite_image_does_not_overflow_in_the_fft(rng, method):
    image = rng.random((64, 64)) * 1e306
    kernel = rng.normal(size=(7, 7))
    result = correlate(image, kernel, method=method)
    expected = ndi.correlate(image, kernel)
    assert np.isfinite(expected).all() and np.isfinite(result).all()
    np.testing.assert_allclose(result, expected, rtol=1e-9, atol=1e-9 * np.abs(expected).max())


def test_huge_kernel_does_not_overflow_the_separable_factors(rng):
    kernel = np.full((5, 5), 1e308)
    col, row = separable_factors(kernel)
    assert np.isfinite(col).all() and np.isfinite(row).all()
    np.testing.assert_allclose(np.outer(col, row), kernel, rtol=1e-12)
    image = rng.random((20, 20)) * 1e-3
    for method in ("auto", "separable"):
        result = correlate(image, kernel, method=method)
        expected = ndi.correlate(image, kernel)
        assert np.isfinite(result).all()
        np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_wider_than_float64_images_are_refused_by_name():
    image = np.ones((8, 8), dtype=np.longdouble)
    if np.finfo(np.longdouble).bits <= 64:
        pytest.skip("on this platform longdouble is float64")
    with pytest.raises(TypeError, match=r"image must have a dtype of at most 64 bits.*float128"):
        correlate(image, np.ones((3, 3)))
    with pytest.raises(TypeError, match="image must"):
        convolve(image, np.ones((3, 3)))


def test_tiny_weights_count_where_scipy_skips_them():
    """A weight below machine epsilon still adds its product (the docstring says so)."""
    image = np.full((7, 7), 1e20)
    kernel = np.array([[1e-17, 0.0, 0.0]])
    for method in ("direct", "auto", "fft"):
        np.testing.assert_allclose(correlate(image, kernel, method=method), 1e3, rtol=1e-9)


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("name", ["small_blur", "sobel_x", "sobel_y"])
def test_separable_factors_have_a_fixed_sign(name, sign):
    """The SVD's sign is arbitrary; the factors' is not (printed in notebook 08)."""
    kernel = sign * KERNEL_BANK[name]
    col, row = separable_factors(kernel)
    assert col[np.argmax(np.abs(col))] > 0
    np.testing.assert_allclose(np.outer(col, row), kernel, atol=1e-12)
