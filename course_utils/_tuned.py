"""The tuned engine behind ``correlate``'s 'direct' and 'separable' methods.

:mod:`course_utils.filtering` says *what* is computed (shift and add, two 1-D
passes); this module computes it without the costs that plain NumPy adds.
Each trick and what it buys, measured side by side by
``benchmarks/bench_filtering.py`` on the 512×512 camera photo (2-CPU shared
machine, minimum of interleaved rounds; the ratios, not the times, carry over
to other machines):

- **Runs of the unpadded image, band by band, no full-size temporaries.**
  Along the flattened image, the pixel ``m`` rows and ``n`` columns away is
  ``m * width + n`` numbers further, so every shifted copy is one contiguous
  run of the image itself: no padded copy. The sums go band by band (about
  256 KB) straight into the output, with one scratch buffer that every call
  reuses; the border frame, whose windows leave the image, comes from small
  padded strips. Plain NumPy (``pad``, then ``out += w * shifted`` for every
  entry) allocates a padded copy and a fresh product per entry; freed
  together, those megabytes go back to the system and the next call
  page-faults them in again.
- **Whole numbers in small integers.** A kernel that is a number times whole
  numbers (every kernel of the bank) is summed on integer images (bool, 8 and
  16 bits) in the smallest integer type that holds every partial sum exactly
  (int16 for 8-bit photos and 3×3 kernels), then multiplied by the number once:
  a quarter of the bytes of float64, and exact sums.
- **No multiplication for weights ±1**, and the largest weight's product is
  written straight into the band (no pass to clear it first). A box blur's
  weights 1/49 are summed as ones and multiplied by 1/49 once, on float
  images too.

Measured on one run (load average about 12 on the 2 CPUs; ``plain`` is the
ladder's rung, ``fast.correlate_shift_add`` or ``fast.correlate_separable``;
``tuned`` is ``correlate`` with the same method)::

    uint8    sharpen     direct     plain   6.61 ms  tuned    932 µs    7.1×
    uint8    large_blur  separable  plain   35.4 ms  tuned   5.26 ms    6.7×
    float64  sharpen     direct     plain   13.9 ms  tuned   1.07 ms   13.0×
    float64  large_blur  separable  plain   34.6 ms  tuned   10.4 ms    3.3×

(whole numbers as ones, on float64 alone: ``large_blur`` 23.5 ms -> 10.4 ms in
the same session). ``python benchmarks/bench_filtering.py`` prints this table
last.

Every path here equals the plain float64 shift-and-add to 1e-9 on 0-255 images
(``tests/test_filtering.py``).
"""

from __future__ import annotations

import functools
import threading

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
    weights = np.asarray(weights, dtype=np.float64)
    return _integer_form(weights.shape, weights.tobytes())


@functools.lru_cache(maxsize=256)
def _integer_form(shape, data: bytes):
    """:func:`integer_form` of the weights with these bytes (kernels repeat: cached)."""
    weights = np.frombuffer(data).reshape(shape)
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


_SCRATCH = threading.local()


def _scratch(*sizes: int, dtype) -> list:
    """Arrays of the given lengths carved from one buffer that every call reuses.

    The buffer belongs to the calling thread and only grows. Fresh arrays of a
    few hundred kilobytes each call would be fresh memory from the system each
    time (page faults); a reused buffer is already mapped, and warm in cache.
    """
    itemsize = np.dtype(dtype).itemsize
    needed = sum(sizes) * itemsize
    buffer = getattr(_SCRATCH, "buffer", None)
    if buffer is None or buffer.size < needed:
        buffer = _SCRATCH.buffer = np.empty(needed, dtype=np.uint8)
    views, start = [], 0
    for size in sizes:
        views.append(buffer[start:start + size * itemsize].view(dtype))
        start += size * itemsize
    return views


@functools.lru_cache(maxsize=64)
def _border_index(length: int, before: int, mode: str) -> np.ndarray:
    """For each padded position, the image index it copies (-1 for 'constant' cells)."""
    numpy_mode = BORDER_MODES[mode].numpy_mode
    if numpy_mode == "constant":
        index = np.pad(np.arange(length), before, constant_values=-1)
    else:
        index = np.pad(np.arange(length), before, mode=numpy_mode)
    index.flags.writeable = False
    return index


