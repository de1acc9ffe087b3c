"""At least 60% of the course's exercises ask the learner for a function (issue 19 §8,
issue 20: "Learners write functions").

An exercise asks for a function when its check is given a callable: handed anything else,
the check refuses it with ``not_own_function``'s message ("your answer should be a function
..."). That is read off each check, not off a list; the notebooks agree: the learner's cell
of such an exercise defines a function with ``...`` as its body and hands it to the check,
and its worked solution sets ``answer`` to a function it defines.
"""

from __future__ import annotations

import ast
import json

import pytest
from conftest import COURSE_NOTEBOOKS
from test_checks import EXERCISES, FUNCTION_EXERCISES, NAMES

#: The function exercises per notebook, and the course's total, as they stand: a change
#: to either is a change of the course, to be made here on purpose.
FUNCTIONS_PER_NOTEBOOK = {"nb01": 3, "nb02": 3, "nb03": 3, "nb04": 6, "nb05": 1, "nb06": 3,
                          "nb07": 5, "nb08": 3}
EXERCISES_IN_ALL = 44



class _NotAFunction:
    """An answer that is nothing a value exercise could want, and not callable."""


def asks_for_a_function(name: str) -> bool:
    result = EXERCISES[name].check(_NotAFunction())
    return not result.ok and result.message.startswith("your answer should be a function")


def _learner_cell(notebook: str, question: str) -> str:
    path = next(p for p in COURSE_NOTEBOOKS if p.name.startswith(notebook[2:]))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code" and f"{notebook}.{question}.check(" in source \
                and "solution" not in tags:
            return source
    raise AssertionError(f"no learner's cell checks {notebook}.{question}")


def _stub_passed_to_the_check(source: str, call: str) -> bool:
    """Whether the cell defines a function whose body is ``...`` (after its docstring) and
    hands that function to the check."""
    tree = ast.parse(source)
    stubs = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
             and isinstance(node.body[-1], ast.Expr)
             and isinstance(node.body[-1].value, ast.Constant)
             and node.body[-1].value.value is Ellipsis}
    last = tree.body[-1]
    return (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and ast.unparse(last.value.func) == call and len(last.value.args) == 1
            and isinstance(last.value.args[0], ast.Name) and last.value.args[0].id in stubs)


def _solution_answers_a_function(text: str) -> bool:
    tree = ast.parse(text)
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return any(isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "answer"
               and isinstance(node.value, ast.Name) and node.value.id in defined
               for node in tree.body)


def test_at_least_60_percent_of_the_exercises_ask_for_a_function():
    functions = [name for name in NAMES if asks_for_a_function(name)]
    share = len(functions) / len(NAMES)
    print(f"function exercises: {len(functions)} of {len(NAMES)} ({share:.0%})")
    assert len(NAMES) == EXERCISES_IN_ALL
    assert share >= 0.60, f"{len(functions)} of {len(NAMES)}: {share:.0%}"
    per_notebook = {notebook: sum(name.startswith(notebook) for name in functions)
                    for notebook in FUNCTIONS_PER_NOTEBOOK}
    assert per_notebook == FUNCTIONS_PER_NOTEBOOK
    assert len(functions) == sum(FUNCTIONS_PER_NOTEBOOK.values())
    assert sorted(functions) == sorted(FUNCTION_EXERCISES)   # the harness's own list


@pytest.mark.parametrize("name", NAMES)
def test_the_notebook_and_the_solution_agree_with_the_check(name):
    notebook, question = name.split(".")
    function = asks_for_a_function(name)
    cell = _learner_cell(notebook, question)
    stub = _stub_passed_to_the_check(cell, f"{notebook}.{question}.check")
    assert stub == function, name
    assert _solution_answers_a_function(EXERCISES[name].solution_text) == function, name
