"""Shared fixtures: a seeded generator and small test images."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

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
