"""Checks of single values: whole and real numbers, choices, flags, shapes, positions,
border modes, and the short description of a bad value that every message uses.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "MODES",
    "describe",
    "check_int",
    "check_real",
    "check_choice",
    "check_flag",
    "check_shape",
    "check_callable",
    "check_mode",
    "check_cval",
    "check_method",
    "check_position",
]


#: The border modes, with the names ``scipy.ndimage`` gives them.
MODES = ("reflect", "mirror", "nearest", "wrap", "constant")


def describe(value) -> str:
    """A short description of ``value`` for an error message.

    Examples
    --------
    >>> describe(np.zeros((2, 3)))
    'array of shape (2, 3) and dtype float64'
    """
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_int(value, name: str, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """Validate a whole number (Python or NumPy integer, not bool) within bounds.

    Parameters
    ----------
    value : int
        The value to check. ``bool`` is refused, NumPy integers are accepted.
    name : str
        Parameter name used in error messages.
    minimum, maximum : int, optional
        Inclusive bounds.

    Returns
    -------
    int
        ``value`` as a Python ``int``.

    Examples
    --------
    >>> check_int(np.int64(300), "size")
    300
    >>> check_int(3.7, "size")
    Traceback (most recent call last):
    ...
    TypeError: size must be an integer, got 3.7
    >>> check_int(0, "stride", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: stride must be an integer of at least 1, got 0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {describe(value)}")
    value = int(value)
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} must be an integer from {minimum} to {maximum}, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be an integer of at most {maximum}, got {value}")
    return value


def check_real(value, name: str, minimum: float | None = None,
               maximum: float | None = None, finite: bool = True,
               exclusive_minimum: bool = False) -> float:
    """Validate a real number (int, float, NumPy scalar, Fraction; not bool) within bounds.

    Parameters
    ----------
    value : real number
        The value to check.
    name : str
        Parameter name used in error messages.
    minimum, maximum : float, optional
        Bounds, inclusive unless ``exclusive_minimum``.
    finite : bool
        Refuse NaN and infinity (the default).
    exclusive_minimum : bool
        The value must be strictly greater than ``minimum``.

    Returns
    -------
    float
        ``value`` as a Python ``float``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> check_real(Fraction(1, 2), "cval")
    0.5
    >>> check_real(10**400, "cval")
    Traceback (most recent call last):
    ...
    ValueError: cval must be a finite real number (at most about 1.8e308 in size), got an integer of 401 digits
    >>> check_real(0.0, "learning_rate", minimum=0, exclusive_minimum=True)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite real number greater than 0, got 0.0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        digits = len(str(abs(int(value))))
        raise ValueError(
            f"{name} must be a finite real number (at most about 1.8e308 in size), "
            f"got an integer of {digits} digits"
        ) from None
    if finite and not np.isfinite(number):
        raise ValueError(f"{name} must be a finite real number, got {number!r}")
    if minimum is not None:
        too_small = number <= minimum if exclusive_minimum else number < minimum
        if too_small:
            words = "greater than" if exclusive_minimum else "at least"
            bound = f"a finite real number {words} {minimum}"
            if maximum is not None:
                bound += f" and at most {maximum}"
            raise ValueError(f"{name} must be {bound}, got {number!r}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{name} must be a real number of at most {maximum}, got {number!r}")
    return number


def check_choice(value, allowed, name: str):
    """Validate that a string ``value`` is one of ``allowed``.

    A value of the wrong type is a ``TypeError``, an unknown string a ``ValueError``;
    both messages list what is allowed.

    Examples
    --------
    >>> check_choice("clip", ("clip", "signed"), "display")
    'clip'
    >>> check_choice("clp", ("clip", "signed"), "display")
    Traceback (most recent call last):
    ...
    ValueError: display must be one of ('clip', 'signed'), got 'clp'
    """
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {allowed}, got {describe(value)}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def check_flag(value, name: str) -> bool:
    """Validate a yes/no flag: ``True`` or ``False`` (or a NumPy bool), nothing else.

    Strings such as ``"False"`` or ``"no"`` and numbers are refused, because
    ``bool("False")`` is ``True``.

    Examples
    --------
    >>> check_flag(np.True_, "flip")
    True
    >>> check_flag("False", "flip")
    Traceback (most recent call last):
    ...
    TypeError: flip must be True or False, got 'False'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def check_shape(value, name: str, odd: bool = False) -> tuple[int, int]:
    """Validate a 2-D shape ``(rows, columns)``: two positive integers (odd if ``odd``).

    A tuple, a list or an array's ``.shape`` is accepted; a single number, a string
    or items that are not integers (``3.7``, ``"3"``, ``True``) are a ``TypeError``,
    the wrong count or sizes a ``ValueError``.

    Examples
    --------
    >>> check_shape((np.int64(3), 5), "kernel_shape", odd=True)
    (3, 5)
    >>> check_shape(3, "kernel_shape")
    Traceback (most recent call last):
    ...
    TypeError: kernel_shape must be a pair (rows, columns) of integers, got 3
    >>> check_shape((3.7, 3), "kernel_shape")
    Traceback (most recent call last):
    ...
    TypeError: kernel_shape must be a pair (rows, columns) of integers, got (3.7, 3)
    >>> check_shape((2, 3), "kernel_shape", odd=True)
    Traceback (most recent call last):
    ...
    ValueError: kernel_shape must be two odd positive sizes, got (2, 3)
    """
    wanted = "two odd positive sizes" if odd else "two positive sizes"
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, np.ndarray)):
        raise TypeError(f"{name} must be a pair (rows, columns) of integers, "
                        f"got {describe(value)}")
    items = list(value)
    if not all(isinstance(item, numbers.Integral) and not isinstance(item, (bool, np.bool_))
               for item in items):
        raise TypeError(f"{name} must be a pair (rows, columns) of integers, "
                        f"got {describe(value)}")
    if len(items) != 2 or any(item < 1 or (odd and item % 2 == 0) for item in items):
        raise ValueError(f"{name} must be {wanted}, got {describe(value)}")
    return int(items[0]), int(items[1])


