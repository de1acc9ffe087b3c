"""Comparison helpers: read a learner's answer (a number, an array, whole numbers, names,
a function's result) and compare it with the right one without revealing it, never raising.

The ``read_*`` helpers return the answer in a form the checks can compute with, or raise
:class:`~course_utils.checks.framework.Refused` with a message that says what kind of
answer is wanted; the ``compare_*`` helpers turn that into a failed result.
"""

from __future__ import annotations

import functools
import math
import numbers
import os
import sys
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from ..i18n import N_, tr, translate
from .framework import CheckResult, Refused, describe_error
from .guard import guarded

__all__ = ["compare_numbers", "compare_arrays", "compare_tuples", "compare_names",
           "read_number", "read_array", "read_whole_numbers", "read_names", "is_uint8", "not_uint8",
           "not_own_function", "call_learner", "call_counting_lines", "lines_per_step",
           "raised", "changed_inputs",
           "returned_none"]

#: How deep a learner's nested lists may go before the check gives up reading them.
MAX_DEPTH = 32

#: The helpers' default names of the answer (``what``), translated where they are shown:
#: every helper passes the ``what``, ``usage`` and ``where`` it is given through
#: :func:`~course_utils.i18n.translate`, so a caller may give them marked with ``N_`` or
#: already translated with ``tr``.
DEFAULT_NAMES = (N_("your answer"), N_("your array"), N_("your set of names"),
                 N_("the array"))


def _answering(compare):
    """Let a ``compare_*`` helper answer a refused answer with its failed result."""
    @functools.wraps(compare)
    def wrapper(*args, **kwargs) -> CheckResult:
        try:
            return compare(*args, **kwargs)
        except Refused as refusal:
            return refusal.result
    return wrapper


def _refuse_placeholder(answer, what: str) -> None:
    if answer is Ellipsis:
        raise Refused(tr("{what} is still ... (the placeholder): replace it with your answer.",
                         what=translate(what)))


def _is_real(value) -> bool:
    """A real number that is not a truth value, a duration or a date."""
    return (isinstance(value, numbers.Real)
            and not isinstance(value, (bool, np.bool_, np.timedelta64)))


def _kind_of(value) -> str:
    """How a message names the kind of a value the check cannot use as a number."""
    if isinstance(value, (bool, np.bool_)):
        return tr("True/False values")
    if isinstance(value, (complex, np.complexfloating)):
        return tr("complex numbers (the answer is real)")
    if isinstance(value, (str, bytes, np.str_, np.bytes_)):
        return tr("text (a number in quotes is text: remove the quotes)")
    if isinstance(value, (np.timedelta64, np.datetime64)):
        return tr("times or durations")
    if value is None or value is Ellipsis:
        return tr("{value} (a value not filled in)", value=value)
    return tr("values of type {type}", type=type(value).__name__)


def read_number(answer, what: str = "your answer") -> int | float:
    """The answer as a Python int (exact) or finite float; refuse anything else.

    Examples
    --------
    >>> read_number(np.int64(7)), read_number(2.5)
    (7, 2.5)
    >>> compare_numbers(True, 1)
    Not yet: Your answer should be a number, got bool.
    """
    what = translate(what)
    _refuse_placeholder(answer, what)
    if isinstance(answer, np.ndarray):
        raise Refused(tr("{what} should be one number, got an array of shape {shape}.",
                         what=what, shape=answer.shape))
    if not _is_real(answer):
        raise Refused(tr("{what} should be a number, got {type}.", what=what,
                         type=type(answer).__name__))
    try:
        value = int(answer) if isinstance(answer, numbers.Integral) else float(answer)
    except Exception as error:  # a number-like object that cannot say its value
        raise Refused(tr("{what} could not be read as a number ({error}).", what=what,
                         error=describe_error(error))) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise Refused(tr("{what} should be a finite number, got {value}.", what=what,
                         value=value))
    return value


