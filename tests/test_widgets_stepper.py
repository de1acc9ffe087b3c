"""SlidingWindowStepper, driven through its slider and flip toggle like a learner would."""

import re

import ipywidgets as widgets
import numpy as np
import pytest
from conftest import MODES, decode, random_image

from course_utils import KERNEL_BANK, convolve, correlate
from course_utils.stepper import index_to_position
from course_utils.widgets import SlidingWindowStepper


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kernel_shape", [(3, 3), (5, 5), (3, 5)])
def test_current_is_correlate_or_convolve_at_every_position(rng, mode, kernel_shape):
    image = random_image(rng, (5, 6), np.uint8)
    kernel = rng.normal(size=kernel_shape)
    expected = {False: correlate(image, kernel, mode=mode, cval=7.0),
                True: convolve(image, kernel, mode=mode, cval=7.0)}
    stepper = SlidingWindowStepper(image, kernel, mode=mode, cval=7.0)
    assert (stepper.slider.min, stepper.slider.max) == (0, image.size - 1)
    for flip in (False, True):
        stepper.flip_toggle.value = flip
        for index in range(image.size):
            stepper.slider.value = index
            current = stepper.current
            row, col = index_to_position(index, image.shape)
            assert (current.row, current.col) == (row, col) == stepper.position
            assert current.value == pytest.approx(expected[flip][row, col], abs=1e-9)
            np.testing.assert_array_equal(current.kernel, kernel[::-1, ::-1] if flip else kernel)
            assert f"output[{row}, {col}] = {current.value:.2f}" in stepper.readout.value


def test_flip_toggle_rotates_the_kernel_and_redraws(rng):
    image = random_image(rng, (6, 6), np.uint8)
    kernel = KERNEL_BANK["emboss"]
    stepper = SlidingWindowStepper(image, kernel, mode="mirror")
    stepper.slider.value = 8
    before_canvas, before_value = stepper.canvas.value, stepper.current.value
    np.testing.assert_array_equal(stepper.current.kernel, kernel)
    stepper.flip_toggle.value = True
    assert stepper.flip and stepper.current.flip
    np.testing.assert_array_equal(stepper.current.kernel, np.rot90(kernel, 2))
    assert stepper.current.value == pytest.approx(convolve(image, kernel, mode="mirror")[1, 2])
    assert stepper.current.value != pytest.approx(before_value)
    assert stepper.canvas.value != before_canvas
    assert "rotated 180°" in stepper.readout.value
    stepper.flip_toggle.value = False
    assert stepper.canvas.value == before_canvas


@pytest.mark.parametrize("mode", MODES)
def test_mode_menu_switches_the_border_and_keeps_the_position(rng, mode):
    image = random_image(rng, (5, 6), np.uint8)
    kernel = KERNEL_BANK["sobel_x"]
    stepper = SlidingWindowStepper(image, kernel, mode="reflect", cval=7.0)
    assert stepper.mode_menu.options == MODES and stepper.mode_menu.value == "reflect"
    stepper.slider.value = 11  # (1, 5): on the right edge, where the border matters
    before = stepper.canvas.value
    stepper.mode_menu.value = mode
    assert stepper.position == (1, 5)
    assert stepper.current.value == pytest.approx(
        correlate(image, kernel, mode=mode, cval=7.0)[1, 5])
    assert (stepper.canvas.value == before) == (mode == "reflect")
    assert f"'{mode}'" in stepper.readout.value or mode in stepper.readout.value


def test_flip_argument_starts_in_convolution(rng):
    image = random_image(rng, (4, 4), np.uint8)
    stepper = SlidingWindowStepper(image, KERNEL_BANK["sobel_y"], flip=True)
    assert stepper.flip_toggle.value is True
    np.testing.assert_array_equal(stepper.current.kernel, KERNEL_BANK["sobel_y"][::-1, ::-1])


def test_canvas_is_a_stable_png_that_changes_every_step(rng):
    image = random_image(rng, (5, 5), np.uint8)
    stepper = SlidingWindowStepper(image, np.full((3, 3), 1 / 9), mode="constant")
    assert stepper.canvas.format == "png"
    pictures = []
    for index in range(image.size):
        stepper.slider.value = index
        assert stepper.canvas.value[:8] == b"\x89PNG\r\n\x1a\n"
        pictures.append(decode(stepper.canvas.value))
    assert len({p.shape for p in pictures}) == 1
    for before, after in zip(pictures, pictures[1:], strict=False):
        assert np.any(before != after)


