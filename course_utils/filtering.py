"""Correlation and convolution in plain, vectorised NumPy.

``correlate`` slides the kernel as it is; ``convolve`` is ``correlate`` with the
kernel rotated by 180°, and nothing else. Both agree with ``scipy.ndimage`` for
every border mode, and with ``cv2.filter2D`` (a correlation) for the matching
OpenCV border.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_image, check_kernel, check_method
from .borders import pad

__all__ = ["correlate", "convolve", "METHODS", "separable_factors", "choose_method"]

#: The ways ``correlate`` can compute the same result.
METHODS = ("auto", "direct", "separable", "fft")

#: From this many kernel entries on, 'auto' uses two 1-D passes for a rank-1 kernel
#: (below it, the direct method's few whole-image passes are as fast).
SEPARABLE_MIN_ENTRIES = 25
#: From this many kernel entries on, 'auto' uses the FFT for a kernel that is not separable.
FFT_MIN_ENTRIES = 121


def separable_factors(kernel, rtol: float = 1e-12):
    """Split a rank-1 kernel into a column and a row: ``kernel == np.outer(col, row)``.

    A kernel is separable when it has rank 1, i.e. one singular value only. Then
    filtering with it is two 1-D passes (M + N multiplications per pixel instead
    of M × N). The factors come from the singular value decomposition.

    Parameters
    ----------
    kernel : array_like
        M×N kernel, M and N odd.
    rtol : float
        Singular values below ``rtol`` times the largest count as zero.

    Returns
    -------
    tuple of numpy.ndarray or None
        ``(col, row)``, of lengths M and N, or ``None`` if the kernel has rank > 1.

    Examples
    --------
    >>> col, row = separable_factors([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    >>> np.round(np.outer(col, row), 12) + 0.0
    array([[-1.,  0.,  1.],
           [-2.,  0.,  2.],
           [-1.,  0.,  1.]])
    >>> print(separable_factors([[0, 1, 0], [1, -4, 1], [0, 1, 0]]))
    None
    """
    kernel = check_kernel(kernel)
    u, s, vt = np.linalg.svd(kernel)
    if s[0] == 0 or (len(s) > 1 and s[1] > rtol * s[0]):
        return None
    scale = np.sqrt(s[0])
    return u[:, 0] * scale, vt[0] * scale


def choose_method(kernel) -> str:
    """The method 'auto' picks for ``kernel``: 'separable', 'fft' or 'direct'.

    Rank-1 kernels (box blurs, Sobel) of at least ``SEPARABLE_MIN_ENTRIES``
    entries go separable; other kernels of at least ``FFT_MIN_ENTRIES`` entries
    go through the FFT; the rest (all 3×3 kernels) are direct.

    Examples
    --------
    >>> choose_method(np.ones((21, 21))), choose_method([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    ('separable', 'direct')
    """
    kernel = check_kernel(kernel)
    if kernel.size >= SEPARABLE_MIN_ENTRIES and separable_factors(kernel) is not None:
        return "separable"
    if kernel.size >= FFT_MIN_ENTRIES:
        return "fft"
    return "direct"


def _correlate_direct(padded: np.ndarray, kernel: np.ndarray, shape) -> np.ndarray:
    """Shift and add: one whole-image multiply-add per kernel entry."""
    height, width = shape[:2]
    output = np.zeros(shape, dtype=np.float64)
    for m, n in np.ndindex(*kernel.shape):
        if kernel[m, n] != 0:
            output += kernel[m, n] * padded[m:m + height, n:n + width]
    return output


def _correlate_separable(padded: np.ndarray, kernel: np.ndarray, shape) -> np.ndarray:
    """Two 1-D passes: along the rows with ``row``, then down the columns with ``col``."""
    col, row = separable_factors(kernel)
    height, width = shape[:2]
    across = np.zeros((padded.shape[0], width) + padded.shape[2:])
    for n, weight in enumerate(row):
        across += weight * padded[:, n:n + width]
    output = np.zeros(shape, dtype=np.float64)
    for m, weight in enumerate(col):
        output += weight * across[m:m + height]
    return output


def _correlate_fft(padded: np.ndarray, kernel: np.ndarray, shape) -> np.ndarray:
    """Multiply in the frequency domain (circular convolution with the flipped kernel).

    The circular convolution of the padded image with the flipped kernel equals
    the correlation wherever the kernel does not wrap around: exactly the
    output pixels, which start at offset (M - 1, N - 1).
    """
    rows, cols = kernel.shape
    size = padded.shape[:2]
    flipped = kernel[::-1, ::-1]
    spectrum = np.fft.rfft2(padded, s=size, axes=(0, 1))
    kernel_spectrum = np.fft.rfft2(flipped, s=size)
    if padded.ndim == 3:
        kernel_spectrum = kernel_spectrum[..., None]
    full = np.fft.irfft2(spectrum * kernel_spectrum, s=size, axes=(0, 1))
    return np.ascontiguousarray(full[rows - 1:rows - 1 + shape[0], cols - 1:cols - 1 + shape[1]])


_IMPLEMENTATIONS = {
    "direct": _correlate_direct,
    "separable": _correlate_separable,
    "fft": _correlate_fft,
}


def correlate(image, kernel, mode: str = "reflect", cval: float = 0.0,
              method: str = "auto") -> np.ndarray:
    r"""Cross-correlate an image with a kernel: slide it, multiply, sum.

    .. math:: S(i, j) = \sum_m \sum_n I(i + m, j + n)\, K(m, n)

    with ``m`` and ``n`` counted from the kernel's centre. The image is padded by
    the border ``mode`` so that the output has the input's shape. Instead of a
    loop over pixels, the loop runs over the kernel's M×N entries: each entry
    multiplies a whole shifted copy of the padded image, and the copies add up.

    Parameters
    ----------
    image : array_like
        H×W, or H×W×C with each channel filtered on its own; bool, integer or
        float values.
    kernel : array_like
        M×N with M and N odd, finite, no larger than the image.
    mode : {'reflect', 'mirror', 'nearest', 'wrap', 'constant'}
        Border rule, with its ``scipy.ndimage`` meaning (see ``BORDER_MODES``).
    cval : float
        Value outside the image for ``mode='constant'``.
    method : {'direct', 'separable', 'fft', 'auto'}
        How to compute it; every method gives the same result to rounding
        (within 1e-9 on 0-255 images). 'direct' is the shift-and-add above;
        'separable' runs two 1-D passes and needs a rank-1 kernel (see
        :func:`separable_factors`); 'fft' multiplies spectra; 'auto' picks the
        fastest for the kernel (:func:`choose_method`).

    Returns
    -------
    numpy.ndarray
        float64 array of the image's shape.

    See Also
    --------
    convolve : the same with the kernel flipped.

    Examples
    --------
    A single 1 stamps the kernel rotated by 180° (the impulse response):

    >>> impulse = np.zeros((3, 3)); impulse[1, 1] = 1
    >>> correlate(impulse, [[1, 2, 3], [4, 5, 6], [7, 8, 9]], mode="constant")
    array([[9., 8., 7.],
           [6., 5., 4.],
           [3., 2., 1.]])
    """
    image = check_image(image)
    kernel = check_kernel(kernel, image.shape)
    method = check_method(method, METHODS)
    if method == "auto":
        method = choose_method(kernel)
    elif method == "separable" and separable_factors(kernel) is None:
        raise ValueError(
            "method='separable' needs a rank-1 kernel (np.outer of a column and a row), "
            f"got a kernel of rank {np.linalg.matrix_rank(kernel)}; use 'direct', 'fft' or 'auto'"
        )
    padded = pad(image, kernel.shape, mode, cval)
    return _IMPLEMENTATIONS[method](padded, kernel, image.shape)


def convolve(image, kernel, mode: str = "reflect", cval: float = 0.0,
             method: str = "auto") -> np.ndarray:
    r"""Convolve an image with a kernel: correlate with the kernel rotated by 180°.

    .. math:: S(i, j) = \sum_m \sum_n I(i - m, j - n)\, K(m, n)

    Parameters and result are those of :func:`correlate`.

    Examples
    --------
    A single 1 stamps the kernel itself:

    >>> impulse = np.zeros((3, 3)); impulse[1, 1] = 1
    >>> convolve(impulse, [[1, 2, 3], [4, 5, 6], [7, 8, 9]], mode="constant")
    array([[1., 2., 3.],
           [4., 5., 6.],
           [7., 8., 9.]])
    """
    kernel = check_kernel(kernel)
    flipped = kernel[::-1, ::-1]  # rotate by 180°: flip rows and columns
    return correlate(image, flipped, mode, cval, method)
