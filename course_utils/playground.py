"""The pure core of the kernel playground: filter, turn the result into a picture, describe it.

:class:`course_utils.widgets.KernelPlayground` only wires controls to these
functions; the tests and the notebooks' static figures call them directly.

The steps of one update::

    result = apply_kernel(image, kernel, flip, mode)   # float64, any sign
    pixels = display_pixels(result, how)               # uint8: gray or RGB
    png = encode_png(pixels)                            # what the browser shows
    stats = result_stats(result, kernel)                # min, max, kernel sum, ...

Three ways to show a result that can be negative or above 255:

- ``'clip'``: clip to 0-255, as the lesson's uint8 output did (negative
  responses become black, and are lost);
- ``'abs'``: clip the absolute value (both signs of an edge look bright);
- ``'signed'``: a diverging colour map, blue below 0, white at 0, red above,
  symmetric around 0 (its colour bar runs from ``-limit`` to ``+limit``).
"""

from __future__ import annotations

import html
import numbers
import re
from dataclasses import dataclass
from fractions import Fraction

import cv2
import numpy as np

from ._validation import check_image, check_kernel, check_mode
from .borders import BORDER_MODES
from .filtering import convolve, correlate
from .plotting import DISPLAY_MODES, to_display

__all__ = [
    "CUSTOM",
    "KERNEL_SIZES",
    "SIGNED_CMAP",
    "SIGNED_PERCENTILE",
    "apply_kernel",
    "signed_limit",
    "signed_rgb",
    "display_pixels",
    "encode_png",
    "colorbar_pixels",
    "ResultStats",
    "result_stats",
    "parse_kernel",
    "kernel_html",
    "info_html",
    "static_playground",
]

#: The kernel picker's choice for a kernel edited by hand.
CUSTOM = "custom"
#: The sizes of the kernels that can be edited by hand, entry by entry.
KERNEL_SIZES = (3, 5)
#: The diverging colour map of the 'signed' display (the one ``show_signed`` uses).
SIGNED_CMAP = "RdBu_r"
#: The playground's signed colour scale ends at this percentile of |result|.
SIGNED_PERCENTILE = 99.5

_LUT_CACHE: dict[str, np.ndarray] = {}


def _signed_lut() -> np.ndarray:
    """The 256 RGB colours of ``SIGNED_CMAP`` as uint8, made once."""
    if SIGNED_CMAP not in _LUT_CACHE:
        from matplotlib import colormaps

        cmap = colormaps[SIGNED_CMAP].resampled(256)
        _LUT_CACHE[SIGNED_CMAP] = cmap(np.arange(256), bytes=True)[:, :3].copy()
    return _LUT_CACHE[SIGNED_CMAP]


def _check_how(how) -> str:
    if not isinstance(how, str) or how not in DISPLAY_MODES:
        raise ValueError(f"how must be one of {DISPLAY_MODES}, got {how!r}")
    return how


def _check_flip(flip) -> bool:
    if not isinstance(flip, (bool, np.bool_)):
        raise TypeError(f"flip must be True (convolution) or False (correlation), got {flip!r}")
    return bool(flip)


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
    flip = _check_flip(flip)
    operation = convolve if flip else correlate
    return operation(image, kernel, mode=mode, cval=cval, method=method)


def signed_limit(result, percentile: float = 100.0) -> float:
    """The half-range of the 'signed' colour scale (1 if the result is all 0).

    By default the largest absolute value, so no colour saturates. A lower
    ``percentile`` of the absolute values (the playground uses
    ``SIGNED_PERCENTILE``) keeps a few extreme pixels from washing out all the
    others, which then take the end colours.

    Examples
    --------
    >>> signed_limit([[-3.0, 2.0]]), signed_limit([[0.0]])
    (3.0, 1.0)
    >>> signed_limit([[0.0, 1.0, 2.0, 3.0, 100.0]], percentile=75)
    3.0
    """
    array = check_image(result, name="result")
    if (isinstance(percentile, bool) or not isinstance(percentile, numbers.Real)
            or not 0 < percentile <= 100):
        raise ValueError(f"percentile must be a number in (0, 100], got {percentile!r}")
    magnitude = np.abs(array)
    if percentile == 100:
        return float(magnitude.max()) or 1.0
    return float(np.percentile(magnitude, percentile)) or float(magnitude.max()) or 1.0


