"""Exercises of notebook 07 (from kernels to CNNs): a layer's output size, its number of
learned parameters, the single kernel of two correlations in a row, and three functions the
learner writes: a convolution layer (q4), max pooling (q5) and one gradient step (q6)."""

from __future__ import annotations

import math

import numpy as np

from ..cnn import compose_kernels, conv2d, conv_parameter_count, max_pool
from ..kernels import KERNEL_BANK
from ..learning import kernel_gradient
from ..valid import conv_output_size, correlate_valid
from .compare import (
    call_learner,
    compare_arrays,
    compare_numbers,
    not_own_function,
    read_array,
    read_number,
)
from .framework import CheckResult, Exercise
from .guard import CORRELATIONS, Forbid

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "NB07_Q3_KERNELS", "NB07_LAYER_CASES",
           "NB07_POOL_CASES", "NB07_STEP_CASES"]

#: Exercise q3: correlate with the first kernel, then with the second (both asymmetric).
NB07_Q3_KERNELS = ("sobel_x", "emboss")


def _named(answer, expected, what: str, mistakes: dict) -> CheckResult:
    """Compare a number; a value in ``mistakes`` gets that mistake's message instead."""
    result = compare_numbers(answer, expected, what)
    if result.ok:
        return result
    try:
        value = read_number(answer, what)
    except Exception:  # refused: compare_numbers already said why
        return result
    for wrong, message in mistakes.items():
        if value == wrong:
            return CheckResult(False, message)
    return result


def _check_q1(answer) -> CheckResult:
    size, kernel, stride, padding = 224, 7, 2, 3
    exact = (size + 2 * padding - kernel) / stride + 1
    return _named(answer, conv_output_size(size, kernel, stride=stride, padding=padding),
                  "your output size", {
                      exact: "that is the formula without the floor: a window either fits "
                             "or it does not, so round (H + 2P - F)/S down before the + 1.",
                      math.ceil(exact): "you rounded up; the last window must fit inside the "
                                        "padded input, so round (H + 2P - F)/S down.",
                      (size + padding - kernel) // stride + 1:
                          "one less than the right count: did you pad one side only (P, "
                          "where the formula has 2P) or drop the + 1 (the first window)?",
                      (size - kernel) // stride + 1: "that is the count without padding; "
                                                     "the layer pads P = 3 zeros on each side.",
                      size + 2 * padding - kernel + 1: "that is the count at stride 1; the "
                                                       "windows step by S = 2.",
                  })


def _check_q2(answer) -> CheckResult:
    filters, channels, side = 16, 3, 5
    return _named(answer, conv_parameter_count(channels, filters, (side, side)),
                  "your parameter count", {
                      filters * channels * side * side:
                          "those are the weights only: every filter also has one bias.",
                      filters * (side * side + 1):
                          "each filter has one 5×5 kernel per input channel (3 for RGB), "
                          "not one kernel in all.",
                      filters * side * side: "each filter has one 5×5 kernel per input channel "
                                             "(3 for RGB), and one bias.",
                      filters * channels * (side * side + 1):
                          "one bias per filter, not one per channel of a filter: the "
                          "channel sums are added first, then the bias once.",
                      channels * side * side + 1: "that is one filter; the layer has 16.",
                  })


def _check_q3(answer) -> CheckResult:
    first, second = (KERNEL_BANK[name] for name in NB07_Q3_KERNELS)
    expected, what = compose_kernels(first, second), "your 5×5 kernel"
    given = read_array(answer, what)
    if given.shape == expected.shape and not np.allclose(given, expected):
        if np.allclose(given, expected[::-1, ::-1]):
            return CheckResult(False, "your kernel is the right one rotated by 180°. "
                                      "Correlating a single 1 stamps a kernel rotated "
                                      "by 180° (notebook 02): rotate it back.")
        correlated = (compose_kernels(first, second[::-1, ::-1]),  # correlating the two,
                      compose_kernels(second, first[::-1, ::-1]))  # in either order
        if any(np.allclose(given, c) or np.allclose(given, c[::-1, ::-1]) for c in correlated):
            return CheckResult(False, "you combined the kernels by correlating one with "
                                      "the other; two correlations in a row add their "
                                      "offsets, and adding offsets is a convolution.")
    return compare_arrays(given, expected, what)


