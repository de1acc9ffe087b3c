"""Property tests (hypothesis) for windows, borders, the valid helpers, the CNN layer and learning.

Two kinds: generated good inputs give the same numbers as a trusted reference
(scipy.ndimage, numpy.pad, OpenCV, finite differences), and generated bad inputs
(wrong shapes, dtypes, NaN/inf, wrong types) raise a ValueError or TypeError whose
message starts with the name of the parameter. The profile in conftest.py makes
the examples the same on every run.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import DTYPES, MODES
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_utils import BORDER_MODES, convolve, correlate, correlate_loop, pad, window_at
from course_utils.cnn import (
    compose_kernels,
    conv2d,
    conv_parameter_count,
    dense_parameter_count,
    max_pool,
    relative_change,
    relu,
)
from course_utils.learning import (
    kernel_gradient,
    kernel_loss,
    learn_kernel,
    numerical_gradient,
    standardize,
)
from course_utils.valid import conv_output_size, convolve_valid, correlate_valid, im2col


# ---------------------------------------------------------------- good inputs
@st.composite
def image_and_kernel(draw, max_side=9, channels=False):
    """An image of any course dtype and an odd kernel no larger than it."""
    height, width = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    dtype = draw(st.sampled_from(DTYPES))
    shape = (height, width) + ((draw(st.integers(1, 3)),) if channels else ())
    if dtype == np.bool_:
        elements = st.booleans()
    elif np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        elements = st.integers(max(info.min, -1000), min(info.max, 1000))
    else:
        elements = st.floats(-1e3, 1e3, width=np.dtype(dtype).itemsize * 8)
    image = draw(arrays(dtype, shape, elements=elements))
    rows = draw(st.sampled_from([n for n in (1, 3, 5, 7) if n <= height]))
    cols = draw(st.sampled_from([n for n in (1, 3, 5, 7) if n <= width]))
    # Subnormal weights (below 2.2e-308) make correlate's integer path warn of an overflow
    # (filtering.py, reported); the numbers still agree.
    kernel = draw(arrays(np.float64, (rows, cols),
                         elements=st.floats(-10, 10, allow_subnormal=False)))
    return image, kernel


@given(data=image_and_kernel(), mode=st.sampled_from(MODES), flip=st.booleans(),
       cval=st.floats(-100, 100), position=st.tuples(st.integers(0, 8), st.integers(0, 8)))
def test_window_at_equals_correlate_and_convolve_at_the_pixel(data, mode, flip, cval, position):
    image, kernel = data
    row, col = position[0] % image.shape[0], position[1] % image.shape[1]
    w = window_at(image, kernel, row, col, mode=mode, cval=cval, flip=flip)
    whole = (convolve if flip else correlate)(image, kernel, mode=mode, cval=cval)
    scale = 1.0 + np.abs(w.products).sum()
    assert abs(w.value - whole[row, col]) <= 1e-12 * scale
    np.testing.assert_array_equal(w.products, w.window * w.kernel)
    np.testing.assert_array_equal(w.kernel, kernel[::-1, ::-1] if flip else kernel)
    assert w.flip is flip and isinstance(w.value, float)
    # The window is the padded image's patch, and the mask marks what lies outside it.
    padded = pad(image, kernel.shape, mode, cval)
    np.testing.assert_array_equal(w.window, padded[row:row + kernel.shape[0],
                                                   col:col + kernel.shape[1]])
    inside = np.asarray(image, np.float64)[
        max(row - kernel.shape[0] // 2, 0):row + kernel.shape[0] // 2 + 1,
        max(col - kernel.shape[1] // 2, 0):col + kernel.shape[1] // 2 + 1]
    np.testing.assert_array_equal(np.sort(w.window[~w.from_padding]), np.sort(inside.ravel()))


@given(data=image_and_kernel(channels=True), mode=st.sampled_from(MODES),
       cval=st.floats(-100, 100))
def test_pad_equals_numpy_pad_and_opencv(data, mode, cval):
    image, kernel = data
    half = (kernel.shape[0] // 2, kernel.shape[1] // 2)
    ours = pad(image, kernel.shape, mode, cval)
    widths = [(half[0],) * 2, (half[1],) * 2, (0, 0)]
    border = BORDER_MODES[mode]
    extra = {"constant_values": cval} if mode == "constant" else {}
    by_numpy = np.pad(np.asarray(image, np.float64), widths, mode=border.numpy_mode, **extra)
    np.testing.assert_array_equal(ours, by_numpy)
    if min(image.shape[:2]) > max(half):  # OpenCV reflects at most once
        by_opencv = cv2.copyMakeBorder(np.asarray(image, np.float64), half[0], half[0], half[1],
                                       half[1], border.opencv_flag, value=(cval,) * 4)
        np.testing.assert_array_equal(ours, by_opencv.reshape(ours.shape))


@given(data=image_and_kernel(max_side=12))
def test_valid_correlation_is_the_inside_of_scipy_correlate(data):
    image, kernel = data
    x = np.asarray(image, np.float64)
    top, left = kernel.shape[0] // 2, kernel.shape[1] // 2
    inside = ndi.correlate(x, kernel, mode="constant")[top:x.shape[0] - top,
                                                       left:x.shape[1] - left]
    np.testing.assert_allclose(correlate_valid(image, kernel), inside, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(convolve_valid(image, kernel[::-1, ::-1]), inside,
                               rtol=1e-12, atol=1e-9)
    product = kernel.ravel() @ im2col(image, kernel.shape)
    np.testing.assert_allclose(product.reshape(inside.shape), inside, rtol=1e-12, atol=1e-9)


@given(size=st.integers(1, 40), kernel_size=st.integers(1, 9), stride=st.integers(1, 4),
       padding=st.integers(0, 4), channels=st.integers(1, 3))
def test_layer_shape_follows_the_formula(size, kernel_size, stride, padding, channels):
    if kernel_size > size + 2 * padding:
        with pytest.raises(ValueError, match=r"^kernel_size \d+ is larger than the padded input"):
            conv_output_size(size, kernel_size, stride, padding)
        return
    expected = (size + 2 * padding - kernel_size) // stride + 1
    assert conv_output_size(size, kernel_size, stride, padding) == expected
    x = np.ones((channels, size, size))
    out = conv2d(x, np.ones((2, channels, kernel_size, kernel_size)), stride=stride,
                 padding=padding)
    assert out.shape == (2, expected, expected)


@settings(max_examples=20)
@given(x=arrays(np.float64, st.tuples(st.integers(3, 8), st.integers(3, 8)),
                elements=st.floats(-3, 3)),
       kernel=arrays(np.float64, (3, 3), elements=st.floats(-3, 3)),
       operation=st.sampled_from(["correlate", "convolve"]))
def test_hand_gradient_equals_finite_differences(x, kernel, operation):
    target = np.cos(np.arange((x.shape[0] - 2) * (x.shape[1] - 2))).reshape(
        x.shape[0] - 2, x.shape[1] - 2)
    np.testing.assert_allclose(kernel_gradient(x, target, kernel, operation),
                               numerical_gradient(x, target, kernel, operation, step=1e-5),
                               rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- bad inputs
NOT_ARRAYS = st.sampled_from(["camera", b"x", 1j, None, object(), [[1, 2], [3]],
                              [["a", "b"]], {"a": 1}])


def bad_arrays(ndims=(2,), finite=False, allow_none=False):
    """Values that are not an acceptable array: wrong type, dtype, ndim, empty, NaN/inf."""
    strategies = [
        NOT_ARRAYS.filter(lambda value: not (allow_none and value is None)),
        st.builds(lambda fill, dtype: np.full((2,) * (ndims[0] if ndims else 2), fill, dtype),
                  st.sampled_from([1, "1"]), st.sampled_from([np.complex128, "U2", object])),
        st.builds(lambda side: np.zeros((0,) + (side,) * ((ndims[0] if ndims else 2) - 1)),
                  st.integers(1, 3)),
    ]
    if ndims:
        wrong = [n for n in range(6) if n not in ndims]
        strategies.append(st.builds(lambda n: np.ones((3,) * n), st.sampled_from(wrong)))
    if finite:
        strategies.append(st.builds(
            lambda bad, where: np.where(np.arange(9).reshape(3, 3) == where, bad, 1.0)
            .reshape((3, 3) + (1,) * ((ndims[0] if ndims else 2) - 2)),
            st.sampled_from([np.nan, np.inf, -np.inf]), st.integers(0, 8)))
    return st.one_of(*strategies)


def bad_ints(minimum=None, maximum=None, allow_none=False):
    strategies = [st.floats(allow_nan=True), st.text(max_size=3), st.booleans(),
                  st.just(np.float64(3.0)), st.just(3 + 0j), st.just("3")]
    if not allow_none:
        strategies.append(st.none())
    if minimum is not None:
        strategies.append(st.integers(max_value=minimum - 1))
    if maximum is not None:
        strategies.append(st.integers(min_value=maximum + 1))
    return st.one_of(*strategies)


def bad_reals(positive=False):
    strategies = [st.text(max_size=3), st.booleans(), st.none(), st.just(1j),
                  st.sampled_from([np.nan, np.inf, -np.inf, 10 ** 400, -(10 ** 400)]),
                  st.just([1.0])]
    if positive:
        strategies.append(st.floats(max_value=0))
    return st.one_of(*strategies)


def bad_choices(allowed):
    return st.one_of(st.text(max_size=8).filter(lambda text: text not in allowed),
                     st.integers(), st.none(), st.just(list(allowed)))


BAD_FLAGS = st.one_of(st.text(max_size=5), st.integers(), st.none(), st.floats(),
                      st.sampled_from(["True", "False", "no"]))


def bad_shapes(odd=False):
    strategies = [st.integers(), st.text(max_size=3), st.none(),
                  st.tuples(st.floats(), st.integers(1, 5)),
                  st.tuples(st.booleans(), st.booleans()),
                  st.tuples(st.text(max_size=1), st.text(max_size=1)),
                  st.lists(st.integers(1, 5), max_size=4).filter(lambda items: len(items) != 2),
                  st.tuples(st.integers(max_value=0), st.just(3))]
    if odd:
        strategies.append(st.tuples(st.integers(1, 5).map(lambda n: 2 * n), st.just(3)))
    return st.one_of(*strategies)


IMAGE = np.arange(64.0).reshape(8, 8) % 7
GRAY = IMAGE.astype(np.uint8)
KERNEL = np.full((3, 3), 1 / 9)
VALID = IMAGE[1:-1, 1:-1]
OPERATIONS = ("correlate", "convolve")

#: (function, its good arguments, parameter, strategy of bad values for it)
CASES = [
    (window_at, dict(image=IMAGE, kernel=KERNEL, row=1, col=2, mode="constant", cval=0.0,
                     flip=False), {
        "image": bad_arrays((2,)), "kernel": bad_arrays((2,), finite=True),
        "row": bad_ints(0, 7), "col": bad_ints(0, 7), "mode": bad_choices(MODES),
        "cval": bad_reals(), "flip": BAD_FLAGS}),
    (pad, dict(image=IMAGE, kernel_shape=(3, 3), mode="constant", cval=0.0), {
        "image": bad_arrays((2, 3)), "kernel_shape": bad_shapes(odd=True),
        "mode": bad_choices(MODES), "cval": bad_reals()}),
    (correlate_loop, dict(image=GRAY, kernel=KERNEL, progress=None), {
        "image": st.one_of(bad_arrays((2,)), st.just(IMAGE)),
        "kernel": bad_arrays((2,), finite=True),
        "progress": st.one_of(st.integers(), st.text(max_size=3))}),
    (correlate_valid, dict(image=IMAGE, kernel=KERNEL), {
        "image": bad_arrays((2,)), "kernel": bad_arrays((2,), finite=True)}),
    (convolve_valid, dict(image=IMAGE, kernel=KERNEL), {
        "image": bad_arrays((2,)), "kernel": bad_arrays((2,), finite=True)}),
    (conv_output_size, dict(size=8, kernel_size=3, stride=1, padding=0), {
        "size": bad_ints(1), "kernel_size": bad_ints(1), "stride": bad_ints(1),
        "padding": bad_ints(0)}),
    (im2col, dict(x=IMAGE, kernel_shape=(3, 3), stride=1, padding=0), {
        "x": bad_arrays((2, 3)), "kernel_shape": bad_shapes(), "stride": bad_ints(1),
        "padding": bad_ints(0)}),
    (conv2d, dict(x=IMAGE, weights=KERNEL, bias=None, stride=1, padding=0), {
        "x": bad_arrays((2, 3)), "weights": bad_arrays((2, 4), finite=True),
        "bias": bad_arrays(None, finite=True, allow_none=True), "stride": bad_ints(1),
        "padding": bad_ints(0)}),
    (relu, dict(x=IMAGE), {"x": bad_arrays(None)}),
    (max_pool, dict(x=IMAGE, size=2, stride=None), {
        "x": bad_arrays((2, 3)), "size": bad_ints(1), "stride": bad_ints(1, allow_none=True)}),
    (dense_parameter_count, dict(n_inputs=4, n_outputs=3, bias=True), {
        "n_inputs": bad_ints(1), "n_outputs": bad_ints(1), "bias": BAD_FLAGS}),
    (conv_parameter_count, dict(in_channels=3, out_channels=8, kernel_shape=(3, 3), bias=True), {
        "in_channels": bad_ints(1), "out_channels": bad_ints(1), "kernel_shape": bad_shapes(),
        "bias": BAD_FLAGS}),
    (compose_kernels, dict(first=KERNEL, second=KERNEL), {
        "first": bad_arrays((2,), finite=True), "second": bad_arrays((2,), finite=True)}),
    (relative_change, dict(before=IMAGE + 1, after=IMAGE), {
        "before": bad_arrays(None), "after": bad_arrays(None)}),
    (standardize, dict(image=IMAGE), {"image": bad_arrays((2,), finite=True)}),
    (kernel_loss, dict(x=IMAGE, target=VALID, kernel=KERNEL, operation="correlate"), {
        "x": bad_arrays((2,), finite=True), "target": bad_arrays(None, finite=True),
        "kernel": bad_arrays((2,), finite=True), "operation": bad_choices(OPERATIONS)}),
    (kernel_gradient, dict(x=IMAGE, target=VALID, kernel=KERNEL, operation="correlate"), {
        "x": bad_arrays((2,), finite=True), "target": bad_arrays(None, finite=True),
        "kernel": bad_arrays((2,), finite=True), "operation": bad_choices(OPERATIONS)}),
    (numerical_gradient, dict(x=IMAGE, target=VALID, kernel=KERNEL, operation="correlate",
                              step=1e-6), {"step": bad_reals(positive=True)}),
    (learn_kernel, dict(x=IMAGE, target=VALID, shape=None, steps=2, learning_rate=0.01,
                        operation="correlate", initial=None), {
        "x": bad_arrays((2,), finite=True), "target": bad_arrays(None, finite=True),
        "shape": bad_shapes().filter(lambda value: value is not None),
        "steps": bad_ints(1), "learning_rate": bad_reals(positive=True),
        "operation": bad_choices(OPERATIONS),
        "initial": bad_arrays((2,), finite=True, allow_none=True)}),
]


def _case_id(function, parameter):
    return f"{function.__name__}-{parameter}"


@pytest.mark.parametrize("function, good, parameter, bad", [
    pytest.param(function, good, parameter, strategy, id=_case_id(function, parameter))
    for function, good, strategies in CASES for parameter, strategy in strategies.items()
])
@settings(max_examples=15)
@given(data=st.data())
def test_bad_input_raises_an_error_naming_the_parameter(function, good, parameter, bad, data):
    value = data.draw(bad, label=parameter)
    with pytest.raises((ValueError, TypeError)) as caught:
        function(**{**good, parameter: value})
    message = str(caught.value)
    assert message.startswith(f"{parameter} "), (
        f"{function.__name__}({parameter}={value!r}) raised {caught.type.__name__}: {message}")


def test_good_arguments_of_the_bad_input_table_work():
    """So that each bad-input case fails only because of the one value it changes."""
    for function, good, _ in CASES:
        function(**good)
