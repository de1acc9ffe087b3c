"""Figures of notebook 02: convolution as stamping, correlation as template matching.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._validation import check_image, check_kernel
from .basics import show_image, show_matrix, show_signed

__all__ = [
    "stamps",
    "show_stamps",
    "show_template_match",
]


def stamps(image, kernel) -> list[tuple[tuple[int, int], np.ndarray]]:
    """Each nonzero pixel's stamp: ``image[r, c] * kernel`` laid with its centre on
    ``(r, c)``, on zeros the size of the image (the scatter view of convolution).

    Every kernel must fit inside the image around each nonzero pixel; then the sum
    of the stamps is ``convolve(image, kernel)``.

    Examples
    --------
    >>> image = np.zeros((5, 5)); image[2, 1] = 2
    >>> [(where, stamp[1:4, 0:3].tolist()) for where, stamp in stamps(image, [[0, 0, 0],
    ...                                                               [0, 0, 1], [0, 0, 0]])]
    [((2, 1), [[0.0, 0.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 0.0]])]
    """
    array = check_image(image, name="image", ndims=(2,)).astype(np.float64)
    kernel = check_kernel(kernel)
    rows, cols = kernel.shape
    half_rows, half_cols = (rows - 1) // 2, (cols - 1) // 2
    result = []
    for r, c in zip(*np.nonzero(array), strict=True):
        if not (half_rows <= r < array.shape[0] - half_rows
                and half_cols <= c < array.shape[1] - half_cols):
            raise ValueError(f"image has a nonzero pixel at ({r}, {c}), where the kernel of "
                             f"shape {kernel.shape} does not fit; keep nonzero pixels at "
                             "least half a kernel from the edge")
        stamp = np.zeros_like(array)
        stamp[r - half_rows:r + half_rows + 1, c - half_cols:c + half_cols + 1] = \
            array[r, c] * kernel
        result.append(((int(r), int(c)), stamp))
    return result


def show_stamps(image, kernel, axes=None):
    """The scatter view of convolution: the input, the kernel, each nonzero pixel's
    stamp (a scaled copy of the kernel centred on it) and the sum of the stamps.

    All panels share one colour scale (the kernel's own too), so a number means the
    same colour everywhere. Returns the axes: input, kernel, sum, then one per stamp.

    Examples
    --------
    >>> image = np.zeros((5, 5)); image[1, 1] = 1; image[3, 2] = 2
    >>> axes = show_stamps(image, [[1, 2, 3], [0, 0, 2], [0, 0, 1]])
    >>> [ax.get_title() for ax in axes][:3]
    ['input: 2 nonzero pixels', 'kernel', 'sum of the stamps']
    """
    array = check_image(image, name="image", ndims=(2,)).astype(np.float64)
    kernel = check_kernel(kernel)
    laid = stamps(array, kernel)
    total = sum((stamp for _, stamp in laid), np.zeros_like(array))
    panels = 3 + len(laid)
    if axes is None:
        columns = max(3, len(laid))
        fig, grid = plt.subplots(2, columns, figsize=(3.1 * columns, 6.4))
        axes = list(grid[0][:3]) + list(grid[1][:len(laid)])
        for ax in [*grid[0][3:], *grid[1][len(laid):]]:
            ax.set_axis_off()
    if len(axes) != panels:
        raise ValueError(f"axes must hold {panels} axes (input, kernel, sum and "
                         f"{len(laid)} stamps), got {len(axes)}")
    top = float(max(np.abs(total).max(), np.abs(array).max(), np.abs(kernel).max())) or 1.0
    common = {"cmap": "RdBu_r", "vmin": -top, "vmax": top, "fmt": "{:g}"}
    show_matrix(array, ax=axes[0], title=f"input: {len(laid)} nonzero pixels", **common)
    show_matrix(kernel, ax=axes[1], title="kernel", **common)
    show_matrix(total, ax=axes[2], title="sum of the stamps", **common)
    for ax, ((r, c), stamp) in zip(axes[3:], laid, strict=True):
        show_matrix(stamp, ax=ax, title=f"stamp of pixel ({r}, {c}) = {array[r, c]:g} × kernel",
                    **common)
        ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="black",
                                   linewidth=2.5))
    axes[0].figure.tight_layout()
    return axes


def show_template_match(image, template, responses, axes=None):
    """Template matching: the image, the template, and each response map with its
    peak (the best match) circled.

    ``responses`` maps a panel title to a response (same shape as the image); the
    responses share one symmetric colour scale. Returns the axes.

    Examples
    --------
    >>> image = np.zeros((6, 6)); image[2, 3] = 1
    >>> axes = show_template_match(image, [[1.0]], {"correlation": image})
    >>> axes[2].get_title()
    'correlation: peak at (2, 3)'
    """
    array = check_image(image, name="image", ndims=(2,)).astype(np.float64)
    template = check_image(template, name="template", ndims=(2,)).astype(np.float64)
    maps = {str(name): check_image(r, name=f"responses[{name!r}]", ndims=(2,))
            .astype(np.float64) for name, r in dict(responses).items()}
    if axes is None:  # the image and the template above, the responses below
        columns = max(2, len(maps))
        fig, grid = plt.subplots(2, columns, figsize=(4.3 * columns, 6.4))
        axes = [grid[0][0], grid[0][1], *grid[1][:len(maps)]]
        for ax in [*grid[0][2:], *grid[1][len(maps):]]:
            ax.set_axis_off()
    axes = list(np.atleast_1d(axes))
    show_image(array, ax=axes[0], title="image", vmin=0, vmax=float(array.max()) or 1.0)
    show_matrix(template, ax=axes[1], title="template (kernel)", cmap="RdBu_r",
                vmin=-float(np.abs(template).max()), vmax=float(np.abs(template).max()),
                fmt="{:.1f}", fontsize=9)
    limit = max(float(np.abs(r).max()) for r in maps.values()) or 1.0
    for ax, (name, response) in zip(axes[2:], maps.items(), strict=True):
        show_signed(response, ax=ax, limit=limit)
        r, c = np.unravel_index(int(np.argmax(response)), response.shape)
        ax.plot(c, r, marker="o", markersize=16, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=2)
        ax.set_title(f"{name}: peak at ({r}, {c})")
    axes[0].figure.tight_layout()
    return axes
