"""Diagnoses of notebook 07's function exercises: each usual mistake, written as a learner
would write it, gets its own message (and the right answers pass)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import check_unguarded

from course_utils.checks import nb07
from course_utils.cnn import conv2d, max_pool
from course_utils.valid import correlate_valid


def _layer(x, w, b, stride=1, padding=0, *, pad=None, size=None, flip=False, bias="filter",
           step_output=False, channels="sum"):
    """A loop layer with one switchable mistake (the defaults make it right)."""
    pad = pad or ((padding, padding), (padding, padding))
    xp = np.pad(x, ((0, 0), *pad))
    C_out, C_in, K_h, K_w = w.shape
    if flip:
        w = w[..., ::-1, ::-1]
    if size is None:
        H_out = (x.shape[1] + 2 * padding - K_h) // stride + 1
        W_out = (x.shape[2] + 2 * padding - K_w) // stride + 1
    else:
        H_out, W_out = size(x.shape[1], K_h), size(x.shape[2], K_w)
    maps = C_out * C_in if channels == "separate" else C_out
    out = np.zeros((maps, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = (i, j) if step_output else (stride * i, stride * j)
            window = xp[:, r:r + K_h, c:c + K_w]
            if window.shape[1:] != (K_h, K_w):
                window = np.pad(window, ((0, 0), (0, K_h - window.shape[1]),
                                         (0, K_w - window.shape[2])))
            products = w * window
            if channels == "separate":
                out[:, i, j] = products.sum(axis=(2, 3)).ravel()
            elif channels == "first":
                out[:, i, j] = products[:, 0].sum(axis=(1, 2))
            else:
                out[:, i, j] = products.sum(axis=(1, 2, 3))
    if channels == "separate":
        out += np.repeat(b, C_in)[:, None, None]
    elif bias == "filter":
        out += b[:, None, None]
    elif bias == "per_channel":
        out += C_in * b[:, None, None]
    elif bias == "columns":
        out += np.resize(b, W_out)[None, None, :]
    return out


LAYER_MISTAKES = [
    (lambda *a: _layer(*a, bias="none"), "no bias"),
    (lambda *a: _layer(*a, bias="per_channel"), "once per input channel"),
    (lambda *a: _layer(*a, bias="columns"), "ONE number added to every pixel"),
    (lambda *a: _layer(*a, flip=True), "flips the kernels"),
    (lambda *a: _layer(*a, step_output=True), "(S·i, S·j)"),
    (lambda x, w, b, s, p: _layer(x, w, b, s, p, pad=((2 * p, 0), (2 * p, 0))), "one side only"),
    (lambda x, w, b, s, p: _layer(x, w, b, s, p, size=lambda n, f: math.ceil(
        (n + 2 * p - f) / s) + 1), "no floor"),
    (lambda x, w, b, s, p: _layer(x, w, b, s, p, size=lambda n, f: (n + 2 * p - f) // s),
     "one row/column short"),
    (lambda *a: _layer(*a, channels="separate"), "ONE map"),
    (lambda *a: _layer(*a, channels="first"), "only the first input channel"),
    (lambda x, w, b, s, p: conv2d(x, w, None, s, p) / x.shape[0] + b[:, None, None],
     "averages the channels"),
    (lambda x, w, b, s, p: conv2d(x, w, b, s, p)[0], "shape"),
    (lambda x, w, b, s, p: 1 / 0, "raised ZeroDivisionError"),
]


@pytest.mark.parametrize(("function", "expected"), LAYER_MISTAKES)
def test_layer_mistakes_are_named(function, expected):
    result = check_unguarded(nb07.q4, function)   # some use the package's own
    assert not result.ok and expected in result.message, result.message


def test_layer_loop_without_mistakes_passes_and_package_is_refused():
    assert nb07.q4.check(_layer).ok
    result = nb07.q4.check(conv2d)
    assert not result.ok and "package's conv2d" in result.message


def _blocks(a, size):
    C, H, W = a.shape
    return a[:, :H // size * size, :W // size * size].reshape(C, H // size, size, W // size, size)


POOL_MISTAKES = [
    (lambda a, s: max_pool(a, s, stride=1), "overlap"),
    (lambda a, s: max_pool(a, s, stride=1)[:, :a.shape[1] // s, :a.shape[2] // s], "overlap"),
    (lambda a, s: _blocks(a, s).mean(axis=(2, 4)), "average pooling"),
    (lambda a, s: max_pool(a, s).max(axis=0), "over the channels"),
    (lambda a, s: np.pad(a, ((0, 0), (0, -a.shape[1] % s), (0, -a.shape[2] % s)),
                         constant_values=-np.inf).reshape(a.shape[0], -(-a.shape[1] // s), s,
                                                          -(-a.shape[2] // s), s)
     .max(axis=(2, 4)), "left over"),
    (lambda a, s: a[:, :a.shape[1] // s * s, :a.shape[2] // s * s]
     .reshape(a.shape[0], a.shape[1] // s, a.shape[2] // s, s, s).max(axis=(3, 4)),
     "not size×size"),
    (lambda a, s: max_pool(a, s) + 1, "differs"),
]


@pytest.mark.parametrize(("function", "expected"), POOL_MISTAKES)
def test_pool_mistakes_are_named(function, expected):
    result = check_unguarded(nb07.q5, function)   # some use the package's own
    assert not result.ok and expected in result.message, result.message


def test_pool_right_answers_pass():
    assert nb07.q5.check(lambda a, s: _blocks(a, s).max(axis=(2, 4))).ok
    assert not nb07.q5.check(max_pool).ok


def _step(x, y, K, eta, *, sign=-1, use_eta=True, factor="2/N", flip=False, returns="kernel"):
    e = correlate_valid(x, K) - y
    g = correlate_valid(x, e) * {"2/N": 2 / e.size, "1/N": 1 / e.size, "1": 1}[factor]
    if flip:
        g = g[::-1, ::-1]
    change = sign * (eta if use_eta else 1) * g
    return {"kernel": K + change, "gradient": g, "change": change}[returns]


STEP_MISTAKES = [
    (lambda *a: _step(*a, sign=1), "uphill"),
    (lambda x, y, K, eta: K - 2 / y.size * correlate_valid(x, y - correlate_valid(x, K)) * eta,
     "uphill"),
    (lambda *a: _step(*a, use_eta=False), "learning rate"),
    (lambda *a: _step(*a, factor="1"), "2/N"),
    (lambda *a: _step(*a, factor="1/N"), "not the 2"),
    (lambda *a: _step(*a, flip=True), "flipped"),
    (lambda *a: _step(*a, returns="gradient"), "returned the gradient"),
    (lambda *a: _step(*a, returns="change"), "returned the change"),
    (lambda *a: _step(*a)[:, :1], "shape"),
]


@pytest.mark.parametrize(("function", "expected"), STEP_MISTAKES)
def test_step_mistakes_are_named(function, expected):
    result = nb07.q6.check(function)
    assert not result.ok and expected in result.message, result.message


def test_step_right_answer_passes():
    assert nb07.q6.check(_step).ok


@pytest.mark.parametrize(("answer", "expected"), [
    (112.5, "without the floor"), (113, "rounded up"), (111, "one side only"),
    (109, "without padding"), (224, "stride 1"), (114, "too large"), (112.0, "right"),
])
def test_q1_mistakes_are_named(answer, expected):
    assert expected in nb07.q1.check(answer).message


@pytest.mark.parametrize(("answer", "expected"), [
    (1200, "weights only"), (416, "not one kernel in all"), (400, "and one bias"),
    (1248, "not one per channel"), (76, "that is one filter"), (1217, "too large"),
])
def test_q2_mistakes_are_named(answer, expected):
    assert expected in nb07.q2.check(answer).message


# --- the facts notebook 07's prose states, computed independently of the notebook ------

def test_like_with_like_ratio_is_billions_and_the_same_for_1_or_64_maps():
    from course_utils.cnn import conv_parameter_count, dense_parameter_count
    pixels = 512 * 512
    one = dense_parameter_count(pixels, pixels) / conv_parameter_count(1, 1, (3, 3))
    many = dense_parameter_count(pixels, 64 * pixels) / conv_parameter_count(1, 64, (3, 3))
    assert 1e9 < one < 1e10 and one == pytest.approx(many)     # "several billion", same ratio


def test_relu_zeroes_about_half_and_one_direction_of_edges():
    from scipy.ndimage import correlate as nd_correlate

    from course_utils import KERNEL_BANK, load_image
    gray = load_image("chelsea").astype(float).mean(axis=2)
    s = nd_correlate(gray, KERNEL_BANK["sobel_x"], mode="constant")
    assert 0.4 < np.mean(s < 0) < 0.6                          # "about half"
    assert np.array_equal(np.maximum(s, 0) + np.maximum(-s, 0), np.abs(s))


def test_stride_figure_sizes_and_equivariance_away_from_borders():
    from scipy.ndimage import correlate as nd_correlate

    from course_utils import KERNEL_BANK, load_image
    from course_utils.valid import conv_output_size
    assert (conv_output_size(5, 3, 2, 1), conv_output_size(6, 3, 2, 1)) == (3, 3)
    picture = load_image("camera").astype(float)
    shifted = np.zeros_like(picture)
    shifted[5:, 9:] = picture[:-5, :-9]
    k = KERNEL_BANK["sobel_x"]
    a, b = nd_correlate(picture, k, mode="constant"), nd_correlate(shifted, k, mode="constant")
    np.testing.assert_array_equal(b[6:-1, 10:-1], a[1:-6, 1:-10])


def test_no_single_kernel_computes_the_absolute_edge_map():
    from scipy.ndimage import correlate as nd_correlate

    from course_utils import KERNEL_BANK, load_image
    from course_utils.valid import im2col
    gray = load_image("camera").astype(float)[::2, ::2]
    target = np.abs(nd_correlate(gray, KERNEL_BANK["sobel_x"], mode="wrap"))
    X = im2col(np.pad(gray, 2, mode="wrap"), (5, 5))
    K, *_ = np.linalg.lstsq(X.T, target.ravel(), rcond=None)
    assert np.linalg.norm(K @ X - target.ravel()) / np.linalg.norm(target) > 0.5   # "far short"