q1 = Exercise(
    _check_q1,
    ["Use the output-size formula of the notebook: decide which of its letters is 224, "
     "which 7, which 2 and which 3.",
     "Remember the floor."],
    "answer = conv_output_size(224, 7, stride=2, padding=3)   # (224 + 6 - 7) // 2 + 1",
)

q2 = Exercise(
    _check_q2,
    "Each filter covers all 3 input channels and has one bias.",
    "answer = 16 * (3 * 5 * 5 + 1)",
)

q3 = Exercise(
    _check_q3,
    ["A kernel can be read off the response to a single 1 in a blank image.",
     "Try it on one 3×3 kernel first and compare what comes out with the kernel."],
    "impulse = np.zeros((9, 9))\n"
    "impulse[4, 4] = 1\n"
    "two = correlate(correlate(impulse, KERNEL_BANK['sobel_x'], mode='wrap'), "
    "KERNEL_BANK['emboss'], mode='wrap')\n"
    "answer = two[2:7, 2:7][::-1, ::-1]   # the response is the kernel rotated by 180°\n"
    "# the same: scipy.signal.convolve2d(KERNEL_BANK['sobel_x'], KERNEL_BANK['emboss'])",
)


#: Exercise q4: (C_in, H, W, C_out, K_h, K_w, stride, padding) of the layers tried.
NB07_LAYER_CASES = ((3, 7, 9, 4, 3, 2, 1, 0), (3, 8, 11, 4, 3, 2, 2, 1), (2, 10, 9, 5, 3, 3, 3, 2))

#: Exercise q5: (C, H, W, size) of the maps pooled (sides that leave rows and columns over).
NB07_POOL_CASES = ((3, 7, 10, 2), (2, 11, 8, 3))

#: Exercise q6: (H, W, K_h, K_w, learning rate) of the gradient steps tried.
NB07_STEP_CASES = ((9, 8, 3, 2, 0.05), (8, 10, 2, 3, 0.02))


def _layer_case(case, seed: int):
    channels, height, width, filters, rows, cols, stride, padding = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(channels, height, width))
    w = rng.normal(size=(filters, channels, rows, cols))
    b = rng.normal(size=filters) + 2.0          # no bias is near 0
    where = (f"an input of {channels}×{height}×{width}, {filters} filters of "
             f"{channels}×{rows}×{cols}, stride {stride}, padding {padding}")
    return x, w, b, stride, padding, where


def _padded_one_side(x, w, b, stride, padding, before: bool):
    pad = (2 * padding, 0) if before else (0, 2 * padding)
    return conv2d(np.pad(x, ((0, 0), pad, pad)), w, b, stride=stride)


