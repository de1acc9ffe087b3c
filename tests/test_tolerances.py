"""Every tolerance of the answer checker, pinned from both sides.

A check that starts accepting an answer close to the right one, but wrong, would go
unnoticed by tests that only try the right answer and far-off mistakes. So for each
comparison helper and each exercise that compares numbers or arrays: a near miss just
outside the tolerance is refused, an answer just inside it is accepted, and whole numbers
compare exactly however large they are.

The tolerance of each exercise stands in :data:`TOLERANCES` with the reason it is right:
how far the learner's likely computation (float64, or OpenCV's float32) can round.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from test_checks import EXERCISES, solve

from course_utils.checks import compare_arrays, compare_numbers, compare_tuples

#: Just inside and just outside a tolerance: 10 % either side of it.
INSIDE, OUTSIDE = 0.9, 1.1


# --------------------------------------------------------------------------- the helpers

@pytest.mark.parametrize("expected", [0.0, 0.3, -132.0, 1e6])
def test_compare_numbers_default_tolerance_is_absolute_1e_6(expected):
    """Absolute, at every magnitude: a relative tolerance would accept 1e6 + 1e-3."""
    for sign in (1, -1):
        assert compare_numbers(expected + sign * INSIDE * 1e-6, expected).ok
        assert not compare_numbers(expected + sign * OUTSIDE * 1e-6, expected).ok
    assert not compare_numbers(expected + 1e-3, expected).ok


@pytest.mark.parametrize("atol", [0.05, 1e-9, 0.0])
def test_compare_numbers_given_tolerance(atol):
    expected = 21.5
    assert compare_numbers(expected + INSIDE * atol, expected, atol=atol).ok
    near_miss = expected + OUTSIDE * atol if atol else np.nextafter(expected, 22)
    assert not compare_numbers(near_miss, expected, atol=atol).ok
    assert not compare_numbers(-near_miss, -expected, atol=atol).ok


@pytest.mark.parametrize("big", [2**53, 2**63, 2**64, 10**30])
def test_compare_numbers_is_exact_for_large_whole_numbers(big):
    assert compare_numbers(big, big).ok and compare_numbers(np.uint64(2**63), 2**63).ok
    assert not compare_numbers(big + 1, big).ok
    assert not compare_numbers(big - 1, big).ok
    assert "too large" in compare_numbers(big + 1, big).message
    assert "too small" in compare_numbers(big - 1, big).message
    if big in (2**53, 2**63, 2**64):   # a power of 2 is a float exactly
        assert not compare_numbers(big + 1, float(big)).ok
        assert compare_numbers(big, float(big)).ok


@pytest.mark.parametrize("scale", [1.0, 1e6])
def test_compare_arrays_default_tolerance_is_absolute_1e_6_in_every_entry(rng, scale):
    expected = rng.normal(size=(4, 5)) * scale
    for entry in [(0, 0), (3, 4), (2, 1)]:
        for sign in (1, -1):
            inside = expected.copy()
            inside[entry] += sign * INSIDE * 1e-6
            assert compare_arrays(inside, expected).ok
            outside = expected.copy()
            outside[entry] += sign * OUTSIDE * 1e-6
            result = compare_arrays(outside, expected)
            assert not result.ok and "differs in 1 of 20 entries" in result.message
    everywhere = expected + INSIDE * 1e-6
    assert compare_arrays(everywhere, expected).ok


@pytest.mark.parametrize("atol", [1e-9, 1e-7, 0.5])
def test_compare_arrays_given_tolerance(atol):
    expected = np.array([[0.0, 255.0], [-3.25, 1e5]])
    assert compare_arrays(expected + INSIDE * atol, expected, atol=atol).ok
    outside = expected.copy()
    outside[1, 1] += OUTSIDE * atol
    assert not compare_arrays(outside, expected, atol=atol).ok


def test_compare_arrays_with_no_tolerance_refuses_one_rounding_step():
    expected = np.array([0.1, 0.2, 0.3])
    assert compare_arrays(expected.copy(), expected, atol=0).ok
    assert not compare_arrays(np.nextafter(expected, 1), expected, atol=0).ok
    assert not compare_arrays(np.float32(expected), expected, atol=0).ok


@pytest.mark.parametrize("big", [2**53, 2**62, 2**64, 10**30])
def test_compare_arrays_is_exact_for_large_whole_numbers(big):
    expected = [big, 7]
    assert compare_arrays([big, 7], expected).ok
    assert not compare_arrays([big + 1, 7], expected).ok
    assert not compare_arrays([big - 1, 7], expected).ok
    if big < 2**63:
        assert not compare_arrays(np.array([big + 1, 7]), np.array(expected)).ok
        assert compare_arrays(np.array([big, 7], dtype=np.int64), expected).ok


def test_compare_tuples_is_exact_for_large_whole_numbers():
    assert compare_tuples((2**64, 3), (2**64, 3)).ok
    assert not compare_tuples((2**64 + 1, 3), (2**64, 3)).ok
    assert not compare_tuples((np.int64(2**62 + 1), 3), (2**62, 3)).ok


# --------------------------------------------------------------------------- the exercises

#: Every exercise that compares numbers or arrays within a tolerance: how its answer is
#: nudged (``value``: the answer itself or one entry of it; ``output``: one entry of what
#: the learner's function returns; ``scale``: the first factor times 1 + d), the tolerance
#: and why it is right.
TOLERANCES = {
    "nb01.q1": ("output", 1e-6, "a whole number; sum/9 in float64 rounds by ~1e-13, and "
                                "neighbouring answers are 1 apart"),
    "nb01.q2": ("value", 1e-6, "products of whole numbers and 1/9 ... in float64: ~1e-14"),
    "nb02.q1": ("value", 1e-6, "the kernel's own entries, moved, not computed"),
    "nb02.q3": ("value", 1e-6, "whole-number weights, summed in float64 exactly"),
    "nb02.q4": ("output", 1e-6, "entries moved, not computed"),
    "nb02.q6": ("output", 1e-8, "NCC scores in [-1, 1] from float64 sums of at most 20 "
                                "products: error ~1e-15; float32 (~1e-7) is named, not right"),
    "nb03.q2": ("value", 1e-6, "a 1-D correlation of whole numbers in float64: exact"),
    "nb04.q2": ("output", 1e-9, "float64 sums of 9 products of 0-255 values: error ~1e-12; "
                                "the lesson's exact loop must match to far below a grey level"),
    "nb04.q4": ("output", 1e-9, "the same float64 sums as q2, vectorised: error ~1e-12"),
    "nb04.q5": ("output", 1e-9, "the same float64 sums as q2, any border: error ~1e-12"),
    "nb06.q3": ("value", 0.05, "a variance of ~3e2 from float64 or float32 filtering: a "
                               "float32 path is off by ~1e-3, a wrong border by more than 1"),
    "nb06.q2": ("output", 1e-3, "a gradient magnitude up to ~1e3 from float32 (cv2.Sobel's "
                                "default on uint8) is right to ~1e-4 grey levels"),
    "nb06.q5": ("output", 1e-9, "cv2.filter2D on float64 input computes in float64: ~1e-12"),
    "nb06.q7": ("output", 1e-7, "weights at most 1 from np.exp; a float32 path rounds them "
                                "by at most 6e-8"),
    "nb07.q8": ("value", 1e-6, "whole-number weights, summed in float64 exactly"),
    "nb07.q1": ("output", 1e-6, "a layer's sums of ~50 float64 products of values ~1: "
                                "~1e-14"),
    "nb07.q2": ("output", 1e-6, "max/mean of float64 values: exact or ~1e-16"),
    "nb07.q4": ("output", 1e-9, "one gradient step on float64 values ~1: ~1e-15"),
    "nb07.q5": ("output", 1e-6, "sums of ~50 float64 products of values ~1 (dx nudged); "
                                "the finite differences are exact to ~1e-13"),
    "nb08.q2": ("output", 1e-6, "correlations of float64 images by any of the ways the "
                                "notebook shows (FFT included): ~1e-10"),
    "nb08.q3": ("scale", 1e-9, "np.outer(col, row) against the kernel relative to its "
                               "largest weight: an SVD in float64 is right to ~1e-15"),
}
#: Relative tolerances: the absolute one is this many times the answer's largest magnitude.
RELATIVE = {
    "nb06.q6": ("value", 1e-9, "the weights must add up to 0 to float64 rounding of the "
                               "largest weight (the middle entry is nudged)"),
}
#: Exercises with whole-number answers (counts, sizes, positions, uint8 pixels, values
#: copied by padding): one unit off is refused, however large the number.
EXACT = ("nb01.q3", "nb01.q4", "nb02.q5", "nb03.q1", "nb03.q3", "nb03.q4", "nb04.q1",
         "nb04.q3", "nb04.q6", "nb04.q7", "nb04.q8", "nb05.q1", "nb05.q2", "nb05.q3", "nb06.q4",
         "nb07.q6", "nb07.q7", "nb07.q3", "nb08.q1", "nb08.q4")
#: Exercises whose answer is a set of names: no number to nudge.
NAMES_ONLY = ("nb02.q2", "nb06.q1")


def test_every_exercise_is_in_one_table():
    tables = [set(TOLERANCES), set(RELATIVE), set(EXACT), set(NAMES_ONLY)]
    assert sum(map(len, tables)) == len(set().union(*tables)) == len(EXERCISES)
    assert set().union(*tables) == set(EXERCISES)


def _nudge(value, delta, whole=False):
    """``value`` with its middle entry (or itself, a number; or its first whole number)
    moved by ``delta``, or, when ``whole``, by one unit (down at a dtype's largest value)."""
    if isinstance(value, tuple):
        return (_nudge(value[0], delta, whole), *value[1:])
    if isinstance(value, np.ndarray):
        out = value.copy() if whole else value.astype(np.float64)
        middle = np.unravel_index(out.size // 2, out.shape)
        if whole:
            limit = np.iinfo(out.dtype).max if out.dtype.kind in "iu" else np.inf
            out[middle] += 1 if out[middle] < limit else -1
        else:
            out[middle] += delta
        return out
    return value + (1 if whole else delta)


def _nudged_answer(name, how, delta, whole=False):
    answer = solve(name)
    if how == "value":
        return _nudge(answer, delta, whole)

    @functools.wraps(answer)
    def nudged(*args):
        result = answer(*args)
        if result is None:
            return None
        if how == "scale":
            col, row = result
            return np.asarray(col) * (1 + delta), row
        return _nudge(result, delta, whole)
    return nudged


@pytest.mark.parametrize("name", sorted(TOLERANCES))
def test_an_exercise_accepts_just_inside_and_refuses_just_outside(name):
    how, tolerance, _reason = TOLERANCES[name]
    exercise = EXERCISES[name]
    for sign in (1, -1):
        inside = exercise.check(_nudged_answer(name, how, sign * INSIDE * tolerance))
        assert inside.ok, f"{name}: {inside.message}"
        outside = exercise.check(_nudged_answer(name, how, sign * OUTSIDE * tolerance))
        assert not outside.ok, f"{name}: a near miss accepted"


@pytest.mark.parametrize("name", sorted(RELATIVE))
def test_a_relative_tolerance_is_pinned_from_both_sides(name):
    how, tolerance, _reason = RELATIVE[name]
    largest = float(np.abs(solve(name)).max())
    exercise = EXERCISES[name]
    for sign in (1, -1):
        delta = sign * tolerance * largest
        assert exercise.check(_nudged_answer(name, how, INSIDE * delta)).ok, name
        assert not exercise.check(_nudged_answer(name, how, OUTSIDE * delta)).ok, name


@pytest.mark.parametrize("name", EXACT)
def test_a_whole_number_answer_one_unit_off_is_refused(name):
    how = "output" if callable(solve(name)) else "value"
    result = EXERCISES[name].check(_nudged_answer(name, how, 1, whole=True))
    assert not result.ok, f"{name}: one unit off accepted"
