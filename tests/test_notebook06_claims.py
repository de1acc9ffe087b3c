"""The numbers notebook 06 prints and its prose states about the box's swapped stripes and
about what a blur does to the relations between colour channels, computed here
independently (issue 20 §5).

The stripes: a 21×21 box on vertical stripes is a 21-tap moving average along each row, so
the contrast is computed on one period of the 1-D profile with a circular mean, without
``correlate``. The channels: Pearson's correlation written out (means, products, square
roots), and the blur by ``scipy.ndimage.uniform_filter``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import scipy.ndimage as ndi

from course_utils import load_image

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "06-the-kernel-bank.ipynb"


@pytest.fixture(scope="module")
def cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def _cell(cells, words: str):
    return next(cell for cell in cells if words in cell.source)


def _printed(cell) -> str:
    return "".join(output.get("text", "") for output in cell.outputs)


def box_contrast(width: int, period: int) -> float:
    """What a width-wide box leaves of stripes of ``period`` pixels (200 bright, 50 dark):
    1 untouched, 0 flat grey, below 0 swapped. A moving average over a periodic row."""
    columns = np.arange(width * period)                 # whole periods, any width
    bright = (columns % period) < period / 2
    row = np.where(bright, 200.0, 50.0)
    half = width // 2
    averaged = np.array([np.take(row, range(c - half, c + half + 1), mode="wrap").mean()
                         for c in range(row.size)])
    sign = np.where(bright, 1.0, -1.0)
    return float(((averaged - averaged.mean()) * sign).sum() / (75.0 * sign.size))


def test_the_21_box_swaps_periods_4_and_6_too(cells):
    swapped = [p for p in range(3, 43) if box_contrast(21, p) < -0.005]
    assert swapped[:2] == [4, 6]          # the fine stripes the prose names
    assert 5 not in swapped and not set(range(7, 11)) & set(swapped)
    assert set(range(11, 21)) <= set(swapped) and max(swapped) == 20
    code = _cell(cells, "periods = [")
    shown = [int(p) for p in re.search(r"periods = \[([^\]]*)\]", code.source)[1].split(",")]
    printed = re.search(r"for periods \[([^\]]*)\]", _printed(code))[1]
    assert [int(p) for p in printed.split(",")] == [p for p in shown if p in swapped]
    prose = _cell(cells, "Why big box blurs look blocky").source
    assert "periods 4 and 6" in prose and shown[:2] == [4, 6]


def _correlations(image: np.ndarray) -> list[float]:
    """Pearson's r of each pair of channels (red-green, red-blue, green-blue)."""
    pixels = image.reshape(-1, 3).astype(np.float64)
    centred = pixels - pixels.mean(axis=0)
    out = []
    for a, b in ((0, 1), (0, 2), (1, 2)):
        out.append(float((centred[:, a] * centred[:, b]).sum()
                         / np.sqrt((centred[:, a] ** 2).sum() * (centred[:, b] ** 2).sum())))
    return out


def test_a_blur_raises_the_correlation_of_independent_noise_between_channels(cells):
    colour = load_image("coffee")
    noisy = colour + np.random.default_rng(6).normal(0, 40, size=colour.shape)

    def blur(image):   # the 7×7 box per channel, scipy's 'reflect' as correlate's default
        return ndi.uniform_filter(image.astype(np.float64), size=(7, 7, 1), mode="reflect")

    clean, clean_blurred = _correlations(colour), _correlations(blur(colour))
    before, after = _correlations(noisy), _correlations(blur(noisy))
    assert max(abs(b - a) for a, b in zip(clean, clean_blurred, strict=True)) < 0.01
    rises = [b - a for a, b in zip(before, after, strict=True)]
    assert min(rises) > 0.2                  # every pair, by far more than rounding
    printed = _printed(_cell(cells, "def channel_correlations"))
    assert "by less than 0.01: True" in printed
    low, high = (float(v) for v in re.search(r"by (\S+) to (\S+)$", printed.strip())
                 .groups())
    assert (low, high) == (round(min(rises), 2), round(max(rises), 2))
    table = [line.split()[-3:] for line in printed.splitlines()[2:6]]
    measured = [clean, clean_blurred, before, after]
    assert [[float(v) for v in row] for row in table] == [
        [round(v, 2) for v in values] for values in measured]
    prose = _cell(cells, "What differs is what each kernel does to colour").source
    assert "stay as they were" not in prose and "**rises**" in prose
