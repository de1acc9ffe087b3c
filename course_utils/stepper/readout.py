"""The stepper's readout: one step's window × kernel = products, their sum, as text and HTML.

Made from a :class:`~course_utils.Window` (from :func:`course_utils.window_at`
or :meth:`course_utils.stepper.model.StepperModel.window`).

The numbers on screen add up: the kernel is written so that the shown pixel
times the shown kernel entry gives the shown product (to its last decimal).
A kernel of simple fractions is written as fractions (``1/9``, ``2/16``), one
of whole numbers as whole numbers, any other with as many decimals as that
takes (:func:`readout_format`). Each table has one format: ``24.00`` beside
``23.89``, never ``24``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from ..display import fixed_text, fraction_texts, table_texts
from ..i18n import tr
from ..windows import Window

__all__ = ["ReadoutFormat", "readout_format", "output_label", "step_announcement",
           "announcement_html", "readout_grids", "readout_html"]

#: The background of the readout's cells that come from padding.
PADDING_SHADE = "#ffd9a8"
#: Decimals of the products (and of the sum) when they are not all whole.
PRODUCT_DECIMALS = 2
#: The fewest decimals of pixels that are not all whole, and of a kernel written in decimals.
WINDOW_DECIMALS, KERNEL_DECIMALS = 2, 3
#: The most decimals :func:`readout_format` adds to make the numbers multiply.
MAX_EXTRA_DECIMALS = 12


@dataclass(frozen=True)
class ReadoutFormat:
    """How a readout writes its three tables (made by :func:`readout_format`).

    ``window_decimals`` and ``product_decimals`` are ``0`` for whole numbers;
    ``kernel`` holds the kernel's texts, rows of strings.
    """

    window_decimals: int
    kernel: tuple
    product_decimals: int

    def window_texts(self, window) -> list:
        """The window's pixels as the readout writes them."""
        return _texts(window, self.window_decimals)

    def product_texts(self, products) -> list:
        """The products as the readout writes them."""
        return _texts(products, self.product_decimals)


def _texts(values, decimals: int) -> list:
    return [[fixed_text(v, decimals) for v in row] for row in np.asarray(values, dtype=float)]


def _shown(texts) -> np.ndarray:
    """The numbers a table of texts shows (fractions included), as floats."""
    def value(text):
        top, _, bottom = text.partition("/")
        return float(top) / float(bottom) if bottom else float(top)

    return np.array([[value(t) for t in row] for row in texts], dtype=np.float64)


def readout_format(windows, kernel, products) -> ReadoutFormat:
    """The readout's number format for one window or for many (a stepper's every step).

    Parameters
    ----------
    windows, products : array_like
        ``(..., M, N)``: the pixels under the kernel and their products, of one
        step or of all of them (one format for the whole stepper).
    kernel : array_like
        The M×N kernel as applied.

    Returns
    -------
    ReadoutFormat
        Whole numbers for a table of whole numbers; else 2 decimals for the
        products, fractions over one denominator for a kernel of simple
        fractions, and otherwise the fewest decimals (at least 3 for the
        kernel, 2 for the pixels) with which every shown pixel times its
        shown kernel entry rounds to the shown product.

    Examples
    --------
    >>> region = np.array([[93, 139, 101], [26, 252, 196], [135, 230, 18]])
    >>> box = np.full((3, 3), 1 / 9)
    >>> f = readout_format(region, box, region * box)
    >>> f.kernel[0], f.window_texts(region)[0], f.product_texts(region * box)[1]
    (('1/9', '1/9', '1/9'), ['93', '139', '101'], ['2.89', '28.00', '21.78'])
    >>> readout_format(region, np.full((1, 3), 1 / 16) * [1, 2, 1], region[:1]).kernel
    (('1/16', '2/16', '1/16'),)
    >>> pixel, entry = np.array([[200]]), np.array([[0.1234567]])  # 0.123 × 200 = 24.60
    >>> readout_format(pixel, entry, pixel * entry).kernel  # 0.12346 × 200 = 24.692
    (('0.12346',),)
    """
    windows = np.asarray(windows, dtype=np.float64)
    kernel = np.atleast_2d(np.asarray(kernel, dtype=np.float64))
    products = np.asarray(products, dtype=np.float64)
    product_decimals = 0 if np.all(products == np.round(products)) else PRODUCT_DECIMALS
    whole_window = bool(np.all(windows == np.round(windows)))
    exact_kernel = table_texts(kernel, 0) if np.all(kernel == np.round(kernel)) else \
        fraction_texts(kernel)
    shown_products = np.round(products, product_decimals)
    tolerance = 0.5 * 10.0 ** -product_decimals + 1e-9 * np.maximum(1.0, np.abs(products))
    for extra in range(MAX_EXTRA_DECIMALS + 1):
        window_decimals = 0 if whole_window else WINDOW_DECIMALS + extra
        kernel_texts = exact_kernel or _texts(kernel, KERNEL_DECIMALS + extra)
        shown_windows = windows if whole_window else np.round(windows, window_decimals)
        if np.all(np.abs(shown_windows * _shown(kernel_texts) - shown_products) <= tolerance):
            break
        if whole_window and exact_kernel:  # nothing more to write: cannot happen
            break
    return ReadoutFormat(window_decimals, tuple(tuple(row) for row in kernel_texts),
                         product_decimals)


def output_label(window: Window) -> str:
    """The output pixel a window becomes, as ``output[ROW, COL] = VALUE`` (2 decimals).

    Examples
    --------
    >>> from course_utils import window_at
    >>> w = window_at([[93, 139, 101], [26, 252, 196], [135, 230, 18]],
    ...               np.full((3, 3), 1 / 9), 1, 1)
    >>> output_label(w)
    'output[1, 1] = 132.22'
    """
    return f"output[{window.row}, {window.col}] = {window.value:.2f}"


