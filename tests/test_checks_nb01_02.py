"""The functions the learner writes in notebooks 01 and 02 (nb01.q4: cut the window
around a pixel; nb02.q4: rotate a kernel by 180°), and the mistakes their checks name,
each wrong function written the way a learner would write it. The reference is
``scipy.ndimage``'s own idea of a window (a generic filter with ``mode='nearest'``) and
``np.rot90``, not the checks' helpers.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_unguarded
from scipy import ndimage

from course_utils import convolve, correlate, correlate_loop
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


def _uint8_sum(region):
    """The nine pixels added up one by one in uint8, as a learner's loop over a uint8
    region does: it wraps around at 256."""
    total = np.uint8(0)
    with np.errstate(over="ignore"):
        for pixel in region.ravel():
            total = np.uint8(total + pixel)
    return int(total)


def test_nb01_q1_names_uint8_overflow():
    region = np.array(nb01.NB01_Q1_REGIONS[0], dtype=np.uint8)
    assert _uint8_sum(region) != int(region.astype(int).sum())   # it does wrap here
    message = nb01.q1.check(lambda r: int(_uint8_sum(r) / 9)).message
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


# --- nb02.q6: normalised cross-correlation --------------------------------------------


def _windows(image, template):
    return np.lib.stride_tricks.sliding_window_view(image, template.shape)


def _centred(image, template):
    windows = _windows(image, template)
    return windows - windows.mean(axis=(2, 3), keepdims=True), template - template.mean()


def _divide(top, bottom):
    return np.divide(top, bottom, out=np.zeros_like(top), where=bottom > 1e-12)


def ncc_loop(image, template):
    (height, width), (rows, cols) = image.shape, template.shape
    t = template - template.mean()
    out = np.zeros((height - rows + 1, width - cols + 1))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            d = image[r:r + rows, c:c + cols] - image[r:r + rows, c:c + cols].mean()
            norms = np.linalg.norm(d) * np.linalg.norm(t)
            out[r, c] = (d * t).sum() / norms if norms > 0 else 0.0
    return out


def ncc_windows(image, template):
    d, t = _centred(image, template)
    return _divide((d * t).sum(axis=(2, 3)),
                   np.sqrt((d ** 2).sum(axis=(2, 3))) * np.sqrt((t ** 2).sum()))


def ncc_std(image, template):
    """The statistician's way: the mean of the products over the standard deviations."""
    d, t = _centred(image, template)
    return _divide((d * t).mean(axis=(2, 3)), _windows(image, template).std(axis=(2, 3))
                   * template.std())


def ncc_scipy(image, template):
    """Box sums by scipy: numerator and window variances from 'valid' correlations."""
    from scipy.signal import correlate as sp_correlate
    count, t = template.size, template - template.mean()
    top = sp_correlate(image, t, mode="valid")
    ones = np.ones(template.shape)
    sums, squares = (sp_correlate(image, ones, mode="valid"),
                     sp_correlate(image ** 2, ones, mode="valid"))
    spread = np.clip(squares - sums ** 2 / count, 0, None)
    return _divide(top, np.sqrt(spread * (t ** 2).sum()))


def test_nb02_q6_reference_agrees_with_opencv_and_scikit_image():
    """ncc_reference against cv2.matchTemplate(TM_CCOEFF_NORMED) (float32) and
    skimage.feature.match_template (float64) on the check's cases and on random ones."""
    import cv2
    from skimage.feature import match_template

    rng = np.random.default_rng(62)
    cases = [nb02.ncc_scene(case) for case in range(len(nb02.NB02_Q6_CASES))]
    cases += [(rng.uniform(0, 255, (15, 17)), rng.uniform(0, 255, (4, 6))) for _ in range(3)]
    for image, template in cases:
        reference = nb02.ncc_reference(image, template)
        opencv = cv2.matchTemplate(image.astype(np.float32), template.astype(np.float32),
                                   cv2.TM_CCOEFF_NORMED)
        assert reference.shape == opencv.shape == (image.shape[0] - template.shape[0] + 1,
                                                   image.shape[1] - template.shape[1] + 1)
        assert np.allclose(reference, opencv, rtol=0, atol=1e-5)
        skimage = match_template(image, template)
        flat = _windows(image, template).std(axis=(2, 3)) == 0
        assert np.allclose(reference[~flat], skimage[~flat], rtol=0, atol=1e-9)
        assert np.all(reference[flat] == 0) and np.all(opencv[flat] == 0)
    assert np.any(_windows(*cases[3]).std(axis=(2, 3)) == 0)   # a case with flat windows


