"""Figures of notebooks 03 to 05: output sizes, border modes, where two filters differ.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .basics import axes_or_new

__all__ = [
    "show_output_sizes",
    "show_mode_differences",
    "plot_difference_by_distance",
    "show_difference_frames",
]


def show_output_sizes(image_shape=(5, 7), kernel_shape=(3, 3)):
    """Three panels: where the kernel's centre goes for 'valid', 'same' and 'full' output.

    The image's pixels are grey squares; every blue dot is one output pixel (a place
    for the kernel's centre); the orange box is the kernel at the first output pixel.

    Examples
    --------
    >>> axes = show_output_sizes((4, 5), (3, 3))
    >>> [ax.get_title().split(":")[0] for ax in axes]
    ["'valid'", "'same'", "'full'"]
    """
    (height, width), (rows, cols) = image_shape, kernel_shape
    half_r, half_c = (rows - 1) // 2, (cols - 1) // 2
    fig, axes = plt.subplots(1, 3, figsize=(11, 4.2))
    for ax, how in zip(axes, ("valid", "same", "full"), strict=True):
        grow_r = {"valid": -half_r, "same": 0, "full": half_r}[how]
        grow_c = {"valid": -half_c, "same": 0, "full": half_c}[how]
        for y in range(height):
            for x in range(width):
                ax.add_patch(plt.Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="0.82",
                                           edgecolor="white", linewidth=1.5))
        centres_y = np.arange(-grow_r, height + grow_r)
        centres_x = np.arange(-grow_c, width + grow_c)
        yy, xx = np.meshgrid(centres_y, centres_x, indexing="ij")
        ax.plot(xx.ravel(), yy.ravel(), "o", color="tab:blue", markersize=6)
        top, left = centres_y[0] - half_r, centres_x[0] - half_c
        ax.add_patch(plt.Rectangle((left - 0.5, top - 0.5), cols, rows, fill=False,
                                   edgecolor="tab:orange", linewidth=2.5))
        ax.set_xlim(-2 * half_c - 0.8, width + 2 * half_c - 0.2)
        ax.set_ylim(height + 2 * half_r - 0.2, -2 * half_r - 0.8)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"'{how}': {len(centres_y)}×{len(centres_x)} output")
    fig.suptitle(f"A {height}×{width} image (grey) and a {rows}×{cols} kernel: each blue dot "
                 "is one output pixel; orange: the kernel at the first one")
    fig.tight_layout()
    return axes


def show_mode_differences(changes: dict, reference: str = "reflect",
                          unit: str = "grey levels"):
    """One panel per border mode, all on ONE colour scale: how far each is from ``reference``.

    ``changes`` maps a mode's name to its absolute difference from the reference
    (2-D arrays of one shape).

    Examples
    --------
    >>> axes = show_mode_differences({"a": np.zeros((4, 4)), "b": np.ones((4, 4))})
    >>> len(axes), axes[1].images[0].get_clim()
    (2, (0.0, 1.0))
    """
    top = max(float(np.max(change)) for change in changes.values()) or 1.0
    fig, axes = plt.subplots(1, len(changes), figsize=(3.1 * len(changes) + 1, 3.6),
                             layout="constrained", squeeze=False)
    axes = axes[0]
    for ax, (mode, change) in zip(axes, changes.items(), strict=True):
        shown = ax.imshow(change, cmap="magma", vmin=0, vmax=top, interpolation="nearest")
        ax.set_title(f"'{mode}', up to {float(np.max(change)):.0f}")
        ax.set_xlabel("column")
    axes[0].set_ylabel("row")
    fig.colorbar(shown, ax=axes, fraction=0.03, pad=0.02,
                 label=f"|mode - '{reference}'|, {unit}")
    fig.suptitle(f"How far each border mode is from '{reference}', one scale for all")
    return axes


def plot_difference_by_distance(changes: dict, reference: str = "reflect", ax=None,
                                title: str | None = None):
    """Mean absolute difference from ``reference`` against distance from the nearest edge.

    One line per mode; ``changes`` maps a mode's name to its absolute difference
    from the reference over a whole image.

    Examples
    --------
    >>> ax = plot_difference_by_distance({"a": np.ones((6, 6)), "b": np.zeros((6, 6))})
    >>> len(ax.get_lines())
    2
    """
    ax = axes_or_new(ax)
    shape = next(iter(changes.values())).shape
    rows = np.arange(shape[0])[:, None]
    cols = np.arange(shape[1])[None, :]
    to_edge = np.minimum(np.minimum(rows, shape[0] - 1 - rows),
                         np.minimum(cols, shape[1] - 1 - cols))
    distances = np.arange(int(to_edge.max()) + 1)
    for mode, change in changes.items():
        means = np.bincount(to_edge.ravel(), weights=np.asarray(change, float).ravel(),
                            minlength=len(distances)) / np.bincount(to_edge.ravel())
        ax.plot(distances, means, marker="o", markersize=4, label=f"'{mode}'")
    ax.set_xlabel("distance from the nearest edge (pixels)")
    ax.set_ylabel(f"mean |mode - '{reference}'| (grey levels)")
    ax.set_title(title or f"How far each mode is from '{reference}', by distance from the edge")
    ax.legend()
    return ax


def show_difference_frames(diffs: dict, corner: int = 16):
    """Where two uint8 filter outputs differ, by how many grey levels: the whole image and
    its enlarged top-left corner, one row per kernel.

    ``diffs`` maps a kernel's name to ``(difference, half)``: the absolute difference
    (integers) and the kernel's half-width, whose frame is drawn dashed in the corner.

    Examples
    --------
    >>> axes = show_difference_frames({"k": (np.zeros((20, 20), int), 1)}, corner=8)
    >>> axes.shape
    (1, 2)
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap

    levels = ListedColormap(["white", "#f5dc85", "tab:orange", "darkred"])
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 9.5, 256], levels.N)
    fig, axes = plt.subplots(len(diffs), 2, figsize=(10.5, 4.6 * len(diffs)),
                             layout="constrained", squeeze=False)
    for row, (name, (diff, half)) in enumerate(diffs.items()):
        height, width = diff.shape
        ax = axes[row, 0]
        shown = ax.imshow(diff, cmap=levels, norm=norm, interpolation="nearest")
        ax.set_xlim(-6.5, width + 5.5)  # a white margin keeps a 1-pixel frame off the edge
        ax.set_ylim(height + 5.5, -6.5)
        ax.add_patch(plt.Rectangle((-0.5, -0.5), corner, corner, fill=False,
                                   edgecolor="tab:blue", linewidth=1.5))
        ax.set_title(f"{name}: whole image (blue box: the corner)")
        ax.set_xlabel("column")
        ax.set_ylabel("row")
        ax = axes[row, 1]
        ax.imshow(diff[:corner, :corner], cmap=levels, norm=norm, interpolation="nearest")
        ax.set_xticks(range(0, corner, 3))
        ax.set_yticks(range(0, corner, 3))
        ax.set_xticks(np.arange(-0.5, corner, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, corner, 1), minor=True)
        ax.grid(which="minor", color="0.8", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        ax.plot([half - 0.5, half - 0.5, corner - 0.5], [corner - 0.5, half - 0.5, half - 0.5],
                color="tab:blue", linestyle="--", linewidth=2)
        ax.set_title(f"{name}: the corner enlarged\n(dashes: inner edge of the {half}-px frame)")
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    bar = fig.colorbar(shown, ax=axes, fraction=0.03, pad=0.03, ticks=[0, 1, 5, 130])
    bar.ax.set_yticklabels(["same", "1 level", "2-9", "10 or more"])
    return axes
