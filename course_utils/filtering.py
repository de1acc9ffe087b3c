"""Correlation and convolution in plain, vectorised NumPy.

``correlate`` slides the kernel as it is; ``convolve`` is ``correlate`` with the
kernel rotated by 180°, and nothing else. Both agree with ``scipy.ndimage`` for
every border mode, and with ``cv2.filter2D`` (a correlation) for the matching
OpenCV border.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_cval, check_image, check_kernel, check_method, check_mode
from .borders import _pad_checked

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


def _integer_form(kernel: np.ndarray):
    """``(scale, ints)`` with ``kernel == scale * ints`` and ``ints`` whole numbers, or None.

    Every kernel of the bank has this form (the box blurs are 1/49 or 1/441
    times ones). On an integer image, the sums of such a kernel are whole
    numbers too, and can be formed exactly in a small integer type.
    """
    magnitudes = np.abs(kernel[kernel != 0])
    if magnitudes.size == 0:
        return None
    scale = float(magnitudes.min())
    ints = np.rint(kernel / scale)
    if np.max(np.abs(kernel / scale - ints)) > 1e-12 or np.abs(ints).max() > 2 ** 15:
        return None
    return scale, ints.astype(np.int64)


#: The largest absolute value of each small integer image type.
_DTYPE_BOUNDS = {"b": 1, "u1": 255, "i1": 128, "u2": 65535, "i2": 32768}


def _integer_accumulator(image: np.ndarray, mode: str, cval: float, largest_sum: int):
    """The smallest integer type that holds every partial sum exactly, or None.

    ``largest_sum`` is how many times the largest pixel value a partial sum can
    reach. Only small integer images (bool, 8- and 16-bit) qualify, and only
    when a 'constant' border adds a whole number that the image type can hold.
    """
    key = "b" if image.dtype.kind == "b" else image.dtype.str[1:]
    bound = _DTYPE_BOUNDS.get(key)
    if bound is None or (mode == "constant" and (cval != int(cval) or abs(cval) > bound)):
        return None
    for dtype in (np.int16, np.int32, np.int64):
        if bound * largest_sum <= np.iinfo(dtype).max:
            return dtype
    return None


def _shift_and_add(padded: np.ndarray, kernel: np.ndarray, shape) -> np.ndarray:
    """Sum of kernel entry × shifted copy of ``padded``, built up in place.

    One output array and one scratch array for the products: every fresh array
    the size of the image costs a pass over memory that the sum does not need.
    The largest weight's term is written straight into the output (no pass to
    fill it with zeros first); weights ±1 are added or subtracted without a
    multiplication.
    """
    height, width = shape[:2]
    dtype = np.result_type(padded, kernel)
    nonzero = [(index, weight) for index, weight in np.ndenumerate(kernel) if weight != 0]
    if not nonzero:
        return np.zeros(shape, dtype=dtype)
    first = max(range(len(nonzero)), key=lambda i: abs(nonzero[i][1]))
    (m, n), weight = nonzero.pop(first)
    output = np.empty(shape, dtype=dtype)
    np.multiply(padded[m:m + height, n:n + width], weight, out=output)
    products = None
    for (m, n), weight in nonzero:
        window = padded[m:m + height, n:n + width]
        if weight == 1:
            output += window
        elif weight == -1:
            output -= window
        else:
            if products is None:
                products = np.empty_like(output)
            np.multiply(window, weight, out=products)
            output += products
    return output


def _pass_1d(array: np.ndarray, weights: np.ndarray, axis: int) -> np.ndarray:
    """Correlate along one axis with 1-D ``weights``, without padding (the axis shrinks)."""
    kernel = weights[:, None] if axis == 0 else weights[None, :]
    shape = list(array.shape)
    shape[axis] -= len(weights) - 1
    return _shift_and_add(array, kernel, shape)


def _as_output(accumulated: np.ndarray, scale: float) -> np.ndarray:
    """float64 result of ``scale * accumulated`` (one pass, no intermediate array)."""
    if scale == 1 and accumulated.dtype == np.float64:
        return accumulated
    output = np.empty(accumulated.shape, dtype=np.float64)
    np.multiply(accumulated, scale, out=output)
    return output


def _correlate_direct(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float):
    """Shift and add, in exact integers when the image and kernel allow it."""
    form = _integer_form(kernel)
    dtype = form and _integer_accumulator(image, mode, cval, int(np.abs(form[1]).sum()))
    if dtype is None:
        return _shift_and_add(_pad_float(image, kernel.shape, mode, cval), kernel, image.shape)
    scale, ints = form
    padded = _pad_as(image, kernel.shape, mode, cval, dtype)
    return _as_output(_shift_and_add(padded, ints.astype(dtype), image.shape), scale)


def _correlate_separable(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float):
    """Two 1-D passes: along the rows with ``row``, then down the columns with ``col``.

    On an integer image with integer-valued factors (box blurs, Sobel), both
    passes run in exact integers, each in the smallest type that holds its sums.
    """
    col, row = separable_factors(kernel)
    col_form, row_form = _integer_form(col[:, None]), _integer_form(row[None, :])
    across_type = down_type = None
    if col_form is not None and row_form is not None:
        row_sum, col_sum = int(np.abs(row_form[1]).sum()), int(np.abs(col_form[1]).sum())
        across_type = _integer_accumulator(image, mode, cval, row_sum)
        down_type = _integer_accumulator(image, mode, cval, row_sum * col_sum)
    if down_type is None:
        padded = _pad_float(image, kernel.shape, mode, cval)
        return _pass_1d(_pass_1d(padded, row, axis=1), col, axis=0)
    padded = _pad_as(image, kernel.shape, mode, cval, across_type)
    across = _pass_1d(padded, row_form[1][0].astype(across_type), axis=1)
    down = _pass_1d(across.astype(down_type, copy=False),
                    col_form[1][:, 0].astype(down_type), axis=0)
    return _as_output(down, col_form[0] * row_form[0])


def _correlate_fft(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float):
    """Multiply in the frequency domain (circular convolution with the flipped kernel).

    The circular convolution of the padded image with the flipped kernel equals
    the correlation wherever the kernel does not wrap around: exactly the
    output pixels, which start at offset (M - 1, N - 1).
    """
    padded = _pad_float(image, kernel.shape, mode, cval)
    rows, cols = kernel.shape
    # Zero-padding further to a length with small prime factors only changes
    # nothing in the output window, and such FFTs are several times faster.
    size = tuple(_fast_length(n) for n in padded.shape[:2])
    flipped = kernel[::-1, ::-1]
    # A 2-D FFT is 1-D FFTs along the rows, then along the columns. Written out,
    # with one spectrum array transformed in place, it needs fewer fresh arrays
    # than np.fft.rfft2, and the inverse can skip the rows that are not wanted.
    spectrum = np.zeros((size[0], size[1] // 2 + 1) + padded.shape[2:], dtype=np.complex128)
    np.fft.rfft(padded, n=size[1], axis=1, out=spectrum[:padded.shape[0]])
    np.fft.fft(spectrum, axis=0, out=spectrum)
    kernel_spectrum = np.fft.fft(np.fft.rfft(flipped, n=size[1], axis=1), n=size[0], axis=0)
    spectrum *= kernel_spectrum[..., None] if padded.ndim == 3 else kernel_spectrum
    np.fft.ifft(spectrum, axis=0, out=spectrum)
    full = np.fft.irfft(spectrum[rows - 1:rows - 1 + image.shape[0]], n=size[1], axis=1)
    return np.ascontiguousarray(full[:, cols - 1:cols - 1 + image.shape[1]])


def _fast_length(n: int) -> int:
    """The smallest number >= ``n`` of the form 2^a 3^b 5^c (a fast FFT length)."""
    best = 2 ** int(np.ceil(np.log2(n)))
    power5 = 1
    while power5 < best:
        power35 = power5
        while power35 < best:
            length = power35
            while length < n:
                length *= 2
            best = min(best, length)
            power35 *= 3
        power5 *= 5
    return best


def _pad_as(image: np.ndarray, kernel_shape, mode: str, cval: float, dtype) -> np.ndarray:
    """Pad like :func:`pad`, but keep whole numbers in the integer type ``dtype``.

    The image is converted first: a negative cval would wrap around in an
    unsigned image type.
    """
    return _pad_checked(image.astype(dtype, copy=False), kernel_shape, mode, int(cval))


def _pad_float(image: np.ndarray, kernel_shape, mode: str, cval: float) -> np.ndarray:
    """Pad like :func:`pad` (float64), for arguments ``correlate`` has already validated."""
    return _pad_checked(image.astype(np.float64, copy=False), kernel_shape, mode, cval)


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
    mode = check_mode(mode)
    cval = check_cval(cval)
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
