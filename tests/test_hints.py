"""Every exercise's hints come in three steps and none gives the answer (issue 19 §5).

The three steps: a nudge (an idea, no place and no code), then where to look ("Look
at ..." a section, a formula or a function of the course), then a skeleton ("Skeleton:"
the shape of the code with the learner's part left as <...>). No hint holds the value
of the worked solution's answer: not a number of it, not a row of its array, not one
of its names.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_checks import EXERCISES, NAMES, solve


@pytest.mark.parametrize("name", NAMES)
def test_three_hints_a_nudge_where_to_look_and_a_skeleton(name):
    hints = EXERCISES[name].hints
    assert len(hints) == 3, f"{name} has {len(hints)} hints"
    nudge, where, skeleton = hints
    assert not nudge.startswith(("Look at", "Skeleton")), name
    assert where.startswith("Look at "), f"{name}: the second hint says where to look"
    assert skeleton.startswith("Skeleton: "), f"{name}: the third hint is a skeleton"
    assert len(set(hints)) == 3, name


def _number_tokens(text: str) -> set[str]:
    """The numbers written in a text, as they are written ('85', '-139', '21.54')."""
    return set(re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])", text))


def _whole(value) -> bool:
    return float(value) == round(float(value))


def _value_texts(value) -> set[str]:
    """How a hint could write ``value`` (a number): as an integer, or with 1 to 3 decimals."""
    value = float(value)
    if _whole(value):
        return {str(int(round(value)))}
    return {f"{value:.{d}f}" for d in (1, 2, 3)}


def leaks(answer, hint: str) -> str | None:
    """What of ``answer`` the ``hint`` gives away, or None.

    Numbers of two digits or more are looked for as written numbers (single digits
    are everywhere in hints: '(M - 1) // 2'); tuples also as a whole; arrays row by
    row and by their larger entries; sets of names by any of their names.
    """
    tokens = _number_tokens(hint)
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, (int, float, np.integer, np.floating)):
        if abs(float(answer)) >= 10 or not _whole(answer):
            found = _value_texts(answer) & tokens
            return f"the value {found}" if found else None
        return None
    if isinstance(answer, tuple):
        if str(answer) in hint or str(answer).replace(" ", "") in hint.replace(" ", ""):
            return f"the tuple {answer}"
        for part in answer:
            found = leaks(part, hint)
            if found:
                return found
        return None
    if isinstance(answer, (set, frozenset)):
        named = sorted(n for n in answer if re.search(rf"\b{re.escape(str(n))}\b", hint))
        return f"the names {named}" if named else None
    if isinstance(answer, np.ndarray) and 0 < answer.size <= 100:
        array = np.atleast_2d(answer)
        whole = bool(np.all(array == np.round(array)))
        for row in array:
            texts = [str(int(v)) if whole else f"{v:.2f}" for v in row]
            if len(texts) > 1 and len(set(texts)) > 1:
                for separator in (", ", " ", ","):
                    if separator.join(texts) in hint:
                        return f"the row {texts}"
        for value in array.flat:
            if abs(value) >= 10 and (_value_texts(value) & tokens):
                return f"the entry {value}"
    return None


def test_the_leak_detector_finds_planted_answers():
    assert leaks(85, "Then take int(): you get 85.") == "the value {'85'}"
    assert leaks(85, "Add the 9 pixels, then 185 is not it.") is None
    assert leaks(21.539, "about 21.54") and leaks(21.539, "it is 21.5") and not leaks(21.539, "2")
    assert leaks((492, 492), "answer = (492, 492)") and leaks((1, 3), "Skeleton: (1,3)")
    assert not leaks((1, 3), "(M - 1) // 2 rows, 3 columns")
    assert leaks({"ridge", "gaussian"}, "the gaussian is symmetric")
    assert not leaks({"ridge"}, "no names here")
    products = np.array([[0, -139, 0], [-26, 1260, -196], [0, -230, 0]])
    assert leaks(products, "the centre product is 1260")
    assert leaks(np.array([2, 9, 5, 9, 2]), "answer [2, 9, 5, 9, 2]")
    assert not leaks(np.array([2, 9, 5, 9, 2]), "pad the row [5, 9, 2, 7, 3]")


@pytest.mark.parametrize("name", NAMES)
def test_no_hint_gives_the_answer(name):
    answer = solve(name)
    for number, hint in enumerate(EXERCISES[name].hints, 1):
        found = leaks(answer, hint)
        assert found is None, f"{name} hint {number} gives away {found}: {hint}"


def test_no_skeleton_is_the_worked_solution():
    """A skeleton leaves the learner's part open: at least one <...> gap, or prose."""
    for name, exercise in EXERCISES.items():
        skeleton = exercise.hints[2]
        assert "<" in skeleton or "..." in skeleton or "=" not in skeleton, name
        code = [line.split("#")[0].strip() for line in exercise.solution_text.splitlines()]
        # Unpacking an argument (rows, cols = shape; C, H, W = a.shape) is no answer.
        work = [line for line in code if not line.startswith("def ")
                and not re.fullmatch(r"[\w, ]+ = [\w.]+", line)]
        assert not any(len(line) > 12 and line in skeleton for line in work), name
