"""KernelPlayground, driven through its controls as a learner would."""

import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import MODES, decode, reference_pixels

from course_utils import KERNEL_BANK, convolve, correlate, load_image
from course_utils.playground import SIGNED_PERCENTILE
from course_utils.widgets import KernelPlayground


@pytest.fixture(scope="module")
def photo():
    return load_image("camera")[100:196, 150:262]  # 96×112, with edges in every direction


def test_starts_with_the_small_blur(photo):
    playground = KernelPlayground(photo)
    assert playground.kernel_picker.value == "small_blur"
    np.testing.assert_allclose(playground.result,
                                  correlate(photo, KERNEL_BANK["small_blur"], mode="reflect"),
                               atol=1e-9)
    np.testing.assert_array_equal(decode(playground.input_view.value), photo)


@pytest.mark.parametrize("flip", [False, True])
def test_every_bank_kernel_through_the_picker(photo, flip):
    playground = KernelPlayground(photo, kernel="emboss")
    playground.flip_toggle.value = flip
    before = playground.output_view.value
    for name in KERNEL_BANK:
        playground.kernel_picker.value = name
        kernel = KERNEL_BANK[name]
        expected = (convolve if flip else correlate)(photo, kernel, mode="reflect")
        np.testing.assert_allclose(playground.result, expected, atol=1e-9)
        reference = (ndi.convolve if flip else ndi.correlate)(photo.astype(float), kernel,
                                                              mode="reflect")
        np.testing.assert_allclose(playground.result, reference, atol=1e-9)
        assert playground.output_view.value != before
        before = playground.output_view.value


def test_flip_matters_for_sobel_and_not_for_the_laplacian(photo):
    playground = KernelPlayground(photo, kernel="sobel_x")
    correlated = playground.result.copy()
    playground.flip_toggle.value = True
    np.testing.assert_allclose(playground.result, -correlated, atol=1e-9)
    playground.kernel_picker.value = "laplacian"
    convolved = playground.result.copy()
    playground.flip_toggle.value = False
    np.testing.assert_allclose(playground.result, convolved, atol=1e-9)


@pytest.mark.parametrize("mode", MODES)
def test_every_border_mode_matches_scipy(photo, mode):
    playground = KernelPlayground(photo, kernel="sobel_y")
    playground.mode_picker.value = mode
    np.testing.assert_allclose(
        playground.result, ndi.correlate(photo.astype(float), KERNEL_BANK["sobel_y"], mode=mode),
        atol=1e-9)
    assert f"'{mode}'" in playground.info.value


def test_the_21x21_blur_in_every_mode_matches_scipy(photo):
    playground = KernelPlayground(photo, kernel="large_blur")
    for mode in MODES:
        playground.mode_picker.value = mode
        np.testing.assert_allclose(
            playground.result,
            ndi.correlate(photo.astype(float), KERNEL_BANK["large_blur"], mode=mode),
            atol=1e-9)


@pytest.mark.parametrize("display", ["clip", "abs", "signed"])
def test_the_output_picture_follows_the_display(photo, display):
    playground = KernelPlayground(photo, kernel="laplacian")
    result = playground.result.copy()
    playground.display_picker.value = display
    np.testing.assert_array_equal(playground.result, result)  # only the picture changes
    expected = ndi.correlate(photo.astype(float), KERNEL_BANK["laplacian"], mode="reflect")
    np.testing.assert_allclose(result, expected, atol=1e-9)
    limit = (np.percentile(np.abs(expected), SIGNED_PERCENTILE) if display == "signed"
             else None)
    np.testing.assert_array_equal(decode(playground.output_view.value),
                                  reference_pixels(result, display, limit))
    shown = playground.colorbar.layout.display
    assert shown == ("flex" if display == "signed" else "none")
    if display == "signed":
        assert limit < np.abs(result).max()  # a few extreme pixels saturate
        assert "larger values take the end colours" in playground.info.value
        assert playground.colorbar_top.value == f"<small>+{limit:.4g}</small>"
        assert f"blue −{limit:.4g}" in playground.info.value


def test_display_changes_the_picture(photo):
    playground = KernelPlayground(photo, kernel="sobel_x")
    pictures = set()
    for display in ("clip", "abs", "signed"):
        playground.display_picker.value = display
        pictures.add(playground.output_view.value)
    assert len(pictures) == 3


