"""Figures shared by the notebooks, the widgets and the command line.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_image

__all__ = [
    "use_course_style",
    "DISPLAY_MODES",
    "to_display",
    "show_image",
    "show_matrix",
    "show_signed",
]

def use_course_style() -> None:
    """Fixed figure size, resolution and fonts, so every notebook looks alike and
    re-executing it gives the same pictures byte for byte.

    Examples
    --------
    >>> use_course_style()
    >>> plt.rcParams["figure.dpi"]
    72.0
    """
    plt.rcParams.update({
        "figure.figsize": (8.0, 4.0),
        "figure.dpi": 72.0,
        "savefig.dpi": 72.0,
        "font.size": 10.0,
        "axes.titlesize": 11.0,
        "image.interpolation": "nearest",
        "svg.hashsalt": "course",
    })


#: How a filtered (possibly negative) result can be turned into a picture.
DISPLAY_MODES = ("clip", "abs", "signed")


def to_display(result, how: str = "clip") -> np.ndarray:
    """Turn a float filter result into values a picture can show.

    Parameters
    ----------
    result : array_like
        Filtered image, any real values.
    how : {'clip', 'abs', 'signed'}
        'clip' clips to 0-255 and truncates to uint8, as the lesson's uint8
        output did (negative responses become 0, black); 'abs' does the same
        with the absolute value (both signs of an edge show); 'signed' returns
        the float values unchanged, for a diverging colour map.

    Examples
    --------
    >>> to_display([[-20.0, 100.7, 300.0]], "clip")
    array([[  0, 100, 255]], dtype=uint8)
    >>> to_display([[-20.0, 100.7, 300.0]], "abs")
    array([[ 20, 100, 255]], dtype=uint8)
    """
    array = check_image(result, name="result").astype(np.float64)
    if how == "clip":
        return np.clip(array, 0, 255).astype(np.uint8)
    if how == "abs":
        return np.clip(np.abs(array), 0, 255).astype(np.uint8)
    if how == "signed":
        return array
    raise ValueError(f"how must be one of {DISPLAY_MODES}, got {how!r}")


def _axes(ax):
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
    ax = _axes(ax)
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
    array = np.asarray(matrix, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"matrix must be 2-D, got shape {array.shape}")
    ax = _axes(ax)
    ax.imshow(array, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    low, high = ax.images[-1].get_clim()
    middle = (low + high) / 2
    dark_is_low = not cmap.endswith("_r")
    for (r, c), value in np.ndenumerate(array):
        bright = (value > middle) if dark_is_low else (value < middle)
        color = "black" if bright else "white"
        if cmap in ("RdBu", "RdBu_r", "coolwarm", "bwr"):
            color = "black"
        text = fmt.format(value)
        if text in ("-0", "-0.0", "-0.00"):
            text = text[1:]
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
    ax = _axes(ax)
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


# ---------------------------------------------------------------------------
# Figures added for particular notebooks follow, one section each. Append new
# helpers inside your section (list them in __all__ too); do not reorder.
# ---------------------------------------------------------------------------

# === notebooks 01-03 ===

# === notebooks 04-05 ===

# === notebooks 06-07 ===
