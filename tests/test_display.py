"""The display module: pixels, colours and number texts shared by every figure and widget."""

import re

import numpy as np
import pytest
from conftest import reference_pixels
from matplotlib import colormaps

from course_utils.display import (
    DISPLAY_MODES,
    check_finite_result,
    display_pixels,
    gray_range,
    gray_rgb,
    light_signed_rgb,
    light_text_on,
    luminance,
    no_minus_zero,
    number_text,
    signed_limit,
    signed_rgb,
    significant_text,
    to_display,
)


@pytest.mark.parametrize("text, expected", [
    ("-0", "0"), ("-0.0", "0.0"), ("-0.000", "0.000"), ("-0.", "0."),
    ("-0.5", "-0.5"), ("-10", "-10"), ("0", "0"), ("-0e+00", "-0e+00"),
])
def test_no_minus_zero_drops_only_the_sign_of_a_zero(text, expected):
    assert no_minus_zero(text) == expected


def test_number_texts_never_show_minus_zero(rng):
    # Every negative value that rounds to zero at 3 decimals (or fewer) is written without "-".
    for value in np.concatenate([-rng.uniform(0, 0.0004999, 50), [-0.0, -1e-12, -4.9e-10]]):
        for decimals in (0, 1, 2, 3):
            text = number_text(value, decimals)
            assert not text.startswith("-") and float(text) == 0
    assert significant_text(-0.0) == "0" and significant_text(-1e-300) == "-1e-300"
    assert significant_text(-0.00001234567) == "-1.235e-05"


def test_number_text_writes_whole_numbers_plainly_and_others_with_decimals(rng):
    for value in rng.uniform(-500, 500, 100):
        for decimals in (1, 2, 3):
            text = number_text(value, decimals)
            assert float(text) == pytest.approx(value, abs=0.5 * 10**-decimals)
    assert number_text(132.0000000001, 2) == "132" and number_text(-7.0, 3) == "-7"