def test_padding_is_drawn_differently(rng):
    # With mode 'constant' and cval equal to the flat image, padding has the
    # same value as the image: only the drawing may tell them apart.
    stepper = SlidingWindowStepper(np.full((4, 4), 50), np.ones((3, 3)), mode="constant",
                                   cval=50.0)
    stepper.slider.value = 15
    picture = decode(stepper.canvas.value)
    renderer = stepper._renderer
    x0, y0, x1, y1 = renderer.cell_box("input", 0, 0)
    padding = picture[y0 + 3:y1 - 2, x0 + 3:x1 - 2]
    x0, y0, x1, y1 = renderer.cell_box("input", 2, 2)
    inside = picture[y0 + 3:y1 - 2, x0 + 3:x1 - 2]
    assert np.abs(padding.astype(int) - inside.astype(int)).max() > 40


def test_readout_marks_padded_values(rng):
    stepper = SlidingWindowStepper(random_image(rng, (4, 4), np.uint8), np.ones((3, 3)),
                                   mode="nearest")
    assert stepper.readout.value.count("background:#ffd9a8;") == 5  # corner: 5 padded
    stepper.slider.value = 5  # (1, 1): the window is inside the image
    assert "background:#ffd9a8;" not in stepper.readout.value


def test_controls_and_dom_classes():
    stepper = SlidingWindowStepper(np.zeros((3, 4)), np.ones((3, 3)))
    assert isinstance(stepper, widgets.VBox)
    assert isinstance(stepper.slider, widgets.IntSlider)
    assert isinstance(stepper.play, widgets.Play)
    assert isinstance(stepper.canvas, widgets.Image)
    assert isinstance(stepper.readout, widgets.HTML)
    assert isinstance(stepper.flip_toggle, (widgets.ToggleButton, widgets.Checkbox))
    assert stepper.slider.continuous_update and stepper.slider.step == 1
    assert (stepper.play.min, stepper.play.max, stepper.play.step) == (0, 11, 1)
    for part, css in ((stepper, "cu-stepper"), (stepper.slider, "cu-stepper-slider"),
                      (stepper.position_box, "cu-stepper-position"),
                      (stepper.stylesheet, "cu-stepper-stylesheet"),
                      (stepper.play, "cu-stepper-timer"),
                      (stepper.play_button, "cu-stepper-play"),
                      (stepper.back_button, "cu-stepper-back"),
                      (stepper.forward_button, "cu-stepper-forward"),
                      (stepper.canvas, "cu-stepper-canvas"),
                      (stepper.flip_toggle, "cu-stepper-flip"),
                      (stepper.mode_menu, "cu-stepper-mode"),
                      (stepper.readout, "cu-stepper-readout"),
                      (stepper.announcement, "cu-stepper-announcement")):
        assert css in part._dom_classes
    # Every part is inside the container; every control but the timer is on screen.
    shown = set(stepper.children).union(*(box.children for box in stepper.children
                                          if isinstance(box, widgets.HBox)))
    for part in (stepper.slider, stepper.position_box, stepper.play, stepper.play_button,
                 stepper.back_button, stepper.forward_button, stepper.flip_toggle,
                 stepper.mode_menu, stepper.canvas, stepper.readout, stepper.announcement,
                 stepper.stylesheet):
        assert part in shown
    for control in (stepper.play_button, stepper.back_button, stepper.forward_button,
                    stepper.position_box, stepper.flip_toggle, stepper.mode_menu):
        assert control.description and control.layout.display != "none"
    # The slider is the mouse's: no label of its own (the number box is named
    # "position"), no readout (an unnamed contenteditable tab stop), on screen.
    assert not stepper.slider.description and not stepper.slider.readout
    assert stepper.slider.layout.display != "none"
    # ipywidgets' Play (unnamed icon buttons, a stop that resets) is the hidden timer only.
    assert stepper.play.layout.display == "none" and not stepper.play.show_repeat


def test_play_is_linked_to_the_slider_in_the_browser():
    stepper = SlidingWindowStepper(np.zeros((3, 3)), np.ones((3, 3)))
    link = stepper.play_link
    assert isinstance(link, widgets.widget_link.Link)
    assert link.source == (stepper.play, "value") and link.target == (stepper.slider, "value")
    # The named play/pause button drives the hidden Play's 'playing' in the browser.
    link = stepper.playing_link
    assert isinstance(link, widgets.widget_link.Link)
    assert link.source == (stepper.play_button, "value")
    assert link.target == (stepper.play, "playing")


