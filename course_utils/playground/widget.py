"""The kernel playground widget: ipywidgets controls over :mod:`course_utils.playground.model`.

DOM hooks: CSS classes ``cu-playground-*`` (used by ``tests/test_browser.py``).
"""

from __future__ import annotations

import html as _html
import time as _time
from contextlib import contextmanager as _contextmanager

import ipywidgets as _w
import numpy as _np

from .._validation import MODES as _MODES
from .._validation import check_choice as _check_choice
from .._validation import check_flag as _check_flag
from .._validation import check_int as _check_int
from .._validation import check_kernel as _check_kernel
from .._validation import check_mode as _check_mode
from ..borders import BORDER_MODES as _BORDER_MODES
from ..display import check_display as _check_display
from ..display import colorbar_pixels as _colorbar_pixels
from ..display import display_pixels as _display_pixels
from ..display import encode_png as _encode_png
from ..display import significant_text as _significant_text
from ..filtering import choose_method as _choose_method
from ..i18n import N_, tr, translate
from ..kernels import KERNEL_BANK as _KERNEL_BANK
from .model import CUSTOM as _CUSTOM
from .model import KERNEL_SIZES as _KERNEL_SIZES
from .model import check_playground_image as _check_playground_image
from .model import fits_grid as _fits_grid
from .model import info_html as _info_html
from .model import parse_kernel as _parse_kernel
from .model import playground_view as _playground_view
from .model import resize_kernel as _resize_kernel

__all__ = ["KernelPlayground"]


_DISPLAY_LABELS = ((N_("clip to 0–255 (the lesson)"), "clip"), (N_("absolute value"), "abs"),
                   (N_("signed (diverging map)"), "signed"))
_EDIT_NOTE = N_("editing a number switches the kernel to 'custom'")
#: The grey of the blank output picture shown when a result cannot be shown.
_BLANK_GRAY = 230


