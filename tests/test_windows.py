"""window_at: the arithmetic at one pixel (equality with correlate/convolve at generated
pixels, shapes, modes and dtypes is a property test in test_properties_numerics.py)."""

import numpy as np
import pytest

from course_utils import EXAMPLE_REGION, KERNEL_BANK, window_at


def test_the_lessons_example():
    w = window_at(EXAMPLE_REGION, np.full((3, 3), 1 / 9), 1, 1)
    np.testing.assert_array_equal(w.window, EXAMPLE_REGION)
    assert w.value == pytest.approx(1190 / 9)
    assert not w.from_padding.any()


def test_window_includes_border_values_and_marks_them():
    image = np.arange(16).reshape(4, 4)
    w = window_at(image, np.ones((3, 3)), 0, 0, mode="constant", cval=-1)
    np.testing.assert_array_equal(w.window, [[-1, -1, -1], [-1, 0, 1], [-1, 4, 5]])
    np.testing.assert_array_equal(w.from_padding, [[True, True, True], [True, False, False],
                                                   [True, False, False]])
    w = window_at(image, np.ones((3, 3)), 3, 3, mode="nearest")
    np.testing.assert_array_equal(w.window, [[10, 11, 11], [14, 15, 15], [14, 15, 15]])
    assert w.from_padding.sum() == 5


def test_window_does_not_alias_the_image():
    image = np.arange(25, dtype=float).reshape(5, 5)
    w = window_at(image, KERNEL_BANK["sobel_x"], 2, 2)
    w.window[...] = 0
    assert image[2, 2] == 12
