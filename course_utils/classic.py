"""The lesson's hand-written filter: a Python double loop, kept as it was taught.

The lesson named this function ``convolve``. It never flips the kernel, so what
it computes is a cross-correlation; here it is called ``correlate_loop``.
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage.exposure import rescale_intensity

from ._validation import check_callable, check_kernel, check_uint8_gray

__all__ = ["correlate_loop"]


def correlate_loop(image, kernel, progress=None) -> np.ndarray:
    """The classic lesson's filter, step by step, as a Python double loop.

    The pipeline, exactly as the lesson taught it:

    1. pad the image by half the kernel on every side with
       ``cv2.copyMakeBorder(..., cv2.BORDER_REPLICATE)`` so the output keeps the
       input's size;
    2. allocate the output with ``np.zeros((iH, iW), dtype="float")``, which is
       float64 (NumPy's ``"float"`` is Python's float, a 64-bit double); for every
       row ``y`` and column ``x``, take the region of interest centred there,
       multiply it element-wise with the kernel, sum, store;
    3. ``skimage.exposure.rescale_intensity(output, in_range=(0, 255))``, which
       clips to 0-255 and maps to 0-1, then ``* 255`` and ``astype("uint8")``
       (truncation, not rounding).

    The lesson called this function ``convolve``, but the kernel is never rotated
    by 180°: it computes a cross-correlation, which is what ``cv2.filter2D`` and
    deep-learning "convolution" layers compute too. For a symmetric kernel the
    two are the same; for Sobel or emboss they are not.

    One defect of the lesson is fixed: it padded both axes by
    ``(kernel_width - 1) // 2``, which breaks for odd M×N kernels that are not
    square. Here rows and columns are padded by their own half-sizes. Other
    defects are kept on purpose, because the course measures them: negative
    responses are clipped to 0, values are truncated, and the border is
    replicate where ``cv2.filter2D`` defaults to ``BORDER_REFLECT_101``.

    Truncation also turns float64 rounding noise into a whole grey level: 1/49 is
    not exact in binary, so under a 7×7 box blur many windows whose exact mean
    is a whole number sum to just below it (a flat patch of 60 sums to
    59.999999999999986) and are stored one level lower (see the last example).

    Parameters
    ----------
    image : numpy.ndarray
        Grayscale image, 2-D, dtype uint8.
    kernel : array_like
        M×N kernel, M and N odd, no larger than the image.
    progress : callable, optional
        Called as ``progress(rows_done, rows_total)`` after each output row, so
        that a caller can show how far a slow run has got.

    Returns
    -------
    numpy.ndarray
        uint8 image of the input's shape.

    Examples
    --------
    The lesson's example: the centre of its 3×3 region under a box blur.

    >>> region = np.array([[93, 139, 101], [26, 252, 196], [135, 230, 18]], np.uint8)
    >>> int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])
    132

    A flat grey patch of 60 under the 7×7 box blur comes out one level lower:

    >>> flat = np.full((7, 7), 60, np.uint8)
    >>> int(correlate_loop(flat, np.full((7, 7), 1 / 49))[3, 3])
    59
    """
    image = check_uint8_gray(image)
    kernel = check_kernel(kernel, image.shape)
    progress = check_callable(progress, "progress", optional=True)
    (image_h, image_w) = image.shape
    (kernel_h, kernel_w) = kernel.shape
    pad_y = (kernel_h - 1) // 2
    pad_x = (kernel_w - 1) // 2
    padded = cv2.copyMakeBorder(image, pad_y, pad_y, pad_x, pad_x, cv2.BORDER_REPLICATE)
    output = np.zeros((image_h, image_w), dtype="float")  # float64, as the lesson

    for y in np.arange(pad_y, image_h + pad_y):
        for x in np.arange(pad_x, image_w + pad_x):
            roi = padded[y - pad_y:y + pad_y + 1, x - pad_x:x + pad_x + 1]
            k = (roi * kernel).sum()
            output[y - pad_y, x - pad_x] = k
        if progress is not None:
            progress(int(y - pad_y) + 1, image_h)

    output = rescale_intensity(output, in_range=(0, 255))
    output = (output * 255).astype("uint8")
    return output
