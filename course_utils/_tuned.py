"""The tuned engine behind ``correlate``'s 'direct' and 'separable' methods.

:mod:`course_utils.filtering` says *what* is computed (shift and add, two 1-D
passes); this module computes it without the costs that plain NumPy adds.
Each trick and what it buys, measured side by side by
``benchmarks/bench_filtering.py`` on the 512×512 camera photo (2-CPU shared
machine, minimum of interleaved rounds; the ratios, not the times, carry over
to other machines):

- **Band by band, no full-size temporaries.** The output is computed in bands
  of rows (about 256 KB each): the padded rows a band needs are gathered into
  one reused buffer, and every product goes into one reused scratch band. The
  only full-size array is the output itself. Plain NumPy (``pad``, then
  ``out += w * shifted``) allocates a padded copy and a fresh product array per
  kernel entry; when several such megabyte-sized arrays are freed together,
  glibc returns the memory to the system and the next call page-faults it back
  in. On float64 input this is what made the 3×3 bank kernels 5-15× slower than
  ``cv2.filter2D`` (see ``TUNING`` below for this machine's numbers).
- **Whole numbers in small integers.** A kernel that is a number times whole
  numbers (every kernel of the bank) is summed on integer images (bool, 8 and
  16 bits) in the smallest integer type that holds every partial sum exactly
  (int16 for 8-bit photos and 3×3 kernels), then multiplied by the number once:
  a quarter of the bytes of float64 move through the cache, and the sums are
  exact.
- **No multiplication for weights ±1**, and the largest weight's product is
  written straight into the band (no pass to clear it first).

Every path here equals the plain float64 shift-and-add to 1e-9 on 0-255 images
(``tests/test_filtering.py``).
"""

from __future__ import annotations

import numpy as np

from .borders import BORDER_MODES

__all__ = ["BAND_BYTES", "shift_and_add", "separable_passes", "integer_form"]

#: Bytes of one band of the padded image: small enough that a band and its scratch
#: stay in the processor's L2 cache while the kernel's entries pass over them.
BAND_BYTES = 1 << 18

#: The largest absolute value of each small integer image type.
_DTYPE_BOUNDS = {"b": 1, "u1": 255, "i1": 128, "u2": 65535, "i2": 32768}


def integer_form(weights: np.ndarray):
    """``(scale, ints)`` with ``weights == scale * ints`` and ``ints`` whole numbers, or None.

    Examples
    --------
    >>> integer_form(np.full((3, 3), 1 / 9))
    (0.1111111111111111, array([[1, 1, 1],
           [1, 1, 1],
           [1, 1, 1]]))
    >>> print(integer_form(np.array([[1.0, np.pi]])))
    None
    """
    magnitudes = np.abs(weights[weights != 0])
    if magnitudes.size == 0:
        return None
    scale = float(magnitudes.min())
    ints = np.rint(weights / scale)
    if np.max(np.abs(weights / scale - ints)) > 1e-12 or np.abs(ints).max() > 2 ** 15:
        return None
    return scale, ints.astype(np.int64)


def _integer_accumulator(image: np.ndarray, mode: str, cval: float, largest_sum: int):
    """The smallest integer type that holds every partial sum exactly, or None.

    ``largest_sum`` is how many times the largest pixel value a partial sum can
    reach. Only small integer images (bool, 8- and 16-bit) qualify, and only
    when a 'constant' border adds a whole number that the image type can hold.
    """
    key = "b" if image.dtype.kind == "b" else image.dtype.str[1:]
    bound = _DTYPE_BOUNDS.get(key)
    if bound is None or (mode == "constant" and (cval != int(cval) or abs(cval) > bound)):
        return None
    for dtype in (np.int16, np.int32, np.int64):
        if bound * largest_sum <= np.iinfo(dtype).max:
            return dtype
    return None


def _border_index(length: int, before: int, mode: str) -> np.ndarray:
    """For each padded position, the image index it copies (-1 for 'constant' cells)."""
    numpy_mode = BORDER_MODES[mode].numpy_mode
    if numpy_mode == "constant":
        return np.pad(np.arange(length), before, constant_values=-1)
    return np.pad(np.arange(length), before, mode=numpy_mode)


