"""The sliding-window stepper: one folder, one module per layer, every name from here.

- ``model``: the numbers and texts of every step, no drawing: the step order, the
  padded image and its padding mask, each step's window, products and sum
  (:class:`StepperModel`);
- ``readout``: the text under the picture, window × kernel = products and their sum
  (:func:`readout_html`);
- ``drawing``: the frames as pixels, a layout of named sizes and a cached drawing
  (:class:`~course_utils.stepper.drawing.StepperDrawing`);
- ``renderer``: model + drawing, one PNG per step (:class:`StepperRenderer`,
  :func:`render_steps`);
- ``figure``: a few steps as a static matplotlib figure (:func:`show_stepper_steps`),
  for where widgets do not render;
- ``widget``: the ipywidgets wiring (:class:`SlidingWindowStepper`), which computes
  nothing itself.

Each layer imports only the ones above it in this list (and the numerical modules
of :mod:`course_utils`); the site's pre-rendered steppers (``scripts/build_site.py``,
``site/stepper.js``) draw with ``renderer``.
"""

from .drawing import StepperDrawing, StepperLayout
from .figure import show_stepper_steps
from .model import *  # noqa: F403 - the model's names, listed in __all__
from .model import __all__ as _model_names
from .readout import announcement_html, output_label, readout_grids, readout_html, step_announcement
from .renderer import StepperRenderer, render_steps
from .widget import SlidingWindowStepper

__all__ = [*_model_names, "output_label", "step_announcement", "announcement_html",
           "readout_grids", "readout_html", "StepperLayout",
           "StepperDrawing", "StepperRenderer", "render_steps", "show_stepper_steps",
           "SlidingWindowStepper"]
