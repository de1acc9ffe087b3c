"""The exercise framework: :class:`CheckResult`, :class:`Exercise` (check, stepped hints,
solution) and :func:`exercises`, which lists the exercises of a notebook's module.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from ..i18n import N_, tr, translate

__all__ = ["CheckResult", "Exercise", "Refused", "describe_error", "exercises",
           "is_learner_edition", "stored_solution", "LEARNER_SOLUTION_MESSAGE",
           "UNREADABLE"]

#: What ``solution()`` prints in the learner edition instead of the worked solution.
LEARNER_SOLUTION_MESSAGE = N_("The worked solution is not part of the learner edition: "
                              "ask your instructor.")

#: The start of the message of a check that failed to read an answer for a reason no
#: comparison helper foresaw (the tests make sure no answer they try ends up here).
UNREADABLE = "the check could not read your answer"
_UNREADABLE_MESSAGE = N_("the check could not read your answer ({error}).")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``ok`` and a message for the learner.

    It prints as the learner should read it, and is true when the answer is right.

    Examples
    --------
    >>> result = CheckResult(False, "your answer is too small.")
    >>> result
    Not yet: Your answer is too small.
    >>> bool(result), bool(CheckResult(True, "your answer is right."))
    (False, True)
    """

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        message = self.message[:1].upper() + self.message[1:]
        return translate(N_("Correct! ") if self.ok else N_("Not yet: ")) + message