def _exact(number) -> Fraction:
    """A real number (Python's or NumPy's) as an exact fraction."""
    return Fraction(int(number) if isinstance(number, numbers.Integral) else float(number))


@_answering
def compare_numbers(answer, expected: float, what: str = "your answer",
                    atol: float = 1e-6) -> CheckResult:
    """Compare a number without revealing the expected one.

    Examples
    --------
    >>> compare_numbers(132, 132)
    Correct! Your answer is right.
    >>> compare_numbers(131, 132)
    Not yet: Your answer is too small.
    >>> compare_numbers("132", 132)
    Not yet: Your answer should be a number, got str.
    >>> compare_numbers(2**70, 132)
    Not yet: Your answer is too large.
    >>> compare_numbers(2**64 + 1, 2**64)   # whole numbers compare exactly
    Not yet: Your answer is too large.
    """
    # Exact arithmetic (fractions hold any int and float exactly): 2**64 + 1 is not 2**64,
    # and an int beyond the range of floats is compared, not overflowed.
    what = translate(what)
    difference = _exact(read_number(answer, what)) - _exact(expected)
    if abs(difference) <= _exact(atol):
        return CheckResult(True, tr("{what} is right.", what=what))
    if difference > 0:
        return CheckResult(False, tr("{what} is too large.", what=what))
    return CheckResult(False, tr("{what} is too small.", what=what))


def _check_leaves(answer, what: str, depth: int = 0) -> None:
    """Refuse nested lists that hold anything but real numbers (or numeric arrays)."""
    if depth > MAX_DEPTH:
        raise Refused(tr("{what} is nested more than {depth} lists deep.", what=what,
                         depth=MAX_DEPTH))
    for item in answer:
        if isinstance(item, (list, tuple)):
            _check_leaves(item, what, depth + 1)
        elif isinstance(item, np.ndarray):
            _check_dtype(item, what)
        elif not _is_real(item):
            raise Refused(tr("{what} should be an array of numbers, but it holds {kind}.",
                             what=what, kind=_kind_of(item)))


def _check_dtype(array: np.ndarray, what: str) -> None:
    """Refuse arrays of anything but real numbers."""
    kind = array.dtype.kind
    if kind == "O":
        _check_leaves(array.ravel().tolist(), what)
    elif kind not in "iuf":
        sample = array.reshape(-1)[0] if array.size else array.dtype.type(0)
        raise Refused(tr("{what} should be an array of numbers, but it holds {kind}.",
                         what=what, kind=_kind_of(sample)))


def read_array(answer, what: str = "your array") -> np.ndarray:
    """The answer as a float64 array; refuse text, truth values, complex numbers,
    durations, ragged lists and objects that cannot be read.

    Examples
    --------
    >>> read_array([[1, 2], [3, 4]]).dtype
    dtype('float64')
    >>> compare_arrays([[1, 2], [3]], np.eye(2))
    Not yet: Your array is not rectangular: its rows have different lengths.
    >>> compare_arrays(np.eye(2) + 1j, np.eye(2))
    Not yet: Your array should be an array of numbers, but it holds complex numbers (the answer is real).
    """  # noqa: E501
    what = translate(what)
    if answer is None:
        raise Refused(tr("{what} is None: did you forget to return or assign it?", what=what))
    _refuse_placeholder(answer, what)
    if isinstance(answer, (list, tuple)):
        _check_leaves(answer, what)
    elif isinstance(answer, (str, bytes, set, frozenset, dict)) or _is_real(answer):
        raise Refused(tr("{what} should be an array of numbers, got {type}.", what=what,
                         type=type(answer).__name__))
    try:
        array = np.asarray(answer)
    except Exception as error:  # lists of numbers of different lengths, a raising __array__
        if isinstance(answer, (list, tuple)) and isinstance(error, ValueError):
            raise Refused(tr("{what} is not rectangular: its rows have different lengths.",
                             what=what)) from None
        raise Refused(tr("{what} could not be read as an array ({error}).", what=what,
                         error=describe_error(error))) from None
    if array.dtype.kind == "O" and array.ndim == 0:
        raise Refused(tr("{what} should be an array of numbers, got {type}.", what=what,
                         type=type(answer).__name__))
    _check_dtype(array, what)
    try:
        with np.errstate(all="ignore"):
            return array.astype(np.float64)
    except Exception as error:  # an int beyond the range of floats, an object array of rows
        if isinstance(error, ValueError) and any(np.ndim(item) for item in array.flat):
            raise Refused(tr("{what} is not rectangular: its rows have different lengths.",
                             what=what)) from None
        raise Refused(tr("{what} could not be read as numbers ({error}).", what=what,
                         error=describe_error(error))) from None


