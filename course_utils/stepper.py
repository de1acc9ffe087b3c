"""The drawing core of the sliding-window stepper: pure functions, no widgets.

The stepper walks an M×N kernel over an H×W image, one output pixel per step,
row by row (row-major order): step ``k`` is output pixel
``(k // W, k % W)``. Every number it shows comes from
:func:`course_utils.window_at`; this module only turns those numbers into a
picture (a frame) and into small grids of text (the readout).

A frame has three panels side by side:

- the image **padded** by the border mode, every cell with its pixel value;
  cells that come from padding are tinted orange and hatched, and a blue line
  marks the edge of the real image; the kernel's window is outlined in red;
- the **kernel as applied** (rotated by 180° for a convolution);
- the **output**, filled in up to the current step, its newest pixel outlined.
  Its cells show each value **truncated** (cut towards 0, never rounded up) to
  whole numbers, or to 1 or 2 decimals for small values, the way a ``uint8``
  image stores a pixel; the header above the frame gives the current value to
  2 decimals, as the widget's readout does. A footer says which, and gives
  the key of the red/blue colours (kernel, and signed outputs).

:class:`course_utils.widgets.SlidingWindowStepper` shows these frames in a
widget; :func:`course_utils.plotting.show_stepper_steps` shows a few of them as
a static figure (widgets do not render on GitHub).
"""

from __future__ import annotations

import html
import io
import numbers
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ._validation import check_cval, check_image, check_kernel, check_mode, check_position
from .windows import Window, window_at

__all__ = [
    "MAX_STEPPER_SIDE",
    "step_count",
    "index_to_position",
    "position_to_index",
    "output_label",
    "readout_grids",
    "readout_html",
    "StepperRenderer",
    "render_steps",
    "output_decimals",
    "truncated_text",
    "footer_lines",
]

#: The largest image side the stepper accepts: crop a photo to a small patch first.
MAX_STEPPER_SIDE = 32

_WHITE = np.array([255, 255, 255], dtype=np.float64)
_ORANGE = np.array([255, 160, 40], dtype=np.float64)
_HATCH = (190, 100, 0)
_RED = (214, 39, 40)
_BLUE = (31, 119, 180)
_GRID = (205, 205, 205)
_EMPTY = (246, 246, 246)
_TEXT = (20, 20, 20)
_MARGIN = 10
_GAP = 24
_HEADER = 26
_CAPTION = 20
_FOOTER = 36


def _check_shape(shape) -> tuple[int, int]:
    rows, cols = (int(size) for size in shape[:2])
    return rows, cols


def step_count(shape) -> int:
    """The number of steps for an image of ``shape``: one per output pixel.

    Examples
    --------
    >>> step_count((12, 12))
    144
    """
    rows, cols = _check_shape(shape)
    return rows * cols


def index_to_position(index, shape) -> tuple[int, int]:
    """The output pixel ``(row, col)`` of step ``index``, counting row by row.

    Parameters
    ----------
    index : int
        Step number, from 0 to ``H * W - 1``.
    shape : tuple of int
        The image's shape ``(H, W)``.

    Examples
    --------
    >>> index_to_position(0, (3, 4)), index_to_position(5, (3, 4)), index_to_position(11, (3, 4))
    ((0, 0), (1, 1), (2, 3))
    >>> index_to_position(12, (3, 4))
    Traceback (most recent call last):
    ...
    ValueError: index must be an integer from 0 to 11, got 12
    """
    rows, cols = _check_shape(shape)
    if isinstance(index, (bool, np.bool_)) or not isinstance(index, numbers.Integral):
        raise TypeError(f"index must be an integer, got {index!r}")
    if not 0 <= index < rows * cols:
        raise ValueError(f"index must be an integer from 0 to {rows * cols - 1}, got {index}")
    row, col = divmod(int(index), cols)
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
    rows, cols = _check_shape(shape)
    row, col = check_position(row, col, (rows, cols))
    return row * cols + col


# --------------------------------------------------------------------------- readout