def test_info_shows_the_kernel_sum_and_min_max(photo):
    playground = KernelPlayground(photo, kernel="sharpen")
    expected = ndi.correlate(photo.astype(float), KERNEL_BANK["sharpen"], mode="reflect")
    info = playground.info.value
    assert "<b>sharpen</b> 3×3, sum 1" in info
    assert f"min {expected.min():.4g}, max {expected.max():.4g}" in info
    assert f"{np.count_nonzero(expected < 0)} of {expected.size} values &lt; 0" in info
    assert playground.stats.below_zero == np.count_nonzero(expected < 0) > 0
    assert "method 'direct'" in info


def test_a_3x3_bank_kernel_fills_the_grid_and_editing_it_makes_it_custom(photo, rng):
    playground = KernelPlayground(photo, kernel="sobel_x")
    np.testing.assert_array_equal([e.value for e in playground.entries],
                                  KERNEL_BANK["sobel_x"].ravel())
    before = playground.output_view.value
    playground.entries[4].value = 3.0
    assert playground.kernel_picker.value == "custom"
    edited = KERNEL_BANK["sobel_x"]
    edited[1, 1] = 3.0
    np.testing.assert_allclose(playground.result, correlate(photo, edited), atol=1e-9)
    assert playground.output_view.value != before
    assert "<b>custom</b> 3×3, sum 3" in playground.info.value
    # A whole random kernel, entry by entry, flipped, with a wrap border.
    kernel = rng.normal(size=(3, 3))
    playground.flip_toggle.value = True
    playground.mode_picker.value = "wrap"
    for entry, value in zip(playground.entries, kernel.ravel(), strict=True):
        entry.value = float(value)
    np.testing.assert_allclose(playground.result,
                               ndi.convolve(photo.astype(float), kernel, mode="wrap"), atol=1e-9)


def test_a_large_bank_kernel_leaves_the_grid_alone(photo):
    playground = KernelPlayground(photo, kernel="emboss")
    playground.kernel_picker.value = "small_blur"
    np.testing.assert_array_equal([e.value for e in playground.entries],
                                  KERNEL_BANK["emboss"].ravel())
    playground.kernel_picker.value = "custom"  # back to the numbers in the grid
    np.testing.assert_allclose(playground.result, correlate(photo, KERNEL_BANK["emboss"]),
                               atol=1e-9)


def test_changing_the_size_keeps_the_middle(photo):
    playground = KernelPlayground(photo, kernel="laplacian")
    playground.size_picker.value = 5
    assert len(playground.entries) == 25 and playground.kernel_picker.value == "custom"
    grown = np.zeros((5, 5))
    grown[1:4, 1:4] = KERNEL_BANK["laplacian"]
    np.testing.assert_array_equal(np.reshape([e.value for e in playground.entries], (5, 5)),
                                  grown)
    np.testing.assert_allclose(playground.result, correlate(photo, grown), atol=1e-9)
    playground.entries[0].value = 2.0
    grown[0, 0] = 2.0
    np.testing.assert_allclose(playground.result, correlate(photo, grown), atol=1e-9)
    playground.size_picker.value = 3
    assert len(playground.entries) == 9
    np.testing.assert_allclose(playground.result, correlate(photo, KERNEL_BANK["laplacian"]),
                               atol=1e-9)


def test_old_entries_no_longer_drive_the_playground(photo):
    playground = KernelPlayground(photo, kernel="sharpen")
    old = playground.entries
    playground.size_picker.value = 5
    result = playground.result.copy()
    old[0].value = 99.0
    np.testing.assert_array_equal(playground.result, result)


def test_set_kernel_with_numbers(photo, rng):
    playground = KernelPlayground(photo)
    wide = rng.normal(size=(3, 7))
    playground.set_kernel(wide)
    assert playground.kernel_picker.value == "custom"
    np.testing.assert_allclose(playground.result, correlate(photo, wide), atol=1e-9)
    assert "3×7" in playground.info.value
    playground.entries[0].value = 1.0  # editing the grid goes back to the grid's kernel
    np.testing.assert_allclose(playground.result, correlate(photo, playground.kernel),
                               atol=1e-9)
    assert playground.kernel.shape == (3, 3)
    five = rng.normal(size=(5, 5))
    playground.set_kernel(five)
    np.testing.assert_array_equal(np.reshape([e.value for e in playground.entries], (5, 5)),
                                  five)
    playground.set_kernel("sharpen")
    np.testing.assert_allclose(playground.result, correlate(photo, KERNEL_BANK["sharpen"]),
                               atol=1e-9)


