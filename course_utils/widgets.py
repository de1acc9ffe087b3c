"""Both interactive widgets in one import: thin ipywidgets wiring over pure functions.

Every number a widget shows comes from a plain ``course_utils`` function that
the tests call directly; a widget only connects controls to it and draws. Each
widget lives in its feature's folder, beside its model and drawing:

- :class:`SlidingWindowStepper` (:mod:`course_utils.stepper.widget`): step a kernel
  across an image, pixel by pixel;
- :class:`KernelPlayground` (:mod:`course_utils.playground.widget`): pick or edit a
  kernel and see what it does to a photo.

DOM hooks: each widget adds CSS classes (``cu-stepper-*``, ``cu-playground-*``)
that the real-browser test in ``tests/test_browser.py`` uses to find its parts.
"""

from .playground.widget import KernelPlayground
from .stepper.widget import SlidingWindowStepper

__all__ = ["SlidingWindowStepper", "KernelPlayground"]
