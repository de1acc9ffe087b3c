"""Course style and the basic figures: an image, a matrix of numbers, a signed map, a text table.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._validation import check_image
from ..display import (
    light_text_on,
    no_minus_zero,
)

__all__ = [
    "FIGURE_DPI",
    "use_course_style",
    "show_image",
    "show_matrix",
    "show_signed",
    "format_table",
    "axes_or_new",
]


#: Layout resolution of every course figure (dots per inch); inline PNGs use twice it.
FIGURE_DPI = 96.0


def use_course_style() -> None:
    """Fixed figure size, resolution and fonts, so every notebook looks alike and
    re-executing it gives the same pictures byte for byte.

    Figures are laid out at 96 dpi, so 10-point text is about 13 screen pixels in
    JupyterLab (72 dpi made it 10), and inside a notebook they are drawn at twice
    that resolution ("retina" PNGs shown at half their pixel size), so text and
    thin lines stay sharp on HiDPI screens.

    Examples
    --------
    >>> use_course_style()
    >>> plt.rcParams["figure.dpi"], plt.rcParams["font.size"]
    (96.0, 10.0)
    """
    plt.rcParams.update({
        "figure.figsize": (8.0, 4.0),
        "figure.dpi": FIGURE_DPI,
        "savefig.dpi": FIGURE_DPI,
        "font.size": 10.0,
        "axes.titlesize": 11.0,
        "image.interpolation": "nearest",
        "svg.hashsalt": "course",
    })
    _use_retina_pngs()


def _use_retina_pngs() -> None:
    """Inside IPython, draw inline figures at twice their dpi (a no-op elsewhere)."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: nothing renders inline
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def axes_or_new(ax):
    """``ax``, or the axes of a new 4×4-inch figure when it is None.

    Examples
    --------
    >>> ax = axes_or_new(None)
    >>> axes_or_new(ax) is ax
    True
    >>> plt.close("all")
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    return ax


def show_image(image, ax=None, title: str | None = None, cmap: str = "gray",
               vmin: float | None = 0, vmax: float | None = 255, axis_labels: bool = True):
    """Show an image with its pixel grid coordinates as axis labels.

    Grayscale images use ``cmap`` from ``vmin`` to ``vmax`` (0-255 by default,
    so that a darker picture looks darker); colour images are shown as RGB.

    Examples
    --------
    >>> ax = show_image(np.zeros((4, 4)), title="black")
    >>> ax.get_title()
    'black'
    """
    array = check_image(image)
    ax = axes_or_new(ax)
    if array.ndim == 3:
        shown = array if array.dtype == np.uint8 else np.clip(array, 0, 255).astype(np.uint8)
        ax.imshow(shown)
    else:
        ax.imshow(array, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    if title:
        ax.set_title(title)
    if axis_labels:
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    else:
        ax.set_axis_off()
    return ax


def show_matrix(matrix, ax=None, title: str | None = None, fmt: str = "{:g}",
                cmap: str = "Greys_r", vmin: float | None = None, vmax: float | None = None,
                highlight=None, fontsize: float = 10):
    """Draw a small matrix as coloured cells with its numbers written in them.

    Parameters
    ----------
    matrix : array_like
        2-D array, e.g. a kernel, an image patch or the products at one pixel.
    fmt : str
        Format for each number, e.g. ``"{:.1f}"``.
    highlight : array_like of bool, optional
        Cells drawn with a hatched orange edge (e.g. values that come from padding).

    Examples
    --------
    >>> ax = show_matrix([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], title="sharpen")
    >>> [t.get_text() for t in ax.texts][:3]
    ['0', '-1', '0']
    """
    array = check_image(matrix, name="matrix", ndims=(2,)).astype(np.float64)
    ax = axes_or_new(ax)
    ax.imshow(array, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    shown = ax.images[-1]
    for (r, c), value in np.ndenumerate(array):
        # Dark text on light cells and light text on dark ones, whatever the colour map.
        color = "white" if light_text_on(shown.cmap(shown.norm(value))) else "black"
        text = no_minus_zero(fmt.format(value))
        ax.text(c, r, text, ha="center", va="center", color=color, fontsize=fontsize)
    if highlight is not None:
        for (r, c), flag in np.ndenumerate(np.asarray(highlight, dtype=bool)):
            if flag:
                ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False,
                                           edgecolor="tab:orange", hatch="//", linewidth=1))
    ax.set_xticks(range(array.shape[1]))
    ax.set_yticks(range(array.shape[0]))
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    if title:
        ax.set_title(title)
    return ax


def show_signed(result, ax=None, title: str | None = None, limit: float | None = None,
                colorbar: bool = True):
    """Show a signed filter response on a diverging map: blue negative, red positive.

    The colour scale is symmetric around 0 (``±limit``, by default the largest
    absolute value), so white always means "no response".

    Examples
    --------
    >>> ax = show_signed(np.array([[-2.0, 0.0, 1.0]]))
    >>> ax.images[0].get_clim()
    (-2.0, 2.0)
    """
    array = check_image(result, name="result", ndims=(2,)).astype(np.float64)
    ax = axes_or_new(ax)
    if limit is None:
        limit = float(np.abs(array).max()) or 1.0
    image = ax.imshow(array, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="response")
    if title:
        ax.set_title(title)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    return ax


def format_table(rows, header) -> str:
    """Rows of values as an aligned plain-text table (numbers right-aligned).

    Examples
    --------
    >>> print(format_table([["sharpen", 0], ["small_blur", 1234]], ["kernel", "pixels"]))
    kernel      pixels
    ----------  ------
    sharpen          0
    small_blur    1234
    """
    text = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in text) for i in range(len(header))]
    numeric = [all(isinstance(row[i], (int, float, np.number)) for row in rows)
               for i in range(len(header))]
    lines = []
    for index, row in enumerate(text):
        cells = [cell.rjust(w) if num else cell.ljust(w)
                 for cell, w, num in zip(row, widths, numeric, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