class KernelPlayground(_w.VBox):
    """Pick or edit a kernel and see what it does to a photo, live.

    Controls: ``kernel_picker`` (a bank kernel or ``'custom'``), ``size_picker``
    and ``entries`` (the 3×3 or 5×5 grid of numbers of a hand-edited kernel, in
    reading order; editing one switches to ``'custom'``), ``flip_toggle``
    (convolution when pressed, cross-correlation when not), ``mode_picker`` (the
    five border modes) and ``display_picker`` ('clip', 'abs', 'signed'; the
    signed colour scale ends at the ``SIGNED_PERCENTILE`` of |result|).
    Views: ``input_view`` and ``output_view`` (PNG images side by side), the
    ``colorbar`` of the signed display, and ``info`` (the kernel, its sum, what
    was computed, the output's min/max). ``result`` holds the float output.

    All arithmetic is in :mod:`course_utils.playground.model` (one update is
    :func:`~course_utils.playground.playground_view`); this class only wires.
    A result that cannot be shown (NaN or infinity, e.g. an overflow) or a kernel
    that cannot filter is reported in ``info``; the output picture is then blanked
    and ``result`` is None, so no stale picture stays on screen.

    Parameters
    ----------
    image : array_like
        H×W grayscale image (e.g. ``load_image("camera")``).
    kernel : str or array_like
        A name in ``KERNEL_BANK``, ``'custom'``, or a kernel (any odd M×N; 3×3
        and 5×5 kernels land in the editable grid).
    flip : bool
        Start as a convolution (True) or a correlation (False).
    mode : str
        Border mode, one of the ``scipy.ndimage`` names.
    display : {'clip', 'abs', 'signed'}
        How the output is shown.
    view_width : int
        Width in pixels of each of the two pictures on screen.

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import KERNEL_BANK, correlate, load_image
    >>> playground = KernelPlayground(load_image("camera")[:64, :64], kernel="sobel_x")
    >>> playground.mode_picker.value = "nearest"
    >>> bool(np.allclose(playground.result,
    ...                  correlate(load_image("camera")[:64, :64], KERNEL_BANK["sobel_x"],
    ...                            mode="nearest")))
    True
    """

    def __init__(self, image, kernel="small_blur", flip: bool = False, mode: str = "reflect",
                 display: str = "clip", view_width: int = 320):
        array = _check_playground_image(image)
        view_width = _check_int(view_width, "view_width", minimum=32)
        flip = _check_flag(flip, "flip")
        mode = _check_mode(mode)
        display = _check_display(display)
        self._image = array.copy()  # its dtype kept: correlate has fast integer paths
        self._quiet_depth = 0  # > 0 while the widget sets its own controls
        self._override = None  # a custom kernel that the 3×3/5×5 grid cannot hold
        self.result = None
        self.stats = None
        self.last_update_seconds = float("nan")

        style = {"description_width": "initial"}
        self.kernel_picker = _w.Dropdown(options=[*_KERNEL_BANK, _CUSTOM],
                                          value="small_blur", description=tr("kernel"),
                                          style=style)
        self.flip_toggle = _w.ToggleButton(
            value=flip, description=tr("flip kernel (convolution)"), icon="refresh",
            tooltip=tr("pressed: rotate the kernel by 180° (convolution); "
                       "released: cross-correlation, like cv2.filter2D"))
        self.mode_picker = _w.Dropdown(
            options=[(f"{m} ({_BORDER_MODES[m].opencv_name})", m) for m in _MODES],
            value=mode, description=tr("border"), style=style)
        self.display_picker = _w.Dropdown(
            options=[(translate(label), how) for label, how in _DISPLAY_LABELS],
            value=display, description=tr("display"), style=style)
        self.size_picker = _w.ToggleButtons(options=[(f"{n}×{n}", n) for n in _KERNEL_SIZES],
                                             value=3, description=tr("edit by hand"),
                                             style={"button_width": "48px", **style})
        self.entries = []
        self.entry_grid = _w.GridBox()
        self._make_entries(_np.array([[0.0, 0, 0], [0, 1, 0], [0, 0, 0]]))  # identity

        width = f"{view_width}px"
        self.input_view = _w.Image(format="png", layout=_w.Layout(width=width))
        self.input_view.value = _encode_png(_display_pixels(self._image, "clip"))
        self._blank_png = _encode_png(_np.full(self._image.shape, _BLANK_GRAY, _np.uint8))
        self.output_view = _w.Image(format="png", layout=_w.Layout(width=width))
        self.colorbar_top = _w.HTML()
        self.colorbar_bottom = _w.HTML()
        self.colorbar_view = _w.Image(
            format="png", value=_encode_png(_colorbar_pixels(256, 14)),
            layout=_w.Layout(width="14px", height=f"{int(view_width * 0.8)}px"))
        self.colorbar = _w.VBox([self.colorbar_top, self.colorbar_view, self.colorbar_bottom],
                                 layout=_w.Layout(justify_content="center"))
        self.info = _w.HTML()

        self.add_class("cu-playground")
        for widget, name in ((self.kernel_picker, "kernel"), (self.flip_toggle, "flip"),
                             (self.mode_picker, "mode"), (self.display_picker, "display"),
                             (self.size_picker, "size"), (self.input_view, "input"),
                             (self.output_view, "output"), (self.info, "info"),
                             (self.colorbar, "colorbar")):
            widget.add_class(f"cu-playground-{name}")

        self.editor_note = _w.HTML(f"<small>{translate(_EDIT_NOTE)}</small>")
        editor = _w.VBox([self.size_picker, self.entry_grid, self.editor_note])
        pictures = _w.HBox([
            _w.VBox([_w.HTML(f"<b>{tr('input')}</b>"), self.input_view]),
            _w.VBox([_w.HTML(f"<b>{tr('output')}</b>"), self.output_view]),
            self.colorbar,
        ])
        super().__init__([
            _w.HBox([self.kernel_picker, self.flip_toggle]),
            _w.HBox([self.mode_picker, self.display_picker]),
            _w.HBox([editor, self.info], layout=_w.Layout(grid_gap="24px")),
            pictures,
        ])

        self.kernel_picker.observe(self._on_kernel, names="value")
        self.size_picker.observe(self._on_size, names="value")
        for control in (self.flip_toggle, self.mode_picker, self.display_picker):
            control.observe(self._on_control, names="value")
        self.set_kernel(kernel)

    # --- the one re-entrancy guard -------------------------------------------
    @_contextmanager
    def _quietly(self):
        """Set controls without their observers reacting (they check :attr:`_quiet`)."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    @property
    def _quiet(self) -> bool:
        return self._quiet_depth > 0

    # --- the current kernel ------------------------------------------------
    @property
    def kernel(self) -> _np.ndarray:
        """The kernel as given (before any flip): the bank's, or the custom one."""
        name = self.kernel_picker.value
        if name != _CUSTOM:
            return _KERNEL_BANK[name]
        if self._override is not None:
            return self._override.copy()
        return _parse_kernel([entry.value for entry in self.entries])

    def set_kernel(self, kernel) -> None:
        """Show a bank kernel (by name), ``'custom'``, or a kernel given as numbers.

        A 3×3 or 5×5 kernel goes into the editable grid; any other odd M×N
        kernel is used as it is (the grid keeps its numbers until edited).
        """
        if isinstance(kernel, str):
            _check_choice(kernel, (*_KERNEL_BANK, _CUSTOM), "kernel")
            if self.kernel_picker.value == kernel:
                self._on_kernel({"new": kernel})
            else:
                self.kernel_picker.value = kernel  # fires _on_kernel
            return
        array = _check_kernel(kernel, self._image.shape)
        with self._quietly():
            if _fits_grid(array):
                self._override = None
                self._show_in_grid(array)
            else:
                self._override = array
            self.kernel_picker.value = _CUSTOM
        self.update()

    # --- wiring ------------------------------------------------------------
    def _make_entries(self, values: _np.ndarray) -> None:
        for entry in self.entries:
            entry.unobserve(self._on_entry, names="value")
        size = values.shape[0]
        self.entries = [_w.FloatText(value=float(v), layout=_w.Layout(width="62px"))
                        for v in values.ravel()]
        for entry in self.entries:
            entry.add_class("cu-playground-entry")
            entry.observe(self._on_entry, names="value")
        self.entry_grid.children = self.entries
        self.entry_grid.layout = _w.Layout(grid_template_columns=f"repeat({size}, 66px)",
                                            grid_gap="2px")

    def _show_in_grid(self, values: _np.ndarray) -> None:
        """Put a 3×3 or 5×5 kernel into the grid (call it quietly)."""
        size = values.shape[0]
        if self.size_picker.value != size or len(self.entries) != size * size:
            self.size_picker.value = size
            self._make_entries(values)
        else:
            for entry, value in zip(self.entries, values.ravel(), strict=True):
                entry.value = float(value)

    def _on_kernel(self, change) -> None:
        if self._quiet:
            return
        name = change["new"]
        fits = name == _CUSTOM or _fits_grid(_KERNEL_BANK[name])
        if name != _CUSTOM and fits:
            with self._quietly():
                self._show_in_grid(_KERNEL_BANK[name])
        self._show_grid_state(name, fits)
        self.update()

    def _show_grid_state(self, name: str, fits: bool) -> None:
        """Grey out the hand-edit grid when it does not hold the kernel in use."""
        for entry in self.entries:
            entry.disabled = not fits
        if fits:
            self.editor_note.value = f"<small>{translate(_EDIT_NOTE)}</small>"
        else:
            rows, cols = _KERNEL_BANK[name].shape
            self.editor_note.value = (f"<small>{name} is {rows}×{cols}, too big for this grid: "
                                      "the numbers shown are not in use. Pick 'custom' to "
                                      "edit them.</small>")

    def _on_entry(self, change) -> None:
        if self._quiet:
            return
        self._override = None
        with self._quietly():
            self.kernel_picker.value = _CUSTOM
        self.update()

    def _on_control(self, change) -> None:
        self.update()

    def _on_size(self, change) -> None:
        if self._quiet:
            return
        old = _np.array([entry.value for entry in self.entries], dtype=_np.float64)
        new = _resize_kernel(old.reshape(int(round(old.size ** 0.5)), -1), change["new"])
        self._override = None
        with self._quietly():
            self._make_entries(new)
            self.kernel_picker.value = _CUSTOM
        self.update()

    # --- the update: compute, draw, describe ---------------------------------
    def update(self) -> None:
        """Recompute the output from the controls and redraw (called on every change)."""
        if self._quiet:
            return
        start = _time.perf_counter()
        name = self.kernel_picker.value
        flip = bool(self.flip_toggle.value)
        mode = self.mode_picker.value
        how = self.display_picker.value
        try:
            kernel = self.kernel
            view = _playground_view(self._image, kernel, flip, mode, how)
        except ValueError as error:
            self._show_problem(str(error))
            return
        self.output_view.value = _encode_png(view.pixels)
        self.result = view.result
        self.stats = view.stats
        self.info.value = _info_html(view.stats, kernel, name, flip, mode, how, view.limit,
                                     method=_choose_method(kernel))
        self.colorbar.layout.display = "flex" if how == "signed" else "none"
        if view.limit is not None:
            self.colorbar_top.value = f"<small>+{_significant_text(view.limit)}</small>"
            self.colorbar_bottom.value = f"<small>−{_significant_text(view.limit)}</small>"
        self.last_update_seconds = _time.perf_counter() - start

    def _show_problem(self, message: str) -> None:
        """Say why there is no output, and blank the picture so no stale one stays."""
        self.info.value = f"<b style='color:#b00'>cannot filter:</b> {_html.escape(message)}"
        self.output_view.value = self._blank_png
        self.colorbar.layout.display = "none"
        self.result = None
        self.stats = None