def _whole_numbers(values) -> np.ndarray | None:
    """An array of whole numbers as Python ints (exact at any size), or None for anything
    that holds other numbers."""
    try:  # a list of Python ints as they are: NumPy would turn [2**64 - 1, 7] into floats
        array = np.array(values, dtype=object) if isinstance(values, (list, tuple)) \
            else np.asarray(values)
    except Exception:  # pragma: no cover - read_array has already read it
        return None
    if array.dtype.kind in "iu":
        return array.astype(object)
    if array.dtype.kind == "O" and array.size and all(isinstance(item, numbers.Integral)
                                       and not isinstance(item, (bool, np.bool_))
                                       for item in array.flat):
        return array
    return None


def is_uint8(answer) -> bool:
    """True when the answer is an array stored as uint8.

    Examples
    --------
    >>> is_uint8(np.zeros(2, np.uint8)), is_uint8([0, 1])
    (True, False)
    """
    return isinstance(answer, np.ndarray) and answer.dtype == np.uint8


def not_uint8(answer, what: str = "your array") -> CheckResult:
    """The failed check for right values stored as anything but uint8: one message for
    every exercise whose answer is a grey image (a list of lists included).

    Examples
    --------
    >>> not_uint8([[1, 2]], "your result")
    Not yet: Your result has the right values, but as a list: make it a uint8 array (.astype(np.uint8)), the type of a grey image and of what OpenCV returns for one.
    >>> not_uint8(np.ones(2), "your result").message[:52]
    'your result has the right values, but as float64: ma'
    """  # noqa: E501
    kind = (tr("a {type}", type=type(answer).__name__) if isinstance(answer, (list, tuple))
            else str(getattr(answer, "dtype", type(answer).__name__)))
    return CheckResult(False, tr("{what} has the right values, but as {kind}: make it a uint8 "
                                 "array (.astype(np.uint8)), the type of a grey image and of "
                                 "what OpenCV returns for one.", what=translate(what),
                                 kind=kind))


