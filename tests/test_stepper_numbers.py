"""The stepper's numbers add up on screen (issue 19 §7).

The readout shows window × kernel = products. Read back as a learner reads them
(the rendered strings, fractions included), every shown pixel times its shown
kernel entry gives the shown product to its last decimal; each table keeps one
number format; the static pictures carry the readout; the hatching of padded
cells never crosses their numbers.
"""

import re
from fractions import Fraction

import matplotlib
import numpy as np
import pytest
from conftest import random_image
from scipy import ndimage

from course_utils import KERNEL_BANK, load_image, window_at
from course_utils.stepper import (
    StepperRenderer,
    readout_grids,
    readout_html,
    render_steps,
    show_stepper_steps,
)
from course_utils.widgets import SlidingWindowStepper

matplotlib.use("Agg")

BOX = np.full((3, 3), 1 / 9)
GAUSSIAN = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16
KERNELS = {
    "box 1/9": BOX,
    "gaussian 1/16": GAUSSIAN,
    "sharpen": KERNEL_BANK["sharpen"],
    "sobel_x": KERNEL_BANK["sobel_x"],
    "emboss": KERNEL_BANK["emboss"],
    "small_blur 1/49": KERNEL_BANK["small_blur"],
    "box 3×5": np.full((3, 5), 1 / 15),
    "random": np.random.default_rng(19).normal(size=(3, 3)),
}


def crop():
    """The notebook 01 patch: a corner of the camera's body, 12×12 uint8."""
    return load_image("camera")[150:162, 250:262]


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def table_format(texts) -> set:
    """What kind of number each text of a table is: 'fraction', or its count of decimals."""
    return {"fraction" if "/" in t else decimals(t) for row in texts for t in row}


def assert_numbers_add_up(grids, window):
    """Shown pixel × shown kernel entry == shown product, to the product's last decimal."""
    for r, row in enumerate(grids["products"]):
        for c, product in enumerate(row):
            pixel, entry = Fraction(grids["window"][r][c]), Fraction(grids["kernel"][r][c])
            half_unit = Fraction(1, 2 * 10 ** decimals(product))
            assert abs(pixel * entry - Fraction(product)) <= half_unit, (
                f"{grids['window'][r][c]} × {grids['kernel'][r][c]} is not {product}")
            # and the shown product is the real one, rounded
            assert abs(Fraction(product) - Fraction(float(window.products[r, c]))) \
                <= half_unit + Fraction(1, 10 ** 9)


@pytest.mark.parametrize("name", list(KERNELS))
@pytest.mark.parametrize("flip", [False, True])
def test_shown_pixel_times_shown_kernel_is_the_shown_product(name, flip):
    kernel = KERNELS[name]
    image = crop()
    renderer = StepperRenderer(image, kernel, mode="reflect")
    number_format = renderer.number_format(flip)
    for index in range(0, renderer.steps, 7):
        window = renderer.window(index, flip)
        for grids in (readout_grids(window, number_format), readout_grids(window)):
            assert_numbers_add_up(grids, window)
            for table in ("window", "kernel", "products"):
                assert len(table_format(grids[table])) == 1, (table, grids[table])
        # The sum is the real output pixel (scipy computes it).
        reference = ndimage.correlate(image.astype(float), kernel[::-1, ::-1] if flip
                                      else kernel, mode="reflect")
        assert readout_grids(window, number_format)["sum"] == \
            f"{reference[window.row, window.col]:.2f}"


def test_the_box_blur_is_shown_as_ninths_and_a_whole_product_keeps_the_decimals():
    image = crop()
    renderer = StepperRenderer(image, BOX)
    row, col = 3, 5  # window of 216s and 217s: products 24 and 24.11
    window = renderer.window(row * image.shape[1] + col)
    grids = readout_grids(window, renderer.number_format())
    assert {t for r in grids["kernel"] for t in r} == {"1/9"}
    texts = [t for r in grids["products"] for t in r]
    assert "24.00" in texts and "24" not in texts and all(decimals(t) == 2 for t in texts)
    assert "0.111" not in readout_html(window, "reflect", renderer.number_format())


