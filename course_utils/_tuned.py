"""The tuned engine behind ``correlate``'s 'direct' and 'separable' methods.

:mod:`course_utils.filtering` says *what* is computed (shift and add, two 1-D
passes); this module computes it without the costs that plain NumPy adds.

How it works. The output is computed band by band (runs of rows, about
256 KB of numbers, so that a band and its scratch stay in the processor's
cache while the kernel's entries pass over them). Along a flattened image
whose rows are ``stride`` numbers apart, the pixel ``m`` rows and ``n``
columns away is ``m * stride + n * channels`` numbers further, so every
shifted copy of a band is one contiguous run: one fast NumPy operation, no
copy. Runs that cross the end of a row read the next row there; those sums
are left out.

- An image that must change type to be summed (an 8-bit photo summed in
  int16, any non-float64 image in float64) is copied band by band into a
  padded buffer: the copy that converts also adds the border, so the runs
  never leave the buffer and no border pass is needed; the sums are written
  to the output without the padding columns.
- A C-contiguous float64 image is read in place, and the sums go straight
  into the output; the frame, whose windows cross the border, is then summed
  over two small padded blocks (the top and bottom rows, and the left and
  right columns through the transposed image) by the same passes.

Each trick and what it buys, measured side by side in one run on the
512×512 camera photo (2-CPU machine shared with other jobs, load average
about 2, minimum of 41 interleaved rounds; ``r`` is the time over
``cv2.filter2D``'s with the same input type; the ratios, not the times, carry
over to other machines). "Before" is this module as it was before these
tricks (runs of the unpadded image for every type, converted in place, one
operation per kernel entry, a border pass over padded strips)::

    kernel      input    before             now
    sharpen     uint8    599 µs  r 2.25     331 µs  r 1.25
    emboss      uint8    628 µs  r 1.89     363 µs  r 1.09
    sobel_y     uint8    612 µs  r 2.04     330 µs  r 1.10
    sharpen     float64  734 µs  r 2.53     666 µs  r 2.29
    sobel_x     float64  863 µs  r 2.78     581 µs  r 1.87
    emboss      float64  920 µs  r 2.66     794 µs  r 2.30
    large_blur  uint8    3.03 ms r 0.71     1.74 ms r 0.41
    large_blur  float64  4.83 ms r 1.07     3.44 ms r 0.76

- **Padded bands in the summing type** (with the plans below): an 8-bit
  photo is copied into int16 once per band, border included, so no border
  pass at all, and sums with no factor are stored by a cast copy (no
  multiplication by 1): uint8 sharpen 599 -> 331 µs, with the same five
  operations per band.
- **Whole numbers in small integers.** A kernel that is a number times whole
  numbers (every kernel of the bank) is summed on integer images (bool, 8 and
  16 bits) in the smallest integer type that holds every partial sum exactly
  (int16 for 8-bit photos and 3×3 kernels), then multiplied by the number
  once: a quarter of the bytes of float64, and exact sums. A box blur's
  weights 1/49 are summed as ones and multiplied by 1/49 once, on float
  images too.
- **Equal weights summed once, multiplied once; no multiplication for ±1.**
  ``-2a + 2b`` is ``(b - a) * 2``: one operation fewer per pair. emboss:
  uint8 401 -> 363 µs, float64 878 -> 794 µs; sobel_x float64 644 -> 581 µs.
- **Two exact passes for whole-number rank-1 kernels**, when that takes
  fewer operations: sobel_x is ``[1, 2, 1]`` down times ``[-1, 0, 1]``
  across, four operations instead of six. float64: sobel_x 721 -> 581 µs,
  sobel_y 719 -> 616 µs; uint8: 344 -> 338 and 342 -> 330 µs (within noise).
- **Plans cached per kernel**: the integer form, the groups, the choice of
  passes (about 40 µs a call before, from ``integer_form`` and friends on
  every call, now about 5 µs).
- **float64 read in place rather than copied into padded bands**: sharpen
  727 vs 755 µs, sobel_x 695 vs 814, emboss 864 vs 929 (one run, load 2.2).

Tried and dropped:

- **Sharing the bands between threads** (a lazily created thread pool, the
  calling thread taking the first share): slower in every run on this
  machine, 0.78-1.07x from 128×128 to 2048×2048 images, because its second
  processor was busy with other work (hashlib alone, which releases the
  lock, scaled 0.57-1.18x on 2 threads in the same minutes). OpenCV's
  ``filter2D`` does not use its threads here either: as fast with
  ``cv2.setNumThreads(1)`` as with its default 2 (printed by the benchmark).
- **Bands of other sizes**: 128 KB is worse (uint8 sharpen r 1.47 against
  1.19 at 256 KB), 384-768 KB the same as 256 KB within noise.
- **The frame rebuilt as two blocks** is no faster than the previous padded
  strips (sharpen 88 vs 103 µs, emboss 97 vs 96 µs) but reuses the passes;
  it stays for that.

float64 3×3 kernels stay above 2× ``filter2D`` (1.9-2.3 in the run above,
2.2-2.5 in the benchmark, where the calls between two of ours push the image
out of the cache). Each NumPy operation is one pass over a band, one per
non-zero entry or weight group, while ``filter2D`` makes one fused pass. On
sharpen (one run, load 3.3): the five passes alone take 394 µs, of which the
first of each band (it reads the image and writes the output) 150 µs and
each of the other four about 60 µs; ``filter2D`` takes 257 µs in all. The
frame (about 90 µs) and the Python around the passes (about 45 µs: checks,
plan look-ups) make the rest.

``python benchmarks/bench_filtering.py`` prints last what the engine buys over
the plain NumPy of the ladder's rungs (``fast.correlate_shift_add``,
``fast.correlate_separable``)::

    uint8    sharpen     direct     plain   4.77 ms  tuned    797 µs    6.0×
    uint8    sobel_x     direct     plain   4.71 ms  tuned    800 µs    5.9×
    uint8    large_blur  separable  plain   17.8 ms  tuned   2.19 ms    8.1×
    float64  sharpen     direct     plain   4.99 ms  tuned   1.09 ms    4.6×
    float64  sobel_x     direct     plain   4.99 ms  tuned   1.09 ms    4.6×
    float64  large_blur  separable  plain   17.6 ms  tuned   5.03 ms    3.5×

(load average 2.4; the tuned times are longer than in the bank table above
them because the plain rungs, interleaved with them, push the image out of
the cache.)

Every path here equals the plain float64 shift-and-add to 1e-9 on 0-255 images
(``tests/test_filtering.py``, ``tests/test_tuned.py``), and the band size
changes no bit of the result.
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


def _integer_accumulator(image_dtype: np.dtype, mode: str, cval: float, largest_sum: int):
    """The smallest integer type that holds every partial sum exactly, or None.

    ``largest_sum`` is how many times the largest pixel value a partial sum can
    reach. Only small integer images (bool, 8- and 16-bit) qualify, and only
    when a 'constant' border adds a whole number that the image type can hold.
    """
    bound = _DTYPE_BOUNDS.get(_dtype_key(image_dtype))
    if bound is None or (mode == "constant" and (cval != int(cval) or abs(cval) > bound)):
        return None
    for dtype in (np.int16, np.int32, np.int64):
        if bound * largest_sum <= np.iinfo(dtype).max:
            return dtype
    return None


def _dtype_key(dtype: np.dtype) -> str:
    """The key of ``_DTYPE_BOUNDS`` for an image type: 'b', 'u1', 'i2', ... ('f8' for float64)."""
    return "b" if dtype.kind == "b" else dtype.str[1:]


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


def _integer_factors(ints: np.ndarray):
    """``(col, row)`` of whole numbers with ``np.outer(col, row) == ints`` exactly, or None.

    Examples
    --------
    >>> _integer_factors(np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]))
    (array([1, 2, 1]), array([-1,  0,  1]))
    >>> print(_integer_factors(np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])))
    None
    """
    first = ints[np.flatnonzero(ints.any(axis=1))[0]]
    row = first // np.gcd.reduce(first)
    pivot = np.flatnonzero(row)[0]
    col = ints[:, pivot] // row[pivot]
    if not np.array_equal(np.outer(col, row), ints):
        return None
    return col, row


def _accumulator(image, weights_list, mode, cval):
    """``(scale, weights_list, dtype)``: the weights to sum with, their type, the factor after.

    Weights that are a number times whole numbers are summed as those whole
    numbers (a weight of 1 is an addition, no multiplication) and multiplied
    by the number once at the end; in an integer type when the image allows it
    exactly, else in float64.
    """
    weights_list = [np.asarray(weights, dtype=np.float64) for weights in weights_list]
    return _accumulator_cached(tuple((w.shape, w.tobytes()) for w in weights_list),
                               image.dtype, mode, cval)


@functools.lru_cache(maxsize=256)
def _accumulator_cached(kernels, image_dtype, mode, cval):
    """:func:`_accumulator` for kernels given as ``(shape, bytes)`` (calls repeat: cached)."""
    weights_list = [np.frombuffer(data).reshape(shape) for shape, data in kernels]
    forms = [integer_form(weights) for weights in weights_list]
    if any(form is None for form in forms):
        return 1.0, weights_list, np.float64
    scale = float(np.prod([form[0] for form in forms]))
    ints = [form[1] for form in forms]
    if _DTYPE_BOUNDS.get(_dtype_key(image_dtype)) is not None:
        largest = int(np.prod([np.abs(weights).sum() for weights in ints]))
        dtype = _integer_accumulator(image_dtype, mode, cval, largest)
        if dtype is not None:
            return scale, ints, dtype
    return scale, [weights.astype(np.float64) for weights in ints], np.float64


def _groups(weights: np.ndarray, row_stride: int, channels: int, dtype) -> list:
    """The non-zero weights as ``(magnitude, plus, minus)`` groups, in the order they are summed.

    ``plus`` and ``minus`` are the offsets of the entries of weight ``+magnitude``
    and ``-magnitude``: the entry ``m`` rows down and ``n`` columns right of the
    window's top-left corner is ``m * row_stride + n * channels`` further along
    the flattened image. Each group is summed once, then multiplied once. The
    group of weights ±1 comes last (added straight into the total, no
    multiplication); of the others, the one with the most entries comes first
    (summed straight into the total, then multiplied in place).
    """
    weights = np.asarray(weights, dtype=np.float64)
    return _groups_cached(weights.shape, weights.tobytes(), row_stride, channels,
                          np.dtype(dtype).str)


@functools.lru_cache(maxsize=256)
def _groups_cached(shape, data: bytes, row_stride: int, channels: int, dtype: str) -> list:
    """:func:`_groups` of the weights with these bytes (kernels and image widths repeat)."""
    groups = {}
    for (m, n), weight in np.ndenumerate(np.frombuffer(data).reshape(shape)):
        if weight != 0:
            plus, minus = groups.setdefault(abs(float(weight)), ([], []))
            (plus if weight > 0 else minus).append(m * row_stride + n * channels)
    order = sorted(groups.items(),
                   key=lambda item: (item[0] == 1, -len(item[1][0]) - len(item[1][1]), -item[0]))
    return [(np.asarray(magnitude, dtype=dtype)[()], tuple(plus), tuple(minus))
            for magnitude, (plus, minus) in order]


def _operations(weights: np.ndarray) -> int:
    """How many whole-band NumPy operations :func:`_accumulate` takes for these weights."""
    count = 0
    for index, (magnitude, plus, minus) in enumerate(_groups(weights, 1, 1, np.float64)):
        entries = len(plus) + len(minus)
        if index and magnitude == 1:
            count += entries
        elif entries == 1:
            count += 1 + (index > 0)
        else:
            count += entries - 1 + (magnitude != 1 or not plus) + (index > 0)
    return count


@functools.lru_cache(maxsize=256)
def _two_passes(shape, data: bytes):
    """``(col, row)`` of whole numbers, if the two passes take fewer operations than the kernel.

    Examples
    --------
    >>> sobel_x = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    >>> _two_passes(sobel_x.shape, sobel_x.tobytes())
    (array([1., 2., 1.]), array([-1.,  0.,  1.]))
    """
    weights = np.frombuffer(data).reshape(shape)
    ints = np.rint(weights)
    if not ints.any() or not np.array_equal(ints, weights) or np.abs(ints).max() > 2 ** 15:
        return None
    factors = _integer_factors(ints.astype(np.int64))
    if factors is None:
        return None
    col, row = (factor.astype(np.float64) for factor in factors)
    if _operations(row[None, :]) + _operations(col[:, None]) >= _operations(weights):
        return None
    return col, row


def _sum_group(run, plus, minus, target) -> int:
    """``target = sign * (sum of the plus runs - sum of the minus runs)``; returns the sign, ±1.

    ``run(offset)`` is the run of numbers at that offset; the first operation
    writes ``target`` (no pass to clear it), every later one adds in place.
    """
    if plus and minus:
        np.subtract(run(plus[0]), run(minus[0]), out=target)
        sign, plus, minus = 1, plus[1:], minus[1:]
    elif len(plus) > 1:
        np.add(run(plus[0]), run(plus[1]), out=target)
        sign, plus = 1, plus[2:]
    else:
        np.add(run(minus[0]), run(minus[1]), out=target)
        sign, minus = -1, minus[2:]
    for offset in plus:
        (np.add if sign > 0 else np.subtract)(target, run(offset), out=target)
    for offset in minus:
        (np.subtract if sign > 0 else np.add)(target, run(offset), out=target)
    return sign


def _accumulate(source, groups: list, total, scratch) -> None:
    """``total = sum(weight * source[offset:][:len(total)])`` over the groups' entries, in place.

    ``scratch`` is as long as ``total``.
    """
    length = len(total)

    def run(offset):
        return source[offset:offset + length]

    if not groups:
        total[...] = 0
        return
    for index, (magnitude, plus, minus) in enumerate(groups):
        if index and magnitude == 1:
            for offset in plus:
                total += run(offset)
            for offset in minus:
                total -= run(offset)
        elif len(plus) + len(minus) == 1:
            weight = magnitude if plus else -magnitude
            np.multiply(run((plus or minus)[0]), weight, out=scratch if index else total)
            if index:
                total += scratch
        else:
            target = scratch if index else total
            factor = _sum_group(run, plus, minus, target) * magnitude
            if factor != 1:
                np.multiply(target, factor, out=target)
            if index:
                total += target


class _Passes:
    """The kernel as the passes that sum it: the kernel itself, or its row then its column.

    Along an image flattened with rows ``stride`` numbers apart, a pass's sums
    at the first ``n`` positions read the numbers up to ``n + reach``, where
    ``reach`` is the distance from a window's first number to its last.
    """

    def __init__(self, kernels, channels: int, dtype):
        self.kernels = [np.asarray(kernel, dtype=np.float64) for kernel in kernels]
        self.channels, self.dtype = channels, dtype
        self.rows = 1 + sum(kernel.shape[0] - 1 for kernel in kernels)
        self.cols = 1 + sum(kernel.shape[1] - 1 for kernel in kernels)
        self._groups = {}

    def transposed(self) -> _Passes:
        """The passes of the transposed kernel (for the transposed image)."""
        return _Passes([kernel.T for kernel in self.kernels], self.channels, self.dtype)

    def run(self, source, stride: int, target, across, scratch) -> None:
        """Write into ``target`` the sums at its first ``len(target)`` positions.

        ``source[0]`` is the top-left number of the first window. ``across``
        (the first pass's sums, when there are two) and ``scratch`` hold at
        least ``len(target)`` plus the second pass's reach.
        """
        if stride not in self._groups:
            self._groups[stride] = [_groups(kernel, stride, self.channels, self.dtype)
                                    for kernel in self.kernels]
        reaches = [(kernel.shape[0] - 1) * stride + (kernel.shape[1] - 1) * self.channels
                   for kernel in self.kernels]
        length = len(target) + sum(reaches[1:])
        for index, groups in enumerate(self._groups[stride]):
            out = target if index == len(self.kernels) - 1 else across[:length]
            _accumulate(source, groups, out, scratch[:length])
            source = out
            if index + 1 < len(reaches):
                length -= reaches[index + 1]


def _store(total, row_stride: int, scale: float, target) -> None:
    """``target = scale * total`` (float64), ``total``'s rows ``row_stride`` numbers apart.

    ``target`` is rows × pixels × channels, of any strides (the frame's
    left and right columns are stored through the transposed output).
    """
    rows, width, channels = target.shape
    values = total[:rows * row_stride].reshape(rows, row_stride // channels, channels)[:, :width]
    if scale == 1:
        np.copyto(target, values)
    else:
        np.multiply(values, scale, out=target)


def _fill(buffer, pixels, first: int, last: int, top: int, left: int, mode: str, cval: float):
    """Copy to ``buffer`` the padded rows under the windows of output rows ``first`` to ``last``.

    ``pixels`` is H×W×C; the rows are ``W + 2 * left`` pixels long; the
    copy casts to the buffer's type (an 8-bit photo into int16).
    """
    height, width, channels = pixels.shape
    count, padded_width = last - first + 2 * top, width + 2 * left
    block = buffer[:count * padded_width * channels].reshape(count, padded_width, channels)
    low, high = max(first - top, 0), min(last + top, height)
    block[low - first + top:high - first + top, left:left + width] = pixels[low:high]
    row_index = _border_index(height, top, mode)
    for row in [*range(first, min(top, first + count)),
                *range(max(height + top, first), first + count)]:
        source = row_index[row]
        block[row - first, left:left + width] = pixels[source] if source >= 0 else cval
    if left:
        before, after = _border_copies(width, left, mode)
        block[:, :left] = cval if before is None else block[:, before]
        block[:, left + width:] = cval if after is None else block[:, after]


@functools.lru_cache(maxsize=64)
def _border_copies(length: int, before: int, mode: str):
    """Where the padding before and after a row copies from, in padded positions (None: cval).

    A slice when the positions step evenly by ±1 (every mode, for a kernel
    no larger than the image), else the positions themselves.
    """
    index = _border_index(length, before, mode)
    if index[0] < 0:
        return None, None
    return tuple(_as_slice(part + before)
                 for part in (index[:before], index[before + length:]))


def _as_slice(index: np.ndarray):
    """The positions as a slice when they step evenly by ±1 (or are one), else as they are."""
    steps = set(np.diff(index).tolist())
    if len(index) == 1 or steps in ({1}, {-1}):
        step = 1 if len(index) == 1 else steps.pop()
        stop = int(index[-1]) + step
        return slice(int(index[0]), None if stop < 0 else stop, step)
    return index


def _frame(pixels, passes: _Passes, scale: float, mode: str, cval: float, output) -> None:
    """Sum the output's frame: the rows and columns whose windows cross the border.

    The top and bottom rows are summed over one small padded block (the
    padded rows their windows cover, one set after the other), then the left
    and right columns the same way, on the transposed image with the
    transposed kernel.
    """
    output = output.reshape(pixels.shape)
    _frame_rows(pixels, passes, scale, mode, cval, output)
    _frame_rows(pixels.transpose(1, 0, 2), passes.transposed(), scale, mode, cval,
                output.transpose(1, 0, 2))


def _frame_rows(pixels, passes: _Passes, scale: float, mode: str, cval: float, output) -> None:
    """The output's first and last ``top`` rows (``pixels`` and ``output`` H×W×C)."""
    (height, width, channels), top = pixels.shape, (passes.rows - 1) // 2
    left = (passes.cols - 1) // 2
    if not top:
        return
    stride = (width + 2 * left) * channels
    block, across, scratch, total = _scratch(*[(6 * top + 1) * stride] * 4, dtype=passes.dtype)
    rows = _frame_index(height, top, mode)
    padded = block[:6 * top * stride].reshape(6 * top, width + 2 * left, channels)
    padded[:, left:left + width] = pixels[np.maximum(rows, 0)]
    if rows.min() < 0:
        padded[rows < 0] = cval
    if left:
        before, after = _border_copies(width, left, mode)
        padded[:, :left] = cval if before is None else padded[:, before]
        padded[:, left + width:] = cval if after is None else padded[:, after]
    passes.run(block, stride, total[:4 * top * stride - 2 * left * channels], across, scratch)
    _store(total, stride, scale, output[:top])
    _store(total[3 * top * stride:], stride, scale, output[height - top:])


@functools.lru_cache(maxsize=64)
def _frame_index(length: int, before: int, mode: str) -> np.ndarray:
    """The image rows (-1 for 'constant' cells) of the padded rows the frame's windows cover.

    The first ``3 * before`` padded rows, then the last ``3 * before``.
    """
    index = _border_index(length, before, mode)
    rows = np.concatenate([index[:3 * before], index[length - before:]])
    rows.flags.writeable = False
    return rows


class _Bands:
    """The image's output rows, band by band, and where each band's numbers come from.

    A band is a run of output rows whose numbers (and scratch) stay in the
    processor's cache while the kernel's entries pass over them. Along a
    flattened image with rows ``stride`` numbers apart, the pixel ``m`` rows
    and ``n`` columns from another is ``m * stride + n * channels`` further
    on, so every shifted copy of a band is one contiguous run: one fast NumPy
    operation, no copy. The runs also cover the numbers past the end of each
    row (where a window wraps to the next row): those sums are left out, or,
    on the unpadded image, replaced by the frame's (:func:`_frame`).

    ``padded`` bands are copied, with their border, into a buffer in the type
    the sums run in (an 8-bit photo into int16); otherwise the runs are read
    from the float64 image itself, and the sums go straight into the output.
    """

    def __init__(self, image, passes: _Passes, mode: str, cval: float):
        height, width = image.shape[:2]
        channels = passes.channels
        self.pixels = image.reshape(height, width, channels)
        self.top, self.left = (passes.rows - 1) // 2, (passes.cols - 1) // 2
        self.mode, self.cval = mode, cval
        self.numbers = width * channels
        #: The last row's numbers that no run reaches (their windows would pass its end).
        self.edge = (passes.cols - 1) * channels
        self.padded = not (image.dtype == passes.dtype and image.flags.c_contiguous)
        self.stride = (width + 2 * self.left) * channels if self.padded else self.numbers
        first, last = (0, height) if self.padded else (self.top, height - self.top)
        band = max(8, BAND_BYTES // (self.stride * np.dtype(passes.dtype).itemsize))
        count = -(-(last - first) // band)
        band = -(-(last - first) // count)
        self.ranges = [(start, min(start + band, last)) for start in range(first, last, band)]
        self.band = band
        #: Numbers of one band's padded rows; one row more, for the runs past the last row.
        self.source_size = (band + 2 * self.top + 1) * self.stride

    def pixels_out(self, output):
        """The output as H×W×C, like ``pixels``."""
        return output.reshape(self.pixels.shape)

    def fill(self, buffer, first: int, last: int) -> None:
        """Copy the padded rows that the windows of output rows ``first`` to ``last`` cover."""
        _fill(buffer, self.pixels, first, last, self.top, self.left, self.mode, self.cval)


def _correlate(image, passes: _Passes, scale: float, mode: str, cval: float):
    """Sum ``passes`` over the image band by band, times ``scale``: the float64 result."""
    output = np.empty(image.shape, dtype=np.float64)
    bands = _Bands(image, passes, mode, cval)
    stride, numbers, edge = bands.stride, bands.numbers, bands.edge
    flat_output = output.reshape(-1)
    in_place = not bands.padded and scale == 1
    flat = None if bands.padded else bands.pixels.reshape(-1)

    buffer, across, scratch, total = _scratch(
        bands.source_size if bands.padded else 0, bands.source_size, bands.source_size,
        bands.band * stride + edge, dtype=passes.dtype)
    for first, last in bands.ranges:
        length = (last - first) * stride - edge
        if bands.padded:
            bands.fill(buffer, first, last)
            source = buffer
        else:
            source = flat[(first - bands.top) * stride:]
        start = first * numbers + bands.left * passes.channels
        target = flat_output[start:start + length] if in_place else total[:length]
        passes.run(source, stride, target, across, scratch)
        if bands.padded:
            _store(total, stride, scale, bands.pixels_out(output)[first:last])
        elif not in_place:
            np.multiply(target, scale, out=flat_output[start:start + length])
    if not bands.padded:
        _frame(bands.pixels, passes, scale, mode, cval, output)
    return output


def shift_and_add(image: np.ndarray, kernel: np.ndarray, mode: str, cval: float) -> np.ndarray:
    """``correlate``'s 'direct' method: the sum over kernel entries of weight × shifted image.

    Returns float64, equal to the plain shift-and-add on the padded image. A
    kernel of whole numbers of rank 1 (the Sobels) runs as two exact passes
    (its column and its row) when that takes fewer operations.

    Examples
    --------
    >>> shift_and_add(np.eye(3, dtype=np.uint8), np.ones((3, 3)) / 9, "wrap", 0.0) * 3
    array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]])
    """
    scale, (weights,), dtype = _accumulator(image, [kernel], mode, cval)
    factors = _two_passes(weights.shape, np.asarray(weights, dtype=np.float64).tobytes())
    kernels = [weights] if factors is None else [factors[1][None, :], factors[0][:, None]]
    channels = int(np.prod(image.shape[2:]))
    return _correlate(image, _Passes(kernels, channels, dtype), scale, mode, cval)


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
    kernels = [np.asarray(row_weights)[None, :], np.asarray(col_weights)[:, None]]
    channels = int(np.prod(image.shape[2:]))
    return _correlate(image, _Passes(kernels, channels, dtype), scale, mode, cval)
