"""Mistakes shared by several exercises, each found by computing what it would give: the
slips of a 180° rotation (notebook 02's kernel and function), the border modes in words, the
reference padding and the padding mistakes (notebooks 03 and 04), and the wrong sums a loop
can make (notebook 04)."""

from __future__ import annotations

import numpy as np
import scipy.ndimage as ndi

from ..i18n import N_, tr, translate
from .compare import (
    call_learner,
)

__all__ = ["BORDER_WORDS", "pad_like", "pad_mistake", "call_without_padding_helpers",
           "sums_mistake", "rotation_mistake"]


def rotation_mistake(given, kernel) -> str | None:
    """Name what a wrong 180° rotation of ``kernel`` did, or None: each slip is computed
    (as it is, transposed, one axis flipped, a quarter turn, negated, ...) and compared.
    When a kernel's symmetry makes two slips look alike, the message names both.

    Examples
    --------
    >>> k = np.array([[1, 2, 3], [4, 5, 6]])
    >>> rotation_mistake(np.rot90(k), k)
    'turned by 90° once (rotated by 90°, not 180°): a 180° rotation is two quarter turns'
    >>> rotation_mistake(-k[::-1, ::-1], k)
    'rotated by 180° and negated: a rotation moves the entries, it never changes their signs'
    >>> rotation_mistake(k[::-1, ::-1], k) is None
    True
    """
    given, kernel = np.asarray(given), np.asarray(kernel)
    quarter = tr("turned by 90° once (rotated by 90°, not 180°): a 180° rotation is two "
                 "quarter turns")
    slips = [
        (kernel, tr("not flipped: that is the kernel as it is")),
        (kernel.T, tr("transposed instead of rotated: k.T swaps the kernel's rows and "
                      "columns, a 180° rotation flips it top to bottom and left to right")),
        (kernel[::-1], tr("flipped one axis only: top to bottom; flip left to right too")),
        (kernel[:, ::-1], tr("flipped one axis only: left to right; flip top to bottom too")),
        (np.rot90(kernel), quarter),
        (np.rot90(kernel, -1), quarter),
        (kernel.T[::-1, ::-1], tr("rotated by 180° and transposed: drop the transpose")),
        (-kernel, tr("negated: a rotation moves the entries, it never changes their signs")),
        (-kernel[::-1, ::-1], tr("rotated by 180° and negated: a rotation moves the entries, "
                                 "it never changes their signs")),
    ]
    if given.shape == kernel.shape and np.array_equal(given, kernel[::-1, ::-1]):
        return None
    named = []
    for wrong, message in slips:
        if (given.shape == wrong.shape and np.array_equal(given, wrong)
                and message not in named):
            named.append(message)
    if not named:
        return None
    if len(named) == 1:
        return named[0]
    return tr("{first} (for this kernel that is also: {others})", first=named[0],
              others=tr("; ").join(named[1:]))


#: What each border mode does, in the words the padding checks use.
#: The words are English, marked with ``N_``: show them through ``translate``.
BORDER_WORDS = {
    "constant": N_("zero padding (scipy 'constant', BORDER_CONSTANT: 0 0 0 | a b c d)"),
    "reflect": N_("the 'reflect' border (BORDER_REFLECT: c b a | a b c d, the edge pixel "
                  "repeated)"),
    "mirror": N_("the 'mirror' border (BORDER_REFLECT_101: d c b | a b c d, the edge pixel "
                 "not repeated)"),
    "nearest": N_("the replicate border (scipy 'nearest', BORDER_REPLICATE: a a a | a b c "
                  "d)"),
    "wrap": N_("the 'wrap' border (BORDER_WRAP: the opposite edge comes round)"),
}


_NUMPY_NAMES = {"constant": "constant", "reflect": "symmetric", "mirror": "reflect",
                "nearest": "edge", "wrap": "wrap"}


def pad_like(image, kernel_shape, mode: str) -> np.ndarray:
    """The reference padding of the padding exercises (numpy.pad under its own name).

    >>> pad_like(np.array([[1, 2, 3]]), (1, 5), "mirror")
    array([[3, 2, 1, 2, 3, 2, 1]])
    """
    rows, cols = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2
    return np.pad(image, ((rows, rows), (cols, cols)), mode=_NUMPY_NAMES[mode])


def pad_mistake(got: np.ndarray, image: np.ndarray, shape, mode: str) -> str | None:
    """Name what a wrong padding did, by computing what each mistake gives.

    >>> image = np.arange(12).reshape(3, 4)
    >>> pad_mistake(pad_like(image, (3, 5), "reflect"), image, (3, 5), "mirror")[:29]
    "that is the 'reflect' border "
    """
    (height, width), (rows, cols) = image.shape, shape
    py, px = (rows - 1) // 2, (cols - 1) // 2
    if got.shape == (height + 2 * px, width + 2 * px) and px != py:
        return tr("you padded both axes by the columns' half-size (the lesson's single pad): "
                  "each axis needs half of its own kernel size")
    if got.shape == (height + 2 * py, width + 2 * py) and px != py:
        return tr("you padded both axes by the rows' half-size: each axis needs half of its "
                  "own kernel size")
    if got.shape == (height + 2 * px, width + 2 * py) and px != py:
        return tr("rows and columns are swapped: an M×N kernel needs (M - 1) // 2 rows and "
                  "(N - 1) // 2 columns on each side")
    if got.shape == (height + 2 * py, width) and px:
        return tr("you padded the rows only; the columns need padding too")
    if got.shape == (height, width + 2 * px) and py:
        return tr("you padded the columns only; the rows need padding too")
    if got.shape in ((height + 2 * py + 2, width + 2 * px + 2),
                     (height + 2 * py - 2, width + 2 * px - 2)):
        return tr("your padding is off by one on each side: an M-row kernel needs "
                  "(M - 1) // 2")
    if got.shape == (height + rows, width + cols) or got.shape == (height + 2 * rows,
                                                                  width + 2 * cols):
        return tr("your padding is as wide as the kernel; each side needs only (M - 1) // 2 "
                  "rows and (N - 1) // 2 columns")
    if got.shape != (height + 2 * py, width + 2 * px):
        return tr("your padded image is {got_rows}×{got_cols}; for a {height}×{width} image "
                  "and a {rows}×{cols} kernel it should be {want_rows}×{want_cols}",
                  got_rows=got.shape[0], got_cols=got.shape[1], height=height, width=width,
                  rows=rows, cols=cols, want_rows=height + 2 * py, want_cols=width + 2 * px)
    if not np.array_equal(got[py:py + height, px:px + width], image):
        return tr("the middle of the padded image should be the image itself, unchanged")
    for other, words in BORDER_WORDS.items():
        if other != mode and np.array_equal(got, pad_like(image, shape, other)):
            return tr("that is {words}, not {wanted}", words=translate(words),
                      wanted=translate(BORDER_WORDS[mode]))
    return None


