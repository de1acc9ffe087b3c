"""The kernel playground: one folder, one module per layer, every name from here.

- ``model``: the arithmetic of one update, no widgets: filter, describe the result,
  read a hand-typed kernel, resize one (:func:`playground_view`, :func:`apply_kernel`,
  :func:`result_stats`, :func:`parse_kernel`, :func:`resize_kernel`, the info panel);
- ``figure``: the playground as a static matplotlib figure, for where widgets do not
  run (:func:`static_playground`, drawn by :func:`show_kernel_result`);
- ``widget``: the ipywidgets wiring (:class:`KernelPlayground`), which computes
  nothing itself.

Each layer imports only the ones above it in this list. How a result becomes
pixels (the 'clip', 'abs' and 'signed' displays, the colour bar, PNG) is shared
with the stepper and the site, so it lives in :mod:`course_utils.display`; its names
are gathered here too. The steps of one update::

    view = playground_view(image, kernel, flip, mode, how)
    # = apply_kernel -> check_finite_result -> display_pixels, result_stats
    png = encode_png(view.pixels)                       # what the browser shows
"""

from __future__ import annotations

from ..display import (
    DISPLAY_MODES,
    SIGNED_CMAP,
    colorbar_pixels,
    display_pixels,
    encode_png,
    signed_limit,
    signed_rgb,
)
from .figure import show_kernel_result, static_playground
from .model import *  # noqa: F403 - the model's names, listed in __all__
from .model import __all__ as _model_names
from .widget import KernelPlayground

__all__ = [*_model_names, "DISPLAY_MODES", "SIGNED_CMAP", "signed_limit", "signed_rgb",
           "display_pixels", "encode_png", "colorbar_pixels", "show_kernel_result",
           "static_playground", "KernelPlayground"]
