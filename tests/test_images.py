"""load_image: the shipped pictures, by name, with credits."""

import numpy as np
import pytest

from course_utils import IMAGES_DIR, available_images, load_image


def test_at_least_three_pictures_with_credits():
    names = available_images()
    assert len(names) >= 3
    credits = (IMAGES_DIR / "CREDITS.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}." in credits, f"{name} has no entry in images/CREDITS.md"


@pytest.mark.parametrize("name", available_images())
def test_every_picture_loads_in_colour_and_gray(name):
    image = load_image(name)
    assert image.dtype == np.uint8 and image.ndim in (2, 3)
    gray = load_image(name, gray=True)
    assert gray.ndim == 2 and gray.shape == image.shape[:2]
    assert load_image(f"{name}.png").shape == image.shape


def test_colour_comes_back_as_rgb():
    import skimage.data

    np.testing.assert_array_equal(load_image("astronaut"), skimage.data.astronaut())
    np.testing.assert_array_equal(load_image("camera"), skimage.data.camera())
