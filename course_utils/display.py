"""Turning numbers into pixels and short texts: display modes, colour maps, PNG, number text.

The one place for how a result becomes a picture. The stepper, the playground,
the figures of :mod:`course_utils.plotting` and the widgets all use it.

Three ways to show a filter result that can be negative or above 255
(:data:`DISPLAY_MODES`):

- ``'clip'``: clip to 0-255, as the lesson's uint8 output did (negative
  responses become black, and are lost);
- ``'abs'``: clip the absolute value (both signs of an edge look bright);
- ``'signed'``: a diverging colour map, blue below 0, white at 0, red above,
  symmetric around 0 (its colour bar runs from ``-limit`` to ``+limit``).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import cv2
import numpy as np
from matplotlib import colormaps

from ._validation import check_choice, check_image, check_int, check_real

__all__ = [
    "DISPLAY_MODES",
    "SIGNED_CMAP",
    "check_display",
    "to_display",
    "check_finite_result",
    "signed_limit",
    "signed_rgb",
    "display_pixels",
    "encode_png",
    "colorbar_pixels",
    "gray_range",
    "gray_rgb",
    "light_signed_rgb",
    "luminance",
    "light_text_on",
    "no_minus_zero",
    "number_text",
    "fixed_text",
    "table_texts",
    "fraction_texts",
    "significant_text",
]

#: How a filtered (possibly negative) result can be turned into a picture.
DISPLAY_MODES = ("clip", "abs", "signed")
#: The diverging colour map of the 'signed' display (blue < 0, white 0, red > 0).
SIGNED_CMAP = "RdBu_r"
#: The ends of :func:`light_signed_rgb`: ColorBrewer RdBu's second-darkest red and blue.
LIGHT_SIGNED_ENDS = ((178, 24, 43), (33, 102, 172))
#: Text on a background of lower luminance (0-1 colours) is written light, else dark.
LIGHT_TEXT_BELOW = 0.5

_WHITE = np.array([255.0, 255.0, 255.0])
_MINUS_ZERO = re.compile(r"-0(\.0*)?")


def check_display(how, name: str = "how") -> str:
    """Validate a display mode: one of :data:`DISPLAY_MODES`.

    Examples
    --------
    >>> check_display("abs")
    'abs'
    >>> check_display("log")
    Traceback (most recent call last):
    ...
    ValueError: how must be one of ('clip', 'abs', 'signed'), got 'log'
    """
    return check_choice(how, DISPLAY_MODES, name)


def to_display(result, how: str = "clip") -> np.ndarray:
    """Turn a float filter result into values a picture can show.

    Parameters
    ----------
    result : array_like
        Filtered image, any real values.
    how : {'clip', 'abs', 'signed'}
        'clip' clips to 0-255 and truncates to uint8, as the lesson's uint8
        output did (negative responses become 0, black); 'abs' does the same
        with the absolute value (both signs of an edge show); 'signed' returns
        the float values unchanged, for a diverging colour map.

    Examples
    --------
    >>> to_display([[-20.0, 100.7, 300.0]], "clip")
    array([[  0, 100, 255]], dtype=uint8)
    >>> to_display([[-20.0, 100.7, 300.0]], "abs")
    array([[ 20, 100, 255]], dtype=uint8)
    """
    how = check_display(how)
    array = check_image(result, name="result").astype(np.float64, copy=False)
    if how == "clip":
        return np.clip(array, 0, 255).astype(np.uint8)
    if how == "abs":
        return np.clip(np.abs(array), 0, 255).astype(np.uint8)
    return array.copy()


def check_finite_result(result, name: str = "result") -> np.ndarray:
    """A result as float64, refused with a ``ValueError`` if it holds NaN or infinity.

    No display can show a value that is not a number: the colour scale and the
    clipping both need finite values. The message says how many there are.

    Examples
    --------
    >>> check_finite_result([[1.0, float("inf")]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: result holds 1 value of 2 that is NaN or infinite (...); no picture can show it
    """
    array = check_image(result, name=name).astype(np.float64, copy=False)
    bad = int(array.size - np.count_nonzero(np.isfinite(array)))
    if bad:
        what = "value" if bad == 1 else "values"
        verb = "that is" if bad == 1 else "that are"
        raise ValueError(
            f"{name} holds {bad} {what} of {array.size} {verb} NaN or infinite (an overflow "
            "beyond float64, about 1.8e308, or a NaN or infinity in the input); "
            f"no picture can show {'it' if bad == 1 else 'them'}"
        )
    return array


def signed_limit(result, percentile: float = 100.0) -> float:
    """The half-range of the 'signed' colour scale (1 if the result is all 0).

    By default the largest absolute value, so no colour saturates. A lower
    ``percentile`` of the absolute values keeps a few extreme pixels from
    washing out all the others, which then take the end colours.

    Examples
    --------
    >>> signed_limit([[-3.0, 2.0]]), signed_limit([[0.0]])
    (3.0, 1.0)
    >>> signed_limit([[0.0, 1.0, 2.0, 3.0, 100.0]], percentile=75)
    3.0
    """
    array = check_finite_result(result)
    percentile = check_real(percentile, "percentile", minimum=0, maximum=100,
                            exclusive_minimum=True)
    magnitude = np.abs(array)
    if percentile == 100:
        return float(magnitude.max()) or 1.0
    return float(np.percentile(magnitude, percentile)) or float(magnitude.max()) or 1.0


def _signed_lut() -> np.ndarray:
    """The 256 RGB colours of ``SIGNED_CMAP`` as uint8."""
    return colormaps[SIGNED_CMAP].resampled(256)(np.arange(256), bytes=True)[:, :3].copy()


_SIGNED_LUT = _signed_lut()


def signed_rgb(result, limit: float | None = None) -> np.ndarray:
    """Colour a signed result on the diverging map: blue below 0, white at 0, red above.

    The scale runs from ``-limit`` to ``+limit`` (default :func:`signed_limit`);
    values beyond it take the end colours. The colours are those matplotlib's
    ``imshow(result, cmap='RdBu_r', vmin=-limit, vmax=limit)`` draws, looked up in
    a 256-entry table instead of drawing a figure (fast enough for a widget).

    Parameters
    ----------
    result : array_like
        H×W real values, all finite.
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
    array = check_finite_result(check_image(result, name="result", ndims=(2,)))
    if limit is None:
        limit = signed_limit(array)
    limit = check_real(limit, "limit", minimum=0, exclusive_minimum=True)
    # matplotlib's rule: normalise to 0..1, then bin into 256 colours (1.0 -> the last).
    scaled = (array + limit) * (256 / (2 * limit))
    index = np.clip(scaled, 0, 255).astype(np.uint8)
    return _SIGNED_LUT[index]


def display_pixels(result, how: str = "clip", limit: float | None = None) -> np.ndarray:
    """The picture of a result for one of the three displays, as uint8 pixels.

    Parameters
    ----------
    result : array_like
        Filter result, H×W (or H×W×C for 'clip' and 'abs'), all finite
        (a ``ValueError`` from :func:`check_finite_result` otherwise).
    how : {'clip', 'abs', 'signed'}
        'clip' and 'abs' give gray values (see :func:`to_display`); 'signed'
        gives RGB colours (see :func:`signed_rgb`).
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
    how = check_display(how)
    array = check_finite_result(result)
    if how == "signed":
        return signed_rgb(array, limit)
    return to_display(array, how)


def encode_png(pixels) -> bytes:
    """PNG bytes of a uint8 picture (H×W gray or H×W×3 RGB), fast and lightly compressed.

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
    # OpenCV's default: level 1 with the run-length strategy, the fastest it has.
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
    height = check_int(height, "height", minimum=2)
    width = check_int(width, "width", minimum=2)
    column = np.linspace(1.0, -1.0, height)[:, None] * np.ones((1, width))
    return signed_rgb(column, limit=1.0)


# --------------------------------------------------------------------------- cells with numbers


def gray_range(values) -> tuple[float, float]:
    """The values that map to black and white: 0 and 255 for a picture, else min and max.

    Examples
    --------
    >>> gray_range([[3, 200]]), gray_range([[-2.0, 8.0]]), gray_range([[300.0]])
    ((0.0, 255.0), (-2.0, 8.0), (300.0, 600.0))
    """
    array = np.asarray(values, dtype=np.float64)
    low, high = float(array.min()), float(array.max())
    if low >= -1e-9 and high <= 255 + 1e-9:
        low, high = 0.0, 255.0
    if high == low:  # flat: any wider range draws it black; keep 1 where it is enough
        high = low + max(1.0, abs(low))
    return low, high


def gray_rgb(values, low: float, high: float) -> np.ndarray:
    """Gray levels of ``values`` from ``low`` (black) to ``high`` (white), as float RGB.

    Examples
    --------
    >>> gray_rgb([0.0, 127.5, 300.0], 0.0, 255.0)[:, 0]
    array([  0., 128., 255.])
    """
    # Halves first (exact in binary), so that ranges near float64's limit do not overflow.
    half = np.asarray(values, dtype=np.float64) / 2
    scaled = np.clip((half - low / 2) / (high / 2 - low / 2), 0, 1)
    level = np.round(scaled * 255)
    return np.repeat(level[..., None], 3, axis=-1)


def light_signed_rgb(values, limit: float) -> np.ndarray:
    """Cell colours for signed numbers: white at 0, linear to :data:`LIGHT_SIGNED_ENDS`.

    Lighter than :func:`signed_rgb` at the ends, so numbers written on the
    cells stay legible; ``±limit`` takes the end colours. Float RGB, rounded.

    Examples
    --------
    >>> light_signed_rgb([-2.0, 0.0, 1.0, 2.0], 2.0).astype(int).tolist()
    [[33, 102, 172], [255, 255, 255], [216, 140, 149], [178, 24, 43]]
    """
    array = np.asarray(values, dtype=np.float64)
    t = np.clip(array / limit, -1, 1) if limit else np.zeros_like(array)
    red, blue = (np.array(end, dtype=np.float64) for end in LIGHT_SIGNED_ENDS)
    end = np.where((t > 0)[..., None], red, blue)
    return np.round(_WHITE + np.abs(t)[..., None] * (end - _WHITE))


def luminance(rgb) -> float:
    """How bright a colour looks (ITU-R BT.601 weights), in the units of ``rgb``.

    Examples
    --------
    >>> luminance((1.0, 1.0, 1.0)), round(luminance((255, 0, 0)), 3)
    (1.0, 76.245)
    """
    red, green, blue = (float(part) for part in tuple(rgb)[:3])
    return 0.299 * red + 0.587 * green + 0.114 * blue


def light_text_on(rgb, below: float = LIGHT_TEXT_BELOW) -> bool:
    """Whether text on background ``rgb`` should be light: its :func:`luminance` is below ``below``.

    ``below`` is in the units of ``rgb``: the default is for matplotlib's 0-1
    colours; pass about half of 255 for 0-255 pixels.

    Examples
    --------
    >>> light_text_on((0.1, 0.1, 0.4)), light_text_on((250, 240, 200), below=120)
    (True, False)
    """
    return luminance(rgb) < below


def no_minus_zero(text: str) -> str:
    """``text`` without the minus of a negative zero: ``'-0.00'`` becomes ``'0.00'``.

    Examples
    --------
    >>> no_minus_zero("-0"), no_minus_zero("-0.000"), no_minus_zero("-0.5")
    ('0', '0.000', '-0.5')
    """
    return text[1:] if _MINUS_ZERO.fullmatch(text) else text


def number_text(value, decimals: int) -> str:
    """A number as short text: whole numbers without decimals, others with ``decimals``.

    NaN and infinities are written ``'nan'``, ``'inf'`` and ``'-inf'``.

    Examples
    --------
    >>> number_text(132.0, 2), number_text(1 / 9, 3), number_text(-0.001, 2)
    ('132', '0.111', '0.00')
    >>> number_text(float("nan"), 2), number_text(float("-inf"), 2)
    ('nan', '-inf')
    """
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    if abs(value - round(value)) < 1e-9:
        return no_minus_zero(str(int(round(value))))
    return no_minus_zero(f"{value:.{decimals}f}")


def fixed_text(value, decimals: int) -> str:
    """A number with exactly ``decimals`` decimals, whole or not, never ``'-0.00'``.

    Examples
    --------
    >>> fixed_text(24.0, 2), fixed_text(215 / 9, 2), fixed_text(-0.001, 2), fixed_text(7, 0)
    ('24.00', '23.89', '0.00', '7')
    """
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    return no_minus_zero(f"{value:.{int(decimals)}f}")


def _is_whole(values) -> bool:
    array = np.asarray(values, dtype=np.float64)
    return bool(np.all(np.isfinite(array)) and np.all(array == np.round(array)))


def table_texts(values, decimals: int) -> list:
    """A table of numbers in one format: all whole numbers, or all with ``decimals`` decimals.

    Whole numbers are written without decimals only when every entry is whole,
    so that a table never shows ``'24'`` beside ``'23.89'``.

    Examples
    --------
    >>> table_texts([[215, 216]], 2), table_texts([[215 / 9, 216 / 9]], 2)
    ([['215', '216']], [['23.89', '24.00']])
    """
    array = np.asarray(values, dtype=np.float64)
    digits = 0 if _is_whole(array) else int(decimals)
    return np.vectorize(lambda v: fixed_text(v, digits), otypes=[object])(array).tolist()


def fraction_texts(values, max_denominator: int = 1000) -> list | None:
    """A table written as fractions over one denominator (``'1/9'``, ``'2/16'``), or None.

    ``None`` when the entries are all whole (write them as whole numbers) or when
    no common denominator up to ``max_denominator`` gives every entry to within
    float rounding. Zeros are written ``'0'``. A learner can multiply these texts
    exactly: ``215 × 1/9 = 23.888…``, where ``0.111`` gives 23.865.

    Examples
    --------
    >>> fraction_texts(np.full((1, 2), 1 / 9))
    [['1/9', '1/9']]
    >>> fraction_texts(np.array([[1, 2, 0]]) / 16), fraction_texts([[1.0, -2.0]])
    ([['1/16', '2/16', '0']], None)
    >>> fraction_texts([[0.1234567]]) is None
    True
    """
    array = np.asarray(values, dtype=np.float64)
    if _is_whole(array) or not np.all(np.isfinite(array)):
        return None
    denominator = 1
    for value in array.flat:
        near = Fraction(float(value)).limit_denominator(max_denominator)
        if abs(float(near) - value) > 1e-12 * max(1.0, abs(value)):
            return None
        denominator = math.lcm(denominator, near.denominator)
        if denominator > max_denominator:
            return None
    numerators = np.round(array * denominator)
    if np.any(np.abs(numerators / denominator - array) > 1e-12 * np.maximum(1.0, np.abs(array))):
        return None

    def text(numerator):
        return "0" if numerator == 0 else f"{int(numerator)}/{denominator}"

    return [[text(n) for n in row] for row in np.atleast_2d(numerators)]


def significant_text(value, digits: int = 4) -> str:
    """A number with ``digits`` significant digits (``'g'`` format), never ``'-0'``.

    Examples
    --------
    >>> significant_text(1 / 441), significant_text(-0.0), significant_text(-600.0)
    ('0.002268', '0', '-600')
    """
    return no_minus_zero(f"{float(value):.{digits}g}")
