"""Exercises of notebooks 06-07: worked solutions pass, typical mistakes get a targeted message."""

import numpy as np
from scipy.signal import convolve2d, correlate2d

from course_utils import KERNEL_BANK, correlate
from course_utils.checks import NB06_Q3_KERNELS, nb06, nb07
from course_utils.cnn import compose_kernels, conv_output_size
from course_utils.fast import box_sum
from course_utils.filtering import separable_factors

FIRST, SECOND = (KERNEL_BANK[name] for name in NB06_Q3_KERNELS)


def test_nb06_solutions_are_correct():
    assert nb06.q1.check(conv_output_size(224, 7, stride=2, padding=3))
    assert nb06.q2.check(16 * (3 * 5 * 5 + 1))
    assert nb06.q3.check(compose_kernels(FIRST, SECOND))
    assert nb06.q3.check(convolve2d(FIRST, SECOND))      # composition commutes: both orders


def test_nb06_q3_solution_by_impulse_is_accepted():
    impulse = np.zeros((9, 9))
    impulse[4, 4] = 1
    response = correlate(correlate(impulse, FIRST, mode="wrap"), SECOND, mode="wrap")
    assert nb06.q3.check(response[2:7, 2:7][::-1, ::-1])


def test_nb06_wrong_answers_are_refused_without_the_answer():
    result = nb06.q1.check(113)
    assert not result and "too large" in result.message and "112" not in result.message
    assert not nb06.q1.check(None)
    assert "too small" in nb06.q2.check(16 * 3 * 5 * 5).message   # biases forgotten
    assert "shape" in nb06.q3.check(np.zeros((3, 3))).message


def test_nb06_q3_catches_flips_and_correlated_kernels():
    expected = compose_kernels(FIRST, SECOND)
    assert not np.allclose(expected, expected[::-1, ::-1])   # the pair must be asymmetric
    rotated = nb06.q3.check(expected[::-1, ::-1])            # impulse response not rotated back
    assert not rotated and "180°" in rotated.message
    for wrong in (correlate2d(FIRST, SECOND), correlate2d(SECOND, FIRST)):
        assert not np.allclose(wrong, expected)
        result = nb06.q3.check(wrong)
        assert not result and "correlating" in result.message
    assert "differs" in nb06.q3.check(expected + np.eye(5)).message


def test_nb07_solutions_are_correct():
    col, row = separable_factors(KERNEL_BANK["large_blur"])
    assert nb07.q1.check(len(col) + len(row))

    def rect_sum(S, top, left, bottom, right):
        b, r = bottom + 1, right + 1
        return S[b, r] - S[top, r] - S[b, left] + S[top, left]

    assert nb07.q2.check(rect_sum)

    def factors(kernel):
        u, s, vt = np.linalg.svd(kernel)
        if len(s) > 1 and s[1] > 1e-10 * s[0]:
            return None
        return u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0])

    assert nb07.q3.check(factors)


def test_nb07_q2_needs_a_function_of_the_table():
    assert not nb07.q1.check(441)
    assert "function" in nb07.q2.check(177205.0).message        # a number is not enough
    assert "box_sum" in nb07.q2.check(box_sum).message          # the package's own is refused

    def notebook_formula(S, top, left, bottom, right):          # cell 11's look-ups, copied:
        return S[bottom, right] - S[top, right] - S[bottom, left] + S[top, left]  # exclusive

    result = nb07.q2.check(notebook_formula)
    assert not result and "S[i, j] sums image[:i, :j]" in result.message

    def inclusive_table(S, top, left, bottom, right):           # inclusive-table confusion
        return S[bottom, right] - S[top - 1, right] - S[bottom, left - 1] + S[top - 1, left - 1]

    assert not nb07.q2.check(inclusive_table)

    def no_corner(S, top, left, bottom, right):                 # forgot to add the corner back
        return S[bottom + 1, right + 1] - S[top, right + 1] - S[bottom + 1, left]

    assert not nb07.q2.check(no_corner)
    beyond = nb07.q2.check(lambda S, top, left, bottom, right: S[bottom + 2, right + 1])
    assert "raised IndexError" in beyond.message


def test_nb07_q3_needs_the_rank_test_and_the_shapes():
    def always(kernel):                                         # no rank test
        u, s, vt = np.linalg.svd(kernel)
        return u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0])

    assert "not separable" in nb07.q3.check(always).message
    assert "returned None for sobel_y" in nb07.q3.check(lambda kernel: None).message

    def swapped(kernel):                                        # col and row exchanged
        found = separable_factors(kernel)
        return None if found is None else (found[1], found[0])

    result = nb07.q3.check(swapped)
    assert not result and "sobel_y" in result.message
    assert "function" in nb07.q3.check(([1, 2, 1], [-1, 0, 1])).message
    package = nb07.q3.check(separable_factors)                  # the package's own is refused
    assert not package and "separable_factors" in package.message
    assert separable_factors(KERNEL_BANK["emboss"]) is None     # though it would pass
