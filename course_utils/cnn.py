"""The pieces of a convolutional network, in plain NumPy.

A convolution layer of a CNN is the course's operation with more bookkeeping:
many input channels, many filters, a stride and zero padding. Like every
deep-learning library, :func:`conv2d` computes a cross-correlation (no flip).
It is built on :func:`im2col`: each window of the input becomes one column of a
matrix, and the whole layer becomes one matrix multiplication.

The second half learns a kernel back from examples: given a photo ``x`` and the
photo filtered with an unknown 3×3 kernel ``y``, plain gradient descent on the
mean squared error finds the kernel. The gradient is derived by hand in
:func:`kernel_gradient`; it is itself a correlation, of the input with the error.

Shapes follow the libraries: a layer's input is C_in×H×W, its weights
C_out×C_in×K_h×K_w, its output C_out×H_out×W_out.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validation import check_image, check_kernel

__all__ = [
    "conv_output_size",
    "im2col",
    "conv2d",
    "relu",
    "max_pool",
    "dense_parameter_count",
    "conv_parameter_count",
    "compose_kernels",
    "correlate_valid",
    "convolve_valid",
    "relative_change",
    "kernel_loss",
    "kernel_gradient",
    "numerical_gradient",
    "LearnedKernel",
    "learn_kernel",
    "standardize",
]

_OPERATIONS = ("correlate", "convolve")


def _check_positive_int(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    r"""Output length of a convolution layer along one axis.

    .. math:: H_\text{out} = \left\lfloor \frac{H + 2P - F}{S} \right\rfloor + 1

    Parameters
    ----------
    size : int
        Input length H.
    kernel_size : int
        Kernel length F.
    stride : int
        Step S between two windows.
    padding : int
        Zeros P added on each side.

    Examples
    --------
    >>> conv_output_size(32, 3, stride=1, padding=1)   # "same" size
    32
    >>> conv_output_size(32, 3, stride=2, padding=1)
    16
    >>> conv_output_size(5, 3)                         # "valid": no padding
    3
    """
    size = _check_positive_int(size, "size")
    kernel_size = _check_positive_int(kernel_size, "kernel_size")
    stride = _check_positive_int(stride, "stride")
    padding = _check_positive_int(padding, "padding", minimum=0)
    if kernel_size > size + 2 * padding:
        raise ValueError(f"kernel_size {kernel_size} is larger than the padded input "
                         f"({size} + 2 × {padding} = {size + 2 * padding})")
    return (size + 2 * padding - kernel_size) // stride + 1


def _as_channels(x, name: str = "x") -> np.ndarray:
    """An H×W or C×H×W array as float64 C×H×W."""
    array = check_image(x, name=name).astype(np.float64)
    return array[None] if array.ndim == 2 else array


def im2col(x, kernel_shape, stride: int = 1, padding: int = 0) -> np.ndarray:
    """im2col ("image to columns"): unfold every window of ``x`` into one column of a matrix.

    Row ``c·K_h·K_w + m·K_w + n`` of the result holds input channel ``c`` at
    offset (m, n) inside each window; column ``i·W_out + j`` is the window of
    output pixel (i, j). A layer's weights, flattened to C_out rows, times this
    matrix is the whole layer.

    Parameters
    ----------
    x : array_like
        H×W or C×H×W input.
    kernel_shape : tuple of int
        (K_h, K_w).
    stride, padding : int
        As in :func:`conv_output_size`; the padding is zeros.

    Returns
    -------
    numpy.ndarray
        (C·K_h·K_w) × (H_out·W_out) float64 matrix (a copy).

    Examples
    --------
    >>> im2col(np.arange(9).reshape(3, 3), (2, 2))
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    """
    x = _as_channels(x)
    rows, cols = (_check_positive_int(k, "kernel_shape") for k in kernel_shape)
    stride = _check_positive_int(stride, "stride")
    padding = _check_positive_int(padding, "padding", minimum=0)
    channels, height, width = x.shape
    out_h = conv_output_size(height, rows, stride, padding)
    out_w = conv_output_size(width, cols, stride, padding)
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(padded, (rows, cols), axis=(1, 2))[:, ::stride, ::stride]
    # windows: C × H_out × W_out × K_h × K_w  ->  (C·K_h·K_w) × (H_out·W_out)
    return windows[:, :out_h, :out_w].transpose(0, 3, 4, 1, 2).reshape(
        channels * rows * cols, out_h * out_w)


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
    x = _as_channels(x)
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim == 2:
        w = w[None, None]
    if w.ndim != 4:
        raise ValueError(f"weights must be C_out×C_in×K_h×K_w (or K_h×K_w), got shape {w.shape}")
    if w.shape[1] != x.shape[0]:
        raise ValueError(f"weights have {w.shape[1]} input channels but x has {x.shape[0]} "
                         f"(x has shape {x.shape}, weights {w.shape})")
    out_channels, _, rows, cols = w.shape
    out_h = conv_output_size(x.shape[1], rows, stride, padding)
    out_w = conv_output_size(x.shape[2], cols, stride, padding)
    out = w.reshape(out_channels, -1) @ im2col(x, (rows, cols), stride, padding)
    if bias is not None:
        b = np.asarray(bias, dtype=np.float64)
        if b.shape != (out_channels,):
            raise ValueError(f"bias must have shape ({out_channels},), got {b.shape}")
        out += b[:, None]
    return out.reshape(out_channels, out_h, out_w)


def relu(x) -> np.ndarray:
    """Rectified linear unit: negative values become 0, the rest pass.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.5])
    array([0. , 0. , 3.5])
    """
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def max_pool(x, size: int = 2, stride: int | None = None) -> np.ndarray:
    """Max pooling: the largest value of each ``size``×``size`` window of the last two axes.

    Parameters
    ----------
    x : array_like
        H×W or C×H×W.
    size : int
        Window side.
    stride : int, optional
        Step between windows; ``size`` by default (windows do not overlap).
        Rows and columns left over at the end are dropped.

    Examples
    --------
    >>> max_pool(np.arange(16).reshape(4, 4))
    array([[ 5.,  7.],
           [13., 15.]])
    """
    array = np.asarray(x, dtype=np.float64)
    if array.ndim not in (2, 3):
        raise ValueError(f"x must be H×W or C×H×W, got shape {array.shape}")
    size = _check_positive_int(size, "size")
    stride = size if stride is None else _check_positive_int(stride, "stride")
    if size > min(array.shape[-2:]):
        raise ValueError(f"size {size} is larger than the input's {array.shape[-2:]}")
    windows = sliding_window_view(array, (size, size), axis=(-2, -1))
    return windows[..., ::stride, ::stride, :, :].max(axis=(-2, -1))


def dense_parameter_count(n_inputs: int, n_outputs: int, bias: bool = True) -> int:
    """Weights (and biases) of a fully connected layer: every input to every output.

    Examples
    --------
    >>> dense_parameter_count(4, 3)
    15
    """
    n_inputs = _check_positive_int(n_inputs, "n_inputs")
    n_outputs = _check_positive_int(n_outputs, "n_outputs")
    return n_inputs * n_outputs + (n_outputs if bias else 0)


def conv_parameter_count(in_channels: int, out_channels: int, kernel_shape,
                         bias: bool = True) -> int:
    """Weights (and biases) of a convolution layer; the image size does not enter.

    Examples
    --------
    >>> conv_parameter_count(3, 64, (3, 3))   # 64 filters of 3×3×3, plus 64 biases
    1792
    """
    in_channels = _check_positive_int(in_channels, "in_channels")
    out_channels = _check_positive_int(out_channels, "out_channels")
    rows, cols = (_check_positive_int(k, "kernel_shape") for k in kernel_shape)
    return out_channels * (in_channels * rows * cols + (1 if bias else 0))


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


def correlate_valid(image, kernel) -> np.ndarray:
    """Correlation without padding: only where the kernel fits inside the image.

    An H×W image and an M×N kernel give (H-M+1)×(W-N+1) values. The kernel may
    have any size, even a large even one (the gradient uses an error map as kernel).

    Examples
    --------
    >>> correlate_valid(np.arange(12.0).reshape(3, 4), [[1, -1]])
    array([[-1., -1., -1.],
           [-1., -1., -1.],
           [-1., -1., -1.]])
    """
    x = check_image(image, ndims=(2,)).astype(np.float64, copy=False)  # read only
    k = np.asarray(kernel, dtype=np.float64)
    if k.ndim != 2 or k.shape[0] > x.shape[0] or k.shape[1] > x.shape[1]:
        raise ValueError(f"kernel must be 2-D and fit inside the image {x.shape}, "
                         f"got shape {k.shape}")
    return np.einsum("ijmn,mn->ij", sliding_window_view(x, k.shape), k)


def convolve_valid(image, kernel) -> np.ndarray:
    """Convolution without padding: :func:`correlate_valid` with the kernel rotated by 180°.

    Examples
    --------
    >>> convolve_valid(np.arange(12.0).reshape(3, 4), [[1, -1]])
    array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]])
    """
    return correlate_valid(image, np.asarray(kernel, dtype=np.float64)[::-1, ::-1])


def relative_change(before, after) -> float:
    """How much ``after`` differs from ``before``: ‖after − before‖ / ‖before‖.

    Examples
    --------
    >>> relative_change([3.0, 4.0], [3.0, 4.0]), relative_change([3.0, 4.0], [0.0, 0.0])
    (0.0, 1.0)
    """
    a = np.asarray(before, dtype=np.float64)
    b = np.asarray(after, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"before and after must have the same shape, got {a.shape} and {b.shape}")
    norm = np.linalg.norm(a)
    if norm == 0:
        raise ValueError("before must not be all zeros")
    return float(np.linalg.norm(b - a) / norm)


def _check_operation(operation: str) -> str:
    if operation not in _OPERATIONS:
        raise ValueError(f"operation must be one of {_OPERATIONS}, got {operation!r}")
    return operation


def _forward(x: np.ndarray, kernel: np.ndarray, operation: str) -> np.ndarray:
    return correlate_valid(x, kernel) if operation == "correlate" else convolve_valid(x, kernel)


def kernel_loss(x, target, kernel, operation: str = "correlate") -> float:
    r"""Mean squared error of a kernel's prediction: :math:`L = \frac1N \sum (\hat y - y)^2`.

    The prediction is :math:`\hat y` = ``correlate_valid(x, kernel)`` (or
    ``convolve_valid`` when ``operation='convolve'``); ``target`` must have its shape.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(4, 4)
    >>> kernel_loss(x, correlate_valid(x, np.eye(3)), np.eye(3))
    0.0
    """
    x = check_image(x, name="x", ndims=(2,)).astype(np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    error = _forward(x, kernel, _check_operation(operation)) - _check_target(x, target, kernel)
    return float(np.mean(error ** 2))


def _check_target(x: np.ndarray, target, kernel: np.ndarray) -> np.ndarray:
    y = np.asarray(target, dtype=np.float64)
    expected = (x.shape[0] - kernel.shape[0] + 1, x.shape[1] - kernel.shape[1] + 1)
    if y.shape != expected:
        raise ValueError(f"target must have the 'valid' shape {expected} for x of shape "
                         f"{x.shape} and a {kernel.shape} kernel, got shape {y.shape}")
    return y


def kernel_gradient(x, target, kernel, operation: str = "correlate") -> np.ndarray:
    r"""The gradient of :func:`kernel_loss` with respect to the kernel, derived by hand.

    With :math:`\hat y(i, j) = \sum_{m,n} x(i+m, j+n)\, K(m, n)` and the error
    :math:`e = \hat y - y`, the chain rule gives

    .. math:: \frac{\partial L}{\partial K(m, n)}
              = \frac{2}{N} \sum_{i,j} e(i, j)\, x(i+m, j+n),

    which is the valid correlation of the input with the error map: the same
    operation as the forward pass, with the error as the kernel. For
    ``operation='convolve'`` the forward kernel is flipped, so is its gradient.

    Examples
    --------
    >>> x = np.arange(25.0).reshape(5, 5)
    >>> g = kernel_gradient(x, np.zeros((3, 3)), np.eye(3))
    >>> np.allclose(g, numerical_gradient(x, np.zeros((3, 3)), np.eye(3)))
    True
    """
    x = check_image(x, name="x", ndims=(2,)).astype(np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    operation = _check_operation(operation)
    error = _forward(x, kernel, operation) - _check_target(x, target, kernel)
    gradient = 2.0 / error.size * correlate_valid(x, error)
    return gradient if operation == "correlate" else gradient[::-1, ::-1]


def numerical_gradient(x, target, kernel, operation: str = "correlate",
                       step: float = 1e-6) -> np.ndarray:
    """The gradient of :func:`kernel_loss` by central finite differences (to check the hand one).

    Examples
    --------
    >>> x = np.arange(16.0).reshape(4, 4)
    >>> numerical_gradient(x, correlate_valid(x, np.ones((3, 3))), np.ones((3, 3))).round(6) + 0.0
    array([[0., 0., 0.],
           [0., 0., 0.],
           [0., 0., 0.]])
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    gradient = np.zeros_like(kernel)
    for index in np.ndindex(*kernel.shape):
        plus, minus = kernel.copy(), kernel.copy()
        plus[index] += step
        minus[index] -= step
        gradient[index] = (kernel_loss(x, target, plus, operation)
                           - kernel_loss(x, target, minus, operation)) / (2 * step)
    return gradient