@_answering
def compare_arrays(answer, expected, what: str = "your array",
                   atol: float = 1e-6) -> CheckResult:
    """Compare an array without revealing the expected one: shape first, then values.

    Examples
    --------
    >>> compare_arrays(np.zeros((2, 2)), np.eye(2))
    Not yet: Your array differs in 2 of 4 entries (largest difference 1).
    >>> compare_arrays(np.zeros(3), np.zeros((3, 1)))
    Not yet: Your array has shape (3,), it should have shape (3, 1).
    >>> compare_arrays(np.eye(2)[::-1], np.eye(2)[:, ::-1])
    Correct! Your array is right.
    >>> compare_arrays([2**53 + 1], [2**53])   # whole numbers compare exactly
    Not yet: Your array differs in 1 of 1 entries (largest difference 1).
    >>> compare_arrays(np.eye(2).astype(str), np.eye(2))
    Not yet: Your array should be an array of numbers, but it holds text (a number in quotes is text: remove the quotes).
    """  # noqa: E501
    expected_input, what = expected, translate(what)
    given, expected = read_array(answer, what), np.asarray(expected, dtype=np.float64)
    if given.shape != expected.shape:
        return CheckResult(False, tr("{what} has shape {shape}, it should have shape "
                                     "{expected}.", what=what, shape=given.shape,
                                     expected=expected.shape))
    if not np.isfinite(given).all():
        return CheckResult(False, tr("{what} holds {count} values that are not finite (NaN "
                                     "or infinity).", what=what,
                                     count=int((~np.isfinite(given)).sum())))
    whole = _whole_numbers(answer), _whole_numbers(expected_input)
    with np.errstate(all="ignore"):
        if whole[0] is not None and whole[1] is not None:  # exact: 2**53 + 1 is not 2**53
            difference = np.abs(whole[0] - whole[1].reshape(whole[0].shape))
            wrong = np.asarray(difference > atol, dtype=bool)
        else:  # an absolute tolerance only: a relative one would let large values be wrong
            difference = np.abs(given - expected)
            wrong = ~np.isclose(given, expected, atol=atol, rtol=0)
        if not wrong.any():
            return CheckResult(True, tr("{what} is right.", what=what))
        largest = float(np.max(difference[wrong]))
    return CheckResult(False, tr("{what} differs in {wrong} of {count} entries (largest "
                                 "difference {largest:.3g}).", what=what,
                                 wrong=int(wrong.sum()), count=wrong.size, largest=largest))


def read_whole_numbers(answer, count: int, what: str = "your answer") -> tuple[int, ...]:
    """The answer as a tuple of ``count`` Python ints; a 1-D array or a list is fine,
    truth values and floats are not.

    Examples
    --------
    >>> read_whole_numbers(np.array([4, 2]), 2)
    (4, 2)
    >>> compare_tuples((1, 3, 3), (1, 3))
    Not yet: Your answer should be a tuple of 2 numbers, got a tuple of 3.
    >>> compare_tuples((True, 3), (1, 3))
    Not yet: Your answer holds True/False values in position 0; it should hold whole numbers.
    """
    what = translate(what)
    _refuse_placeholder(answer, what)
    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = tuple(answer.tolist())
    if isinstance(answer, (tuple, list)) and len(answer) != count:
        raise Refused(tr("{what} should be a tuple of {count} numbers, got a {type} of "
                         "{length}.", what=what, count=count, type=type(answer).__name__,
                         length=len(answer)))
    if not isinstance(answer, (tuple, list)):
        raise Refused(tr("{what} should be a tuple of {count} numbers, got {type}.",
                         what=what, count=count, type=type(answer).__name__))
    values = []
    for position, item in enumerate(answer):
        if not (_is_real(item) and isinstance(item, numbers.Integral)):
            kind = tr("floats") if _is_real(item) else _kind_of(item)
            raise Refused(tr("{what} holds {kind} in position {position}; it should hold "
                             "whole numbers.", what=what, kind=kind, position=position))
        values.append(read_number(item, what))
    return tuple(values)


@_answering
def compare_tuples(answer, expected: tuple, what: str = "your answer") -> CheckResult:
    """Compare a tuple of whole numbers without revealing the expected one.

    Examples
    --------
    >>> compare_tuples((1, 2), (1, 3))
    Not yet: Your answer is wrong in position 1 of 2.
    >>> compare_tuples([1, 3], (1, 3))
    Correct! Your answer is right.
    >>> compare_tuples(3, (1, 3))
    Not yet: Your answer should be a tuple of 2 numbers, got int.
    """
    what = translate(what)
    given = read_whole_numbers(answer, len(expected), what)
    wrong = [i for i, (a, e) in enumerate(zip(given, expected, strict=True)) if a != e]
    if not wrong:
        return CheckResult(True, tr("{what} is right.", what=what))
    return CheckResult(False, tr("{what} is wrong in position {positions} of {count}.",
                                 what=what, positions=", ".join(map(str, wrong)),
                                 count=len(expected)))


