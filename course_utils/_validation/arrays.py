"""Checks of arrays: images, kernels and other arrays of real numbers.
"""

from __future__ import annotations

import numpy as np

from .values import describe

__all__ = [
    "check_at_most_float64",
    "check_array",
    "check_image",
    "check_kernel",
    "check_uint8_gray",
]


_ALLOWED_KINDS = "bool, integer or float"


def _as_real_array(value, name: str) -> np.ndarray:
    """``value`` as an ndarray of a bool, integer or float dtype."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{name} must be an array of {_ALLOWED_KINDS} numbers, got {describe(value)}"
        )
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array, got {describe(value)}: {error}"
        ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must have a {_ALLOWED_KINDS} dtype, got dtype {array.dtype} "
            f"(kind {array.dtype.kind!r})"
        )
    return array


def _check_finite(array: np.ndarray, name: str) -> None:
    """Refuse NaN and infinity in a float ``array`` (integers are always finite)."""
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers only, got NaN or infinity in "
                         f"{describe(array)}")


def check_array(value, name: str, ndims: tuple[int, ...] | None = (2,),
                layouts: dict[int, str] | None = None, finite: bool = False) -> np.ndarray:
    """Validate a non-empty array of real numbers and return it (dtype unchanged).

    Parameters
    ----------
    value : array_like
        Array of bool, integer or float values.
    name : str
        Parameter name used in error messages.
    ndims : tuple of int or None
        The numbers of dimensions allowed; ``None`` allows any.
    layouts : dict, optional
        How each allowed number of dimensions reads, e.g. ``{3: "C×H×W"}``, for the message.
    finite : bool
        Refuse NaN and infinity.

    Examples
    --------
    >>> check_array([[1, 2]], "kernel").shape
    (1, 2)
    >>> check_array(np.zeros((2, 3, 3)), "weights", ndims=(2, 4),
    ...             layouts={2: "K_h×K_w", 4: "C_out×C_in×K_h×K_w"})
    Traceback (most recent call last):
    ...
    ValueError: weights must be 2-D (K_h×K_w) or 4-D (C_out×C_in×K_h×K_w), got 3-D array of shape (2, 3, 3)
    >>> check_array([[1.0, float("nan")]], "kernel", finite=True)
    Traceback (most recent call last):
    ...
    ValueError: kernel must hold finite numbers only, got NaN or infinity in array of shape (1, 2) and dtype float64
    """
    array = _as_real_array(value, name)
    if ndims is not None and array.ndim not in ndims:
        layouts = layouts or {}
        allowed = " or ".join(f"{n}-D ({layouts[n]})" if n in layouts else f"{n}-D"
                              for n in ndims)
        raise ValueError(
            f"{name} must be {allowed}, got {array.ndim}-D array of shape {array.shape}"
        )
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if finite:
        _check_finite(array, name)
    return array


def check_image(image, name: str = "image", ndims: tuple[int, ...] = (2, 3)) -> np.ndarray:
    """Validate an image and return it as an ndarray (dtype unchanged).

    Parameters
    ----------
    image : array_like
        H×W (grayscale) or H×W×C (C channels) array of bool, integer or float values.
    name : str
        Parameter name used in error messages.
    ndims : tuple of int
        The numbers of dimensions allowed.

    Examples
    --------
    >>> check_image([[1, 2], [3, 4]]).shape
    (2, 2)
    >>> check_image([1, 2, 3])
    Traceback (most recent call last):
    ...
    ValueError: image must be 2-D (H×W) or 3-D (H×W×C), got 1-D array of shape (3,)
    """
    return check_array(image, name, ndims, layouts={2: "H×W", 3: "H×W×C"})


def check_kernel(kernel, image_shape: tuple[int, ...] | None = None,
                 name: str = "kernel") -> np.ndarray:
    """Validate a kernel and return it as a float64 array.

    A kernel is 2-D, has an odd number of rows and of columns (so that it has a
    centre pixel), holds finite numbers and, when ``image_shape`` is given, is no
    larger than the image.

    Examples
    --------
    >>> check_kernel([[0, 1, 0]]).dtype
    dtype('float64')
    >>> check_kernel([[1, 1], [1, 1]])
    Traceback (most recent call last):
    ...
    ValueError: kernel must have an odd number of rows and of columns so that it has a centre pixel, got shape (2, 2)
    """
    array = _as_real_array(kernel, name)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (rows × columns), got {array.ndim}-D array of shape {array.shape}"
        )
    rows, cols = array.shape
    if not (rows % 2 and cols % 2):  # an even side has no centre
        raise ValueError(
            f"{name} must have an odd number of rows and of columns so that it has a "
            f"centre pixel, got shape {array.shape}"
        )
    array = array.astype(np.float64)
    _check_finite(array, name)
    if image_shape is not None and (rows > image_shape[0] or cols > image_shape[1]):
        raise ValueError(
            f"{name} of shape {array.shape} is larger than the image of shape "
            f"{tuple(image_shape[:2])}; it must be at most as tall and as wide as the image"
        )
    return array


def check_uint8_gray(image, name: str = "image") -> np.ndarray:
    """Validate a grayscale uint8 image, the only input the classic lesson handles.

    Examples
    --------
    >>> check_uint8_gray([[1.5]])
    Traceback (most recent call last):
    ...
    TypeError: image must have dtype uint8 (a grayscale photo, values 0-255), got float64
    """
    array = check_image(image, name, ndims=(2,))
    if array.dtype != np.uint8:
        raise TypeError(
            f"{name} must have dtype uint8 (a grayscale photo, values 0-255), got {array.dtype}"
        )
    return array


def check_at_most_float64(image: np.ndarray, name: str = "image",
                          why: str = "computes in float64") -> np.ndarray:
    """Refuse floats wider than float64, which float64 sums would silently round.

    ``why`` completes the message: what the caller does with the values.

    Examples
    --------
    >>> check_at_most_float64(np.zeros(2, dtype=np.float32)).dtype
    dtype('float32')
    >>> wide = np.dtype(np.longdouble).itemsize > 8   # float128 on x86 Linux and macOS
    >>> try:
    ...     check_at_most_float64(np.zeros(2, dtype=np.longdouble), "x", why="sums in float64")
    ... except TypeError as error:
    ...     print(str(error).split(",")[0])
    ... else:
    ...     assert not wide
    x must have a dtype of at most 64 bits (sums in float64)
    """
    if image.dtype.kind == "f" and image.dtype.itemsize > 8:
        raise TypeError(
            f"{name} must have a dtype of at most 64 bits ({why}), got {image.dtype}; "
            f"convert it with {name}.astype(np.float64) if its values fit"
        )
    return image