def test_nb02_q6_the_light_case_fools_plain_correlation():
    """Case 3 is lit by a gradient with a brightened block: NCC still peaks where the
    template was cut (6, 7); plain correlation peaks elsewhere."""
    image, template = nb02.ncc_scene(2)
    assert _peak(nb02.ncc_reference(image, template)) == (6, 7)
    assert _peak((_windows(image, template) * template).sum(axis=(2, 3))) != (6, 7)


@pytest.mark.parametrize("function", [ncc_loop, ncc_windows, ncc_std, ncc_scipy,
                                      lambda image, template: ncc_loop(image, template)
                                      .tolist()])
def test_nb02_q6_accepts_right_answers(function):
    assert nb02.q6.check(function).ok


def test_nb02_q6_worked_solution_passes():
    namespace = {"np": np}
    exec(nb02.q6.solution_text, namespace)
    assert nb02.q6.check(namespace["answer"]).ok


def _plain(image, template):
    return (_windows(image, template) * template).sum(axis=(2, 3))


def _covariance_sum(image, template):
    d, t = _centred(image, template)
    return (d * t).sum(axis=(2, 3))


def _zero_mean_template_only(image, template):
    return (_windows(image, template) * (template - template.mean())).sum(axis=(2, 3))


def _covariance(image, template):
    return _covariance_sum(image, template) / template.size


def _cosine(image, template):
    windows = _windows(image, template)
    return _plain(image, template) / np.sqrt((windows ** 2).sum(axis=(2, 3))
                                             * (template ** 2).sum())


def _window_norm_uncentred(image, template):
    windows, t = _windows(image, template), template - template.mean()
    return (windows * t).sum(axis=(2, 3)) / (np.sqrt((windows ** 2).sum(axis=(2, 3)))
                                             * np.linalg.norm(t))


def _template_norm_uncentred(image, template):
    d, _ = _centred(image, template)
    return (d * template).sum(axis=(2, 3)) / (np.sqrt((d ** 2).sum(axis=(2, 3)))
                                              * np.linalg.norm(template))


def _global_mean(image, template):
    d, t = _windows(image, template) - image.mean(), template - template.mean()
    return (d * t).sum(axis=(2, 3)) / np.sqrt((d ** 2).sum(axis=(2, 3)) * (t ** 2).sum())


def _squared_norms(image, template):
    d, t = _centred(image, template)
    return _divide((d * t).sum(axis=(2, 3)), (d ** 2).sum(axis=(2, 3)) * (t ** 2).sum())


def _std_without_n(image, template):
    d, t = _centred(image, template)
    return _divide((d * t).sum(axis=(2, 3)), d.std(axis=(2, 3)) * t.std())


def _window_norm_only(image, template):
    d, t = _centred(image, template)
    return _divide((d * t).sum(axis=(2, 3)), np.sqrt((d ** 2).sum(axis=(2, 3))))


def _template_norm_only(image, template):
    return _covariance_sum(image, template) / np.linalg.norm(template - template.mean())


def _ssd(image, template):
    return ((_windows(image, template) - template) ** 2).sum(axis=(2, 3))


def _ssd_normed(image, template):
    windows = _windows(image, template)
    return _ssd(image, template) / np.sqrt((windows ** 2).sum(axis=(2, 3))
                                           * (template ** 2).sum())


def _centred_ssd(image, template):
    d, t = _centred(image, template)
    return ((d - t) ** 2).sum(axis=(2, 3))


