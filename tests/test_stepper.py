"""The stepper's pure core: step numbering, readout, frames."""

import io
import re

import numpy as np
import pytest
from conftest import MODES, random_image, scipy_answer
from PIL import Image

from course_utils import KERNEL_BANK, correlate, load_image, pad, window_at
from course_utils.stepper import (
    MAX_STEPPER_SIDE,
    StepperModel,
    StepperRenderer,
    footer_lines,
    index_to_position,
    output_decimals,
    output_label,
    position_to_index,
    readout_grids,
    readout_html,
    render_steps,
    step_count,
    truncated_text,
)
from course_utils.widgets import SlidingWindowStepper


def inner(frame, box, margin=5):
    """The inside of a cell, away from grid lines and outlines."""
    x0, y0, x1, y1 = box
    return frame[y0 + margin:y1 - margin + 1, x0 + margin:x1 - margin + 1]


@pytest.mark.parametrize("shape", [(1, 1), (3, 4), (5, 2), (16, 16)])
def test_index_and_position_are_row_major_inverses(shape):
    rows, cols = shape
    indices = range(step_count(shape))
    positions = [index_to_position(i, shape) for i in indices]
    assert positions == list(np.ndindex(rows, cols))  # row-major, first to last
    assert [position_to_index(r, c, shape) for r, c in positions] == list(indices)


@pytest.mark.parametrize("bad, error, text", [
    (-1, ValueError, "index must be an integer from 0 to 11, got -1"),
    (12, ValueError, "got 12"),
    (1.0, TypeError, "index must be an integer, got 1.0"),
    (True, TypeError, "got True"),
])
def test_index_to_position_rejects_bad_index(bad, error, text):
    with pytest.raises(error, match=re.escape(text)):
        index_to_position(bad, (3, 4))


def test_position_to_index_rejects_bad_position():
    with pytest.raises(ValueError, match=re.escape("row must be an integer from 0 to 2, got 3")):
        position_to_index(3, 0, (3, 4))
    with pytest.raises(TypeError, match="col must be an integer"):
        position_to_index(0, 1.5, (3, 4))


@pytest.mark.parametrize("flip", [False, True])
def test_readout_grids_are_the_windows_numbers(rng, flip):
    image = random_image(rng, (6, 7), np.uint8)
    kernel = rng.normal(size=(3, 5))
    for row, col in [(0, 0), (2, 3), (5, 6)]:
        w = window_at(image, kernel, row, col, mode="wrap", flip=flip)
        grids = readout_grids(w)
        for name, decimals in (("window", 2), ("kernel", 3), ("products", 2)):
            shown = np.array(grids[name], dtype=float)
            np.testing.assert_allclose(shown, getattr(w, name), atol=0.5 * 10**-decimals)
        assert grids["from_padding"] == w.from_padding.tolist()
        assert grids["sum"] == f"{w.value:.2f}"
        assert grids["label"] == f"output[{row}, {col}] = {w.value:.2f}" == output_label(w)
        assert grids["flip"] is flip


def test_readout_html_shows_label_padding_and_kind():
    image = np.arange(20).reshape(4, 5)
    w = window_at(image, KERNEL_BANK["sobel_x"], 0, 4, mode="nearest", flip=True)
    text = readout_html(w, "nearest")
    assert output_label(w) in text
    assert text.count("background:#ffd9a8;") == int(w.from_padding.sum()) == 5
    assert "rotated 180°" in text and "'nearest'" in text
    inside = window_at(image, KERNEL_BANK["sobel_x"], 1, 1)
    assert "from padding" not in readout_html(inside) and "(correlation)" in readout_html(inside)


def test_the_lessons_example_in_the_readout():
    region = [[93, 139, 101], [26, 252, 196], [135, 230, 18]]
    w = window_at(region, np.full((3, 3), 1 / 9), 1, 1)
    assert output_label(w) == f"output[1, 1] = {1190 / 9:.2f}"


@pytest.fixture
def renderer(rng):
    return StepperRenderer(random_image(rng, (5, 6), np.uint8), KERNEL_BANK["sobel_x"],
                           mode="reflect")


