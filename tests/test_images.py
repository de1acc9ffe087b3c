"""load_image: the shipped pictures, by name, with credits; bad names and flags refused."""

import shutil
from pathlib import Path

import numpy as np
import pytest

import course_utils.images as images_module
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


def test_numpy_bool_is_a_flag():
    np.testing.assert_array_equal(load_image("chelsea", gray=np.True_),
                                  load_image("chelsea", gray=True))


@pytest.mark.parametrize("name", [
    "camera.jpg",        # the file is camera.png: another extension is another file
    "camera.jpeg",
    "CAMERA",
    "a" * 300,           # longer than a file name may be: still FileNotFoundError, not OSError
    "../images/camera",  # not a path
    "images/camera.png",
    "",
    "camera\x00",
    "camera.png/",
])
def test_unknown_name_is_file_not_found_listing_the_pictures(name):
    with pytest.raises(FileNotFoundError) as caught:
        load_image(name)
    message = str(caught.value)
    assert f"no image named {name!r}"[:40] in message
    assert "name must be a picture's name or its exact file name (such as 'camera.png')" \
        in message
    assert message.endswith(f"; available: {available_images()}")


@pytest.mark.parametrize("name", [None, 3, b"camera", ["camera"], Path("camera")])
def test_name_of_the_wrong_type_is_a_type_error(name):
    with pytest.raises(TypeError, match=r"^name must be a string, one of the course's pictures "
                                        r"\['astronaut', 'camera'"):
        load_image(name)


@pytest.mark.parametrize("gray", ["no", "False", "yes", 0, 1, None, 1.0, [True]])
def test_gray_must_be_true_or_false(gray):
    with pytest.raises(TypeError, match=r"^gray must be True or False, got "):
        load_image("camera", gray=gray)


def _copy_of_images(tmp_path, monkeypatch):
    folder = tmp_path / "images"
    shutil.copytree(IMAGES_DIR, folder)
    monkeypatch.setattr(images_module, "IMAGES_DIR", folder)
    return folder


def test_a_missing_picture_is_not_offered(tmp_path, monkeypatch):
    folder = _copy_of_images(tmp_path, monkeypatch)
    (folder / "coffee.png").unlink()
    assert "coffee" not in available_images()
    with pytest.raises(FileNotFoundError,
                       match=r"available: \['astronaut', 'camera', 'chelsea'\]$"):
        load_image("coffee")


def test_a_damaged_picture_is_file_not_found_naming_it(tmp_path, monkeypatch):
    folder = _copy_of_images(tmp_path, monkeypatch)
    (folder / "camera.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(FileNotFoundError, match=r"^the picture 'camera' \(camera.png in .*\) "
                                                r"cannot be read"):
        load_image("camera")