def _same_size(image, template):
    rows, cols = template.shape
    padded = np.pad(image, (((rows - 1) // 2, rows // 2), ((cols - 1) // 2, cols // 2)),
                    mode="edge")
    return ncc_windows(padded, template)


def _full_size(image, template):
    rows, cols = template.shape
    return ncc_windows(np.pad(image, ((rows - 1, rows - 1), (cols - 1, cols - 1))), template)


def _one_short(image, template):
    (height, width), (rows, cols) = image.shape, template.shape
    return ncc_windows(image, template)[:height - rows, :width - cols]


def _nan_where_flat(image, template):
    d, t = _centred(image, template)
    with np.errstate(all="ignore"):
        return (d * t).sum(axis=(2, 3)) / np.sqrt((d ** 2).sum(axis=(2, 3)) * (t ** 2).sum())


def _one_where_flat(image, template):
    result = ncc_windows(image, template)
    result[_windows(image, template).std(axis=(2, 3)) == 0] = 1.0
    return result


def _in_place(image, template):
    template -= template.mean()
    return ncc_windows(image, template + 0)


def _opencv(image, template):
    import cv2
    return cv2.matchTemplate(image.astype(np.float32), template.astype(np.float32),
                             cv2.TM_CCOEFF_NORMED)


def _float32(image, template):
    return ncc_windows(image.astype(np.float32), template.astype(np.float32))


NCC_MISTAKES = [
    (_plain, "plain correlation"),
    (_covariance_sum, "not normalised"),
    (_zero_mean_template_only, "not normalised"),
    (_covariance, "not normalised"),
    (_cosine, "the means are not subtracted"),
    (_window_norm_uncentred, "divided by the wrong norm: the norm of the window"),
    (_template_norm_uncentred, "divided by the wrong norm: the norm of the template"),
    (lambda i, t: _covariance_sum(i, t) / np.sqrt((_windows(i, t) ** 2).sum(axis=(2, 3))
                                                   * (t ** 2).sum()),
     "divided by the wrong norms"),
    (_global_mean, "the whole image's"),
    (_squared_norms, "by the sums of squares"),
    (lambda i, t: _divide(_covariance_sum(i, t), np.sqrt(np.sqrt(
        (_centred(i, t)[0] ** 2).sum(axis=(2, 3)) * ((t - t.mean()) ** 2).sum()))),
     "square root of the norms' product"),
    (_std_without_n, "n times too large"),
    (lambda i, t: ncc_windows(i, t) / t.size, "n times too small"),
    (_window_norm_only, "by the window's only"),
    (_template_norm_only, "by the template's only"),
    (lambda i, t: np.abs(ncc_windows(i, t)), "absolute value"),
    (lambda i, t: ncc_windows(i, t[::-1, ::-1]), "turned by 180°"),
    (_ssd, "sum of squared differences (SSD)"),
    (lambda i, t: -_ssd(i, t), "sum of squared differences (SSD)"),
    (_ssd_normed, "sum of squared differences (SSD)"),
    (_centred_ssd, "SSD) of the centred window"),
    (_same_size, "'same'"),
    (_full_size, "'full'"),
    (lambda i, t: ncc_windows(i, t).T, "transposed"),
    (_one_short, "off by one"),
    (lambda i, t: _peak(ncc_windows(i, t)), "returned a position"),
    (_nan_where_flat, "NaN where a window is flat"),
    (_one_where_flat, "wrong where it is flat"),
    (_in_place, "changed the image or the template"),
    (_opencv, "cv2.matchTemplate"),
    (_float32, "float32"),
    (lambda i, t: None, "returned None"),
    (lambda i, t: ..., "placeholder"),
    (lambda i, t: t[9], "IndexError"),
]


@pytest.mark.parametrize("function, said", NCC_MISTAKES)
def test_nb02_q6_names_the_mistake(function, said):
    result = nb02.q6.check(function)
    assert not result.ok
    assert said in result.message, result.message


@pytest.mark.parametrize("function", [
    lambda i, t: ncc_windows(i, t) + 1e-3,             # a small bias
    lambda i, t: np.round(ncc_windows(i, t), 2),       # rounded
    lambda i, t: ncc_windows(i, t)[::-1],              # upside down
    lambda i, t: np.zeros((i.shape[0] - t.shape[0] + 1, i.shape[1] - t.shape[1] + 1)),
])
def test_nb02_q6_accepts_no_other_wrong_answer(function):
    assert not nb02.q6.check(function).ok


def _cv2_score(method):
    def score(image, template):
        import cv2
        return cv2.matchTemplate(image.astype(np.float32), template.astype(np.float32), method)
    return score


@pytest.mark.parametrize("method, said", [
    ("TM_CCORR", "plain correlation"), ("TM_CCOEFF", "not normalised"),
    ("TM_CCORR_NORMED", "the means are not subtracted"),
    ("TM_SQDIFF", "sum of squared differences"),
])
def test_nb02_q6_names_opencvs_other_scores(method, said):
    import cv2
    # OpenCV's other scores as a learner's wrong formula: the guard (which refuses
    # cv2.matchTemplate by name, test_checks_guard.py) is off to reach the diagnosis
    result = check_unguarded(nb02.q6, _cv2_score(getattr(cv2, method)))
    assert not result.ok and said in result.message, result.message


def test_nb02_q6_refuses_opencvs_normalised_ssd():
    """OpenCV's float32 TM_SQDIFF_NORMED is off from the float64 one by up to 1e-2 here,
    too far to be named reliably (the float64 one is named, above); it is refused."""
    import cv2
    assert not nb02.q6.check(_cv2_score(cv2.TM_SQDIFF_NORMED)).ok


# --- §3: the usual mistakes named in 01 q3, 02 q1, q4 and q5 ---------------------------


def _odd(answer):
    return lambda shape: answer(*shape) if shape[0] % 2 and shape[1] % 2 else None


@pytest.mark.parametrize("function, said", [
    (_odd(lambda rows, cols: ((cols - 1) // 2, (rows - 1) // 2)), "(col, row)"),
    (_odd(lambda rows, cols: ((rows + 1) // 2, (cols + 1) // 2)), "1-based"),
    (_odd(lambda rows, cols: (rows // 2 + 1, cols // 2 + 1)), "1-based"),
    # square kernels come first: there this slip is only 1-based
    (_odd(lambda rows, cols: ((cols + 1) // 2, (rows + 1) // 2)), "1-based"),
    (_odd(lambda rows, cols: ((rows - 1) // 2, (rows - 1) // 2)), "rows' half-size"),
    (_odd(lambda rows, cols: ((cols - 1) // 2, (cols - 1) // 2)), "columns' half-size"),
    (_odd(lambda rows, cols: (rows, cols)), "the shape itself"),
    (lambda shape: None, "wrong centre for a kernel of shape (3, 3)"),
    (_odd(lambda rows, cols: (rows // 3, cols // 3)), "wrong centre"),
])
def test_nb01_q3_names_the_mistake(function, said):
    result = nb01.q3.check(function)
    assert not result.ok and said in result.message, result.message


def test_nb01_q3_accepts_floor_division_of_the_shape():
    assert nb01.q3.check(_odd(lambda rows, cols: (rows // 2, cols // 2))).ok


S = nb02.NB02_Q1_KERNEL


def test_nb02_q1_kernel_has_no_symmetry_that_hides_a_slip():
    slips = [S, S.T, S[::-1], S[:, ::-1], np.rot90(S), np.rot90(S, -1), S.T[::-1, ::-1], -S,
             -S[::-1, ::-1], np.rot90(S, 2)]
    assert all(not np.array_equal(a, b) for i, a in enumerate(slips) for b in slips[i + 1:])


@pytest.mark.parametrize("wrong, said", [
    (S.T, "transposed instead of rotated"),
    (np.rot90(S), "turned by 90° once"),
    (np.rot90(S, -1), "turned by 90° once"),
    (-S, "negated"),
    (-np.rot90(S, 2), "rotated by 180° and negated"),
    (S.T[::-1, ::-1], "rotated by 180° and transposed"),
    (S[::-1], "one axis only: top to bottom"),
    (S[:, ::-1].tolist(), "one axis only: left to right"),
    (S, "S itself"),
    (np.rot90(S, 2) + 1, "differs in"),
])
def test_nb02_q1_names_the_rotation_mistake(wrong, said):
    result = nb02.q1.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb02_q1_accepts_the_rotation_as_a_list_and_as_rot90():
    assert nb02.q1.check(np.rot90(S, 2)).ok
    assert nb02.q1.check(np.rot90(S, 2).tolist()).ok


@pytest.mark.parametrize("function, said", [
    (lambda k: -k, "negated"),
    (lambda k: -k[::-1, ::-1], "rotated by 180° and negated"),
    (lambda k: np.asarray(k)[::-1].T, "turned by 90° once"),   # np.rot90(k, -1), refused
])
def test_nb02_q4_names_the_same_slips_as_q1(function, said):
    result = nb02.q4.check(function)
    assert not result.ok and said in result.message, result.message


def test_one_rotation_detector_names_both_slips_a_symmetry_makes_alike():
    """An antisymmetric kernel (k.T == -k): transposing and negating give the same array,
    and the message says both."""
    from course_utils.checks.mistakes import rotation_mistake
    k = np.array([[0, 1, 2], [-1, 0, 3], [-2, -3, 0]])
    message = rotation_mistake(k.T, k)
    assert "transposed" in message and "negated" in message
    assert rotation_mistake(np.rot90(k, 2), k) is None
    assert rotation_mistake(k + 1, k) is None


def _ssd_centre(image, template, offset=2):
    ssd = ((_windows(image, template) - template) ** 2).sum(axis=(2, 3))
    r, c = _peak(-ssd)
    return r + offset, c + offset


@pytest.mark.parametrize("function, said", [
    (lambda image, template: (_find(image, template)[0] + 1, _find(image, template)[1] + 1),
     "1-based"),
    (lambda image, template: (_find(image, template)[1] + 1, _find(image, template)[0] + 1),
     "(col, row), and 1-based"),
    (_ssd_centre, "sum of squared differences (SSD)"),
    (lambda image, template: _ssd_centre(image, template, 0), "sum of squared differences"),
])
def test_nb02_q5_names_1_based_places_and_ssd(function, said):
    result = nb02.q5.check(function)
    assert not result.ok and said in result.message, result.message


def test_nb02_q5_ssd_misses_the_pattern_in_the_first_scene():
    """SSD is fooled by the brightening background in scene 1 (so the check names it there)."""
    scene, pattern, where, _ = match_scene(0)
    assert _ssd_centre(scene, pattern) != where


@pytest.mark.parametrize("wrong, said", [
    (lambda r: int(r.astype(int).sum()), "divide by 9"),
    (lambda r: int(r.astype(int).sum()) / 8, "divides by 8"),
    (lambda r: int(r[1, 1]), "the centre pixel itself"),
    (lambda r: float(np.median(r)), "median"),
    (lambda r: r.astype(float).mean(), "exact mean"),
    (lambda r: round(r.astype(float).mean()), "did you round"),
    (lambda r: int(r.astype(float).mean()) - 1, "too small"),
    (lambda r: None, "returned None"),
    (85, "should be a function blur_pixel(region)"),
])
def test_nb01_q1_names_the_averaging_mistake(wrong, said):
    result = nb01.q1.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb01_q1_regions_are_unseen_and_name_each_slip_apart():
    """The regions the check tries are not the prompt's; on the first, the slips give
    different numbers, none the stored one, and rounding differs from truncating; on each,
    the lesson's loop stores the truncated exact mean (no sum is a multiple of 9, where
    its nine float products of 1/9 can add up to a hair below the mean)."""
    regions = [np.array(rows, dtype=np.uint8) for rows in nb01.NB01_Q1_REGIONS]
    assert all(not np.array_equal(r, np.array(nb01.NB01_REGION)) for r in regions)
    first = regions[0]
    total = int(first.astype(int).sum())
    assert total == 1437 and int(total / 9) == 159 and round(total / 9) == 160
    assert len({total, int(total / 8), int(first[1, 1]), int(np.median(first)),
                _uint8_sum(first) // 9, 159, 160}) == 7
    for region in regions:
        total = int(region.astype(int).sum())
        assert total % 9 and total > 255
        assert int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1]) == total // 9


def _products(kernel):
    from course_utils import EXAMPLE_REGION
    return EXAMPLE_REGION.astype(float) * kernel


@pytest.mark.parametrize("make, said", [
    (lambda region, k: region.astype(np.uint8) * k.astype(int).astype(np.uint8),
     "wrapped around 256"),
    (lambda region, k: np.clip(region * k, 0, 255), "clipped to 0-255"),
    (lambda region, k: region + k, "you added"),
    (lambda region, k: region * __import__("course_utils").KERNEL_BANK["laplacian"],
     "the bank's laplacian"),
])
def test_nb01_q2_names_the_products_mistake(make, said):
    from course_utils import EXAMPLE_REGION, KERNEL_BANK
    with np.errstate(over="ignore"):
        wrong = make(EXAMPLE_REGION, KERNEL_BANK["sharpen"])
    result = nb01.q2.check(wrong)
    assert not result.ok and said in result.message, result.message


def test_nb02_q2_names_all_six():
    result = nb02.q2.check(set(NB02_KERNELS))
    assert not result.ok and "not every kernel" in result.message


def test_nb02_q3_names_a_multiple_of_the_combined_kernel():
    from scipy.signal import convolve2d

    from course_utils import KERNEL_BANK
    right = convolve2d(KERNEL_BANK["sobel_y"], nb02.NB02_Q3_KERNEL)
    assert nb02.q3.check(right).ok
    result = nb02.q3.check(right * 6)
    assert not result.ok and "6 times the right one" in result.message, result.message
    assert "times" not in nb02.q3.check(right + 1).message
