"""The performance ladder: the same correlation, computed faster and faster.

Every rung computes exactly what :func:`course_utils.correlate` computes (the
same border modes, float64 output), so each one can be checked against it, and,
after the lesson's clipping and truncation (:func:`as_lesson_output`), against
the lesson's double loop :func:`course_utils.correlate_loop`:

==================  ===============================================  =====================
rung                idea                                              work per pixel
==================  ===============================================  =====================
loop                ``correlate_loop``: Python visits every pixel     M·N, in Python
windows             ``sliding_window_view``: all windows at once      M·N, in C
shift_add           one whole-image multiply-add per kernel entry     M·N, in C
im2col              windows as matrix columns, one matrix product     M·N, in BLAS
separable           rank-1 kernel = column × row: two 1-D passes      M + N
integral            box blur from an integral image                   4, any size
fft                 multiply spectra                                  about log(H·W)
opencv              ``cv2.filter2D`` on float64                       M·N or FFT, tuned C++
opencv_tool         OpenCV's call for the kernel: ``cv2.boxFilter``   4 (box), M + N, or as
                    for a box, ``cv2.sepFilter2D`` for rank 1          ``opencv``
==================  ===============================================  =====================

OpenCV rounds the kernel to float32 when the image is 8-bit (``cv2.filter2D``
on a uint8 photo with the 21×21 box: 1/441 becomes ``np.float32(1/441)``, off
by 3e-11, which times a window sum of up to 441 × 255 gives differences of
about 3e-6). The OpenCV rungs therefore hand over float64 images, or, for the
box and rank-1 calls, whole-number weights that float32 holds exactly.
"""

from __future__ import annotations

import cv2
import numpy as np
import scipy.fft
from skimage.exposure import rescale_intensity

from ._validation import check_image, check_kernel, check_mode
from .borders import BORDER_MODES, pad
from .filtering import separable_factors
from .valid import correlate_valid, im2col

__all__ = [
    "correlate_windows",
    "correlate_shift_add",
    "correlate_im2col",
    "correlate_separable",
    "correlate_integral",
    "correlate_fft",
    "correlate_opencv",
    "correlate_opencv_tool",
    "plan_opencv_tool",
    "choose_opencv_tool",
    "integral_image",
    "box_sum",
    "as_lesson_output",
    "LADDER",
    "applicable_rungs",
]


def _prepare(image, kernel, mode):
    """Validated 2-D image (as float64, padded) and kernel."""
    array = check_image(image, ndims=(2,))
    kernel = check_kernel(kernel, array.shape)
    mode = check_mode(mode)
    return array, kernel, pad(array, kernel.shape, mode)


def correlate_windows(image, kernel, mode: str = "reflect") -> np.ndarray:
    """Correlate by viewing every window at once (``sliding_window_view``), no copy.

    The view has shape H×W×M×N; one ``einsum`` multiplies each window with the
    kernel and sums, in compiled code instead of a Python loop. Over the padded
    image that is :func:`course_utils.cnn.correlate_valid`.

    Examples
    --------
    >>> correlate_windows([[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    array([[9., 8., 7.],
           [6., 5., 4.],
           [3., 2., 1.]])
    """
    _, kernel, padded = _prepare(image, kernel, mode)
    return correlate_valid(padded, kernel)


def correlate_shift_add(image, kernel, mode: str = "reflect") -> np.ndarray:
    """Correlate by shift and add: for each kernel entry, weight a shifted copy and add it.

    The loop runs over the M×N kernel entries instead of the H×W pixels, and
    each step is one whole-image operation.

    Examples
    --------
    >>> correlate_shift_add([[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    array([[9., 8., 7.],
           [6., 5., 4.],
           [3., 2., 1.]])
    """
    array, kernel, padded = _prepare(image, kernel, mode)
    height, width = array.shape
    output = np.zeros((height, width))
    for (m, n), weight in np.ndenumerate(kernel):
        output += weight * padded[m:m + height, n:n + width]
    return output


def correlate_im2col(image, kernel, mode: str = "reflect") -> np.ndarray:
    """Correlate as one matrix product: the kernel as a row times the im2col matrix.

    im2col ("image to columns", :func:`course_utils.cnn.im2col`) copies every
    M×N window of the padded image into one column of an (M·N)×(H·W) matrix;
    the flattened kernel (one row of M·N numbers) times that matrix is the whole
    output. Fast arithmetic (BLAS, the tuned matrix-product library), but a lot
    of memory: every pixel is copied M·N times.

    Examples
    --------
    >>> correlate_im2col([[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    array([[9., 8., 7.],
           [6., 5., 4.],
           [3., 2., 1.]])
    """
    array, kernel, padded = _prepare(image, kernel, mode)
    return (kernel.ravel() @ im2col(padded, kernel.shape)).reshape(array.shape)