def _valid(blocks: np.ndarray, passes) -> np.ndarray:
    """Plain shift and add over small padded blocks (axis 0 counts them), kernel by kernel."""
    for weights in passes:
        (rows, cols), (height, width) = weights.shape, blocks.shape[1:3]
        height, width = height - rows + 1, width - cols + 1
        result = None
        for (m, n), weight in np.ndenumerate(weights):
            window = blocks[:, m:m + height, n:n + width]
            if weight == 0:
                continue
            if result is None:
                result = window * float(weight)
            elif weight == 1:
                result += window
            elif weight == -1:
                result -= window
            else:
                result += float(weight) * window
        if result is None:
            result = np.zeros(blocks.shape[:1] + (height, width) + blocks.shape[3:])
        blocks = result
    return blocks


def _borders(image, passes, scale: float, mode: str, cval: float, output) -> None:
    """Fill the output's frame: the rows and columns whose window crosses the border.

    ``passes`` are the kernel, or its row and its column, in the weights the
    inner pixels were summed with, and ``scale`` the number they were
    multiplied by afterwards, so that the frame is rounded like the rest. The
    top and bottom strips are padded and summed together, then the left and
    right ones.
    """
    rows, cols = passes[-1].shape[0], passes[0].shape[1]
    (height, width), top, left = image.shape[:2], (rows - 1) // 2, (cols - 1) // 2
    row_index = _border_index(height, top, mode)
    col_index = _border_index(width, left, mode)
    if top:
        wanted = np.concatenate([row_index[:3 * top], row_index[height - top:]])
        blocks = _gather(image, wanted, col_index, cval).reshape(
            (2, 3 * top, width + cols - 1) + image.shape[2:])
        ends = _scaled(_valid(blocks, passes), scale)
        output[:top], output[height - top:] = ends[0], ends[1]
    if left:
        wanted = np.concatenate([col_index[:3 * left], col_index[width - left:]])
        blocks = _gather(image, row_index, wanted, cval).reshape(
            (height + rows - 1, 2, 3 * left) + image.shape[2:]).swapaxes(0, 1)
        sides = _scaled(_valid(blocks, passes), scale)
        output[:, :left], output[:, width - left:] = sides[0], sides[1]


def _scaled(values: np.ndarray, scale: float) -> np.ndarray:
    if scale != 1:
        values *= scale
    return values


def _gather(image, rows: np.ndarray, cols: np.ndarray, cval: float) -> np.ndarray:
    """``pad(image)`` at the given border indices (-1: the constant ``cval``), as float64."""
    block = image[np.ix_(np.maximum(rows, 0), np.maximum(cols, 0))].astype(np.float64)
    if rows.min() < 0 or cols.min() < 0:
        block[rows < 0] = cval
        block[:, cols < 0] = cval
    return block


def _offsets(weights: np.ndarray, stride: int, channels: int, dtype) -> list:
    """The non-zero weights as ``(offset, weight)``, the largest first.

    ``offset`` is how far along the flattened image the entry's pixel is from
    the centre's: ``m`` rows down and ``n`` columns right is
    ``m * stride + n * channels``.
    """
    centre_m, centre_n = (weights.shape[0] - 1) // 2, (weights.shape[1] - 1) // 2
    terms = [((m - centre_m) * stride + (n - centre_n) * channels, weight)
             for (m, n), weight in np.ndenumerate(weights) if weight != 0]
    terms.sort(key=lambda term: -abs(term[1]))
    return [(offset, np.asarray(weight, dtype=dtype)[()]) for offset, weight in terms]


def _accumulate(source, start: int, terms, total, scratch) -> None:
    """``total = sum(weight * source[start + offset:][:len(total)])`` over ``terms``, in place."""
    length = len(total)
    if not terms:
        total[...] = 0
        return
    offset, weight = terms[0]
    np.multiply(source[start + offset:start + offset + length], weight, out=total)
    for offset, weight in terms[1:]:
        run = source[start + offset:start + offset + length]
        if weight == 1:
            total += run
        elif weight == -1:
            total -= run
        else:
            np.multiply(run, weight, out=scratch[:length])
            total += scratch[:length]


def _accumulator(image, weights_list, mode, cval):
    """``(scale, weights_list, dtype)``: the weights to sum with, their type, the factor after.

    Weights that are a number times whole numbers are summed as those whole
    numbers (a weight of 1 is an addition, no multiplication) and multiplied
    by the number once at the end; in an integer type when the image allows it
    exactly, else in float64.
    """
    forms = [integer_form(weights) for weights in weights_list]
    if any(form is None for form in forms):
        return 1.0, list(weights_list), np.float64
    scale = float(np.prod([form[0] for form in forms]))
    ints = [form[1] for form in forms]
    if _DTYPE_BOUNDS.get("b" if image.dtype.kind == "b" else image.dtype.str[1:]) is not None:
        largest = int(np.prod([np.abs(weights).sum() for weights in ints]))
        dtype = _integer_accumulator(image, mode, cval, largest)
        if dtype is not None:
            return scale, ints, dtype
    return scale, [weights.astype(np.float64) for weights in ints], np.float64


