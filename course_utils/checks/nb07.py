"""Exercises of notebook 07 (from kernels to CNNs), numbered in the notebook's order: four
functions the learner writes, a convolution layer (q1) and max pooling with stride and padding
(q2), a layer's cost in MACs, activations and parameters (q3), one gradient step (q4) and the
backward pass of a layer (q5), checked against finite differences; then, at the end, a layer's
output size (q6), its number of learned parameters (q7) and the single kernel of two
correlations in a row (q8)."""

from __future__ import annotations

import math
import numbers
import re

import numpy as np

from ..cnn import compose_kernels, conv2d, conv_parameter_count, layer_cost, max_pool
from ..i18n import N_, tr, translate
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
    returned_none,
)
from .framework import CheckResult, Exercise, Refused
from .guard import CORRELATIONS, Forbid

__all__ = ["q6", "q7", "q8", "q1", "q2", "q4", "q5", "q3", "NB07_Q8_KERNELS", "NB07_LAYER_CASES",
           "NB07_POOL_CASES", "NB07_STEP_CASES", "NB07_BACKWARD_CASES", "NB07_COST_CASES"]

#: Exercise q8: correlate with the first kernel, then with the second (both asymmetric).
NB07_Q8_KERNELS = ("sobel_x", "emboss")


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


def _check_q6(answer) -> CheckResult:
    size, kernel, stride, padding = 224, 7, 2, 3
    exact = (size + 2 * padding - kernel) / stride + 1
    return _named(answer, conv_output_size(size, kernel, stride=stride, padding=padding),
                  tr("your output size"), {
                      exact: tr("that is the formula without the floor: a window either fits "
                                "or it does not, so round (H + 2P - F)/S down before the + 1."),
                      math.ceil(exact): tr("you rounded up; the last window must fit inside "
                                           "the padded input, so round (H + 2P - F)/S down."),
                      (size + padding - kernel) // stride + 1:
                          tr("one less than the right count: did you pad one side only (P, "
                             "where the formula has 2P) or drop the + 1 (the first window)?"),
                      (size - kernel) // stride + 1:
                          tr("that is the count without padding; the layer pads P = 3 zeros "
                             "on each side."),
                      size + 2 * padding - kernel + 1:
                          tr("that is the count at stride 1; the windows step by S = 2."),
                      (size + 2 * padding - kernel) / stride: tr(
                          "that is (H + 2P - F)/S without the floor and without the + 1 "
                          "(the first window)."),
                      size - kernel + 1: tr("that is the count without padding and at stride "
                                            "1; the layer pads P = 3 zeros on each side and "
                                            "its windows step by S = 2."),
                      conv_output_size(size, kernel, stride=stride, padding=padding) ** 2: tr(
                          "that counts every output pixel, rows times columns; the question "
                          "asks for the rows only."),
                      (size + 2 * padding) // stride + 1: tr(
                          "the kernel is missing from your count: the last window must fit "
                          "inside the padded input, so subtract F before dividing, "
                          "(H + 2P - F)/S."),
                      size + 2 * padding: tr("that is the side of the padded input, not of the "
                                             "output."),
                  })


def _check_q7(answer) -> CheckResult:
    filters, channels, side = 16, 3, 5
    return _named(answer, conv_parameter_count(channels, filters, (side, side)),
                  tr("your parameter count"), {
                      filters * channels * side * side:
                          tr("those are the weights only: every filter also has one bias."),
                      filters * (side * side + 1):
                          tr("each filter has one 5×5 kernel per input channel (3 for RGB), "
                             "not one kernel in all."),
                      filters * side * side:
                          tr("each filter has one 5×5 kernel per input channel (3 for RGB), "
                             "and one bias."),
                      filters * channels * (side * side + 1):
                          tr("one bias per filter, not one per channel of a filter: the "
                             "channel sums are added first, then the bias once."),
                      channels * side * side + 1: tr("that is one filter; the layer has 16."),
                      filters * channels * side * side + 1: tr(
                          "one bias per filter, not one for the whole layer."),
                      filters * (channels * side + 1): tr("a 5×5 kernel has 5 × 5 weights, "
                                                          "not 5."),
                      filters * (4 * side * side + 1): tr(
                          "an RGB input has 3 channels (red, green, blue), not 4."),
                  })


def _check_q8(answer) -> CheckResult:
    first, second = (KERNEL_BANK[name] for name in NB07_Q8_KERNELS)
    expected, what = compose_kernels(first, second), tr("your 5×5 kernel")
    given = read_array(answer, what)
    if given.shape == expected.shape and not np.allclose(given, expected):
        if np.allclose(given, expected[::-1, ::-1]):
            return CheckResult(False, tr("your kernel is the right one rotated by 180°. "
                                         "Correlating a single 1 stamps a kernel rotated "
                                         "by 180° (notebook 02): rotate it back."))
        correlated = (compose_kernels(first, second[::-1, ::-1]),  # correlating the two,
                      compose_kernels(second, first[::-1, ::-1]))  # in either order
        if any(np.allclose(given, c) or np.allclose(given, c[::-1, ::-1]) for c in correlated):
            return CheckResult(False, tr("you combined the kernels by correlating one with "
                                         "the other; two correlations in a row add their "
                                         "offsets, and adding offsets is a convolution."))
        mistake = _q8_turn_mistake(given, expected)
        if mistake:
            return CheckResult(False, mistake)
    products = (first @ second, second @ first, first * second)
    if any(given.shape == p.shape and np.allclose(given, p) for p in products) or (
            given.shape == expected.shape and not given[0].any() and not given[-1].any()
            and not given[:, 0].any() and not given[:, -1].any()
            and any(np.allclose(given[1:-1, 1:-1], p) for p in products)):
        return CheckResult(False, tr("you multiplied the two kernels (a matrix product or "
                                     "entry by entry); two correlations in a row are not a "
                                     "product of their kernels: read the single kernel off "
                                     "the response to an impulse."))
    return compare_arrays(given, expected, what)


def _q8_turn_mistake(given, expected) -> str | None:
    """What is off in a 5×5 kernel that is the right one turned, mirrored or cut off
    centre from the impulse's response (or None)."""
    turns = {
        tr("your kernel is the right one turned by a quarter (90°): np.rot90(k) turns by "
           "90°; the turn back the proof asks for is 180°, np.rot90(k, 2) or k[::-1, ::-1]."):
            (np.rot90(expected), np.rot90(expected, -1)),
        tr("your kernel is the right one mirrored along one axis only: a turn by 180° "
           "reverses both the rows and the columns, k[::-1, ::-1]."):
            (expected[::-1], expected[:, ::-1]),
        tr("your kernel is the right one transposed (rows and columns swapped): .T is a "
           "mirror along a diagonal, not the turn by 180° of the proof, k[::-1, ::-1]."):
            (expected.T, expected[::-1, ::-1].T),
    }
    for message, wrong in turns.items():
        if any(np.allclose(given, w) for w in wrong):
            return message
    response = np.pad(expected[::-1, ::-1], 2)       # the impulse's 9×9 response
    for dr, dc in np.ndindex(5, 5):
        if (dr, dc) != (2, 2):
            cut = response[dr:dr + 5, dc:dc + 5]
            if np.allclose(given, cut) or np.allclose(given, cut[::-1, ::-1]):
                return tr("your 5×5 is cut off centre from the impulse's response: the "
                          "kernel is centred on the pixel where the 1 was, so cut the 5×5 "
                          "with that pixel in its middle.")
    return None


