"""The playground's pure core: filtering, pictures, stats, hand-edited kernels."""

import re

import cv2
import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import MODES, opencv_correlate, random_image, reference_pixels
from matplotlib import colormaps
from matplotlib.colors import Normalize

from course_utils import KERNEL_BANK, convolve, correlate, correlate_loop, load_image
from course_utils.playground import (
    SIGNED_PERCENTILE,
    ResultStats,
    apply_kernel,
    check_playground_image,
    colorbar_pixels,
    display_pixels,
    encode_png,
    fits_grid,
    info_html,
    kernel_html,
    parse_kernel,
    playground_view,
    resize_kernel,
    result_stats,
    show_kernel_result,
    signed_limit,
    signed_rgb,
    static_playground,
)
from course_utils.plotting import format_table
from course_utils.timing import best_time


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kernel_shape", [(3, 3), (5, 5), (3, 5), (21, 21)])
def test_apply_kernel_is_correlate_or_convolve_and_matches_scipy(rng, mode, kernel_shape):
    image = random_image(rng, (30, 34), np.uint8)
    kernel = rng.normal(size=kernel_shape)
    plain = apply_kernel(image, kernel, flip=False, mode=mode)
    flipped = apply_kernel(image, kernel, flip=True, mode=mode)
    np.testing.assert_array_equal(plain, correlate(image, kernel, mode=mode))
    np.testing.assert_array_equal(flipped, convolve(image, kernel, mode=mode))
    as_float = image.astype(np.float64)
    np.testing.assert_allclose(plain, ndi.correlate(as_float, kernel, mode=mode), atol=1e-9)
    np.testing.assert_allclose(flipped, ndi.convolve(as_float, kernel, mode=mode), atol=1e-9)


@pytest.mark.parametrize("method", ["direct", "fft", "auto"])
def test_apply_kernel_methods_agree(rng, method):
    image = random_image(rng, (40, 40), np.float64)
    kernel = KERNEL_BANK["emboss"]
    np.testing.assert_allclose(apply_kernel(image, kernel, True, "wrap", method=method),
                               ndi.convolve(image, kernel, mode="wrap"), atol=1e-9)


def test_apply_kernel_rejects_a_flip_that_is_not_a_bool():
    with pytest.raises(TypeError, match="flip must be True .* got 'yes'"):
        apply_kernel(np.zeros((5, 5)), np.ones((3, 3)), flip="yes")
    with pytest.raises(ValueError, match="mode must be one of"):
        apply_kernel(np.zeros((5, 5)), np.ones((3, 3)), mode="reflct")


def test_signed_rgb_gives_the_colours_matplotlib_draws(rng):
    result = rng.normal(scale=50, size=(20, 30))
    result[0, :3] = [0.0, np.abs(result).max(), -np.abs(result).max()]
    limit = np.abs(result).max()
    expected = colormaps["RdBu_r"](Normalize(-limit, limit)(result), bytes=True)[..., :3]
    np.testing.assert_array_equal(signed_rgb(result), expected)
    # With a smaller limit, values beyond it take the end colours, as in matplotlib.
    expected = colormaps["RdBu_r"](Normalize(-10, 10)(result), bytes=True)[..., :3]
    np.testing.assert_array_equal(signed_rgb(result, limit=10), expected)


def test_signed_limit_is_the_largest_absolute_value_or_a_percentile(rng):
    result = rng.normal(size=(60, 70))
    assert signed_limit(result) == np.abs(result).max()
    assert signed_limit(result, 99.5) == np.percentile(np.abs(result), 99.5)
    assert signed_limit(np.zeros((2, 2))) == 1.0
    assert signed_limit(np.zeros((2, 2)), 50) == 1.0
    sparse = np.zeros((10, 10))
    sparse[0, 0] = -7.0  # the percentile is 0: fall back to the largest value
    assert signed_limit(sparse, 90) == 7.0
    for bad in (0, 101, np.nan):
        with pytest.raises(ValueError, match=r"percentile must be a (finite )?real number"):
            signed_limit(result, bad)
    for bad in ("99", True):  # not a number at all: a TypeError
        with pytest.raises(TypeError, match="percentile must be a real number"):
            signed_limit(result, bad)


