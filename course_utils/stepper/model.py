"""The sliding-window stepper as numbers and texts, without any drawing.

:class:`StepperModel` holds, for one image and kernel, everything the stepper
shows: the step order, the padded image and which of its cells are padding,
each step's window, products and sum, and the output cells' texts; each is
computed once, for all steps at a time, and kept. The readout under the
picture (window × kernel = products) is :mod:`course_utils.stepper.readout`.

The stepper walks an M×N kernel over an H×W image, one output pixel per step,
row by row (row-major order): step ``k`` is output pixel ``(k // W, k % W)``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._validation import (
    check_cval,
    check_flag,
    check_image,
    check_int,
    check_kernel,
    check_mode,
    check_position,
)
from ..borders import pad
from ..display import number_text
from ..windows import Window

__all__ = [
    "MAX_STEPPER_SIDE",
    "step_count",
    "index_to_position",
    "position_to_index",
    "output_decimals",
    "truncated_text",
    "footer_lines",
    "header_text",
    "StepperModel",
]

#: The largest image side the stepper accepts: crop a photo to a small patch first.
MAX_STEPPER_SIDE = 32


def step_count(shape) -> int:
    """The number of steps for an image of ``shape``: one per output pixel.

    Examples
    --------
    >>> step_count((12, 12))
    144
    """
    return int(shape[0]) * int(shape[1])


def index_to_position(index, shape) -> tuple[int, int]:
    """The output pixel ``(row, col)`` of step ``index``, counting row by row.

    Examples
    --------
    >>> index_to_position(0, (3, 4)), index_to_position(5, (3, 4)), index_to_position(11, (3, 4))
    ((0, 0), (1, 1), (2, 3))
    >>> index_to_position(12, (3, 4))
    Traceback (most recent call last):
    ...
    ValueError: index must be an integer from 0 to 11, got 12
    """
    index = check_int(index, "index", minimum=0, maximum=step_count(shape) - 1)
    row, col = divmod(index, int(shape[1]))
    return row, col


def position_to_index(row, col, shape) -> int:
    """The step number of output pixel ``(row, col)``: ``row * W + col``.

    Examples
    --------
    >>> position_to_index(1, 1, (3, 4))
    5
    >>> position_to_index(0, 4, (3, 4))
    Traceback (most recent call last):
    ...
    ValueError: col must be an integer from 0 to 3, got 4
    """
    row, col = check_position(row, col, (int(shape[0]), int(shape[1])))
    return row * int(shape[1]) + col


# --------------------------------------------------------------------------- texts


def output_decimals(values) -> int:
    """How many decimals the stepper's output cells keep: 0, 1 or 2.

    Whole numbers when the largest absolute value is at least 10 (a 0-255
    picture), 1 decimal from 1 to 10, 2 below 1.

    Examples
    --------
    >>> output_decimals([213.89, 175.78]), output_decimals([-3.5, 2.0]), output_decimals([0.25])
    (0, 1, 2)
    """
    largest = float(np.max(np.abs(np.asarray(values, dtype=np.float64))))
    return 0 if largest >= 10 else 1 if largest >= 1 else 2


def truncated_text(value, decimals: int = 0) -> str:
    """``value`` cut (towards 0, not rounded) to ``decimals`` decimals, as text.

    This is how the stepper writes output cells: 213.89 shows as ``213``, the
    pixel ``astype("uint8")`` stores, not 214.

    Examples
    --------
    >>> truncated_text(213.89), truncated_text(175.78, 1), truncated_text(-2.519, 2)
    ('213', '175.7', '-2.51')
    >>> truncated_text(-0.4), truncated_text(132.0, 1)
    ('0', '132')
    """
    decimals = check_int(decimals, "decimals", minimum=0)
    scale = 10 ** decimals
    # The tiny nudge keeps 2.3 (stored as 2.2999...) at 2.3 instead of 2.2.
    value = float(value)
    cut = np.trunc(value * scale + np.sign(value) * 1e-9) / scale
    return number_text(cut, decimals)


def header_text(index: int, last: int, row: int, col: int, value: float, flip: bool) -> str:
    """The line above a stepper frame: step, output pixel, its value (2 decimals), operation.

    Examples
    --------
    >>> header_text(5, 15, 1, 1, 132.2222, False)
    'position 5 (0 to 15): output[1, 1] = 132.22   (correlation)'
    """
    return (f"position {index} (0 to {last}): output[{row}, {col}] = {value:.2f}"
            f"   ({'convolution' if flip else 'correlation'})")


def _decimals_words(decimals: int) -> str:
    return {0: "whole numbers", 1: "1 decimal"}.get(decimals, f"{decimals} decimals")


def footer_lines(decimals: int, signed: bool) -> tuple[str, str]:
    """The two lines under a stepper frame: how output cells are written, and the colour key.

    Examples
    --------
    >>> footer_lines(0, False)[0]
    'output cells: the value truncated to whole numbers, not rounded (the header gives 2 decimals)'
    >>> footer_lines(0, True)[1]
    'colours of the kernel and the output: red > 0, blue < 0, white = 0'
    """
    first = (f"output cells: the value truncated to {_decimals_words(decimals)}, not rounded "
             "(the header gives 2 decimals)")
    if signed:
        second = "colours of the kernel and the output: red > 0, blue < 0, white = 0"
    else:
        second = ("kernel colours: red > 0, blue < 0, white = 0; output: grey level, "
                  "black 0 to white 255")
    return first, second


# --------------------------------------------------------------------------- the model


class StepperModel:
    """Every number and text the stepper shows for one image and kernel, computed once.

    The products, sums and output texts of all steps are computed together for
    each ``flip`` (correlation and convolution) at the first request and kept.

    Parameters
    ----------
    image : array_like
        H×W image of finite numbers, at most :data:`MAX_STEPPER_SIDE` pixels a side.
    kernel : array_like
        M×N kernel, M and N odd, no larger than the image.
    mode, cval
        Border rule and fill value, as in :func:`course_utils.correlate`.

    Raises
    ------
    ValueError
        Also for an image holding NaN or infinity, or an output that overflows
        float64: the stepper writes every value, and those have no number to write.

    Examples
    --------
    >>> m = StepperModel(np.arange(16).reshape(4, 4), np.ones((3, 3)), mode="constant")
    >>> m.steps, m.position(5), m.values(False)[1, 1]
    (16, (1, 1), np.float64(45.0))
    >>> m.from_padding[0, :3].tolist()
    [True, True, True]
    """

    def __init__(self, image, kernel, mode: str = "reflect", cval: float = 0.0):
        array = check_image(image, ndims=(2,))
        if max(array.shape) > MAX_STEPPER_SIDE:
            raise ValueError(
                f"image must be at most {MAX_STEPPER_SIDE}×{MAX_STEPPER_SIDE} pixels for the "
                f"stepper (crop a small patch first), got shape {array.shape}"
            )
        if not np.all(np.isfinite(array)):
            raise ValueError("image must hold finite numbers only for the stepper (it writes "
                             "every value), got NaN or infinity")
        self.image = array
        self.kernel = check_kernel(kernel, array.shape)
        self.mode = check_mode(mode)
        self.cval = check_cval(cval)
        self.shape = array.shape
        self.steps = step_count(array.shape)
        self.pad_rows = (self.kernel.shape[0] - 1) // 2
        self.pad_cols = (self.kernel.shape[1] - 1) // 2
        self.padded = pad(array, self.kernel.shape, self.mode, self.cval)
        """The image padded by the border mode: what the windows read."""
        inside = np.zeros(self.padded.shape, dtype=bool)
        inside[self.pad_rows:self.pad_rows + self.shape[0],
               self.pad_cols:self.pad_cols + self.shape[1]] = True
        self.from_padding = ~inside
        """True for the cells of :attr:`padded` that come from padding."""
        self._windows = sliding_window_view(self.padded, self.kernel.shape)
        self._products: dict[bool, np.ndarray] = {}
        self._values: dict[bool, np.ndarray] = {}
        self._texts: dict[bool, list] = {}
        for flip in (False, True):
            self._check_overflow(flip)

    def _check_overflow(self, flip: bool) -> None:
        """Refuse a stepper whose sums overflow float64 (finite inputs, infinite outputs).

        It stays here rather than in ``_validation``: it checks no input but a result
        the model computes (every step's sum), and it needs the model's own values.
        """
        values = self.values(flip)
        if not np.all(np.isfinite(values)):
            row, col = np.argwhere(~np.isfinite(values))[0]
            raise ValueError(
                f"the output overflows float64 (about 1.8e308) at output[{row}, {col}] = "
                f"{values[row, col]} for the {'convolution' if flip else 'correlation'}; "
                "scale the image or the kernel down to use the stepper"
            )

    @property
    def windows(self) -> np.ndarray:
        """Every step's window of :attr:`padded`: H×W×M×N, a read-only view."""
        return self._windows

    def position(self, index) -> tuple[int, int]:
        """The output pixel ``(row, col)`` of step ``index``."""
        return index_to_position(index, self.shape)

    def applied_kernel(self, flip: bool) -> np.ndarray:
        """The kernel as it slides: rotated by 180° for a convolution (``flip``)."""
        return self.kernel[::-1, ::-1] if check_flag(flip, "flip") else self.kernel

    def products(self, flip: bool) -> np.ndarray:
        """Every step's window times the kernel as applied: H×W×M×N."""
        flip = check_flag(flip, "flip")
        if flip not in self._products:
            with np.errstate(over="ignore", invalid="ignore"):  # overflow: refused at __init__
                self._products[flip] = self._windows * self.applied_kernel(flip)
        return self._products[flip]

    def values(self, flip: bool) -> np.ndarray:
        """Every output pixel (the sum of its products, as :func:`window_at` adds them): H×W."""
        flip = check_flag(flip, "flip")
        if flip not in self._values:
            products = self.products(flip).reshape(*self.shape, -1)
            with np.errstate(over="ignore", invalid="ignore"):  # overflow: refused at __init__
                self._values[flip] = products.sum(axis=-1)
        return self._values[flip]

    def window(self, index, flip: bool) -> Window:
        """The arithmetic of step ``index``: the :class:`~course_utils.Window` of ``window_at``."""
        row, col = self.position(index)
        rows, cols = self.kernel.shape
        return Window(row=row, col=col,
                      window=self._windows[row, col].copy(),
                      kernel=self.applied_kernel(flip).copy(),
                      products=self.products(flip)[row, col].copy(),
                      value=float(self.values(flip)[row, col]),
                      from_padding=self.from_padding[row:row + rows, col:col + cols].copy(),
                      flip=bool(flip))

    def decimals(self, flip: bool) -> int:
        """How many decimals the output cells keep (:func:`output_decimals`)."""
        return output_decimals(self.values(flip))

    def signed(self, flip: bool) -> bool:
        """Whether the output leaves 0-255, so its cells take the signed colours."""
        values = self.values(flip)
        return bool(values.min() < -1e-9 or values.max() > 255 + 1e-9)

    def output_texts(self, flip: bool) -> list[list[list[str]]]:
        """What each output cell may say, best first: the value truncated, never rounded.

        For each cell, the texts from :meth:`decimals` decimals down to none;
        the drawing writes the first one that fits the cell.

        Examples
        --------
        >>> StepperModel([[5, 7, 2]], np.full((1, 3), 1 / 3)).output_texts(False)[0]  # 5.67 ...
        [['5.6', '5'], ['4.6', '4'], ['3.6', '3']]
        """
        flip = check_flag(flip, "flip")
        if flip not in self._texts:
            decimals = self.decimals(flip)
            self._texts[flip] = [
                [list(dict.fromkeys(truncated_text(v, d) for d in range(decimals, -1, -1)))
                 for v in row] for row in self.values(flip)]
        return self._texts[flip]

    def header(self, index, flip: bool) -> str:
        """The line above the frame of step ``index`` (:func:`header_text`).

        Examples
        --------
        >>> StepperModel(np.zeros((3, 3)), np.ones((3, 3))).header(4, True)
        'position 4 (0 to 8): output[1, 1] = 0.00   (convolution)'
        """
        row, col = self.position(index)
        return header_text(int(index), self.steps - 1, row, col, self.values(flip)[row, col],
                           flip)