def test_frames_have_a_stable_size_and_change_every_step(renderer):
    frames = [renderer.frame(i) for i in range(renderer.steps)]
    assert {f.shape for f in frames} == {(renderer.height, renderer.width, 3)}
    assert all(f.dtype == np.uint8 for f in frames)
    for before, after in zip(frames, frames[1:], strict=False):
        assert np.any(before != after)


def test_png_decodes_to_the_frame(renderer):
    for index in (0, 7, renderer.steps - 1):
        png = renderer.png(index, flip=True)
        decoded = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        np.testing.assert_array_equal(decoded, renderer.frame(index, flip=True))
        assert png == renderer.png(index, flip=True)  # deterministic


def test_padding_is_drawn_differently_from_the_same_value_inside():
    # A flat image padded with its own value: only the drawing can tell padding apart.
    r = StepperRenderer(np.full((4, 4), 100), np.ones((3, 3)), mode="constant", cval=100)
    frame = r.frame(15)  # the window is far from the top-left corner
    padding = inner(frame, r.cell_box("input", 0, 0), margin=3)
    inside = inner(frame, r.cell_box("input", 1, 1), margin=3)
    other_inside = inner(frame, r.cell_box("input", 2, 2), margin=3)
    np.testing.assert_array_equal(inside, other_inside)
    assert np.abs(padding.astype(int) - inside.astype(int)).max() > 40
    # Every padding cell looks alike, and unlike the inside.
    np.testing.assert_array_equal(padding, inner(frame, r.cell_box("input", 5, 3), margin=3))


def test_output_fills_in_up_to_the_current_step(renderer):
    rows, cols = renderer.shape
    first, last = renderer.frame(0), renderer.frame(renderer.steps - 1)
    for step in (3, 14, 20):
        frame = renderer.frame(step)
        for j in range(renderer.steps):
            box = renderer.cell_box("output", *index_to_position(j, renderer.shape))
            reference = last if j <= step else first
            np.testing.assert_array_equal(inner(frame, box), inner(reference, box))
        empty = inner(first, renderer.cell_box("output", rows - 1, cols - 1))
        filled = inner(last, renderer.cell_box("output", rows - 1, cols - 1))
        assert np.any(empty != filled)


def test_window_outline_follows_the_position(renderer):
    red = np.array([214, 39, 40])
    for index in (0, 8, renderer.steps - 1):
        frame = renderer.frame(index)
        row, col = renderer.position(index)
        x0, y0, _, _ = renderer.cell_box("input", row, col)  # window's top-left, padded coords
        _, _, x1, y1 = renderer.cell_box("input", row + 2, col + 2)
        assert np.all(frame[y0, x0:x1] == red) and np.all(frame[y0:y1, x1] == red)
        # The output pixel being written is outlined too.
        ox0, oy0, ox1, _ = renderer.cell_box("output", row, col)
        assert np.all(frame[oy0, ox0:ox1] == red)


def test_flip_draws_the_rotated_kernel(renderer):
    plain, flipped = renderer.frame(4), renderer.frame(4, flip=True)
    left = renderer.cell_box("kernel", 1, 0)
    right = renderer.cell_box("kernel", 1, 2)
    # sobel_x has -2 on the left and 2 on the right; flipped they swap places.
    np.testing.assert_array_equal(inner(plain, left, 1), inner(flipped, right, 1))
    np.testing.assert_array_equal(inner(plain, right, 1), inner(flipped, left, 1))
    assert np.any(inner(plain, left, 1) != inner(plain, right, 1))


@pytest.mark.parametrize("mode", MODES)
def test_renderer_window_is_window_at(rng, mode):
    image = random_image(rng, (4, 5), np.float64)
    kernel = rng.normal(size=(3, 3))
    r = StepperRenderer(image, kernel, mode=mode, cval=3.0)
    expected = scipy_answer(image, kernel, mode, cval=3.0)
    for index in range(r.steps):
        w = r.window(index)
        assert (w.row, w.col) == index_to_position(index, image.shape)
        assert w.value == pytest.approx(expected[w.row, w.col], abs=1e-9)