def step_announcement(window: Window, index: int, count: int) -> str:
    """What a screen reader says at one step: the step, where the window is, the sum, the pixel.

    Short and the same at every step, so that a listener hears what changed:
    ``step I of N: window centred on row R, column C; sum of the K products = S;
    output[R, C] = V`` (sum and value with 2 decimals, as in the readout).

    Examples
    --------
    >>> from course_utils import window_at
    >>> w = window_at(np.arange(16).reshape(4, 4), np.ones((3, 3)), 1, 2)
    >>> step_announcement(w, 6, 16).split("; ")
    ['step 7 of 16: window centred on row 1, column 2', 'sum of the 9 products = 54.00', \
'output[1, 2] = 54.00']
    """
    return tr("step {step} of {count}: window centred on row {row}, column {col}; sum of the "
              "{products} products = {value:.2f}; {label}", step=index + 1, count=count,
              row=window.row, col=window.col, products=window.products.size,
              value=window.value, label=output_label(window))


def announcement_html(text: str) -> str:
    """``text`` in a polite live region (``role="status"``): read out when it changes.

    Examples
    --------
    >>> announcement_html("step 1 of 4: a < b")
    '<div role="status" aria-live="polite" aria-atomic="true">step 1 of 4: a &lt; b</div>'
    """
    return (f'<div role="status" aria-live="polite" aria-atomic="true">'
            f"{html.escape(text, quote=False)}</div>")


def readout_grids(window: Window, number_format: ReadoutFormat | None = None) -> dict:
    """The readout's numbers as text: window, kernel as applied, products, sum, label.

    Parameters
    ----------
    window : Window
        One step's arithmetic.
    number_format : ReadoutFormat, optional
        How to write the numbers (default: :func:`readout_format` of this window
        alone; a stepper passes the one format of all its steps).

    Returns
    -------
    dict
        ``"window"``, ``"kernel"`` and ``"products"``: lists of rows of strings
        (see :func:`readout_format`); ``"from_padding"``: rows of booleans;
        ``"sum"``: the sum with 2 decimals; ``"label"``: :func:`output_label`;
        ``"flip"``: whether the kernel was rotated.

    Examples
    --------
    >>> from course_utils import window_at
    >>> w = window_at([[93, 139, 101], [26, 252, 196], [135, 230, 18]],
    ...               np.full((3, 3), 1 / 9), 1, 1)
    >>> grids = readout_grids(w)
    >>> grids["window"][0], grids["kernel"][0], grids["products"][0]
    (['93', '139', '101'], ['1/9', '1/9', '1/9'], ['10.33', '15.44', '11.22'])
    >>> grids["sum"], grids["label"]
    ('132.22', 'output[1, 1] = 132.22')
    """
    if number_format is None:
        number_format = readout_format(window.window, window.kernel, window.products)
    return {
        "window": number_format.window_texts(window.window),
        "kernel": [list(row) for row in number_format.kernel],
        "products": number_format.product_texts(window.products),
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
            background = f"background:{PADDING_SHADE};" if padded else ""
            tds.append(f'<td style="border:1px solid #bbb;padding:1px 5px;text-align:right;'
                       f'{background}">{html.escape(text)}</td>')
        cells.append("<tr>" + "".join(tds) + "</tr>")
    return ('<table style="border-collapse:collapse;font-family:monospace;font-size:12px;'
            'display:inline-table;vertical-align:middle">' + "".join(cells) + "</table>")


def readout_html(window: Window, mode: str | None = None,
                 number_format: ReadoutFormat | None = None) -> str:
    """The readout as HTML: window ⊙ kernel = products, their sum and the output pixel.

    Cells of the window that come from padding are shaded orange. The text
    contains :func:`output_label` verbatim. ``number_format`` as for
    :func:`readout_grids`.

    Examples
    --------
    >>> from course_utils import window_at
    >>> w = window_at(np.arange(9).reshape(3, 3), np.ones((3, 3)), 0, 0, mode="constant")
    >>> text = readout_html(w, "constant")
    >>> "output[0, 0] = 8.00" in text, text.count("background:#ffd9a8;")  # 5 padded cells
    (True, 5)
    """
    grids = readout_grids(window, number_format)
    what = tr("kernel rotated 180° (convolution)") if grids["flip"] else tr(
        "kernel (correlation)")
    border = tr(" (mode {mode!r})", mode=mode) if mode is not None else ""
    op = '<span style="font-size:18px;padding:0 8px">{}</span>'
    parts = [
        '<div style="font-family:sans-serif;font-size:12px;line-height:1.4">',
        '<div style="display:flex;gap:4px;align-items:flex-end">',
        f"<div>{tr('window')}{html.escape(border, quote=False)}<br>"
        f"{_html_table(grids['window'], grids['from_padding'])}</div>",
        op.format("×"),
        f"<div>{what}<br>{_html_table(grids['kernel'])}</div>",
        op.format("="),
        f"<div>{tr('products')}<br>{_html_table(grids['products'])}</div>",
        "</div>",
        "<div>" + tr("sum of the {products} products = {sum} &rarr; <b>{label}</b>",
                     products=window.products.size, sum=grids["sum"],
                     label=html.escape(grids["label"])) + "</div>",
    ]
    if any(any(row) for row in grids["from_padding"]):
        parts.append("<div>" + tr('<span style="background:{shade}">shaded</span>: values '
                                  "that come from padding, outside the image",
                                  shade=PADDING_SHADE) + "</div>")
    parts.append("</div>")
    return "".join(parts)
