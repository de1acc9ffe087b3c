"""The exercises of notebooks 06-07: worked solutions pass, wrong answers get a useful message."""

import numpy as np

from course_utils import KERNEL_BANK, load_image
from course_utils.checks import nb06, nb07
from course_utils.cnn import compose_kernels, conv_output_size
from course_utils.fast import box_sum, integral_image
from course_utils.filtering import separable_factors


def test_nb06_solutions_are_correct():
    assert nb06.q1.check(conv_output_size(224, 7, stride=2, padding=3))
    assert nb06.q2.check(16 * (3 * 5 * 5 + 1))
    assert nb06.q3.check(compose_kernels(KERNEL_BANK["sharpen"], KERNEL_BANK["laplacian"]))


def test_nb06_wrong_answers_are_refused_without_the_answer():
    result = nb06.q1.check(113)
    assert not result and "too large" in result.message and "112" not in result.message
    assert not nb06.q1.check(None)
    assert "too small" in nb06.q2.check(16 * 3 * 5 * 5).message   # biases forgotten
    flipped_order = compose_kernels(KERNEL_BANK["laplacian"], KERNEL_BANK["sharpen"])
    assert nb06.q3.check(flipped_order)          # both kernels symmetric: order does not matter
    assert "shape" in nb06.q3.check(np.zeros((3, 3))).message


def test_nb07_solutions_are_correct():
    col, row = separable_factors(KERNEL_BANK["large_blur"])
    assert nb07.q1.check(len(col) + len(row))
    assert nb07.q2.check(box_sum(integral_image(load_image("camera")), 100, 200, 50, 60))
    u, s, vt = np.linalg.svd(KERNEL_BANK["sobel_y"])
    assert nb07.q3.check((u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0])))
    assert nb07.q3.check(([-1, 0, 1], [1, 2, 1]))


def test_nb07_wrong_answers_are_refused():
    assert not nb07.q1.check(441)
    assert not nb07.q2.check(float(load_image("camera")[100:150, 200:260].sum()) + 1)
    assert "pair" in nb07.q3.check(None).message
    assert "3 numbers" in nb07.q3.check(([1, 2], [1, 2])).message
    assert not nb07.q3.check(([1, 2, 1], [-1, 0, 1]))   # that is sobel_x
