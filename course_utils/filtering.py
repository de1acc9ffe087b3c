"""Correlation and convolution in plain, vectorised NumPy.

``correlate`` slides the kernel as it is; ``convolve`` is ``correlate`` with the
kernel rotated by 180°, and nothing else. Both agree with ``scipy.ndimage`` for
every border mode, and with ``cv2.filter2D`` (a correlation) for the matching
OpenCV border. Read top-down: the two functions, how 'auto' picks a method,
then the three methods (notebook 08 builds each one from scratch); the tuned
engine that runs shift and add fast lives in :mod:`course_utils._tuned`.
"""

from __future__ import annotations

import numpy as np
import scipy.fft

from ._tuned import separable_passes, shift_and_add
from ._validation import (
    check_at_most_float64,
    check_cval,
    check_image,
    check_kernel,
    check_method,
    check_mode,
)
from .borders import pad

__all__ = ["correlate", "convolve", "METHODS", "separable_factors", "choose_method"]

#: The ways ``correlate`` can compute the same result.
METHODS = ("auto", "direct", "separable", "fft")

#: From this many kernel entries on, 'auto' uses two 1-D passes for a rank-1 kernel
#: (below it, the direct method's few whole-image passes are as fast).
SEPARABLE_MIN_ENTRIES = 25
#: From this many kernel entries on, 'auto' uses the FFT for a kernel that is not separable
#: (measured by benchmarks/bench_ladder.py: on a 512×512 photo the FFT's cost hardly
#: depends on the kernel and overtakes shift-and-add at about 7×7).
FFT_MIN_ENTRIES = 49


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
        fastest for the kernel (:func:`choose_method`). Where 'fft' or
        'separable' could not give scipy's answer (a NaN or infinite pixel, or
        values so large that the FFT's sums overflow), the direct method runs
        instead.

    Returns
    -------
    numpy.ndarray
        float64 array of the image's shape.

    Raises
    ------
    TypeError
        For an image of a float type wider than float64 (``np.longdouble``):
        the sums are float64, and scipy refuses such images too.

    Notes
    -----
    Every kernel weight counts, however small. ``scipy.ndimage`` skips weights
    whose magnitude is at most about 2.2e-16 (machine epsilon), so for a kernel
    with such weights on large pixel values the two differ; this function keeps
    the mathematically right sum.

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
    image = check_at_most_float64(
        check_image(image),
        why="correlate computes in float64, as scipy.ndimage, which refuses wider floats")
    kernel = check_kernel(kernel, image.shape)
    method = check_method(method, METHODS)
    if method == "auto":
        method = choose_method(kernel)
    elif method == "separable" and separable_factors(kernel) is None:
        raise ValueError(
            "method='separable' needs a rank-1 kernel (np.outer of a column and a row), "
            f"got a kernel of rank {np.linalg.matrix_rank(kernel)}; use 'direct', 'fft' or 'auto'"
        )
    mode = check_mode(mode)
    cval = check_cval(cval)
    if method != "direct" and not _fast_method_is_exact(image, kernel, method):
        method = "direct"
    return _IMPLEMENTATIONS[method](image, kernel, mode, cval)


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


