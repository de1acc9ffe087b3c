"""Pictures shipped with the course in the repository's ``images/`` folder."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

__all__ = ["IMAGES_DIR", "available_images", "load_image"]

#: The folder holding the course's pictures (see its CREDITS.md).
IMAGES_DIR = Path(__file__).resolve().parent.parent / "images"

_SUFFIXES = (".png", ".jpg", ".jpeg")


def available_images() -> list[str]:
    """The names ``load_image`` accepts, sorted.

    Examples
    --------
    >>> "camera" in available_images()
    True
    """
    return sorted(p.stem for p in IMAGES_DIR.iterdir() if p.suffix.lower() in _SUFFIXES)


def load_image(name: str, gray: bool = False) -> np.ndarray:
    """Load one of the course's pictures by name.

    Parameters
    ----------
    name : str
        File name in ``images/``, with or without its extension (``"camera"``
        or ``"camera.png"``); see :func:`available_images`.
    gray : bool
        Convert to grayscale as the lesson did
        (``cv2.cvtColor(..., cv2.COLOR_BGR2GRAY)``).

    Returns
    -------
    numpy.ndarray
        uint8 array: H×W when ``gray`` (or the file is grayscale), else H×W×3 in
        RGB order.

    Raises
    ------
    FileNotFoundError
        If there is no such picture; the message lists the available names.

    Examples
    --------
    >>> load_image("camera").shape
    (512, 512)
    >>> load_image("chelsea").shape, load_image("chelsea", gray=True).shape
    ((300, 451, 3), (300, 451))
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'camera', got {name!r}")
    stem = Path(name).stem if Path(name).suffix.lower() in _SUFFIXES else name
    matches = [IMAGES_DIR / f"{stem}{suffix}" for suffix in _SUFFIXES]
    path = next((p for p in matches if p.is_file()), None)
    if path is None or Path(name).name != name:
        raise FileNotFoundError(
            f"no image named {name!r} in {IMAGES_DIR.name}/; available: {available_images()}"
        )
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise FileNotFoundError(f"could not read image {name!r} from {path.name}")
    if image.ndim == 3:
        image = image[..., :3]
        if gray:
            return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    return image
