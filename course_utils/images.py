"""Pictures shipped with the course, loaded by name.

The pictures live in the repository's top-level ``images/`` folder (with their
``CREDITS.md``). A wheel built from the repository carries the same files as the
package data ``course_utils/_images`` (see ``pyproject.toml``), so an installed
``course_utils`` finds them from any folder; an editable checkout reads ``images/``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import cv2
import numpy as np

from ._validation import check_flag, describe

__all__ = ["IMAGES_DIR", "available_images", "load_image"]

_SUFFIXES = (".png", ".jpg", ".jpeg")


def _images_dir() -> Path:
    """The folder holding the pictures: the wheel's package data, else the checkout's."""
    packaged = resources.files(__package__) / "_images"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "images"


#: The folder holding the course's pictures and their CREDITS.md.
IMAGES_DIR = _images_dir()


def _picture_files() -> dict[str, Path]:
    """Every picture in :data:`IMAGES_DIR`, by name (file name without its extension)."""
    if not IMAGES_DIR.is_dir():
        return {}
    return {path.stem: path for path in sorted(IMAGES_DIR.iterdir())
            if path.suffix.lower() in _SUFFIXES and path.is_file()}


def available_images() -> list[str]:
    """The names ``load_image`` accepts, sorted.

    Examples
    --------
    >>> "camera" in available_images()
    True
    """
    return sorted(_picture_files())


def load_image(name: str, gray: bool = False) -> np.ndarray:
    """Load one of the course's pictures by name.

    Parameters
    ----------
    name : str
        A picture's name (``"camera"``) or its exact file name (``"camera.png"``);
        see :func:`available_images`. Nothing else is read: not another extension,
        not a path.
    gray : bool
        ``True`` converts to grayscale as the lesson did
        (``cv2.cvtColor(..., cv2.COLOR_BGR2GRAY)``); only ``True`` or ``False``.

    Returns
    -------
    numpy.ndarray
        uint8 array: H×W when ``gray`` (or the file is grayscale), else H×W×3 in
        RGB order.

    Raises
    ------
    TypeError
        If ``name`` is not a string or ``gray`` is not ``True`` or ``False``.
    FileNotFoundError
        If there is no such picture, or its file cannot be read; the message lists
        the available names.

    Examples
    --------
    >>> load_image("camera").shape
    (512, 512)
    >>> load_image("chelsea").shape, load_image("chelsea", gray=True).shape
    ((300, 451, 3), (300, 451))
    >>> load_image("camera", gray="no")
    Traceback (most recent call last):
    ...
    TypeError: gray must be True or False, got 'no'
    """
    files = _picture_files()
    allowed = f"one of the course's pictures {sorted(files)}"
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, {allowed}, got {describe(name)}")
    gray = check_flag(gray, "gray")
    path = files.get(name)
    if path is None and name in {p.name for p in files.values()}:
        path = files[Path(name).stem]
    if path is None:
        example = f" (such as {files['camera'].name!r})" if "camera" in files else ""
        raise FileNotFoundError(
            f"no image named {describe(name)}: name must be a picture's name or its exact "
            f"file name{example}; available: {sorted(files)}"
        )
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise FileNotFoundError(
            f"the picture {name!r} ({path.name} in {IMAGES_DIR}) cannot be read: the file "
            f"is damaged or not an image; available: {sorted(files)}"
        )
    if image.ndim == 3:
        image = image[..., :3]
        if gray:
            return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    return image