def signed_rgb(result, limit: float | None = None) -> np.ndarray:
    """Colour a signed result on the diverging map: blue below 0, white at 0, red above.

    The scale runs from ``-limit`` to ``+limit`` (default :func:`signed_limit`);
    values beyond it take the end colours. The colours are those matplotlib's
    ``imshow(result, cmap='RdBu_r', vmin=-limit, vmax=limit)`` draws, looked up in
    a 256-entry table instead of drawing a figure (fast enough for a widget).

    Parameters
    ----------
    result : array_like
        H×W real values.
    limit : float, optional
        Half-range of the colour scale, > 0.

    Returns
    -------
    numpy.ndarray
        H×W×3 uint8 RGB.

    Examples
    --------
    >>> rgb = signed_rgb([[-1.0, 0.0, 1.0]])
    >>> rgb[0, 0], rgb[0, 2]   # dark blue, dark red
    (array([  5,  48,  97], dtype=uint8), array([103,   0,  31], dtype=uint8))
    """
    array = check_image(result, name="result", ndims=(2,)).astype(np.float64)
    if limit is None:
        limit = signed_limit(array)
    if (isinstance(limit, bool) or not isinstance(limit, numbers.Real)
            or not np.isfinite(limit) or limit <= 0):
        raise ValueError(f"limit must be a finite number > 0, got {limit!r}")
    # matplotlib's rule: normalise to 0..1, then bin into 256 colours (1.0 -> the last).
    scaled = (array + limit) * (256 / (2 * float(limit)))
    index = np.clip(scaled, 0, 255).astype(np.uint8)
    return _signed_lut()[index]


def display_pixels(result, how: str = "clip", limit: float | None = None) -> np.ndarray:
    """The picture of a result for one of the three displays, as uint8 pixels.

    Parameters
    ----------
    result : array_like
        Filter result, H×W (or H×W×C for 'clip' and 'abs').
    how : {'clip', 'abs', 'signed'}
        'clip' and 'abs' give gray values (see
        :func:`course_utils.plotting.to_display`); 'signed' gives RGB colours
        (see :func:`signed_rgb`).
    limit : float, optional
        Half-range of the 'signed' colour scale.

    Returns
    -------
    numpy.ndarray
        uint8, H×W for 'clip' and 'abs' (H×W×C for a colour result), H×W×3 for 'signed'.

    Examples
    --------
    >>> display_pixels([[-20.0, 100.7, 300.0]], "clip")
    array([[  0, 100, 255]], dtype=uint8)
    >>> display_pixels([[-20.0, 100.7, 300.0]], "abs")
    array([[ 20, 100, 255]], dtype=uint8)
    >>> display_pixels([[-20.0, 100.7, 300.0]], "signed").shape
    (1, 3, 3)
    """
    how = _check_how(how)
    if how == "signed":
        return signed_rgb(result, limit)
    return to_display(result, how)


