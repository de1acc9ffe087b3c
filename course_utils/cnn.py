"""The pieces of a convolutional network, in plain NumPy: the layer, ReLU, pooling, counts,
and the backward passes of the layer and of max pooling.

A convolution layer of a CNN is the course's operation with more bookkeeping:
many input channels, many filters, a stride and zero padding. Like every
deep-learning library, :func:`conv2d` computes a cross-correlation (no flip).
It is built on :func:`~course_utils.valid.im2col`: each window of the input
becomes one column of a matrix, and the whole layer becomes one matrix product.

Shapes follow the libraries: a layer's input is C_in×H×W, its weights
C_out×C_in×K_h×K_w, its output C_out×H_out×W_out. The 'valid' helpers
(``correlate_valid``, ``im2col``, ``conv_output_size``) live in
:mod:`course_utils.valid` and learning a kernel in :mod:`course_utils.learning`;
both are importable from here too, as notebook 07 does.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validation import check_array, check_flag, check_int, check_kernel, check_shape
from .learning import LearnedKernel as LearnedKernel
from .learning import input_gradient as input_gradient
from .learning import kernel_gradient as kernel_gradient
from .learning import kernel_loss as kernel_loss
from .learning import learn_kernel as learn_kernel
from .learning import numerical_gradient as numerical_gradient
from .learning import numerical_input_gradient as numerical_input_gradient
from .learning import standardize as standardize
from .valid import as_channels, conv_output_size, im2col
from .valid import convolve_valid as convolve_valid
from .valid import correlate_valid as correlate_valid

__all__ = [
    "conv2d",
    "conv_backward",
    "relu",
    "max_pool_backward",
    "max_pool",
    "average_pool",
    "dense_parameter_count",
    "conv_parameter_count",
    "compose_kernels",
    "dilate_kernel",
    "layer_cost",
    "relative_change",
]


def conv2d(x, weights, bias=None, stride: int = 1, padding: int = 0) -> np.ndarray:
    r"""A convolution layer: C_in input channels to C_out filters (a cross-correlation).

    .. math:: \text{out}[o, i, j] = b[o] + \sum_c \sum_m \sum_n
              x[c,\, S i + m,\, S j + n]\; w[o, c, m, n]

    on the input padded with P zeros. Computed as one matrix product on
    :func:`im2col`'s matrix.

    Parameters
    ----------
    x : array_like
        C_in×H×W input (an H×W input counts as one channel).
    weights : array_like
        C_out×C_in×K_h×K_w filters (a K_h×K_w kernel counts as one filter of one channel).
    bias : array_like, optional
        C_out numbers added to each output channel.
    stride, padding : int
        As in :func:`conv_output_size`.

    Returns
    -------
    numpy.ndarray
        C_out×H_out×W_out float64.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(4, 4)
    >>> conv2d(x, np.ones((3, 3)))            # sums of the four 3×3 windows
    array([[[45., 54.],
            [81., 90.]]])
    >>> conv2d(x, np.ones((3, 3)), stride=2, padding=1).shape
    (1, 2, 2)
    """
    x = as_channels(x)
    w = check_array(weights, "weights", ndims=(4, 2), finite=True,
                    layouts={2: "K_h×K_w", 4: "C_out×C_in×K_h×K_w"}).astype(np.float64)
    if w.ndim == 2:
        w = w[None, None]
    if w.shape[1] != x.shape[0]:
        raise ValueError(f"weights have {w.shape[1]} input channels but x has {x.shape[0]} "
                         f"(x has shape {x.shape}, weights {w.shape})")
    out_channels, _, rows, cols = w.shape
    out_h = conv_output_size(x.shape[1], rows, stride, padding)
    out_w = conv_output_size(x.shape[2], cols, stride, padding)
    out = w.reshape(out_channels, -1) @ im2col(x, (rows, cols), stride, padding)
    if bias is not None:
        b = check_array(bias, "bias", ndims=None, finite=True).astype(np.float64)
        if b.shape != (out_channels,):
            raise ValueError(f"bias must have shape ({out_channels},), got {b.shape}")
        out += b[:, None]
    return out.reshape(out_channels, out_h, out_w)


def conv_backward(x, w, b, dout, stride: int = 1, padding: int = 0):
    r"""The backward pass of :func:`conv2d`: the gradients of its input, weights and bias.

    ``dout`` is ∂L/∂out for some loss L. Output pixel (o, i, j) reads the padded input
    ``xp`` at (c, S·i + m, S·j + n) with weight w[o, c, m, n], so

    .. math:: \frac{\partial L}{\partial w[o,c,m,n]} = \sum_{i,j} g[o,i,j]\,
              x_p[c,\, S i + m,\, S j + n], \qquad
              \frac{\partial L}{\partial b[o]} = \sum_{i,j} g[o,i,j],

    and each g[o, i, j] sends g[o, i, j]·w[o, c, m, n] back to x_p[c, S·i + m, S·j + n];
    the padding's share is cropped off. At stride 1 the input's gradient is the 'full'
    *convolution* of g with the kernels (flipped); at stride S it is the same on g with
    S − 1 zeros put between its values: a transposed convolution.

    Parameters
    ----------
    x : array_like
        C_in×H×W input of the layer (an H×W input counts as one channel).
    w : array_like
        C_out×C_in×K_h×K_w weights.
    b : array_like or None
        C_out biases. They do not enter the gradients; checked for their shape only.
    dout : array_like
        C_out×H_out×W_out gradient of the loss with respect to the layer's output.
    stride, padding : int
        As in :func:`conv2d`.

    Returns
    -------
    dx, dw, db : numpy.ndarray
        float64, shaped like x (C_in×H×W), w and b (C_out).

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> dx, dw, db = conv_backward(x, np.ones((1, 1, 2, 2)), [0.0], np.ones((1, 2, 2)))
    >>> dx[0].tolist()              # how many windows cover each pixel
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    >>> dw[0, 0].tolist(), db.tolist()   # the sums of the windows; the number of outputs
    ([[8.0, 12.0], [20.0, 24.0]], [4.0])
    """
    stride = check_int(stride, "stride", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    x = as_channels(x)
    w = check_array(w, "w", ndims=(4,), finite=True,
                    layouts={4: "C_out×C_in×K_h×K_w"}).astype(np.float64)
    if w.shape[1] != x.shape[0]:
        raise ValueError(f"w has {w.shape[1]} input channels but x has {x.shape[0]} "
                         f"(x has shape {x.shape}, w {w.shape})")
    out_shape = (w.shape[0], conv_output_size(x.shape[1], w.shape[2], stride, padding),
                 conv_output_size(x.shape[2], w.shape[3], stride, padding))
    g = check_array(dout, "dout", ndims=(3,), finite=True,
                    layouts={3: "C_out×H_out×W_out"}).astype(np.float64)
    if g.shape != out_shape:
        raise ValueError(f"dout must have the layer's output shape {out_shape}, got {g.shape}")
    if b is not None:
        bias = check_array(b, "b", ndims=None, finite=True)
        if bias.shape != (w.shape[0],):
            raise ValueError(f"b must have shape ({w.shape[0]},), got {bias.shape}")
    _, height, width = x.shape
    _, _, rows, cols = w.shape
    _, out_h, out_w = g.shape
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for m in range(rows):          # one offset (m, n) of the kernel at a time
        for n in range(cols):
            seen = (slice(None), slice(m, m + stride * (out_h - 1) + 1, stride),
                    slice(n, n + stride * (out_w - 1) + 1, stride))
            dw[:, :, m, n] = np.einsum("oij,cij->oc", g, xp[seen])
            dxp[seen] += np.einsum("oc,oij->cij", w[:, :, m, n], g)
    dx = dxp[:, padding:padding + height, padding:padding + width]
    return dx, dw, g.sum(axis=(1, 2))


def max_pool_backward(x, dout, size: int = 2) -> np.ndarray:
    """The backward pass of :func:`max_pool` with windows that do not overlap (stride = size).

    Each window's gradient goes to the pixel that held its maximum (the first one, row by
    row, if several tie); every other pixel, and the rows and columns pooling dropped, get 0.

    Parameters
    ----------
    x : array_like
        The H×W or C×H×W input of the pooling.
    dout : array_like
        The gradient of the loss with respect to the pooled output,
        shaped like ``max_pool(x, size)``.
    size : int
        The side of the windows.

    Returns
    -------
    numpy.ndarray
        float64, shaped like ``x``.

    Examples
    --------
    >>> max_pool_backward([[1.0, 3.0], [2.0, 0.0]], [[5.0]]).tolist()
    [[0.0, 5.0], [0.0, 0.0]]
    """
    array = check_array(x, "x", ndims=(2, 3), layouts={2: "H×W", 3: "C×H×W"})
    array = array.astype(np.float64)
    size = check_int(size, "size", minimum=1)
    lead = array.shape[:-2]
    rows, cols = array.shape[-2] // size, array.shape[-1] // size
    g = check_array(dout, "dout", ndims=(2, 3)).astype(np.float64)
    if g.shape != (*lead, rows, cols):
        raise ValueError(f"dout must have the pooled shape {(*lead, rows, cols)}, "
                         f"got {g.shape}")
    blocks = array[..., :rows * size, :cols * size].reshape(*lead, rows, size, cols, size)
    blocks = np.moveaxis(blocks, -3, -2).reshape(*lead, rows, cols, size * size)
    spread = np.zeros_like(blocks)
    np.put_along_axis(spread, blocks.argmax(axis=-1)[..., None], g[..., None], axis=-1)
    spread = np.moveaxis(spread.reshape(*lead, rows, cols, size, size), -2, -3)
    out = np.zeros_like(array)
    out[..., :rows * size, :cols * size] = spread.reshape(*lead, rows * size, cols * size)
    return out


def relu(x) -> np.ndarray:
    """Rectified linear unit: negative values become 0, the rest pass.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.5])
    array([0. , 0. , 3.5])
    """
    return np.maximum(check_array(x, "x", ndims=None).astype(np.float64), 0.0)


def max_pool(x, size: int = 2, stride: int | None = None, padding: int = 0) -> np.ndarray:
    """Max pooling: the largest value of each ``size``×``size`` window of the last two axes.

    The output side is :func:`conv_output_size`'s, ⌊(H + 2P − size)/S⌋ + 1, as in the
    deep-learning libraries (PyTorch's ``MaxPool2d`` with its default ``ceil_mode=False``).

    Parameters
    ----------
    x : array_like
        H×W or C×H×W.
    size : int
        Window side.
    stride : int, optional
        Step between windows; ``size`` by default (windows do not overlap). A stride
        smaller than ``size`` makes the windows overlap: AlexNet pools 3×3 windows at
        stride 2. Rows and columns left over at the end are dropped.
    padding : int
        Rows and columns of −∞ added on every side (at most ``size // 2``, so that
        every window holds a pixel of ``x``). The padding is −∞, not 0: a padded 0
        would beat every negative value of a window at the border.

    Examples
    --------
    >>> max_pool(np.arange(16).reshape(4, 4))
    array([[ 5.,  7.],
           [13., 15.]])
    >>> max_pool(np.arange(25).reshape(5, 5), 3, stride=2)   # overlapping windows
    array([[12., 14.],
           [22., 24.]])
    >>> max_pool(-np.ones((2, 2)), 2, stride=2, padding=1)   # the border pads with -inf
    array([[-1., -1.],
           [-1., -1.]])
    """
    array = check_array(x, "x", ndims=(2, 3), layouts={2: "H×W", 3: "C×H×W"})
    array = array.astype(np.float64)
    size = check_int(size, "size", minimum=1)
    stride = size if stride is None else check_int(stride, "stride", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    if padding > size // 2:
        raise ValueError(f"padding must be at most size // 2 = {size // 2} (so that every "
                         f"window holds a pixel of x), got {padding}")
    if size > min(array.shape[-2:]) + 2 * padding:
        raise ValueError(f"size {size} is larger than the input's {array.shape[-2:]}"
                         + (f" padded by {padding}" if padding else ""))
    if padding:
        pad = [(0, 0)] * (array.ndim - 2) + [(padding, padding)] * 2
        array = np.pad(array, pad, constant_values=-np.inf)
    windows = sliding_window_view(array, (size, size), axis=(-2, -1))
    return windows[..., ::stride, ::stride, :, :].max(axis=(-2, -1))


def average_pool(x, size: int = 2) -> np.ndarray:
    """Average pooling: the mean of each ``size``×``size`` block of the last two axes.

    The blocks do not overlap; rows and columns left over at the end are dropped,
    as in :func:`max_pool`.

    Examples
    --------
    >>> average_pool(np.arange(16).reshape(4, 4))
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    array = check_array(x, "x", ndims=(2, 3), layouts={2: "H×W", 3: "C×H×W"})
    array = array.astype(np.float64)
    size = check_int(size, "size", minimum=1)
    if size > min(array.shape[-2:]):
        raise ValueError(f"size {size} is larger than the input's {array.shape[-2:]}")
    rows, cols = array.shape[-2] // size, array.shape[-1] // size
    cut = array[..., :rows * size, :cols * size]
    return cut.reshape(*array.shape[:-2], rows, size, cols, size).mean(axis=(-3, -1))


def dense_parameter_count(n_inputs: int, n_outputs: int, bias: bool = True) -> int:
    """Weights (and biases) of a fully connected layer: every input to every output.

    Examples
    --------
    >>> dense_parameter_count(4, 3)
    15
    """
    n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
    n_outputs = check_int(n_outputs, "n_outputs", minimum=1)
    return n_inputs * n_outputs + (n_outputs if check_flag(bias, "bias") else 0)


def conv_parameter_count(in_channels: int, out_channels: int, kernel_shape,
                         bias: bool = True) -> int:
    """Weights (and biases) of a convolution layer; the image size does not enter.

    Examples
    --------
    >>> conv_parameter_count(3, 64, (3, 3))   # 64 filters of 3×3×3, plus 64 biases
    1792
    """
    in_channels = check_int(in_channels, "in_channels", minimum=1)
    out_channels = check_int(out_channels, "out_channels", minimum=1)
    rows, cols = check_shape(kernel_shape, "kernel_shape")
    return out_channels * (in_channels * rows * cols + (1 if check_flag(bias, "bias") else 0))


def layer_cost(in_channels: int, height: int, width: int, out_channels: int,
               kernel_size: int, stride: int = 1, padding: int = 0) -> tuple[int, int, int]:
    """What one convolution layer costs: multiply-accumulates, output values, parameters.

    Counted the way CS231n's table for VGGNet counts them. Every output value
    (o, i, j) is one dot product of a C_in×K×K window with a filter, C_in·K² multiply-adds
    (MACs; a FLOP count that counts the multiply and the add apart is twice as large).
    The output has C_out·H_out·W_out values, which a network keeps in memory for the
    backward pass. The parameters are C_out filters of C_in·K² weights and one bias
    each (CS231n's table leaves the biases out).

    Parameters
    ----------
    in_channels, height, width : int
        The input, C_in×H×W.
    out_channels : int
        C_out, the number of filters.
    kernel_size : int
        K, the side of the square kernels.
    stride, padding : int
        As in :func:`conv_output_size`.

    Returns
    -------
    macs, activations, parameters : int

    Examples
    --------
    >>> layer_cost(3, 224, 224, 64, 3, padding=1)   # VGG's first layer
    (86704128, 3211264, 1792)
    """
    in_channels = check_int(in_channels, "in_channels", minimum=1)
    out_channels = check_int(out_channels, "out_channels", minimum=1)
    kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
    out_h = conv_output_size(check_int(height, "height", minimum=1), kernel_size, stride,
                             padding)
    out_w = conv_output_size(check_int(width, "width", minimum=1), kernel_size, stride,
                             padding)
    activations = out_channels * out_h * out_w
    per_value = in_channels * kernel_size * kernel_size
    return activations * per_value, activations, out_channels * (per_value + 1)


def compose_kernels(first, second) -> np.ndarray:
    """The one kernel that does ``first`` then ``second`` (both as correlations).

    Correlating with ``first`` and then with ``second`` adds their offsets, so
    the combined kernel is the full 2-D convolution of the two: an M×N and a
    P×Q kernel give one (M+P-1)×(N+Q-1) kernel. Two 3×3 layers see 5×5.

    Examples
    --------
    >>> compose_kernels([[1, 1, 1]], [[1, 1, 1]])
    array([[1., 2., 3., 2., 1.]])
    """
    a = check_kernel(first, name="first")
    b = check_kernel(second, name="second")
    out = np.zeros((a.shape[0] + b.shape[0] - 1, a.shape[1] + b.shape[1] - 1))
    for (m, n), weight in np.ndenumerate(b):
        out[m:m + a.shape[0], n:n + a.shape[1]] += weight * a
    return out


def dilate_kernel(kernel, dilation: int = 2) -> np.ndarray:
    """The kernel with ``dilation - 1`` zeros put between its taps (an 'à trous' kernel).

    Correlating with a K×K kernel at dilation d reads the input at offsets d·m, d·n;
    that is an ordinary correlation with this (d(K − 1) + 1)-wide kernel, whose
    inserted zeros read nothing. A 3×3 kernel at dilation 2 covers 5×5 pixels with
    9 weights.

    Examples
    --------
    >>> dilate_kernel([[1, 2], [3, 4]], 2)
    array([[1., 0., 2.],
           [0., 0., 0.],
           [3., 0., 4.]])
    """
    k = check_array(kernel, "kernel", ndims=(2,), finite=True,
                    layouts={2: "K_h×K_w"}).astype(np.float64)
    dilation = check_int(dilation, "dilation", minimum=1)
    out = np.zeros((dilation * (k.shape[0] - 1) + 1, dilation * (k.shape[1] - 1) + 1))
    out[::dilation, ::dilation] = k
    return out


def relative_change(before, after) -> float:
    """How much ``after`` differs from ``before``: ‖after − before‖ / ‖before‖.

    Examples
    --------
    >>> relative_change([3.0, 4.0], [3.0, 4.0]), relative_change([3.0, 4.0], [0.0, 0.0])
    (0.0, 1.0)
    """
    a = check_array(before, "before", ndims=None).astype(np.float64)
    b = check_array(after, "after", ndims=None).astype(np.float64)
    if a.shape != b.shape:
        raise ValueError(f"before and after must have the same shape, got {a.shape} and {b.shape}")
    norm = np.linalg.norm(a)
    if norm == 0:
        raise ValueError("before must not be all zeros")
    return float(np.linalg.norm(b - a) / norm)
