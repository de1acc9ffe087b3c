"""The stepper's pictures: :class:`StepperRenderer` (model + drawing) and :func:`render_steps`.

It joins the numbers and texts of every step (:mod:`course_utils.stepper.model`)
and their drawing (:mod:`course_utils.stepper.drawing`). The frame shows the
padded image with the kernel's window, the kernel as applied and the output filled
in so far; its output cells show each value **truncated** (cut towards 0, never
rounded up), the way a ``uint8`` image stores a pixel.

:class:`course_utils.stepper.SlidingWindowStepper` shows these frames in a
widget; :func:`course_utils.stepper.show_stepper_steps` shows a few of them as a
static figure (widgets do not render on GitHub).
"""

from __future__ import annotations

import numpy as np

from .._validation import check_flag
from ..display import encode_png
from ..windows import Window
from .drawing import StepperDrawing
from .model import StepperModel

__all__ = ["StepperRenderer", "render_steps"]

#: White rows between two frames stacked by :func:`render_steps`.
FRAME_GAP = 8


class StepperRenderer:
    """The stepper's frames for one image and kernel: a model and its drawing.

    The parts that do not change from step to step are drawn once per ``flip``
    and cached; a step copies the output cells done so far and draws two
    outlines and the header line.

    Parameters
    ----------
    image, kernel, mode, cval
        As for :class:`~course_utils.stepper.model.StepperModel`: an H×W image of
        finite numbers, at most :data:`MAX_STEPPER_SIDE` pixels a side, an M×N
        kernel (M and N odd), the border rule and its fill value.
    cell : int, optional
        Side of one pixel's cell, in screen pixels (default: from 16 to 30,
        smaller for bigger images).

    Examples
    --------
    >>> r = StepperRenderer(np.arange(16).reshape(4, 4), np.ones((3, 3)))
    >>> r.steps, r.step_count, r.position(5)
    (16, 16, (1, 1))
    >>> frame = r.frame(5)
    >>> frame.dtype, frame.shape == (r.height, r.width, 3)
    (dtype('uint8'), True)
    >>> r.png(5)[:4]
    b'\\x89PNG'
    """

    def __init__(self, image, kernel, mode: str = "reflect", cval: float = 0.0,
                 cell: int | None = None):
        self.model = StepperModel(image, kernel, mode, cval)
        self.drawing = StepperDrawing(self.model, cell)
        model, layout = self.model, self.drawing.layout
        self.image, self.kernel, self.mode, self.cval = (model.image, model.kernel, model.mode,
                                                         model.cval)
        self.shape, self.steps = model.shape, model.steps
        self.cell, self.kernel_cell = layout.cell, layout.kernel_cell
        self.width, self.height = layout.width, layout.height

    @property
    def step_count(self) -> int:
        """The number of steps: one per output pixel (same as :attr:`steps`)."""
        return self.steps

    def cell_box(self, panel: str, row: int, col: int) -> tuple[int, int, int, int]:
        """Where a cell is drawn: ``(x0, y0, x1, y1)`` in frame pixels, edges included.

        ``panel`` is 'input' (``row``, ``col`` count in the *padded* image),
        'kernel' or 'output'.

        Examples
        --------
        >>> r = StepperRenderer(np.zeros((3, 3)), np.ones((3, 3)), cell=20)
        >>> x0, y0, x1, y1 = r.cell_box("output", 0, 1)
        >>> x1 - x0, y1 - y0
        (20, 20)
        """
        return self.drawing.layout.cell_box(panel, row, col)

    def position(self, index) -> tuple[int, int]:
        """The output pixel ``(row, col)`` of step ``index``."""
        return self.model.position(index)

    def window(self, index, flip: bool = False) -> Window:
        """The arithmetic at step ``index``: what :func:`course_utils.window_at` returns.

        Examples
        --------
        >>> w = StepperRenderer(np.arange(9).reshape(3, 3), np.ones((3, 3))).window(4)
        >>> (w.row, w.col), w.value
        ((1, 1), 36.0)
        """
        return self.model.window(index, flip)

    def output_values(self, flip: bool = False) -> np.ndarray:
        """Every output pixel's value, as an H×W float array.

        Examples
        --------
        >>> StepperRenderer([[93, 139], [26, 252]], np.ones((1, 1)) / 2).output_values()
        array([[ 46.5,  69.5],
               [ 13. , 126. ]])
        """
        return self.model.values(flip)

    def output_texts(self, flip: bool = False) -> list[list[list[str]]]:
        """What each output cell may say, best first: the value truncated, never rounded.

        Examples
        --------
        >>> region = [[93, 139, 101], [26, 252, 196], [135, 230, 18]]
        >>> StepperRenderer(region, np.full((3, 3), 1 / 9)).output_texts()[1][1]  # 132.22
        ['132']
        """
        return self.model.output_texts(flip)

    def frame(self, index, flip: bool = False, readout: bool = False) -> np.ndarray:
        """The picture of step ``index`` as an RGB uint8 array (height × width × 3).

        With ``readout``, the step's readout (window × kernel = products, their
        sum) is drawn under it, for a static picture; the frame is then taller,
        and wider if the readout needs it.
        """
        return self.drawing.frame(index, flip, readout)

    def number_format(self, flip: bool = False):
        """The readout's number format for every step (see
        :func:`~course_utils.stepper.readout.readout_format`).

        Examples
        --------
        >>> StepperRenderer(np.zeros((3, 3)), np.full((3, 3), 1 / 9)).number_format().kernel[0]
        ('1/9', '1/9', '1/9')
        """
        return self.drawing.number_format(flip)

    def png(self, index, flip: bool = False, readout: bool = False) -> bytes:
        """The picture of step ``index`` as PNG bytes (fast, lightly compressed).

        ``readout`` as for :meth:`frame` (the course website's frames have it).

        Examples
        --------
        >>> png = StepperRenderer(np.zeros((3, 3)), np.ones((3, 3))).png(0, flip=True)
        >>> png[1:4]
        b'PNG'
        """
        return encode_png(self.frame(index, flip, readout))