def test_render_steps_stacks_the_renderers_frames(rng):
    image = random_image(rng, (4, 4), np.uint8)
    kernel = KERNEL_BANK["emboss"]
    stacked = render_steps(image, kernel, [2, 9], mode="mirror", flip=True)
    r = StepperRenderer(image, kernel, mode="mirror")
    np.testing.assert_array_equal(stacked[:r.height], r.frame(2, flip=True))
    np.testing.assert_array_equal(stacked[-r.height:], r.frame(9, flip=True))
    with pytest.raises(ValueError, match="indices must name at least one step"):
        render_steps(image, kernel, [])
    with pytest.raises(ValueError, match="index must be an integer from 0 to 15, got 16"):
        render_steps(image, kernel, [16])


# Bad images, kernels, modes and fill values: tests/test_validation.py (one table for every
# function that takes them). Here what only the stepper refuses.
@pytest.mark.parametrize("image, kernel, kwargs, error, text", [
    (np.zeros((MAX_STEPPER_SIDE + 1, 4)), np.ones((3, 3)), {}, ValueError,
     f"image must be at most {MAX_STEPPER_SIDE}×{MAX_STEPPER_SIDE} pixels"),
    (np.zeros((4, 4)), np.ones((3, 3)), {"cell": 2}, ValueError,
     "cell must be an integer of at least 8, got 2"),
])
def test_renderer_rejects_bad_input(image, kernel, kwargs, error, text):
    with pytest.raises(error, match=re.escape(text)):
        StepperRenderer(image, kernel, **kwargs)


def test_truncated_text_cuts_towards_zero(rng):
    values = np.concatenate([rng.uniform(-300, 300, 200), [213.89, 175.78, -0.4, 2.3, 132.0]])
    for decimals in (0, 1, 2):
        scale = 10**decimals
        for value in values:
            shown = float(truncated_text(value, decimals))
            assert shown == pytest.approx(np.trunc(round(value * scale, 6)) / scale, abs=1e-12)
            assert abs(shown) <= abs(value) + 1e-9


def test_output_cells_show_truncated_values_never_rounded(rng):
    # The lesson's uint8 output truncates; the stepper's output panel must agree.
    region = load_image("camera")[150:162, 250:262]
    r = StepperRenderer(region, np.full((3, 3), 1 / 9))
    values = correlate(region, np.full((3, 3), 1 / 9))
    texts = r.output_texts()
    assert output_decimals(values) == 0
    for (row, col), value in np.ndenumerate(values):
        assert texts[row][col] == [str(int(value))], (row, col, value)
    # Small values keep decimals; every fallback text is a truncation too.
    image = random_image(rng, (5, 6), np.float64) / 100
    small = StepperRenderer(image, KERNEL_BANK["sobel_x"])
    for flip in (False, True):
        for options, value in zip(sum(small.output_texts(flip), []),
                                  small.output_values(flip).ravel(), strict=True):
            assert all(abs(float(t)) <= abs(value) + 1e-9 for t in options)
            assert float(options[-1]) == np.trunc(value)


def test_kernel_cells_fit_the_readouts_kernel_texts():
    # 0.123 × 200 = 24.60 would not give the product 24.69: the kernel takes 5 decimals.
    r = StepperRenderer(np.full((6, 6), 200), np.full((3, 3), 0.1234567), cell=20)
    x0, _, x1, _ = r.cell_box("kernel", 0, 0)
    assert x1 - x0 == r.kernel_cell > r.cell
    assert readout_grids(r.window(0), r.number_format())["kernel"][0][0] == "0.12346"


def test_footer_says_how_output_cells_are_written():
    assert "truncated to whole numbers, not rounded" in footer_lines(0, False)[0]
    assert "1 decimal," in footer_lines(1, True)[0]
    assert "red > 0, blue < 0" in footer_lines(0, True)[1]
    assert "output: grey level" in footer_lines(0, False)[1]


