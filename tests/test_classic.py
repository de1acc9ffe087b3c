"""correlate_loop reproduces the lesson bit for bit, and its known defects are real."""

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi
from lesson_reference import lesson_convolve

from course_utils import EXAMPLE_REGION, KERNEL_BANK, correlate_loop, load_image


@pytest.mark.parametrize("name", list(KERNEL_BANK))
def test_bit_identical_to_the_lesson_on_random_images(rng, name):
    image = rng.integers(0, 256, size=(31, 37), dtype=np.uint8)
    kernel = KERNEL_BANK[name]
    result = correlate_loop(image, kernel)
    assert result.dtype == np.uint8 and result.shape == image.shape
    np.testing.assert_array_equal(result, lesson_convolve(image, kernel))


@pytest.mark.parametrize("name", list(KERNEL_BANK))
def test_bit_identical_to_the_lesson_on_a_photo(name):
    crop = load_image("camera")[200:264, 180:260]
    kernel = KERNEL_BANK[name]
    np.testing.assert_array_equal(correlate_loop(crop, kernel), lesson_convolve(crop, kernel))


def test_hand_computed_example_is_132():
    box = np.full((3, 3), 1 / 9)
    assert EXAMPLE_REGION.astype(np.float64).sum() / 9 == pytest.approx(1190 / 9)
    assert correlate_loop(EXAMPLE_REGION, box)[1, 1] == 132


@pytest.mark.parametrize("kernel_shape", [(3, 5), (5, 3), (1, 7), (7, 1)])
def test_non_square_kernels_are_padded_per_axis(rng, kernel_shape):
    image = rng.integers(0, 256, size=(20, 23), dtype=np.uint8)
    kernel = rng.random(kernel_shape) / np.prod(kernel_shape)
    expected = np.clip(ndi.correlate(image.astype(np.float64), kernel, mode="nearest"), 0, 255)
    result = correlate_loop(image, kernel)
    # Same as replicate-border correlation up to the lesson's truncation of float64 sums.
    assert np.abs(result.astype(float) - np.floor(expected)).max() <= 1


def test_defects_the_course_measures(rng):
    image = rng.integers(0, 256, size=(25, 25), dtype=np.uint8)
    # Negative responses are clipped to 0: the Laplacian's float result is often < 0.
    laplacian = ndi.correlate(image.astype(float), KERNEL_BANK["laplacian"], mode="nearest")
    assert (laplacian < 0).any()
    assert (correlate_loop(image, KERNEL_BANK["laplacian"])[laplacian < 0] == 0).all()
    # It is a correlation, not a convolution: for sobel_x the two differ.
    sobel = KERNEL_BANK["sobel_x"]
    as_correlation = np.clip(ndi.correlate(image.astype(float), sobel, mode="nearest"), 0, 255)
    as_convolution = np.clip(ndi.convolve(image.astype(float), sobel, mode="nearest"), 0, 255)
    loop = correlate_loop(image, sobel).astype(float)
    assert np.abs(loop - np.floor(as_correlation)).max() <= 1
    assert np.abs(loop - np.floor(as_convolution)).max() > 1
    # Truncation: a blur differs from OpenCV (which rounds) by at most one grey level.
    blur = KERNEL_BANK["small_blur"]
    opencv = cv2.filter2D(image, -1, blur, borderType=cv2.BORDER_REPLICATE)
    difference = np.abs(correlate_loop(image, blur).astype(int) - opencv.astype(int))
    assert difference.max() == 1


def test_progress_is_called_once_per_row(rng):
    image = rng.integers(0, 256, size=(6, 5), dtype=np.uint8)
    calls = []
    correlate_loop(image, KERNEL_BANK["sharpen"], progress=lambda done, total: calls.append(
        (done, total)))
    assert calls == [(row, 6) for row in range(1, 7)]


def test_output_is_accumulated_in_float64_like_the_lesson():
    # 1/49 is not exact in binary: a window of 60s sums to just below 60, truncated to 59.
    flat = np.full((9, 11), 60, dtype=np.uint8)
    roi_sum = (flat[:7, :7] * KERNEL_BANK["small_blur"]).sum()
    assert roi_sum < 60 and np.float32(roi_sum) == 60
    assert (correlate_loop(flat, KERNEL_BANK["small_blur"]) == 59).all()
    # A float32 output would have stored 60.0 and given 60: the dtype is visible.
    assert (lesson_convolve(flat, KERNEL_BANK["small_blur"]) == 59).all()


def test_whole_means_come_out_one_level_low_on_a_photo():
    crop = load_image("camera")[200:264, 180:260]
    blur = KERNEL_BANK["small_blur"]
    exact = ndi.correlate(crop.astype(np.int64), np.ones((7, 7), np.int64), mode="nearest")
    whole = exact % 49 == 0
    assert whole.any()
    result = correlate_loop(crop, blur).astype(int)
    # Not every whole mean loses a level (the noise can land on either side), but some do,
    # and every other pixel is the truncated exact mean.
    assert (result[~whole] == exact[~whole] // 49).all()
    assert (result[whole] == exact[whole] // 49 - 1).any()
    assert (result[whole] >= exact[whole] // 49 - 1).all()