@pytest.mark.parametrize("limit, error, message", [
    (0, ValueError, "limit must be a finite real number greater than 0, got 0.0"),
    (-1.0, ValueError, "limit must be a finite real number greater than 0, got -1.0"),
    (np.inf, ValueError, "limit must be a finite real number, got inf"),
    ("5", TypeError, "limit must be a real number, got '5'"),
    (True, TypeError, "limit must be a real number, got True"),
])
def test_signed_rgb_rejects_a_bad_limit(limit, error, message):
    with pytest.raises(error, match=re.escape(message)):
        signed_rgb(np.zeros((2, 2)), limit=limit)


def test_signed_rgb_needs_one_channel():
    with pytest.raises(ValueError, match="result must be 2-D"):
        signed_rgb(np.zeros((2, 2, 3)))


def test_display_pixels_refuses_a_bad_choice(rng):
    with pytest.raises(ValueError, match=r"how must be one of \('clip', 'abs', 'signed'\)"):
        display_pixels(rng.normal(size=(5, 5)), "log")


def test_encode_png_round_trips(rng):
    gray = rng.integers(0, 256, size=(7, 11), dtype=np.uint8)
    decoded = cv2.imdecode(np.frombuffer(encode_png(gray), np.uint8), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(decoded, gray)
    rgb = rng.integers(0, 256, size=(7, 11, 3), dtype=np.uint8)
    decoded = cv2.imdecode(np.frombuffer(encode_png(rgb), np.uint8), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB), rgb)


def test_encode_png_rejects_bad_pixels():
    with pytest.raises(TypeError, match="pixels must have dtype uint8, got float64"):
        encode_png(np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"pixels must be H×W or H×W×3 \(RGB\), got shape"):
        encode_png(np.zeros((3, 3, 4), np.uint8))


def test_colorbar_runs_from_red_to_blue():
    bar = colorbar_pixels(64, 5)
    assert bar.shape == (64, 5, 3)
    np.testing.assert_array_equal(bar[0, 0], signed_rgb([[1.0]], 1.0)[0, 0])
    np.testing.assert_array_equal(bar[-1, 0], signed_rgb([[-1.0]], 1.0)[0, 0])
    red = bar[:, 0, 0].astype(int)
    assert red[0] > 90 and red[-1] < 10 and (bar == bar[:, :1]).all()
    with pytest.raises(ValueError, match="height must be an integer of at least 2, got 1"):
        colorbar_pixels(1, 5)


def test_result_stats_count_what_clipping_loses(rng):
    result = rng.normal(scale=200, size=(13, 17)) + 100
    kernel = rng.normal(size=(3, 3))
    stats = result_stats(result, kernel)
    assert stats.minimum == result.min() and stats.maximum == result.max()
    assert stats.kernel_sum == pytest.approx(kernel.sum())
    assert stats.below_zero == np.count_nonzero(result < 0)
    assert stats.above_255 == np.count_nonzero(result > 255)
    assert stats.size == result.size
    assert stats.below_zero > 0 and stats.above_255 > 0


@pytest.mark.parametrize("text, expected", [
    ("0 -1 0; -1 5 -1; 0 -1 0", KERNEL_BANK["sharpen"]),
    ("0,1,0\n1,-4,1\n0,1,0\n", KERNEL_BANK["laplacian"]),
    ("  -1  0 1 \n -2 0 2 ;\n -1 0 +1", KERNEL_BANK["sobel_x"]),
    (";".join([" ".join(["1/25"] * 5)] * 5), np.full((5, 5), 1 / 25)),
    ("1e-1 .5 2.; 0 0 0; 0 0 0", [[0.1, 0.5, 2.0], [0, 0, 0], [0, 0, 0]]),
])
def test_parse_kernel_reads_text(text, expected):
    np.testing.assert_allclose(parse_kernel(text), expected, rtol=0, atol=1e-15)


def test_parse_kernel_reads_sequences_and_arrays(rng):
    values = rng.normal(size=25)
    np.testing.assert_array_equal(parse_kernel(list(values)), values.reshape(5, 5))
    np.testing.assert_array_equal(parse_kernel(values.reshape(5, 5)), values.reshape(5, 5))
    assert parse_kernel(np.arange(9)).dtype == np.float64
    assert parse_kernel(np.ones((7, 7)), sizes=(7,)).shape == (7, 7)


