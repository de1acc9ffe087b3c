"""Diagnoses of notebook 07's function exercises: each usual mistake, written as a learner
would write it, gets its own message (and the right answers pass)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import check_unguarded
from scipy.signal import convolve2d

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
    (lambda *a: _loop_layer(*a, pad_all=True), "padded the channel axis"),
    (lambda *a: _loop_layer(*a, axes=(0, 1, 2)), "summed w * window"),
    (lambda *a: _loop_layer(*a, axes=(2, 3)), "over the wrong axes"),
    (lambda *a: _loop_layer(*a, axes=(0, 1, 2, 3)), "all four axes"),
    (lambda *a: _loop_layer(*a, bias="as is"), "b[:, None, None]"),
    (lambda *a: _loop_layer(*a, bias="b[:, None]"), "does not line up with the filters"),
]


def _loop_layer(x, w, b, stride=1, padding=0, *, pad_all=False, axes=(1, 2, 3), bias="right"):
    """The worked solution's loop with one layout mistake, written as a learner would: the
    mistakes that make NumPy raise a ValueError in the learner's own code."""
    xp = np.pad(x, padding) if pad_all else np.pad(x, ((0, 0), (padding, padding),
                                                       (padding, padding)))
    C_out, C_in, K_h, K_w = w.shape
    H_out = (x.shape[1] + 2 * padding - K_h) // stride + 1
    W_out = (x.shape[2] + 2 * padding - K_w) // stride + 1
    out = np.zeros((C_out, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = xp[:, stride * i:stride * i + K_h, stride * j:stride * j + K_w]
            out[:, i, j] = (w * window).sum(axis=axes)
    return out + {"right": b[:, None, None], "as is": b, "b[:, None]": b[:, None]}[bias]


def test_layout_mistakes_raise_in_the_learners_code_and_the_loop_is_right():
    x, w, b, stride, padding, _ = nb07._layer_case(nb07.NB07_LAYER_CASES[1], 1)
    assert np.allclose(_loop_layer(x, w, b, stride, padding), conv2d(x, w, b, stride, padding))
    for mistake in (dict(pad_all=True), dict(axes=(2, 3)), dict(bias="as is")):
        with pytest.raises(ValueError, match="broadcast"):
            _loop_layer(x, w, b, stride, padding, **mistake)


def test_a_valueerror_that_is_no_layout_mistake_is_reported_as_raised():
    def layer(x, w, b, stride=1, padding=0):
        raise ValueError("my own message")
    result = nb07.q1.check(layer)
    assert not result.ok and "raised ValueError" in result.message and "my own message" in \
        result.message, result.message


@pytest.mark.parametrize(("function", "expected"), LAYER_MISTAKES)
def test_layer_mistakes_are_named(function, expected):
    result = check_unguarded(nb07.q1, function)   # some use the package's own
    assert not result.ok and expected in result.message, result.message


def test_layer_loop_without_mistakes_passes_and_package_is_refused():
    assert nb07.q1.check(_layer).ok
    result = nb07.q1.check(conv2d)
    assert not result.ok and "package's conv2d" in result.message


def _loop_pool(a, size=2, stride=None, padding=0, *, fill=-np.inf, step=None, plus_one=1,
               pad=None, keep_partial=False, reduce=np.max):
    """A loop pooling with one switchable mistake (the defaults make it right)."""
    stride = size if stride is None else stride
    step = stride if step is None else step
    before, after = pad if pad is not None else (padding, padding)
    ap = np.pad(a, ((0, 0), (before, after), (before, after)), constant_values=fill)
    C, H, W = ap.shape
    if keep_partial:
        H_out, W_out = -(-(H - size) // step) + 1, -(-(W - size) // step) + 1
    else:
        H_out, W_out = (H - size) // step + plus_one, (W - size) // step + plus_one
    out = np.zeros((C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j] = reduce(ap[:, step * i:step * i + size, step * j:step * j + size],
                                  axis=(1, 2))
    return out


def _blocks(a, size):
    C, H, W = a.shape
    return a[:, :H // size * size, :W // size * size].reshape(C, H // size, size, W // size, size)


def _as_pool(function):
    """A pooling that ignores stride and padding (the exercise before it had them)."""
    return lambda a, size=2, stride=None, padding=0: function(a, size)


POOL_MISTAKES = [
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, step=1), "stride is ignored"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, step=s), "do not overlap"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, fill=0.0), "padded with 0"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, 0), "ignores the padding"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, pad=(p, 0)), "one side only"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, pad=(2 * p, 0)), "one side only"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, plus_one=0), "one column short"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, plus_one=2), "empty"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, keep_partial=True), "sticks out"),
    (lambda a, s, st=None, p=0: _loop_pool(a, st or s, s, p), "swapped size and stride"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p, reduce=np.mean), "average pooling"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p).max(axis=0), "over the channels"),
    (_as_pool(lambda a, s: a[:, :a.shape[1] // s * s, :a.shape[2] // s * s]
              .reshape(a.shape[0], a.shape[1] // s, a.shape[2] // s, s, s).max(axis=(3, 4))),
     "not size×size"),
    (_as_pool(lambda a, s: _blocks(a, s).max(axis=(2, 4))), "do not overlap"),   # old q5
    (lambda a, size, stride, padding: _loop_pool(a, size, stride, padding),
     "raised TypeError"),                                                     # no defaults
    (lambda a, s, st=None, p=0: np.pad(_loop_pool(a, s, st, p), ((0, 0), (0, 0), (0, 1))),
     "one off from"),
    (lambda a, s, st=None, p=0: _loop_pool(a, s, st, p) + 1, "differs"),
]


@pytest.mark.parametrize(("function", "expected"), POOL_MISTAKES)
def test_pool_mistakes_are_named(function, expected):
    result = check_unguarded(nb07.q2, function)
    assert not result.ok and expected in result.message, result.message


def _windows_pool(a, size=2, stride=None, padding=0):
    """An independent pooling: NumPy's sliding windows on the map padded with -inf."""
    stride = size if stride is None else stride
    ap = np.pad(a, ((0, 0), (padding, padding), (padding, padding)), constant_values=-np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(ap, (size, size), axis=(1, 2))
    return windows[:, ::stride, ::stride].max(axis=(3, 4))


def test_pool_right_answers_pass_and_the_package_is_refused():
    assert nb07.q2.check(_loop_pool).ok
    assert nb07.q2.check(_windows_pool).ok
    result = nb07.q2.check(max_pool)
    assert not result.ok and "package's max_pool" in result.message


def test_pool_cases_overlap_pad_and_leave_rows_over():
    cases = nb07.NB07_POOL_CASES
    assert any(st is not None and st < size for _, _, _, size, st, _ in cases)   # overlap
    assert (3, 2) in {(size, st) for _, _, _, size, st, _ in cases}              # AlexNet
    assert any(p > 0 and st is not None and st < size for _, _, _, size, st, p in cases)
    assert any(H % size or W % size for _, H, W, size, st, p in cases)


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
    (lambda x, y, K, eta: K - eta * 2 / y.size * convolve2d(x, correlate_valid(x, K) - y,
                                                            mode="valid"), "CONVOLUTION"),
    (lambda *a: _step(*a, returns="gradient"), "returned the gradient"),
    (lambda *a: _step(*a, returns="change"), "returned the change"),
    (lambda *a: _step(*a)[:, :1], "shape"),
]


@pytest.mark.parametrize(("function", "expected"), STEP_MISTAKES)
def test_step_mistakes_are_named(function, expected):
    result = nb07.q4.check(function)
    assert not result.ok and expected in result.message, result.message


def test_step_right_answer_passes():
    assert nb07.q4.check(_step).ok



def _backward(x, w, b, dout, stride=1, padding=0, *, crop="both", flip=False, step=None,
              dw_sum="none", db_axes=(1, 2), db_mean=False, dw_unpadded=False, order="xwb",
              assign=None, one_filter=False, sign=1):
    """A learner's loop backward pass with one switchable mistake (the defaults: right)."""
    step = stride if step is None else step
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    read = np.pad(x, ((0, 0), (0, 2 * padding), (0, 2 * padding))) if dw_unpadded else xp
    K_h, K_w = w.shape[2:]
    kernel = w[..., ::-1, ::-1] if flip else w
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            r, c = step * i, step * j
            g = dout[:, i, j][:, None, None, None]
            share = g * read[:, r:r + K_h, c:c + K_w]
            dw = share if assign == "dw" else dw + share
            back = (g * kernel)[0] if one_filter else (g * kernel).sum(axis=0)
            if assign == "dx":
                dxp[:, r:r + K_h, c:c + K_w] = back
            else:
                dxp[:, r:r + K_h, c:c + K_w] += back
    H, W = x.shape[1:]
    dx = {"both": dxp[:, padding:padding + H, padding:padding + W], "none": dxp,
          "one": dxp[:, :H, :W], "negative": dxp[:, padding:-padding, padding:-padding]}[crop]
    dx, dw = sign * dx, sign * dw
    if dw_sum == "filters":
        dw = np.broadcast_to(dw.sum(axis=0), w.shape).copy()
    elif dw_sum == "channels":
        dw = np.broadcast_to(dw.sum(axis=1, keepdims=True), w.shape).copy()
    elif dw_sum == "shape":
        dw = dw.sum(axis=1)
    elif dw_sum == "flip":
        dw = dw[..., ::-1, ::-1]
    db = dout.mean(axis=(1, 2)) if db_mean else dout.sum(axis=db_axes)
    return {"xwb": (dx, dw, db), "wxb": (dw, dx, db)}[order]


BACKWARD_MISTAKES = [
    (lambda *a: _backward(*a, crop="none"), "PADDED input"),
    (lambda *a: _backward(*a, crop="one"), "one side only"),
    (lambda *a: _backward(*a, flip=True), "rotated by 180°"),
    (lambda x, w, b, g, s, p: _backward(x, w, b, g, s, p, step=1), "ignores the stride"),
    (lambda *a: _backward(*a, dw_sum="filters"), "summed over the filters"),
    (lambda *a: _backward(*a, dw_sum="channels"), "summed over the input channels"),
    (lambda *a: _backward(*a, dw_sum="shape"), "should have the shape of w"),
    (lambda *a: _backward(*a, dw_sum="flip"), "CORRELATED with"),
    (lambda *a: _backward(*a, dw_unpadded=True), "without its padding"),
    (lambda *a: _backward(*a, db_axes=(0, 1, 2)), "over all axes"),
    (lambda *a: _backward(*a, db_axes=0), "the filter axis"),
    (lambda *a: _backward(*a, db_axes=1), "axis 1 only"),
    (lambda *a: _backward(*a, db_axes=(0, 1)), "axes 0 and 1"),
    (lambda *a: _backward(*a, db_mean=True), "the mean of dout"),
    (lambda *a: _backward(*a, order="wxb"), "order (dx, dw, db)"),
    (lambda *a: _backward(*a)[:2], "tuple (dx, dw, db)"),
    (lambda *a: _backward(*a)[0], "one array"),
    (lambda *a: (_backward(*a)[0] * 1.01, *_backward(*a)[1:]), "your dx"),
    (lambda *a: None, "returned None"),
    (lambda *a: _backward(*a, assign="dx"), "overwrite each other"),
    (lambda *a: _backward(*a, assign="dw"), "last output pixel's share"),
    (lambda *a: _backward(*a, one_filter=True), "first filter's share"),
    (lambda *a: _backward(*a, crop="negative"), "a[:, 0:0]"),
    (lambda *a: _backward(*a, sign=-1), "your dx has the wrong sign"),
    (lambda *a: (_backward(*a)[0], -_backward(*a)[1], _backward(*a)[2]), "dw has the wrong sign"),
    (lambda *a: (*_backward(*a)[:2], -_backward(*a)[2]), "db has the wrong sign"),
]


@pytest.mark.parametrize(("function", "expected"), BACKWARD_MISTAKES)
def test_backward_mistakes_are_named(function, expected):
    result = nb07.q5.check(function)
    assert not result.ok and expected in result.message, result.message


def test_backward_right_answers_pass_and_the_package_is_refused():
    from course_utils.cnn import conv_backward
    assert nb07.q5.check(_backward).ok
    assert nb07.q5.check(lambda *a: tuple(np.asarray(v).tolist() for v in _backward(*a))).ok
    result = nb07.q5.check(conv_backward)
    assert not result.ok and "package's conv_backward" in result.message


def test_backward_cases_cover_the_strides_paddings_and_channels_the_prompt_names():
    cases = nb07.NB07_BACKWARD_CASES
    assert {c[6] for c in cases} == {1, 2} and {c[7] for c in cases} == {0, 1}
    assert all(c[0] > 1 and c[3] > 1 for c in cases[:3])     # several in and out channels
    for _, h, w, c_out, k_h, k_w, stride, padding in cases:   # db's axes are told apart
        out = ((h + 2 * padding - k_h) // stride + 1, (w + 2 * padding - k_w) // stride + 1)
        assert c_out not in out


def test_backward_reference_is_finite_differences_and_agrees_with_the_package():
    from course_utils.cnn import conv_backward
    for seed, case in enumerate(nb07.NB07_BACKWARD_CASES):
        x, w, b, dout, stride, padding, _ = nb07._backward_case(case, seed)
        by_differences = nb07._finite_differences(x, w, b, dout, stride, padding)
        for ours, theirs in zip(conv_backward(x, w, b, dout, stride, padding), by_differences,
                                strict=True):
            assert np.allclose(ours, theirs, atol=1e-9, rtol=0)

@pytest.mark.parametrize(("answer", "expected"), [
    (112.5, "without the floor"), (113, "rounded up"), (111, "one side only"),
    (109, "without padding"), (224, "stride 1"), (114, "too large"), (112.0, "right"),
])
def test_q1_mistakes_are_named(answer, expected):
    assert expected in nb07.q6.check(answer).message


@pytest.mark.parametrize(("answer", "expected"), [
    (1200, "weights only"), (416, "not one kernel in all"), (400, "and one bias"),
    (1248, "not one per channel"), (76, "that is one filter"), (1217, "too large"),
])
def test_q2_mistakes_are_named(answer, expected):
    assert expected in nb07.q7.check(answer).message


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
    from course_utils.cnn import relu
    gray = load_image("chelsea").astype(float).mean(axis=2)
    s = nd_correlate(gray, KERNEL_BANK["sobel_x"], mode="constant")
    assert 0.4 < np.mean(relu(s) == 0) < 0.6                   # "about half"
    kept = relu(s)                                             # one direction: s > 0 only
    assert np.array_equal(kept[s > 0], s[s > 0]) and not kept[s < 0].any()
    np.testing.assert_array_equal(relu(s) + relu(-s), np.abs(s))   # the other: relu(-s)


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


def _cost(C_in, H, W, C_out, K, stride=1, padding=0, *, pad=True, step=True, bias=True,
          flops=False, channels=True, plus_one=1, order=(0, 1, 2)):
    """A layer count with one switchable mistake (the defaults make it right)."""
    P, S = (padding if pad else 0), (stride if step else 1)
    H_out, W_out = (H + 2 * P - K) // S + plus_one, (W + 2 * P - K) // S + plus_one
    activations = C_out * H_out * W_out
    per_value = (C_in if channels else 1) * K * K
    macs = activations * per_value * (2 if flops else 1)
    parameters = C_out * (per_value + (1 if bias else 0))
    counts = (macs, activations, parameters)
    return tuple(counts[i] for i in order)


COST_MISTAKES = [
    (lambda *a: _cost(*a, bias=False), "every filter also has one bias"),
    (lambda *a: _cost(*a, pad=False), "ignores the padding"),
    (lambda *a: _cost(*a, step=False), "ignores the stride"),
    (lambda *a: _cost(*a, pad=False, step=False), "ignores the padding"),   # stride 1 first
    (lambda *a: _cost(*a, plus_one=0), "one row and one column short"),
    (lambda *a: _cost(*a, flops=True), "FLOPs"),
    (lambda *a: _cost(*a, channels=False), "not one kernel in all"),
    (lambda *a: (a[0] * a[3] * a[4] ** 2 * (a[1] - a[4] + 1) ** 2,) + _cost(*a)[1:],
     "your MACs"),
    (lambda *a: (_cost(*a)[0] // a[0],) + _cost(*a)[1:], "all C_in input channels"),
    (lambda *a: _cost(*a)[:2] + (a[3] * a[0] * (a[4] ** 2 + 1),), "one per channel"),
    (lambda *a: (_cost(*a)[0], a[0] * a[1] * a[2], _cost(*a)[2]), "the size of the input"),
    (lambda *a: (_cost(*a)[0] + _cost(*a)[1],) + _cost(*a)[1:], "not a multiply-accumulate"),
    (lambda *a: _cost(*a, order=(2, 1, 0)), "wrong order"),
    (lambda *a: _cost(*a)[:2], "three numbers"),
    (lambda *a: np.array(_cost(*a)), "three numbers"),
    (lambda *a: (_cost(*a)[0] + 1,) + _cost(*a)[1:], "your MACs"),
]


@pytest.mark.parametrize(("function", "expected"), COST_MISTAKES)
def test_cost_mistakes_are_named(function, expected):
    result = check_unguarded(nb07.q3, function)
    assert not result.ok and expected in result.message, result.message


def test_cost_right_answers_pass_and_the_package_is_refused():
    from course_utils.cnn import layer_cost

    assert nb07.q3.check(_cost).ok
    result = nb07.q3.check(layer_cost)
    assert not result.ok and "package's layer_cost" in result.message


def test_cost_cases_separate_the_factors():
    for C_in, *_, K, _stride, _padding in nb07.NB07_COST_CASES[:3]:
        assert len({C_in, K * K, 2, C_in * K}) == 4
    assert {c[5] for c in nb07.NB07_COST_CASES} == {1, 2}
    assert {c[6] for c in nb07.NB07_COST_CASES} == {0, 1, 2}