def test_a_kernel_larger_than_the_image_is_reported_not_raised():
    playground = KernelPlayground(np.zeros((10, 10)), kernel="sharpen")
    shown = playground.output_view.value
    playground.kernel_picker.value = "large_blur"
    assert "cannot filter" in playground.info.value and "larger than the image" in (
        playground.info.value)
    # No stale output stays: the picture is blanked and there is no result.
    assert playground.result is None and playground.stats is None
    assert playground.output_view.value != shown
    blank = decode(playground.output_view.value)
    assert np.all(blank == blank[0, 0])
    playground.kernel_picker.value = "sharpen"  # back to a kernel that fits
    np.testing.assert_array_equal(playground.result, np.zeros((10, 10)))


@pytest.mark.parametrize("display", ["signed", "clip", "abs"])
def test_an_overflowing_result_is_reported_in_the_widget_not_raised(display):
    # Finite input whose output overflows float64: every display must refuse it in the
    # widget (no exception out of the observer) and blank the old picture.
    playground = KernelPlayground(np.full((16, 16), 1e307), kernel="sharpen", display=display)
    before = playground.output_view.value
    assert playground.result is not None and np.isfinite(playground.result).all()
    playground.set_kernel(np.full((3, 3), 10.0))  # 90 times 1e307: beyond float64
    assert "cannot filter" in playground.info.value
    assert "NaN or infinite" in playground.info.value and "overflow" in playground.info.value
    assert playground.result is None and playground.output_view.value != before
    assert playground.colorbar.layout.display == "none"


def test_a_photo_with_nan_or_infinity_is_refused_at_the_start():
    for bad in (np.nan, np.inf):
        image = np.zeros((16, 16))
        image[3, 4] = bad
        with pytest.raises(ValueError, match="image must hold finite numbers only"):
            KernelPlayground(image)


def test_dom_classes_for_the_browser_test(photo):
    playground = KernelPlayground(photo)
    assert "cu-playground" in playground._dom_classes
    for attribute, name in (("kernel_picker", "kernel"), ("output_view", "output"),
                            ("input_view", "input"), ("info", "info"), ("flip_toggle", "flip"),
                            ("mode_picker", "mode"), ("display_picker", "display")):
        assert f"cu-playground-{name}" in getattr(playground, attribute)._dom_classes


@pytest.mark.parametrize("kwargs, error, message", [
    ({"image": np.zeros((8, 8, 3))}, ValueError, "must be grayscale .* gray=True"),
    ({"image": np.zeros(8)}, ValueError, "image must be 2-D"),
    ({"kernel": "blur"}, ValueError, "kernel must be one of .*'small_blur'.*'custom'.* got 'blur'"),
    ({"kernel": np.ones((2, 2))}, ValueError, "odd number of rows"),
    ({"mode": "edge"}, ValueError, "mode must be one of"),
    ({"display": "log"}, ValueError, "how must be one of"),
    ({"flip": "no"}, TypeError, "flip must be True"),
    ({"view_width": 10}, ValueError, "view_width must be an integer of at least 32, got 10"),
])
def test_bad_arguments(kwargs, error, message):
    arguments = {"image": np.zeros((16, 16)), **kwargs}
    with pytest.raises(error, match=message):
        KernelPlayground(**arguments)


def test_grid_is_greyed_out_while_a_bigger_bank_kernel_is_in_use():
    from course_utils import load_image
    from course_utils.widgets import KernelPlayground

    playground = KernelPlayground(load_image("camera")[:64, :64], kernel="sobel_x")
    assert not any(entry.disabled for entry in playground.entries)
    playground.kernel_picker.value = "small_blur"
    assert all(entry.disabled for entry in playground.entries)
    assert "small_blur is 7×7" in playground.editor_note.value
    playground.kernel_picker.value = "custom"
    assert not any(entry.disabled for entry in playground.entries)
    playground.entries[4].value = 2.0
    assert playground.kernel[1, 1] == 2.0
