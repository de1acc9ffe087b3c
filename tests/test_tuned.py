"""The tuned engine behind correlate: bands, threads, exact integer passes, borders."""

import threading

import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import MODES, random_image

from course_utils import KERNEL_BANK, _tuned, correlate, separable_factors
from course_utils._tuned import separable_passes, shift_and_add


def scipy_answer(image, kernel, mode, cval=0.0):
    weights = kernel[:, :, None] if image.ndim == 3 else kernel
    return ndi.correlate(np.asarray(image, dtype=np.float64), weights, mode=mode, cval=cval)


@pytest.fixture
def small_bands(monkeypatch):
    """Bands of about 8 rows, so that a small test image has many of them."""
    monkeypatch.setattr(_tuned, "BAND_BYTES", 1)


@pytest.mark.parametrize("dtype", [np.uint8, np.float64])
@pytest.mark.parametrize("shape", [(70, 45), (61, 33, 3)])
@pytest.mark.parametrize("name", list(KERNEL_BANK))
def test_threads_give_the_single_threaded_result_bit_for_bit(rng, small_bands, dtype, shape,
                                                             name):
    image = random_image(rng, shape, dtype)
    kernel = KERNEL_BANK[name]
    for mode in MODES:
        if kernel.shape[0] < 21:
            single = shift_and_add(image, kernel, mode, 3.0, threads=1)
            for threads in (2, 3, 5):
                assert np.array_equal(shift_and_add(image, kernel, mode, 3.0, threads=threads),
                                      single)
        col, row = separable_factors(kernel) or (None, None)
        if col is not None:
            single = separable_passes(image, col, row, mode, 3.0, threads=1)
            assert np.array_equal(separable_passes(image, col, row, mode, 3.0, threads=2), single)


def test_the_band_size_does_not_change_a_bit(rng, monkeypatch):
    image = random_image(rng, (90, 70), np.float64)
    kernel = rng.normal(size=(5, 3))
    results = []
    for band_bytes in (1, 1 << 12, 1 << 18):
        monkeypatch.setattr(_tuned, "BAND_BYTES", band_bytes)
        results.append(shift_and_add(image, kernel, "wrap", 0.0, threads=2))
    assert all(np.array_equal(result, results[0]) for result in results)


@pytest.mark.parametrize("dtype", [np.uint8, np.float64, np.int16, np.bool_])
@pytest.mark.parametrize("shape", [(3, 3), (5, 9), (9, 5, 2), (21, 21)])
@pytest.mark.parametrize("mode", MODES)
def test_images_of_a_single_band_and_kernels_as_large_as_the_image(rng, dtype, shape, mode):
    image = random_image(rng, shape, dtype)
    for kernel in (rng.normal(size=shape[:2]), np.ones(shape[:2]), rng.normal(size=(3, 1)),
                   rng.integers(-2, 3, size=(1, 3)).astype(float)):
        expected = scipy_answer(image, kernel, mode, cval=-2.0)
        for threads in (1, 2):
            result = shift_and_add(image, kernel, mode, -2.0, threads=threads)
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
    expected = [shift_and_add(image, kernel, "mirror", 0.0, threads=1) for image in images]
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


def test_a_forked_process_gets_its_own_pool(monkeypatch):
    pool = _tuned._pool()
    assert _tuned._pool() is pool
    monkeypatch.setattr(_tuned.os, "getpid", lambda: -1)
    assert _tuned._pool() is not pool


def test_small_images_stay_on_one_thread():
    assert _tuned._threads(np.zeros((64, 64)), None) == 1
    big = np.zeros((1024, 1024))
    assert _tuned._threads(big, None) == _tuned.THREADS
    assert _tuned._threads(big, 1) == 1