# --------------------------------------------------------------------------- the pure model


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kernel_shape", [(1, 1), (3, 3), (3, 5), (5, 3)])
def test_model_is_window_at_exactly_at_every_step(rng, mode, kernel_shape):
    image = random_image(rng, (6, 7), np.float64)
    kernel = rng.normal(size=kernel_shape)
    model = StepperModel(image, kernel, mode=mode, cval=2.5)
    for flip in (False, True):
        for index in range(model.steps):
            row, col = model.position(index)
            expected = window_at(image, kernel, row, col, mode=mode, cval=2.5, flip=flip)
            got = model.window(index, flip)
            assert got.value == expected.value  # the same sum, bit for bit
            for field in ("window", "kernel", "products", "from_padding"):
                np.testing.assert_array_equal(getattr(got, field), getattr(expected, field))
            assert (got.row, got.col, got.flip) == (expected.row, expected.col, flip)
        reference = scipy_answer(image, kernel, mode, cval=2.5, flip=flip)
        np.testing.assert_allclose(model.values(flip), reference, atol=1e-9)


def test_model_padded_image_and_its_mask():
    image = np.arange(18.0).reshape(3, 6)
    model = StepperModel(image, np.ones((3, 5)), mode="constant", cval=-1)
    np.testing.assert_array_equal(model.padded, pad(image, (3, 5), "constant", -1))
    assert model.from_padding.shape == (5, 10) and model.from_padding.sum() == 5 * 10 - 18
    np.testing.assert_array_equal(model.padded[~model.from_padding].reshape(3, 6), image)


def test_model_computes_each_thing_once(rng):
    model = StepperModel(random_image(rng, (5, 5), np.uint8), KERNEL_BANK["sharpen"])
    for flip in (False, True):
        assert model.values(flip) is model.values(flip)
        assert model.products(flip) is model.products(flip)
        assert model.output_texts(flip) is model.output_texts(flip)
    window = model.window(3, False)
    window.window[:] = -1  # a learner editing what they got does not change the model
    assert model.window(3, False).window.min() >= 0


def test_renderer_window_and_widget_readout_come_from_the_model(rng):
    r = StepperRenderer(random_image(rng, (4, 4), np.uint8), KERNEL_BANK["emboss"])
    assert r.model.values(True)[1, 2] == r.window(6, flip=True).value
    assert r.model.header(6, True) == (f"position 6 (0 to 15): output[1, 2] = "
                                       f"{r.window(6, True).value:.2f}   (convolution)")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_nan_or_infinite_image_is_refused_at_the_boundary(bad):
    # Issue 10: used to fail deep inside with "cannot convert float NaN to integer".
    image = np.zeros((4, 4))
    image[1, 2] = bad
    with pytest.raises(ValueError, match="image must hold finite numbers only for the stepper"):
        StepperRenderer(image, np.ones((3, 3)))
    with pytest.raises(ValueError, match="image must hold finite numbers only"):
        SlidingWindowStepper(image, np.ones((3, 3)))


def test_an_output_that_overflows_is_refused_with_its_position():
    image = np.full((4, 4), 1e308)  # finite, but nine of them add up beyond float64
    with pytest.raises(ValueError, match=re.escape("the output overflows float64 (about 1.8e308) "
                                                   "at output[0, 0] = inf")):
        StepperRenderer(image, np.ones((3, 3)))
    with pytest.raises(ValueError, match="overflows float64"):
        SlidingWindowStepper(image, np.ones((3, 3)))
    # Large but finite outputs are drawn, and the header is measured wide enough for them.
    big = StepperRenderer(np.full((4, 4), 1e300), np.ones((3, 3)))
    assert big.frame(0).shape == (big.height, big.width, 3)


def test_flip_must_be_a_bool_everywhere():
    r = StepperRenderer(np.zeros((3, 3)), np.ones((3, 3)))
    for call in (lambda: r.frame(0, flip="False"), lambda: r.png(0, flip=1),
                 lambda: r.window(0, flip="no"), lambda: render_steps(np.zeros((3, 3)),
                                                                    np.ones((3, 3)), [0],
                                                                    flip="yes")):
        with pytest.raises(TypeError, match="flip must be True or False"):
            call()


