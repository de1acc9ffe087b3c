"""Drawing the stepper's frames from a :class:`~course_utils.stepper.model.StepperModel`.

A frame has a header line (step, output pixel, value, operation) and three
panels side by side, each under a caption:

- the image **padded** by the border mode, every cell with its pixel value;
  cells that come from padding are tinted orange and hatched, and a blue line
  marks the edge of the real image; the kernel's window is outlined in red;
- the **kernel as applied** (rotated by 180° for a convolution);
- the **output**, filled in up to the current step, its newest pixel outlined,
  each cell's value truncated as the model writes it.

Two footer lines say how output cells are written and give the colour key.
:class:`StepperLayout` places everything (its numbers are the named constants
below); :class:`StepperDrawing` draws, once per ``flip``, a background (empty
output) and a finished copy, and a step only copies cells and draws outlines
and the header.

For a static picture, a frame can carry the step's **readout** under it
(:meth:`StepperDrawing.readout`): window × kernel = products, their sum and the
output pixel, with the numbers of :func:`course_utils.stepper.readout_grids`
(the widget shows the same readout as HTML under its picture instead). The
kernel panel and the readout write the kernel alike, in the one
:func:`~course_utils.stepper.readout.readout_format` of all the steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .._validation import check_choice, check_flag, check_int
from ..display import gray_range, gray_rgb, light_signed_rgb, light_text_on, number_text
from .model import StepperModel, footer_lines, header_text
from .readout import PADDING_SHADE, ReadoutFormat, readout_format, readout_grids

__all__ = ["StepperLayout", "StepperDrawing", "captions"]

# -- layout, in frame pixels -------------------------------------------------------
MARGIN = 10              # white space left and right of everything
PANEL_GAP = 24           # between two panels
HEADER_HEIGHT = 26       # the header line, above the captions
HEADER_Y = 5             # where the header text starts
CAPTION_HEIGHT = 20      # the captions, above the panels
CAPTION_ROOM = 4         # a panel is at least its caption's width plus this
FOOTER_GAP = 6           # between the lowest panel and the footer
FOOTER_LINE = 16         # from one footer line to the next
FOOTER_HEIGHT = 36       # the two footer lines
PADDED_PANEL_WIDTH = 460  # the default cell makes the padded image about this wide
CELL_RANGE = (16, 30)    # ... within these cell sides
MIN_CELL = 8             # the smallest cell side accepted
MIN_CELL_WITH_NUMBER = 16  # smaller cells are drawn without their number
KERNEL_CELL_MAX = 48     # kernel cells widen for 3 decimals, up to this
CELL_TEXT_ROOM = 4       # a number fits a cell if it is this much narrower
KERNEL_TEXT_ROOM = 8     # ... and a kernel cell is its widest number plus this
OUTLINE_WIDTH = 3        # the red outlines of the window and the output pixel
EDGE_WIDTH = 2           # the blue line at the edge of the real image
HATCH_STEP = 6           # between the hatching lines of a padded cell
TEXT_BOX_ROOM = 2        # the plain box behind a number on hatching: its ink plus this
# -- the readout under a static frame ----------------------------------------------
READOUT_GAP = 8          # between the footer and the readout
READOUT_CAPTION = 16     # the tables' captions, above them
READOUT_ROW = 18         # one row of a readout table
READOUT_CELL_ROOM = 10   # a readout cell is its widest number plus this ...
READOUT_MIN_CELL = 24    # ... and at least this wide
READOUT_OPERATOR = 26    # the room for '×' and '=' between two tables
READOUT_LINE = 16        # the sum line and the padding key, under the tables
TIMES_HALF = 4           # half the side of the drawn '×' (the default font has no such glyph)
PADDING_KEY = "in the window: values that come from padding, outside the image"
# -- fonts (pixels) --------------------------------------------------------------
HEADER_FONT = 13
CAPTION_FONT = 12
FOOTER_FONT = 11
READOUT_FONT = 11
OPERATOR_FONT = 16
MIN_FONT = 6
# -- colours ---------------------------------------------------------------------
ORANGE = np.array([255, 160, 40], dtype=np.float64)
PADDING_TINT = 0.45      # share of orange in a padded cell's colour ...
PADDING_GRAY = 0.55      # ... and of its grey level
KERNEL_LIGHTNESS = 0.35  # kernel cells use this share of the signed ramp: light
HATCH = (190, 100, 0)
RED = (214, 39, 40)
BLUE = (31, 119, 180)
GRID = (205, 205, 205)
EMPTY = (246, 246, 246)
TEXT = (20, 20, 20)
#: Numbers go white on cells darker than this luminance (0-255); cells are light greys.
LIGHT_TEXT_BELOW = 120


@lru_cache(maxsize=16)
def _font(size: int):
    return ImageFont.load_default(size=size)


def captions(mode: str, flip: bool) -> tuple[str, str, str]:
    """The captions of the three panels.

    Examples
    --------
    >>> captions("wrap", True)
    ("input, padded (mode 'wrap')", 'kernel rotated 180°', 'output')
    """
    return (f"input, padded (mode {mode!r})", "kernel rotated 180°" if flip else "kernel",
            "output")


@dataclass(frozen=True)
class StepperLayout:
    """Where every part of a frame goes, measured once (made by :meth:`measure`).

    ``x`` are the left edges of the three panels; the padded image starts at
    ``top``, the kernel and the output at ``panel_top`` (level with the image's
    first real row).

    Examples
    --------
    >>> layout = StepperLayout.measure(StepperModel(np.zeros((3, 3)), np.ones((3, 3))), 20)
    >>> layout.cell_box("output", 0, 1)[2] - layout.cell_box("output", 0, 1)[0]
    20
    """

    cell: int
    kernel_cell: int
    font_size: int
    x: tuple[int, int, int]
    top: int
    panel_top: int
    footer_top: int
    width: int
    height: int

    @classmethod
    def measure(cls, model: StepperModel, cell: int | None = None,
                kernel_texts=None) -> StepperLayout:
        """Measure a frame; ``kernel_texts``: every text a kernel cell may show."""
        rows, cols = model.shape
        k_rows, k_cols = model.kernel.shape
        padded_rows, padded_cols = model.padded.shape
        if cell is None:
            fitting = PADDED_PANEL_WIDTH // max(padded_rows, padded_cols)
            cell = int(np.clip(fitting, *CELL_RANGE))
        cell = check_int(cell, "cell", minimum=MIN_CELL)
        font_size = max(8, min(11, cell // 3 + 2))
        measure = ImageDraw.Draw(Image.new("RGB", (1, 1))).textlength
        if kernel_texts is None:
            kernel_texts = [number_text(v, 3) for v in model.kernel.flat]
        widest = max(measure(text, font=_font(font_size)) for text in kernel_texts)
        kernel_cell = int(max(cell, min(KERNEL_CELL_MAX, widest + KERNEL_TEXT_ROOM)))
        sizes = (padded_cols * cell, k_cols * kernel_cell, cols * cell)
        x, lefts = MARGIN, []
        for text, size in zip(captions(model.mode, True), sizes, strict=True):
            lefts.append(x)
            caption = int(measure(text, font=_font(CAPTION_FONT))) + CAPTION_ROOM
            x += max(size, caption) + PANEL_GAP
        # The widest header: five digits before the point at least, or the largest value.
        largest = max(99999.99, *(float(np.abs(model.values(flip)).max())
                                  for flip in (False, True)))
        header = header_text(model.steps, model.steps, rows, cols, -largest, True)
        footer = max(measure(line, font=_font(FOOTER_FONT)) for decimals in (0, 1, 2)
                     for signed in (False, True) for line in footer_lines(decimals, signed))
        width = max(x - PANEL_GAP + MARGIN,
                    int(measure(header, font=_font(HEADER_FONT))) + 2 * MARGIN,
                    int(footer) + 2 * MARGIN)
        top = HEADER_HEIGHT + CAPTION_HEIGHT
        panel_top = top + model.pad_rows * cell
        bottom = max(top + padded_rows * cell, panel_top + k_rows * kernel_cell)
        footer_top = bottom + FOOTER_GAP
        return cls(cell=cell, kernel_cell=kernel_cell, font_size=font_size, x=tuple(lefts),
                   top=top, panel_top=panel_top, footer_top=footer_top, width=width,
                   height=footer_top + FOOTER_HEIGHT)

    def cell_box(self, panel: str, row: int, col: int) -> tuple[int, int, int, int]:
        """Where a cell is drawn: ``(x0, y0, x1, y1)`` in frame pixels, edges included.

        ``panel`` is 'input' (``row``, ``col`` count in the *padded* image),
        'kernel' or 'output'.
        """
        corners = {"input": (self.x[0], self.top), "kernel": (self.x[1], self.panel_top),
                   "output": (self.x[2], self.panel_top)}
        x0, y0 = corners[check_choice(panel, tuple(corners), "panel")]
        size = self.kernel_cell if panel == "kernel" else self.cell
        row, col = int(row), int(col)
        return x0 + col * size, y0 + row * size, x0 + (col + 1) * size, y0 + (row + 1) * size


def _value_texts(value: float, decimals: int) -> list[str]:
    """Ways to write ``value`` in a cell, from ``decimals`` decimals down to none."""
    options = [number_text(value, d) for d in range(decimals, -1, -1)]
    if abs(value) >= 1000:
        options.append(f"{value:.0e}")
    return list(dict.fromkeys(options))


def _fit(draw, options, width, font_size):
    """The first text of ``options`` that fits ``width`` pixels, and its font."""
    for size in (font_size, font_size - 1, font_size - 2):
        font = _font(max(size, MIN_FONT))
        for text in options:
            if draw.textlength(text, font=font) <= width:
                return text, font
    return options[-1], _font(max(font_size - 2, MIN_FONT))


def _rgb(colour) -> tuple[int, int, int]:
    return tuple(int(round(float(v))) for v in colour)


def _outline(frame, x0, y0, x1, y1, rgb, width=OUTLINE_WIDTH):
    frame[y0:y0 + width, x0:x1 + 1] = rgb
    frame[y1 - width + 1:y1 + 1, x0:x1 + 1] = rgb
    frame[y0:y1 + 1, x0:x0 + width] = rgb
    frame[y0:y1 + 1, x1 - width + 1:x1 + 1] = rgb


class StepperDrawing:
    """The frames of a :class:`StepperModel`, drawn once per ``flip`` and cached.

    Examples
    --------
    >>> drawing = StepperDrawing(StepperModel(np.zeros((3, 3)), np.ones((3, 3))))
    >>> drawing.frame(0, False).shape == (drawing.layout.height, drawing.layout.width, 3)
    True
    """

    def __init__(self, model: StepperModel, cell: int | None = None):
        self.model = model
        self._formats = {flip: readout_format(model.windows, model.applied_kernel(flip),
                                              model.products(flip)) for flip in (False, True)}
        texts = [text for f in self._formats.values() for row in f.kernel for text in row]
        self.layout = StepperLayout.measure(model, cell, texts)
        self._layers: dict[bool, tuple[np.ndarray, np.ndarray]] = {}
        self._readout_sizes: dict[bool, tuple] = {}

    def number_format(self, flip: bool) -> ReadoutFormat:
        """The readout's number format, one for all the steps of ``flip``.

        The kernel panel writes the kernel with it, and so do the readouts of
        :meth:`readout` and of the widget: the same text everywhere.
        """
        return self._formats[check_flag(flip, "flip")]

    def _cell(self, draw, box, rgb, texts=None, hatch=False) -> None:
        """One cell: its colour, hatching if padded, and the first of ``texts`` that fits."""
        x0, y0, x1, y1 = box
        draw.rectangle(box, fill=rgb, outline=GRID)
        if hatch:
            for offset in range(-(y1 - y0), x1 - x0, HATCH_STEP):
                start = (x0 + max(offset, 0), y0 + max(-offset, 0))
                length = min(x1 - start[0], y1 - start[1])
                draw.line((start, (start[0] + length, start[1] + length)), fill=HATCH)
        if self.layout.cell < MIN_CELL_WITH_NUMBER or texts is None:
            return
        text, font = _fit(draw, texts, (x1 - x0) - CELL_TEXT_ROOM, self.layout.font_size)
        where = ((x0 + x1) / 2, (y0 + y1) / 2 + 1)
        if hatch:  # a plain box a little larger than the number's ink: no line crosses it
            left, top, right, bottom = draw.textbbox(where, text, font=font, anchor="mm")
            draw.rectangle((max(left - TEXT_BOX_ROOM, x0 + 1), max(top - TEXT_BOX_ROOM, y0 + 1),
                            min(right + TEXT_BOX_ROOM, x1 - 1),
                            min(bottom + TEXT_BOX_ROOM, y1 - 1)), fill=rgb)
        colour = "white" if light_text_on(rgb, below=LIGHT_TEXT_BELOW) else TEXT
        draw.text(where, text, fill=colour, font=font, anchor="mm")

    def _draw_layers(self, flip: bool) -> tuple[np.ndarray, np.ndarray]:
        """The background (empty output) and the finished output, for ``flip``."""
        model, layout = self.model, self.layout
        rows, cols = model.shape
        canvas = Image.new("RGB", (layout.width, layout.height), "white")
        draw = ImageDraw.Draw(canvas)
        for x, text in zip(layout.x, captions(model.mode, flip), strict=True):
            draw.text((x, HEADER_HEIGHT), text, fill=TEXT, font=_font(CAPTION_FONT))
        # Panel 1: the padded image, padding tinted orange and hatched.
        padded = model.padded
        colours = gray_rgb(padded, *gray_range(padded))
        tinted = PADDING_GRAY * colours + PADDING_TINT * ORANGE
        colours = np.where(model.from_padding[..., None], tinted, colours)
        for (r, c), value in np.ndenumerate(padded):
            self._cell(draw, layout.cell_box("input", r, c), _rgb(colours[r, c]),
                       _value_texts(value, 2), hatch=bool(model.from_padding[r, c]))
        if model.pad_rows or model.pad_cols:
            x0, y0, _, _ = layout.cell_box("input", model.pad_rows, model.pad_cols)
            draw.rectangle((x0, y0, x0 + cols * layout.cell, y0 + rows * layout.cell),
                           outline=BLUE, width=EDGE_WIDTH)
        # Panel 2: the kernel as applied, in light signed colours.
        kernel = model.applied_kernel(flip)
        colours = light_signed_rgb(KERNEL_LIGHTNESS * kernel, float(np.abs(kernel).max()))
        kernel_texts = self.number_format(flip).kernel
        for (r, c), _ in np.ndenumerate(kernel):
            self._cell(draw, layout.cell_box("kernel", r, c), _rgb(colours[r, c]),
                       [kernel_texts[r][c]])
        # Panel 3: the output, empty in the background, filled in the finished copy.
        for r, c in np.ndindex(rows, cols):
            self._cell(draw, layout.cell_box("output", r, c), EMPTY)
        lines = footer_lines(model.decimals(flip), model.signed(flip))
        for number, line in enumerate(lines):
            draw.text((MARGIN, layout.footer_top + number * FOOTER_LINE), line, fill=TEXT,
                      font=_font(FOOTER_FONT))
        background = np.asarray(canvas).copy()
        values, texts = model.values(flip), model.output_texts(flip)
        if model.signed(flip):
            colours = light_signed_rgb(values, float(np.abs(values).max()))
        else:
            colours = gray_rgb(values, *gray_range(values))
        for (r, c), _ in np.ndenumerate(values):
            self._cell(draw, layout.cell_box("output", r, c), _rgb(colours[r, c]), texts[r][c])
        return background, np.asarray(canvas).copy()

    def layers(self, flip: bool) -> tuple[np.ndarray, np.ndarray]:
        """The cached background and finished pictures for ``flip`` (drawn at first use)."""
        flip = check_flag(flip, "flip")
        if flip not in self._layers:
            self._layers[flip] = self._draw_layers(flip)
        return self._layers[flip]

    def _readout_size(self, flip: bool) -> tuple:
        """The readout's table cells, left edges, width and height, for every step of ``flip``."""
        if flip in self._readout_sizes:
            return self._readout_sizes[flip]
        model, number_format = self.model, self.number_format(flip)
        measure = ImageDraw.Draw(Image.new("RGB", (1, 1))).textlength
        font = _font(READOUT_FONT)
        products = model.products(flip)
        tables = (
            [number_format.window_texts([[v]])[0][0] for v in (model.padded.min(),
                                                                model.padded.max())],
            [text for row in number_format.kernel for text in row],
            [number_format.product_texts([[v]])[0][0] for v in (products.min(), products.max())],
        )
        captions_ = self._readout_captions(flip)
        cells, lefts, x = [], [], MARGIN
        k_rows, k_cols = model.kernel.shape
        for texts, caption in zip(tables, captions_, strict=True):
            cell = int(max(READOUT_MIN_CELL,
                           max(measure(t, font=font) for t in texts) + READOUT_CELL_ROOM))
            cells.append(cell)
            lefts.append(x)
            x += max(k_cols * cell, int(measure(caption, font=font)) + CAPTION_ROOM)
            x += READOUT_OPERATOR
        rows, cols = model.shape
        largest = -float(np.abs(model.values(flip)).max())  # the widest sum: the largest, signed
        widest = self._sum_line(products[0, 0].size, largest, rows - 1, cols - 1)
        key = int(measure("shaded", font=font) + measure(PADDING_KEY, font=font)) + 12
        width = max(x - READOUT_OPERATOR + MARGIN,
                    int(max(measure(widest, font=font), key)) + 2 * MARGIN)
        height = READOUT_GAP + READOUT_CAPTION + k_rows * READOUT_ROW + 2 * READOUT_LINE + 6
        self._readout_sizes[flip] = (tuple(cells), tuple(lefts), width, height)
        return self._readout_sizes[flip]

    def _readout_captions(self, flip: bool) -> tuple[str, str, str]:
        return (f"window (mode {self.model.mode!r})",
                "kernel rotated 180°" if flip else "kernel", "products")

    @staticmethod
    def _sum_line(count: int, value: float, row: int, col: int) -> str:
        """The line under the readout's tables (its label is :func:`output_label`'s)."""
        return (f"sum of the {count} products = {value:.2f}, "
                f"so output[{row}, {col}] = {value:.2f}")

    def readout(self, index, flip: bool) -> np.ndarray:
        """The readout of step ``index`` as pixels: window × kernel = products, the sum.

        The numbers are :func:`~course_utils.stepper.readout_grids` of the step,
        in :meth:`number_format`; the window's cells that come from padding are
        shaded orange, as in the widget's readout. Every step of a ``flip`` gives
        a picture of the same size.
        """
        flip = check_flag(flip, "flip")
        model = self.model
        window = model.window(index, flip)
        grids = readout_grids(window, self.number_format(flip))
        cells, lefts, width, height = self._readout_size(flip)
        canvas = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(canvas)
        font = _font(READOUT_FONT)
        top = READOUT_GAP + READOUT_CAPTION
        shade = tuple(int(PADDING_SHADE[i:i + 2], 16) for i in (1, 3, 5))
        k_rows, k_cols = model.kernel.shape
        names = ("window", "kernel", "products")
        for number, (name, caption) in enumerate(zip(names, self._readout_captions(flip),
                                                     strict=True)):
            x0, cell = lefts[number], cells[number]
            draw.text((x0, READOUT_GAP), caption, fill=TEXT, font=font)
            for r, c in np.ndindex(k_rows, k_cols):
                box = (x0 + c * cell, top + r * READOUT_ROW, x0 + (c + 1) * cell,
                       top + (r + 1) * READOUT_ROW)
                padded = name == "window" and grids["from_padding"][r][c]
                draw.rectangle(box, fill=shade if padded else "white", outline=GRID)
                draw.text((box[2] - READOUT_CELL_ROOM // 2, (box[1] + box[3]) / 2 + 1),
                          grids[name][r][c], fill=TEXT, font=font, anchor="rm")
            if number < 2:
                operator_x = x0 + max(k_cols * cell, int(draw.textlength(caption, font=font))
                                      + CAPTION_ROOM) + READOUT_OPERATOR / 2
                middle = top + k_rows * READOUT_ROW / 2
                if number == 0:  # '×', drawn: the default font has no glyph for it
                    for sign in (-1, 1):
                        draw.line((operator_x - TIMES_HALF, middle - sign * TIMES_HALF,
                                   operator_x + TIMES_HALF, middle + sign * TIMES_HALF),
                                  fill=TEXT, width=2)
                else:
                    draw.text((operator_x, middle), "=", fill=TEXT, font=_font(OPERATOR_FONT),
                              anchor="mm")
        line_y = top + k_rows * READOUT_ROW + 6
        draw.text((MARGIN, line_y), self._sum_line(window.products.size, window.value,
                                                   window.row, window.col),
                  fill=TEXT, font=font)
        if any(any(row) for row in grids["from_padding"]):
            key_x = MARGIN
            word = int(draw.textlength("shaded", font=font))
            draw.rectangle((key_x, line_y + READOUT_LINE, key_x + word + 6,
                            line_y + 2 * READOUT_LINE - 3), fill=shade)
            draw.text((key_x + 3, line_y + READOUT_LINE), "shaded", fill=TEXT, font=font)
            draw.text((key_x + word + 12, line_y + READOUT_LINE), PADDING_KEY, fill=TEXT,
                      font=font)
        return np.asarray(canvas).copy()

    def frame(self, index, flip: bool, readout: bool = False) -> np.ndarray:
        """The picture of step ``index`` as an RGB uint8 array (height × width × 3).

        With ``readout``, the step's :meth:`readout` is drawn under it (for a
        static picture; the frame is widened with white if the readout is wider).
        """
        if check_flag(readout, "readout"):
            picture, below = self.frame(index, flip), self.readout(index, flip)
            width = max(picture.shape[1], below.shape[1])

            def widen(part):
                room = np.full((part.shape[0], width - part.shape[1], 3), 255, np.uint8)
                return np.concatenate([part, room], axis=1)

            return np.concatenate([widen(picture), widen(below)], axis=0)
        model, layout = self.model, self.layout
        row, col = model.position(index)
        background, finished = self.layers(flip)
        frame = background.copy()
        cell, top = layout.cell, layout.panel_top
        x_in, _, x_out = layout.x
        # Output cells computed so far: every earlier row, then this row up to col.
        right = x_out + model.shape[1] * cell + 1
        frame[top:top + row * cell, x_out:right] = finished[top:top + row * cell, x_out:right]
        y0, x1 = top + row * cell, x_out + (col + 1) * cell + 1
        frame[y0:y0 + cell + 1, x_out:x1] = finished[y0:y0 + cell + 1, x_out:x1]
        # The window in the padded panel and the pixel it writes.
        k_rows, k_cols = model.kernel.shape
        wx0, wy0 = x_in + col * cell, layout.top + row * cell
        _outline(frame, wx0 - 1, wy0 - 1, wx0 + k_cols * cell + 1, wy0 + k_rows * cell + 1, RED)
        ox0, oy0 = x_out + col * cell, top + row * cell
        _outline(frame, ox0 - 1, oy0 - 1, ox0 + cell + 1, oy0 + cell + 1, RED)
        picture = Image.fromarray(frame)
        ImageDraw.Draw(picture).text((MARGIN, HEADER_Y), model.header(index, flip), fill=TEXT,
                                     font=_font(HEADER_FONT))
        return np.asarray(picture)