@pytest.mark.parametrize("values, error, message", [
    ([1, 2, 3, 4], ValueError, r"3×3 or 5×5 grid of numbers \(9 or 25 entries\), got 4"),
    (np.ones(49), ValueError, "got 49 entries"),
    (np.ones((7, 7)), ValueError, r"3×3 or 5×5 grid of numbers, got shape \(7, 7\)"),
    (np.ones((3, 5)), ValueError, r"got shape \(3, 5\)"),
    (np.ones((4, 4)), ValueError, "odd number of rows"),
    ("1 2 3; 4 5; 6 7 8", ValueError, r"same number of entries, got rows of lengths \[3, 2, 3\]"),
    ("1 2 x; 4 5 6; 7 8 9", ValueError, "entry at row 0, column 2 must be a number .* got 'x'"),
    ("1 2 3; 4 1/0 6; 7 8 9", ValueError, "row 1, column 1 .* got '1/0'"),
    ("1 2 3; 4 nan 6; 7 8 9", ValueError, "got 'nan'"),
    ([0, 0, 0, 0, np.nan, 0, 0, 0, 0], ValueError, "finite numbers only"),
    (None, TypeError, "got NoneType"),
    (b"1 2 3", TypeError, "got bytes"),
    (["a"] * 9, TypeError, "flat sequence of numbers"),
])
def test_parse_kernel_rejects_bad_grids(values, error, message):
    with pytest.raises(error, match=message):
        parse_kernel(values)


def test_kernel_html_shows_numbers_or_a_summary(rng):
    assert kernel_html(KERNEL_BANK["small_blur"]) == (
        "<div>7×7, every entry 1/49 ≈ 0.02041</div>")
    table = kernel_html(KERNEL_BANK["emboss"])
    assert table.count("<td") == 9 and ">-2</td>" in table
    large = rng.normal(size=(9, 9))
    assert kernel_html(large).startswith("<div>9×9, entries from ")
    assert kernel_html(np.zeros((3, 3))).count(">0</td>") == 9


@pytest.mark.parametrize("how, phrase", [("clip", "clipped to 0–255"),
                                         ("abs", "|value|"), ("signed", "blue −4")])
def test_info_html_reports_the_sum_the_operation_and_min_max(how, phrase):
    kernel = KERNEL_BANK["laplacian"]
    result = np.array([[-4.0, 1.5, 300.0]])
    stats = result_stats(result, kernel)
    text = info_html(stats, kernel, "laplacian", True, "wrap", how, limit=4.0)
    for part in ("<b>laplacian</b> 3×3, sum 0", "convolution", "'wrap' (OpenCV BORDER_WRAP)",
                 "min -4, max 300", "1 of 3 values &lt; 0, 1 &gt; 255", phrase):
        assert part in text
    assert "cross-correlation" in info_html(stats, kernel, "x", False, "reflect", how)


def test_info_html_rejects_bad_choices():
    stats = result_stats([[0.0]], [[1.0]])
    with pytest.raises(ValueError, match="mode must be one of"):
        info_html(stats, [[1.0]], "id", False, "edge", "clip")
    with pytest.raises(ValueError, match="how must be one of"):
        info_html(stats, [[1.0]], "id", False, "reflect", "gray")
    with pytest.raises(TypeError, match="flip must be"):
        info_html(stats, [[1.0]], "id", 1, "reflect", "clip")


@pytest.mark.parametrize("how", ["clip", "abs", "signed"])
def test_static_playground_draws_input_kernel_and_output(how):
    image = load_image("camera")[::8, ::8]
    axes = static_playground(image, "sobel_y", flip=True, mode="nearest", how=how)
    assert len(axes) == 3
    assert axes[1].get_title() == "sobel_y 3×3 (sum 0)\nrotated 180°, as it slides"
    # the kernel is drawn as it slides: rotated by 180°
    drawn = np.array([float(t.get_text()) for t in axes[1].texts]).reshape(3, 3)
    np.testing.assert_array_equal(drawn, KERNEL_BANK["sobel_y"][::-1, ::-1])
    title, note = axes[2].get_title().splitlines()
    assert "convolution" in title and "'nearest'" in title
    expected = convolve(image, KERNEL_BANK["sobel_y"], mode="nearest")
    assert note.startswith(f"min {expected.min():.4g}, max {expected.max():.4g}")
    shown = axes[2].images[0].get_array()
    if how == "signed":
        np.testing.assert_allclose(shown, expected)
        assert len(axes[2].figure.axes) == 4  # the colour bar
        # the same colour scale as the widget: the SIGNED_PERCENTILE of |result|
        limit = np.percentile(np.abs(expected), SIGNED_PERCENTILE)
        assert axes[2].images[0].get_clim() == pytest.approx((-limit, limit), rel=1e-12)
        assert note.endswith(f"colours ±{limit:.4g}")
    else:
        np.testing.assert_array_equal(shown, reference_pixels(expected, how))
    plt.close("all")


