"""Interactive widgets: thin wiring of ipywidgets controls over pure functions.

Every number a widget shows comes from a plain ``course_utils`` function that
the tests call directly; a widget only connects controls to it and draws.

- :class:`SlidingWindowStepper`: step a kernel across an image, pixel by pixel.
- :class:`KernelPlayground`: pick or edit a kernel and see what it does to a photo.

DOM hooks: each widget adds CSS classes (``cu-stepper-*``, ``cu-playground-*``)
that the real-browser test in ``tests/test_browser.py`` uses to find its parts.
"""

from .playground import KernelPlayground
from .stepper import SlidingWindowStepper

__all__ = ["SlidingWindowStepper", "KernelPlayground"]