q6 = Exercise(
    _check_q6,
    [N_("Use the output-size formula of the notebook: decide which of its letters is 224, which "
        "7, which 2 and which 3."),
     N_("Look at 'A convolution layer': the formula for H_out and the worked example under it. "
        "Mind the floor: a window that does not fit is not computed."),
     N_("Skeleton: answer = (<H> + 2 * <P> - <K_h>) // <S> + 1, with the question's numbers in "
        "their places.")],
)

q7 = Exercise(
    _check_q7,
    [N_("Count one filter first, its weights and then its bias; then all 16 filters."),
     N_("Look at 'A convolution layer': a filter's weights have the shape C_in × K_h × K_w, so "
        "each filter covers every input channel, and each filter has one bias. An RGB input has 3 "
        "channels."),
     N_("Skeleton: per_filter = <channels> * <kernel height> * <kernel width> + <its bias>; "
        "answer = <filters> * per_filter.")],
)

q8 = Exercise(
    _check_q8,
    [N_("A kernel can be read off the response to a single 1 in a blank image."),
     N_("Look at notebook 02's 'Proof by impulse response': correlating an impulse draws the "
        "kernel rotated by 180°. Try it on one 3×3 kernel first and compare what comes out with "
        "the kernel."),
     N_("Skeleton: impulse = <zeros, 9×9 say, with a 1 in the middle>; two = "
        "correlate(correlate(impulse, <the first kernel>, mode='wrap'), <the second>, "
        "mode='wrap'); answer = <the 5×5 around the 1, turned back the way the proof says>.")],
)


#: Exercise q1: (C_in, H, W, C_out, K_h, K_w, stride, padding) of the layers tried.
NB07_LAYER_CASES = ((3, 7, 9, 4, 3, 2, 1, 0), (3, 8, 11, 4, 3, 2, 2, 1), (2, 10, 9, 5, 3, 3, 3, 2))

#: Exercise q4: (H, W, K_h, K_w, learning rate) of the gradient steps tried.
NB07_STEP_CASES = ((9, 8, 3, 2, 0.05), (8, 10, 2, 3, 0.02))


def _layer_case(case, seed: int):
    channels, height, width, filters, rows, cols, stride, padding = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(channels, height, width))
    w = rng.normal(size=(filters, channels, rows, cols))
    b = rng.normal(size=filters) + 2.0          # no bias is near 0
    where = tr("an input of {channels}×{height}×{width}, {filters} filters of "
               "{channels}×{rows}×{cols}, stride {stride}, padding {padding}",
               channels=channels, height=height, width=width, filters=filters, rows=rows,
               cols=cols, stride=stride, padding=padding)
    return x, w, b, stride, padding, where


def _padded_one_side(x, w, b, stride, padding, before: bool):
    pad = (2 * padding, 0) if before else (0, 2 * padding)
    return conv2d(np.pad(x, ((0, 0), pad, pad)), w, b, stride=stride)