def test_layout_keeps_panels_apart_and_inside_the_frame(rng):
    for shape, kernel_shape in (((4, 4), (3, 3)), ((12, 12), (5, 5)), ((32, 32), (3, 3)),
                                ((1, 1), (1, 1))):
        r = StepperRenderer(random_image(rng, shape, np.uint8), np.ones(kernel_shape))
        layout = r.drawing.layout
        padded_rows, padded_cols = r.model.padded.shape
        right_of_input = r.cell_box("input", padded_rows - 1, padded_cols - 1)[2]
        assert right_of_input < r.cell_box("kernel", 0, 0)[0]
        assert r.cell_box("kernel", 0, kernel_shape[1] - 1)[2] < r.cell_box("output", 0, 0)[0]
        assert r.cell_box("output", shape[0] - 1, shape[1] - 1)[2] < layout.width
        assert max(r.cell_box("input", padded_rows - 1, 0)[3],
                   r.cell_box("kernel", kernel_shape[0] - 1, 0)[3]) < layout.footer_top
        assert layout.footer_top < layout.height


# --------------------------------------------------------------------------- non-square kernels
# Where the drawing puts things, worked out by hand from the frame's geometry, never asked of
# the layout: with cell=20 the padded image's top-left corner is at x = 10 (the margin),
# y = 46 (26 of header + 20 of captions). A 3×5 kernel on a 5×6 image pads 1 row and 2 columns
# on each side (a 7×10 padded image), a 5×3 kernel 2 rows and 1 column (9×8). The window of
# output[row, col] covers padded rows row..row+k_rows-1 and columns col..col+k_cols-1, so its
# cells span x = 10 + 20*col .. 10 + 20*(col+k_cols) and y = 46 + 20*row .. 46 + 20*(row+k_rows);
# the red outline (3 px) lies one pixel outside them. The output panel is found in the picture
# itself: the pale grey of its not-yet-computed cells.

RED = (214, 39, 40)
EMPTY = (246, 246, 246)
CELL, LEFT, TOP = 20, 10, 46


def bounding_box(mask):
    """(x0, y0, x1, y1) of the True pixels of a 2-D mask, edges included."""
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def is_colour(frame, rgb):
    return np.all(frame == np.array(rgb, dtype=np.uint8), axis=-1)


def output_panel_corner(renderer, padded_right):
    """The output panel's top-left grid corner, read off the picture: the pixels right of
    the padded panel (``padded_right``) and below the header that are pale grey in the first
    frame, when no output but output[0, 0] is computed, and change by the last, when all
    are. The pale grey fills each cell inside its one-pixel grid line, so their bounding
    box is the panel's, one pixel in (6 columns and 5 rows of 20 pixels)."""
    first, last = renderer.frame(0), renderer.frame(renderer.steps - 1)
    mask = is_colour(first, EMPTY) & np.any(first != last, axis=-1)
    mask[:TOP], mask[:, :padded_right + 1] = False, False
    x0, y0, x1, y1 = bounding_box(mask)
    assert (x1 - x0, y1 - y0) == (6 * CELL - 2, 5 * CELL - 2)
    return x0 - 1, y0 - 1


# Steps of a 5×6 output, row-major: index = 6*row + col.
NON_SQUARE_STEPS = [(0, (0, 0)), (8, (1, 2)), (17, (2, 5)), (24, (4, 0)), (29, (4, 5))]


@pytest.mark.parametrize("kernel_shape, padded_shape", [((3, 5), (7, 10)), ((5, 3), (9, 8)),
                                                        ((1, 3), (5, 8)), ((3, 1), (7, 6))])
def test_window_outline_has_the_kernels_shape_and_place(rng, kernel_shape, padded_shape):
    k_rows, k_cols = kernel_shape
    image = random_image(rng, (5, 6), np.uint8)
    r = StepperRenderer(image, rng.normal(size=kernel_shape), mode="reflect", cell=CELL)
    padded_right = LEFT + padded_shape[1] * CELL
    out_left, out_top = output_panel_corner(r, padded_right)
    for index, (row, col) in NON_SQUARE_STEPS:
        red = is_colour(r.frame(index), RED)
        left_part, right_part = red.copy(), red.copy()
        left_part[:, out_left - 1:], right_part[:, :out_left - 1] = False, False
        # In the padded panel (everything left of the output panel): the window's outline.
        x0, y0, x1, y1 = (LEFT + CELL * col - 1, TOP + CELL * row - 1,
                          LEFT + CELL * (col + k_cols) + 1, TOP + CELL * (row + k_rows) + 1)
        assert bounding_box(left_part) == (x0, y0, x1, y1), (index, kernel_shape)
        # 3 pixels thick on every side, hollow inside.
        for side in (red[y0:y0 + 3, x0:x1 + 1], red[y1 - 2:y1 + 1, x0:x1 + 1],
                     red[y0:y1 + 1, x0:x0 + 3], red[y0:y1 + 1, x1 - 2:x1 + 1]):
            assert side.all(), (index, kernel_shape)
        assert not red[y0 + 3:y1 - 2, x0 + 3:x1 - 2].any()
        # In the output panel: one cell, output[row, col].
        assert bounding_box(right_part) == (out_left + CELL * col - 1, out_top + CELL * row - 1,
                                            out_left + CELL * (col + 1) + 1,
                                            out_top + CELL * (row + 1) + 1), index


