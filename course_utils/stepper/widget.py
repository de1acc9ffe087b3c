"""The sliding-window stepper widget: ipywidgets controls over :mod:`course_utils.stepper`.

DOM hooks: CSS classes ``cu-stepper-*`` (used by ``tests/test_browser.py``).
"""

from __future__ import annotations

import ipywidgets as _w
import numpy as _np

from .._validation import MODES as _MODES
from .._validation import check_flag as _check_flag
from .._validation import check_int as _check_int
from ..i18n import tr
from ..windows import Window as _Window
from .readout import announcement_html as _announcement_html
from .readout import readout_html as _readout_html
from .readout import step_announcement as _step_announcement
from .renderer import StepperRenderer as _StepperRenderer

__all__ = ["SlidingWindowStepper"]

#: The slider's handle (noUiSlider's ``role=slider`` element, which ipywidgets gives no
#: accessible name) leaves the keyboard order and the accessibility tree: an element
#: with ``visibility: hidden`` is neither focusable nor exposed to assistive
#: technology. Its picture is drawn again by its ``::after``, which sets
#: ``visibility: visible``; the mouse still drags it and clicks the track. The named
#: number box (``cu-stepper-position``) is the keyboard's and the screen reader's control.
SLIDER_CSS = """<style>
.cu-stepper .cu-stepper-slider .noUi-handle { visibility: hidden; }
.cu-stepper .cu-stepper-slider .noUi-handle::after {
  content: ""; display: block; visibility: visible; position: absolute;
  left: -1px; top: -1px; width: 100%; height: 100%; box-sizing: content-box;
  border: 1px solid #d9d9d9; border-radius: 50%; background: #fff;
}
.cu-stepper .cu-stepper-slider .noUi-target:hover .noUi-handle::after,
.cu-stepper .cu-stepper-slider .noUi-active::after {
  background: var(--jp-widgets-slider-active-handle-color, #1976d2);
  border-color: var(--jp-widgets-slider-active-handle-color, #1976d2);
}
</style>"""