def separable_factors(kernel, rtol: float = 1e-12):
    """Split a rank-1 kernel into a column and a row: ``kernel == np.outer(col, row)``.

    A kernel is separable when it has rank 1, i.e. one singular value only. Then
    filtering with it is two 1-D passes (M + N multiplications per pixel instead
    of M × N). The factors come from the singular value decomposition, of the
    kernel divided by its largest magnitude (so that a kernel of values near
    1e308 does not overflow), and a factor is exactly 0 wherever the kernel's
    row or column is all zeros (the SVD leaves about 1e-16 there, which would
    let a NaN pixel reach outputs the kernel does not). The column's entry of
    largest magnitude is positive, whatever sign the SVD returned.

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
    peak = float(np.abs(kernel).max())
    if peak == 0:
        return None
    u, s, vt = np.linalg.svd(kernel / peak)
    if len(s) > 1 and s[1] > rtol * s[0]:
        return None
    scale = np.sqrt(s[0]) * np.sqrt(peak)  # not sqrt(s[0] * peak), which may overflow
    col, row = u[:, 0] * scale, vt[0] * scale
    if col[np.argmax(np.abs(col))] < 0:   # the SVD's sign is arbitrary: fix it, for every LAPACK
        col, row = -col, -row
    col[~kernel.any(axis=1)] = 0.0
    row[~kernel.any(axis=0)] = 0.0
    return col, row


def _correlate_direct(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float):
    """Shift and add: for each kernel entry, weight a shifted copy of the padded image and add.

    The plain algorithm is :func:`course_utils.fast.correlate_shift_add` (the
    notebook's ``shift_add`` rung); :func:`course_utils._tuned.shift_and_add`
    computes the same sums band by band, in exact integers where it can.
    """
    return shift_and_add(image, kernel, mode, cval)


def _correlate_separable(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float):
    """Two 1-D passes: along the rows with ``row``, then down the columns with ``col``.

    The plain algorithm is :func:`course_utils.fast.correlate_separable`; the
    passes run in :func:`course_utils._tuned.separable_passes`.
    """
    col, row = separable_factors(kernel)
    return separable_passes(image, col, row, mode, cval)


def _correlate_fft(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float):
    """Multiply in the frequency domain (circular convolution with the flipped kernel).

    The circular convolution of the padded image with the flipped kernel equals
    the correlation wherever the kernel does not wrap around: exactly the
    output pixels, which start at offset (M - 1, N - 1). Zero-padding further,
    to a length with small prime factors (``scipy.fft.next_fast_len``), changes
    nothing in that window and makes the transforms several times faster.
    """
    padded = pad(image, kernel.shape, mode, cval)          # float64
    rows, cols = kernel.shape
    size = [scipy.fft.next_fast_len(n, real=True) for n in padded.shape[:2]]
    kernel_spectrum = scipy.fft.rfft2(kernel[::-1, ::-1], s=size)
    if padded.ndim == 3:
        kernel_spectrum = kernel_spectrum[..., None]
    spectrum = scipy.fft.rfft2(padded, s=size, axes=(0, 1))
    spectrum *= kernel_spectrum
    full = scipy.fft.irfft2(spectrum, s=size, axes=(0, 1))
    return np.ascontiguousarray(full[rows - 1:rows - 1 + image.shape[0],
                                     cols - 1:cols - 1 + image.shape[1]])


#: Below this bound, no sum inside the FFT can overflow float64 (whose largest value is
#: about 1.8e308): every spectrum value is at most the sum of the magnitudes transformed.
_FFT_SAFE_MAGNITUDE = 1e300


def _fast_method_is_exact(image: np.ndarray, kernel: np.ndarray, method: str) -> bool:
    """Whether 'fft' or 'separable' gives scipy's answer on this image, or 'direct' must.

    A NaN or infinite pixel reaches every output through the FFT (NaN times any
    frequency is NaN), and can meet an infinity of the other sign inside a
    separable pass; shift and add, like scipy, keeps it to the pixels the
    kernel reaches. A finite image whose FFT sums would overflow float64
    (values near 1e306) also goes the direct way.
    """
    if image.dtype.kind == "f" and not np.isfinite(image).all():
        return False
    if method == "fft":
        largest = float(np.abs(image).max()) * float(np.abs(kernel).sum())
        size = (image.shape[0] + kernel.shape[0]) * (image.shape[1] + kernel.shape[1])
        return largest * size < _FFT_SAFE_MAGNITUDE
    return True


_IMPLEMENTATIONS = {
    "direct": _correlate_direct,
    "separable": _correlate_separable,
    "fft": _correlate_fft,
}