def render_steps(image, kernel, indices, mode: str = "reflect", cval: float = 0.0,
                 flip: bool = False, cell: int | None = None,
                 readout: bool = False) -> np.ndarray:
    """Frames of a few steps stacked top to bottom, for a static figure.

    Parameters
    ----------
    image, kernel, mode, cval, cell
        As for :class:`StepperRenderer`.
    indices : sequence of int
        The steps to draw (row-major step numbers, see :func:`position_to_index`).
    flip : bool
        Draw the convolution (kernel rotated by 180°) instead of the correlation.
    readout : bool
        Draw each step's readout under its frame: window × kernel = products
        and their sum, the numbers the widget shows under its picture
        (:func:`~course_utils.stepper.show_stepper_steps` does by default).

    Returns
    -------
    numpy.ndarray
        RGB uint8 array: the frames with a thin white gap between them.

    Examples
    --------
    >>> one = render_steps(np.zeros((3, 3)), np.ones((3, 3)), [0])
    >>> two = render_steps(np.zeros((3, 3)), np.ones((3, 3)), [0, 8])
    >>> two.shape[0] == 2 * one.shape[0] + FRAME_GAP
    True
    >>> told = render_steps(np.zeros((3, 3)), np.ones((3, 3)), [0], readout=True)
    >>> told.shape[0] > one.shape[0]
    True
    """
    flip = check_flag(flip, "flip")
    readout = check_flag(readout, "readout")
    renderer = StepperRenderer(image, kernel, mode, cval, cell)
    indices = list(indices)
    if not indices:
        raise ValueError("indices must name at least one step, got an empty sequence")
    pictures = [renderer.frame(index, flip, readout) for index in indices]
    gap = np.full((FRAME_GAP, pictures[0].shape[1], 3), 255, dtype=np.uint8)
    frames = []
    for number, picture in enumerate(pictures):
        if number:
            frames.append(gap)
        frames.append(picture)
    return np.concatenate(frames, axis=0)