def correlate_separable(image, kernel, mode: str = "reflect") -> np.ndarray:
    """Correlate with a rank-1 kernel as two 1-D passes (factors from an SVD).

    ``kernel == np.outer(col, row)``: correlate every row with ``row``, then
    every column of the result with ``col``. M + N multiplications per pixel
    instead of M × N.

    Raises
    ------
    ValueError
        If the kernel is not separable (rank > 1).

    Examples
    --------
    >>> correlate_separable(np.eye(3) * 9, np.ones((3, 3)) / 9, mode="wrap")
    array([[3., 3., 3.],
           [3., 3., 3.],
           [3., 3., 3.]])
    """
    array, kernel, padded = _prepare(image, kernel, mode)
    factors = separable_factors(kernel)
    if factors is None:
        raise ValueError(f"kernel must be separable (rank 1) for correlate_separable, got rank "
                         f"{np.linalg.matrix_rank(kernel)}")
    col, row = factors
    height, width = array.shape
    across = np.zeros((padded.shape[0], width))
    for n, weight in enumerate(row):
        across += weight * padded[:, n:n + width]
    output = np.zeros((height, width))
    for m, weight in enumerate(col):
        output += weight * across[m:m + height]
    return output


def integral_image(image) -> np.ndarray:
    """Summed-area table with a leading row and column of zeros.

    ``S[i, j]`` is the sum of ``image[:i, :j]``, so any rectangle's sum is four
    look-ups (see :func:`box_sum`).

    Examples
    --------
    >>> integral_image([[1, 2], [3, 4]])
    array([[ 0.,  0.,  0.],
           [ 0.,  1.,  3.],
           [ 0.,  4., 10.]])
    """
    array = check_image(image, ndims=(2,)).astype(np.float64)
    table = np.zeros((array.shape[0] + 1, array.shape[1] + 1))
    np.cumsum(np.cumsum(array, axis=0), axis=1, out=table[1:, 1:])
    return table


def box_sum(table, top: int, left: int, height: int, width: int) -> float:
    """Sum of the rectangle ``image[top:top+height, left:left+width]`` from its integral image.

    Examples
    --------
    >>> image = np.arange(12).reshape(3, 4)
    >>> box_sum(integral_image(image), 1, 1, 2, 2), int(image[1:3, 1:3].sum())
    (30.0, 30)
    """
    t = np.asarray(table)
    bottom, right = top + height, left + width
    return float(t[bottom, right] - t[top, right] - t[bottom, left] + t[top, left])


def correlate_integral(image, kernel, mode: str = "reflect") -> np.ndarray:
    """Correlate with a box kernel (all entries equal) through the integral image.

    Each output is ``weight × (S[b, r] − S[t, r] − S[b, l] + S[t, l])``: four
    look-ups whatever the kernel's size.

    Raises
    ------
    ValueError
        If the kernel's entries are not all equal.

    Examples
    --------
    >>> correlate_integral(np.eye(3) * 9, np.ones((3, 3)) / 9, mode="wrap")
    array([[3., 3., 3.],
           [3., 3., 3.],
           [3., 3., 3.]])
    """
    array, kernel, padded = _prepare(image, kernel, mode)
    if not np.all(kernel == kernel.flat[0]):
        raise ValueError("kernel must be a box (all entries equal) for correlate_integral, "
                         f"got entries from {kernel.min():g} to {kernel.max():g}")
    rows, cols = kernel.shape
    height, width = array.shape
    table = integral_image(padded)
    sums = (table[rows:rows + height, cols:cols + width] - table[:height, cols:cols + width]
            - table[rows:rows + height, :width] + table[:height, :width])
    return kernel.flat[0] * sums


def correlate_fft(image, kernel, mode: str = "reflect") -> np.ndarray:
    """Correlate by multiplying spectra: the convolution theorem.

    Convolution becomes a product after a Fourier transform; correlation is
    convolution with the flipped kernel. The padded image's circular
    convolution equals the correlation away from the wrap-around, which is
    exactly the output window. The transform length is rounded up to a product
    of 2s, 3s and 5s: a 514-point FFT (2 × 257, a prime) is several times
    slower than a 540-point one.

    Examples
    --------
    >>> correlate_fft([[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]).round(9)
    array([[9., 8., 7.],
           [6., 5., 4.],
           [3., 2., 1.]])
    """
    array, kernel, padded = _prepare(image, kernel, mode)
    rows, cols = kernel.shape
    size = [scipy.fft.next_fast_len(n, real=True) for n in padded.shape]
    spectrum = np.fft.rfft2(padded, s=size) * np.fft.rfft2(kernel[::-1, ::-1], s=size)
    full = np.fft.irfft2(spectrum, s=size)
    return full[rows - 1:rows - 1 + array.shape[0], cols - 1:cols - 1 + array.shape[1]]


