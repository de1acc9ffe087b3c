"""Windows without padding: 'valid' correlation and convolution, and im2col's matrix of windows.

An H×W image and an M×N kernel have (H-M+1)×(W-N+1) positions where the kernel
fits inside the image. The CNN layer (:mod:`course_utils.cnn`), the learning of a
kernel (:mod:`course_utils.learning`) and the performance ladder
(:mod:`course_utils.fast`, after padding) are all built on these.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validation import check_array, check_image, check_int, check_shape

__all__ = ["correlate_valid", "convolve_valid", "conv_output_size", "as_channels", "im2col"]


def correlate_valid(image, kernel) -> np.ndarray:
    """Correlation without padding: only where the kernel fits inside the image.

    An H×W image and an M×N kernel give (H-M+1)×(W-N+1) values. The kernel may
    have any size, even a large even one (the gradient uses an error map as kernel),
    but must hold finite numbers.

    Examples
    --------
    >>> correlate_valid(np.arange(12.0).reshape(3, 4), [[1, -1]])
    array([[-1., -1., -1.],
           [-1., -1., -1.],
           [-1., -1., -1.]])
    """
    x = check_image(image, ndims=(2,)).astype(np.float64, copy=False)  # read only
    k = check_array(kernel, "kernel", ndims=(2,), finite=True).astype(np.float64, copy=False)
    if k.shape[0] > x.shape[0] or k.shape[1] > x.shape[1]:
        raise ValueError(f"kernel must fit inside the image {x.shape}, got shape {k.shape}")
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
    k = check_array(kernel, "kernel", ndims=(2,), finite=True)
    return correlate_valid(image, k[::-1, ::-1])


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
    size = check_int(size, "size", minimum=1)
    kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
    stride = check_int(stride, "stride", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    if kernel_size > size + 2 * padding:
        raise ValueError(f"kernel_size {kernel_size} is larger than the padded input "
                         f"({size} + 2 × {padding} = {size + 2 * padding})")
    return (size + 2 * padding - kernel_size) // stride + 1


def as_channels(x, name: str = "x") -> np.ndarray:
    """An H×W or C×H×W array of real numbers as float64 C×H×W (a one-channel H×W gets C = 1).

    Examples
    --------
    >>> as_channels(np.zeros((4, 5))).shape
    (1, 4, 5)
    """
    array = check_array(x, name, ndims=(2, 3), layouts={2: "H×W", 3: "C×H×W"})
    array = array.astype(np.float64)
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
    x = as_channels(x)
    rows, cols = check_shape(kernel_shape, "kernel_shape")
    channels, height, width = x.shape
    out_h = conv_output_size(height, rows, stride, padding)
    out_w = conv_output_size(width, cols, stride, padding)
    stride, padding = int(stride), int(padding)  # validated by conv_output_size
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(padded, (rows, cols), axis=(1, 2))[:, ::stride, ::stride]
    # windows: C × H_out × W_out × K_h × K_w  ->  (C·K_h·K_w) × (H_out·W_out)
    return windows[:, :out_h, :out_w].transpose(0, 3, 4, 1, 2).reshape(
        channels * rows * cols, out_h * out_w)