class _Bands:
    """The padded image, band by band, in one reused buffer of type ``dtype``.

    ``bands()`` yields ``(first_row, last_row, padded)``: the output rows
    ``first_row:last_row`` and the padded rows they need, exactly the rows of
    ``pad(image, kernel_shape, mode, cval)`` from ``first_row`` on. ``padded``
    is the start of ``flat``, the buffer as one run of numbers, so a window
    shifted by ``(m, n)`` is the contiguous run from ``m * stride + n``.
    """

    def __init__(self, image, kernel_shape, mode, cval, dtype):
        self.image, self.cval = image, cval
        (rows, cols), (height, width) = kernel_shape, image.shape[:2]
        self.rows_needed, self.left = rows - 1, (cols - 1) // 2
        self.row_index = _border_index(height, (rows - 1) // 2, mode)
        self.col_index = _border_index(width, (cols - 1) // 2, mode)
        self.stride = width + cols - 1
        channels = image.shape[2:]
        row_bytes = self.stride * int(np.prod(channels)) * np.dtype(dtype).itemsize
        self.band = min(height, max(8, BAND_BYTES // row_bytes))
        # One spare row: the last window's run reaches N - 1 numbers past the band.
        self.buffer = np.zeros((self.band + rows, self.stride) + channels, dtype=dtype)
        self.flat = self.buffer.reshape((-1,) + channels)

    def bands(self):
        image, buffer, left = self.image, self.buffer, self.left
        height, width = image.shape[:2]
        column_copies = [(c, self.col_index[c] + left) for c in range(self.stride)
                         if (c < left or c >= left + width) and self.col_index[c] >= 0]
        outside = [c for c in range(self.stride) if self.col_index[c] < 0]
        for first in range(0, height, self.band):
            last = min(height, first + self.band)
            count = last - first + self.rows_needed
            padded = buffer[:count]
            rows = self.row_index[first:first + count]
            centre = padded[:, left:left + width]
            if rows[0] >= 0 and rows[-1] - rows[0] == count - 1:
                np.copyto(centre, image[rows[0]:rows[-1] + 1], casting="unsafe")
            else:  # a band at the top or bottom: some rows come from the border rule
                np.copyto(centre, image[np.maximum(rows, 0)], casting="unsafe")
                padded[rows < 0] = self.cval
            for column, source in column_copies:
                padded[:, column] = padded[:, source]
            for column in outside:
                padded[:, column] = self.cval
            yield first, last, padded


def _offsets(weights: np.ndarray, stride: int, dtype) -> list:
    """The non-zero weights as ``(m * stride + n, weight)``, the largest first."""
    terms = [(m * stride + n, weight) for (m, n), weight in np.ndenumerate(weights)
             if weight != 0]
    terms.sort(key=lambda term: -abs(term[1]))
    return [(offset, np.asarray(weight, dtype=dtype)[()]) for offset, weight in terms]


def _accumulate(flat, terms, length: int, total, scratch) -> None:
    """``total = sum(weight * flat[offset:offset + length])`` over ``terms``, in place."""
    if not terms:
        total[...] = 0
        return
    offset, weight = terms[0]
    np.multiply(flat[offset:offset + length], weight, out=total)
    for offset, weight in terms[1:]:
        run = flat[offset:offset + length]
        if weight == 1:
            total += run
        elif weight == -1:
            total -= run
        else:
            np.multiply(run, weight, out=scratch)
            total += scratch


def _accumulator(image, weights_list, mode, cval):
    """``(scale, weights_list, dtype)``: integer weights and type if exact, else float64."""
    forms = [integer_form(weights) for weights in weights_list]
    if all(form is not None for form in forms):
        largest = int(np.prod([np.abs(form[1]).sum() for form in forms]))
        dtype = _integer_accumulator(image, mode, cval, largest)
        if dtype is not None:
            return float(np.prod([form[0] for form in forms])), [f[1] for f in forms], dtype
    return 1.0, weights_list, np.float64


def _finish(total, scale: float, out) -> None:
    """``out = scale * total`` (``total`` may have more columns: they are cut off)."""
    part = total[:, :out.shape[1]]
    if scale == 1:
        np.copyto(out, part)
    else:
        np.multiply(part, scale, out=out)


def shift_and_add(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float) -> np.ndarray:
    """``correlate``'s 'direct' method: the sum over kernel entries of weight × shifted image.

    Returns float64, equal to the plain shift-and-add on the padded image.

    Examples
    --------
    >>> shift_and_add(np.eye(3, dtype=np.uint8), np.ones((3, 3)) / 9, "wrap", 0.0) * 3
    array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]])
    """
    scale, (weights,), dtype = _accumulator(image, [kernel], mode, cval)
    output = np.empty(image.shape, dtype=np.float64)
    source = _Bands(image, kernel.shape, mode, cval, dtype)
    terms = _offsets(weights, source.stride, dtype)
    wide = (source.band, source.stride) + image.shape[2:]
    total, scratch = np.empty(wide, dtype), np.empty(wide, dtype)
    for first, last, _ in source.bands():
        length = (last - first) * source.stride
        flat_total = total.reshape((-1,) + image.shape[2:])[:length]
        _accumulate(source.flat, terms, length, flat_total,
                    scratch.reshape((-1,) + image.shape[2:])[:length])
        _finish(total[:last - first], scale, output[first:last])
    return output


def separable_passes(image: np.ndarray, col: np.ndarray, row: np.ndarray, mode: str,
                     cval: float) -> np.ndarray:
    """``correlate``'s 'separable' method: along the rows with ``row``, then down with ``col``.

    Returns float64, equal to correlating with ``np.outer(col, row)``. On an
    integer image with factors that are numbers times whole numbers (box blurs,
    Sobel), both passes run in exact integers.

    Examples
    --------
    >>> separable_passes(np.eye(3), np.ones(3), np.ones(3) / 9, "wrap", 0.0) * 3
    array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]])
    """
    scale, (col_weights, row_weights), dtype = _accumulator(image, [col, row], mode, cval)
    output = np.empty(image.shape, dtype=np.float64)
    source = _Bands(image, (len(col), len(row)), mode, cval, dtype)
    stride, channels = source.stride, image.shape[2:]
    across_terms = _offsets(row_weights[None, :], stride, dtype)
    down_terms = _offsets(col_weights[:, None], stride, dtype)
    # The across pass fills every padded row of the band (plus a spare for the last run).
    across = np.zeros((source.band + len(col), stride) + channels, dtype)
    flat_across = across.reshape((-1,) + channels)
    scratch = np.empty((across.shape[0] * stride,) + channels, dtype)
    total = np.empty((source.band, stride) + channels, dtype)
    for first, last, padded in source.bands():
        count = padded.shape[0] * stride - (len(row) - 1)
        _accumulate(source.flat, across_terms, count, flat_across[:count], scratch[:count])
        length = (last - first) * stride
        _accumulate(flat_across, down_terms, length,
                    total.reshape((-1,) + channels)[:length], scratch[:length])
        _finish(total[:last - first], scale, output[first:last])
    return output