class _Runs:
    """The image as one run of numbers (pixels, or pixels × channels), band by band.

    Along the flattened image, the pixel ``m`` rows and ``n`` columns from
    another is ``m * width + n`` further on (times the channels), so every
    shifted copy of the image is a contiguous run: one fast NumPy operation,
    no padded copy. Windows that cross the left or right edge read the
    neighbouring row there, and the rows and columns whose window crosses the
    border are computed apart (:func:`_borders`).
    """

    def __init__(self, image, kernel_shape, dtype, buffer=None):
        (rows, cols), (height, width) = kernel_shape, image.shape[:2]
        self.top, self.left = (rows - 1) // 2, (cols - 1) // 2
        self.stride = width * int(np.prod(image.shape[2:]))
        self.height, self.channels = height, int(np.prod(image.shape[2:]))
        self.flat = image.reshape(-1)
        self.convert = self.flat.dtype != dtype
        band_rows = max(8, BAND_BYTES // (self.stride * np.dtype(dtype).itemsize))
        self.band = min(height - 2 * self.top, band_rows)
        self.buffer = buffer
        self.buffer_size = (self.band + 2 * self.top) * self.stride if self.convert else 0

    def bands(self, extra_rows: int = 0):
        """``(first_row, last_row, source, start)`` for each band of the inner rows.

        ``source[start + i]`` is the ``i``-th number of the band's rows, and
        ``top + extra_rows`` rows either side of the band are in ``source`` too.
        """
        reach = self.top
        for first in range(self.top, self.height - self.top, self.band):
            last = min(self.height - self.top, first + self.band)
            if not self.convert:
                yield first, last, self.flat, first * self.stride
                continue
            begin, end = (first - reach) * self.stride, (last + reach) * self.stride
            np.copyto(self.buffer[:end - begin], self.flat[begin:end], casting="unsafe")
            yield first, last, self.buffer, reach * self.stride


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
    image = np.ascontiguousarray(image)
    scale, (weights,), dtype = _accumulator(image, [kernel], mode, cval)
    output = np.empty(image.shape, dtype=np.float64)
    runs = _Runs(image, kernel.shape, dtype)
    terms = _offsets(weights, runs.stride, runs.channels, dtype)
    in_place = dtype == np.float64 and scale == 1
    band = runs.band * runs.stride
    runs.buffer, total, scratch = _scratch(runs.buffer_size, band, band, dtype=dtype)
    flat_output, edge = output.reshape(-1), runs.left * runs.channels
    for first, last, source, start in runs.bands():
        # The band's numbers, less the left border columns of its first row and the right
        # ones of its last: those windows would reach outside the image (_borders does them).
        length = (last - first) * runs.stride - 2 * edge
        target = flat_output[first * runs.stride + edge:][:length]
        _accumulate(source, start + edge, terms, target if in_place else total[:length], scratch)
        if not in_place:
            np.multiply(total[:length], scale, out=target)
    _borders(image, [weights], scale, mode, cval, output)
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
    image = np.ascontiguousarray(image)
    scale, (col_weights, row_weights), dtype = _accumulator(image, [col, row], mode, cval)
    output = np.empty(image.shape, dtype=np.float64)
    runs = _Runs(image, (len(col), len(row)), dtype)
    reach = runs.top * runs.stride       # numbers in the rows above (and below) a band
    rows_size = runs.band * runs.stride + 2 * reach
    runs.buffer, across, scratch, total = _scratch(
        runs.buffer_size, rows_size, rows_size, runs.band * runs.stride, dtype=dtype)
    across_terms = _offsets(row_weights[None, :], runs.stride, runs.channels, dtype)
    down_terms = _offsets(col_weights[:, None], runs.stride, runs.channels, dtype)
    total = None if dtype == np.float64 and scale == 1 else total
    flat_output, edge = output.reshape(-1), runs.left * runs.channels
    for first, last, source, start in runs.bands():
        length = (last - first) * runs.stride - 2 * edge
        # Along the rows, for the band and the rows above and below it that the column
        # pass reads; across[reach + i] belongs to the band's i-th number.
        _accumulate(source, start - reach + edge, across_terms,
                    across[edge:edge + length + 2 * reach], scratch)
        band = flat_output[first * runs.stride + edge:][:length]
        target = band if total is None else total[:length]
        _accumulate(across, reach + edge, down_terms, target, scratch)
        if total is not None:
            np.multiply(target, scale, out=band)
    _borders(image, [row_weights[None, :], col_weights[:, None]], scale, mode, cval, output)
    return output
