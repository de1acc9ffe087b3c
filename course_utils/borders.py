"""The five border modes, in the three vocabularies a learner meets.

``scipy.ndimage`` names them 'reflect', 'mirror', 'nearest', 'wrap' and
'constant'; OpenCV calls the same rules ``BORDER_REFLECT``, ``BORDER_REFLECT_101``,
``BORDER_REPLICATE``, ``BORDER_WRAP`` and ``BORDER_CONSTANT``; ``numpy.pad`` calls
them 'symmetric', 'reflect', 'edge', 'wrap' and 'constant'. Note the trap: numpy's
'reflect' is scipy's 'mirror', not scipy's 'reflect'.

The pattern of each mode shows how a row ``a b c d`` is extended on both sides::

    reflect   d c b a | a b c d | d c b a
    mirror      d c b | a b c d | c b a
    nearest   a a a a | a b c d | d d d d
    wrap      a b c d | a b c d | a b c d
    constant  k k k k | a b c d | k k k k
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ._validation import MODES, check_cval, check_image, check_mode, check_shape

__all__ = ["BorderMode", "BORDER_MODES", "pad", "pad_unchecked", "border_table"]


@dataclass(frozen=True)
class BorderMode:
    """One border rule and its names in scipy, OpenCV and numpy.

    Examples
    --------
    >>> mode = BORDER_MODES["mirror"]
    >>> mode.opencv_name, mode.numpy_mode
    ('BORDER_REFLECT_101', 'reflect')
    >>> mode.pattern
    'd c b | a b c d | c b a'
    """

    name: str
    """The ``scipy.ndimage`` name, used throughout the course."""
    opencv_name: str
    """The OpenCV constant's name."""
    opencv_flag: int
    """The OpenCV constant's value, e.g. ``cv2.BORDER_REFLECT_101``."""
    numpy_mode: str
    """The ``numpy.pad`` mode."""
    pattern: str
    """How ``a b c d`` is extended on both sides."""
    filter2d_supports: bool
    """Whether ``cv2.filter2D`` accepts this border (it refuses ``BORDER_WRAP``)."""


#: The table of border modes, keyed by scipy name, in scipy's documentation order.
BORDER_MODES = {
    mode.name: mode
    for mode in (
        BorderMode("reflect", "BORDER_REFLECT", cv2.BORDER_REFLECT, "symmetric",
                   "d c b a | a b c d | d c b a", True),
        BorderMode("mirror", "BORDER_REFLECT_101", cv2.BORDER_REFLECT_101, "reflect",
                   "d c b | a b c d | c b a", True),
        BorderMode("nearest", "BORDER_REPLICATE", cv2.BORDER_REPLICATE, "edge",
                   "a a a a | a b c d | d d d d", True),
        BorderMode("wrap", "BORDER_WRAP", cv2.BORDER_WRAP, "wrap",
                   "a b c d | a b c d | a b c d", False),
        BorderMode("constant", "BORDER_CONSTANT", cv2.BORDER_CONSTANT, "constant",
                   "k k k k | a b c d | k k k k", True),
    )
}
assert tuple(BORDER_MODES) == MODES


def pad(image, kernel_shape: tuple[int, int], mode: str = "reflect",
        cval: float = 0.0) -> np.ndarray:
    """Pad an image so that a kernel of ``kernel_shape`` fits over every pixel.

    Adds ``(M - 1) // 2`` rows above and below and ``(N - 1) // 2`` columns left
    and right for an M×N kernel, filled by the border ``mode``. A 3-D image is
    padded in its two spatial axes only.

    Parameters
    ----------
    image : array_like
        H×W or H×W×C image.
    kernel_shape : tuple of int
        (M, N), the kernel's rows and columns: two odd positive integers.
    mode : {'reflect', 'mirror', 'nearest', 'wrap', 'constant'}
        Border rule, with its ``scipy.ndimage`` meaning.
    cval : float
        Fill value for 'constant'.

    Returns
    -------
    numpy.ndarray
        The padded image, float64, of shape (H + M - 1, W + N - 1[, C]).

    Examples
    --------
    >>> row = [[1, 2, 3, 4]]
    >>> for mode in BORDER_MODES:
    ...     print(f"{mode:8s}", pad(row, (1, 5), mode, cval=0).astype(int)[0])
    reflect  [2 1 1 2 3 4 4 3]
    mirror   [3 2 1 2 3 4 3 2]
    nearest  [1 1 1 2 3 4 4 4]
    wrap     [3 4 1 2 3 4 1 2]
    constant [0 0 1 2 3 4 0 0]
    """
    array = check_image(image).astype(np.float64, copy=False)
    mode = check_mode(mode)
    cval = check_cval(cval)
    return pad_unchecked(array, check_shape(kernel_shape, "kernel_shape", odd=True), mode, cval)


def pad_unchecked(array: np.ndarray, kernel_shape: tuple[int, int], mode: str,
                  cval: float) -> np.ndarray:
    """:func:`pad` for arguments a caller has already validated; keeps ``array``'s dtype.

    For the package's own fast paths (an integer image stays integer); a learner
    should call :func:`pad`, which checks its arguments and returns float64.

    Examples
    --------
    >>> pad_unchecked(np.array([[1, 2, 3]], np.uint8), (1, 3), "nearest", 0.0)
    array([[1, 1, 2, 3, 3]], dtype=uint8)
    """
    rows, cols = kernel_shape
    widths = [((rows - 1) // 2,) * 2, ((cols - 1) // 2,) * 2] + [(0, 0)] * (array.ndim - 2)
    numpy_mode = BORDER_MODES[mode].numpy_mode
    if numpy_mode == "constant":
        return np.pad(array, widths, mode="constant", constant_values=cval)
    return np.pad(array, widths, mode=numpy_mode)


def border_table() -> list[dict[str, str]]:
    """The border-mode table as rows of text, ready to print or show.

    Examples
    --------
    >>> border_table()[1]["OpenCV"]
    'BORDER_REFLECT_101'
    """
    return [
        {
            "scipy.ndimage": mode.name,
            "OpenCV": mode.opencv_name,
            "numpy.pad": mode.numpy_mode,
            "pattern": mode.pattern,
            "cv2.filter2D": "yes" if mode.filter2d_supports else "no (pad first)",
        }
        for mode in BORDER_MODES.values()
    ]