def _layer_shape_mistake(shape, x, w, stride, padding) -> str | None:
    filters, channels, rows, cols = w.shape
    sides = list(zip(x.shape[1:], (rows, cols), strict=True))
    candidates = {   # English keys (N_), translated when returned
        N_("the output size has no floor: you rounded (H + 2P - F)/S up instead of down, "
           "so your map has a window that does not fit."):
            [math.ceil((n + 2 * padding - f) / stride) + 1 for n, f in sides],
        N_("your output is one row/column short: the formula is ⌊(H + 2P - F)/S⌋ + 1."):
            [(n + 2 * padding - f) // stride for n, f in sides],
        N_("your output size is that of an input padded on one side only: P zeros go on "
           "each side (2P in all)."): [(n + padding - f) // stride + 1 for n, f in sides],
        N_("your output size ignores the padding."): [(n - f) // stride + 1 for n, f in sides],
        N_("your output size ignores the stride: the windows step by S."):
            [n + 2 * padding - f + 1 for n, f in sides],
    }
    if len(shape) == 4 and shape[:2] == (filters, channels):
        return tr("your output has one map per filter AND per input channel: each filter "
                  "adds its channels' correlations into ONE map.")
    if len(shape) == 3 and shape[0] == filters * channels:
        return tr("your output has C_out·C_in maps: each filter adds its channels' "
                  "correlations into ONE map, so there are C_out maps.")
    if len(shape) == 3 and shape[0] == filters:
        for message, size in candidates.items():
            if stride > 1 or padding > 0 or "floor" not in message:
                if list(shape[1:]) == size and size != [
                        conv_output_size(n, f, stride, padding) for n, f in sides]:
                    return translate(message)
    return None


def _layer_value_mistake(got, x, w, b, stride, padding) -> str | None:
    expected = conv2d(x, w, b, stride=stride, padding=padding)
    plain = expected - b[:, None, None]
    close = lambda a: a.shape == got.shape and np.allclose(got, a, atol=1e-6)  # noqa: E731
    if close(plain):
        return tr("your layer adds no bias: each filter o adds b[o] to its whole map.")
    if close(plain + x.shape[0] * b[:, None, None]):
        return tr("you added the bias once per input channel; it is added once per filter, after "
                  "the channels are summed.")
    if close(conv2d(x, w[..., ::-1, ::-1], b, stride=stride, padding=padding)):
        return tr("your layer flips the kernels (a convolution); a CNN layer, like every "
                  "library's, is a cross-correlation: no flip.")
    dense = conv2d(x, w, b, padding=padding)
    if stride > 1 and close(dense[:, :got.shape[1], :got.shape[2]]):
        return tr("your windows move by 1 while the output index moves by 1: output pixel (i, j) "
                  "reads the window at (S·i, S·j) of the padded input.")
    if padding > 0 and (close(_padded_one_side(x, w, b, stride, padding, True))
                        or close(_padded_one_side(x, w, b, stride, padding, False))):
        return tr("you padded one side only; P zeros go on every side of the input.")
    if close(conv2d(x[:1], w[:, :1], b, stride=stride, padding=padding)):
        return tr("your layer reads only the first input channel; each filter adds up all C_in "
                  "channels.")
    if close(plain / x.shape[0] + b[:, None, None]):
        return tr("your layer averages the channels; the formula adds them up.")
    if close(plain / w[0].size + b[:, None, None]):
        return tr("your layer takes the mean of each window's products; the formula adds "
                  "them up (a sum, not a mean).")
    if close(plain + b.sum()):
        return tr("you added the sum of all the biases to every map; map o gets b[o] of its "
                  "own filter only.")
    if padding > 0:
        for mode in ("edge", "reflect", "symmetric"):
            bordered = np.pad(x, ((0, 0), (padding, padding), (padding, padding)), mode=mode)
            if close(conv2d(bordered, w, b, stride=stride)):
                return tr("you padded with np.pad's mode='{mode}', copies of the image; the "
                          "layer pads zeros (np.pad's default, mode='constant').", mode=mode)
    if close(np.broadcast_to(plain.sum(axis=0), plain.shape) + b[:, None, None]):
        return tr("every map is the same: you summed w * window over all four axes, the filters "
                  "too. Keep axis 0 (one number per filter) and sum over 1, 2 and 3.")
    offset = got - plain
    if np.all(np.isclose(offset[..., None], b, atol=1e-6).any(axis=-1)):
        if np.allclose(offset.std(axis=(1, 2)), 0, atol=1e-6):
            return tr("each map gets one bias added, but not b[o] of its own filter o.")
        return tr("the bias is added pixel by pixel in the wrong way: b[o] is ONE number added to "
                  "every pixel of map o (b[:, None, None] broadcasts so).")
    return None


def _broadcast_shapes(error: ValueError) -> list[tuple[int, ...]]:
    """The array shapes a NumPy broadcasting error names, in its order.

    Examples
    --------
    >>> _broadcast_shapes(ValueError("operands could not be broadcast together with shapes "
    ...                              "(4,7,8) (4,) "))
    [(4, 7, 8), (4,)]
    """
    return [tuple(int(n) for n in group.split(",") if n.strip())
            for group in re.findall(r"\(([\d,\s]*)\)", str(error))]


def _layer_error_mistake(error: ValueError, x, w, stride, padding) -> str | None:
    """The layout mistake behind a ValueError the learner's own layer raised, read off the
    shapes NumPy names in it: the channel axis padded, the bias lined up with the columns,
    a window summed over the wrong axes."""
    filters, channels, rows, cols = w.shape
    if isinstance(error, TypeError):
        if "'float' object cannot be interpreted as an integer" in str(error):
            return _float_size()
        return None
    shapes = _broadcast_shapes(error)
    if "broadcast" not in str(error) or not shapes:
        return None
    if "input array" in str(error) and shapes == [(filters,), (channels,)] \
            and filters != channels:
        return tr("your output has room for {channels} values per pixel where the layer has "
                  "{filters} filters: w's shape is (C_out, C_in, K_h, K_w), filters first, "
                  "so C_out is w.shape[0].", channels=channels, filters=filters)
    if w.shape in shapes and rows != cols and (channels, cols, rows) in shapes:
        return tr("your window is {cols}×{rows} where the kernel is {rows}×{cols}: the "
                  "window's rows go with K_h = w.shape[2], its columns with K_w = w.shape[3].",
                  rows=rows, cols=cols)
    short = [s for s in shapes if len(s) == 3 and s[0] == channels and s != (channels, rows, cols)
             and s[1] <= rows and s[2] <= cols]
    if w.shape in shapes and short:
        return tr("one of your windows is cut short, {short} where the kernel is "
                  "{channels}×{rows}×{cols}: it runs past the end of the array it is read "
                  "from. Either your output has more windows than fit (⌊(H + 2P − F)/S⌋ + 1 "
                  "rounds down), or you read the windows from x instead of the "
                  "padded input.", short="×".join(map(str, short[0])), channels=channels,
                  rows=rows, cols=cols)
    out_shape = (filters, conv_output_size(x.shape[1], rows, stride, padding),
                 conv_output_size(x.shape[2], cols, stride, padding))
    if padding > 0 and any(len(s) == 3 and s[0] == channels + 2 * padding for s in shapes):
        return tr("your padded input has {padded} channels where x has {channels}: you padded "
                  "the channel axis too (np.pad(x, P) pads every axis). Pad the two image axes "
                  "only: ((0, 0), (P, P), (P, P)).", padded=channels + 2 * padding,
                  channels=channels)
    if out_shape in shapes and any(s != out_shape and [n for n in s if n != 1] == [filters]
                                   for s in shapes):
        return tr("the bias does not line up with the filters: b has shape ({filters},), and "
                  "NumPy lines up the LAST axes, so added to your {filters}×{rows}×{cols} "
                  "output it meets the columns. Give it the shape ({filters}, 1, 1): "
                  "b[:, None, None].", filters=filters, rows=out_shape[1], cols=out_shape[2])
    if "input array" in str(error) and len(shapes) == 2 and shapes[1] == (filters,):
        return tr("your sum over one window has shape {shape}, where out[:, i, j] takes one "
                  "number per filter ({filters}): you summed w * window "
                  "({filters}×{channels}×{rows}×{cols}) over the wrong axes. Keep axis 0, the "
                  "filters, and sum over the channels and both kernel axes (1, 2, 3).",
                  shape=shapes[0], filters=filters, channels=channels, rows=rows, cols=cols)
    return None


def _call_layer(answer, x, w, b, stride, padding, where):
    """The learner's layer on one case; a broadcasting ValueError that comes from a
    layout mistake is named instead of being reported as the learner's own error."""
    caught = []
    try:
        return call_learner(_recording(answer, caught), x.copy(), w.copy(), b.copy(), stride,
                            padding, where=where), None
    except Refused:
        mistake = _layer_error_mistake(caught[0], x, w, stride, padding) if caught else None
        if mistake is None:
            raise
        return None, CheckResult(False, tr("for {where}: {mistake}", where=where,
                                           mistake=mistake))


def _check_q1(answer) -> CheckResult:
    not_own_function(answer, tr("a function conv_layer(x, w, b, stride, padding)"), conv2d,
                     tr("write the windows, the sums and the bias yourself."))
    for seed, case in enumerate(NB07_LAYER_CASES):
        x, w, b, stride, padding, where = _layer_case(case, seed)
        got, failed = _call_layer(answer, x, w, b, stride, padding, where)
        if failed is not None:
            return failed
        what = tr("your layer's output for {where}", where=where)
        given = read_array(got, what)
        expected = conv2d(x, w, b, stride=stride, padding=padding)
        if given.shape != expected.shape:
            mistake = _layer_shape_mistake(given.shape, x, w, stride, padding)
            if mistake:
                return CheckResult(False, tr("for {where}: {mistake}", where=where,
                                             mistake=mistake))
        elif not np.allclose(given, expected, atol=1e-6):
            mistake = _layer_value_mistake(given, x, w, b, stride, padding)
            if mistake:
                return CheckResult(False, tr("for {where}: {mistake}", where=where,
                                             mistake=mistake))
        result = compare_arrays(given, expected, what)
        if not result.ok:
            return result
    return CheckResult(True, tr("your layer is right on all {count} layers tried (random "
                                "inputs you never saw, non-square kernels, strides 1-3, "
                                "paddings 0-2).", count=len(NB07_LAYER_CASES)))


#: Exercise q2: (C, H, W, size, stride, padding) of the maps pooled. Stride None: the call
#: is pool(a, size), the defaults (stride = size, no padding). Sides leave rows and columns
#: over; 3×3 windows at stride 2 overlap (AlexNet); padded maps are mostly negative, so a
#: border padded with 0 instead of -inf shows.
NB07_POOL_CASES = ((3, 7, 10, 2, None, 0), (2, 11, 8, 3, 3, 0), (2, 12, 10, 3, 2, 0),
                   (3, 9, 11, 3, 2, 1), (2, 10, 7, 2, 2, 1))


def _pool(a, size, stride, before, after=None, fill=-np.inf, keep_partial=False,
          reduce=np.max):
    """Pooling the way a learner might write it: ``before``/``after`` rows and columns of
    ``fill`` on each side, windows that stick out kept (padded with -inf) if
    ``keep_partial``; no validation, so that wrong variants can be computed."""
    after = before if after is None else after
    padded = np.pad(a, ((0, 0), (before, after), (before, after)), constant_values=fill)
    if keep_partial:
        extra = [(-(n - size)) % stride for n in padded.shape[1:]]
        padded = np.pad(padded, ((0, 0), (0, extra[0]), (0, extra[1])),
                        constant_values=-np.inf)
    if size > min(padded.shape[1:]):
        return np.zeros((a.shape[0], 0, 0))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (size, size), axis=(1, 2))
    return reduce(windows[:, ::stride, ::stride], axis=(-2, -1))


def _pool_mistakes(a, size, stride, padding) -> list[tuple[np.ndarray, str]]:
    """The usual wrong poolings of ``a`` and what each gets wrong, most telling first."""
    side = "⌊(H + 2P − size)/S⌋ + 1"
    wrong = []
    if stride != size:
        wrong.append((_pool(a, stride, size, padding),
                      tr("you swapped size and stride: the windows are size×size and step by the "
                         "stride.")))
    if stride > 1:
        ignored = tr("your windows step by 1 (so they overlap): the stride is ignored. Window "
                     "(i, j) starts at row S·i and column S·j of the padded input.")
        dense = _pool(a, size, 1, padding)
        right_shape = max_pool(a, size, stride, padding).shape
        wrong += [(dense, ignored),
                  (dense[:, :right_shape[1], :right_shape[2]], ignored)]
    if stride < size:
        wrong.append((_pool(a, size, size, padding),
                      tr("your windows do not overlap: they step by the window's size, where "
                         "this pooling steps by S = {stride}, less than size = {size}, so "
                         "neighbouring windows share rows and columns (as AlexNet's 3×3 "
                         "windows at stride 2 do).", stride=stride, size=size)))
    if padding > 0:
        wrong += [
            (_pool(a, size, stride, padding, fill=0.0),
             tr("you padded with 0: at the border a padded 0 beats every negative value of the "
                "window. Max pooling pads with -inf (np.pad(..., constant_values=-np.inf)), so "
                "that the padding never wins.")),
            (_pool(a, size, stride, 0),
             tr("your pooling ignores the padding: P rows and columns (of -inf) go on every side "
                "first.")),
            (_pool(a, size, stride, padding, 0),
             tr("you padded one side only: P rows and columns go on every side (2P in all).")),
            (_pool(a, size, stride, 2 * padding, 0),
             tr("you padded one side only: P rows and columns go on every side (2P in all).")),
        ]
    wrong += [
        (_pool(a, size, stride, padding, keep_partial=True),
         tr("you kept a window that sticks out past the end; a window that does not fit is "
            "dropped, so each side is {side} (rounded down).", side=side)),
        (max_pool(a, size, stride, padding)[:, :-1, :-1],
         tr("your output is one row and one column short: each side is {side}; the + 1 "
            "counts the first window.", side=side)),
        (max_pool(a, size, stride, padding).max(axis=0),
         tr("you took the maximum over the channels too; each channel is pooled on its own.")),
        (np.broadcast_to(max_pool(a, size, stride, padding).max(axis=0),
                         max_pool(a, size, stride, padding).shape),
         "you took the maximum over the channels too; each channel is pooled on its own."),
    ]
    if padding > 0:
        wrong.append((_pool(a, size, stride, 0, 2 * padding),
                      tr("your windows are read from a, not from the padded map: window "
                         "(i, j) starts at row S·i and column S·j of the PADDED map.")))
    if padding == 0:
        wrong.append((_pool(a, size, stride, 0, reduce=np.mean),
                      tr("that is average pooling (the mean of each window); take the largest "
                         "value.")))
    if stride == size and padding == 0:
        C, H, W = a.shape
        h, w = H // size, W // size
        wrong.append((a[:, :h * size, :w * size].reshape(C, h, w, size, size)
                      .max(axis=(3, 4)),
                      tr("your windows are not size×size squares of the map; reshape to (C, "
                         "H//size, size, W//size, size).")))
    return wrong


def _pool_mistake(given, a, size, stride, padding) -> str | None:
    expected = max_pool(a, size, stride, padding)
    if padding > 0 and given.ndim == 3 and given.shape[0] == a.shape[0] + 2 * padding:
        return tr("your output has {count} channels where a has {channels}: you padded the "
                  "channel axis too (np.pad(a, P) pads every axis). Pad the two image axes "
                  "only: ((0, 0), (P, P), (P, P)).", count=given.shape[0],
                  channels=a.shape[0])
    mistakes = [(wrong, message) for wrong, message in _pool_mistakes(a, size, stride, padding)
                if wrong.shape == given.shape    # and not right on this input:
                and not (wrong.shape == expected.shape and np.allclose(wrong, expected))]
    for wrong, message in mistakes:              # the values first, then the shape alone
        if np.allclose(given, wrong, atol=1e-9, equal_nan=True):
            return message
    for wrong, message in mistakes:
        if wrong.shape != expected.shape:
            return message
    if given.ndim == 3 and given.shape[0] == a.shape[0] and given.shape != expected.shape:
        off = [g - e for g, e in zip(given.shape[1:], expected.shape[1:], strict=True)]
        if set(off) <= {-1, 0, 1}:
            return tr("your output is {rows}×{cols}, one off from {right_rows}×{right_cols}: "
                      "each side is ⌊(H + 2P − size)/S⌋ + 1, counting the windows that fit "
                      "inside the padded map.", rows=given.shape[1], cols=given.shape[2],
                      right_rows=expected.shape[1], right_cols=expected.shape[2])
    return None


def _recording(answer, caught: list):
    """The learner's function, keeping the ValueError or TypeError it raises in ``caught``."""
    def recording(*args):
        try:
            return answer(*args)
        except (ValueError, TypeError) as error:
            caught.append(error)
            raise
    return recording


def _float_size() -> str:
    return tr("your output size is a float: / divides exactly, where the formula's floor "
              "⌊(H + 2P − F)/S⌋ is integer division, //.")


def _pool_error_mistake(error, channels: int, defaults: bool) -> str | None:
    """The mistake behind an error the learner's pooling raised (or None)."""
    text = str(error)
    if isinstance(error, TypeError):
        if "'float' object cannot be interpreted as an integer" in text:
            return _float_size()
        if defaults and "NoneType" in text:
            return tr("your function computed with stride = None: "
                      "stride None means stride = size (windows that do not overlap); set "
                      "it so before using it.")
        return None
    shapes = _broadcast_shapes(error)
    if "input array" in text and len(shapes) == 2 and shapes[1] == (channels,) \
            and shapes[0] != (channels,):
        return tr("your window's maximum has shape {shape}, where out[:, i, j] takes one "
                  "number per channel ({channels}): you took it over the wrong axes. Each "
                  "channel gets its own maximum, over the two image axes (1, 2).",
                  shape=shapes[0], channels=channels)
    return None


def _check_q2(answer) -> CheckResult:
    not_own_function(answer, tr("a function pool(a, size, stride, padding)"), max_pool,
                     tr("write the windows and the maximum yourself."))
    rng = np.random.default_rng(5)
    for channels, height, width, size, stride, padding in NB07_POOL_CASES:
        a = rng.normal(size=(channels, height, width)) - (1.5 if padding else 0.0)
        if stride is None:
            where = tr("a {channels}×{height}×{width} input, called as pool(a, {size})",
                       channels=channels, height=height, width=width, size=size)
            args, stride = (a.copy(), size), size
        else:
            where = tr("a {channels}×{height}×{width} input, size {size}, stride {stride}, "
                       "padding {padding}", channels=channels, height=height, width=width,
                       size=size, stride=stride, padding=padding)
            args = (a.copy(), size, stride, padding)
        caught = []
        try:
            got = call_learner(_recording(answer, caught), *args, where=where)
        except Refused as refused:
            mistake = _pool_error_mistake(caught[0], a.shape[0], len(args) == 2) \
                if caught else None
            if mistake:
                return CheckResult(False, f"for {where}: {mistake}")
            if "zero-size array" not in str(refused):
                raise
            return CheckResult(False, tr("{message} One of your windows is empty: it starts "
                                         "past the end of the padded map. Count the windows "
                                         "that fit, ⌊(H + 2P − size)/S⌋ + 1.",
                                         message=refused.result.message))
        what = tr("your pooled maps for {where}", where=where)
        given = read_array(got, what)
        expected = max_pool(a, size, stride, padding)
        if given.shape != expected.shape or not np.allclose(given, expected, atol=1e-9):
            mistake = _pool_mistake(given, a, size, stride, padding)
            if mistake:
                return CheckResult(False, tr("for {where}: {mistake}", where=where,
                                             mistake=mistake))
        result = compare_arrays(given, expected, what)
        if not result.ok:
            return result
    return CheckResult(True, tr("your pooling is right on all {count} inputs tried (random "
                                "values with negatives, sides that leave rows and columns "
                                "over, overlapping 3×3 windows at stride 2, padding 1).",
                                count=len(NB07_POOL_CASES)))


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, tr("a function gradient_step(x, y, K, eta)"))
    rng = np.random.default_rng(6)
    for height, width, rows, cols, eta in NB07_STEP_CASES:
        x = rng.normal(size=(height, width))
        y = correlate_valid(x, rng.normal(size=(rows, cols)))
        K = rng.normal(size=(rows, cols))
        where = tr("a {height}×{width} input, a {rows}×{cols} kernel and eta = {eta}",
                   height=height, width=width, rows=rows, cols=cols, eta=eta)
        try:
            got = call_learner(answer, x.copy(), y.copy(), K.copy(), eta, where=where)
        except Refused as refused:
            if "kernel must fit inside the image" not in str(refused):
                raise
            return CheckResult(False, tr("{message} Your correlate_valid has its arguments "
                                         "the wrong way round: the image is the input x, the "
                                         "kernel the (smaller) error map, "
                                         "correlate_valid(x, e).",
                                         message=refused.result.message))
        what = tr("your new kernel for {where}", where=where)
        given = read_array(got, what)
        g = kernel_gradient(x, y, K)
        expected = K - eta * g
        if given.shape == expected.shape and not np.allclose(given, expected, atol=1e-9):
            error = correlate_valid(x, K) - y
            mistakes = {
                tr("your step goes uphill (gradient ascent): the loss grows. Step against the "
                   "gradient, K - eta·gradient (or check the sign of the error e = prediction - "
                   "target)."): K + eta * g,
                tr("your step does not use the learning rate: multiply the gradient by eta before "
                   "subtracting it."): K - g,
                tr("you returned the gradient, not the new kernel."): g,
                tr("you returned the change, -eta·gradient, not the new kernel K - eta·gradient."):
                    -eta * g,
                tr("your gradient lacks the factor 2/N of the mean squared error (N = number of "
                   "output pixels)."): K - eta * correlate_valid(x, error),
                tr("your gradient has 1/N but not the 2 from differentiating the square."):
                    K - eta * correlate_valid(x, error) / error.size,
                tr("your gradient has the 2 from differentiating the square but not the 1/N "
                   "of the mean (N = number of output pixels)."):
                    K - eta * 2 * correlate_valid(x, error),
                tr("your N is the number of the kernel's entries; N counts the output "
                   "pixels, the entries of the error map."):
                    K - eta * 2 / K.size * correlate_valid(x, error),
                tr("your N is the number of the input's pixels; N counts the output pixels "
                   "(only where the kernel fits), the entries of the error map."):
                    K - eta * 2 / x.size * correlate_valid(x, error),
                tr("your gradient is flipped by 180°: it is the input CORRELATED with the error, "
                   "offset (m, n) pairs with x[i+m, j+n]."): K - eta * g[::-1, ::-1],
                tr("your gradient is a CONVOLUTION of the input with the error (the error map "
                   "flipped by 180°): the gradient is the input CORRELATED with the error, offset "
                   "(m, n) pairs with x[i+m, j+n] and e[i, j], no flip."):
                    K - eta * 2 / error.size * correlate_valid(x, error[::-1, ::-1]),
            }
            for message, wrong in mistakes.items():
                if np.allclose(given, wrong, atol=1e-9):
                    return CheckResult(False, tr("for {where}: {mistake}", where=where,
                                                 mistake=message))
        result = compare_arrays(given, expected, what, atol=1e-9)
        if not result.ok:
            return result
    return CheckResult(True, tr("your gradient step is right on all {count} problems tried "
                                "(random inputs, non-square kernels).",
                                count=len(NB07_STEP_CASES)))


q1 = Exercise(
    _check_q1,
    [N_("Pad first (np.pad, zeros, on the two image axes only), then compute the output size with "
        "the floor formula."),
     N_("Look at 'A convolution layer': output pixel (o, i, j) is the sum over channels c and "
        "offsets (m, n) of x_padded[c, S·i + m, S·j + n] · w[o, c, m, n], plus b[o]."),
     N_("Skeleton: pad x into xp; make a C_out×H_out×W_out array of zeros; for each output pixel "
        "(i, j) take the C_in×K_h×K_w window of xp at (S·i, S·j), multiply it by w (broadcasting "
        "over the C_out filters), sum over the last three axes, add b.")],
    forbid=Forbid(CORRELATIONS,
                  N_("write the windows, the sums and the bias yourself.")),
)

q2 = Exercise(
    _check_q2,
    [N_("Pad each channel first, then visit the windows: window (i, j) is the size×size square "
        "whose top-left corner sits at row stride·i and column stride·j of the padded map, and it "
        "gives its largest value."),
     N_("Look at 'Pooling with stride and padding': the output side is the layer's formula, ⌊(H + "
        "2P − size)/S⌋ + 1, and the padding of max pooling is -inf, not 0. With stride None the "
        "stride is the size (windows that do not overlap)."),
     N_("Skeleton: stride = <size if stride is None else stride>; ap = np.pad(a, <no padding on "
        "the channel axis, padding on both image axes>, constant_values=<what never wins a "
        "maximum>); out = <zeros, C × H_out × W_out>; for i, j over the output: out[:, i, j] = "
        "ap[:, <rows of window i>, <columns of window j>].max(axis=<the two image axes>); return "
        "out.")],
    forbid=Forbid(("course_utils.cnn.max_pool", "skimage.measure.block_reduce",
                   "scipy.ndimage.maximum_filter"),
                  N_("write the windows and the maximum yourself.")),
)

q4 = Exercise(
    _check_q4,
    [N_("One step: the error of the current K, the gradient from that error, and a move of K "
        "against the gradient."),
     N_("Look at 'Learning a kernel back from examples': the error map e = x ⋆ K - y (with "
        "correlate_valid), and the formula of ∂L/∂K: 2/N times the input correlated with the "
        "error, N the number of output pixels."),
     N_("Skeleton: e = <prediction minus target>; gradient = <2 / N> * correlate_valid(<the "
        "input>, <the error>); return K - <eta times the gradient>.")],
    forbid=Forbid(("course_utils.learning.kernel_gradient",
                   "course_utils.learning.numerical_gradient",
                   "course_utils.learning.learn_kernel"),
                  N_("write the gradient yourself, with correlate_valid.")),
)


# --- exercise q5: the backward pass of a layer ------------------------------------------

#: Exercise q5: (C_in, H, W, C_out, K_h, K_w, stride, padding) of the layers tried; no
#: filter count equals an output side, so a bias summed over the wrong axis shows.
NB07_BACKWARD_CASES = ((2, 7, 8, 3, 3, 3, 1, 0), (3, 6, 7, 2, 3, 2, 1, 1),
                       (2, 9, 8, 3, 3, 3, 2, 1), (3, 10, 9, 2, 2, 3, 2, 0))


def _backward_case(case, seed: int):
    channels, height, width, filters, rows, cols, stride, padding = case
    rng = np.random.default_rng(70 + seed)
    x = rng.normal(size=(channels, height, width))
    w = rng.normal(size=(filters, channels, rows, cols))
    b = rng.normal(size=filters)
    dout = rng.normal(size=conv2d(x, w, b, stride=stride, padding=padding).shape)
    where = tr("an input of {channels}×{height}×{width}, {filters} filters of "
               "{channels}×{rows}×{cols}, stride {stride}, padding {padding}",
               channels=channels, height=height, width=width, filters=filters, rows=rows,
               cols=cols, stride=stride, padding=padding)
    return x, w, b, dout, stride, padding, where


def _finite_differences(x, w, b, dout, stride, padding) -> tuple[np.ndarray, ...]:
    """dx, dw, db of L = Σ conv2d(x, w, b)·dout by central differences, one entry at a time.

    L is linear in each of x, w and b, so the differences are exact up to rounding (~1e-13).
    """
    def loss(x_, w_, b_):
        return float((conv2d(x_, w_, b_, stride=stride, padding=padding) * dout).sum())

    grads = []
    for which, array in enumerate((x, w, b)):
        grad = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            up, down = array.copy(), array.copy()
            up[index] += 1.0
            down[index] -= 1.0
            args_up, args_down = [x, w, b], [x, w, b]
            args_up[which], args_down[which] = up, down
            grad[index] = (loss(*args_up) - loss(*args_down)) / 2.0
        grads.append(grad)
    return tuple(grads)


def _scatter(xp, w, dout, step: int):
    """dxp (the padded input's gradient) and dw when output pixel (i, j) reads the padded
    input from (step·i, step·j): ``step`` is the stride, or 1 for a stride ignored."""
    _, _, rows, cols = w.shape
    _, out_h, out_w = dout.shape
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for m in range(rows):
        for n in range(cols):
            seen = (slice(None), slice(m, m + step * (out_h - 1) + 1, step),
                    slice(n, n + step * (out_w - 1) + 1, step))
            dw[:, :, m, n] = np.einsum("oij,cij->oc", dout, xp[seen])
            dxp[seen] += np.einsum("oc,oij->cij", w[:, :, m, n], dout)
    return dxp, dw


def _dx_mistake(given, x, w, dout, stride, padding) -> str | None:
    channels, height, width = x.shape
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    close = lambda a: a.shape == given.shape and np.allclose(given, a, atol=1e-6)  # noqa: E731
    if given.shape == xp.shape and padding > 0:
        return tr("your dx has the shape of the PADDED input: the padding's zeros are not part of "
                  "x, so crop their gradient off (P rows and columns on every side).")
    if given.shape == (w.shape[0], channels, height, width):
        return tr("your dx has one map per filter and per channel: add up what all the filters "
                  "send back into each input pixel.")
    if given.size == 0 and padding == 0:
        return tr("your dx is empty: with P = 0, a[:, P:-P] is a[:, 0:0], nothing. Crop with a[:, "
                  "P:P + H, P:P + W] instead.")
    crop = lambda a: a[:, padding:padding + height, padding:padding + width]  # noqa: E731
    right = crop(_scatter(xp, w, dout, stride)[0])
    if close(-right):
        return tr("your dx has the wrong sign: the gradient takes dout as it is (gradient descent "
                  "subtracts later, in the step, not here).")
    if channels > 1 and close(np.broadcast_to(right.sum(axis=0), right.shape)):
        return tr("every input channel got the same dx: you summed w[o, c] times dout over "
                  "the channels too. Channel c of the input gets back what it was multiplied "
                  "with, w[:, c] only; the sum runs over the filters.")
    if close(crop(_scatter(xp, w[:1], dout[:1], stride)[0])):
        return tr("your dx holds the first filter's share only: every filter sends its gradient "
                  "back into the same input pixels, so add all C_out of them.")
    assigned = np.zeros_like(xp)
    rows, cols = w.shape[2:]
    for i, j in np.ndindex(dout.shape[1:]):
        window = (slice(None), slice(stride * i, stride * i + rows),
                  slice(stride * j, stride * j + cols))
        assigned[window] = np.einsum("o,ocmn->cmn", dout[:, i, j], w)
    if close(crop(assigned)):
        return tr("windows that overlap overwrite each other in your dx: an input pixel read by "
                  "several windows gets the SUM of their gradients (+=, not =).")
    if close(crop(_scatter(xp, w[..., ::-1, ::-1], dout, stride)[0])):
        return tr("your dx uses each kernel rotated by 180°: written as a sum over the output "
                  "pixels, dx is the 'full' CONVOLUTION of dout with the kernel (the flip is "
                  "missing, or you flipped once too often).")
    if stride > 1 and close(crop(_scatter(xp, w, dout, 1)[0])):
        return tr("your dx ignores the stride: output pixel (i, j) read the window at (S·i, S·j), "
                  "so that is where its gradient goes back to.")
    if padding > 0:
        dxp = _scatter(xp, w, dout, stride)[0]
        if close(dxp[:, :height, :width]) or close(dxp[:, 2 * padding:, 2 * padding:]):
            return tr("you cropped the padding from one side only: P rows and columns come off "
                      "every side of the padded input's gradient.")
    return None


def _dw_mistake(given, x, w, dout, stride, padding) -> str | None:
    filters, channels, rows, cols = w.shape
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    right = _scatter(xp, w, dout, stride)[1]
    close = lambda a: a.shape == given.shape and np.allclose(given, a, atol=1e-6)  # noqa: E731
    if filters != channels and given.shape == (channels, filters, rows, cols):
        return tr("your dw has shape {shape}, the first two axes of w swapped: dw has the "
                  "shape of w, (C_out, C_in, K_h, K_w), filters first.", shape=given.shape)
    if given.shape in ((filters, rows, cols), (channels, rows, cols), (rows, cols)):
        return tr("your dw has shape {shape}, it should have the shape of w: you summed over "
                  "the filters or the channels too. dw[o, c, m, n] sums over the output "
                  "positions (i, j) only.", shape=given.shape)
    if close(np.broadcast_to(right.sum(axis=0), w.shape)):
        return tr("every filter got the same dw: you summed over the filters (axis 0 of dout). "
                  "dw[o] gets only dout[o]'s share.")
    if close(np.broadcast_to(right.sum(axis=1, keepdims=True), w.shape)):
        return tr("every channel of a filter got the same dw: you summed over the input channels. "
                  "dw[o, c] reads channel c of the input only.")
    if close(-right):
        return tr("your dw has the wrong sign: the gradient takes dout as it is (gradient descent "
                  "subtracts later, in the step, not here).")
    if close(right / (dout.shape[1] * dout.shape[2])):
        return tr("your dw is the mean over the output pixels; each weight met every output "
                  "pixel and each meeting adds its share, so dw is their SUM.")
    last = (slice(None), slice(stride * (dout.shape[1] - 1), stride * (dout.shape[1] - 1) + rows),
            slice(stride * (dout.shape[2] - 1), stride * (dout.shape[2] - 1) + cols))
    if close(dout[:, -1, -1][:, None, None, None] * xp[last][None]):
        return tr("your dw holds the last output pixel's share only: each weight met every output "
                  "pixel, so dw sums over all of them (+=, not =).")
    if close(right[..., ::-1, ::-1]):
        return tr("your dw is rotated by 180°: dw[o, c, m, n] is the input CORRELATED with dout, "
                  "offset (m, n) pairing with x_padded[c, S·i + m, S·j + n].")
    if stride > 1 and close(_scatter(xp, w, dout, 1)[1]):
        return tr("your dw ignores the stride: output pixel (i, j) read the window at (S·i, S·j) "
                  "of the padded input.")
    if padding > 0:
        unpadded = np.pad(x, ((0, 0), (0, 2 * padding), (0, 2 * padding)))
        if close(_scatter(unpadded, w, dout, stride)[1]):
            return tr("your dw reads the input without its padding: the windows the forward pass "
                      "saw are those of the padded input.")
    return None


def _db_mistake(given, dout) -> str | None:
    filters, out_h, out_w = dout.shape
    wrong_axes = {(): tr("all axes"), (out_h, out_w): tr("the filter axis (0)"),
                  (filters, out_w): tr("axis 1 only"), (filters, out_h): tr("axis 2 only"),
                  (out_w,): tr("axes 0 and 1"), (out_h,): tr("axes 0 and 2")}
    if given.shape in wrong_axes:
        return tr("your db has shape {shape}: you summed dout over {axes}. db has one entry "
                  "per filter, the sum of that filter's dout over both image axes (1, 2).",
                  shape=given.shape, axes=wrong_axes[given.shape])
    if given.shape == (filters,) and np.allclose(given, -dout.sum(axis=(1, 2)), atol=1e-6):
        return tr("your db has the wrong sign: db[o] is the sum of dout[o].")
    if given.shape == (filters,) and np.allclose(given, dout.mean(axis=(1, 2)), atol=1e-6):
        return tr("your db is the mean of dout per filter; every output pixel adds b[o] once, so "
                  "db[o] is the SUM of dout[o].")
    return None


def _read_three(got, where: str):
    """The learner's (dx, dw, db); refuse anything that is not three things."""
    if isinstance(got, (tuple, list)) and len(got) == 3:
        return got
    if isinstance(got, np.ndarray):
        raise Refused(tr("your function returned one array (for {where}); return the three "
                         "gradients, dx, dw, db, as a tuple.", where=where))
    if isinstance(got, (tuple, list)):
        raise Refused(tr("your function should return a tuple (dx, dw, db) (for {where}), got "
                         "a {kind} of {count} things.", where=where, kind=type(got).__name__,
                         count=len(got)))
    raise Refused(tr("your function should return a tuple (dx, dw, db) (for {where}), got a "
                     "{kind}.", where=where, kind=type(got).__name__))


def _check_q5(answer) -> CheckResult:
    not_own_function(answer, tr("a function conv_backward(x, w, b, dout, stride, padding)"))
    for seed, case in enumerate(NB07_BACKWARD_CASES):
        x, w, b, dout, stride, padding, where = _backward_case(case, seed)
        got = call_learner(answer, x.copy(), w.copy(), b.copy(), dout.copy(), stride,
                           padding, where=where)
        if got is None:
            return returned_none(where, tr("the three gradients (dx, dw, db)"))
        parts = _read_three(got, where)
        if isinstance(parts[2], (numbers.Number, np.generic)):
            read_number(parts[2], tr("your {name} for {where}", name="db",  # a number, or
                                     where=where))                           # refused
            return CheckResult(False, tr("for {where}: {mistake}", where=where,
                                         mistake=_db_mistake(np.zeros(()), dout)))
        given = [read_array(part, tr("your {name} for {where}", name=name, where=where))
                 for part, name in zip(parts, ("dx", "dw", "db"), strict=True)]
        if given[0].shape == w.shape and given[1].shape == x.shape:
            return CheckResult(False, tr("for {where}: you returned dw first; return the "
                                         "gradients in the order (dx, dw, db).", where=where))
        shapes, wanted = [g.shape for g in given], [x.shape, w.shape, b.shape]
        if shapes != wanted and sorted(shapes) == sorted(wanted):
            return CheckResult(False, tr("for {where}: your three gradients are in the wrong "
                                         "order; return them as (dx, dw, db).", where=where))
        expected = _finite_differences(x, w, b, dout, stride, padding)
        mistakes = (_dx_mistake(given[0], x, w, dout, stride, padding)
                    if given[0].shape != x.shape or not np.allclose(given[0], expected[0],
                                                                   atol=1e-6) else None,
                    _dw_mistake(given[1], x, w, dout, stride, padding)
                    if given[1].shape != w.shape or not np.allclose(given[1], expected[1],
                                                                   atol=1e-6) else None,
                    _db_mistake(given[2], dout)
                    if given[2].shape != b.shape or not np.allclose(given[2], expected[2],
                                                                   atol=1e-6) else None)
        for mistake in mistakes:
            if mistake:
                return CheckResult(False, tr("for {where}: {mistake}", where=where,
                                             mistake=mistake))
        for part, right, name in zip(given, expected, ("dx", "dw", "db"), strict=True):
            result = compare_arrays(part, right,
                                    tr("your {name} for {where}", name=name, where=where))
            if not result.ok:
                return result
    return CheckResult(True, tr("your backward pass is right on all {count} layers tried "
                                "(strides 1 and 2, paddings 0 and 1, several input and output "
                                "channels), compared with finite differences.",
                                count=len(NB07_BACKWARD_CASES)))


q5 = Exercise(
    _check_q5,
    [N_("Each weight w[o, c, m, n] met every output pixel (i, j) of filter o, always at the same "
        "offset (m, n) of its window: find all the input pixels it was multiplied with. Each "
        "output pixel added b[o] once."),
     N_("Look at q1's formula: output pixel (o, i, j) read x_padded[c, S·i + m, S·j + n]. For one "
        "offset (m, n) the pixels that every window read there form one strided slice of the "
        "padded input: dw[:, :, m, n] collects dout times that slice, and the same slice of the "
        "padded input's gradient collects w[:, :, m, n] times dout. Crop the padding off at the "
        "end."),
     N_("Skeleton: xp = <x padded as in q1>; dxp, dw = <zeros shaped like xp and w>; for m in "
        "<the kernel's rows>: for n in <its columns>: rows, cols = <the strided slices that "
        "offset (m, n) reads>; dw[:, :, m, n] = <dout times xp[:, rows, cols], summed over (i, "
        "j)>; dxp[:, rows, cols] += <w[:, :, m, n] times dout, summed over the filters>; return "
        "<dxp cropped to x's shape>, dw, <dout summed per filter>.")],
    forbid=Forbid(("course_utils.cnn.conv_backward", "course_utils.cnn.max_pool_backward"),
                  N_("write the three sums yourself.")),
)


# --- exercise q3: what a layer costs ------------------------------------------------------

#: Exercise q3: (C_in, H, W, C_out, K, stride, padding) of the layers counted; no two of
#: C_in, K² and 2 coincide, so each forgotten factor shows; the third has a side where the
#: floor matters (16 - 3 is odd), so true division or rounding up shows.
NB07_COST_CASES = ((4, 30, 28, 16, 3, 1, 1), (16, 27, 25, 24, 5, 2, 2), (8, 16, 17, 12, 3, 2, 0),
                   (32, 14, 14, 64, 1, 1, 0))


def _cost_mistakes(c_in, h, w, c_out, k, stride, padding) -> dict[str, dict]:
    """For each part of the answer, the wrong values of the usual mistakes and their names."""
    def sides(s, p):
        return ((h + 2 * p - k) // s + 1) * ((w + 2 * p - k) // s + 1)

    right = sides(stride, padding)
    acts = [
        (c_out * sides(stride, 0), tr("your output size ignores the padding: each side is "
                                      "⌊(H + 2P − K)/S⌋ + 1, with P zeros on every side.")),
        (c_out * sides(1, padding), tr("your output size ignores the stride: each side is "
                                       "⌊(H + 2P − K)/S⌋ + 1, the windows step by S.")),
        (c_out * sides(1, 0), tr("your output size ignores both the padding and the stride.")),
        (c_out * ((h + 2 * padding - k) // stride) * ((w + 2 * padding - k) // stride),
         tr("your output is one row and one column short: the + 1 counts the first window.")),
        (right, tr("that is one output map; the layer has C_out of them.")),
        (c_in * h * w, tr("that is the size of the input; count the output, C_out × H_out × "
                          "W_out.")),
        (c_out * h * w, tr("that is C_out × H × W, the input's sides; the output's sides come "
                           "from ⌊(H + 2P − K)/S⌋ + 1.")),
        (c_out * ((h + 2 * padding - k) / stride + 1) * ((w + 2 * padding - k) / stride + 1),
         tr("your output size has no floor: (H + 2P − K)/S is divided exactly (/), where "
            "the formula rounds it down (//): a window that does not fit is not computed.")),
        (c_out * (math.ceil((h + 2 * padding - k) / stride) + 1)
         * (math.ceil((w + 2 * padding - k) / stride) + 1),
         tr("your output size rounds (H + 2P − K)/S up; the formula rounds it down: a "
            "window that does not fit is not computed.")),
        (c_out * ((h + padding - k) // stride + 1) * ((w + padding - k) // stride + 1),
         tr("your output size pads one side only: P zeros go on every side, 2P per axis.")),
        (c_out * ((h + 2 * padding - k) // stride + 1) ** 2,
         tr("your output is square, H_out × H_out: W_out comes from W, with the same "
            "formula.")),
    ]
    per_value = c_in * k * k
    params = [
        (c_out * per_value, tr("those are the weights only: every filter also has one bias.")),
        (c_out * (k * k + 1), tr("each filter has one K×K kernel per input channel (C_in of "
                                 "them), not one kernel in all.")),
        (c_out * c_in * (k * k + 1), tr("one bias per filter, not one per channel of a filter.")),
        (c_out * (c_in * k + 1), tr("a kernel has K × K weights, not K.")),
        (per_value + 1, tr("that is one filter; the layer has C_out.")),
        (c_out * per_value + 1, tr("one bias per filter, not one for the whole layer.")),
    ]
    macs_right = c_out * right * per_value
    macs = [
        (2 * macs_right, tr("that counts FLOPs (a multiply and an add apart), twice the "
                            "multiply-accumulates: count one MAC per weight used per output "
                            "value.")),
        (2 * macs_right + c_out * right, tr("that counts FLOPs with the bias adds; count "
                                            "multiply-accumulates, one per weight per output "
                                            "value.")),
        (c_out * right * (per_value + 1), tr("the bias is an add, not a multiply-accumulate: C_in "
                                             "× K × K MACs per output value.")),
        (c_out * right * k * k, tr("each output value sums over all C_in input channels: C_in × K "
                                   "× K MACs, not K × K.")),
        (c_out * right * c_in * k, tr("a window has K × K weights per channel, not K.")),
        (right * per_value, tr("that is one output map's MACs; the layer has C_out maps.")),
        (c_out * macs_right, tr("that counts the C_out filters twice: the C_out × H_out × "
                                "W_out output values already hold every filter's map, and "
                                "each costs C_in × K × K MACs.")),
    ]
    macs += [(wrong * per_value, message) for wrong, message in acts  # a wrong size makes
             if wrong % c_out == 0 and wrong != c_in * h * w]        # the MACs wrong too
    named = {}
    for part, pairs, right_count in (("activations", acts, c_out * right),
                                     ("parameters", params, c_out * (per_value + 1)),
                                     ("macs", macs, macs_right)):
        named[part] = {}
        for wrong, message in pairs:     # the first name wins; a right count gets none
            if wrong != right_count:
                named[part].setdefault(wrong, message)
    return named


def _check_q3(answer) -> CheckResult:
    not_own_function(answer,
                     tr("a function layer_cost(C_in, H, W, C_out, K, stride, padding)"),
                     layer_cost, tr("write the three counts yourself."))
    for case in NB07_COST_CASES:
        c_in, h, w, c_out, k, stride, padding = case
        where = tr("an input of {channels}×{height}×{width}, {filters} filters of {k}×{k}, "
                   "stride {stride}, padding {padding}", channels=c_in, height=h, width=w,
                   filters=c_out, k=k, stride=stride, padding=padding)
        got = call_learner(answer, *case, where=where)
        if got is None:
            return returned_none(where, tr("the three counts (MACs, activations, parameters)"))
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return CheckResult(False, tr("for {where}: return three numbers, (MACs, output "
                                         "values, parameters), got {got!r:.60}.", where=where,
                                         got=got))
        expected = layer_cost(*case)
        values = [read_number(part, tr("your count for {where}", where=where)) for part in got]
        if sorted(values) == sorted(expected) and list(values) != list(expected):
            return CheckResult(False, tr("for {where}: the three counts are right but in the "
                                         "wrong order: return (MACs, output values, "
                                         "parameters).", where=where))
        mistakes = _cost_mistakes(*case)
        parts = (("activations", tr("output values"), 1), ("parameters", tr("parameters"), 2),
                 ("macs", tr("MACs"), 0))   # the output size first: the MACs follow from it
        for part, label, index in parts:
            value, right = values[index], expected[index]
            if value != right:
                message = mistakes[part].get(value)
                if message:
                    return CheckResult(False, tr("for {where}, your {label}: {mistake}",
                                                 where=where, label=label, mistake=message))
                result = compare_numbers(value, right, tr("your {label} for {where}",
                                                          label=label, where=where))
                if not result.ok:
                    return result
    return CheckResult(True, tr("your counts are right on all {count} layers tried (strides 1 "
                                "and 2, paddings 0-2, kernels 1×1 to 5×5).",
                                count=len(NB07_COST_CASES)))


q3 = Exercise(
    _check_q3,
    [N_("Count the output first: its number of values fixes how many dot products the layer "
        "computes, and each dot product is one filter on one window."),
     N_("Look at 'A convolution layer': the formula for H_out, the shape C_out×C_in×K_h×K_w of "
        "the weights and the one bias per filter; a window holds C_in × K × K inputs, each "
        "multiplied by one weight and added (one multiply-accumulate)."),
     N_("Skeleton: H_out = <the floor formula with H, K, stride, padding>; W_out = <the same with "
        "W>; activations = <filters> * H_out * W_out; macs = activations * <inputs per window>; "
        "parameters = <filters> * (<weights per filter> + <its bias>); return <the three counts, "
        "in the docstring's order>.")],
    forbid=Forbid(("course_utils.cnn.layer_cost", "course_utils.cnn.conv_parameter_count"),
                  N_("write the three counts yourself.")),
)
