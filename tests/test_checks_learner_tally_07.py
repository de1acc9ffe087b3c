"""A learner's wrong answers to every exercise of notebook 07, tried in one go (issue 20:
"no wrong answer is accepted; at least 85% are told what is off").

Modelled on test_checks_learner_tally.py (notebooks 01-05) and its 06/08 sibling, with
their GENERIC messages, plus the catch-all refusals of nb07 that name no mistake: the
learner's own error reported as raised ("your function raised ..."), a pooled map "one off
from" the right size, and the plain "too large/too small" and "differs in N of M" of the
comparisons. Each answer is written as a learner would write it, with loops and NumPy (no
library correlation, which q1 refuses), and one slip: of the idea (mean for max, the
weights without their biases, N the kernel's size), of NumPy (the wrong axis, true division
where the floor belongs, w's axes unpacked in the wrong order, np.pad on every axis, the
padding not cropped), or of the lesson (a flip, the stride ignored, 0 for -inf).
"""

from __future__ import annotations

import math
import re

import numpy as np
from scipy.signal import convolve2d, correlate2d
from test_checks_learner_tally import assert_tally, print_tally, tally_of

from course_utils import KERNEL_BANK
from course_utils.checks import nb07
from course_utils.checks.framework import stored_solution
from course_utils.valid import correlate_valid

#: The catch-all refusals of nb07 that name no mistake.
GENERIC_07 = re.compile(r"(^your function raised .*\(for [^()]*(\([^()]*\)[^()]*)?\)\.$|"
                        r", one off from \d+×\d+: )")


# --- q1: the layer ------------------------------------------------------------------------

