"""Figures of notebook 06: what a blur leaves of stripes (box against Gaussian).

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on.
"""

from __future__ import annotations

import numpy as np

from .basics import axes_or_new

__all__ = [
    "plot_stripe_contrast",
]


def plot_stripe_contrast(periods, contrasts: dict, ax=None,
                         title: str = "What a blur leaves of stripes"):
    """Contrast left after a blur against the stripes' period, one line per blur.

    ``contrasts`` maps a blur's name to the contrast of the blurred stripes
    (1 = untouched, 0 = flat grey, below 0 = bright and dark swapped) at each
    period of ``periods``. A grey line marks 0.

    Examples
    --------
    >>> ax = plot_stripe_contrast([8, 16], {"box": [-0.1, 0.3], "gauss": [0.01, 0.2]})
    >>> len(ax.get_lines()), ax.get_xlabel()
    (3, 'stripe period (pixels: one bright and one dark stripe)')
    """
    ax = axes_or_new(ax)
    periods = np.asarray(periods, dtype=np.float64)
    ax.axhline(0, color="grey", linewidth=1)
    for name, values in contrasts.items():
        ax.plot(periods, np.asarray(values, dtype=np.float64), marker="o", markersize=4,
                label=name)
    ax.set_xlabel("stripe period (pixels: one bright and one dark stripe)")
    ax.set_ylabel("contrast left (1 = all, < 0 = swapped)")
    ax.set_title(title)
    ax.legend(fontsize=9)
    return ax