@pytest.mark.parametrize("value, text", [(np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_number_text_of_non_finite_values(value, text):
    assert number_text(value, 2) == text


def test_text_colour_follows_luminance():
    # BT.601 luma: pure green looks far brighter than pure blue.
    assert luminance((0, 1, 0)) > luminance((1, 0, 0)) > luminance((0, 0, 1))
    assert light_text_on((0, 0, 1)) and not light_text_on((0, 1, 0))
    for level in range(256):  # grey pixels: light text exactly below the threshold
        assert light_text_on((level,) * 3, below=120) == (level < 120)
    cmap = colormaps["gray"]
    assert light_text_on(cmap(0.2)) and not light_text_on(cmap(0.8))


def test_check_finite_result_counts_what_no_picture_can_show():
    ok = check_finite_result([[1, 2]])
    assert ok.dtype == np.float64
    with pytest.raises(ValueError, match=re.escape("result holds 2 values of 3 that are NaN")):
        check_finite_result([[np.nan, 1.0, -np.inf]])
    with pytest.raises(TypeError, match="result must be an array"):
        check_finite_result("1.0")


@pytest.mark.parametrize("how", DISPLAY_MODES)
def test_no_display_shows_a_non_finite_result(how):
    with pytest.raises(ValueError, match="NaN or infinite"):
        display_pixels([[1.0, np.inf]], how)
    with pytest.raises(ValueError, match="NaN or infinite"):
        signed_limit([[np.nan, 1.0]])


def test_display_modes_are_validated_by_type_and_value():
    with pytest.raises(ValueError, match=re.escape("how must be one of ('clip', 'abs', "
                                                   "'signed'), got 'log'")):
        to_display([[1.0]], "log")
    with pytest.raises(TypeError, match="how must be a string"):
        display_pixels([[1.0]], 3)


def test_gray_levels_cover_a_picture_or_the_values(rng):
    picture = rng.integers(0, 256, (6, 6))
    assert gray_range(picture) == (0.0, 255.0)
    levels = gray_rgb(picture, *gray_range(picture))
    np.testing.assert_array_equal(levels[..., 0], picture)  # 0-255 shown as they are
    wide = rng.normal(size=(5, 5)) * 1e307
    levels = gray_rgb(wide, *gray_range(wide))[..., 0]
    assert levels.min() == 0 and levels.max() == 255 and np.isfinite(levels).all()
    flat = np.full((3, 3), 1e300)
    assert np.all(gray_rgb(flat, *gray_range(flat)) == 0)


def test_light_signed_colours_are_linear_from_white(rng):
    values = rng.uniform(-3, 3, 50)
    colours = light_signed_rgb(values, 3.0)
    white = np.array([255, 255, 255])
    for value, colour in zip(values, colours, strict=True):
        end = np.array((178, 24, 43) if value > 0 else (33, 102, 172))
        np.testing.assert_allclose(colour, white + abs(value) / 3 * (end - white), atol=0.5)
    np.testing.assert_array_equal(light_signed_rgb([0.0, 7.0], 0.0), [white, white])


def test_signed_rgb_is_symmetric_around_white(rng):
    values = rng.uniform(-1, 1, (4, 4))
    plus, minus = signed_rgb(values, 1.0), signed_rgb(-values, 1.0)
    # RdBu_r mirrors red and blue around its middle: the two ends differ in hue only.
    assert np.all(plus[values > 0.1][:, 0] > plus[values > 0.1][:, 2])
    assert np.all(minus[values > 0.1][:, 2] > minus[values > 0.1][:, 0])


#: Values at the edges of every display's rounding, and the pixels each display shows,
#: worked out by hand: clip and abs clip to 0-255 and then truncate (as astype(uint8) did in
#: the lesson), never round.
EDGES = [[-300.0, -255.5, -20.0, -0.7, -0.0, 0.0, 0.4, 0.999],
         [1.0, 100.5, 100.7, 127.99, 128.0, 254.999, 255.0, 255.5]]
BY_HAND = {
    "clip": [[0, 0, 0, 0, 0, 0, 0, 0], [1, 100, 100, 127, 128, 254, 255, 255]],
    "abs": [[255, 255, 20, 0, 0, 0, 0, 0], [1, 100, 100, 127, 128, 254, 255, 255]],
}


@pytest.mark.parametrize("how", ["clip", "abs"])
def test_gray_displays_truncate_after_clipping_by_hand(how):
    expected = np.array(BY_HAND[how], dtype=np.uint8)
    for shown in (display_pixels(EDGES, how), to_display(EDGES, how)):
        assert shown.dtype == np.uint8
        np.testing.assert_array_equal(shown, expected)
    colour = np.stack([np.array(EDGES)] * 3, axis=-1)   # H×W×3: each channel alike
    np.testing.assert_array_equal(display_pixels(colour, how), np.stack([expected] * 3, -1))
    np.testing.assert_array_equal(display_pixels(EDGES, how), reference_pixels(EDGES, how))


def test_signed_display_by_hand():
    """256 colours over -limit..limit: value v takes colour floor((v + L) * 256 / 2L),
    the last one from +L on; read off matplotlib's table of RdBu_r."""
    table = colormaps["RdBu_r"].resampled(256)(np.arange(256), bytes=True)[:, :3]
    limit = 4.0
    values = [[-9.0, -4.0, -3.99, -0.02, 0.0, 0.015625, 0.03125, 3.95, 4.0, 9.0]]
    indices = [0, 0, 0, 127, 128, 128, 129, 254, 255, 255]
    shown = display_pixels(values, "signed", limit)
    assert shown.shape == (1, 10, 3) and shown.dtype == np.uint8
    np.testing.assert_array_equal(shown[0], table[indices])
    np.testing.assert_array_equal(signed_rgb(values, limit), table[indices][None])
    # with no limit, the largest |value| (9) is the limit
    np.testing.assert_array_equal(display_pixels(values, "signed")[0, [0, 4, 9]],
                                  table[[0, 128, 255]])


@pytest.mark.parametrize("how", DISPLAY_MODES)
def test_every_display_matches_an_independent_reference_on_random_results(rng, how):
    result = rng.normal(scale=200, size=(9, 8))
    result[0, :2] = [np.abs(result).max(), -np.abs(result).max()]
    limit = 150.0 if how == "signed" else None
    np.testing.assert_array_equal(display_pixels(result, how, limit),
                                  reference_pixels(result, how, limit))