def check_callable(value, name: str, optional: bool = False):
    """Validate a function argument (``None`` too when ``optional``) and return it.

    Examples
    --------
    >>> check_callable(print, "progress") is print
    True
    >>> check_callable(5, "progress", optional=True)
    Traceback (most recent call last):
    ...
    TypeError: progress must be callable or None, got 5
    """
    if optional and value is None:
        return None
    if not callable(value):
        allowed = "callable or None" if optional else "callable"
        raise TypeError(f"{name} must be {allowed}, got {describe(value)}")
    return value


def check_mode(mode) -> str:
    """Validate a border mode name.

    Examples
    --------
    >>> check_mode("mirror")
    'mirror'
    >>> check_mode("reflct")
    Traceback (most recent call last):
    ...
    ValueError: mode must be one of ('reflect', 'mirror', 'nearest', 'wrap', 'constant'), got 'reflct'
    """
    return check_choice(mode, MODES, "mode")


def check_cval(cval) -> float:
    """Validate the fill value of the 'constant' mode: a finite real number.

    Examples
    --------
    >>> check_cval(3)
    3.0
    >>> check_cval(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: cval must be a finite real number, got nan
    """
    return check_real(cval, "cval")


def check_method(method, allowed: tuple[str, ...]) -> str:
    """Validate a computation method name against ``allowed``.

    Examples
    --------
    >>> check_method("fft", ("direct", "fft"))
    'fft'
    >>> check_method(3, ("direct", "fft"))
    Traceback (most recent call last):
    ...
    TypeError: method must be a string, one of ('direct', 'fft'), got 3
    """
    return check_choice(method, allowed, "method")


def check_position(row, col, shape: tuple[int, ...]) -> tuple[int, int]:
    """Validate an output pixel position inside an image of ``shape``.

    Examples
    --------
    >>> check_position(0, 2, (3, 3))
    (0, 2)
    >>> check_position(3, 0, (3, 3))
    Traceback (most recent call last):
    ...
    ValueError: row must be an integer from 0 to 2, got 3
    """
    return (check_int(row, "row", minimum=0, maximum=shape[0] - 1),
            check_int(col, "col", minimum=0, maximum=shape[1] - 1))