class SlidingWindowStepper(_w.VBox):
    """Step a kernel across a small image, one output pixel at a time.

    A thin widget over pure functions: the arithmetic at each position is
    :func:`course_utils.window_at` (see :attr:`current`), the picture is drawn by
    :class:`course_utils.stepper.StepperRenderer`, the readout by
    :func:`course_utils.stepper.readout_html`.

    Parts (each carries a CSS class for the browser test):

    - ``play_button`` (``cu-stepper-play``): plays the steps from the one shown to
      the last; pressed again (it then reads "pause") it stops where it is;
    - ``back_button``, ``forward_button`` (``cu-stepper-back``, ``cu-stepper-forward``):
      one step back or forward (:meth:`step`);
    - ``position_box`` (``cu-stepper-position``): the position as a number,
      ``0`` to ``H * W - 1``, one per output pixel, row by row; the control for the
      keyboard and for screen readers (its description "position" is its name):
      type a step and press Enter, or use the up and down arrow keys;
    - ``slider`` (``cu-stepper-slider``): the same position for the mouse (drag
      it, or click the track). ipywidgets gives its handle no accessible name
      (jupyter-widgets/ipywidgets#2650), so the stepper's stylesheet
      (``stylesheet``, hidden) takes the handle out of the keyboard order and the
      accessibility tree (``visibility: hidden``) and draws it again as a
      picture; the named ``position_box`` does what it did from the keyboard.
      Both are linked in the browser (:attr:`position_link`);
    - ``play`` (``cu-stepper-timer``): ipywidgets' Play, hidden, the timer behind
      ``play_button`` (linked in the browser); its own buttons have no accessible
      names and its stop button would send the position back to the start;
    - ``flip_toggle`` (``cu-stepper-flip``): on = convolution (kernel rotated by
      180°), off = cross-correlation;
    - ``mode_menu`` (``cu-stepper-mode``): the border mode, to see how each one fills
      the padding and changes the outputs along the edge;
    - ``canvas`` (``cu-stepper-canvas``): PNG of the padded image with its values,
      padding hatched orange, the window outlined, the output filled in so far;
    - ``readout`` (``cu-stepper-readout``): window × kernel = products, their sum,
      and ``output[ROW, COL] = VALUE``;
    - ``announcement`` (``cu-stepper-announcement``): one line in a polite
      ``aria-live`` region (:func:`course_utils.stepper.readout.step_announcement`),
      which a screen reader reads at every step.

    Every control has a name a screen reader says (its description); from the
    keyboard, Tab reaches each one, Space or Enter presses a button, the up and
    down arrow keys (or a typed number) move the position.

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
    >>> s.announcement.value  # doctest: +ELLIPSIS
    '<div role="status" ...>step 7 of 16: window centred on row 1, column 2; ...</div>'
    >>> s.position_box.description, s.position_box.max, s.position_link.target[1]
    ('position', 15, 'value')
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
        # The position, named, for the keyboard and screen readers: an <input
        # type=number> whose <label> (the description) is its accessible name.
        self.position_box = _w.BoundedIntText(
            value=0, min=0, max=last, step=1, description=tr("position"),
            tooltip=tr("the output pixel computed, row by row, from 0: type a number and "
                       "press Enter, or use the up and down arrow keys"),
            continuous_update=False, layout=_w.Layout(width="170px"),
        )
        # The same position for the mouse; its unnamed handle is hidden from the
        # keyboard and the accessibility tree by SLIDER_CSS (see the class docstring).
        self.slider = _w.IntSlider(
            value=0, min=0, max=last, step=1, description="", readout=False,
            behavior="drag-snap", tooltip=tr("drag to move the window, row by row"),
            continuous_update=True, layout=_w.Layout(width="300px"),
        )
        self.stylesheet = _w.HTML(SLIDER_CSS, layout=_w.Layout(display="none"))
        # ipywidgets' Play is the timer only, hidden: its buttons have no accessible
        # names, and its stop button sends the position back to the first step.
        self.play = _w.Play(value=0, min=0, max=last, step=1, interval=interval,
                            description="play", show_repeat=False,
                            layout=_w.Layout(display="none"))
        # Linked in the browser, so playing and typing need no round trip through
        # the kernel (which only observes the slider's value).
        self.play_link = _w.jslink((self.play, "value"), (self.slider, "value"))
        self.position_link = _w.jslink((self.position_box, "value"), (self.slider, "value"))
        self.play_button = _w.ToggleButton(
            value=False, description=tr("play"), icon="play",
            tooltip=tr("play the steps from here; press again to pause where it is"),
            layout=_w.Layout(width="90px"),
        )
        self.playing_link = _w.jslink((self.play_button, "value"), (self.play, "playing"))
        self.back_button = _w.Button(description=tr("back"), icon="step-backward",
                                     tooltip=tr("one step back"), layout=_w.Layout(width="80px"))
        self.forward_button = _w.Button(description=tr("forward"), icon="step-forward",
                                        tooltip=tr("one step forward"),
                                        layout=_w.Layout(width="95px"))
        self.flip_toggle = _w.ToggleButton(
            value=bool(flip), description=tr("flip kernel (convolution)"),
            tooltip=tr("on: convolution, kernel rotated by 180°; off: cross-correlation"),
            layout=_w.Layout(width="210px"),
        )
        self.mode_menu = _w.Dropdown(
            options=_MODES, value=self._renderer.mode, description=tr("border"),
            tooltip=tr("how the padding outside the image is filled"),
            layout=_w.Layout(width="190px"),
        )
        # ipywidgets' Image takes no alt text (a tooltip breaks its view in 8.1): the
        # announcement and the readout say in words what the picture shows.
        self.canvas = _w.Image(format="png", value=b"")
        self.readout = _w.HTML()
        self.announcement = _w.HTML()
        super().__init__([
            _w.HBox([self.stylesheet, self.play, self.play_button, self.back_button,
                     self.forward_button, self.position_box, self.slider]),
            _w.HBox([self.flip_toggle, self.mode_menu]),
            self.announcement, self.canvas, self.readout])
        for part, css in ((self, "cu-stepper"), (self.slider, "cu-stepper-slider"),
                          (self.position_box, "cu-stepper-position"),
                          (self.stylesheet, "cu-stepper-stylesheet"),
                          (self.play, "cu-stepper-timer"),
                          (self.play_button, "cu-stepper-play"),
                          (self.back_button, "cu-stepper-back"),
                          (self.forward_button, "cu-stepper-forward"),
                          (self.canvas, "cu-stepper-canvas"),
                          (self.flip_toggle, "cu-stepper-flip"),
                          (self.mode_menu, "cu-stepper-mode"),
                          (self.readout, "cu-stepper-readout"),
                          (self.announcement, "cu-stepper-announcement")):
            part.add_class(css)
        self.slider.observe(self._redraw, names="value")
        self.flip_toggle.observe(self._redraw, names="value")
        self.mode_menu.observe(self._on_mode, names="value")
        self.play_button.observe(self._on_playing, names="value")
        self.back_button.on_click(lambda _: self.step(-1))
        self.forward_button.on_click(lambda _: self.step(1))
        self._redraw()

    def step(self, by: int = 1) -> None:
        """Move ``by`` steps (negative: back), stopping at the first and the last."""
        self.slider.value = min(max(self.slider.value + int(by), 0), self.slider.max)

    def _on_playing(self, change) -> None:
        playing = bool(change["new"])
        self.play_button.description = tr("pause") if playing else tr("play")
        self.play_button.icon = "pause" if playing else "play"

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
        window = self.current
        self.readout.value = _readout_html(window, self._renderer.mode,
                                           self._renderer.number_format(self.flip))
        self.announcement.value = _announcement_html(
            _step_announcement(window, self.slider.value, self._renderer.steps))

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