def output_label(window: Window) -> str:
    """The output pixel a window becomes, as ``output[ROW, COL] = VALUE`` (2 decimals).

    Examples
    --------
    >>> w = window_at([[93, 139, 101], [26, 252, 196], [135, 230, 18]],
    ...               np.full((3, 3), 1 / 9), 1, 1)
    >>> output_label(w)
    'output[1, 1] = 132.22'
    """
    return f"output[{window.row}, {window.col}] = {window.value:.2f}"


def _number(value: float, decimals: int) -> str:
    """A number as short text: integers without decimals, others with ``decimals``."""
    value = float(value)
    if abs(value - round(value)) < 1e-9:
        text = str(int(round(value)))
    else:
        text = f"{value:.{decimals}f}"
    return "0" if text in ("-0", "-0.0", "-0.00", "-0.000") else text


def readout_grids(window: Window) -> dict:
    """The readout's numbers as text: window, kernel as applied, products, sum, label.

    Parameters
    ----------
    window : Window
        The result of :func:`course_utils.window_at` at one output pixel.

    Returns
    -------
    dict
        ``"window"``, ``"kernel"`` and ``"products"``: lists of rows of strings
        (kernel with 3 decimals, the others with 2, integers without decimals);
        ``"from_padding"``: rows of booleans; ``"sum"``: the sum with 2 decimals;
        ``"label"``: :func:`output_label`; ``"flip"``: whether the kernel was rotated.

    Examples
    --------
    >>> w = window_at([[93, 139, 101], [26, 252, 196], [135, 230, 18]],
    ...               np.full((3, 3), 1 / 9), 1, 1)
    >>> grids = readout_grids(w)
    >>> grids["window"][0], grids["kernel"][0], grids["products"][0]
    (['93', '139', '101'], ['0.111', '0.111', '0.111'], ['10.33', '15.44', '11.22'])
    >>> grids["sum"], grids["label"]
    ('132.22', 'output[1, 1] = 132.22')
    """
    def grid(array, decimals):
        return [[_number(v, decimals) for v in row] for row in np.asarray(array)]

    return {
        "window": grid(window.window, 2),
        "kernel": grid(window.kernel, 3),
        "products": grid(window.products, 2),
        "from_padding": np.asarray(window.from_padding, dtype=bool).tolist(),
        "sum": f"{window.value:.2f}",
        "label": output_label(window),
        "flip": bool(window.flip),
    }


def _html_table(rows, shaded=None) -> str:
    cells = []
    for r, row in enumerate(rows):
        tds = []
        for c, text in enumerate(row):
            padded = shaded is not None and shaded[r][c]
            background = "background:#ffd9a8;" if padded else ""
            tds.append(f'<td style="border:1px solid #bbb;padding:1px 5px;text-align:right;'
                       f'{background}">{html.escape(text)}</td>')
        cells.append("<tr>" + "".join(tds) + "</tr>")
    return ('<table style="border-collapse:collapse;font-family:monospace;font-size:12px;'
            'display:inline-table;vertical-align:middle">' + "".join(cells) + "</table>")


def readout_html(window: Window, mode: str | None = None) -> str:
    """The readout as HTML: window ⊙ kernel = products, their sum and the output pixel.

    Cells of the window that come from padding are shaded orange. The text
    contains :func:`output_label` verbatim.

    Examples
    --------
    >>> w = window_at(np.arange(9).reshape(3, 3), np.ones((3, 3)), 0, 0, mode="constant")
    >>> text = readout_html(w, "constant")
    >>> "output[0, 0] = 8.00" in text, text.count("background:#ffd9a8;")  # 5 padded cells
    (True, 5)
    """
    grids = readout_grids(window)
    what = "kernel rotated 180° (convolution)" if grids["flip"] else "kernel (correlation)"
    border = f" (mode {mode!r})" if mode is not None else ""
    op = '<span style="font-size:18px;padding:0 8px">{}</span>'
    parts = [
        '<div style="font-family:sans-serif;font-size:12px;line-height:1.4">',
        '<div style="display:flex;gap:4px;align-items:flex-end">',
        f"<div>window{html.escape(border, quote=False)}<br>"
        f"{_html_table(grids['window'], grids['from_padding'])}</div>",
        op.format("×"),
        f"<div>{what}<br>{_html_table(grids['kernel'])}</div>",
        op.format("="),
        f"<div>products<br>{_html_table(grids['products'])}</div>",
        "</div>",
        f"<div>sum of the {window.products.size} products = {grids['sum']} &rarr; "
        f"<b>{html.escape(grids['label'])}</b></div>",
    ]
    if any(any(row) for row in grids["from_padding"]):
        parts.append('<div><span style="background:#ffd9a8">shaded</span>: values that come '
                     "from padding, outside the image</div>")
    parts.append("</div>")
    return "".join(parts)


