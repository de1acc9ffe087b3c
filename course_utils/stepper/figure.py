"""The stepper as a static figure, for where widgets do not render (GitHub, a plain viewer).

The frames are the widget's own pictures (:func:`course_utils.stepper.render_steps`),
shown with matplotlib; the helper takes ``ax=None`` and returns the axes it drew on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .model import step_count
from .renderer import render_steps

__all__ = ["show_stepper_steps"]


def show_stepper_steps(image, kernel, indices, mode: str = "reflect", cval: float = 0.0,
                       flip: bool = False, ax=None, title: str | None = None,
                       cell: int | None = None, readout: bool = True):
    """A few steps of the sliding-window stepper as one static figure.

    The frames are the very pictures the widget shows
    (:func:`course_utils.stepper.render_steps`), stacked top to bottom, each with
    the readout the widget shows under it (window × kernel = products, their
    sum); use it where widgets do not render (GitHub, a plain notebook viewer).
    Without ``ax``, the figure is sized so that one frame pixel is one screen pixel.

    Parameters
    ----------
    image, kernel, mode, cval, flip
        As for :class:`course_utils.stepper.SlidingWindowStepper`.
    indices : sequence of int
        The steps to show, counted row by row from 0.
    title : str, optional
        Figure title (default: says which steps and whether it is a correlation
        or a convolution).
    cell : int, optional
        Side of one pixel's cell in screen pixels (smaller makes a smaller figure).
    readout : bool
        Draw each step's readout under its frame (default True).

    Examples
    --------
    >>> ax = show_stepper_steps(np.zeros((3, 3)), np.ones((3, 3)), [0, 4])
    >>> ax.get_title()
    'sliding-window stepper at positions 0 and 4 of 0-8 (correlation)'
    """
    frames = render_steps(image, kernel, indices, mode=mode, cval=cval, flip=flip, cell=cell,
                          readout=readout)
    if ax is None:
        height, width = frames.shape[:2]
        dpi = 72.0
        fig = plt.figure(figsize=(width / dpi, (height + 24) / dpi), dpi=dpi)
        ax = fig.add_axes((0, 0, 1, height / (height + 24)))
    ax.imshow(frames, interpolation="nearest")
    ax.set_axis_off()
    if title is None:
        numbers = [str(int(i)) for i in indices]
        listed = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 \
            else numbers[0]
        kind = "convolution" if flip else "correlation"
        title = (f"sliding-window stepper at position{'s' if len(numbers) > 1 else ''} "
                 f"{listed} of 0-{step_count(np.shape(image)) - 1} ({kind})")
    ax.set_title(title)
    return ax
