"""Exercise checks: tell a learner whether an answer is right, and what is off,
without printing the answer.

Each exercise of a notebook is an :class:`Exercise` with ``check(answer)``,
``hint()`` and ``solution()`` (the way Kaggle's learntools does it). The notebooks
import them by notebook, e.g. ``from course_utils.checks import nb01`` and then
``nb01.q1.check(my_answer)``.

The right answer is never a stored constant: each exercise computes it from the
course's own functions, so the check and the lesson cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable

import numpy as np

__all__ = ["Exercise", "CheckResult", "compare_arrays", "compare_numbers"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``ok`` and a message for the learner."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("Correct! " if self.ok else "Not yet: ") + self.message


def compare_numbers(answer, expected: float, what: str = "your answer",
                    atol: float = 1e-6) -> CheckResult:
    """Compare a number without revealing the expected one.

    Examples
    --------
    >>> compare_numbers(132, 132)
    Correct! your answer is right.
    >>> compare_numbers(131, 132)
    Not yet: your answer is too small.
    >>> compare_numbers("132", 132)
    Not yet: your answer should be a number, got str.
    """
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.number)):
        return CheckResult(False, f"{what} should be a number, got {type(answer).__name__}.")
    if not np.isfinite(answer):
        return CheckResult(False, f"{what} should be a finite number, got {answer}.")
    if abs(float(answer) - float(expected)) <= atol:
        return CheckResult(True, f"{what} is right.")
    side = "too large" if answer > expected else "too small"
    return CheckResult(False, f"{what} is {side}.")


def compare_arrays(answer, expected, what: str = "your array",
                   atol: float = 1e-6) -> CheckResult:
    """Compare an array without revealing the expected one: shape first, then values.

    Examples
    --------
    >>> compare_arrays(np.zeros((2, 2)), np.eye(2))
    Not yet: your array differs in 2 of 4 entries (largest difference 1).
    >>> compare_arrays(np.zeros(3), np.zeros((3, 1)))
    Not yet: your array has shape (3,), it should have shape (3, 1).
    >>> compare_arrays(np.eye(2)[::-1], np.eye(2)[:, ::-1])
    Correct! your array is right.
    """
    if answer is None:
        return CheckResult(False, f"{what} is None: did you forget to return or assign it?")
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return CheckResult(False, f"{what} should be an array of numbers.")
    expected = np.asarray(expected, dtype=np.float64)
    if answer.shape != expected.shape:
        return CheckResult(False, f"{what} has shape {answer.shape}, it should have shape "
                                  f"{expected.shape}.")
    wrong = ~np.isclose(answer, expected, atol=atol, rtol=0)
    if not wrong.any():
        return CheckResult(True, f"{what} is right.")
    largest = float(np.max(np.abs(answer - expected)[wrong]))
    return CheckResult(False, f"{what} differs in {int(wrong.sum())} of {wrong.size} entries "
                              f"(largest difference {largest:.3g}).")


@dataclass
class Exercise:
    """One exercise: a checker, a hint and a worked solution.

    Parameters
    ----------
    prompt : str
        What the learner is asked (shown by ``repr``).
    checker : callable
        ``checker(answer) -> CheckResult``; computes the right answer itself.
    hint_text : str
        A nudge that does not give the answer away.
    solution_text : str
        The worked solution as code, printed by ``solution()``.

    Examples
    --------
    >>> q = Exercise("What is 2 + 2?", lambda a: compare_numbers(a, 2 + 2),
    ...              "Count on your fingers.", "answer = 2 + 2")
    >>> q.check(5)
    Not yet: your answer is too large.
    >>> q.check(4)
    Correct! your answer is right.
    """

    prompt: str
    checker: Callable[[Any], CheckResult]
    hint_text: str
    solution_text: str
    attempts: int = field(default=0, init=False)

    def check(self, answer) -> CheckResult:
        """Check an answer; the message says what is off without giving the answer."""
        self.attempts += 1
        return self.checker(answer)

    def hint(self) -> None:
        """Print a hint."""
        print("Hint:", self.hint_text)

    def solution(self) -> None:
        """Print the worked solution."""
        print(self.solution_text)

    def __repr__(self) -> str:
        return f"Exercise: {self.prompt}"


def exercises(**questions: Exercise) -> SimpleNamespace:
    """Group a notebook's exercises: ``nb01 = exercises(q1=..., q2=...)``."""
    return SimpleNamespace(**questions)


# ---------------------------------------------------------------------------
# The exercises of each notebook follow, one section per notebook, in order.
# Each section defines ``nbNN = exercises(q1=Exercise(...), ...)``.
# ---------------------------------------------------------------------------

# === nb01 ===

# === nb02 ===

# === nb03 ===

# === nb04 ===

# === nb05 ===

# === nb06 ===

# === nb07 ===
