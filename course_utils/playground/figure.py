"""The kernel playground as a static figure, for where widgets do not run.

:func:`static_playground` computes with the widget's own update
(:func:`course_utils.playground.playground_view`) and draws it with
:func:`show_kernel_result` (input, kernel, output side by side). Both take
``ax``/``axes=None`` and return the axes they drew on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._validation import check_choice, check_flag, check_kernel
from ..display import check_display, signed_limit, significant_text, to_display
from ..kernels import KERNEL_BANK
from ..plotting.basics import show_image, show_matrix, show_signed
from .model import CUSTOM, playground_view

__all__ = ["show_kernel_result", "static_playground"]


def show_kernel_result(image, kernel, result, how: str = "clip", name: str | None = None,
                       flip: bool = False, mode: str = "reflect", axes=None,
                       limit: float | None = None, note: str | None = None):
    """Input, kernel and output side by side: the kernel playground as a static figure.

    Parameters
    ----------
    image : array_like
        H×W input.
    kernel : array_like
        The kernel as given (before any flip). With ``flip`` it is drawn rotated
        by 180°, as it is slid over the image; up to 7×7 its numbers are written in.
    result : array_like
        The filter result (e.g. from :func:`course_utils.playground.apply_kernel`).
    how : {'clip', 'abs', 'signed'}
        How to show the result: clipped to 0-255 (the lesson), absolute value,
        or signed on a diverging map with a colour bar.
    name, flip, mode
        Used in the titles (and ``flip`` for drawing the kernel as applied).
    axes : sequence of 3 axes, optional
    limit : float, optional
        Half-range of the signed colour scale (default: the largest |result|);
        values beyond it take the end colours and the colour bar gets arrows.
    note : str, optional
        A second line under the output's title (e.g. its min and max).

    Returns
    -------
    numpy.ndarray of matplotlib axes

    Examples
    --------
    >>> axes = show_kernel_result(np.zeros((5, 5)), [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    ...                           np.zeros((5, 5)), how="abs", name="laplacian")
    >>> [ax.get_title() for ax in axes]
    ['input', 'laplacian 3×3 (sum 0)', "output: |correlation|, 'reflect' border"]
    >>> axes = show_kernel_result(np.zeros((3, 3)), [[1, 2, 3]], np.zeros((3, 3)), flip=True)
    >>> [t.get_text() for t in axes[1].texts]   # drawn as it slides
    ['3', '2', '1']
    """
    how = check_display(how)
    kernel = check_kernel(kernel)
    flip = check_flag(flip, "flip")
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(11, 3.6),
                               gridspec_kw={"width_ratios": [1, 0.75, 1.2]})
    axes = np.asarray(axes).ravel()
    show_image(image, ax=axes[0], title="input")
    rows, cols = kernel.shape
    total = float(kernel.sum())
    title = f"{name or 'kernel'} {rows}×{cols} (sum {0.0 if abs(total) < 1e-12 else total:.3g})"
    if flip:
        kernel = kernel[::-1, ::-1]
        title += "\nrotated 180°, as it slides"
    bound = 1.5 * (float(np.abs(kernel).max()) or 1.0)  # light colours: numbers stay legible
    if rows <= 7 and cols <= 7:
        show_matrix(kernel, ax=axes[1], title=title, fmt="{:.3g}", cmap="RdBu_r",
                    vmin=-bound, vmax=bound, fontsize=9 if rows <= 5 else 7)
    else:
        axes[1].imshow(kernel, cmap="RdBu_r", vmin=-bound, vmax=bound)
        axes[1].set_title(title)
        axes[1].set_xlabel("column")
        axes[1].set_ylabel("row")
    operation = "convolution" if flip else "correlation"
    if how == "signed":
        title = f"output: signed {operation}, '{mode}' border"
        show_signed(result, ax=axes[2], title=title, limit=limit, colorbar=False)
        largest = float(np.abs(np.asarray(result, dtype=np.float64)).max())
        shown = axes[2].images[0]
        beyond = limit is not None and largest > limit
        axes[2].figure.colorbar(shown, ax=axes[2], fraction=0.046, pad=0.04,
                                label="response", extend="both" if beyond else "neither")
    else:
        label = f"|{operation}|" if how == "abs" else f"{operation} clipped"
        title = f"output: {label}, '{mode}' border"
        show_image(to_display(result, how), ax=axes[2], title=title)
    if note:
        axes[2].set_title(f"{title}\n{note}")
    return axes


def static_playground(image, kernel, flip: bool = False, mode: str = "reflect",
                      how: str = "clip", name: str | None = None, axes=None,
                      percentile: float | None = None):
    """The kernel playground as a static figure: input, kernel and output side by side.

    The fallback where widgets do not run. It computes with the widget's own
    update (:func:`course_utils.playground.playground_view`) and shows
    what the widget shows: the kernel as it slides (rotated by 180° for a
    convolution), its sum, the output with the same display and, for
    'signed', the same colour scale, and the output's min and max under its title.

    Parameters
    ----------
    image : array_like
        H×W image.
    kernel : str or array_like
        A name in ``KERNEL_BANK`` or an M×N kernel.
    flip, mode, how
        As for the widget: convolution or correlation, border, display.
    name : str, optional
        Title for the kernel (default: its bank name or "custom").
    axes : sequence of 3 matplotlib axes, optional
    percentile : float, optional
        For 'signed': where the colour scale ends, as a percentile of |output|
        (default: the widget's :data:`~course_utils.playground.SIGNED_PERCENTILE`).
        A static picture cannot be explored pixel by pixel, so a lower one (98, say)
        lets the many moderate edges show in colour while the strongest few percent
        take the end colours.

    Returns
    -------
    numpy.ndarray of matplotlib axes

    Examples
    --------
    >>> axes = static_playground(np.eye(8) * 200, "sobel_x", how="signed")
    >>> [ax.get_title() for ax in axes][1]
    'sobel_x 3×3 (sum 0)'
    >>> axes[2].get_title().splitlines()[1]
    'min -600, max 600; colours ±600'
    >>> axes = static_playground(np.eye(8) * 200, "sobel_x", how="signed", percentile=90)
    >>> axes[2].get_title().splitlines()[1]   # the strongest 10% take the end colours
    'min -600, max 600; colours ±400'
    """
    if isinstance(kernel, str):
        name = kernel if name is None else name
        kernel = KERNEL_BANK[check_choice(kernel, tuple(KERNEL_BANK), "kernel")]
    view = playground_view(image, kernel, flip, mode, how)
    limit = view.limit
    if limit is not None and percentile is not None:
        limit = signed_limit(view.result, percentile)
    note = f"min {significant_text(view.stats.minimum)}, max {significant_text(view.stats.maximum)}"
    if limit is not None:
        note += f"; colours ±{significant_text(limit)}"
    return show_kernel_result(image, kernel, view.result, how=how, name=name or CUSTOM,
                              flip=flip, mode=mode, axes=axes, limit=limit, note=note)
