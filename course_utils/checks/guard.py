"""The guard against forbidden shortcuts: while a check runs the learner's function, the
functions its exercise forbids are refused however they are reached, and the refusal names
the one that ran.

An exercise lists what it forbids as dotted names (``Exercise(..., forbid=PADDING)``).
:meth:`~course_utils.checks.framework.Exercise.check` makes that list the current rule for
the length of the check (:func:`forbidding`), and every call of the learner's code
(:func:`~course_utils.checks.compare.call_learner` and the helpers built on it) runs under
:func:`guarded`. No name is trusted: the guard watches the functions themselves, so a
module attribute, an alias imported earlier (``from numpy import pad as p``), a name in the
notebook's globals, a default argument, a closure, a lambda and a ``functools.partial``
all end in the same place and are caught.

- A Python function (``np.pad``, ``np.rot90``, ``scipy.ndimage.correlate``, the course's
  own ``correlate``) is recognised by its code object when it starts to run, through a
  ``sys.setprofile`` hook that is on only while the learner's function runs and is always
  removed afterwards (also on an error or a KeyboardInterrupt). NumPy's dispatchers and
  ``functools.wraps`` wrappers are followed to the implementation they call.
- A C function (``cv2.filter2D``, ``cv2.copyMakeBorder``) has no code object. The hook
  sees it in its ``'c_call'`` event when Python code calls it; for the routes where C code
  calls it (a ``functools.partial``, ``map``), every reference the garbage collector knows
  (module attributes, globals, closures' cells, default arguments, lists, partial objects)
  points, for the length of the check, at a stand-in that refuses while the learner's code
  runs and calls the original otherwise (the check's own code may use it). Afterwards every
  reference points back.

The forbidden function does not run: the guard stops it with :class:`ForbiddenCall`, a
``BaseException``, so the learner's ``except Exception`` cannot swallow it; and once a
forbidden function was reached the answer is refused even if the learner's code catches
that too.

What it costs and what it leaves alone: the profile hook is a Python function called on
every call and return while the learner's code runs, so that code runs slower (a loop
that calls NumPy per pixel most); the C functions' stand-ins cost one pass over the heap
per check that forbids one (tens of milliseconds with a notebook's imports). Measured on
the worked solutions, the forbidding checks take two to three times as long in all, none
more than about a tenth of a second more. The guard does not touch
``sys.settrace``, which debuggers and coverage use; a profiler that was running
(``sys.setprofile``) is paused while the learner's code runs and put back afterwards. It
watches the thread that runs the check, not threads the learner's code starts.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import importlib
import sys
import threading
import types
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..i18n import N_, tr, translate
from .framework import Refused

__all__ = ["Forbid", "ForbiddenCall", "guarded", "forbidding", "resolve", "display_name",
           "current", "PADDING", "FLIPS", "CORRELATIONS", "CONVOLUTIONS"]


# --- what the exercises forbid, by dotted name (resolved when a check runs) -------------

#: Library padding: the padding exercises write it themselves.
PADDING = ("numpy.pad", "cv2.copyMakeBorder", "course_utils.borders.pad",
           "course_utils.borders.pad_unchecked")

#: Library flips and rotations.
FLIPS = ("numpy.rot90", "numpy.flip", "numpy.fliplr", "numpy.flipud", "cv2.flip",
         "cv2.rotate", "scipy.ndimage.rotate")

#: Library and course convolutions (a correlation with the kernel flipped).
CONVOLUTIONS = ("course_utils.filtering.convolve", "course_utils.valid.convolve_valid",
                "scipy.ndimage.convolve", "scipy.ndimage.convolve1d",
                "scipy.signal.convolve", "scipy.signal.convolve2d",
                "scipy.signal.fftconvolve", "scipy.signal.oaconvolve", "numpy.convolve")

#: Library and course correlations (everything that computes a filter's sums for you),
#: convolutions included.
CORRELATIONS = ("course_utils.filtering.correlate", "course_utils.classic.correlate_loop",
                "course_utils.valid.correlate_valid", "course_utils.valid.im2col",
                "course_utils.fast.correlate_windows", "course_utils.fast.correlate_shift_add",
                "course_utils.fast.correlate_im2col", "course_utils.fast.correlate_separable",
                "course_utils.fast.correlate_integral", "course_utils.fast.correlate_fft",
                "course_utils.fast.correlate_opencv", "course_utils.fast.correlate_opencv_tool",
                "course_utils._tuned.shift_and_add", "course_utils._tuned.separable_passes",
                "course_utils.cnn.conv2d",
                "scipy.ndimage.correlate", "scipy.ndimage.correlate1d",
                "scipy.ndimage.generic_filter", "scipy.ndimage.generic_filter1d",
                "scipy.signal.correlate", "scipy.signal.correlate2d",
                "numpy.correlate", "cv2.filter2D", "cv2.sepFilter2D", "cv2.matchTemplate",
                *CONVOLUTIONS)


@dataclass(frozen=True)
class Forbid:
    """What an exercise forbids: dotted names, and what the refusal adds for the learner.

    It is also the context of the exercise's check (``with rule:`` is
    ``with forbidding(rule):``), so that the framework needs nothing from this module.

    Examples
    --------
    >>> import numpy as np
    >>> rule = Forbid(("numpy.rot90",), "reverse the axes with slices.")
    >>> [name for name, _ in resolve(rule.names)]
    ['np.rot90']
    >>> with rule:
    ...     guarded(np.rot90, np.eye(2))
    Traceback (most recent call last):
    ...
    course_utils.checks.framework.Refused: your function called np.rot90, which this exercise refuses: reverse the axes with slices.
    >>> Forbid("numpy.pad")
    Traceback (most recent call last):
    ...
    TypeError: names must be a tuple of dotted names, got 'numpy.pad'
    """  # noqa: E501

    names: tuple[str, ...]
    advice: str = N_("this exercise asks you to write that part yourself.")

    def __post_init__(self):
        if isinstance(self.names, str) or not all(isinstance(n, str) for n in self.names):
            raise TypeError(f"names must be a tuple of dotted names, got {self.names!r}")

    def __enter__(self) -> Forbid:
        block = forbidding(self)
        block.__enter__()
        _OPEN.append(block)
        return self

    def __exit__(self, *exc_info):
        return _OPEN.pop().__exit__(*exc_info)


#: The :func:`forbidding` blocks entered through ``with rule:``, innermost last.
_OPEN: list = []


def display_name(dotted: str) -> str:
    """How a refusal names a forbidden function.

    Examples
    --------
    >>> display_name("numpy.pad"), display_name("course_utils.filtering.correlate")
    ('np.pad', "the package's correlate")
    """
    if dotted.startswith("numpy."):
        return "np." + dotted.removeprefix("numpy.")
    if dotted.startswith("course_utils."):
        return tr("the package's {name}", name=dotted.rsplit('.', 1)[-1])
    return dotted


def _lookup(dotted: str):
    """The object named ``dotted``, or None when it does not exist in this install (not
    cached: while a check runs, a C function's references point at its stand-in)."""
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for part in parts[split:]:
                value = getattr(value, part)
        except AttributeError:
            return None
        return value
    return None


def resolve(names: Iterable[str]) -> list[tuple[str, object]]:
    """``(display name, object)`` for each dotted name that exists in this install.

    Examples
    --------
    >>> [name for name, _ in resolve(["numpy.flip", "numpy.no_such_function"])]
    ['np.flip']
    """
    found = []
    for dotted in names:
        value = _lookup(dotted)
        if value is not None:
            found.append((display_name(dotted), value))
    return found


def _codes_of(value) -> list[types.CodeType]:
    """The code objects that run when ``value`` is called: a plain function's own; for a
    NumPy dispatcher (``_implementation``), a ``functools.wraps`` wrapper (``__wrapped__``),
    a method or a partial, those of what it calls, not the wrapper's (a wrapper's code may
    be shared by many functions, most of them allowed).

    Examples
    --------
    >>> import numpy as np
    >>> [code.co_name for code in _codes_of(np.pad)]
    ['pad']
    >>> _codes_of(len)
    []
    """
    codes, seen, todo = [], set(), [value]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        inner = [getattr(item, name, None) for name in ("_implementation", "__wrapped__")]
        if isinstance(item, types.MethodType):
            inner.append(item.__func__)
        elif isinstance(item, functools.partial):
            inner.append(item.func)
        if any(callable(function) for function in inner):
            todo.extend(inner)
        elif isinstance(item, types.FunctionType):
            codes.append(item.__code__)
    return codes


# --- the guard --------------------------------------------------------------------------

class ForbiddenCall(BaseException):
    """Stops a forbidden function; a BaseException, so that ``except Exception`` in the
    learner's code cannot swallow it."""


@dataclass
class _Rules:
    """The current check's rule, resolved: code objects and C functions by name."""

    forbid: Forbid
    by_code: dict[int, str] = field(default_factory=dict)
    by_id: dict[int, str] = field(default_factory=dict)
    c_functions: list[tuple[str, object]] = field(default_factory=list)
    keep: list = field(default_factory=list)     # keeps the code objects' ids valid

    @classmethod
    def of(cls, forbid: Forbid) -> _Rules:
        rules = cls(forbid)
        for name, value in resolve(forbid.names):
            codes = _codes_of(value)
            rules.keep.extend(codes)
            for code in codes:
                rules.by_code.setdefault(id(code), name)
            if not codes and callable(value) and id(value) not in rules.by_id:
                rules.by_id[id(value)] = name
                rules.c_functions.append((name, value))
        return rules


_CURRENT: contextvars.ContextVar[_Rules | None] = contextvars.ContextVar("forbidden",
                                                                         default=None)


class _Run:
    """One guarded call: which thread runs the learner's code, and what it reached."""

    def __init__(self):
        self.thread = threading.get_ident()
        self.ran: list[str] = []

    def trip(self, name: str):
        self.ran.append(name)
        raise ForbiddenCall(name)


#: The guarded call in progress (None outside the learner's code).
_RUNNING: list[_Run] = []


def _running() -> _Run | None:
    run = _RUNNING[-1] if _RUNNING else None
    return run if run is not None and run.thread == threading.get_ident() else None


def current() -> Forbid | None:
    """The rule of the check that is running, if it forbids anything.

    Examples
    --------
    >>> with forbidding(["numpy.flip"]):
    ...     current().names
    ('numpy.flip',)
    >>> current() is None
    True
    """
    rules = _CURRENT.get()
    return None if rules is None else rules.forbid


def _stand_in(name: str, original):
    """A Python function in place of C function ``original``: it refuses while the
    learner's code runs and calls the original otherwise."""
    @functools.wraps(original)
    def stand_in(*args, **kwargs):
        run = _running()
        if run is not None:
            run.trip(name)
        return original(*args, **kwargs)
    return stand_in


class _Swaps:
    """Points every reference the garbage collector knows to the C functions at their
    stand-ins, and back: dict values (module attributes, globals, keyword defaults),
    closure cells, list items, default arguments and ``functools.partial`` objects."""

    def __init__(self):
        self._undo: list = []

    def point(self, c_functions: Sequence[tuple[str, object]]) -> None:
        """Point the references to each ``(name, C function)`` at its stand-in."""
        if not c_functions:
            return
        originals = {id(value): value for _, value in c_functions}
        own = (c_functions, *c_functions)           # the rule's own references stay
        holders = [holder for holder in gc.get_referrers(*originals.values())
                   if holder is not originals and not any(holder is o for o in own)]
        stand_ins = {id(value): _stand_in(name, value) for name, value in c_functions}
        defaults = []
        for holder in holders:
            if isinstance(holder, tuple):
                defaults.append(holder)
            else:
                self._point(holder, originals, stand_ins)
        if defaults:   # tuples: a function's default arguments (one more pass for all)
            wanted = {id(holder) for holder in defaults}
            for function in gc.get_referrers(*defaults):
                if isinstance(function, types.FunctionType) and \
                        id(function.__defaults__) in wanted:
                    before = function.__defaults__
                    function.__defaults__ = tuple(stand_ins[id(v)] if self._is(v, originals)
                                                  else v for v in before)
                    self._undo.append(functools.partial(setattr, function, "__defaults__",
                                                        before))

    @staticmethod
    def _is(value, originals: dict) -> bool:
        return id(value) in originals and value is originals[id(value)]

    def _point(self, holder, originals: dict, stand_ins: dict) -> None:
        if isinstance(holder, dict):
            for key, value in list(holder.items()):
                if self._is(value, originals):
                    holder[key] = stand_ins[id(value)]
                    self._undo.append(functools.partial(holder.__setitem__, key, value))
        elif isinstance(holder, list):
            for index, value in enumerate(holder):
                if self._is(value, originals):
                    holder[index] = stand_ins[id(value)]
                    self._undo.append(functools.partial(holder.__setitem__, index, value))
        elif isinstance(holder, types.CellType):
            value = holder.cell_contents
            if self._is(value, originals):
                holder.cell_contents = stand_ins[id(value)]
                self._undo.append(functools.partial(setattr, holder, "cell_contents", value))
        elif isinstance(holder, functools.partial) and self._is(holder.func, originals):
            state = holder.__reduce__()[2]
            holder.__setstate__((stand_ins[id(holder.func)], *state[1:]))
            self._undo.append(functools.partial(holder.__setstate__, state))

    def undo(self) -> None:
        while self._undo:
            self._undo.pop()()


@contextlib.contextmanager
def forbidding(forbid: Forbid | Sequence[str] | None) -> Iterator[None]:
    """Make ``forbid`` the rule of every :func:`guarded` call inside the block (and point
    the C functions it names at their stand-ins until the block ends).

    Examples
    --------
    >>> import cv2
    >>> with forbidding(["cv2.filter2D"]):   # a stand-in, which the check itself may call
    ...     type(cv2.filter2D).__name__
    'function'
    >>> type(cv2.filter2D).__name__
    'builtin_function_or_method'
    """
    if forbid is not None and not isinstance(forbid, Forbid):
        forbid = Forbid(tuple(forbid))
    rules = None if forbid is None or not forbid.names else _Rules.of(forbid)
    token = _CURRENT.set(rules)
    swaps = _Swaps()
    try:
        swaps.point(rules.c_functions if rules is not None else ())
        yield
    finally:   # also when pointing was interrupted half-way
        swaps.undo()
        _CURRENT.reset(token)


def guarded(function, *args, **kwargs):
    """Call ``function`` with the current rule's functions refused.

    Returns what ``function`` returns and lets its exceptions through, except when a
    forbidden function was reached: then it raises
    :class:`~course_utils.checks.framework.Refused` naming the first one.

    Examples
    --------
    >>> import numpy as np
    >>> with forbidding(["numpy.rot90"]):
    ...     guarded(lambda k: np.rot90(k, 2), np.eye(2))
    Traceback (most recent call last):
    ...
    course_utils.checks.framework.Refused: your function called np.rot90, which this exercise refuses: this exercise asks you to write that part yourself.
    >>> with forbidding(["numpy.rot90"]):
    ...     guarded(lambda k: k[::-1, ::-1], np.eye(2)[:, :1])
    array([[0.],
           [1.]])
    """  # noqa: E501
    rules = _CURRENT.get()
    if rules is None:
        return function(*args, **kwargs)
    run = _Run()
    by_code, by_id = rules.by_code, rules.by_id

    def hook(frame, event, arg):
        if event == "call":
            name = by_code.get(id(frame.f_code))
        elif event == "c_call":
            name = by_id.get(id(arg))
        else:
            return
        if name is not None:
            run.trip(name)

    previous = sys.getprofile()
    _RUNNING.append(run)
    try:
        sys.setprofile(hook)
        try:
            result = function(*args, **kwargs)
        finally:
            sys.setprofile(previous)
    except ForbiddenCall:
        result = None
    except Exception:
        if not run.ran:
            raise
        result = None
    finally:
        _RUNNING.pop()
    if run.ran:
        raise Refused(tr("your function called {name}, which this exercise refuses: "
                         "{advice}", name=run.ran[0], advice=translate(rules.forbid.advice)))
    return result