def read_names(answer, what: str = "your set of names") -> set[str]:
    """The answer as a set of plain strings; a list or tuple is fine, one string is not.

    Examples
    --------
    >>> sorted(read_names(["b", "a", "b"]))
    ['a', 'b']
    >>> compare_names("a", {"a"})
    Not yet: Your set of names should be a collection of names (a set or a list), not one string.
    """  # noqa: E501
    what = translate(what)
    _refuse_placeholder(answer, what)
    if isinstance(answer, str):
        raise Refused(tr("{what} should be a collection of names (a set or a list), not one "
                         "string.", what=what))
    if not isinstance(answer, (set, frozenset, list, tuple)):
        raise Refused(tr("{what} should be a set or list of names, got {type}.", what=what,
                         type=type(answer).__name__))
    for item in answer:
        if not isinstance(item, str):
            raise Refused(tr("{what} should hold names (strings), but it holds values of "
                             "type {type}.", what=what, type=type(item).__name__))
    return {str.__str__(item) for item in answer}  # plain copies of str subclasses


@_answering
def compare_names(answer, expected, what: str = "your set of names") -> CheckResult:
    """Compare a collection of names, saying how many are missing or extra (not which).

    Examples
    --------
    >>> compare_names({"a", "c"}, ["a", "b"])
    Not yet: Your set of names misses 1 and has 1 that does not belong.
    >>> compare_names(["b", "a"], {"a", "b"})
    Correct! Your set of names is right.
    """
    what = translate(what)
    given, wanted = read_names(answer, what), set(expected)
    if given == wanted:
        return CheckResult(True, tr("{what} is right.", what=what))
    missing, extra = len(wanted - given), len(given - wanted)
    if missing and extra:
        return CheckResult(False, tr("{what} misses {missing} and has {extra} that does not "
                                     "belong.", what=what, missing=missing, extra=extra))
    if missing:
        return CheckResult(False, tr("{what} misses {missing}.", what=what, missing=missing))
    return CheckResult(False, tr("{what} has {extra} that does not belong.", what=what,
                                 extra=extra))


def not_own_function(answer, usage: str, package_function=None, instead: str = "") -> None:
    """Refuse an answer that is not a function of the learner's own.

    ``usage`` describes the function asked for ("a function factors(kernel)");
    ``package_function``, when given, is the course's own solution, which the
    learner must not hand in (``instead`` says what to write).

    Examples
    --------
    >>> not_own_function(len, "a function")
    >>> not_own_function(3, "a function f(x)")
    Traceback (most recent call last):
    ...
    course_utils.checks.framework.Refused: your answer should be a function f(x), got int.
    """
    if package_function is not None and answer is package_function:
        raise Refused(tr("that is the package's {name}; {instead}",
                         name=package_function.__name__, instead=translate(instead)))
    if not callable(answer):
        raise Refused(tr("your answer should be {usage}, got {type}.", usage=translate(usage),
                         type=type(answer).__name__))


def changed_inputs(given: Sequence, originals: Sequence, what: str,
                   where: str) -> CheckResult | None:
    """The failed check when the learner's function changed an input in place: ``given``
    are the copies it was called with, ``originals`` the arrays they were copied from,
    ``what`` names them for the learner ("the image or the kernel"). None when every
    input is as it was.

    Examples
    --------
    >>> import numpy as np
    >>> kernel = np.ones((3, 3))
    >>> changed_inputs([kernel.copy()], [kernel], "the kernel", "a 3×3 kernel") is None
    True
    >>> changed_inputs([kernel * 2], [kernel], "the kernel", "a 3×3 kernel")
    Not yet: Your function changed the kernel it was given (for a 3×3 kernel): work on a copy and return a new array; leave the inputs as they are.
    """  # noqa: E501
    if all(np.array_equal(a, b) for a, b in zip(given, originals, strict=True)):
        return None
    return CheckResult(False, tr("your function changed {what} it was given (for {where}): "
                                 "work on a copy and return a new array; leave the inputs as "
                                 "they are.", what=translate(what), where=translate(where)))


