"""window_at: the arithmetic at one pixel equals correlate/convolve at that pixel."""

import numpy as np
import pytest
from conftest import MODES, random_image

from course_utils import EXAMPLE_REGION, KERNEL_BANK, convolve, correlate, window_at


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kernel_shape", [(3, 3), (5, 5), (3, 5), (1, 3)])
def test_value_equals_correlate_and_convolve_at_every_pixel(rng, mode, kernel_shape):
    image = random_image(rng, (7, 9), np.uint8)
    kernel = rng.normal(size=kernel_shape)
    correlated = correlate(image, kernel, mode=mode, cval=2.0)
    convolved = convolve(image, kernel, mode=mode, cval=2.0)
    for row, col in np.ndindex(*image.shape):
        plain = window_at(image, kernel, row, col, mode=mode, cval=2.0)
        flipped = window_at(image, kernel, row, col, mode=mode, cval=2.0, flip=True)
        assert plain.value == pytest.approx(correlated[row, col], abs=1e-9)
        assert flipped.value == pytest.approx(convolved[row, col], abs=1e-9)
        np.testing.assert_array_equal(plain.products, plain.window * plain.kernel)
        np.testing.assert_array_equal(flipped.kernel, kernel[::-1, ::-1])
        assert isinstance(plain.value, float)


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
