"""The sliding-window stepper widget: ipywidgets controls over :mod:`course_utils.stepper`.

DOM hooks: CSS classes ``cu-stepper-*`` (used by ``tests/test_browser.py``).
"""

from __future__ import annotations

import ipywidgets as _w
import numpy as _np

from .._validation import MODES as _MODES
from .._validation import check_flag as _check_flag
from .._validation import check_int as _check_int
from ..windows import Window as _Window
from .readout import readout_html as _readout_html
from .renderer import StepperRenderer as _StepperRenderer

__all__ = ["SlidingWindowStepper"]


class SlidingWindowStepper(_w.VBox):
    """Step a kernel across a small image, one output pixel at a time.

    A thin widget over pure functions: the arithmetic at each position is
    :func:`course_utils.window_at` (see :attr:`current`), the picture is drawn by
    :class:`course_utils.stepper.StepperRenderer`, the readout by
    :func:`course_utils.stepper.readout_html`.

    Parts (each carries a CSS class for the browser test):

    - ``slider`` (``cu-stepper-slider``): one position per output pixel, row by
      row, ``0`` to ``H * W - 1``; click it and use the arrow keys to step;
    - ``play`` (``cu-stepper-play``): plays the slider from first to last pixel;
    - ``flip_toggle`` (``cu-stepper-flip``): on = convolution (kernel rotated by
      180°), off = cross-correlation;
    - ``mode_menu`` (``cu-stepper-mode``): the border mode, to see how each one fills
      the padding and changes the outputs along the edge;
    - ``canvas`` (``cu-stepper-canvas``): PNG of the padded image with its values,
      padding hatched orange, the window outlined, the output filled in so far;
    - ``readout`` (``cu-stepper-readout``): window × kernel = products, their sum,
      and ``output[ROW, COL] = VALUE``.

    Parameters
    ----------
    image : array_like
        H×W image (one channel), at most ``course_utils.stepper.MAX_STEPPER_SIDE``
        pixels on a side: crop a small patch of a photo.
    kernel : array_like
        M×N kernel, M and N odd (3×3, 5×5, 3×5, ...), no larger than the image.
    mode : {'reflect', 'mirror', 'nearest', 'wrap', 'constant'}
        Border rule, as in :func:`course_utils.correlate`.
    flip : bool
        Start with convolution (True) or correlation (False).
    cval : float
        Fill value for ``mode='constant'``.
    interval : int
        Milliseconds between steps when playing.

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import correlate
    >>> image = np.arange(16).reshape(4, 4)
    >>> s = SlidingWindowStepper(image, np.ones((3, 3)))
    >>> s.slider.max, s.current.row, s.current.col
    (15, 0, 0)
    >>> s.slider.value = 6
    >>> s.position, s.current.value, float(correlate(image, np.ones((3, 3)))[1, 2])
    ((1, 2), 54.0, 54.0)
    >>> "output[1, 2] = 54.00" in s.readout.value
    True
    >>> s.slider.value = 0
    >>> s.mode_menu.value = "constant"  # zeros around the image: the corner sums less
    >>> s.current.value, float(correlate(image, np.ones((3, 3)), mode="constant")[0, 0])
    (10.0, 10.0)
    """

    def __init__(self, image, kernel, mode: str = "reflect", flip: bool = False,
                 cval: float = 0.0, interval: int = 300):
        # The renderer validates image, kernel, mode and cval once, here.
        self._renderer = _StepperRenderer(image, kernel, mode, cval)
        flip = _check_flag(flip, "flip")
        interval = _check_int(interval, "interval", minimum=10)
        last = self._renderer.steps - 1
        self.slider = _w.IntSlider(
            value=0, min=0, max=last, step=1, description="position",
            continuous_update=True, readout=True, layout=_w.Layout(width="360px"),
        )
        self.play = _w.Play(value=0, min=0, max=last, step=1, interval=interval,
                            description="play", show_repeat=False)
        # Linked in the browser, so playing needs no round trip through the kernel.
        self.play_link = _w.jslink((self.play, "value"), (self.slider, "value"))
        self.flip_toggle = _w.ToggleButton(
            value=bool(flip), description="flip kernel (convolution)",
            tooltip="on: convolution, kernel rotated by 180°; off: cross-correlation",
            layout=_w.Layout(width="210px"),
        )
        self.mode_menu = _w.Dropdown(
            options=_MODES, value=self._renderer.mode, description="border",
            tooltip="how the padding outside the image is filled",
            layout=_w.Layout(width="190px"),
        )
        self.canvas = _w.Image(format="png", value=b"")
        self.readout = _w.HTML()
        super().__init__([_w.HBox([self.play, self.slider, self.flip_toggle, self.mode_menu]),
                          self.canvas, self.readout])
        for part, css in ((self, "cu-stepper"), (self.slider, "cu-stepper-slider"),
                          (self.play, "cu-stepper-play"), (self.canvas, "cu-stepper-canvas"),
                          (self.flip_toggle, "cu-stepper-flip"),
                          (self.mode_menu, "cu-stepper-mode"),
                          (self.readout, "cu-stepper-readout")):
            part.add_class(css)
        self.slider.observe(self._redraw, names="value")
        self.flip_toggle.observe(self._redraw, names="value")
        self.mode_menu.observe(self._on_mode, names="value")
        self._redraw()

    @property
    def flip(self) -> bool:
        """Whether the kernel is rotated by 180° (convolution)."""
        return bool(self.flip_toggle.value)

    @property
    def position(self) -> tuple[int, int]:
        """The output pixel ``(row, col)`` shown now."""
        return self._renderer.position(self.slider.value)

    @property
    def current(self) -> _Window:
        """The arithmetic at the position shown, as :func:`course_utils.window_at` gives it."""
        return self._renderer.window(self.slider.value, self.flip)

    def _on_mode(self, change) -> None:
        """A new border mode: a new renderer over the same image, kernel and cval."""
        old = self._renderer
        self._renderer = _StepperRenderer(old.image, old.kernel, change["new"], old.cval)
        self._redraw()

    def _redraw(self, change=None) -> None:
        self.canvas.value = self._renderer.png(self.slider.value, self.flip)
        self.readout.value = _readout_html(self.current, self._renderer.mode,
                                           self._renderer.number_format(self.flip))

    def _repr_mimebundle_(self, **kwargs):
        """The widget's display bundle plus ``application/vnd.course.stepper+json``.

        The extra part holds what the course website needs to redraw this stepper
        without a kernel (``scripts/build_site.py`` renders its frames with
        :class:`course_utils.stepper.StepperRenderer`): the image and kernel
        values, the border mode, ``cval``, ``flip``, the step shown and the play
        interval. JupyterLab shows the widget and ignores the extra part.

        Examples
        --------
        >>> import numpy as np
        >>> s = SlidingWindowStepper(np.arange(16).reshape(4, 4), np.ones((3, 3)), mode="wrap")
        >>> s.slider.value = 5
        >>> part = s._repr_mimebundle_()["application/vnd.course.stepper+json"]
        >>> part["mode"], part["flip"], part["index"], part["image"][1], part["kernel"][0]
        ('wrap', False, 5, [4.0, 5.0, 6.0, 7.0], [1.0, 1.0, 1.0])
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle = dict(bundle) if bundle else {"text/plain": repr(self)[:110]}
        renderer = self._renderer
        bundle["application/vnd.course.stepper+json"] = {
            "version": 1,
            "image": _np.asarray(renderer.image, dtype=float).tolist(),
            "kernel": _np.asarray(renderer.kernel, dtype=float).tolist(),
            "mode": renderer.mode,
            "cval": float(renderer.cval),
            "flip": self.flip,
            "index": int(self.slider.value),
            "interval": int(self.play.interval),
        }
        return bundle