def call_without_padding_helpers(function, *args, where):
    """Call the learner's padding function; the exercise's ``forbid`` list (the guard,
    :mod:`course_utils.checks.guard`) makes np.pad, cv2.copyMakeBorder and the package's
    pad unavailable while it runs.

    >>> call_without_padding_helpers(lambda a: a + 1, np.ones(2), where="x")
    array([2., 2.])
    """
    return call_learner(function, *args, where=where)


def sums_mistake(got: np.ndarray, image: np.ndarray, kernel: np.ndarray,
                  flipped: bool) -> str | None:
    """Name what wrong sums did: compute what each mistake would give and compare."""
    pixels = image.astype(np.float64)
    target = kernel[::-1, ::-1] if flipped else kernel
    (height, width), (rows, cols) = image.shape, kernel.shape

    def same(candidate):
        return got.shape == candidate.shape and np.allclose(got, candidate, rtol=0, atol=1e-6)

    if got.shape == (height - rows + 1, width - cols + 1):
        return tr("your output has the 'valid' size; pad first, so the output keeps the "
                  "input's size")
    if got.shape == (height + rows - 1, width + cols - 1):
        return tr("your output has the 'full' size; it should keep the input's size")
    if got.shape != image.shape:
        return tr("your output is {got_rows}×{got_cols}; it should keep the input's size, "
                  "{height}×{width}", got_rows=got.shape[0], got_cols=got.shape[1],
                  height=height, width=width)
    if np.issubdtype(got.dtype, np.integer) or got.dtype == bool:
        return tr("your function returned whole numbers; return the raw float sums (no "
                  "clipping or conversion to uint8 yet)")
    exact = ndi.correlate(pixels, target, mode="nearest")
    if same(np.clip(exact, 0, 255)) and not same(exact):
        return tr("your sums are clipped to 0-255; return the raw sums here (clipping is the "
                  "lesson's last step)")
    if (same(np.rint(exact)) or same(np.trunc(exact))) and not same(exact):
        return tr("your sums are cut to whole numbers; return the raw float sums")
    if got.dtype == np.float32 or (not same(exact) and np.allclose(got, exact, atol=1e-2)):
        return tr("your sums are slightly off, as float32 stores them (about 7 digits); "
                  "accumulate in float64, as the lesson's dtype='float'")
    other = kernel if flipped else kernel[::-1, ::-1]
    if same(ndi.correlate(pixels, other, mode="nearest")):
        return (tr("your function does not flip the kernel: convolution rotates it by 180° "
                   "first") if flipped else
                tr("your function flips the kernel: correlation uses it as it is"))
    if flipped:
        if same(ndi.correlate(pixels, kernel[::-1, :], mode="nearest")):
            return tr("you flipped the rows only; the 180° rotation flips the columns too")
        if same(ndi.correlate(pixels, kernel[:, ::-1], mode="nearest")):
            return tr("you flipped the columns only; the 180° rotation flips the rows too")
    for turns in (1, 3):
        rotated = np.rot90(kernel, turns)
        if same(ndi.correlate(pixels, rotated, mode="nearest")):
            return (tr("you turned the kernel by 90°; convolution turns it by 180° (upside "
                       "down and left to right)") if flipped else
                    tr("you turned the kernel by 90°; correlation uses it as it is"))
    for candidate in (target.T, target[::-1, ::-1].T):
        if candidate.shape[0] % 2 and candidate.shape[1] % 2 and same(
                ndi.correlate(pixels, candidate, mode="nearest")):
            return (tr("your kernel is transposed (rows and columns swapped); transposing is "
                       "not the 180° rotation") if flipped else
                    tr("your kernel is transposed (rows and columns swapped): kernel[m, n] "
                       "weighs the pixel m rows down and n columns right"))
    for mode, words in BORDER_WORDS.items():
        if mode != "nearest" and same(ndi.correlate(pixels, target, mode=mode)):
            return tr("right inside, wrong at the border: that is {words}, not {wanted}",
                      words=translate(words), wanted=translate(BORDER_WORDS["nearest"]))
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if (dy or dx) and same(ndi.correlate(pixels, target, mode="nearest",
                                                 origin=(dy, dx))):
                return tr("every window is shifted by one pixel (off by one): the window of "
                          "output (y, x) is centred on input (y, x)")
    inner = (slice((rows - 1) // 2, height - (rows - 1) // 2),
             slice((cols - 1) // 2, width - (cols - 1) // 2))
    if np.allclose(got[inner], exact[inner], atol=1e-6):
        return tr("right inside, wrong near the edge: check the padding and the window's "
                  "slice")
    return None