def encode_png(pixels) -> bytes:
    """PNG bytes of a uint8 picture (H×W gray or H×W×3 RGB), for an ``ipywidgets.Image``.

    Examples
    --------
    >>> png = encode_png(np.zeros((2, 3), np.uint8))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    array = check_image(pixels, name="pixels")
    if array.dtype != np.uint8:
        raise TypeError(f"pixels must have dtype uint8, got {array.dtype}")
    if array.ndim == 3:
        if array.shape[2] != 3:
            raise ValueError(f"pixels must be H×W or H×W×3 (RGB), got shape {array.shape}")
        array = cv2.cvtColor(np.ascontiguousarray(array), cv2.COLOR_RGB2BGR)
    ok, buffer = cv2.imencode(".png", np.ascontiguousarray(array))
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 gray/BGR array
        raise RuntimeError("cv2.imencode could not encode the picture as PNG")
    return buffer.tobytes()


def colorbar_pixels(height: int = 256, width: int = 14) -> np.ndarray:
    """The 'signed' colour bar as pixels: ``+limit`` (red) at the top, ``-limit`` (blue) below.

    Examples
    --------
    >>> bar = colorbar_pixels(4, 2)
    >>> bar.shape, bool((bar[0, 0] == signed_rgb([[1.0]])[0, 0]).all())
    ((4, 2, 3), True)
    """
    for name, value in (("height", height), ("width", width)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 2:
            raise ValueError(f"{name} must be an integer >= 2, got {value!r}")
    column = np.linspace(1.0, -1.0, int(height))[:, None] * np.ones((1, int(width)))
    return signed_rgb(column, limit=1.0)


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
    array = check_image(result, name="result").astype(np.float64)
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


def _format_entry(value: float) -> str:
    text = f"{value:.4g}"
    return "0" if text == "-0" else text


def _uniform_text(kernel: np.ndarray) -> str | None:
    """'every entry 1/49' for a kernel whose entries are all equal (else None)."""
    if not np.all(kernel == kernel.flat[0]):
        return None
    value = float(kernel.flat[0])
    fraction = Fraction(value).limit_denominator(10_000)
    if fraction.denominator > 1 and abs(float(fraction) - value) < 1e-12:
        return f"every entry {fraction} ≈ {_format_entry(value)}"
    return f"every entry {_format_entry(value)}"


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
        return (f"<div>{rows}×{cols}, entries from {_format_entry(kernel.min())} "
                f"to {_format_entry(kernel.max())}</div>")
    cells = "".join(
        "<tr>" + "".join(
            f"<td style='padding:1px 6px;text-align:right;border:1px solid #ccc'>"
            f"{_format_entry(value)}</td>" for value in row) + "</tr>"
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
    flip = _check_flip(flip)
    how = _check_how(how)
    mode = check_mode(mode)
    operation = ("convolution (kernel rotated by 180° before sliding)" if flip
                 else "cross-correlation (kernel slid as it is, like cv2.filter2D)")
    lines = [
        f"<b>{html.escape(str(name))}</b> {kernel.shape[0]}×{kernel.shape[1]}, "
        f"sum {_format_entry(stats.kernel_sum)}",
        kernel_html(kernel),
        f"operation: {operation}",
    ]
    if flip and not np.array_equal(kernel, kernel[::-1, ::-1]):
        lines += ["slid over the image as:", kernel_html(kernel[::-1, ::-1])]
    lines += [
        f"border: '{mode}' (OpenCV {BORDER_MODES[mode].opencv_name})"
        + (f", method '{method}'" if method else ""),
        f"output: min {_format_entry(stats.minimum)}, max {_format_entry(stats.maximum)}; "
        f"{stats.below_zero} of {stats.size} values &lt; 0, {stats.above_255} &gt; 255",
    ]
    if how == "clip":
        lines.append("display: clipped to 0–255 as the lesson's uint8 output "
                     "(values &lt; 0 show black)")
    elif how == "abs":
        lines.append("display: |value| clipped to 0–255 (both signs show bright)")
    else:
        shown = signed_limit([[stats.minimum, stats.maximum]]) if limit is None else limit
        beyond = max(abs(stats.minimum), abs(stats.maximum)) > shown
        lines.append(f"display: signed, blue −{_format_entry(shown)} … white 0 … "
                     f"red +{_format_entry(shown)}"
                     + (" (larger values take the end colours)" if beyond else ""))
    return "<div style='font-size:90%;line-height:1.5'>" + "<br>".join(lines) + "</div>"


def static_playground(image, kernel, flip: bool = False, mode: str = "reflect",
                      how: str = "clip", name: str | None = None, axes=None):
    """The playground as a static figure: input, kernel and output side by side.

    The fallback where widgets do not run. It uses the same core as the widget
    and shows what the widget shows: the kernel as it slides (rotated by 180°
    for a convolution), its sum, the output with the same display and, for
    'signed', the same colour scale (``±signed_limit(result, SIGNED_PERCENTILE)``),
    and the output's min and max under its title.

    Parameters
    ----------
    image : array_like
        H×W image.
    kernel : str or array_like
        A name in ``KERNEL_BANK`` or an M×N kernel.
    flip, mode, how
        As for the widget: convolution or correlation, border, display.
    name : str, optional
        Title for the kernel (default: its bank name or "custom").
    axes : sequence of 3 matplotlib axes, optional

    Returns
    -------
    numpy.ndarray of matplotlib axes

    Examples
    --------
    >>> axes = static_playground(np.eye(8) * 200, "sobel_x", how="signed")
    >>> [ax.get_title() for ax in axes][1]
    'sobel_x 3×3 (sum 0)'
    >>> axes[2].get_title().splitlines()[1]
    'min -600, max 600; colours ±600'
    """
    from .kernels import KERNEL_BANK
    from .plotting import show_kernel_result

    if isinstance(kernel, str):
        name = kernel if name is None else name
        kernel = KERNEL_BANK[kernel]
    kernel = check_kernel(kernel)
    how = _check_how(how)
    result = apply_kernel(image, kernel, flip, mode)
    stats = result_stats(result, kernel)
    note = f"min {_format_entry(stats.minimum)}, max {_format_entry(stats.maximum)}"
    limit = None
    if how == "signed":
        limit = signed_limit(result, SIGNED_PERCENTILE)
        note += f"; colours ±{_format_entry(limit)}"
    label = name or CUSTOM
    return show_kernel_result(image, kernel, result, how=how, name=label,
                              flip=_check_flip(flip), mode=mode, axes=axes, limit=limit,
                              note=note)
