"""The functions the learner writes in notebooks 01 and 02 (nb01.q4: cut the window
around a pixel; nb02.q4: rotate a kernel by 180°), and the mistakes their checks name,
each wrong function written the way a learner would write it. The reference is
``scipy.ndimage``'s own idea of a window (a generic filter with ``mode='nearest'``) and
``np.rot90``, not the checks' helpers.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from course_utils import convolve, correlate
from course_utils.checks import NB02_KERNELS, nb01, nb02
from course_utils.checks.nb01 import NB01_WINDOW_CASES, _cut, _window_image
from course_utils.checks.nb02 import NB02_Q4_SHAPES, match_scene


def cut_window(image, row, col, shape):
    rows, cols = shape
    h, w = (rows - 1) // 2, (cols - 1) // 2
    padded = np.pad(image, ((h, h), (w, w)), mode="edge")
    return padded[row:row + rows, col:col + cols]


def test_the_windows_agree_with_scipys_nearest_border():
    """The window at (row, col) under an all-ones kernel of each shape sums to what
    scipy.ndimage's uniform sum gives with mode='nearest' (the lesson's replicate)."""
    image = _window_image().astype(float)
    for row, col, shape in NB01_WINDOW_CASES:
        expected = ndimage.correlate(image, np.ones(shape), mode="nearest")[row, col]
        assert cut_window(image, row, col, shape).sum() == pytest.approx(expected)
        assert np.array_equal(_cut(image, row, col, shape), cut_window(image, row, col, shape))
    # the cases test non-square kernels, rows != cols, and every edge
    assert {shape[0] != shape[1] for _, _, shape in NB01_WINDOW_CASES} == {True, False}
    assert any(r == 0 for r, _, _ in NB01_WINDOW_CASES)
    assert any(c == image.shape[1] - 1 for _, c, _ in NB01_WINDOW_CASES)


def _no_padding(image, row, col, shape):
    h, w = (shape[0] - 1) // 2, (shape[1] - 1) // 2
    return image[max(row - h, 0):row + h + 1, max(col - w, 0):col + w + 1]


def _zero_padding(image, row, col, shape):
    h, w = (shape[0] - 1) // 2, (shape[1] - 1) // 2
    return np.pad(image, ((h, h), (w, w)))[row:row + shape[0], col:col + shape[1]]


def _mirror_padding(image, row, col, shape):
    h, w = (shape[0] - 1) // 2, (shape[1] - 1) // 2
    return np.pad(image, ((h, h), (w, w)), mode="reflect")[row:row + shape[0],
                                                            col:col + shape[1]]


def _transposed_position(image, row, col, shape):
    return cut_window(image, col, row, shape)


def _transposed_window(image, row, col, shape):
    return cut_window(image, row, col, shape).T


def _from_the_corner(image, row, col, shape):
    return np.pad(image, 10, mode="edge")[row + 10:row + 10 + shape[0],
                                          col + 10:col + 10 + shape[1]]


def _off_by_one(image, row, col, shape):
    h, w = (shape[0] - 1) // 2, (shape[1] - 1) // 2
    return np.pad(image, 10, mode="edge")[row + 10 - h + 1:row + 10 + h + 2,
                                          col + 10 - w:col + 10 + w + 1]


def _end_excluded(image, row, col, shape):
    h, w = (shape[0] - 1) // 2, (shape[1] - 1) // 2
    return np.pad(image, ((h, h), (w, w)), mode="edge")[row:row + 2 * h, col:col + 2 * w]


def _same_half_size(image, row, col, shape):
    h = (shape[0] - 1) // 2
    return np.pad(image, ((h, h), (h, h)), mode="edge")[row:row + shape[0], col:col + shape[0]]


def _swapped_shape(image, row, col, shape):
    return cut_window(image, row, col, shape[::-1])


def _raises(image, row, col, shape):
    raise IndexError(f"row {row} is too close to the edge")


@pytest.mark.parametrize("function, said", [
    (_no_padding, "slicing stops at the image's edge"),
    (_zero_padding, "padded with zeros"),
    (_mirror_padding, "padded by mirroring"),
    (_transposed_position, "(col, row)"),
    (_transposed_window, "transposed"),
    (_from_the_corner, "instead of being centred"),
    (_off_by_one, "one pixel off"),
    (_end_excluded, "one short"),
    (_same_half_size, "same half-size on both axes"),
    (_swapped_shape, "rows and columns are swapped"),
    (_raises, "IndexError: row"),
    (lambda image, row, col, shape: ..., "placeholder"),
])
def test_nb01_q4_names_the_mistake(function, said):
    result = nb01.q4.check(function)
    assert not result.ok
    assert said in result.message, result.message


def test_nb01_q4_accepts_a_loop_and_a_clip():
    """Other right ways: clipped indices (np.clip), or a double loop."""
    def clipped(image, row, col, shape):
        h, w = (shape[0] - 1) // 2, (shape[1] - 1) // 2
        rows = np.clip(np.arange(row - h, row + h + 1), 0, image.shape[0] - 1)
        cols = np.clip(np.arange(col - w, col + w + 1), 0, image.shape[1] - 1)
        return image[np.ix_(rows, cols)]

    def looped(image, row, col, shape):
        h, w = (shape[0] - 1) // 2, (shape[1] - 1) // 2
        return [[image[min(max(r, 0), image.shape[0] - 1), min(max(c, 0), image.shape[1] - 1)]
                 for c in range(col - w, col + w + 1)] for r in range(row - h, row + h + 1)]

    assert nb01.q4.check(clipped).ok
    assert nb01.q4.check(looped).ok
    assert nb01.q4.check(cut_window).ok


def test_nb01_q1_names_uint8_overflow():
    region = np.array(nb01.NB01_REGION, dtype=np.uint8)
    total = np.uint8(0)
    with np.errstate(over="ignore"):
        for pixel in region.ravel():
            total = np.uint8(total + pixel)
    assert int(total) != int(region.astype(int).sum())   # it does wrap for this region
    message = nb01.q1.check(int(total / 9)).message
    assert "wrapped around 256" in message


def test_nb02_q4_rotates_like_rot90_twice():
    def rotate180(kernel):
        return np.asarray(kernel)[::-1, ::-1]

    for shape in NB02_Q4_SHAPES:
        kernel = np.arange(np.prod(shape), dtype=float).reshape(shape)
        assert np.array_equal(rotate180(kernel), np.rot90(kernel, 2))
    assert nb02.q4.check(rotate180).ok
    # right numbers from the functions the prompt leaves out: refused, by name
    for shortcut, name in ((lambda k: np.rot90(k, 2), "np.rot90"), (np.flip, "np.flip")):
        result = nb02.q4.check(shortcut)
        assert not result.ok and f"called {name}," in result.message, result.message


def _in_place(kernel):
    kernel[:] = kernel[::-1, ::-1].copy()
    return kernel


@pytest.mark.parametrize("function, said", [
    (lambda k: k, "not flipped"),
    (lambda k: k.copy(), "not flipped"),
    (lambda k: k.T, "transposed instead of rotated"),
    (lambda k: k[::-1], "flipped one axis only: top to bottom"),
    (lambda k: k[:, ::-1], "flipped one axis only: left to right"),
    (lambda k: k.T[::-1], "rotated by 90°"),           # np.rot90(k), which is refused
    (lambda k: k.T[::-1, ::-1], "transposed"),
    (_in_place, "changed the kernel it was given"),
    (lambda k: k[::-1, ::-1] * 2, "differs"),
    (lambda k: k[::-1].tolist(), "top to bottom"),
])
def test_nb02_q4_names_the_mistake(function, said):
    result = nb02.q4.check(function)
    assert not result.ok
    assert said in result.message, result.message


def _names(test):
    return {name for name, k in NB02_KERNELS.items() if test(k)}


@pytest.mark.parametrize("test, said", [
    (lambda k: np.array_equal(k, k.T), "transpose"),
    (lambda k: np.array_equal(k, k[:, ::-1]), "left to right"),
    (lambda k: np.array_equal(k, k[::-1]), "top to bottom"),
    (lambda k: np.array_equal(k, k[::-1]) and np.array_equal(k, k[:, ::-1]), "both ways"),
])
def test_nb02_q2_names_the_wrong_symmetry_test(test, said):
    result = nb02.q2.check(_names(test))
    assert not result.ok
    assert said in result.message, result.message


def test_nb02_q2_has_a_kernel_equal_to_its_transpose_but_not_its_rotation():
    tricky = _names(lambda k: np.array_equal(k, k.T) and not np.array_equal(k, k[::-1, ::-1]))
    assert tricky == {"corner"}
    assert nb02.q2.check(_names(lambda k: np.array_equal(k, np.rot90(k, 2)))).ok


def _peak(response):
    return tuple(int(i) for i in np.unravel_index(np.argmax(response), response.shape))


def test_nb02_q5_scenes_hold_the_pattern_where_they_say():
    """The zero-mean template's correlation peaks on the pattern (an independent
    reference: scipy.ndimage.correlate), on a different place in each scene; plain
    correlation fails on at least one scene, so the bright-background mistake shows."""
    places, plain_fails = set(), 0
    for seed in range(3):
        scene, pattern, where, rotated_at = match_scene(seed)
        centred = pattern - pattern.mean()
        assert _peak(ndimage.correlate(scene, centred, mode="reflect")) == where
        assert _peak(ndimage.convolve(scene, centred, mode="reflect")) == rotated_at
        plain_fails += _peak(ndimage.correlate(scene, pattern, mode="reflect")) != where
        places.add(where)
    assert len(places) == 3 and plain_fails >= 1


def _find(image, template):
    return _peak(correlate(image, template - template.mean()))


@pytest.mark.parametrize("function, said", [
    (lambda image, template: _peak(correlate(image, template)), "bright area"),
    (lambda image, template: _peak(convolve(image, template - template.mean())),
     "rotated by 180°"),
    (lambda image, template: _find(image, template)[::-1], "(col, row)"),
    (lambda image, template: (_find(image, template)[0] - 2, _find(image, template)[1] - 2),
     "top-left corner"),
    (lambda image, template: int(np.argmax(correlate(image, template - template.mean()))),
     "flat index"),
    (lambda image, template: (20, 20), "not where the template is"),
    (lambda image, template: template[9], "IndexError"),
])
def test_nb02_q5_names_the_mistake(function, said):
    result = nb02.q5.check(function)
    assert not result.ok
    assert said in result.message, result.message


def test_nb02_q5_accepts_numpy_ints_and_an_array():
    assert nb02.q5.check(_find).ok
    assert nb02.q5.check(lambda image, template: np.unravel_index(
        np.argmax(correlate(image, template - template.mean())), image.shape)).ok
    assert nb02.q5.check(lambda image, template: np.array(_find(image, template))).ok