def _layer_shape_mistake(shape, x, w, stride, padding) -> str | None:
    filters, channels, rows, cols = w.shape
    sides = list(zip(x.shape[1:], (rows, cols), strict=True))
    candidates = {
        "the output size has no floor: you rounded (H + 2P - F)/S up instead of down, "
        "so your map has a window that does not fit.":
            [math.ceil((n + 2 * padding - f) / stride) + 1 for n, f in sides],
        "your output is one row/column short: the formula is ⌊(H + 2P - F)/S⌋ + 1.":
            [(n + 2 * padding - f) // stride for n, f in sides],
        "your output size is that of an input padded on one side only: P zeros go on "
        "each side (2P in all).": [(n + padding - f) // stride + 1 for n, f in sides],
        "your output size ignores the padding.": [(n - f) // stride + 1 for n, f in sides],
        "your output size ignores the stride: the windows step by S.":
            [n + 2 * padding - f + 1 for n, f in sides],
    }
    if len(shape) == 4 and shape[:2] == (filters, channels):
        return ("your output has one map per filter AND per input channel: each filter "
                "adds its channels' correlations into ONE map.")
    if len(shape) == 3 and shape[0] == filters * channels:
        return ("your output has C_out·C_in maps: each filter adds its channels' "
                "correlations into ONE map, so there are C_out maps.")
    if len(shape) == 3 and shape[0] == filters:
        for message, size in candidates.items():
            if stride > 1 or padding > 0 or "floor" not in message:
                if list(shape[1:]) == size and size != [
                        conv_output_size(n, f, stride, padding) for n, f in sides]:
                    return message
    return None


def _layer_value_mistake(got, x, w, b, stride, padding) -> str | None:
    expected = conv2d(x, w, b, stride=stride, padding=padding)
    plain = expected - b[:, None, None]
    close = lambda a: a.shape == got.shape and np.allclose(got, a, atol=1e-6)  # noqa: E731
    if close(plain):
        return "your layer adds no bias: each filter o adds b[o] to its whole map."
    if close(plain + x.shape[0] * b[:, None, None]):
        return ("you added the bias once per input channel; it is added once per filter, "
                "after the channels are summed.")
    if close(conv2d(x, w[..., ::-1, ::-1], b, stride=stride, padding=padding)):
        return ("your layer flips the kernels (a convolution); a CNN layer, like every "
                "library's, is a cross-correlation: no flip.")
    dense = conv2d(x, w, b, padding=padding)
    if stride > 1 and close(dense[:, :got.shape[1], :got.shape[2]]):
        return ("your windows move by 1 while the output index moves by 1: output pixel "
                "(i, j) reads the window at (S·i, S·j) of the padded input.")
    if padding > 0 and (close(_padded_one_side(x, w, b, stride, padding, True))
                        or close(_padded_one_side(x, w, b, stride, padding, False))):
        return "you padded one side only; P zeros go on every side of the input."
    if close(conv2d(x[:1], w[:, :1], b, stride=stride, padding=padding)):
        return ("your layer reads only the first input channel; each filter adds up all "
                "C_in channels.")
    if close(plain / x.shape[0] + b[:, None, None]):
        return "your layer averages the channels; the formula adds them up."
    offset = got - plain
    if np.all(np.isclose(offset[..., None], b, atol=1e-6).any(axis=-1)):
        if np.allclose(offset.std(axis=(1, 2)), 0, atol=1e-6):
            return "each map gets one bias added, but not b[o] of its own filter o."
        return ("the bias is added pixel by pixel in the wrong way: b[o] is ONE number "
                "added to every pixel of map o (b[:, None, None] broadcasts so).")
    return None


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, "a function conv_layer(x, w, b, stride, padding)", conv2d,
                     "write the windows, the sums and the bias yourself.")
    for seed, case in enumerate(NB07_LAYER_CASES):
        x, w, b, stride, padding, where = _layer_case(case, seed)
        got = call_learner(answer, x.copy(), w.copy(), b.copy(), stride, padding, where=where)
        given = read_array(got, f"your layer's output for {where}")
        expected = conv2d(x, w, b, stride=stride, padding=padding)
        if given.shape != expected.shape:
            mistake = _layer_shape_mistake(given.shape, x, w, stride, padding)
            if mistake:
                return CheckResult(False, f"for {where}: {mistake}")
        elif not np.allclose(given, expected, atol=1e-6):
            mistake = _layer_value_mistake(given, x, w, b, stride, padding)
            if mistake:
                return CheckResult(False, f"for {where}: {mistake}")
        result = compare_arrays(given, expected, f"your layer's output for {where}")
        if not result.ok:
            return result
    return CheckResult(True, f"your layer is right on all {len(NB07_LAYER_CASES)} layers "
                             "tried (random inputs you never saw, non-square kernels, "
                             "strides 1-3, paddings 0-2).")


#: The diagnosis of pooling windows that step by 1 (found by their shape or their values).
_OVERLAPPING = ("your windows overlap (they step by 1); max pooling here moves by the "
                "window's size.")


def _check_q5(answer) -> CheckResult:
    not_own_function(answer, "a function pool(a, size)", max_pool,
                     "write the windows and the maximum yourself.")
    rng = np.random.default_rng(5)
    for channels, height, width, size in NB07_POOL_CASES:
        a = rng.normal(size=(channels, height, width))
        where = f"a {channels}×{height}×{width} input and size {size}"
        got = call_learner(answer, a.copy(), size, where=where)
        given = read_array(got, f"your pooled maps for {where}")
        expected = max_pool(a, size)
        h, w = height // size, width // size
        if given.shape != expected.shape:
            if given.shape == (channels, height - size + 1, width - size + 1):
                return CheckResult(False, f"for {where}: {_OVERLAPPING}")
            if given.shape == (channels, -(-height // size), -(-width // size)):
                return CheckResult(False, f"for {where}: you kept the rows and columns left "
                                          "over at the end; a window that does not fit is "
                                          "dropped.")
            if given.shape == (h, w):
                return CheckResult(False, f"for {where}: you took the maximum over the "
                                          "channels too; each channel is pooled on its own.")
        else:
            cut = a[:, :h * size, :w * size]
            if np.allclose(given, cut.reshape(channels, h, size, w, size).mean(axis=(2, 4))):
                return CheckResult(False, f"for {where}: that is average pooling (the mean "
                                          "of each window); take the largest value.")
            if np.allclose(given, cut.reshape(channels, h, w, size, size).max(axis=(3, 4))):
                return CheckResult(False, f"for {where}: your windows are not size×size "
                                          "squares of the map; reshape to "
                                          "(C, H//size, size, W//size, size).")
            if np.allclose(given, max_pool(a, size, stride=1)[:, :h, :w]):
                return CheckResult(False, f"for {where}: {_OVERLAPPING}")
        result = compare_arrays(given, expected, f"your pooled maps for {where}")
        if not result.ok:
            return result
    return CheckResult(True, f"your pooling is right on all {len(NB07_POOL_CASES)} inputs "
                             "tried (random values with negatives, sides that leave rows "
                             "and columns over).")


def _check_q6(answer) -> CheckResult:
    not_own_function(answer, "a function gradient_step(x, y, K, eta)")
    rng = np.random.default_rng(6)
    for height, width, rows, cols, eta in NB07_STEP_CASES:
        x = rng.normal(size=(height, width))
        y = correlate_valid(x, rng.normal(size=(rows, cols)))
        K = rng.normal(size=(rows, cols))
        where = f"a {height}×{width} input, a {rows}×{cols} kernel and eta = {eta}"
        got = call_learner(answer, x.copy(), y.copy(), K.copy(), eta, where=where)
        given = read_array(got, f"your new kernel for {where}")
        g = kernel_gradient(x, y, K)
        expected = K - eta * g
        if given.shape == expected.shape and not np.allclose(given, expected, atol=1e-9):
            error = correlate_valid(x, K) - y
            mistakes = {
                "your step goes uphill (gradient ascent): the loss grows. Step against "
                "the gradient, K - eta·gradient (or check the sign of the error "
                "e = prediction - target).": K + eta * g,
                "your step does not use the learning rate: multiply the gradient by eta "
                "before subtracting it.": K - g,
                "you returned the gradient, not the new kernel.": g,
                "you returned the change, -eta·gradient, not the new kernel K - eta·gradient.":
                    -eta * g,
                "your gradient lacks the factor 2/N of the mean squared error "
                "(N = number of output pixels).": K - eta * correlate_valid(x, error),
                "your gradient has 1/N but not the 2 from differentiating the square.":
                    K - eta * correlate_valid(x, error) / error.size,
                "your gradient is flipped by 180°: it is the input CORRELATED with the "
                "error, offset (m, n) pairs with x[i+m, j+n].": K - eta * g[::-1, ::-1],
            }
            for message, wrong in mistakes.items():
                if np.allclose(given, wrong, atol=1e-9):
                    return CheckResult(False, f"for {where}: {message}")
        result = compare_arrays(given, expected, f"your new kernel for {where}", atol=1e-9)
        if not result.ok:
            return result
    return CheckResult(True, f"your gradient step is right on all {len(NB07_STEP_CASES)} "
                             "problems tried (random inputs, non-square kernels).")


q4 = Exercise(
    _check_q4,
    ["Pad first (np.pad, zeros, on the two image axes only), then compute the output size "
     "with the floor formula.",
     "Output pixel (o, i, j) is the sum over channels c and offsets (m, n) of "
     "x_padded[c, S·i + m, S·j + n] · w[o, c, m, n], plus b[o].",
     "Skeleton: pad x into xp; make a C_out×H_out×W_out array of zeros; for each output "
     "pixel (i, j) take the C_in×K_h×K_w window of xp at (S·i, S·j), multiply it by w "
     "(broadcasting over the C_out filters), sum over the last three axes, add b."],
    "def conv_layer(x, w, b, stride=1, padding=0):   # one output pixel at a time\n"
    "    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))   # zeros around\n"
    "    C_out, C_in, K_h, K_w = w.shape\n"
    "    H_out = (xp.shape[1] - K_h) // stride + 1        # the floor: windows that fit\n"
    "    W_out = (xp.shape[2] - K_w) // stride + 1\n"
    "    out = np.zeros((C_out, H_out, W_out))\n"
    "    for i in range(H_out):\n"
    "        for j in range(W_out):\n"
    "            window = xp[:, stride * i:stride * i + K_h, stride * j:stride * j + K_w]\n"
    "            out[:, i, j] = (w * window).sum(axis=(1, 2, 3))   # all channels, all offsets\n"
    "    return out + b[:, None, None]                   # one bias per filter\n"
    "answer = conv_layer",
    forbid=Forbid(CORRELATIONS,
                  "write the windows, the sums and the bias yourself."),
)

q5 = Exercise(
    _check_q5,
    ["Cut the map into size×size blocks that do not overlap, dropping what is left over.",
     "a[:, :h*size, :w*size].reshape(C, h, size, w, size) puts each block's rows on axis 2 "
     "and its columns on axis 4."],
    "def pool(a, size=2):   # blocks by a reshape\n"
    "    C, H, W = a.shape\n"
    "    h, w = H // size, W // size                      # leftovers are dropped\n"
    "    blocks = a[:, :h * size, :w * size].reshape(C, h, size, w, size)\n"
    "    return blocks.max(axis=(2, 4))\n"
    "answer = pool",
    forbid=Forbid(("course_utils.cnn.max_pool", "skimage.measure.block_reduce"),
                  "write the blocks and the maximum yourself."),
)

q6 = Exercise(
    _check_q6,
    ["Compute the error map e = correlate_valid(x, K) - y first.",
     "The gradient is 2/N times the input correlated with the error (N = e.size); a step "
     "goes against it, scaled by eta."],
    "def gradient_step(x, y, K, eta):   # two correlations\n"
    "    e = correlate_valid(x, K) - y                    # prediction minus target\n"
    "    gradient = 2 / e.size * correlate_valid(x, e)    # the input correlated with e\n"
    "    return K - eta * gradient                        # downhill, scaled by eta\n"
    "answer = gradient_step",
    forbid=Forbid(("course_utils.learning.kernel_gradient",
                   "course_utils.learning.numerical_gradient",
                   "course_utils.learning.learn_kernel"),
                  "write the gradient yourself, with correlate_valid."),
)
