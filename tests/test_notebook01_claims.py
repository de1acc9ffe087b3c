"""The claims notebook 01's prose makes (issue 19 §6), checked against the libraries.

- the border naming trap: scipy's 'reflect' is NumPy's 'symmetric' and OpenCV's
  BORDER_REFLECT; NumPy's 'reflect' is OpenCV's BORDER_REFLECT_101 and scipy's 'mirror';
- "full precision" is float64's about 16 significant digits;
- the stepper picture's readout shows 215 × 1/9 = 23.89 at the first step.
"""

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from scipy import ndimage

from course_utils import load_image
from course_utils.stepper import StepperRenderer, readout_grids

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01-hand-computing-a-blur.ipynb"


def prose() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def scipy_padding(row: np.ndarray, width: int, mode: str) -> np.ndarray:
    """The values scipy.ndimage puts beside ``row``, read through a kernel that picks them."""
    size = 2 * width + 1
    left, right = np.zeros((1, size)), np.zeros((1, size))
    left[0, 0], right[0, -1] = 1, 1  # picks the pixel `width` places to the left / right
    before = ndimage.correlate(row, left, mode=mode)[0, :width]
    after = ndimage.correlate(row, right, mode=mode)[0, -width:]
    return np.concatenate([before, row[0], after])


@pytest.mark.parametrize("width", [1, 2, 3])
def test_the_reflect_naming_trap(rng, width):
    row = rng.integers(0, 256, size=(1, 7)).astype(np.float64)
    widths = ((0, 0), (width, width))
    opencv = row.astype(np.float32)
    scipy_reflect = scipy_padding(row, width, "reflect")
    np.testing.assert_array_equal(scipy_reflect, np.pad(row, widths, mode="symmetric")[0])
    np.testing.assert_array_equal(scipy_reflect, cv2.copyMakeBorder(
        opencv, 0, 0, width, width, cv2.BORDER_REFLECT)[0])
    numpy_reflect = np.pad(row, widths, mode="reflect")[0]
    np.testing.assert_array_equal(numpy_reflect, cv2.copyMakeBorder(
        opencv, 0, 0, width, width, cv2.BORDER_REFLECT_101)[0])
    np.testing.assert_array_equal(numpy_reflect, scipy_padding(row, width, "mirror"))
    assert not np.array_equal(numpy_reflect, scipy_reflect)  # the trap: same word, two rules
    text = prose()
    assert "scipy's `'reflect'` repeats the edge pixel" in text
    assert "NumPy's `np.pad` calls that `'symmetric'` and OpenCV `BORDER_REFLECT`" in text
    assert "`BORDER_REFLECT_101`, the `cv2.filter2D` default, and scipy's `'mirror'`" in text


def test_full_precision_is_about_16_significant_digits():
    digits = -np.log10(np.finfo(np.float64).eps)
    assert 15.5 < digits < 16.5
    assert len(repr(26 / 9).replace(".", "")) == 16
    assert "keeps about 16 significant digits" in prose()


def test_the_first_steps_readout_shows_215_times_one_ninth():
    crop = load_image("camera")[150:162, 250:262]  # the notebook's crop
    renderer = StepperRenderer(crop, np.full((3, 3), 1 / 9))
    grids = readout_grids(renderer.window(0), renderer.number_format())
    assert (grids["window"][0][0], grids["kernel"][0][0], grids["products"][0][0]) == (
        "215", "1/9", "23.89")
    assert "215 × 1/9 = 23.89" in prose()
