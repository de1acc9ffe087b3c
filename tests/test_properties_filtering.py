"""Property tests: correlate and convolve equal scipy.ndimage on generated inputs.

Hypothesis draws the image's shape (2-D and 3-D), its dtype and values, the
kernel's shape (odd, often not square) and values, the border mode, cval and
the method; the profile in conftest.py makes the examples the same on every run.
"""

import numpy as np
from conftest import DTYPES, MODES, random_image, scipy_answer
from hypothesis import given
from hypothesis import strategies as st

from course_utils import convolve, correlate

ODD = st.sampled_from([1, 3, 5, 7])


@st.composite
def filtering_cases(draw):
    """(image, kernel, mode, cval, method) for one comparison with scipy."""
    height, width = draw(st.integers(7, 24)), draw(st.integers(7, 24))
    channels = draw(st.sampled_from([None, 1, 3]))
    shape = (height, width) if channels is None else (height, width, channels)
    dtype = draw(st.sampled_from(DTYPES))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    image = random_image(rng, shape, dtype)
    rows, cols = draw(ODD), draw(ODD)
    method = draw(st.sampled_from(["auto", "direct", "fft", "separable"]))
    if method == "separable":   # a rank-1 kernel, sometimes with whole numbers
        col, row = rng.normal(size=rows), rng.normal(size=cols)
        if draw(st.booleans()):
            col, row = np.rint(col * 3), np.rint(row * 3) / 7
        if not col.any() or not row.any():
            col[0], row[0] = 1.0, 1.0
        kernel = np.outer(col, row)
    elif draw(st.booleans()):
        kernel = rng.integers(-3, 4, size=(rows, cols)) / draw(st.sampled_from([1, 9, 49]))
    else:
        kernel = rng.normal(size=(rows, cols))
    mode = draw(st.sampled_from(MODES))
    cval = draw(st.sampled_from([0.0, -7.0, 3.0, 12.5]))
    return image, kernel, mode, cval, method


@given(filtering_cases())
def test_correlate_and_convolve_equal_scipy(case):
    image, kernel, mode, cval, method = case
    for ours, flip in ((correlate, False), (convolve, True)):
        result = ours(image, kernel, mode=mode, cval=cval, method=method)
        expected = scipy_answer(image, kernel, mode, cval, flip)
        assert result.dtype == np.float64 and result.shape == image.shape
        scale = max(1.0, float(np.abs(expected).max()))
        np.testing.assert_allclose(result, expected, atol=1e-9 * scale, rtol=0)


@given(filtering_cases(), st.integers(0, 10 ** 6))
def test_every_method_equals_direct_where_a_pixel_is_not_finite(case, seed):
    """A NaN or infinite pixel reaches only the outputs the kernel reaches, as in scipy."""
    image, kernel, mode, cval, method = case
    image = image.astype(np.float64)
    rng = np.random.default_rng(seed)
    image[tuple(rng.integers(0, n) for n in image.shape)] = rng.choice([np.nan, np.inf, -np.inf])
    with np.errstate(invalid="ignore"):
        result = correlate(image, kernel, mode=mode, cval=cval, method=method)
        expected = scipy_answer(image, kernel, mode, cval)
    np.testing.assert_array_equal(np.isnan(result), np.isnan(expected))
    np.testing.assert_array_equal(np.isinf(result), np.isinf(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(result[finite], expected[finite], atol=1e-9, rtol=1e-12)