def _layer(*, unpack="oc", rows_first=True, pad_axes="image", pad_mode="constant",
           read_padded=True, flip=False, step=True, size="floor", reduce="sum",
           bias="filter", first_channel=False):
    """A conv_layer(x, w, b, stride, padding) written with loops, with one slip."""
    def conv_layer(x, w, b, stride=1, padding=0):
        if pad_axes == "all":
            xp = np.pad(x, padding)
        else:
            xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)), mode=pad_mode)
        if unpack == "oc":
            C_out, C_in, K_h, K_w = w.shape
        else:                                   # w read as C_in×C_out×K_h×K_w
            C_in, C_out, K_h, K_w = w.shape
        if not rows_first:
            K_h, K_w = K_w, K_h
        source = xp if read_padded else x
        S = stride if step else 1
        extent = [n + 2 * padding - k for n, k in zip(x.shape[1:], (K_h, K_w), strict=True)]
        if size == "floor":
            H_out, W_out = (e // S + 1 for e in extent)
        elif size == "true division":
            H_out, W_out = (e / S + 1 for e in extent)
        elif size == "round":
            H_out, W_out = (round(e / S) + 1 for e in extent)
        out = np.zeros((C_out, H_out, W_out))
        kernels = w[..., ::-1, ::-1] if flip else w
        for i in range(H_out):
            for j in range(W_out):
                window = source[:, S * i:S * i + K_h, S * j:S * j + K_w]
                if first_channel:
                    window = window[:1]
                    products = kernels[:, :1] * window
                else:
                    products = kernels * window
                if reduce == "sum":
                    out[:, i, j] = products.sum(axis=(1, 2, 3))
                elif reduce == "mean":
                    out[:, i, j] = products.mean(axis=(1, 2, 3))
                elif reduce == "axes 0-2":
                    out[:, i, j] = products.sum(axis=(0, 1, 2))
        if bias == "filter":
            return out + b[:, None, None]
        if bias == "none":
            return out
        if bias == "as is":
            return out + b
        if bias == "b[None]":
            return out + b[None, None, :]
        if bias == "sum":
            return out + b.sum()
        raise AssertionError(bias)
    return conv_layer


def _layer_per_filter(x, w, b, stride=1, padding=0):
    """Four loops, the bias added inside the channel loop (once per channel)."""
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    C_out, C_in, K_h, K_w = w.shape
    H_out = (xp.shape[1] - K_h) // stride + 1
    W_out = (xp.shape[2] - K_w) // stride + 1
    out = np.zeros((C_out, H_out, W_out))
    for o in range(C_out):
        for c in range(C_in):
            for i in range(H_out):
                for j in range(W_out):
                    window = xp[c, stride * i:stride * i + K_h, stride * j:stride * j + K_w]
                    out[o, i, j] += (window * w[o, c]).sum() + b[o]
    return out


# --- q2: pooling --------------------------------------------------------------------------

def _pool(*, default=None, fill=-np.inf, pad_axes="image", size_from="padded", step="stride",
          reduce="max", axes=(1, 2), division="floor", shape_order="CHW",
          read_padded=True):
    """A pool(a, size, stride, padding) written with loops, with one slip."""
    def pool(a, size=2, stride=None, padding=0):
        if stride is None and default != "none":
            stride = {None: size, "one": 1}[default]
        if pad_axes == "all":
            ap = np.pad(a, padding, constant_values=fill)
        else:
            ap = np.pad(a, ((0, 0), (padding, padding), (padding, padding)),
                        constant_values=fill)
        if shape_order == "CHW":
            C, H, W = ap.shape if size_from == "padded" else a.shape
        else:
            C, W, H = ap.shape
        S = {"stride": stride, "size": size, "one": 1}[step]
        if division == "floor":
            H_out, W_out = (H - size) // S + 1, (W - size) // S + 1
        elif division == "true":
            H_out, W_out = (H - size) / S + 1, (W - size) / S + 1
        elif division == "blocks":
            H_out, W_out = H // size, W // size
        out = np.zeros((C, H_out, W_out))
        for i in range(H_out):
            for j in range(W_out):
                source = ap if read_padded else a
                window = source[:, S * i:S * i + size, S * j:S * j + size]
                if reduce == "max":
                    out[:, i, j] = window.max(axis=axes)
                elif reduce == "mean":
                    out[:, i, j] = window.mean(axis=axes)
                elif reduce == "abs":
                    out[:, i, j] = np.abs(window).max(axis=axes)
        return out
    return pool


# --- q3: a layer's cost -------------------------------------------------------------------

def _cost(*, sides="floor", square=False, one_side=False, c_in=True, kernel_area=True,
          bias="filter", macs_by="window", order="map"):
    """A layer_cost(C_in, H, W, C_out, K, stride, padding) with one slip."""
    def layer_cost(C_in, H, W, C_out, K, stride=1, padding=0):
        pads = padding if one_side else 2 * padding
        if sides == "floor":
            H_out, W_out = (H + pads - K) // stride + 1, (W + pads - K) // stride + 1
        elif sides == "true division":
            H_out, W_out = (H + pads - K) / stride + 1, (W + pads - K) / stride + 1
        elif sides == "ceil":
            H_out = math.ceil((H + pads - K) / stride) + 1
            W_out = math.ceil((W + pads - K) / stride) + 1
        if square:
            W_out = H_out
        activations = C_out * H_out * W_out
        per_value = (C_in if c_in else 1) * K * (K if kernel_area else 1)
        macs = {"window": activations * per_value,
                "twice C_out": activations * per_value * C_out,
                "with bias": activations * (per_value + 1)}[macs_by]
        parameters = {"filter": C_out * (per_value + 1), "layer": C_out * per_value + 1,
                      "none": C_out * per_value}[bias]
        counts = {"m": macs, "a": activations, "p": parameters}
        return tuple(counts[letter] for letter in order)
    return layer_cost


# --- q4: a gradient step ------------------------------------------------------------------

def _step(*, error="prediction - target", N="output", factor=2, sign=-1, eta=True,
          grad="correlate", returns="kernel"):
    """A gradient_step(x, y, K, eta) with one slip."""
    def gradient_step(x, y, K, learning_rate):
        prediction = correlate_valid(x, K)
        e = prediction - y if error == "prediction - target" else y - prediction
        count = {"output": e.size, "kernel": K.size, "input": x.size, "one": 1}[N]
        if grad == "correlate":
            raw = correlate_valid(x, e)
        elif grad == "products":
            raw = np.array([[(e * x[m:m + e.shape[0], n:n + e.shape[1]]).sum()
                             for n in range(K.shape[1])] for m in range(K.shape[0])])
        elif grad == "flipped error":
            raw = correlate_valid(x, e[::-1, ::-1])
        elif grad == "swapped":
            raw = correlate_valid(e, x)
        gradient = factor / count * raw
        new = K + sign * (learning_rate if eta else 1) * gradient
        return {"kernel": new, "gradient": gradient}[returns]
    return gradient_step


# --- q5: the backward pass ----------------------------------------------------------------

def _backward(*, crop="both", step=True, flip=False, dw_read="padded", dw_mean=False,
              dx_channels="own", db="sum", transpose_w=False, returns="xwb"):
    """A conv_backward(x, w, b, dout, stride, padding) written with loops over the output
    pixels, with one slip."""
    def conv_backward(x, w, b, dout, stride=1, padding=0):
        xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
        read = xp if dw_read == "padded" else np.pad(x, ((0, 0), (0, 2 * padding),
                                                         (0, 2 * padding)))
        C_out, C_in, K_h, K_w = w.shape
        kernels = w[..., ::-1, ::-1] if flip else w
        S = stride if step else 1
        dxp, dw = np.zeros_like(xp), np.zeros_like(w)
        for i in range(dout.shape[1]):
            for j in range(dout.shape[2]):
                r, c = S * i, S * j
                g = dout[:, i, j][:, None, None, None]
                dw += g * read[:, r:r + K_h, c:c + K_w]
                back = (g * kernels).sum(axis=0)
                if dx_channels == "summed":
                    back = np.broadcast_to(back.sum(axis=0), back.shape)
                dxp[:, r:r + K_h, c:c + K_w] += back
        H, W = x.shape[1:]
        dx = {"both": dxp[:, padding:padding + H, padding:padding + W], "none": dxp,
              "end": dxp[:, -H:, -W:],
              "minus": dxp[:, padding:-padding or None, padding:-padding or None]}[crop]
        if crop == "minus" and padding == 0:
            dx = dxp[:, 0:-0, 0:-0]             # the learner's [P:-P] with P = 0
        if dw_mean:
            dw = dw / dout[0].size
        if transpose_w:
            dw = dw.transpose(1, 0, 2, 3)
        db_value = {"sum": dout.sum(axis=(1, 2)), "sum axis 0": dout.sum(axis=0),
                    "total": dout.sum(), "mean": dout.mean(axis=(1, 2)),
                    "sum (0, 1)": dout.sum(axis=(0, 1))}[db]
        return {"xwb": (dx, dw, db_value), "xw": (dx, dw),
                "bwx": (db_value, dw, dx)}[returns]
    return conv_backward


# --- q8: the composed kernel --------------------------------------------------------------

def _impulse_response(mode="wrap"):
    """The learner's 9×9 impulse after the two correlations (written without the package's
    correlate: with np.roll, which is what mode='wrap' does)."""
    impulse = np.zeros((9, 9))
    impulse[4, 4] = 1.0
    for kernel in (KERNEL_BANK["sobel_x"], KERNEL_BANK["emboss"]):
        impulse = sum(kernel[m, n] * np.roll(impulse, (1 - m, 1 - n), axis=(0, 1))
                      for m in range(3) for n in range(3))
    return impulse


def wrong_answers():
    """{exercise: [wrong answers]} for notebook 07."""
    sobel_x, emboss = KERNEL_BANK["sobel_x"], KERNEL_BANK["emboss"]
    two = _impulse_response()
    return {
        "q1": [_layer(bias="none"), _layer(bias="as is"), _layer(bias="b[None]"),
               _layer(bias="sum"), _layer(flip=True), _layer(step=False),
               _layer(size="true division"), _layer(size="round"), _layer(unpack="co"),
               _layer(rows_first=False), _layer(pad_axes="all"), _layer(pad_mode="edge"),
               _layer(read_padded=False), _layer(reduce="mean"), _layer(reduce="axes 0-2"),
               _layer(first_channel=True), _layer_per_filter],
        "q2": [_pool(reduce="mean"), _pool(default="none"), _pool(default="one"),
               _pool(fill=0), _pool(pad_axes="all"), _pool(size_from="unpadded"),
               _pool(step="size"), _pool(step="one"), _pool(division="true"),
               _pool(division="blocks"), _pool(axes=0), _pool(axes=(0, 1, 2)),
               _pool(shape_order="CWH"), _pool(read_padded=False)],
        "q3": [_cost(bias="none"), _cost(bias="layer"), _cost(sides="true division"),
               _cost(sides="ceil"), _cost(square=True), _cost(one_side=True),
               _cost(c_in=False), _cost(kernel_area=False), _cost(macs_by="twice C_out"),
               _cost(macs_by="with bias"), _cost(order="amp"), _cost(order="pam")],
        "q4": [_step(sign=1), _step(error="target - prediction"), _step(eta=False),
               _step(N="kernel"), _step(N="input"), _step(N="one"), _step(factor=1),
               _step(grad="flipped error"), _step(grad="swapped"),
               _step(returns="gradient"), _step(grad="products", N="kernel")],
        "q5": [_backward(crop="none"), _backward(crop="end"), _backward(crop="minus"),
               _backward(step=False), _backward(flip=True), _backward(dw_read="unpadded"),
               _backward(dw_mean=True), _backward(dx_channels="summed"),
               _backward(db="sum axis 0"), _backward(db="total"), _backward(db="mean"),
               _backward(db="sum (0, 1)"), _backward(transpose_w=True),
               _backward(returns="xw"), _backward(returns="bwx")],
        "q6": [(224 + 2 * 3 - 7) / 2 + 1, (224 + 2 * 3 - 7) / 2, (224 + 3 - 7) // 2 + 1,
               (224 - 7) // 2 + 1, 224 - 7 + 1, 224 + 2 * 3 - 7 + 1, 112 * 112,
               (224 + 2 * 3) // 2 + 1, 224 + 2 * 3, math.ceil((224 + 2 * 3 - 7) / 2) + 1],
        "q7": [16 * 3 * 5 * 5, 16 * 3 * 5 * 5 + 1, 16 * (3 * 5 + 1), 16 * (4 * 5 * 5 + 1),
               16 * 3 * (5 * 5 + 1), 3 * 5 * 5 + 1, 16 * (5 * 5 + 1), 16 * 5 * 5],
        "q8": [correlate2d(sobel_x, emboss), correlate2d(emboss, sobel_x),
               two[2:7, 2:7], np.rot90(two[2:7, 2:7]), two[2:7, 2:7][::-1],
               two[2:7, 2:7].T, two[1:6, 1:6][::-1, ::-1], sobel_x @ emboss,
               np.pad(sobel_x * emboss, 1), convolve2d(sobel_x, emboss).T],
    }


def tally():
    return tally_of(lambda name: getattr(nb07, name), wrong_answers(), GENERIC_07)


def test_no_wrong_answer_is_accepted_and_at_least_85_percent_are_named():
    rows = tally()
    assert_tally(rows, least=50)
    every = {q for q in vars(nb07) if isinstance(getattr(nb07, q), type(nb07.q1))}
    assert set(rows) == every     # every exercise of the notebook is tried


def test_the_worked_solutions_are_still_accepted():
    from course_utils import correlate
    from course_utils.valid import conv_output_size
    for name in ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"):
        namespace = {"np": np, "KERNEL_BANK": KERNEL_BANK, "correlate": correlate,
                     "correlate_valid": correlate_valid, "conv_output_size": conv_output_size}
        exec(stored_solution(f"nb07.{name}"), namespace)
        result = getattr(nb07, name).check(namespace["answer"])
        assert result.ok, (name, result.message)


if __name__ == "__main__":      # the per-exercise numbers: python tests/test_..._07.py
    print_tally(tally())
