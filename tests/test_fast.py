"""Every rung of the performance ladder equals correlate, scipy, and the lesson's loop."""

import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import random_image, scipy_answer
from hypothesis import given
from hypothesis import strategies as st
from lesson_reference import lesson_convolve

from course_utils import KERNEL_BANK, load_image
from course_utils.fast import (
    LADDER,
    applicable_rungs,
    as_lesson_output,
    box_sum,
    correlate_integral,
    correlate_separable,
    integral_image,
)

# Every rung on every bank kernel and border mode against scipy and OpenCV:
# tests/test_filtering.py (one table for every implementation).


@pytest.mark.parametrize("shape", [(3, 3), (5, 3), (1, 7), (9, 9)])
def test_general_rungs_on_random_kernels(rng, shape):
    image = random_image(rng, (30, 27))
    kernel = rng.normal(size=shape)
    expected = scipy_answer(image, kernel)
    for rung in ("windows", "shift_add", "im2col", "fft", "opencv", "opencv_tool"):
        np.testing.assert_allclose(LADDER[rung](image, kernel), expected, atol=1e-9,
                                   err_msg=rung)


@pytest.mark.parametrize("name", list(KERNEL_BANK))
def test_every_rung_equals_the_lessons_loop_on_a_photo_crop(name):
    crop = load_image("camera")[200:264, 300:364]
    kernel = KERNEL_BANK[name]
    expected = lesson_convolve(crop, kernel)   # the lesson's own loop, transcribed
    exact = ndi.correlate(crop.astype(np.float64), kernel, mode="nearest")
    whole = np.abs(exact - np.rint(exact)) < 1e-9  # where float64 noise can cost a level
    for rung in applicable_rungs(kernel):
        result = as_lesson_output(LADDER[rung](crop, kernel, mode="nearest"))
        differ = result != expected
        assert not differ[~whole].any(), rung
        if np.array_equal(kernel, np.rint(kernel)):  # whole weights: exact sums, no noise
            assert not differ.any(), rung
        assert (np.abs(result.astype(int) - expected.astype(int)) <= 1).all(), rung


@given(st.data())
def test_integral_image_and_box_sum(data):
    image = np.random.default_rng(data.draw(st.integers(0, 1000))).integers(0, 256, size=(9, 12))
    table = integral_image(image)
    assert table.shape == (10, 13) and table[-1, -1] == image.sum()
    top, left = data.draw(st.integers(0, 8)), data.draw(st.integers(0, 11))
    height, width = data.draw(st.integers(1, 9 - top)), data.draw(st.integers(1, 12 - left))
    assert box_sum(table, top, left, height, width) == image[top:top + height,
                                                             left:left + width].sum()


def test_applicable_rungs_and_refusals():
    assert "integral" in applicable_rungs(KERNEL_BANK["large_blur"])
    assert "separable" in applicable_rungs(KERNEL_BANK["sobel_y"])
    assert "integral" not in applicable_rungs(KERNEL_BANK["sobel_y"])
    with pytest.raises(ValueError, match="separable"):
        correlate_separable(np.zeros((5, 5)), KERNEL_BANK["emboss"])
    with pytest.raises(ValueError, match="box"):
        correlate_integral(np.zeros((5, 5)), KERNEL_BANK["sobel_x"])
    with pytest.raises(ValueError, match="2-D"):
        LADDER["windows"](np.zeros((5, 5, 3)), KERNEL_BANK["sharpen"])


def test_as_lesson_output_truncates_and_clips():
    assert as_lesson_output([[-1.0, 0.0, 254.99, 255.0, 1e9]]).tolist() == [[0, 0, 254, 255, 255]]
