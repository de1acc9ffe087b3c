"""The tuned engine behind correlate: bands, exact integer passes, borders, callers in threads."""

import threading

import numpy as np
import pytest
from conftest import MODES, random_image, scipy_answer

from course_utils import KERNEL_BANK, _tuned, correlate, separable_factors
from course_utils._tuned import separable_passes, shift_and_add


@pytest.mark.parametrize("dtype", [np.uint8, np.float64])
@pytest.mark.parametrize("shape", [(70, 45), (61, 33, 3)])
@pytest.mark.parametrize("name", list(KERNEL_BANK))
def test_many_small_bands_give_the_result_of_one_band_bit_for_bit(rng, monkeypatch, dtype,
                                                                  shape, name):
    """Every band is summed the same way: where the bands split the image changes no bit."""
    image = random_image(rng, shape, dtype)
    kernel = KERNEL_BANK[name]
    factors = separable_factors(kernel)
    for mode in MODES:
        results = []
        for band_bytes in (1, 1 << 12, 1 << 30):    # bands of 8 rows, a few, one
            monkeypatch.setattr(_tuned, "BAND_BYTES", band_bytes)
            results.append(shift_and_add(image, kernel, mode, 3.0))
            if factors is not None:
                results.append(separable_passes(image, *factors, mode, 3.0))
        step = 1 if factors is None else 2
        for first in range(step):
            assert all(np.array_equal(result, results[first]) for result in results[first::step])
        np.testing.assert_allclose(results[0], scipy_answer(image, kernel, mode, 3.0),
                                   atol=1e-9, rtol=0)


@pytest.mark.parametrize("dtype", [np.uint8, np.float64, np.int16, np.bool_])
@pytest.mark.parametrize("shape", [(3, 3), (5, 9), (9, 5, 2), (21, 21)])
@pytest.mark.parametrize("mode", MODES)
def test_images_of_a_single_band_and_kernels_as_large_as_the_image(rng, dtype, shape, mode):
    image = random_image(rng, shape, dtype)
    for kernel in (rng.normal(size=shape[:2]), np.ones(shape[:2]), rng.normal(size=(3, 1)),
                   rng.integers(-2, 3, size=(1, 3)).astype(float)):
        expected = scipy_answer(image, kernel, mode, cval=-2.0)
        result = shift_and_add(image, kernel, mode, -2.0)
        np.testing.assert_allclose(result, expected, atol=1e-9, rtol=0)


@pytest.mark.parametrize("dtype", [np.uint8, np.float64, np.float32])
@pytest.mark.parametrize("mode", MODES)
def test_non_contiguous_and_3d_images(rng, dtype, mode):
    base = random_image(rng, (80, 90, 3), dtype)
    views = [base[::2, ::3], base[5:60, 7:70], base[:, :, 1], base[::-1, :, ::2],
             np.asfortranarray(base[:, :, 0]), base.transpose(1, 0, 2)]
    for image in views:
        for name in ("sharpen", "sobel_y", "emboss", "small_blur"):
            kernel = KERNEL_BANK[name]
            result = correlate(image, kernel, mode=mode, cval=1.5)
            np.testing.assert_allclose(result, scipy_answer(image, kernel, mode, 1.5),
                                       atol=1e-9, rtol=0)
            assert result.flags.c_contiguous and result.shape == image.shape


@pytest.mark.parametrize("mode", MODES)
def test_sobels_as_two_exact_passes_equal_the_plain_sum_exactly(rng, mode):
    """A whole-number rank-1 kernel on an 8-bit image: integer passes, no rounding at all."""
    image = random_image(rng, (40, 50), np.uint8)
    for name in ("sobel_x", "sobel_y"):
        kernel = KERNEL_BANK[name]
        assert _tuned._two_passes(kernel.shape, kernel.tobytes()) is not None
        assert np.array_equal(shift_and_add(image, kernel, mode, 0.0),
                              scipy_answer(image, kernel, mode))


def test_two_passes_only_where_they_take_fewer_operations():
    def two_passes(kernel):
        kernel = np.asarray(kernel, dtype=np.float64)
        return _tuned._two_passes(kernel.shape, kernel.tobytes())

    assert two_passes(KERNEL_BANK["sobel_x"]) is not None
    assert two_passes(KERNEL_BANK["sharpen"]) is None          # rank 2
    assert two_passes(np.outer([0, 1, 0], [1, 0, -1])) is None  # one row: no fewer operations
    assert two_passes(np.outer([1, 2, 1], [0.5, 0, 1])) is None  # not whole numbers


def test_equal_weights_are_summed_once_then_multiplied_once():
    """Operations per band: one per entry, plus one multiplication per weight other than ±1."""
    operations = {name: _tuned._operations(KERNEL_BANK[name])
                  for name in ("sharpen", "laplacian", "sobel_x", "emboss")}
    assert operations == {"sharpen": 5, "laplacian": 5, "sobel_x": 6, "emboss": 7}


def test_concurrent_callers_get_their_own_results(rng):
    images = [random_image(rng, (300, 280), dtype) for dtype in (np.uint8, np.float64) * 3]
    kernel = KERNEL_BANK["emboss"]
    expected = [shift_and_add(image, kernel, "mirror", 0.0) for image in images]
    results = [None] * len(images)

    def call(index):
        for _ in range(5):
            results[index] = correlate(images[index], kernel, mode="mirror")

    callers = [threading.Thread(target=call, args=(index,)) for index in range(len(images))]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert all(np.array_equal(a, b) for a, b in zip(results, expected, strict=True))