def test_the_widgets_readout_shows_fractions_and_one_format():
    stepper = SlidingWindowStepper(crop(), GAUSSIAN)
    stepper.slider.value = 40
    cells = re.findall(r">([^<>]+)</td>", stepper.readout.value)
    assert "4/16" in cells and "2/16" in cells and "0.250" not in cells
    products = cells[-9:]
    assert len({decimals(t) for t in products}) == 1


def test_a_float_image_and_a_random_kernel_get_enough_digits(rng):
    image = random_image(rng, (6, 7), np.float64) / 7
    kernel = rng.normal(size=(3, 5))
    renderer = StepperRenderer(image, kernel, mode="wrap")
    for flip in (False, True):
        for index in range(renderer.steps):
            window = renderer.window(index, flip)
            assert_numbers_add_up(readout_grids(window, renderer.number_format(flip)), window)


def test_the_lessons_example_adds_up():
    region = np.array([[93, 139, 101], [26, 252, 196], [135, 230, 18]])
    grids = readout_grids(window_at(region, BOX, 1, 1))
    assert grids["kernel"] == [["1/9"] * 3] * 3
    assert grids["products"][1] == ["2.89", "28.00", "21.78"]  # 28 beside 2.89: 28.00


# --------------------------------------------------------------------------- the pictures


def test_static_pictures_carry_the_readout():
    image, kernel = crop(), BOX
    renderer = StepperRenderer(image, kernel)
    bare = render_steps(image, kernel, [33])
    told = render_steps(image, kernel, [33], readout=True)
    assert told.shape[0] > bare.shape[0]
    np.testing.assert_array_equal(told[:bare.shape[0], :bare.shape[1]], bare)
    below = told[bare.shape[0]:]
    np.testing.assert_array_equal(below[:, :renderer.drawing.readout(33, False).shape[1]],
                                  renderer.drawing.readout(33, False))
    assert (below < 128).any()  # text is written
    # Two steps with different products have different readouts.
    assert not np.array_equal(renderer.drawing.readout(33, False),
                              renderer.drawing.readout(34, False))
    # show_stepper_steps (what the notebooks call) shows exactly these pictures.
    ax = show_stepper_steps(image, kernel, [33])
    np.testing.assert_array_equal(ax.get_images()[0].get_array(), told)
    ax = show_stepper_steps(image, kernel, [33], readout=False)
    np.testing.assert_array_equal(ax.get_images()[0].get_array(), bare)


HATCH = np.array([190, 100, 0])


@pytest.mark.parametrize("cell", [16, 22, 30])
def test_hatching_never_crosses_a_number(cell):
    renderer = StepperRenderer(crop(), np.ones((5, 5)) / 25, mode="mirror", cell=cell)
    frame = renderer.frame(6 * 12 + 6).astype(int)  # the window far from the padding
    padded = renderer.model.from_padding
    checked = 0
    for r, c in zip(*np.nonzero(padded), strict=True):
        x0, y0, x1, y1 = renderer.cell_box("input", r, c)
        inside = frame[y0 + 1:y1, x0 + 1:x1]
        is_hatch = np.all(inside == HATCH, axis=-1)
        assert is_hatch.any(), "the padded cell is hatched"
        colours, counts = np.unique(inside[~is_hatch].reshape(-1, 3), axis=0,
                                    return_counts=True)
        background = colours[counts.argmax()]
        ink = (np.abs(inside - background).sum(axis=-1) > 60) & ~is_hatch
        rows, cols = np.nonzero(ink)
        assert rows.size, "the padded cell shows its number"
        # Two pixels of clear space around the number's ink, on every side.
        top, bottom = max(rows.min() - 2, 0), rows.max() + 3
        left, right = max(cols.min() - 2, 0), cols.max() + 3
        assert not is_hatch[top:bottom, left:right].any(), (r, c)
        checked += 1
    assert checked == padded.sum()