def _with_opencv_border(call, array, kernel_shape, mode):
    """``call(array, border_flag)``, padding first for 'wrap', which OpenCV's filters refuse."""
    border = BORDER_MODES[mode]
    if border.filter2d_supports:
        return call(array, border.opencv_flag)
    rows, cols = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2
    padded = cv2.copyMakeBorder(array, rows, rows, cols, cols, border.opencv_flag)
    return call(padded, cv2.BORDER_CONSTANT)[rows:rows + array.shape[0],
                                              cols:cols + array.shape[1]]


def correlate_opencv(image, kernel, mode: str = "reflect") -> np.ndarray:
    """``cv2.filter2D`` with the OpenCV border that matches ``mode``, float64 in and out.

    ``filter2D`` refuses ``BORDER_WRAP``; for 'wrap' the image is padded first
    with ``cv2.copyMakeBorder`` and the border cut off afterwards. The image is
    handed over as float64: given an 8-bit image, OpenCV rounds the kernel to
    float32 (1/441 becomes 0.0022675737...), and its results move by up to
    about 3e-6 on the 21×21 box blur of a photo.

    Examples
    --------
    >>> correlate_opencv([[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    array([[9., 8., 7.],
           [6., 5., 4.],
           [3., 2., 1.]])
    """
    array = check_image(image, ndims=(2,))
    kernel = check_kernel(kernel, array.shape)
    mode = check_mode(mode)
    return _with_opencv_border(
        lambda a, flag: cv2.filter2D(a, cv2.CV_64F, kernel, borderType=flag),
        array.astype(np.float64), kernel.shape, mode)


def correlate_opencv_tool(image, kernel, mode: str = "reflect") -> np.ndarray:
    """OpenCV's own call for the kernel, as a user who wants speed would write it.

    - a box (all entries equal): ``cv2.boxFilter`` (a running sum: the same
      cost for every size), times the entry;
    - another rank-1 kernel: ``cv2.sepFilter2D`` with the column and the row
      (two 1-D passes), scaled to whole numbers where they are (Sobel: [1, 2, 1]
      and [-1, 0, 1]) so that float32 holds them exactly;
    - any other kernel: ``cv2.filter2D``.

    The image goes in its own type (a uint8 photo stays uint8) unless OpenCV
    would round the weights (a general kernel not exact in float32, on an
    8-bit image): then it goes as float64. The result is float64 (``cv2.CV_64F``).
    :func:`plan_opencv_tool` makes the same choices once and returns the OpenCV
    call alone, for timing it without this function's checks.

    Examples
    --------
    >>> correlate_opencv_tool(np.eye(3, dtype=np.uint8) * 9, np.ones((3, 3)) / 9, mode="wrap")
    array([[3., 3., 3.],
           [3., 3., 3.],
           [3., 3., 3.]])
    """
    return plan_opencv_tool(image, kernel, mode)()


def choose_opencv_tool(kernel: np.ndarray) -> tuple[str, tuple]:
    """OpenCV's right call for a kernel, and what it needs.

    ``("boxFilter", (value, mean))`` when every entry equals ``value`` (``mean``:
    the entries add up to 1, so ``boxFilter`` may divide by itself);
    ``("sepFilter2D", (col, row))`` for another rank-1 kernel, the column scaled so
    that its largest entry is 1 (Sobel: [1, 2, 1] and [-1, 0, 1], exact in
    float32); ``("filter2D", ())`` otherwise.

    Examples
    --------
    >>> choose_opencv_tool(np.ones((3, 3)) / 9)[0]
    'boxFilter'
    >>> tool, (col, row) = choose_opencv_tool(np.outer([1.0, 2, 1], [-1.0, 0, 1]))
    >>> tool, col.tolist(), row.tolist()
    ('sepFilter2D', [0.5, 1.0, 0.5], [-2.0, 0.0, 2.0])
    """
    if np.all(kernel == kernel.flat[0]):
        value = kernel.flat[0]
        return "boxFilter", (value, value * kernel.size == 1)
    factors = separable_factors(kernel)
    if factors is not None:
        col, row = factors
        pivot = col[np.argmax(np.abs(col))]
        return "sepFilter2D", (col / pivot, row * pivot)
    return "filter2D", ()


