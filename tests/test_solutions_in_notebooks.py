"""The worked solutions in the notebooks are the exercises' own solutions, and hidden.

Each exercise keeps its worked solution once, in ``course_utils/checks/solutions/nbNN.py``
(the full edition's only copy, read by ``Exercise.solution_text``: what ``solution()`` prints
and what ``tests/test_checks.py`` executes). A notebook shows it in a
code cell tagged ``solution``, collapsed in JupyterLab, right after the learner's cell.
These tests keep the two from drifting apart and keep every solution out of sight until
the learner opens it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from conftest import COURSE_NOTEBOOKS, ROOT

from course_utils import checks
from course_utils.checks import exercises

NOTEBOOKS = COURSE_NOTEBOOKS


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _solution_cells(path: Path) -> list[dict]:
    return [cell for cell in _cells(path)
            if "solution" in cell.get("metadata", {}).get("tags", [])]


def _module_of(path: Path):
    return getattr(checks, f"nb{path.name[:2]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_solution_cell_is_collapsed_code(path):
    for cell in _solution_cells(path):
        hidden = cell.get("metadata", {}).get("jupyter", {})
        assert cell["cell_type"] == "code", f"{path.name}: a solution cell must be code"
        assert hidden.get("source_hidden") and hidden.get("outputs_hidden"), (
            f"{path.name}: solution cell {cell.get('id')} must be collapsed "
            "(metadata.jupyter.source_hidden and outputs_hidden)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_solution_cells_hold_the_exercises_own_solutions(path):
    """Once a notebook shows its solutions in tagged cells, every exercise's solution text
    stands verbatim in one of them, right after a cell that checks the same exercise."""
    cells = _cells(path)
    module = _module_of(path)
    for name, exercise in exercises(module).items():
        text = exercise.solution_text.strip()
        holders = [i for i, c in enumerate(cells)
                   if "solution" in c.get("metadata", {}).get("tags", [])
                   and text in _source(c)]
        assert holders, f"{path.name}: no solution cell holds {module.__name__}.{name}'s solution"
        call = f".{name}.check("
        before = [i for i, c in enumerate(cells[:holders[0]])
                  if c["cell_type"] == "code" and call in _source(c)
                  and "solution" not in c.get("metadata", {}).get("tags", [])]
        assert before, (f"{path.name}: the solution of {name} must follow the learner's own "
                        f"cell that calls {name}.check(...)")


def test_the_check_modules_hold_no_solution_text():
    """The worked solutions live once, in course_utils/checks/solutions/nbNN.py (which the
    learner wheel leaves out): no exercise of a check module gives its own."""
    for path in sorted((ROOT / "course_utils" / "checks").glob("nb[0-9][0-9].py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Exercise":
                assert len(node.args) <= 2 and all(k.arg == "forbid" for k in node.keywords), (
                    f"{path.name}, line {node.lineno}: an Exercise with its solution text; "
                    f"move it to course_utils/checks/solutions/{path.name} (a string named "
                    "after the exercise)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_exercise_has_its_stored_solution(path):
    for name, exercise in exercises(_module_of(path)).items():
        assert isinstance(exercise.solution_text, str) and "answer" in exercise.solution_text, (
            f"course_utils/checks/solutions/nb{path.name[:2]}.py has no solution {name}")