def raised(error: BaseException, where: str) -> CheckResult:
    """The failed check when the learner's function raises ``error`` for ``where``.

    Examples
    --------
    >>> raised(IndexError("index 9 is out of bounds"), "the box (0, 0)")
    Not yet: Your function raised IndexError: index 9 is out of bounds (for the box (0, 0)).
    """
    return CheckResult(False, tr("your function raised {error} (for {where}).",
                                 error=describe_error(error), where=translate(where)))


def returned_none(where: str, what: str = "the array") -> CheckResult:
    """The failed check when the learner's function, still a stub, returns None.

    Examples
    --------
    >>> print(returned_none("a 3×4 image").message)
    your function returned None (for a 3×4 image): write its body in place of the ... and
    return the array.
    """
    return CheckResult(False, tr("your function returned None (for {where}): write its body "
                                 "in place of the ... and return {what}.",
                                 where=translate(where), what=translate(what)))


def call_learner(function, *args, where: str):
    """Call the learner's function under the guard of the running check (what its exercise
    forbids is unavailable, :func:`~course_utils.checks.guard.guarded`); when it raises,
    refuse with :func:`raised`.

    Examples
    --------
    >>> call_learner(abs, -3, where="-3")
    3
    """
    try:
        return guarded(function, *args)
    except Refused:  # a forbidden function ran: the guard says which
        raise
    except Exception as error:  # any failure of the learner's code is reported
        raise Refused(raised(error, where).message) from None


#: Code under these folders is not the learner's: Python and its packages, and this course.
_NOT_LEARNER_CODE = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix,
                           os.path.dirname(os.path.dirname(os.path.abspath(__file__)))})


def _is_learner_code(filename: str) -> bool:
    """Whether code from ``filename`` is the learner's: not Python's or a package's, and
    not one of the interpreter's frozen modules (``<frozen importlib._bootstrap>``)."""
    return not (filename.startswith(_NOT_LEARNER_CODE) or filename.startswith("<frozen"))


def call_counting_lines(function, *args, where: str) -> tuple[object, int]:
    """Call the learner's function (as :func:`call_learner` does) and count the lines of
    the learner's own code it runs: a loop over pixels runs its body once per pixel, a
    vectorised version a handful of times, a call to a library almost none.

    Examples
    --------
    >>> def per_item(values):
    ...     total = 0
    ...     for value in values:
    ...         total += value
    ...     return total
    >>> call_counting_lines(per_item, range(100), where="100 values")[1] > 100
    True
    >>> call_counting_lines(sum, range(100), where="100 values")
    (4950, 0)
    """
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def start(frame, event, arg):
        return local if _is_learner_code(frame.f_code.co_filename) else None

    previous = sys.gettrace()
    sys.settrace(start)
    try:
        result = call_learner(function, *args, where=where)
    finally:
        sys.settrace(previous)
    return result, count


def lines_per_step(function, fewer: tuple, more: tuple, steps: int, where: str) -> float:
    """How many more of the learner's own lines run per step of work: the function is
    called on ``fewer`` and on ``more`` (arguments that need ``steps`` more steps, such as
    output pixels or kernel entries), and the difference of the two counts is divided by
    ``steps``. Lines that run the same number of times whatever the input (filler, set-up)
    cancel out; a loop over the steps adds at least one line per step.

    Examples
    --------
    >>> def per_item(values):
    ...     total = 0
    ...     for value in values:
    ...         total += value
    ...     return total
    >>> lines_per_step(per_item, (range(10),), (range(110),), 100, where="values")
    2.0
    >>> def padded_sum(values):
    ...     for _ in range(1000):
    ...         pass
    ...     return sum(values)
    >>> lines_per_step(padded_sum, (range(10),), (range(110),), 100, where="values")
    0.0
    """
    first = call_counting_lines(function, *fewer, where=where)[1]
    second = call_counting_lines(function, *more, where=where)[1]
    return (second - first) / steps