def plan_opencv_tool(image, kernel, mode: str = "reflect"):
    """The call :func:`correlate_opencv_tool` makes, with every choice made beforehand.

    Checks the arguments, picks the OpenCV function and its arguments (the box's
    size, the Sobel's factors, the image's type), and returns a function of no
    arguments that runs only OpenCV (and the padding 'wrap' needs). A benchmark
    times that, so OpenCV is not charged for this package's checks or for the
    factoring of the kernel.

    Examples
    --------
    >>> call = plan_opencv_tool(np.ones((4, 4), np.uint8), np.ones((3, 3)) / 9)
    >>> float(call()[0, 0])
    1.0
    """
    array = check_image(image, ndims=(2,))
    kernel = check_kernel(kernel, array.shape)
    mode = check_mode(mode)
    if array.dtype.kind == "b" or array.dtype.itemsize > 8 or array.dtype == np.int64:
        array = array.astype(np.float64)            # types OpenCV's filters do not take
    tool, arguments = choose_opencv_tool(kernel)
    if tool == "boxFilter":
        value, mean = arguments
        size = kernel.shape[::-1]                             # OpenCV sizes are (width, height)

        def box():
            result = _with_opencv_border(
                lambda a, flag: cv2.boxFilter(a, cv2.CV_64F, size, normalize=mean,
                                              borderType=flag),
                array, kernel.shape, mode)
            return result if mean else value * result
        return box
    if tool == "sepFilter2D":
        col, row = arguments
        return lambda: _with_opencv_border(
            lambda a, flag: cv2.sepFilter2D(a, cv2.CV_64F, row, col, borderType=flag),
            array, kernel.shape, mode)
    exact = np.array_equal(kernel.astype(np.float32), kernel)
    if (array.dtype.itemsize < 4 and not exact) or array.dtype == np.float32:
        array = array.astype(np.float64)            # filter2D: no float32 -> float64
    return lambda: _with_opencv_border(
        lambda a, flag: cv2.filter2D(a, cv2.CV_64F, kernel, borderType=flag),
        array, kernel.shape, mode)


def as_lesson_output(result) -> np.ndarray:
    """Post-process a float result as the lesson's loop does, to compare with it.

    The loop stores its sums in float64 (the lesson's ``dtype="float"``), then
    ``rescale_intensity(..., in_range=(0, 255))`` clips to 0-255, ``* 255`` and
    ``astype("uint8")`` truncates. Here the float result is first rounded to
    float32, which snaps a rung's rounding noise (an FFT gives 53.99999999 for
    54) back onto whole numbers. Any rung's result, computed with
    ``mode='nearest'`` (the loop's replicate border) and passed through this,
    then equals the loop's output, except by one grey level where the exact sum
    is a whole number and the loop's own float64 sum landed a hair below it
    (1/49 is not exact in binary; truncation turns the hair into a grey level).

    Examples
    --------
    >>> as_lesson_output([[-20.0, 132.2, 300.0]])
    array([[  0, 132, 255]], dtype=uint8)
    """
    stored = np.asarray(result, dtype=np.float64).astype(np.float32)
    return (rescale_intensity(stored, in_range=(0, 255)) * 255).astype("uint8")


#: The rungs, in order, from the pure-Python loop's successor to OpenCV.
LADDER = {
    "windows": correlate_windows,
    "shift_add": correlate_shift_add,
    "im2col": correlate_im2col,
    "separable": correlate_separable,
    "integral": correlate_integral,
    "fft": correlate_fft,
    "opencv": correlate_opencv,
    "opencv_tool": correlate_opencv_tool,
}


def applicable_rungs(kernel) -> list[str]:
    """The rungs of :data:`LADDER` that can compute ``kernel``.

    'separable' needs a rank-1 kernel and 'integral' a box (all entries equal).

    Examples
    --------
    >>> applicable_rungs(np.ones((3, 3)))
    ['windows', 'shift_add', 'im2col', 'separable', 'integral', 'fft', 'opencv', 'opencv_tool']
    >>> applicable_rungs([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    ['windows', 'shift_add', 'im2col', 'fft', 'opencv', 'opencv_tool']
    """
    kernel = check_kernel(kernel)
    names = []
    for name in LADDER:
        if name == "separable" and separable_factors(kernel) is None:
            continue
        if name == "integral" and not np.all(kernel == kernel.flat[0]):
            continue
        names.append(name)
    return names