# --------------------------------------------------------------------------- frames


@lru_cache(maxsize=16)
def _font(size: int):
    return ImageFont.load_default(size=size)


def _luminance(rgb) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def _fit(draw, text_options, width, font_size):
    """The first text of ``text_options`` that fits ``width`` pixels, and its font."""
    for size in (font_size, font_size - 1, font_size - 2):
        font = _font(max(size, 6))
        for text in text_options:
            if draw.textlength(text, font=font) <= width:
                return text, font
    return text_options[-1], _font(max(font_size - 2, 6))


def _value_texts(value: float, decimals: int = 2) -> list[str]:
    """Ways to write ``value`` in a cell, from ``decimals`` decimals down to none."""
    value = float(value)
    options = [_number(value, d) for d in range(decimals, -1, -1)]
    if abs(value) >= 1000:
        options.append(f"{value:.0e}")
    return list(dict.fromkeys(options))


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
    scale = 10 ** int(decimals)
    # The tiny nudge keeps 2.3 (stored as 2.2999...) at 2.3 instead of 2.2.
    value = float(value)
    cut = np.trunc(value * scale + np.sign(value) * 1e-9) / scale
    return _number(cut, int(decimals))


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


class StepperRenderer:
    """Draws the stepper's frames for one image and kernel, fast.

    The parts that do not change from step to step (the padded image with its
    numbers, the kernel, the completed output) are drawn once and cached, one
    set per ``flip``; a step only copies the finished output cells up to the
    current position and draws two outlines and a header line.

    Parameters
    ----------
    image : array_like
        H×W image, at most :data:`MAX_STEPPER_SIDE` pixels on a side.
    kernel : array_like
        M×N kernel, M and N odd, no larger than the image.
    mode : {'reflect', 'mirror', 'nearest', 'wrap', 'constant'}
        Border rule, as in :func:`course_utils.correlate`.
    cval : float
        Fill value for ``mode='constant'``.
    cell : int, optional
        Side of one pixel's cell, in screen pixels (default: from 18 to 30,
        smaller for bigger images).

    Examples
    --------
    >>> r = StepperRenderer(np.arange(16).reshape(4, 4), np.ones((3, 3)))
    >>> r.steps, r.position(5)
    (16, (1, 1))
    >>> frame = r.frame(5)
    >>> frame.dtype, frame.shape == r.frame(6).shape
    (dtype('uint8'), True)
    >>> r.png(5)[:4]
    b'\\x89PNG'
    """

    def __init__(self, image, kernel, mode: str = "reflect", cval: float = 0.0,
                 cell: int | None = None):
        array = check_image(image, ndims=(2,))
        if max(array.shape) > MAX_STEPPER_SIDE:
            raise ValueError(
                f"image must be at most {MAX_STEPPER_SIDE}×{MAX_STEPPER_SIDE} pixels for the "
                f"stepper (crop a small patch first), got shape {array.shape}"
            )
        self.image = array
        self.kernel = check_kernel(kernel, array.shape)
        self.mode = check_mode(mode)
        self.cval = check_cval(cval)
        self.shape = array.shape
        self.steps = step_count(array.shape)
        self.pad_rows = (self.kernel.shape[0] - 1) // 2
        self.pad_cols = (self.kernel.shape[1] - 1) // 2
        padded_rows = self.shape[0] + 2 * self.pad_rows
        padded_cols = self.shape[1] + 2 * self.pad_cols
        if cell is None:
            cell = int(np.clip(460 // max(padded_rows, padded_cols), 16, 30))
        if isinstance(cell, bool) or not isinstance(cell, numbers.Integral) or cell < 8:
            raise ValueError(f"cell must be an integer of at least 8 pixels, got {cell!r}")
        self.cell = int(cell)
        self._font_size = max(8, min(11, self.cell // 3 + 2))
        self._cache: dict[bool, tuple] = {}
        self._values: dict[bool, np.ndarray] = {}
        self._layout()

    # -- geometry ----------------------------------------------------------------
    def _layout(self) -> None:
        cell = self.cell
        rows, cols = self.shape
        k_rows, k_cols = self.kernel.shape
        caption = _font(12)
        measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
        # Kernel cells are wide enough for the 3 decimals the readout shows.
        font = _font(self._font_size)
        widest = max(measure.textlength(_number(v, 3), font=font) for v in self.kernel.ravel())
        self.kernel_cell = int(max(cell, min(48, widest + 8)))
        captions = (f"input, padded (mode {self.mode!r})", "kernel rotated 180°", "output")
        widths = [(cols + 2 * self.pad_cols) * cell, k_cols * self.kernel_cell, cols * cell]
        x = _MARGIN
        self._x = []
        for text, size in zip(captions, widths, strict=True):
            self._x.append(x)
            x += max(size, int(measure.textlength(text, font=caption)) + 4) + _GAP
        header = (f"position {self.steps} (0 to {self.steps}): output[{rows}, {cols}] = "
                  "-00000.00")
        header_width = measure.textlength(header + "   (convolution)", font=_font(13))
        footer_width = max(measure.textlength(line, font=_font(11))
                           for decimals in (0, 1, 2) for signed in (False, True)
                           for line in footer_lines(decimals, signed))
        self.width = max(x - _GAP + _MARGIN, int(header_width) + 2 * _MARGIN,
                         int(footer_width) + 2 * _MARGIN)
        self._top = _HEADER + _CAPTION
        # The output and the kernel start at the image's first row, next to it.
        self._panel_top = self._top + self.pad_rows * cell
        bottom = max(self._top + (rows + 2 * self.pad_rows) * cell,
                     self._panel_top + k_rows * self.kernel_cell)
        self._footer_top = bottom + 6
        self.height = self._footer_top + _FOOTER

    def cell_box(self, panel: str, row: int, col: int) -> tuple[int, int, int, int]:
        """Where a cell is drawn: ``(x0, y0, x1, y1)`` in frame pixels, edges included.

        ``panel`` is 'input' (``row``, ``col`` count in the *padded* image),
        'kernel' or 'output'.

        Examples
        --------
        >>> r = StepperRenderer(np.zeros((3, 3)), np.ones((3, 3)), cell=20)
        >>> x0, y0, x1, y1 = r.cell_box("output", 0, 1)
        >>> x1 - x0, y1 - y0
        (20, 20)
        """
        panels = {"input": (self._x[0], self._top), "kernel": (self._x[1], self._panel_top),
                  "output": (self._x[2], self._panel_top)}
        if panel not in panels:
            raise ValueError(f"panel must be one of {tuple(panels)}, got {panel!r}")
        x0, y0 = panels[panel]
        size = self.kernel_cell if panel == "kernel" else self.cell
        return self._cell_box(x0, y0, int(row), int(col), size)

    def position(self, index) -> tuple[int, int]:
        """The output pixel ``(row, col)`` of step ``index``.

        Examples
        --------
        >>> StepperRenderer(np.zeros((3, 4)), np.ones((3, 3))).position(5)
        (1, 1)
        """
        return index_to_position(index, self.shape)

    def window(self, index, flip: bool = False) -> Window:
        """:func:`course_utils.window_at` at step ``index``: all the stepper's arithmetic.

        Examples
        --------
        >>> r = StepperRenderer(np.arange(9).reshape(3, 3), np.ones((3, 3)))
        >>> w = r.window(4)
        >>> (w.row, w.col), w.value
        ((1, 1), 36.0)
        """
        row, col = self.position(index)
        return window_at(self.image, self.kernel, row, col, mode=self.mode, cval=self.cval,
                         flip=bool(flip))

    def output_values(self, flip: bool = False) -> np.ndarray:
        """Every output pixel's value (from :meth:`window`), as an H×W float array.

        Examples
        --------
        >>> StepperRenderer([[93, 139], [26, 252]], np.ones((1, 1)) / 2).output_values()
        array([[ 46.5,  69.5],
               [ 13. , 126. ]])
        """
        flip = bool(flip)
        if flip not in self._values:
            self._values[flip] = np.array(
                [self.window(i, flip).value for i in range(self.steps)]).reshape(self.shape)
        return self._values[flip]

    def output_texts(self, flip: bool = False) -> list[list[list[str]]]:
        """What each output cell may say, best first: the value truncated, never rounded.

        For each cell, the texts from :func:`output_decimals` decimals down to none;
        the frame writes the first one that fits the cell.

        Examples
        --------
        >>> region = [[93, 139, 101], [26, 252, 196], [135, 230, 18]]
        >>> StepperRenderer(region, np.full((3, 3), 1 / 9)).output_texts()[1][1]  # 132.22
        ['132']
        >>> StepperRenderer([[5, 7, 2]], np.full((1, 3), 1 / 3)).output_texts()[0]  # 5.67 ...
        [['5.6', '5'], ['4.6', '4'], ['3.6', '3']]
        """
        values = self.output_values(flip)
        decimals = output_decimals(values)
        return [[list(dict.fromkeys(truncated_text(v, d) for d in range(decimals, -1, -1)))
                 for v in row] for row in values]

    # -- colours -------------------------------------------------------------------
    @staticmethod
    def _gray_scale(values: np.ndarray):
        low, high = float(values.min()), float(values.max())
        if low >= -1e-9 and high <= 255 + 1e-9:
            low, high = 0.0, 255.0
        if high == low:
            high = low + 1.0
        return low, high

    def _gray(self, value: float, low: float, high: float):
        level = int(round(np.clip((value - low) / (high - low), 0, 1) * 255))
        return (level, level, level)

    @staticmethod
    def _diverging(value: float, limit: float):
        t = float(np.clip(value / limit, -1, 1)) if limit else 0.0
        end = np.array([178, 24, 43]) if t > 0 else np.array([33, 102, 172])
        rgb = _WHITE + abs(t) * (end - _WHITE)
        return tuple(int(round(v)) for v in rgb)

    # -- cached drawing ------------------------------------------------------------
    def _cell_box(self, x0, y0, r, c, cell=None):
        cell = self.cell if cell is None else cell
        return x0 + c * cell, y0 + r * cell, x0 + (c + 1) * cell, y0 + (r + 1) * cell

    def _draw_cell(self, draw, box, rgb, value, hatch=False, decimals=2, texts=None):
        x0, y0, x1, y1 = box
        draw.rectangle((x0, y0, x1, y1), fill=rgb, outline=_GRID)
        if hatch:
            step = 6
            for offset in range(-(y1 - y0), x1 - x0, step):
                start = (x0 + max(offset, 0), y0 + max(-offset, 0))
                length = min(x1 - start[0], y1 - start[1])
                draw.line((start, (start[0] + length, start[1] + length)), fill=_HATCH)
        if self.cell >= 16 and value is not None:
            options = _value_texts(value, decimals) if texts is None else texts
            text, font = _fit(draw, options, (x1 - x0) - 4, self._font_size)
            color = "white" if _luminance(rgb) < 120 else _TEXT
            if hatch:  # keep numbers readable over the hatching
                box_w = draw.textlength(text, font=font)
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                draw.rectangle((cx - box_w / 2 - 1, cy - 6, cx + box_w / 2 + 1, cy + 6),
                               fill=rgb)
            draw.text(((x0 + x1) / 2, (y0 + y1) / 2 + 1), text, fill=color, font=font,
                      anchor="mm")

    def _build(self, flip: bool):
        """The background (empty output) and the finished output panel, for ``flip``."""
        cell = self.cell
        rows, cols = self.shape
        windows = [self.window(i, flip) for i in range(self.steps)]
        values = self.output_values(flip)
        texts = self.output_texts(flip)
        canvas = Image.new("RGB", (self.width, self.height), "white")
        draw = ImageDraw.Draw(canvas)
        caption = _font(12)
        x_in, x_k, x_out = self._x
        top = self._top
        # Panel 1: the padded image, read from the windows so it shows what they read.
        padded_rows, padded_cols = rows + 2 * self.pad_rows, cols + 2 * self.pad_cols
        padded = np.empty((padded_rows, padded_cols))
        k_rows, k_cols = self.kernel.shape
        for w in windows:
            padded[w.row:w.row + k_rows, w.col:w.col + k_cols] = w.window
        low, high = self._gray_scale(padded)
        inside = np.zeros(padded.shape, dtype=bool)
        inside[self.pad_rows:self.pad_rows + rows, self.pad_cols:self.pad_cols + cols] = True
        for (r, c), value in np.ndenumerate(padded):
            gray = np.array(self._gray(value, low, high), dtype=np.float64)
            outside = not inside[r, c]
            rgb = gray if not outside else 0.55 * gray + 0.45 * _ORANGE
            self._draw_cell(draw, self._cell_box(x_in, top, r, c),
                            tuple(int(round(v)) for v in rgb), value, hatch=outside)
        if self.pad_rows or self.pad_cols:
            x0, y0, _, _ = self._cell_box(x_in, top, self.pad_rows, self.pad_cols)
            draw.rectangle((x0, y0, x0 + cols * cell, y0 + rows * cell), outline=_BLUE, width=2)
        draw.text((x_in, _HEADER), f"input, padded (mode {self.mode!r})", fill=_TEXT,
                  font=caption)
        # Panel 2: the kernel as applied.
        kernel = self.kernel[::-1, ::-1] if flip else self.kernel
        limit = float(np.abs(kernel).max())
        for (r, c), value in np.ndenumerate(kernel):
            rgb = self._diverging(0.35 * value, limit)
            self._draw_cell(draw, self._cell_box(x_k, self._panel_top, r, c, self.kernel_cell),
                            rgb, value, decimals=3)
        draw.text((x_k, _HEADER), "kernel rotated 180°" if flip else "kernel", fill=_TEXT,
                  font=caption)
        # Panel 3: the output, empty in the background, filled in the finished copy.
        draw.text((x_out, _HEADER), "output", fill=_TEXT, font=caption)
        for r, c in np.ndindex(rows, cols):
            self._draw_cell(draw, self._cell_box(x_out, self._panel_top, r, c), _EMPTY, None)
        # Truncated, never rounded: the cells show what a uint8 image would store.
        decimals = output_decimals(values)
        signed = bool(values.min() < -1e-9 or values.max() > 255 + 1e-9)
        for y, line in zip((self._footer_top, self._footer_top + 16),
                           footer_lines(decimals, signed), strict=True):
            draw.text((_MARGIN, y), line, fill=_TEXT, font=_font(11))
        background = np.asarray(canvas).copy()
        low, high = self._gray_scale(values)
        limit = float(np.abs(values).max())
        for (r, c), value in np.ndenumerate(values):
            rgb = self._diverging(value, limit) if signed else self._gray(value, low, high)
            self._draw_cell(draw, self._cell_box(x_out, self._panel_top, r, c), rgb, value,
                            texts=texts[r][c])
        finished = np.asarray(canvas).copy()
        return background, finished

    def _cached(self, flip: bool):
        flip = bool(flip)
        if flip not in self._cache:
            self._cache[flip] = self._build(flip)
        return self._cache[flip]

    # -- per step ----------------------------------------------------------------
    @staticmethod
    def _outline(frame, x0, y0, x1, y1, rgb, width=3):
        frame[y0:y0 + width, x0:x1 + 1] = rgb
        frame[y1 - width + 1:y1 + 1, x0:x1 + 1] = rgb
        frame[y0:y1 + 1, x0:x0 + width] = rgb
        frame[y0:y1 + 1, x1 - width + 1:x1 + 1] = rgb

    def frame(self, index, flip: bool = False) -> np.ndarray:
        """The picture of step ``index`` as an RGB uint8 array (height × width × 3).

        Examples
        --------
        >>> r = StepperRenderer(np.zeros((3, 3)), np.ones((3, 3)))
        >>> r.frame(0).shape == (r.height, r.width, 3)
        True
        """
        return np.asarray(self._picture(index, flip))

    def _picture(self, index, flip: bool) -> Image.Image:
        row, col = self.position(index)
        background, finished = self._cached(flip)
        frame = background.copy()
        cell = self.cell
        x_in, _, x_out = self._x
        top = self._panel_top
        # Output cells computed so far: every earlier row, then this row up to col.
        right = x_out + self.shape[1] * cell + 1
        frame[top:top + row * cell, x_out:right] = finished[top:top + row * cell, x_out:right]
        y0 = top + row * cell
        x1 = x_out + (col + 1) * cell + 1
        frame[y0:y0 + cell + 1, x_out:x1] = finished[y0:y0 + cell + 1, x_out:x1]
        # The window in the padded panel and the pixel it writes.
        k_rows, k_cols = self.kernel.shape
        wx0, wy0 = x_in + col * cell, self._top + row * cell
        self._outline(frame, wx0 - 1, wy0 - 1, wx0 + k_cols * cell + 1, wy0 + k_rows * cell + 1,
                      _RED)
        ox0, oy0 = x_out + col * cell, top + row * cell
        self._outline(frame, ox0 - 1, oy0 - 1, ox0 + cell + 1, oy0 + cell + 1, _RED)
        picture = Image.fromarray(frame)
        value = self.window(index, flip).value
        header = (f"position {int(index)} (0 to {self.steps - 1}): output[{row}, {col}] = "
                  f"{value:.2f}"
                  f"   ({'convolution' if flip else 'correlation'})")
        ImageDraw.Draw(picture).text((_MARGIN, 5), header, fill=_TEXT, font=_font(13))
        return picture

    def png(self, index, flip: bool = False) -> bytes:
        """The picture of step ``index`` as PNG bytes (fast, lightly compressed).

        Examples
        --------
        >>> png = StepperRenderer(np.zeros((3, 3)), np.ones((3, 3))).png(0, flip=True)
        >>> png[1:4]
        b'PNG'
        """
        buffer = io.BytesIO()
        self._picture(index, flip).save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()


def render_steps(image, kernel, indices, mode: str = "reflect", cval: float = 0.0,
                 flip: bool = False, cell: int | None = None) -> np.ndarray:
    """Frames of a few steps stacked top to bottom, for a static figure.

    Parameters
    ----------
    image, kernel, mode, cval, cell
        As for :class:`StepperRenderer`.
    indices : sequence of int
        The steps to draw (row-major step numbers, see :func:`position_to_index`).
    flip : bool
        Draw the convolution (kernel rotated by 180°) instead of the correlation.

    Returns
    -------
    numpy.ndarray
        RGB uint8 array: the frames with a thin white gap between them.

    Examples
    --------
    >>> one = render_steps(np.zeros((3, 3)), np.ones((3, 3)), [0])
    >>> two = render_steps(np.zeros((3, 3)), np.ones((3, 3)), [0, 8])
    >>> two.shape[0] == 2 * one.shape[0] + 8
    True
    """
    renderer = StepperRenderer(image, kernel, mode, cval, cell)
    indices = list(indices)
    if not indices:
        raise ValueError("indices must name at least one step, got an empty sequence")
    gap = np.full((8, renderer.width, 3), 255, dtype=np.uint8)
    frames = []
    for number, index in enumerate(indices):
        if number:
            frames.append(gap)
        frames.append(renderer.frame(index, flip))
    return np.concatenate(frames, axis=0)