class Refused(Exception):
    """Raised by a reading helper when an answer is of a kind the check cannot accept.

    :meth:`Exercise.check` (and each comparison helper) turns it into its failed
    :class:`CheckResult`, so a checker can read an answer in one line.

    Examples
    --------
    >>> Refused("your answer should be a number, got str.").result
    Not yet: Your answer should be a number, got str.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.result = CheckResult(False, message)


def is_learner_edition(folder: str | os.PathLike | None = None,
                       environ: Mapping[str, str] | None = None) -> bool:
    """True in the learner edition: ``COURSE_EDITION=learner`` in the environment, or a
    file ``.learner-edition`` in ``folder`` (default: the current one) or its two parents.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as top:
    ...     deep = Path(top, "a", "b", "c")
    ...     deep.mkdir(parents=True)
    ...     before = is_learner_edition(deep.parent, environ={})
    ...     Path(top, ".learner-edition").touch()
    ...     [before, is_learner_edition(deep.parent, environ={}),
    ...      is_learner_edition(deep, environ={})]
    [False, True, False]
    >>> is_learner_edition("/", environ={"COURSE_EDITION": "learner"})
    True
    """
    environ = os.environ if environ is None else environ
    if environ.get("COURSE_EDITION") == "learner":
        return True
    here = (Path.cwd() if folder is None else Path(folder)).absolute()
    return any((place / ".learner-edition").is_file()
               for place in (here, *list(here.parents)[:2]))


class Exercise:
    """One exercise: a checker, hints given one at a time, and a worked solution.

    The prompt is in the notebook, above the learner's cell.

    Parameters
    ----------
    checker : callable
        ``checker(answer) -> CheckResult``; computes the right answer itself. It may
        raise :class:`Refused` to turn an answer away.
    hints : str or sequence of str
        Nudges that do not give the answer away; each ``hint()`` prints the next one,
        and the last one again once all have been shown.
    solution : str, optional
        The worked solution as code that sets ``answer``, printed by ``solution()``.
        The course's exercises give none: theirs live only in the full edition, in
        ``course_utils.checks.solutions.nbNN`` (its string ``qK``), read when first
        asked for, so that a package without that folder (the learner wheel) holds none.
    forbid : Forbid, optional
        What the learner's function may not call: a
        :class:`~course_utils.checks.guard.Forbid` (dotted names such as ``"numpy.pad"``
        and advice). It is the context of every check (``with forbid:``): while the check
        runs the learner's function, those functions are refused however they are
        reached, and the refusal names the one that ran (see
        :mod:`course_utils.checks.guard`, which imports this module, not the reverse).

    Examples
    --------
    >>> q = Exercise(lambda a: CheckResult(a == 4, "your answer is checked."),
    ...              ["Count on your fingers.", "Two and two."], "answer = 2 + 2")
    >>> q.check(5)
    Not yet: Your answer is checked.
    >>> q.hint(); q.hint(); q.hint()
    Hint 1 of 2: Count on your fingers.
    Hint 2 of 2: Two and two.
    Hint 2 of 2: Two and two.
    """

    def __init__(self, checker: Callable[[Any], CheckResult], hints: str | Sequence[str],
                 solution: str | None = None, forbid=None):
        self.checker = checker
        if forbid is not None and not (hasattr(forbid, "__enter__")
                                       and hasattr(forbid, "__exit__")):
            raise TypeError(f"forbid must be a guard.Forbid, got {type(forbid).__name__}")
        self.forbid = forbid
        self.hints = (hints,) if isinstance(hints, str) else tuple(hints)
        if not self.hints or not all(isinstance(hint, str) and hint for hint in self.hints):
            raise ValueError(f"hints must be one text or a list of texts, got {hints!r}")
        self._solution_text = solution
        self._hints_given = 0

    @property
    def name(self) -> str:
        """``nbNN.qK``, read off the checker ``_check_qK`` of module ``nbNN``."""
        module = getattr(self.checker, "__module__", "") or ""
        question = getattr(self.checker, "__name__", "").removeprefix("_check_")
        return f"{module.rsplit('.', 1)[-1]}.{question}"

    def check(self, answer) -> CheckResult:
        """Check an answer; the message says what is off without giving the answer.

        It never raises: an answer the checker cannot read gets a failed result. While
        the learner's function runs, what the exercise forbids is unavailable.
        """
        try:
            with self.forbid if self.forbid is not None else contextlib.nullcontext():
                return self.checker(answer)
        except Refused as refusal:
            return refusal.result
        except Exception as error:  # the learner sees a message, never a traceback
            return CheckResult(False, translate(_UNREADABLE_MESSAGE).format(
                error=describe_error(error)))

    def hint(self) -> None:
        """Print the next hint (the last one again once all have been shown)."""
        index = min(self._hints_given, len(self.hints) - 1)
        self._hints_given += 1
        text = translate(self.hints[index])
        label = tr("Hint:") if len(self.hints) == 1 else tr(
            "Hint {number} of {count}:", number=index + 1, count=len(self.hints))
        # a full-width colon (Chinese) needs no space after it
        print(label + ("" if label.endswith("：") else " ") + text)

    @property
    def solution_text(self) -> str | None:
        """The worked solution, or None where the package holds none (the learner wheel).

        Given to the constructor, or read from ``course_utils.checks.solutions.nbNN``.
        """
        if self._solution_text is None:
            self._solution_text = stored_solution(self.name)
        return self._solution_text

    def solution(self) -> None:
        """Print the worked solution (in the learner edition, or where the package holds
        no solutions: whom to ask)."""
        text = None if is_learner_edition() else self.solution_text
        print(translate(LEARNER_SOLUTION_MESSAGE) if text is None else text)

    def __repr__(self) -> str:
        return f"Exercise {self.name}: check(answer), hint(), solution()"


def stored_solution(name: str) -> str | None:
    """The worked solution of exercise ``name`` (``"nbNN.qK"``) from the full edition's
    ``course_utils.checks.solutions``, or None when the package has no such folder (the
    learner wheel is built without it) or no solution of that name.

    Examples
    --------
    >>> "answer" in stored_solution("nb01.q3")  # the code that sets answer
    True
    >>> stored_solution("nb01.q99") is None
    True
    """
    module, _, question = name.partition(".")
    try:
        stored = importlib.import_module(f"{__package__}.solutions.{module}")
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith(f"{__package__}.solutions"):
            raise
        return None
    text = getattr(stored, question, None) if question.startswith("q") else None
    return text if isinstance(text, str) else None


def describe_error(error: BaseException, limit: int = 200) -> str:
    """``"Type: text"`` for an exception, shortened, even when its ``str`` fails.

    Examples
    --------
    >>> describe_error(IndexError("index 9 is out of bounds"))
    'IndexError: index 9 is out of bounds'
    """
    try:
        text = str(error)
    except Exception:  # an exception whose text cannot be made
        text = ""
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def exercises(module: ModuleType) -> dict[str, Exercise]:
    """The exercises of a notebook's module, by name in order: ``{"q1": ..., ...}``.

    Examples
    --------
    >>> from course_utils.checks import nb07
    >>> list(exercises(nb07))
    ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']
    """
    found = [(name, value) for name, value in vars(module).items()
             if isinstance(value, Exercise)]
    number = lambda item: int(item[0][1:]) if item[0][1:].isdigit() else 0  # noqa: E731
    return dict(sorted(found, key=number))   # by number, whatever the order of definition
