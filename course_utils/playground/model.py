"""The kernel playground's arithmetic: filter, describe, read hand-typed kernels; no widgets.

:class:`course_utils.playground.KernelPlayground` only wires controls to these
functions (one update is :func:`playground_view`); the tests and the static
figure (:func:`course_utils.playground.static_playground`) call them directly.
How a result becomes pixels is :mod:`course_utils.display`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._validation import check_flag, check_image, check_int, check_kernel, check_mode
from ..borders import BORDER_MODES
from ..display import (
    check_display,
    check_finite_result,
    display_pixels,
    signed_limit,
    significant_text,
)
from ..filtering import convolve, correlate
from ..i18n import tr

__all__ = [
    "CUSTOM",
    "KERNEL_SIZES",
    "SIGNED_PERCENTILE",
    "apply_kernel",
    "check_playground_image",
    "fits_grid",
    "resize_kernel",
    "ResultStats",
    "result_stats",
    "PlaygroundView",
    "playground_view",
    "parse_kernel",
    "kernel_html",
    "info_html",
]

#: The kernel picker's choice for a kernel edited by hand.
CUSTOM = "custom"
#: The sizes of the kernels that can be edited by hand, entry by entry.
KERNEL_SIZES = (3, 5)
#: The playground's signed colour scale ends at this percentile of |result|.
SIGNED_PERCENTILE = 99.5


def check_playground_image(image) -> np.ndarray:
    """Validate the playground's photo: one channel (H×W), finite numbers; dtype kept.

    Examples
    --------
    >>> check_playground_image(np.zeros((4, 4, 3)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: image must be grayscale (H×W) for the playground, got shape (4, 4, 3); ...
    """
    array = check_image(image)
    if array.ndim == 3:
        raise ValueError(
            f"image must be grayscale (H×W) for the playground, got shape {array.shape}; "
            "load a photo with load_image(name, gray=True) or pass one channel"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError("image must hold finite numbers only, got NaN or infinity")
    return array


def apply_kernel(image, kernel, flip: bool = False, mode: str = "reflect",
                 method: str = "auto", cval: float = 0.0) -> np.ndarray:
    """Filter an image as the playground does: convolution if ``flip``, else correlation.

    Parameters
    ----------
    image : array_like
        H×W or H×W×C image.
    kernel : array_like
        M×N kernel, M and N odd.
    flip : bool
        True: rotate the kernel by 180° first (:func:`course_utils.convolve`);
        False: slide it as it is (:func:`course_utils.correlate`, what
        ``cv2.filter2D`` and deep-learning layers compute).
    mode : {'reflect', 'mirror', 'nearest', 'wrap', 'constant'}
        Border rule (``scipy.ndimage`` names).
    method : {'auto', 'direct', 'separable', 'fft'}
        How to compute it; 'auto' picks the fastest for the kernel.
    cval : float
        Value outside the image for 'constant'.

    Returns
    -------
    numpy.ndarray
        float64 result of the image's shape, not clipped.

    Examples
    --------
    >>> image = [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
    >>> kernel = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    >>> apply_kernel(image, kernel, flip=True, mode="constant")[0]
    array([1., 2., 3.])
    >>> apply_kernel(image, kernel, flip=False, mode="constant")[0]
    array([9., 8., 7.])
    """
    operation = convolve if check_flag(flip, "flip") else correlate
    return operation(image, kernel, mode=mode, cval=cval, method=method)


def fits_grid(kernel) -> bool:
    """Whether a kernel fits the hand-edit grid: square, with a side in :data:`KERNEL_SIZES`.

    Examples
    --------
    >>> fits_grid(np.ones((5, 5))), fits_grid(np.ones((3, 5))), fits_grid(np.ones((7, 7)))
    (True, False, False)
    """
    rows, cols = check_kernel(kernel).shape
    return rows == cols and rows in KERNEL_SIZES


def resize_kernel(kernel, size) -> np.ndarray:
    """A square kernel grown or shrunk to ``size``×``size`` around its middle.

    Growing puts the old numbers in the middle of zeros; shrinking keeps the
    middle. This is what the playground's size switch does to the grid.

    Examples
    --------
    >>> resize_kernel([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 5)[1]
    array([0., 1., 2., 3., 0.])
    >>> resize_kernel(resize_kernel(np.arange(9.0).reshape(3, 3), 5), 3)[0]
    array([0., 1., 2.])
    """
    old = check_kernel(kernel)
    if old.shape[0] != old.shape[1]:
        raise ValueError(f"kernel must be square to resize, got shape {old.shape}")
    size = check_int(size, "size", minimum=1)
    if not size % 2:
        raise ValueError(f"size must be odd, got {size}")
    side = old.shape[0]
    if size >= side:  # grow: the old numbers in the middle
        start = (size - side) // 2
        new = np.zeros((size, size))
        new[start:start + side, start:start + side] = old
        return new
    start = (side - size) // 2  # shrink: keep the middle
    return old[start:start + size, start:start + size].copy()


@dataclass(frozen=True)
class ResultStats:
    """What the playground reports about one result (made by :func:`result_stats`).

    Examples
    --------
    >>> ResultStats(-4.0, 300.0, 0.0, 1, 1, 3).below_zero
    1
    """

    minimum: float
    """The smallest output value."""
    maximum: float
    """The largest output value."""
    kernel_sum: float
    """The sum of the kernel's entries (1 keeps brightness, 0 keeps only change)."""
    below_zero: int
    """How many output values are negative (the 'clip' display shows them as 0)."""
    above_255: int
    """How many output values exceed 255 (the displays show them as 255)."""
    size: int
    """How many output values there are."""


def result_stats(result, kernel) -> ResultStats:
    """Min, max, the kernel's sum and how many values fall outside 0-255.

    Examples
    --------
    >>> s = result_stats([[-4.0, 0.0, 300.0]], [[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    >>> s.minimum, s.maximum, s.kernel_sum, s.below_zero, s.above_255
    (-4.0, 300.0, 0.0, 1, 1)
    """
    array = check_image(result, name="result").astype(np.float64, copy=False)
    kernel = check_kernel(kernel)
    return ResultStats(minimum=float(array.min()), maximum=float(array.max()),
                       kernel_sum=float(kernel.sum()), below_zero=int((array < 0).sum()),
                       above_255=int((array > 255).sum()), size=int(array.size))


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _parse_entry(text: str, row: int, col: int) -> float:
    """One entry typed by hand: a decimal number or a fraction such as ``1/9``."""
    parts = text.split("/")
    if len(parts) <= 2 and all(_NUMBER.match(part) for part in parts):
        if len(parts) == 1:
            return float(parts[0])
        numerator, denominator = (Fraction(part) for part in parts)
        if denominator != 0:
            return float(numerator / denominator)
    raise ValueError(
        f"kernel entry at row {row}, column {col} must be a number such as -1, 0.25 or 1/9, "
        f"got {text!r}"
    )


def parse_kernel(values, sizes: tuple[int, ...] = KERNEL_SIZES) -> np.ndarray:
    """Read a kernel edited by hand: a square grid of numbers, 3×3 or 5×5.

    Parameters
    ----------
    values : str, sequence of numbers or 2-D array_like
        The grid as text (rows on separate lines or separated by ``;``,
        entries separated by spaces or commas, fractions like ``1/9`` allowed),
        as a flat sequence of n×n numbers in reading order (what a grid of
        number boxes gives), or as a nested list / 2-D array.
    sizes : tuple of int
        The allowed sizes n of an n×n kernel.

    Returns
    -------
    numpy.ndarray
        n×n float64 kernel.

    Examples
    --------
    >>> parse_kernel("0 -1 0; -1 5 -1; 0 -1 0")[1]
    array([-1.,  5., -1.])
    >>> float(parse_kernel("1/9 1/9 1/9\\n1/9 1/9 1/9\\n1/9 1/9 1/9").sum())
    1.0
    >>> parse_kernel([0, 1, 0, 1, -4, 1, 0, 1, 0]).shape
    (3, 3)
    >>> parse_kernel([1, 2, 3, 4])
    Traceback (most recent call last):
    ...
    ValueError: kernel must be a 3×3 or 5×5 grid of numbers (9 or 25 entries), got 4 entries
    """
    allowed = " or ".join(f"{n}×{n}" for n in sizes)
    counts = " or ".join(str(n * n) for n in sizes)
    if isinstance(values, str):
        rows = [row for row in re.split(r"[;\n]", values) if row.strip()]
        grid = [[_parse_entry(entry, r, c)
                 for c, entry in enumerate(re.split(r"[\s,]+", row.strip()))]
                for r, row in enumerate(rows)]
        lengths = {len(row) for row in grid}
        if len(lengths) > 1:
            raise ValueError(f"kernel rows must all have the same number of entries, "
                             f"got rows of lengths {[len(row) for row in grid]}")
        array = np.array(grid, dtype=np.float64)
    else:
        array = check_kernel(values) if np.ndim(values) == 2 else None
        if array is None:
            if isinstance(values, (bytes, dict, set)) or values is None:
                raise TypeError(f"kernel must be text, a sequence of numbers or a 2-D array, "
                                f"got {type(values).__name__}")
            flat = np.asarray(values)
            if flat.ndim != 1 or flat.dtype.kind not in "biuf":
                raise TypeError(f"kernel must be text, a flat sequence of numbers or a 2-D "
                                f"array, got an array of shape {flat.shape} and dtype "
                                f"{flat.dtype}")
            side = int(round(np.sqrt(flat.size)))
            if side * side != flat.size or side not in sizes:
                raise ValueError(f"kernel must be a {allowed} grid of numbers ({counts} "
                                 f"entries), got {flat.size} entries")
            array = flat.astype(np.float64).reshape(side, side)
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] not in sizes:
        raise ValueError(f"kernel must be a {allowed} grid of numbers, got shape {array.shape}")
    return check_kernel(array)


def _uniform_text(kernel: np.ndarray) -> str | None:
    """'every entry 1/49' for a kernel whose entries are all equal (else None)."""
    if not np.all(kernel == kernel.flat[0]):
        return None
    value = float(kernel.flat[0])
    fraction = Fraction(value).limit_denominator(10_000)
    if fraction.denominator > 1 and abs(float(fraction) - value) < 1e-12:
        return tr("every entry {fraction} ≈ {value}", fraction=fraction,
                  value=significant_text(value))
    return tr("every entry {value}", value=significant_text(value))


def kernel_html(kernel, max_size: int = 7) -> str:
    """The kernel's numbers as a small HTML table (or a one-line summary when large or uniform).

    Examples
    --------
    >>> kernel_html(np.full((21, 21), 1 / 441))
    '<div>21×21, every entry 1/441 ≈ 0.002268</div>'
    >>> kernel_html([[0, 1, 0], [1, -4, 1], [0, 1, 0]]).count("<td")
    9
    """
    kernel = check_kernel(kernel)
    rows, cols = kernel.shape
    uniform = _uniform_text(kernel) if kernel.size > 1 else None
    if uniform is not None and kernel.size > 9:
        return f"<div>{rows}×{cols}, {uniform}</div>"
    if rows > max_size or cols > max_size:
        return "<div>" + tr("{rows}×{cols}, entries from {low} to {high}", rows=rows,
                            cols=cols, low=significant_text(kernel.min()),
                            high=significant_text(kernel.max())) + "</div>"
    cells = "".join(
        "<tr>" + "".join(
            f"<td style='padding:1px 6px;text-align:right;border:1px solid #ccc'>"
            f"{significant_text(value)}</td>" for value in row) + "</tr>"
        for row in kernel)
    return f"<table style='border-collapse:collapse;font-family:monospace'>{cells}</table>"


def info_html(stats: ResultStats, kernel, name: str, flip: bool, mode: str, how: str,
              limit: float | None = None, method: str | None = None) -> str:
    """The playground's info panel: the kernel and its sum, what was computed, min/max.

    Examples
    --------
    >>> k = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]
    >>> stats = result_stats([[-4.0, 2.0]], k)
    >>> text = info_html(stats, k, "laplacian", False, "reflect", "clip")
    >>> "sum 0" in text and "min -4" in text and "max 2" in text
    True
    """
    kernel = check_kernel(kernel)
    flip = check_flag(flip, "flip")
    how = check_display(how)
    mode = check_mode(mode)
    operation = (tr("convolution (kernel rotated by 180° before sliding)") if flip
                 else tr("cross-correlation (kernel slid as it is, like cv2.filter2D)"))
    lines = [
        tr("<b>{name}</b> {rows}×{cols}, sum {total}", name=html.escape(str(name)),
           rows=kernel.shape[0], cols=kernel.shape[1],
           total=significant_text(stats.kernel_sum)),
        kernel_html(kernel),
        tr("operation: {operation}", operation=operation),
    ]
    if flip and not np.array_equal(kernel, kernel[::-1, ::-1]):
        lines += [tr("slid over the image as:"), kernel_html(kernel[::-1, ::-1])]
    lines += [
        tr("border: '{mode}' (OpenCV {opencv})", mode=mode,
           opencv=BORDER_MODES[mode].opencv_name)
        + (tr(", method '{method}'", method=method) if method else ""),
        tr("output: min {low}, max {high}; {below} of {size} values &lt; 0, {above} &gt; 255",
           low=significant_text(stats.minimum), high=significant_text(stats.maximum),
           below=stats.below_zero, size=stats.size, above=stats.above_255),
    ]
    if how == "clip":
        lines.append(tr("display: clipped to 0–255 as the lesson's uint8 output "
                        "(values &lt; 0 show black)"))
    elif how == "abs":
        lines.append(tr("display: |value| clipped to 0–255 (both signs show bright)"))
    else:
        shown = signed_limit([[stats.minimum, stats.maximum]]) if limit is None else limit
        beyond = max(abs(stats.minimum), abs(stats.maximum)) > shown
        lines.append(tr("display: signed, blue −{limit} … white 0 … red +{limit}",
                        limit=significant_text(shown))
                     + (tr(" (larger values take the end colours)") if beyond else ""))
    return "<div style='font-size:90%;line-height:1.5'>" + "<br>".join(lines) + "</div>"


@dataclass(frozen=True)
class PlaygroundView:
    """One update of the playground (made by :func:`playground_view`).

    Examples
    --------
    >>> view = playground_view([[0, 255], [255, 0]], np.ones((1, 1)) * 2)
    >>> view.pixels.tolist(), view.stats.above_255, view.limit is None
    ([[0, 255], [255, 0]], 2, True)
    """

    result: np.ndarray
    """The float64 filter result."""
    stats: ResultStats
    """Its min, max, kernel sum and values outside 0-255."""
    pixels: np.ndarray
    """The picture for the display: uint8 gray, or RGB for 'signed'."""
    limit: float | None
    """Half-range of the 'signed' colour scale (None for the other displays)."""


def playground_view(image, kernel, flip: bool = False, mode: str = "reflect",
                    how: str = "clip") -> PlaygroundView:
    """Filter, check, colour and describe: everything one playground update shows.

    The 'signed' scale ends at the :data:`SIGNED_PERCENTILE` of |result|. A
    result holding NaN or infinity (an overflow) is refused with a
    ``ValueError`` that says so: no display can show it.

    Examples
    --------
    >>> view = playground_view(np.eye(8) * 200, [[1, 0, -1]] * 3, how="signed")
    >>> view.pixels.shape, view.stats.kernel_sum, view.limit
    ((8, 8, 3), 0.0, 400.0)
    >>> playground_view(np.full((8, 8), 1e308), np.ones((3, 3)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: result holds 64 values of 64 that are NaN or infinite (...); no picture ...
    """
    how = check_display(how)
    kernel = check_kernel(kernel)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported below
        result = apply_kernel(image, kernel, flip, mode)
    result = check_finite_result(result)
    limit = signed_limit(result, SIGNED_PERCENTILE) if how == "signed" else None
    return PlaygroundView(result=result, stats=result_stats(result, kernel),
                          pixels=display_pixels(result, how, limit), limit=limit)
