"""Checks shared by every public function of ``course_utils``.

Each check runs once, at the public boundary, and raises a ``TypeError`` (wrong
kind of thing) or a ``ValueError`` (right kind, wrong value) whose message names
the parameter, the value received and what is allowed.

Two modules: ``values`` (numbers, choices, flags, shapes, positions, modes) and
``arrays`` (images, kernels, arrays); every check is imported from here.
"""

from .arrays import (
    check_array,
    check_at_most_float64,
    check_image,
    check_kernel,
    check_uint8_gray,
)
from .values import (
    MODES,
    check_callable,
    check_choice,
    check_cval,
    check_flag,
    check_int,
    check_method,
    check_mode,
    check_position,
    check_real,
    check_shape,
    describe,
)

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
    "check_array",
    "check_image",
    "check_kernel",
    "check_uint8_gray",
    "check_at_most_float64",
]
