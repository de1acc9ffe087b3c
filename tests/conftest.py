"""Shared fixtures and helpers: a seeded generator, small test images, the references
(scipy, OpenCV, matplotlib) results are held to, and where the checkout and its notebooks are."""

from pathlib import Path

import cv2
import matplotlib
import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from course_utils import BORDER_MODES

matplotlib.use("Agg")

# Property tests (hypothesis) are deterministic and bounded: the same examples on every
# run and every machine, so a failure is reproducible and CI time is predictable.
settings.register_profile(
    "course",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("course")

#: The checkout, and the course's notebooks in it (NN-title.ipynb, in order).
ROOT = Path(__file__).resolve().parent.parent
COURSE_NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

MODES = ("reflect", "mirror", "nearest", "wrap", "constant")
DTYPES = (np.bool_, np.uint8, np.int16, np.int64, np.float32, np.float64)


@pytest.fixture
def rng():
    return np.random.default_rng(20260101)


def random_image(rng, shape, dtype=np.float64):
    """A random image of ``shape`` with values fitting ``dtype``."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.random(shape) > 0.5
    if dtype.kind in "iu":
        low = 0 if dtype.kind == "u" else -100
        return rng.integers(low, 256, size=shape).astype(dtype)
    return (rng.random(shape) * 255).astype(dtype)


def scipy_answer(image, kernel, mode="reflect", cval=0.0, flip=False):
    """scipy.ndimage's correlation (``flip``: convolution) in float64, a colour image's
    channels apart: the reference correlate and convolve are held to."""
    import scipy.ndimage as ndi

    image = np.asarray(image, dtype=np.float64)
    weights = kernel[:, :, None] if image.ndim == 3 else kernel
    return (ndi.convolve if flip else ndi.correlate)(image, weights, mode=mode, cval=cval)


def opencv_correlate(image, kernel, mode):
    """cv2.filter2D with the OpenCV border that matches ``mode``.

    cv2.filter2D refuses BORDER_WRAP, so for 'wrap' the image is padded with
    cv2.copyMakeBorder first and the border cropped off afterwards.
    """
    border = BORDER_MODES[mode]
    image = np.asarray(image, dtype=np.float64)
    if border.filter2d_supports:
        return cv2.filter2D(image, cv2.CV_64F, kernel, borderType=border.opencv_flag)
    py, px = (kernel.shape[0] - 1) // 2, (kernel.shape[1] - 1) // 2
    padded = cv2.copyMakeBorder(image, py, py, px, px, border.opencv_flag)
    filtered = cv2.filter2D(padded, cv2.CV_64F, kernel)
    return filtered[py:py + image.shape[0], px:px + image.shape[1]]


def reference_pixels(result, how, limit=None):
    """The pixels of a display mode, computed without the course's code: 'clip' and 'abs'
    truncate towards 0 after clipping to 0-255 (the lesson's uint8 output); 'signed' is
    matplotlib's own ``RdBu_r`` colour map on ``Normalize(-limit, limit)``."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    values = np.asarray(result, dtype=np.float64)
    if how == "clip":
        return np.floor(np.clip(values, 0, 255)).astype(np.uint8)
    if how == "abs":
        return np.floor(np.clip(np.abs(values), 0, 255)).astype(np.uint8)
    assert how == "signed", how
    limit = (np.abs(values).max() or 1.0) if limit is None else limit
    return colormaps["RdBu_r"](Normalize(-limit, limit)(values), bytes=True)[..., :3]


def decode(png: bytes) -> np.ndarray:
    """The pixels of PNG bytes as Pillow reads them: H×W gray or H×W×3 RGB."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    return np.asarray(image if image.mode in ("L", "RGB") else image.convert("RGB"))


def check_unguarded(exercise, answer):
    """``exercise.check(answer)`` with the exercise's forbidden functions allowed.

    For tests of a check's diagnoses that build a learner's wrong answer from a library
    function for brevity (a flipped kernel handed to ``correlate``): the guard would refuse
    it before the diagnosis. The guard itself is tested in ``test_checks_guard.py``.
    """
    saved = exercise.forbid
    exercise.forbid = None
    try:
        return exercise.check(answer)
    finally:
        exercise.forbid = saved