def standardize(image) -> np.ndarray:
    """Scale to zero mean and unit standard deviation, as networks do with their inputs.

    Examples
    --------
    >>> standardize([[0, 2], [4, 6]]).round(3)
    array([[-1.342, -0.447],
           [ 0.447,  1.342]])
    """
    x = check_image(image, ndims=(2,)).astype(np.float64)
    spread = x.std()
    if spread == 0:
        raise ValueError("image must not be constant (its standard deviation is 0)")
    return (x - x.mean()) / spread


@dataclass
class LearnedKernel:
    """What :func:`learn_kernel` returns: the kernel and the loss at every step.

    Examples
    --------
    >>> result = LearnedKernel(kernel=np.eye(3), losses=np.array([4.0, 1.0, 0.25]))
    >>> float(result.losses[-1] / result.losses[0])
    0.0625
    """

    kernel: np.ndarray
    """The kernel after the last step."""
    losses: np.ndarray
    """The loss before each step (and after the last one)."""


def learn_kernel(x, target, shape=(3, 3), steps: int = 300, learning_rate: float = 0.05,
                 operation: str = "correlate", initial=None) -> LearnedKernel:
    r"""Find a kernel from an example pair by plain gradient descent.

    Starts from ``initial`` (zeros by default) and repeats
    :math:`K \leftarrow K - \eta\, \partial L / \partial K` with the hand-derived
    :func:`kernel_gradient`.

    Parameters
    ----------
    x : array_like
        H×W input image (standardised inputs converge fastest).
    target : array_like
        The wanted output, of the 'valid' shape (H-M+1)×(W-N+1).
    shape : tuple of int
        Kernel shape (M, N).
    steps : int
        Number of gradient steps.
    learning_rate : float
        Step size :math:`\eta`.
    operation : {'correlate', 'convolve'}
        Whether the model correlates (like deep-learning layers) or convolves.
    initial : array_like, optional
        Starting kernel.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(16, 16))
    >>> result = learn_kernel(x, correlate_valid(x, [[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    ...                       steps=200, learning_rate=0.2)
    >>> np.round(result.kernel, 3) + 0.0
    array([[ 0.,  1.,  0.],
           [ 1., -4.,  1.],
           [ 0.,  1.,  0.]])
    """
    x = check_image(x, name="x", ndims=(2,)).astype(np.float64)
    steps = _check_positive_int(steps, "steps")
    if not isinstance(learning_rate, numbers.Real) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    operation = _check_operation(operation)
    kernel = np.zeros(tuple(shape)) if initial is None else np.array(initial, dtype=np.float64)
    if kernel.ndim != 2:
        raise ValueError(f"shape must be (rows, columns), got {shape!r}")
    y = _check_target(x, target, kernel)
    losses = []
    for _ in range(steps):
        error = _forward(x, kernel, operation) - y
        losses.append(np.mean(error ** 2))
        gradient = 2.0 / error.size * correlate_valid(x, error)
        kernel -= learning_rate * (gradient if operation == "correlate" else gradient[::-1, ::-1])
    losses.append(np.mean((_forward(x, kernel, operation) - y) ** 2))
    return LearnedKernel(kernel=kernel, losses=np.array(losses))