def test_static_playground_can_end_its_signed_scale_at_a_lower_percentile():
    """Notebook 06's static figure ends its colours at the 98th percentile, not the
    widget's 99.5th: a lower limit, the same output values, the note says the limit."""
    image = load_image("camera")[::8, ::8]
    expected = correlate(image, KERNEL_BANK["sobel_x"])
    axes = static_playground(image, "sobel_x", how="signed", percentile=98)
    limit = signed_limit(expected, 98)
    assert limit < signed_limit(expected, SIGNED_PERCENTILE)
    assert axes[2].images[0].get_clim() == (-limit, limit)
    np.testing.assert_allclose(axes[2].images[0].get_array(), expected)
    assert axes[2].get_title().endswith(f"colours ±{limit:.4g}")
    # 'clip' and 'abs' have no colour scale: the percentile changes nothing there
    clipped = static_playground(image, "sobel_x", how="clip", percentile=98)
    assert "colours" not in clipped[2].get_title()
    with pytest.raises(ValueError, match="percentile"):
        static_playground(image, "sobel_x", how="signed", percentile=0)
    plt.close("all")


def test_static_playground_without_flip_draws_the_kernel_as_given():
    image = load_image("camera")[::8, ::8]
    axes = static_playground(image, "sobel_x", how="signed")
    drawn = np.array([float(t.get_text()) for t in axes[1].texts]).reshape(3, 3)
    np.testing.assert_array_equal(drawn, KERNEL_BANK["sobel_x"])
    assert axes[1].get_title() == "sobel_x 3×3 (sum 0)"
    plt.close("all")


def test_info_html_shows_the_rotated_kernel_only_for_an_asymmetric_convolution():
    sobel = KERNEL_BANK["sobel_x"]
    stats = result_stats([[0.0]], sobel)
    flipped = info_html(stats, sobel, "sobel_x", True, "reflect", "clip")
    assert "slid over the image as:" in flipped
    assert kernel_html(sobel[::-1, ::-1]) in flipped
    assert "slid over the image as:" not in info_html(stats, sobel, "s", False, "reflect", "clip")
    laplacian = KERNEL_BANK["laplacian"]
    assert "slid over the image as:" not in info_html(result_stats([[0.0]], laplacian),
                                                      laplacian, "l", True, "reflect", "clip")


@pytest.mark.parametrize("mode", ["reflect", "mirror", "nearest", "wrap", "constant"])
def test_parity_with_scipy_and_opencv_for_every_bank_kernel(mode):
    """Notebook 06's parity table: its largest difference must stay far below 1e-9."""
    camera = load_image("camera")
    for name in KERNEL_BANK:
        kernel = KERNEL_BANK[name]
        ours = apply_kernel(camera, kernel, False, mode)
        scipy_result = ndi.correlate(camera.astype(np.float64), kernel, mode=mode)
        opencv = opencv_correlate(camera, kernel, mode)
        assert np.abs(ours - scipy_result).max() < 1e-9, (name, mode)
        assert np.abs(ours - opencv).max() < 1e-9, (name, mode)


def test_show_kernel_result_for_a_large_kernel_and_bad_input():
    image = np.zeros((30, 30))
    axes = show_kernel_result(image, KERNEL_BANK["large_blur"], image, name="large_blur")
    assert axes[1].get_title() == "large_blur 21×21 (sum 1)"
    assert not axes[1].texts  # no 441 numbers written in
    with pytest.raises(ValueError, match="how must be one of"):
        show_kernel_result(image, KERNEL_BANK["sharpen"], image, how="gray")
    axes = static_playground(image, np.ones((3, 5)) / 15, name=None)
    assert axes[1].get_title().startswith("custom 3×5")
    plt.close("all")


def test_format_table_aligns_columns():
    text = format_table([["a", 1.5, "x"], ["bbb", 10, "yy"]], ["name", "n", "c"])
    lines = text.splitlines()
    assert lines[0] == "name    n  c"
    assert lines[2] == "a     1.5  x"
    assert lines[3] == "bbb    10  yy"
    assert lines[1] == "----  ---  --"


