"""The arithmetic at one output pixel: the window, the products, their sum.

This is the pure core that the sliding-window stepper draws; nothing here
depends on widgets or plotting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import check_flag, check_image, check_kernel, check_position
from .borders import pad

__all__ = ["Window", "window_at"]


@dataclass(frozen=True)
class Window:
    """What happens at output pixel ``(row, col)``: made by :func:`window_at`.

    Examples
    --------
    >>> w = window_at([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 0, 0], [0, 0, 1], [0, 0, 0]], 1, 1)
    >>> w.window[1], w.products[1], w.value
    (array([4., 5., 6.]), array([0., 0., 6.]), 6.0)
    """

    row: int
    """Output row."""
    col: int
    """Output column."""
    window: np.ndarray
    """The image patch under the kernel (M×N), border values included."""
    kernel: np.ndarray
    """The kernel as applied: rotated by 180° when ``flip`` was true."""
    products: np.ndarray
    """``window * kernel``, element by element."""
    value: float
    """The sum of the products: the output pixel."""
    from_padding: np.ndarray
    """Boolean M×N mask, true where the window reads a padded (border) value."""
    flip: bool
    """Whether the kernel was flipped (convolution) or not (correlation)."""


def window_at(image, kernel, row: int, col: int, mode: str = "reflect",
              cval: float = 0.0, flip: bool = False) -> Window:
    """The window, kernel, products and sum that make output pixel ``(row, col)``.

    ``window_at(...).value`` equals ``correlate(...)[row, col]``, or
    ``convolve(...)[row, col]`` when ``flip=True``.

    Parameters
    ----------
    image : array_like
        H×W image (one channel; pass ``image[..., c]`` for a colour image).
    kernel : array_like
        M×N kernel, M and N odd.
    row, col : int
        Output pixel, ``0 <= row < H`` and ``0 <= col < W``.
    mode, cval
        Border rule, as in :func:`course_utils.correlate`.
    flip : bool
        Rotate the kernel by 180° first (convolution) or not (correlation); ``True``
        or ``False`` only (the string ``"False"`` is refused, not read as true).

    Returns
    -------
    Window

    Examples
    --------
    The lesson's example: the centre of a 3×3 region under a 3×3 box blur.

    >>> region = [[93, 139, 101], [26, 252, 196], [135, 230, 18]]
    >>> w = window_at(region, np.full((3, 3), 1 / 9), 1, 1)
    >>> print(np.round(w.products, 1))
    [[10.3 15.4 11.2]
     [ 2.9 28.  21.8]
     [15.  25.6  2. ]]
    >>> round(w.value * 9)
    1190
    """
    array = check_image(image, ndims=(2,))
    kernel = check_kernel(kernel, array.shape)
    row, col = check_position(row, col, array.shape)
    flip = check_flag(flip, "flip")
    padded = pad(array, kernel.shape, mode, cval)
    rows, cols = kernel.shape
    window = padded[row:row + rows, col:col + cols]
    applied = kernel[::-1, ::-1] if flip else kernel
    products = window * applied
    # Which padded pixels fall outside the original image?
    top, left = row - (rows - 1) // 2, col - (cols - 1) // 2
    image_rows = np.arange(top, top + rows)[:, None]
    image_cols = np.arange(left, left + cols)[None, :]
    outside = ((image_rows < 0) | (image_rows >= array.shape[0])
               | (image_cols < 0) | (image_cols >= array.shape[1]))
    return Window(row=row, col=col, window=window, kernel=applied.copy(), products=products,
                  value=float(products.sum()), from_padding=outside, flip=flip)