def test_position_box_is_the_named_keyboard_control_linked_to_the_slider():
    stepper = SlidingWindowStepper(np.arange(12).reshape(3, 4), np.ones((3, 3)))
    box = stepper.position_box
    # ipywidgets 8 renders it as <input type=number> labelled by its description:
    # a spinbutton named "position", operated with the arrow keys or by typing.
    assert isinstance(box, widgets.BoundedIntText)
    assert box.description == "position"
    assert (box.value, box.min, box.max, box.step) == (0, 0, 11, 1)
    assert (box.min, box.max) == (stepper.slider.min, stepper.slider.max)
    assert not box.continuous_update  # typing "11" does not visit step 1 on the way
    link = stepper.position_link
    assert isinstance(link, widgets.widget_link.Link)
    assert link.source == (box, "value") and link.target == (stepper.slider, "value")
    # What the browser does when the learner types 9 and presses Enter: the box's
    # value changes, the link sets the slider's, and the kernel redraws from it.
    box.value = stepper.slider.value = 9
    assert stepper.position == (2, 1)
    assert "step 10 of 12" in stepper.announcement.value
    assert "output[2, 1] = " in stepper.readout.value
    # The box refuses what lies outside the steps (the browser clamps the same way).
    box.value = 40
    assert box.value == 11


def test_slider_handle_leaves_the_keyboard_and_the_accessibility_tree():
    stepper = SlidingWindowStepper(np.zeros((3, 3)), np.ones((3, 3)))
    css = stepper.stylesheet.value
    assert css.startswith("<style>") and css.endswith("</style>")
    assert stepper.stylesheet.layout.display == "none"  # a <style> applies all the same
    assert ".cu-stepper .cu-stepper-slider .noUi-handle { visibility: hidden; }" in css
    assert "visibility: visible" in css  # its ::after draws the handle again
    assert stepper.slider.behavior == "drag-snap"  # click the track and drag on


def test_play_button_reads_pause_while_playing_and_pausing_keeps_the_position():
    stepper = SlidingWindowStepper(np.zeros((3, 3)), np.ones((3, 3)))
    stepper.slider.value = 4
    stepper.play_button.value = True  # what the browser's Play reports when it starts
    assert (stepper.play_button.description, stepper.play_button.icon) == ("pause", "pause")
    stepper.play.value = stepper.slider.value = 6  # two steps played (jslinked in the browser)
    stepper.play.playing = stepper.play_button.value = False  # pause
    assert (stepper.play_button.description, stepper.play_button.icon) == ("play", "play")
    assert stepper.slider.value == 6 and stepper.position == (2, 0)


def test_back_and_forward_buttons_step_and_stop_at_the_ends():
    stepper = SlidingWindowStepper(np.arange(12).reshape(3, 4), np.ones((3, 3)))
    stepper.back_button.click()
    assert stepper.slider.value == 0
    for expected in (*range(1, 12), 11):
        stepper.forward_button.click()
        assert stepper.slider.value == expected
    stepper.back_button.click()
    assert stepper.position == (2, 2)


def test_every_step_is_announced_in_a_live_region():
    """The announcement against hand-computed sums (reflect padding, 3×3 ones)."""
    image = np.arange(16).reshape(4, 4)
    stepper = SlidingWindowStepper(image, np.ones((3, 3)))
    # reflect: [0 0 1; 0 0 1; 4 4 5] sums to 15; inside at (1, 2): 1+2+3+5+6+7+9+10+11 = 54;
    # at (3, 3), rows 2,3,3 and columns 2,3,3: (10+11+11) + 2 * (14+15+15) = 120.
    for index, (row, col, total) in {0: (0, 0, 15), 6: (1, 2, 54), 15: (3, 3, 120)}.items():
        stepper.slider.value = index
        text = (f"step {index + 1} of 16: window centred on row {row}, column {col}; "
                f"sum of the 9 products = {total:.2f}; output[{row}, {col}] = {total:.2f}")
        assert stepper.announcement.value == (
            f'<div role="status" aria-live="polite" aria-atomic="true">{text}</div>')
    assert correlate(image, np.ones((3, 3)))[3, 3] == 120  # scipy's reflect agrees
    stepper.flip_toggle.value = True  # a symmetric kernel: same sum, announced again
    assert "step 16 of 16" in stepper.announcement.value


# Bad images, kernels, modes and flips: tests/test_validation.py (one table for every
# function that takes them). Here what only the widget refuses.
@pytest.mark.parametrize("kwargs, error, text", [
    ({"image": np.zeros((40, 40))}, ValueError, "image must be at most 32×32 pixels"),
    ({"interval": 0}, ValueError, "interval must be an integer of at least 10, got 0"),
])
def test_bad_input_is_refused_with_a_clear_message(kwargs, error, text):
    arguments = {"image": np.zeros((4, 4)), "kernel": np.ones((3, 3))} | kwargs
    with pytest.raises(error, match=re.escape(text)):
        SlidingWindowStepper(**arguments)