def test_the_double_loop_is_orders_of_magnitude_slower_than_vectorised_correlate():
    """Notebook 04 prints this ratio on a timing: line; here its order of magnitude is checked."""
    crop = load_image("camera")[200:264, 200:264]
    kernel = KERNEL_BANK["sharpen"]
    loop = best_time(correlate_loop, crop, kernel, repeat=3)
    vectorised = best_time(correlate, crop, kernel, mode="nearest", repeat=3)
    assert loop / vectorised > 30
    # and they compute the same numbers (before the lesson's clipping and truncation)
    expected = np.clip(correlate(crop, kernel, mode="nearest"), 0, 255).astype(np.uint8)
    np.testing.assert_array_equal(correlate_loop(crop, kernel), expected)



# --------------------------------------------------------------------------- the model


@pytest.mark.parametrize("old, new", [(3, 5), (5, 3), (3, 3), (1, 5), (5, 1), (3, 7)])
def test_resize_kernel_keeps_the_middle(rng, old, new):
    kernel = rng.normal(size=(old, old))
    resized = resize_kernel(kernel, new)
    assert resized.shape == (new, new)
    if new >= old:  # grown: the old kernel in the middle, zeros around; same filter
        start = (new - old) // 2
        np.testing.assert_array_equal(resized[start:start + old, start:start + old], kernel)
        assert np.count_nonzero(resized) == np.count_nonzero(kernel)
        image = random_image(rng, (12, 12), np.float64)
        np.testing.assert_allclose(correlate(image, resized, mode="constant"),
                                   ndi.correlate(image, kernel, mode="constant"), atol=1e-9)
    else:  # shrunk: the middle of the old one
        start = (old - new) // 2
        np.testing.assert_array_equal(resized, kernel[start:start + new, start:start + new])
    np.testing.assert_array_equal(resize_kernel(resize_kernel(kernel, old + 4), old), kernel)


@pytest.mark.parametrize("kernel, size, error, message", [
    (np.ones((3, 5)), 5, ValueError, "kernel must be square to resize, got shape (3, 5)"),
    (np.ones((3, 3)), 4, ValueError, "size must be odd, got 4"),
    (np.ones((3, 3)), 0, ValueError, "size must be an integer of at least 1, got 0"),
    (np.ones((3, 3)), 5.0, TypeError, "size must be an integer, got 5.0"),
])
def test_resize_kernel_rejects_bad_input(kernel, size, error, message):
    with pytest.raises(error, match=re.escape(message)):
        resize_kernel(kernel, size)


def test_fits_grid_is_the_editable_sizes():
    assert [fits_grid(np.ones((n, n))) for n in (1, 3, 5, 7)] == [False, True, True, False]
    assert not fits_grid(np.ones((3, 5)))
    assert {name for name, k in KERNEL_BANK.items() if fits_grid(k)} == {
        name for name, k in KERNEL_BANK.items() if k.shape in ((3, 3), (5, 5))}


@pytest.mark.parametrize("how", ["clip", "abs", "signed"])
def test_playground_view_is_the_pieces_put_together(how):
    photo = load_image("camera")[100:164, 100:164]
    view = playground_view(photo, KERNEL_BANK["laplacian"], True, "wrap", how)
    expected = convolve(photo, KERNEL_BANK["laplacian"], mode="wrap")
    np.testing.assert_allclose(view.result, expected, atol=1e-9)
    assert view.stats == ResultStats(
        minimum=expected.min(), maximum=expected.max(), kernel_sum=0.0,
        below_zero=np.count_nonzero(expected < 0), above_255=np.count_nonzero(expected > 255),
        size=64 * 64)
    limit = (np.percentile(np.abs(expected), SIGNED_PERCENTILE) if how == "signed"
             else None)
    assert view.limit == (None if limit is None else pytest.approx(limit, rel=1e-12))
    np.testing.assert_array_equal(view.pixels, reference_pixels(expected, how, limit))


def test_playground_view_refuses_a_result_no_display_can_show():
    with pytest.raises(ValueError, match="NaN or infinite"):
        playground_view(np.full((8, 8), 1e308), np.full((3, 3), 2.0), how="signed")
    with pytest.raises(ValueError, match="image must hold finite numbers only"):
        check_playground_image([[0.0, np.nan]])