@pytest.mark.parametrize("kernel_shape, pad_rows, pad_cols", [((3, 5), 1, 2), ((5, 3), 2, 1)])
def test_padding_shading_covers_exactly_the_padded_cells(rng, kernel_shape, pad_rows, pad_cols):
    image = rng.integers(60, 200, size=(5, 6)).astype(np.uint8)
    r = StepperRenderer(image, np.ones(kernel_shape), mode="wrap", cell=CELL)
    frame = r.frame(0).astype(int)
    rows, cols = 5 + 2 * pad_rows, 6 + 2 * pad_cols
    expected = np.ones((rows, cols), dtype=bool)
    expected[pad_rows:pad_rows + 5, pad_cols:pad_cols + 6] = False
    tinted = np.zeros_like(expected)
    for row, col in np.ndindex(rows, cols):
        x, y = LEFT + CELL * col, TOP + CELL * row
        pixels = frame[y + 4:y + CELL - 3, x + 4:x + CELL - 3]   # inside the cell's grid line
        red_minus_blue = np.median(pixels[..., 0] - pixels[..., 2])
        tinted[row, col] = red_minus_blue > 40                   # orange: red well over blue
        if not tinted[row, col]:
            assert red_minus_blue == 0, (row, col)                  # plain grey
    np.testing.assert_array_equal(tinted, expected)
    # The blue edge of the real image: around padded rows pad_rows.. and columns pad_cols..
    blue = is_colour(r.frame(0), (31, 119, 180))
    assert bounding_box(blue) == (LEFT + CELL * pad_cols, TOP + CELL * pad_rows,
                                  LEFT + CELL * (pad_cols + 6), TOP + CELL * (pad_rows + 5))


def number_after(text, label):
    """The position and the value of ``output[r, c] = v`` in ``text``, and v's decimals."""
    match = re.search(rf"{re.escape(label)} = (-?\d+(?:\.(\d+))?)", text)
    assert match, (label, text)
    return float(match.group(1)), len(match.group(2) or "")


@pytest.mark.parametrize("kernel_shape", [(3, 5), (5, 3)])
@pytest.mark.parametrize("flip", [False, True])
def test_readout_names_the_position_and_scipys_value(rng, kernel_shape, flip):
    import scipy.ndimage as ndi

    image = random_image(rng, (5, 6), np.uint8)
    kernel = rng.normal(size=kernel_shape)
    r = StepperRenderer(image, kernel, mode="nearest")
    applied = kernel[::-1, ::-1] if flip else kernel
    expected = ndi.correlate(image.astype(float), applied, mode="nearest")
    padded = np.pad(image, [(kernel_shape[0] // 2,) * 2, (kernel_shape[1] // 2,) * 2], mode="edge")
    for index, (row, col) in NON_SQUARE_STEPS:
        w = r.window(index, flip)
        label = f"output[{row}, {col}]"
        header = r.model.header(index, flip)
        assert header.startswith(f"position {index} (0 to 29): {label} = "), header
        for text in (header, output_label(w)):
            value, decimals = number_after(text, label)
            assert abs(value - expected[row, col]) <= 10.0**-decimals, (text, expected[row, col])
        grids = readout_grids(w)
        window = padded[row:row + kernel_shape[0], col:col + kernel_shape[1]]
        np.testing.assert_allclose(np.asarray(grids["window"], dtype=float), window, atol=0.01)
        np.testing.assert_allclose(np.asarray(grids["kernel"], dtype=float), applied, atol=1e-3)
