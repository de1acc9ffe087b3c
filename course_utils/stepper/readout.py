"""The stepper's readout: one step's window × kernel = products, their sum, as text and HTML.

Made from a :class:`~course_utils.Window` (from :func:`course_utils.window_at`
or :meth:`course_utils.stepper.model.StepperModel.window`); numbers are
written by :func:`course_utils.display.number_text`.
"""

from __future__ import annotations

import html

import numpy as np

from ..display import number_text
from ..windows import Window

__all__ = ["output_label", "readout_grids", "readout_html"]

#: The background of the readout's cells that come from padding.
PADDING_SHADE = "#ffd9a8"


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


def readout_grids(window: Window) -> dict:
    """The readout's numbers as text: window, kernel as applied, products, sum, label.

    Returns
    -------
    dict
        ``"window"``, ``"kernel"`` and ``"products"``: lists of rows of strings
        (kernel with 3 decimals, the others with 2, integers without decimals);
        ``"from_padding"``: rows of booleans; ``"sum"``: the sum with 2 decimals;
        ``"label"``: :func:`output_label`; ``"flip"``: whether the kernel was rotated.

    Examples
    --------
    >>> from course_utils import window_at
    >>> w = window_at([[93, 139, 101], [26, 252, 196], [135, 230, 18]],
    ...               np.full((3, 3), 1 / 9), 1, 1)
    >>> grids = readout_grids(w)
    >>> grids["window"][0], grids["kernel"][0], grids["products"][0]
    (['93', '139', '101'], ['0.111', '0.111', '0.111'], ['10.33', '15.44', '11.22'])
    >>> grids["sum"], grids["label"]
    ('132.22', 'output[1, 1] = 132.22')
    """
    def grid(array, decimals):
        return [[number_text(v, decimals) for v in row] for row in np.asarray(array)]

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
            background = f"background:{PADDING_SHADE};" if padded else ""
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
    >>> from course_utils import window_at
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
        parts.append(f'<div><span style="background:{PADDING_SHADE}">shaded</span>: values '
                     "that come from padding, outside the image</div>")
    parts.append("</div>")
    return "".join(parts)
