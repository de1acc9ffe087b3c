"""The kernel playground in one import: its arithmetic, its pixels and its static figure.

The pieces live where they belong and are gathered here, where the notebooks
and the widget's users look for them:

- the arithmetic of one update (filter, describe, read a typed kernel):
  :mod:`course_utils.playground_model`;
- turning a result into pixels (the 'clip', 'abs' and 'signed' displays,
  the colour bar, PNG): :mod:`course_utils.display`;
- the static figure where widgets do not run: :func:`static_playground`, from
  :mod:`course_utils.plotting`.

The steps of one update::

    view = playground_view(image, kernel, flip, mode, how)
    # = apply_kernel -> check_finite_result -> display_pixels, result_stats
    png = encode_png(view.pixels)                       # what the browser shows
"""

from __future__ import annotations

from .display import (
    DISPLAY_MODES,
    SIGNED_CMAP,
    colorbar_pixels,
    display_pixels,
    encode_png,
    signed_limit,
    signed_rgb,
)
from .playground_model import (
    CUSTOM,
    KERNEL_SIZES,
    SIGNED_PERCENTILE,
    PlaygroundView,
    ResultStats,
    apply_kernel,
    check_playground_image,
    fits_grid,
    info_html,
    kernel_html,
    parse_kernel,
    playground_view,
    resize_kernel,
    result_stats,
)
from .plotting import static_playground

__all__ = [
    "CUSTOM",
    "KERNEL_SIZES",
    "DISPLAY_MODES",
    "SIGNED_CMAP",
    "SIGNED_PERCENTILE",
    "apply_kernel",
    "check_playground_image",
    "fits_grid",
    "resize_kernel",
    "signed_limit",
    "signed_rgb",
    "display_pixels",
    "encode_png",
    "colorbar_pixels",
    "ResultStats",
    "result_stats",
    "PlaygroundView",
    "playground_view",
    "parse_kernel",
    "kernel_html",
    "info_html",
    "static_playground",
]
