"""Figures of notebook 08: time per method as dots, cost against kernel size with slope guides.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on.
"""

from __future__ import annotations

import numpy as np

from .basics import axes_or_new

__all__ = [
    "METHOD_COLOURS",
    "plot_timing_dots",
    "plot_cost_with_slopes",
]


#: One colour per method of notebook 08, the same in every panel.
METHOD_COLOURS = {
    "loop": "#7f7f7f", "windows": "#1f77b4", "shift_add": "#ff7f0e", "im2col": "#2ca02c",
    "separable": "#d62728", "integral": "#9467bd", "fft": "#8c564b", "opencv": "#e377c2",
    "opencv_tool": "#17becf", "correlate_auto": "#000000", "package_direct": "#bcbd22",
    "package_fft": "#aec7e8",
}


def _method_colour(name: str) -> str:
    return METHOD_COLOURS.get(name, "#555555")


def plot_timing_dots(seconds: dict, ax=None, title: str = "Time per call",
                     reference: str | None = None):
    """A dot per method on a logarithmic time axis (a dot plot: on a log axis a bar's length
    means nothing), coloured by :data:`METHOD_COLOURS`; missing (None) entries are marked.

    With ``reference``, each dot is labelled with its speed-up over that entry.

    Examples
    --------
    >>> ax = plot_timing_dots({"loop": 1.0, "fft": 0.001}, reference="loop")
    >>> ax.get_xscale(), [t.get_text() for t in ax.texts]
    ('log', ['1×', '1000×'])
    """
    names = list(seconds)
    ax = axes_or_new(ax)
    values = np.array([np.nan if seconds[n] is None else seconds[n] for n in names],
                      dtype=np.float64)
    positions = np.arange(len(names))
    ax.hlines(positions, np.nanmin(values) / 3, np.nanmax(values) * 8, color="#e0e0e0",
              linewidth=0.8, zorder=0)
    for y, name in enumerate(names):
        if not np.isnan(values[y]):
            ax.plot(values[y], y, "o", color=_method_colour(name), markersize=7)
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(np.nanmin(values) / 3, np.nanmax(values) * 8)
    ax.set_xlabel("seconds per call (log scale)")
    ax.set_title(title)
    for y, name in enumerate(names):
        value = seconds[name]
        if value is None:
            ax.text(np.nanmin(values), y, " skipped (memory)", va="center", fontsize=9)
        elif reference is not None:
            ax.text(value * 1.4, y, f"{seconds[reference] / value:.0f}×", va="center",
                    fontsize=9)
    return ax


def plot_cost_with_slopes(sizes, series: dict, ax=None, title: str = "Cost against kernel size",
                          crossover: int | None = None, crossover_label: str | None = None,
                          guides=(2, 1, 0)):
    """Time against kernel side, log-log, one line per method in its :data:`METHOD_COLOURS`
    colour, with thin grey guide lines of the slopes ``guides`` (a cost ∝ M^k is a line of
    slope k) to read the methods' slopes against.

    Examples
    --------
    >>> ax = plot_cost_with_slopes([3, 9, 27], {"fft": [1e-3, 1e-3, 1e-3]}, guides=(2, 0))
    >>> ax.get_xscale(), [t.get_text() for t in ax.texts]
    ('log', ['slope 2', 'slope 0'])
    """
    ax = axes_or_new(ax)
    sizes = np.asarray(sizes, dtype=np.float64)
    for name, values in series.items():
        y = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        ax.loglog(sizes, y, marker="o", markersize=4, label=name, color=_method_colour(name))
    every = np.array([v for values in series.values() for v in values if v is not None],
                     dtype=np.float64)
    anchor = float(np.exp(np.mean(np.log(every))))   # the guides start mid-height
    start, stop = sizes[0] * 1.05, sizes[-1] / 1.05
    for slope in guides:
        xs = np.array([start, stop])
        ys = anchor * (xs / start) ** slope / (stop / start) ** (slope / 2)
        ax.plot(xs, ys, color="grey", linewidth=0.8, linestyle=":")
        ax.text(stop, ys[1], f"slope {slope}", fontsize=9, color="grey", va="center",
                ha="left")
    if crossover is not None:
        ax.axvline(crossover, color="grey", linestyle="--", linewidth=1,
                   label=crossover_label or f"FFT wins from {crossover}×{crossover}")
    ax.set_xticks(sizes, [f"{int(s)}" for s in sizes])
    ax.minorticks_off()
    ax.set_xlim(sizes[0] / 1.1, sizes[-1] * 1.6)
    ax.set_xlabel("kernel side M (an M×M kernel), log scale")
    ax.set_ylabel("seconds per call (log scale)")
    ax.set_title(title)
    # below the axes, so that no legend box covers a curve (methods cross at every height)
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3,
              frameon=False)
    return ax
