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
from .playground_model import *  # noqa: F403 - the model's names, re-exported
from .playground_model import __all__ as _model_names
from .plotting import static_playground

__all__ = [*_model_names, "DISPLAY_MODES", "SIGNED_CMAP", "signed_limit", "signed_rgb",
           "display_pixels", "encode_png", "colorbar_pixels", "static_playground"]
